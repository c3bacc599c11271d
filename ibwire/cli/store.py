"""Stores for market data the ``ibwire`` commands write: Parquet (default), CSV or SQLite.

The output ``PATH`` picks the format (:func:`store_format`):

* a directory, or a path without a known suffix: a **Parquet dataset**, hive-partitioned by symbol and
  (UTC) date -- ``PATH/symbol=AAPL/date=2026-11-24/part-<chunk>.parquet`` -- readable as it is by
  pandas (``pd.read_parquet(PATH)``), Polars (``pl.scan_parquet(PATH + "/**/*.parquet",
  hive_partitioning=True)``), DuckDB (``read_parquet('PATH/**/*.parquet', hive_partitioning=true)``)
  and Spark (``spark.read.parquet(PATH)``). ``symbol`` and ``date`` are partition columns (in the
  directory names, not in the files; a symbol with characters outside ``A-Za-z0-9._-`` is
  %-encoded there, as hive readers decode it). Needs the optional ``pyarrow`` (``pip install
  'ibwire[cli]'``). The store's own bookkeeping lives in ``PATH/_ibwire/``, which readers skip
  (names starting with ``_`` are not data to pandas, pyarrow and Spark; DuckDB's glob above only
  takes ``*.parquet``).
* ``*.csv``: one **CSV** file with a header, ``symbol`` first, then the schema's columns. The chunks
  it is made of are kept in ``.NAME.csv.ibwire/`` beside it (one small CSV per chunk plus the
  journal); the file itself is rebuilt from them atomically every few seconds and on
  :meth:`Store.close`, so it is always a complete CSV (it may lag the latest chunks by those few
  seconds while a writer runs, and after a crash until the store is next closed).
* ``*.sqlite``, ``*.sqlite3`` or ``*.db``: an **SQLite** database with one table named after the
  schema (``bars``, ``ticks``, ``bars5s``, ``depth``, ``gaps``): ``symbol TEXT``, the schema's
  columns, and ``chunk TEXT`` (the chunk key the row was written with), indexed on
  ``(symbol, time)``; the bookkeeping tables are ``_ibwire_chunks`` and ``_ibwire_meta``.

Timestamps are tz-aware UTC everywhere: Parquet ``timestamp[us, tz=UTC]``; CSV and SQLite ISO-8601
text with the offset, ``2026-11-24T14:30:00+00:00`` (``.ffffff`` added when there are
microseconds; the text sorts in time order, so ``ORDER BY time`` works on it in SQLite). A daily bar's
time is its trading date at 00:00 UTC.

Schemas (``float`` is float64: IB sends volumes and WAPs as decimals, they are stored as float64 -- a
share count up to 2**53 is exact; ``-1`` is IB's "not available", e.g. the volume of MIDPOINT bars):

* :data:`BARS` (``ibwire history``): time (bar start), open, high, low, close, volume (float), wap
  (float), count (int, the number of trades; -1 when IB has none).
* :data:`BARS5S` (real-time 5-second bars): the same columns; time is the bar's start.
* :data:`TICKS` (the recorder's ticks): time, kind (str: ``trade``, ``bid``, ``ask``, ``bid_ask``,
  ``midpoint``, or what the writer chooses), price, size, bid, bid_size, ask, ask_size (floats, NaN
  where the kind has none), exchange (str), conditions (str, IB's special conditions), attribs (str,
  comma-separated flags such as ``pastLimit,unreported``; empty when none).
* :data:`DEPTH` (order book changes): time, side (``bid``/``ask``), position (int), operation
  (``insert``/``update``/``delete``), price, size, market_maker (str), smart (bool).
* :data:`GAPS` (what a recorder could not see, e.g. across a reconnect): time (gap start), until
  (gap end), reason (str).

API (for writers such as ``ibwire history`` and ``ibwire record``)::

    store = open_store("data/", BARS)                  # or "bars.csv", "bars.sqlite"
    store.write("AAPL", {"time": [...], "open": [...], ...}, chunk_key="20261124T000000Z")
    store.committed()                                  # {(symbol, chunk_key): Chunk(rows, tag, parts)}
    store.close()                                      # also a context manager

* ``write(symbol, columns, chunk_key, tag="", times_us=False)`` stores one **chunk**: ``columns`` maps
  every column of the schema to a sequence (all of one length; ``time`` items are aware datetimes,
  naive ones are taken as UTC, dates as their midnight UTC, numbers as epoch seconds -- or, with
  ``times_us``, every time column holds ints, epoch microseconds (:func:`epoch_us`), the fast form:
  Parquet then builds each column as one Arrow array, about 0.3 us a row; ``None`` in a float or int
  column is null in Parquet and SQLite -- SQLite stores a NaN as null too -- and an empty field in
  CSV, as NaN is). Writing is **atomic per chunk** and **crash-safe**; it is **idempotent per
  chunk key**: writing a key again replaces what that key held (that is how a resumed download avoids
  duplicates). How, per format:

  - CSV: a chunk is one file (``parts/SYMBOL/KEY.csv`` in the bookkeeping directory). Its rows are
    written under a temporary name (``.KEY.csv.tmp-TOKEN``, hidden) and fsynced with its directory;
    then the journal line naming it is appended and fsynced -- the **commit** -- and only then is it
    renamed onto the key's file (a chunk of 0 rows: the key's file is removed then). Opening the
    store finishes that rename or removal if a writer died before it; temporary files of a write
    that did not commit (and, on POSIX, of a rebuild or meta text whose process is gone) are removed
    by the next writer's first write. The CSV file is rebuilt from the committed chunks' files (into
    a temporary file renamed onto it) every few seconds and on close -- a writer interrupted by an
    exception anywhere in a write closes with every chunk committed so far in it; the bookkeeping
    directory records the journal size it was built from (``built-SCHEMA.txt``, written after it),
    and a store opened with the journal past that point (a writer died since) rebuilds it when
    closed, a reader's close too.
  - SQLite: one transaction (``synchronous=FULL``) holds the chunk's rows and its journal row.
  - Parquet: a chunk is one file per date, so it cannot be replaced by one rename. Its new files are
    written under temporary names (``.part-KEY.parquet.tmp-TOKEN``: hidden, and not ``*.parquet``,
    so no reader takes them) and fsynced with their directories; then the journal line naming them
    is appended and fsynced -- the **commit** -- and only then are they renamed onto their names and
    the key's files on dates it no longer has removed. Opening the store finishes those renames and
    removals if a writer died in the middle of them (only the journal's last line can be unfinished:
    a writer finishes one chunk before it starts the next); temporary files of a write that did not
    commit are removed by the next write into their directory.

  The guarantee (all three formats): after a crash at any instant (the process killed; or a power
  cut, where the filesystem keeps what was fsynced), once the store is opened again, every chunk
  :meth:`Store.committed` names is wholly there with exactly the rows it was last committed with
  (one write's rows, never a mix of two writes), a chunk that is not committed has no rows in any
  data file, and no file is corrupt or half-written. A crash loses at most the chunk being written
  (its key keeps its previous rows, or none), and damage never carries over to a later crash. Until
  the store is opened again, a reader of a Parquet dataset can see a chunk whose rewrite a crash cut
  short with some dates' files new and others old (never the same row twice). CSV: the CSV file is
  never half-written: it always holds whole chunks, each as one write committed it, in (symbol,
  key) order, as of its last rebuild; once the store has been opened and closed after a crash, it
  holds exactly the committed chunks' rows (a key's rows may be one rewrite behind until then: a
  crash after a chunk's commit and before the next rebuild). Pick keys that sort in time
  order (e.g. a chunk's start as ``20261124T000000Z``, or a zero-padded sequence number): CSV rows
  come out ordered by (symbol, key). A chunk of 0 rows writes no data file but is journaled.
* ``committed()`` is every chunk the journal holds, with the ``tag`` it was written with (a free
  string, e.g. the span the chunk covered, so a writer can tell a complete chunk from one cut short).
* ``meta(name)`` / ``set_meta(name, text)``: small named texts stored atomically with the data (a job
  description a resumed run checks).
* One writer per store at a time (nothing locks against a second process).
"""

from __future__ import annotations

import abc
import contextlib
import datetime as _dt
import glob
import hashlib
import importlib
import json
import math
import operator
import os
import re
import sqlite3
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["Column", "Schema", "BARS", "BARS5S", "TICKS", "DEPTH", "GAPS", "SCHEMAS", "Chunk", "Store",
           "StoreError", "open_store", "store_format", "to_utc", "epoch_us"]

UTC = _dt.timezone.utc
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=UTC)


class StoreError(Exception):
    """The store cannot be opened or written (one line, for the user)."""


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "time", "float", "int", "str" or "bool"


@dataclass(frozen=True)
class Schema:
    name: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _schema(name: str, spec: str) -> Schema:
    return Schema(name, tuple(Column(*item.split(":")) for item in spec.split()))


_BAR_COLUMNS = "time:time open:float high:float low:float close:float volume:float wap:float count:int"
BARS = _schema("bars", _BAR_COLUMNS)
BARS5S = _schema("bars5s", _BAR_COLUMNS)
TICKS = _schema("ticks", "time:time kind:str price:float size:float bid:float bid_size:float ask:float "
                         "ask_size:float exchange:str conditions:str attribs:str")
DEPTH = _schema("depth", "time:time side:str position:int operation:str price:float size:float "
                         "market_maker:str smart:bool")
GAPS = _schema("gaps", "time:time until:time reason:str")
SCHEMAS = {s.name: s for s in (BARS, BARS5S, TICKS, DEPTH, GAPS)}


@dataclass(frozen=True)
class Chunk:
    """A committed chunk: its row count, the writer's tag and the data files (Parquet: dates) it holds."""

    rows: int
    tag: str = ""
    parts: tuple[str, ...] = ()


def store_format(path: str | os.PathLike[str]) -> str:
    """``"csv"``, ``"sqlite"`` or ``"parquet"`` (a directory or any other suffix) for an output path."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".sqlite", ".sqlite3", ".db"):
        return "sqlite"
    return "parquet"


def open_store(path: str | os.PathLike[str], schema: Schema) -> Store:
    """The store at ``path`` (format from its suffix, see :func:`store_format`), created if need be."""
    fmt = store_format(path)
    p = Path(path)
    try:
        if fmt == "csv":
            return _CsvStore(p, schema)
        if fmt == "sqlite":
            return _SqliteStore(p, schema)
        return _ParquetStore(p, schema)
    except OSError as e:
        raise StoreError(f"cannot write to {str(p)!r}: {e.strerror or e}") from None
    except sqlite3.Error as e:
        raise StoreError(f"cannot use {str(p)!r} as an SQLite database: {e}") from None


# --- values -------------------------------------------------------------------------------------------


def to_utc(value: Any) -> _dt.datetime:
    """An aware UTC datetime from a datetime (naive = UTC), a date (its midnight) or epoch seconds."""
    if isinstance(value, _dt.datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, (int, float, Decimal)):
        return _EPOCH + _dt.timedelta(microseconds=round(float(value) * 1e6))
    raise StoreError(f"not a time: {value!r}")


def epoch_us(value: Any) -> int:
    """Microseconds since the epoch (UTC) of what :func:`to_utc` takes: a time column's fast form."""
    t = value if isinstance(value, _dt.datetime) else to_utc(value)
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    return int(t.timestamp()) * 1_000_000 + t.microsecond


def iso(value: Any) -> str:
    return to_utc(value).isoformat()


def _iso_us(us: int) -> str:
    try:
        n = operator.index(us)  # ints (numpy's too), not floats or datetimes
    except TypeError:
        raise StoreError(f"not a time in epoch microseconds (times_us): {us!r}") from None
    return (_EPOCH + _dt.timedelta(microseconds=n)).isoformat()


def _float(v: Any) -> float:
    return math.nan if v is None else float(v)


def _int(v: Any) -> int | None:
    return None if v is None else int(v)


def _str(v: Any) -> str:
    return "" if v is None else str(v)


_PY: dict[str, Callable[[Any], Any]] = {"float": _float, "int": _int, "str": _str, "bool": bool}


def _checked(schema: Schema, columns: Mapping[str, Sequence[Any]]) -> int:
    missing = [n for n in schema.names if n not in columns]
    extra = [n for n in columns if n not in schema.names]
    if missing or extra:
        raise StoreError(f"{schema.name} rows need the columns {', '.join(schema.names)}"
                         f" (missing: {', '.join(missing) or '-'}; unknown: {', '.join(extra) or '-'})")
    lengths = {len(columns[n]) for n in schema.names}
    if len(lengths) > 1:
        raise StoreError(f"{schema.name} columns of different lengths: {sorted(lengths)}")
    return lengths.pop() if lengths else 0


def _py_rows(schema: Schema, columns: Mapping[str, Sequence[Any]], times_us: bool = False) -> list[tuple[Any, ...]]:
    """Rows of plain values (time as ISO text) for CSV and SQLite."""
    cols: list[list[Any]] = []
    for c in schema.columns:
        conv = (_iso_us if times_us else iso) if c.kind == "time" else _PY[c.kind]
        cols.append([conv(v) for v in columns[c.name]])
    return list(zip(*cols))


def _safe_name(key: str) -> str:
    """A file-name form of a chunk key (a hash is added when characters had to be replaced)."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", key).lstrip(".") or "_"
    if safe != key:
        safe += "-" + hashlib.sha1(key.encode()).hexdigest()[:8]
    return safe


def _fsync_dir(d: Path) -> None:
    try:
        fd = os.open(d, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _atomic_write(target: Path, write: Any) -> None:
    """``write(tmp_path)`` then fsync and rename onto ``target`` (a crash leaves only a hidden temp file)."""
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(target.parent)


def _atomic_text(target: Path, text: str) -> None:
    _atomic_write(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))


class _Journal:
    """Committed chunks as JSON lines.

    A chunk's line is its commit point: it is appended and fsynced after the chunk's new files are
    durable under temporary names and before they are renamed into place, and it names those files
    (``x``, their token) and -- Parquet -- the dates whose files go (``o``; a CSV chunk of 0 rows
    has its one file removed), so that the renames and removals can be done again, to the end, by
    whoever opens the store next (:attr:`last`). (CSV lines written before CSV chunks were staged
    have no ``x``: their files were put in place before the line was appended.)

    A crash while appending leaves at most a partial last line: it is cut off when the journal is
    opened again (that chunk was not committed and will be written again)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.chunks: dict[tuple[str, str], Chunk] = {}
        #: the last whole line, as read (the only one whose renames may not all be done yet)
        self.last: dict[str, Any] | None = None
        #: bytes of whole lines
        self.size = 0
        if path.exists():
            data = path.read_bytes()
            good = data[: data.rfind(b"\n") + 1]
            self.size = len(good)
            if len(good) != len(data):
                with open(path, "r+b") as f:
                    f.truncate(len(good))
                    os.fsync(f.fileno())
            self._take(good)
        created = not path.exists()
        self._f = open(path, "ab")  # noqa: SIM115 - held for the store's life
        if created:
            _fsync_dir(path.parent)  # its name durable before the first line fsynced in it

    def _take(self, good: bytes) -> None:
        for line in good.decode("utf-8", "replace").splitlines():
            try:
                e = json.loads(line)
                self.chunks[(e["s"], e["k"])] = Chunk(int(e["n"]), str(e.get("t", "")), tuple(e.get("p", ())))
            except (ValueError, KeyError, TypeError):
                continue
            self.last = e

    def refresh(self) -> None:
        """Take in whole lines the file has beyond :attr:`size`: a line :meth:`add` appended and an
        exception (a ``KeyboardInterrupt`` during its fsync) kept from being recorded here."""
        self._f.flush()
        with open(self.path, "rb") as f:
            f.seek(self.size)
            data = f.read()
        good = data[: data.rfind(b"\n") + 1]
        self._take(good)
        self.size += len(good)

    def add(self, symbol: str, key: str, chunk: Chunk, extra: Mapping[str, Any] | None = None,
            sync: bool = False) -> None:
        """Append the chunk's line (with ``extra`` fields); ``sync``: fsynced before this returns."""
        entry = {"s": symbol, "k": key, "n": chunk.rows, "t": chunk.tag, "p": list(chunk.parts), **(extra or {})}
        line = json.dumps(entry, separators=(",", ":")).encode() + b"\n"
        self._f.write(line)
        self._f.flush()
        if sync:
            os.fsync(self._f.fileno())
        self.chunks[(symbol, key)] = chunk
        self.last = entry
        self.size += len(line)

    def close(self) -> None:
        self._f.close()


class Store(abc.ABC):
    """A store of one schema's rows; see the module documentation for the formats and guarantees."""

    format = ""

    def __init__(self, path: Path, schema: Schema) -> None:
        self.path = path
        self.schema = schema
        self.closed = False

    def write(self, symbol: str, columns: Mapping[str, Sequence[Any]], chunk_key: str, tag: str = "", *,
              times_us: bool = False) -> int:
        """Store one chunk of ``symbol``'s rows under ``chunk_key`` (replacing that key's rows); the row count.
        ``times_us``: the time columns hold epoch microseconds (ints), the fast form."""
        if self.closed:
            raise StoreError("the store is closed")
        if not symbol or not chunk_key:
            raise StoreError("a chunk needs a symbol and a key")
        n = _checked(self.schema, columns)
        try:
            self._write(symbol, columns, n, chunk_key, tag, times_us)
        except OSError as e:
            raise StoreError(f"cannot write to {str(self.path)!r}: {e.strerror or e}") from None
        return n

    @abc.abstractmethod
    def committed(self) -> dict[tuple[str, str], Chunk]:
        """Every committed chunk: (symbol, chunk key) -> :class:`Chunk`."""

    @abc.abstractmethod
    def meta(self, name: str) -> str | None:
        """The store's text ``name`` (a writer's own record, e.g. what it downloads), ``None`` if unset."""

    @abc.abstractmethod
    def set_meta(self, name: str, text: str) -> None:
        """Keep ``text`` as the store's ``name`` (durably, replacing what it was)."""

    def close(self) -> None:
        self.closed = True

    @abc.abstractmethod
    def _write(self, symbol: str, columns: Mapping[str, Sequence[Any]], n: int, key: str, tag: str,
               times_us: bool) -> None:
        """Store one checked chunk of ``n`` rows, atomically (see the module documentation)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class _DirStore(Store):
    """A store with a bookkeeping directory (journal + meta files)."""

    def __init__(self, path: Path, schema: Schema, book: Path) -> None:
        super().__init__(path, schema)
        book.mkdir(parents=True, exist_ok=True)
        self.book = book
        self.journal = _Journal(book / f"chunks-{schema.name}.log")
        #: directories whose renames and removals are not fsynced yet (they are before the next commit)
        self._unsynced: set[Path] = set()

    def _sync_dirs(self, more: Iterable[Path] = ()) -> None:
        """fsync the directories whose renames and removals are not durable yet, and ``more``."""
        for d in sorted(self._unsynced.union(more)):
            _fsync_dir(d)
        self._unsynced.clear()

    def committed(self) -> dict[tuple[str, str], Chunk]:
        return dict(self.journal.chunks)

    def meta(self, name: str) -> str | None:
        try:
            return (self.book / f"meta-{_safe_name(name)}.txt").read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def set_meta(self, name: str, text: str) -> None:
        try:
            _atomic_text(self.book / f"meta-{_safe_name(name)}.txt", text)
        except OSError as e:
            raise StoreError(f"cannot write to {str(self.path)!r}: {e.strerror or e}") from None

    def close(self) -> None:
        if not self.closed:
            self.journal.close()
        super().close()


# --- Parquet ------------------------------------------------------------------------------------------


def _pyarrow() -> tuple[Any, Any]:
    try:
        return importlib.import_module("pyarrow"), importlib.import_module("pyarrow.parquet")
    except ImportError:
        raise StoreError("Parquet output needs the optional package 'pyarrow': pip install 'ibwire[cli]' "
                         "(or write CSV or SQLite: an output path ending in .csv or .sqlite)") from None


def _partition_value(symbol: str) -> str:
    return urllib.parse.quote(symbol, safe="._-")


class _ParquetStore(_DirStore):
    format = "parquet"

    def __init__(self, path: Path, schema: Schema) -> None:
        self.pa, self.pq = _pyarrow()
        if path.exists() and not path.is_dir():
            raise StoreError(f"{str(path)!r} is a file, not a Parquet dataset directory "
                             "(name a directory, or a path ending in .csv or .sqlite)")
        super().__init__(path, schema, path / "_ibwire")
        pa = self.pa
        kinds = {"time": pa.timestamp("us", tz="UTC"), "float": pa.float64(), "int": pa.int64(),
                 "str": pa.string(), "bool": pa.bool_()}
        self.arrow_schema = pa.schema([(c.name, kinds[c.kind]) for c in schema.columns])
        self.pc = importlib.import_module("pyarrow.compute")
        # dictionary encoding where it pays (texts that repeat: kinds, exchanges); on prices and sizes it is
        # tried and dropped per column chunk, which costs more than everything else the write does
        texts = [c.name for c in schema.columns if c.kind == "str"]
        self.options: dict[str, Any] = {"use_dictionary": texts or False}
        self._swept: set[Path] = set()
        #: a committed chunk whose files are not all in place (an error in the middle of putting them there)
        self._pending: dict[str, Any] | None = None
        last = self.journal.last
        if last is not None and "x" in last:
            try:
                self._put_in_place(last, recovering=True)  # a writer may have died before it was done
            except BaseException:
                self.journal.close()
                raise

    def _chunk_files(self, symbol: str, key: str) -> tuple[Path, str]:
        """The symbol's directory and the name of the key's file in each of its date directories."""
        return self.path / f"symbol={_partition_value(symbol)}", f"part-{_safe_name(key)}.parquet"

    def _put_in_place(self, entry: Mapping[str, Any], recovering: bool = False) -> None:
        """Rename a committed chunk's new files (``.NAME.tmp-TOKEN``) onto their names and remove its files
        on the dates it no longer has. Done again after a crash or an error (``recovering``): a new file
        that is not there any more was renamed already; a file to remove that is not there was removed."""
        base, name = self._chunk_files(str(entry["s"]), str(entry["k"]))
        token = str(entry["x"])
        self._pending = dict(entry)
        for date in entry.get("p", ()):
            d = base / f"date={date}"
            try:
                os.replace(d / f".{name}.tmp-{token}", d / name)
            except FileNotFoundError:
                if not recovering:
                    raise
            self._unsynced.add(d)
        for date in entry.get("o", ()):
            d = base / f"date={date}"
            with contextlib.suppress(FileNotFoundError):
                (d / name).unlink()
            self._unsynced.add(d)
        self._pending = None

    def _make_dir(self, d: Path, created: set[Path]) -> None:
        """``d`` and its missing parents; the directories holding the new ones go into ``created``."""
        missing = []
        p = d
        while not p.is_dir():
            missing.append(p)
            p = p.parent
        for p in reversed(missing):
            with contextlib.suppress(FileExistsError):
                p.mkdir()
            created.add(p.parent)

    def _arrays(self, columns: Mapping[str, Sequence[Any]], times_us: bool) -> tuple[list[Any], Any]:
        """Each column as one Arrow array (converted at C speed; value by value only where that fails),
        and the ``time`` column as int64 epoch microseconds."""
        pa = self.pa
        out = []
        us: Any = None
        for c, f in zip(self.schema.columns, self.arrow_schema):
            values = columns[c.name]
            if c.kind == "time":
                try:
                    ints = pa.array(values if times_us else [epoch_us(v) for v in values], type=pa.int64())
                except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
                    raise StoreError(f"{c.name}: " + ("not a time in epoch microseconds (times_us)" if times_us
                                                      else "not a time")) from None
                out.append(ints.cast(f.type))
                if c.name == "time":
                    us = ints
            else:
                try:  # plain floats, ints, strings: pyarrow converts them at C speed
                    out.append(pa.array(values, type=f.type, from_pandas=False))
                except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
                    out.append(pa.array([_PY[c.kind](v) for v in values], type=f.type))
        return out, us

    def _write(self, symbol: str, columns: Mapping[str, Sequence[Any]], n: int, key: str, tag: str,
               times_us: bool) -> None:
        pa, pq, pc = self.pa, self.pq, self.pc
        if self._pending is not None:  # an earlier write's error left its files half in place: finish them
            self._put_in_place(self._pending, recovering=True)
        arrays, us = self._arrays(columns, times_us)
        table = pa.Table.from_arrays(arrays, schema=self.arrow_schema)
        # one file per UTC date the chunk touches
        if n and pc.min(us).as_py() < 0:  # (before 1970: floor division in Python)
            days = pa.array([t // 86_400_000_000 for t in us.to_pylist()], type=pa.int64())
        else:
            days = pc.divide(us, pa.scalar(86_400_000_000, pa.int64()))
        unique = sorted(pc.unique(days).to_pylist()) if n else []
        dates = {day: (_EPOCH + _dt.timedelta(days=day)).date().isoformat() for day in unique}
        base, name = self._chunk_files(symbol, key)
        token = os.urandom(6).hex()
        # 1. the new files under temporary names (hidden, and not *.parquet: no reader takes them), durable
        staged: list[Path] = []
        dirs: set[Path] = set()
        try:
            for day in unique:
                d = base / f"date={dates[day]}"
                if d not in self._swept:
                    self._make_dir(d, dirs)
                    self._sweep(d)
                part = table if len(unique) == 1 else table.filter(pc.equal(days, pa.scalar(day, pa.int64())))
                tmp = d / f".{name}.tmp-{token}"
                staged.append(tmp)
                pq.write_table(part, tmp, **self.options)
                fd = os.open(tmp, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
                dirs.add(d)
            self._sync_dirs(dirs)  # (with the directories of the last chunk's renames: durable before this commit)
        except BaseException:
            for tmp in staged:
                with contextlib.suppress(OSError):
                    tmp.unlink()
            raise
        # 2. the commit: the journal line naming them, fsynced
        old = self.journal.chunks.get((symbol, key))
        written = set(dates.values())
        chunk = Chunk(n, tag, tuple(sorted(written)))
        extra: dict[str, Any] = {"x": token}
        gone = sorted(set(old.parts) - written) if old else []
        if gone:
            extra["o"] = gone  # the key's earlier rows on dates it no longer has
        try:
            self.journal.add(symbol, key, chunk, extra, sync=True)
        except BaseException:
            # the line may be in the file with only its fsync failed (or interrupted): then the chunk is
            # committed, and the next write must put its files in place before the temp sweep takes them
            with contextlib.suppress(OSError):
                self.journal.refresh()
            last = self.journal.last
            if last is not None and last.get("x") == token:
                self._pending = dict(last)
            raise
        # 3. the files in place (done again on the next open if this is cut short)
        assert self.journal.last is not None
        self._put_in_place(self.journal.last)

    def _sweep(self, d: Path) -> None:
        """Remove temp files a crashed writer left in ``d`` (once per directory and run)."""
        if d in self._swept:
            return
        self._swept.add(d)
        for leftover in d.glob(".*.tmp-*"):
            with contextlib.suppress(OSError):
                leftover.unlink()

    def close(self) -> None:
        if not self.closed:
            try:
                self._sync_dirs()
            finally:
                super().close()


# --- CSV ----------------------------------------------------------------------------------------------


class _CsvStore(_DirStore):
    format = "csv"
    #: seconds between rebuilds of the CSV file while chunks arrive (it is always rebuilt on close)
    rebuild_every = 5.0

    def __init__(self, path: Path, schema: Schema) -> None:
        if path.is_dir():
            raise StoreError(f"{str(path)!r} is a directory; a CSV output is a file path ending in .csv")
        super().__init__(path, schema, path.with_name(f".{path.name}.ibwire"))
        self.parts = self.book / "parts"
        #: the journal's size (bytes of whole lines) the CSV file was last built from
        self._built_from = self.book / f"built-{schema.name}.txt"
        self._swept = False
        #: whether the last committed chunk's file may not be in place (a write stopped short: an error or
        #: an interrupt between its commit and its rename)
        self._unplaced = False
        try:
            if not self.parts.is_dir():
                self.parts.mkdir(exist_ok=True)
                _fsync_dir(self.book)
            last = self.journal.last
            if last is not None:
                self._put_in_place(last, recovering=True)  # a writer may have died before it was done
            # the CSV file is rebuilt on close if chunks were committed since it was built (a writer died)
            self._dirty = self._built_size() != self.journal.size
        except BaseException:
            self.journal.close()
            raise
        self._built = time.monotonic()

    def _part(self, symbol: str, key: str) -> Path:
        return self.parts / _safe_name(symbol) / f"{_safe_name(key)}.csv"

    def _put_in_place(self, entry: Mapping[str, Any], recovering: bool = False) -> None:
        """Rename a committed chunk's staged file (``.NAME.tmp-TOKEN``) onto its name, or remove the key's
        file if the chunk has no rows. Done again after a crash or an error (``recovering``): a staged file
        that is not there any more was renamed already. A line of a store written before chunks were
        staged (no ``x``) had its file in place before it was appended: nothing to do."""
        target = self._part(str(entry["s"]), str(entry["k"]))
        if "x" in entry:
            try:
                os.replace(target.with_name(f".{target.name}.tmp-{entry['x']}"), target)
            except FileNotFoundError:
                if not recovering:
                    raise
            self._unsynced.add(target.parent)
        elif not entry.get("n"):
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            self._unsynced.add(target.parent)
        self._unplaced = False

    def _finish(self) -> None:
        """Put the last committed chunk's file in place (a write stopped short after its commit; its line
        may even be in the journal file and not yet in :attr:`journal`'s state)."""
        self.journal.refresh()
        if self.journal.last is not None:
            self._put_in_place(self.journal.last, recovering=True)
        self._unplaced = False

    def _sweep(self) -> None:
        """Remove what crashed writers left (once per run, before this run's first chunk): staged files
        of chunks that did not commit, and temporary files of CSV rebuilds and meta texts whose process
        is gone."""
        self._swept = True
        for leftover in self.parts.glob("*/.*.tmp-*"):
            with contextlib.suppress(OSError):
                leftover.unlink()
        if os.name != "posix":
            return
        for leftover in (*self.path.parent.glob(f".{glob.escape(self.path.name)}.tmp-*"), *self.book.glob(".*.tmp-*")):
            pid = leftover.name.rsplit("-", 1)[-1]
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def _built_size(self) -> int | None:
        try:
            return int(self._built_from.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _write(self, symbol: str, columns: Mapping[str, Sequence[Any]], n: int, key: str, tag: str,
               times_us: bool) -> None:
        import csv
        import io

        if self._unplaced:  # an earlier write stopped short of putting its file in place: finish it
            self._finish()
        if not self._swept:
            self._sweep()
        target = self._part(symbol, key)
        extra: dict[str, Any] = {}
        if n:
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            for row in _py_rows(self.schema, columns, times_us):
                w.writerow((symbol, *("" if isinstance(v, float) and math.isnan(v) else v for v in row)))
            # 1. the rows under a temporary name (hidden, not *.csv), durable with its name
            dirs = {target.parent}
            if not target.parent.is_dir():
                with contextlib.suppress(FileExistsError):
                    target.parent.mkdir()
                dirs.add(self.parts)
            token = os.urandom(6).hex()
            tmp = target.with_name(f".{target.name}.tmp-{token}")
            try:
                with open(tmp, "wb") as f:
                    f.write(buf.getvalue().encode("utf-8"))
                    f.flush()
                    os.fsync(f.fileno())
                self._sync_dirs(dirs)  # (with the directories of the last chunk's renames: durable before this commit)
            except BaseException:
                with contextlib.suppress(OSError):
                    tmp.unlink()
                raise
            extra["x"] = token
        else:
            self._sync_dirs()
        # 2. the commit: the journal line naming the staged file, fsynced (the CSV file is behind from here on)
        self._dirty = self._unplaced = True
        self.journal.add(symbol, key, Chunk(n, tag, (str(target.relative_to(self.parts)),) if n else ()), extra,
                         sync=True)
        # 3. the file in place, or the key's file removed (done again on the next open if this is cut short)
        assert self.journal.last is not None
        self._put_in_place(self.journal.last)
        if time.monotonic() - self._built >= self.rebuild_every:
            self.rebuild()

    def rebuild(self) -> None:
        """Write the CSV file anew from the committed chunks (atomically)."""
        import csv
        import io

        if self._unplaced:  # first the last chunk's file in place: what is built and the size recorded agree
            self._finish()
        head = io.StringIO()
        csv.writer(head, lineterminator="\n").writerow(["symbol", *self.schema.names])
        order = sorted(self.journal.chunks.items())
        size = self.journal.size

        def write(tmp: Path) -> None:
            with open(tmp, "wb") as out:
                out.write(head.getvalue().encode())
                for _, chunk in order:
                    for rel in chunk.parts:
                        with open(self.parts / rel, "rb") as f:
                            out.write(f.read())

        _atomic_write(self.path, write)
        _atomic_text(self._built_from, str(size))  # after the file: a crash in between only rebuilds it again
        self._dirty = False
        self._built = time.monotonic()

    def close(self) -> None:
        if not self.closed:
            try:
                if self._dirty or not self.path.exists():
                    self.rebuild()
                self._sync_dirs()
            except OSError as e:
                raise StoreError(f"cannot write to {str(self.path)!r}: {e.strerror or e}") from None
            finally:
                super().close()


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (POSIX; signal 0 only checks)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


# --- SQLite -------------------------------------------------------------------------------------------


_SQL_TYPES = {"time": "TEXT", "float": "REAL", "int": "INTEGER", "str": "TEXT", "bool": "INTEGER"}


class _SqliteStore(Store):
    format = "sqlite"

    def __init__(self, path: Path, schema: Schema) -> None:
        super().__init__(path, schema)
        if path.is_dir():
            raise StoreError(f"{str(path)!r} is a directory; an SQLite output is a file path ending in .sqlite")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA synchronous=FULL")  # a committed chunk survives a power cut too
        t = schema.name
        cols = ", ".join(f'"{c.name}" {_SQL_TYPES[c.kind]}' for c in schema.columns)
        with self._tx():
            self.db.execute(f'CREATE TABLE IF NOT EXISTS "{t}" (symbol TEXT NOT NULL, {cols}, chunk TEXT NOT NULL)')
            self.db.execute(f'CREATE INDEX IF NOT EXISTS "{t}_symbol_time" ON "{t}" (symbol, time)')
            self.db.execute(f'CREATE INDEX IF NOT EXISTS "{t}_chunk" ON "{t}" (symbol, chunk)')
            self.db.execute("CREATE TABLE IF NOT EXISTS _ibwire_chunks (tbl TEXT NOT NULL, symbol TEXT NOT NULL, "
                            "chunk TEXT NOT NULL, rows INTEGER NOT NULL, tag TEXT NOT NULL, "
                            "PRIMARY KEY (tbl, symbol, chunk))")
            self.db.execute("CREATE TABLE IF NOT EXISTS _ibwire_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        names = ", ".join(f'"{n}"' for n in schema.names)
        self._insert = f'INSERT INTO "{t}" (symbol, {names}, chunk) VALUES (?, {", ".join("?" * len(schema.names))}, ?)'

    @contextlib.contextmanager
    def _tx(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _write(self, symbol: str, columns: Mapping[str, Sequence[Any]], n: int, key: str, tag: str,
               times_us: bool) -> None:
        rows = [(symbol, *r, key) for r in _py_rows(self.schema, columns, times_us)]
        try:
            with self._tx():
                self.db.execute(f'DELETE FROM "{self.schema.name}" WHERE symbol = ? AND chunk = ?', (symbol, key))
                self.db.executemany(self._insert, rows)
                self.db.execute("INSERT OR REPLACE INTO _ibwire_chunks VALUES (?, ?, ?, ?, ?)",
                                (self.schema.name, symbol, key, n, tag))
        except sqlite3.Error as e:
            raise StoreError(f"cannot write to {str(self.path)!r}: {e}") from None

    def committed(self) -> dict[tuple[str, str], Chunk]:
        cur = self.db.execute("SELECT symbol, chunk, rows, tag FROM _ibwire_chunks WHERE tbl = ?", (self.schema.name,))
        return {(s, k): Chunk(n, tag) for s, k, n, tag in cur}

    def meta(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM _ibwire_meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, name: str, text: str) -> None:
        with self._tx():
            self.db.execute("INSERT OR REPLACE INTO _ibwire_meta VALUES (?, ?)", (name, text))

    def close(self) -> None:
        if not self.closed:
            self.db.close()
        super().close()
