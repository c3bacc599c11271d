"""Requests as older official clients sent them, and what sample programs ask beyond the basics.

Frames are written here field by field as a 9.8x/10.1x client wrote them
(the simulator must read them whatever ibwire's own encoder does today), sent
over a real socket; every one gets a TWS-like answer for its request id and
the session goes on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import App
from test_sim_engine import errors, order, settle, stk

from ibwire.model import ComboLeg, Contract, OrderComboLeg
from ibwire.model.scanner import ScannerSubscription
from ibwire.protocol.framing import frame
from ibwire.sim import Simulator

CLOCK = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def app() -> Any:
    with Simulator(tick_interval=None, server_version=177, clock=CLOCK) as sim:
        a = App()
        a.connect(sim.port, 1)
        a.w.wait_for(lambda: len(a.w.of("error")) >= 3, timeout=20)
        a.sim = sim  # type: ignore[attr-defined]
        yield a
        a.close()


def raw(msg_id: int, *fields: object) -> bytes:
    return frame(f"{msg_id}\0".encode() + b"".join(f"{x}\0".encode() for x in fields))


def test_fundamental_data_of_an_older_client_is_answered_430(app: App) -> None:
    # reqFundamentalData (id 52, version 2): reqId, conId, symbol, secType, exchange, primary, currency, local, report,
    # then the options as a count and a list
    app.c.sendBytes(raw(52, 2, 8001, 0, "IBM", "STK", "SMART", "ISLAND", "USD", "", "ReportsFinSummary", 0, ""))
    app.c.sendBytes(raw(53, 1, 8001))  # cancelFundamentalData: answered with nothing
    app.w.wait_for(lambda: errors(app) != [], timeout=20)
    settle(app)
    assert errors(app) == [(8001, 430)] and app.c.isConnected()


@pytest.mark.parametrize("msg_id, value", [(54, 0.5), (55, 0.25)])
def test_option_calculations_with_the_old_options_count_field(app: App, msg_id: int, value: float) -> None:
    # calculateImpliedVolatility (54) / calculateOptionPrice (55), version 3, as 10.1x sent them: ... options count, list
    fields = [3, 5001, 0, "AAPL", "OPT", "20261218", 230, "C", "100", "SMART", "", "USD", "", "AAPL", value, 229.87,
              0, ""]
    app.c.sendBytes(raw(msg_id, *fields))
    app.w.wait_for(lambda: any(t[0] == 5001 for t in app.w.of("tickOptionComputation")) or errors(app) != [], timeout=20)
    assert errors(app) == []
    (comp,) = [t for t in app.w.of("tickOptionComputation") if t[0] == 5001]
    assert comp[1] == 13 and 0 < comp[4] < 1  # model computation, a call's delta


def test_every_scan_code_ranks_the_stocks(app: App) -> None:
    for i, code in enumerate(("HOT_BY_VOLUME", "HIGH_OPT_VOLUME_PUT_CALL_RATIO", "TOP_OPEN_PERC_GAIN")):
        sub = ScannerSubscription()
        sub.instrument, sub.locationCode, sub.scanCode, sub.numberOfRows = "STK", "STK.US.MAJOR", code, 5
        app.c.reqScannerSubscription(10 + i, sub, [], [])
    app.w.wait_for(lambda: len(app.w.of("scannerDataEnd")) == 3, timeout=20)
    rows = app.w.of("scannerData")
    assert {r[0] for r in rows} == {10, 11, 12} and all(r[2].contract.currency == "USD" for r in rows)
    assert errors(app) == []


def test_a_combo_priced_by_its_legs_and_an_fx_hedge_child(app: App) -> None:
    bag = Contract()
    bag.symbol, bag.secType, bag.currency, bag.exchange = "IBKR,MCD", "BAG", "USD", "SMART"
    for con_id, action in ((43645865, "BUY"), (9408, "SELL")):
        leg = ComboLeg()
        leg.conId, leg.ratio, leg.action, leg.exchange = con_id, 1, action, "SMART"
        bag.comboLegs.append(leg)
    o = order("BUY", "LMT", 1)
    o.orderComboLegs = []
    for px in (10.0, 5.0):
        ol = OrderComboLeg()
        ol.price = px
        o.orderComboLegs.append(ol)
    app.c.placeOrder(11, bag, o)
    # the Testbed's hedge: a parent held back, then an FX hedge child with no size of its own
    bmw = stk("BMW")
    bmw.currency = "EUR"
    parent = order("BUY", "LMT", 100, lmtPrice=10.0, transmit=False)
    app.c.placeOrder(12, bmw, parent)
    fx = Contract()
    fx.symbol, fx.secType, fx.currency, fx.exchange = "EUR", "CASH", "GBP", "IDEALPRO"
    app.c.placeOrder(13, fx, order("BUY", "MKT", 0, parentId=12, hedgeType="F"))
    app.w.wait_for(lambda: {x[0] for x in app.w.of("openOrder")} >= {11, 12, 13}, timeout=20)
    settle(app)
    assert errors(app) == []
    by_id = {x[0]: x[2] for x in app.w.of("openOrder")}
    assert by_id[11].lmtPrice == 5.0  # 10 bought, 5 sold
    assert by_id[13].totalQuantity == 1000  # the parent's 100 x 10 EUR, in EUR
    status = {s[0]: s[1] for s in app.w.of("orderStatus")}
    assert status[13] == "PreSubmitted"  # waits for its parent


def test_exercising_an_unknown_option_is_error_200(app: App) -> None:
    c = Contract()
    c.symbol, c.secType, c.exchange, c.currency = "SANT", "OPT", "MEFFRV", "EUR"
    c.lastTradeDateOrContractMonth, c.strike, c.right, c.multiplier, c.tradingClass = "20190621", 7.5, "C", "100", "SANEU"
    app.c.exerciseOptions(5003, c, 1, 1, "", 1, "", "", False)
    app.w.wait_for(lambda: errors(app) != [], timeout=20)
    assert errors(app) == [(5003, 200)]
