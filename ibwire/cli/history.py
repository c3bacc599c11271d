"""``ibwire history``: bulk historical bars into Parquet, CSV or SQLite -- paced, resumable.

``ibwire history AAPL MSFT --bar 1min --duration 2Y --rth --out data/``

How it works:

* **Chunks.** The span (``--duration`` back from ``--end``, by default TWS's current time) is cut on a
  fixed UTC grid whose step is the largest duration IB allows for the bar size (:data:`CHUNKS`, from
  IB's step-size table); a chunk is the grid cell clipped to the span. Each chunk is one request; the
  bars kept from it are exactly those that start inside the chunk, so chunks never overlap and never
  leave a gap, whatever IB's exact convention at a request's edges (see :func:`request_for`).
* **Pacing.** :class:`Pacer` (:mod:`ibwire.pacing`, the facade's pacer too) holds every request until
  IB's historical pacing rules allow it (no identical request within 15 s, at most 5 requests -- "six
  or more" is the violation -- for one contract, exchange and what-to-show within 2 s, at most 60 in any 10 minutes; BID_ASK counts twice),
  counting each request at the latest moment TWS can have stamped it (now while it is in flight, its
  answer's arrival after), with a small safety margin. IB documents these as hard limits for bars of
  30 s or less and "soft" throttling for larger bars; the downloader paces every bar size alike.
  Contracts take turns, so the per-contract rule seldom holds anything up. Should TWS still answer
  error 162 "pacing violation" (another program on the same account, a previous run moments ago), the
  chunk waits (15 s, doubling up to 10 minutes) and is asked again: a chunk is never lost.
* **Resume.** Each chunk is written to the store atomically under a key (its grid start) with a tag
  (the span it covered), and the store's journal records it only after its data is durable
  (:mod:`ibwire.cli.store`). A run skips every chunk the journal has with the same tag, so a download
  killed at any moment (SIGKILL included) and run again continues where it stopped: a chunk caught in
  the middle is written again and replaces whatever part of it reached the disk -- no duplicate, no
  missing bar. Only the chunk that ends at "now" changes with time: a later run fetches it again
  (its new tag) and replaces it, which also makes a later run an incremental update. The store also
  keeps the job's bar size, what-to-show and hours: another kind of bars into the same output is
  refused.

Exit codes and errors: see :mod:`ibwire.cli.common` (one line, never a traceback).
"""

from __future__ import annotations

import argparse
import calendar
import datetime as _dt
import json
import re
import sys
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..pacing import Pacer, Ticket
from .common import EXIT_USAGE, CliError, add_connection_options, connected, parse_args, parser, qualify, run
from .store import BARS, Store, StoreError, epoch_us, open_store, to_utc

if TYPE_CHECKING:
    from ..facade import IB
    from ..model import Contract

UTC = _dt.timezone.utc
DAY = 86400

#: bar size (IB's spelling) -> its length in seconds (months as 30 days, for arithmetic only)
BAR_SECONDS = {
    "1 secs": 1, "5 secs": 5, "10 secs": 10, "15 secs": 15, "30 secs": 30, "1 min": 60, "2 mins": 120,
    "3 mins": 180, "5 mins": 300, "10 mins": 600, "15 mins": 900, "20 mins": 1200, "30 mins": 1800,
    "1 hour": 3600, "2 hours": 7200, "3 hours": 10800, "4 hours": 14400, "8 hours": 28800, "1 day": DAY,
    "1 week": 7 * DAY, "1 month": 30 * DAY,
}

#: The largest request per bar size, after IB's step-size table ("Historical Data Limitations" of the
#: TWS API documentation: 1800 S allows 1 sec - 30 mins, 3600 S 5 secs - 1 hr, 14400 S 10 secs - 3 hrs,
#: 28800 S 30 secs - 8 hrs, 1 D 1 min - 1 day, 2 D 2 mins - 1 day, 1 W 3 mins - 1 week, 1 M 30 mins -
#: 1 month, 1 Y 1 day - 1 month): bar size -> (the chunk's length on the UTC grid in seconds, the
#: duration asked for it). Chunks up to a day are asked in seconds, exactly their length (1 D is asked
#: as 86400 S: IB's "D" counts trading days). Longer ones are asked in days (trading days, so at least
#: the chunk's calendar span) with one day to spare, as a trading session may straddle UTC midnight; 1 M
#: and 1 Y chunks are 28 and 364 days, no longer than any month or year.
CHUNKS: dict[str, tuple[int, str]] = {
    "1 secs": (1800, "1800 S"),
    "5 secs": (3600, "3600 S"),
    "10 secs": (14400, "14400 S"), "15 secs": (14400, "14400 S"),
    "30 secs": (28800, "28800 S"),
    "1 min": (DAY, "86400 S"),
    "2 mins": (2 * DAY, "3 D"),
    **{b: (7 * DAY, "8 D") for b in ("3 mins", "5 mins", "10 mins", "15 mins", "20 mins")},
    **{b: (28 * DAY, "1 M") for b in ("30 mins", "1 hour", "2 hours", "3 hours", "4 hours", "8 hours")},
    **{b: (364 * DAY, "1 Y") for b in ("1 day", "1 week", "1 month")},
}

#: what to show: the kinds of bars a chunked download can ask for (ADJUSTED_LAST only exists up to now,
#: SCHEDULE is not bars)
WHAT = ("TRADES", "MIDPOINT", "BID", "ASK", "BID_ASK", "HISTORICAL_VOLATILITY", "OPTION_IMPLIED_VOLATILITY",
        "FEE_RATE", "YIELD_BID", "YIELD_ASK", "YIELD_BID_ASK", "YIELD_LAST", "AGGTRADES")

_UNITS = {
    "s": "secs", "sec": "secs", "secs": "secs", "second": "secs", "seconds": "secs",
    "m": "min", "min": "min", "mins": "min", "minute": "min", "minutes": "min",
    "h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour",
    "d": "day", "day": "day", "days": "day", "w": "week", "wk": "week", "week": "week", "weeks": "week",
    "mo": "month", "mon": "month", "month": "month", "months": "month",
}
FRIENDLY_BARS = "1s 5s 10s 15s 30s 1min 2min 3min 5min 10min 15min 20min 30min 1h 2h 3h 4h 8h 1d 1w 1mo"


def bar_size(text: str) -> str:
    """IB's ``barSizeSetting`` from ``1min``, ``1 min``, ``5mins``, ``1h``, ``1 hour``, ``1d``, ``30s``..."""
    m = re.fullmatch(r"\s*(\d+)\s*([A-Za-z]+)\s*", text)
    if m:
        n, unit = int(m.group(1)), m.group(2)
        name = "month" if unit == "M" else _UNITS.get(unit.lower())
        if name:
            ib = {"secs": f"{n} secs", "min": f"{n} min" if n == 1 else f"{n} mins",
                  "hour": f"{n} hour" if n == 1 else f"{n} hours"}.get(name, f"{n} {name}")
            if ib in BAR_SECONDS:
                return ib
    raise CliError(f"bad bar size {text!r}; valid: {FRIENDLY_BARS} (or IB's spelling: "
                   f"{', '.join(BAR_SECONDS)})", EXIT_USAGE)


def duration(text: str) -> tuple[int, str]:
    """(count, unit) from ``2Y``, ``2 Y``, ``6M``, ``30D``, ``1W``, ``3600S`` (also ``2y``, ``30d``, ``6mo``)."""
    m = re.fullmatch(r"\s*(\d+)\s*([A-Za-z]+)\s*", text)
    if m and int(m.group(1)) > 0:
        unit = m.group(2)
        u = "M" if unit == "M" else {"s": "S", "sec": "S", "secs": "S", "d": "D", "day": "D", "days": "D",
                                     "w": "W", "week": "W", "weeks": "W", "mo": "M", "month": "M",
                                     "months": "M", "y": "Y", "year": "Y", "years": "Y"}.get(unit.lower())
        if u:
            return int(m.group(1)), u
    raise CliError(f"bad duration {text!r}; valid: a number and a unit, S (seconds), D (days), W (weeks), "
                   "M (months) or Y (years), e.g. 2Y, 6M, 30D, 1W, 3600S", EXIT_USAGE)


def what_to_show(text: str) -> str:
    w = text.strip().upper()
    if w not in WHAT:
        raise CliError(f"bad --what {text!r}; valid: {', '.join(WHAT)}", EXIT_USAGE)
    return w


def _months_back(t: _dt.datetime, months: int) -> _dt.datetime:
    y, m = divmod(t.year * 12 + t.month - 1 - months, 12)
    return t.replace(year=y, month=m + 1, day=min(t.day, calendar.monthrange(y, m + 1)[1]))


def span_start(end: _dt.datetime, n: int, unit: str) -> _dt.datetime:
    """``end`` minus the duration, on the calendar (a year back is the same date a year before)."""
    if unit == "Y":
        return _months_back(end, 12 * n)
    if unit == "M":
        return _months_back(end, n)
    return end - _dt.timedelta(seconds=n * {"S": 1, "D": DAY, "W": 7 * DAY}[unit])


def floor_end(t: _dt.datetime, bar: str) -> _dt.datetime:
    """``t`` down to a bar boundary (UTC midnight for daily and longer bars): the bar in progress is left out."""
    step = min(BAR_SECONDS[bar], DAY)
    s = int(t.timestamp())
    return _dt.datetime.fromtimestamp(s - s % step, UTC)


@dataclass(frozen=True)
class Chunk:
    symbol: str
    key: str  # the grid cell's start, e.g. 20261124T000000Z
    start: _dt.datetime
    end: _dt.datetime

    @property
    def tag(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


def plan(symbol: str, start: _dt.datetime, end: _dt.datetime, bar: str) -> list[Chunk]:
    """The chunks of ``[start, end)`` for ``bar``: grid cells of :data:`CHUNKS` clipped to the span."""
    size = CHUNKS[bar][0]
    s, e = int(start.timestamp()), int(end.timestamp())
    out = []
    for cell in range(s - s % size, e, size):
        a, b = max(cell, s), min(cell + size, e)
        if a < b:
            key = _dt.datetime.fromtimestamp(cell, UTC).strftime("%Y%m%dT%H%M%SZ")
            out.append(Chunk(symbol, key, _dt.datetime.fromtimestamp(a, UTC), _dt.datetime.fromtimestamp(b, UTC)))
    return out


def request_for(chunk: Chunk, bar: str) -> tuple[str, str]:
    """(endDateTime, durationStr) of the request for ``chunk``.

    The request ends one second before the chunk's end (bars of 2 s and more): its window then holds
    every bar that starts in the chunk whether IB counts a bar that starts exactly at the end or not;
    the bars outside the chunk are dropped. (1-second bars end at the chunk's end: IB returns the bars
    that start before it.)
    """
    cell = _dt.datetime.fromtimestamp(int(chunk.start.timestamp()) - int(chunk.start.timestamp()) % CHUNKS[bar][0], UTC)
    end = min(chunk.end, cell + _dt.timedelta(seconds=CHUNKS[bar][0]))
    if BAR_SECONDS[bar] > 1:
        end -= _dt.timedelta(seconds=1)
    return end.strftime("%Y%m%d %H:%M:%S UTC"), CHUNKS[bar][1]


# --- pacing ------------------------------------------------------------------------------------------


# :class:`Pacer` is :class:`ibwire.pacing.Pacer`: the facade's ``ib.historyPacing`` is one too (turned off
# for the downloader, whose pacer holds the requests back before they reach the facade)


# --- the download ----------------------------------------------------------------------------------


@dataclass
class _Job:
    chunk: Chunk
    contract: Contract
    attempt: int = 0
    not_before: float = 0.0


@dataclass
class Progress:
    """Chunks done of the total, bars written, elapsed time and an ETA; rich's bar on a terminal."""

    total: int
    out: Any = None  # sys.stderr (when the run starts)
    prog: str = "ibwire history"
    done: int = 0
    bars: int = 0
    t0: float = field(default_factory=time.monotonic)
    _last: float = 0.0
    _rich: Any = None
    _task: Any = None

    def start(self) -> None:
        if self.out is None:
            self.out = sys.stderr
        if not getattr(self.out, "isatty", lambda: False)():
            return
        try:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn,
                                       TimeElapsedColumn)
            from rich.console import Console
        except ImportError:
            return
        self._rich = RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                  TextColumn("chunks, {task.fields[bars]:,} bars"), TimeElapsedColumn(),
                                  TextColumn("ETA {task.fields[eta]}"), console=Console(file=self.out),
                                  transient=False)
        self._rich.start()
        self._task = self._rich.add_task(self.prog, total=self.total, bars=0, eta="-:--:--")

    def advance(self, bars: int, eta: float | None) -> None:
        self.done += 1
        self.bars += bars
        if self._rich is not None:
            self._rich.update(self._task, completed=self.done, bars=self.bars,
                              eta=_hms(eta) if eta is not None else "-:--:--")
            return
        now = time.monotonic()
        if now - self._last >= 2.0 or self.done == self.total:
            self._last = now
            left = f", ETA {_hms(eta)}" if eta is not None and self.done < self.total else ""
            print(f"{self.prog}: {self.done}/{self.total} chunks, {self.bars:,} bars, "
                  f"{_hms(now - self.t0)} elapsed{left}", file=self.out, flush=True)

    def stop(self) -> None:
        if self._rich is not None:
            self._rich.stop()
            self._rich = None


def _hms(s: float) -> str:
    s = max(0, int(round(s)))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def _rows(bars: list[Any], chunk: Chunk) -> dict[str, list[Any]]:
    """The store's columns from the facade's bars (times as epoch microseconds, the store's fast form):
    those that start in the chunk, in time order, once each."""
    lo, hi = epoch_us(chunk.start), epoch_us(chunk.end)
    times: list[int] = []
    kept: list[Any] = []
    for b in bars:
        t = b.date
        if isinstance(t, _dt.datetime) and t.tzinfo is not None:
            us = int(t.timestamp()) * 1_000_000 + t.microsecond
        else:
            us = epoch_us(t)  # a daily bar's date: its midnight UTC
        if lo <= us < hi:
            times.append(us)
            kept.append(b)
    if any(u <= t for t, u in zip(times, times[1:])):  # not strictly increasing: order, and each time once
        first = {t: b for t, b in reversed(list(zip(times, kept)))}
        times = sorted(first)
        kept = [first[t] for t in times]
    return {"time": times, "open": [float(b.open) for b in kept], "high": [float(b.high) for b in kept],
            "low": [float(b.low) for b in kept], "close": [float(b.close) for b in kept],
            "volume": [float(b.volume) for b in kept], "wap": [float(b.average) for b in kept],
            "count": [int(b.barCount) for b in kept]}


def _is_pacing(e: BaseException) -> bool:
    return getattr(e, "code", None) == 162 and "pacing violation" in str(getattr(e, "message", e)).lower()


def _is_no_data(e: BaseException) -> bool:
    msg = str(getattr(e, "message", e)).lower()
    return getattr(e, "code", None) == 162 and ("returned no data" in msg or "no data" in msg)


class Downloader:
    """Fetches the chunks through ``ib`` (paced, ``parallel`` requests at once) into ``store``."""

    def __init__(self, ib: IB, store: Store, bar: str, what: str, rth: bool, pacer: Pacer, *, parallel: int = 4,
                 request_timeout: float = 120.0, sleep: Callable[[float], None] = time.sleep,
                 progress: Progress | None = None) -> None:
        self.ib, self.store, self.bar, self.what, self.rth = ib, store, bar, what, rth
        self.pacer, self.parallel, self.request_timeout, self.sleep = pacer, max(1, parallel), request_timeout, sleep
        self.progress = progress
        self.retries = 0
        self.bars = 0
        self.chunks = 0

    def run(self, jobs: list[_Job]) -> None:
        queue = deque(jobs)
        inflight: dict[Future[Any], tuple[_Job, Ticket]] = {}
        while queue or inflight:
            # send what the pacing allows, up to ``parallel`` at once
            while queue and len(inflight) < self.parallel:
                job = queue[0]
                c = job.contract
                end, dur = request_for(job.chunk, self.bar)
                key = (c.conId, c.exchange, end, dur, self.bar, self.what, self.rth)
                burst_key, cost = (c.conId, c.exchange, self.what), 2 if self.what == "BID_ASK" else 1
                delay = self.pacer.wait(key, burst_key, cost, earliest=job.not_before)
                if delay > 0:  # meanwhile, answers are written (and change what the pacer counts)
                    if inflight:
                        self._collect(inflight, queue, timeout=delay)
                    else:
                        self.sleep(delay)
                    continue
                queue.popleft()
                ticket = self.pacer.sent(key, burst_key, cost)
                f = self.ib.reqHistoricalDataFuture(c, end, dur, self.bar, self.what, self.rth, formatDate=2,
                                                    timeout=self.request_timeout)
                inflight[f] = (job, ticket)
            if inflight:
                self._collect(inflight, queue, timeout=None)

    def _collect(self, inflight: dict[Future[Any], tuple[_Job, Ticket]], queue: deque[_Job],
                 timeout: float | None) -> None:
        done, _ = wait(list(inflight), timeout=timeout, return_when=FIRST_COMPLETED)
        for f in done:
            job, ticket = inflight.pop(f)
            self.pacer.answered(ticket)
            exc = f.exception()
            if exc is None:
                rows = _rows(list(f.result()), job.chunk)
            elif _is_no_data(exc) and not _is_pacing(exc):
                rows = _rows([], job.chunk)
            elif _is_pacing(exc) or isinstance(exc, TimeoutError):
                if isinstance(exc, TimeoutError) and job.attempt >= 3:
                    raise CliError(f"{job.chunk.symbol}: no answer to a historical request in "
                                   f"{self.request_timeout:g} s, 4 times; run again to resume")
                # back off: 15 s, doubling up to 10 minutes (scaled like the pacer), and ask again
                self.retries += 1
                wait_s = min(600.0, 15.0 * 2 ** min(job.attempt, 6)) * self.pacer.scale
                job.attempt += 1
                job.not_before = self.pacer.clock() + wait_s
                queue.append(job)
                continue
            elif isinstance(exc, ConnectionError):
                raise CliError(f"lost the connection to TWS ({exc}); run the same command again to resume")
            else:
                raise CliError(f"{job.chunk.symbol}: TWS refused the historical request: "
                               f"{getattr(exc, 'message', exc)}") from None
            try:
                n = self.store.write(job.chunk.symbol, rows, job.chunk.key, tag=job.chunk.tag, times_us=True)
            except StoreError as e:
                raise CliError(str(e)) from None
            self.bars += n
            self.chunks += 1
            if self.progress is not None:
                self.progress.advance(n, self.eta(len(queue) + len(inflight)))

    def eta(self, left: int) -> float | None:
        """Seconds to go: the pace so far, but never less than what the 60-per-10-minutes rule allows."""
        if self.progress is None or not self.progress.done:
            return None
        elapsed = time.monotonic() - self.progress.t0
        by_rate = elapsed / self.progress.done * left
        count = max(1, self.pacer.count)
        by_rule = max(0, left - count) / count * self.pacer.span(self.pacer.window)
        return max(by_rate, by_rule)


# --- the command ----------------------------------------------------------------------------------


def _end(text: str) -> _dt.datetime:
    try:
        t = _dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise CliError(f"bad --end {text!r}; give an ISO time, e.g. 2026-11-24T16:00:00 (UTC unless it has an "
                       "offset) or 2026-11-24", EXIT_USAGE) from None
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def _label(c: Contract) -> str:
    return c.localSymbol or c.symbol or str(c.conId)


def main(argv: list[str], prog: str = "ibwire history") -> int:
    ap = parser(prog, "Download historical bars of one or more contracts into Parquet (a directory), CSV (*.csv) "
                      "or SQLite (*.sqlite, *.db): split into the largest requests IB allows, paced to IB's "
                      "rules, resumable (run the same command again after an interruption).")
    ap.add_argument("contracts", nargs="+", metavar="SYMBOL",
                    help="a US stock symbol (AAPL) or KEY=VALUE,... (symbol=ES,secType=FUT,exchange=CME,"
                         "expiry=202612; conId=265598; symbol=EUR,secType=CASH,exchange=IDEALPRO)")
    ap.add_argument("--bar", default="1min", help=f"bar size: {FRIENDLY_BARS} (or IB's '1 min', '1 hour'...)")
    ap.add_argument("--duration", default="1Y", help="how far back from --end: 3600S, 30D, 1W, 6M, 2Y...")
    ap.add_argument("--what", default="TRADES", help=f"what to show: {', '.join(WHAT)}")
    ap.add_argument("--rth", action="store_true", help="regular trading hours only (IB's useRTH)")
    # SUPPRESS: no "(default: None)" in --help
    ap.add_argument("--end", default=argparse.SUPPRESS, help="end of the span, ISO (UTC unless it has an offset); "
                                                             "default: TWS's current time")
    ap.add_argument("--out", required=True, metavar="PATH", default=argparse.SUPPRESS,
                    help="a directory (Parquet dataset), *.csv or *.sqlite/*.db")
    ap.add_argument("--parallel", type=int, default=4, help="requests in flight at once (TWS allows 50)")
    ap.add_argument("--max-rate", type=int, default=45, metavar="N",
                    help="at most N requests a second (TWS refuses more than 50 messages a second)")
    ap.add_argument("--pacing-scale", type=float, default=1.0, metavar="F",
                    help="multiply IB's pacing windows by F: only for a simulator started with the same "
                         "--history-pacing-scale")
    add_connection_options(ap)
    args = parse_args(ap, argv)
    return run(prog, lambda: _download(args, prog))


def _download(args: argparse.Namespace, prog: str) -> int:
    bar = bar_size(args.bar)
    n, unit = duration(args.duration)
    what = what_to_show(args.what)
    end_text: str | None = getattr(args, "end", None)
    end_arg = _end(end_text) if end_text else None
    if args.pacing_scale <= 0:
        raise CliError("--pacing-scale must be positive", EXIT_USAGE)
    if args.max_rate < 1:
        raise CliError("--max-rate must be at least 1", EXIT_USAGE)
    job_meta = json.dumps({"bar": bar, "what": what, "rth": bool(args.rth)}, sort_keys=True)
    try:
        store = open_store(args.out, BARS)
    except StoreError as e:
        raise CliError(str(e)) from None
    try:
        held = store.meta("history")
        if held is not None and held != job_meta:
            h = json.loads(held)
            raise CliError(f"{args.out} holds {h['bar']} {h['what']} bars{' (regular hours)' if h['rth'] else ''}; "
                           "write these to another --out")
        t0 = time.monotonic()
        with connected(args) as ib:
            ib.historyPacing.identical, ib.historyPacing.count = 0, 0  # the downloader's Pacer paces
            contracts = qualify(ib, args.contracts)
            end = floor_end(end_arg or to_utc(ib.reqCurrentTime()), bar)
            start = span_start(end, n, unit)
            if start >= end:
                raise CliError(f"--duration {args.duration} is shorter than one {bar} bar", EXIT_USAGE)
            if held is None:
                store.set_meta("history", job_meta)
            done = store.committed()
            jobs: list[_Job] = []
            total = skipped = 0
            labels: dict[str, Contract] = {}
            for c in contracts:
                labels.setdefault(_label(c), c)
            for label, c in labels.items():
                for chunk in plan(label, start, end, bar):
                    total += 1
                    got = done.get((label, chunk.key))
                    if got is not None and got.tag == chunk.tag:
                        skipped += 1
                    else:
                        jobs.append(_Job(chunk, c))
            # contracts in turn (the per-contract rule then seldom makes a request wait), oldest chunks first
            jobs.sort(key=lambda j: (j.chunk.start, j.chunk.symbol))
            progress = Progress(len(jobs), prog=prog)
            dl = Downloader(ib, store, bar, what, bool(args.rth), Pacer(args.pacing_scale, rate=args.max_rate),
                            parallel=args.parallel,
                            progress=progress)
            progress.start()
            try:
                dl.run(jobs)
            finally:
                progress.stop()
        elapsed = time.monotonic() - t0
        resumed = f"; {skipped} of {total} chunks were already there" if skipped else ""
        retried = f"; {dl.retries} requests asked again after a pacing violation" if dl.retries else ""
        print(f"{prog}: {dl.bars:,} bars in {dl.chunks} chunks ({len(labels)} contracts, {bar}, {what}"
              f"{', regular hours' if args.rth else ''}) to {args.out} in {elapsed:.1f} s "
              f"({dl.bars / elapsed if elapsed > 0 else 0:,.0f} bars/s){resumed}{retried}")
        return 0
    finally:
        try:
            store.close()
        except StoreError as e:
            print(f"{prog}: {e}", file=sys.stderr)
