"""The one historical pacer (ibwire.pacing): its rules on a fake clock, and the facade, which uses it, against
the simulator's real pacing (error 162 on a violation)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest

from conftest import FakeClock

from ibwire import IB, Stock
from ibwire.cli.history import Pacer as CliPacer
from ibwire.facade.history import _HistoryPacer
from ibwire.pacing import Pacer, Ticket
from ibwire.sim import Simulator

UTC = dt.timezone.utc
TUESDAY_EVENING = dt.datetime(2026, 11, 24, 22, 0, tzinfo=UTC)


def test_one_pacer_for_the_facade_and_the_downloader() -> None:
    assert CliPacer is Pacer
    assert isinstance(IB().historyPacing, Pacer)


def test_reserve_books_requests_ahead_under_every_rule() -> None:
    clock = FakeClock()
    p = Pacer(clock=clock, margin=0.0, slack=0.0, rate=0)
    # ten different requests for one contract at once: five now, five 2 s later
    delays = [p.reserve(("A", i), "A").delay for i in range(10)]
    assert delays == [0.0] * 5 + [2.0] * 5
    # another contract is another burst count, but the in-flight ones still count for the 60
    assert p.reserve(("B", 0), "B").delay == 0.0
    # an identical request waits 15 s after the first one's latest possible stamp
    assert p.reserve(("A", 0), "A").delay == 15.0
    # BID_ASK costs two: two pairs now, the third pair later
    q = Pacer(clock=FakeClock(), margin=0.0, slack=0.0, rate=0)
    assert [q.reserve(i, "X", cost=2).delay for i in range(3)] == [0.0, 0.0, 2.0]


def test_in_flight_requests_count_until_their_answer() -> None:
    """A request counts at the latest moment TWS can stamp it: its answer's arrival, not its send."""
    clock = FakeClock()
    p = Pacer(clock=clock, margin=0.0, slack=0.0, rate=0)
    tickets = [p.reserve(i, "A") for i in range(5)]
    clock.t += 3.0  # 3 s later, still in flight: TWS may stamp all five now
    assert p.wait(5, "A") == 2.0
    for t in tickets:
        p.answered(t)
    clock.t += 1.0
    assert p.wait(5, "A") == 1.0  # counted from their answers
    clock.t += 1.0
    assert p.wait(5, "A") == 0.0
    # an answer that comes before the planned send counts at the send
    late = p.reserve(("same", 0), "B")
    again = p.reserve(("same", 0), "B")
    assert again.delay == 15.0
    p.answered(again)
    assert again.at == clock.t + 15.0


def test_a_rule_at_zero_is_off_and_the_margin_keeps_clear_of_the_edges() -> None:
    clock = FakeClock()
    p = Pacer(clock=clock, burst=0, identical=0, rate=0)
    assert [p.reserve("k", "A").delay for _ in range(20)] == [0.0] * 20
    m = Pacer(clock=FakeClock(), scale=0.5)  # windows scaled, then 1 % and 20 ms more
    for i in range(5):
        m.sent(i, "A")
    assert m.wait(5, "A") == pytest.approx(2.0 * 0.5 * 1.01 + 0.02)
    assert m.span(600.0) == pytest.approx(600 * 0.5 * 1.01 + 0.02) and m.span(0.0) == 0.0


def test_the_facades_pacer_is_adjustable_and_off_when_identical_and_count_are_zero() -> None:
    f = _HistoryPacer()
    f.clock = FakeClock()
    assert (f.identical, f.burst, f.burst_window, f.count, f.window, f.rate) == (15.0, 5, 2.0, 60, 600.0, 0)
    assert [f.reserve(i, "A").delay for i in range(6)][5] > 2.0
    f.identical, f.count = 0, 0
    t = f.reserve(99, "A")
    assert isinstance(t, Ticket) and t.delay == 0.0 and t.answered


# --- the facade against the simulator -------------------------------------------------------------------


@pytest.fixture
def sim() -> Iterator[Simulator]:
    s = Simulator(tick_interval=None, clock=lambda: TUESDAY_EVENING)  # real pacing, on the real clock
    s.start()
    yield s
    s.stop()


def _ends(n: int) -> list[str]:
    return [f"20261120 {10 + i // 60:02d}:{i % 60:02d}:00 UTC" for i in range(n)]


def test_ten_requests_for_one_contract_at_once_get_no_pacing_violation(sim: Simulator) -> None:
    ib = IB().connect("127.0.0.1", sim.port, clientId=8)
    try:
        ib.RequestTimeout = 20
        t0 = time.monotonic()
        futures = [ib.reqHistoricalDataFuture(Stock("AAPL"), e, "60 S", "1 min", "TRADES", False, formatDate=2)
                   for e in _ends(10)]
        results = [f.result(20) for f in futures]  # a RequestError (162) would raise here
        assert all(len(r) == 1 for r in results)
        assert sim.history_violations == []
        assert time.monotonic() - t0 >= 2.0  # the second five waited for the burst window
    finally:
        ib.disconnect()


def test_bid_ask_counts_twice_in_the_facade_too() -> None:
    s = Simulator(tick_interval=None, clock=lambda: TUESDAY_EVENING, history_pacing_scale=0.05)
    s.start()
    ib = IB().connect("127.0.0.1", s.port, clientId=9)
    try:
        ib.historyPacing.scale = 0.05
        futures = [ib.reqHistoricalDataFuture(Stock(sym), e, "60 S", "1 min", what, False, formatDate=2)
                   for e in _ends(8) for sym in ("AAPL", "MSFT") for what in ("BID_ASK", "MIDPOINT")]
        assert all(len(f.result(20)) == 1 for f in futures)
        assert s.history_violations == []
    finally:
        ib.disconnect()
        s.stop()
