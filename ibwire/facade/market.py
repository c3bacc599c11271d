"""Market data: tickers fed by quotes, tick-by-tick and depth streams; snapshots; option computations."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..model import Contract
from ..wrapper import EWrapper
from ._core import Core, _now, _streams, _when_all, awaitable, blocking
from .events import Event
from .ticker import Ticker

if TYPE_CHECKING:
    from .ib import IB


class MarketCallbacks(EWrapper):
    """Ticks into tickers."""

    ib: IB

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


class MarketMixin(Core):
    """Market data subscriptions and snapshots."""

    def __init__(self) -> None:
        super().__init__()
        self.pendingTickersEvent = Event("pendingTickersEvent")

    def _reset(self) -> None:
        super()._reset()
        self._tickers_by_req: dict[int, Ticker] = {}
        self._pending_tickers: set[Ticker] = set()

    def _is_stream(self, reqId: int) -> bool:
        return reqId in self._tickers_by_req or super()._is_stream(reqId)

    def _resubscribe_streams(self, reconnected: bool) -> None:
        super()._resubscribe_streams(reconnected)
        tickers = self._tickers_by_req
        if reconnected:  # a snapshot's request failed with the old connection (after 1101 it is under way)
            for old in [r for r, t in list(tickers.items()) if not _streams(t)]:
                tickers.pop(old, None)
        self._renumber(tickers, None if reconnected else lambda old, t: self._cancel_stream(
            t._sub, old), self._send_ticker, _streams)  # type: ignore[attr-defined]

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

    def cancelMktData(self, contract_or_ticker: Contract | Ticker) -> None:
        for req, t in list(self._tickers_by_req.items()):
            if t is contract_or_ticker or t.contract is contract_or_ticker:
                self.client.cancelMktData(req)
                del self._tickers_by_req[req]

    def reqTickersFuture(self, *contracts: Contract, regulatorySnapshot: bool = False) -> Future[list[Ticker]]:
        """Snapshot tickers, once each has its full snapshot."""
        futures: list[Future[Any]] = []
        for c in contracts:
            def send(req: int, c: Contract = c) -> None:
                self._tickers_by_req[req] = Ticker(c)
                self.client.reqMktData(req, c, "", True, regulatorySnapshot, [])

            futures.append(self._request(send, name="reqTickers"))
        return _when_all(futures, lambda done: [f.result() for f in done])

    reqTickers = blocking(reqTickersFuture)
    reqTickersAsync = awaitable(reqTickersFuture)

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

    calculateImpliedVolatility = blocking(calculateImpliedVolatilityFuture)
    calculateImpliedVolatilityAsync = awaitable(calculateImpliedVolatilityFuture)

    def calculateOptionPriceFuture(self, contract: Contract, volatility: float,
                                   underPrice: float) -> Future[dict[str, Any]]:
        return self._request(lambda r: self.client.calculateOptionPrice(r, contract, volatility, underPrice, []))

    calculateOptionPrice = blocking(calculateOptionPriceFuture)
    calculateOptionPriceAsync = awaitable(calculateOptionPriceFuture)

    def _send_ticker(self, req: int, t: Ticker) -> None:
        kind, a, b = t._sub  # type: ignore[attr-defined]
        if kind == "mkt":
            self.client.reqMktData(req, t.contract, a, False, False, [])
        elif kind == "tbt":
            self.client.reqTickByTickData(req, t.contract, a, 0, b)
        else:
            t._rows = {0: [], 1: []}
            self.client.reqMktDepth(req, t.contract, int(a), bool(b), [])

    def _cancel_stream(self, sub: tuple[str, Any, Any], req: int) -> None:
        kind = sub[0]
        if kind == "depth":
            self.client.cancelMktDepth(req, bool(sub[2]))
        else:
            cancels: dict[str, Callable[[int], None]] = {"mkt": self.client.cancelMktData,
                                                         "tbt": self.client.cancelTickByTickData}
            cancels[kind](req)

    def _after_batch(self) -> None:
        if self._pending_tickers:
            tickers, self._pending_tickers = self._pending_tickers, set()
            for t in tickers:
                t.updateEvent.emit(t)
            self.pendingTickersEvent.emit(tickers)


_PRICE = {1: "bid", 2: "ask", 4: "last", 6: "high", 7: "low", 9: "close", 14: "open",
          66: "bid", 67: "ask", 68: "last", 72: "high", 73: "low", 75: "close", 76: "open"}
_SIZE = {0: "bidSize", 3: "askSize", 5: "lastSize", 8: "volume", 69: "bidSize", 70: "askSize", 71: "lastSize",
         74: "volume"}
