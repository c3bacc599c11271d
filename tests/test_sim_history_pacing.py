"""The simulator's history: regular hours, bars that agree across requests, and IB's pacing rules.

Pacing is tested on a fake pacing clock (``Simulator.pacing_clock``), so the 15-second, 2-second and
10-minute windows pass instantly; the requests go over real sockets through the facade.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import FakeClock

from ibwire import IB, Stock
from ibwire.facade import RequestError
from ibwire.sim import Simulator

UTC = dt.timezone.utc
NY = zoneinfo.ZoneInfo("America/New_York")
TUESDAY_EVENING = dt.datetime(2026, 11, 24, 22, 0, tzinfo=UTC)


@pytest.fixture
def sim() -> Iterator[Simulator]:
    s = Simulator(tick_interval=None, clock=lambda: TUESDAY_EVENING)
    s.pacing_clock = FakeClock()
    s.start()
    yield s
    s.stop()


@pytest.fixture
def ib(sim: Simulator) -> Iterator[IB]:
    ib = IB().connect("127.0.0.1", sim.port, clientId=5)
    ib.historyPacing.identical, ib.historyPacing.count = 0, 0  # the simulator must see every request as sent
    yield ib
    ib.disconnect()


def bars(sim: Simulator, symbol: str, end: dt.datetime, duration: str, size: str, rth: bool, what: str = "TRADES",
         live: bool = False) -> list[Any]:
    return sim.market.bars(sim.catalog.by_symbol(symbol), end, duration, size, what, rth, 2, live=live)


def when(b: Any) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(b.date), UTC)


def values(bs: list[Any]) -> list[tuple[Any, ...]]:
    return [(b.date, b.open, b.high, b.low, b.close, b.volume, b.wap, b.barCount) for b in bs]


# --- regular hours ------------------------------------------------------------------------------


def test_rth_half_hour_bars_of_one_day_are_the_13_of_the_session(sim: Simulator) -> None:
    got = bars(sim, "AAPL", TUESDAY_EVENING, "1 D", "30 mins", True)
    assert [when(b).astimezone(NY).strftime("%H:%M") for b in got] == \
        [f"{h:02d}:{m:02d}" for h in range(9, 16) for m in (0, 30)][1:]  # 09:30 .. 15:30
    assert {when(b).date() for b in got} == {dt.date(2026, 11, 24)}
    assert len(bars(sim, "AAPL", TUESDAY_EVENING, "1 D", "30 mins", False)) == 48  # around the clock without RTH


def test_rth_hour_bars_start_with_the_session_and_follow_the_grid(sim: Simulator) -> None:
    got = bars(sim, "AAPL", TUESDAY_EVENING, "2 D", "1 hour", True)
    local = [when(b).astimezone(NY) for b in got]
    assert [t.strftime("%d %H:%M") for t in local] == [f"{d} {h}" for d in ("23", "24") for h in
                                                       ("09:30", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00")]


def test_rth_follows_daylight_saving_and_skips_weekends(sim: Simulator) -> None:
    summer = bars(sim, "MSFT", dt.datetime(2026, 7, 13, 0, 0, tzinfo=UTC), "1 D", "1 min", True)  # Sunday night
    assert len(summer) == 390
    assert when(summer[0]) == dt.datetime(2026, 7, 10, 13, 30, tzinfo=UTC)  # Friday 09:30 EDT
    assert when(summer[-1]) == dt.datetime(2026, 7, 10, 19, 59, tzinfo=UTC)
    week = bars(sim, "MSFT", dt.datetime(2026, 7, 13, 0, 0, tzinfo=UTC), "604800 S", "1 hour", True)
    assert len(week) == 5 * 7 and {when(b).weekday() for b in week} == {0, 1, 2, 3, 4}


def test_daily_bars_are_weekdays(sim: Simulator) -> None:
    got = sim.market.bars(sim.catalog.by_symbol("AAPL"), TUESDAY_EVENING, "2 W", "1 day", "TRADES", True, 1)
    days = [dt.datetime.strptime(b.date, "%Y%m%d").date() for b in got]
    assert len(days) == 10 and all(d.weekday() < 5 for d in days) and days[-1] == dt.date(2026, 11, 24)


def test_a_session_in_progress_is_there_up_to_now(sim: Simulator) -> None:
    noon = dt.datetime(2026, 11, 24, 17, 0, tzinfo=UTC)  # 12:00 in New York
    live = bars(sim, "AAPL", noon, "1 D", "30 mins", True, live=True)
    assert [when(b).astimezone(NY).strftime("%H:%M") for b in live][-1] == "12:00"  # the bar in progress
    assert len(live) == 6
    assert when(bars(sim, "AAPL", noon, "1 D", "30 mins", True)[-1]).astimezone(NY).strftime("%H:%M") == "11:30"


# --- bars that agree across requests -----------------------------------------------------------------


@pytest.mark.parametrize("size,chunk", [("1 min", 86400), ("5 mins", 7 * 86400), ("1 secs", 1800), ("1 hour", 86400)])
def test_adjacent_requests_tile_the_same_bars_without_overlap(sim: Simulator, size: str, chunk: int) -> None:
    end = dt.datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
    whole = bars(sim, "IBM", end, f"{2 * chunk} S" if 2 * chunk <= 86400 else f"{2 * chunk // 86400} D", size, False)
    first = bars(sim, "IBM", end - dt.timedelta(seconds=chunk), f"{chunk} S" if chunk <= 86400 else
                 f"{chunk // 86400} D", size, False)
    second = bars(sim, "IBM", end, f"{chunk} S" if chunk <= 86400 else f"{chunk // 86400} D", size, False)
    assert values(first) + values(second) == values(whole)  # no overlap, no gap, the same values
    assert len({b.date for b in whole}) == len(whole)
    # a differently placed request (ending a third of the way in) gives the same bar for the same time
    other = {b.date: b for b in bars(sim, "IBM", end - dt.timedelta(seconds=chunk // 3 + 7), f"{chunk} S"
                                     if chunk <= 86400 else f"{chunk // 86400} D", size, False)}
    common = [b for b in whole if b.date in other]
    assert len(common) > len(whole) // 3 and all(values([b]) == values([other[b.date]]) for b in common)


def test_regular_hours_bars_are_the_same_bars_as_around_the_clock(sim: Simulator) -> None:
    rth = bars(sim, "AAPL", TUESDAY_EVENING, "2 D", "1 min", True)
    every = {b.date: b for b in bars(sim, "AAPL", TUESDAY_EVENING, "172800 S", "1 min", False)}
    assert len(rth) == 780 and values(rth) == values([every[b.date] for b in rth])


def test_same_seed_same_bars_other_seed_other_bars() -> None:
    def run(seed: int) -> list[tuple[Any, ...]]:
        s = Simulator(tick_interval=None, seed=seed)
        try:
            return values(s.market.bars(s.catalog.by_symbol("AAPL"), TUESDAY_EVENING, "1 D", "5 mins", "TRADES",
                                        False, 2))
        finally:
            s.stop()

    assert run(3) == run(3) and run(3) != run(4)


def test_bars_stay_sane_over_years(sim: Simulator) -> None:
    daily = sim.market.bars(sim.catalog.by_symbol("AAPL"), TUESDAY_EVENING, "10 Y", "1 day", "TRADES", True, 1)
    assert len(daily) == 2607  # 10 * 365 days of weekdays
    assert all(b.low <= min(b.open, b.close) and max(b.open, b.close) <= b.high and b.low > 0 for b in daily)
    assert 229.87 * 0.5 < min(b.close for b in daily) and max(b.close for b in daily) < 229.87 * 2


# --- pacing --------------------------------------------------------------------------------------------


def ask(ib: IB, symbol: str, end: str, what: str = "TRADES", size: str = "1 min") -> int | None:
    """The error code of a 60-second request (None: answered)."""
    try:
        ib.reqHistoricalData(Stock(symbol), end, "60 S", size, what, False, formatDate=2)
    except RequestError as e:
        assert e.code == 162 and "pacing violation" in e.message
        return e.code
    return None


def ends(n: int, day: int = 20) -> list[str]:
    return [f"202611{day} {10 + i // 60:02d}:{i % 60:02d}:00 UTC" for i in range(n)]


def test_six_requests_for_one_contract_within_two_seconds_is_a_violation(ib: IB, sim: Simulator) -> None:
    clock: Any = sim.pacing_clock
    assert [ask(ib, "AAPL", e) for e in ends(5)] == [None] * 5
    assert ask(ib, "AAPL", ends(6)[5]) == 162  # the sixth within 2 s
    assert "six or more requests" in sim.history_violations[-1][1]
    assert ask(ib, "MSFT", ends(1)[0]) is None  # another contract is another count
    assert ask(ib, "AAPL", ends(6)[5], what="MIDPOINT") is None  # and so is another what-to-show
    clock.t += 2.0
    assert ask(ib, "AAPL", ends(7)[6]) is None


def test_bid_ask_counts_twice(ib: IB, sim: Simulator) -> None:
    assert [ask(ib, "AAPL", e, what="BID_ASK") for e in ends(3)] == [None, None, 162]


def test_identical_request_within_15_seconds_is_a_violation(ib: IB, sim: Simulator) -> None:
    clock: Any = sim.pacing_clock
    e = ends(1)[0]
    assert ask(ib, "AAPL", e) is None
    clock.t += 14.9
    assert ask(ib, "AAPL", e) == 162 and "identical" in sim.history_violations[-1][1]
    clock.t += 0.2
    assert ask(ib, "AAPL", e) is None


def test_more_than_60_requests_in_ten_minutes_is_a_violation(ib: IB, sim: Simulator) -> None:
    clock: Any = sim.pacing_clock
    symbols = ["AAPL", "MSFT", "IBM", "TSLA", "NVDA", "SPY"]
    got = []
    for i, e in enumerate(ends(60)):
        got.append(ask(ib, symbols[i % 6], e))
        clock.t += 1.0  # 1 s apart: never six for one contract within 2 s
    assert got == [None] * 60
    assert ask(ib, "QQQ", ends(61)[60]) == 162 and "more than 60" in sim.history_violations[-1][1]
    clock.t += 541.0  # the first request is now 600 s old
    assert ask(ib, "QQQ", ends(61)[60]) is None


def test_scaled_pacing_keeps_the_counts_and_shortens_the_windows(sim: Simulator) -> None:
    s = Simulator(tick_interval=None, clock=lambda: TUESDAY_EVENING, history_pacing_scale=0.01)
    clock = FakeClock()
    s.pacing_clock = clock
    s.start()
    ib = IB().connect("127.0.0.1", s.port, clientId=6)
    ib.historyPacing.identical, ib.historyPacing.count = 0, 0
    try:
        assert [ask(ib, "AAPL", e) for e in ends(6)] == [None] * 5 + [162]  # the same six
        clock.t += 0.021  # 2 s * 0.01 (and a little)
        assert ask(ib, "AAPL", ends(6)[5]) is None
        e = ends(1, day=21)[0]
        assert ask(ib, "IBM", e) is None
        clock.t += 0.149
        assert ask(ib, "IBM", e) == 162
        clock.t += 0.002  # 15 s * 0.01 later
        assert ask(ib, "IBM", e) is None
    finally:
        ib.disconnect()
        s.stop()


def test_history_pacing_scale_option_of_python_m_ibwire_sim() -> None:
    """``--history-pacing-scale 0.1``: an identical request is refused for 1.5 s, not 15."""
    import time

    from conftest import SimProcess

    with SimProcess("--history-pacing-scale", "0.1", "--tick-interval", "0") as p:
        ib = IB().connect("127.0.0.1", p.port, clientId=7)
        ib.historyPacing.identical, ib.historyPacing.count = 0, 0
        try:
            e = ends(1)[0]
            t0 = time.monotonic()
            assert ask(ib, "AAPL", e) is None
            assert ask(ib, "AAPL", e) == 162
            while ask(ib, "AAPL", e) is not None:  # asked again until the window has passed
                assert time.monotonic() - t0 < 10, "still refused after 10 s"
                time.sleep(0.05)  # polling at 20 a second: under the simulator's 50 messages a second
            assert 1.5 <= time.monotonic() - t0 < 10
        finally:
            ib.disconnect()
