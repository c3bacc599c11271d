"""Callback arguments as JSON-comparable values (shared by both sides of the decode tests).

Imports neither client: the official side runs it with only ``ibapi`` on the
path, the tests with ibwire. Floats compare by repr, Decimals by text,
protobuf messages by their deterministic bytes, other objects by every
attribute.
"""

from decimal import Decimal
from enum import Enum


def norm(v):
    if isinstance(v, bool) or v is None or isinstance(v, (int, str)):
        return v
    if isinstance(v, float):
        return ["float", repr(v)]
    if isinstance(v, Decimal):
        return ["Decimal", str(v)]
    if hasattr(v, "SerializeToString"):
        return ["proto", type(v).__name__, v.SerializeToString(deterministic=True).hex()]
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    if isinstance(v, (set, frozenset)):
        return ["set", sorted(norm(x) for x in v)]
    if isinstance(v, Enum):
        return ["enum", type(v).__name__, v.name]
    if hasattr(v, "__dict__"):
        return [type(v).__name__, {k: norm(x) for k, x in sorted(vars(v).items())}]
    return [type(v).__name__, str(v)]
