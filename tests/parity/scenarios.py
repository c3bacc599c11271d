"""The parity scenarios: what an ib_async 2.1 user does, written once, run through ib_async and through ibwire.

Each scenario is ``fn(m, ib, ctx)``: ``m`` is the library's top-level module (``ib_async`` or ``ibwire``), ``ib`` a
connected ``IB``, ``ctx`` the runner's :class:`~runner.Context` (``part``/``record`` observe, ``step`` moves the
simulator's market, ``wait`` runs the library until a condition). They use only ib_async's API, the way its
documentation and its users write it; a name ibwire lacks shows up as ``raised AttributeError`` in that part.

Two things are observed as streams rather than as the state after the last read, because that state depends on how
the socket happened to split the data (ib_async clears ``Ticker.ticks``, ``tickByTicks`` and ``domTicks`` when the
next read arrives): every update cycle's ticks are collected (``pendingTickersEvent``, attached before the request) and compared in
full.

Standard library only besides the library under test.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

ACCOUNT = "DU1234567"
AAPL_CONID = 265598

Scenario = Callable[[Any, Any, Any], None]


def _in_tws_zone(ctx: Any, ib: Any, t: Any) -> Any:
    """ib_async's bug, corrected on its side: a time TWS sends without a zone (a head timestamp, a historical news
    item's time) is handed over naive, though TWS means its own zone (the one it names at connect, which ib_async
    knows as ``TimezoneTWS``): a naive datetime cannot be compared with the aware ones ib_async gives elsewhere
    (executions, ticks). ibwire gives it aware in that zone; ib_async's naive one gets that zone here."""
    if ctx.side == "ib_async" and isinstance(t, _dt.datetime) and t.tzinfo is None:
        zone = getattr(ib, "TimezoneTWS", None)
        return t.replace(tzinfo=zone if isinstance(zone, _dt.tzinfo) else _dt.timezone.utc)
    return t
SCENARIOS: dict[str, Scenario] = {}


def scenario(fn: Scenario) -> Scenario:
    SCENARIOS[fn.__name__] = fn
    return fn


def _collect_ticks(ib: Any, contract: Any) -> dict[str, list[Any]]:
    """Every update cycle's ticks of ``contract``'s ticker, kept as they are delivered.

    Through ``ib.pendingTickersEvent`` (the cycle's updated tickers; ``ticker.updateEvent`` fires in the same
    cycles), attached *before* the request: ibwire runs handlers on its dispatch thread as events happen (its
    documented default), so a handler attached after the request could miss the first answer, where ib_async
    holds events until the program waits. ``contract`` must be qualified (its conId picks the ticker)."""
    seen: dict[str, list[Any]] = {"ticks": [], "tickByTicks": [], "domTicks": []}

    def on_pending(tickers: Any) -> None:
        for t in tickers:
            if t.contract is not None and t.contract.conId == contract.conId:
                seen["ticks"].extend(t.ticks)
                seen["tickByTicks"].extend(t.tickByTicks)
                seen["domTicks"].extend(t.domTicks)

    ib.pendingTickersEvent += on_pending
    return seen


def _filled(ctx: Any, trade: Any, what: str) -> None:
    """Filled, with every fill's commission report in (it follows the fill)."""
    ctx.wait(lambda: trade.orderStatus.status == "Filled" and trade.fills
             and all(f.commissionReport.execId for f in trade.fills), what)


# --- reference data ------------------------------------------------------------------------------------------


@scenario
def qualify(m: Any, ib: Any, ctx: Any) -> None:
    """qualifyContracts fills in the contracts; an unknown one keeps its place in the result (ib_async: None)."""
    aapl, nope, eur = m.Stock("AAPL", "SMART", "USD"), m.Stock("NOPEX", "SMART", "USD"), m.Forex("EURUSD")
    ctx.part("result", lambda: ib.qualifyContracts(aapl, nope, eur))
    ctx.record("inputs after", [aapl, nope, eur])
    ctx.record("repr", [repr(aapl), repr(eur)])


@scenario
def contract_details(m: Any, ib: Any, ctx: Any) -> None:
    ctx.part("MSFT", lambda: ib.reqContractDetails(m.Stock("MSFT", "SMART", "USD")))
    ctx.part("ES future", lambda: ib.reqContractDetails(m.ContFuture("ES", "CME")))


@scenario
def matching_symbols(m: Any, ib: Any, ctx: Any) -> None:
    ctx.part("AA", lambda: ib.reqMatchingSymbols("AA"))


@scenario
def option_chain(m: Any, ib: Any, ctx: Any) -> None:
    chains = ctx.part("chains", lambda: ib.reqSecDefOptParams("AAPL", "", "STK", AAPL_CONID))
    ctx.part("first chain's expirations and strikes",
             lambda: [chains[0].exchange, chains[0].expirations[:3], chains[0].strikes[:5]])


@scenario
def option_calculations(m: Any, ib: Any, ctx: Any) -> None:
    chains = ib.reqSecDefOptParams("AAPL", "", "STK", AAPL_CONID)
    smart = next(c for c in chains if c.exchange == "SMART")
    strike = min(smart.strikes, key=lambda k: abs(k - 230))
    opt = m.Option("AAPL", smart.expirations[0], strike, "C", "SMART", tradingClass=smart.tradingClass)
    ctx.part("option", lambda: ib.qualifyContracts(opt))
    ctx.part("implied volatility", lambda: ib.calculateImpliedVolatility(opt, 5.0, 230.0))
    ctx.part("option price", lambda: ib.calculateOptionPrice(opt, 0.3, 230.0))


# --- history ---------------------------------------------------------------------------------------------------


@scenario
def bars_daily(m: Any, ib: Any, ctx: Any) -> None:
    aapl = m.Stock("AAPL", "SMART", "USD")
    ctx.part("bars", lambda: ib.reqHistoricalData(aapl, "", "10 D", "1 day", "TRADES", True))


@scenario
def bars_intraday(m: Any, ib: Any, ctx: Any) -> None:
    aapl = m.Stock("AAPL", "SMART", "USD")
    ctx.part("formatDate 1", lambda: ib.reqHistoricalData(aapl, "", "1 D", "1 hour", "TRADES", False, formatDate=1))
    ctx.part("formatDate 2", lambda: ib.reqHistoricalData(aapl, "", "3600 S", "15 mins", "MIDPOINT", True,
                                                          formatDate=2))


@scenario
def bars_end_as_datetime(m: Any, ib: Any, ctx: Any) -> None:
    import datetime as dt

    aapl = m.Stock("AAPL", "SMART", "USD")
    end = dt.datetime(2026, 11, 20, 16, 0, tzinfo=dt.timezone.utc)
    ctx.part("end datetime", lambda: ib.reqHistoricalData(aapl, end, "2 D", "4 hours", "TRADES", False))
    ctx.part("end date", lambda: ib.reqHistoricalData(aapl, dt.date(2026, 11, 20), "5 D", "1 day", "TRADES", True))


@scenario
def head_timestamp(m: Any, ib: Any, ctx: Any) -> None:
    aapl = m.Stock("AAPL", "SMART", "USD")
    ctx.part("formatDate 1", lambda: _in_tws_zone(ctx, ib, ib.reqHeadTimeStamp(aapl, "TRADES", True, formatDate=1)))
    ctx.part("formatDate 2", lambda: ib.reqHeadTimeStamp(aapl, "TRADES", True, formatDate=2))


# --- market data -------------------------------------------------------------------------------------------------


@scenario
def ticker_stream(m: Any, ib: Any, ctx: Any) -> None:
    """Every Ticker field after the first answer and after 5 market ticks, and every tick delivered."""
    aapl = m.Stock("AAPL", "SMART", "USD")
    ib.qualifyContracts(aapl)
    seen = _collect_ticks(ib, aapl)
    ticker = ib.reqMktData(aapl, "", False, False)
    ctx.sync()
    ctx.record("ticker at first", ticker)
    ctx.step(5)
    ctx.record("ticker after 5 steps", ticker)
    ctx.record("ticks delivered", seen["ticks"])
    ctx.part("ib.ticker(contract) is it", lambda: ib.ticker(aapl) is ticker)
    ctx.part("marketPrice", lambda: ticker.marketPrice())
    ctx.part("midpoint", lambda: ticker.midpoint())
    ctx.part("hasBidAsk", lambda: ticker.hasBidAsk())
    ib.cancelMktData(aapl)
    ctx.step(2)
    ctx.record("ticker after cancel and 2 steps", ticker)


@scenario
def ticker_generic(m: Any, ib: Any, ctx: Any) -> None:
    """Generic tick types: volumes, volatility, shortable, RT volume, 52-week range, news ticks ..."""
    aapl = m.Stock("AAPL", "SMART", "USD")
    ib.qualifyContracts(aapl)
    seen = _collect_ticks(ib, aapl)
    ticker = ib.reqMktData(aapl, "100,101,104,106,165,221,225,233,236,258,293,294,295,318,375,411,456,588,595,619")
    ctx.step(3)
    ctx.record("ticker", ticker)
    ctx.record("ticks delivered", seen["ticks"])


@scenario
def ticker_option(m: Any, ib: Any, ctx: Any) -> None:
    """An option's ticker: bid/ask/last/model greeks."""
    chains = ib.reqSecDefOptParams("AAPL", "", "STK", AAPL_CONID)
    smart = next(c for c in chains if c.exchange == "SMART")
    strike = min(smart.strikes, key=lambda k: abs(k - 230))
    opt = m.Option("AAPL", smart.expirations[0], strike, "C", "SMART", tradingClass=smart.tradingClass)
    ib.qualifyContracts(opt)
    ticker = ib.reqMktData(opt)
    ctx.step(2)
    ctx.record("ticker", ticker)


@scenario
def req_tickers(m: Any, ib: Any, ctx: Any) -> None:
    contracts = [m.Stock("AAPL", "SMART", "USD"), m.Stock("MSFT", "SMART", "USD")]
    ib.qualifyContracts(*contracts)
    ctx.part("snapshot", lambda: ib.reqTickers(*contracts))


@scenario
def depth(m: Any, ib: Any, ctx: Any) -> None:
    aapl = m.Stock("AAPL", "SMART", "USD")
    ib.qualifyContracts(aapl)
    ctx.part("exchanges", lambda: ib.reqMktDepthExchanges())
    seen = _collect_ticks(ib, aapl)
    ticker = ib.reqMktDepth(aapl, 5)
    ctx.sync()
    ctx.record("book at first", [ticker.domBids, ticker.domAsks])
    ctx.step(3)
    ctx.record("book after 3 steps", [ticker.domBids, ticker.domAsks])
    ctx.record("domTicks delivered", seen["domTicks"])
    ctx.part("cancel", lambda: ib.cancelMktDepth(aapl))
    ctx.step(1)
    ctx.record("book after cancel", [ticker.domBids, ticker.domAsks])


@scenario
def tick_by_tick(m: Any, ib: Any, ctx: Any) -> None:
    aapl, msft = m.Stock("AAPL", "SMART", "USD"), m.Stock("MSFT", "SMART", "USD")
    ib.qualifyContracts(aapl, msft)
    seen_last, seen_quotes = _collect_ticks(ib, aapl), _collect_ticks(ib, msft)
    last = ib.reqTickByTickData(aapl, "AllLast")
    ib.reqTickByTickData(msft, "BidAsk")
    ctx.step(3)
    ctx.record("AllLast delivered", seen_last["tickByTicks"])
    ctx.record("BidAsk delivered", seen_quotes["tickByTicks"])
    ctx.record("AllLast ticker", last)
    ctx.part("cancel", lambda: ib.cancelTickByTickData(aapl, "AllLast"))
    ctx.step(1)
    ctx.record("AllLast after cancel", seen_last["tickByTicks"][-1:])


# --- orders, fills, account ------------------------------------------------------------------------------------


@scenario
def bracket(m: Any, ib: Any, ctx: Any) -> None:
    """A bracket: the parent fills at once, the children rest; cancelling the take-profit leaves the stop."""
    aapl = m.Stock("AAPL", "SMART", "USD")
    ib.qualifyContracts(aapl)
    statuses: list[dict[str, Any]] = []
    ib.orderStatusEvent += lambda trade: statuses.append({"orderId": trade.order.orderId,
                                                          "status": trade.orderStatus.status})
    bracket = ib.bracketOrder("BUY", 100, 235.0, 260.0, 200.0)
    ctx.record("bracket", bracket)
    trades = [ib.placeOrder(aapl, o) for o in bracket]
    _filled(ctx, trades[0], "the parent's fill")
    ctx.wait(lambda: trades[1].orderStatus.status == "Submitted" and trades[2].orderStatus.status
             in ("Submitted", "PreSubmitted"), "the children working")
    ctx.step(2)
    ctx.record("trades", trades)
    ctx.record("openTrades", sorted(ib.openTrades(), key=lambda t: t.order.orderId))
    ib.cancelOrder(trades[1].order)
    ctx.wait(lambda: trades[1].orderStatus.status == "Cancelled", "the take-profit's cancel")
    ctx.sync()
    ctx.record("after cancelling the take-profit", trades)
    ctx.record("status events", statuses)
    ctx.record("isDone/isActive/isWorking", [[t.isDone(), t.isActive()] for t in trades])
    ctx.part("isWorking", lambda: [t.isWorking() for t in trades])
    ib.cancelOrder(trades[2].order)
    ctx.wait(lambda: trades[2].orderStatus.status == "Cancelled", "the stop's cancel")


@scenario
def market_fill(m: Any, ib: Any, ctx: Any) -> None:
    """A market order's fill, then positions, portfolio and every account value."""
    msft = m.Stock("MSFT", "SMART", "USD")
    ib.qualifyContracts(msft)
    trade = ib.placeOrder(msft, m.MarketOrder("BUY", 10))
    _filled(ctx, trade, "the fill")
    ctx.wait(lambda: any(p.contract.conId == msft.conId for p in ib.positions()), "the position")
    ctx.wait(lambda: any(p.contract.conId == msft.conId for p in ib.portfolio()), "the portfolio item")
    ctx.sync()
    ctx.record("trade", trade)
    ctx.record("positions", ib.positions())
    ctx.record("portfolio", ib.portfolio())
    ctx.record("accountValues", {f"{v.account} {v.tag} {v.currency} {v.modelCode}": v.value
                                 for v in ib.accountValues()})
    ctx.step(2)
    ctx.record("portfolio after 2 steps", ib.portfolio())


@scenario
def executions(m: Any, ib: Any, ctx: Any) -> None:
    ibm = m.Stock("IBM", "SMART", "USD")
    ib.qualifyContracts(ibm)
    buy = ib.placeOrder(ibm, m.MarketOrder("BUY", 20))
    _filled(ctx, buy, "the buy")
    sell = ib.placeOrder(ibm, m.MarketOrder("SELL", 20))
    _filled(ctx, sell, "the sell")
    ctx.record("fills", ib.fills())
    ctx.record("executions", ib.executions())
    def with_commissions(fills: list[Any]) -> list[Any]:
        if ctx.side != "ib_async":
            return fills
        # ib_async 2.1 bug: reqExecutions returns new Fill objects with an empty CommissionReport; the report the
        # server sends after each execDetails goes to the fill it keeps from the live session (wrapper.execDetails
        # / commissionReport). What the server sent is the right answer: it is taken from there.
        live = {f.execution.execId: f.commissionReport for f in ib.fills()}
        return [f._replace(commissionReport=live.get(f.execution.execId, f.commissionReport)) for f in fills]

    ctx.part("reqExecutions", lambda: with_commissions(ib.reqExecutions()))
    ctx.part("reqExecutions(filter)", lambda: with_commissions(ib.reqExecutions(m.ExecutionFilter(side="SELL"))))


@scenario
def pnl(m: Any, ib: Any, ctx: Any) -> None:
    aapl = m.Stock("AAPL", "SMART", "USD")
    ib.qualifyContracts(aapl)
    trade = ib.placeOrder(aapl, m.MarketOrder("BUY", 50))
    _filled(ctx, trade, "the fill")
    # ib_async's reqPnL/reqPnLSingle return at once, before the first update (all NaN), and whether another
    # library's first update is in by then is a race: observed after a round trip, when it has arrived
    total = ib.reqPnL(ACCOUNT)
    single = ctx.part("reqPnLSingle", lambda: ib.reqPnLSingle(ACCOUNT, "", aapl.conId))
    ctx.sync()
    ctx.record("reqPnL", total)
    if single is not None:  # else the part's failure stays recorded
        ctx.record("reqPnLSingle", single)
    ctx.step(3)
    ctx.record("PnL after 3 steps", total)
    ctx.record("PnLSingle after 3 steps", single)
    ctx.part("ib.pnl()", lambda: ib.pnl())
    ctx.part("ib.pnlSingle()", lambda: ib.pnlSingle())


@scenario
def what_if(m: Any, ib: Any, ctx: Any) -> None:
    aapl = m.Stock("AAPL", "SMART", "USD")
    ib.qualifyContracts(aapl)
    ctx.part("market buy", lambda: ib.whatIfOrder(aapl, m.MarketOrder("BUY", 100)))
    ctx.part("limit sell", lambda: ib.whatIfOrder(aapl, m.LimitOrder("SELL", 10, 250.0)))


@scenario
def completed_orders(m: Any, ib: Any, ctx: Any) -> None:
    aapl = m.Stock("AAPL", "SMART", "USD")
    ib.qualifyContracts(aapl)
    filled = ib.placeOrder(aapl, m.MarketOrder("BUY", 5))
    _filled(ctx, filled, "the fill")
    resting = ib.placeOrder(aapl, m.LimitOrder("BUY", 5, 1.0))
    ctx.wait(lambda: resting.orderStatus.status == "Submitted", "the resting order working")
    ctx.part("reqOpenOrders", lambda: ib.reqOpenOrders())
    ctx.part("reqAllOpenOrders", lambda: ib.reqAllOpenOrders())
    ib.cancelOrder(resting.order)
    ctx.wait(lambda: resting.orderStatus.status == "Cancelled", "the cancel")
    ctx.record("resting trade", resting)

    def completed() -> Any:
        trades = ib.reqCompletedOrders(False)
        if ctx.side == "ib_async":
            for t in trades:
                ctx.norm.wire_orders.add(id(t.order))  # see normalize.WIRE_ORDER_KEEPS
        return trades

    ctx.part("reqCompletedOrders", completed)
    ctx.record("trades", ib.trades())


@scenario
def account_summary(m: Any, ib: Any, ctx: Any) -> None:
    """accountSummary() fetches on first use (ib_async) and gives AccountValue tuples."""
    ctx.part("accountSummary", lambda: sorted(ib.accountSummary(), key=lambda v: (v.tag, v.currency)))
    ctx.part("accountSummary(account)", lambda: len(ib.accountSummary(ACCOUNT)))
    ctx.part("managedAccounts", lambda: ib.managedAccounts())


# --- scanner, news, errors, types --------------------------------------------------------------------------------


@scenario
def scanner(m: Any, ib: Any, ctx: Any) -> None:
    sub = m.ScannerSubscription(instrument="STK", locationCode="STK.US.MAJOR", scanCode="MOST_ACTIVE",
                                numberOfRows=5)
    ctx.part("most active", lambda: ib.reqScannerData(sub))
    ctx.part("parameters (length)", lambda: len(ib.reqScannerParameters()))


@scenario
def news(m: Any, ib: Any, ctx: Any) -> None:
    ctx.part("providers", lambda: ib.reqNewsProviders())

    def historical() -> Any:
        items = ib.reqHistoricalNews(AAPL_CONID, "BRFG", "", "", 5)
        if ctx.side == "ib_async":
            for h in items:
                object.__setattr__(h, "time", _in_tws_zone(ctx, ib, h.time))  # HistoricalNews may be frozen
        return items

    ctx.part("historical", historical)
    ctx.part("article", lambda: ib.reqNewsArticle("BRFG", "BRFG$SIM0001"))


@scenario
def refused(m: Any, ib: Any, ctx: Any) -> None:
    """Refused requests: ib_async gives an empty result and reports the error (ibwire: RaiseRequestErrors off)."""
    nope = m.Stock("NOPEX", "SMART", "USD")
    aapl = m.Stock("AAPL", "SMART", "USD")
    ctx.part("contract details of an unknown stock", lambda: ib.reqContractDetails(nope))
    ctx.part("bars of a bad bar size", lambda: ib.reqHistoricalData(aapl, "", "1 D", "7 mins", "TRADES", True))
    ctx.part("bars of an unknown stock", lambda: ib.reqHistoricalData(nope, "", "1 D", "1 hour", "TRADES", True))
    ctx.part("head timestamp of an unknown stock", lambda: ib.reqHeadTimeStamp(nope, "TRADES", True))
    # by a conId nobody has (ib_async wants a hashable, i.e. qualified-looking, contract for market data)
    ghost = m.Stock("NOPEX", "SMART", "USD")
    ghost.conId = 99999999
    ticker = ctx.part("market data of an unknown conId", lambda: ib.reqMktData(ghost))
    ctx.sync()
    ctx.record("that ticker after a round trip", ticker)
    trade = ctx.part("order for an unknown stock", lambda: ib.placeOrder(nope, m.MarketOrder("BUY", 1)))
    # a longer deadline (a wait, not a pause): under load ib_async's order was once recorded still PendingSubmit
    ctx.wait(lambda: trade is None or trade.orderStatus.status == "Cancelled", "the order's end", timeout=30)
    ctx.record("that trade", trade)


@scenario
def value_types(m: Any, ib: Any, ctx: Any) -> None:
    """The Python types a user gets for sizes, dates and results (the other scenarios compare values as JSON)."""
    aapl = m.Stock("AAPL", "SMART", "USD")
    ib.qualifyContracts(aapl)

    def types(**values: Any) -> dict[str, str]:
        return {k: type(v).__name__ for k, v in values.items()}

    daily = ib.reqHistoricalData(aapl, "", "5 D", "1 day", "TRADES", True)
    hourly = ib.reqHistoricalData(aapl, "", "1 D", "1 hour", "TRADES", True)
    ctx.part("bars", lambda: types(container=daily, daily_date=daily[0].date, hourly_date=hourly[0].date,
                                   volume=daily[0].volume, wap=daily[0].average, barCount=daily[0].barCount))
    ctx.part("head timestamp", lambda: types(head=ib.reqHeadTimeStamp(aapl, "TRADES", True)))
    ticker = ib.reqMktData(aapl)
    ctx.step(1)
    ctx.part("ticker", lambda: types(bidSize=ticker.bidSize, volume=ticker.volume, last=ticker.last,
                                     time=ticker.time))
    trade = ib.placeOrder(aapl, m.MarketOrder("BUY", 1))
    _filled(ctx, trade, "the fill")
    ctx.wait(lambda: ib.positions(), "the position")
    fill = trade.fills[0]

    def trade_types() -> dict[str, str]:
        out = types(filled=trade.orderStatus.filled, shares=fill.execution.shares, exec_time=fill.execution.time,
                    fill_time=fill.time, totalQuantity=trade.order.totalQuantity)
        if ctx.side == "ib_async" and out["totalQuantity"] == "float":
            # ib_async's openOrder overwrites the order's quantity with a float made of the server's text, so an
            # exact fractional quantity (the reason the API made sizes Decimal in 10.10) loses its exactness; the
            # Order is the API's object shared with EClient, whose field is a Decimal (the facade's policy: such
            # objects keep the model's types), so ibwire takes the server's Decimal. Corrected here, at this point
            out["totalQuantity"] = "Decimal"
        return out

    ctx.part("trade", trade_types)
    ctx.part("position", lambda: types(position=ib.positions()[0], size=ib.positions()[0].position))
    ctx.part("account value", lambda: types(value=ib.accountValues()[0]))
    ctx.part("bracket", lambda: types(bracket=ib.bracketOrder("BUY", 1, 1.0, 2.0, 0.5)))
    ctx.part("contract", lambda: types(stock=m.Stock("AAPL", "SMART", "USD"), forex=m.Forex("EURUSD"),
                                       qualified=aapl))
