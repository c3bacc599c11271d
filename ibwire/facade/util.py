"""ib_async's ``util`` on threads: every public function of ib_async 2.1's ``ib_async.util``, same meaning.

ibwire's facade runs its connection on threads of its own, so nothing here needs an asyncio loop or
nest_asyncio: ``sleep``, ``waitUntil``, ``timeRange`` and ``schedule`` wait on this thread (or a timer
thread) while the facade keeps processing; their ``*Async`` twins are ordinary coroutines for a
running loop. The loop plumbing ib_async needs (``startLoop``, ``patchAsyncio``, ``useQt``) is kept as
harmless functions so scripts run unchanged; :data:`ASYNCIO_PLUMBING` says what takes its place.

Deliberate differences from ib_async (each a bug there): ``df([])`` is an empty DataFrame (ib_async:
None); ``formatSI`` keeps the sign of small negative integers and does not assert on NaN or huge values;
``tree(None)`` is None (ib_async: the string ``"None"``); the date strings ib_async leaves naive although
they name a zone (see :mod:`ibwire.facade._time`); "default" in the dataclass helpers means equal to
the field's default (see :mod:`ibwire.facade._data`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import enum
import logging
import math
import signal
import sys
import threading
import time
import types
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from decimal import Decimal
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeAlias

from ..model.const import UNSET_DECIMAL
from ._data import (
    DataMixin,
    dataclassAsDict,
    dataclassAsTuple,
    dataclassNonDefaults,
    dataclassRepr,
    dataclassUpdate,
    isnamedtupleinstance,
)
from ._time import formatIBDatetime, parseIBDatetime
from .events import _thread_loop

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]
    from matplotlib.figure import Figure  # type: ignore[import-not-found, unused-ignore]

__all__ = [
    "ASYNCIO_PLUMBING",
    "DataMixin",
    "Time_t",
    "allowCtrlC",
    "barplot",
    "dataclassAsDict",
    "dataclassAsTuple",
    "dataclassNonDefaults",
    "dataclassRepr",
    "dataclassUpdate",
    "df",
    "formatIBDatetime",
    "formatSI",
    "getLoop",
    "isNan",
    "isnamedtupleinstance",
    "logToConsole",
    "logToFile",
    "parseIBDatetime",
    "patchAsyncio",
    "run",
    "schedule",
    "sleep",
    "startLoop",
    "timeRange",
    "timeRangeAsync",
    "timeit",
    "tree",
    "useQt",
    "waitUntil",
    "waitUntilAsync",
]

#: A point in time for the waiting helpers: a ``datetime``, or a ``time`` meaning that time today.
Time_t: TypeAlias = dt.time | dt.datetime

#: ib_async's asyncio-loop plumbing, kept as functions that do nothing harmful, and what takes its
#: place in ibwire (name -> thread-native equivalent).
ASYNCIO_PLUMBING: dict[str, str] = {
    "startLoop": "nothing to start: the facade runs its connection on its own threads, so blocking calls "
                 "work in Jupyter as in scripts, and `await ib.<call>Async(...)` works on the notebook's "
                 "running loop without nest_asyncio",
    "patchAsyncio": "no patch needed: blocking calls never re-enter an event loop (they wait on ibwire's "
                    "threads), and every *Async awaitable works from a running loop as it is",
    "useQt": "no combined loop needed: connect facade events to Qt signals (queued connections deliver "
             "them on the GUI thread) or poll the facade's state from a QTimer",
}

_PANDAS_MISSING = "util.df needs pandas: pip install 'ibwire[pandas]'"
_MATPLOTLIB_MISSING = "util.barplot needs matplotlib: pip install 'ibwire[plot]'"


# ---------------------------------------------------------------------------------------------- data


def _row(obj: object) -> dict[str, Any]:
    """One DataFrame row of an object: its fields in order."""
    if isinstance(obj, dict):
        return dict(obj)
    if isnamedtupleinstance(obj):
        return dict(obj._asdict())  # type: ignore[attr-defined]
    if hasattr(obj, "__dataclass_fields__") and not isinstance(obj, type):
        return dataclassAsDict(obj)
    if hasattr(obj, "__dict__"):
        return {k: v for k, v in vars(obj).items() if not k.startswith("_")}
    raise TypeError(f"util.df: cannot make a row of {type(obj).__name__}")


def _numeric(values: list[Any]) -> list[Any] | None:
    """A Decimal column's values as floats (UNSET as NaN); None when the column is not all numbers."""
    out: list[Any] = []
    for v in values:
        if v is None:
            out.append(math.nan)
        elif isinstance(v, Decimal):
            out.append(math.nan if v == UNSET_DECIMAL else float(v))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out.append(float(v))
        else:
            return None
    return out


_TIME_NAMES = frozenset({"date", "time", "datetime", "timestamp", "lastTradeTime", "rtTime"})


def _datetimes(name: str, values: list[Any]) -> list[Any] | None:
    """A column's values as date/datetime objects, or None when it is not a time column: values that
    are all dates/datetimes, or IB date strings in a column named like a time (``date``, ``time``)."""
    present = [v for v in values if v is not None and v != ""]
    if not present:
        return None
    if all(isinstance(v, (dt.date, dt.datetime)) for v in present):
        return [None if v == "" else v for v in values]
    if name in _TIME_NAMES and all(isinstance(v, str) for v in present):
        try:
            return [parseIBDatetime(v) if isinstance(v, str) and v else None for v in values]
        except ValueError:
            return None
    return None


def _to_datetime64(pd: Any, values: list[Any]) -> Any:
    """A pandas datetime Series, or None for naive and aware values together (left as objects).
    Aware values keep their zone when they share one, else go to UTC; naive values and dates stay naive."""
    present = [v for v in values if v is not None]
    aware = [isinstance(v, dt.datetime) and v.tzinfo is not None for v in present]
    if all(aware):
        index = pd.to_datetime(values, utc=True)
        zones = {str(v.tzinfo) for v in present}
        if len(zones) == 1:
            index = index.tz_convert(present[0].tzinfo)
        return pd.Series(index)
    if any(aware):
        return None
    return pd.Series(pd.to_datetime([v if v is None or isinstance(v, dt.datetime)
                                     else dt.datetime(v.year, v.month, v.day) for v in values]))


def df(objs: Iterable[Any], labels: list[str] | None = None) -> pd.DataFrame:
    """A pandas DataFrame with one row per object (bars, fills, positions, tickers...).

    Objects may be dataclasses (columns in field order), named tuples, dicts or plain objects (their
    public attributes). Columns of numbers get numeric dtypes (``Decimal`` sizes and volumes become
    float64, UNSET as NaN); columns of dates and datetimes -- and IB date strings in a ``date`` or
    ``time`` column -- become datetime64 (aware values keep their zone). ``labels`` keeps only those
    columns (in the frame's order; names not present are ignored, as in ib_async). No objects give an
    empty frame (ib_async: None). Needs pandas (``pip install 'ibwire[pandas]'``).
    """
    try:
        import pandas as pd
    except ImportError as e:
        raise ImportError(_PANDAS_MISSING) from e

    rows = [_row(o) for o in objs]
    columns: list[str] = []
    seen: set[str] = set()
    for r in rows:
        for k in r:
            if k not in seen:
                seen.add(k)
                columns.append(k)
    data: dict[str, Any] = {}
    for name in columns:
        values = [r.get(name) for r in rows]
        times = _datetimes(name, values)
        if times is not None:
            converted = _to_datetime64(pd, times)
            data[name] = converted if converted is not None else pd.Series(times, dtype=object)
            continue
        if any(isinstance(v, Decimal) for v in values):
            numbers = _numeric(values)
            if numbers is not None:
                data[name] = pd.Series(numbers, dtype="float64")
                continue
        data[name] = pd.Series(values)
    frame = pd.DataFrame(data, columns=columns)
    if labels is not None:
        frame = frame[[c for c in frame.columns if c in labels]] if columns else pd.DataFrame(columns=labels)
    return frame


def tree(obj: object) -> Any:
    """``obj`` as plain data that serialises to JSON: numbers, strings and None as they are, dates and
    times as ISO strings, Decimals as floats, dicts, named tuples (as dicts), lists, tuples and sets
    (as lists) recursively, dataclasses as ``{ClassName: {non-default fields}}`` (as ib_async), other
    objects with attributes likewise ``{ClassName: {public attributes}}`` (ib_async: their ``str``);
    anything else (enums, modules, objects without attributes) as its ``str``. A reference back to an
    object being converted becomes its ``str``."""
    return _tree(obj, set())


def _tree(obj: object, path: set[int]) -> Any:
    if obj is None or isinstance(obj, (bool, int, float, str, bytes)):
        return obj
    if isinstance(obj, Decimal):
        return float(obj)
    if isinstance(obj, (dt.date, dt.time)):
        return obj.isoformat()
    if id(obj) in path or isinstance(obj, (enum.Enum, types.ModuleType)):
        return str(obj)
    path.add(id(obj))
    try:
        if isinstance(obj, dict):
            return {k: _tree(v, path) for k, v in obj.items()}
        if isnamedtupleinstance(obj):
            return {f: _tree(getattr(obj, f), path) for f in obj._fields}  # type: ignore[attr-defined]
        if isinstance(obj, (list, tuple, set, frozenset)):
            return [_tree(i, path) for i in obj]
        name = type(obj).__qualname__
        if hasattr(obj, "__dataclass_fields__") and not isinstance(obj, type):
            return {name: _tree(dataclassNonDefaults(obj), path)}
        attrs = getattr(obj, "__dict__", None)
        if isinstance(attrs, dict) and not callable(obj) and not isinstance(obj, type):
            return {name: {k: _tree(v, path) for k, v in attrs.items() if not k.startswith("_")}}
        return str(obj)
    finally:
        path.discard(id(obj))


def isNan(x: float | Decimal) -> bool:
    """Whether ``x`` is NaN (float or Decimal)."""
    return x != x


def formatSI(n: float | Decimal) -> str:
    """``n`` to 3 significant digits with an SI prefix and a space: ``1234 -> "1.23 k"``,
    ``0.0005 -> "500 u"``; integers below 1000 as they are (``"42 "``), below 1e-22 ``"0.00 "``.
    As ib_async, except that small negative integers keep their sign, NaN and infinities print as
    themselves and values from 1000 Y up stay in Y."""
    x = float(n) if isinstance(n, Decimal) else n
    sign = ""
    if x < 0:
        x = -x
        sign = "-"
    if isinstance(x, int) and x < 1000:
        return f"{sign}{x} "
    if math.isnan(x) or math.isinf(x):
        return f"{sign}{x} "
    if x < 1e-22:
        return sign + "0.00 "
    exp = int(math.floor(math.log10(x)))
    i, j = divmod(exp, 3)
    val = ""
    for _ in range(2):
        val = f"{x * 10 ** (-3 * i):.{2 - j}f}"
        if val != "1000":
            break
        i += 1
        j = 0
    if i > 8:  # beyond yotta: keep counting in Y
        val = f"{x * 10 ** -24:.0f}"
        i = 8
    return f"{sign}{val} " + ("" if i == 0 else "yzafpnum kMGTPEZY"[i + 8])


class timeit:
    """Context manager printing how long its block took: ``with util.timeit("load"): ...`` prints
    ``load took 1.23 ms`` (``elapsed`` keeps the seconds)."""

    def __init__(self, title: str = "Run") -> None:
        self.title = title
        self.elapsed = math.nan
        self._t0 = 0.0

    def __enter__(self) -> timeit:
        self._t0 = time.perf_counter()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.elapsed = time.perf_counter() - self._t0
        print(self.title + " took " + formatSI(self.elapsed) + "s")


def barplot(bars: Any, title: str = "", upColor: str = "blue", downColor: str = "red") -> Figure:
    """A candlestick chart of bars given as a DataFrame (``open``/``high``/``low``/``close`` columns)
    or as a list of bar objects (``open`` or ``open_``); returns the matplotlib Figure. Needs
    matplotlib."""
    try:
        import matplotlib.pyplot as plt
        from matplotlib.lines import Line2D
        from matplotlib.patches import Rectangle
    except ImportError as e:
        raise ImportError(_MATPLOTLIB_MISSING) from e

    if hasattr(bars, "columns"):
        ohlc = [tuple(float(x) for x in v) for v in bars[["open", "high", "low", "close"]].values]
    else:
        seq = list(bars)
        first = "open_" if seq and hasattr(seq[0], "open_") else "open"
        ohlc = [(float(getattr(b, first)), float(b.high), float(b.low), float(b.close)) for b in seq]

    fig, ax = plt.subplots()
    ax.set_title(title)
    ax.grid(True)
    fig.set_size_inches(10, 6)
    for n, (open_, high, low, close) in enumerate(ohlc):
        color, top, bottom = (upColor, close, open_) if close >= open_ else (downColor, open_, close)
        ax.add_line(Line2D(xdata=(n, n), ydata=(low, bottom), color=color, linewidth=1))
        ax.add_line(Line2D(xdata=(n, n), ydata=(high, top), color=color, linewidth=1))
        ax.add_patch(Rectangle(xy=(n - 0.3, bottom), width=0.6, height=top - bottom, edgecolor=color,
                               facecolor=color, alpha=0.4, antialiased=True))
    ax.autoscale_view()
    return fig


# ------------------------------------------------------------------------------------------- logging

_FORMAT = "%(asctime)s %(name)s %(levelname)s %(message)s"


def logToFile(path: str, level: int = logging.INFO) -> logging.FileHandler:
    """Log to the file ``path`` (appending): a handler on the root logger; the root's level is set
    to ``level`` when it had no handlers, else only ibwire's logger is (as ib_async does for its own).
    Returns the handler (remove it from the root logger to stop)."""
    root = logging.getLogger()
    if root.handlers:
        logging.getLogger("ibwire").setLevel(level)
    else:
        root.setLevel(level)
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    return handler


def logToConsole(level: int = logging.INFO) -> logging.Handler:
    """Log to stderr: when the root logger already has a plain stderr handler, only ibwire's logger is
    set to ``level``; else the root gets ``level`` and such a handler (as ib_async). Returns the handler."""
    root = logging.getLogger()
    for h in root.handlers:
        if type(h) is logging.StreamHandler and h.stream is sys.stderr:
            logging.getLogger("ibwire").setLevel(level)
            return h
    root.setLevel(level)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    return handler


def allowCtrlC() -> None:
    """Let Ctrl-C end the program at once (the default SIGINT action), whatever handler was set.
    Call it from the main thread."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


# ------------------------------------------------------------------------------------ time and waits


def _fill_date(t: dt.time | dt.datetime) -> dt.datetime:
    """A ``time`` on today's date; a datetime as it is."""
    if isinstance(t, dt.time):
        return dt.datetime.combine(dt.date.today(), t)
    return t


def _seconds_until(t: dt.time | dt.datetime) -> float:
    target = _fill_date(t)
    return (target - dt.datetime.now(target.tzinfo)).total_seconds()


def sleep(secs: float = 0.02) -> bool:
    """Wait ``secs`` seconds; returns True. The facade keeps processing meanwhile (it runs on its own
    threads), so, unlike with ib_async, ``time.sleep`` would do as well. In a coroutine use
    ``await asyncio.sleep`` instead: this blocks the calling thread, and with it a loop running there."""
    time.sleep(max(0.0, secs))
    return True


def waitUntil(t: dt.time | dt.datetime) -> bool:
    """Wait until the wall clock reaches ``t`` (a ``time`` means today); returns True at once for a
    time already past. Blocks this thread only; the facade keeps processing."""
    while (secs := _seconds_until(t)) > 0:
        time.sleep(secs)
    return True


async def waitUntilAsync(t: dt.time | dt.datetime) -> bool:
    """:func:`waitUntil` for a running event loop."""
    while (secs := _seconds_until(t)) > 0:
        await asyncio.sleep(secs)
    return True


def _range_start(start: dt.time | dt.datetime, step: float) -> tuple[dt.datetime, dt.timedelta]:
    if not step > 0:
        raise ValueError(f"step must be positive, not {step!r}")
    delta = dt.timedelta(seconds=step)
    t = _fill_date(start)
    now = dt.datetime.now(dt.timezone.utc if t.tzinfo else None)
    if t < now:  # the first point not in the past, on the start + k * step grid
        t += delta * math.ceil((now - t) / delta)
    return t, delta


def timeRange(start: dt.time | dt.datetime, end: dt.time | dt.datetime, step: float) -> Iterator[dt.datetime]:
    """The times ``start, start + step, ...`` up to and including ``end``, each yielded when the wall
    clock reaches it (points already past are skipped, as in ib_async). ``start`` and ``end`` may be
    ``time``s meaning today; ``step`` is in seconds."""
    t, delta = _range_start(start, step)
    while t <= _fill_date(end):
        waitUntil(t)
        yield t
        t += delta


async def timeRangeAsync(start: dt.time | dt.datetime, end: dt.time | dt.datetime,
                         step: float) -> AsyncIterator[dt.datetime]:
    """:func:`timeRange` as an async iterator, for a running event loop."""
    t, delta = _range_start(start, step)
    while t <= _fill_date(end):
        await waitUntilAsync(t)
        yield t
        t += delta


def schedule(time: dt.time | dt.datetime, callback: Callable[..., object],
             *args: object) -> threading.Timer | asyncio.TimerHandle:
    """Call ``callback(*args)`` at ``time`` (a ``time`` means today; a past time means at once).

    Called from a running event loop, the callback runs on that loop (``loop.call_later``, as ib_async,
    returning the ``TimerHandle``); elsewhere it runs on a daemon timer thread (``threading.Timer``,
    already started). Either has ``cancel()``."""
    delay = max(0.0, _seconds_until(time))
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        timer = threading.Timer(delay, callback, args)
        timer.name = "util-schedule"
        timer.daemon = True
        timer.start()
        return timer
    return loop.call_later(delay, callback, *args)


# -------------------------------------------------------------------------------------------- asyncio


def getLoop() -> asyncio.AbstractEventLoop:
    """The event loop running on this thread, else this thread's loop (made, and set as this thread's
    loop, when it has none or it is closed) -- as ib_async."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return _thread_loop()


def run(*awaitables: Awaitable[Any] | concurrent.futures.Future[Any], timeout: float | None = None) -> Any:
    """Run awaitables to completion and return the result (one awaitable) or the list of results.

    Coroutines, tasks and asyncio futures run on this thread's loop (:func:`getLoop`) with
    ``run_until_complete`` -- like ``asyncio.run`` for one coroutine, except that the loop is kept for
    the next call, as ib_async does, so futures made on :func:`getLoop` work. ibwire's own
    ``*Future`` results (``concurrent.futures.Future``) are simply waited for, no loop involved.
    ``timeout`` (seconds) raises ``asyncio.TimeoutError`` when they are not done in time.

    With no awaitables, run this thread's loop until it is stopped (ib_async's way to keep a script
    alive; Ctrl-C ends it), then cancel its remaining tasks; returns None at once if it already runs.

    From inside a running loop there is nothing to nest (no nest_asyncio): ``await`` the awaitables
    there; this raises ``RuntimeError`` for coroutines and asyncio futures.
    """
    if awaitables and all(isinstance(a, concurrent.futures.Future) for a in awaitables):
        return _wait_futures([a for a in awaitables if isinstance(a, concurrent.futures.Future)], timeout)
    loop = getLoop()
    if not awaitables:
        if loop.is_running():
            return None
        try:
            loop.run_forever()
        finally:
            pending = asyncio.all_tasks(loop)
            if pending:
                for task in pending:
                    task.cancel()
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        return None
    if loop.is_running():
        raise RuntimeError("util.run inside a running event loop: await the awaitables instead "
                           "(no nest_asyncio needed)")

    async def main() -> Any:
        wrapped = [asyncio.wrap_future(a) if isinstance(a, concurrent.futures.Future) else a for a in awaitables]
        whole: Awaitable[Any] = wrapped[0] if len(wrapped) == 1 else asyncio.gather(*wrapped)
        return await (asyncio.wait_for(whole, timeout) if timeout else whole)

    return loop.run_until_complete(main())


def _wait_futures(futures: list[concurrent.futures.Future[Any]], timeout: float | None) -> Any:
    done, pending = concurrent.futures.wait(futures, timeout=timeout or None)
    if pending:
        raise asyncio.TimeoutError(f"{len(pending)} of {len(futures)} not done within {timeout} s")
    results = [f.result() for f in futures]
    return results[0] if len(results) == 1 else results


def startLoop() -> None:
    """Does nothing: ib_async starts a nested loop for Jupyter here; ibwire needs none (see
    ``ASYNCIO_PLUMBING["startLoop"]``)."""


def patchAsyncio() -> None:
    """Does nothing: ib_async applies nest_asyncio here; ibwire needs no patch (see
    ``ASYNCIO_PLUMBING["patchAsyncio"]``)."""


def useQt(qtLib: str = "PyQt5", period: float = 0.01) -> None:
    """Checks ``qtLib`` (PyQt5, PyQt6, PySide2 or PySide6, as ib_async) and does nothing else: ib_async
    polls Qt from its asyncio loop here; with ibwire, deliver facade events to the GUI thread through
    Qt signals or a QTimer (see ``ASYNCIO_PLUMBING["useQt"]``)."""
    if qtLib not in {"PyQt5", "PyQt6", "PySide2", "PySide6"}:
        raise RuntimeError(f"Unknown Qt library: {qtLib}")
    if not period > 0:
        raise ValueError(f"period must be positive, not {period!r}")
