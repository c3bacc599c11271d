"""The threaded client against a scripted peer over real loopback sockets."""

from __future__ import annotations

import logging
import socket
import threading
import time

import pytest
from conftest import App, Recorder, wait_no_threads
from peer import Peer, error_msg, proto_msg, text_msg

from ibwire import EClient
from ibwire.protocol.framing import frame
from ibwire.protocol.handshake import server_hello
from ibwire.protocol.ids import IN, OUT
from ibwire.protocol.proto import NextValidId_pb2, StartApiRequest_pb2


def id_of(body: bytes, sv: int) -> int:
    return int.from_bytes(body[:4], "big") if sv >= 201 else int(body.split(b"\0", 1)[0])


@pytest.mark.parametrize("version", [100, 176, 200, 201, 213, 226])
def test_handshake_and_first_messages(app: App, version: int) -> None:
    with Peer(version) as peer:
        app.connect(peer.port, client_id=7)
        s = peer.session()
        assert s.hello_raw == b"API\0" + len(b"v100..226").to_bytes(4, "big") + b"v100..226"
        assert app.c.serverVersion() == version
        assert app.c.twsConnectionTime() == "20261124 12:00:00 UTC"
        app.w.wait_for(lambda: len(app.w.of("error")) >= 1)
        assert app.w.of("nextValidId") == [(1,)]
        assert app.w.of("managedAccounts") == [("DU111111,DU222222",)]
        (err,) = app.w.of("error")
        assert err[0] == -1 and err[2] == 2104 and err[3] == "Market data farm connection is OK:usfarm"
        assert err[1] == (1700000000000 if version >= 194 else 0)
        assert app.w.names()[0] == "connectAck"

        start = s.next_frame()
        assert id_of(start, version) == (OUT.START_API + 200 if version >= 213 else OUT.START_API)
        if version >= 213:
            m = StartApiRequest_pb2.StartApiRequest.FromString(start[4:])
            assert m.clientId == 7 and not m.HasField("optionalCapabilities")
        elif version >= 201:
            assert start[4:] == b"2\x007\x00\x00"
        else:
            assert start == b"71\x002\x007\x00\x00"

        app.c.reqCurrentTime()
        app.w.wait_for("currentTime")
        (t,) = app.w.of("currentTime")[0]
        assert abs(t - time.time()) < 5


@pytest.mark.parametrize("version", [201, 213, 226])
def test_protobuf_messages_fire_protobuf_then_classic_callbacks(app: App, version: int) -> None:
    with Peer(version, protobuf=True) as peer:
        app.connect(peer.port)
        app.w.wait_for(lambda: len(app.w.of("error")) >= 1)
        names = app.w.names()
        assert names[:7] == [
            "connectAck", "nextValidIdProtoBuf", "nextValidId", "managedAccountsProtoBuf", "managedAccounts",
            "errorProtoBuf", "error",
        ]
        assert app.w.of("nextValidId") == [(1,)]
        assert app.w.of("error")[0] == (-1, 1700000000000, 2104, "Market data farm connection is OK:usfarm", "")
        app.c.reqCurrentTime()
        app.w.wait_for("currentTime")


def test_version_range_is_configurable(app: App) -> None:
    with Peer(226) as peer:
        app.c.setClientVersions(150, 180)
        app.connect(peer.port)
        s = peer.session()
        assert s.hello_raw.endswith(b"v150..180")
        assert app.c.serverVersion() == 180


def test_connect_options_are_sent(app: App) -> None:
    with Peer(176) as peer:
        app.c.setConnectOptions("+PACEAPI")
        app.c.setOptionalCapabilities("cap1")
        app.connect(peer.port)
        s = peer.session()
        assert s.hello_raw.endswith(b"v100..226 +PACEAPI")
        assert s.next_frame() == b"71\x002\x000\x00cap1\x00"


def test_messages_before_the_reply_and_after_it_in_the_same_read() -> None:
    """A notice before the version reply is skipped; frames right behind it are kept."""
    lsock = socket.create_server(("127.0.0.1", 0))
    port = lsock.getsockname()[1]

    def serve() -> None:
        conn, _ = lsock.accept()
        conn.recv(100)
        conn.sendall(text_msg(176, IN.NEXT_VALID_ID, 1, 99)  # some servers send a notice first
                     + server_hello(176, "20261124 12:00:00 UTC")
                     + text_msg(176, IN.MANAGED_ACCTS, 1, "DU9"))
        time.sleep(1)
        conn.close()

    threading.Thread(target=serve, daemon=True).start()
    a = App()
    a.connect(port)
    a.w.wait_for("managedAccounts")
    assert a.c.serverVersion() == 176
    assert a.w.of("managedAccounts") == [("DU9",)]
    assert a.w.of("nextValidId") == []
    a.w.wait_for("connectionClosed")
    a.close()
    lsock.close()


# --- faults -------------------------------------------------------------------------


def _bad_frame_case(app: App, version: int, bad: bytes, code: int, words: list[str]) -> None:
    with Peer(version, greet=False) as peer:
        app.connect(peer.port)
        s = peer.session()
        s.send(bad + text_msg(version, IN.NEXT_VALID_ID, 1, 42))
        app.w.wait_for("nextValidId")
        errs = app.w.of("error")
        assert len(errs) == 1, errs
        assert errs[0][0] == -1 and errs[0][2] == code
        assert len(errs[0]) == 4, errs  # as the official client reports a frame it cannot read
        for w in words:
            assert w in errs[0][3], errs[0][3]
        assert app.w.of("nextValidId") == [(42,)]
        assert app.w.names().index("error") < app.w.names().index("nextValidId")


def test_non_numeric_id(app: App) -> None:
    _bad_frame_case(app, 176, b"\0\0\0\x04xy\0\0", 508, ["non-numeric message id"])


def test_truncated_fields(app: App) -> None:
    _bad_frame_case(app, 176, text_msg(176, IN.ERR_MSG, 2, -1), 508, ["ERR_MSG", "id 4", "fields"])


def test_non_numeric_field(app: App) -> None:
    _bad_frame_case(app, 226, text_msg(226, IN.NEXT_VALID_ID, 1, "abc"), 508, ["NEXT_VALID_ID", "abc"])


def test_invalid_protobuf_body(app: App) -> None:
    bad = (IN.NEXT_VALID_ID + 200).to_bytes(4, "big") + b"\xff\xff\xff"
    _bad_frame_case(app, 226, len(bad).to_bytes(4, "big") + bad, 508, ["NEXT_VALID_ID", "protobuf"])


def test_unknown_message_id_is_reported_not_fatal(app: App) -> None:
    _bad_frame_case(app, 176, text_msg(176, 199, 1, 2), 505, ["Fatal Error: Unknown message id."])


def test_non_utf8_text_is_reported_and_still_delivered(app: App) -> None:
    with Peer(100, greet=False) as peer:
        app.connect(peer.port)
        s = peer.session()
        s.send(frame(b"15\x001\x00caf\xe9\x00"))
        app.w.wait_for("managedAccounts")
        (err,) = app.w.of("error")
        assert err[2] == 508 and "MANAGED_ACCTS" in err[3] and "not UTF-8" in err[3]
        assert app.w.of("managedAccounts") == [("caf\u00e9",)]  # Latin-1, as the official client reads it


def test_oversize_length_errors_then_disconnects_cleanly(app: App) -> None:
    with Peer(176, greet=False) as peer:
        app.connect(peer.port)
        s = peer.session()
        s.send(text_msg(176, IN.NEXT_VALID_ID, 1, 5) + (0x7FFFFFFF).to_bytes(4, "big") + b"x" * 100)
        app.w.wait_for("connectionClosed")
        assert app.w.of("nextValidId") == [(5,)]
        errs = app.w.of("error")
        assert [e[2] for e in errs] == [507]
        assert "2147483647" in errs[0][3]
        assert app.w.names().count("connectionClosed") == 1
        assert s.closed.wait(5)
        app.thread.join(5)  # type: ignore[union-attr]
        assert not app.thread.is_alive()  # type: ignore[union-attr]
        assert not app.c.isConnected()
    wait_no_threads()


def test_peer_closes_mid_frame_after_connect(app: App) -> None:
    with Peer(176, greet=False) as peer:
        app.connect(peer.port)
        s = peer.session()
        whole = text_msg(176, IN.NEXT_VALID_ID, 1, 8)
        s.send(whole + whole[:5])
        s.close()
        app.w.wait_for("connectionClosed")
        app.thread.join(5)  # type: ignore[union-attr]
        assert not app.thread.is_alive()  # type: ignore[union-attr]
        assert app.w.of("nextValidId") == [(8,)]
        time.sleep(0.2)
        assert app.w.names().count("connectionClosed") == 1
        app.c.disconnect()  # again: no second connectionClosed
        assert app.w.names().count("connectionClosed") == 1
    wait_no_threads()


def _assert_connect_fails(w: Recorder, c: EClient, started: float, limit: float) -> None:
    assert time.monotonic() - started < limit
    assert not c.isConnected()
    errs = w.of("error")
    assert len(errs) == 1 and errs[0][0] == -1 and errs[0][2] == 502, errs
    assert "Couldn't connect to TWS" in errs[0][3]
    assert w.names().count("connectionClosed") == 1
    c.run()  # returns at once: nothing to deliver
    assert w.names().count("connectionClosed") == 1
    wait_no_threads()


def test_refused_connection() -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nobody listens there now
    w = Recorder()
    c = EClient(w)
    t0 = time.monotonic()
    c.connect("127.0.0.1", port, 0)
    _assert_connect_fails(w, c, t0, 5)


def test_server_never_answers_the_handshake() -> None:
    with Peer(176, mode="silent") as peer:
        w = Recorder()
        c = EClient(w)
        c.handshakeTimeout = 0.5
        t0 = time.monotonic()
        c.connect("127.0.0.1", peer.port, 0)
        _assert_connect_fails(w, c, t0, 3)
        assert "no handshake reply within 0.5 s" in w.of("error")[0][3]


def test_server_closes_during_the_handshake() -> None:
    with Peer(176, mode="close_in_hello") as peer:
        w = Recorder()
        c = EClient(w)
        t0 = time.monotonic()
        c.connect("127.0.0.1", peer.port, 0)
        _assert_connect_fails(w, c, t0, 3)
        assert "closed the connection during the handshake" in w.of("error")[0][3]


def test_server_refuses_our_version_range() -> None:
    with Peer(120) as peer:  # speaks at most 120; we offer 150..226
        w = Recorder()
        c = EClient(w)
        c.setClientVersions(150, 226)
        t0 = time.monotonic()
        c.connect("127.0.0.1", peer.port, 0)
        _assert_connect_fails(w, c, t0, 3)


def test_wrong_argument_types_raise() -> None:
    c = EClient(Recorder())
    with pytest.raises(TypeError, match="port must be int"):
        c.connect("127.0.0.1", "7497", 0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="clientId must be int"):
        c.connect("127.0.0.1", 7497, None)  # type: ignore[arg-type]


def test_already_connected_and_not_connected(app: App) -> None:
    app.c.reqCurrentTime()
    assert app.w.of("error")[-1][2] == 504
    with Peer(176) as peer:
        app.connect(peer.port)
        app.c.connect("127.0.0.1", peer.port, 0)
        assert app.w.of("error")[-1][2:4] == (501, "Already connected.")
        assert app.c.isConnected()


def test_request_too_new_for_server_is_refused_without_sending(app: App) -> None:
    with Peer(176, greet=False) as peer:
        app.connect(peer.port)
        s = peer.session()
        s.next_frame()  # startApi
        app.c.reqCurrentTimeInMillis()
        err = app.w.of("error")[-1]
        assert err[2] == 503 and err[3].endswith("It does not support current time in millis requests.")
        app.c.reqIds(-1)
        assert s.next_frame() == b"8\x001\x00-1\x00"  # the next frame is reqIds: nothing was sent before it


class Raising(Recorder):
    def nextValidId(self, orderId: int) -> None:
        raise RuntimeError("boom in user code")


def test_callback_exception_is_logged_reported_and_dispatch_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    a = App(Raising())
    with Peer(176) as peer, caplog.at_level(logging.ERROR, logger="ibwire.client"):
        a.connect(peer.port)
        a.w.wait_for(lambda: any(e[2] == 2104 for e in a.w.of("error")))
        assert a.w.of("managedAccounts")  # delivered after the failing callback
        codes = [e[2] for e in a.w.of("error")]
        assert 599 in codes
        (rep,) = [e for e in a.w.of("error") if e[2] == 599]
        assert "nextValidId" in rep[3] and "boom in user code" in rep[3]
        assert any("boom in user code" in (r.exc_text or "") for r in caplog.records)
        a.close()


def test_concurrent_sends_never_interleave() -> None:
    a = App()
    a.c.setPacing(0)
    with Peer(176, greet=False) as peer:
        a.connect(peer.port)
        s = peer.session()
        s.next_frame()
        n_threads, per = 8, 300
        go = threading.Event()

        def worker(k: int) -> None:
            go.wait()
            for i in range(per):
                a.c.reqIds(k * 100000 + i)

        ts = [threading.Thread(target=worker, args=(k,)) for k in range(n_threads)]
        for t in ts:
            t.start()
        go.set()
        for t in ts:
            t.join()
        got = [s.next_frame() for _ in range(n_threads * per)]
        seen: dict[int, list[int]] = {}
        for body in got:
            parts = body.split(b"\0")
            assert parts[:2] == [b"8", b"1"] and len(parts) == 4 and parts[3] == b"", body
            v = int(parts[2])
            seen.setdefault(v // 100000, []).append(v % 100000)
        assert all(seen[k] == list(range(per)) for k in range(n_threads))
        a.close()


def test_pacing_limits_the_send_rate() -> None:
    a = App()
    a.c.setPacing(100)
    with Peer(176, greet=False) as peer:
        a.connect(peer.port)
        s = peer.session()
        s.next_frame()
        t0 = time.monotonic()
        for i in range(200):  # burst of 100 (minus startApi), then 100/s
            a.c.reqIds(i)
        elapsed = time.monotonic() - t0
        assert 0.9 < elapsed < 3.0, elapsed
        a.close()


def test_disconnect_from_another_thread_ends_run() -> None:
    a = App()
    with Peer(176) as peer:
        a.connect(peer.port)
        a.w.wait_for("managedAccounts")
        t = threading.Thread(target=a.c.disconnect)
        t.start()
        t.join(5)
        a.thread.join(5)  # type: ignore[union-attr]
        assert not a.thread.is_alive()  # type: ignore[union-attr]
        assert a.w.names().count("connectionClosed") == 1
    wait_no_threads()


def test_reconnect_with_the_same_client() -> None:
    a = App()
    with Peer(176) as peer:
        a.connect(peer.port)
        a.w.wait_for("managedAccounts")
        a.close()
        a.connect(peer.port)
        a.w.wait_for(lambda: len(a.w.of("managedAccounts")) == 2)
        a.close()
        assert a.w.names().count("connectionClosed") == 2
    wait_no_threads()


def test_no_message_lost_or_reordered_in_a_burst() -> None:
    a = App()
    with Peer(226, greet=False) as peer:
        a.connect(peer.port)
        s = peer.session()
        n = 20000
        data = b"".join(
            text_msg(226, IN.NEXT_VALID_ID, 1, i) if i % 3 else proto_msg(IN.NEXT_VALID_ID, NextValidId_pb2.NextValidId(orderId=i))
            for i in range(n)
        )
        s.send(data)
        a.w.wait_for(lambda: len(a.w.of("nextValidId")) == n, timeout=20)
        assert [x[0] for x in a.w.of("nextValidId")] == list(range(n))
        a.close()


def test_error_levels_for_notices(caplog: pytest.LogCaptureFixture) -> None:
    from ibwire import EWrapper

    w = EWrapper()
    with caplog.at_level(logging.DEBUG, logger="ibwire.wrapper"):
        w.error(-1, 0, 2104, "Market data farm connection is OK")
        w.error(-1, 0, 2105, "HMDS data farm connection is broken")
        w.error(3, 0, 200, "No security definition has been found")
    levels = [r.levelno for r in caplog.records if r.name == "ibwire.wrapper"]
    assert levels == [logging.INFO, logging.WARNING, logging.ERROR]


# --- the direct tick path (decoded on the dispatch thread without events) -------------------


@pytest.mark.parametrize("version", [100, 176, 213])
def test_ticks_arrive_with_the_official_arguments(app: App, version: int) -> None:
    from decimal import Decimal

    with Peer(version, greet=False) as peer:
        app.connect(peer.port)
        s = peer.session()
        s.send(text_msg(version, IN.TICK_PRICE, 6, 7, 1, 101.25, 300, 3)
               + text_msg(version, IN.TICK_PRICE, 6, 7, 9, 99.5, "", 0)  # close: no size tick
               + text_msg(version, IN.TICK_SIZE, 6, 7, 8, 1234)
               + text_msg(version, IN.TICK_SIZE, 6, 7, 111, 5)  # NOT_SET: dropped, as the official does
               + text_msg(version, IN.NEXT_VALID_ID, 1, 1))
        app.w.wait_for("nextValidId")
        calls = [(n, a) for n, a in app.w.calls if n in ("tickPrice", "tickSize")]
        assert [(n, a[:3]) for n, a in calls] == [
            ("tickPrice", (7, 1, 101.25)), ("tickSize", (7, 0, Decimal(300))),
            ("tickPrice", (7, 9, 99.5)), ("tickSize", (7, 8, Decimal(1234)))]
        attrib = calls[0][1][3]
        # mask 3: before PAST_LIMIT (109) only mask == 1 means canAutoExecute
        want = (False, False, False) if version < 109 else (True, True, False)
        assert (attrib.canAutoExecute, attrib.pastLimit, attrib.preOpen) == want
        assert calls[0][1][3] is not calls[2][1][3]  # a fresh attrib per tick, as the official gives


@pytest.mark.parametrize("version", [176, 213])
def test_bad_tick_frame_fires_nothing_and_is_reported(app: App, version: int) -> None:
    with Peer(version, greet=False) as peer:
        app.connect(peer.port)
        s = peer.session()
        s.send(text_msg(version, IN.TICK_PRICE, 6, 7, 1, "12x.5", 300, 0)
               + text_msg(version, IN.TICK_SIZE, 6, 7)
               + text_msg(version, IN.TICK_SIZE, 6, 7, 8, 5)
               + text_msg(version, IN.NEXT_VALID_ID, 1, 1))
        app.w.wait_for("nextValidId")
        names = [n for n in app.w.names() if n in ("tickPrice", "tickSize", "error")]
        assert names == ["error", "error", "tickSize"]
        errs = app.w.of("error")
        assert "TICK_PRICE" in errs[0][3] and "12x.5" in errs[0][3]
        assert "TICK_SIZE" in errs[1][3]
        assert app.w.of("tickSize") == [(7, 8, __import__("decimal").Decimal(5))]


class RaisingTick(Recorder):
    def tickPrice(self, reqId: int, tickType: int, price: float, attrib: object) -> None:
        raise ValueError("user bug")


def test_raising_tick_callback_is_reported_and_its_size_tick_still_arrives() -> None:
    a = App(RaisingTick())
    with Peer(176, greet=False) as peer:
        a.connect(peer.port)
        s = peer.session()
        s.send(text_msg(176, IN.TICK_PRICE, 6, 7, 2, 10.5, 100, 0) + text_msg(176, IN.NEXT_VALID_ID, 1, 1))
        a.w.wait_for("nextValidId")
        names = [n for n in a.w.names() if n in ("tickPrice", "tickSize", "error", "nextValidId")]
        assert names == ["tickPrice", "error", "tickSize", "nextValidId"]
        (rep,) = a.w.of("error")
        assert rep[2] == 599 and "tickPrice" in rep[3] and "user bug" in rep[3]
        a.close()


@pytest.mark.parametrize("version", [100, 176, 213])
def test_bars_arrive_whole_or_not_at_all(app: App, version: int) -> None:
    def bars(*closes: object) -> bytes:
        f: list[object] = [] if version >= 124 else [3]
        f += [9] + (["s", "e"] if version < 196 else []) + [len(closes)]
        for i, c in enumerate(closes):
            f += [f"2026112{i}", 1.0, 2.0, 0.5, c, 100, 1.5] + (["false"] if version < 124 else []) + [7]
        return text_msg(version, IN.HISTORICAL_DATA, *f)

    with Peer(version, greet=False) as peer:
        app.connect(peer.port)
        s = peer.session()
        s.send(bars(1.25, "x1", 3.0) + bars(4.5, 5.5) + text_msg(version, IN.NEXT_VALID_ID, 1, 1))
        app.w.wait_for("nextValidId")
        got = [(r, b.close, b.barCount) for r, b in app.w.of("historicalData")]
        assert got == [(9, 4.5, 7), (9, 5.5, 7)]  # the bad message delivered none of its bars
        errs = [e for e in app.w.of("error")]
        assert len(errs) == 1 and "HISTORICAL_DATA" in errs[0][3] and "x1" in errs[0][3]
        if version < 196:
            assert app.w.of("historicalDataEnd") == [(9, "s", "e")]


class RaisingBar(Recorder):
    def historicalData(self, reqId: int, bar: object) -> None:
        if getattr(bar, "close", 0) == 2.0:
            raise ValueError("bad bar handler")


def test_raising_bar_callback_is_reported_and_the_other_bars_arrive() -> None:
    a = App(RaisingBar())
    with Peer(176, greet=False) as peer:
        a.connect(peer.port)
        s = peer.session()
        f: list[object] = [9, "s", "e", 3]
        for c in (1.0, 2.0, 3.0):
            f += ["20261124", 1.0, 2.0, 0.5, c, 100, 1.5, 7]
        s.send(text_msg(176, IN.HISTORICAL_DATA, *f) + text_msg(176, IN.NEXT_VALID_ID, 1, 1))
        a.w.wait_for("nextValidId")
        assert [b.close for _, b in a.w.of("historicalData")] == [1.0, 2.0, 3.0]
        (rep,) = a.w.of("error")
        assert rep[2] == 599 and "historicalData" in rep[3]
        a.close()
