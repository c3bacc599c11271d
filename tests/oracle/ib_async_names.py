"""Dump the public names of ib_async (run with ib_async on the path): what an ib_async user reaches for."""

from __future__ import annotations

import dataclasses
import inspect
import json

import ib_async
from ib_async import IB, Ticker, Trade, util


def public(names: object) -> list[str]:
    return sorted(n for n in names if not n.startswith("_"))  # type: ignore[attr-defined]


def fields(obj: object) -> list[str] | None:
    if dataclasses.is_dataclass(obj):
        return [f.name for f in dataclasses.fields(obj)]
    if isinstance(obj, type) and issubclass(obj, tuple) and hasattr(obj, "_fields"):
        return list(obj._fields)
    return None


ib = IB()
out = {
    "top": sorted(ib_async.__all__),
    "IB": public(set(dir(IB)) | set(vars(ib))),
    "IB.events": list(IB.events),
    "Ticker": public(set(dir(Ticker)) | {f.name for f in dataclasses.fields(Ticker)}),
    "Trade": public(set(dir(Trade)) | {f.name for f in dataclasses.fields(Trade)}),
    "util": public(n for n in dir(util) if inspect.isfunction(getattr(util, n))
                   and getattr(util, n).__module__ == util.__name__),
    "fields": {n: f for n in ib_async.__all__ if (f := fields(getattr(ib_async, n))) is not None},
    "kinds": {n: ("namedtuple" if isinstance(getattr(ib_async, n), type) and issubclass(getattr(ib_async, n), tuple)
                  else "dataclass" if dataclasses.is_dataclass(getattr(ib_async, n)) else "other")
              for n in ib_async.__all__},
}
print(json.dumps(out))
