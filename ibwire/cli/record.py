"""``ibwire record``: capture ticks, 5-second bars or market depth into Parquet, CSV or SQLite.

    ibwire record AAPL MSFT --ticks --out data/ticks               # a Parquet dataset
    ibwire record ES-spec --bars5s --out bars.sqlite --roll 1h     # an SQLite file per hour
    ibwire record AAPL --depth --out book.csv --seconds 600

What is recorded (schemas in :mod:`ibwire.cli.store`, one row per event, ``symbol`` the contract's
short name as ``ibwire quote`` shows it):

* ``--ticks``: tick-by-tick trades (``AllLast``, kind ``trade``: price, size, exchange, conditions,
  attribs ``pastLimit``/``unreported``) and quotes (``BidAsk``, kind ``bid_ask``: bid, bid_size, ask,
  ask_size, attribs ``bidPastLow``/``askPastHigh``); ``time`` is TWS's time of the tick (whole seconds).
  ``--tick-types`` picks the streams (TWS allows few tick-by-tick subscriptions per login).
* ``--bars5s``: real-time 5-second bars (``--what`` TRADES, MIDPOINT, BID or ASK); ``time`` is the bar's start.
* ``--depth``: every change of the order book (``--rows`` levels, ``--smart`` for SMART depth): side,
  position, operation (insert/update/delete), price, size, market maker; ``time`` is when it arrived.
  A book is rebuilt by replaying the operations; after a gap it starts again from empty.

Files. Rows are held in memory column by column and committed as one **chunk** every ``--flush-rows``
rows or ``--flush-seconds`` seconds, whichever comes first; a chunk is atomic (a crash never leaves a
corrupt or half-written file, only the last uncommitted rows are lost). Without rolling everything goes
to ``--out PATH``. With ``--roll 1h`` (time: ``90s``, ``15m``, ``1h``, ``1d``; segments start on UTC
multiples of the period) or ``--roll-size 100MB`` (a new segment once the current one's files reach
the size) each segment is a store of its own, named by its start: ``ticks.csv`` ->
``ticks.20261124T150000Z.csv``, ``data.sqlite`` -> ``data.20261124T150000Z.sqlite``, Parquet
``data/`` -> ``data.20261124T150000Z/`` (each one a dataset partitioned by symbol and date).

Gaps. When the connection to TWS is lost the recorder reconnects by itself (backoff 0.5 s doubling to
10 s) and subscribes again; TWS's own loss of its link to IB (1100, then 1101/1102) is a gap too. Every
outage is a row in the **gaps** store -- symbol, ``time`` (the outage's start: when the loss was seen),
``until`` (when the streams were requested again) and ``reason`` -- so that no one mistakes missing data
for a quiet market. An outage still open when the recording stops is recorded up to that moment, its
reason saying so. The gaps store: ``PATH/_gaps/`` for Parquet (a dataset of its own, which readers of
``PATH`` skip), ``NAME.gaps.csv`` beside a CSV file, the table ``gaps`` in the same SQLite file (with
rolling: ``NAME.gaps.sqlite``).

Stopping. ``--seconds N`` stops after N seconds; Ctrl-C (SIGINT) or SIGTERM stop at once: the
subscriptions end, what was received is written as a last chunk (atomically), and the command exits
with **0** -- Ctrl-C is how a recording is meant to end, and nothing is lost. A second Ctrl-C during
that final flush abandons it and exits with 130 (the chunks committed before stay readable).

Exit codes: 0 stopped as asked; 1 failed (no gateway listening, an unknown contract, a refused
subscription, an unwritable output); 2 bad usage.

Speed: ticks are decoded by the low-level client (no facade) and turned into row tuples by the
tick-by-tick callbacks, into columns by the writer thread, and written with times as epoch
microseconds, the store's fast form (Parquet: each column one Arrow array);
``benchmarks/bench_cli_record.py`` measures the ticks per second written to Parquet.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import math
import os
import queue
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from types import FrameType
from typing import IO, Any

from ..client import EClient
from ..model import Contract, TickAttribBidAsk, TickAttribLast
from ..wrapper import EWrapper
from .common import (EXIT_USAGE, CliError, add_connection_options, connected, describe, need,
                     parse_args, parser, qualify, run)

__all__ = ["main", "Recorder", "Sink", "parse_period", "parse_size", "segment_path", "gaps_path"]

UTC = _dt.timezone.utc
#: TWS notices that are not about a subscription (data farm connections, market data type...)
_NOTICES = frozenset({2103, 2104, 2105, 2106, 2107, 2108, 2119, 2150, 2157, 2158, 2168, 2169})
#: codes TWS reports a lost link to IB under, and its restoration
_LINK_LOST, _LINK_BACK_LOST, _LINK_BACK_KEPT = 1100, 1101, 1102
#: client-side codes that only mean the connection is gone (it is re-established)
_CONNECTION_CODES = frozenset({502, 503, 504, 509, 10182})
RECONNECT_FIRST, RECONNECT_MAX = 0.5, 10.0
#: a tick's attribute flags as stored, by their bits (pastLimit 1, unreported 2; bidPastLow 1, askPastHigh 2)
_LAST_FLAGS = ("", "pastLimit", "unreported", "pastLimit,unreported")
_QUOTE_FLAGS = ("", "bidPastLow", "askPastHigh", "bidPastLow,askPastHigh")


def _schemas() -> dict[str, Any]:
    from .store import BARS5S, DEPTH, TICKS

    return {"ticks": TICKS, "bars5s": BARS5S, "depth": DEPTH}


# --- options --------------------------------------------------------------------------------------------

_PERIOD_UNITS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}
_SIZE_UNITS = {"": 1, "b": 1, "k": 10 ** 3, "kb": 10 ** 3, "m": 10 ** 6, "mb": 10 ** 6, "g": 10 ** 9, "gb": 10 ** 9,
               "kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30}


def parse_period(text: str) -> int:
    """Seconds of ``90s``, ``15m``, ``1h``, ``1d`` (a bare number is seconds)."""
    m = re.fullmatch(r"\s*(\d+)\s*([a-z]*)\s*", text.lower())
    if not m or m.group(2) not in ("", *_PERIOD_UNITS) or int(m.group(1)) <= 0:
        raise CliError(f"bad period {text!r}: give a number and s, m, h or d (e.g. 1h, 15m)", EXIT_USAGE)
    return int(m.group(1)) * _PERIOD_UNITS.get(m.group(2), 1)


def parse_size(text: str) -> int:
    """Bytes of ``100MB``, ``1GB``, ``500k``, ``64MiB``."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", text.lower())
    if not m or m.group(2) not in _SIZE_UNITS or float(m.group(1)) <= 0:
        raise CliError(f"bad size {text!r}: give a number and B, KB, MB or GB (e.g. 100MB)", EXIT_USAGE)
    return int(float(m.group(1)) * _SIZE_UNITS[m.group(2)])


def _stamp(t: float) -> str:
    return _dt.datetime.fromtimestamp(t, UTC).strftime("%Y%m%dT%H%M%SZ")


def segment_path(path: Path, start: float) -> Path:
    """Where a rolled segment starting at ``start`` (epoch seconds) is stored."""
    from .store import store_format

    if store_format(path) == "parquet":
        return path.with_name(f"{path.name}.{_stamp(start)}")
    return path.with_name(f"{path.stem}.{_stamp(start)}{path.suffix}")


def gaps_path(path: Path, rolled: bool) -> Path:
    """Where the gaps of a recording to ``path`` are stored (see the module documentation)."""
    from .store import store_format

    fmt = store_format(path)
    if fmt == "parquet":
        return path / "_gaps"
    if fmt == "sqlite" and not rolled:
        return path
    return path.with_name(f"{path.stem}.gaps{path.suffix}")


# --- the writer -----------------------------------------------------------------------------------------


Row = tuple[Any, ...]
Batch = dict[str, list[Row]]  # symbol -> rows in the schema's column order (time as epoch microseconds)


class Sink:
    """Commits chunks (and gaps) from a thread of its own, rolling segments by time or size.

    Only this thread touches the stores. ``put`` hands it a batch (it never waits for the disk unless
    ``max_pending`` batches are already waiting); a failure is kept in :attr:`error` and ends the recording.
    """

    def __init__(self, path: Path, kind: str, roll_seconds: int = 0, roll_bytes: int = 0,
                 max_pending: int = 8, clock: Callable[[], float] = time.time) -> None:
        from .store import GAPS, store_format

        self.path = path
        self.schema = _schemas()[kind]
        self.format = store_format(path)
        self.roll_seconds = roll_seconds
        self.roll_bytes = roll_bytes
        self.clock = clock
        self.error: Exception | None = None
        self.rows = 0  # committed
        self.chunks = 0
        self.segments: list[Path] = []
        self._seq = 0
        self._run = _stamp(clock())
        self._store: Any = None
        self._segment_start = 0.0
        self._gaps_store: Any = None
        self._gaps_schema = GAPS
        self._gaps_at = gaps_path(path, bool(roll_seconds or roll_bytes))
        self._q: queue.Queue[tuple[str, Any] | None] = queue.Queue(max_pending)
        self._thread = threading.Thread(target=self._loop, name="ibwire-record-writer", daemon=True)
        # fail now, not at the first chunk, when the output cannot be written (the stores are then opened,
        # used and closed by the writer thread alone: an SQLite connection belongs to its thread)
        from .store import open_store

        t = self._opened = clock()  # (a size roll's first segment is the one probed here)
        open_store(self._where(t)[0], self.schema).close()
        self._thread.start()

    # the recorder's side

    def put(self, batch: Batch, first: float) -> None:
        if batch:
            self._q.put(("data", (batch, first)))

    def gap(self, symbols: Sequence[str], start: float, until: float, reason: str) -> None:
        self._q.put(("gap", (list(symbols), start, until, reason)))

    def close(self) -> None:
        """Write what is queued and close the stores."""
        self._q.put(None)
        self._thread.join()

    # the writer thread

    def _loop(self) -> None:
        while True:
            item = self._q.get()
            if item is None:
                if self._store is None and self.error is None:  # nothing recorded: an empty store all the same
                    try:
                        self._open_segment(self.clock())
                    except Exception as e:  # noqa: BLE001 - as a write's failure
                        self.error = e
                for store in (self._store, self._gaps_store):
                    if store is not None:
                        try:
                            store.close()
                        except Exception as e:  # noqa: BLE001 - as a write's failure
                            self.error = self.error or e
                return
            if self.error is not None:
                continue  # drain: the recorder stops on the error
            try:
                if item[0] == "data":
                    self._write(*item[1])
                else:
                    self._write_gap(*item[1])
            except Exception as e:  # noqa: BLE001 - kept for the recorder to report as one line
                self.error = e

    def _where(self, t: float) -> tuple[Path, float]:
        """The path and start of a segment beginning at ``t``."""
        if self.roll_seconds:
            start = t - t % self.roll_seconds
            return segment_path(self.path, start), start
        if self.roll_bytes:
            where = segment_path(self.path, t)
            if where in self.segments:  # a size roll within the same second
                where = where.with_name(f"{where.name}-{len(self.segments)}")
            return where, t
        return self.path, t

    def _open_segment(self, t: float) -> None:
        from .store import open_store

        if self._store is not None:
            self._store.close()
        where, start = self._where(self._opened if self.roll_bytes and not self.segments else t)
        self._store = open_store(where, self.schema)
        self._segment_start = start
        self.segments.append(where)

    def _write(self, batch: Batch, first: float) -> None:
        if self._store is None:
            self._open_segment(first)
        elif self.roll_seconds and first - self._segment_start >= self.roll_seconds:
            self._open_segment(first)
        elif self.roll_bytes and self.chunks and _size(self._store) >= self.roll_bytes:
            self._open_segment(first)
        self._seq += 1
        key = f"{self._run}-{self._seq:08d}"
        names = self.schema.names
        for symbol, rows in batch.items():
            columns = dict(zip(names, zip(*rows)))  # rows to columns, in C
            self.rows += self._store.write(symbol, columns, key, times_us=True)
        self.chunks += 1

    def _write_gap(self, symbols: list[str], start: float, until: float, reason: str) -> None:
        from .store import open_store

        if self._gaps_store is None:
            self._gaps_store = open_store(self._gaps_at, self._gaps_schema)
        self._seq += 1
        key = f"{self._run}-{self._seq:08d}"
        for symbol in symbols:
            self._gaps_store.write(symbol, {"time": [start], "until": [until], "reason": [reason]}, key)


def _size(store: Any) -> int:
    """Bytes a store's files take (Parquet: the dataset's files; CSV: its chunks; SQLite: the file)."""
    p = Path(store.path)
    root = getattr(store, "parts", None) or p
    if Path(root).is_file():
        return Path(root).stat().st_size
    total = 0
    for d, _, files in os.walk(root):
        for f in files:
            try:
                total += os.stat(os.path.join(d, f)).st_size
            except OSError:
                pass
    return total


# --- the recorder ---------------------------------------------------------------------------------------


class _Client(EClient):
    """The low-level client with the dispatch loop's hooks going to the recorder (time-based flushing).

    Ticks take the standard way: the protocol's decoder, then the ``tickByTickAllLast``/``tickByTickBidAsk``
    callbacks below append one row each (about 130k ticks per CPU second to Parquet, over the 100k/s
    required; ``benchmarks/bench_cli_record.py``)."""

    def __init__(self, rec: Recorder) -> None:
        super().__init__(rec)
        self.rec = rec

    def msgLoopTmo(self) -> None:
        self.rec._tick_clock()

    def msgLoopRec(self) -> None:
        self.rec._tick_clock()


class Recorder(EWrapper):
    """Subscribes ``contracts`` (qualified) for ``kind`` and feeds the rows to ``sink``, across reconnects.

    Rows (tuples) are appended by the dispatch thread only (and by the main thread once that
    thread has ended); full batches go to the :class:`Sink`'s thread.
    """

    def __init__(self, contracts: Sequence[Contract], kind: str, sink: Sink, *, host: str = "127.0.0.1",
                 port: int = 7497, client_id: int = 917, timeout: float = 10.0, tick_types: Sequence[str] = (
                     "AllLast", "BidAsk"), what: str = "TRADES", rows: int = 5, smart: bool = False,
                 flush_rows: int = 500_000, flush_seconds: float = 30.0, log: IO[str] | None = None) -> None:
        super().__init__()
        self.contracts = list(contracts)
        self.symbols = [describe(c) for c in self.contracts]
        self.kind = kind
        self.sink = sink
        self.host, self.port, self.client_id, self.timeout = host, port, client_id, timeout
        self.tick_types = list(tick_types)
        self.what, self.depth_rows, self.smart = what, rows, smart
        self.flush_rows, self.flush_seconds = flush_rows, flush_seconds
        self.log = sys.stderr if log is None else log
        self.names = sink.schema.names
        self.received = 0  # rows taken from the streams
        self.gaps: list[tuple[float, float, str]] = []
        self.client: _Client | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lost_at: float | None = None  # the connection's loss was seen then
        self._link_lost_at: float | None = None  # TWS lost its link to IB (1100) then
        self.fatal: str | None = None
        self._refused: tuple[int, str] | None = None  # why the last connection attempt failed
        self._req: dict[int, list[Row]] = {}  # reqId -> the symbol's rows
        self._req_symbol: dict[int, str] = {}
        self._next_req = 1
        self._size_cache: dict[Decimal, float] = {}
        self._bind = threading.Lock()  # the buffers and the request ids bound to them change together
        self._new_buffers()

    # --- buffers (dispatch thread) ---

    def _new_buffers(self) -> None:
        with self._bind:
            self._buf: dict[str, list[Row]] = {s: [] for s in self.symbols}
            self._req = {req: self._buf[symbol] for req, symbol in self._req_symbol.items()}
        self._rows = 0
        self._first = 0.0
        self._started = time.monotonic()

    def flush(self) -> None:
        """Hand the rows held so far to the sink as one chunk."""
        if not self._rows:
            self._started = time.monotonic()
            return
        batch = {s: rows for s, rows in self._buf.items() if rows}
        first = self._first
        self._new_buffers()
        self.sink.put(batch, first)

    def _counted(self) -> None:
        if not self._rows:
            self._first = time.time()
        self._rows += 1
        self.received += 1
        if self._rows >= self.flush_rows:
            self.flush()

    def _tick_clock(self) -> None:
        if self._rows and time.monotonic() - self._started >= self.flush_seconds:
            self.flush()

    def _size(self, size: Decimal) -> float:
        cache = self._size_cache
        x = cache.get(size)
        if x is None:
            if len(cache) > 4096:
                cache.clear()
            x = cache[size] = float(size)
        return x

    # --- callbacks (dispatch thread) ---

    def nextValidId(self, orderId: int) -> None:
        self._ready.set()

    # a row is a tuple in the schema's column order (time kind price size bid bid_size ask ask_size exchange
    # conditions attribs for ticks); the writer thread turns the rows into columns

    def tickByTickAllLast(self, reqId: int, tickType: int, time: int, price: float, size: Decimal,
                          tickAttribLast: TickAttribLast, exchange: str, specialConditions: str) -> None:
        rows = self._req.get(reqId)
        if rows is None:
            return
        nan = math.nan
        rows.append((time * 1_000_000, "trade", price, self._size(size), nan, nan, nan, nan, exchange,
                     specialConditions, _LAST_FLAGS[tickAttribLast.pastLimit + 2 * tickAttribLast.unreported]))
        self._counted()

    def tickByTickBidAsk(self, reqId: int, time: int, bidPrice: float, askPrice: float, bidSize: Decimal,
                         askSize: Decimal, tickAttribBidAsk: TickAttribBidAsk) -> None:
        rows = self._req.get(reqId)
        if rows is None:
            return
        a = tickAttribBidAsk
        rows.append((time * 1_000_000, "bid_ask", math.nan, math.nan, bidPrice, self._size(bidSize), askPrice,
                     self._size(askSize), "", "", _QUOTE_FLAGS[a.bidPastLow + 2 * a.askPastHigh]))
        self._counted()

    def realtimeBar(self, reqId: int, time: int, open_: float, high: float, low: float, close: float,
                    volume: Decimal, wap: Decimal, count: int) -> None:
        rows = self._req.get(reqId)
        if rows is None:
            return
        rows.append((time * 1_000_000, open_, high, low, close, float(volume), float(wap), count))
        self._counted()

    def updateMktDepth(self, reqId: int, position: int, operation: int, side: int, price: float,
                       size: Decimal) -> None:
        self.updateMktDepthL2(reqId, position, "", operation, side, price, size, False)

    def updateMktDepthL2(self, reqId: int, position: int, marketMaker: str, operation: int, side: int,
                         price: float, size: Decimal, isSmartDepth: bool) -> None:
        rows = self._req.get(reqId)
        if rows is None:
            return
        rows.append((time.time_ns() // 1000, "bid" if side == 1 else "ask", position,
                     ("insert", "update", "delete")[operation] if 0 <= operation <= 2 else str(operation),
                     price, self._size(size), marketMaker, bool(isSmartDepth)))
        self._counted()

    def error(self, reqId: int, errorTime: int, errorCode: int, errorString: str,
              advancedOrderRejectJson: str = "") -> None:
        if errorCode in _NOTICES:
            return
        if errorCode == _LINK_LOST:
            if self._link_lost_at is None:
                self._link_lost_at = time.time()
                self._say("TWS lost its connection to IB (1100): recording a gap until it is back")
            return
        if errorCode in (_LINK_BACK_LOST, _LINK_BACK_KEPT):
            start = self._link_lost_at if self._link_lost_at is not None else time.time()
            self._link_lost_at = None
            if errorCode == _LINK_BACK_LOST:
                self._subscribe()  # TWS dropped the subscriptions
            self._gap(start, time.time(), f"TWS lost its connection to IB ({_LINK_LOST}-{errorCode})")
            return
        if errorCode in _CONNECTION_CODES or errorCode == 326:
            self._refused = (errorCode, errorString)
            return
        if reqId in self._req_symbol:
            self.fatal = f"{self._req_symbol[reqId]}: TWS refused the subscription: {errorString} (error {errorCode})"
            self._wake.set()
        elif errorCode not in _CONNECTION_CODES and errorCode >= 1000 and errorCode not in range(2100, 2200):
            self._say(f"TWS says: {errorString} (error {errorCode})")

    def connectionClosed(self) -> None:
        if not self._stop.is_set() and self._lost_at is None:
            self._lost_at = time.time()
        self._wake.set()

    # --- connection (main thread) ---

    def _say(self, text: str) -> None:
        print(f"ibwire record: {text}", file=self.log, flush=True)

    def _gap(self, start: float, until: float, reason: str) -> None:
        self.gaps.append((start, until, reason))
        self.sink.gap(self.symbols, start, until, reason)

    def _connect(self) -> bool:
        """One connection attempt with the subscriptions; False when it failed."""
        self._ready.clear()
        c = _Client(self)
        self.client = c
        c.connect(self.host, self.port, self.client_id)
        if not c.isConnected():
            return False
        self._thread = threading.Thread(target=c.run, name="ibwire-record-dispatch", daemon=True)
        self._thread.start()
        end = time.monotonic() + self.timeout
        while not self._ready.wait(0.05):  # the API session started (nextValidId), or the server hung up
            if not c.isConnected() or time.monotonic() > end:
                c.disconnect()
                self._join()
                return False
        self._subscribe()
        return True

    def _subscribe(self) -> None:
        """(Re)subscribe every contract under new request ids (callbacks of old ids are ignored)."""
        c = self.client
        assert c is not None
        reqs: list[tuple[int, str, Contract, str]] = []
        for symbol, contract in zip(self.symbols, self.contracts):
            for what in (self.tick_types if self.kind == "ticks" else [self.kind]):
                reqs.append((self._next_req, symbol, contract, what))
                self._next_req += 1
        with self._bind:
            self._req_symbol = {req: symbol for req, symbol, _, _ in reqs}
            self._req = {req: self._buf[symbol] for req, symbol, _, _ in reqs}
        for req, _, contract, what in reqs:
            if self.kind == "ticks":
                c.reqTickByTickData(req, contract, what, 0, False)
            elif self.kind == "bars5s":
                c.reqRealTimeBars(req, contract, 5, self.what, False, [])
            else:
                c.reqMktDepth(req, contract, self.depth_rows, self.smart, [])

    def _join(self) -> None:
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        self._thread = None

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def record(self, seconds: float = 0.0, until: Callable[[], bool] | None = None) -> None:
        """Record until ``stop()``, ``seconds`` (0: no limit) or ``until()``; then flush and close the sink.

        The first connection's failure raises :class:`CliError`; later losses are reconnected and recorded
        as gaps. KeyboardInterrupt ends the recording like ``stop()`` and is raised again afterwards.
        """
        first_try = time.monotonic()
        delay = 0.1
        while not self._connect():
            # the client id may still be taken for a moment by the connection that qualified the contracts
            if time.monotonic() - first_try + delay > self.timeout:
                self.sink.close()
                why = f": {self._refused[1]} (error {self._refused[0]})" if self._refused else ""
                raise CliError(f"cannot record: the connection to {self.host}:{self.port} failed{why}")
            time.sleep(delay)
            delay *= 2
        self._lost_at = None
        deadline = time.monotonic() + seconds if seconds else math.inf
        interrupted = False
        try:
            delay = RECONNECT_FIRST
            while not self._stop.is_set():
                left = deadline - time.monotonic()
                if left <= 0 or (until is not None and until()):
                    break
                self._wake.wait(min(left, 0.05 if until is not None else 0.5))
                self._wake.clear()
                if self.fatal is not None or self.sink.error is not None:
                    break
                if self._lost_at is not None and not self._stop.is_set():
                    if self._thread is not None and not self._thread.is_alive():
                        self._join()
                    if delay == RECONNECT_FIRST:
                        self._say("the connection to TWS was lost: reconnecting")
                    if self._stop.wait(min(delay, max(0.0, deadline - time.monotonic()))):
                        break
                    self._join()
                    if self._connect():
                        lost, self._lost_at = self._lost_at, None
                        self._gap(lost, time.time(), "the connection to TWS was lost")
                        self._say(f"reconnected after {time.time() - lost:.1f} s; recording again")
                        delay = RECONNECT_FIRST
                    else:
                        delay = min(delay * 2, RECONNECT_MAX)
        except KeyboardInterrupt:
            interrupted = True
        self._finish()
        if interrupted:
            raise KeyboardInterrupt
        if self.sink.error is not None:
            raise CliError(str(self.sink.error))
        if self.fatal is not None:
            raise CliError(self.fatal)

    def _finish(self) -> None:
        self._stop.set()
        c = self.client
        if c is not None:
            c.disconnect()
        self._join()  # the dispatch thread delivers what was received, then ends
        self.flush()
        now = time.time()
        if self._lost_at is not None:
            self._gap(self._lost_at, now, "the connection to TWS was lost (not restored before the recording stopped)")
        if self._link_lost_at is not None:
            self._gap(self._link_lost_at, now, "TWS lost its connection to IB (not restored before the recording "
                                               "stopped)")
        self.sink.close()


# --- the command ----------------------------------------------------------------------------------------


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str], prog: str = "ibwire record") -> int:
    ap = parser(prog, "Record ticks, 5-second bars or market depth into Parquet, CSV or SQLite, rolling files "
                      "by time or size, across reconnects (gaps recorded), until Ctrl-C or --seconds.")
    ap.add_argument("contracts", nargs="+", metavar="SYMBOL",
                    help="a US stock symbol, or KEY=VALUE,... (secType, exchange, currency, expiry, conId...)")
    what = ap.add_mutually_exclusive_group(required=True)
    none = argparse.SUPPRESS  # (no "default: None" in --help)
    what.add_argument("--ticks", dest="kind", action="store_const", const="ticks", default=none,
                      help="tick-by-tick trades and quotes")
    what.add_argument("--bars5s", dest="kind", action="store_const", const="bars5s", default=none,
                      help="real-time 5-second bars")
    what.add_argument("--depth", dest="kind", action="store_const", const="depth", default=none,
                      help="order book changes")
    ap.add_argument("--out", required=True, metavar="PATH", default=none,
                    help="a directory (Parquet dataset), NAME.csv, or NAME.sqlite / .db")
    roll = ap.add_mutually_exclusive_group()
    roll.add_argument("--roll", metavar="PERIOD", default=none, help="start a new file every PERIOD (90s, 15m, "
                                                                     "1h, 1d), on UTC multiples of it")
    roll.add_argument("--roll-size", metavar="SIZE", default=none, help="start a new file when the current one "
                                                                        "reaches SIZE (e.g. 100MB)")
    ap.add_argument("--seconds", type=float, default=0.0, help="stop after this many seconds (0: at Ctrl-C)")
    ap.add_argument("--flush-rows", type=int, default=500_000, help="commit a chunk after this many rows")
    ap.add_argument("--flush-seconds", type=float, default=30.0, help="commit a chunk at least this often")
    ap.add_argument("--tick-types", default="AllLast,BidAsk",
                    help="with --ticks: tick-by-tick streams per contract (Last, AllLast, BidAsk)")
    ap.add_argument("--what", default="TRADES", choices=("TRADES", "MIDPOINT", "BID", "ASK"),
                    help="with --bars5s: what the bars show")
    ap.add_argument("--rows", type=int, default=5, help="with --depth: book levels per side")
    ap.add_argument("--smart", action="store_true", help="with --depth: SMART depth (all exchanges)")
    add_connection_options(ap)
    args = parse_args(ap, argv)

    def body() -> int:
        roll_seconds = parse_period(args.roll) if "roll" in args else 0
        roll_bytes = parse_size(args.roll_size) if "roll_size" in args else 0
        tick_types = [t.strip() for t in args.tick_types.split(",") if t.strip()]
        known = {"last": "Last", "alllast": "AllLast", "bidask": "BidAsk"}
        if args.kind == "ticks" and (not tick_types or any(t.lower() not in known for t in tick_types)):
            raise CliError(f"bad --tick-types {args.tick_types!r} (from: Last, AllLast, BidAsk)", EXIT_USAGE)
        if args.flush_rows <= 0 or args.flush_seconds <= 0 or args.seconds < 0:
            raise CliError("--flush-rows and --flush-seconds must be positive, --seconds not negative", EXIT_USAGE)
        from .store import StoreError, store_format

        if store_format(args.out) == "parquet":
            need("pyarrow")
        with connected(args) as ib:
            contracts = qualify(ib, args.contracts)
        names = [describe(c) for c in contracts]
        if len(set(names)) != len(names):
            raise CliError(f"two contracts would be stored under the same symbol: {', '.join(names)}", EXIT_USAGE)
        try:
            sink = Sink(Path(args.out), args.kind, roll_seconds, roll_bytes)
        except StoreError as e:
            raise CliError(str(e)) from None
        rec = Recorder(contracts, args.kind, sink, host=args.host, port=args.port, client_id=args.client_id,
                       timeout=args.timeout, tick_types=[known[t.lower()] for t in tick_types], what=args.what,
                       rows=args.rows, smart=args.smart, flush_rows=args.flush_rows,
                       flush_seconds=args.flush_seconds)
        previous = signal.signal(signal.SIGTERM, _terminate) if threading.current_thread() is threading.main_thread() \
            else None
        try:
            rec.record(args.seconds)
        except KeyboardInterrupt:
            pass  # stopped by Ctrl-C or SIGTERM: everything received is written
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
        gaps = f", {len(rec.gaps)} gap(s)" if rec.gaps else ""
        print(f"{prog}: {sink.rows} rows in {sink.chunks} chunk(s) to {', '.join(map(str, sink.segments))}{gaps}",
              file=sys.stderr)
        return 0

    return run(prog, body)

