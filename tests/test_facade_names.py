"""Every public name an ib_async 2.1 user reaches for exists in ibwire, with the same fields.

ib_async is introspected in its own process (``tests/oracle/ib_async_names.py``); ibwire here. The only
names left out are ib_async's asyncio transport classes, listed in ``EXCLUDED`` with what to use instead on
threads. (Its loop plumbing, ``util.startLoop``/``patchAsyncio``/``useQt``, exists and does nothing harmful:
``util.ASYNCIO_PLUMBING`` says why each is unneeded.)
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pytest

import ibwire
from ibwire import IB, Ticker, Trade
from ibwire.facade import util
from tests.oracle import run_oracle

#: ib_async names ibwire does not offer, and the thread-native equivalent of each.
EXCLUDED: dict[str, str] = {
    "top:Client": "ibwire.EClient: the threaded client (ib_async's Client is its asyncio transport)",
    "top:Wrapper": "ibwire.EWrapper: subclass it, or use IB's events (ib_async's Wrapper is IB's internal state)",
}


#: ib_async classes that are dataclasses only as an implementation detail (their fields are not API)
NOT_DATA = {"Event", "IBC", "Watchdog", "Wrapper"}


@pytest.fixture(scope="module")
def peer() -> dict[str, Any]:
    out: dict[str, Any] = run_oracle("ib_async_names.py", name="ib_async")
    return out


def _missing(names: list[str], have: set[str], kind: str) -> list[str]:
    return [n for n in names if n not in have and f"{kind}:{n}" not in EXCLUDED]


def test_top_level(peer: dict[str, Any]) -> None:
    assert _missing(peer["top"], set(dir(ibwire)), "top") == []


def test_ib_methods_and_attributes(peer: dict[str, Any]) -> None:
    ib = IB()
    assert _missing(peer["IB"], set(dir(IB)) | set(vars(ib)), "IB") == []


def test_ib_events(peer: dict[str, Any]) -> None:
    ib = IB()
    assert list(IB.events) == peer["IB.events"]
    assert [n for n in peer["IB.events"] if not isinstance(getattr(ib, n, None), ibwire.Event)] == []


def test_ticker_and_trade(peer: dict[str, Any]) -> None:
    def have(cls: type) -> set[str]:
        return set(dir(cls)) | {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]

    assert _missing(peer["Ticker"], have(Ticker), "Ticker") == []
    assert _missing(peer["Trade"], have(Trade), "Trade") == []


def test_util(peer: dict[str, Any]) -> None:
    have = {n for n in dir(util) if callable(getattr(util, n))}
    assert _missing(peer["util"], have, "util") == []


def _fields(obj: Any) -> list[str] | None:
    if dataclasses.is_dataclass(obj):
        return [f.name for f in dataclasses.fields(obj)]
    if isinstance(obj, type) and issubclass(obj, tuple) and hasattr(obj, "_fields"):
        return list(obj._fields)
    if isinstance(obj, type):
        try:
            required = [p for p in inspect.signature(obj).parameters.values()
                        if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            return list(vars(obj(*[None] * len(required))))
        except (TypeError, ValueError):
            return None
    if inspect.isfunction(obj):
        return None
    return None


def test_fields_of_every_data_object(peer: dict[str, Any]) -> None:
    """Each ib_async data object's fields exist on ibwire's (named tuples: the same fields, in order)."""
    wrong = {}
    for name, theirs in peer["fields"].items():
        theirs = [f for f in theirs if not f.startswith("_")]
        if f"top:{name}" in EXCLUDED or name in NOT_DATA or not hasattr(ibwire, name):
            continue  # a missing name fails test_top_level
        ours_obj = getattr(ibwire, name)
        if peer["kinds"][name] == "namedtuple":
            # a named tuple, or a model class shared with ibapi built from the same fields in the same order
            ours = list(getattr(ours_obj, "_fields", None) or _fields(ours_obj) or [])
            if ours[:len(theirs)] != theirs:
                wrong[name] = f"fields in order {ours} != {theirs}"
            continue
        ours = _fields(ours_obj)
        if ours is None:
            wrong[name] = "not a data class"
            continue
        lacking = [f for f in theirs if f not in ours and not hasattr(ours_obj, f)]
        if lacking:
            wrong[name] = f"lacks {lacking}"
    assert wrong == {}


def test_exclusions_are_real() -> None:
    """Every exclusion names something ib_async has and ibwire does not (no stale entries)."""
    for key, why in EXCLUDED.items():
        kind, name = key.split(":")
        assert why
        ns = {"top": ibwire, "util": util, "IB": IB}[kind]
        assert not hasattr(ns, name), f"{key} exists now: drop the exclusion"


def test_facade_exports_every_modules_names() -> None:
    """The facade's literal ``__all__`` (what type checkers read) lists each module's public names."""
    import importlib

    import ibwire.facade as facade

    for mod in ("contract", "order", "objects", "ticker", "watchdog", "flexreport"):
        names = importlib.import_module(f"ibwire.facade.{mod}").__all__
        assert [n for n in names if n not in facade.__all__] == [], mod
    assert [n for n in facade.__all__ if not hasattr(ibwire, n)] == []
