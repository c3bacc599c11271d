"""``ibwire record`` against the simulator over real sockets: what is stored is what the simulator sent,
in Parquet, CSV and SQLite; across a dropped connection and TWS's loss of IB the gap is recorded and the
recording goes on; Ctrl-C leaves readable files; segments roll by time and size; every bad input is one
line and an exit code.

The simulator's market moves only when a test steps it; waits are conditions with deadlines.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, wait_until

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from ibwire.cli import main  # noqa: E402
from ibwire.cli.record import Recorder, Sink, gaps_path, parse_period, parse_size, segment_path  # noqa: E402
from ibwire.cli.store import store_format  # noqa: E402
from ibwire.model import Contract  # noqa: E402
from ibwire.sim import Simulator  # noqa: E402

UTC = dt.timezone.utc
AAPL, MSFT = 265598, 272093


def stock(symbol: str, con_id: int) -> Contract:
    c = Contract()
    c.symbol, c.secType, c.exchange, c.currency, c.conId = symbol, "STK", "SMART", "USD", con_id
    return c


class Running:
    """A Recorder recording on a thread of its own until :meth:`stop`."""

    def __init__(self, rec: Recorder) -> None:
        self.rec = rec
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="test-recorder", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.rec.record()
        except BaseException as e:  # noqa: BLE001 - the test asserts on it
            self.error = e

    def stop(self) -> None:
        self.rec.stop()
        self.thread.join(20)
        assert not self.thread.is_alive(), "the recorder did not stop"
        assert self.error is None, self.error


def subscribed(sim: Simulator, n: int, kind: str = "tbt") -> bool:
    with sim.lock:
        return sum(len(getattr(s, kind)) for s in sim.sessions) >= n


def read_parquet(path: Path) -> Any:
    return pq.read_table(path).to_pandas().sort_values(["symbol", "time", "kind"], kind="stable")


# --- ticks ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", [176, 226], ids=["text", "v226"])
def test_ticks_to_parquet_are_what_the_simulator_sent(tmp_path: Path, version: int) -> None:
    with Simulator(tick_interval=None, server_version=version) as sim:
        sink = Sink(tmp_path / "ticks", "ticks")
        rec = Recorder([stock("AAPL", AAPL), stock("MSFT", MSFT)], "ticks", sink, port=sim.port, client_id=4,
                       flush_rows=7)  # several chunks
        r = Running(rec)
        wait_until(lambda: subscribed(sim, 4), 10, "four tick-by-tick subscriptions")
        sent: dict[str, list[tuple[float, float, float, float, float]]] = {"AAPL": [], "MSFT": []}
        for _ in range(10):
            sim.step()
            for sym, con_id in (("AAPL", AAPL), ("MSFT", MSFT)):
                q = sim.market.quotes[con_id]
                sent[sym].append((q.last, q.last_size, q.bid, q.ask, q.bid_size))
        wait_until(lambda: rec.received >= 40, 10, lambda: f"40 ticks, got {rec.received}")
        r.stop()
    df = pq.read_table(tmp_path / "ticks").to_pandas()
    assert len(df) == 40 and sink.chunks >= 5 and sink.rows == 40
    assert str(df["time"].dtype) == "datetime64[us, UTC]"
    for sym in ("AAPL", "MSFT"):
        mine = df[df.symbol == sym]
        trades = mine[mine.kind == "trade"]
        quotes = mine[mine.kind == "bid_ask"]
        assert list(trades.price) == [x[0] for x in sent[sym]] and list(trades["size"]) == [x[1] for x in sent[sym]]
        assert list(quotes.bid) == [x[2] for x in sent[sym]] and list(quotes.ask) == [x[3] for x in sent[sym]]
        assert list(quotes.bid_size) == [x[4] for x in sent[sym]]
        assert set(trades.exchange) == {"ISLAND"} and trades.bid.isna().all() and quotes.price.isna().all()


def test_chunks_are_committed_every_flush_seconds_while_recording(tmp_path: Path) -> None:
    with Simulator(tick_interval=None, server_version=176) as sim:
        sink = Sink(tmp_path / "ticks.csv", "ticks")
        rec = Recorder([stock("AAPL", AAPL)], "ticks", sink, port=sim.port, client_id=4, tick_types=["BidAsk"],
                       flush_rows=10 ** 9, flush_seconds=0.1)
        r = Running(rec)
        wait_until(lambda: subscribed(sim, 1), 10, "the subscription")
        sim.step(3)
        wait_until(lambda: sink.rows == 3, 10, "the three quotes committed while the recorder runs")
        sim.step(2)
        wait_until(lambda: sink.rows == 5 and sink.chunks == 2, 10, "the next two in a chunk of their own")
        r.stop()
    lines = (tmp_path / "ticks.csv").read_text().splitlines()
    assert len(lines) == 6 and lines[0].startswith("symbol,time,kind,price,size,bid,bid_size,ask,ask_size")
    assert all(line.startswith("AAPL,") and ",bid_ask,,," in line for line in lines[1:])


def test_tick_by_tick_frames_become_rows_through_the_standard_decoder(tmp_path: Path) -> None:
    """Text tick-by-tick frames through the protocol's decoder and the recorder's callbacks (the one way
    ticks are decoded): every row as sent, attribute flags and conditions included; hostile frames too
    (an empty price, an unknown tick kind, non-UTF-8 exchange text, another request's tick)."""
    from ibwire.protocol._core.inbound import Core, deliver, emit
    from ibwire.protocol.messages import DecodeError, Decoder
    from ibwire.protocol.server import SessionEncoder

    enc = SessionEncoder(176, None)
    rng = random.Random(5)
    frames = b""
    want = []
    for i in range(300):
        t = 1_795_000_000 + i
        if i % 2:
            bid, ask, bs = 10.5 + i / 100, 10.6 + i / 100, rng.randrange(1, 900)
            frames += enc.tick_by_tick_bid_ask(1, t, bid, ask, Decimal(bs), Decimal("0.5"), i % 3 == 0, i % 5 == 0)
            flags = ",".join(f for f, on in (("bidPastLow", i % 3 == 0), ("askPastHigh", i % 5 == 0)) if on)
            want.append((t * 10 ** 6, "bid_ask", "nan", "nan", bid, float(bs), ask, 0.5, "", "", flags))
        else:
            price = 10.5 + i / 100
            frames += enc.tick_by_tick_last(1, 1 + i % 2, t, price, Decimal(100 + i), i % 3 == 0, i % 7 == 0,
                                            "ISLAND", "T" if i % 4 else "")
            flags = ",".join(f for f, on in (("pastLimit", i % 3 == 0), ("unreported", i % 7 == 0)) if on)
            want.append((t * 10 ** 6, "trade", price, float(100 + i), "nan", "nan", "nan", "nan", "ISLAND",
                         "T" if i % 4 else "", flags))
    frames += enc.tick_by_tick_mid(1, 1_795_000_999, 10.55)  # a kind the recorder does not store

    def frame(body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + body

    # an empty price, read as 0 (as the official client reads it): recorded once
    frames += frame(b"99\x001\x001\x001795001000\x00\x00100\x000\x00ISLAND\x00\x00")
    want.append((1_795_001_000 * 10 ** 6, "trade", 0.0, 100.0, "nan", "nan", "nan", "nan", "ISLAND", "", ""))
    frames += frame(b"99\x001\x009\x001795001001\x0010.5\x00\x00")  # an unknown tick kind: nothing
    # not UTF-8: reported (error 508) and delivered as the official client decodes it
    frames += frame(b"99\x001\x001\x001795001002\x0010.5\x00100\x000\x00IS\xffLAND\x00\x00")
    want.append((1_795_001_002 * 10 ** 6, "trade", 10.5, 100.0, "nan", "nan", "nan", "nan", "IS\\xffLAND", "", ""))
    frames += enc.tick_by_tick_last(2, 1, 1_795_001_003, 10.5, Decimal(1), False, False, "X", "")  # not ours

    sink = Sink(tmp_path / "t", "ticks")
    rec = Recorder([stock("AAPL", AAPL)], "ticks", sink, flush_rows=10 ** 9)
    rec._req_symbol = {1: "AAPL"}
    rec._new_buffers()
    dec = Decoder(176)
    seen: list[str] = []
    errors: list[Any] = []
    rec.tickByTickMidPoint = lambda *a: seen.append("mid")  # type: ignore[method-assign]

    def slow(body: bytes, whole: bool) -> list[Any]:  # as EClient: the reference decoder's events, the error kept
        try:
            events = dec.decode(body)
        except DecodeError as e:
            errors.append(e)
            events = e.events
        out: list[Any] = []
        for name, args in events:
            emit(out, getattr(rec, name), args)
        return out

    # the reader's path: the core decodes, deliver() calls the recorder's callbacks
    core = Core(176, dec.text, dec.proto, lambda name: getattr(rec, name), slow)
    out: list[Any] = []
    core.feed(frames, out)
    deliver(out, lambda cb, e: pytest.fail(f"{cb}: {e}"), lambda: False)
    assert seen == ["mid"] and rec.received == 302
    assert [(e.code, "not UTF-8" in e.text) for e in errors] == [(508, True)]
    got = [tuple("nan" if x != x else x for x in row) for row in rec._buf["AAPL"]]
    assert got == want
    assert {"pastLimit", "unreported", "pastLimit,unreported", "bidPastLow", "askPastHigh", ""} <= {r[10] for r in got}
    sink.close()


# --- reconnects and gaps ----------------------------------------------------------------------------------


def test_a_dropped_connection_is_a_gap_and_recording_resumes(tmp_path: Path) -> None:
    with Simulator(tick_interval=None) as sim:
        sink = Sink(tmp_path / "ticks", "ticks")
        rec = Recorder([stock("AAPL", AAPL)], "ticks", sink, port=sim.port, client_id=6, tick_types=["AllLast"],
                       flush_rows=3)
        r = Running(rec)
        wait_until(lambda: subscribed(sim, 1), 10, "the subscription")
        sim.step(4)
        wait_until(lambda: rec.received >= 4, 10, "ticks before the drop")
        before = dt.datetime.now(UTC)
        sim.drop(6)
        wait_until(lambda: rec.gaps, 15, "the reconnect and its gap")
        wait_until(lambda: subscribed(sim, 1), 10, "the subscription again")
        sim.step(5)
        wait_until(lambda: rec.received >= 9, 10, lambda: f"ticks after the reconnect ({rec.received})")
        r.stop()
    ticks = read_parquet(tmp_path / "ticks")
    assert len(ticks) == 9
    gaps = pq.read_table(tmp_path / "ticks" / "_gaps").to_pandas()
    assert len(gaps) == 1 and gaps.symbol[0] == "AAPL" and "connection to TWS was lost" in gaps.reason[0]
    start, until = gaps["time"][0], gaps["until"][0]
    assert before <= start <= until
    # the rows around the gap: four before it, five after (tick times are whole seconds)
    assert (ticks["time"][:4] <= start).all() and (ticks["time"][4:] >= until.floor("s")).all()
    # readers of the dataset do not see the gaps store inside it
    assert set(pq.read_table(tmp_path / "ticks").column_names) >= {"kind", "symbol"}


def test_tws_losing_ib_is_a_gap_and_subscriptions_come_back(tmp_path: Path) -> None:
    with Simulator(tick_interval=None) as sim:
        sink = Sink(tmp_path / "bars.sqlite", "depth")
        rec = Recorder([stock("AAPL", AAPL)], "depth", sink, port=sim.port, client_id=7, flush_rows=1000)
        r = Running(rec)
        wait_until(lambda: subscribed(sim, 1, "depth"), 10, "the depth subscription")
        wait_until(lambda: rec.received >= 10, 10, "the first book")
        sim.restart(down=0.05, data_lost=True)  # 1100, then 1101: TWS dropped the subscriptions
        wait_until(lambda: rec.gaps and subscribed(sim, 1, "depth"), 10, "the gap and the new subscription")
        wait_until(lambda: rec.received >= 20, 10, "the book sent again")  # 5 levels a side, twice
        r.stop()
    db = sqlite3.connect(tmp_path / "bars.sqlite")
    (reason, start, until), = db.execute("SELECT reason, time, until FROM gaps").fetchall()
    assert reason == "TWS lost its connection to IB (1100-1101)" and start <= until
    ops = [r[0] for r in db.execute("SELECT operation FROM depth ORDER BY rowid")]
    assert ops.count("insert") >= 20  # the book from empty, twice


def test_smart_depth_to_csv(tmp_path: Path) -> None:
    with Simulator(tick_interval=None) as sim:
        sink = Sink(tmp_path / "book.csv", "depth")
        rec = Recorder([stock("MSFT", MSFT)], "depth", sink, port=sim.port, client_id=8, rows=3, smart=True)
        r = Running(rec)
        wait_until(lambda: rec.received >= 6, 10, "the first book: three levels a side")
        r.stop()
    lines = [line.split(",") for line in (tmp_path / "book.csv").read_text().splitlines()]
    assert lines[0] == ["symbol", "time", "side", "position", "operation", "price", "size", "market_maker", "smart"]
    rows = lines[1:]
    assert len(rows) == 6 and {r[0] for r in rows} == {"MSFT"} and {r[4] for r in rows} == {"insert"}
    assert sorted((r[2], r[3]) for r in rows) == [(side, str(i)) for side in ("ask", "bid") for i in range(3)]
    assert {(r[7], r[8]) for r in rows} == {("NSDQ", "True")}
    bids = [float(r[5]) for r in sorted(rows, key=lambda r: r[3]) if r[2] == "bid"]
    assert bids == sorted(bids, reverse=True)  # best first


# --- Ctrl-C -----------------------------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "ibwire.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_ctrl_c_writes_the_last_chunk_and_exits_0(tmp_path: Path, sig: int) -> None:
    with Simulator(tick_interval=None) as sim:
        out = tmp_path / "ticks"
        proc = _cli("record", "AAPL", "MSFT", "--ticks", "--out", str(out), "--port", str(sim.port),
                    "--flush-seconds", "3600")
        try:
            wait_until(lambda: subscribed(sim, 4) or proc.poll() is not None, 30, "the recorder's subscriptions")
            sim.step(25)
            # everything sent is in the socket; the recorder holds it in memory (no chunk before an hour)
            wait_until(lambda: all(s.queued == 0 for s in sim.sessions), 10, "the ticks handed to the socket")
            assert not list(out.glob("symbol=*"))
            proc.send_signal(sig)
            _, err = proc.communicate(timeout=30)
        finally:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "100 rows in 1 chunk(s)" in err
    table = pq.read_table(out)
    assert table.num_rows == 100 and sorted(set(table.column("symbol").to_pylist())) == ["AAPL", "MSFT"]
    assert not [p for p in out.rglob("*") if p.name.startswith(".") and "tmp" in p.name]


# --- rolling ----------------------------------------------------------------------------------------------


def _batch(n: int, t0: float) -> dict[str, list[tuple[Any, ...]]]:
    """``n`` 5-second bars of AAPL from ``t0`` as the recorder hands them over (rows, time in microseconds)."""
    us = int(t0 * 1e6)
    return {"AAPL": [(us + i, 1.0, 2.0, 0.5, 1.5, 100.0, 1.2, 3) for i in range(n)]}


@pytest.mark.parametrize("suffix", ["", ".csv", ".sqlite"], ids=["parquet", "csv", "sqlite"])
def test_time_rolls_start_a_store_per_period(tmp_path: Path, suffix: str) -> None:
    base = tmp_path / f"bars{suffix}"
    t0 = dt.datetime(2026, 11, 24, 15, 59, 58, tzinfo=UTC).timestamp()
    sink = Sink(base, "bars5s", roll_seconds=3600, clock=lambda: t0)
    for i, t in enumerate((t0, t0 + 1, t0 + 3, t0 + 3700)):  # 15:59:58, 15:59:59, 16:00:01, 17:01:38
        sink.put(_batch(5 + i, t), t)
    sink.close()
    assert sink.error is None
    names = [p.name for p in sink.segments]
    stem = "bars"
    assert names == [f"{stem}.20261124T150000Z{suffix}", f"{stem}.20261124T160000Z{suffix}",
                     f"{stem}.20261124T170000Z{suffix}"]
    counts = []
    for seg in sink.segments:
        fmt = store_format(seg)
        if fmt == "parquet":
            counts.append(pq.read_table(seg).num_rows)
        elif fmt == "csv":
            counts.append(len(seg.read_text().splitlines()) - 1)
        else:
            counts.append(sqlite3.connect(seg).execute("SELECT count(*) FROM bars5s").fetchone()[0])
    assert counts == [5 + 6, 7, 8]
    assert segment_path(base, t0 - t0 % 3600) == tmp_path / names[0]


def test_size_rolls_start_a_store_when_the_current_one_is_full(tmp_path: Path) -> None:
    t0 = dt.datetime(2026, 11, 24, 15, 0, 0, tzinfo=UTC).timestamp()
    sink = Sink(tmp_path / "bars", "bars5s", roll_bytes=parse_size("1KB"), clock=lambda: t0)
    for i in range(4):
        sink.put(_batch(50, t0 + i), t0 + i)  # one Parquet file of 50 bars is over 1 KB
    sink.close()
    assert len(sink.segments) == 4 and len({p.name for p in sink.segments}) == 4
    assert [pq.read_table(p).num_rows for p in sink.segments] == [50] * 4
    assert sorted(tmp_path.iterdir()) == sorted(sink.segments)  # no empty segment left behind


def test_cli_roll_writes_segments_and_says_where(tmp_path: Path, capsys: Any) -> None:
    clock = [dt.datetime(2026, 11, 24, 15, 0, 1, tzinfo=UTC)]
    with Simulator(tick_interval=None, clock=lambda: clock[0]) as sim:
        out = tmp_path / "bars.csv"
        with pytest.raises(SystemExit) as e:  # --roll and --roll-size exclude each other
            main(["record", "AAPL", "--bars5s", "--out", str(out), "--roll", "1h", "--roll-size", "1"])
        assert e.value.code == 2 and "not allowed with argument" in capsys.readouterr().err
        done: list[int] = []
        t = threading.Thread(target=lambda: done.append(main([
            "record", "AAPL", "--bars5s", "--out", str(out), "--roll", "1h", "--seconds", "3", "--flush-seconds",
            "0.2", "--port", str(sim.port)])))
        t.start()
        wait_until(lambda: subscribed(sim, 1, "rtb"), 10, "the real-time bars subscription")
        for s in range(1, 16):
            clock[0] = dt.datetime(2026, 11, 24, 15, 0, 1, tzinfo=UTC) + dt.timedelta(seconds=s)
            sim.step()
        t.join(30)
    assert done == [0]
    err = capsys.readouterr().err
    (seg,) = [p for p in tmp_path.iterdir() if p.name.startswith("bars.") and p.suffix == ".csv"]
    assert seg.name.startswith("bars.2") and str(seg) in err
    lines = seg.read_text().splitlines()
    assert lines[0] == "symbol,time,open,high,low,close,volume,wap,count"
    assert [line.split(",")[1] for line in lines[1:]] == ["2026-11-24T15:00:00+00:00", "2026-11-24T15:00:05+00:00",
                                                          "2026-11-24T15:00:10+00:00"]


# --- bad input --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with Simulator(tick_interval=None) as s:
        yield s


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("args, code, message", [
    (["NOPE", "--ticks", "--out", "{tmp}/t"], 1, "unknown contract 'NOPE': TWS has no security definition for it"),
    (["AAPL", "--ticks", "--out", "/proc/no/such/dir"], 1, "cannot write to '/proc/no/such/dir'"),
    (["AAPL", "--ticks", "--out", "{tmp}/file.txt/x.csv"], 1, "cannot write to"),
    (["AAPL", "--ticks", "--out", "{tmp}/t", "--roll", "an hour"], 2, "bad period 'an hour'"),
    (["AAPL", "--ticks", "--out", "{tmp}/t", "--roll-size", "big"], 2, "bad size 'big'"),
    (["AAPL", "--ticks", "--out", "{tmp}/t", "--tick-types", "Quotes"], 2, "bad --tick-types 'Quotes'"),
    (["AAPL", "--ticks", "--out", "{tmp}/t", "--port", "{free}"], 1, "no TWS or IB Gateway is listening on"),
    (["AAPL", "AAPL", "--ticks", "--out", "{tmp}/t"], 2, "two contracts would be stored under the same symbol"),
], ids=["unknown-symbol", "unwritable-path", "path-under-a-file", "bad-roll", "bad-roll-size", "bad-tick-types",
        "no-gateway", "same-symbol-twice"])
def test_bad_input_is_one_line_and_an_exit_code(sim: Simulator, tmp_path: Path, capsys: Any, args: list[str],
                                                code: int, message: str) -> None:
    (tmp_path / "file.txt").write_text("x")
    argv = [a.format(tmp=tmp_path, free=_free_port()) for a in args]
    if "--port" not in argv:
        argv += ["--port", str(sim.port)]
    assert main(["record", *argv, "--timeout", "5"]) == code
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("ibwire record: ") and message in err, err


def test_a_client_id_in_use_is_one_line(sim: Simulator, tmp_path: Path, capsys: Any) -> None:
    from conftest import App

    a = App()
    a.connect(sim.port, 55)  # another program holds client id 55 all along
    try:
        a.w.wait_for("nextValidId")
        code = main(["record", "AAPL", "--ticks", "--out", str(tmp_path / "t"), "--client-id", "55", "--port",
                     str(sim.port), "--timeout", "2"])
    finally:
        a.close()
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and err.count("\n") == 1 and "client id" in err.lower(), err


def test_a_kind_is_required(capsys: Any) -> None:
    with pytest.raises(SystemExit) as e:
        main(["record", "AAPL", "--out", "x"])
    assert e.value.code == 2 and "one of the arguments --ticks --bars5s --depth is required" in capsys.readouterr().err


def test_periods_sizes_and_paths() -> None:
    assert [parse_period(x) for x in ("90s", "15m", "1h", "1d", "30")] == [90, 900, 3600, 86400, 30]
    assert [parse_size(x) for x in ("100MB", "1GB", "500k", "64MiB", "10")] == [10 ** 8, 10 ** 9, 500_000,
                                                                                 64 << 20, 10]
    p = Path("/d/ticks")
    assert gaps_path(p, False) == p / "_gaps" and gaps_path(Path("/d/t.csv"), False) == Path("/d/t.gaps.csv")
    assert gaps_path(Path("/d/t.sqlite"), False) == Path("/d/t.sqlite")
    assert gaps_path(Path("/d/t.sqlite"), True) == Path("/d/t.gaps.sqlite")
    assert not math.isnan(dt.datetime(2026, 1, 1, tzinfo=UTC).timestamp())
