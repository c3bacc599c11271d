"""Orders as sample programs place them, against the simulator over real sockets.

Text-form placeOrder (server version < 203) with every kind of order
condition; a request the simulator cannot read is answered with an error for
that request and the session goes on; and every order type IB's Testbed
sample places gets a lifecycle fitting its type, or TWS's own refusal.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from conftest import App
from test_sim_engine import NOTICES, errors, order, settle, stk

from ibwire.model import Contract, Order
from ibwire.model.condition import (
    ExecutionCondition,
    MarginCondition,
    PercentChangeCondition,
    PriceCondition,
    TimeCondition,
    VolumeCondition,
)
from ibwire.sim import Simulator

CLOCK = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.timezone.utc)  # a Tuesday, 10:00 in New York


def connect(sim: Simulator) -> App:
    a = App()
    a.connect(sim.port, 1)
    a.w.wait_for(lambda: len(a.w.of("error")) >= 3, timeout=20)
    return a


def conditions() -> list[Any]:
    return [
        PriceCondition(PriceCondition.TriggerMethodEnum.Default, 265598, "SMART", True, 100.0),
        TimeCondition(True, "20261124 16:00:00 US/Eastern"),
        MarginCondition(False, 30),
        ExecutionCondition("STK", "SMART", "AAPL"),
        VolumeCondition(265598, "SMART", True, 100000),
        PercentChangeCondition(265598, "SMART", True, 5.5),
    ]


@pytest.mark.parametrize("version", [176, 202, 226])
def test_every_condition_kind_in_placeorder_is_read_and_echoed(version: int) -> None:
    with Simulator(tick_interval=None, server_version=version, clock=CLOCK) as sim:
        a = connect(sim)
        o = order("BUY", "LMT", 1, lmtPrice=50.0, conditions=conditions(), conditionsCancelOrder=False)
        a.c.placeOrder(5, stk(), o)
        a.w.wait_for(lambda: any(x[0] == 5 for x in a.w.of("openOrder")), timeout=20)
        assert errors(a) == []
        echoed = next(x[2] for x in a.w.of("openOrder") if x[0] == 5)
        assert [type(c).__name__ for c in echoed.conditions] == [type(c).__name__ for c in conditions()]
        margin = echoed.conditions[2]
        assert margin.percent == 30 and not margin.isMore
        assert echoed.conditions[5].changePercent == 5.5 and echoed.conditions[4].volume == 100000
        assert echoed.conditions[1].time == "20261124 16:00:00 US/Eastern"
        a.close()


@pytest.mark.parametrize("version", [176, 202])
def test_a_text_placeorder_that_cannot_be_read_is_answered_for_its_order_and_the_session_goes_on(version: int) -> None:
    with Simulator(tick_interval=None, server_version=version, clock=CLOCK) as sim:
        a = connect(sim)
        bad = order("BUY", "LMT", 1, lmtPrice=50.0, conditions=[MarginCondition(True, 30.5)])
        a.c.placeOrder(7, stk(), bad)
        a.w.wait_for(lambda: errors(a) != [], timeout=20)
        assert errors(a) == [(7, 320)]
        text = next(e[3] for e in a.w.of("error") if e[2] == 320)
        assert "placeOrder" in text and "margin" in text
        assert 7 not in sim.broker.orders
        # the session is alive: later requests are answered, orders are placed
        settle(a)
        a.c.placeOrder(8, stk(), order("BUY", "MKT", 1))
        a.w.wait_for(lambda: any(s[0] == 8 and s[1] == "Filled" for s in a.w.of("orderStatus")), timeout=20)
        assert errors(a) == [(7, 320)] and a.c.isConnected()
        a.close()


# --- order types IB's Testbed places ------------------------------------------------------------------


def fop_or_opt(symbol: str = "AAPL") -> Contract:
    c = Contract()
    c.symbol, c.secType, c.exchange, c.currency = symbol, "OPT", "BOX", "USD"
    c.lastTradeDateOrContractMonth, c.strike, c.right, c.multiplier = "20261218", 230.0, "C", "100"
    return c


def bag() -> Contract:
    from ibwire.model import ComboLeg

    c = Contract()
    c.symbol, c.secType, c.exchange, c.currency = "IBKR,MCD", "BAG", "SMART", "USD"
    for con_id, action in ((43645865, "BUY"), (9408, "SELL")):
        leg = ComboLeg()
        leg.conId, leg.ratio, leg.action, leg.exchange = con_id, 1, action, "SMART"
        c.comboLegs.append(leg)
    return c


def _last(a: App, order_id: int) -> str:
    sts = [s[1] for s in a.w.of("orderStatus") if s[0] == order_id]
    return sts[-1] if sts else ""


#: name -> (contract, order, the status it must reach and keep after the market moves)
def sample_orders() -> dict[str, tuple[Contract, Order, str]]:
    far_below, far_above = 100.0, 400.0  # AAPL trades near 230
    return {
        "market to limit": (stk(), order("BUY", "MTL", 1), "Filled"),
        "market with protection": (stk(), order("BUY", "MKT PRT", 1), "Filled"),
        "stop with protection": (stk(), order("SELL", "STP PRT", 1, auxPrice=far_below), "PreSubmitted"),
        "box top": (fop_or_opt(), order("BUY", "BOX TOP", 1), "Filled"),
        "relative (pegged to primary)": (stk(), order("BUY", "REL", 1, auxPrice=0.01, lmtPrice=far_below), "Submitted"),
        "passive relative": (stk(), order("BUY", "PASSV REL", 1, auxPrice=0.5), "Submitted"),
        "pegged to midpoint": (stk(), order("BUY", "PEG MID", 1, auxPrice=0.5, lmtPrice=far_below), "Submitted"),
        "pegged to best": (stk(), order("BUY", "PEG BEST", 1, lmtPrice=far_below), "Submitted"),
        "pegged to market": (stk(), order("BUY", "PEG MKT", 1, auxPrice=0.5), "Submitted"),
        "midprice": (stk(), order("BUY", "MIDPRICE", 1, lmtPrice=far_below), "Submitted"),
        "pegged to stock": (fop_or_opt(), order("BUY", "PEG STK", 1, delta=0.5, stockRefPrice=229.0,
                                                startingPrice=10.0), "Submitted"),
        "volatility": (fop_or_opt(), order("BUY", "VOL", 1, volatility=40.0, volatilityType=2), "Submitted"),
        "pegged to benchmark": (fop_or_opt(), order("BUY", "PEG BENCH", 1, startingPrice=10.0,
                                                    referenceContractId=265598), "Submitted"),
        "market if touched": (stk(), order("BUY", "MIT", 1, auxPrice=far_below), "PreSubmitted"),
        "limit if touched": (stk(), order("BUY", "LIT", 1, lmtPrice=far_below, auxPrice=far_below), "PreSubmitted"),
        "trailing stop": (stk(), order("SELL", "TRAIL", 1, trailingPercent=50.0, trailStopPrice=far_below),
                          "PreSubmitted"),
        "trailing stop limit": (stk(), order("BUY", "TRAIL LIMIT", 1, lmtPriceOffset=2.0, auxPrice=100.0,
                                             trailStopPrice=far_above), "PreSubmitted"),
        "market on close": (stk(), order("SELL", "MOC", 1), "Submitted"),
        "limit on close": (stk(), order("SELL", "LOC", 1, lmtPrice=far_above), "Submitted"),
        "market on open": (stk(), order("BUY", "MKT", 1, tif="OPG"), "Submitted"),
        "limit on open": (stk(), order("BUY", "LMT", 1, lmtPrice=far_above, tif="OPG"), "Submitted"),
        "at auction": (stk(), order("BUY", "MTL", 1, tif="AUC", lmtPrice=far_above), "Submitted"),
        "discretionary": (stk(), order("SELL", "LMT", 1, lmtPrice=far_above, discretionaryAmt=0.5), "Submitted"),
        "block": (fop_or_opt(), order("BUY", "LMT", 50, lmtPrice=0.05, blockOrder=True), "Submitted"),
        "sweep to fill": (stk(), order("BUY", "LMT", 1, lmtPrice=far_above, sweepToFill=True), "Filled"),
        "combo limit": (bag(), order("SELL", "LMT", 1, lmtPrice=far_above * 10), "Submitted"),
        "combo market": (bag(), order("BUY", "MKT", 1), "Filled"),
        "relative + market (combo)": (bag(), order("BUY", "REL + MKT", 1), "Filled"),
        "relative + limit (combo)": (bag(), order("BUY", "REL + LMT", 1, lmtPrice=-far_above * 10), "Submitted"),
        "algo (VWAP) limit": (stk(), order("BUY", "LMT", 1, lmtPrice=far_below, algoStrategy="Vwap"), "Submitted"),
    }


@pytest.mark.parametrize("version", [176, 226])
def test_every_testbed_order_type_has_a_lifecycle(version: int) -> None:
    with Simulator(tick_interval=None, server_version=version, clock=CLOCK) as sim:
        a = connect(sim)
        cases = sample_orders()
        ids = {}
        for i, (name, (c, o, _)) in enumerate(cases.items()):
            ids[name] = 100 + i
            a.c.placeOrder(100 + i, c, o)
        settle(a)
        sim.step(3)
        settle(a)
        got = {name: _last(a, ids[name]) for name in cases}
        want = {name: status for name, (_, _, status) in cases.items()}
        assert got == want
        assert errors(a) == []
        a.close()


def test_market_to_limit_fills_the_best_level_and_rests_the_rest_there() -> None:
    with Simulator(tick_interval=None, server_version=176, clock=CLOCK) as sim:
        a = connect(sim)
        best = sim.market.quote(sim.catalog.by_symbol("AAPL")).asks.keys()[0]
        a.c.placeOrder(5, stk(), order("BUY", "MTL", 100_000))
        a.w.wait_for(lambda: any(s[0] == 5 and s[2] > 0 for s in a.w.of("orderStatus")), timeout=20)
        settle(a)
        assert {e[2].price for e in a.w.of("execDetails")} == {best}
        assert _last(a, 5) == "Submitted"
        assert [x[2].lmtPrice for x in a.w.of("openOrder") if x[0] == 5][-1] == best
        a.close()


def test_combo_order_types_on_a_single_contract_are_refused_387() -> None:
    with Simulator(tick_interval=None, server_version=176, clock=CLOCK) as sim:
        a = connect(sim)
        a.c.placeOrder(5, stk(), order("BUY", "REL + MKT", 1))
        a.c.placeOrder(6, stk(), order("BUY", "NOT A TYPE", 1))
        a.w.wait_for(lambda: len(errors(a)) == 2, timeout=20)
        assert errors(a) == [(5, 387), (6, 387)]
        a.close()


def test_conditional_orders_wait_for_their_conditions() -> None:
    now = [CLOCK]
    with Simulator(tick_interval=None, server_version=176, clock=lambda: now[0]) as sim:
        a = connect(sim)
        last = sim.market.quote(sim.catalog.by_symbol("AAPL")).last
        above = PriceCondition(PriceCondition.TriggerMethodEnum.Default, 265598, "SMART", True, last + 1000)
        below = PriceCondition(PriceCondition.TriggerMethodEnum.Default, 265598, "SMART", True, last - 1000)
        a.c.placeOrder(5, stk(), order("BUY", "MKT", 1, conditions=[above]))
        a.c.placeOrder(6, stk(), order("BUY", "MKT", 1, conditions=[below]))
        a.c.placeOrder(7, stk(), order("BUY", "MKT", 1, conditions=[below], conditionsCancelOrder=True))
        # one of two (or): met
        either = [PriceCondition(PriceCondition.TriggerMethodEnum.Default, 265598, "SMART", True, last + 1000),
                  TimeCondition(True, "20261124 09:00:00 US/Eastern")]
        either[0].isConjunctionConnection = False
        a.c.placeOrder(8, stk(), order("BUY", "MKT", 1, conditions=either))
        # both (and): one is not met
        both = [PriceCondition(PriceCondition.TriggerMethodEnum.Default, 265598, "SMART", True, last - 1000),
                TimeCondition(True, "20261125 09:00:00 US/Eastern")]
        a.c.placeOrder(9, stk(), order("BUY", "MKT", 1, conditions=both))
        settle(a)
        # conditions are checked at once, and held orders wait
        assert [_last(a, i) for i in (5, 6, 7, 8, 9)] == ["PreSubmitted", "Filled", "Cancelled", "Filled", "PreSubmitted"]
        sim.step()
        settle(a)
        assert _last(a, 9) == "PreSubmitted"
        now[0] = CLOCK + dt.timedelta(days=1)  # past the time condition: the next tick submits and fills it
        sim.step()
        settle(a)
        assert [_last(a, i) for i in (5, 9)] == ["PreSubmitted", "Filled"]
        assert [e for e in errors(a) if e[1] != 202] == [] and (7, 202) in errors(a)
        a.close()


def test_oca_group_and_adjustable_stop_as_the_testbed_places_them() -> None:
    with Simulator(tick_interval=None, server_version=176, clock=CLOCK) as sim:
        a = connect(sim)
        for i, px in enumerate((10.0, 11.0, 400.0)):
            a.c.placeOrder(20 + i, stk(), order("BUY", "LMT", 1, lmtPrice=px, ocaGroup="TestOCA_20", ocaType=2))
        parent = order("BUY", "LMT", 1, lmtPrice=400.0, transmit=False)
        stop = order("SELL", "STP", 1, auxPrice=100.0, parentId=30, triggerPrice=300.0, adjustedOrderType="STP",
                     adjustedStopPrice=150.0)
        # the market (near 230) is past this one's trigger: once its parent fills, it becomes a stop limit
        adjusting = order("SELL", "STP", 1, auxPrice=100.0, parentId=30, triggerPrice=200.0,
                          adjustedOrderType="STP LMT", adjustedStopPrice=150.0, adjustedStopLimitPrice=149.0)
        a.c.placeOrder(30, stk(), parent)
        a.c.placeOrder(31, stk(), stop)
        a.c.placeOrder(32, stk(), adjusting)
        a.w.wait_for(lambda: _last(a, 31) == "PreSubmitted" and _last(a, 30) == "Filled", timeout=20)
        settle(a)
        assert [_last(a, i) for i in (20, 21, 22)] == ["Cancelled", "Cancelled", "Filled"]
        last = {x[0]: x[2] for x in a.w.of("openOrder")}
        assert (last[31].orderType, last[31].auxPrice) == ("STP", 100.0)  # its trigger (300) not reached
        assert (last[32].orderType, last[32].auxPrice, last[32].lmtPrice) == ("STP LMT", 150.0, 149.0)
        assert _last(a, 32) == "PreSubmitted"
        a.close()


def test_a_handler_failure_is_reported_under_the_request_id() -> None:
    with Simulator(tick_interval=None, server_version=176, clock=CLOCK) as sim:
        a = connect(sim)
        sim.hooks["placeOrder"] = lambda session, req: bool(1 // 0)
        sim.hooks["reqContractDetails"] = lambda session, req: bool(1 // 0)
        a.c.placeOrder(41, stk(), order("BUY", "MKT", 1))
        a.c.reqContractDetails(42, stk())
        a.w.wait_for(lambda: len(errors(a)) == 2, timeout=20)
        assert errors(a) == [(41, 10000), (42, 10000)]
        settle(a)
        assert a.c.isConnected()
        a.close()
