from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class IdsRequest(_message.Message):
    __slots__ = ("numIds",)
    NUMIDS_FIELD_NUMBER: _ClassVar[int]
    numIds: int
    def __init__(self, numIds: _Optional[int] = ...) -> None: ...
