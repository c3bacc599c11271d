"""Length-prefixed frames: the outermost layer of the wire protocol.

Every message, in both directions, is a 4-byte big-endian length followed by
that many bytes. :class:`Framer` turns a stream of arbitrary chunks into
complete frame bodies; its cost is linear in the bytes fed, whatever the
chunking (a frame split at any byte, many frames per chunk, a 16 MiB frame in
4 KiB reads), because consumed bytes are dropped once per feed, not per frame.

:func:`split_frame` then reads the message id and body of one frame: before
server version 201 the id is the first NUL-terminated text field; from 201 it
is a raw 4-byte integer, and an id above 200 marks a protobuf body.
"""

from __future__ import annotations

from typing import NamedTuple

from ..model.const import MAX_MSG_LEN
from .ids import PROTOBUF_MSG_ID
from .versions import MIN_SERVER_VER_PROTOBUF

__all__ = ["FrameError", "FrameTooLarge", "Framer", "Frame", "frame", "split_frame", "fields_start"]


class FrameError(ValueError):
    """A frame that cannot be read; ``msg_id`` is known when the id itself was fine."""

    def __init__(self, text: str, msg_id: int | None = None) -> None:
        super().__init__(text)
        self.msg_id = msg_id


class FrameTooLarge(FrameError):
    """A length prefix over :data:`MAX_MSG_LEN`: the stream cannot be resynchronised."""

    def __init__(self, size: int) -> None:
        super().__init__(f"frame length {size} exceeds the maximum of {MAX_MSG_LEN}")
        self.size = size


def frame(body: bytes) -> bytes:
    """Prefix ``body`` with its length."""
    return len(body).to_bytes(4, "big") + body


class Framer:
    """Incremental frame splitter (sans-IO).

    ``feed(chunk)`` returns the bodies of every frame completed by ``chunk``.
    On a length prefix over the limit, ``feed`` still returns the frames
    completed before it and sets :attr:`error`; the rest of the stream has no
    frame boundaries, so any later feed raises that error. The oversize body
    is never allocated.
    """

    __slots__ = ("_buf", "_max", "_broken")

    def __init__(self, max_size: int = MAX_MSG_LEN) -> None:
        self._buf = bytearray()
        self._max = max_size
        self._broken: FrameTooLarge | None = None

    @property
    def error(self) -> FrameTooLarge | None:
        """The fatal framing error, once one was seen."""
        return self._broken

    @property
    def buffered(self) -> int:
        """Bytes held that do not yet form a complete frame."""
        return len(self._buf)

    def take_rest(self) -> bytes:
        """The bytes held (the start of a frame not yet whole), no longer held."""
        rest = bytes(self._buf)
        del self._buf[:]
        return rest

    def feed(self, data: bytes) -> list[bytes]:
        if self._broken is not None:
            raise self._broken
        buf = self._buf
        buf += data
        n = len(buf)
        pos = 0
        out: list[bytes] = []
        append = out.append
        while n - pos >= 4:
            size = int.from_bytes(buf[pos : pos + 4], "big")
            if size > self._max:
                self._broken = FrameTooLarge(size)
                del buf[:]
                return out
            end = pos + 4 + size
            if end > n:
                break
            append(bytes(buf[pos + 4 : end]))
            pos = end
        if pos:
            del buf[:pos]
        return out


class Frame(NamedTuple):
    """One decoded frame: its id and either text fields or a protobuf body."""

    msg_id: int
    fields: list[bytes] | None
    proto: bytes | None


def split_frame(body: bytes, server_version: int, max_fields: int = -1) -> Frame:
    """Read the id of one frame body and split the rest into fields.

    Text fields are NUL-terminated, so the piece after the last NUL is
    dropped, as the official reader does. With ``max_fields`` >= 0 at most
    that many fields are built and the rest of the frame is dropped unsplit
    (a frame holding exactly that many fields is not told apart: the caller
    splits again in full if it needs more).
    """
    if server_version >= MIN_SERVER_VER_PROTOBUF:
        if len(body) < 4:
            raise FrameError(f"frame of {len(body)} bytes is too short for a message id")
        msg_id = int.from_bytes(body[:4], "big")
        if msg_id > PROTOBUF_MSG_ID:
            return Frame(msg_id - PROTOBUF_MSG_ID, None, body[4:])
        parts = body[4:].split(b"\0", max_fields)
    else:
        end = body.find(b"\0")
        if end < 0:
            raise FrameError(f"frame without a message id field: {body[:40]!r}")
        head = body[:end]
        try:
            msg_id = int(head)
        except ValueError:
            raise FrameError(f"non-numeric message id {head[:40]!r}") from None
        parts = body[end + 1 :].split(b"\0", max_fields)
    parts.pop()
    return Frame(msg_id, parts, None)


def fields_start(body: bytes, server_version: int) -> int:
    """Offset of a text frame's first field after the message id (the length when there is none)."""
    if server_version >= MIN_SERVER_VER_PROTOBUF:
        return min(4, len(body))
    return body.find(b"\0") + 1 or len(body)
