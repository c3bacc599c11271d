"""The text field codec: values to NUL-terminated fields and back.

Encoding follows the official client exactly (``str(value)``, booleans as
``0``/``1``, "unset" sentinels as empty fields where the request asks for it,
infinity as ``Infinity``) because the server parses what it is sent
byte for byte. Only printable ASCII (plus tab, CR, LF) may be sent.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from ..model.const import DOUBLE_INFINITY, INFINITY_STR, UNSET_DECIMAL, UNSET_DOUBLE, UNSET_INTEGER
from .errors import INVALID_SYMBOL

__all__ = [
    "ClientException",
    "is_ascii_printable",
    "field",
    "field_handle_empty",
    "dec_decimal",
    "dec_bool",
    "dec_int_unset",
    "dec_float_unset",
    "dec_float",
]


class ClientException(Exception):
    """A request refused on the client side, before any byte is sent."""

    def __init__(self, code: int, msg: str, text: str, req_id: int = -1) -> None:
        # str() of the exception is the argument tuple, as the official one's is:
        # some requests report it verbatim in their "sending error" text
        super().__init__(code, msg, text)
        self.code = code
        self.msg = msg
        self.text = text
        #: The request id the error is reported under (-1: none).
        self.req_id = req_id


_PRINTABLE = frozenset(range(32, 127)) | {9, 10, 13}


def is_ascii_printable(s: str) -> bool:
    """True when ``s`` holds only characters TWS accepts in a text field."""
    return s.isascii() and (s.isprintable() or all(ord(c) in _PRINTABLE for c in s))


def field(val: Any) -> str:
    """Encode one value as a NUL-terminated field.

    Raises ``ValueError`` for ``None`` and :class:`ClientException` (code 579)
    for text TWS would reject, so that nothing half-built is ever sent.
    """
    if val is None:
        raise ValueError("Cannot send None to TWS")
    t = type(val)
    if t is str:
        if val and not is_ascii_printable(val):
            raise ClientException(INVALID_SYMBOL.code(), INVALID_SYMBOL.msg(), _printable_hint(val))
        return f"{val}\0"
    if t is bool:
        return "1\0" if val else "0\0"
    return f"{val}\0"


def field_handle_empty(val: Any) -> str:
    """Like :func:`field`, but "unset" numbers become empty fields and infinity ``Infinity``."""
    if val is None:
        raise ValueError("Cannot send None to TWS")
    if type(val) is not str:
        if val == UNSET_INTEGER or val == UNSET_DOUBLE:
            return "\0"
        if val == DOUBLE_INFINITY:
            return INFINITY_STR + "\0"
    return field(val)


def _printable_hint(val: str) -> str:
    # The official client echoes the offending text minus what the console
    # cannot show; dropping non-ASCII gives the same text on a UTF-8 console.
    return val.encode("utf-8", errors="ignore").decode("utf-8")


# --- decoding helpers -------------------------------------------------------
# Decoders work on ``bytes`` fields; ``int()``/``float()`` accept bytes
# directly, so only these few need a helper.

_UNSET_DECIMAL_TEXTS = frozenset(
    {b"", b"2147483647", b"9223372036854775807", b"1.7976931348623157E308", b"-9223372036854775808"}
)


_DECIMALS: dict[bytes, Decimal] = {t: UNSET_DECIMAL for t in _UNSET_DECIMAL_TEXTS}
#: Entries of the size cache, and the longest text it keeps: every real size is
#: short, so together they bound the cache by bytes (about 16 MiB at most),
#: whatever a peer sends.
DECIMALS_MAX = 1 << 16
DECIMAL_TEXT_MAX = 24
_K = TypeVar("_K", bytes, str)


def dec_decimal(b: bytes) -> Decimal:
    """A size field: empty or an "unset" sentinel gives ``UNSET_DECIMAL``.

    Sizes repeat a lot (round lots), and Decimal is immutable, so parsed values
    are shared through a bounded cache: the common case is one dict lookup.
    """
    d = _DECIMALS.get(b)
    if d is None:
        d = remember_decimal(_DECIMALS, b, b.decode())
    return d


def remember_decimal(cache: dict[_K, Decimal], key: _K, text: str) -> Decimal:
    """``Decimal(text)``, kept in ``cache`` under ``key`` while the cache's bounds allow."""
    d = Decimal(text)
    if len(key) <= DECIMAL_TEXT_MAX and len(cache) < DECIMALS_MAX:
        cache[key] = d
    return d


def size_text(x: Any) -> str:
    """A size as the server writes it: empty when unset (or None), Decimals in plain notation."""
    if x is None or x == UNSET_DECIMAL:
        return ""
    return f"{x:f}" if isinstance(x, Decimal) else str(x)


def dec_bool(b: bytes) -> bool:
    return int(b or 0) != 0


def dec_int_unset(b: bytes) -> int:
    """An int field where empty means ``UNSET_INTEGER``."""
    return int(b) if b else UNSET_INTEGER


def dec_float(b: bytes) -> float:
    """A float field where empty means 0 and ``Infinity`` is infinity."""
    if b == b"Infinity":
        return DOUBLE_INFINITY
    return float(b or 0)


def dec_float_unset(b: bytes) -> float:
    """A float field where empty means ``UNSET_DOUBLE``."""
    if b == b"Infinity":
        return DOUBLE_INFINITY
    return float(b) if b else UNSET_DOUBLE
