"""How callbacks reach a program written for an older ibapi generation.

Decided once per connection from the program's own wrapper class (see
``docs/migration.md``):

- ``error``: the parameter names (or count) of the overridden method pick the
  form — ``(reqId, errorCode, errorString)`` (9.x),
  ``(reqId, errorCode, errorString, advancedOrderRejectJson)`` (10.10-10.30) or
  ``(reqId, errorTime, errorCode, errorString, advancedOrderRejectJson)``
  (10.37+; also for ``*args``).
- ``commissionAndFeesReport``: a program that overrides only
  ``commissionReport`` gets it there, as a ``CommissionReport`` (``commission``
  and ``commissionAndFees`` both readable).
- sizes: a 9.x program (the three-argument ``error``) gets sizes as numbers
  (int where 9.x gave int, float where it gave float) instead of ``Decimal``,
  and bars carry ``average`` (the 9.x name of ``wap``).
- printouts: ``str()``/``repr()`` of the data classes take the form of the last
  release of the program's range (9.81, 10.30, 10.51; ``PRINT_FORMS``). Before
  any ``EClient`` exists, the first printout looks for the program's own
  ``EWrapper`` subclass (defined already in nearly every program) and decides
  from it; with none yet, it prints as 10.51.
"""

from __future__ import annotations

import copy
import functools
import inspect
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ibwire.model import defer_print_form, set_print_form
from ibwire.model.const import UNSET_DECIMAL

Fn = Callable[..., Any]

MODERN, LEGACY4, LEGACY3 = "10.37+", "10.10-10.30", "9.x"


#: the printout form (ibwire.model) of each generation: the last release of its range
PRINT_FORMS = {MODERN: "10.51", LEGACY4: "10.30", LEGACY3: "9.81"}


def _overridden(wrapper: Any, name: str) -> bool:
    """Whether the program's own class defines ``name`` (compat's and ibwire's defaults do not count)."""
    return _class_overrides(type(wrapper), name)


def _class_overrides(cls: type, name: str) -> bool:
    owner = next((k for k in cls.__mro__ if name in vars(k)), None)
    return owner is not None and not owner.__module__.startswith(("ibapi.wrapper", "ibwire."))


def error_form(wrapper: Any) -> str:
    """Which ``error`` signature the program's wrapper was written against."""
    return _class_form(type(wrapper))


def _class_form(cls: type) -> str:
    if not _class_overrides(cls, "error"):
        return MODERN
    return _error_form(cls)


@functools.lru_cache(maxsize=None)
def _error_form(cls: type) -> str:
    # decided once per class, whatever the number of callbacks bound
    try:
        params = list(inspect.signature(cls.error).parameters.values())[1:]  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return MODERN
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return MODERN
    names = [p.name for p in params]
    if "errorTime" in names or len(names) >= 5:
        return MODERN
    if len(names) == 4:
        # four parameters: (reqId, errorTime, errorCode, errorString) or the 10.10-10.30 form
        return MODERN if "time" in names[1].lower() else LEGACY4
    return LEGACY3


#: the generation of the program in this process, decided when its EClient is made and again at connect;
#: what has no connection to ask (printouts, module-level behaviour) follows it
_current = MODERN


def decide(wrapper: Any) -> str:
    """Decide (and remember for the process) the generation a program's wrapper was written for."""
    global _current
    _current = error_form(wrapper)
    set_print_form(PRINT_FORMS[_current])
    return _current


def _program_wrappers() -> list[type]:
    """The program's own ``EWrapper`` subclasses defined so far (compat's and ibwire's excluded)."""
    from .wrapper import EWrapper

    found, todo = [], list(EWrapper.__subclasses__())
    while todo:
        cls = todo.pop(0)
        todo.extend(cls.__subclasses__())
        if not cls.__module__.startswith(("ibapi.", "ibwire.")):
            found.append(cls)
    return found


def guess_print_form() -> str | None:
    """Before any EClient: the printout form of the program's wrapper class, if it has one yet.

    A class that overrides ``error`` decides (the most derived such class); a wrapper class that does not
    is the 10.37+ form; no wrapper class yet: ``None`` (ask again at the next printout)."""
    wrappers = _program_wrappers()
    if not wrappers:
        return None
    speaking = [c for c in wrappers if _class_overrides(c, "error")]
    if not speaking:
        return PRINT_FORMS[MODERN]
    cls = max(speaking, key=lambda c: len(c.__mro__))
    return PRINT_FORMS[_error_form(cls)]


def reset() -> None:
    """Forget the decided generation (tests): back to ``MODERN``, printing as compat does before a decision."""
    global _current
    _current = MODERN
    defer_print_form(guess_print_form)


def current() -> str:
    """The generation decided last (``MODERN`` before any EClient exists)."""
    return _current


def _num(d: Any, kind: type = float) -> Any:
    if not isinstance(d, Decimal):
        return d
    if d == UNSET_DECIMAL:
        return kind(2147483647) if kind is int else 1.7976931348623157e308
    return kind(d)


def _legacy_bar(bar: Any) -> Any:
    b = copy.copy(bar)
    b.volume = _num(bar.volume, int)
    b.average = _num(bar.wap, float)
    b.wap = b.average
    return b


def _legacy_exec(e: Any) -> Any:
    e = copy.copy(e)
    e.shares = _num(e.shares)
    e.cumQty = _num(e.cumQty)
    return e


def _legacy_order(o: Any) -> Any:
    o = copy.copy(o)
    o.totalQuantity = _num(o.totalQuantity)
    o.filledQuantity = _num(o.filledQuantity)
    return o


# callback -> how its arguments looked in 9.x
_LEGACY_SIZES: dict[str, Callable[[tuple[Any, ...]], tuple[Any, ...]]] = {
    "tickSize": lambda a: (a[0], a[1], _num(a[2], int)),
    "orderStatus": lambda a: (a[0], a[1], _num(a[2]), _num(a[3]), *a[4:]),
    "position": lambda a: (a[0], a[1], _num(a[2]), a[3]),
    "positionMulti": lambda a: (*a[:4], _num(a[4]), a[5]),
    "updatePortfolio": lambda a: (a[0], _num(a[1]), *a[2:]),
    "updateMktDepth": lambda a: (*a[:5], _num(a[5], int)),
    "updateMktDepthL2": lambda a: (*a[:6], _num(a[6], int), *a[7:]),
    "realtimeBar": lambda a: (*a[:6], _num(a[6], int), _num(a[7]), a[8]),
    "historicalData": lambda a: (a[0], _legacy_bar(a[1])),
    "historicalDataUpdate": lambda a: (a[0], _legacy_bar(a[1])),
    "execDetails": lambda a: (a[0], a[1], _legacy_exec(a[2])),
    "openOrder": lambda a: (a[0], a[1], _legacy_order(a[2]), *a[3:]),
    "completedOrder": lambda a: (a[0], _legacy_order(a[1]), *a[2:]),
    "pnlSingle": lambda a: (a[0], _num(a[1], int), *a[2:]),
    "tickByTickAllLast": lambda a: (*a[:4], _num(a[4], int), *a[5:]),
    "tickByTickBidAsk": lambda a: (*a[:4], _num(a[4], int), _num(a[5], int), a[6]),
}


def adapt(wrapper: Any, name: str, fn: Fn) -> Fn:
    """The callable that delivers callback ``name`` to this program."""
    form = error_form(wrapper)
    if name == "error":
        if form == LEGACY3:
            return lambda reqId, errorTime, errorCode, errorString, json="": fn(reqId, errorCode, errorString)
        if form == LEGACY4:
            return lambda reqId, errorTime, errorCode, errorString, json="": fn(reqId, errorCode, errorString, json)
        return fn
    if name == "commissionAndFeesReport" and _overridden(wrapper, "commissionReport") \
            and not _overridden(wrapper, "commissionAndFeesReport"):
        from .commission_report import CommissionReport

        old = getattr(wrapper, "commissionReport")
        return lambda report: old(CommissionReport.of(report))
    if form == LEGACY3 and name in _LEGACY_SIZES:
        convert = _LEGACY_SIZES[name]
        return lambda *args: fn(*convert(args))
    return fn


# compat prints as the program's generation from the first printout (see the module docstring)
defer_print_form(guess_print_form)
