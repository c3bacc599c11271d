"""``Ticker``: the live market data of one contract, and its depth levels."""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sortedcontainers import SortedDict  # type: ignore[import-untyped]

from ..model import Contract
from .events import Event

__all__ = ["Ticker", "DOMLevel"]

nan = math.nan


@dataclass
class DOMLevel:
    price: float
    size: Decimal
    marketMaker: str = ""


@dataclass(eq=False)
class Ticker:
    """Live market data of one contract, updated in place by every tick."""

    contract: Contract
    time: _dt.datetime | None = None
    marketDataType: int = 1
    bid: float = nan
    bidSize: Decimal | float = nan
    ask: float = nan
    askSize: Decimal | float = nan
    last: float = nan
    lastSize: Decimal | float = nan
    volume: Decimal | float = nan
    open: float = nan
    high: float = nan
    low: float = nan
    close: float = nan
    halted: float = nan
    modelGreeks: Any = None
    ticks: list[Any] = field(default_factory=list)
    tickByTicks: list[Any] = field(default_factory=list)
    domTicks: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.updateEvent = Event("updateEvent")
        self._bids: SortedDict = SortedDict()
        self._asks: SortedDict = SortedDict()
        self._rows: dict[int, list[tuple[float, Decimal, str]]] = {0: [], 1: []}

    @property
    def domBids(self) -> list[DOMLevel]:
        return [DOMLevel(p, s, m) for p, s, m in self._rows[1]]

    @property
    def domAsks(self) -> list[DOMLevel]:
        return [DOMLevel(p, s, m) for p, s, m in self._rows[0]]

    def midpoint(self) -> float:
        return (self.bid + self.ask) / 2 if self.bid == self.bid and self.ask == self.ask else nan

    def marketPrice(self) -> float:
        mid = self.midpoint()
        if self.last == self.last and (mid != mid or self.bid <= self.last <= self.ask):
            return self.last
        return mid if mid == mid else self.close
