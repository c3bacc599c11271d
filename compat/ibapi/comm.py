"""Low-level framing helpers with the official names (fields, frames)."""

from __future__ import annotations

import logging
import struct
import sys  # noqa: F401
from typing import Any

from ibwire.model.const import DOUBLE_INFINITY, INFINITY_STR, UNSET_DOUBLE, UNSET_INTEGER  # noqa: F401
from ibwire.protocol.errors import INVALID_SYMBOL  # noqa: F401
from ibwire.protocol.fields import ClientException, field, field_handle_empty  # noqa: F401
from ibwire.protocol.framing import frame

from .utils import isAsciiPrintable  # noqa: F401

logger = logging.getLogger(__name__)


def make_field(val: Any) -> str:
    """One NUL-terminated field (bools as 0/1); raises for ``None``."""
    return field(val)


def make_field_handle_empty(val: Any) -> str:
    """Like :func:`make_field`, with unset numbers as empty fields."""
    return field_handle_empty(val)


def make_msg(*args: Any, msgId: Any = None, useRawIntMsgId: Any = None, text: Any = None) -> bytes:
    """A frame: 4-byte big-endian length, then the message. ``make_msg(text)`` (9.x-10.3x: the text holds the
    message id) or ``make_msg(msgId, useRawIntMsgId, text)`` (10.37+: the id as a field, or as 4 bytes)."""
    given = [*args, *(v for v in (msgId, useRawIntMsgId, text) if v is not None)]
    if len(given) == 1:
        return frame(given[0].encode())
    if len(given) != 3:
        raise TypeError("make_msg takes (text) or (msgId, useRawIntMsgId, text)")
    mid, raw, body = given
    head = struct.pack("!I", int(mid)) if raw else field(mid).encode()
    return frame(head + body.encode())


def make_msg_proto(msgId: int, protobufData: bytes) -> bytes:
    return frame(struct.pack("!I", msgId) + protobufData)


def make_initial_msg(text: str) -> bytes:
    return make_msg(text)


def read_msg(buf: bytes) -> tuple[int, bytes, bytes]:
    """``(size, body, rest)``; ``(0, b"", buf)`` when no whole frame is there yet."""
    if len(buf) < 4:
        return 0, b"", buf
    size = struct.unpack("!I", buf[:4])[0]
    if len(buf) - 4 >= size:
        return size, buf[4:4 + size], buf[4 + size:]
    return size, b"", buf


def read_fields(buf: bytes) -> tuple[bytes, ...]:
    if isinstance(buf, str):
        buf = buf.encode()
    return tuple(buf.split(b"\0")[:-1])
