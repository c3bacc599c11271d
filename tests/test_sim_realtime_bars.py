"""Real-time bars of the simulator: one bar per 5 seconds of simulated time, each stamped with its window's
start and aggregated from the market's moves inside the window.

The simulator's clock is the test's: a callable reading ``now[0]``, set forward by the test before each
market step (``tick_interval=None``), so a minute of simulated bars takes milliseconds and nothing depends
on today's date or on real time passing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from conftest import App, wait_until
from test_sim_engine import NOTICES, settle, stk

from ibwire.sim import Simulator
from ibwire.sim.extras import RTB_MAX_FLAT

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 24, 15, 0, 1, tzinfo=UTC)  # a Tuesday afternoon in New York
AAPL = 265598


class Clock:
    """The simulator's wall clock, moved only by the test."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def at(self, seconds: float) -> None:
        """Set the clock to T0 + ``seconds``."""
        self.now = T0 + dt.timedelta(seconds=seconds)


def epoch(seconds: float) -> int:
    return int((T0 + dt.timedelta(seconds=seconds)).timestamp())


@pytest.fixture(params=[(176, None), (226, True)], ids=["v176-text", "v226-protobuf"])
def setup(request: Any) -> Iterator[tuple[Simulator, App, Clock]]:
    version, protobuf = request.param
    clock = Clock(T0)
    with Simulator(tick_interval=None, server_version=version, protobuf=protobuf, clock=clock) as sim:
        a = App()
        a.connect(sim.port, 1)
        a.w.wait_for(lambda: len([e for e in a.w.of("error") if e[2] in NOTICES]) >= 3)
        yield sim, a, clock
        a.close()


def bars(a: App, req_id: int) -> list[tuple[Any, ...]]:
    return [x for x in a.w.of("realtimeBar") if x[0] == req_id]


def subscribe(sim: Simulator, a: App, req_id: int, what: str = "TRADES") -> None:
    a.c.reqRealTimeBars(req_id, stk(), 5, what, False, [])
    settle(a)
    assert any(req_id in s.rtb for s in sim.sessions)


def step_at(sim: Simulator, clock: Clock, seconds: float) -> tuple[float, float, float, int]:
    """One market move at T0 + ``seconds``: AAPL's (last, bid, ask, last size) after it."""
    clock.at(seconds)
    sim.step()
    q = sim.market.quotes[AAPL]
    return q.last, q.bid, q.ask, q.last_size


def test_one_bar_per_window_aggregating_its_trades(setup: Any) -> None:
    sim, a, clock = setup
    subscribe(sim, a, 7)
    moves = [step_at(sim, clock, t) for t in (0.5, 1.0, 2.0, 3.5)]  # all inside [15:00:00, 15:00:05)
    settle(a)
    assert bars(a, 7) == []  # the window is not over: no bar yet, however many moves
    second = [step_at(sim, clock, t) for t in (4.0, 6.0)]  # 15:00:05 and 15:00:07: the first window closed
    settle(a)
    (bar,) = bars(a, 7)
    req_id, t, o, h, lo, c, volume, wap, count = bar
    prices = [m[0] for m in moves]
    sizes = [m[3] for m in moves]
    assert t == epoch(-1) and t % 5 == 0  # the window's start: 15:00:00
    assert (o, h, lo, c) == (prices[0], max(prices), min(prices), prices[-1])
    assert volume == Decimal(sum(sizes)) and count == 4
    assert float(wap) == pytest.approx(sum(p * s for p, s in zip(prices, sizes)) / sum(sizes))
    step_at(sim, clock, 9.0)  # 15:00:10: the second window closed
    settle(a)
    t2, o2, h2, lo2, c2, volume2, _, count2 = bars(a, 7)[1][1:]
    assert t2 == t + 5 and count2 == 2 and volume2 == Decimal(second[0][3] + second[1][3])
    assert (o2, c2) == (second[0][0], second[1][0]) and lo2 <= min(o2, c2) <= max(o2, c2) <= h2


def test_quiet_windows_are_flat_bars_of_their_own_times(setup: Any) -> None:
    sim, a, clock = setup
    subscribe(sim, a, 8)
    last = step_at(sim, clock, 1.0)[0]
    step_at(sim, clock, 21.0)  # 15:00:22: windows :05, :10 and :15 saw no move
    settle(a)
    got = bars(a, 8)
    assert [b[1] for b in got] == [epoch(-1), epoch(4), epoch(9), epoch(14)]
    for b in got[1:]:
        assert b[2:6] == (last, last, last, last) and b[6] == Decimal(0) and b[8] == 0  # flat at the close


def test_a_long_pause_sends_a_bounded_number_of_flat_bars(setup: Any) -> None:
    sim, a, clock = setup
    subscribe(sim, a, 9)
    step_at(sim, clock, 1.0)
    step_at(sim, clock, 3601.0)  # an hour later
    settle(a)
    got = bars(a, 9)
    assert len(got) == 1 + RTB_MAX_FLAT
    times = [b[1] for b in got]
    assert times[0] == epoch(-1) and times[-1] == epoch(3594) and times == sorted(set(times))  # 15:59:55
    assert all(y - x == 5 for x, y in zip(times[1:], times[2:]))


def test_midpoint_bars_have_no_volume(setup: Any) -> None:
    sim, a, clock = setup
    subscribe(sim, a, 10, "MIDPOINT")
    mids = []
    for t in (1.0, 2.0, 3.0):
        _, bid, ask, _ = step_at(sim, clock, t)
        mids.append(round((bid + ask) / 2, 10))
    step_at(sim, clock, 5.0)
    settle(a)
    (bar,) = bars(a, 10)
    assert bar[2:6] == (mids[0], max(mids), min(mids), mids[-1])
    assert (bar[6], bar[7], bar[8]) == (Decimal(-1), Decimal(-1), -1)


def test_bad_what_to_show_is_refused_and_cancel_stops_bars(setup: Any) -> None:
    sim, a, clock = setup
    a.c.reqRealTimeBars(11, stk(), 5, "NONSENSE", False, [])
    settle(a)
    assert [e[2] for e in a.w.of("error") if e[0] == 11] == [321]
    subscribe(sim, a, 12)
    step_at(sim, clock, 1.0)
    step_at(sim, clock, 6.0)
    settle(a)
    assert len(bars(a, 12)) == 1
    a.c.cancelRealTimeBars(12)
    settle(a)
    step_at(sim, clock, 11.0)
    settle(a)
    assert len(bars(a, 12)) == 1 and not any(s.rtb for s in sim.sessions)


def test_facade_real_time_bars_follow_the_clock() -> None:
    from ibwire import IB, Stock

    clock = Clock(T0)
    with Simulator(tick_interval=None, clock=clock) as sim:
        ib = IB()
        ib.connect("127.0.0.1", sim.port, clientId=3)
        try:
            rt = ib.reqRealTimeBars(Stock("AAPL"), 5, "TRADES", False)
            wait_until(lambda: any(s.rtb for s in sim.sessions), 5, "the subscription reached the simulator")
            for t in range(0, 16):  # a move per simulated second for 16 s: three windows close
                step_at(sim, clock, t)
            wait_until(lambda: len(rt) >= 3, 5, "three bars")
            times = [b.time for b in rt]
            assert times[:3] == [dt.datetime(2026, 11, 24, 15, 0, s, tzinfo=UTC) for s in (0, 5, 10)]
            assert [b.count for b in rt[:3]] == [4, 5, 5]  # T0 is 15:00:01: four moves in the first window
            assert all(b.low <= min(b.open_, b.close) and max(b.open_, b.close) <= b.high for b in rt)
            ib.cancelRealTimeBars(rt)
        finally:
            ib.disconnect()
