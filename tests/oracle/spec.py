"""Argument specs shared by both sides of the differential tests (no imports of either client).

A spec is JSON: ``{"$": ClassName, "a": {attr: spec}}`` for objects, ``["f", repr]``
for floats, ``["D", text]`` for Decimals, ``["B", hex]`` for bytes, lists as lists, and plain ints,
strings, bools and None. ``build(spec, classes)`` makes the objects from a
``{ClassName: class}`` map, so each side builds its own client's types.
"""

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
