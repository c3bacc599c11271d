"""``IB.EventsOnWait``: ib_async's delivery of events, on the thread that waits, over a real socket.

Off (the default), handlers run on the dispatch thread as events happen. On, events are held and handed, in
order, to the handlers connected by then, on the thread waiting in ``ib.sleep``, ``ib.run``,
``waitOnUpdate`` or a blocking call — so the ib_async idiom "place, then attach a fill handler, then sleep"
sees the fill.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator

import pytest

from ibwire import IB, MarketOrder, Stock, Trade
from ibwire.facade.objects import Fill
from ibwire.sim import Simulator

CLOCK = dt.datetime(2026, 11, 24, 15, 30, 12, tzinfo=dt.timezone.utc)


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(tick_interval=None, clock=CLOCK) as s:
        yield s


@pytest.fixture
def ib(sim: Simulator) -> Iterator[IB]:
    ib = IB()
    ib.RequestTimeout = 10
    ib.EventsOnWait = True
    ib.connect("127.0.0.1", sim.port, clientId=4)
    yield ib
    ib.disconnect()


def test_a_handler_attached_after_place_order_sees_the_fill_on_this_thread(ib: IB) -> None:
    aapl = Stock("AAPL")
    trade = ib.placeOrder(aapl, MarketOrder("BUY", 10))
    ib.reqCurrentTimeFuture().result(5)  # a round trip that hands nothing out: the fill is in, its events held
    assert trade.isDone()  # the state is current at once
    fills: list[tuple[Trade, Fill, str]] = []
    trade.fillEvent += lambda t, f: fills.append((t, f, threading.current_thread().name))
    filled: list[Trade] = []
    trade.filledEvent += filled.append
    ib.sleep(0.2)
    assert [(t, name) for t, _, name in fills] == [(trade, threading.current_thread().name)]
    assert filled == [trade]
    ib.sleep(0.05)
    assert len(fills) == 1  # handed out once


def test_nothing_runs_beside_the_script_until_it_waits(ib: IB, sim: Simulator) -> None:
    ticker = ib.reqMktData(Stock("AAPL"))
    seen: list[str] = []
    ib.pendingTickersEvent += lambda ts: seen.append(threading.current_thread().name)
    ib.reqCurrentTimeFuture().result(5)  # waiting on a Future is not waiting in the facade: nothing handed out
    sim.step(3)
    end = time.monotonic() + 5
    while ticker.last != ticker.last and time.monotonic() < end:  # noqa: PLR0124 - wait for a price (NaN before)
        time.sleep(0.01)
    ib.reqCurrentTimeFuture().result(5)  # another round trip, without waiting in the facade
    assert seen == []  # the ticks are in the ticker, their events held
    assert ib.waitOnUpdate(5)
    assert seen and set(seen) == {threading.current_thread().name}


def test_blocking_calls_and_run_hand_out_held_events(ib: IB) -> None:
    statuses: list[str] = []
    ib.orderStatusEvent += lambda t: statuses.append(t.orderStatus.status)
    ib.placeOrder(Stock("MSFT"), MarketOrder("BUY", 1))
    ib.reqCurrentTime()  # the blocking call waits: held events reach the handler meanwhile
    assert statuses and statuses[-1] == "Filled"

    timer = threading.Timer(0.3, ib.disconnect)
    timer.start()
    t0 = time.monotonic()
    ib.run()  # returns once the connection is closed from the other thread
    assert time.monotonic() - t0 < 5
    timer.join()


def test_off_by_default_handlers_run_on_the_dispatch_thread(sim: Simulator) -> None:
    ib = IB()
    assert ib.EventsOnWait is False
    ib.connect("127.0.0.1", sim.port, clientId=5)
    try:
        where: list[str] = []
        ib.orderStatusEvent += lambda t: where.append(threading.current_thread().name)
        ib.placeOrder(Stock("AAPL"), MarketOrder("BUY", 1))
        ib.reqCurrentTimeFuture().result(5)
        end = time.monotonic() + 5
        while not where and time.monotonic() < end:
            time.sleep(0.01)
        assert where and set(where) == {"ibwire-dispatch"}
    finally:
        ib.disconnect()
