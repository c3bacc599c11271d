"""Historical data: bars (also kept up to date), real-time bars, head timestamps, ticks, histograms,
trading schedules; IB's pacing.

Results are ib_async's types with ib_async's field names: bar dates are ``date`` for daily and longer
bars and aware ``datetime`` for intraday bars (in the zone the server names for ``formatDate=1``, UTC for
``formatDate=2``); tick and real-time bar times are aware UTC datetimes; sizes are ``float``.
Request times (``endDateTime``, ``startDateTime``) may be a ``datetime`` (aware, or naive in the TWS
zone when known, else this machine's), a ``date`` (the end of that day), an IB string or ``""``/None
(now).
"""

from __future__ import annotations

import datetime as _dt
import math
import threading
from collections.abc import Hashable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, SupportsIndex, TypeAlias, overload

from ..model import BarData as _ModelBar
from ..model import Contract, TagValue, TickAttribBidAsk, TickAttribLast
from ..model import HistogramData as _ModelHistogram
from ..model import HistoricalTick as _ModelTick
from ..model import HistoricalTickBidAsk as _ModelTickBidAsk
from ..model import HistoricalTickLast as _ModelTickLast
from ..model.const import UNSET_DECIMAL
from ..pacing import Pacer, Ticket
from ..wrapper import EWrapper
from ._core import Core, awaitable, blocking
from ._time import UnknownTimeZoneError, bar_date, epoch_datetime, parseIBDatetime, to_ib_datetime, tws_timezone
from .events import Event
from .objects import BarDataList as _ObjectsBarDataList
from .objects import HistoricalSchedule
from .objects import RealTimeBarList as _ObjectsRealTimeBarList

if TYPE_CHECKING:
    from .ib import IB

__all__ = ["BarData", "RealTimeBar", "BarDataList", "RealTimeBarList", "HistoricalTick", "HistoricalTickBidAsk",
           "HistoricalTickLast", "HistogramData"]

UTC = _dt.timezone.utc
#: ib_async's default for a time not yet known
EPOCH = _dt.datetime(1970, 1, 1, tzinfo=UTC)

EndDateTime: TypeAlias = "_dt.datetime | _dt.date | str | None"


# --- result types ------------------------------------------------------------------------------------


@dataclass
class BarData:
    """One historical bar: ``date`` is a ``date`` for daily and longer bars, an aware ``datetime`` for
    intraday bars; ``volume`` a float; ``average`` the volume-weighted average price."""

    date: _dt.date | _dt.datetime = EPOCH
    open: float = 0.0
    high: float = 0.0
    low: float = 0.0
    close: float = 0.0
    volume: float = 0.0
    average: float = 0.0
    barCount: int = 0


@dataclass
class RealTimeBar:
    """One real-time bar (5 seconds): ``time`` its start as an aware UTC datetime."""

    time: _dt.datetime = EPOCH
    endTime: int = -1
    open_: float = 0.0
    high: float = 0.0
    low: float = 0.0
    close: float = 0.0
    volume: float = 0.0
    wap: float = 0.0
    count: int = 0


class HistoricalTick(NamedTuple):
    """A historical midpoint tick."""

    time: _dt.datetime
    price: float
    size: float


class HistoricalTickBidAsk(NamedTuple):
    """A historical bid/ask tick."""

    time: _dt.datetime
    tickAttribBidAsk: TickAttribBidAsk
    priceBid: float
    priceAsk: float
    sizeBid: float
    sizeAsk: float


class HistoricalTickLast(NamedTuple):
    """A historical trade tick."""

    time: _dt.datetime
    tickAttribLast: TickAttribLast
    price: float
    size: float
    exchange: str
    specialConditions: str


#: what ``reqHistoricalTicks`` gives: one kind per request (TRADES: Last, BID_ASK: BidAsk, MIDPOINT: the plain one)
AnyHistoricalTick: TypeAlias = "HistoricalTick | HistoricalTickBidAsk | HistoricalTickLast"


@dataclass
class HistogramData:
    """The volume traded at one price (``count``, a size: float)."""

    price: float = 0.0
    count: float = 0.0


class BarDataList(_ObjectsBarDataList, list[BarData]):
    """The bars of a historical request and the request itself (``reqId``, ``contract``, ``endDateTime``,
    ``durationStr``, ``barSizeSetting``, ``whatToShow``, ``useRTH``, ``formatDate``, ``keepUpToDate``,
    ``chartOptions``); with ``keepUpToDate`` it is updated in place: ``updateEvent(bars, hasNewBar)``."""

    endDateTime: EndDateTime
    chartOptions: list[TagValue]

    def __init__(self, *args: Any, contract: Contract | None = None, endDateTime: EndDateTime = "",
                 durationStr: str = "", barSizeSetting: str = "", whatToShow: str = "", useRTH: bool = False,
                 formatDate: int = 1, keepUpToDate: bool = False, chartOptions: list[TagValue] | None = None,
                 reqId: int = 0) -> None:
        super().__init__(*args, reqId=reqId, contract=contract if contract is not None else Contract(),
                         endDateTime=endDateTime, durationStr=durationStr, barSizeSetting=barSizeSetting,
                         whatToShow=whatToShow, useRTH=useRTH, formatDate=formatDate, keepUpToDate=keepUpToDate,
                         chartOptions=list(chartOptions or []))

    if TYPE_CHECKING:  # the items are BarData (the base class from objects is an untyped list)
        @overload
        def __getitem__(self, i: SupportsIndex) -> BarData: ...

        @overload
        def __getitem__(self, i: slice) -> list[BarData]: ...

        def __getitem__(self, i: SupportsIndex | slice) -> BarData | list[BarData]:
            return super().__getitem__(i)

        def __iter__(self) -> Iterator[BarData]: ...

        def __reversed__(self) -> Iterator[BarData]: ...

        def pop(self, index: SupportsIndex = -1) -> BarData: ...


class RealTimeBarList(_ObjectsRealTimeBarList, list[RealTimeBar]):
    """The bars of a real-time bar subscription and its request (``reqId``, ``contract``, ``barSize``,
    ``whatToShow``, ``useRTH``, ``realTimeBarsOptions``); grows in place: ``updateEvent(bars, hasNewBar)``."""

    realTimeBarsOptions: list[TagValue]

    def __init__(self, *args: Any, contract: Contract | None = None, barSize: int = 5, whatToShow: str = "",
                 useRTH: bool = False, realTimeBarsOptions: list[TagValue] | None = None, reqId: int = 0) -> None:
        super().__init__(*args, reqId=reqId, contract=contract if contract is not None else Contract(),
                         barSize=barSize, whatToShow=whatToShow, useRTH=useRTH,
                         realTimeBarsOptions=list(realTimeBarsOptions or []))

    if TYPE_CHECKING:  # the items are RealTimeBar (the base class from objects is an untyped list)
        @overload
        def __getitem__(self, i: SupportsIndex) -> RealTimeBar: ...

        @overload
        def __getitem__(self, i: slice) -> list[RealTimeBar]: ...

        def __getitem__(self, i: SupportsIndex | slice) -> RealTimeBar | list[RealTimeBar]:
            return super().__getitem__(i)

        def __iter__(self) -> Iterator[RealTimeBar]: ...

        def __reversed__(self) -> Iterator[RealTimeBar]: ...

        def pop(self, index: SupportsIndex = -1) -> RealTimeBar: ...


def _size(d: Decimal) -> float:
    return math.nan if d == UNSET_DECIMAL else float(d)


class _HistoryPacer(Pacer):
    """The facade's historical pacing: IB's rules (:class:`ibwire.pacing.Pacer`: ``identical``, ``burst``
    in ``burst_window``, ``count`` in ``window``, all adjustable); no rate cap, the client paces its
    messages. ``identical`` and ``count`` both 0 turn it off entirely, the burst rule too (for a program
    that paces its requests itself, as ``ibwire history`` does)."""

    def __init__(self) -> None:
        super().__init__(rate=0)

    def reserve(self, key: Hashable, burst_key: Hashable = None, cost: int = 1) -> Ticket:
        if self.identical <= 0 and self.count <= 0:
            ticket = Ticket(key, burst_key, cost, self.clock())
            ticket.answered = True  # not booked: nothing to count
            return ticket
        return super().reserve(key, burst_key, cost)


class HistoryCallbacks(EWrapper):
    """Answers to historical requests and bar streams."""

    ib: IB

    def _bar(self, bar: _ModelBar, bars: BarDataList) -> BarData:
        fmt = bars.formatDate if bars.formatDate in (1, 2) else 1
        return BarData(bar_date(bar.date, fmt, self.ib._tws_zone()), bar.open, bar.high, bar.low, bar.close,
                       _size(bar.volume), _size(bar.wap), bar.barCount)

    def historicalData(self, reqId: int, bar: _ModelBar) -> None:
        bars = self.ib._bar_reqs.get(reqId)
        if bars is not None:
            self.ib._add(reqId, self._bar(bar, bars))

    def historicalDataEnd(self, reqId: int, start: str, end: str) -> None:
        ib = self.ib
        p = ib._get(reqId)
        bars = ib._bar_reqs.get(reqId)
        if bars is None:
            return
        if reqId not in ib._live_bars:
            ib._bar_reqs.pop(reqId, None)
        if p is not None:
            bars[:] = p.items  # a resubscription after a reconnect replaces the history
            ib._finish(reqId, bars)

    def historicalDataUpdate(self, reqId: int, bar: _ModelBar) -> None:
        bars = self.ib._live_bars.get(reqId)
        if bars is None:
            return
        b = self._bar(bar, bars)
        if bars:
            last = bars[-1].date
            if b.date < last:  # one list holds one kind of date
                return
            new = b.date > last
        else:
            new = True
        if new:
            bars.append(b)
        elif bars[-1] != b:
            bars[-1] = b
        else:
            return
        self.ib.barUpdateEvent.emit(bars, new)
        bars.updateEvent.emit(bars, new)

    def headTimestamp(self, reqId: int, headTimestamp: str) -> None:
        try:
            t = parseIBDatetime(headTimestamp.strip())
        except ValueError as e:
            self.ib._fail(reqId, e)
            return
        if not isinstance(t, _dt.datetime):
            t = _dt.datetime(t.year, t.month, t.day, tzinfo=UTC)
        elif t.tzinfo is None:
            t = t.replace(tzinfo=self.ib._tws_zone() or UTC)
        self.ib._finish(reqId, t)

    def historicalTicks(self, reqId: int, ticks: list[Any], done: bool) -> None:
        self.ib._ticks(reqId, [HistoricalTick(epoch_datetime(t.time), t.price, _size(t.size))
                               for t in ticks if isinstance(t, _ModelTick)], done)

    def historicalTicksBidAsk(self, reqId: int, ticks: list[Any], done: bool) -> None:
        self.ib._ticks(reqId, [HistoricalTickBidAsk(epoch_datetime(t.time), t.tickAttribBidAsk, t.priceBid, t.priceAsk,
                                                    _size(t.sizeBid), _size(t.sizeAsk))
                               for t in ticks if isinstance(t, _ModelTickBidAsk)], done)

    def historicalTicksLast(self, reqId: int, ticks: list[Any], done: bool) -> None:
        self.ib._ticks(reqId, [HistoricalTickLast(epoch_datetime(t.time), t.tickAttribLast, t.price, _size(t.size),
                                                  t.exchange, t.specialConditions)
                               for t in ticks if isinstance(t, _ModelTickLast)], done)

    def histogramData(self, reqId: int, items: list[Any]) -> None:
        self.ib._finish(reqId, [HistogramData(i.price, _size(i.size)) for i in items
                                if isinstance(i, _ModelHistogram)])

    def historicalSchedule(self, reqId: int, startDateTime: str, endDateTime: str, timeZone: str,
                           sessions: list[Any]) -> None:
        ib = self.ib
        bars = ib._bar_reqs.pop(reqId, None)
        if bars is not None:  # reqHistoricalData(whatToShow="SCHEDULE"): no bars, as in ib_async
            ib._finish(reqId, bars)
            return
        ib._finish(reqId, HistoricalSchedule(startDateTime, endDateTime, timeZone, list(sessions)))

    def realtimeBar(self, reqId: int, time: int, open_: float, high: float, low: float, close: float,
                    volume: Decimal, wap: Decimal, count: int) -> None:
        bars = self.ib._rt_bars.get(reqId)
        if bars is not None:
            bars.append(RealTimeBar(epoch_datetime(time), -1, open_, high, low, close, _size(volume), _size(wap), count))
            self.ib.barUpdateEvent.emit(bars, True)
            bars.updateEvent.emit(bars, True)


class HistoryMixin(Core):
    """Historical requests and bar streams."""

    def __init__(self) -> None:
        super().__init__()
        #: ``(bars, hasNewBar)`` for every update of a kept-up-to-date BarDataList or a RealTimeBarList
        self.barUpdateEvent = Event("barUpdateEvent")
        #: historical pacing, an :class:`ibwire.pacing.Pacer` (``historyPacing.identical`` / ``.burst`` /
        #: ``.burst_window`` / ``.count`` / ``.window`` are adjustable; ``identical`` and ``count`` both 0: off)
        self.historyPacing = _HistoryPacer()

    def _reset(self) -> None:
        super()._reset()
        self._bar_reqs: dict[int, BarDataList] = {}  # bar requests in flight (and live ones)
        self._live_bars: dict[int, BarDataList] = {}
        self._rt_bars: dict[int, RealTimeBarList] = {}

    def _is_stream(self, reqId: int) -> bool:
        return reqId in self._live_bars or reqId in self._rt_bars or super()._is_stream(reqId)

    def _resubscribe_streams(self, reconnected: bool) -> None:
        super()._resubscribe_streams(reconnected)
        c = self.client
        self._renumber(self._live_bars, None if reconnected else lambda old, b: c.cancelHistoricalData(old),
                       self._send_live_bars)
        self._renumber(self._rt_bars, None if reconnected else lambda old, b: c.cancelRealTimeBars(old),
                       self._send_rt_bars)

    def _tws_zone(self) -> _dt.tzinfo | None:
        """The TWS time zone when the session knows it (``TimezoneTWS``: a name or a tzinfo)."""
        z = getattr(self, "TimezoneTWS", None)
        if isinstance(z, _dt.tzinfo):
            return z
        if isinstance(z, str) and z:
            try:
                return tws_timezone(z)
            except UnknownTimeZoneError:
                return None
        return None

    # --- bars --------------------------------------------------------------------------------------------

    def reqHistoricalDataFuture(self, contract: Contract, endDateTime: EndDateTime, durationStr: str,
                                barSizeSetting: str, whatToShow: str, useRTH: bool, formatDate: int = 1,
                                keepUpToDate: bool = False, chartOptions: list[TagValue] | None = None,
                                timeout: float | None = None) -> Future[BarDataList]:
        """The bars of ``contract`` as a :class:`BarDataList` of :class:`BarData` (ib_async's).

        ``endDateTime``: ``""``/None (now), a ``datetime``, a ``date`` (the end of that day) or an IB string.
        ``formatDate``: 1 gives intraday dates in the zone the server names, 2 in UTC; daily bars are dates.
        ``keepUpToDate``: the list keeps updating (``bars.updateEvent`` and ``barUpdateEvent``,
        ``(bars, hasNewBar)``) until ``cancelHistoricalData(bars)``; ``endDateTime`` must be empty then.
        ``timeout``: seconds (``RequestTimeout`` when None, 0 waits indefinitely); unlike ib_async, which
        returns an empty list then, a request that times out fails with ``TimeoutError`` (and is cancelled
        at TWS). ``whatToShow="SCHEDULE"`` gives an empty list, as in ib_async: use ``reqHistoricalSchedule``.
        """
        end = to_ib_datetime(endDateTime, self._tws_zone())
        options = list(chartOptions or [])
        bars = BarDataList(contract=contract, endDateTime=endDateTime, durationStr=durationStr,
                           barSizeSetting=barSizeSetting, whatToShow=whatToShow, useRTH=bool(useRTH),
                           formatDate=formatDate, keepUpToDate=keepUpToDate, chartOptions=options)

        def send(req: int) -> None:
            bars.reqId = req
            self._bar_reqs[req] = bars
            if keepUpToDate:
                self._live_bars[req] = bars
            self._send_history(req, contract, end, durationStr, barSizeSetting, whatToShow, bool(useRTH),
                               formatDate, keepUpToDate, options)

        # refused with RaiseRequestErrors off: the request's own (empty) BarDataList, as ib_async returns it
        f: Future[BarDataList] = self._request(send, timeout=timeout, name="reqHistoricalData",
                                               empty=lambda: bars)
        f.add_done_callback(lambda f: self._bars_done(bars, f))
        return f

    def _bars_done(self, bars: BarDataList, f: Future[BarDataList]) -> None:
        """A bar request that failed is forgotten (one that timed out is cancelled at TWS too)."""
        if f.cancelled() or f.exception() is None:
            return
        req = bars.reqId
        if self._bar_reqs.get(req) is bars:
            self._bar_reqs.pop(req, None)
        if self._live_bars.get(req) is bars:
            self._live_bars.pop(req, None)
        if isinstance(f.exception(), TimeoutError) and req and self.client.isConnected():
            self._send(lambda: self.client.cancelHistoricalData(req))

    def _send_history(self, req: int, contract: Contract, end: str, duration: str, bar_size: str, what: str,
                      rth: bool, fmt: int, keep: bool, options: list[TagValue]) -> None:
        """Send now, or later when IB's pacing rules say so (the request's timeout starts now)."""
        name = contract.conId or contract.symbol
        key = (name, contract.secType, contract.exchange, end, duration, bar_size, what, bool(rth))
        pacer = self.historyPacing
        ticket = pacer.reserve(key, (name, contract.secType, contract.exchange, what), 2 if what == "BID_ASK" else 1)
        delay = ticket.delay
        p = self._get(req)
        if p is not None and not ticket.answered:  # in flight until its answer (or failure): TWS stamps it by then
            p.future.add_done_callback(lambda _: pacer.answered(ticket))
        elif not ticket.answered:
            pacer.answered(ticket)

        def send() -> None:
            self.client.reqHistoricalData(req, contract, end, duration, bar_size, what, int(rth), fmt, keep, options)

        if delay <= 0:
            send()
            return

        def later() -> None:
            with self._lock:
                self._timers.discard(timer)
            if not self.client.isConnected():
                self._fail(req, ConnectionError("not connected"))
                return
            err = self._send(send)
            if err is not None:
                self._fail(req, err)

        if p is not None and p.deadline is not None:
            p.deadline += delay
        timer = threading.Timer(delay, later)
        timer.name = "ibwire-history-pacing"
        timer.daemon = True
        with self._lock:
            self._timers.add(timer)
        timer.start()

    reqHistoricalData = blocking(reqHistoricalDataFuture)
    reqHistoricalDataAsync = awaitable(reqHistoricalDataFuture)

    def cancelHistoricalData(self, bars: BarDataList) -> None:
        """End the updates of a ``keepUpToDate`` list."""
        self._live_bars.pop(bars.reqId, None)
        self._bar_reqs.pop(bars.reqId, None)
        self.client.cancelHistoricalData(bars.reqId)

    def realtimeBars(self) -> list[BarDataList | RealTimeBarList]:
        """Every live bar list: kept-up-to-date historical bars and real-time bars."""
        return [*self._live_bars.values(), *self._rt_bars.values()]

    def _send_live_bars(self, req: int, bars: BarDataList) -> None:
        for old, b in list(self._bar_reqs.items()):
            if b is bars:
                self._bar_reqs.pop(old, None)
        bars.reqId = req
        self._bar_reqs[req] = bars
        self._start(req, None, "reqHistoricalData (resubscribed)")
        self._send_history(req, bars.contract, "", bars.durationStr, bars.barSizeSetting, bars.whatToShow,
                           bars.useRTH, bars.formatDate, True, bars.chartOptions)

    # --- real-time bars ------------------------------------------------------------------------------

    def reqRealTimeBars(self, contract: Contract, barSize: int = 5, whatToShow: str = "TRADES",
                        useRTH: bool = False, realTimeBarsOptions: list[TagValue] | None = None) -> RealTimeBarList:
        """A :class:`RealTimeBarList` of :class:`RealTimeBar` that grows as bars arrive
        (``bars.updateEvent`` and ``barUpdateEvent``, ``(bars, True)``) until ``cancelRealTimeBars(bars)``."""
        self._require_connected()
        req = self._req_id()
        options = list(realTimeBarsOptions or [])
        bars = RealTimeBarList(reqId=req, contract=contract, barSize=barSize, whatToShow=whatToShow,
                               useRTH=bool(useRTH), realTimeBarsOptions=options)
        self._rt_bars[req] = bars
        self._stream(lambda: self.client.reqRealTimeBars(req, contract, barSize, whatToShow, bool(useRTH), options),
                     lambda: self._rt_bars.pop(req, None))
        return bars

    def cancelRealTimeBars(self, bars: RealTimeBarList) -> None:
        self._rt_bars.pop(bars.reqId, None)
        self.client.cancelRealTimeBars(bars.reqId)

    def _send_rt_bars(self, req: int, bars: RealTimeBarList) -> None:
        bars.reqId = req
        self.client.reqRealTimeBars(req, bars.contract, bars.barSize, bars.whatToShow, bars.useRTH,
                                    bars.realTimeBarsOptions)

    # --- the rest ----------------------------------------------------------------------------------------

    def reqHeadTimeStampFuture(self, contract: Contract, whatToShow: str, useRTH: bool,
                               formatDate: int = 1) -> Future[_dt.datetime]:
        """The time of the earliest data available, as an aware datetime (UTC unless the server names a zone)."""
        f: Future[_dt.datetime] = self._request(
            lambda r: self.client.reqHeadTimeStamp(r, contract, whatToShow, int(useRTH), formatDate),
            name="reqHeadTimeStamp")
        return f

    reqHeadTimeStamp = blocking(reqHeadTimeStampFuture)
    reqHeadTimeStampAsync = awaitable(reqHeadTimeStampFuture)

    def reqHistoricalTicksFuture(self, contract: Contract, startDateTime: EndDateTime, endDateTime: EndDateTime,
                                 numberOfTicks: int, whatToShow: str, useRth: bool, ignoreSize: bool = False,
                                 miscOptions: list[TagValue] | None = None) -> Future[list[AnyHistoricalTick]]:
        """Up to ``numberOfTicks`` ticks from ``startDateTime`` or up to ``endDateTime`` (one of them given):
        :class:`HistoricalTickLast` for TRADES, :class:`HistoricalTickBidAsk` for BID_ASK,
        :class:`HistoricalTick` for MIDPOINT; times are aware UTC datetimes, sizes floats."""
        zone = self._tws_zone()
        start, end = to_ib_datetime(startDateTime, zone), to_ib_datetime(endDateTime, zone)
        options = list(miscOptions or [])
        f: Future[list[AnyHistoricalTick]] = self._request(lambda r: self.client.reqHistoricalTicks(
            r, contract, start, end, numberOfTicks, whatToShow, int(useRth), ignoreSize, options),
            name="reqHistoricalTicks")
        return f

    reqHistoricalTicks = blocking(reqHistoricalTicksFuture)
    reqHistoricalTicksAsync = awaitable(reqHistoricalTicksFuture)

    def reqHistogramDataFuture(self, contract: Contract, useRTH: bool, period: str) -> Future[list[HistogramData]]:
        """The volume traded at each price over ``period`` (``"3 days"``, ``"1 week"``...)."""
        f: Future[list[HistogramData]] = self._request(
            lambda r: self.client.reqHistogramData(r, contract, bool(useRTH), period), name="reqHistogramData")
        return f

    reqHistogramData = blocking(reqHistogramDataFuture)
    reqHistogramDataAsync = awaitable(reqHistogramDataFuture)

    def reqHistoricalScheduleFuture(self, contract: Contract, numDays: int, endDateTime: EndDateTime = "",
                                    useRTH: bool = True) -> Future[HistoricalSchedule]:
        """The trading sessions of ``contract`` over ``numDays`` days up to ``endDateTime`` (regular hours
        with ``useRTH``, else extended)."""
        end = to_ib_datetime(endDateTime, self._tws_zone())
        f: Future[HistoricalSchedule] = self._request(
            lambda r: self._send_history(r, contract, end, f"{numDays} D", "1 day", "SCHEDULE", bool(useRTH), 1,
                                         False, []),
            name="reqHistoricalSchedule")
        return f

    reqHistoricalSchedule = blocking(reqHistoricalScheduleFuture)
    reqHistoricalScheduleAsync = awaitable(reqHistoricalScheduleFuture)
