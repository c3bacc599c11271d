"""The reader thread decodes: huge messages in pieces, a bounded queue, callbacks bound once per connection.

Over real sockets where it matters: a slow program keeps the reader waiting (memory stays flat) and
loses nothing; ``disconnect()`` from a callback frees a waiting reader at once; a 100k-bar history is
delivered in pieces that together are exactly what the reference decoder gives, at a fraction of its
peak memory.
"""

from __future__ import annotations

import socket
import threading
import time
import tracemalloc
from decimal import Decimal
from typing import Any

import pytest
from conftest import wait_no_threads, wait_until
from oracle.normalize import norm
from peer import accept_client, proto_msg, text_msg

from ibwire import EClient, EWrapper
from ibwire.model import BarData
from ibwire.protocol._core.inbound import BARS_PER_PIECE, Core, deliver, emit, pairs
from ibwire.protocol.framing import Framer
from ibwire.protocol.ids import IN
from ibwire.protocol.messages import Decoder
from ibwire.protocol.server import SessionEncoder
from ibwire.reader import BatchQueue

MiB = 1 << 20


def history_body(sv: int, n: int, date: str = "") -> bytes:
    bars = []
    for i in range(n):
        b = BarData()
        b.date, b.open, b.high, b.low, b.close = f"2026112{i % 10} 10:{i % 60:02d}:00", 1.0 + i, 2.0, 0.5, 1.5
        b.volume, b.wap, b.barCount = Decimal(10 + i % 7), Decimal("1.25"), 3
        if date and i >= BARS_PER_PIECE:
            b.date = date  # the bars after the first piece are longer than the average
        bars.append(b)
    body, *_end = Framer().feed(SessionEncoder(sv, protobuf=False).historical_data(9, bars, "a", "b"))
    return body


def named(name: str) -> str:
    return name


def refuse(body: bytes, whole: bool) -> list[Any]:
    raise AssertionError(f"slow path for {body[:40]!r}")


@pytest.mark.parametrize(("sv", "date"), [(176, ""), (195, ""), (222, ""), (176, "x" * 300), (222, "20261120 " * 40)])
def test_a_huge_history_goes_in_pieces_that_add_up_to_what_decode_gives(sv: int, date: str) -> None:
    # (long dates after the first piece: a piece's bars are longer than the message's average)
    n = 2 * BARS_PER_PIECE + 100
    tick = text_msg(sv, IN.TICK_SIZE, 6, 1, 0, 100)
    bars = history_body(sv, n, date)
    pieces: list[list[Any]] = []
    core = Core(sv, Decoder(sv).text, Decoder(sv).proto, named, refuse, pieces.append, big=1 << 16)
    out: list[Any] = []
    core.feed(tick + len(bars).to_bytes(4, "big") + bars + tick, out)
    # the tick before goes first, alone; then three pieces; the tick after stays in the read's batch
    assert [len(pairs(p)) for p in pieces] == [1, BARS_PER_PIECE, BARS_PER_PIECE, 100 + (sv < 196)]
    got = [ev for p in [*pieces, out] for ev in pairs(p)]
    dec = Decoder(sv)
    want = [ev for body in (tick[4:], bars, tick[4:]) for ev in dec.decode(body)]
    assert len(got) == len(want)
    assert [(name, norm(args)) for name, args in got] == [(name, norm(args)) for name, args in want]


def test_pieces_cost_a_fraction_of_the_whole_message_in_memory() -> None:
    sv = 176
    body = history_body(sv, 100_000)
    frame = len(body).to_bytes(4, "big") + body
    dec = Decoder(sv)

    def peak(big: int) -> int:
        seen = [0]

        def sink(events: list[Any]) -> None:  # delivered and let go, as the dispatcher does
            i = 0
            while i < len(events):  # counted in place: a list of pairs would weigh in the peak
                i += 2 + events[i]
                seen[0] += 1

        core = Core(sv, dec.text, dec.proto, named, refuse, sink, big=big)
        out: list[Any] = []
        tracemalloc.start()
        try:
            core.feed(frame, out)
            sink(out)
            out.clear()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            assert seen[0] == 100_000 + 1  # and historicalDataEnd (in the message before 196)

    whole, pieces = peak(1 << 30), peak(1 << 20)
    assert pieces < whole / 3, (pieces / MiB, whole / MiB)


def test_a_bad_bar_in_a_later_piece_reports_the_error_once_and_repeats_nothing() -> None:
    sv = 176
    n = BARS_PER_PIECE + 10
    body = history_body(sv, n)
    fields = body.split(b"\0")
    fields[-3] = b"x"  # the last bar's wap: not a number
    bad = b"\0".join(fields)
    pieces: list[list[Any]] = []
    reported: list[tuple[bytes, bool]] = []

    def slow(body: bytes, whole: bool) -> list[Any]:
        reported.append((body[:2], whole))
        return [4, "error", -1, 0, 320, "bad"]

    core = Core(sv, Decoder(sv).text, Decoder(sv).proto, named, slow, pieces.append, big=1 << 16)
    out: list[Any] = []
    core.feed(len(bad).to_bytes(4, "big") + bad, out)
    assert [len(pairs(p)) for p in pieces] == [BARS_PER_PIECE]  # the first piece went; the second failed
    assert reported == [(b"17", False)] and pairs(out) == [("error", (-1, 0, 320, "bad"))]


# --- over a socket: the bounded queue ----------------------------------------------------------------------


class Slow(EWrapper):
    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.sizes: list[int] = []
        self.closed = threading.Event()

    def tickSize(self, reqId: int, tickType: int, size: Decimal) -> None:
        self.gate.wait(30)
        self.sizes.append(reqId)

    def connectionClosed(self) -> None:
        self.closed.set()


def blast(n: int) -> tuple[socket.socket, threading.Thread, list[socket.socket]]:
    lsock = socket.create_server(("127.0.0.1", 0))
    data = b"".join(text_msg(176, IN.TICK_SIZE, 6, i, 0, 100) for i in range(n))
    held: list[socket.socket] = []

    def serve() -> None:
        sock = accept_client(lsock, 176, timeout=30)
        held.append(sock)
        try:
            sock.sendall(data)
        except OSError:
            pass

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    return lsock, t, held


def test_a_slow_program_keeps_the_reader_waiting_and_loses_nothing() -> None:
    n = 300_000  # ~ 8 MB of frames: far more than the queue's limit of reads
    lsock, server, held = blast(n)
    w = Slow()
    client = EClient(w)
    client.connect("127.0.0.1", lsock.getsockname()[1], 0)
    runner = threading.Thread(target=client.run, daemon=True)
    runner.start()
    try:
        q = client.msg_queue
        wait_until(lambda: q.qsize() >= BatchQueue.limit - 1, 20, "the queue filling up")
        time.sleep(0.3)  # (not synchronisation: a window in which an unbounded reader would go on queueing)
        assert q.qsize() <= BatchQueue.limit
        w.gate.set()
        wait_until(lambda: len(w.sizes) == n, 60, lambda: f"{len(w.sizes)} of {n} ticks")
        assert w.sizes == list(range(n))
    finally:  # a failure must not leave the reader running into the next tests
        w.gate.set()
        client.disconnect()
        runner.join(10)
        for sock in held:
            sock.close()
        lsock.close()
    wait_no_threads()


def test_disconnect_from_a_callback_frees_a_waiting_reader_at_once() -> None:
    lsock, server, held = blast(300_000)
    w = Slow()
    client = EClient(w)
    took: list[float] = []

    def tick_size(reqId: int, tickType: int, size: Decimal) -> None:
        if reqId == 0:
            wait_until(lambda: client.msg_queue.qsize() >= BatchQueue.limit - 1, 20, "the reader waiting")
            t0 = time.monotonic()
            client.disconnect()
            took.append(time.monotonic() - t0)

    w.tickSize = tick_size  # type: ignore[method-assign]
    client.connect("127.0.0.1", lsock.getsockname()[1], 0)
    runner = threading.Thread(target=client.run, daemon=True)
    runner.start()
    assert w.closed.wait(20)
    runner.join(20)
    assert not runner.is_alive() and took and took[0] < 1.0, took
    held[0].close()
    lsock.close()
    wait_no_threads()


def test_deliver_goes_on_after_a_failing_callback_and_asks_about_ctrl_c() -> None:
    calls: list[Any] = []
    failures: list[Any] = []

    def ok(x: int) -> None:
        calls.append(x)

    def boom(x: int) -> None:
        raise ValueError(x)

    def interrupt(x: int) -> None:
        raise KeyboardInterrupt

    answers = [True, False]
    events: list[Any] = []
    for cb, x in [(ok, 1), (boom, 2), (ok, 3), (interrupt, 4), (ok, 5), (interrupt, 6), (ok, 7)]:
        emit(events, cb, (x,))
    with pytest.raises(KeyboardInterrupt):
        deliver(events, lambda cb, e: failures.append((cb, str(e))), lambda: answers.pop(0))
    assert calls == [1, 3, 5] and failures == [(boom, "2")] and answers == []


@pytest.mark.parametrize("sv", [108, 109, 131, 132, 176, 222])
def test_a_price_ticks_attributes_are_made_at_delivery_one_object_per_call(sv: int) -> None:
    """The queue holds a price tick's flags, not its TickAttrib: made by the reader and freed by the
    dispatcher, every one was an object the cyclic GC counted across the handoff. Each call still gets an
    object of its own, with the flags the reference decoder reads, at every server version boundary."""
    from ibwire.model.market import TickAttrib
    from ibwire.protocol.proto import TickPrice_pb2

    got: list[tuple[Any, ...]] = []
    core = Core(sv, Decoder(sv).text, Decoder(sv).proto,
                lambda name: (lambda *a: got.append(a)) if name == "tickPrice" else (lambda *a: None), refuse,
                lambda p: None)
    frames = b""
    for mask in range(8):
        if sv >= 201:
            frames += proto_msg(IN.TICK_PRICE, TickPrice_pb2.TickPrice(reqId=7, tickType=1, price=1.5, size="3",
                                                                        attrMask=mask))
        else:
            frames += text_msg(sv, IN.TICK_PRICE, 6, 7, 1, 1.5, 3, mask)
    out: list[Any] = []
    core.feed(frames, out)
    assert not any(isinstance(x, TickAttrib) for x in out)
    deliver(out, lambda cb, e: pytest.fail(f"{cb}: {e!r}"), lambda: False)
    deliver(out, lambda cb, e: pytest.fail(f"{cb}: {e!r}"), lambda: False)  # again: new objects again
    attribs = [a[3] for a in got]
    assert len(attribs) == 16 and len({id(a) for a in attribs}) == 16
    dec = Decoder(sv)
    want = [args for body in Framer().feed(frames) for name, args in dec.decode(body) if name == "tickPrice"]
    assert [norm(a) for a in got] == [norm(a) for a in want + want]
    assert [vars(a) for a in attribs[:8]] != [vars(attribs[0])] * 8  # the flags do differ


def test_tick_by_tick_attributes_are_made_at_delivery_one_object_per_call() -> None:
    from ibwire.model.market import TickAttribBidAsk, TickAttribLast

    sv = 176
    got: list[tuple[str, tuple[Any, ...]]] = []
    core = Core(sv, Decoder(sv).text, Decoder(sv).proto,
                lambda name: lambda *a: got.append((name, a)), refuse, lambda p: None)
    frames = b""
    for mask in range(4):
        frames += text_msg(sv, IN.TICK_BY_TICK, 7, 2, 1700000000, 1.5, 3, mask, "NSDQ", "@ T")
        frames += text_msg(sv, IN.TICK_BY_TICK, 7, 3, 1700000000, 1.5, 1.6, 3, 4, mask)
    out: list[Any] = []
    core.feed(frames, out)
    assert not any(isinstance(x, (TickAttribLast, TickAttribBidAsk)) for x in out)
    for _ in range(2):
        deliver(out, lambda cb, e: pytest.fail(f"{cb}: {e!r}"), lambda: False)
    dec = Decoder(sv)
    want = [ev for body in Framer().feed(frames) for ev in dec.decode(body)]
    assert [(n, norm(a)) for n, a in got] == [(n, norm(a)) for n, a in want + want]
    attribs = [a[5] if n == "tickByTickAllLast" else a[6] for n, a in got]
    assert len({id(a) for a in attribs}) == 16 and len({repr(vars(a)) for a in attribs}) == 8


def test_bars_are_made_at_delivery_one_object_per_call() -> None:
    sv = 176
    got: list[Any] = []
    core = Core(sv, Decoder(sv).text, Decoder(sv).proto,
                lambda name: (lambda r, b: got.append(b)) if name == "historicalData" else (lambda *a: None),
                refuse, lambda p: None)
    body = history_body(sv, 5)
    out: list[Any] = []
    core.feed(len(body).to_bytes(4, "big") + body, out)
    assert not any(isinstance(x, BarData) for x in out)
    for _ in range(2):
        deliver(out, lambda cb, e: pytest.fail(f"{cb}: {e!r}"), lambda: False)
    want = [args[1] for name, args in Decoder(sv).decode(body) if name == "historicalData"]
    assert [norm(b) for b in got] == [norm(b) for b in want + want] and len({id(b) for b in got}) == 10


@pytest.mark.parametrize("form", ["deliver_indexed", "deliver_iterated"])
def test_both_forms_of_deliver_call_the_same_way(form: str) -> None:
    """Each build delivers with one of the two (compiled: indexed; pure: iterated); both run here."""
    import ibwire.protocol._core.inbound as inbound

    run = getattr(inbound, form)
    calls: list[tuple[Any, ...]] = []
    failures: list[Any] = []

    def rec(*a: Any) -> None:
        calls.append(a)

    def boom(*a: Any) -> None:
        raise ValueError(len(a))

    events: list[Any] = []
    for k in [0, 1, 2, 3, 4, 5, 7, 8, 9, 12]:
        emit(events, rec, tuple(range(k)))
        emit(events, None, tuple(range(k)))  # a silent callback: its arguments are skipped
        emit(events, boom, tuple(range(k)))
    run(events, lambda cb, e: failures.append((cb, str(e))), lambda: pytest.fail("no Ctrl-C here"))
    ks = [0, 1, 2, 3, 4, 5, 7, 8, 9, 12]
    assert calls == [tuple(range(k)) for k in ks] and failures == [(boom, str(k)) for k in ks]
