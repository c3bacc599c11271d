"""Market data: tickers fed by quotes, tick-by-tick and depth streams; snapshots; option computations.

One :class:`Ticker` per contract (a qualified contract is known by its conId, an unqualified one by the
object), shared by every stream of that contract, as in ib_async. Ticks are applied as ib_async 2.1
applies them (previous values, TWS's empty-side -1/0, string and generic ticks parsed into fields); an
update cycle is one delivered batch of messages: after it, each changed Ticker's ``updateEvent`` and then
``ib.pendingTickersEvent`` fire, and when the next cycle starts the tickers' ``ticks``, ``tickByTicks``
and ``domTicks`` are replaced by empty lists, so they never grow beyond one cycle.

Where ib_async 2.1 is wrong we do the right thing, deliberately:

- tick-by-tick ticks carry the time TWS gives them (ib_async stamps them with their arrival time);
- a missing vega or theta (TWS's -2) is ``None`` in an :class:`OptionComputation` (ib_async keeps -2);
- depth ``insert`` at a row shifts the rows below it down and ``delete`` shifts them up, as the API
  defines the operations (ib_async overwrites and leaves a gap); the books agree whenever TWS inserts
  and deletes at the bottom of a side;
- ``cancelMktDepth`` sends the cancel with the subscription's own ``isSmartDepth``.
"""

from __future__ import annotations

import datetime as _dt
import logging
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..model import Contract, TagValue
from ..model.const import UNSET_DECIMAL
from ..protocol._core.base import PRICE_SIZE
from ..wrapper import EWrapper
from ._core import Core, _when_all, awaitable, blocking
from .events import Event
from .objects import (
    Dividends,
    FundamentalRatios,
    MktDepthData,
    NewsTick,
    OptionComputation,
    TickByTickAllLast,
    TickByTickBidAsk,
    TickByTickMidPoint,
    TickData,
)
from .ticker import DOMLevel, EfpData, Ticker

if TYPE_CHECKING:
    from .ib import IB

__all__: list[str] = []

logger = logging.getLogger("ibwire.ib")

_UTC = _dt.timezone.utc

PRICE_TICK_MAP: dict[int, str] = {
    6: "high", 72: "high", 7: "low", 73: "low", 9: "close", 75: "close", 14: "open", 76: "open",
    15: "low13week", 16: "high13week", 17: "low26week", 18: "high26week", 19: "low52week", 20: "high52week",
    35: "auctionPrice", 37: "markPrice", 50: "bidYield", 103: "bidYield", 51: "askYield", 104: "askYield",
    52: "lastYield", 57: "lastRthTrade", 78: "creditmanMarkPrice", 79: "creditmanSlowMarkPrice",
    92: "etfNavClose", 93: "etfNavPriorClose", 94: "etfNavBid", 95: "etfNavAsk", 96: "etfNavLast",
    97: "etfFrozenNavLast", 98: "etfNavHigh", 99: "etfNavLow", 101: "estimatedIpoMidpoint", 102: "finalIpoLast",
}
SIZE_TICK_MAP: dict[int, str] = {
    8: "volume", 74: "volume", 63: "volumeRate3Min", 64: "volumeRate5Min", 65: "volumeRate10Min",
    21: "avVolume", 22: "openInterest", 27: "callOpenInterest", 28: "putOpenInterest", 29: "callVolume",
    30: "putVolume", 34: "auctionVolume", 36: "auctionImbalance", 61: "regulatoryImbalance",
    86: "futuresOpenInterest", 87: "avOptionVolume", 89: "shortableShares",
}
GENERIC_TICK_MAP: dict[int, str] = {
    23: "histVolatility", 24: "impliedVolatility", 31: "indexFuturePremium", 46: "shortable", 49: "halted",
    54: "tradeCount", 55: "tradeRate", 56: "volumeRate", 58: "rtHistVolatility", 60: "bondFactorMultiplier",
    90: "delayedHalted",
}
GREEKS_TICK_MAP: dict[int, str] = {
    10: "bidGreeks", 80: "bidGreeks", 11: "askGreeks", 81: "askGreeks", 12: "lastGreeks", 82: "lastGreeks",
    13: "modelGreeks", 83: "modelGreeks", 53: "custGreeks",
}
EFP_TICK_MAP: dict[int, str] = {38: "bidEfp", 39: "askEfp", 40: "lastEfp", 41: "openEfp", 42: "highEfp",
                                43: "lowEfp", 44: "closeEfp"}
STRING_TICK_MAP: dict[int, str] = {
    25: "optionBidExch", 26: "optionAskExch", 32: "bidExchange", 33: "askExchange", 84: "lastExchange",
    85: "lastRegTime", 91: "reutersMutualFunds", 100: "socialMarketAnalytics",
}
TIMESTAMP_TICK_MAP: dict[int, str] = {45: "lastTimestamp", 88: "delayedLastTimestamp"}
RT_VOLUME_TICK_MAP: dict[int, str] = {48: "rtVolume", 77: "rtTradeVolume"}

#: tick-by-tick types, as reqTickByTickData names them
_TBT_KINDS = frozenset({"Last", "AllLast", "BidAsk", "MidPoint"})


_UNSET_SIZE = float(UNSET_DECIMAL)
_new = tuple.__new__


#: sizes already converted: ``float(Decimal)`` takes ~0.4 us, a look-up ~0.04 us, and sizes repeat (round lots,
#: the same quote size again and again); emptied when full (a volume that only grows fills it slowly)
_FLOATS: dict[Decimal | float, float] = {}
_FLOATS_MAX = 2048


def _size(size: Decimal | float | None) -> float:
    """A size as ib_async gives it: a float, 0 where TWS sent none."""
    if size is None:
        return 0.0
    try:
        f = _FLOATS.get(size)
    except TypeError:  # unhashable (a signaling NaN): converted as it is
        f = None
    if f is not None:
        return f
    f = float(size)
    if f == _UNSET_SIZE:
        return 0.0
    if f and f == f:  # zeros are not kept (0 and -0 are equal keys with different floats), nor NaN
        if len(_FLOATS) >= _FLOATS_MAX:
            _FLOATS.clear()
        _FLOATS[size] = f
    return f


def _ib_date(s: str) -> _dt.date | _dt.datetime:
    """A date of a dividends tick: YYYYMMDD (epoch seconds also read, as UTC)."""
    if len(s) == 8 and s.isdigit():
        return _dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
    if s.isdigit():
        return _dt.datetime.fromtimestamp(int(s), _UTC)
    raise ValueError(f"not an IB date: {s!r}")


def _contract_key(c: Contract) -> Hashable:
    """What makes two contracts the same instrument for a Ticker (ib_async: ``hash(contract)``)."""
    if c.secType == "BAG":
        legs = tuple(sorted((leg.conId, leg.ratio, leg.action, leg.exchange) for leg in (c.comboLegs or [])))
        return ("BAG", legs, c.symbol, c.exchange)
    if c.conId:
        return -c.conId if c.secType == "CONTFUT" else c.conId
    return ("object", id(c))  # unqualified: this very object (the Ticker keeps it alive)


@dataclass(eq=False)
class _Sub:
    """One subscription feeding a Ticker: enough to request it again and to cancel it."""

    ticker: Ticker
    contract: Contract
    kind: str  # "mktData", "snapshot" (reqTickers), "mktDepth", or a tick-by-tick type ("Last", "BidAsk", ...)
    genericTickList: str = ""
    snapshot: bool = False
    options: list[TagValue] | None = None
    numberOfTicks: int = 0
    ignoreSize: bool = False
    numRows: int = 5
    isSmartDepth: bool = False

    @property
    def streams(self) -> bool:
        """A subscription (requested again after a reconnect), not a snapshot."""
        return not self.snapshot


class MarketCallbacks(EWrapper):
    """Ticks into tickers (on the dispatch thread)."""

    ib: IB

    #: a price tick whose size tick (the same message's) is still to come: (reqId, size tick type, price tick
    #: type, price)
    _pair: tuple[int, int, int, float] | None = None
    #: the last timestamp tick's text and its time (None for 0)
    _last_stamp: tuple[str, _dt.datetime | None] | None = None

    def _tk(self, reqId: int) -> Ticker | None:
        ib = self.ib
        if not ib._cycle_open:
            ib._begin_cycle()
        sub = ib._subs.get(reqId)
        return None if sub is None else sub.ticker

    def _tick(self, t: Ticker, tickType: int, price: float, size: float) -> None:
        t.ticks.append(_new(TickData, (self.ib._cycle_time, tickType, price, size)))

    # --- level 1 ------------------------------------------------------------------------------------

    def tickPrice(self, reqId: int, tickType: int, price: float, attrib: Any) -> None:
        st = PRICE_SIZE.get(tickType)
        if st is not None:  # bid, ask, last: applied with the size the same message brings next
            self._pair = (reqId, st, tickType, price)
            return
        self._pair = None
        self._price_size(reqId, tickType, price, 0.0)

    def tickSize(self, reqId: int, tickType: int, size: Decimal) -> None:
        pair = self._pair
        if pair is not None:
            self._pair = None
            if pair[0] == reqId and pair[1] == tickType:  # the size of the price just before: both applied
                # (the hot path: ``_price_size`` for bid, ask and last written out here, one call less per tick)
                ib = self.ib
                if not ib._cycle_open:
                    ib._begin_cycle()
                sub = ib._subs.get(reqId)
                if sub is None:
                    return
                tk = sub.ticker
                s = _size(size)
                kind, price = pair[2], pair[3]
                if kind == 1 or kind == 66:
                    if s == 0:
                        price, s = tk.defaults.emptyPrice, tk.defaults.emptySize
                    tk.prevBid, tk.prevBidSize, tk.bid, tk.bidSize = tk.bid, tk.bidSize, price, s
                elif kind == 2 or kind == 67:
                    if s == 0:
                        price, s = tk.defaults.emptyPrice, tk.defaults.emptySize
                    tk.prevAsk, tk.prevAskSize, tk.ask, tk.askSize = tk.ask, tk.askSize, price, s
                else:  # 4, 68: last
                    if price == -1 and s == 0 and tk.close > 0:
                        price, s = tk.defaults.emptyPrice, tk.defaults.emptySize
                    tk.prevLast, tk.prevLastSize, tk.last, tk.lastSize = tk.last, tk.lastSize, price, s
                if price or s:
                    tk.ticks.append(_new(TickData, (ib._cycle_time, kind, price, s)))  # TickData(...), at C speed
                ib._pending_tickers.add(tk)
                return
        t = self._tk(reqId)
        if t is None:
            return
        s = _size(size)
        d = t.defaults
        price = d.emptyPrice
        if tickType in (0, 69):
            if s == t.bidSize:
                return
            t.prevBidSize = t.bidSize
            if s == 0:
                t.bid, t.bidSize = d.emptyPrice, d.emptySize
            else:
                price, t.bidSize = t.bid, s
        elif tickType in (3, 70):
            if s == t.askSize:
                return
            t.prevAskSize = t.askSize
            if s == 0:
                t.ask, t.askSize = d.emptyPrice, d.emptySize
            else:
                price, t.askSize = t.ask, s
        elif tickType in (5, 71):
            price = t.last
            if t.isUnset(price):
                return
            if s != t.lastSize:
                t.prevLastSize, t.lastSize = t.lastSize, s
        else:
            name = SIZE_TICK_MAP.get(tickType)
            if name is None:
                logger.debug("tickSize: unknown tick type %s", tickType)
                return
            setattr(t, name, s)
        if price or s:
            t.ticks.append(_new(TickData, (self.ib._cycle_time, tickType, price, s)))
        self.ib._pending_tickers.add(t)

    def _price_size(self, reqId: int, tickType: int, price: float, size: float) -> None:
        """A price with its size (ib_async's ``priceSizeTick``)."""
        ib = self.ib
        if not ib._cycle_open:
            ib._begin_cycle()
        sub = ib._subs.get(reqId)
        if sub is None:
            return
        t = sub.ticker
        if tickType == 1 or tickType == 66:
            if size == 0:
                price, size = t.defaults.emptyPrice, t.defaults.emptySize
            t.prevBid, t.prevBidSize, t.bid, t.bidSize = t.bid, t.bidSize, price, size
        elif tickType == 2 or tickType == 67:
            if size == 0:
                price, size = t.defaults.emptyPrice, t.defaults.emptySize
            t.prevAsk, t.prevAskSize, t.ask, t.askSize = t.ask, t.askSize, price, size
        elif tickType == 4 or tickType == 68:
            if price == -1 and size == 0 and t.close > 0:
                price, size = t.defaults.emptyPrice, t.defaults.emptySize
            t.prevLast, t.prevLastSize, t.last, t.lastSize = t.last, t.lastSize, price, size
        else:
            name = PRICE_TICK_MAP.get(tickType)
            if name is None:
                logger.debug("tickPrice: unknown tick type %s", tickType)
                return
            setattr(t, name, price)
        if price or size:
            t.ticks.append(_new(TickData, (ib._cycle_time, tickType, price, size)))  # TickData(...), at C speed
        ib._pending_tickers.add(t)

    def tickGeneric(self, reqId: int, tickType: int, value: float) -> None:
        t = self._tk(reqId)
        if t is None:
            return
        try:
            v = float(value)
        except (TypeError, ValueError):
            logger.error("tickGeneric %s: malformed value %r", tickType, value)
            return
        v = v if v > 0 else t.defaults.emptySize
        name = GENERIC_TICK_MAP.get(tickType)
        if name is None:
            logger.debug("tickGeneric: unknown tick type %s", tickType)
            return
        setattr(t, name, v)
        self._tick(t, tickType, v, 0.0)
        self.ib._pending_tickers.add(t)

    def tickString(self, reqId: int, tickType: int, value: str) -> None:
        t = self._tk(reqId)
        if t is None:
            return
        try:
            if tickType in STRING_TICK_MAP:
                setattr(t, STRING_TICK_MAP[tickType], value)
            elif tickType in TIMESTAMP_TICK_MAP:
                last = self._last_stamp  # the same second comes again and again: converted once
                if last is not None and last[0] == value:
                    when = last[1]
                else:
                    stamp = int(value)
                    when = _dt.datetime.fromtimestamp(stamp, _UTC) if stamp else None  # 0: no trade yet
                    self._last_stamp = (value, when)
                if when is not None:
                    setattr(t, TIMESTAMP_TICK_MAP[tickType], when)
            elif tickType == 47:
                t.fundamentalRatios = _ratios(value)
            elif tickType in RT_VOLUME_TICK_MAP:
                self._rt_volume(t, tickType, value)
            elif tickType == 59:
                past12, next12, nextDate, nextAmount = value.split(",")
                t.dividends = Dividends(float(past12) if past12 else None, float(next12) if next12 else None,
                                        _ib_date(nextDate) if nextDate else None,
                                        float(nextAmount) if nextAmount else None)
            else:
                logger.debug("tickString %s: unhandled value %r", tickType, value)
        except ValueError:
            logger.error("tickString %s: malformed value %r", tickType, value)
            return
        self.ib._pending_tickers.add(t)

    def _rt_volume(self, t: Ticker, tickType: int, value: str) -> None:
        """``price;size;ms since epoch;total volume;VWAP;single trade``: last trade, volume, vwap, rtTime."""
        price, size, rt_time, volume, vwap, _ = value.split(";")
        if volume:
            setattr(t, RT_VOLUME_TICK_MAP[tickType], float(volume))
        if vwap:
            t.vwap = float(vwap)
        if rt_time:
            t.rtTime = _dt.datetime.fromtimestamp(int(rt_time) / 1000, _UTC)
        if price == "":
            return
        p, s = float(price), float(size)
        t.prevLast, t.prevLastSize, t.last, t.lastSize = t.last, t.lastSize, p, s
        self._tick(t, tickType, p, s)

    def tickEFP(self, reqId: int, tickType: int, basisPoints: float, formattedBasisPoints: str,
                totalDividends: float, holdDays: int, futureLastTradeDate: str, dividendImpact: float,
                dividendsToLastTradeDate: float) -> None:
        t = self._tk(reqId)
        name = EFP_TICK_MAP.get(tickType)
        if t is None or name is None:
            return
        # TWS's "totalDividends" is the implied futures price
        setattr(t, name, EfpData(basisPoints, formattedBasisPoints, totalDividends, holdDays, futureLastTradeDate,
                                 dividendImpact, dividendsToLastTradeDate))
        self.ib._pending_tickers.add(t)

    def tickOptionComputation(self, reqId: int, tickType: int, tickAttrib: int, impliedVol: float | None,
                              delta: float | None, optPrice: float | None, pvDividend: float | None,
                              gamma: float | None, vega: float | None, theta: float | None,
                              undPrice: float | None) -> None:
        def no(x: float | None, missing: float) -> float | None:
            return None if x is None or x == missing else x

        comp = OptionComputation(tickAttrib or 0, no(impliedVol, -1), no(delta, -2), no(optPrice, -1),
                                 no(pvDividend, -1), no(gamma, -2), no(vega, -2), no(theta, -2), no(undPrice, -1))
        ib = self.ib
        t = self._tk(reqId)
        if t is not None:
            name = GREEKS_TICK_MAP.get(tickType)
            if name is not None:
                setattr(t, name, comp)
                ib._pending_tickers.add(t)
        elif ib._get(reqId) is not None:
            ib._finish(reqId, comp)  # calculateOptionPrice / calculateImpliedVolatility

    def tickReqParams(self, tickerId: int, minTick: float, bboExchange: str, snapshotPermissions: int) -> None:
        t = self._tk(tickerId)
        if t is not None:
            t.minTick, t.bboExchange, t.snapshotPermissions = minTick, bboExchange, snapshotPermissions

    def marketDataType(self, reqId: int, marketDataType: int) -> None:
        t = self._tk(reqId)
        if t is not None:
            t.marketDataType = marketDataType

    def tickSnapshotEnd(self, reqId: int) -> None:
        ib = self.ib
        sub = ib._subs.get(reqId)
        if sub is not None and sub.snapshot:
            ib._subs.pop(reqId, None)
        if sub is not None and sub.ticker in ib._pending_tickers:
            # the caller gets the ticker now, before the batch ends: stamped as the batch's end will stamp it
            sub.ticker.time = ib._cycle_time
            sub.ticker.timestamp = ib._cycle_time.timestamp()
        ib._finish(reqId, None if sub is None else sub.ticker)

    def tickNews(self, tickerId: int, timeStamp: int, providerCode: str, articleId: str, headline: str,
                 extraData: str) -> None:
        ib = self.ib
        news = NewsTick(timeStamp, providerCode, articleId, headline, extraData)
        ib._news_ticks.append(news)
        ib.tickNewsEvent.emit(news)

    # --- tick by tick -------------------------------------------------------------------------------

    def tickByTickAllLast(self, reqId: int, tickType: int, time: int, price: float, size: Decimal,
                          tickAttribLast: Any, exchange: str, specialConditions: str) -> None:
        t = self._tk(reqId)
        if t is None:
            return
        s = _size(size)
        if price == -1 and s == 0:
            price, s = t.defaults.emptyPrice, t.defaults.emptySize
        t.prevLast, t.prevLastSize, t.last, t.lastSize = t.last, t.lastSize, price, s
        t.tickByTicks.append(TickByTickAllLast(tickType, _dt.datetime.fromtimestamp(time, _UTC), price, s,
                                               tickAttribLast, exchange, specialConditions))
        self.ib._pending_tickers.add(t)

    def tickByTickBidAsk(self, reqId: int, time: int, bidPrice: float, askPrice: float, bidSize: Decimal,
                         askSize: Decimal, tickAttribBidAsk: Any) -> None:
        t = self._tk(reqId)
        if t is None:
            return
        d = t.defaults
        bs, as_ = _size(bidSize), _size(askSize)
        if bidPrice != t.bid:
            t.prevBid, t.bid = t.bid, bidPrice if bidPrice > 0 else d.emptyPrice
        if bs != t.bidSize:
            t.prevBidSize, t.bidSize = t.bidSize, bs if bs > 0 else d.emptySize
        if askPrice != t.ask:
            t.prevAsk, t.ask = t.ask, askPrice if askPrice > 0 else d.emptyPrice
        if as_ != t.askSize:
            t.prevAskSize, t.askSize = t.askSize, as_ if as_ > 0 else d.emptySize
        t.tickByTicks.append(TickByTickBidAsk(_dt.datetime.fromtimestamp(time, _UTC), bidPrice, askPrice, bs, as_,
                                              tickAttribBidAsk))
        self.ib._pending_tickers.add(t)

    def tickByTickMidPoint(self, reqId: int, time: int, midPoint: float) -> None:
        t = self._tk(reqId)
        if t is None:
            return
        t.tickByTicks.append(TickByTickMidPoint(_dt.datetime.fromtimestamp(time, _UTC), midPoint))
        self.ib._pending_tickers.add(t)

    # --- depth --------------------------------------------------------------------------------------

    def error(self, reqId: int, errorTime: int, errorCode: int, errorString: str,
              advancedOrderRejectJson: str = "") -> None:
        """(Reached for errors no request took: those of streams.) 317: TWS reset a depth book, which it
        sends again: the rows go, each with a delete in ``domTicks``."""
        if errorCode == 317 and reqId in self.ib._subs:
            t = self._tk(reqId)
            if t is not None:
                now = self.ib._cycle_time
                t.domTicks += [MktDepthData(now, 0, "", 2, 0, level.price, 0.0) for level in t.domAsks]
                t.domTicks += [MktDepthData(now, 0, "", 2, 1, level.price, 0.0) for level in t.domBids]
                t.domBids, t.domAsks, t.domBidsDict, t.domAsksDict = [], [], {}, {}
                self.ib._pending_tickers.add(t)
        super().error(reqId, errorTime, errorCode, errorString, advancedOrderRejectJson)

    def updateMktDepth(self, reqId: int, position: int, operation: int, side: int, price: float,
                       size: Decimal) -> None:
        self.updateMktDepthL2(reqId, position, "", operation, side, price, size, False)

    def updateMktDepthL2(self, reqId: int, position: int, marketMaker: str, operation: int, side: int,
                         price: float, size: Decimal, isSmartDepth: bool) -> None:
        t = self._tk(reqId)
        if t is None:
            return
        s = _size(size)
        rows = list(t.domBids if side else t.domAsks)
        if operation == 0:
            rows.insert(position, DOMLevel(price, s, marketMaker))
        elif operation == 1:
            if position < len(rows):
                rows[position] = DOMLevel(price, s, marketMaker)
            else:  # an update of a row never inserted: TWS means the row
                rows.append(DOMLevel(price, s, marketMaker))
        elif operation == 2:
            s = 0.0
            if position < len(rows):
                price = rows.pop(position).price
        by_position = dict(enumerate(rows))
        if side:
            t.domBids, t.domBidsDict = rows, by_position
        else:
            t.domAsks, t.domAsksDict = rows, by_position
        t.domTicks.append(MktDepthData(self.ib._cycle_time, position, marketMaker, operation, side, price, s))
        self.ib._pending_tickers.add(t)


def _ratios(value: str) -> FundamentalRatios:
    """``TAG=value;TAG=value;...`` (generic tick 258): numbers as int or float, -99999.99 as NaN."""
    d: dict[str, Any] = dict(item.split("=") for item in value.split(";") if item)
    for k, v in d.items():
        with suppress(ValueError):
            if v == "-99999.99":
                v = "nan"
            d[k] = float(v)
            d[k] = int(v)
    return FundamentalRatios(**d)


class MarketMixin(Core):
    """Market data subscriptions and snapshots."""

    def __init__(self) -> None:
        super().__init__()
        self.pendingTickersEvent = Event("pendingTickersEvent")
        self.tickNewsEvent = Event("tickNewsEvent")
        #: the next class's ``_after_batch`` in the IB's bases, if any (looked up once, not per batch)
        self._after_batch_next: Callable[[], None] | None = getattr(super(), "_after_batch", None)

    def _reset(self) -> None:
        super()._reset()
        self._tickers: dict[Hashable, Ticker] = {}
        self._subs: dict[int, _Sub] = {}
        self._pending_tickers: set[Ticker] = set()  # changed in this (or, between cycles, the last) cycle
        self._emitted: tuple[Ticker, ...] = ()  # the tickers the last finished cycle announced
        self._cycle_open = False
        self._cycle_time = _dt.datetime.now(_UTC)
        self._news_ticks: list[NewsTick] = []

    def _is_stream(self, reqId: int) -> bool:
        return reqId in self._subs or super()._is_stream(reqId)

    def _contract_of(self, reqId: int) -> Contract | None:
        sub = self._subs.get(reqId)
        return sub.contract if sub is not None else super()._contract_of(reqId)

    # --- update cycles --------------------------------------------------------------------------------

    def _begin_cycle(self) -> None:
        """A batch of messages starts: the last cycle's ticks are done with."""
        self._cycle_open = True
        self._cycle_time = _dt.datetime.now(_UTC)
        last, self._pending_tickers, self._emitted = self._pending_tickers, set(), ()
        for t in last:
            t.ticks = []
            t.tickByTicks = []
            t.domTicks = []

    def _after_batch(self) -> None:
        """A batch has been delivered: the tickers it changed announce it."""
        after = self._after_batch_next
        if after is not None:
            after()
        if not self._cycle_open:
            self._begin_cycle()  # a batch without market data still starts a new cycle
        self._cycle_open = False
        pending = self._pending_tickers
        if not pending:
            return
        stamp = self._cycle_time
        epoch = stamp.timestamp()
        emitted = self._emitted = tuple(pending)
        for t in emitted:
            t.time = stamp
            t.timestamp = epoch
        for t in emitted:
            t.updateEvent.emit(t)
        self.pendingTickersEvent.emit(pending)

    # --- tickers and subscriptions --------------------------------------------------------------------

    def _ticker_for(self, contract: Contract) -> Ticker:
        with self._lock:  # two threads asking for one contract get one Ticker
            t = self._find(contract)
            if t is None:
                defaults = getattr(self, "defaults", None)  # IB(defaults=...): what TWS's empty values show as
                t = Ticker(contract=contract) if defaults is None else Ticker(contract=contract, defaults=defaults)
                self._tickers[_contract_key(contract)] = t
        return t

    def _find(self, contract: Contract | Ticker) -> Ticker | None:
        if isinstance(contract, Ticker):
            return contract
        key = _contract_key(contract)
        t = self._tickers.get(key)
        if t is None:
            for old, x in list(self._tickers.items()):
                if x.contract is contract:  # the very object, qualified since: known by its conId from now on
                    with self._lock:
                        if self._tickers.get(old) is x:
                            del self._tickers[old]
                            self._tickers[key] = x
                    return x
        return t

    def _subscribe(self, contract: Contract, kind: str, send: Callable[[int], None], **args: Any) -> Ticker:
        """The Ticker of ``contract``, fed by the stream ``send`` requests."""
        self._require_connected()
        req = self._req_id()
        t = self._ticker_for(contract)
        if kind == "mktDepth":
            t.domBids, t.domAsks, t.domBidsDict, t.domAsksDict = [], [], {}, {}
        self._subs[req] = _Sub(t, contract, kind, **args)
        self._stream(lambda: send(req), lambda: self._subs.pop(req, None))
        return t

    def _cancel(self, contract: Contract | Ticker, match: Callable[[_Sub], bool], name: str) -> list[_Sub]:
        """Forget the subscriptions of ``contract``'s Ticker that ``match``; sends nothing."""
        t = self._find(contract)
        found = [] if t is None else [(r, s) for r, s in list(self._subs.items()) if s.ticker is t and match(s)]
        if not found:
            logger.error("%s: no subscription for %s", name, contract)
        out = []
        for r, s in found:
            if self._subs.pop(r, None) is not None:
                out.append(s)
                self._send_cancel(r, s)
        return out

    def _send_cancel(self, req: int, s: _Sub) -> None:
        if s.kind == "mktDepth":
            self.client.cancelMktDepth(req, s.isSmartDepth)
        elif s.kind in _TBT_KINDS:
            self.client.cancelTickByTickData(req)
        else:
            self.client.cancelMktData(req)

    def _send_sub(self, req: int, s: _Sub) -> None:
        if s.kind == "mktDepth":
            t = s.ticker
            t.domBids, t.domAsks, t.domBidsDict, t.domAsksDict = [], [], {}, {}  # TWS sends the book again
            self.client.reqMktDepth(req, s.contract, s.numRows, s.isSmartDepth, s.options or [])
        elif s.kind in _TBT_KINDS:
            self.client.reqTickByTickData(req, s.contract, s.kind, s.numberOfTicks, s.ignoreSize)
        else:
            self.client.reqMktData(req, s.contract, s.genericTickList, False, False, s.options or [])

    def _resubscribe_streams(self, reconnected: bool) -> None:
        super()._resubscribe_streams(reconnected)
        subs = self._subs
        if reconnected:  # a snapshot's request died with the old connection (after 1101 it is under way)
            for old in [r for r, s in list(subs.items()) if not s.streams]:
                subs.pop(old, None)
        self._renumber(subs, None if reconnected else self._send_cancel, self._send_sub, lambda s: s.streams)

    # --- the calls ------------------------------------------------------------------------------------

    def reqMarketDataType(self, marketDataType: int) -> None:
        """The kind of market data ``reqMktData`` gets: 1 live, 2 frozen, 3 delayed, 4 delayed frozen."""
        self.client.reqMarketDataType(marketDataType)

    def reqMktData(self, contract: Contract, genericTickList: str = "", snapshot: bool = False,
                   regulatorySnapshot: bool = False, mktDataOptions: list[TagValue] | None = None) -> Ticker:
        """The :class:`Ticker` of ``contract``, kept up to date by a market data stream (``cancelMktData`` ends
        it), or filled once with ``snapshot``. ``genericTickList`` asks for more fields ("233" rtVolume...,
        "236" shortable, "258" fundamentalRatios, "456" dividends, "292" news: see ib_async's list)."""
        options = list(mktDataOptions or [])
        return self._subscribe(contract, "mktData", lambda req: self.client.reqMktData(
            req, contract, genericTickList, snapshot, regulatorySnapshot, options),
            genericTickList=genericTickList, snapshot=snapshot or regulatorySnapshot, options=options)

    def cancelMktData(self, contract: Contract | Ticker) -> bool:
        """End the market data stream of ``contract`` (or of a Ticker); False if there was none."""
        return bool(self._cancel(contract, lambda s: s.kind == "mktData", "cancelMktData"))

    def reqTickersFuture(self, *contracts: Contract, regulatorySnapshot: bool = False) -> Future[list[Ticker]]:
        """Snapshot tickers of ``contracts``, once each has its full snapshot."""
        futures: list[Future[Any]] = []
        for c in contracts:
            reqs: list[int] = []
            t = self._ticker_for(c)

            def send(req: int, c: Contract = c, t: Ticker = t, reqs: list[int] = reqs) -> None:
                reqs.append(req)
                self._subs[req] = _Sub(t, c, "snapshot", snapshot=True)
                self.client.reqMktData(req, c, "", True, regulatorySnapshot, [])

            def forget(_: Future[Any], reqs: list[int] = reqs) -> None:
                for r in reqs:
                    self._subs.pop(r, None)

            def empty(t: Ticker = t) -> Ticker:  # refused with RaiseRequestErrors off: the Ticker, as ib_async
                return t

            f = self._request(send, name="reqTickers", empty=empty, contract=c)
            f.add_done_callback(forget)
            futures.append(f)
        return _when_all(futures, lambda done: [f.result() for f in done])

    reqTickers = blocking(reqTickersFuture)
    reqTickersAsync = awaitable(reqTickersFuture)

    def reqTickByTickData(self, contract: Contract, tickType: str, numberOfTicks: int = 0,
                          ignoreSize: bool = False) -> Ticker:
        """The Ticker of ``contract`` with tick-by-tick ticks in ``tickByTicks`` (this cycle's); ``tickType``
        is "Last", "AllLast", "BidAsk" or "MidPoint" (``cancelTickByTickData`` ends it)."""
        return self._subscribe(contract, tickType, lambda req: self.client.reqTickByTickData(
            req, contract, tickType, numberOfTicks, ignoreSize), numberOfTicks=numberOfTicks, ignoreSize=ignoreSize)

    def cancelTickByTickData(self, contract: Contract | Ticker, tickType: str) -> bool:
        """End the ``tickType`` tick-by-tick stream of ``contract``; False if there was none."""
        return bool(self._cancel(contract, lambda s: s.kind == tickType, "cancelTickByTickData"))

    def reqMktDepth(self, contract: Contract, numRows: int = 5, isSmartDepth: bool = False,
                    mktDepthOptions: list[TagValue] | None = None) -> Ticker:
        """The Ticker of ``contract`` whose ``domBids``/``domAsks`` follow the book (``cancelMktDepth`` ends it)."""
        options = list(mktDepthOptions or [])
        return self._subscribe(contract, "mktDepth", lambda req: self.client.reqMktDepth(
            req, contract, numRows, isSmartDepth, options), numRows=numRows, isSmartDepth=isSmartDepth,
            options=options)

    def cancelMktDepth(self, contract: Contract | Ticker, isSmartDepth: bool = False) -> None:
        """End the depth stream of ``contract`` and empty its book (an error is logged if there was none).

        The cancel carries the subscription's own ``isSmartDepth`` (the argument is ib_async's and not needed).
        """
        for s in self._cancel(contract, lambda s: s.kind == "mktDepth", "cancelMktDepth"):
            t = s.ticker
            t.domBids, t.domAsks, t.domBidsDict, t.domAsksDict = [], [], {}, {}

    def ticker(self, contract: Contract) -> Ticker | None:
        """The Ticker of ``contract`` if market data of it was requested (by any call)."""
        return self._find(contract)

    def tickers(self) -> list[Ticker]:
        """Every Ticker market data was requested for."""
        return list(self._tickers.values())

    def pendingTickers(self) -> list[Ticker]:
        """The tickers the last update cycle changed."""
        return list(self._emitted)

    def newsTicks(self) -> list[NewsTick]:
        """The headlines (``tickNews``) received so far; ``reqNewsArticle`` gets an article."""
        return list(self._news_ticks)

    def calculateImpliedVolatilityFuture(self, contract: Contract, optionPrice: float, underPrice: float,
                                         implVolOptions: list[TagValue] | None = None) -> Future[OptionComputation]:
        """The implied volatility (and greeks) of an option at ``optionPrice`` with the underlying at ``underPrice``."""
        return self._calc(lambda r: self.client.calculateImpliedVolatility(
            r, contract, optionPrice, underPrice, list(implVolOptions or [])),
            self.client.cancelCalculateImpliedVolatility, "calculateImpliedVolatility", contract)

    calculateImpliedVolatility = blocking(calculateImpliedVolatilityFuture)
    calculateImpliedVolatilityAsync = awaitable(calculateImpliedVolatilityFuture)

    def calculateOptionPriceFuture(self, contract: Contract, volatility: float, underPrice: float,
                                   optPrcOptions: list[TagValue] | None = None) -> Future[OptionComputation]:
        """The price (and greeks) of an option at ``volatility`` with the underlying at ``underPrice``."""
        return self._calc(lambda r: self.client.calculateOptionPrice(
            r, contract, volatility, underPrice, list(optPrcOptions or [])),
            self.client.cancelCalculateOptionPrice, "calculateOptionPrice", contract)

    calculateOptionPrice = blocking(calculateOptionPriceFuture)
    calculateOptionPriceAsync = awaitable(calculateOptionPriceFuture)

    def _calc(self, send: Callable[[int], None], cancel: Callable[[int], None], name: str,
              contract: Contract) -> Future[OptionComputation]:
        """An option computation; TWS is told to stop computing once it has answered (or failed, or timed out).
        Refused with ``RaiseRequestErrors`` off, the result is None."""
        reqs: list[int] = []

        def go(req: int) -> None:
            reqs.append(req)
            send(req)

        def done(f: Future[Any]) -> None:
            if reqs and self.client.isConnected():
                with suppress(Exception):
                    cancel(reqs[0])

        f: Future[OptionComputation] = self._request(go, name=name, empty=lambda: None, contract=contract)
        f.add_done_callback(done)
        return f

