"""The simulator under faults, over real sockets: a client that stops reading, a stalled
client, unreadable request fields, half-open handshakes, too many connections, TWS losing
its connection to IB (1100/1101/1102), and the pinned wall clock."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import App, SimProcess, step_clock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle.spec import build
from test_requests_oracle import CLASSES, METHODS, arg_strategies
from test_sim_engine import NOTICES, errors, order, stk

from ibwire.protocol import handshake
from ibwire.protocol.framing import Framer, frame, split_frame
from ibwire.protocol.requests import REQUESTS, proto_frame, text_frame
from ibwire.protocol.server_requests import RequestError, read_request
from ibwire.sim import Simulator

PINNED = dt.datetime(2026, 11, 24, 15, 30, 12, tzinfo=dt.timezone.utc)


def sim_threads(sim: Simulator | None = None) -> list[threading.Thread]:
    """The simulator threads alive (of ``sim`` only: its names carry its port)."""
    mine = "" if sim is None else f":{sim.port}"
    return [t for t in threading.enumerate() if t.name.startswith("ibwire-sim") and mine in t.name]


def until(pred: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def connected(sim: Simulator, client_id: int, version: int | None = None) -> App:
    a = App()
    a.c.setPacing(0)  # round trips are timed: the client's own pacing must not be in them
    a.connect(sim.port, client_id)
    a.w.wait_for("managedAccounts")
    if version is not None:
        assert a.c.serverVersion() == version
    return a


def round_trip(a: App) -> float:
    """Seconds reqCurrentTime takes to come back."""
    n = len(a.w.of("currentTime"))
    t0 = time.monotonic()
    a.c.reqCurrentTime()
    a.w.wait_for(lambda: len(a.w.of("currentTime")) > n, timeout=10)
    return time.monotonic() - t0


class Raw:
    """A client on a bare socket: it does what a test says, byte for byte, and reads only when told."""

    def __init__(self, port: int, rcvbuf: int | None = None) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf is not None:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.connect(("127.0.0.1", port))
        self.version = 0

    def handshake(self, version: int, client_id: int) -> None:
        self.sock.sendall(handshake.client_hello(version, version))
        framer = Framer()
        self.sock.settimeout(10)
        frames: list[bytes] = []
        while not frames:
            chunk = self.sock.recv(4096)
            assert chunk, "closed in the handshake"
            frames = framer.feed(chunk)
        self.sock.settimeout(None)
        self.version = int(frames[0].split(b"\0")[0])
        self.send("startApi", client_id, "")

    def send(self, name: str, *args: Any) -> None:
        self.sock.sendall(REQUESTS[name].encode(self.version, *args))

    def closed_by_peer(self, timeout: float) -> bool:
        """True when the server closes the connection within ``timeout`` (what it sent is skipped)."""
        self.sock.settimeout(timeout)
        try:
            while self.sock.recv(1 << 16):
                pass
            return True
        except ConnectionResetError:
            return True
        except TimeoutError:
            return False

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def sim_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    with caplog.at_level(logging.INFO, logger="ibwire.sim"):
        yield caplog


def logged(caplog: pytest.LogCaptureFixture, *words: str) -> bool:
    return any(all(w in r.getMessage() for w in words) for r in caplog.records if r.levelno >= logging.WARNING)


# --- one slow client holds up nobody ----------------------------------------------------------------


def test_a_client_that_stops_reading_holds_up_nobody_and_is_disconnected(sim_log: Any) -> None:
    bound = 256 * 1024
    with Simulator(tick_interval=0.02, server_version=176, max_queue_bytes=bound) as sim:
        sim.history_pacing = False
        sim.max_rate = 10_000

        def small_kernel_buffer(session: Any, req: Any) -> bool:
            # so that the queue, not the kernel's megabytes of buffering, takes the backlog
            session.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 16384)
            return False

        sim.hooks["startApi"] = small_kernel_buffer
        a = connected(sim, 1)
        raw = Raw(sim.port, rcvbuf=4096)
        raw.handshake(176, 2)
        until(lambda: sim.session(2) is not None, what="client 2")
        writer = sim.session(2)._writer  # type: ignore[union-attr]
        assert writer is not None
        for i, symbol in enumerate(("AAPL", "MSFT", "IBM", "TSLA", "NVDA")):
            raw.send("reqMktData", 10 + i, stk(symbol), "", False, False, [])
            raw.send("reqMktDepth", 20 + i, stk(symbol), 5, False, [])
        worst = 0.0
        deadline = time.monotonic() + 60
        req_id = 100
        while sim.session(2) is not None and time.monotonic() < deadline:
            # answers of ~240 kB each fill the kernel's buffers faster than the market data alone
            req_id += 1
            try:
                raw.send("reqHistoricalData", req_id, stk(), "", "3600 S", "1 secs", "TRADES", 0, 1, False, [])
            except OSError:  # disconnected meanwhile
                pass
            worst = max(worst, round_trip(a))
        assert sim.session(2) is None, "the client that does not read was never disconnected"
        assert worst < 1.0, f"client 1 waited {worst:.2f} s for an answer"
        assert logged(sim_log, "client 2", str(bound), "disconnecting")
        until(lambda: not writer.is_alive(), what="client 2's writer to end")
        assert round_trip(a) < 1.0 and a.c.isConnected()
        raw.close()
        a.close()


def test_a_stalled_client_holds_up_nobody() -> None:
    with Simulator(tick_interval=0.05) as sim:
        sim.max_rate = 10_000
        a, b = connected(sim, 1), connected(sim, 2)
        a.c.reqMktData(1, stk(), "", False, False, [])
        a.w.wait_for("tickPrice")
        t0 = time.monotonic()
        sim.stall(3.0, client_id=2)
        b.c.reqCurrentTime()
        b.c.reqMktData(1, stk(), "", False, False, [])
        while time.monotonic() - t0 < 2.0:
            assert round_trip(a) < 1.0
        seen = b.w.of("currentTime") + b.w.of("tickPrice")
        if time.monotonic() - t0 < 3.0:  # (a busy machine may have taken us past the stall)
            assert seen == []  # held, not lost: both come below
        n = len(a.w.of("tickPrice"))
        a.w.wait_for(lambda: len(a.w.of("tickPrice")) > n)  # the market goes on for client 1
        b.w.wait_for("currentTime")
        assert time.monotonic() - t0 >= 2.9
        b.w.wait_for("tickPrice")
        a.close()
        b.close()


def test_session_threads_end_with_their_session_and_with_the_simulator() -> None:
    sim = Simulator(tick_interval=0.05, handshake_timeout=30).start()
    try:
        a = connected(sim, 1)
        (s,) = sim.sessions
        writer = s._writer
        assert writer is not None and writer.is_alive() and writer.name.startswith("ibwire-sim-writer")
        a.close()
        until(lambda: not writer.is_alive(), what="the writer to end with its session")
        until(lambda: not sim.sessions, what="the session to end")
        # a live client, one that never reads, a half-open handshake: all end with stop()
        b = connected(sim, 2)
        b.c.reqMktData(1, stk(), "", False, False, [])
        raw = Raw(sim.port, rcvbuf=4096)
        raw.handshake(176, 3)
        raw.send("reqMktData", 1, stk(), "", False, False, [])
        half = Raw(sim.port)
        half.sock.sendall(b"API\0")
        until(lambda: len(sim.sessions) == 3, what="three sessions")
        assert len(sim_threads(sim)) == 2 + 2 + 2 + 1  # accept, clock; reader + writer twice; a reader
    finally:
        sim.stop()
    assert sim_threads(sim) == []
    b.close()
    raw.close()
    half.close()


# --- unreadable fields: error 320, the session goes on -------------------------------------------------


def _bad_frames(version: int) -> list[tuple[bytes, int]]:
    """Frames with one field that does not convert, and the request id error 320 must carry."""
    c, o = stk(), order("BUY", "MKT", 10)
    place, cancel, mkt = REQUESTS["placeOrder"], REQUESTS["cancelMktData"], REQUESTS["reqMktData"]
    huge = str(2**70)
    text_cancel = text_frame(cancel.msg_id, f"2\0{huge}\0", version)
    if version < 201:
        good = place.encode(version, 5, c, o)[4:]
        assert b"\0BUY\x0010\0" in good and b"\x005\x000\0AAPL\0" in good
        text_mkt = mkt.encode(version, 7, c, "", False, False, [])[4:]
        assert b"\x007\x000\0AAPL\0" in text_mkt
        return [(frame(good.replace(b"\0BUY\x0010\0", b"\0BUY\0ten\0")), 5),
                (frame(good.replace(b"\x005\x000\0AAPL\0", f"\0{huge}\x000\0AAPL\0".encode())), -1),
                (text_cancel, -1),
                (frame(text_mkt.replace(b"\x007\x000\0AAPL\0", b"\x007\0zz\0AAPL\0")), 7)]
    m = place.proto(5, c, o)  # type: ignore[misc]
    m.order.totalQuantity = "ten"
    overflow = (cancel.msg_id + 200).to_bytes(4, "big") + b"\x08" + b"\xff" * 10 + b"\x01"  # an 11-byte varint
    return [(proto_frame(place.msg_id, m), 5), (frame(overflow), -1), (text_cancel, -1)]


@pytest.mark.parametrize("version", [176, 222])
def test_an_unreadable_field_is_error_320_and_the_session_goes_on(version: int) -> None:
    with Simulator(tick_interval=None, server_version=version) as sim:
        a = connected(sim, 1, version)
        expected = []
        for data, req_id in _bad_frames(version):
            a.c.sendBytes(data)
            expected.append((req_id, 320))
            a.w.wait_for(lambda: len(errors(a)) == len(expected))
            assert round_trip(a) < 5 and a.c.isConnected()
        assert errors(a) == expected
        assert sim.broker.orders == {}
        a.c.placeOrder(6, stk(), order("BUY", "MKT", 10))  # and real work still gets done
        a.w.wait_for(lambda: any(s[0] == 6 and s[1] == "Filled" for s in a.w.of("orderStatus")))
        a.close()


def test_no_failure_handling_a_request_ends_the_session(monkeypatch: pytest.MonkeyPatch) -> None:
    from ibwire.sim import server

    real = server.read_request

    def reader_with_a_bug(body: bytes, sv: int) -> Any:
        req = real(body, sv)
        if req.name == "reqIds":
            raise RuntimeError("a reader bug")
        return req

    with Simulator(tick_interval=None) as sim:
        a = connected(sim, 1)
        monkeypatch.setattr(server, "read_request", reader_with_a_bug)
        sim.hooks["reqManagedAccts"] = lambda session, req: bool(1 // 0)
        a.c.reqIds(1)
        a.c.reqManagedAccts()
        a.w.wait_for(lambda: len(errors(a)) == 2)
        assert errors(a) == [(-1, 10000), (-1, 10000)]
        assert [e[3] for e in a.w.of("error")][-1] == "Simulator failed to handle reqManagedAccts"
        assert round_trip(a) < 5 and a.c.isConnected()
        a.close()


GARBAGE = [b"ten", str(2**70).encode(), str(-(2**70)).encode(), b"-", b"1e999", b"nan", b"0x10", b"1.5.5", b" 7",
           b"\xff\xfe", b"9" * 400, b"1,5", b"Infinity"]


@pytest.mark.parametrize("method", METHODS)
def test_the_request_reader_raises_nothing_but_request_errors(method: str) -> None:
    """Every request kind, text or protobuf, with one field replaced by garbage (or protobuf bytes
    mutated): the server's reader returns a request or raises RequestError with a 32-bit id."""
    r = REQUESTS[method]

    @settings(max_examples=int(os.environ.get("IBWIRE_EXAMPLES", "10")), deadline=None, database=None,
              suppress_health_check=list(HealthCheck), derandomize="IBWIRE_RANDOM" not in os.environ)
    @given(st.sampled_from([176, 222]), st.booleans(), st.tuples(*arg_strategies(method)), st.data())
    def check(sv: int, as_text: bool, spec: tuple[Any, ...], data: st.DataObject) -> None:
        args = tuple(build(x, CLASSES) for x in spec)
        try:
            if as_text and r.text is not None:
                whole = text_frame(r.msg_id, r.text(sv, *args), sv)
            else:
                whole = r.encode(sv, *args)
        except Exception:  # noqa: BLE001 - refused client-side: nothing to read
            return
        body = whole[4:]
        msg_id, fields_, proto = split_frame(body, sv)
        if proto is not None:
            mutated = bytearray(proto)
            for _ in range(data.draw(st.integers(1, 3))):
                if mutated:
                    mutated[data.draw(st.integers(0, len(mutated) - 1))] = data.draw(st.integers(0, 255))
            body = body[:4] + bytes(mutated[:data.draw(st.integers(0, len(mutated)))])
        elif fields_:
            fields_ = list(fields_)
            fields_[data.draw(st.integers(0, len(fields_) - 1))] = data.draw(st.sampled_from(GARBAGE))
            head = msg_id.to_bytes(4, "big") if sv >= 201 else f"{msg_id}\0".encode()
            body = head + b"\0".join(fields_) + b"\0"
        try:
            read_request(body, sv)
        except RequestError as e:
            assert e.req_id == -1 or -(2**31) <= e.req_id < 2**31

    check()


# --- handshakes and the connection cap ----------------------------------------------------------------


def test_a_half_open_handshake_is_closed_after_the_timeout(sim_log: Any) -> None:
    with Simulator(tick_interval=None, handshake_timeout=0.5) as sim:
        silent, partial = Raw(sim.port), Raw(sim.port)
        partial.sock.sendall(b"API\0\0\0\0\x09v100")  # the version frame, cut short
        t0 = time.monotonic()
        assert silent.closed_by_peer(10) and partial.closed_by_peer(10)
        assert 0.4 <= time.monotonic() - t0 < 5
        assert logged(sim_log, "handshake", "not completed within 0.5 s")
        a = connected(sim, 1)  # a client that completes the handshake stays
        time.sleep(0.6)
        assert round_trip(a) < 5
        until(lambda: len(sim.sessions) == 1, what="the half-open sessions to go")
        a.close()
        silent.close()
        partial.close()


def test_connections_over_the_cap_are_closed_at_once(sim_log: Any) -> None:
    with Simulator(tick_interval=None, max_connections=3) as sim:
        a = connected(sim, 1)
        waiting = [Raw(sim.port), Raw(sim.port)]
        until(lambda: len(sim.sessions) == 3, what="three connections")
        extra = Raw(sim.port)
        assert extra.closed_by_peer(5)
        assert logged(sim_log, "refused", "3 connections already")
        assert round_trip(a) < 5 and len(sim.sessions) == 3
        for w in waiting:
            w.close()
        until(lambda: len(sim.sessions) == 1, what="the waiting ones to go")
        b = connected(sim, 2)  # room again
        b.close()
        a.close()
        extra.close()


def test_threads_stay_bounded_with_200_half_open_connections() -> None:
    with Simulator(tick_interval=None, max_connections=16, handshake_timeout=30) as sim:
        socks = []
        try:
            for _ in range(200):
                socks.append(Raw(sim.port))
            until(lambda: len(sim.sessions) == 16, what="16 sessions")
            time.sleep(0.2)
            assert len(sim.sessions) == 16
            assert len(sim_threads(sim)) <= 16 + 1  # one reader per session, the accept thread
        finally:
            for s in socks:
                s.close()
        until(lambda: not sim.sessions, what="every half-open session to end")
    assert sim_threads(sim) == []


# --- 1100 / 1101 / 1102 -------------------------------------------------------------------------------


def _subscribe(a: App) -> None:
    a.c.reqMktData(1, stk(), "", False, False, [])
    a.c.reqMktDepth(2, stk(), 5, False, [])
    a.c.reqTickByTickData(3, stk(), "BidAsk", 0, False)
    a.c.reqRealTimeBars(4, stk(), 5, "TRADES", False, [])
    a.c.reqHistoricalData(5, stk(), "", "3600 S", "5 mins", "TRADES", 0, 1, True, [])
    a.w.wait_for("historicalDataEnd")


STREAMS = {1: "tickPrice", 2: "updateMktDepth", 3: "tickByTickBidAsk", 4: "realtimeBar", 5: "historicalDataUpdate"}


def _counts(a: App) -> dict[int, int]:
    return {req_id: len([x for x in a.w.of(name) if x[0] == req_id]) for req_id, name in STREAMS.items()}


def _tick(sim: Simulator, a: App) -> None:
    """One market tick, and everything it sent to ``a`` delivered (answers keep their order)."""
    sim.step()
    round_trip(a)


def test_1102_keeps_market_data_1101_drops_it_until_requested_again() -> None:
    with Simulator(tick_interval=None) as sim:
        step_clock(sim, sim.now())  # 5 s of simulated time per tick: a real-time bar per tick
        a = connected(sim, 1)
        _subscribe(a)
        _tick(sim, a)
        before = _counts(a)
        sim.restart(down=0.05)
        a.w.wait_for(lambda: 1102 in [e[2] for e in a.w.of("error")])
        _tick(sim, a)
        after = _counts(a)
        assert all(after[k] > before[k] for k in STREAMS), (before, after)  # data maintained
        sim.restart(down=0.05, data_lost=True)
        a.w.wait_for(lambda: 1101 in [e[2] for e in a.w.of("error")])
        lost = _counts(a)
        for _ in range(3):
            _tick(sim, a)
        assert _counts(a) == lost  # nothing more for the old subscriptions
        assert [e[2] for e in a.w.of("error") if e[2] not in NOTICES] == [1100, 1102, 1100, 1101]
        a.c.reqMktData(1, stk(), "", False, False, [])  # the same id again: no 322, it is gone
        a.c.reqTickByTickData(3, stk(), "BidAsk", 0, False)
        round_trip(a)  # both requests handled
        _tick(sim, a)
        again = _counts(a)
        assert again[1] > lost[1] and again[3] > lost[3] and again[2] == lost[2]
        assert errors(a) == [(-1, 1100), (-1, 1102), (-1, 1100), (-1, 1101)]
        a.close()


def test_restart_without_waiting_returns_at_once_and_holds_no_lock() -> None:
    with Simulator(tick_interval=None) as sim:
        a = connected(sim, 1)
        t0 = time.monotonic()
        sim.restart(down=1.0, wait=False)
        assert time.monotonic() - t0 < 0.5
        a.w.wait_for(lambda: 1100 in [e[2] for e in a.w.of("error")])
        assert round_trip(a) < 0.9 and 1102 not in [e[2] for e in a.w.of("error")]
        a.w.wait_for(lambda: 1102 in [e[2] for e in a.w.of("error")])
        assert time.monotonic() - t0 >= 0.9
        a.close()


# --- the wall clock -------------------------------------------------------------------------------------


def test_a_pinned_clock_stamps_everything_the_simulator_says() -> None:
    epoch = int(PINNED.timestamp())
    with Simulator(tick_interval=None, clock=lambda: PINNED) as sim:
        a = connected(sim, 1)
        assert a.c.twsConnectionTime() == "20261124 15:30:12 UTC"
        a.c.reqCurrentTime()
        a.c.reqCurrentTimeInMillis()
        a.c.reqHistoricalData(1, stk(), "", "1 D", "1 hour", "TRADES", 0, 1, False, [])
        a.c.reqMktData(2, stk(), "233", False, False, [])
        a.c.placeOrder(3, stk(), order("BUY", "MKT", 10))
        a.w.wait_for(lambda: all(a.w.of(n) for n in ("currentTime", "currentTimeInMillis", "historicalDataEnd",
                                                     "execDetails", "tickString")))
        assert a.w.of("currentTime") == [(epoch,)] and a.w.of("currentTimeInMillis") == [(epoch * 1000,)]
        bars = [b for _, b in a.w.of("historicalData")]
        assert bars[-1].date == "20261124 15:00:00 UTC" and bars[0].date == "20261123 16:00:00 UTC"
        (_, _, e), = a.w.of("execDetails")
        assert e.time == "20261124 15:30:12 UTC" and ".261124." in e.execId
        stamps = {x[2] for x in a.w.of("tickString") if x[1] == 45}
        rt_volume = [x[2] for x in a.w.of("tickString") if x[1] == 48]
        assert stamps == {str(epoch)} and rt_volume[0].split(";")[2] == str(epoch * 1000)
        a.close()


def test_a_clock_given_as_a_datetime_starts_there_and_advances() -> None:
    naive = PINNED.replace(tzinfo=None)  # naive means UTC
    with Simulator(tick_interval=None, clock=naive) as sim:
        first = sim.now()
        assert PINNED <= first < PINNED + dt.timedelta(seconds=5)
        until(lambda: sim.now() > first, what="the clock to advance")


def test_cli_clock_and_limits() -> None:
    with SimProcess("--clock", "2026-11-24T15:30:12", "--handshake-timeout", "1", "--max-connections", "2",
                    "--max-queue-bytes", "100000") as p:
        a = App()
        a.connect(p.port, 1)
        a.w.wait_for("managedAccounts")
        assert a.c.twsConnectionTime().startswith("20261124 15:3")
        a.c.reqCurrentTime()
        a.w.wait_for("currentTime")
        assert 0 <= a.w.of("currentTime")[0][0] - int(PINNED.timestamp()) < 60
        half = Raw(p.port)
        t0 = time.monotonic()
        over = Raw(p.port)
        assert over.closed_by_peer(0.5)  # over the cap of two, closed at once
        assert half.closed_by_peer(10) and time.monotonic() - t0 >= 0.9  # the handshake timeout
        for r in (half, over):
            r.close()
        a.close()


def test_cli_refuses_a_bad_clock() -> None:
    p = subprocess.run([sys.executable, "-m", "ibwire.sim", "--port", "0", "--clock", "tomorrow"],
                       capture_output=True, text=True, timeout=30)
    assert p.returncode == 2 and "not an ISO time: 'tomorrow'" in p.stderr

