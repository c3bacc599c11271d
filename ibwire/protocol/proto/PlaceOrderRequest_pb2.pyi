from ibwire.protocol.proto import Contract_pb2 as _Contract_pb2
from ibwire.protocol.proto import Order_pb2 as _Order_pb2
from ibwire.protocol.proto import AttachedOrders_pb2 as _AttachedOrders_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PlaceOrderRequest(_message.Message):
    __slots__ = ("orderId", "contract", "order", "attachedOrders")
    ORDERID_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    ATTACHEDORDERS_FIELD_NUMBER: _ClassVar[int]
    orderId: int
    contract: _Contract_pb2.Contract
    order: _Order_pb2.Order
    attachedOrders: _AttachedOrders_pb2.AttachedOrders
    def __init__(self, orderId: _Optional[int] = ..., contract: _Optional[_Union[_Contract_pb2.Contract, _Mapping]] = ..., order: _Optional[_Union[_Order_pb2.Order, _Mapping]] = ..., attachedOrders: _Optional[_Union[_AttachedOrders_pb2.AttachedOrders, _Mapping]] = ...) -> None: ...
