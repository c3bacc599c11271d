"""The text field codec: values to NUL-terminated fields and back.

Encoding follows the official client exactly (``str(value)``, booleans as
``0``/``1``, "unset" sentinels as empty fields where the request asks for it,
infinity as ``Infinity``) because the server parses what it is sent
byte for byte. Only printable ASCII (plus tab, CR, LF) may be sent.
"""

from __future__ import annotations

import re
from decimal import Decimal
from numbers import Number
from typing import Any

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
    "NONE_TEXT",
    "Unsendable",
    "text_form",
    "to_int",
    "to_float",
    "to_bool",
    "to_text",
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


# --- loose values for protobuf fields -----------------------------------------
# The text protocol sent every value as ``str(value)`` (booleans as 0/1) and TWS
# read that text as the field's type, so programs could give a price as
# ``'1.10'``, an expiry as the int ``20250213`` or a conId as ``265598.0``.
# Protobuf setters refuse such values; the builders pass every value that is
# not already of the field's exact type through one of these, which turn it into
# what TWS made of its text form. A value protobuf accepts unchanged (an int for
# a double, a numpy int for an int, bytes for text) is returned as it is, so the
# message stays identical to the official client's wherever that one succeeds.

#: The text of every sending error for a None, as the official text encoder words it.
NONE_TEXT = "Cannot send None to TWS"


class Unsendable(ValueError):
    """A value a request field cannot take, in any form TWS would read; reported, never sent."""


def _none() -> Unsendable:
    return Unsendable(NONE_TEXT)


def text_form(val: Any, name: str = "") -> str:
    """The text the official text encoder made of a scalar ``val`` (``str()``, booleans as 0/1).

    Only scalars have a meaningful text form: other objects (lists, contracts,
    bytes) raise :class:`Unsendable`.
    """
    if val is None:
        raise _none()
    if isinstance(val, str):
        return str(val)
    if isinstance(val, bool):
        return "1" if val else "0"
    if isinstance(val, (int, float, Decimal, Number)):
        return str(val)
    raise Unsendable(f"Cannot send {type(val).__name__} {_short(val)} to TWS{_in(name)}")


def _short(val: Any) -> str:
    r = repr(val)
    return r if len(r) <= 60 else r[:57] + "..."


def _in(name: str) -> str:
    return f" for {name}" if name else ""


# The number forms TWS's parser reads: an optional sign, digits with an optional
# fraction and exponent, or Infinity / NaN. Surrounding blanks are ignored.
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?Infinity|[+-]?NaN")
_INTEGER = re.compile(r"[+-]?\d+")


def _bad(val: Any, kind: str, name: str) -> Unsendable:
    return Unsendable(f"Cannot send {_short(val)} to TWS as {kind}{_in(name)}")


def parse_int(val: Any, name: str = "") -> int:
    """An integer field's value from the text form of ``val``.

    A whole number written with a fraction or an exponent (``"265598.0"``,
    ``1e3``) is that integer; anything else that is not a whole number is refused.
    """
    t = text_form(val, name).strip()
    if _INTEGER.fullmatch(t) and len(t) <= 40:
        return int(t)
    if _NUMBER.fullmatch(t) and len(t) <= 400:
        d = Decimal(t)
        if d.is_finite() and d == d.to_integral_value() and d.adjusted() < 40:
            return int(d)
    raise _bad(val, "an integer", name)


def parse_float(val: Any, name: str = "") -> float:
    """A floating-point field's value from the text form of ``val`` (empty: unset)."""
    t = text_form(val, name).strip()
    if _NUMBER.fullmatch(t):
        return float(t.replace("Infinity", "inf"))
    raise _bad(val, "a number", name)


def to_int(val: Any, name: str = "", empty: Any = UNSET_INTEGER) -> Any:
    """``val`` for an integer field: as it is where protobuf takes it, else from its text form.

    Empty text is ``empty`` (the field's "unset" sentinel): an empty field is no value.
    """
    if val is None:
        raise _none()
    if type(val) is not bool and hasattr(type(val), "__index__"):
        return val
    if isinstance(val, str) and not val.strip():
        return empty
    return parse_int(val, name)


def to_float(val: Any, name: str = "", empty: Any = UNSET_DOUBLE) -> Any:
    """``val`` for a floating-point field: numbers as they are, text parsed (empty text: ``empty``)."""
    if val is None:
        raise _none()
    if not isinstance(val, str) and hasattr(type(val), "__float__"):
        return val
    if isinstance(val, str) and not val.strip():
        return empty
    return parse_float(val, name)


def to_bool(val: Any, name: str = "") -> Any:
    """``val`` for a boolean field: TWS read booleans as integers, so ``"0"`` is false."""
    if val is None:
        raise _none()
    if hasattr(type(val), "__index__"):
        return val
    if isinstance(val, str) and not val.strip():
        return False
    return parse_int(val, name) != 0


def to_text(val: Any, name: str = "") -> Any:
    """``val`` for a text field: text (or UTF-8 bytes) as it is, numbers as their text form."""
    if isinstance(val, (str, bytes)):
        return val
    return text_form(val, name)


# --- decoding helpers -------------------------------------------------------
# Decoders work on ``bytes`` fields; ``int()``/``float()`` accept bytes
# directly, so only these few need a helper.

# A size field (empty or an "unset" sentinel gives ``UNSET_DECIMAL``): the compiled core's reader through its
# shared bounded cache (the core's decoders are the hot users of both)
from ._core.base import SIZES as _DECIMALS  # noqa: E402
from ._core.base import cached_size as dec_decimal  # noqa: E402


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
