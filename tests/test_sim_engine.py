"""The simulator's engine through ibwire's client over real sockets, market stepped by hand.

``tick_interval=None`` freezes the market clock; ``sim.step()`` moves it, so
every expectation here is deterministic.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest
from conftest import App

from ibwire.model import Contract, ExecutionFilter, Order
from ibwire.sim import Simulator

NOTICES = {2104, 2106, 2158}


def stk(symbol: str = "AAPL") -> Contract:
    c = Contract()
    c.symbol, c.secType, c.exchange, c.currency = symbol, "STK", "SMART", "USD"
    return c


def order(action: str, kind: str, qty: int, **kw: Any) -> Order:
    o = Order()
    o.action, o.orderType, o.totalQuantity = action, kind, Decimal(qty)
    for k, val in kw.items():
        setattr(o, k, val)
    return o


def errors(a: App) -> list[tuple[int, int]]:
    return [(e[0], e[2]) for e in a.w.of("error") if e[2] not in NOTICES]


def statuses(a: App, order_id: int) -> list[str]:
    out: list[str] = []
    for s in a.w.of("orderStatus"):
        if s[0] == order_id and (not out or out[-1] != s[1]):
            out.append(s[1])
    return out


@pytest.fixture
def sim() -> Any:
    with Simulator(tick_interval=None, server_version=176) as s:
        yield s


@pytest.fixture
def app(sim: Simulator) -> Any:
    a = App()
    a.connect(sim.port, 1)
    a.w.wait_for(lambda: len(a.w.of("error")) >= 3)
    yield a
    a.close()


def settle(a: App) -> None:
    """Wait until the simulator has handled everything ``a`` sent and ``a`` has everything it answered.

    A session handles requests in order and answers in order, so a current-time
    round trip is a barrier; nothing else moves while the market clock is stopped.
    """
    n = len(a.w.of("currentTime"))
    a.c.reqCurrentTime()
    a.w.wait_for(lambda: len(a.w.of("currentTime")) > n)


def quote(sim: Simulator, symbol: str = "AAPL") -> Any:
    return sim.market.quote(sim.catalog.by_symbol(symbol))


def test_contract_resolution_errors_like_tws(app: App) -> None:
    fut = Contract()
    fut.symbol, fut.secType, fut.exchange = "ES", "FUT", "CME"
    app.c.reqContractDetails(1, fut)
    app.w.wait_for("contractDetailsEnd")
    assert len(app.w.of("contractDetails")) == 4  # four quarterly expiries
    app.c.placeOrder(5, fut, order("BUY", "MKT", 1))
    nothing = stk("NOPE")
    app.c.reqContractDetails(2, nothing)
    app.w.wait_for(lambda: len(errors(app)) >= 2)
    assert errors(app) == [(5, 200), (2, 200)]
    assert "ambiguous" in [e for e in app.w.of("error") if e[2] == 200][0][3]


def test_option_chain_and_every_catalogue_kind_resolves(app: App) -> None:
    opt = Contract()
    opt.symbol, opt.secType, opt.exchange, opt.currency, opt.right = "AAPL", "OPT", "SMART", "USD", "C"
    app.c.reqContractDetails(1, opt)
    app.w.wait_for("contractDetailsEnd")
    calls = app.w.of("contractDetails")
    assert len(calls) == 3 * 13 and {c[1].contract.right for c in calls} == {"C"}
    assert len({c[1].contract.lastTradeDateOrContractMonth for c in calls}) == 3
    for sec_type, symbol in (("CASH", "EUR"), ("IND", "SPX"), ("CRYPTO", "BTC"), ("STK", "SPY")):
        c = Contract()
        c.symbol, c.secType = symbol, sec_type
        app.c.reqContractDetails(10, c)
    bond = Contract()
    bond.symbol, bond.secType = "IBM", "BOND"
    app.c.reqContractDetails(11, bond)
    app.w.wait_for(lambda: len(app.w.of("contractDetailsEnd")) == 6)
    assert errors(app) == []
    (_, b), = app.w.of("bondContractDetails")
    assert (b.cusip, b.coupon, b.maturity, b.contract.conId) == ("459200JR3", 3.3, "20270127", 147554578)


def test_streaming_quotes_follow_the_market_and_stop_on_cancel(sim: Simulator, app: App) -> None:
    app.c.reqMktData(7, stk(), "233,236", False, False, [])
    app.w.wait_for("tickReqParams")
    app.w.wait_for(lambda: {t[1] for t in app.w.of("tickPrice")} >= {1, 2, 4, 6, 7, 9, 14})
    n = len(app.w.of("tickPrice"))
    sim.step(3)
    app.w.wait_for(lambda: len(app.w.of("tickPrice")) >= n + 9)
    q = quote(sim)
    # the latest bid is the market's (a step may end with the day's new high or low after bid, ask, last)
    app.w.wait_for(lambda: [t for t in app.w.of("tickPrice") if t[1] == 1][-1][2] == q.bid)
    assert any(t[1] == 48 for t in app.w.of("tickString")) and any(t[1] == 46 for t in app.w.of("tickGeneric"))
    app.c.cancelMktData(7)
    settle(app)
    n = len(app.w.of("tickPrice"))
    sim.step(2)
    settle(app)
    assert len(app.w.of("tickPrice")) == n


def test_delayed_and_snapshot_data(sim: Simulator, app: App) -> None:
    app.c.reqMarketDataType(3)
    app.c.reqMktData(1, stk(), "", True, False, [])
    app.w.wait_for("tickSnapshotEnd")
    assert app.w.of("marketDataType") == [(1, 3)]
    assert {t[1] for t in app.w.of("tickPrice")} >= {66, 67, 68}
    n = len(app.w.of("tickPrice"))
    sim.step(2)
    settle(app)
    assert len(app.w.of("tickPrice")) == n  # a snapshot does not stream


def test_history_bar_sizes_keep_up_to_date_and_pacing(sim: Simulator, app: App) -> None:
    app.c.reqHistoricalData(1, stk(), "20261120 16:00:00 UTC", "1 W", "1 day", "MIDPOINT", 1, 1, False, [])
    app.c.reqHistoricalData(2, stk(), "", "3600 S", "5 mins", "TRADES", 0, 2, True, [])
    app.w.wait_for(lambda: len(app.w.of("historicalDataEnd")) == 2)
    daily = [b for r, b in app.w.of("historicalData") if r == 1]
    assert len(daily) == 5 and all(len(b.date) == 8 for b in daily) and daily[-1].date == "20261120"
    assert daily[0].volume == Decimal(-1)  # MIDPOINT has no volume
    five = [b for r, b in app.w.of("historicalData") if r == 2]
    assert len(five) == 12 and all(b.date.isdigit() for b in five)  # formatDate 2: epoch seconds
    sim.step(2)
    app.w.wait_for(lambda: len(app.w.of("historicalDataUpdate")) >= 2)
    assert app.w.of("historicalDataUpdate")[-1][1].close == quote(sim).last
    app.c.reqHistoricalData(3, stk(), "20261120 16:00:00 UTC", "1 W", "1 day", "MIDPOINT", 1, 1, False, [])
    app.c.reqHistoricalData(4, stk(), "", "1 D", "7 mins", "TRADES", 1, 1, False, [])
    app.w.wait_for(lambda: len(errors(app)) >= 2)
    assert errors(app) == [(3, 162), (4, 162)]  # identical within 15 s; an invalid bar size


def test_bracket_fills_parent_then_children_cancel_each_other(sim: Simulator, app: App) -> None:
    last = quote(sim).last
    app.c.placeOrder(10, stk(), order("BUY", "MKT", 100, transmit=False))
    app.c.placeOrder(11, stk(), order("SELL", "LMT", 100, lmtPrice=last + 1000, parentId=10, transmit=False))
    settle(app)
    assert app.w.of("orderStatus") == []  # held until an order of the group transmits
    app.c.placeOrder(12, stk(), order("SELL", "STP", 100, auxPrice=last - 1000, parentId=10, transmit=True))
    # the children are released after the parent's fill has been reported (commission included)
    app.w.wait_for(lambda: statuses(app, 10)[-1:] == ["Filled"] and len(app.w.of("commissionAndFeesReport")) == 1
                   and statuses(app, 11)[-1:] == ["Submitted"])
    settle(app)
    assert statuses(app, 11) == ["PreSubmitted", "Submitted"] and statuses(app, 12) == ["PreSubmitted"]
    names = [n for n in app.w.names() if n in ("execDetails", "orderStatus", "commissionAndFeesReport")]
    first_exec = names.index("execDetails")
    assert names[first_exec:first_exec + 3] == ["execDetails", "orderStatus", "commissionAndFeesReport"]
    app.c.placeOrder(11, stk(), order("SELL", "LMT", 100, lmtPrice=last - 1000, parentId=10))  # modify: marketable
    app.w.wait_for(lambda: statuses(app, 11)[-1:] == ["Filled"] and statuses(app, 12)[-1:] == ["Cancelled"])
    assert (12, 202) in errors(app)


def test_resting_orders_trigger_on_market_moves(sim: Simulator, app: App) -> None:
    q = quote(sim)
    app.c.placeOrder(20, stk(), order("BUY", "LMT", 100, lmtPrice=q.bid - 0.5))
    app.c.placeOrder(21, stk(), order("SELL", "STP", 100, auxPrice=q.last + 0.01))  # sell stop above: triggers at once
    app.c.placeOrder(22, stk(), order("BUY", "TRAIL", 100, auxPrice=0.05))
    app.w.wait_for(lambda: statuses(app, 21)[-1:] == ["Filled"])
    assert statuses(app, 20) == ["Submitted"]
    for _ in range(400):
        if statuses(app, 20)[-1:] == ["Filled"] and statuses(app, 22)[-1:] == ["Filled"]:
            break
        sim.step()
    app.w.wait_for(lambda: statuses(app, 20)[-1:] == ["Filled"] and statuses(app, 22)[-1:] == ["Filled"])
    assert statuses(app, 22)[0] == "PreSubmitted"


def test_large_order_walks_the_book_in_partial_fills(sim: Simulator, app: App) -> None:
    app.c.placeOrder(30, stk(), order("BUY", "MKT", 5000))
    app.w.wait_for(lambda: statuses(app, 30) != [])  # placed: the market may move now
    for _ in range(50):
        if statuses(app, 30)[-1:] == ["Filled"]:
            break
        sim.step()
    app.w.wait_for(lambda: statuses(app, 30)[-1:] == ["Filled"])
    fills = [e for _, _, e in app.w.of("execDetails") if e.orderId == 30]
    assert len(fills) > 1 and sum(f.shares for f in fills) == 5000
    assert fills[-1].cumQty == 5000 and len({f.execId for f in fills}) == len(fills)
    filled = [s[2] for s in app.w.of("orderStatus") if s[0] == 30]
    assert filled == sorted(filled) and filled[-1] == 5000


def test_tif_ioc_fok_oca_and_global_cancel(sim: Simulator, app: App) -> None:
    q = quote(sim)
    app.c.placeOrder(40, stk(), order("BUY", "LMT", 100, lmtPrice=q.bid - 5, tif="IOC"))
    app.c.placeOrder(41, stk(), order("BUY", "LMT", 100_000, lmtPrice=q.ask + 5, tif="FOK"))
    app.w.wait_for(lambda: statuses(app, 40)[-1:] == ["Cancelled"] and statuses(app, 41)[-1:] == ["Cancelled"])
    assert app.w.of("execDetails") == []
    app.c.placeOrder(42, stk(), order("BUY", "LMT", 10, lmtPrice=1.0, ocaGroup="g1"))
    app.c.placeOrder(43, stk(), order("BUY", "MKT", 10, ocaGroup="g1"))
    app.w.wait_for(lambda: statuses(app, 42)[-1:] == ["Cancelled"] and statuses(app, 43)[-1:] == ["Filled"])
    app.c.placeOrder(44, stk(), order("BUY", "LMT", 10, lmtPrice=1.0))
    app.c.placeOrder(45, stk("MSFT"), order("SELL", "LMT", 10, lmtPrice=100000.0, tif="GTC"))
    app.w.wait_for(lambda: statuses(app, 45)[-1:] == ["Submitted"])
    from ibwire.model import OrderCancel

    app.c.reqGlobalCancel(OrderCancel())
    app.w.wait_for(lambda: statuses(app, 44)[-1:] == ["Cancelled"] and statuses(app, 45)[-1:] == ["Cancelled"])


def test_bad_orders_and_cancels_get_tws_errors(app: App) -> None:
    from ibwire.model import OrderCancel

    app.c.placeOrder(50, stk(), order("HOLD", "MKT", 1))
    app.c.placeOrder(51, stk(), order("BUY", "WHATEVER", 1))
    app.c.placeOrder(52, stk(), order("BUY", "LMT", 1))
    app.c.placeOrder(53, stk(), order("BUY", "MKT", 0))
    app.c.cancelOrder(99, OrderCancel())
    app.w.wait_for(lambda: len(errors(app)) >= 5)
    assert errors(app) == [(50, 321), (51, 387), (52, 321), (53, 434), (99, 10147)]


def test_what_if_reports_margin_without_trading(sim: Simulator, app: App) -> None:
    app.c.placeOrder(60, stk(), order("BUY", "MKT", 100, whatIf=True))
    app.w.wait_for("openOrder")
    (oid, _, o, st), = app.w.of("openOrder")
    assert oid == 60 and o.whatIf and float(st.initMarginAfter) > 0 and st.commissionAndFees > 0
    settle(app)
    assert app.w.of("orderStatus") == [] and app.w.of("execDetails") == []
    assert sim.broker.positions == {}


def test_account_positions_pnl_and_executions_after_fills(sim: Simulator, app: App) -> None:
    app.c.reqAccountUpdates(True, "")
    app.c.reqPositions()
    app.c.reqPnL(70, "DU1234567", "")
    app.w.wait_for(lambda: app.w.of("accountDownloadEnd") and app.w.of("positionEnd") and app.w.of("pnl"))
    app.c.placeOrder(71, stk(), order("BUY", "MKT", 200))
    app.w.wait_for(lambda: any(p[2] == 200 for p in app.w.of("position")))
    app.w.wait_for(lambda: any(p[1] == 200 for p in app.w.of("updatePortfolio")))
    values = {k: v for k, v, _, _ in app.w.of("updateAccountValue")}
    assert float(values["GrossPositionValue"]) > 0
    sim.step()
    app.w.wait_for(lambda: len(app.w.of("pnl")) >= 2)
    app.c.placeOrder(72, stk(), order("SELL", "MKT", 200))
    app.w.wait_for(lambda: app.w.of("position")[-1][2] == 0)
    reports = app.w.of("commissionAndFeesReport")
    assert reports[-1][0].realizedPNL != 0 and reports[-1][0].commissionAndFees > 0
    app.c.reqAccountSummary(73, "All", "NetLiquidation,TotalCashValue,$LEDGER")
    ef = ExecutionFilter()
    ef.side = "SELL"
    app.c.reqExecutions(74, ef)
    app.w.wait_for(lambda: app.w.of("accountSummaryEnd") and app.w.of("execDetailsEnd"))
    tags = [s[2] for s in app.w.of("accountSummary")]
    assert tags[:2] == ["NetLiquidation", "TotalCashValue"] and "CashBalance" in tags
    sells = [e for r, _, e in app.w.of("execDetails") if r == 74]
    assert sells and all(e.side == "SLD" for e in sells)


def test_master_client_sees_every_order_and_others_only_theirs() -> None:
    with Simulator(tick_interval=None, master_client_id=9) as sim:
        a, b, m = App(), App(), App()
        for x, cid in ((a, 1), (b, 2), (m, 9)):
            x.connect(sim.port, cid)
            x.w.wait_for("managedAccounts")
        a.c.placeOrder(1, stk(), order("BUY", "LMT", 1, lmtPrice=1.0))
        a.w.wait_for("orderStatus")
        m.w.wait_for("orderStatus")
        b.c.reqOpenOrders()
        m.c.reqOpenOrders()
        b.w.wait_for("openOrderEnd")
        m.w.wait_for(lambda: len(m.w.of("openOrderEnd")) == 1)
        assert b.w.of("openOrder") == [] and b.w.of("orderStatus") == []
        assert [o[0] for o in m.w.of("openOrder")] == [1, 1]  # pushed on placement, then listed
        for x in (a, b, m):
            x.close()


def test_faults_drop_stall_malformed_and_restart(sim: Simulator, app: App) -> None:
    sim.send_raw(b"\0\0\0\x04xy\0\0")
    sim.restart(down=0.1)
    app.c.reqCurrentTime()
    app.w.wait_for("currentTime")
    codes = [e[2] for e in app.w.of("error") if e[2] not in NOTICES]
    assert codes == [508, 1100, 1102]
    sim.stall(0.5)
    t0 = time.monotonic()
    app.c.reqCurrentTime()
    app.w.wait_for(lambda: len(app.w.of("currentTime")) == 2)
    assert time.monotonic() - t0 >= 0.4
    sim.drop()
    app.w.wait_for("connectionClosed")
    assert not app.c.isConnected()


def test_request_rate_limit_and_recording(sim: Simulator, app: App) -> None:
    sim.max_rate = 20
    app.c.setPacing(0)
    for _ in range(40):
        app.c.reqCurrentTime()
    app.w.wait_for(lambda: any(e[2] == 100 for e in app.w.of("error")))
    deadline = time.monotonic() + 5
    while [r.name for _, r in sim.requests].count("reqCurrentTime") < 40 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [r.name for _, r in sim.requests].count("reqCurrentTime") == 40  # refused ones are recorded too
    assert 10 <= len(app.w.of("currentTime")) < 40  # the rest were refused (the window also holds startApi)
    assert sim.requests[0][1].name == "startApi"


def test_hooks_script_the_server(sim: Simulator, app: App) -> None:
    def refuse(session: Any, req: Any) -> bool:
        session.error(int(req.message.reqId), 354, "Requested market data is not subscribed.")
        return True

    sim.hooks["reqMktData"] = refuse
    app.c.reqMktData(5, stk(), "", False, False, [])
    app.w.wait_for(lambda: errors(app) == [(5, 354)])
    assert app.w.of("tickPrice") == []


def test_market_is_deterministic_given_the_seed() -> None:
    def path(seed: int) -> list[tuple[float, float, float]]:
        sim = Simulator(tick_interval=None, seed=seed)
        try:
            it = sim.catalog.by_symbol("MSFT")
            sim.market.quote(it)
            out = []
            for _ in range(20):
                sim.step()
                q = sim.market.quotes[it.con_id]
                out.append((q.bid, q.ask, q.last))
            bars = sim.market.bars(it, __import__("datetime").datetime(2026, 11, 24, 16), "1 D", "1 hour", "TRADES",
                                   True, 1)
            return out + [(b.open, b.close, float(b.volume)) for b in bars]
        finally:
            sim.stop()

    assert path(3) == path(3)
    assert path(3) != path(4)
