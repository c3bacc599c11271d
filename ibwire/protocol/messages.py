"""Message decoders: frame fields in, ``(callback name, args)`` events out.

A decoder is built once per connection by :class:`Decoder` for the
negotiated server version, so version checks happen when the table is bound,
not per message. Each table entry is a factory ``server_version -> decode``;
adding a message kind is adding one entry to :data:`TEXT` or :data:`PROTO`.

Text decoders get the fields after the message id as a list of ``bytes``.
Protobuf decoders get the body. Both return a list of events, because one
message may fire several callbacks (a protobuf message fires its
``*ProtoBuf`` callback first, then the classic one).

Failures are :class:`DecodeError` with the official "bad message" code and
a text naming the message and the problem; a frame with text that is not
UTF-8 is still decoded (invalid bytes shown as ``\\xNN``, as the official
client does) and the error carries those events so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from google.protobuf.message import DecodeError as _ProtoDecodeError

from . import versions as v
from .errors import BAD_MESSAGE, UNKNOWN_ID
from .framing import FrameError, fields_start, split_frame
from .ids import IN
from .incoming import TEXT as INCOMING_TEXT
from .incoming import WITHDRAWN as WITHDRAWN_TEXT
from .incoming import WITHDRAWN_WRAP
from .incoming import WRAP, Event, NeedFields, TextDecode, _esc
from .incoming_pb import PROTO as INCOMING_PROTO
from .incoming_pb import WITHDRAWN as WITHDRAWN_PROTO
from .incoming_pb import AfterProto, ProtoDecode, bind_bodies
from .orders_in import completed_order, open_order
from .orders_pb import BODIES as ORDER_BODIES

__all__ = ["Event", "DecodeError", "Decoder", "TEXT", "PROTO", "message_name", "FIELD_CAP"]


class DecodeError(Exception):
    """A frame that could not be decoded as sent.

    ``code``/``text`` are what the ``error`` callback reports; ``events`` are
    whatever could still be delivered from the frame (usually none).
    """

    def __init__(self, code: int, text: str, events: list[Event] | None = None) -> None:
        super().__init__(f"{code}: {text}")
        self.code = code
        self.text = text
        self.events = events or []
        #: The frame ran out of fields (``None``: it failed otherwise); at least this many more were needed.
        self.short: int | None = None
        #: More than ``text`` says, for logs (the callback's text is the official client's).
        self.detail = ""


def message_name(msg_id: int) -> str:
    try:
        return IN(msg_id).name
    except ValueError:
        return "FUNDAMENTAL_DATA" if msg_id in WITHDRAWN_WRAP else "unknown"


# --- string decoding ------------------------------------------------------------
# From server 153 (ENCODE_MSG_ASCII7) TWS escapes non-ASCII text, and the
# official client decodes some fields with "unicode-escape"; which fields
# do is a fact of each message, so decoders pick one of these two.


def _utf8(b: bytes) -> str:
    return b.decode()


_escaped = _esc


def _count(fields: list[bytes], n: int, name: str) -> None:
    if len(fields) < n:
        raise IndexError(f"{name} needs {n} fields, got {len(fields)}")


# --- text decoders ----------------------------------------------------------------
# (the error message lives here; every other kind is in ``incoming``)


def _error(sv: int) -> TextDecode:
    has_time = sv >= v.MIN_SERVER_VER_ERROR_TIME
    has_json = sv >= v.MIN_SERVER_VER_ADVANCED_ORDER_REJECT
    msg_str = _escaped if sv >= v.MIN_SERVER_VER_ENCODE_MSG_ASCII7 else _utf8
    # before ERROR_TIME a version field leads the message
    base = 0 if has_time else 1
    need = base + 3 + has_json + has_time

    def dec(f: list[bytes]) -> list[Event]:
        _count(f, need, "error")
        if base:
            int(f[0] or 0)  # the version field: read (and so checked) as the official client reads it
        i = base
        req_id = int(f[i] or 0)
        code = int(f[i + 1] or 0)
        text = msg_str(f[i + 2])
        i += 3
        json = ""
        if has_json:
            json = _escaped(f[i])
            i += 1
        err_time = int(f[i] or 0) if has_time else 0
        return [("error", (req_id, err_time, code, text, json))]

    return dec


TEXT: dict[int, Callable[[int], TextDecode]] = {
    **INCOMING_TEXT,
    IN.ERR_MSG: _error,
    IN.OPEN_ORDER: open_order,
    IN.COMPLETED_ORDER: completed_order,
}


# --- protobuf decoders: see ``incoming_pb`` ---------------------------------------------

PROTO: dict[int, Callable[[int], ProtoDecode]] = {**INCOMING_PROTO, **bind_bodies(ORDER_BODIES)}


# --- the bound decoder ---------------------------------------------------------------

#: Fields of a text frame split at first (the compiled core's ``FIELD_CAP`` is this number). More than any message without repeated
#: groups holds, so a frame padded with millions of fields costs what a short one
#: does (the fields past it are never read, as the official client ignores them);
#: a message whose counts call for more is split again in full, once the frame is
#: known to hold them.
FIELD_CAP = 1024

#: How decoders fail on a frame that is not as the protocol says. Any other exception
#: is reported the same way (with its type): whatever a frame holds, the stream goes on.
_FAILURES = (IndexError, ValueError, TypeError, ArithmeticError, StopIteration)


class Decoder:
    """All decoders bound to one server version. ``decode(body)`` is the whole job.

    The reference decoder: the reader's compiled core (:mod:`._core.inbound`) takes the
    frequent messages itself and every other frame through :attr:`text`/:attr:`proto`,
    and hands :meth:`decode` each frame it could not take.
    """

    def __init__(self, server_version: int) -> None:
        self.server_version = server_version
        # (with the messages IB withdrew, which programs of older releases still ask for)
        self.text: dict[int, TextDecode] = {k: make(server_version) for k, make in (TEXT | WITHDRAWN_TEXT).items()}
        self.proto: dict[int, ProtoDecode] = {k: make(server_version) for k, make in (PROTO | WITHDRAWN_PROTO).items()}

    def _holds(self, body: bytes, n: int) -> bool:
        """Whether text frame ``body`` has at least ``n`` fields after its id (counted, not built)."""
        text_id = self.server_version < v.MIN_SERVER_VER_PROTOBUF
        return body.count(b"\0") - text_id >= n

    def decode(self, body: bytes) -> list[Event]:
        """Events of one frame body; raises :class:`DecodeError`."""
        sv = self.server_version
        try:
            msg_id, fields, proto = split_frame(body, sv, FIELD_CAP)
        except FrameError as e:
            raise DecodeError(BAD_MESSAGE.code(), f"{BAD_MESSAGE.msg()}: {e}") from None
        if msg_id == 0:
            return []  # "unset": the official client skips it without a word, in either form
        if fields is not None:
            tdec = self.text.get(msg_id)
            if tdec is None:
                raise _unknown(msg_id, "text")
            try:
                return self._text(msg_id, tdec, fields, body)
            except DecodeError as e:
                if e.short is None or len(fields) < FIELD_CAP or not self._holds(body, len(fields) + e.short):
                    raise
            # counts that call for more fields than split at first, and the frame holds them
            fields = split_frame(body, sv).fields
            assert fields is not None
            return self._text(msg_id, tdec, fields, body)
        pdec = self.proto.get(msg_id)
        if pdec is None:
            raise _unknown(msg_id, "protobuf")
        assert proto is not None
        try:
            return pdec(proto)
        except AfterProto as e:
            # the protobuf callback is still delivered, as the official client does
            err = _bad(msg_id, e.cause, proto, "protobuf ")
            err.events = e.events
            raise err from None
        except Exception as e:
            raise _bad(msg_id, e, proto, "protobuf ") from None

    def _text(self, msg_id: int, tdec: TextDecode, fields: list[bytes], body: bytes) -> list[Event]:
        try:
            return tdec(fields)
        except UnicodeDecodeError as e:
            return self._lenient(msg_id, tdec, fields, body, e)
        except Exception as e:
            raise _bad(msg_id, e, self._shown(body)) from None

    def _shown(self, body: bytes) -> bytes:
        """The start of a text frame's fields as the error report shows them (never the whole frame)."""
        start = fields_start(body, self.server_version)
        return body[start : max(start, min(start + _SHOWN, body.rfind(b"\0")))]

    def _lenient(self, msg_id: int, tdec: TextDecode, fields: list[bytes], body: bytes,
                 err: UnicodeDecodeError) -> list[Event]:
        # the official client falls back to Latin-1 for plain messages and
        # shows invalid bytes as \\xNN elsewhere; deliver exactly that
        if msg_id in WRAP or msg_id in WITHDRAWN_WRAP:
            fixed = [_utf8_or_latin1(f) for f in fields]
        else:
            fixed = [f.decode("utf-8", "backslashreplace").encode() for f in fields]
        try:
            events = tdec(fixed)
        except Exception as e:
            raise _bad(msg_id, e, self._shown(body)) from None
        raise DecodeError(
            BAD_MESSAGE.code(),
            f"{BAD_MESSAGE.msg()}: {message_name(msg_id)} (id {msg_id}): text is not UTF-8 ({err.reason} "
            f"at byte {err.start}); delivered as the official client decodes it",
            events,
        )


def _utf8_or_latin1(f: bytes) -> bytes:
    """A field as UTF-8: as it is if it is UTF-8, else read as Latin-1 (field by field, as the official client)."""
    try:
        f.decode()
        return f
    except UnicodeDecodeError:
        return f.decode("latin-1").encode()


#: Bytes of the frame an error report shows.
_SHOWN = 200


def _bad(msg_id: int, e: Exception, raw: bytes, form: str = "") -> DecodeError:
    problem = str(e) or type(e).__name__
    if isinstance(e, StopIteration) or type(e) is IndexError:
        problem = "too few fields"  # (a decoder reading by index runs out as one reading by iterator does)
    elif not isinstance(e, (*_FAILURES, _ProtoDecodeError)):
        problem = f"{type(e).__name__}: {problem}"
    shown = raw[:_SHOWN].decode("utf-8", "backslashreplace").replace("\0", ",")
    err = DecodeError(
        BAD_MESSAGE.code(),
        f"{BAD_MESSAGE.msg()}: {message_name(msg_id)} (id {msg_id}) {form}message: {problem}; data: {shown}",
    )
    if isinstance(e, (IndexError, StopIteration)):
        # ran out of fields: how many more it needed, when the decoder could tell
        err.short = e.short if isinstance(e, NeedFields) else 1
    return err


def _unknown(msg_id: int, form: str) -> DecodeError:
    # the callback gets the official client's text exactly; the id is in ``detail`` (for logs)
    err = DecodeError(UNKNOWN_ID.code(), UNKNOWN_ID.msg())
    err.detail = f"message id {msg_id} ({form} form) is not handled; skipped"
    return err
