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
import threading
from collections.abc import Callable, Iterable
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

__all__ = ["Ticker", "DOMLevel"]

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
    if value is None or (isinstance(value, (list, builtins.dict)) and not value):
        return True  # never set: None, an empty list or dict
    if _is_nan(value) and _is_nan(default):
        return True
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
        self.updateEvent = TickerUpdateEvent("updateEvent")
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
            if self.isUnset(value) if f.name in _UNSET_FIELDS else _at_default(value, _default(f)):
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


# --- ib_async's tick filters and bar aggregators on ``Ticker.updateEvent`` ----------------------------------

def _chain(source: Event, listener: Callable[..., Any]) -> None:
    """Connect a filter or bar maker to its source: held strongly and run on the emitting thread (the
    dispatch thread, where the cycle's ticks are current), wherever it was made."""
    direct = getattr(source, "_connect_direct", None)  # events that otherwise hold bound methods weakly
    if direct is not None:
        direct(listener)
    else:
        source.connect(listener)


class TickerUpdateEvent(Event):
    """A Ticker's ``updateEvent(ticker)``, with ib_async's filters of this cycle's ticks: ``trades()``,
    ``bids()``, ``asks()``, ``bidasks()`` emit ``(time, price, size)`` per tick of their kinds,
    ``midpoints()`` the midpoint once per cycle; each aggregates into bars with ``timebars(timer)``,
    ``tickbars(count)`` or ``volumebars(volume)``. Everything runs on the dispatch thread."""

    def trades(self) -> Tickfilter:
        """Trade ticks (last, last size, rtVolume, delayed last)."""
        return Tickfilter((4, 5, 48, 68, 71), self)

    def bids(self) -> Tickfilter:
        return Tickfilter((0, 1, 66, 69), self)

    def asks(self) -> Tickfilter:
        return Tickfilter((2, 3, 67, 70), self)

    def bidasks(self) -> Tickfilter:
        return Tickfilter((0, 1, 66, 69, 2, 3, 67, 70), self)

    def midpoints(self) -> Tickfilter:
        """The ticker's midpoint, once per cycle that brought ticks."""
        return Midpoints((), self)


class Tickfilter(Event):
    """An event of ``(time, price, size)`` for the ticks of ``tickTypes`` in each update of ``source``."""

    def __init__(self, tickTypes: Iterable[int], source: Event | None = None) -> None:
        super().__init__(type(self).__name__)
        self._tickTypes = frozenset(tickTypes)
        if source is not None:
            _chain(source, self.on_source)

    def on_source(self, ticker: Ticker) -> None:
        for t in ticker.ticks:
            if t.tickType in self._tickTypes:
                self.emit(t.time, t.price, t.size)

    def timebars(self, timer: Event) -> TimeBars:
        """Bars of these ticks, a new one each time ``timer`` emits (a time); emits each bar completed."""
        return TimeBars(timer, self)

    def tickbars(self, count: int) -> TickBars:
        """Bars of ``count`` ticks each; emits the bar list when a bar is complete."""
        return TickBars(count, self)

    def volumebars(self, volume: float) -> VolumeBars:
        """Bars of at least ``volume`` each; emits the bar list when a bar is complete."""
        return VolumeBars(volume, self)


class Midpoints(Tickfilter):
    def on_source(self, ticker: Ticker) -> None:
        if ticker.ticks:
            self.emit(ticker.time, ticker.midpoint(), 0)


@dataclass
class Bar:
    """A bar aggregated from ticks."""

    time: _dt.datetime | None
    open: float = nan
    high: float = nan
    low: float = nan
    close: float = nan
    volume: float = 0
    count: int = 0


class BarList(list[Bar]):
    """Bars being aggregated; ``updateEvent(bars, hasNewBar)``."""

    def __init__(self, *args: Iterable[Bar]) -> None:
        super().__init__(*args)
        self.updateEvent = Event("updateEvent")

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:  # type: ignore[override]
        return id(self)


class _Bars(Event):
    def __init__(self, source: Event | None) -> None:
        super().__init__(type(self).__name__)
        self.bars = BarList()
        self._bars_lock = threading.Lock()  # ticks come on the dispatch thread, a timer may fire on another
        if source is not None:
            _chain(source, self.on_source)

    #: what each kind of bars does with a trade (time, price, size) of its source
    on_source: Callable[[_dt.datetime | None, float, float], None]


def _add(bar: Bar, price: float, size: float) -> None:
    bar.high = max(bar.high, price)
    bar.low = min(bar.low, price)
    bar.close = price
    bar.volume += size
    bar.count += 1


class TimeBars(_Bars):
    """Bars timed by ``timer``: each time it emits, the bar being built is done and a new one starts."""

    def __init__(self, timer: Event, source: Event | None = None) -> None:
        super().__init__(source)
        _chain(timer, self._on_timer)

    def on_source(self, time: _dt.datetime | None, price: float, size: float) -> None:
        with self._bars_lock:
            if not self.bars:
                return
            bar = self.bars[-1]
            if bar.open != bar.open:
                bar.open = bar.high = bar.low = price
            _add(bar, price, size)
        self.bars.updateEvent.emit(self.bars, False)

    def _on_timer(self, time: _dt.datetime) -> None:
        done: Bar | None = None
        with self._bars_lock:
            if self.bars:
                done = self.bars[-1]
                if done.close != done.close and len(self.bars) > 1:  # no tick: the last close carries on
                    done.open = done.high = done.low = done.close = self.bars[-2].close
            self.bars.append(Bar(time))
        if done is not None:
            self.bars.updateEvent.emit(self.bars, True)
            self.emit(done)


class TickBars(_Bars):
    """Bars of ``count`` ticks."""

    def __init__(self, count: int, source: Event | None = None) -> None:
        super().__init__(source)
        self._count = count

    def on_source(self, time: _dt.datetime | None, price: float, size: float) -> None:
        with self._bars_lock:
            if not self.bars or self.bars[-1].count == self._count:
                bar = Bar(time, price, price, price, price, size, 1)
                self.bars.append(bar)
            else:
                bar = self.bars[-1]
                _add(bar, price, size)
            complete = bar.count == self._count
        if complete:
            self.bars.updateEvent.emit(self.bars, True)
            self.emit(self.bars)


class VolumeBars(_Bars):
    """Bars of at least ``volume`` each."""

    def __init__(self, volume: float, source: Event | None = None) -> None:
        super().__init__(source)
        self._volume = volume

    def on_source(self, time: _dt.datetime | None, price: float, size: float) -> None:
        with self._bars_lock:
            if not self.bars or self.bars[-1].volume >= self._volume:
                bar = Bar(time, price, price, price, price, size, 1)
                self.bars.append(bar)
            else:
                bar = self.bars[-1]
                _add(bar, price, size)
            complete = bar.volume >= self._volume
        if complete:
            self.bars.updateEvent.emit(self.bars, True)
            self.emit(self.bars)
