from ibwire.protocol.proto import Contract_pb2 as _Contract_pb2
from ibwire.protocol.proto import Order_pb2 as _Order_pb2
from ibwire.protocol.proto import OrderState_pb2 as _OrderState_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CompletedOrder(_message.Message):
    __slots__ = ("contract", "order", "orderState")
    CONTRACT_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    ORDERSTATE_FIELD_NUMBER: _ClassVar[int]
    contract: _Contract_pb2.Contract
    order: _Order_pb2.Order
    orderState: _OrderState_pb2.OrderState
    def __init__(self, contract: _Optional[_Union[_Contract_pb2.Contract, _Mapping]] = ..., order: _Optional[_Union[_Order_pb2.Order, _Mapping]] = ..., orderState: _Optional[_Union[_OrderState_pb2.OrderState, _Mapping]] = ...) -> None: ...
