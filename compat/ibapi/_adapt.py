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
import os
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


#: the environment variable that declares the ibapi release a program was written for ("9.81", "10.19",
#: "10.30", "10.37", ... or a generation name): the switch for programs whose code does not show it
DECLARED = "IBWIRE_IBAPI_VERSION"
#: parameters that carry sizes: annotated ``int``/``float`` they mark a 9.x program, ``Decimal`` a 10.x one
_SIZE_PARAMS = frozenset({"size", "filled", "remaining", "position", "pos", "volume", "shares", "cumQty",
                          "bidSize", "askSize", "totalQuantity", "count"})


def _declared_release() -> tuple[int, int] | None:
    text = os.environ.get(DECLARED, "").strip()
    if not text or text in PRINT_FORMS:
        return None
    try:
        major, minor = (int(x) for x in (text.split(".") + ["0"])[:2])
    except ValueError:
        raise ValueError(f"{DECLARED}={text!r}: expected a release such as 9.81 or 10.30, or one of "
                         f"{sorted(PRINT_FORMS)}") from None
    return major, minor


def declared() -> str | None:
    """The generation named by ``IBWIRE_IBAPI_VERSION``, if set (a release number or a generation name)."""
    text = os.environ.get(DECLARED, "").strip()
    if text in PRINT_FORMS:
        return text
    release = _declared_release()
    if release is None:
        return None
    major, minor = release
    if major < 10:
        return LEGACY3
    # 10.33 already had the five-argument error of 10.37
    return LEGACY4 if minor < 33 else MODERN


def print_form_of(generation: str) -> str:
    """The printout form for a generation: its last release's, or 10.20's for a declared 10.10-10.29
    (10.30 added fields to Contract, ContractDetails and Execution)."""
    release = _declared_release()
    if generation == LEGACY4 and release is not None and release[0] == 10 and release[1] < 30:
        return "10.20"
    return PRINT_FORMS[generation]


def _own_classes(cls: type) -> list[type]:
    return [k for k in cls.__mro__ if k is not object and not k.__module__.startswith(("ibapi.", "ibwire."))]


@functools.lru_cache(maxsize=None)
def _hints(cls: type) -> str | None:
    """The generation other overridden callbacks show when ``error`` is not overridden: callbacks only
    10.37+ has, ``commissionReport`` (renamed in 10.37), and how size parameters are annotated."""
    names = {n for k in _own_classes(cls) for n in vars(k)}
    if "commissionAndFeesReport" in names or any(n.endswith("ProtoBuf") for n in names):
        return MODERN
    numeric = decimal = False
    for n in names:
        fn = getattr(cls, n, None)
        if not callable(fn) or n.startswith("_"):
            continue
        try:
            params = inspect.signature(fn).parameters.values()
        except (TypeError, ValueError):
            continue
        for prm in params:
            if prm.name in _SIZE_PARAMS and prm.annotation is not prm.empty:
                ann = prm.annotation if isinstance(prm.annotation, str) else getattr(prm.annotation, "__name__", "")
                decimal |= "Decimal" in ann
                numeric |= ann in ("int", "float")
    if numeric and not decimal:
        return LEGACY3
    if "commissionReport" in names:
        return LEGACY4
    return None


def generation(wrapper: Any) -> str:
    """The generation a program's wrapper was written for: declared (``IBWIRE_IBAPI_VERSION``), else its
    ``error`` signature, else what its other callbacks show, else 10.37+."""
    return _class_generation(type(wrapper))


def _class_generation(cls: type) -> str:
    return declared() or (_error_form(cls) if _class_overrides(cls, "error") else _hints(cls) or MODERN)


#: the generation of the program in this process, decided when its EClient is made and again at connect;
#: what has no connection to ask (printouts, module-level behaviour) follows it
_current = MODERN


def decide(wrapper: Any) -> str:
    """Decide (and remember for the process) the generation a program's wrapper was written for."""
    global _current
    _current = generation(wrapper)
    set_print_form(print_form_of(_current))
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
    """Before any EClient: the printout form of the program's wrapper class, if it has one yet (the most
    derived one decides as it would at connect); no wrapper class yet: the declared generation's, or
    ``None`` (ask again at the next printout)."""
    wrappers = _program_wrappers()
    if not wrappers:
        d = declared()
        return print_form_of(d) if d else None
    cls = max(wrappers, key=lambda c: len(c.__mro__))
    return print_form_of(_class_generation(cls))


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
    form = error_form(wrapper)  # the error signature decides how error is called, whatever was declared
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
    if name in _LEGACY_SIZES and generation(wrapper) == LEGACY3:
        convert = _LEGACY_SIZES[name]
        return lambda *args: fn(*convert(args))
    return fn


# compat prints as the program's generation from the first printout (see the module docstring)
defer_print_form(guess_print_form)
