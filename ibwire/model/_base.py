"""Shared machinery of the data classes: "max string" formatting and templated ``__str__``.

The official classes print themselves in fixed formats that user programs
log and sometimes parse; each of our classes states its format once as a
template (``"Code: {code}, Name: {name}"``), with a conversion letter where
the value is shown "max-string" style (unset sentinels as empty text):
``i`` int, ``l`` long, ``f`` float, ``d`` Decimal, ``n`` integer via ``%d``.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from decimal import Decimal
from typing import Any, ClassVar

from .const import UNSET_DECIMAL, UNSET_DOUBLE, UNSET_INTEGER, UNSET_LONG

__all__ = ["Model", "floatMaxString", "intMaxString", "longMaxString", "decimalMaxString"]


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


_CONV: dict[str, Callable[[Any], str]] = {
    "": str,
    "i": intMaxString,
    "l": longMaxString,
    "f": floatMaxString,
    "d": decimalMaxString,
    "n": lambda v: "%d" % v,
}

_Piece = tuple[str, str | None, Callable[[Any], str]]


def _compile(template: str) -> list[_Piece]:
    pieces: list[_Piece] = []
    for literal, name, spec, _ in string.Formatter().parse(template):
        pieces.append((literal, name, _CONV[spec or ""]))
    return pieces


class Model:
    """Base of the data classes: templated ``__str__``; ``repr`` is ``id: str`` like the official."""

    _template: ClassVar[str] = ""
    _pieces: ClassVar[list[_Piece]] = []

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if "_template" in cls.__dict__:
            cls._pieces = _compile(cls._template)

    def __str__(self) -> str:
        out = []
        for literal, name, conv in self._pieces:
            out.append(literal)
            if name is not None:
                out.append(conv(getattr(self, name)))
        return "".join(out)

    def __repr__(self) -> str:
        return f"{id(self)}: {self}"
