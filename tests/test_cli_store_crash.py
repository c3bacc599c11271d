"""Crash safety of the Parquet and CSV stores at every step of a chunk (re)write, without relying on kill timing.

A writer runs in a subprocess whose ``os`` file operations (``replace``, ``rename``, ``unlink``,
``fsync``) are counted; it SIGKILLs itself just before a chosen one -- a real kill, with no cleanup
and no ``finally``. Then the store is opened again and checked: every committed chunk is wholly
there with exactly the rows it was committed with (one write's rows, not a mix), no data file holds
rows of a chunk that is not committed, and a dataset reader sees exactly the committed rows (CSV:
the CSV file, rebuilt when the store is closed, holds exactly the committed chunks' rows).

This is what the SIGKILL test in ``test_cli_store.py`` checks at random moments; here each moment
is chosen, so a failure is not a flake, and damage that would carry over from one crash to the next
shows.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ibwire.cli.store import BARS, open_store

needs_pyarrow = pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="needs pyarrow")

UTC = dt.timezone.utc
ROOT = Path(__file__).resolve().parents[1]
T0 = dt.datetime(2026, 11, 24, 20, 0, tzinfo=UTC)  # 6 hourly bars from here: 4 on the 24th, 2 on the 25th
DAY = 86_400

CRASHER = """
import json, os, signal, sys
from ibwire.cli.store import BARS, open_store

path, plan = sys.argv[1], json.loads(sys.argv[2])
store = open_store(path, BARS)  # whatever opening does (recovery) runs before the counting starts
kill = plan["kill"]  # ["any", n]: before the n-th counted call; ["parquet", n]: before the n-th
                     # os.replace onto a *.parquet name (one file of the chunk put in place); None: no kill
counts = {"any": 0, "parquet": 0}

def counted(fn, name):
    def call(*args, **kwargs):
        counts["any"] += 1
        if name == "replace" and str(args[1]).endswith(".parquet"):
            counts["parquet"] += 1
        if kill is not None and counts[kill[0]] == kill[1]:
            os.kill(os.getpid(), signal.SIGKILL)
        return fn(*args, **kwargs)
    return call

for name in ("replace", "rename", "unlink", "fsync"):
    setattr(os, name, counted(getattr(os, name), name))
for w in plan["writes"]:
    n, step = w["n"], 3600
    ts = [w["start"] + i * step for i in range(n)]
    v = [w["base"] + i for i in range(n)]
    store.write(w["symbol"], {"time": ts, "open": v, "high": v, "low": v, "close": v, "volume": v, "wap": v,
                              "count": [w["id"]] * n}, w["key"], tag=str(w["id"]))
print(json.dumps(counts), flush=True)
store.close()
"""


def write(symbol: str, key: str, start: dt.datetime, n: int, wid: int) -> dict[str, Any]:
    """One chunk write for the crasher: ``n`` hourly bars from ``start``, every row's count (and the tag) ``wid``."""
    return {"symbol": symbol, "key": key, "start": int(start.timestamp()), "n": n, "base": 100.0 * wid, "id": wid}


def bars(start: dt.datetime, n: int, wid: int) -> dict[str, list[Any]]:
    """What the crasher writes for ``write(..., start, n, wid)``, written in this process."""
    ts = [start + dt.timedelta(hours=i) for i in range(n)]
    v = [100.0 * wid + i for i in range(n)]
    return {"time": ts, "open": v, "high": v, "low": v, "close": v, "volume": v, "wap": v, "count": [wid] * n}


def crash(path: Path, writes: list[dict[str, Any]], kill: tuple[str, int] | None) -> dict[str, int] | None:
    """Run the writes in a subprocess killed before the chosen file operation; its counts if it was not killed."""
    p = subprocess.run([sys.executable, "-c", CRASHER, str(path), json.dumps({"writes": writes, "kill": kill})],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    if p.returncode == -9:
        return None
    assert p.returncode == 0, p.stderr
    counts: dict[str, int] = json.loads(p.stdout)
    return counts


def damage(path: Path) -> list[str]:
    """What is wrong with the store at ``path`` after opening it again (an empty list: nothing)."""
    import pyarrow.parquet as pq

    with open_store(path, BARS) as s:
        committed = s.committed()
    wrong = []
    on_disk: dict[tuple[str, str], list[int]] = {}
    for f in sorted(path.rglob("*.parquet")):
        t = pq.read_table(f)
        sym = f.parent.parent.name.split("=", 1)[1]
        key = f.name[len("part-"):-len(".parquet")]
        on_disk.setdefault((sym, key), []).extend(t.column("count").to_pylist())
    for k, c in sorted(committed.items()):
        ids = on_disk.pop(k, [])
        if len(ids) != c.rows or set(ids) - {int(c.tag)}:
            wrong.append(f"{k}: committed {c.rows} rows of write {c.tag}, on disk {len(ids)} of writes {sorted(set(ids))}")
    for k, ids in sorted(on_disk.items()):
        wrong.append(f"{k}: {len(ids)} rows on disk, not committed")
    seen = pq.read_table(path).num_rows  # a dataset reader: temp files are not data
    if seen != sum(c.rows for c in committed.values()):
        wrong.append(f"a dataset reader sees {seen} rows, {sum(c.rows for c in committed.values())} committed")
    return wrong


def base_store(path: Path) -> None:
    """Chunk a on the 24th and 25th, chunk b on the 26th and 27th."""
    assert crash(path, [write("AAPL", "a", T0, 6, 1), write("AAPL", "b", T0 + dt.timedelta(days=2), 6, 2)], None)
    assert damage(path) == []


@needs_pyarrow
def test_damage_from_one_crash_is_repaired_and_never_adds_up(tmp_path: Path) -> None:
    """The CI flake, step by step: a writer dies with chunk a half rewritten (one of its files replaced, not
    the other); the next writer resumes and writes a again, complete; a third dies with chunk b half
    rewritten. After each, opening the store finds every committed chunk whole: there is never a
    damaged chunk, let alone two."""
    out = tmp_path / "data"
    base_store(out)
    found = []
    # a moves to the 28th and 29th (as the SIGKILL test's keys move when reused): killed with one file in place
    assert crash(out, [write("AAPL", "a", T0 + dt.timedelta(days=4), 6, 3)], ("parquet", 2)) is None
    found.append(damage(out))
    # a resumed run writes a again as it first was, and completes
    assert crash(out, [write("AAPL", "a", T0, 6, 1)], None)
    found.append(damage(out))
    # another run dies the same way rewriting b
    assert crash(out, [write("AAPL", "b", T0 + dt.timedelta(days=6), 6, 4)], ("parquet", 2)) is None
    found.append(damage(out))
    assert found == [[], [], []], "\n".join(map(str, found))
    with open_store(out, BARS) as s:
        assert {k: (c.rows, c.tag) for k, c in s.committed().items()} in (
            {("AAPL", "a"): (6, "1"), ("AAPL", "b"): (6, "2")}, {("AAPL", "a"): (6, "1"), ("AAPL", "b"): (6, "4")})


@needs_pyarrow
def test_a_kill_before_any_file_operation_of_a_rewrite_leaves_a_whole_chunk(tmp_path: Path) -> None:
    """Every step of a rewrite that moves a chunk (dates 24-25 to 25-26: one file replaced, one added, one
    removed) and a first write of another: killed before each file operation in turn, the store opens
    whole -- the chunk is the old one or the new one, never a mix -- and a writer goes on from there."""
    base = tmp_path / "base"
    base_store(base)
    writes = [write("AAPL", "a", T0 + dt.timedelta(days=1), 6, 5), write("MSFT", "c", T0, 6, 6)]
    shutil.copytree(base, tmp_path / "dry")
    full = crash(tmp_path / "dry", writes, None)  # how many file operations the writes take
    assert full is not None and full["parquet"] >= 3
    print(f"{full['any']} file operations, {full['parquet']} of them put a data file in place")
    outcomes = set()
    for j in range(1, full["any"] + 1):
        out = tmp_path / f"k{j}"
        shutil.copytree(base, out)
        assert crash(out, writes, ("any", j)) is None
        assert damage(out) == [], f"killed before file operation {j} of {full['any']}"
        with open_store(out, BARS) as s:
            got = {k: c.tag for k, c in s.committed().items()}
        outcomes.add((got[("AAPL", "a")], got.get(("MSFT", "c"))))
        # the next writer rewrites b (to the 26th only: its file on the 27th goes) and everything is still whole
        with open_store(out, BARS) as s:
            s.write("AAPL", bars(T0 + dt.timedelta(days=2), 3, 7), "b", tag="7")
        assert damage(out) == [], f"after killed before file operation {j} and a write"
    assert ("1", None) in outcomes and ("5", None) in outcomes  # killed before the rewrite and after it


@needs_pyarrow
def test_a_failed_journal_fsync_leaves_its_committed_chunk_to_the_next_write(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # the line was written and only its fsync failed: the chunk is committed, its files must be put in place
    # by the next write (another chunk's commit comes after it, so opening the store would not finish it)
    import os

    from ibwire.cli.store import StoreError

    path = tmp_path / "data"
    real = os.fsync
    failed = []

    def fsync(fd: int) -> None:
        if not failed and os.path.basename(os.readlink(f"/proc/self/fd/{fd}")).startswith("chunks-"):
            failed.append(fd)
            raise OSError(5, "Input/output error")
        real(fd)

    if not os.path.exists("/proc/self/fd"):
        pytest.skip("needs /proc to tell the journal's fd")
    with open_store(path, BARS) as s:
        monkeypatch.setattr(os, "fsync", fsync)
        with pytest.raises(StoreError):
            s.write("AAPL", bars(T0, 6, 1), "a", tag="1")
        monkeypatch.setattr(os, "fsync", real)
        assert failed
        s.write("AAPL", bars(T0, 6, 2), "b", tag="2")  # the same dates' directories
        s.write("MSFT", bars(T0, 6, 3), "c", tag="3")
    assert damage(path) == []
    with open_store(path, BARS) as s:
        assert sorted(s.committed()) == [("AAPL", "a"), ("AAPL", "b"), ("MSFT", "c")]
        s.write("AAPL", bars(T0, 6, 4), "d", tag="4")  # a new run's first write sweeps the directories
    assert damage(path) == []


def csv_damage(path: Path) -> list[str]:
    """What is wrong with the CSV store at ``path`` after opening it again (an empty list: nothing). The store is
    closed too, which rebuilds the CSV file if chunks were committed since it was built."""
    with open_store(path, BARS) as s:
        committed = s.committed()
    parts = path.with_name(f".{path.name}.ibwire") / "parts"
    on_disk = {(f.parent.name, f.stem): list(csv.reader(f.open())) for f in sorted(parts.glob("*/*.csv"))}
    wrong = []
    expected = [["symbol", *BARS.names]]
    for k, c in sorted(committed.items()):
        rows = on_disk.pop(k, [])
        ids = sorted({r[-1] for r in rows})
        if len(rows) != c.rows or set(ids) - {c.tag} or any(len(r) != 9 for r in rows):
            wrong.append(f"{k}: committed {c.rows} rows of write {c.tag}, on disk {len(rows)} of writes {ids}")
        expected += rows
    for k, rows in sorted(on_disk.items()):
        wrong.append(f"{k}: {len(rows)} rows on disk, not committed")
    got = list(csv.reader(path.open()))
    if got != expected:
        wrong.append(f"the CSV file has {len(got) - 1} rows, not the {len(expected) - 1} of the committed chunks")
    return wrong


def csv_leftovers(path: Path) -> list[str]:
    """Temporary files left beside the CSV file, in its bookkeeping directory or among its chunks' files."""
    book = path.with_name(f".{path.name}.ibwire")
    found = [*path.parent.glob(".*.tmp-*"), *book.glob(".*.tmp-*"), *(book / "parts").glob("*/.*.tmp-*")]
    return sorted(str(f.relative_to(path.parent)) for f in found)


def test_csv_a_kill_before_any_file_operation_of_a_rewrite_leaves_the_journal_in_step(tmp_path: Path) -> None:
    """A rewrite of a key with fewer rows, killed before each file operation in turn; the chunk's file then
    holds the rows the journal says the key has. (Before chunks were staged, a kill before the directory
    fsync that followed the rename left the key's rows new and the journal's count and tag old.)"""
    base = tmp_path / "base"
    base.mkdir()
    with open_store(base / "b.csv", BARS) as s:
        s.write("AAPL", bars(T0, 6, 1), "a", tag="1")
    j = 0
    while True:
        j += 1
        out = tmp_path / f"k{j}"
        shutil.copytree(base, out)
        done = crash(out / "b.csv", [write("AAPL", "a", T0, 3, 2)], ("any", j))
        with open_store(out / "b.csv", BARS) as s:
            c = s.committed()[("AAPL", "a")]
        lines = (out / ".b.csv.ibwire" / "parts" / "AAPL" / "a.csv").read_text().splitlines()
        assert (len(lines), {x.split(",")[-1] for x in lines}) == (c.rows, {c.tag}), f"killed before operation {j}"
        if done is not None:
            break


def test_csv_a_kill_before_any_file_operation_of_a_run_leaves_whole_chunks_and_a_whole_csv_file(tmp_path: Path) -> None:
    """Every step of a run that rewrites a chunk with fewer rows, writes another symbol's first chunk and rewrites
    a third chunk with no rows (its file removed), then closes (the CSV file rebuilt): killed before each file
    operation in turn, the store opens with every committed chunk's file holding exactly its rows (the old
    write's or the new one's, never a mix), no rows of a chunk that is not committed, and, once closed, a CSV
    file of exactly the committed chunks; a writer goes on from there and no temporary file is left."""
    base = tmp_path / "base"
    base.mkdir()
    assert crash(base / "b.csv", [write("AAPL", "a", T0, 6, 1), write("AAPL", "b", T0 + dt.timedelta(days=2), 6, 2)],
                 None)
    assert csv_damage(base / "b.csv") == []
    writes = [write("AAPL", "a", T0 + dt.timedelta(days=1), 3, 5), write("MSFT", "c", T0, 6, 6),
              write("AAPL", "b", T0, 0, 7)]
    outcomes = set()
    j = 0
    while True:
        j += 1
        assert j < 100
        out = tmp_path / f"k{j}"
        shutil.copytree(base, out)
        path = out / "b.csv"
        done = crash(path, writes, ("any", j))
        assert csv_damage(path) == [], f"killed before file operation {j}"
        with open_store(path, BARS) as s:
            got = {k: (c.rows, c.tag) for k, c in s.committed().items()}
        outcomes.add((got[("AAPL", "a")], got.get(("MSFT", "c")), got[("AAPL", "b")]))
        # the next writer rewrites b and everything is still whole, with no temporary file left behind
        with open_store(path, BARS) as s:
            s.write("AAPL", bars(T0 + dt.timedelta(days=3), 2, 8), "b", tag="8")
        assert csv_damage(path) == [], f"after killed before file operation {j} and a write"
        assert csv_leftovers(path) == [], f"after killed before file operation {j} and a write"
        if done is not None:
            break
    print(f"{j - 1} file operations")
    assert j > 10
    assert ((6, "1"), None, (6, "2")) in outcomes  # killed before the first commit
    assert ((3, "5"), (6, "6"), (0, "7")) in outcomes  # killed after the last commit (or not at all)
    assert ((3, "5"), None, (6, "2")) in outcomes  # killed in between


@pytest.mark.parametrize("when", ["before", "after"])
def test_csv_an_interrupt_in_a_write_still_closes_with_a_csv_file_of_exactly_the_committed_chunks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    """A KeyboardInterrupt (Ctrl-C in ``ibwire history``) raised before or after each file operation of a
    rewrite, in the writing process, which then closes the store as the command does: the CSV file it leaves
    holds exactly the committed chunks at once, without the store being opened again -- even when the
    interrupt came after the journal line was appended (during its fsync) and before the write recorded it."""
    import os

    j = 0
    while True:
        j += 1
        assert j < 50
        path = tmp_path / f"{when}{j}" / "b.csv"
        path.parent.mkdir()
        s = open_store(path, BARS)
        s.write("AAPL", bars(T0, 6, 1), "a", tag="1")
        s.write("MSFT", bars(T0, 2, 3), "m", tag="3")
        s.rebuild()  # the CSV file up to date: whatever makes the close rebuild it comes from the rewrite below
        seen = [0]
        originals = {name: getattr(os, name) for name in ("fsync", "replace", "unlink")}

        def counted(name: str) -> Any:
            def call(*args: Any) -> Any:
                seen[0] += 1
                if seen[0] == j and when == "before":
                    raise KeyboardInterrupt
                out = originals[name](*args)
                if seen[0] == j:
                    raise KeyboardInterrupt
                return out
            return call

        for name in originals:
            monkeypatch.setattr(os, name, counted(name))
        try:
            s.write("AAPL", bars(T0, 3, 2), "a", tag="2")
            interrupted = False
        except KeyboardInterrupt:
            interrupted = True
        finally:
            for name, fn in originals.items():
                monkeypatch.setattr(os, name, fn)
        s.close()
        got = list(csv.reader(path.open()))  # before anything opens the store again
        with open_store(path, BARS) as r:
            committed = r.committed()
        want = [["symbol", *BARS.names]] + [[k[0], b["time"][i].isoformat(), *(str(b[c][i]) for c in BARS.names[1:])]
                                            for k, c in sorted(committed.items())
                                            for b in [bars(T0, c.rows, int(c.tag))] for i in range(c.rows)]
        assert got == want, f"interrupted {when} file operation {j}: CSV {len(got) - 1} rows, committed {committed}"
        assert csv_damage(path) == [], f"interrupted {when} file operation {j}"
        if not interrupted:
            break
    assert j > 4


def test_csv_a_store_written_before_chunks_were_staged_opens_and_goes_on(tmp_path: Path) -> None:
    """A CSV store whose journal lines name no staged file (written before CSV chunks were staged) and with a
    temporary file a writer of then left: it opens with its chunks, closing rebuilds the CSV file (no record
    of what it was built from), and the next write goes on and removes the leftover."""
    path = tmp_path / "b.csv"
    book = tmp_path / ".b.csv.ibwire"
    (book / "parts" / "AAPL").mkdir(parents=True)
    with open_store(tmp_path / "ref.csv", BARS) as s:
        s.write("AAPL", bars(T0, 2, 1), "a", tag="1")
    part = (tmp_path / ".ref.csv.ibwire" / "parts" / "AAPL" / "a.csv").read_bytes()
    (book / "parts" / "AAPL" / "a.csv").write_bytes(part)
    (book / "parts" / "AAPL" / ".a.csv.tmp-999999999").write_bytes(part[:10])
    (book / "chunks-bars.log").write_text('{"s":"AAPL","k":"a","n":2,"t":"1","p":["AAPL/a.csv"]}\n'
                                          '{"s":"AAPL","k":"z","n":0,"t":"","p":[]}\n')
    path.write_text("symbol\n")  # an old build
    with open_store(path, BARS) as s:
        got = {k: (c.rows, c.tag) for k, c in s.committed().items()}
    assert got == {("AAPL", "a"): (2, "1"), ("AAPL", "z"): (0, "")}
    assert path.read_bytes() == (tmp_path / "ref.csv").read_bytes()
    with open_store(path, BARS) as s:
        s.write("AAPL", bars(T0, 3, 2), "b", tag="2")
    assert csv_damage(path) == [] and csv_leftovers(path) == []
    assert len(list(csv.reader(path.open()))) == 1 + 2 + 3
