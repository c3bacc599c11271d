"""The stores ``ibwire history`` and ``ibwire record`` write: Parquet datasets, CSV and SQLite.

Each format is read back by the readers users have (pandas + pyarrow, DuckDB when installed, csv,
sqlite3); idempotence per chunk key; and crash safety: a writer killed with SIGKILL at random
moments never leaves a file that does not read, nor a committed chunk that is not wholly there.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from ibwire.cli.store import BARS, DEPTH, TICKS, StoreError, open_store, store_format

UTC = dt.timezone.utc
ROOT = Path(__file__).resolve().parents[1]


def bars(start: dt.datetime, n: int, step: int = 3600, base: float = 100.0) -> dict[str, list[Any]]:
    times = [start + dt.timedelta(seconds=i * step) for i in range(n)]
    return {"time": times, "open": [base + i for i in range(n)], "high": [base + i + 1 for i in range(n)],
            "low": [base + i - 1 for i in range(n)], "close": [base + i + 0.5 for i in range(n)],
            "volume": [1000.0 * i for i in range(n)], "wap": [base + i + 0.25 for i in range(n)],
            "count": [i for i in range(n)]}


T0 = dt.datetime(2026, 11, 24, 20, 0, tzinfo=UTC)  # 6 hourly bars from here cross midnight UTC


def test_format_from_path() -> None:
    assert [store_format(p) for p in ("out", "out/", "data.parquet", "x.csv", "X.CSV", "a.sqlite", "a.db",
                                      "a.sqlite3")] == ["parquet"] * 3 + ["csv"] * 2 + ["sqlite"] * 3


def test_parquet_dataset_is_partitioned_by_symbol_and_date_and_reads_back(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    out = tmp_path / "data"
    with open_store(out, BARS) as s:
        assert s.write("AAPL", bars(T0, 6), "20261124T200000Z") == 6
        s.write("ES 202612 FUT", bars(T0, 2, base=5000.0), "20261124T200000Z")
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*.parquet"))
    assert files == ["symbol=AAPL/date=2026-11-24/part-20261124T200000Z.parquet",
                     "symbol=AAPL/date=2026-11-25/part-20261124T200000Z.parquet",
                     "symbol=ES%20202612%20FUT/date=2026-11-24/part-20261124T200000Z.parquet"]
    frame = pd.read_parquet(out)
    assert len(frame) == 8
    assert str(frame["time"].dtype) == "datetime64[us, UTC]"
    assert frame["volume"].dtype == "float64" and frame["count"].dtype == "int64"
    aapl = frame[frame["symbol"] == "AAPL"].sort_values("time")
    assert list(aapl["time"]) == [pd.Timestamp(T0 + dt.timedelta(hours=i)) for i in range(6)]
    assert list(aapl["open"]) == [100.0 + i for i in range(6)]
    assert sorted(set(frame["symbol"])) == ["AAPL", "ES 202612 FUT"]  # the %-encoded name decodes
    assert sorted(set(map(str, frame["date"]))) == ["2026-11-24", "2026-11-25"]


def test_parquet_reads_in_duckdb(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    out = tmp_path / "data"
    with open_store(out, BARS) as s:
        s.write("AAPL", bars(T0, 6), "k1")
        s.write("MSFT", bars(T0, 3), "k1")
    rows = duckdb.sql(f"SELECT symbol, count(*), min(time), max(open) FROM read_parquet('{out}/**/*.parquet', "
                      "hive_partitioning=true) GROUP BY symbol ORDER BY symbol").fetchall()
    assert [(r[0], r[1], r[3]) for r in rows] == [("AAPL", 6, 105.0), ("MSFT", 3, 102.0)]
    assert rows[0][2] == T0  # a timestamp with time zone, the same instant


def test_parquet_reads_in_polars(tmp_path: Path) -> None:
    pl = pytest.importorskip("polars")
    pytest.importorskip("pyarrow")
    out = tmp_path / "data"
    with open_store(out, BARS) as s:
        s.write("AAPL", bars(T0, 6), "k1")
        s.write("MSFT", bars(T0, 3), "k1")
    frame = pl.scan_parquet(f"{out}/**/*.parquet", hive_partitioning=True).collect().sort("symbol", "time")
    assert frame.height == 9 and frame["symbol"].to_list() == ["AAPL"] * 6 + ["MSFT"] * 3
    assert str(frame.schema["time"]) == "Datetime(time_unit='us', time_zone='UTC')"
    assert frame["time"][0] == T0 and frame["open"].max() == 105.0


def test_rewriting_a_chunk_replaces_it(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    out = tmp_path / "data"
    with open_store(out, BARS) as s:
        s.write("AAPL", bars(T0, 6), "a")
        s.write("AAPL", bars(T0 + dt.timedelta(hours=6), 2), "b")
        s.write("AAPL", bars(T0, 6), "a")  # the same again: no duplicate
        assert len(pd.read_parquet(out)) == 8
        s.write("AAPL", bars(T0, 2, base=7.0), "a")  # now only on the first date: the second's file goes
        assert s.committed()[("AAPL", "a")].rows == 2
    frame = pd.read_parquet(out).sort_values("time")
    assert len(frame) == 4 and list(frame["open"])[:2] == [7.0, 8.0]
    with open_store(out, BARS) as s:  # the journal survives reopening
        assert {k: c.rows for k, c in s.committed().items()} == {("AAPL", "a"): 2, ("AAPL", "b"): 2}


def test_csv_is_one_file_with_iso_utc_times(tmp_path: Path) -> None:
    out = tmp_path / "bars.csv"
    with open_store(out, BARS) as s:
        s.write("MSFT", bars(T0, 2), "2")
        s.write("AAPL", bars(T0 + dt.timedelta(hours=1), 1), "1")
        s.write("AAPL", bars(T0, 1), "0")
        s.write("AAPL", {**bars(T0, 1), "wap": [math.nan]}, "0")  # replaced
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["symbol", "time", "open", "high", "low", "close", "volume", "wap", "count"]
    assert [r[:2] for r in rows[1:]] == [["AAPL", "2026-11-24T20:00:00+00:00"], ["AAPL", "2026-11-24T21:00:00+00:00"],
                                         ["MSFT", "2026-11-24T20:00:00+00:00"], ["MSFT", "2026-11-24T21:00:00+00:00"]]
    assert rows[1][7] == ""  # NaN is an empty field
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(out, parse_dates=["time"])
    assert str(frame["time"].dt.tz) == "UTC" and len(frame) == 4


def test_sqlite_table_and_chunks(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "ticks.sqlite"
    t = T0 + dt.timedelta(microseconds=250)
    cols = {"time": [t, T0.replace(tzinfo=None)], "kind": ["trade", "bid_ask"], "price": [1.5, None],
            "size": [100, None], "bid": [None, 1.4], "bid_size": [None, 300], "ask": [None, 1.6],
            "ask_size": [None, 200], "exchange": ["NASDAQ", ""], "conditions": ["", ""], "attribs": ["", "pastLimit"]}
    with open_store(out, TICKS) as s:
        s.write("AAPL", cols, "000001", tag="first")
        s.write("AAPL", cols, "000001", tag="again")
        s.set_meta("job", '{"a": 1}')
    db = sqlite3.connect(out)
    got = db.execute("SELECT symbol, time, kind, price, bid, attribs, chunk FROM ticks ORDER BY time").fetchall()
    assert got == [("AAPL", "2026-11-24T20:00:00+00:00", "bid_ask", None, 1.4, "pastLimit", "000001"),
                   ("AAPL", "2026-11-24T20:00:00.000250+00:00", "trade", 1.5, None, "", "000001")]
    with open_store(out, TICKS) as s:
        assert s.committed() == {("AAPL", "000001"): type(s.committed()[("AAPL", "000001")])(2, "again")}
        assert json.loads(s.meta("job") or "") == {"a": 1} and s.meta("other") is None


def test_depth_rows_and_bad_columns(tmp_path: Path) -> None:
    with open_store(tmp_path / "d.csv", DEPTH) as s:
        s.write("AAPL", {"time": [T0], "side": ["bid"], "position": [0], "operation": ["insert"], "price": [1.0],
                         "size": [100], "market_maker": ["NSDQ"], "smart": [True]}, "1")
        with pytest.raises(StoreError, match="missing: smart"):
            s.write("AAPL", {"time": [T0], "side": ["bid"], "position": [0], "operation": ["insert"],
                             "price": [1.0], "size": [100], "market_maker": ["NSDQ"]}, "2")
        with pytest.raises(StoreError, match="different lengths"):
            s.write("AAPL", {"time": [T0, T0], "side": ["bid"], "position": [0], "operation": ["insert"],
                             "price": [1.0], "size": [100], "market_maker": ["NSDQ"], "smart": [True]}, "2")
    assert (tmp_path / "d.csv").read_text().splitlines()[1] == "AAPL,2026-11-24T20:00:00+00:00,bid,0,insert,1.0,100.0,NSDQ,True"


def test_unwritable_paths_are_one_line_errors(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for path in (blocker / "data", blocker / "x.csv", blocker / "x.sqlite"):
        with pytest.raises(StoreError, match=r"^cannot (write to|use) ") as e:
            open_store(path, BARS)
        assert "\n" not in str(e.value)
    with pytest.raises(StoreError, match="is a file, not a Parquet dataset"):
        open_store(blocker, BARS)


def test_csv_and_sqlite_work_without_pyarrow_and_parquet_says_what_to_install(tmp_path: Path) -> None:
    code = textwrap.dedent(f"""
        import sys, datetime as dt
        sys.modules["pyarrow"] = None  # an environment without the extra
        from ibwire.cli.store import BARS, StoreError, open_store
        t = dt.datetime(2026, 11, 24, tzinfo=dt.timezone.utc)
        row = {{"time": [t], "open": [1], "high": [1], "low": [1], "close": [1], "volume": [1], "wap": [1], "count": [1]}}
        for p in ("x.csv", "x.sqlite"):
            with open_store({str(tmp_path)!r} + "/" + p, BARS) as s:
                s.write("A", row, "k")
        try:
            open_store({str(tmp_path)!r} + "/pq", BARS)
        except StoreError as e:
            print(e)
    """)
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == ("Parquet output needs the optional package 'pyarrow': pip install 'ibwire[cli]' "
                                "(or write CSV or SQLite: an output path ending in .csv or .sqlite)")
    assert (tmp_path / "x.csv").read_text().count("\n") == 2


def test_a_partial_journal_line_is_cut_off(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    out = tmp_path / "data"
    with open_store(out, BARS) as s:
        s.write("AAPL", bars(T0, 1), "a")
    log = out / "_ibwire" / "chunks-bars.log"
    log.write_bytes(log.read_bytes() + b'{"s":"AAPL","k":"b","n":')  # a crash in the middle of an append
    with open_store(out, BARS) as s:
        assert list(s.committed()) == [("AAPL", "a")]
        s.write("AAPL", bars(T0, 1), "c")
    with open_store(out, BARS) as s:
        assert sorted(s.committed()) == [("AAPL", "a"), ("AAPL", "c")]


WRITER = """
import sys, datetime as dt
from ibwire.cli.store import BARS, open_store
fmt, path = sys.argv[1], sys.argv[2]
t0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
store = open_store(path, BARS)
if fmt == "csv":
    store.rebuild_every = 0.0  # rebuild the CSV file after every chunk: the most chances to be caught in it
print("ready", flush=True)
i = 0
while True:
    n = 500 + i % 7
    ts = [t0 + dt.timedelta(minutes=i * 1000 + k) for k in range(n)]  # 500+ one-minute bars, across dates
    v = [float(i)] * n
    store.write("SYM%d" % (i % 3), {"time": ts, "open": v, "high": v, "low": v, "close": v, "volume": v, "wap": v,
                                    "count": [i] * n}, "%06d" % (i % 40))
    i += 1
"""


@pytest.mark.parametrize("fmt", ["parquet", "csv", "sqlite"])
def test_killed_writers_never_leave_a_corrupt_file(tmp_path: Path, fmt: str) -> None:
    """SIGKILL at random moments (seeded) while chunks are written and rewritten: every data file reads,
    every committed chunk is wholly there with the rows it was committed with once the store is opened
    again (a rewrite a kill cut short is finished then), no data file holds rows of a chunk that is not
    committed, and -- CSV -- the CSV file, rebuilt on close if a kill left it behind, holds exactly the
    committed chunks. Damage never carries over from one kill to the next
    (tests/test_cli_store_crash.py kills at chosen moments instead)."""
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    path = tmp_path / {"parquet": "data", "csv": "bars.csv", "sqlite": "bars.sqlite"}[fmt]
    rng = random.Random(14)
    for _ in range(6):
        p = subprocess.Popen([sys.executable, "-c", WRITER, fmt, str(path)], stdout=subprocess.PIPE, text=True,
                             cwd=ROOT)
        assert p.stdout is not None and p.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.1, 0.8))  # the moment of the kill, not a synchronisation
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        check_store(fmt, path)
    with open_store(path, BARS) as s:
        assert len(s.committed()) > 3  # the writers got somewhere


def check_store(fmt: str, path: Path) -> None:
    with open_store(path, BARS) as s:
        committed = s.committed()
    if fmt == "parquet":
        import pyarrow.parquet as pq

        total = {}
        for f in path.rglob("*.parquet"):
            t = pq.read_table(f)  # reads: not corrupt
            sym = f.parent.parent.name.split("=", 1)[1]
            key = f.name[len("part-"):-len(".parquet")]
            total[(sym, key)] = total.get((sym, key), 0) + t.num_rows
            assert len(set(t.column("count").to_pylist())) == 1  # one write's rows, not a mix
        # what the journal says is there, wholly, after opening (which finishes a rewrite a kill cut short),
        # and nothing else: a chunk that is not committed has no rows in a data file
        off = [k for k, c in committed.items() if total.get(k, 0) != c.rows]
        assert off == [], off
        stray = [k for k in total if k not in committed]
        assert stray == [], stray
    elif fmt == "csv":
        # every committed chunk's file holds exactly its rows, of one write (opening finishes a commit a kill
        # cut short); no file of a chunk that is not committed
        parts = path.with_name(f".{path.name}.ibwire") / "parts"
        expected = [["symbol", *BARS.names]]
        for (sym, key), c in sorted(committed.items()):
            f = parts / sym / f"{key}.csv"
            rows = list(csv.reader(f.open())) if f.exists() else []
            assert len(rows) == c.rows and all(len(r) == 9 for r in rows), ((sym, key), c.rows, len(rows))
            assert len({r[-1] for r in rows}) <= 1, ((sym, key), "a mix of writes")
            expected += rows
        stray = [f for f in parts.glob("*/*.csv") if (f.parent.name, f.stem) not in committed]
        assert stray == [], stray
        # the CSV file reads, whole, and -- closing the store rebuilt it if a kill left it behind the journal --
        # holds exactly the committed chunks' rows, in (symbol, key) order
        assert list(csv.reader(path.open())) == expected
    else:
        db = sqlite3.connect(path)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        got = dict(((s, k), n) for s, k, n in db.execute("SELECT symbol, chunk, count(*) FROM bars GROUP BY 1, 2"))
        assert got == {k: c.rows for k, c in committed.items()}
        db.close()


@pytest.mark.parametrize("fmt", ["parquet", "csv", "sqlite"])
def test_times_as_epoch_microseconds_store_the_same_rows(tmp_path: Path, fmt: str) -> None:
    """``times_us``: the fast form of the time columns (ints, epoch microseconds) stores what datetimes store."""
    from ibwire.cli.store import GAPS, epoch_us

    name = {"parquet": "d", "csv": "x.csv", "sqlite": "x.sqlite"}[fmt]
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    slow, fast = tmp_path / "slow" / name, tmp_path / "fast" / name
    (tmp_path / "slow").mkdir(), (tmp_path / "fast").mkdir()
    b = bars(T0 + dt.timedelta(microseconds=250), 6)  # across midnight UTC, with microseconds
    us = [epoch_us(t) for t in b["time"]]
    assert us[0] == int(T0.timestamp()) * 1_000_000 + 250
    gap = {"time": [T0], "until": [T0 + dt.timedelta(seconds=90)], "reason": ["lost"]}
    with open_store(slow, BARS) as s, open_store(fast, BARS) as f:
        s.write("AAPL", b, "k", tag="t")
        assert f.write("AAPL", {**b, "time": us}, "k", tag="t", times_us=True) == 6
        assert f.committed() == s.committed()
        with pytest.raises(StoreError, match="in epoch microseconds"):
            f.write("AAPL", b, "k2", times_us=True)  # datetimes are not the fast form
    with open_store(slow.with_name("g" + name), GAPS) as s, open_store(fast.with_name("g" + name), GAPS) as f:
        s.write("AAPL", gap, "g")
        f.write("AAPL", {"time": [epoch_us(T0)], "until": [epoch_us(gap["until"][0])], "reason": ["lost"]}, "g",
                times_us=True)
    for a, c in ((slow, fast), (slow.with_name("g" + name), fast.with_name("g" + name))):
        if fmt == "parquet":
            import pyarrow.parquet as pq

            files = sorted(p.relative_to(a) for p in a.rglob("*.parquet"))
            assert files == sorted(p.relative_to(c) for p in c.rglob("*.parquet")) and files
            for p in files:
                assert pq.read_table(a / p).equals(pq.read_table(c / p))
        elif fmt == "csv":
            assert a.read_text() == c.read_text()
        else:
            q = "SELECT * FROM {} ORDER BY rowid"
            table = "bars" if a == slow else "gaps"
            assert list(sqlite3.connect(a).execute(q.format(table))) == list(sqlite3.connect(c).execute(q.format(table)))
