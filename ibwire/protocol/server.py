"""The server side of the codec: what a gateway sends and how it reads requests.

Used by :mod:`ibwire.sim` and by tests. Messages are encoded in the form a
client at ``server_version`` expects: raw 4-byte ids from 201, text fields
before, and protobuf bodies for the kinds listed in :data:`PROTOBUF_MSG_SINCE`
(the simulator's choice of when a message kind goes as protobuf; the
official decoder accepts either form at any version >= 201).
"""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from . import versions as v
from .framing import Frame, frame, split_frame
from .ids import IN, PROTOBUF_MSG_ID
from .proto import CurrentTimeInMillis_pb2, CurrentTime_pb2, ErrorMessage_pb2, ManagedAccounts_pb2, NextValidId_pb2

__all__ = ["text_message", "proto_message", "read_request", "ServerEncoder", "PROTOBUF_MSG_SINCE"]


def text_message(server_version: int, msg_id: int, *fields: Any) -> bytes:
    """A text message frame; each field is written with ``str()`` (bools as 0/1)."""
    body = "".join(f"{int(f) if isinstance(f, bool) else f}\0" for f in fields).encode()
    if server_version >= v.MIN_SERVER_VER_PROTOBUF:
        return frame(msg_id.to_bytes(4, "big") + body)
    return frame(f"{msg_id}\0".encode() + body)


def proto_message(msg_id: int, message: Message) -> bytes:
    return frame((msg_id + PROTOBUF_MSG_ID).to_bytes(4, "big") + message.SerializeToString())


def read_request(body: bytes, server_version: int) -> Frame:
    """Split a request frame body: the request id and its fields or protobuf body."""
    return split_frame(body, server_version)


#: From which server version the simulator sends each kind as protobuf.
PROTOBUF_MSG_SINCE: dict[int, int] = {
    IN.ERR_MSG: v.MIN_SERVER_VER_PROTOBUF_REST_MESSAGES_3,
    IN.NEXT_VALID_ID: v.MIN_SERVER_VER_PROTOBUF_REST_MESSAGES_3,
    IN.MANAGED_ACCTS: v.MIN_SERVER_VER_PROTOBUF_ACCOUNTS_POSITIONS,
    IN.CURRENT_TIME: v.MIN_SERVER_VER_PROTOBUF_REST_MESSAGES_3,
    IN.CURRENT_TIME_IN_MILLIS: v.MIN_SERVER_VER_PROTOBUF_REST_MESSAGES_3,
}


class ServerEncoder:
    """Encoders of server messages bound to one negotiated version.

    ``protobuf``: ``None`` follows :data:`PROTOBUF_MSG_SINCE`; ``False`` sends
    every kind as text and ``True`` every kind as protobuf (from 201), to test
    clients on both paths.
    """

    def __init__(self, server_version: int, protobuf: bool | None = None) -> None:
        self.sv = server_version
        if server_version < v.MIN_SERVER_VER_PROTOBUF or protobuf is False:
            self._pb: set[int] = set()
        elif protobuf:
            self._pb = set(PROTOBUF_MSG_SINCE)
        else:
            self._pb = {k for k, since in PROTOBUF_MSG_SINCE.items() if server_version >= since}

    def uses_protobuf(self, msg_id: int) -> bool:
        return msg_id in self._pb

    def next_valid_id(self, order_id: int) -> bytes:
        if IN.NEXT_VALID_ID in self._pb:
            return proto_message(IN.NEXT_VALID_ID, NextValidId_pb2.NextValidId(orderId=order_id))
        return text_message(self.sv, IN.NEXT_VALID_ID, 1, order_id)

    def managed_accounts(self, accounts: str) -> bytes:
        if IN.MANAGED_ACCTS in self._pb:
            return proto_message(IN.MANAGED_ACCTS, ManagedAccounts_pb2.ManagedAccounts(accountsList=accounts))
        return text_message(self.sv, IN.MANAGED_ACCTS, 1, accounts)

    def current_time(self, seconds: int) -> bytes:
        if IN.CURRENT_TIME in self._pb:
            return proto_message(IN.CURRENT_TIME, CurrentTime_pb2.CurrentTime(currentTime=seconds))
        return text_message(self.sv, IN.CURRENT_TIME, 1, seconds)

    def current_time_in_millis(self, millis: int) -> bytes:
        if IN.CURRENT_TIME_IN_MILLIS in self._pb:
            return proto_message(
                IN.CURRENT_TIME_IN_MILLIS, CurrentTimeInMillis_pb2.CurrentTimeInMillis(currentTimeInMillis=millis)
            )
        return text_message(self.sv, IN.CURRENT_TIME_IN_MILLIS, millis)

    def error(self, req_id: int, code: int, text: str, json: str = "", when_ms: int = 0) -> bytes:
        if IN.ERR_MSG in self._pb:
            m = ErrorMessage_pb2.ErrorMessage(id=req_id, errorCode=code, errorMsg=text, errorTime=when_ms)
            if json:
                m.advancedOrderRejectJson = json
            return proto_message(IN.ERR_MSG, m)
        fields: list[Any] = [] if self.sv >= v.MIN_SERVER_VER_ERROR_TIME else [2]
        fields += [req_id, code, text]
        if self.sv >= v.MIN_SERVER_VER_ADVANCED_ORDER_REJECT:
            fields.append(json)
        if self.sv >= v.MIN_SERVER_VER_ERROR_TIME:
            fields.append(when_ms)
        return text_message(self.sv, IN.ERR_MSG, *fields)
