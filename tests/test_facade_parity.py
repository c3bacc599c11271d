"""The parity suite in pytest: every scenario of ``tests/parity`` through ib_async 2.1 and through ibwire.

A scenario passes when what a user observes is the same in both (see ``tests/parity/__init__.py`` for the one
allowance: fields only ibwire's objects have). Skipped only when ib_async 2.1 is not installed apart.
"""

from __future__ import annotations

from typing import Any

import pytest
from parity import SCENARIOS, compare, oracle_available, report

needs_oracle = pytest.mark.skipif(oracle_available() is None,
                                reason="ib_async 2.1 is not installed apart (IBWIRE_ORACLE_DIR/ib_async)")


@needs_oracle
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_ibwire_observes_what_ib_async_does(name: str) -> None:
    c = compare(name)
    assert c.same, report(c)


@needs_oracle
@pytest.mark.parametrize("name", ["ticker_stream", "depth", "bracket"])
def test_a_scenario_observes_the_same_every_time(name: str) -> None:
    """Nothing is left to chance: the same library twice observes the same thing (seed, clock and stepping)."""
    c = compare(name, sides=("ib_async", "ib_async"))
    assert c.same, report(c)


# --- the normaliser's corrections: each applies to ib_async's side only, to the listed value only -----------------

def _norm(side: str) -> Any:
    from parity.normalize import Normalizer
    return Normalizer(side)


def test_ibwire_side_reads_renamed_aliases_and_properties() -> None:
    """ib_async's names ibwire keeps as descriptors (not in vars()) are observed on ibwire's side as getattr gives
    them; ib_async's dataclasses are read by their fields only."""
    from ibwire.model import ContractDetails, Order, OrderState

    cd = _norm("ibwire")(ContractDetails())
    assert "mdSizeMultiplier" in cd and "mdSizeMultiplier" not in vars(ContractDetails())
    st = OrderState()
    st.commissionAndFees = 1.5
    assert _norm("ibwire")(st)["commission"] == 1.5
    assert "eTradeOnly" in _norm("ibwire")(Order())
    assert "commission" not in _norm("ib_async")(st)  # the same object read as ib_async's would be: vars only


def test_order_corrections_apply_to_ib_asyncs_wrong_values_only() -> None:
    class Order:  # shaped like ib_async's (its class name is what the normaliser keys on)
        def __init__(self, **kw: object) -> None:
            self.__dict__.update(kw)

    wrong = Order(openClose="O", usePriceMgmtAlgo=False, routeMarketableToBbo=False, volatility=None,
                  filledQuantity=1.7976931348623157e308)
    a = _norm("ib_async")(wrong)
    assert (a["openClose"], a["usePriceMgmtAlgo"], a["routeMarketableToBbo"], a["volatility"], a["filledQuantity"]) \
        == ("", None, None, "UNSET_DOUBLE", "UNSET_DECIMAL")
    # a value set on purpose is observed as it is
    real = _norm("ib_async")(Order(openClose="C", usePriceMgmtAlgo=True, volatility=0.3, filledQuantity=5.0))
    assert (real["openClose"], real["usePriceMgmtAlgo"], real["volatility"], real["filledQuantity"]) == \
        ("C", True, 0.3, 5.0)
    # ibwire's side is never corrected
    w = _norm("ibwire")(Order(openClose="O", usePriceMgmtAlgo=False))
    assert (w["openClose"], w["usePriceMgmtAlgo"]) == ("O", False)
    # an order read from a completedOrder keeps the 0 TWS wrote there
    n = _norm("ib_async")
    from_wire = Order(routeMarketableToBbo=False, openClose="O")
    n.wire_orders.add(id(from_wire))
    assert n(from_wire) == {"_type": "Order", "routeMarketableToBbo": False, "openClose": ""}


def test_facade_hands_out_ib_asyncs_values() -> None:
    """What the parity scenarios found, pinned without a server: no strike 0.0, empty lists, an aware execution."""
    import datetime as dt
    from decimal import Decimal

    from ibwire import MarketOrder, Stock
    from ibwire.facade.contract import details_as_shown, recreate_contract
    from ibwire.facade.objects import Execution as FacadeExecution
    from ibwire.model import Contract, ContractDetails, Execution
    from ibwire.model.const import UNSET_DOUBLE

    assert Stock("AAPL").strike == 0.0 and repr(Stock("AAPL")) == "Stock(symbol='AAPL', exchange='SMART', currency='USD')"
    wire = Contract()
    wire.secType, wire.symbol = "STK", "MSFT"
    assert wire.strike == UNSET_DOUBLE and recreate_contract(wire).strike == 0.0
    d = details_as_shown(ContractDetails(contract=Contract()))
    assert d.secIdList == [] and d.contract is not None and d.contract.strike == 0.0
    o = MarketOrder("BUY", 1)
    assert (o.algoParams, o.orderComboLegs, o.eTradeOnly, o.firmQuoteOnly) == ([], [], False, False)
    assert repr(o) == "MarketOrder(action='BUY', totalQuantity=1)"
    e = Execution()
    e.execId, e.time, e.shares, e.cumQty = "x1", "20261124 10:30:00 US/Eastern", Decimal(100), Decimal(100)
    fe = FacadeExecution.fromExecution(e)
    assert fe.time == dt.datetime(2026, 11, 24, 15, 30, tzinfo=dt.timezone.utc)
    assert (fe.shares, type(fe.shares)) == (100.0, float)
    back = fe.toExecution()
    assert (back.execId, back.shares, back.time) == ("x1", Decimal(100), "20261124 15:30:00 UTC")
