"""Request encoders: one function per request kind, each returning a whole frame.

Every encoder takes the negotiated server version first and the request's
arguments after, and either returns the complete frame or raises
:class:`~ibwire.protocol.fields.ClientException` (a refusal such as 503
"upgrade TWS") or ``ValueError``/``TypeError`` for bad user input, before any
byte is produced. The client maps those to ``error`` callbacks exactly as the
official client does; :data:`FAIL_CODES` tells which "sending error" code each
request reports.

From the version in :data:`~ibwire.protocol.ids.PROTOBUF_SINCE` on, a request
goes in protobuf form; the schema lives in ``ibwire/protocol/proto``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from google.protobuf.message import Message

from . import versions as v
from ..model.const import UNSET_INTEGER
from .errors import (
    FAIL_SEND_CORDER,
    FAIL_SEND_OORDER,
    FAIL_SEND_REQCURRTIME,
    FAIL_SEND_REQCURRTIMEINMILLIS,
    FAIL_SEND_STARTAPI,
    UPDATE_TWS,
    CodeMsgPair,
)
from .fields import ClientException, field
from .framing import frame
from .ids import OUT, PROTOBUF_MSG_ID, request_uses_protobuf
from .proto import (
    CurrentTimeInMillisRequest_pb2,
    CurrentTimeRequest_pb2,
    IdsRequest_pb2,
    ManagedAccountsRequest_pb2,
    StartApiRequest_pb2,
)

Encoder = Callable[..., bytes]


def text_frame(msg_id: int, payload: str, server_version: int) -> bytes:
    """A text request: the id (raw from 201, else a field) and its fields."""
    if server_version >= v.MIN_SERVER_VER_PROTOBUF:
        return frame(msg_id.to_bytes(4, "big") + payload.encode())
    return frame(f"{msg_id}\0{payload}".encode())


def proto_frame(msg_id: int, message: Message) -> bytes:
    """A protobuf request: raw id + 200, then the serialized message."""
    return frame((msg_id + PROTOBUF_MSG_ID).to_bytes(4, "big") + message.SerializeToString())


def too_old(what: str, req_id: int = -1) -> ClientException:
    """The 503 refusal for a feature the connected server lacks."""
    return ClientException(UPDATE_TWS.code(), UPDATE_TWS.msg(), what, req_id)


def _set_int(message: Any, name: str, value: int) -> None:
    # protobuf fields stay absent for "unset" ints, as the official client does
    if value != UNSET_INTEGER:
        setattr(message, name, value)


# --- connection-level requests ------------------------------------------------


def start_api(sv: int, client_id: int, optional_capabilities: str | None) -> bytes:
    if request_uses_protobuf(OUT.START_API, sv):
        m = StartApiRequest_pb2.StartApiRequest()
        _set_int(m, "clientId", client_id)
        if optional_capabilities:
            m.optionalCapabilities = optional_capabilities
        return proto_frame(OUT.START_API, m)
    payload = field(2) + field(client_id)
    if sv >= v.MIN_SERVER_VER_OPTIONAL_CAPABILITIES:
        payload += field(optional_capabilities if optional_capabilities is not None else "")
    return text_frame(OUT.START_API, payload, sv)


def req_current_time(sv: int) -> bytes:
    if request_uses_protobuf(OUT.REQ_CURRENT_TIME, sv):
        return proto_frame(OUT.REQ_CURRENT_TIME, CurrentTimeRequest_pb2.CurrentTimeRequest())
    return text_frame(OUT.REQ_CURRENT_TIME, field(1), sv)


def req_current_time_in_millis(sv: int) -> bytes:
    if request_uses_protobuf(OUT.REQ_CURRENT_TIME_IN_MILLIS, sv):
        return proto_frame(OUT.REQ_CURRENT_TIME_IN_MILLIS, CurrentTimeInMillisRequest_pb2.CurrentTimeInMillisRequest())
    if sv < v.MIN_SERVER_VER_CURRENT_TIME_IN_MILLIS:
        raise too_old(" It does not support current time in millis requests.")
    return text_frame(OUT.REQ_CURRENT_TIME_IN_MILLIS, "", sv)


def req_ids(sv: int, num_ids: int) -> bytes:
    if request_uses_protobuf(OUT.REQ_IDS, sv):
        m = IdsRequest_pb2.IdsRequest()
        _set_int(m, "numIds", num_ids)
        return proto_frame(OUT.REQ_IDS, m)
    return text_frame(OUT.REQ_IDS, field(1) + field(num_ids), sv)


def req_managed_accts(sv: int) -> bytes:
    if request_uses_protobuf(OUT.REQ_MANAGED_ACCTS, sv):
        return proto_frame(OUT.REQ_MANAGED_ACCTS, ManagedAccountsRequest_pb2.ManagedAccountsRequest())
    return text_frame(OUT.REQ_MANAGED_ACCTS, field(1), sv)


#: The "sending error" each request reports when encoding fails unexpectedly.
#: (Some are not what their names suggest; they are what the official client sends.)
FAIL_CODES: dict[Encoder, CodeMsgPair] = {
    start_api: FAIL_SEND_STARTAPI,
    req_current_time: FAIL_SEND_REQCURRTIME,
    req_current_time_in_millis: FAIL_SEND_REQCURRTIMEINMILLIS,
    req_ids: FAIL_SEND_CORDER,
    req_managed_accts: FAIL_SEND_OORDER,
}
