"""One facade client of the facade benchmark: ``facade_client.py IMPL PORT ROUNDS``.

IMPL is ``ibwire`` (its IB facade on threads), ``ibwire-asyncio`` (the same IB
from ``asyncio.run``: ``connectAsync``, ``await reqHistoricalDataAsync``, the
Ticker handler connected from the loop, so it runs on the loop) or ``ib_async``
(its IB), each run with only its own package on the path. ``ibwire-stages`` and
``ib_async-stages`` are ``ibwire`` and ``ib_async`` with the stages of a tick's
way stamped as well (see :func:`stamp_stages`; the wrappers cost a little).
``ibwire-micro`` and ``ib_async-micro`` connect nowhere: see :func:`micro`.

It times ROUNDS sequential reqHistoricalData round trips (24 bars, distinct end
times), then subscribes to AAPL quotes with an ``updateEvent`` handler on the
Ticker -- the way each library announces that a Ticker changed; nobody polls --
prints ``READY``, records ``time.perf_counter()`` (a system-wide monotonic
clock, the one the benchmark stamps socket writes with) and the Ticker's last
price at every update until a line arrives on stdin, and prints one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
import time
from typing import Any

impl, port, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
stop = threading.Event()
updates: list[tuple[float, float]] = []
stages: dict[str, list[float]] = {}


def stamp_stages() -> None:
    """Wrap the steps a tick takes to record when each ends (perf_counter), by stage name.

    ibwire: ``read`` (the reader's recv returned), ``queued`` (the read's frames decoded into events, on the
    dispatch queue), ``taken`` (the dispatch thread has them), ``decoded`` (their callbacks run), ``updated`` (the IB's ``updateEvent`` done, with its waiters woken); the Ticker's updateEvent
    follows. ib_async: ``read`` (its protocol's data_received is called).
    """
    now = time.perf_counter

    def wrap(cls: Any, name: str, stage: str, after: bool = True) -> None:
        inner = getattr(cls, name)
        out = stages.setdefault(stage, [])

        def stamped(*args: Any, **kwargs: Any) -> Any:
            if not after:
                out.append(now())
            r = inner(*args, **kwargs)
            if after:
                out.append(now())
            return r

        setattr(cls, name, stamped)

    if impl.startswith("ib_async"):
        import ib_async.connection

        wrap(ib_async.connection.Connection, "data_received", "read", after=False)
        return
    import ibwire.client
    import ibwire.connection
    import ibwire.facade.session
    import ibwire.reader

    wrap(ibwire.connection.Connection, "recv", "read")
    wrap(ibwire.reader.BatchQueue, "put", "queued")
    wrap(ibwire.client, "deliver", "taken", after=False)
    wrap(ibwire.client.EClient, "msgLoopRec", "decoded", after=False)
    wrap(ibwire.facade.session.SessionMixin, "_on_batch", "updated")


def on_update(ticker: Any) -> None:
    updates.append((time.perf_counter(), ticker.last))


def end_time(i: int) -> str:
    return f"202611{10 + i % 14:02d} {10 + i % 6:02d}:00:00 UTC"


def report(times: list[float]) -> None:
    print(json.dumps({"history": times, "updates": updates, "stages": stages}), flush=True)


def watch_stdin() -> None:
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()


def threads() -> None:
    """ibwire or ib_async, blocking calls (ib_async runs its loop inside them)."""
    if impl.endswith("-stages"):
        stamp_stages()
    if impl.startswith("ibwire"):
        from ibwire import IB, Stock
    else:
        from ib_async import IB, Stock  # type: ignore[no-redef]
    ib: Any = IB()
    if impl.startswith("ibwire"):
        ib.historyPacing.identical = 0  # the benchmark asks for identical bars on purpose
    ib.connect("127.0.0.1", port, clientId=1)
    aapl = Stock("AAPL", "SMART", "USD")
    ib.qualifyContracts(aapl)
    times = []
    for i in range(rounds):
        t0 = time.perf_counter()
        bars = ib.reqHistoricalData(aapl, end_time(i), "1 D", "1 hour", "TRADES", True)
        times.append(time.perf_counter() - t0)
        assert len(bars) == 24, len(bars)
    ticker = ib.reqMktData(aapl)
    ticker.updateEvent += on_update
    ib.sleep(0.5)
    watch_stdin()
    for xs in stages.values():
        xs.clear()
    print("READY", flush=True)
    if impl.startswith("ibwire"):
        stop.wait()  # nothing to run here: updates arrive on the dispatch thread
    else:
        while not stop.is_set():
            ib.sleep(0.05)  # ib_async's loop must run for anything to arrive
    ib.disconnect()
    report(times)


async def asyncio_face() -> None:
    """ibwire's IB from a running event loop, as an asyncio script or Jupyter uses it."""
    from ibwire import IB, Stock

    ib: Any = IB()
    ib.historyPacing.identical = 0
    await ib.connectAsync("127.0.0.1", port, clientId=1)
    aapl = Stock("AAPL", "SMART", "USD")
    await ib.qualifyContractsAsync(aapl)
    times = []
    for i in range(rounds):
        t0 = time.perf_counter()
        bars = await ib.reqHistoricalDataAsync(aapl, end_time(i), "1 D", "1 hour", "TRADES", True)
        times.append(time.perf_counter() - t0)
        assert len(bars) == 24, len(bars)
    ticker = ib.reqMktData(aapl)
    ticker.updateEvent += on_update  # connected on the loop: the handler runs on the loop
    await asyncio.sleep(0.5)
    watch_stdin()
    print("READY", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, stop.wait)
    ib.disconnect()
    report(times)


def micro() -> None:
    """The receiving side's own work for a tick, without sockets or threads: ROUNDS times, every step of
    the market (a JSON list of hex strings on stdin, each the framed messages the simulator sends for one
    step: bid, ask, last with sizes, volume, last timestamp...) goes through what the library does with a
    socket read -- frames split, decoded, callbacks applied to the Ticker, the cycle's end announced with
    the Ticker's ``updateEvent`` (a handler records it). ibwire: ``Core.feed``, ``deliver``,
    ``msgLoopRec`` (the reader and dispatch threads' work without the queue between them); ib_async:
    ``Client._onSocketHasData``. Prints the microseconds per step of each round (JSON list), in this
    thread's CPU time (``time.thread_time``), so that other processes on the machine taking the core
    away meanwhile do not count."""
    steps = [bytes.fromhex(x) for x in json.loads(sys.stdin.readline())]
    if impl.startswith("ibwire"):
        from ibwire import IB, Stock
        from ibwire.facade.market import _Sub
        from ibwire.protocol._core.inbound import Core, deliver
        from ibwire.protocol.messages import Decoder

        ib: Any = IB()
        client = ib.client
        aapl = Stock("AAPL", "SMART", "USD")
        aapl.conId = 265598
        ticker = ib._ticker_for(aapl)
        ib._subs[1] = _Sub(ticker, aapl, "mktData")
        decoder = Decoder(178)

        def slow(body: bytes, whole: bool) -> Any:
            raise AssertionError(body)

        core = Core(178, decoder.text, decoder.proto, client._callback, slow)
        feed, rec = core.feed, client.msgLoopRec

        def failed(cb: Any, e: Exception) -> None:
            raise AssertionError(e)

        def no() -> bool:
            return False

        def receive(data: bytes) -> None:
            out: list[Any] = []
            feed(data, out)
            deliver(out, failed, no)
            rec()
    else:
        from ib_async import IB, Stock  # type: ignore[no-redef]

        ib = IB()
        aapl = Stock("AAPL", "SMART", "USD")
        aapl.conId = 265598
        ticker = ib.wrapper.startTicker(1, aapl, "mktData")
        c = ib.client
        c._serverVersion = 178
        c.decoder.serverVersion = 178
        c._apiReady = True
        c._data = b""
        receive = c._onSocketHasData
    ticker.updateEvent += on_update
    for data in steps:  # warm-up
        receive(data)
    if os.environ.get("FACADE_MICRO_PROFILE"):  # where the time goes (python -m pstats FILE)
        import cProfile

        cProfile.runctx("for data in steps: receive(data)", globals(), locals(), os.environ["FACADE_MICRO_PROFILE"])
    out = []
    now = time.thread_time
    for _ in range(rounds):
        updates.clear()
        t0 = now()
        for data in steps:
            receive(data)
        out.append((now() - t0) / len(steps) * 1e6)
        assert len(updates) == len(steps), (len(updates), len(steps))
    print(json.dumps(out), flush=True)


if impl.endswith("-micro"):
    micro()
elif impl == "ibwire-asyncio":
    asyncio.run(asyncio_face())
else:
    threads()
