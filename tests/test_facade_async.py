"""The facade from asyncio: connectAsync, the *Async calls, awaitable and async-iterable events, handlers
that run on the loop they were connected from, and a Jupyter-like loop that also makes blocking calls.

Every program here is run by ``asyncio.run`` (a real loop, no nest_asyncio) against ibwire.sim over a real
socket; every wait has a deadline.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from ibwire import IB, MarketOrder, RequestError, Stock
from ibwire.facade.events import NO_VALUE, Event
from ibwire.facade.objects import StartupFetchNONE
from ibwire.sim import Simulator

pytestmark = pytest.mark.timeout(60)
CLIENT = 11


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(tick_interval=None) as s:
        yield s


def _on_dispatch() -> bool:
    return threading.current_thread().name == "ibwire-dispatch"


async def _next(ev: Event) -> Any:
    return await ev


async def _until(cond: Any, timeout: float = 10, what: str = "condition") -> None:
    """Let the loop run until ``cond()`` holds; fail after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise AssertionError(f"not reached within {timeout} s: {what}")
        await asyncio.sleep(0.001)


# --- an asyncio program --------------------------------------------------------------------------------------

def test_an_asyncio_program_connects_awaits_calls_concurrently_and_awaits_events(sim: Simulator) -> None:
    outside: list[str] = []
    ib = IB()
    ib.RequestTimeout = 10
    ib.errorEvent += lambda *a: outside.append(threading.current_thread().name)  # connected outside any loop

    async def main() -> dict[str, Any]:
        out: dict[str, Any] = {}
        beats = 0
        stop = asyncio.Event()

        async def heartbeat() -> None:  # the loop keeps running while we connect
            nonlocal beats
            while not stop.is_set():
                beats += 1
                await asyncio.sleep(0.001)

        hb = asyncio.ensure_future(heartbeat())
        got = await asyncio.wait_for(ib.connectAsync("127.0.0.1", sim.port, clientId=CLIENT, timeout=5), 20)
        out["beats_while_connecting"] = beats
        stop.set()
        await hb
        out["same_ib"] = got is ib
        out["connected"] = ib.isConnected()
        # several requests in flight together
        now, details, symbols, positions = await asyncio.wait_for(asyncio.gather(
            ib.reqCurrentTimeAsync(), ib.reqContractDetailsAsync(Stock("AAPL")),
            ib.reqMatchingSymbolsAsync("MS"), ib.reqPositionsAsync()), 20)
        out["now"], out["conIds"] = now, [d.contract.conId for d in details]
        out["symbols"], out["positions"] = [d.contract.symbol for d in symbols], positions
        # a handler connected here runs on this loop's thread
        loop_threads: list[tuple[str, bool]] = []
        me = asyncio.get_running_loop()

        def on_error(reqId: int, code: int, text: str, contract: Any) -> None:
            running = asyncio.get_running_loop()
            loop_threads.append((threading.current_thread().name, running is me))

        ib.errorEvent += on_error
        # await the next error while a refused request raises
        waiter = asyncio.ensure_future(_next(ib.errorEvent))
        await asyncio.sleep(0)  # let the waiter reach its await (its wait starts there)
        with pytest.raises(RequestError) as e:
            await asyncio.wait_for(ib.reqContractDetailsAsync(Stock("NOPE")), 20)
        out["code"] = e.value.code
        out["awaited"] = await asyncio.wait_for(waiter, 10)
        await _until(lambda: loop_threads, what="the handler handed to this loop ran")
        out["loop_threads"] = loop_threads
        ib.errorEvent -= on_error
        # iterate order statuses as they come (the iteration starts before the order: it sees every status)
        statuses: list[str] = []
        updates = ib.orderStatusEvent.aiter()
        trade = ib.placeOrder(Stock("AAPL"), MarketOrder("BUY", 3))

        async def follow() -> None:
            async for t in updates:
                if t is trade:
                    statuses.append(t.orderStatus.status)
                    if t.orderStatus.status == "Filled":
                        break

        await asyncio.wait_for(follow(), 20)
        await updates.aclose()
        out["statuses"], out["final"] = statuses, trade.orderStatus.status
        ib.disconnect()
        return out

    out = asyncio.run(main())
    assert out["same_ib"] and out["connected"]
    assert out["beats_while_connecting"] > 0, "connectAsync held up the loop"
    assert isinstance(out["now"], dt.datetime) and out["now"].tzinfo is not None
    assert out["conIds"] == [265598] and out["symbols"] == ["MSFT"] and out["positions"] == []
    assert out["code"] == 200
    reqId, code, text, contract = out["awaited"]
    assert code == 200 and reqId > 0 and text
    assert out["loop_threads"] == [("MainThread", True)]
    assert outside and set(outside) == {"ibwire-dispatch"}
    assert out["final"] == "Filled" and out["statuses"][-1] == "Filled"


def test_raise_request_errors_both_ways_from_asyncio(sim: Simulator) -> None:
    async def main() -> dict[str, Any]:
        ib = await IB().connectAsync("127.0.0.1", sim.port, clientId=CLIENT)
        ib.RequestTimeout = 10
        out: dict[str, Any] = {}
        errors: list[tuple[int, str]] = []
        ib.errorEvent += lambda reqId, code, text, contract: errors.append((code, text))
        try:
            await ib.reqContractDetailsAsync(Stock("NOPE"))
        except RequestError as e:
            out["raised"] = e.code
        ib.RaiseRequestErrors = False
        out["empty"] = await asyncio.wait_for(ib.reqContractDetailsAsync(Stock("NOPE")), 20)
        out["blocking_empty"] = ib.reqContractDetails(Stock("NOPE2"))  # the blocking face too
        out["still_good"] = [d.contract.conId for d in await ib.reqContractDetailsAsync(Stock("AAPL"))]
        await _until(lambda: len(errors) >= 3, what="the loop's error handler ran")
        out["errors"] = [c for c, _ in errors]
        ib.disconnect()
        return out

    out = asyncio.run(main())
    assert out["raised"] == 200
    assert out["empty"] == [] and out["blocking_empty"] == []
    assert out["still_good"] == [265598]
    assert out["errors"] == [200, 200, 200]


def test_class_default_raises_and_instances_switch_apart() -> None:
    assert IB.RaiseRequestErrors is True
    a, b = IB(), IB()
    a.RaiseRequestErrors = False
    assert b.RaiseRequestErrors is True and IB.RaiseRequestErrors is True


def test_cancelling_an_awaiting_task_leaves_the_shared_request_to_the_others(sim: Simulator) -> None:
    held: list[Any] = []
    sim.hooks["reqCurrentTime"] = lambda session, req: held.append(session) or True  # answered by hand below

    async def main() -> dict[str, Any]:
        ib = await IB().connectAsync("127.0.0.1", sim.port, clientId=CLIENT)
        ib.RequestTimeout = 10
        first = asyncio.ensure_future(ib.reqCurrentTimeAsync())
        second = asyncio.ensure_future(ib.reqCurrentTimeAsync())  # the same keyed request: shared
        third = ib.reqCurrentTimeFuture()
        deadline = time.monotonic() + 10
        while not held and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
        s = held[0]
        s.send(s.enc_.current_time(1_800_000_000))
        out = {"second": await asyncio.wait_for(second, 10), "third": third.result(10), "asked": len(held)}
        ib.disconnect()
        return out

    out = asyncio.run(main())
    want = dt.datetime.fromtimestamp(1_800_000_000, dt.timezone.utc)
    assert out == {"second": want, "third": want, "asked": 1}


def test_async_calls_time_out_like_the_blocking_ones(sim: Simulator) -> None:
    sim.hooks["reqContractDetails"] = lambda session, req: True  # never answered

    async def main() -> float:
        ib = await IB().connectAsync("127.0.0.1", sim.port, clientId=CLIENT)
        ib.RequestTimeout = 0.5
        t0 = time.monotonic()
        try:
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(ib.reqContractDetailsAsync(Stock("AAPL")), 10)
            return time.monotonic() - t0
        finally:
            ib.disconnect()

    took = asyncio.run(main())
    assert 0.4 < took < 8


def test_connect_async_refused_and_cancelled() -> None:
    with Simulator(tick_interval=None) as sim:
        port = sim.port
    # nobody listens any more: the awaitable raises, the loop was never blocked
    with pytest.raises(ConnectionError):
        asyncio.run(IB().connectAsync("127.0.0.1", port, clientId=CLIENT, timeout=2))

    with Simulator(tick_interval=None) as sim:
        sim.hooks["reqPositions"] = lambda session, req: True  # the sync hangs here until its timeout
        ib = IB()
        cancelled_at: list[float] = []
        attempt_timeout = 20

        async def main() -> None:
            task = asyncio.ensure_future(ib.connectAsync("127.0.0.1", sim.port, clientId=CLIENT,
                                                         timeout=attempt_timeout))
            deadline = time.monotonic() + 10
            while sim.session(CLIENT) is None and time.monotonic() < deadline:
                await asyncio.sleep(0.005)
            task.cancel()
            cancelled_at.append(time.monotonic())
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(main())
        end = time.monotonic() + 10
        while (ib.isConnected() or sim.session(CLIENT) is not None) and time.monotonic() < end:
            time.sleep(0.01)
        assert not ib.isConnected(), "a cancelled connectAsync left the connection open"
        assert time.monotonic() - cancelled_at[0] < attempt_timeout / 2, "the attempt ran on to its timeout"
        end = time.monotonic() + 10
        while [t for t in threading.enumerate() if t.name.startswith("ibwire-") and "sim" not in t.name] \
                and time.monotonic() < end:
            time.sleep(0.01)
        assert not [t.name for t in threading.enumerate() if t.name.startswith("ibwire-") and "sim" not in t.name]
        # the IB is usable again
        ib.connect("127.0.0.1", sim.port, clientId=CLIENT, timeout=5, fetchFields=StartupFetchNONE)
        assert ib.isConnected()
        ib.disconnect()


# --- events: loops, slow consumers ----------------------------------------------------------------------

def test_a_slow_loop_never_holds_up_the_dispatch_thread(sim: Simulator) -> None:
    ib = IB()
    ib.RequestTimeout = 10
    gate = threading.Event()
    seen: list[int] = []
    worker_done: list[float] = []

    def worker() -> None:
        for _ in range(5):
            ib.reqCurrentTime()
        with pytest.raises(RequestError):
            ib.reqContractDetails(Stock("NOPE2"))  # emits errorEvent while the loop is stuck
        worker_done.append(time.monotonic())
        gate.set()

    async def main() -> None:
        await ib.connectAsync("127.0.0.1", sim.port, clientId=CLIENT)

        def slow(reqId: int, code: int, text: str, contract: Any) -> None:
            seen.append(code)
            if len(seen) == 1:
                threading.Thread(target=worker, name="worker", daemon=True).start()
                gate.wait(20)  # this loop is stuck until the worker is through

        ib.errorEvent += slow
        consumed: list[Any] = []

        async def consume() -> None:  # a slow async consumer of the same event
            async for args in ib.errorEvent:
                consumed.append(args)
                await asyncio.sleep(0.05)
                if len(consumed) == 2:
                    return

        task = asyncio.ensure_future(consume())
        await asyncio.sleep(0)
        with pytest.raises(RequestError):
            await ib.reqContractDetailsAsync(Stock("NOPE"))
        await asyncio.wait_for(task, 30)
        assert [a[1] for a in consumed] == [200, 200]
        ib.disconnect()

    t0 = time.monotonic()
    asyncio.run(main())
    assert worker_done, "the worker's blocking calls never completed while the loop was stuck"
    assert worker_done[0] - t0 < 15
    assert seen == [200, 200]


def test_coroutine_handlers_run_as_tasks_on_their_loop() -> None:
    ev = Event("ev")

    async def main() -> list[tuple[int, bool]]:
        got: list[tuple[int, bool]] = []
        me = asyncio.get_running_loop()

        async def handler(x: int) -> None:
            await asyncio.sleep(0)
            got.append((x, asyncio.get_running_loop() is me))

        ev.connect(handler)
        t = threading.Thread(target=lambda: [ev.emit(i) for i in range(3)])
        t.start()
        t.join(5)
        deadline = time.monotonic() + 5
        while len(got) < 3 and time.monotonic() < deadline:
            await asyncio.sleep(0.001)
        return got

    assert asyncio.run(main()) == [(0, True), (1, True), (2, True)]


def test_await_an_event_from_another_thread_and_its_values() -> None:
    ev = Event("ev")

    async def main() -> list[Any]:
        out = []
        for args in [(), (1,), (1, 2)]:
            waiter = asyncio.ensure_future(_next(ev))
            await asyncio.sleep(0)
            threading.Thread(target=ev.emit, args=args).start()
            out.append(await asyncio.wait_for(waiter, 5))
        return out

    assert asyncio.run(main()) == [NO_VALUE, 1, (1, 2)]
    assert len(ev) == 0, "awaiting left a listener behind"


def test_async_iteration_skip_to_last_tuples_and_done() -> None:
    ev = Event("ev")

    async def main() -> tuple[list[Any], list[Any], list[Any]]:
        plain, tuples, last = [], [], []

        async def collect(it: Any, into: list[Any]) -> None:
            async for v in it:
                into.append(v)

        tasks = [asyncio.ensure_future(collect(ev.aiter(), plain)),
                 asyncio.ensure_future(collect(ev.aiter(tuples=True), tuples))]
        skip = ev.aiter(skip_to_last=True)  # bound now: sees everything from here on
        for i in range(5):
            ev.emit(i)
        ev.set_done()
        last_task = asyncio.ensure_future(collect(skip, last))
        await asyncio.wait_for(asyncio.gather(*tasks, last_task), 5)
        return plain, tuples, last

    plain, tuples, last = asyncio.run(main())
    assert plain == [0, 1, 2, 3, 4]
    assert tuples == [(0,), (1,), (2,), (3,), (4,)]
    assert last == [4]
    assert len(ev) == 0


def test_leaving_an_async_for_disconnects_it() -> None:
    ev = Event("ev")

    async def main() -> int:
        async def first() -> Any:
            async for v in ev:
                return v
            return None

        task = asyncio.ensure_future(first())
        await asyncio.sleep(0)
        assert len(ev) == 1
        ev.emit("x")
        assert await asyncio.wait_for(task, 5) == "x"
        gc.collect()
        return len(ev)

    assert asyncio.run(main()) == 0


def test_a_handler_of_a_closed_loop_is_dropped_and_others_still_run() -> None:
    ev = Event("ev")
    got: list[int] = []

    async def main() -> None:
        ev.connect(lambda x: None)

    asyncio.run(main())  # its loop is closed now
    ev += got.append  # outside any loop: runs on the emitter
    ev.emit(1)
    assert got == [1] and len(ev) == 1


# --- Jupyter: a loop already running in this thread, blocking calls made from it --------------------------

def test_blocking_calls_from_inside_a_running_loop_do_not_deadlock(sim: Simulator) -> None:
    assert threading.current_thread() is threading.main_thread()

    async def cell() -> dict[str, Any]:
        out: dict[str, Any] = {}
        ib = IB()
        ib.RequestTimeout = 10
        ib.connect("127.0.0.1", sim.port, clientId=CLIENT)  # blocking, on the loop's thread
        handled: list[str] = []
        ib.errorEvent += lambda *a: handled.append(threading.current_thread().name)
        out["time"] = ib.reqCurrentTime()
        with pytest.raises(RequestError):
            ib.reqContractDetails(Stock("NOPE"))  # its errorEvent handler, bound to this loop, runs as the call waits
        out["handled_during_block"] = list(handled)
        out["details"] = [d.contract.conId for d in ib.reqContractDetails(Stock("AAPL"))]
        out["awaited"] = [d.contract.conId for d in await ib.reqContractDetailsAsync(Stock("MSFT"))]
        await _until(lambda: handled, what="the queued handler ran once the loop was free")
        out["handled"] = handled
        trade = ib.placeOrder(Stock("AAPL"), MarketOrder("BUY", 1))
        out["loop"] = [v for v in ib.loopUntil(lambda: trade.orderStatus.status == "Filled", timeout=10)][-1]
        stop = threading.Event()

        def feed() -> None:  # answers keep coming until the wait is over (one that came before it would not count)
            while not stop.is_set():
                ib.reqCurrentTime()

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        out["update"] = ib.waitOnUpdate(timeout=10)
        stop.set()
        feeder.join(10)
        ib.disconnect()
        return out

    out = asyncio.run(cell())
    assert isinstance(out["time"], dt.datetime)
    # bound to the loop, and run by the blocking call on the loop's own thread (as ib_async under nest_asyncio)
    assert out["handled_during_block"] == ["MainThread"]
    assert out["handled"] == ["MainThread"]
    assert out["details"] == [265598] and out["awaited"] == [272093]
    assert out["loop"] is True and out["update"] is True


# --- session clock from asyncio ---------------------------------------------------------------------------

def test_update_and_timeout_events_awaited(sim: Simulator) -> None:
    async def main() -> dict[str, Any]:
        ib = await IB().connectAsync("127.0.0.1", sim.port, clientId=CLIENT)
        out: dict[str, Any] = {}
        waiter = asyncio.ensure_future(_next(ib.updateEvent))
        await asyncio.sleep(0)
        ib.reqCurrentTimeFuture()  # its answer is an update
        out["update"] = await asyncio.wait_for(waiter, 10)
        ib.setTimeout(0.3)  # the simulator stays quiet (tick_interval=None)
        t0 = time.monotonic()
        out["idle"] = await asyncio.wait_for(_next(ib.timeoutEvent), 10)
        out["took"] = time.monotonic() - t0
        out["tz"] = ib.TimezoneTWS
        ib.disconnect()
        return out

    out = asyncio.run(main())
    assert out["update"] is NO_VALUE
    assert out["idle"] >= 0.3 and 0.25 < out["took"] < 6
    assert out["tz"] == "Etc/UTC"  # the simulator's handshake names UTC


def test_an_async_handler_connected_in_a_script_runs_when_its_threads_loop_runs() -> None:
    from ibwire.facade import util

    ev = Event("ev")
    got: list[tuple[int, str]] = []
    done = threading.Event()

    async def handler(x: int) -> None:
        got.append((x, threading.current_thread().name))
        done.set()

    def script() -> None:  # a thread with no loop running, as a plain script's main thread
        ev.connect(handler)
        t = threading.Thread(target=ev.emit, args=(7,), name="emitter")
        t.start()
        t.join(5)

        async def until_handled() -> None:
            while not done.is_set():
                await asyncio.sleep(0.001)

        util.run(asyncio.wait_for(until_handled(), 5))  # ib.run(...) runs this thread's loop
        util.getLoop().close()

    s = threading.Thread(target=script, name="script")
    s.start()
    s.join(10)
    assert got == [(7, "script")]


def test_handlers_the_facade_connects_for_itself_run_where_emitted_even_inside_a_loop() -> None:
    from ibwire.facade import events

    ev = Event("ev")
    where: list[str] = []

    async def main() -> None:
        with events.internal():
            ev.connect(lambda: where.append(threading.current_thread().name))
        t = threading.Thread(target=ev.emit, name="emitter")
        t.start()
        t.join(5)

    asyncio.run(main())
    assert where == ["emitter"]
