"""Edges of the inbound codec: the fast path agrees with decode(), huge frames cost little, caches stay small.

The reader's core (``_core.inbound.Core``: fast decoders for ticks and bars,
the decoder table for the rest) and ``Decoder.decode`` (the reference) must give every frame
the same callbacks or the same rejection, whatever the frame; a frame of any
legal size costs a bounded amount of memory to reject; the size caches are
bounded by bytes; the reader logs a peer reset as one line.
"""

from __future__ import annotations

import logging
import random
import socket
import threading
import tracemalloc
from decimal import Decimal
from typing import Any, cast

import pytest
from conftest import App, Recorder, wait_no_threads
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle.normalize import norm
from peer import accept_client, mutate, session_bodies, text_msg

from ibwire.model.const import MAX_MSG_LEN
from ibwire.protocol import fields as fields_mod
from ibwire.protocol import incoming_pb
from ibwire.protocol.framing import Framer, frame
from ibwire.protocol.ids import IN
from ibwire.protocol._core.inbound import BIG_FRAME, FAST, Core, emit, pairs
from ibwire.protocol.messages import DecodeError, Decoder
from ibwire.protocol.proto import TickSize_pb2

VERSIONS = [100, 176, 200, 201, 222, 226]


def canon_events(events: list[tuple[str, tuple[Any, ...]]]) -> list[Any]:
    return [(name, norm(list(args))) for name, args in events]


def by_decode(dec: Decoder, body: bytes) -> list[Any]:
    try:
        return canon_events(dec.decode(body))
    except DecodeError as e:
        return canon_events([*e.events, ("<error>", (e.code, e.text))])


def _named(name: str) -> str:
    return name


def core_events(dec: Decoder, items: list[bytes], errors: list[DecodeError] | None = None,
                big: int = BIG_FRAME) -> list[tuple[str, tuple[Any, ...]]]:
    """What the reader's core makes of ``items`` (frame bodies fed as one stream), as events in order;
    a frame it hands to the reference decoder and fails there is ``("<error>", (code, text))``."""
    got: list[Any] = []

    def slow(body: bytes, whole: bool) -> list[Any]:
        try:
            events = dec.decode(body)
        except DecodeError as e:
            if errors is not None:
                errors.append(e)
            events = [*(e.events if whole else []), ("<error>", (e.code, e.text))]
        out: list[Any] = []
        for name, args in events:
            emit(out, name, args)
        return out

    core = Core(dec.server_version, dec.text, dec.proto, _named, slow, got.extend, big)
    out: list[Any] = []
    core.feed(b"".join(frame(b) for b in items), out)
    got += out
    assert not core.broken and not core.buffered
    return cast("list[tuple[str, tuple[Any, ...]]]", pairs(got))


def by_dispatch(dec: Decoder, body: bytes) -> list[Any]:
    return canon_events(core_events(dec, [body]))


_DECODERS: dict[int, Decoder] = {}


def both(sv: int, body: bytes) -> tuple[list[Any], list[Any]]:
    return both_with(_DECODERS.get(sv) or _DECODERS.setdefault(sv, Decoder(sv)), body)


def both_with(dec: Decoder, body: bytes) -> tuple[list[Any], list[Any]]:
    return by_dispatch(dec, body), by_decode(dec, body)


def body_of(sv: int, msg_id: int, *fields: object) -> bytes:
    return text_msg(sv, msg_id, *fields)[4:]


# --- item 10: the direct fast path rejects what decode() rejects ---------------------------------------


@pytest.mark.parametrize("sv", [100, 176, 200])
def test_direct_path_rejects_frames_missing_their_last_field(sv: int) -> None:
    price = body_of(sv, IN.TICK_PRICE, 6, 1, 1, 1.5, 100, 1)
    size = body_of(sv, IN.TICK_SIZE, 6, 1, 0, 100)
    for whole in (price, size):
        fast, ref = both(sv, whole)
        assert fast == ref and ref[0][0] in ("tickPrice", "tickSize")
        for cut in (whole[:-1], whole[: whole.rindex(b"\0", 0, len(whole) - 1) + 1]):  # unterminated / missing
            fast, ref = both(sv, cut)
            assert ref[-1][0] == "<error>" and ref[-1][1][0] == 508, ref
            assert fast == ref
    for alone in (b"1", b"1\0", b"2", b"17", b"17\0", b"102", b"49", b"9"):
        fast, ref = both(sv, alone)
        assert ref[-1][0] == "<error>", (alone, ref)
        assert fast == ref, alone


@pytest.mark.parametrize("sv", [100, 176, 200, 201, 222])
def test_bars_frame_missing_its_last_field_is_rejected_by_both_paths(sv: int) -> None:
    bodies = [b for b in session_bodies(sv, protobuf=False) if b.startswith(b"17\0") or b[:4] == b"\0\0\0\x11"]
    (bars,) = bodies
    fast, ref = both(sv, bars)
    assert fast == ref and [n for n, _ in ref] == ["historicalData"] * 3 + ([] if sv >= 196 else ["historicalDataEnd"])
    cut = bars[: bars.rindex(b"\0", 0, len(bars) - 1) + 1]
    fast, ref = both(sv, cut)
    assert ref == [("<error>", ref[0][1])] and ref[0][1][0] == 508
    assert fast == ref


def _frames(sv: int) -> list[bytes]:
    out = session_bodies(sv, protobuf=False)
    if sv >= 201:
        out += session_bodies(sv, protobuf=True)
    return out


def _core_frames(sv: int) -> list[bytes]:
    """Well-formed frames of the text messages the core decodes that a session does not send."""
    smart = (1,) if sv >= 146 else ()
    return [
        body_of(sv, IN.TICK_BY_TICK, 7, 1, 1700000000, 101.25, 300, 3, "NYSE", "@ T"),
        body_of(sv, IN.TICK_BY_TICK, 7, 2, 1700000001, 101.5, 100, 0, "ARCA", ""),
        body_of(sv, IN.TICK_BY_TICK, 7, 3, 1700000002, 101.0, 101.5, 200, 400, 2),
        body_of(sv, IN.TICK_BY_TICK, 7, 4, 1700000003, 101.25),
        body_of(sv, IN.TICK_BY_TICK, 7, 0, 1700000004),
        body_of(sv, IN.MARKET_DEPTH, 1, 8, 0, 1, 1, 99.5, 700),
        body_of(sv, IN.MARKET_DEPTH_L2, 1, 8, 2, "NSDQ", 0, 0, 99.25, 300, *smart),
        body_of(sv, IN.REAL_TIME_BARS, 3, 9, 1700000005, 10.0, 10.5, 9.5, 10.25, 1200, 10.1, 42),
        body_of(sv, IN.HISTORICAL_DATA_UPDATE, 11, 17, "20261124 09:30:00", 10.0, 10.25, 10.5, 9.75, 10.125, 900),
        body_of(sv, IN.HISTORICAL_TICKS, 12, 2, 1700000006, 0, 10.5, 100, 1700000007, 0, 10.75, 0, 1),
        body_of(sv, IN.HISTORICAL_TICKS_BID_ASK, 13, 2, 1700000008, 3, 10.0, 10.5, 100, 200,
                1700000009, 0, 10.25, 10.75, 300, "", 0),
        body_of(sv, IN.HISTORICAL_TICKS_LAST, 14, 1, 1700000010, 1, 10.5, 100, "NYSE", "@", 1),
        body_of(sv, IN.ACCOUNT_SUMMARY, 1, 15, "DU123", "NetLiquidation", "1000.50", "USD"),
        body_of(sv, IN.ACCOUNT_UPDATE_MULTI, 1, 16, "DU123", "", "CashBalance", "10", "USD"),
        body_of(sv, IN.TICK_EFP, 6, 18, 38, 1.5, "1.5 %", 2.5, 30, "20261218", 0.5, 0.25),
        body_of(sv, IN.POSITION_END, 1),
        body_of(sv, IN.PORTFOLIO_VALUE, 8, 265598, "AAPL", "STK", "", 0.0, "", "", "NASDAQ", "USD", "AAPL", "NMS",
                100, 190.5, 19050.0, 180.25, 1025.0, 0.0, "DU123"),
        body_of(sv, IN.PORTFOLIO_VALUE, 6, 265598, "AAPL", "STK", "", 0.0, "", "USD", "AAPL",
                100, 190.5, 19050.0, 180.25, 1025.0, 0.0, "DU123"),
        body_of(sv, IN.POSITION_DATA, 1, "DU123", 265598, "AAPL", "STK", "", 0.0, "", "", "NASDAQ", "USD", "AAPL",
                -5, ""),
        body_of(sv, IN.TICK_OPTION_COMPUTATION, *(() if sv >= 156 else (6,)), 21, 13, *((1,) if sv >= 156 else ()),
                0.25, -2, -1, 1.5, -2, 0.01, -0.05, 101.0),
        body_of(sv, IN.TICK_OPTION_COMPUTATION, *(() if sv >= 156 else (5,)), 22, 10, *((0,) if sv >= 156 else ()),
                -1, 0.5, *((2.5, 1.5, 0.1, 0.2, -0.03, 100.0) if sv >= 156 else ())),
        body_of(sv, IN.PNL, 31, 12.5, *((1.5,) if sv >= 129 else ()), *((2.5,) if sv >= 135 else ())),
        body_of(sv, IN.PNL_SINGLE, 32, 100, 12.5, *((1.5,) if sv >= 129 else ()), *((2.5,) if sv >= 135 else ()),
                19050.0),
        body_of(sv, IN.COMMISSION_AND_FEES_REPORT, 1, "0001f4e8.6555.01.01", 1.25, "USD", 1.7976931348623157e308,
                1.7976931348623157e308, 0),
    ]


BASES = {sv: _frames(sv) + _core_frames(sv) for sv in VERSIONS}


def _text_id(sv: int, body: bytes) -> int:
    """The id of a text frame body (-1: a protobuf frame, or no id)."""
    try:
        mid = int.from_bytes(body[:4], "big") if sv >= 201 else int(body[: body.index(b"\0")])
    except ValueError:
        return -1
    return mid if mid < 200 else -1


#: the frames of the messages whose text form the core decodes itself (``_core.inbound.FAST``)
DIRECT_BASES = {sv: [b for b in bodies if _text_id(sv, b) in FAST] for sv, bodies in BASES.items()}


@pytest.mark.parametrize("sv", VERSIONS)
def test_the_core_frames_are_well_formed_and_decoded_by_the_core(sv: int) -> None:
    names = [[n for n, _ in Decoder(sv).decode(b)] for b in _core_frames(sv)]
    assert names[:5] == [["tickByTickAllLast"], ["tickByTickAllLast"], ["tickByTickBidAsk"], ["tickByTickMidPoint"], []]
    assert [n for ns in names[5:] for n in ns] == [
        "updateMktDepth", "updateMktDepthL2", "realtimeBar", "historicalDataUpdate", "historicalTicks",
        "historicalTicksBidAsk", "historicalTicksLast", "accountSummary", "accountUpdateMulti", "tickEFP",
        "positionEnd", "updatePortfolio", "updatePortfolio", "position", "tickOptionComputation",
        "tickOptionComputation", "pnl", "pnlSingle", "commissionAndFeesReport"]
    assert all(_text_id(sv, b) in FAST for b in _core_frames(sv))
    for mid in (IN.TICK_STRING, IN.TICK_GENERIC, IN.ACCT_VALUE, IN.HISTORICAL_TICKS_LAST, IN.TICK_PRICE,
                IN.ORDER_STATUS, IN.EXECUTION_DATA, IN.POSITION_DATA):
        assert any(_text_id(sv, b) == mid for b in DIRECT_BASES[sv]), mid


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sv=st.sampled_from(VERSIONS), pick=st.integers(0, 10**6), rnd=st.randoms(use_true_random=False),
       rounds=st.integers(1, 3))
def test_fast_path_and_decode_agree_on_mutated_frames(sv: int, pick: int, rnd: random.Random, rounds: int) -> None:
    # the direct decoders' messages (ticks, bars) are half of the draws
    bases = DIRECT_BASES[sv] if pick % 2 else BASES[sv]
    body = bases[pick // 2 % len(bases)]
    for _ in range(rounds):
        body = mutate(rnd, body, sv)
    fast, ref = both(sv, body)
    assert fast == ref, (sv, body[:120])


@pytest.mark.parametrize("sv", [176, 222])
def test_fast_path_and_decode_agree_on_every_truncation_and_id_of_the_direct_messages(sv: int) -> None:
    for body in DIRECT_BASES[sv]:
        Decoder(sv).decode(body)  # well formed (raises otherwise)
        for end in range(len(body) + 1):
            fast, ref2 = both(sv, body[:end])
            assert fast == ref2, (sv, body[:end])
        head = 4 if sv >= 201 else body.index(b"\0") + 1
        for mid in range(0, 256):
            other = (mid.to_bytes(4, "big") if sv >= 201 else b"%d\0" % mid) + body[head:]
            fast, ref2 = both(sv, other)
            assert fast == ref2, (sv, mid)


# --- item 11: a frame of any legal size costs little to reject ------------------------------------------

MiB = 1 << 20
N = MAX_MSG_LEN - 16


def _shapes(sv: int) -> dict[str, tuple[bytes, str | None]]:
    """name -> (body, what it gives: an error code's text or the callback it delivers)."""
    def head(msg_id: int) -> bytes:
        return msg_id.to_bytes(4, "big") if sv >= 201 else b"%d\0" % msg_id

    return {
        # from 201 a body of separators is message id 0 ("unset"), which the official client skips without a word
        "separators": (b"\0" * N, "error" if sv < 201 else ""),
        "plain message padded with separators": (head(IN.NEXT_VALID_ID) + b"\0" * N, "error"),
        "plain message padded with short fields": (head(IN.NEXT_VALID_ID) + b"12\0" * (N // 3), "error"),
        "bars claiming millions": (head(IN.HISTORICAL_DATA) + (b"" if sv >= 124 else b"6\0") + b"1\0"
                                   + (b"" if sv >= 196 else b"a\0b\0") + b"9999999\0" + b"12\0" * (N // 3), "error"),
        "ticks claiming millions": (head(IN.HISTORICAL_TICKS_LAST) + b"1\0" + b"99999999\0" + b"12\0" * (N // 3),
                                    "error"),
        "bad number then short fields": (head(IN.ERR_MSG) + b"x\0" * (N // 2), "error"),
        "non-UTF-8 fields": (head(IN.MANAGED_ACCTS) + b"\xff\0" * (N // 2), "error"),
        "one huge field": (head(IN.MANAGED_ACCTS) + b"1\0" + b"a" * N + b"\0", "managedAccounts"),
        # extra fields are ignored, as the official client does: delivered, without building them
        "tick padded with short fields": (head(IN.TICK_PRICE) + b"6\0" + b"12\0" * (N // 3), "tickPrice"),
    }


@pytest.mark.parametrize("sv", [176, 222])
def test_frames_of_the_largest_size_cost_little_and_the_stream_goes_on(sv: int) -> None:
    dec = Decoder(sv)
    after = body_of(sv, IN.NEXT_VALID_ID, 1, 42)
    for name, (body, gives) in _shapes(sv).items():
        assert len(body) <= MAX_MSG_LEN
        errors: list[DecodeError] = []
        tracemalloc.start()
        try:
            out = core_events(dec, [body, after], errors)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 200 * MiB, f"{name}: peak {peak / MiB:.0f} MiB"
        names = [n for n, _ in out]
        assert names[-1] == "nextValidId" and out[-1][1] == (42,), name
        if gives == "error":
            assert len(errors) == 1 and errors[0].code in (505, 508), (name, names)
            assert len(errors[0].text) < 600, name
        elif not gives:
            assert not errors and names == ["nextValidId"], (name, names)
        else:
            assert not errors and names[0] == gives, (name, names)


@pytest.mark.parametrize("sv", [176, 222])
def test_a_long_legal_history_is_still_decoded_whole(sv: int) -> None:
    from ibwire.model import BarData
    from ibwire.protocol.server import SessionEncoder

    bars = []
    for i in range(5000):
        b = BarData()
        b.date, b.open, b.high, b.low, b.close, b.volume, b.wap, b.barCount = str(i), 1.0, 2.0, 0.5, 1.5, 10, 1, 3
        bars.append(b)
    framer = Framer()
    (body, *_) = framer.feed(SessionEncoder(sv, protobuf=False).historical_data(9, bars, "a", "b"))
    fast, ref = both(sv, body)
    assert fast == ref
    assert sum(1 for n, _ in ref if n == "historicalData") == 5000
    ticks = text_msg(sv, IN.HISTORICAL_TICKS_LAST, 1, 3000, *([1, 0, 1.5, 2, "X", ""] * 3000), 1)[4:]
    fast, ref = both(sv, ticks)
    assert fast == ref and len(ref[0][1][1]) == 3000, ref[0][0]


# --- item 13: the size caches are bounded by bytes ---------------------------------------------------------


def test_size_cache_keeps_no_long_texts() -> None:
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(20_000):
            text = b"1" * 4090 + b"%06d" % i
            assert fields_mod.dec_decimal(text) == Decimal(text.decode())
            m = TickSize_pb2.TickSize(size=text.decode())
            assert incoming_pb._dec(m, "size") == Decimal(text.decode())
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 8 * MiB, f"{grown / MiB:.0f} MiB kept"
    # short sizes are still shared while the cache has room (earlier tests in this process may have filled
    # it: it keeps the first DECIMALS_MAX sizes seen)
    cache = fields_mod._DECIMALS
    saved = dict(cache)
    cache.clear()
    try:
        assert fields_mod.dec_decimal(b"300") is fields_mod.dec_decimal(b"300")
    finally:
        cache.clear()
        cache.update(saved)


# --- the reader: a peer reset is one warning, a bug is an error with its traceback --------------------------


def _reset_after_connect(app: App, lsock: socket.socket) -> None:
    t = threading.Thread(target=lambda: app.connect(lsock.getsockname()[1]))
    t.start()
    sock = accept_client(lsock, 176)
    t.join(5)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")  # close with a reset
    sock.close()


def test_peer_reset_is_one_warning_line(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ibwire")
    app = App()
    with socket.create_server(("127.0.0.1", 0)) as lsock:
        _reset_after_connect(app, lsock)
        app.w.wait_for("connectionClosed")
        app.close()
    reader = [r for r in caplog.records if r.name == "ibwire.reader"]
    assert [r.levelno for r in reader] == [logging.WARNING], [r.getMessage() for r in reader]
    assert reader[0].exc_info is None and "\n" not in reader[0].getMessage()
    assert "ConnectionResetError" in reader[0].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert app.w.names().count("connectionClosed") == 1 and not app.w.of("error")
    wait_no_threads()


def test_a_reader_bug_is_logged_with_its_traceback(caplog: pytest.LogCaptureFixture,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from ibwire.client import EClient

    slow = EClient._slow

    def broken(self: EClient, body: bytes, whole: bool) -> list[Any]:  # the reader's path for rare frames
        if b"BOOM" in body:
            raise RuntimeError("a bug in the reader")
        return slow(self, body, whole)

    def fails(f: list[bytes]) -> list[Any]:
        raise ValueError("not this way")

    monkeypatch.setattr(EClient, "_slow", broken)
    # (a message the core leaves to the decoder table: headTimestamp)
    monkeypatch.setitem(incoming_text_table(), IN.HEAD_TIMESTAMP, lambda sv: fails)
    app = App(Recorder())
    with socket.create_server(("127.0.0.1", 0)) as lsock:
        t = threading.Thread(target=lambda: app.connect(lsock.getsockname()[1]))
        t.start()
        sock = accept_client(lsock, 176)
        t.join(5)
        sock.sendall(text_msg(176, IN.HEAD_TIMESTAMP, 1, "BOOM"))
        app.w.wait_for("connectionClosed")
        sock.close()
        app.close()
    errors = [r for r in caplog.records if r.name == "ibwire.reader" and r.levelno == logging.ERROR]
    assert len(errors) == 1 and errors[0].exc_info is not None and "reader failed" in errors[0].getMessage()
    assert app.w.names().count("connectionClosed") == 1
    wait_no_threads()


def incoming_text_table() -> dict[int, Any]:
    from ibwire.protocol import messages

    return messages.TEXT


@pytest.mark.parametrize("sv", [176, 222])
def test_a_decoder_failing_in_an_unforeseen_way_is_reported_and_the_stream_goes_on(sv: int) -> None:
    dec = Decoder(sv)

    def broken(fields: list[bytes]) -> list[Any]:
        raise KeyError("surprise")

    dec.text[IN.HEAD_TIMESTAMP] = broken  # a message the core leaves to the decoder table
    body = body_of(sv, IN.HEAD_TIMESTAMP, 1, "x")
    fast, ref = both_with(dec, body)
    assert fast == ref and ref[0][0] == "<error>" and ref[0][1][0] == 508 and "KeyError" in ref[0][1][1]

