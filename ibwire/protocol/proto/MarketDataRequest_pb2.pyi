from ibwire.protocol.proto import Contract_pb2 as _Contract_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MarketDataRequest(_message.Message):
    __slots__ = ("reqId", "contract", "genericTickList", "snapshot", "regulatorySnapshot", "marketDataOptions")
    class MarketDataOptionsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    REQID_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_FIELD_NUMBER: _ClassVar[int]
    GENERICTICKLIST_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    REGULATORYSNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    MARKETDATAOPTIONS_FIELD_NUMBER: _ClassVar[int]
    reqId: int
    contract: _Contract_pb2.Contract
    genericTickList: str
    snapshot: bool
    regulatorySnapshot: bool
    marketDataOptions: _containers.ScalarMap[str, str]
    def __init__(self, reqId: _Optional[int] = ..., contract: _Optional[_Union[_Contract_pb2.Contract, _Mapping]] = ..., genericTickList: _Optional[str] = ..., snapshot: bool = ..., regulatorySnapshot: bool = ..., marketDataOptions: _Optional[_Mapping[str, str]] = ...) -> None: ...
