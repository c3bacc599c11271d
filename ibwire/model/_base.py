"""Shared machinery of the data classes: "max string" formatting and templated ``__str__``.

The official classes print themselves in fixed formats that user programs
log and sometimes parse; each of our classes states its format once as a
template (``"Code: {code}, Name: {name}"``), with a conversion letter where
the value is shown "max-string" style (unset sentinels as empty text):
``i`` int, ``l`` long, ``f`` float, ``d`` Decimal, ``n`` integer via ``%d`` (more in ``_NEWEST_CONV``).

The official releases printed differently over time (9.x printf style, 10.10-10.30 comma lists, 10.37+
labelled fields); each class keeps one template per distinct form, and the form in use is process-wide:
native ibwire prints the newest, compat selects its program's (``set_print_form``, ``defer_print_form``).
"""

from __future__ import annotations

import string
from collections.abc import Callable
from decimal import Decimal
from typing import Any, ClassVar

from .const import UNSET_DECIMAL, UNSET_DOUBLE, UNSET_INTEGER, UNSET_LONG

__all__ = ["Model", "Renamed", "FORMS", "NEWEST", "set_print_form", "defer_print_form", "reset_print_form", "print_form",
           "official_names",
           "floatMaxString", "intMaxString", "longMaxString", "decimalMaxString"]


def floatMaxString(val: float | None) -> str:
    """Up to 8 decimals, trailing zeros dropped; unset prints empty."""
    if val is None:
        return ""
    if val == UNSET_DOUBLE:
        return ""
    return f"{val:.8f}".rstrip("0").rstrip(".").rstrip(",")


def intMaxString(val: int | str) -> str:
    return str(val) if val != UNSET_INTEGER else ""


def longMaxString(val: int) -> str:
    return str(val) if val != UNSET_LONG else ""


def decimalMaxString(val: Decimal | float | int | str) -> str:
    d = Decimal(str(val)) if type(val) is float else Decimal(val)
    return f"{d:f}" if d != UNSET_DECIMAL else ""


#: The printout forms: how the official release named printed the data classes. Native ibwire prints the
#: newest; compat selects the form of the program's generation (``set_print_form``) when it decides it.
FORMS = ("9.81", "10.20", "10.30", "10.51")
NEWEST = FORMS[-1]
_form = NEWEST
_official_names = False
_guess: Callable[[], str | None] | None = None


def set_print_form(form: str) -> None:
    """Print every data object as official release ``form`` (one of ``FORMS``) did, from now on (compat)."""
    global _form, _official_names, _guess
    if form not in FORMS:
        raise ValueError(f"unknown printout form {form!r}; one of {FORMS}")
    _form, _official_names, _guess = form, True, None


def defer_print_form(guess: Callable[[], str | None]) -> None:
    """Print as compat before the form is decided: each printout asks ``guess`` first; its first answer
    is kept (until ``set_print_form``); while it answers ``None`` the newest form is used."""
    global _form, _official_names, _guess
    _form, _official_names, _guess = NEWEST, True, guess


def reset_print_form() -> None:
    """Back to native printing: the newest form, ibwire's own names where a printout shows a class path."""
    global _form, _official_names, _guess
    _form, _official_names, _guess = NEWEST, False, None


def print_form() -> str:
    """The printout form in use."""
    if _guess is not None:
        form = _guess()
        if form is not None:
            set_print_form(form)
    return _form


def official_names() -> bool:
    """Whether printouts name classes by their official module (``ibapi.order_state``): compat selected a form."""
    return _official_names


def _decimal_fixed(val: Any) -> str:
    # 10.10-10.30 formatted the value as it is (an int 100 shows "100.000000"); what that release
    # could not format at all (text) prints as the newer releases do instead of raising
    if val == UNSET_DECIMAL:
        return ""
    try:
        return format(val, "f")
    except (TypeError, ValueError):
        return decimalMaxString(val)


def _percent(code: str) -> Callable[[Any], str]:
    # 9.x: printf-style conversions; a value they cannot take prints as text instead of raising
    def conv(val: Any) -> str:
        try:
            return str(code % val)
        except (TypeError, ValueError):
            return str(val)
    return conv


def _float_or_empty(val: Any) -> str:
    return "" if val == UNSET_DOUBLE else str(val)


_Conv = Callable[[Any], str]
#: conversion letters of the templates: ``i`` int, ``l`` long, ``f`` float, ``d`` Decimal "max string"
#: (unset prints empty), ``n`` printf ``%d``, ``F`` printf ``%f``, ``r`` plain text with unset float empty
_NEWEST_CONV: dict[str, _Conv] = {
    "": str,
    "i": intMaxString,
    "l": longMaxString,
    "f": floatMaxString,
    "d": decimalMaxString,
    "n": _percent("%d"),
    "F": _percent("%f"),
    "r": _float_or_empty,
}
#: per form, how its release's helpers differed from the newest (10.10-10.30: Decimal formatted as given,
#: ids that are longs now were checked against the int sentinel)
_OLDER_CONV: dict[str, dict[str, _Conv]] = {"10.30": {"d": _decimal_fixed, "l": intMaxString}}
_OLDER_CONV["9.81"] = _OLDER_CONV["10.20"] = _OLDER_CONV["10.30"]

#: a literal, then the field path to print (or None), its conversion, and (our default, that release's
#: default) where the release's object started from another value
_Piece = tuple[str, tuple[str, ...] | None, _Conv, tuple[Any, Any] | None]


def _compile(template: str, conv: dict[str, _Conv], swaps: dict[str, tuple[Any, Any]]) -> list[_Piece]:
    pieces: list[_Piece] = []
    for literal, name, spec, _ in string.Formatter().parse(template):
        path = tuple(name.split(".")) if name is not None else None
        pieces.append((literal, path, conv[spec or ""], swaps.get(name or "")))
    return pieces


def render(obj: Any, pieces: list[_Piece], computed: dict[str, Callable[[Any], Any]]) -> str:
    """The text of ``obj`` by compiled template: a dotted name reads through attributes; a name the
    object lacks comes from ``computed`` (fields an older form printed, values derived for the text);
    a field still holding our default object prints as that release's default did."""
    out = []
    for literal, path, conv, swap in pieces:
        out.append(literal)
        if path is not None:
            head = path[0]
            value = getattr(obj, head) if head not in computed or hasattr(obj, head) else computed[head](obj)
            for part in path[1:]:
                value = getattr(value, part)
            if swap is not None and value is swap[0]:  # still the very default object (a fresh field)
                value = swap[1]
            out.append(conv(value))
    return "".join(out)


class Renamed:
    """An attribute an older release had under this name: reads ``compute(obj)`` (the newer field it
    became, or what the old release showed), writes go to ``target`` (or stay on the object)."""

    def __init__(self, compute: Callable[[Any], Any], target: str | None = None) -> None:
        self.compute, self.target = compute, target

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        if self.name in obj.__dict__:
            return obj.__dict__[self.name]
        return self.compute(obj)

    def __set__(self, obj: Any, value: Any) -> None:
        if self.target is None:
            obj.__dict__[self.name] = value
        else:
            setattr(obj, self.target, value)


class Model:
    """Base of the data classes: templated ``__str__``; ``repr`` is ``id: str`` like the official.

    ``_template`` is the newest form; ``_templates`` gives older forms whose text differed (a form without
    one prints like the next newer form, with its own release's value helpers). ``_computed`` supplies
    names a template prints that are not attributes of the object. ``_older_defaults`` gives, per form,
    fields whose default was another value in that release (``Contract.strike`` was 0.0): an object still
    at our default prints that value, as the program's own package showed a fresh object.
    """

    _template: ClassVar[str] = ""
    _templates: ClassVar[dict[str, str]] = {}
    _computed: ClassVar[dict[str, Callable[[Any], Any]]] = {}
    _older_defaults: ClassVar[dict[str, dict[str, Any]]] = {}
    _compiled: ClassVar[dict[str, list[_Piece]]] = {form: [] for form in FORMS}

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if "_template" in cls.__dict__ or "_templates" in cls.__dict__:
            own = cls.__dict__.get("_templates", {})
            compiled: dict[str, list[_Piece]] = {}
            for i, form in enumerate(FORMS):
                template = next((own[f] for f in FORMS[i:] if f in own), cls._template)
                swaps = {name: (getattr(cls, name), old) for name, old in cls._older_defaults.get(form, {}).items()}
                compiled[form] = _compile(template, {**_NEWEST_CONV, **_OLDER_CONV.get(form, {})}, swaps)
            cls._compiled = compiled

    def __str__(self) -> str:
        return render(self, self._compiled[print_form() if _guess is not None else _form], self._computed)

    def __repr__(self) -> str:
        return f"{id(self)}: {self}"
