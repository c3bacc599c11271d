"""Historical data: bars (also kept up to date), real-time bars, head timestamps, ticks, histograms; IB's pacing."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..model import BarData, Contract, RealTimeBar
from ..wrapper import EWrapper
from ._core import Core, awaitable, blocking
from .events import Event
from .objects import BarDataList

if TYPE_CHECKING:
    from .ib import IB


class _HistoryPacer:
    """IB's historical-data pacing: no identical request within ``identical`` seconds, at most
    ``count`` requests per ``window`` seconds. Says how long a request must wait, and books it."""

    def __init__(self) -> None:
        self.identical = 15.0
        self.count = 60
        self.window = 600.0
        self._lock = threading.Lock()
        self._sent: list[tuple[float, Any]] = []

    def reserve(self, key: Any) -> float:
        with self._lock:
            now = time.monotonic()
            self._sent = [(t, k) for t, k in self._sent if now - t < max(self.window, self.identical)]
            at = now
            same = [t for t, k in self._sent if k == key]
            if same and self.identical > 0:
                at = max(at, max(same) + self.identical)
            recent = sorted(t for t, _ in self._sent if now - t < self.window)
            if self.count and len(recent) >= self.count:
                at = max(at, recent[-self.count] + self.window)
            self._sent.append((at, key))
            return at - now


class HistoryCallbacks(EWrapper):
    """Answers to historical requests and bar streams."""

    ib: IB

    # history
    def historicalData(self, reqId: int, bar: BarData) -> None:
        self.ib._add(reqId, bar)

    def historicalDataEnd(self, reqId: int, start: str, end: str) -> None:
        ib = self.ib
        p = ib._get(reqId)
        if p is not None:
            bars = ib._live_bars.get(reqId)
            if bars is not None:
                bars[:] = p.items  # a resubscription after a reconnect replaces the history
                ib._finish(reqId, bars)
            else:
                ib._finish(reqId)

    def historicalDataUpdate(self, reqId: int, bar: BarData) -> None:
        bars = self.ib._live_bars.get(reqId)
        if bars is None:
            return
        new = not bars or bar.date != bars[-1].date
        if new:
            bars.append(bar)
        else:
            bars[-1] = bar
        bars.updateEvent.emit(bars, new)
        self.ib.barUpdateEvent.emit(bars, new)

    def headTimestamp(self, reqId: int, headTimestamp: str) -> None:
        self.ib._finish(reqId, headTimestamp)

    def historicalTicks(self, reqId: int, ticks: list[Any], done: bool) -> None:
        self.ib._ticks(reqId, ticks, done)

    historicalTicksBidAsk = historicalTicks

    historicalTicksLast = historicalTicks

    def histogramData(self, reqId: int, items: list[Any]) -> None:
        self.ib._finish(reqId, items)

    def historicalSchedule(self, reqId: int, startDateTime: str, endDateTime: str, timeZone: str,
                           sessions: list[Any]) -> None:
        self.ib._finish(reqId, {"start": startDateTime, "end": endDateTime, "timeZone": timeZone,
                                "sessions": sessions})

    def realtimeBar(self, reqId: int, time: int, open_: float, high: float, low: float, close: float,
                    volume: Decimal, wap: Decimal, count: int) -> None:
        bars = self.ib._rt_bars.get(reqId)
        if bars is not None:
            bars.append(RealTimeBar(time, -1, open_, high, low, close, volume, wap, count))
            bars.updateEvent.emit(bars, True)


class HistoryMixin(Core):
    """Historical requests and bar streams."""

    def __init__(self) -> None:
        super().__init__()
        self.barUpdateEvent = Event("barUpdateEvent")
        #: historical pacing (``historyPacing.identical`` / ``.count`` / ``.window`` are adjustable)
        self.historyPacing = _HistoryPacer()

    def _reset(self) -> None:
        super()._reset()
        self._live_bars: dict[int, BarDataList] = {}
        self._rt_bars: dict[int, BarDataList] = {}

    def _is_stream(self, reqId: int) -> bool:
        return reqId in self._live_bars or reqId in self._rt_bars or super()._is_stream(reqId)

    def _resubscribe_streams(self, reconnected: bool) -> None:
        super()._resubscribe_streams(reconnected)
        c = self.client
        self._renumber(self._live_bars, None if reconnected else lambda old, b: c.cancelHistoricalData(old),
                       self._send_live_bars)
        self._renumber(self._rt_bars, None if reconnected else lambda old, b: c.cancelRealTimeBars(old),
                       self._send_rt_bars)

    def reqHistoricalDataFuture(self, contract: Contract, endDateTime: str, durationStr: str, barSizeSetting: str,
                                whatToShow: str, useRTH: bool, formatDate: int = 1, keepUpToDate: bool = False,
                                chartOptions: list[Any] | None = None,
                                timeout: float | None = None) -> Future[list[BarData]]:
        """The bars; with ``keepUpToDate`` a :class:`BarDataList` that keeps updating (``cancelHistoricalData``)."""
        def send(req: int) -> None:
            if keepUpToDate:
                self._live_bars[req] = BarDataList(
                    reqId=req, contract=contract, endDateTime=endDateTime, durationStr=durationStr,
                    barSizeSetting=barSizeSetting, whatToShow=whatToShow, useRTH=useRTH, formatDate=formatDate)
            self._send_history(req, contract, endDateTime, durationStr, barSizeSetting, whatToShow, useRTH,
                               formatDate, keepUpToDate, chartOptions or [])

        return self._request(send, timeout=timeout, name="reqHistoricalData")

    def _send_history(self, req: int, contract: Contract, end: str, duration: str, bar_size: str, what: str,
                      rth: bool, fmt: int, keep: bool, options: list[Any]) -> None:
        """Send now, or later when IB's pacing rules say so (the request's timeout starts now)."""
        key = (contract.conId or contract.symbol, contract.secType, contract.exchange, end, duration, bar_size,
               what, bool(rth))
        delay = self.historyPacing.reserve(key)

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

        p = self._get(req)
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

    def reqRealTimeBars(self, contract: Contract, barSize: int = 5, whatToShow: str = "TRADES",
                        useRTH: bool = False) -> BarDataList:
        """A list of :class:`RealTimeBar` that grows as bars arrive (``updateEvent``); ``cancelRealTimeBars``."""
        self._require_connected()
        req = self._req_id()
        bars = BarDataList(reqId=req, contract=contract, barSize=barSize, whatToShow=whatToShow, useRTH=useRTH)
        self._rt_bars[req] = bars
        self._stream(lambda: self.client.reqRealTimeBars(req, contract, barSize, whatToShow, useRTH, []),
                     lambda: self._rt_bars.pop(req, None))
        return bars

    def cancelRealTimeBars(self, bars: BarDataList) -> None:
        self._rt_bars.pop(bars.reqId, None)
        self.client.cancelRealTimeBars(bars.reqId)

    def cancelHistoricalData(self, bars: BarDataList) -> None:
        self._live_bars.pop(bars.reqId, None)
        self.client.cancelHistoricalData(bars.reqId)

    def reqHeadTimeStampFuture(self, contract: Contract, whatToShow: str, useRTH: bool,
                               formatDate: int = 1) -> Future[str]:
        return self._request(lambda r: self.client.reqHeadTimeStamp(r, contract, whatToShow, int(useRTH), formatDate))

    reqHeadTimeStamp = blocking(reqHeadTimeStampFuture)
    reqHeadTimeStampAsync = awaitable(reqHeadTimeStampFuture)

    def reqHistoricalTicksFuture(self, contract: Contract, startDateTime: str, endDateTime: str,
                                 numberOfTicks: int, whatToShow: str, useRth: bool, ignoreSize: bool = False,
                                 miscOptions: list[Any] | None = None) -> Future[list[Any]]:
        return self._request(lambda r: self.client.reqHistoricalTicks(
            r, contract, startDateTime, endDateTime, numberOfTicks, whatToShow, int(useRth), ignoreSize,
            miscOptions or []))

    reqHistoricalTicks = blocking(reqHistoricalTicksFuture)
    reqHistoricalTicksAsync = awaitable(reqHistoricalTicksFuture)

    def reqHistogramDataFuture(self, contract: Contract, useRTH: bool, period: str) -> Future[list[Any]]:
        return self._request(lambda r: self.client.reqHistogramData(r, contract, useRTH, period))

    reqHistogramData = blocking(reqHistogramDataFuture)
    reqHistogramDataAsync = awaitable(reqHistogramDataFuture)

    def _send_live_bars(self, req: int, bars: BarDataList) -> None:
        bars.reqId = req
        bars._resync = True  # type: ignore[attr-defined]
        self._start(req, None, "reqHistoricalData (resubscribed)")
        r = bars.request
        self._send_history(req, r["contract"], "", r["durationStr"], r["barSizeSetting"], r["whatToShow"],
                           r["useRTH"], r["formatDate"], True, [])

    def _send_rt_bars(self, req: int, bars: BarDataList) -> None:
        bars.reqId = req
        r = bars.request
        self.client.reqRealTimeBars(req, r["contract"], r["barSize"], r["whatToShow"], r["useRTH"], [])
