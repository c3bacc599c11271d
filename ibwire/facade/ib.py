"""``IB``: a connection that keeps itself in sync, with blocking calls and futures.

Threads, no asyncio: the connection's dispatch thread runs the wrapper below,
which updates the live state (positions, portfolio, account values, trades,
fills, tickers) and completes the futures of pending requests. A blocking
call ``ib.reqX(...)`` is ``ib.reqXFuture(...).result()`` with the request
timeout; every request ends with its result, a :class:`RequestError`
(carrying TWS's code and text), a ``TimeoutError`` or a ``ConnectionError`` —
never a hang. Event handlers run on the dispatch thread; a blocking call made
there would wait for itself and raises instead (use the Future variant).
"""

from __future__ import annotations

import copy
import datetime as _dt
import itertools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from decimal import Decimal
from typing import Any, TypeVar

from ..client import EClient
from ..protocol.errors import CLIENT_CODES, CONNECTION_ENDING_CODES, NOTICE_CODES
from ..model.const import UNSET_DECIMAL
from ..model import (
    BarData,
    RealTimeBar,
    CommissionAndFeesReport,
    Contract,
    ContractDetails,
    Execution,
    ExecutionFilter,
    Order,
    OrderCancel,
    OrderState,
)
from ..wrapper import EWrapper
from .events import Event
from .order import LimitOrder, StopOrder
from .ticker import Ticker
from .objects import (
    AccountValue,
    BarDataList,
    Fill,
    OrderStatus,
    PnL,
    PortfolioItem,
    Position,
    Trade,
    TradeLogEntry,
)

__all__ = ["IB", "RequestError", "ConnectError"]

logger = logging.getLogger("ibwire.ib")

_T = TypeVar("_T")

#: Errors naming an order that do not end it: cancel notices and refused cancels
#: (161 not cancellable, 10147 not found, 10148 cannot be cancelled), warnings.
_NOT_A_FAILURE_FOR_ORDERS = frozenset({161, 202, 10147, 10148, 399, 10167})


class RequestError(Exception):
    """TWS refused a request: ``reqId``, ``code`` and ``message`` as the error callback gave them."""

    def __init__(self, reqId: int, code: int, message: str) -> None:
        super().__init__(f"Error {code}, reqId {reqId}: {message}")
        self.reqId, self.code, self.message = reqId, code, message


class ConnectError(ConnectionError):
    """The connection could not be made or was ended by TWS: ``code`` and ``message`` as TWS (or the client) gave them."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"Error {code}: {message}")
        self.code, self.message = code, message


class _Pending:
    """One request in flight; callers asking the same keyed question meanwhile share it."""

    __slots__ = ("future", "items", "deadline", "name", "variant")

    def __init__(self, name: str, deadline: float | None, variant: Any = None) -> None:
        self.future: Future[Any] = Future()
        self.items: list[Any] = []
        self.deadline = deadline
        self.name = name
        self.variant = variant


def _follow(src: Future[Any]) -> Future[Any]:
    """A future of its own for one caller, settled like ``src`` (cancelling it leaves ``src`` alone)."""
    out: Future[Any] = Future()
    src.add_done_callback(lambda f: _settle(out, f))
    return out


def _when_all(futures: list[Future[Any]], combine: Callable[[list[Future[Any]]], Any]) -> Future[Any]:
    """A future of ``combine(futures)`` once every one of ``futures`` is done (its exception if it raises)."""
    out: Future[Any] = Future()
    left = [len(futures)]
    lock = threading.Lock()

    def finish() -> None:
        try:
            out.set_result(combine(futures))
        except Exception as e:  # noqa: BLE001 - delivered to the caller through the future
            out.set_exception(e)

    def done(_: Future[Any]) -> None:
        with lock:
            left[0] -= 1
            if left[0]:
                return
        finish()

    if not futures:
        finish()
    for f in futures:
        f.add_done_callback(done)
    return out


def _settle(out: Future[Any], f: Future[Any]) -> None:
    """Settle ``out`` like the finished ``f``."""
    if out.done():
        return
    e = f.exception()
    try:
        if e is None:
            out.set_result(f.result())
        else:
            out.set_exception(e)
    except InvalidStateError:
        pass


class _SendScope:
    """The errors the client reports on this thread while a facade call sends."""

    __slots__ = ("errors",)

    def __init__(self) -> None:
        self.errors: list[RequestError] = []


def _streams(t: Ticker) -> bool:
    """A Ticker fed by a subscription (not a snapshot)."""
    return getattr(t, "_sub", None) is not None


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


class _Wrapper(EWrapper):
    """Callbacks into state and futures; runs on the dispatch thread."""

    def __init__(self, ib: IB) -> None:
        super().__init__()
        self.ib = ib

    # session
    def nextValidId(self, orderId: int) -> None:
        ib = self.ib
        ib._next_order_id = max(ib._next_order_id, orderId)
        ib._finish("nextValidId", orderId)

    def managedAccounts(self, accountsList: str) -> None:
        self.ib._accounts = [a for a in accountsList.split(",") if a]
        self.ib._finish("managedAccounts", self.ib._accounts)

    def currentTime(self, time: int) -> None:
        self.ib._finish("currentTime", _dt.datetime.fromtimestamp(time, _dt.timezone.utc))

    def error(self, reqId: int, errorTime: int, errorCode: int, errorString: str,
              advancedOrderRejectJson: str = "") -> None:
        ib = self.ib
        failure = errorCode not in NOTICE_CODES
        exc = RequestError(reqId, errorCode, errorString)
        sending = ib._sending()
        # a request that could not be sent fails its caller at once (the error may name no request id)
        answered = False
        if failure and errorCode in CLIENT_CODES and sending is not None:
            sending.errors.append(exc)
            answered = True
        # request ids and order ids are counted apart and may meet: a request's error is not the order's
        is_request = ib._get(reqId) is not None or ib._is_stream(reqId)
        if failure:
            answered = ib._fail(reqId, exc) or answered
        if reqId == -1 and errorCode in CONNECTION_ENDING_CODES:
            ib._close_reason = ConnectError(errorCode, errorString)
        if not answered:
            # the caller that gets the RequestError is told; everything else is logged here, once
            super().error(reqId, errorTime, errorCode, errorString, advancedOrderRejectJson)
        trade = ib._trades.get(reqId) if reqId >= 0 and not is_request else None
        if trade is not None:
            trade.log.append(TradeLogEntry(_now(), trade.orderStatus.status, errorString, errorCode))
            if failure and errorCode not in _NOT_A_FAILURE_FOR_ORDERS and errorCode not in CLIENT_CODES \
                    and not trade.isDone():
                # rejected by TWS, which sends no status for an order it refused
                trade.orderStatus.status = "Cancelled" if errorCode != 201 else "Inactive"
                ib.orderStatusEvent.emit(trade)
                trade.statusEvent.emit(trade)
                trade.cancelledEvent.emit(trade)
            if failure:
                ib._fail(("order", reqId), exc)
        if errorCode == 1101:
            ib._resubscribe()  # TWS restored its link to IB but dropped every market data subscription
        ib.errorEvent.emit(reqId, errorCode, errorString, advancedOrderRejectJson)

    def connectionClosed(self) -> None:
        self.ib._closed()

    # contracts
    def contractDetails(self, reqId: int, contractDetails: ContractDetails) -> None:
        self.ib._add(reqId, contractDetails)

    bondContractDetails = contractDetails

    def contractDetailsEnd(self, reqId: int) -> None:
        self.ib._finish(reqId)

    def symbolSamples(self, reqId: int, contractDescriptions: list[Any]) -> None:
        self.ib._finish(reqId, contractDescriptions)

    def securityDefinitionOptionParameter(self, reqId: int, exchange: str, underlyingConId: int, tradingClass: str,
                                          multiplier: str, expirations: set[str], strikes: set[float]) -> None:
        self.ib._add(reqId, {"exchange": exchange, "underlyingConId": underlyingConId, "tradingClass": tradingClass,
                             "multiplier": multiplier, "expirations": sorted(expirations),
                             "strikes": sorted(strikes)})

    def securityDefinitionOptionParameterEnd(self, reqId: int) -> None:
        self.ib._finish(reqId)

    def marketRule(self, marketRuleId: int, priceIncrements: list[Any]) -> None:
        self.ib._finish(("marketRule", marketRuleId), priceIncrements)

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

    # market data
    def _ticker(self, reqId: int) -> Ticker | None:
        t = self.ib._tickers_by_req.get(reqId)
        if t is not None:
            t.time = _now()
            self.ib._pending_tickers.add(t)
        return t

    def tickPrice(self, reqId: int, tickType: int, price: float, attrib: Any) -> None:
        t = self._ticker(reqId)
        if t is None:
            return
        name = _PRICE.get(tickType)
        if name is not None:
            setattr(t, name, price)
        t.ticks.append((tickType, price))

    def tickSize(self, reqId: int, tickType: int, size: Decimal) -> None:
        t = self._ticker(reqId)
        if t is None:
            return
        name = _SIZE.get(tickType)
        if name is not None:
            setattr(t, name, size)

    def tickGeneric(self, reqId: int, tickType: int, value: float) -> None:
        t = self._ticker(reqId)
        if t is not None and tickType == 49:
            t.halted = value

    def tickString(self, reqId: int, tickType: int, value: str) -> None:
        self._ticker(reqId)

    def tickOptionComputation(self, reqId: int, tickType: int, tickAttrib: int, impliedVol: float | None,
                              delta: float | None, optPrice: float | None, pvDividend: float | None,
                              gamma: float | None, vega: float | None, theta: float | None,
                              undPrice: float | None) -> None:
        greeks = {"impliedVol": impliedVol, "delta": delta, "optPrice": optPrice, "pvDividend": pvDividend,
                  "gamma": gamma, "vega": vega, "theta": theta, "undPrice": undPrice}
        ib = self.ib
        if ib._get(reqId) is not None and reqId not in ib._tickers_by_req:
            ib._finish(reqId, greeks)  # calculateOptionPrice / calculateImpliedVolatility
            return
        t = self._ticker(reqId)
        if t is not None and tickType in (13, 83):
            t.modelGreeks = greeks

    def marketDataType(self, reqId: int, marketDataType: int) -> None:
        t = self.ib._tickers_by_req.get(reqId)
        if t is not None:
            t.marketDataType = marketDataType

    def tickSnapshotEnd(self, reqId: int) -> None:
        ib = self.ib
        t = ib._tickers_by_req.pop(reqId, None)
        ib._finish(reqId, t)

    def tickByTickAllLast(self, reqId: int, tickType: int, time: int, price: float, size: Decimal,
                          tickAttribLast: Any, exchange: str, specialConditions: str) -> None:
        t = self._ticker(reqId)
        if t is not None:
            t.tickByTicks.append(("Last", time, price, size, exchange))
            t.last, t.lastSize = price, size

    def tickByTickBidAsk(self, reqId: int, time: int, bidPrice: float, askPrice: float, bidSize: Decimal,
                         askSize: Decimal, tickAttribBidAsk: Any) -> None:
        t = self._ticker(reqId)
        if t is not None:
            t.tickByTicks.append(("BidAsk", time, bidPrice, askPrice, bidSize, askSize))
            t.bid, t.ask, t.bidSize, t.askSize = bidPrice, askPrice, bidSize, askSize

    def tickByTickMidPoint(self, reqId: int, time: int, midPoint: float) -> None:
        t = self._ticker(reqId)
        if t is not None:
            t.tickByTicks.append(("MidPoint", time, midPoint))

    def updateMktDepth(self, reqId: int, position: int, operation: int, side: int, price: float,
                       size: Decimal) -> None:
        self.updateMktDepthL2(reqId, position, "", operation, side, price, size, False)

    def updateMktDepthL2(self, reqId: int, position: int, marketMaker: str, operation: int, side: int,
                         price: float, size: Decimal, isSmartDepth: bool) -> None:
        t = self._ticker(reqId)
        if t is None:
            return
        rows = t._rows[side]
        if operation == 0:
            rows.insert(position, (price, size, marketMaker))
        elif operation == 1 and position < len(rows):
            rows[position] = (price, size, marketMaker)
        elif operation == 2 and position < len(rows):
            del rows[position]
        book = t._bids if side == 1 else t._asks
        book.clear()
        for p, s, _ in rows:
            book[p] = s
        t.domTicks.append((side, position, operation, price, size))

    # orders
    def openOrder(self, orderId: int, contract: Contract, order: Order, orderState: OrderState) -> None:
        ib = self.ib
        if order.whatIf:
            ib._finish(("whatIf", orderId), orderState)
            return
        key = orderId if order.clientId == ib.client.clientId and orderId else ("perm", order.permId)
        trade = ib._trades.get(key)
        if trade is None:
            trade = Trade(contract, order, OrderStatus(orderId=orderId, status=orderState.status))
            ib._trades[key] = trade
            ib.newOrderEvent.emit(trade)
        else:
            trade.order.permId = order.permId
            trade.contract = contract
        trade.orderState = orderState
        if order.permId:
            ib._by_perm[order.permId] = trade
        p = ib._get("openOrders")
        if p is not None:
            p.items.append(trade)
        ib.openOrderEvent.emit(trade)

    def openOrderEnd(self) -> None:
        self.ib._finish("openOrders")

    def orderStatus(self, orderId: int, status: str, filled: Decimal, remaining: Decimal, avgFillPrice: float,
                    permId: int, parentId: int, lastFillPrice: float, clientId: int, whyHeld: str,
                    mktCapPrice: float) -> None:
        ib = self.ib
        trade = ib._trades.get(orderId) if clientId == ib.client.clientId else None
        if trade is None and permId:
            trade = ib._by_perm.get(permId)
        if trade is None:
            return
        if permId and not trade.order.permId:
            trade.order.permId = permId
            ib._by_perm[permId] = trade
        st = trade.orderStatus
        old = st.status
        st.orderId, st.status, st.filled, st.remaining = orderId, status, filled, remaining
        st.avgFillPrice, st.permId, st.parentId, st.lastFillPrice = avgFillPrice, permId, parentId, lastFillPrice
        st.clientId, st.whyHeld, st.mktCapPrice = clientId, whyHeld, mktCapPrice
        if old != status:
            trade.log.append(TradeLogEntry(_now(), status))
        ib._finish(("order", orderId), trade)
        ib.orderStatusEvent.emit(trade)
        trade.statusEvent.emit(trade)
        if status == "Filled" and old != "Filled":
            trade.filledEvent.emit(trade)
        elif status in ("Cancelled", "ApiCancelled") and old != status:
            trade.cancelledEvent.emit(trade)

    def completedOrder(self, contract: Contract, order: Order, orderState: OrderState) -> None:
        p = self.ib._get("completedOrders")
        if p is not None:
            p.items.append(Trade(contract, order, OrderStatus(status=orderState.status), orderState=orderState))

    def completedOrdersEnd(self) -> None:
        self.ib._finish("completedOrders")

    def execDetails(self, reqId: int, contract: Contract, execution: Execution) -> None:
        ib = self.ib
        fill = ib._fills.get(execution.execId)
        if fill is None:
            fill = Fill(contract, execution, CommissionAndFeesReport(), _now())
            ib._fills[execution.execId] = fill
            trade = ib._by_perm.get(execution.permId) if execution.permId else None
            if trade is None and execution.clientId == ib.client.clientId:
                trade = ib._trades.get(execution.orderId)
                if trade is not None and execution.permId and not trade.order.permId:
                    trade.order.permId = execution.permId  # its acknowledgement was lost
                    ib._by_perm[execution.permId] = trade
            if trade is not None and all(f.execution.execId != execution.execId for f in trade.fills):
                trade.fills.append(fill)
                trade.fillEvent.emit(trade, fill)
            ib.execDetailsEvent.emit(trade, fill)
        if reqId >= 0:
            ib._add(reqId, fill)

    def execDetailsEnd(self, reqId: int) -> None:
        self.ib._finish(reqId)

    def commissionAndFeesReport(self, commissionAndFeesReport: CommissionAndFeesReport) -> None:
        ib = self.ib
        fill = ib._fills.get(commissionAndFeesReport.execId)
        if fill is not None:
            fill.commissionReport = commissionAndFeesReport
            trade = ib._by_perm.get(fill.execution.permId) if fill.execution.permId else None
            ib.commissionReportEvent.emit(trade, fill, commissionAndFeesReport)

    # account
    def updateAccountValue(self, key: str, val: str, currency: str, accountName: str) -> None:
        v = AccountValue(accountName, key, val, currency)
        self.ib._account_values[(accountName, key, currency)] = v
        self.ib.accountValueEvent.emit(v)

    def updatePortfolio(self, contract: Contract, position: Decimal, marketPrice: float, marketValue: float,
                        averageCost: float, unrealizedPNL: float, realizedPNL: float, accountName: str) -> None:
        item = PortfolioItem(contract, position, marketPrice, marketValue, averageCost, unrealizedPNL, realizedPNL,
                             accountName)
        key = (accountName, contract.conId)
        if position == 0:
            self.ib._portfolio.pop(key, None)
        else:
            self.ib._portfolio[key] = item
        self.ib.updatePortfolioEvent.emit(item)

    def accountDownloadEnd(self, accountName: str) -> None:
        self.ib._finish("accountUpdates")

    def updateAccountTime(self, timeStamp: str) -> None:
        pass

    def position(self, account: str, contract: Contract, position: Decimal, avgCost: float) -> None:
        p = Position(account, contract, position, avgCost)
        key = (account, contract.conId)
        if position == 0:
            self.ib._positions.pop(key, None)
        else:
            self.ib._positions[key] = p
        self.ib._add("positions", p)
        self.ib.positionEvent.emit(p)

    def positionEnd(self) -> None:
        self.ib._finish("positions")

    def accountSummary(self, reqId: int, account: str, tag: str, value: str, currency: str) -> None:
        v = AccountValue(account, tag, value, currency)
        self.ib._summary[(account, tag, currency)] = v
        self.ib._add(reqId, v)

    def accountSummaryEnd(self, reqId: int) -> None:
        self.ib._finish(reqId)

    def pnl(self, reqId: int, dailyPnL: float, unrealizedPnL: float, realizedPnL: float) -> None:
        p = self.ib._pnl.get(reqId)
        if p is not None:
            p.dailyPnL, p.unrealizedPnL, p.realizedPnL = dailyPnL, unrealizedPnL, realizedPnL
            self.ib.pnlEvent.emit(p)

    # reference data
    def newsProviders(self, newsProviders: list[Any]) -> None:
        self.ib._finish("newsProviders", newsProviders)

    def newsArticle(self, requestId: int, articleType: int, articleText: str) -> None:
        self.ib._finish(requestId, {"articleType": articleType, "articleText": articleText})

    def historicalNews(self, requestId: int, time: str, providerCode: str, articleId: str, headline: str) -> None:
        self.ib._add(requestId, {"time": time, "providerCode": providerCode, "articleId": articleId,
                                 "headline": headline})

    def historicalNewsEnd(self, requestId: int, hasMore: bool) -> None:
        self.ib._finish(requestId)

    def scannerData(self, reqId: int, rank: int, contractDetails: ContractDetails, distance: str, benchmark: str,
                    projection: str, legsStr: str) -> None:
        self.ib._add(reqId, {"rank": rank, "contractDetails": contractDetails, "distance": distance})

    def scannerDataEnd(self, reqId: int) -> None:
        ib = self.ib
        if ib._get(reqId) is not None:
            ib.client.cancelScannerSubscription(reqId)
        ib._finish(reqId)

    def userInfo(self, reqId: int, whiteBrandingId: str) -> None:
        self.ib._finish(reqId, whiteBrandingId)

    def familyCodes(self, familyCodes: list[Any]) -> None:
        self.ib._finish("familyCodes", familyCodes)

    def softDollarTiers(self, reqId: int, tiers: list[Any]) -> None:
        self.ib._finish(reqId, tiers)

    def mktDepthExchanges(self, depthMktDataDescriptions: list[Any]) -> None:
        self.ib._finish("mktDepthExchanges", depthMktDataDescriptions)

    def smartComponents(self, reqId: int, smartComponentMap: Any) -> None:
        self.ib._finish(reqId, smartComponentMap)

    def receiveFA(self, faData: int, cxml: str) -> None:
        self.ib._finish(("fa", faData), cxml)

    def wshMetaData(self, reqId: int, dataJson: str) -> None:
        self.ib._finish(reqId, dataJson)

    def wshEventData(self, reqId: int, dataJson: str) -> None:
        self.ib._finish(reqId, dataJson)

    def realtimeBar(self, reqId: int, time: int, open_: float, high: float, low: float, close: float,
                    volume: Decimal, wap: Decimal, count: int) -> None:
        bars = self.ib._rt_bars.get(reqId)
        if bars is not None:
            bars.append(RealTimeBar(time, -1, open_, high, low, close, volume, wap, count))
            bars.updateEvent.emit(bars, True)


_PRICE = {1: "bid", 2: "ask", 4: "last", 6: "high", 7: "low", 9: "close", 14: "open",
          66: "bid", 67: "ask", 68: "last", 72: "high", 73: "low", 75: "close", 76: "open"}
_SIZE = {0: "bidSize", 3: "askSize", 5: "lastSize", 8: "volume", 69: "bidSize", 70: "askSize", 71: "lastSize",
         74: "volume"}


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


class _Client(EClient):
    """The connection's client: after each delivered batch, tickers that changed announce it."""

    def __init__(self, wrapper: EWrapper, ib: IB) -> None:
        super().__init__(wrapper)
        self._ib = ib

    def msgLoopRec(self) -> None:
        self._ib._after_batch()


class IB:
    """One API connection, kept in sync. ``IB().connect(...)``, or ``with IB() as ib: ...``."""

    #: Default seconds a blocking call or Future waits before failing with TimeoutError.
    RequestTimeout: float = 30.0
    #: First and longest wait between reconnect attempts (seconds; doubling in between).
    ReconnectDelay: float = 0.5
    ReconnectMaxDelay: float = 30.0

    def __init__(self) -> None:
        self.connectedEvent = Event("connectedEvent")
        self.disconnectedEvent = Event("disconnectedEvent")
        self.errorEvent = Event("errorEvent")
        self.orderStatusEvent = Event("orderStatusEvent")
        self.openOrderEvent = Event("openOrderEvent")
        self.newOrderEvent = Event("newOrderEvent")
        self.execDetailsEvent = Event("execDetailsEvent")
        self.commissionReportEvent = Event("commissionReportEvent")
        self.positionEvent = Event("positionEvent")
        self.accountValueEvent = Event("accountValueEvent")
        self.updatePortfolioEvent = Event("updatePortfolioEvent")
        self.pendingTickersEvent = Event("pendingTickersEvent")
        self.barUpdateEvent = Event("barUpdateEvent")
        self.pnlEvent = Event("pnlEvent")
        self.wrapper = _Wrapper(self)
        self.client = _Client(self.wrapper, self)
        self._lock = threading.RLock()
        self._reset()
        self._ids = itertools.count(1)
        self._thread: threading.Thread | None = None
        self._watchdog: threading.Thread | None = None
        self._stop = threading.Event()
        #: historical pacing (``historyPacing.identical`` / ``.count`` / ``.window`` are adjustable)
        self.historyPacing = _HistoryPacer()
        self._params: tuple[str, int, int, float, bool, str] = ("127.0.0.1", 7497, 1, 4.0, False, "")
        self._reconnect = False
        self._reconnector: threading.Thread | None = None
        self._reconnecting = False  # a reconnect loop runs (at most one)
        self._need_reconnect = False  # the connection dropped since the loop last connected
        self._close_reason: ConnectError | None = None
        self._tl = threading.local()  # the send scope of the facade call running on this thread
        self._timers: set[threading.Timer] = set()  # requests held back by historical pacing
        self._deadlines: dict[Future[Any], tuple[float, str]] = {}  # callers sharing a request: their own

    def _reset(self) -> None:
        self._pending: dict[Any, _Pending] = {}
        self._accounts: list[str] = []
        self._next_order_id = 1
        self._trades: dict[Any, Trade] = {}
        self._by_perm: dict[int, Trade] = {}
        self._fills: dict[str, Fill] = {}
        self._positions: dict[tuple[str, int], Position] = {}
        self._portfolio: dict[tuple[str, int], PortfolioItem] = {}
        self._account_values: dict[tuple[str, str, str], AccountValue] = {}
        self._summary: dict[tuple[str, str, str], AccountValue] = {}
        self._tickers_by_req: dict[int, Ticker] = {}
        self._pending_tickers: set[Ticker] = set()
        self._live_bars: dict[int, BarDataList] = {}
        self._pnl: dict[int, PnL] = {}
        self._rt_bars: dict[int, BarDataList] = {}

    # --- connection ---------------------------------------------------------------------------

    def __enter__(self) -> IB:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.disconnect()

    def isConnected(self) -> bool:
        return self.client.isConnected()

    def connect(self, host: str = "127.0.0.1", port: int = 7497, clientId: int = 1, timeout: float = 4,
                readonly: bool = False, account: str = "", reconnect: bool = True) -> IB:
        """Connect and return once the initial sync is done (accounts, positions, orders, executions, account).

        ``timeout`` bounds each step (TCP connect, handshake, each sync request). Raises
        :class:`ConnectError` (with TWS's code, e.g. 326 for a client id in use) or ``TimeoutError``.
        With ``reconnect`` (the default) a lost connection is re-established with backoff, the state
        resynced, market data and keepUpToDate bars resubscribed, and executions missed meanwhile merged.
        """
        if self.isConnected():
            raise ConnectionError("already connected; disconnect() first")
        self._stop.set()  # end what an earlier connection left (a reconnect loop, the watchdog)
        self.client.disconnect()
        self._join_threads()
        self._reset()
        self._params = (host, port, clientId, timeout, readonly, account)
        self._reconnect = reconnect
        self._stop.clear()
        try:
            self._open_session()
        except BaseException:
            self.disconnect()
            raise
        self.connectedEvent.emit()
        return self

    def _open_session(self) -> None:
        host, port, clientId, timeout, readonly, account = self._params
        self._wait_dispatch_ended()
        before = list(self._trades.values())
        self._close_reason = None
        first = self._start("nextValidId", timeout)
        accounts = self._start("managedAccounts", timeout)
        self.client.connectTimeout = self.client.handshakeTimeout = timeout
        self.client.connect(host, port, clientId)
        # past the handshake even if TWS has closed again already: its last words (326...) are queued
        # and the dispatch thread delivers them, failing this session's requests with TWS's reason
        if self.client.connState != EClient.CONNECTED:
            with self._lock:
                self._pending.clear()
            reason = self._close_reason
            if reason is not None:
                raise ConnectError(reason.code, f"could not connect to {host}:{port} (clientId {clientId}): "
                                                f"{reason.message.splitlines()[0]}")
            raise ConnectionError(f"could not connect to {host}:{port} (clientId {clientId})")
        self._thread = threading.Thread(target=self.client.run, name="ibwire-dispatch", daemon=True)
        self._thread.start()
        if self._watchdog is None or not self._watchdog.is_alive():
            self._watchdog = threading.Thread(target=self._watch, name="ibwire-timeouts", daemon=True)
            self._watchdog.start()
        first.future.result(timeout)
        accts = accounts.future.result(timeout)
        account = account or (accts[0] if len(accts) == 1 else "")
        syncs: list[Future[Any]] = [self.reqPositionsFuture()]
        if not readonly:
            syncs += [self.reqOpenOrdersFuture(), self.reqCompletedOrdersFuture(False)]
        if account:
            syncs.append(self.reqAccountUpdatesFuture(account))
        results = [f.result(timeout) for f in syncs]
        self.reqExecutionsFuture().result(timeout)
        if not readonly:
            self._reconcile(before, results[1], results[2])

    def _reconcile(self, trades: list[Trade], open_trades: list[Trade], completed: list[Trade]) -> None:
        """After a resync, each trade we knew before it takes the state TWS reports for it.

        Open orders brought their own status. A trade that is not open any more is matched to its
        completed order by permId; a trade whose acknowledgement was lost (permId still 0) learns its
        permId from its executions (orderId and clientId), or else is not known to TWS at all.
        """
        open_trades_ = {id(t) for t in open_trades}
        open_perms = {t.order.permId for t in open_trades if t.order.permId}
        done = {t.order.permId: t for t in completed if t.order.permId}
        for trade in trades:
            if trade.isDone() or id(trade) in open_trades_ or trade.order.permId in open_perms:
                continue
            if not trade.order.permId:
                for f in trade.fills:
                    if f.execution.permId:
                        trade.order.permId = f.execution.permId
                        self._by_perm[f.execution.permId] = trade
                        break
            final = done.get(trade.order.permId) if trade.order.permId else None
            total = trade.order.totalQuantity
            if final is not None:
                status = final.orderStatus.status
                filled = final.order.filledQuantity
                if not isinstance(filled, Decimal) or filled == UNSET_DECIMAL or filled < 0:
                    filled = trade.filled()
            else:
                filled = trade.filled()
                # not open and not among TWS's completed orders: filled if the executions say so,
                # otherwise TWS no longer works it (or never received it)
                status = "Filled" if filled >= total else "Cancelled"
            st = trade.orderStatus
            if (status, filled) != (st.status, st.filled) or st.remaining != total - filled:
                old = st.status
                st.status, st.filled, st.remaining = status, filled, total - filled
                trade.log.append(TradeLogEntry(_now(), status, "resynced after reconnect"))
                self.orderStatusEvent.emit(trade)
                trade.statusEvent.emit(trade)
                if status == "Filled" and old != "Filled":
                    trade.filledEvent.emit(trade)
                elif status in ("Cancelled", "ApiCancelled", "Inactive") and old != status:
                    trade.cancelledEvent.emit(trade)

    def _run_reconnect(self) -> None:
        """The one reconnect loop: runs until connected (and still connected) or stopped."""
        try:
            while True:
                with self._lock:
                    if self._stop.is_set() or not self._need_reconnect:
                        self._reconnecting = False
                        return
                delay = self.ReconnectDelay
                while not self._stop.wait(delay):
                    with self._lock:
                        self._need_reconnect = False  # a drop of this very attempt sets it again
                    try:
                        self._open_session()
                    except Exception as e:  # noqa: BLE001 - try again later
                        logger.info("reconnect failed: %s", e)
                        self.client.disconnect()
                        delay = min(delay * 2, self.ReconnectMaxDelay)
                        continue
                    if self._stop.is_set():  # disconnect() was called while this attempt was under way
                        self.client.disconnect()
                        break
                    self._resubscribe(reconnected=True)
                    logger.info("reconnected")
                    self.connectedEvent.emit()
                    break
        finally:
            with self._lock:
                self._reconnecting = False

    def _resubscribe(self, reconnected: bool = False) -> None:
        """Request every live subscription again (after a new socket, or after TWS lost market data: 1101).

        Each keeps its object (Ticker, BarDataList, PnL) under a new request id; after 1101 the old
        subscription is cancelled first, as the connection that holds it lives on.
        """
        if not self.client.isConnected():
            return
        tickers = self._tickers_by_req
        if reconnected:  # a snapshot's request failed with the old connection (after 1101 it is under way)
            for old in [r for r, t in list(tickers.items()) if not _streams(t)]:
                tickers.pop(old, None)
        c = self.client
        self._renumber(tickers, None if reconnected else lambda old, t: self._cancel_stream(
            t._sub, old), self._send_ticker, _streams)  # type: ignore[attr-defined]
        self._renumber(self._live_bars, None if reconnected else lambda old, b: c.cancelHistoricalData(old),
                       self._send_live_bars)
        self._renumber(self._rt_bars, None if reconnected else lambda old, b: c.cancelRealTimeBars(old),
                       self._send_rt_bars)
        if reconnected:  # account data survives 1101
            self._renumber(self._pnl, None, lambda req, p: c.reqPnL(req, p.account, p.modelCode))

    def _renumber(self, table: dict[int, _T], cancel: Callable[[int, _T], None] | None,
                  send: Callable[[int, _T], None], which: Callable[[_T], bool] = lambda _: True) -> None:
        """Request each stream of ``table`` (``which`` are streams) again under a new id, ``cancel``-ing the
        old one first; in place, as other threads may be adding to ``table``."""
        for old, obj in list(table.items()):
            if not which(obj):
                continue
            del table[old]
            if cancel is not None:
                cancel(old, obj)
            req = self._req_id()
            table[req] = obj
            send(req, obj)

    def _send_ticker(self, req: int, t: Ticker) -> None:
        kind, a, b = t._sub  # type: ignore[attr-defined]
        if kind == "mkt":
            self.client.reqMktData(req, t.contract, a, False, False, [])
        elif kind == "tbt":
            self.client.reqTickByTickData(req, t.contract, a, 0, b)
        else:
            t._rows = {0: [], 1: []}
            self.client.reqMktDepth(req, t.contract, int(a), bool(b), [])

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

    def _cancel_stream(self, sub: tuple[str, Any, Any], req: int) -> None:
        kind = sub[0]
        if kind == "depth":
            self.client.cancelMktDepth(req, bool(sub[2]))
        else:
            cancels: dict[str, Callable[[int], None]] = {"mkt": self.client.cancelMktData,
                                                         "tbt": self.client.cancelTickByTickData}
            cancels[kind](req)

    def disconnect(self) -> None:
        """Close the connection: pending requests fail at once with ConnectionError, no ibwire thread stays."""
        self._stop.set()
        self.client.disconnect()
        self._fail_all(ConnectionError("disconnected"))
        self._join_threads()

    def _join_threads(self) -> None:
        me = threading.current_thread()
        for _ in range(100):  # a reconnect attempt may be opening a socket right now: close it again
            alive = [t for t in (self._reconnector, self._thread, self._watchdog)
                     if t is not None and t is not me and t.is_alive()]
            if not alive:
                break
            if self._stop.is_set():
                self.client.disconnect()
            for t in alive:
                t.join(0.1)
        with self._lock:
            timers, self._timers = self._timers, set()
        for timer in timers:
            timer.cancel()

    def _wait_dispatch_ended(self) -> None:
        """The previous connection's dispatch thread ends before a new one starts (one dispatcher at a time)."""
        t = self._thread
        if t is not None and t is not threading.current_thread():
            while t.is_alive() and not self._stop.is_set():
                t.join(0.1)

    def _closed(self) -> None:
        reason = self._close_reason
        self._fail_all(ConnectError(reason.code, reason.message) if reason is not None
                       else ConnectionError("connection closed"))
        self.disconnectedEvent.emit()
        if not self._reconnect or self._stop.is_set():
            return
        with self._lock:
            self._need_reconnect = True
            if self._reconnecting:
                return  # the running loop sees the flag
            self._reconnecting = True
            t = self._reconnector = threading.Thread(target=self._run_reconnect, name="ibwire-reconnect",
                                                     daemon=True)
        t.start()

    def _fail_all(self, err: BaseException) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
            timers, self._timers = self._timers, set()
        for timer in timers:
            timer.cancel()
        for p in pending.values():
            if not p.future.done():
                p.future.set_exception(err)

    def _watch(self) -> None:
        while not self._stop.wait(0.05):
            now = time.monotonic()
            with self._lock:
                late = [(k, p) for k, p in self._pending.items() if p.deadline is not None and p.deadline < now]
                for k, _ in late:
                    del self._pending[k]
                late_followers = [(f, name) for f, (d, name) in self._deadlines.items() if d < now]
            for _, p in late:
                if not p.future.done():
                    p.future.set_exception(TimeoutError(f"{p.name}: no answer within the timeout"))
            for f, name in late_followers:
                try:
                    f.set_exception(TimeoutError(f"{name}: no answer within the timeout"))
                except InvalidStateError:
                    pass  # answered meanwhile

    def _after_batch(self) -> None:
        if self._pending_tickers:
            tickers, self._pending_tickers = self._pending_tickers, set()
            for t in tickers:
                t.updateEvent.emit(t)
            self.pendingTickersEvent.emit(tickers)

    # --- pending requests -------------------------------------------------------------------------

    def _start(self, key: Any, timeout: float | None = None, name: str = "", variant: Any = None) -> _Pending:
        t = self.RequestTimeout if timeout is None else timeout
        p = _Pending(name or str(key), time.monotonic() + t if t else None, variant)
        with self._lock:
            self._pending[key] = p
        return p

    def _get(self, key: Any) -> _Pending | None:
        with self._lock:
            return self._pending.get(key)

    def _add(self, key: Any, item: Any) -> None:
        p = self._get(key)
        if p is not None:
            p.items.append(item)

    def _finish(self, key: Any, value: Any = None) -> None:
        with self._lock:
            p = self._pending.pop(key, None)
        if p is not None and not p.future.done():
            p.future.set_result(list(p.items) if value is None else value)

    def _fail(self, key: Any, exc: BaseException) -> bool:
        """Fail the request ``key``; whether there was one to fail."""
        with self._lock:
            p = self._pending.pop(key, None)
        if p is not None and not p.future.done():
            p.future.set_exception(exc)
            return True
        return False

    def _ticks(self, reqId: int, ticks: list[Any], done: bool) -> None:
        self._add(reqId, ticks)
        if done:
            p = self._get(reqId)
            if p is not None:
                self._finish(reqId, [t for chunk in p.items for t in chunk])

    def _is_stream(self, reqId: int) -> bool:
        return any(reqId in d for d in (self._tickers_by_req, self._live_bars, self._rt_bars, self._pnl))

    def _req_id(self) -> int:
        return next(self._ids) + 100_000

    def _sending(self) -> _SendScope | None:
        scope: _SendScope | None = getattr(self._tl, "scope", None)
        return scope

    def _send(self, fn: Callable[[], None]) -> RequestError | ConnectError | None:
        """Run ``fn`` (which sends); the first error the client reported while sending, if any.

        A send that failed because the connection is gone is a :class:`ConnectError` (a ``ConnectionError``,
        as when the call finds it gone before sending), with the client's code.
        """
        scope = _SendScope()
        self._tl.scope = scope
        try:
            fn()
        finally:
            self._tl.scope = None
        if not scope.errors:
            return None
        err = scope.errors[0]
        return err if self.client.isConnected() else ConnectError(err.code, err.message)

    def _require_connected(self) -> None:
        if not self.client.isConnected():
            raise ConnectionError("not connected")

    def _request(self, send: Callable[[int], None], key: Any = None, timeout: float | None = None,
                 name: str = "", variant: Any = None) -> Future[Any]:
        """Send a request and return the future of its answer.

        Requests TWS answers without a request id are ``key``-ed by kind: a caller asking while the
        same question (``variant``) is in flight shares its answer; a different variant waits for it.
        """
        req = self._req_id()
        k = req if key is None else key
        t = self.RequestTimeout if timeout is None else timeout
        with self._lock:
            p = self._pending.get(k) if key is not None else None
            if p is not None:
                if p.variant == variant:
                    if p.deadline is not None:
                        p.deadline = None if not t else max(p.deadline, time.monotonic() + t)
                    return self._own_deadline(_follow(p.future), t, p.name)
                out: Future[Any] = Future()

                def then(_: Future[Any]) -> None:
                    nxt = self._request(send, key, timeout, name, variant)
                    nxt.add_done_callback(lambda f: _settle(out, f))

                p.future.add_done_callback(then)
                return self._own_deadline(out, t, name or str(k))  # the wait in the queue counts too
            p = _Pending(name or str(k), time.monotonic() + t if t else None, variant)
            self._pending[k] = p
            connected = self.client.isConnected()  # checked after registering: a close meanwhile fails p
        mine = self._own_deadline(_follow(p.future), t, p.name)
        if not connected:
            self._fail(k, ConnectionError("not connected"))
            return mine
        try:
            err = self._send(lambda: send(req))
        except Exception as e:  # noqa: BLE001 - e.g. a wrong argument type: the caller gets it
            self._fail(k, e)
        else:
            if err is not None:
                self._fail(k, err)
        return mine

    def _own_deadline(self, f: Future[Any], timeout: float, name: str) -> Future[Any]:
        """``f`` times out after ``timeout`` seconds even if the request it follows waits longer."""
        if timeout:
            with self._lock:
                self._deadlines[f] = (time.monotonic() + timeout, name)
            f.add_done_callback(self._forget_deadline)
        return f

    def _forget_deadline(self, f: Future[Any]) -> None:
        with self._lock:
            self._deadlines.pop(f, None)

    def _wait(self, f: Future[Any], timeout: float | None = None) -> Any:
        if threading.current_thread() is self._thread:
            raise RuntimeError("a blocking call on the dispatch thread would wait for itself; use the Future variant")
        return f.result(None if timeout is None else timeout)

    # --- session and reference data -------------------------------------------------------------

    def managedAccounts(self) -> list[str]:
        return list(self._accounts)

    def reqCurrentTimeFuture(self) -> Future[_dt.datetime]:
        return self._request(lambda _: self.client.reqCurrentTime(), key="currentTime")

    def reqCurrentTime(self) -> _dt.datetime:
        return self._wait(self.reqCurrentTimeFuture())  # type: ignore[no-any-return]

    def reqContractDetailsFuture(self, contract: Contract) -> Future[list[ContractDetails]]:
        return self._request(lambda r: self.client.reqContractDetails(r, contract), name="reqContractDetails")

    def reqContractDetails(self, contract: Contract) -> list[ContractDetails]:
        return self._wait(self.reqContractDetailsFuture(contract))  # type: ignore[no-any-return]

    def qualifyContractsFuture(self, *contracts: Contract) -> Future[list[Contract]]:
        def qualify(futures: list[Future[Any]]) -> list[Contract]:
            qualified = []
            for c, f in zip(contracts, futures):
                try:
                    details = f.result()
                except RequestError as e:
                    if e.code != 200:
                        raise
                    logger.warning("cannot qualify %s: %s", c.symbol or c.conId, e)  # unknown: stays unqualified
                    continue
                # a timeout or a lost connection propagates: the caller must know
                if len(details) != 1:
                    logger.warning("%s is ambiguous: %d matches", c.symbol, len(details))
                    continue
                found = details[0].contract
                for attr, val in vars(found).items():
                    setattr(c, attr, copy.copy(val))
                qualified.append(c)
            return qualified

        return _when_all([self.reqContractDetailsFuture(c) for c in contracts], qualify)

    def qualifyContracts(self, *contracts: Contract) -> list[Contract]:
        """Fill in each contract from its details (conId and all); returns the ones that resolved to one."""
        return self._wait(self.qualifyContractsFuture(*contracts))  # type: ignore[no-any-return]

    def reqMatchingSymbolsFuture(self, pattern: str) -> Future[list[Any]]:
        return self._request(lambda r: self.client.reqMatchingSymbols(r, pattern), name="reqMatchingSymbols")

    def reqMatchingSymbols(self, pattern: str) -> list[Any]:
        return self._wait(self.reqMatchingSymbolsFuture(pattern))  # type: ignore[no-any-return]

    def reqSecDefOptParamsFuture(self, underlyingSymbol: str, futFopExchange: str, underlyingSecType: str,
                                 underlyingConId: int) -> Future[list[dict[str, Any]]]:
        return self._request(lambda r: self.client.reqSecDefOptParams(r, underlyingSymbol, futFopExchange,
                                                                      underlyingSecType, underlyingConId))

    def reqSecDefOptParams(self, underlyingSymbol: str, futFopExchange: str, underlyingSecType: str,
                           underlyingConId: int) -> list[dict[str, Any]]:
        return self._wait(self.reqSecDefOptParamsFuture(  # type: ignore[no-any-return]
            underlyingSymbol, futFopExchange, underlyingSecType, underlyingConId))

    def reqMarketRuleFuture(self, marketRuleId: int) -> Future[list[Any]]:
        return self._request(lambda _: self.client.reqMarketRule(marketRuleId), key=("marketRule", marketRuleId))

    def reqMarketRule(self, marketRuleId: int) -> list[Any]:
        return self._wait(self.reqMarketRuleFuture(marketRuleId))  # type: ignore[no-any-return]

    def reqUserInfoFuture(self) -> Future[str]:
        return self._request(lambda r: self.client.reqUserInfo(r))

    def reqUserInfo(self) -> str:
        return self._wait(self.reqUserInfoFuture())  # type: ignore[no-any-return]

    def reqFamilyCodesFuture(self) -> Future[list[Any]]:
        return self._request(lambda _: self.client.reqFamilyCodes(), key="familyCodes")

    def reqFamilyCodes(self) -> list[Any]:
        return self._wait(self.reqFamilyCodesFuture())  # type: ignore[no-any-return]

    def reqSoftDollarTiersFuture(self) -> Future[list[Any]]:
        return self._request(lambda r: self.client.reqSoftDollarTiers(r))

    def reqSoftDollarTiers(self) -> list[Any]:
        return self._wait(self.reqSoftDollarTiersFuture())  # type: ignore[no-any-return]

    def reqMktDepthExchangesFuture(self) -> Future[list[Any]]:
        return self._request(lambda _: self.client.reqMktDepthExchanges(), key="mktDepthExchanges")

    def reqMktDepthExchanges(self) -> list[Any]:
        return self._wait(self.reqMktDepthExchangesFuture())  # type: ignore[no-any-return]

    def reqSmartComponentsFuture(self, bboExchange: str) -> Future[Any]:
        return self._request(lambda r: self.client.reqSmartComponents(r, bboExchange))

    def reqSmartComponents(self, bboExchange: str) -> Any:
        return self._wait(self.reqSmartComponentsFuture(bboExchange))

    def requestFAFuture(self, faDataType: int) -> Future[str]:
        return self._request(lambda _: self.client.requestFA(faDataType), key=("fa", faDataType))

    def requestFA(self, faDataType: int) -> str:
        return self._wait(self.requestFAFuture(faDataType))  # type: ignore[no-any-return]

    def reqWshMetaDataFuture(self) -> Future[str]:
        return self._request(lambda r: self.client.reqWshMetaData(r))

    def reqWshMetaData(self) -> str:
        return self._wait(self.reqWshMetaDataFuture())  # type: ignore[no-any-return]

    def reqWshEventDataFuture(self, data: Any) -> Future[str]:
        return self._request(lambda r: self.client.reqWshEventData(r, data))

    def reqWshEventData(self, data: Any) -> str:
        return self._wait(self.reqWshEventDataFuture(data))  # type: ignore[no-any-return]

    # --- history ------------------------------------------------------------------------------------

    def reqHistoricalDataFuture(self, contract: Contract, endDateTime: str, durationStr: str, barSizeSetting: str,
                                whatToShow: str, useRTH: bool, formatDate: int = 1, keepUpToDate: bool = False,
                                chartOptions: list[Any] | None = None,
                                timeout: float | None = None) -> Future[list[BarData]]:
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

    def reqHistoricalData(self, contract: Contract, endDateTime: str, durationStr: str, barSizeSetting: str,
                          whatToShow: str, useRTH: bool, formatDate: int = 1, keepUpToDate: bool = False,
                          chartOptions: list[Any] | None = None, timeout: float | None = None) -> list[BarData]:
        """The bars; with ``keepUpToDate`` a :class:`BarDataList` that keeps updating (``cancelHistoricalData``)."""
        return self._wait(self.reqHistoricalDataFuture(  # type: ignore[no-any-return]
            contract, endDateTime, durationStr, barSizeSetting, whatToShow, useRTH, formatDate, keepUpToDate,
            chartOptions, timeout))

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

    def reqHeadTimeStamp(self, contract: Contract, whatToShow: str, useRTH: bool, formatDate: int = 1) -> str:
        return self._wait(self.reqHeadTimeStampFuture(contract, whatToShow, useRTH, formatDate))  # type: ignore[no-any-return]

    def reqHistoricalTicksFuture(self, contract: Contract, startDateTime: str, endDateTime: str,
                                 numberOfTicks: int, whatToShow: str, useRth: bool, ignoreSize: bool = False,
                                 miscOptions: list[Any] | None = None) -> Future[list[Any]]:
        return self._request(lambda r: self.client.reqHistoricalTicks(
            r, contract, startDateTime, endDateTime, numberOfTicks, whatToShow, int(useRth), ignoreSize,
            miscOptions or []))

    def reqHistoricalTicks(self, contract: Contract, startDateTime: str, endDateTime: str, numberOfTicks: int,
                           whatToShow: str, useRth: bool, ignoreSize: bool = False,
                           miscOptions: list[Any] | None = None) -> list[Any]:
        return self._wait(self.reqHistoricalTicksFuture(  # type: ignore[no-any-return]
            contract, startDateTime, endDateTime, numberOfTicks, whatToShow, useRth, ignoreSize, miscOptions))

    def reqHistogramDataFuture(self, contract: Contract, useRTH: bool, period: str) -> Future[list[Any]]:
        return self._request(lambda r: self.client.reqHistogramData(r, contract, useRTH, period))

    def reqHistogramData(self, contract: Contract, useRTH: bool, period: str) -> list[Any]:
        return self._wait(self.reqHistogramDataFuture(contract, useRTH, period))  # type: ignore[no-any-return]

    # --- market data ----------------------------------------------------------------------------------

    def reqMarketDataType(self, marketDataType: int) -> None:
        self.client.reqMarketDataType(marketDataType)

    def reqMktData(self, contract: Contract, genericTickList: str = "", snapshot: bool = False,
                   regulatorySnapshot: bool = False, mktDataOptions: list[Any] | None = None) -> Ticker:
        """A :class:`Ticker` that the stream keeps updating (``cancelMktData`` stops it)."""
        sub = None if snapshot else ("mkt", genericTickList, False)  # a snapshot is not requested again
        return self._subscribe(contract, sub, lambda req: self.client.reqMktData(
            req, contract, genericTickList, snapshot, regulatorySnapshot, mktDataOptions or []))

    def _subscribe(self, contract: Contract, sub: tuple[str, Any, Any] | None,
                   send: Callable[[int], None]) -> Ticker:
        """A Ticker fed by the stream ``send`` requests (``sub`` says how to request it again)."""
        self._require_connected()
        req = self._req_id()
        t = Ticker(contract)
        if sub is not None:
            t._sub = sub  # type: ignore[attr-defined]
        self._tickers_by_req[req] = t
        self._stream(lambda: send(req), lambda: self._tickers_by_req.pop(req, None))
        return t

    def _stream(self, send: Callable[[], None], undo: Callable[[], Any]) -> None:
        """Send a subscription; if the client could not send it, forget it and raise the error."""
        try:
            err = self._send(send)
        except BaseException:
            undo()
            raise
        if err is not None:
            undo()
            raise err

    def cancelMktData(self, contract_or_ticker: Contract | Ticker) -> None:
        for req, t in list(self._tickers_by_req.items()):
            if t is contract_or_ticker or t.contract is contract_or_ticker:
                self.client.cancelMktData(req)
                del self._tickers_by_req[req]

    def reqTickersFuture(self, *contracts: Contract, regulatorySnapshot: bool = False) -> Future[list[Ticker]]:
        futures: list[Future[Any]] = []
        for c in contracts:
            def send(req: int, c: Contract = c) -> None:
                self._tickers_by_req[req] = Ticker(c)
                self.client.reqMktData(req, c, "", True, regulatorySnapshot, [])

            futures.append(self._request(send, name="reqTickers"))
        return _when_all(futures, lambda done: [f.result() for f in done])

    def reqTickers(self, *contracts: Contract, regulatorySnapshot: bool = False) -> list[Ticker]:
        """Snapshot tickers, once each has its full snapshot."""
        return self._wait(self.reqTickersFuture(*contracts, regulatorySnapshot=regulatorySnapshot))  # type: ignore[no-any-return]

    def reqTickByTickData(self, contract: Contract, tickType: str, numberOfTicks: int = 0,
                          ignoreSize: bool = False) -> Ticker:
        return self._subscribe(contract, ("tbt", tickType, ignoreSize), lambda req: self.client.reqTickByTickData(
            req, contract, tickType, numberOfTicks, ignoreSize))

    def reqMktDepth(self, contract: Contract, numRows: int = 5, isSmartDepth: bool = False) -> Ticker:
        """A Ticker whose ``domBids``/``domAsks`` follow the book."""
        return self._subscribe(contract, ("depth", numRows, isSmartDepth), lambda req: self.client.reqMktDepth(
            req, contract, numRows, isSmartDepth, []))

    def tickers(self) -> list[Ticker]:
        return list(self._tickers_by_req.values())

    def calculateImpliedVolatilityFuture(self, contract: Contract, optionPrice: float,
                                         underPrice: float) -> Future[dict[str, Any]]:
        return self._request(lambda r: self.client.calculateImpliedVolatility(r, contract, optionPrice, underPrice, []))

    def calculateImpliedVolatility(self, contract: Contract, optionPrice: float, underPrice: float) -> dict[str, Any]:
        return self._wait(self.calculateImpliedVolatilityFuture(contract, optionPrice, underPrice))  # type: ignore[no-any-return]

    def calculateOptionPriceFuture(self, contract: Contract, volatility: float,
                                   underPrice: float) -> Future[dict[str, Any]]:
        return self._request(lambda r: self.client.calculateOptionPrice(r, contract, volatility, underPrice, []))

    def calculateOptionPrice(self, contract: Contract, volatility: float, underPrice: float) -> dict[str, Any]:
        return self._wait(self.calculateOptionPriceFuture(contract, volatility, underPrice))  # type: ignore[no-any-return]

    # --- orders ------------------------------------------------------------------------------------------

    def placeOrder(self, contract: Contract, order: Order) -> Trade:
        """Place (or modify, when ``order.orderId`` is a live trade's) and return the live :class:`Trade`.

        Raises ``ConnectionError`` when not connected and :class:`RequestError` when the client could
        not send the order; nothing is recorded then.
        """
        self._require_connected()
        with self._lock:
            if not order.orderId:
                order.orderId = self._next_order_id
                self._next_order_id += 1
            else:
                self._next_order_id = max(self._next_order_id, order.orderId + 1)
        order.clientId = self.client.clientId or 0
        trade = self._trades.get(order.orderId)
        new = trade is None
        if trade is None:
            trade = Trade(contract, order, OrderStatus(orderId=order.orderId, status="PendingSubmit"))
            self._trades[order.orderId] = trade  # before sending: the acknowledgement may come at once
        try:
            err = self._send(lambda: self.client.placeOrder(order.orderId, contract, order))
        except BaseException:
            if new:
                self._trades.pop(order.orderId, None)
            raise
        if err is not None:
            if new:
                self._trades.pop(order.orderId, None)
            raise err
        if new:
            trade.log.append(TradeLogEntry(_now(), "PendingSubmit"))
            self.newOrderEvent.emit(trade)
        else:
            trade.order = order
            trade.log.append(TradeLogEntry(_now(), trade.orderStatus.status, "Modify"))
        return trade

    def cancelOrder(self, order: Order, manualCancelOrderTime: str = "") -> Trade | None:
        """Ask TWS to cancel; the Trade turns Cancelled when TWS says so (``cancelledEvent``).

        Raises ``ConnectionError`` / :class:`RequestError` when the request could not be sent.
        """
        self._require_connected()
        oc = OrderCancel()
        oc.manualOrderCancelTime = manualCancelOrderTime
        err = self._send(lambda: self.client.cancelOrder(order.orderId, oc))
        if err is not None:
            raise err
        return self._trades.get(order.orderId)

    def reqGlobalCancel(self) -> None:
        self._require_connected()
        err = self._send(lambda: self.client.reqGlobalCancel(OrderCancel()))
        if err is not None:
            raise err

    def bracketOrder(self, action: str, quantity: float | Decimal, limitPrice: float, takeProfitPrice: float,
                     stopLossPrice: float, **kw: Any) -> list[Order]:
        """Parent limit order with a take-profit and a stop-loss child (place all three, in order)."""
        with self._lock:
            pid = self._next_order_id
            self._next_order_id += 3
        close = "SELL" if action.upper() == "BUY" else "BUY"
        parent = LimitOrder(action, quantity, limitPrice, orderId=pid, transmit=False, **kw)
        tp = LimitOrder(close, quantity, takeProfitPrice, orderId=pid + 1, parentId=pid, transmit=False, **kw)
        sl = StopOrder(close, quantity, stopLossPrice, orderId=pid + 2, parentId=pid, transmit=True, **kw)
        return [parent, tp, sl]

    @staticmethod
    def oneCancelsAll(orders: list[Order], ocaGroup: str, ocaType: int = 1) -> list[Order]:
        for o in orders:
            o.ocaGroup, o.ocaType = ocaGroup, ocaType
        return orders

    def whatIfOrderFuture(self, contract: Contract, order: Order) -> Future[OrderState]:
        o = copy.copy(order)
        o.whatIf = True
        with self._lock:
            o.orderId = self._next_order_id
            self._next_order_id += 1
        p = self._start(("whatIf", o.orderId), None, "whatIfOrder")
        with self._lock:
            self._pending[o.orderId] = p  # errors name the order id
        if not self.client.isConnected():
            self._fail(o.orderId, ConnectionError("not connected"))
        else:
            err = self._send(lambda: self.client.placeOrder(o.orderId, contract, o))
            if err is not None:
                self._fail(o.orderId, err)
        return _follow(p.future)

    def whatIfOrder(self, contract: Contract, order: Order) -> OrderState:
        """Margin and commission of an order, without placing it."""
        return self._wait(self.whatIfOrderFuture(contract, order))  # type: ignore[no-any-return]

    def reqOpenOrdersFuture(self) -> Future[list[Trade]]:
        return self._request(lambda _: self.client.reqOpenOrders(), key="openOrders", name="reqOpenOrders")

    def reqAllOpenOrdersFuture(self) -> Future[list[Trade]]:
        # answered with the same openOrderEnd as reqOpenOrders: one of the two kinds in flight at a time
        return self._request(lambda _: self.client.reqAllOpenOrders(), key="openOrders", name="reqAllOpenOrders",
                             variant="all")

    def reqAllOpenOrders(self) -> list[Trade]:
        """The open orders of every client and of TWS itself."""
        return self._wait(self.reqAllOpenOrdersFuture())  # type: ignore[no-any-return]

    def reqOpenOrders(self) -> list[Trade]:
        return self._wait(self.reqOpenOrdersFuture())  # type: ignore[no-any-return]

    def reqCompletedOrdersFuture(self, apiOnly: bool = False) -> Future[list[Trade]]:
        return self._request(lambda _: self.client.reqCompletedOrders(apiOnly), key="completedOrders",
                             name="reqCompletedOrders", variant=apiOnly)

    def reqCompletedOrders(self, apiOnly: bool = False) -> list[Trade]:
        return self._wait(self.reqCompletedOrdersFuture(apiOnly))  # type: ignore[no-any-return]

    def reqExecutionsFuture(self, execFilter: ExecutionFilter | None = None) -> Future[list[Fill]]:
        return self._request(lambda r: self.client.reqExecutions(r, execFilter or ExecutionFilter()))

    def reqExecutions(self, execFilter: ExecutionFilter | None = None) -> list[Fill]:
        return self._wait(self.reqExecutionsFuture(execFilter))  # type: ignore[no-any-return]

    # --- account ----------------------------------------------------------------------------------------

    def reqPositionsFuture(self) -> Future[list[Position]]:
        return self._request(lambda _: self.client.reqPositions(), key="positions")

    def reqPositions(self) -> list[Position]:
        return self._wait(self.reqPositionsFuture())  # type: ignore[no-any-return]

    def reqAccountUpdatesFuture(self, account: str = "") -> Future[None]:
        return self._request(lambda _: self.client.reqAccountUpdates(True, account), key="accountUpdates",
                             name="reqAccountUpdates", variant=account)

    def reqAccountSummaryFuture(self, group: str = "All", tags: str = "") -> Future[list[AccountValue]]:
        tags = tags or ("AccountType,NetLiquidation,TotalCashValue,SettledCash,AccruedCash,BuyingPower,"
                        "EquityWithLoanValue,GrossPositionValue,InitMarginReq,MaintMarginReq,AvailableFunds,"
                        "ExcessLiquidity,Cushion,Leverage")

        def send(req: int) -> None:
            self.client.reqAccountSummary(req, group, tags)

        return self._request(send, name="reqAccountSummary")

    def reqAccountSummary(self, group: str = "All", tags: str = "") -> list[AccountValue]:
        return self._wait(self.reqAccountSummaryFuture(group, tags))  # type: ignore[no-any-return]

    def reqPnL(self, account: str, modelCode: str = "") -> PnL:
        self._require_connected()
        req = self._req_id()
        p = PnL(account, modelCode)
        self._pnl[req] = p
        self._stream(lambda: self.client.reqPnL(req, account, modelCode), lambda: self._pnl.pop(req, None))
        return p

    # --- news and scanners ------------------------------------------------------------------------------

    def reqNewsProvidersFuture(self) -> Future[list[Any]]:
        return self._request(lambda _: self.client.reqNewsProviders(), key="newsProviders")

    def reqNewsProviders(self) -> list[Any]:
        return self._wait(self.reqNewsProvidersFuture())  # type: ignore[no-any-return]

    def reqNewsArticleFuture(self, providerCode: str, articleId: str) -> Future[dict[str, Any]]:
        return self._request(lambda r: self.client.reqNewsArticle(r, providerCode, articleId, []))

    def reqNewsArticle(self, providerCode: str, articleId: str) -> dict[str, Any]:
        return self._wait(self.reqNewsArticleFuture(providerCode, articleId))  # type: ignore[no-any-return]

    def reqHistoricalNewsFuture(self, conId: int, providerCodes: str, startDateTime: str, endDateTime: str,
                                totalResults: int) -> Future[list[dict[str, Any]]]:
        return self._request(lambda r: self.client.reqHistoricalNews(r, conId, providerCodes, startDateTime,
                                                                     endDateTime, totalResults, []))

    def reqHistoricalNews(self, conId: int, providerCodes: str, startDateTime: str, endDateTime: str,
                          totalResults: int) -> list[dict[str, Any]]:
        return self._wait(self.reqHistoricalNewsFuture(  # type: ignore[no-any-return]
            conId, providerCodes, startDateTime, endDateTime, totalResults))

    def reqScannerDataFuture(self, subscription: Any, scannerSubscriptionOptions: list[Any] | None = None,
                             scannerSubscriptionFilterOptions: list[Any] | None = None) -> Future[list[dict[str, Any]]]:
        return self._request(lambda r: self.client.reqScannerSubscription(
            r, subscription, scannerSubscriptionOptions or [], scannerSubscriptionFilterOptions or []))

    def reqScannerData(self, subscription: Any, scannerSubscriptionOptions: list[Any] | None = None,
                       scannerSubscriptionFilterOptions: list[Any] | None = None) -> list[dict[str, Any]]:
        return self._wait(self.reqScannerDataFuture(  # type: ignore[no-any-return]
            subscription, scannerSubscriptionOptions, scannerSubscriptionFilterOptions))

    # --- live state -------------------------------------------------------------------------------------

    def positions(self, account: str = "") -> list[Position]:
        return [p for (a, _), p in list(self._positions.items()) if not account or a == account]

    def portfolio(self, account: str = "") -> list[PortfolioItem]:
        return [p for (a, _), p in list(self._portfolio.items()) if not account or a == account]

    def accountValues(self, account: str = "") -> list[AccountValue]:
        return [v for v in list(self._account_values.values()) if not account or v.account == account]

    def accountSummary(self, account: str = "") -> list[AccountValue]:
        return [v for v in list(self._summary.values()) if not account or v.account == account]

    def trades(self) -> list[Trade]:
        return list(self._trades.values())

    def openTrades(self) -> list[Trade]:
        return [t for t in list(self._trades.values()) if not t.isDone()]

    def orders(self) -> list[Order]:
        return [t.order for t in self.trades()]

    def openOrders(self) -> list[Order]:
        return [t.order for t in self.openTrades()]

    def fills(self) -> list[Fill]:
        return list(self._fills.values())

    def executions(self) -> list[Execution]:
        return [f.execution for f in self.fills()]

    def pnl(self, account: str = "") -> list[PnL]:
        return [p for p in list(self._pnl.values()) if not account or p.account == account]

    def sleep(self, seconds: float) -> None:
        """Wait (the live objects keep updating meanwhile, on the dispatch thread)."""
        time.sleep(seconds)
