"""Depth, tick-by-tick, real-time bars, option analytics, history beyond bars, search,
scanners, news and single P&L — through ibwire's client, with requests in text
(server 176) and in protobuf (226) form, and with the simulator answering in
protobuf where it can."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from conftest import App, step_clock
from test_sim_engine import NOTICES, errors, order, settle, stk

from ibwire.model import Contract, ScannerSubscription
from ibwire.sim import Simulator


@pytest.fixture(params=[(176, None), (226, None), (226, True)], ids=["v176", "v226", "v226-protobuf"])
def setup(request: Any) -> Any:
    version, protobuf = request.param
    with Simulator(tick_interval=None, server_version=version, protobuf=protobuf) as sim:
        a = App()
        a.connect(sim.port, 1)
        a.w.wait_for(lambda: len([e for e in a.w.of("error") if e[2] in NOTICES]) >= 3)
        yield sim, a
        a.close()


def call() -> Contract:
    """The AAPL December call at the money (the chain's first expiry)."""
    c = Contract()
    c.symbol, c.secType, c.exchange, c.currency = "AAPL", "OPT", "SMART", "USD"
    c.right, c.strike, c.lastTradeDateOrContractMonth = "C", 230.0, "202612"
    return c


def test_depth_book_on_the_client_matches_the_simulated_book(setup: Any) -> None:
    sim, a = setup
    a.c.reqMktDepth(1, stk(), 5, False, [])
    a.c.reqMktDepth(2, stk("MSFT"), 3, True, [])
    sim_steps(sim, a, "updateMktDepth", 3)
    book: dict[int, list[tuple[float, Decimal]]] = {0: [], 1: []}
    for _, pos, op, side, price, size in [x for x in a.w.of("updateMktDepth") if x[0] == 1]:
        rows = book[side]
        if op == 0:
            rows.insert(pos, (price, size))
        elif op == 1:
            rows[pos] = (price, size)
        else:
            del rows[pos]
    q = sim.market.quotes[265598]
    assert book[1] == [(p, Decimal(s)) for p, s in reversed(q.bids.items())][:5]
    assert book[0] == [(p, Decimal(s)) for p, s in q.asks.items()][:5]
    assert {x[2] for x in a.w.of("updateMktDepthL2")} == {"NSDQ"} and all(x[7] for x in a.w.of("updateMktDepthL2"))


def sim_steps(sim: Simulator, a: App, name: str, n: int) -> None:
    """``n`` market ticks once the first ``name`` came, then everything they sent delivered."""
    a.w.wait_for(name)
    settle(a)  # every request sent so far is handled: the steps reach every subscription
    for _ in range(n):
        sim.step()
    settle(a)


def test_tick_by_tick_and_real_time_bars_stream(setup: Any) -> None:
    sim, a = setup
    step_clock(sim, sim.now())  # 5 s of simulated time per market step: a real-time bar per step
    for i, kind in enumerate(("Last", "AllLast", "BidAsk", "MidPoint")):
        a.c.reqTickByTickData(10 + i, stk(), kind, 0, False)
    a.c.reqRealTimeBars(20, stk(), 5, "TRADES", False, [])
    settle(a)
    sim.step()
    first = sim.market.quotes[265598].last
    sim.step()
    a.w.wait_for(lambda: len(a.w.of("tickByTickMidPoint")) >= 2 and len(a.w.of("realtimeBar")) >= 2)
    assert {x[1] for x in a.w.of("tickByTickAllLast")} == {1, 2}
    assert len(a.w.of("tickByTickBidAsk")) >= 2
    quiet, bar = a.w.of("realtimeBar")
    # the window of the request saw no move; the next one the first step's trade
    assert bar[1] % 5 == 0 and bar[1] - quiet[1] == 5 and bar[2] == bar[5] == first and bar[8] == 1
    a.c.cancelTickByTickData(10)
    a.c.cancelRealTimeBars(20)


def test_option_quotes_carry_greeks_and_calculators_invert(setup: Any) -> None:
    sim, a = setup
    a.c.reqContractDetails(1, call())
    a.w.wait_for("contractDetailsEnd")
    (_, cd), = a.w.of("contractDetails")
    opt = cd.contract
    a.c.reqMktData(2, opt, "", False, False, [])
    a.w.wait_for(lambda: len(a.w.of("tickOptionComputation")) >= 4)
    comp = a.w.of("tickOptionComputation")[-1]
    assert comp[1] == 13 and 0 < comp[4] < 1 and comp[7] > 0  # delta of a call, gamma
    a.c.calculateOptionPrice(3, opt, 0.3, 230.0, [])
    a.w.wait_for(lambda: any(x[0] == 3 for x in a.w.of("tickOptionComputation")))
    price = [x for x in a.w.of("tickOptionComputation") if x[0] == 3][0][5]
    a.c.calculateImpliedVolatility(4, opt, price, 230.0, [])
    a.w.wait_for(lambda: any(x[0] == 4 for x in a.w.of("tickOptionComputation")))
    iv = [x for x in a.w.of("tickOptionComputation") if x[0] == 4][0][3]
    assert abs(iv - 0.3) < 1e-3
    a.c.reqSecDefOptParams(5, "AAPL", "", "STK", 265598)
    a.w.wait_for("securityDefinitionOptionParameterEnd")
    params = a.w.of("securityDefinitionOptionParameter")
    assert [p[1] for p in params] == ["SMART", "CBOE"] and len(params[0][5]) == 3 and len(params[0][6]) == 13


def test_historical_ticks_histogram_and_schedule(setup: Any) -> None:
    sim, a = setup
    for req_id, what in ((1, "TRADES"), (2, "BID_ASK"), (3, "MIDPOINT")):
        a.c.reqHistoricalTicks(req_id, stk(), "", "20261124 16:00:00 UTC", 50, what, 1, True, [])
    a.c.reqHistogramData(4, stk(), True, "1 week")
    a.c.reqHistoricalData(5, stk(), "", "1 D", "1 day", "SCHEDULE", 1, 1, False, [])
    a.w.wait_for(lambda: all(a.w.of(n) for n in ("historicalTicksLast", "historicalTicksBidAsk", "historicalTicks",
                                                 "histogramData", "historicalSchedule")))
    (_, last, done), = a.w.of("historicalTicksLast")
    assert len(last) == 50 and done and last[-1].exchange == "ISLAND"
    assert len(a.w.of("historicalTicksBidAsk")[0][1]) == 50 and len(a.w.of("historicalTicks")[0][1]) == 50
    assert len(a.w.of("histogramData")[0][1]) == 21
    (_, start, end, tz, sessions), = a.w.of("historicalSchedule")
    assert tz == "US/Eastern" and len(sessions) == 2 and sessions[0].startDateTime.endswith("09:30:00")


def test_symbols_scanner_news_and_pnl_single(setup: Any) -> None:
    sim, a = setup
    a.c.reqMatchingSymbols(1, "AA")
    a.c.reqScannerParameters()
    sub = ScannerSubscription()
    sub.instrument, sub.locationCode, sub.scanCode, sub.numberOfRows = "STK", "STK.US.MAJOR", "MOST_ACTIVE", 3
    a.c.reqScannerSubscription(2, sub, [], [])
    a.c.reqNewsProviders()
    a.c.reqHistoricalNews(3, 265598, "BRFG", "", "", 5, [])
    a.c.reqNewsArticle(4, "BRFG", "BRFG$SIM0001", [])
    a.c.placeOrder(10, stk(), order("BUY", "MKT", 10))
    a.c.reqPnLSingle(5, "DU1234567", "", 265598)
    a.w.wait_for(lambda: all(a.w.of(n) for n in ("symbolSamples", "scannerParameters", "scannerDataEnd",
                                                 "newsProviders", "historicalNewsEnd", "newsArticle", "pnlSingle")))
    (_, found), = a.w.of("symbolSamples")
    assert [d.contract.symbol for d in found] == ["AAPL", "AAL"] and "OPT" in found[0].derivativeSecTypes
    assert "<ScanParameterResponse>" in a.w.of("scannerParameters")[0][0]
    assert len(a.w.of("scannerData")) == 3
    assert len(a.w.of("newsProviders")[0][0]) == 3 and len(a.w.of("historicalNews")) == 5
    sim.step()
    a.w.wait_for(lambda: any(p[1] == 10 for p in a.w.of("pnlSingle")))
    assert errors(a) == []


def test_protobuf_mode_really_sends_protobuf(setup: Any) -> None:
    sim, a = setup
    a.c.reqMktData(1, stk(), "", False, False, [])
    a.c.placeOrder(2, stk(), order("BUY", "MKT", 1))
    a.c.reqAccountUpdates(True, "")
    a.w.wait_for(lambda: a.w.of("accountDownloadEnd") and any(s[1] == "Filled" for s in a.w.of("orderStatus")))
    names = set(a.w.names())
    pb = {"tickPriceProtoBuf", "orderStatusProtoBuf", "updateAccountValueProtoBuf", "accountDataEndProtoBuf"}
    assert pb <= names if sim.protobuf else not pb & names
