"""Account and portfolio through the IB facade on ibwire.sim over real sockets, with ib_async 2.1's meaning.

Account updates (blocking, awaitable), account updates by model into the account values, the account
summary fetched on first use, positions and portfolio as named tuples with float sizes, PnL and
PnLSingle kept up to date (and resubscribed after a reconnect), their events and cancels.
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import math
from typing import Any

import pytest
from conftest import wait_until

from ibwire.facade import IB, MarketOrder, Stock
from ibwire.facade import AccountValue, PnL, PnLSingle, PortfolioItem, Position
from ibwire.sim import Simulator

ACCOUNT = "DU1234567"
CLOCK = _dt.datetime(2026, 11, 24, 15, 0, tzinfo=_dt.timezone.utc)


@pytest.fixture
def sim() -> Any:
    with Simulator(tick_interval=None, clock=lambda: CLOCK) as s:  # the market moves only on sim.step()
        yield s


@pytest.fixture
def ib(sim: Simulator) -> Any:
    ib = IB()
    ib.RequestTimeout = 10
    ib.connect("127.0.0.1", sim.port, clientId=5)
    yield ib
    ib.disconnect()


def requests(sim: Simulator, name: str) -> int:
    return [r.name for _, r in sim.requests].count(name)


def buy(ib: IB, qty: int = 100) -> Stock:
    aapl = Stock("AAPL", "SMART", "USD")
    ib.qualifyContracts(aapl)
    t = ib.placeOrder(aapl, MarketOrder("BUY", qty))
    wait_until(lambda: t.orderStatus.status == "Filled" and t.fills and t.fills[0].commissionReport.commission,
               10, "the buy filled and reported")
    return aapl


def test_account_updates_blocking_and_awaitable(ib: IB, sim: Simulator) -> None:
    synced = ib.accountValues(ACCOUNT)
    assert synced and all(isinstance(v, AccountValue) and v.modelCode == "" for v in synced)
    assert ib.reqAccountUpdates(ACCOUNT) is None  # returns once values and portfolio have arrived
    assert asyncio.run(ib.reqAccountUpdatesAsync(ACCOUNT)) is None
    assert requests(sim, "reqAccountUpdates") == 3  # connect's, and these two
    net = [v for v in ib.accountValues() if v.tag == "NetLiquidation"]
    assert len(net) == 1 and float(net[0].value) > 0 and net[0].currency == "USD"
    account, tag, value, currency, model = net[0]  # a named tuple, ib_async's fields
    assert (account, tag, model) == (ACCOUNT, "NetLiquidation", "")
    assert ib.accountValues("DU0000000") == []


def test_account_updates_multi_land_in_the_account_values_by_model(ib: IB, sim: Simulator) -> None:
    at_connect = requests(sim, "reqAccountUpdatesMulti")  # connect may ask for each account (as ib_async)
    seen: list[AccountValue] = []
    ib.accountValueEvent += seen.append
    assert ib.reqAccountUpdatesMulti(ACCOUNT, "Model1") is None
    by_model = [v for v in ib.accountValues(ACCOUNT) if v.modelCode == "Model1"]
    assert {"NetLiquidation", "BuyingPower"} <= {v.tag for v in by_model}
    assert all(v.account == ACCOUNT for v in by_model)
    assert [v for v in seen if v.modelCode == "Model1"] == by_model
    # the account's own values (model "") are kept apart
    plain = {v.tag: v.value for v in ib.accountValues(ACCOUNT) if v.modelCode == ""}
    assert plain["NetLiquidation"] == {v.tag: v.value for v in by_model}["NetLiquidation"]
    assert asyncio.run(ib.reqAccountUpdatesMultiAsync(ACCOUNT, "Model2")) is None
    assert {v.modelCode for v in ib.accountValues(ACCOUNT)} == {"", "Model1", "Model2"}
    assert requests(sim, "reqAccountUpdatesMulti") == at_connect + 2


def test_account_summary_is_fetched_on_first_use(ib: IB, sim: Simulator) -> None:
    assert requests(sim, "reqAccountSummary") == 0
    events: list[AccountValue] = []
    ib.accountSummaryEvent += events.append
    summary = ib.accountSummary()
    assert requests(sim, "reqAccountSummary") == 1
    tags = {v.tag for v in summary}
    assert {"NetLiquidation", "BuyingPower", "AvailableFunds", "Cushion", "CashBalance", "Currency"} <= tags
    assert all(isinstance(v, AccountValue) and v.account == ACCOUNT for v in summary)
    assert sorted(events) == sorted(summary)
    # later calls read what the subscription keeps up to date, without asking again
    assert ib.accountSummary(ACCOUNT) == summary and ib.accountSummary("DU0000000") == []
    assert asyncio.run(ib.accountSummaryAsync()) == summary
    assert requests(sim, "reqAccountSummary") == 1
    # once fetched it does not wait: an event handler (on the dispatch thread) may read it
    read: list[int] = []
    ib.accountValueEvent += lambda v: read.append(len(ib.accountSummary()))
    ib.reqAccountUpdates(ACCOUNT)
    assert read and set(read) == {len(summary)}
    # ib_async's tags are the default of reqAccountSummary
    (req,) = [r for _, r in sim.requests if r.name == "reqAccountSummary"]
    sent: str = getattr(req.message, "tags")
    assert "PreviousDayEquityWithLoanValue" in sent and "$LEDGER:ALL" in sent


def test_positions_and_portfolio_after_a_fill_are_named_tuples_with_float_sizes(ib: IB, sim: Simulator) -> None:
    assert ib.positions() == [] and ib.portfolio() == []
    positions: list[Position] = []
    items: list[PortfolioItem] = []
    ib.positionEvent += positions.append
    ib.updatePortfolioEvent += items.append
    aapl = buy(ib, 100)
    wait_until(lambda: len(ib.positions()) == 1 and len(ib.portfolio()) == 1, 5, "position and portfolio")
    (pos,) = ib.positions()
    account, contract, size, avg = pos
    assert (account, contract.conId, size) == (ACCOUNT, aapl.conId, 100.0) and type(size) is float
    assert avg > 0 and pos._replace(avgCost=0).avgCost == 0
    (item,) = ib.portfolio(ACCOUNT)
    assert isinstance(item, PortfolioItem) and item.position == 100.0 and type(item.position) is float
    assert item.contract.conId == aapl.conId and item.marketValue == pytest.approx(item.marketPrice * 100)
    assert positions[-1] == pos and items[-1] == item
    def plain(ps: list[Position]) -> list[tuple[str, int, Any, float]]:
        return [(p.account, p.contract.conId, p.position, p.avgCost) for p in ps]

    assert plain(ib.reqPositions()) == plain([pos])
    assert plain(asyncio.run(ib.reqPositionsAsync())) == plain([pos])
    # the opening fill realizes nothing: 0, not TWS's unset value
    (fill,) = ib.fills()
    assert fill.commissionReport.realizedPNL == 0.0 and item.realizedPNL == 0.0
    # selling it all removes the position and the portfolio line (ib_async drops empty ones)
    t = ib.placeOrder(aapl, MarketOrder("SELL", 100))
    wait_until(lambda: t.orderStatus.status == "Filled" and ib.positions() == [] and ib.portfolio() == [], 10,
               "flat again")
    assert positions[-1].position == 0.0
    wait_until(lambda: t.fills and t.fills[0].commissionReport.commission)
    assert t.fills[0].commissionReport.realizedPNL != 0.0


def test_pnl_and_pnl_single_update_in_place_and_cancel(ib: IB, sim: Simulator) -> None:
    aapl = buy(ib, 100)
    updates: list[PnL] = []
    singles: list[PnLSingle] = []
    ib.pnlEvent += updates.append
    ib.pnlSingleEvent += singles.append
    pnl = ib.reqPnL(ACCOUNT)
    single = ib.reqPnLSingle(ACCOUNT, "", aapl.conId)
    assert ib.reqPnL(ACCOUNT) is pnl and ib.reqPnLSingle(ACCOUNT, "", aapl.conId) is single  # one each
    assert isinstance(single, PnLSingle) and (single.account, single.modelCode, single.conId) == (
        ACCOUNT, "", aapl.conId)
    wait_until(lambda: not math.isnan(pnl.dailyPnL) and not math.isnan(single.value), 5, "first answers")
    assert single.position == 100.0 and type(single.position) is float
    wait_until(lambda: len(ib.portfolio()) == 1)
    assert single.value == pytest.approx(ib.portfolio()[0].marketValue)  # the position's market value
    assert ib.pnl() == [pnl] and ib.pnl(ACCOUNT) == [pnl] and ib.pnl("DU0000000") == []
    assert ib.pnlSingle() == [single] and ib.pnlSingle(conId=aapl.conId) == [single]
    assert ib.pnlSingle(conId=1) == []
    n, m = len(updates), len(singles)
    before = single.value
    for _ in range(20):  # the market moves: P&L follows
        sim.step()
        if single.value != before:
            break
    wait_until(lambda: len(updates) > n and len(singles) > m and single.value != before, 5, "updates")
    assert updates[-1] is pnl and singles[-1] is single
    ib.cancelPnL(ACCOUNT)
    ib.cancelPnLSingle(ACCOUNT, "", aapl.conId)
    assert ib.pnl() == [] and ib.pnlSingle() == []
    wait_until(lambda: requests(sim, "cancelPnL") == 1 and requests(sim, "cancelPnLSingle") == 1)
    n, m = len(updates), len(singles)
    sim.step(3)
    ib.reqCurrentTime()  # a round trip: whatever the steps sent has arrived
    assert (len(updates), len(singles)) == (n, m)
    ib.cancelPnL(ACCOUNT)  # nothing to cancel: no error, nothing sent
    assert requests(sim, "cancelPnL") == 1


def test_pnl_single_is_resubscribed_after_a_reconnect(sim: Simulator) -> None:
    ib = IB()
    ib.RequestTimeout = 10
    ib.ReconnectDelay = 0.05
    ib.connect("127.0.0.1", sim.port, clientId=5)
    try:
        aapl = buy(ib, 10)
        single = ib.reqPnLSingle(ACCOUNT, "", aapl.conId)
        wait_until(lambda: not math.isnan(single.value))
        connected: list[int] = []
        ib.connectedEvent += lambda: connected.append(1)
        for s in list(sim.sessions):
            s.close()
        wait_until(lambda: connected and ib.isConnected(), 10, "reconnected")
        wait_until(lambda: requests(sim, "reqPnLSingle") == 2, 5, "resubscribed")
        singles: list[PnLSingle] = []
        ib.pnlSingleEvent += singles.append
        sim.step()
        wait_until(lambda: singles and singles[-1] is single, 5, "updates under the new request")
        assert ib.pnlSingle() == [single]
    finally:
        ib.disconnect()
