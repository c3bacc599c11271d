"""``Ticker``: the live market data of one contract, with its depth book and this update cycle's ticks.

The fields, their order and defaults are ib_async 2.1's, so code reading a Ticker moves over unchanged.
Sizes are ``float`` and times aware UTC datetimes. ``ticks``, ``tickByTicks`` and ``domTicks`` hold the
ticks of the current update cycle only (one delivered batch of messages): they are replaced by empty
lists when the next cycle starts, after ``updateEvent`` and ``pendingTickersEvent`` have shown them.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as _dt
import math
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple, Union

from ..model import Contract
from ._data import DataMixin
from .events import Event
from .objects import (
    Dividends,
    FundamentalRatios,
    IBDefaults,
    MktDepthData,
    OptionComputation,
    TickByTickAllLast,
    TickByTickBidAsk,
    TickByTickMidPoint,
    TickData,
)

__all__ = ["Ticker", "DOMLevel", "EfpData"]

nan = math.nan

TickByTick = Union[TickByTickAllLast, TickByTickBidAsk, TickByTickMidPoint]


class DOMLevel(NamedTuple):
    """One row of a depth book."""

    price: float
    size: float
    marketMaker: str = ""


@dataclass(slots=True, frozen=True)
class EfpData:
    """Exchange-for-physical quote of a single stock future (tick types 38-44, ``tickEFP``)."""

    basisPoints: float
    formattedBasisPoints: str
    impliedFuture: float
    holdDays: int
    futureLastTradeDate: str
    dividendImpact: float
    dividendsToLastTradeDate: float


#: the fields whose "never set" value is ``defaults.unset`` (NaN unless the defaults say otherwise)
_UNSET_FIELDS = (
    "minTick", "bid", "bidSize", "ask", "askSize", "last", "lastSize", "prevBid", "prevBidSize", "prevAsk",
    "prevAskSize", "prevLast", "prevLastSize", "volume", "open", "high", "low", "close", "vwap", "low13week",
    "high13week", "low26week", "high26week", "low52week", "high52week", "bidYield", "askYield", "lastYield",
    "markPrice", "halted", "rtHistVolatility", "rtVolume", "rtTradeVolume", "avVolume", "tradeCount",
    "tradeRate", "volumeRate", "volumeRate3Min", "volumeRate5Min", "volumeRate10Min", "shortable",
    "shortableShares", "indexFuturePremium", "futuresOpenInterest", "putOpenInterest", "callOpenInterest",
    "putVolume", "callVolume", "avOptionVolume", "histVolatility", "impliedVolatility", "auctionVolume",
    "auctionPrice", "auctionImbalance", "regulatoryImbalance", "openInterest", "lastRthTrade",
    "bondFactorMultiplier", "creditmanMarkPrice", "creditmanSlowMarkPrice", "delayedHalted", "etfNavClose",
    "etfNavPriorClose", "etfNavBid", "etfNavAsk", "etfNavLast", "etfFrozenNavLast", "etfNavHigh", "etfNavLow",
    "estimatedIpoMidpoint", "finalIpoLast",
)

#: left out of the repr: this cycle's ticks (bounded, but noise), the book again by position, the defaults
_NOT_IN_REPR = frozenset({"ticks", "tickByTicks", "domTicks", "domBidsDict", "domAsksDict", "defaults", "created"})


def _is_nan(x: object) -> bool:
    return isinstance(x, float) and x != x


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


def _at_default(value: Any, default: Any) -> bool:
    if value is None or (_is_nan(value)) or (isinstance(value, (list, builtins.dict)) and not value):
        return True  # never set: None, NaN, an empty list or dict
    try:
        return bool(value == default)
    except Exception:  # noqa: BLE001 - a value that cannot be compared is set
        return False


@dataclass(eq=False, repr=False)
class Ticker(DataMixin):
    """Current market data of a contract: quotes, sizes, statistics, greeks, the depth book.

    ``ib.reqMktData``, ``reqTickByTickData``, ``reqMktDepth`` and ``reqTickers`` of one contract share
    one Ticker. Fields never set are ``defaults.unset`` (NaN), ``None`` or empty. Bid and ask of a side
    without quotes are ``defaults.emptyPrice`` (-1) with ``defaults.emptySize`` (0), as TWS sends them.

    Events: ``updateEvent(ticker)``, after each update cycle that changed it (on the dispatch thread).
    """

    events: ClassVar[builtins.tuple[str, ...]] = ("updateEvent",)

    contract: Contract | None = None
    time: _dt.datetime | None = None
    timestamp: float | None = None
    marketDataType: int = 1
    minTick: float = nan
    bid: float = nan
    bidSize: float = nan
    bidExchange: str = ""
    ask: float = nan
    askSize: float = nan
    askExchange: str = ""
    last: float = nan
    lastSize: float = nan
    lastExchange: str = ""
    lastTimestamp: _dt.datetime | None = None
    prevBid: float = nan
    prevBidSize: float = nan
    prevAsk: float = nan
    prevAskSize: float = nan
    prevLast: float = nan
    prevLastSize: float = nan
    volume: float = nan
    open: float = nan
    high: float = nan
    low: float = nan
    close: float = nan
    vwap: float = nan
    low13week: float = nan
    high13week: float = nan
    low26week: float = nan
    high26week: float = nan
    low52week: float = nan
    high52week: float = nan
    bidYield: float = nan
    askYield: float = nan
    lastYield: float = nan
    markPrice: float = nan
    halted: float = nan
    rtHistVolatility: float = nan
    rtVolume: float = nan
    rtTradeVolume: float = nan
    rtTime: _dt.datetime | None = None
    avVolume: float = nan
    tradeCount: float = nan
    tradeRate: float = nan
    volumeRate: float = nan
    volumeRate3Min: float = nan
    volumeRate5Min: float = nan
    volumeRate10Min: float = nan
    shortable: float = nan
    shortableShares: float = nan
    indexFuturePremium: float = nan
    futuresOpenInterest: float = nan
    putOpenInterest: float = nan
    callOpenInterest: float = nan
    putVolume: float = nan
    callVolume: float = nan
    avOptionVolume: float = nan
    histVolatility: float = nan
    impliedVolatility: float = nan
    openInterest: float = nan
    lastRthTrade: float = nan
    lastRegTime: str = ""
    optionBidExch: str = ""
    optionAskExch: str = ""
    bondFactorMultiplier: float = nan
    creditmanMarkPrice: float = nan
    creditmanSlowMarkPrice: float = nan
    delayedLastTimestamp: _dt.datetime | None = None
    delayedHalted: float = nan
    reutersMutualFunds: str = ""
    etfNavClose: float = nan
    etfNavPriorClose: float = nan
    etfNavBid: float = nan
    etfNavAsk: float = nan
    etfNavLast: float = nan
    etfFrozenNavLast: float = nan
    etfNavHigh: float = nan
    etfNavLow: float = nan
    socialMarketAnalytics: str = ""
    estimatedIpoMidpoint: float = nan
    finalIpoLast: float = nan
    dividends: Dividends | None = None
    fundamentalRatios: FundamentalRatios | None = None
    ticks: list[TickData] = field(default_factory=list)
    tickByTicks: list[TickByTick] = field(default_factory=list)
    domBids: list[DOMLevel] = field(default_factory=list)
    domBidsDict: builtins.dict[int, DOMLevel] = field(default_factory=dict)
    domAsks: list[DOMLevel] = field(default_factory=list)
    domAsksDict: builtins.dict[int, DOMLevel] = field(default_factory=dict)
    domTicks: list[MktDepthData] = field(default_factory=list)
    bidGreeks: OptionComputation | None = None
    askGreeks: OptionComputation | None = None
    lastGreeks: OptionComputation | None = None
    modelGreeks: OptionComputation | None = None
    custGreeks: OptionComputation | None = None
    bidEfp: EfpData | None = None
    askEfp: EfpData | None = None
    lastEfp: EfpData | None = None
    openEfp: EfpData | None = None
    highEfp: EfpData | None = None
    lowEfp: EfpData | None = None
    closeEfp: EfpData | None = None
    auctionVolume: float = nan
    auctionPrice: float = nan
    auctionImbalance: float = nan
    regulatoryImbalance: float = nan
    bboExchange: str = ""
    snapshotPermissions: int = 0

    defaults: IBDefaults = field(default_factory=IBDefaults)
    created: bool = False

    def __post_init__(self) -> None:
        self.updateEvent = Event("updateEvent")
        if not self.created:  # a copy made with dataclasses.replace keeps its values
            unset = self.defaults.unset
            if not _is_nan(unset):
                for name in _UNSET_FIELDS:
                    if _is_nan(getattr(self, name)):  # values given to the constructor stay
                        setattr(self, name, unset)
            self.created = True

    __hash__ = object.__hash__  # one Ticker is one Ticker (identity), as in ib_async

    def __repr__(self) -> str:
        parts = []
        for f in dataclasses.fields(self):
            if f.name in _NOT_IN_REPR:
                continue
            value = getattr(self, f.name)
            if _at_default(value, _default(f)) or (f.name in _UNSET_FIELDS and self.isUnset(value)):
                continue
            parts.append(f"{f.name}={value!r}")
        return f"Ticker({', '.join(parts)})"

    __str__ = __repr__

    # --- prices ---------------------------------------------------------------------------------------

    def isUnset(self, value: Any) -> bool:
        """Whether ``value`` is the "never set" value of these defaults."""
        dev = self.defaults.unset
        return bool((dev != dev and value != value) or value == dev)

    def hasBidAsk(self) -> bool:
        """A real bid and ask, both with size."""
        return (self.bid != -1 and not self.isUnset(self.bid) and self.bidSize > 0
                and self.ask != -1 and not self.isUnset(self.ask) and self.askSize > 0)

    def midpoint(self) -> float:
        """The mean of bid and ask, or ``defaults.unset`` without a real bid and ask."""
        return (self.bid + self.ask) * 0.5 if self.hasBidAsk() else float(self.defaults.unset)

    def marketPrice(self) -> float:
        """The last price if it lies within bid and ask (or there is no bid and ask), else the midpoint."""
        if self.hasBidAsk():
            return self.last if self.bid <= self.last <= self.ask else self.midpoint()
        return self.last
