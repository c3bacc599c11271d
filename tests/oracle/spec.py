"""Argument specs shared by both sides of the differential tests (no imports of either client).

A spec is JSON: ``{"$": ClassName, "a": {attr: spec}}`` for objects, ``["f", repr]``
for floats, ``["D", text]`` for Decimals, ``["B", hex]`` for bytes, lists as lists, and plain ints,
strings, bools and None. ``build(spec, classes)`` makes the objects from a
``{ClassName: class}`` map, so each side builds its own client's types.
"""

import re
from decimal import Decimal


def build(spec, classes):
    if isinstance(spec, dict) and "$pb" in spec:
        return classes[spec["$pb"]].FromString(bytes.fromhex(spec["hex"]))
    if isinstance(spec, dict):
        obj = classes[spec["$"]](*[build(a, classes) for a in spec.get("init", [])])
        for k, v in spec.get("a", {}).items():
            setattr(obj, k, build(v, classes))
        return obj
    if isinstance(spec, list):
        if spec and spec[0] == "f" and len(spec) == 2 and isinstance(spec[1], str):
            return float(spec[1])
        if spec and spec[0] == "D" and len(spec) == 2:
            return Decimal(spec[1])
        if spec and spec[0] == "B" and len(spec) == 2:
            return bytes.fromhex(spec[1])
        return [build(x, classes) for x in spec]
    return spec


def plain(x):
    """A JSON-comparable stand-in for a value the client passed back (an error's reqId may be anything)."""
    if x is None or type(x) in (int, str, bool):
        return x
    if type(x) in (float, bytes) or type(x).__name__ == "Decimal":
        return {"type": type(x).__name__, "repr": repr(x)}
    return {"type": type(x).__name__}


# --- loose values -------------------------------------------------------------------------
# The rule the differential tests hold ibwire to where the official client raises on a value
# at a protobuf server version (it builds protobuf fields straight from the value): ibwire
# sends what the official client sends for the *properly typed* value, which is what TWS made
# of the value's text form when the text protocol carried it. The text form is what the
# official text encoder wrote: ``str(value)``, booleans as 1/0. TWS read it as the field's type:
#
# - integer field: a whole number, also written with a fraction or exponent ("265598.0", "1e3");
#   empty text is the field's "unset" value; anything else ("1.5", "12x", "nan") cannot be sent
# - floating-point field: a decimal number with optional exponent, "Infinity" or "NaN"; empty
#   text is "unset"; anything else ("abc", "inf") cannot be sent
# - boolean field: read as an integer, true when not 0 ("0" is false); empty text is false
# - text field: the text form itself (20250213 -> "20250213")
# - only scalars (str, bool, int, float, Decimal) have a text form; a list, an object or bytes
#   in a number field cannot be sent
#
# Where the official client does not raise, its own output stays the reference (a float
# quantity goes as "100.0", an int for a price as the number, a falsy value is left out).
# A value that cannot be sent must come back as the request's sending-error callback.

BAD = object()
UNSET_INTEGER = 2**31 - 1
UNSET_LONG = 2**63 - 1
UNSET_DOUBLE = 1.7976931348623157e308
_NUMERAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_SPECIAL = re.compile(r"[+-]?(?:Infinity|NaN)")


def text_of(spec):
    """The official text encoder's text for a scalar spec, or None when it has none."""
    if isinstance(spec, bool):
        return "1" if spec else "0"
    if isinstance(spec, (int, float, str)):
        return str(spec)
    if isinstance(spec, list) and len(spec) == 2 and spec[0] == "f" and isinstance(spec[1], str):
        return str(float(spec[1]))
    if isinstance(spec, list) and len(spec) == 2 and spec[0] == "D" and isinstance(spec[1], str):
        return str(Decimal(spec[1]))
    return None


def _as_int(text):
    t = text.strip()
    if not _NUMERAL.fullmatch(t) or len(t) > 400:
        return BAD
    d = Decimal(t)
    if d != d.to_integral_value() or d.adjusted() >= 40:
        return BAD
    return int(d)


def typed(kind, spec):
    """The properly typed spec TWS read ``spec`` as in a field of ``kind``, or :data:`BAD`.

    kind: "int", "long" (64-bit), "float", "float_i" (a float field the official client
    checks against the int "unset"), "int_f" (the other way round), "bool", "str".
    Values the official protobuf builder takes as they are come back unchanged.
    """
    is_num = isinstance(spec, (int, float)) or (isinstance(spec, list) and len(spec) == 2 and spec[0] in ("f", "D"))
    if kind == "str":
        if spec is None or isinstance(spec, str) or not spec or (isinstance(spec, list) and spec[0] == "B"):
            return spec
        if is_num and (spec[1] if isinstance(spec, list) else spec) in ("0", "0.0", "-0.0", 0):
            return spec  # falsy: left out
        t = text_of(spec)
        return BAD if t is None else t
    if kind == "bool":
        if spec is None or isinstance(spec, (bool, int)) or spec == "" or spec == []:
            return spec
        t = text_of(spec)
        if t is None:
            return BAD
        if not t.strip():
            return False
        n = _as_int(t)
        return BAD if n is BAD else n != 0
    if kind in ("int", "long", "int_f"):
        if isinstance(spec, int) and not isinstance(spec, bool):
            return spec
        t = text_of(spec)
        if t is None:
            return BAD
        if not t.strip():
            return {"int": UNSET_INTEGER, "long": UNSET_LONG, "int_f": ["f", repr(UNSET_DOUBLE)]}[kind]
        return _as_int(t)
    if kind in ("float", "float_i"):
        if isinstance(spec, (int, float)) or (isinstance(spec, list) and len(spec) == 2 and spec[0] in ("f", "D")):
            return spec
        t = text_of(spec)
        if t is None:
            return BAD
        t = t.strip()
        if not t:
            return UNSET_INTEGER if kind == "float_i" else ["f", repr(UNSET_DOUBLE)]
        if _NUMERAL.fullmatch(t) or _SPECIAL.fullmatch(t):
            return ["f", repr(float(t.replace("Infinity", "inf")))]
        return BAD
    raise ValueError(kind)
