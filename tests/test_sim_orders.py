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
    a.w.wait_for(lambda: len(a.w.of("error")) >= 3)
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
        a.w.wait_for(lambda: any(x[0] == 5 for x in a.w.of("openOrder")))
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
        a.w.wait_for(lambda: errors(a) != [])
        assert errors(a) == [(7, 320)]
        text = next(e[3] for e in a.w.of("error") if e[2] == 320)
        assert "placeOrder" in text and "margin" in text
        assert 7 not in sim.broker.orders
        # the session is alive: later requests are answered, orders are placed
        settle(a)
        a.c.placeOrder(8, stk(), order("BUY", "MKT", 1))
        a.w.wait_for(lambda: any(s[0] == 8 and s[1] == "Filled" for s in a.w.of("orderStatus")))
        assert errors(a) == [(7, 320)] and a.c.isConnected()
        a.close()
