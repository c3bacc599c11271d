"""The session side of the facade on threads: updates and waiting (waitOnUpdate, loopUntil), the idle timeout,
the TWS time zone, the sync's options (raiseSyncErrors, fetchFields), errorEvent, ib_async's helpers on IB,
and the Event API (thread-safe, as ib_async's users use it)."""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import logging
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from ibwire import IB, Event, RequestError, Stock
from ibwire.facade._time import tws_timezone
from ibwire.facade.events import NO_VALUE
from ibwire.facade.objects import StartupFetch, StartupFetchNONE
from ibwire.sim import Simulator

pytestmark = pytest.mark.timeout(60)
CLIENT = 12


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(tick_interval=None) as s:
        yield s


@pytest.fixture
def ib(sim: Simulator) -> Iterator[IB]:
    ib = IB()
    ib.RequestTimeout = 10
    ib.connect("127.0.0.1", sim.port, clientId=CLIENT)
    yield ib
    ib.disconnect()


def in_thread(fn: Any) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []
    t = threading.Thread(target=lambda: out.append(fn()), daemon=True)
    t.start()
    return t, out


# --- updates and waiting ------------------------------------------------------------------------------------

def test_update_event_follows_each_batch_and_wait_on_update(ib: IB, sim: Simulator) -> None:
    updates: list[str] = []
    ib.updateEvent += lambda: updates.append(threading.current_thread().name)
    t, out = in_thread(lambda: ib.waitOnUpdate(timeout=10))
    deadline = time.monotonic() + 10
    while t.is_alive() and time.monotonic() < deadline:
        ib.reqCurrentTime()  # each answer is a batch
    t.join(10)
    assert out == [True]
    assert updates and set(updates) == {"ibwire-dispatch"}
    # a blocking call returns as its answer is delivered, before its batch's update (the loop's last one could
    # still be handled when the quiet wait starts): wait for the update of one more answer, held back by the
    # simulator until the handler can tell it
    session = sim.session(CLIENT)
    assert session is not None
    session.stall(time.monotonic() + 30)
    last = ib.reqCurrentTimeFuture()
    last_handled = threading.Event()
    ib.updateEvent += lambda: last.done() and last_handled.set()
    session.stall(0)
    assert last_handled.wait(10)
    t0 = time.monotonic()
    assert ib.waitOnUpdate(timeout=0.3) is False  # the simulator is quiet (tick_interval=None)
    assert 0.25 < time.monotonic() - t0 < 6


def test_wait_on_update_ends_false_when_the_connection_ends_for_good(sim: Simulator) -> None:
    ib = IB()
    assert ib.waitOnUpdate() is False  # never connected: nothing will ever come
    ib.connect("127.0.0.1", sim.port, clientId=CLIENT)
    t, out = in_thread(ib.waitOnUpdate)  # no timeout
    deadline = time.monotonic() + 5
    while not ib._update_cond._waiters and time.monotonic() < deadline:  # type: ignore[attr-defined]
        time.sleep(0.005)
    ib.disconnect()
    t.join(5)
    assert out == [False]
    assert ib.waitOnUpdate() is False


def test_wait_on_update_waits_through_a_reconnect(sim: Simulator) -> None:
    ib = IB()
    ib.ReconnectDelay = 0.05
    ib.connect("127.0.0.1", sim.port, clientId=CLIENT)
    try:
        reconnected = threading.Event()
        ib.connectedEvent += reconnected.set
        sim.drop(CLIENT)
        t, out = in_thread(lambda: ib.waitOnUpdate(timeout=15))
        assert reconnected.wait(15), "no reconnect"
        deadline = time.monotonic() + 15
        while t.is_alive() and time.monotonic() < deadline:
            ib.reqCurrentTime()  # updates after the reconnect, for a waiter the drop did not end
        t.join(15)
        assert out == [True]  # a lost connection that is being re-established does not end the wait
    finally:
        ib.disconnect()


def test_wait_on_update_on_the_dispatch_thread_is_refused(ib: IB) -> None:
    refused: list[BaseException] = []

    def handler(*_: Any) -> None:
        try:
            ib.waitOnUpdate(1)
        except RuntimeError as e:
            refused.append(e)

    ib.errorEvent += handler
    with pytest.raises(RequestError):
        ib.reqContractDetails(Stock("NOPE"))
    deadline = time.monotonic() + 5
    while not refused and time.monotonic() < deadline:
        time.sleep(0.005)
    assert refused


def test_loop_until_yields_per_update_until_the_condition_or_the_timeout(ib: IB, sim: Simulator) -> None:
    answers: list[dt.datetime] = []
    feeder_stop = threading.Event()

    def feed() -> None:  # answers keep coming until the loop is over
        while not feeder_stop.is_set():
            answers.append(ib.reqCurrentTime())

    feeder = threading.Thread(target=feed, daemon=True)
    seen = []
    feeder.start()
    for v in ib.loopUntil(lambda: len(answers) >= 3 and "enough", timeout=10):
        seen.append(v)
    feeder_stop.set()
    feeder.join(5)
    assert seen[-1] == "enough" and len(answers) >= 3
    assert all(not v for v in seen[:-1])
    t0 = time.monotonic()
    last = list(ib.loopUntil(lambda: False, timeout=0.3))
    assert last[-1] is False and 0.25 < time.monotonic() - t0 < 6
    ib.disconnect()
    assert list(ib.loopUntil(lambda: False)) == [False, False]  # closed for good: no endless wait


# --- idle timeout -------------------------------------------------------------------------------------------

def test_timeout_event_fires_once_after_silence_and_data_keeps_it_away(ib: IB) -> None:
    fired: list[tuple[float, float]] = []
    got = threading.Event()

    def on_timeout(idle: float) -> None:
        assert threading.current_thread().name == "ibwire-dispatch"
        fired.append((idle, time.monotonic()))
        got.set()

    ib.timeoutEvent += on_timeout
    ib.setTimeout(0.4)
    t0 = time.monotonic()
    while time.monotonic() - t0 < 1.2:  # data keeps arriving: no timeout
        ib.reqCurrentTime()
        got.wait(0.05)
    assert fired == []
    quiet = time.monotonic()
    assert got.wait(5)
    idle, when = fired[0]
    assert idle >= 0.4 and 0.2 < when - quiet < 5
    assert not got.wait(0.0) or len(fired) == 1
    got.clear()
    assert not got.wait(0.8), "the timeout fired again without being set again"
    ib.setTimeout(0.2)  # re-armed
    assert got.wait(5) and len(fired) == 2
    got.clear()
    ib.setTimeout(0.2)
    ib.setTimeout(0)  # off
    assert not got.wait(0.6)


def test_disconnect_turns_the_timeout_off(sim: Simulator) -> None:
    ib = IB()
    ib.connect("127.0.0.1", sim.port, clientId=CLIENT)
    fired = threading.Event()
    ib.timeoutEvent += lambda idle: fired.set()
    ib.setTimeout(0.3)
    ib.disconnect()
    ib.connect("127.0.0.1", sim.port, clientId=CLIENT)
    try:
        assert not fired.wait(0.8)
    finally:
        ib.disconnect()


# --- the TWS time zone ----------------------------------------------------------------------------------------

def test_timezone_tws_is_learned_at_connect_unless_the_user_set_one(sim: Simulator,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    ib = IB()
    assert ib.TimezoneTWS == ""
    ib.connect("127.0.0.1", sim.port, clientId=CLIENT)
    assert ib.TimezoneTWS == "Etc/UTC" and ib._tws_zone() == tws_timezone("UTC")
    ib.disconnect()
    from ibwire.protocol import handshake

    plain = handshake.server_hello
    monkeypatch.setattr(handshake, "server_hello", lambda v, t: plain(v, t.replace(" UTC", " EST")))
    ib.connect("127.0.0.1", sim.port, clientId=CLIENT)
    assert ib.client.twsConnectionTime().endswith(" EST")  # type: ignore[union-attr]
    assert ib.TimezoneTWS == "America/New_York"  # EST names the region (daylight saving included)
    summer = dt.datetime(2026, 7, 1, 12, tzinfo=ib._tws_zone())
    assert summer.utcoffset() == dt.timedelta(hours=-4)
    ib.disconnect()
    ib.TimezoneTWS = "Europe/Zurich"  # the user's choice stays
    ib.connect("127.0.0.1", sim.port, clientId=CLIENT)
    assert ib.TimezoneTWS == "Europe/Zurich"
    ib.disconnect()
    monkeypatch.setattr(handshake, "server_hello", lambda v, t: plain(v, t.replace(" UTC", "")))
    fresh = IB()
    fresh.connect("127.0.0.1", sim.port, clientId=CLIENT)  # no zone named: local time, as ib_async assumes
    assert fresh.TimezoneTWS == "" and fresh._tws_zone() is None
    fresh.disconnect()


# --- the sync's options ------------------------------------------------------------------------------------

def _position(sim: Simulator) -> None:
    from ibwire.model import Contract, Order

    c = Contract()
    c.symbol, c.secType = "IBM", "STK"
    o = Order()
    o.action, o.orderType, o.totalQuantity = "BUY", "MKT", Decimal(10)
    sim.broker.place(CLIENT, 1, c, o)


def test_fetch_fields_choose_what_the_sync_loads(sim: Simulator) -> None:
    _position(sim)
    asked: list[str] = []
    for name in ("reqPositions", "reqOpenOrders", "reqCompletedOrders", "reqAccountUpdates", "reqExecutions"):
        sim.hooks[name] = lambda session, req: asked.append(req.name) and False
    with IB().connect("127.0.0.1", sim.port, clientId=CLIENT, fetchFields=StartupFetchNONE) as ib:
        assert asked == [] and ib.positions() == [] and ib.fills() == []
    with IB().connect("127.0.0.1", sim.port, clientId=CLIENT,
                      fetchFields=StartupFetch.POSITIONS | StartupFetch.EXECUTIONS) as ib:
        assert sorted(asked) == ["reqExecutions", "reqPositions"]
        assert [p.contract.symbol for p in ib.positions()] == ["IBM"] and len(ib.fills()) == 1


@pytest.mark.skipif(not hasattr(IB, "reqAccountUpdatesMultiFuture"), reason="account module without it yet")
def test_sub_account_updates_at_connect_up_to_max_synced_sub_accounts(sim: Simulator) -> None:
    asked: list[str] = []
    sim.hooks["reqAccountUpdatesMulti"] = lambda session, req: asked.append(req.message.account) and False
    with IB().connect("127.0.0.1", sim.port, clientId=CLIENT):
        assert asked == ["DU1234567"]  # one account, within the default 50
    asked.clear()
    few = IB()
    few.MaxSyncedSubAccounts = 0
    with few.connect("127.0.0.1", sim.port, clientId=CLIENT):
        assert asked == []
    with IB().connect("127.0.0.1", sim.port, clientId=CLIENT,
                      fetchFields=StartupFetch.POSITIONS | StartupFetch.ACCOUNT_UPDATES):
        assert asked == []


def test_a_failing_sync_request_is_logged_unless_raise_sync_errors(sim: Simulator,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    sim.hooks["reqPositions"] = lambda session, req: True  # never answered
    with caplog.at_level(logging.ERROR, "ibwire"):
        ib = IB().connect("127.0.0.1", sim.port, clientId=CLIENT, timeout=0.5)
    try:
        assert ib.isConnected()
        assert any("positions" in r.getMessage() for r in caplog.records)
    finally:
        ib.disconnect()
    t0 = time.monotonic()
    with pytest.raises(ConnectionError, match="positions"):
        IB().connect("127.0.0.1", sim.port, clientId=CLIENT, timeout=0.5, raiseSyncErrors=True)
    assert time.monotonic() - t0 < 5


def test_connect_future(sim: Simulator) -> None:
    ib = IB()
    f = ib.connectFuture("127.0.0.1", sim.port, clientId=CLIENT)
    assert f.result(10) is ib and ib.isConnected()
    assert repr(ib) == f"<IB connected to 127.0.0.1:{sim.port} clientId={CLIENT}>"
    ib.disconnect()
    assert repr(ib) == "<IB not connected>"
    assert not [t for t in threading.enumerate() if t.name == "ibwire-connect"]


# --- errors ------------------------------------------------------------------------------------------------

def test_error_event_gives_the_contract_slot_and_the_request_error_its_json(ib: IB, sim: Simulator) -> None:
    got: list[tuple[Any, ...]] = []
    ib.errorEvent += lambda *a: got.append(a)
    with pytest.raises(RequestError) as e:
        ib.reqContractDetails(Stock("NOPE"))
    assert e.value.advancedOrderRejectJson == ""
    deadline = time.monotonic() + 5
    while not got and time.monotonic() < deadline:
        time.sleep(0.005)
    reqId, code, text, contract = got[0]
    assert code == 200 and reqId == e.value.reqId and text == e.value.message
    assert contract is None or contract.symbol == "NOPE"
    sim.send_raw(sim.sessions[0].enc_.error(-1, 2104, "farm ok", when_ms=1))
    while len(got) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert got[1][:3] == (-1, 2104, "farm ok") and got[1][3] is None


def test_raise_request_errors_off_gives_the_empty_result_and_logs(ib: IB, caplog: pytest.LogCaptureFixture) -> None:
    ib.RaiseRequestErrors = False
    with caplog.at_level(logging.ERROR, "ibwire"):
        assert ib.reqContractDetails(Stock("NOPE")) == []
        assert ib.reqContractDetailsFuture(Stock("NOPE")).result(10) == []
    assert sum("200" in r.getMessage() for r in caplog.records) >= 2
    ib.RaiseRequestErrors = True
    with pytest.raises(RequestError):
        ib.reqContractDetails(Stock("NOPE"))


# --- ib_async's helpers on IB ------------------------------------------------------------------------------

def test_run_sleep_wait_until_time_range_and_schedule(ib: IB) -> None:
    assert IB.sleep(0) is True and ib.sleep(0.01) is True
    assert isinstance(ib.run(ib.reqCurrentTimeFuture()), dt.datetime)
    assert isinstance(ib.run(ib.reqCurrentTimeAsync()), dt.datetime)  # a coroutine: on this thread's loop
    both = ib.run(ib.reqCurrentTimeAsync(), ib.reqPositionsAsync(), timeout=10)
    assert isinstance(both[0], dt.datetime) and both[1] == []
    now = dt.datetime.now(dt.timezone.utc)
    assert ib.waitUntil(now) is True
    points = list(ib.timeRange(now + dt.timedelta(seconds=0.3), now + dt.timedelta(seconds=0.5), 0.1))
    assert len(points) == 3 and dt.datetime.now(dt.timezone.utc) >= points[-1]
    called = threading.Event()
    ib.schedule(dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=0.05), called.set)
    assert called.wait(5)

    async def arange() -> list[dt.datetime]:
        start = dt.datetime.now(dt.timezone.utc)
        return [t async for t in ib.timeRangeAsync(start, start + dt.timedelta(seconds=0.1), 0.05)]

    assert 2 <= len(asyncio.run(arange())) <= 3


def test_session_events_exist_and_the_events_tuple_is_ib_asyncs() -> None:
    ib = IB()
    assert len(IB.events) == 25 and len(set(IB.events)) == 25
    for name in ("connectedEvent", "disconnectedEvent", "errorEvent", "timeoutEvent", "updateEvent"):
        assert name in IB.events and isinstance(getattr(ib, name), Event)
        assert getattr(ib, name).name() == name
    assert IB.MaxSyncedSubAccounts == 50 and IB.TimezoneTWS == ""


# --- the Event API on threads --------------------------------------------------------------------------------

def test_event_connect_disconnect_operators_len_contains_clear() -> None:
    ev = Event("ev")
    got: list[Any] = []

    def f(*a: Any) -> None:
        got.append(("f", a))

    g = lambda *a: got.append(("g", a))  # noqa: E731
    ev += f
    ev.connect(g)
    ev += f  # twice: called twice, as eventkit
    assert len(ev) == 3 and f in ev and g in ev and bool(Event()) is True
    ev.emit(1, 2)
    assert got == [("f", (1, 2)), ("g", (1, 2)), ("f", (1, 2))]
    ev -= f
    assert f not in ev and len(ev) == 1
    ev.disconnect(f)  # not connected: fine
    ev(3)  # calling an event emits
    assert got[-1] == ("g", (3,))
    ev.clear()
    assert len(ev) == 0
    assert ev.value() == 3 and Event().value() is NO_VALUE


def test_event_chains_to_another_event_and_init() -> None:
    a, b = Event("a"), Event("b")
    got: list[Any] = []
    b += got.append
    a += b
    a.emit("x")
    assert got == ["x"]

    class Holder:
        pass

    h = Holder()
    Event.init(h, ["oneEvent", "twoEvent"])
    assert isinstance(h.oneEvent, Event) and h.twoEvent.name() == "twoEvent"  # type: ignore[attr-defined]


def test_bound_methods_are_held_weakly_unless_keep_ref_and_disconnect_obj() -> None:
    ev = Event("ev")
    calls: list[str] = []

    class Listener:
        def __init__(self, name: str) -> None:
            self.name = name

        def on(self, *a: Any) -> None:
            calls.append(self.name)

        def other(self, *a: Any) -> None:
            calls.append(self.name + "-other")

    weak, strong, obj = Listener("weak"), Listener("strong"), Listener("obj")
    ev += weak.on
    ev.connect(strong.on, keep_ref=True)
    ev += obj.on
    ev += obj.other
    ev.emit()
    assert calls == ["weak", "strong", "obj", "obj-other"]
    ev.disconnect_obj(obj)
    del weak, strong
    gc.collect()
    calls.clear()
    ev.emit()
    assert calls == ["strong"] and len(ev) == 1


def test_a_raising_handler_is_logged_its_error_listener_told_and_the_others_run(
        caplog: pytest.LogCaptureFixture) -> None:
    ev = Event("ev")
    errors: list[tuple[Any, BaseException]] = []
    got: list[int] = []

    def bad(x: int) -> None:
        raise ValueError("boom")

    ev.connect(bad, error=lambda source, e: errors.append((source, e)))
    ev += got.append
    with caplog.at_level(logging.ERROR, "ibwire.events"):
        ev.emit(1)
    assert got == [1] and errors and errors[0][0] is ev and str(errors[0][1]) == "boom"
    assert any("ev" in r.getMessage() for r in caplog.records)


def test_wait_blocks_for_the_next_emission_with_a_deadline(ib: IB) -> None:
    ev = Event("ev")
    with pytest.raises(TimeoutError):
        ev.wait(0.05)
    threading.Timer(0.05, ev.emit, args=(1, 2)).start()
    assert ev.wait(5) == (1, 2) and len(ev) == 0
    refused: list[BaseException] = []

    def handler(*_: Any) -> None:
        try:
            ev.wait(1)
        except RuntimeError as e:
            refused.append(e)

    ib.errorEvent += handler
    with pytest.raises(RequestError):
        ib.reqContractDetails(Stock("NOPE"))
    deadline = time.monotonic() + 5
    while not refused and time.monotonic() < deadline:
        time.sleep(0.005)
    assert refused, "wait on the dispatch thread did not refuse"


def test_set_done_tells_done_listeners() -> None:
    ev = Event("ev")
    done: list[Event] = []
    ev.connect(lambda: None, done=done.append)
    assert not ev.done()
    ev.set_done()
    ev.set_done()
    assert ev.done() and done == [ev]


def test_events_are_thread_safe_under_concurrent_connects_and_emits() -> None:
    ev = Event("ev")
    stop = threading.Event()
    counts = [0]
    errors: list[BaseException] = []

    def emitter() -> None:
        try:
            while not stop.is_set():
                ev.emit(1)
                counts[0] += 1
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    def churn(i: int) -> None:
        try:
            for _ in range(2000):
                h = lambda *a: None  # noqa: E731
                ev.connect(h)
                assert h in ev
                ev.disconnect(h)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    em = threading.Thread(target=emitter)
    em.start()
    workers = [threading.Thread(target=churn, args=(i,)) for i in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    stop.set()
    em.join(5)
    assert not errors and len(ev) == 0 and counts[0] > 0
