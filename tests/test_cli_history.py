"""``ibwire history``: bulk downloads against the simulator, resumed after SIGKILL, paced, and its errors.

The simulator runs in this process with a pinned clock (a Tuesday evening, UTC); the command runs as
users run it, in a fresh interpreter (so that it can be killed). Expected bars are computed
independently: regular-hours arithmetic (390 one-minute bars per weekday session) and the simulator's
market model called directly.
"""

from __future__ import annotations

import datetime as dt
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FakeClock

from ibwire import IB, Stock
from ibwire.cli import main as ibwire_main
from ibwire.cli.common import CliError
from ibwire.cli.history import (CHUNKS, Downloader, Pacer, _Job, bar_size, duration, floor_end, plan,
                                request_for, span_start)
from ibwire.cli.store import open_store, BARS
from ibwire.sim import Simulator

UTC = dt.timezone.utc
NY = zoneinfo.ZoneInfo("America/New_York")
ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2026, 11, 24, 22, 0, tzinfo=UTC)  # a Tuesday, after the close in New York
SCALE = "0.0002"  # IB's pacing windows x 0.0002: 60 requests per 0.12 s, 5 per contract per 0.4 ms


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    s = Simulator(tick_interval=None, clock=lambda: NOW, history_pacing_scale=float(SCALE))
    s.max_rate = 100_000  # and the command's --max-rate below: the scaled windows, not TWS's 50 a second, pace
    s.start()
    yield s
    s.stop()


def command(port: int, *args: str) -> list[str]:
    return [sys.executable, "-m", "ibwire.cli", "history", *args, "--port", str(port), "--pacing-scale", SCALE,
            "--max-rate", "100000"]


def cli(port: int, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(port, *args), capture_output=True, text=True, cwd=ROOT, timeout=timeout)


def sessions(start: dt.datetime, end: dt.datetime) -> list[dt.date]:
    """The weekday sessions (09:30-16:00 New York) wholly inside [start, end)."""
    out = []
    d = start.date()
    while d <= end.date():
        if d.weekday() < 5:
            s = dt.datetime(d.year, d.month, d.day, 9, 30, tzinfo=NY)
            e = dt.datetime(d.year, d.month, d.day, 16, 0, tzinfo=NY)
            if start <= s and e <= end:
                out.append(d)
        d += dt.timedelta(days=1)
    return out


def frame(path: Path) -> Any:
    pd = pytest.importorskip("pandas")
    f = pd.read_parquet(path)
    f["symbol"] = f["symbol"].astype(str)
    f["date"] = f["date"].astype(str)
    return f.sort_values(["symbol", "time"]).reset_index(drop=True)


TWO_YEARS = ("AAPL", "MSFT", "IBM", "--bar", "1min", "--duration", "2Y", "--rth")


@pytest.fixture(scope="module")
def two_years(sim: Simulator, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, float]:
    pytest.importorskip("pyarrow")
    out = tmp_path_factory.mktemp("two_years") / "data"
    t0 = time.monotonic()
    p = cli(sim.port, *TWO_YEARS, "--out", str(out))
    assert p.returncode == 0, p.stderr[-3000:]
    return out, p.stdout, time.monotonic() - t0


def test_two_years_of_minute_bars_for_three_symbols(sim: Simulator, two_years: tuple[Path, str, float]) -> None:
    out, stdout, elapsed = two_years
    days = sessions(NOW - dt.timedelta(days=730), NOW)  # 2024-11-24 22:00 to 2026-11-24 22:00
    assert len(days) == 522
    f = frame(out)
    assert f.groupby("symbol").size().to_dict() == {s: 390 * len(days) for s in ("AAPL", "IBM", "MSFT")}
    assert not f.duplicated(["symbol", "time"]).any()
    local = f["time"].dt.tz_convert(NY)
    minutes = local.dt.hour * 60 + local.dt.minute
    assert minutes.between(9 * 60 + 30, 16 * 60 - 1).all() and (local.dt.day_of_week < 5).all()
    assert (f["date"] == f["time"].dt.strftime("%Y-%m-%d")).all()  # each row in its UTC date's partition
    assert f"{390 * len(days) * 3:,} bars in 2193 chunks (3 contracts, 1 min, TRADES, regular hours)" in stdout
    assert sim.history_violations == [] and "asked again" not in stdout  # paced: never a 162, even scaled
    # the values are the simulator's own, for sessions picked at random
    for day in random.Random(7).sample(days, 4):
        for sym in ("AAPL", "IBM"):
            end = dt.datetime(day.year, day.month, day.day, 23, 0, tzinfo=UTC)
            want = sim.market.bars(sim.catalog.by_symbol(sym), end, "1 D", "1 min", "TRADES", True, 2)
            got = f[(f["symbol"] == sym) & (f["time"].dt.date == day)]
            assert [int(t.timestamp()) for t in got["time"]] == [int(b.date) for b in want]
            assert list(zip(got["open"], got["high"], got["low"], got["close"], got["volume"], got["count"])) == \
                [(b.open, b.high, b.low, b.close, float(b.volume), b.barCount) for b in want]
    print(f"2 years x 3 symbols of 1-minute bars: {len(f):,} rows in {elapsed:.1f} s")


def journal_lines(out: Path) -> int:
    try:
        return (out / "_ibwire" / "chunks-bars.log").read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def test_killed_five_times_and_resumed_gives_the_same_result(sim: Simulator, two_years: tuple[Path, str, float],
                                                             tmp_path: Path) -> None:
    """SIGKILL at random points (seeded: after a random number of further chunks), five times, then a run
    to the end: the same rows as the uninterrupted download, none twice, none missing."""
    out = tmp_path / "data"
    rng = random.Random(1414)
    target = 0
    for _ in range(5):
        target = journal_lines(out) + rng.randint(50, 350)
        p = subprocess.Popen(command(sim.port, *TWO_YEARS, "--out", str(out)), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, cwd=ROOT)
        deadline = time.monotonic() + 120
        while journal_lines(out) < target and p.poll() is None:
            assert time.monotonic() < deadline, "the download made no progress"
            time.sleep(0.005)  # polling the journal; the kill lands wherever the writer then is
        assert p.poll() is None, "the download ended before it could be killed"
        p.send_signal(signal.SIGKILL)
        p.wait()
    assert journal_lines(out) >= target
    done = cli(sim.port, *TWO_YEARS, "--out", str(out))
    assert done.returncode == 0, done.stderr[-3000:]
    assert "of 2193 chunks were already there" in done.stdout
    resumed, reference = frame(out), frame(two_years[0])
    assert len(resumed) == len(reference) and not resumed.duplicated(["symbol", "time"]).any()
    assert resumed.equals(reference)


def test_ctrl_c_ends_with_one_line_and_a_complete_csv_and_the_run_resumes(sim: Simulator, tmp_path: Path) -> None:
    import csv

    out = tmp_path / "bars.csv"
    args = ("AAPL", "MSFT", "--bar", "1min", "--duration", "3M", "--rth", "--out", str(out))
    journal = tmp_path / ".bars.csv.ibwire" / "chunks-bars.log"
    p = subprocess.Popen(command(sim.port, *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    deadline = time.monotonic() + 120
    while (not journal.exists() or journal.read_bytes().count(b"\n") < 20) and p.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    p.send_signal(signal.SIGINT)
    stdout, stderr = p.communicate(timeout=60)
    assert p.returncode == 130 and stderr.splitlines()[-1] == "ibwire history: interrupted"
    assert "Traceback" not in stderr and stdout == ""
    rows = list(csv.reader(out.open()))
    with open_store(out, BARS) as store:
        assert len(rows) - 1 == sum(c.rows for c in store.committed().values()) > 0  # every committed chunk
    done = cli(sim.port, *args)
    assert done.returncode == 0 and "chunks were already there" in done.stdout
    days = sessions(span_start(NOW, 3, "M"), NOW)
    rows = list(csv.reader(out.open()))
    assert len(rows) - 1 == 2 * 390 * len(days) == len({(r[0], r[1]) for r in rows[1:]})


def test_a_finished_download_run_again_fetches_nothing(sim: Simulator, tmp_path: Path) -> None:
    out = tmp_path / "data"
    args = ("AAPL", "--bar", "1h", "--duration", "3M", "--out", str(out))
    first = cli(sim.port, *args)
    assert first.returncode == 0, first.stderr
    again = cli(sim.port, *args)
    n = len(plan("AAPL", span_start(NOW, 3, "M"), NOW, "1 hour"))
    assert again.returncode == 0 and again.stdout.startswith("ibwire history: 0 bars in 0 chunks")
    assert f"{n} of {n} chunks were already there" in again.stdout
    hours = (NOW - span_start(NOW, 3, "M")) / dt.timedelta(hours=1)
    assert len(frame(out)) == hours == 92 * 24  # without --rth the simulator trades around the clock


@pytest.mark.parametrize("suffix", ["csv", "sqlite"])
def test_csv_and_sqlite_outputs(sim: Simulator, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"bars.{suffix}"
    p = cli(sim.port, "AAPL", "MSFT", "--bar", "5 mins", "--duration", "2W", "--rth", "--out", str(out))
    assert p.returncode == 0, p.stderr
    if suffix == "csv":
        import csv

        rows = list(csv.DictReader(out.open()))
    else:
        db = sqlite3.connect(out)
        db.row_factory = sqlite3.Row
        rows = [dict(r) for r in db.execute("SELECT * FROM bars ORDER BY symbol, time")]
    days = sessions(NOW - dt.timedelta(days=14), NOW)
    assert len(days) == 10 and len(rows) == 2 * 78 * len(days)
    assert len({(r["symbol"], r["time"]) for r in rows}) == len(rows)
    assert rows[0]["time"] == "2026-11-11T14:30:00+00:00" and rows[0]["symbol"] == "AAPL"
    want = sim.market.bars(sim.catalog.by_symbol("MSFT"), NOW, "1 D", "5 mins", "TRADES", True, 2)
    got = [r for r in rows if r["symbol"] == "MSFT"][-78:]
    assert [(dt.datetime.fromisoformat(r["time"]).timestamp(), float(r["close"]), int(r["count"])) for r in got] == \
        [(int(b.date), b.close, b.barCount) for b in want]


# --- pacing --------------------------------------------------------------------------------------------

def test_the_real_limits_hold_on_a_fake_clock_shared_with_the_simulator(tmp_path: Path) -> None:
    """80 one-second-bar chunks of one contract at IB's real windows (15 s, 5 per 2 s, 60 per 10 min): the
    pacer spaces them -- the 61st waits for the 10 minutes -- and the simulator, on the same clock,
    never answers 162."""
    clock = FakeClock(5000.0)
    s = Simulator(tick_interval=None, clock=lambda: NOW)  # real pacing rules
    s.pacing_clock = clock
    s.start()
    ib = IB().connect("127.0.0.1", s.port, clientId=8)
    ib.historyPacing.identical, ib.historyPacing.count = 0, 0
    sent: list[float] = []
    real = ib.reqHistoricalDataFuture

    def spy(*a: Any, **k: Any) -> Any:
        sent.append(clock())
        return real(*a, **k)

    ib.reqHistoricalDataFuture = spy  # type: ignore[method-assign]
    try:
        aapl = Stock("AAPL")
        ib.qualifyContracts(aapl)
        chunks = plan("AAPL", NOW - dt.timedelta(hours=40), NOW, "1 secs")
        assert len(chunks) == 80
        with open_store(tmp_path / "x.sqlite", BARS) as store:
            dl = Downloader(ib, store, "1 secs", "TRADES", False, Pacer(clock=clock), parallel=8, sleep=clock.sleep)
            dl.run([_Job(c, aapl) for c in chunks])
            assert len(store.committed()) == 80
        assert s.history_violations == [] and dl.retries == 0
        assert dl.bars == 40 * 3600
        assert all(sum(1 for u in sent if t - 2 < u <= t) <= 5 for t in sent)
        assert all(sum(1 for u in sent if t - 600 < u <= t) <= 60 for t in sent)
        assert sent[60] - sent[0] >= 600  # paced, not refused
    finally:
        ib.disconnect()
        s.stop()


def test_a_short_real_run_at_the_real_limits_is_never_refused(tmp_path: Path) -> None:
    """Eight 1800-second chunks of 1-second bars for one contract, at IB's real pacing: the sixth request must
    wait the 2 seconds, and does."""
    s = Simulator(tick_interval=None, clock=lambda: NOW).start()
    try:
        t0 = time.monotonic()
        p = subprocess.run([sys.executable, "-m", "ibwire.cli", "history", "AAPL", "--bar", "1s", "--duration",
                            "14400S", "--out", str(tmp_path / "x.sqlite"), "--port", str(s.port)],
                           capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert p.returncode == 0, p.stderr
        assert "14,400 bars in 8 chunks" in p.stdout and s.history_violations == []
        assert time.monotonic() - t0 >= 2.0
    finally:
        s.stop()


def test_a_pacing_violation_is_asked_again_and_no_chunk_is_lost(tmp_path: Path) -> None:
    """A simulator whose rules are stricter than the pacer's (a 20-second identical window is not the point:
    its 6-per-2-s rule counts from 3): the refused chunks come again after the back-off."""
    clock = FakeClock(5000.0)
    s = Simulator(tick_interval=None, clock=lambda: NOW)
    s.pacing_clock = clock
    s.start()
    ib = IB().connect("127.0.0.1", s.port, clientId=9)
    ib.historyPacing.identical, ib.historyPacing.count = 0, 0
    try:
        aapl = Stock("AAPL")
        ib.qualifyContracts(aapl)
        chunks = plan("AAPL", NOW - dt.timedelta(hours=5), NOW, "1 secs")
        with open_store(tmp_path / "x.csv", BARS) as store:
            pacer = Pacer(clock=clock, burst=10)  # a pacer that trusts 10 per 2 s: the sixth is refused
            dl = Downloader(ib, store, "1 secs", "TRADES", False, pacer, parallel=10, sleep=clock.sleep)
            dl.run([_Job(c, aapl) for c in chunks])
            assert dl.retries >= 1 and len(s.history_violations) == dl.retries
            assert {k for k in store.committed()} == {("AAPL", c.key) for c in chunks}
        assert dl.bars == 5 * 3600
    finally:
        ib.disconnect()
        s.stop()


def test_pacer_rules_on_a_fake_clock() -> None:
    """Requests with random answer delays, up to 4 in flight: whenever TWS stamps each one (any time between
    its send and its answer), no rule is broken -- each send counts every earlier request that may be
    stamped within the window before it."""
    clock = FakeClock(5000.0)
    pacer = Pacer(clock=clock, margin=0.0, slack=0.0)
    rng = random.Random(3)
    done: list[tuple[float, float, str, str]] = []  # (sent, answered, key, contract)
    flying: list[tuple[float, Any, float, str, str]] = []  # (answer due, ticket, sent, key, contract)

    def answer_first() -> None:
        flying.sort(key=lambda x: x[0])
        due, ticket, sent, key, contract = flying.pop(0)
        clock.t = max(clock.t, due)
        pacer.answered(ticket)
        done.append((sent, clock.t, key, contract))

    log: list[tuple[float, str, str, list[tuple[float, float, str, str]], int]] = []
    for _ in range(300):
        contract = rng.choice("ABC")
        key = f"{contract}{rng.randint(0, 40)}"  # repeats now and then: identical requests
        while (d := pacer.wait(key, contract)) > 0:
            if flying and min(f[0] for f in flying) <= clock.t + d:
                answer_first()
            else:
                clock.t += d
        ticket = pacer.sent(key, contract)
        log.append((clock.t, key, contract, list(done), len(flying)))
        flying.append((clock.t + rng.choice([0.0, 0.01, 0.3, 2.5]), ticket, clock.t, key, contract))
        if len(flying) >= 4:
            answer_first()
    while flying:
        answer_first()
    for sent, key, contract, answered_before, n_flying in log:
        # in flight then: may be stamped up to ``sent``; answered: up to their answer
        assert n_flying + sum(1 for _, a, _, _ in answered_before if a > sent - 600) + 1 <= 60
    everything = sorted(done)
    for j, (sent_j, _, key_j, contract_j) in enumerate(everything):
        earlier = everything[:j]
        assert sum(1 for _, a, _, c in earlier if c == contract_j and a > sent_j - 2) + 1 <= 5
        assert all(sent_j >= a + 15 for _, a, k, _ in earlier if k == key_j)
    assert clock.t > 600  # 300 requests took more than one 10-minute window
    # 60 at once, then the 61st when the first answered leaves the 10-minute window
    p = Pacer(clock=FakeClock(5000.0), margin=0.0, slack=0.0, rate=1000)
    tickets = []
    for i in range(60):
        assert p.wait(i, i) == 0
        tickets.append(p.sent(i, i))
    assert p.wait(60, 60) == 600  # the sixty may all be stamped now
    for t in tickets:
        p.answered(t)
    assert p.wait(60, 60) == 600
    r = Pacer(clock=FakeClock(5000.0), margin=0.0, slack=0.0)
    for i in range(45):  # TWS's messages a second: 45 go at once, the next a second later
        assert r.wait(i, i) == 0
        r.answered(r.sent(i, i))
    assert r.wait(45, 45) == 1.0
    b = Pacer(clock=FakeClock(5000.0), margin=0.0, slack=0.0)
    assert [b.wait(i, "X", cost=2) or b.answered(b.sent(i, "X", cost=2)) for i in range(2)] == [None, None]
    assert b.wait(2, "X", cost=2) == 2.0  # BID_ASK counts twice: a third pair would make six


# --- arguments -----------------------------------------------------------------------------------------


def test_bar_sizes_in_friendly_and_ib_spelling() -> None:
    cases = {"1min": "1 min", "1 min": "1 min", "1mins": "1 min", "5mins": "5 mins", "5 min": "5 mins",
             "1h": "1 hour", "1 hour": "1 hour", "2h": "2 hours", "1d": "1 day", "1 day": "1 day", "1s": "1 secs",
             "1 secs": "1 secs", "30s": "30 secs", "1w": "1 week", "1mo": "1 month", "1M": "1 month",
             "1 month": "1 month", "15 MINS": "15 mins", "8 hours": "8 hours"}
    assert {k: bar_size(k) for k in cases} == cases
    for bad in ("7min", "1 fortnight", "", "min", "2 secs", "90s"):
        with pytest.raises(CliError) as e:
            bar_size(bad)
        assert e.value.code == 2 and "valid: 1s 5s 10s" in str(e.value)
    assert set(CHUNKS) == {bar_size(b) for b in "1s 5s 10s 15s 30s 1min 2min 3min 5min 10min 15min 20min 30min "
                           "1h 2h 3h 4h 8h 1d 1w 1mo".split()}


def test_durations_and_span() -> None:
    assert [duration(x) for x in ("2Y", "2 Y", "6M", "30D", "1W", "3600S", "2y", "30d", "6mo")] == \
        [(2, "Y"), (2, "Y"), (6, "M"), (30, "D"), (1, "W"), (3600, "S"), (2, "Y"), (30, "D"), (6, "M")]
    for bad in ("2X", "Y", "0D", "-1D"):
        with pytest.raises(CliError):
            duration(bad)
    assert span_start(dt.datetime(2024, 2, 29, tzinfo=UTC), 1, "Y") == dt.datetime(2023, 2, 28, tzinfo=UTC)
    assert span_start(dt.datetime(2026, 3, 31, tzinfo=UTC), 1, "M") == dt.datetime(2026, 2, 28, tzinfo=UTC)


@pytest.mark.parametrize("bar", sorted(CHUNKS))
def test_chunks_tile_the_span_exactly(bar: str) -> None:
    start, end = dt.datetime(2025, 3, 7, 13, 17, tzinfo=UTC), dt.datetime(2026, 11, 24, 22, 0, tzinfo=UTC)
    if CHUNKS[bar][0] < 86400:
        start = end - dt.timedelta(days=3, hours=5)
    chunks = plan("X", start, end, bar)
    assert chunks[0].start == start and chunks[-1].end == end
    assert all(a.end == b.start for a, b in zip(chunks, chunks[1:]))
    assert len({c.key for c in chunks}) == len(chunks)
    size = CHUNKS[bar][0]
    assert all(int(c.start.timestamp()) % size == 0 for c in chunks[1:])  # on the UTC grid
    end_text, dur = request_for(chunks[1], bar)
    assert dur == CHUNKS[bar][1]


# --- bad inputs: one line each, the exit code, no traceback ---------------------------------------------


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = ibwire_main(["history", *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1, err
    return code, err.strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_bad_arguments(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = str(tmp_path / "x.csv")
    code, err = run_main(capsys, "AAPL", "--bar", "7min", "--out", out)
    assert code == 2 and err.startswith("ibwire history: bad bar size '7min'; valid: 1s 5s 10s 15s 30s 1min")
    code, err = run_main(capsys, "AAPL", "--duration", "2X", "--out", out)
    assert code == 2 and "bad duration '2X'; valid:" in err
    code, err = run_main(capsys, "AAPL", "--what", "PRICES", "--out", out)
    assert code == 2 and "bad --what 'PRICES'; valid: TRADES, MIDPOINT" in err
    code, err = run_main(capsys, "AAPL", "--end", "yesterday", "--out", out)
    assert code == 2 and "bad --end 'yesterday'" in err


def test_unwritable_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    import importlib.util

    parquet = [blocker / "data"] if importlib.util.find_spec("pyarrow") else []
    for out in (*parquet, blocker / "x.csv", blocker / "x.sqlite"):
        code, err = run_main(capsys, "AAPL", "--out", str(out), "--port", str(free_port()))
        assert code == 1 and err.startswith((f"ibwire history: cannot write to '{out}'",
                                             f"ibwire history: cannot use '{out}'")), err


def test_unknown_symbol_and_other_bars_into_the_same_output(sim: Simulator, capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    out = str(tmp_path / "x.sqlite")
    code, err = run_main(capsys, "AAPL", "NOSUCHSYM", "--out", out, "--port", str(sim.port), "--pacing-scale", SCALE)
    assert code == 1 and err == "ibwire history: unknown contract 'NOSUCHSYM': TWS has no security definition for it"
    assert ibwire_main(["history", "AAPL", "--bar", "1h", "--duration", "1W", "--out", out, "--port", str(sim.port),
                        "--pacing-scale", SCALE]) == 0
    capsys.readouterr()
    code, err = run_main(capsys, "AAPL", "--bar", "1min", "--duration", "1W", "--out", out, "--port", str(sim.port))
    assert code == 1 and err == f"ibwire history: {out} holds 1 hour TRADES bars; write these to another --out"


def test_no_gateway_listening(tmp_path: Path) -> None:
    port = free_port()
    p = subprocess.run([sys.executable, "-m", "ibwire.cli", "history", "AAPL", "--out", str(tmp_path / "x.csv"),
                        "--port", str(port)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert p.returncode == 1 and p.stdout == ""
    assert p.stderr == (f"ibwire history: no TWS or IB Gateway is listening on 127.0.0.1:{port}; start one (or "
                        "`ibwire sim`), or pass --host/--port\n")


def test_progress_lines_off_a_terminal() -> None:
    import io

    from ibwire.cli.history import Progress

    out = io.StringIO()
    p = Progress(3, out=out)
    p.start()  # not a terminal: plain lines, no bar
    p.advance(390, eta=125.0)
    p.advance(0, eta=60.0)  # within 2 s of the last line: nothing
    p.advance(390, eta=None)
    p.stop()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("ibwire history: 1/3 chunks, 390 bars, 0:00:0") and lines[0].endswith("ETA 0:02:05")
    assert lines[-1].startswith("ibwire history: 3/3 chunks, 780 bars") and "ETA" not in lines[-1]
    assert len(lines) == 2


@pytest.mark.parametrize("bar,dur,rth", [("1s", "7200S", False), ("5s", "4H", False), ("30s", "1D", True),
                                         ("2min", "10D", False), ("5min", "3W", True), ("30min", "3M", False),
                                         ("1h", "2M", True), ("1d", "3Y", False), ("1w", "5Y", False),
                                         ("1mo", "5Y", False)])
def test_every_chunk_size_gives_what_one_big_request_gives(sim: Simulator, capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path, bar: str, dur: str, rth: bool) -> None:
    """The downloaded rows are exactly the simulator's bars of the span (one request over all of it,
    cut to [start, end)): every chunk size of the table, its request shape and its edges."""
    dur = {"4H": "14400S"}.get(dur, dur)
    out = tmp_path / "x.sqlite"
    assert ibwire_main(["history", "IBM", "--bar", bar, "--duration", dur, *(["--rth"] if rth else []),
                        "--out", str(out), "--port", str(sim.port), "--pacing-scale", SCALE]) == 0, capsys.readouterr()
    size = bar_size(bar)
    end = floor_end(NOW, size)  # the bar in progress is left out (for daily bars: today's)
    start = span_start(end, *duration(dur))
    span = int((end - start).total_seconds()) + (8 * 86400 if size in ("1 day", "1 week", "1 month") else 0)
    want = [b for b in sim.market.bars(sim.catalog.by_symbol("IBM"), end, f"{span} S", size, "TRADES", rth, 2)
            if start <= to_time(b.date) < end]
    db = sqlite3.connect(out)
    got = db.execute("SELECT time, open, high, low, close, volume, wap, count FROM bars ORDER BY time").fetchall()
    assert len(got) == len(want) > 0
    assert got == [(to_time(b.date).isoformat(), b.open, b.high, b.low, b.close, float(b.volume), float(b.wap),
                    b.barCount) for b in want]


def to_time(date: str) -> dt.datetime:
    if len(date) == 8:  # a daily, weekly or monthly bar's date
        return dt.datetime.strptime(date, "%Y%m%d").replace(tzinfo=UTC)
    return dt.datetime.fromtimestamp(int(date), UTC)


def test_an_end_bounds_the_span(sim: Simulator, tmp_path: Path) -> None:
    import csv

    out = tmp_path / "bars.csv"
    end = dt.datetime(2026, 11, 20, 21, 0, tzinfo=dt.timezone.utc)  # Friday 16:00 New York
    p = cli(sim.port, "AAPL", "--bar", "1h", "--duration", "1W", "--rth", "--end", end.isoformat(), "--out", str(out))
    assert p.returncode == 0, p.stderr
    with open(out, newline="") as f:
        times = [dt.datetime.fromisoformat(r["time"]) for r in csv.DictReader(f)]
    # a week of regular sessions ending that Friday: 5 sessions of 7 bars (09:30, then on the hour to 15:00)
    assert len(times) == 35 and max(times) < end and len(set(times)) == len(times)
    assert max(times) == dt.datetime(2026, 11, 20, 20, 0, tzinfo=dt.timezone.utc)
