"""Dataclass helpers of ib_async's ``util`` and :class:`DataMixin`, which gives them to a dataclass as methods.

One rule decides what is "default" everywhere here (``dataclassNonDefaults``, ``dataclassRepr``,
``DataMixin.nonDefaults`` and its repr): a field is at its default when its value equals the field's
default -- for a ``default_factory`` field, a freshly made default (an empty list, ``Contract()``...) --
where NaN equals NaN. ib_async 2.1 instead drops every ``None`` and every NaN value whatever the default,
and keeps every ``default_factory`` field that is not an empty list or dict; the two agree on fields
whose defaults are NaN, None, empty containers or plain values (ib_async's own ``Ticker``), and
differ where ib_async hides a real value (a NaN or None where the default is a number) or shows one
nobody set (``Order.softDollarTier``, which ib_async's ``Order.__repr__`` removes by hand).
"""

from __future__ import annotations

import builtins
import dataclasses
from typing import Any, TypeVar

__all__ = [
    "DataMixin",
    "dataclassAsDict",
    "dataclassAsTuple",
    "dataclassNonDefaults",
    "dataclassRepr",
    "dataclassUpdate",
    "isnamedtupleinstance",
]

T = TypeVar("T")
_D = TypeVar("_D", bound="DataMixin")


def _require_dataclass(obj: object) -> None:
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        raise TypeError(f"Object {obj!r} is not a dataclass instance")


def _is_nan(value: object) -> bool:
    try:
        return bool(value != value)
    except Exception:  # noqa: BLE001 - values whose comparison raises (arrays...) are not NaN
        return False


def _same(value: object, default: object) -> bool:
    """Whether ``value`` is ``default``'s value (NaN matching NaN; a failing comparison is a difference)."""
    if value is default:
        return True
    try:
        if bool(value == default):
            return True
    except Exception:  # noqa: BLE001
        return False
    return _is_nan(value) and _is_nan(default)


def _default_of(f: dataclasses.Field[Any]) -> tuple[bool, object]:
    """(has a default, the default) of a field; a ``default_factory`` is called for a fresh default."""
    if f.default is not dataclasses.MISSING:
        return True, f.default
    if f.default_factory is not dataclasses.MISSING:
        try:
            return True, f.default_factory()
        except Exception:  # noqa: BLE001 - a factory that cannot run here gives no default to compare with
            return False, None
    return False, None


def dataclassAsDict(obj: object) -> dict[str, Any]:
    """The fields of a dataclass instance as a dict, one level deep (values are not converted,
    unlike ``dataclasses.asdict``). Raises ``TypeError`` for anything else."""
    _require_dataclass(obj)
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}  # type: ignore[arg-type]


def dataclassAsTuple(obj: object) -> tuple[Any, ...]:
    """The field values of a dataclass instance in field order, one level deep."""
    _require_dataclass(obj)
    return tuple(getattr(obj, f.name) for f in dataclasses.fields(obj))  # type: ignore[arg-type]


def dataclassNonDefaults(obj: object) -> dict[str, Any]:
    """The fields of a dataclass instance whose values are not their defaults, in field order
    (the rule is in the module's docstring). Fields without a default are always included."""
    _require_dataclass(obj)
    out: dict[str, Any] = {}
    shown: dict[str, Any] = getattr(type(obj), "_shown_defaults", {})
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        has_default, default = _default_of(f)
        if has_default and _same(value, default):
            continue
        if f.name in shown and _same(value, shown[f.name]):
            continue  # the default the facade shows (ib_async's) where the model's differs
        out[f.name] = value
    return out


def dataclassUpdate(obj: T, *srcObjs: object, **kwargs: Any) -> T:
    """Set attributes of the dataclass instance ``obj`` from the fields of zero or more dataclass
    instances, then from keyword arguments (later ones win); returns ``obj``. As in ib_async, names
    need not be fields of ``obj``, and frozen dataclasses are updated too."""
    _require_dataclass(obj)
    values: dict[str, Any] = {}
    for src in srcObjs:
        values.update(dataclassAsDict(src))
    values.update(kwargs)
    for name, value in values.items():
        object.__setattr__(obj, name, value)
    return obj


def dataclassRepr(obj: object) -> str:
    """``ClassName(field=value, ...)`` with the fields that are not at their defaults."""
    attrs = dataclassNonDefaults(obj)
    args = ", ".join(f"{k}={v!r}" for k, v in attrs.items())
    return f"{type(obj).__qualname__}({args})"


def isnamedtupleinstance(x: object) -> bool:
    """Whether ``x`` is an instance of a class made by ``namedtuple``/``NamedTuple`` (its class derives
    from ``tuple`` alone and has string ``_fields``), as ib_async decides it."""
    t = type(x)
    if len(t.__bases__) != 1 or not isinstance(x, tuple):
        return False
    names = getattr(t, "_fields", None)
    return isinstance(names, tuple) and all(isinstance(n, str) for n in names)


class DataMixin:
    """Methods for a dataclass: ``dict()``, ``tuple()``, ``update(*others, **kw)``, ``nonDefaults()``
    and a compact repr (the fields not at their defaults). Put it first among the bases of a
    ``@dataclass``; the dataclass must be declared with ``repr=False`` to keep this repr."""

    __slots__ = ()

    def dict(self) -> builtins.dict[str, Any]:
        """The fields as a dict (one level deep)."""
        return dataclassAsDict(self)

    def tuple(self) -> builtins.tuple[Any, ...]:
        """The field values as a tuple (one level deep)."""
        return dataclassAsTuple(self)

    def nonDefaults(self) -> builtins.dict[str, Any]:
        """The fields whose values are not their defaults."""
        return dataclassNonDefaults(self)

    def update(self: _D, *srcObjs: object, **kwargs: Any) -> _D:
        """Set fields from other dataclass instances and keyword arguments; returns self."""
        return dataclassUpdate(self, *srcObjs, **kwargs)

    def __repr__(self) -> str:
        return dataclassRepr(self)
