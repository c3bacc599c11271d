"""Differential tests against the official ibapi 10.51.1 (run apart, in a subprocess).

The official client and ibwire talk to the same scripted peer; the bytes each
sends must be identical. Frames decoded by both must fire the same callbacks.
"""

from __future__ import annotations

import json
import random
import time
from typing import Any

import pytest
from conftest import App
from oracle import run_oracle
from oracle.normalize import norm
from peer import Peer, error_msg, proto_msg, text_msg

from ibwire.protocol.ids import IN
from ibwire.protocol.messages import DecodeError, Decoder
from ibwire.protocol.proto import (
    CurrentTimeInMillis_pb2,
    CurrentTime_pb2,
    ErrorMessage_pb2,
    ManagedAccounts_pb2,
    NextValidId_pb2,
)

VERSIONS = [100, 151, 157, 163, 166, 176, 178, 187, 194, 200, 201, 210, 213, 222, 226]


def _drain(s: Any) -> list[bytes]:
    out = [s.hello_raw]
    while True:
        try:
            out.append(s.next_frame(timeout=1.0))
        except Exception:
            return out


def _ibwire_session(port: int, client_id: int, opts: str | None, cap: str | None) -> list[Any]:
    a = App()
    if opts:
        a.c.setConnectOptions(opts)
    if cap:
        a.c.setOptionalCapabilities(cap)
    a.connect(port, client_id)
    time.sleep(0.3)
    a.c.reqCurrentTime()
    a.c.reqIds(-1)
    a.c.reqIds(5)
    a.c.reqIds(2147483647)
    a.c.reqManagedAccts()
    a.c.reqCurrentTimeInMillis()
    time.sleep(0.5)
    a.close()
    return [[n, [args[0], args[2], args[3], (args + ("",))[4]] if n == "error" else list(args)]
            for n, args in a.w.calls if n in ("nextValidId", "managedAccounts", "error")]


@pytest.mark.parametrize("version", [100, 176, 200, 201, 213, 226])
@pytest.mark.parametrize("opts,cap", [(None, None), ("+PACEAPI", "cap")])
def test_same_bytes_and_callbacks_as_official_client(version: int, opts: str | None, cap: str | None) -> None:
    with Peer(version) as p1, Peer(version) as p2:
        official_calls = run_oracle("official_session.py", str(p1.port), "17", opts or "-", cap or "-")
        official = _drain(p1.session())
        ours_calls = _ibwire_session(p2.port, 17, opts, cap)
        ours = _drain(p2.session())
    assert len(official) >= 7  # hello, startApi and the requests all arrived
    assert ours == official
    assert ours_calls == official_calls


# --- decoding ---------------------------------------------------------------------




def _ours(sv: int, body: bytes) -> list[Any]:
    try:
        events = Decoder(sv).decode(body)
    except DecodeError:
        return [["<BadMessage>", []]]
    return [[n, [norm(a) for a in args]] for n, args in events]


def _proto_bytes_only(calls: list[Any]) -> list[Any]:
    # protobuf arguments are different classes on each side: compare their bytes
    return [[n, [["proto", a[2]] if isinstance(a, list) and a[:1] == ["proto"] else a for a in args]]
            for n, args in calls]


def _frames(rng: random.Random) -> list[tuple[int, bytes]]:
    texts = ["", "DU1", "DU1,DU2,U3", "Order rejected: reason", "a\\u00e9b", "{\"k\": 1}", "x" * 300]
    out: list[tuple[int, bytes]] = []
    for sv in VERSIONS:
        for _ in range(12):
            ints = [rng.choice([0, -1, 1, 2**31 - 1, rng.randrange(-10**6, 10**9)]) for _ in range(3)]
            t = rng.choice(texts)
            out += [
                (sv, text_msg(sv, IN.NEXT_VALID_ID, 1, ints[0])[4:]),
                (sv, text_msg(sv, IN.MANAGED_ACCTS, 1, t)[4:]),
                (sv, text_msg(sv, IN.CURRENT_TIME, 1, abs(ints[1]))[4:]),
                (sv, error_msg(sv, ints[0], abs(ints[2]) % 30000, t, rng.choice(texts), abs(ints[1]))[4:]),
            ]
            if sv >= 197:
                out.append((sv, text_msg(sv, IN.CURRENT_TIME_IN_MILLIS, abs(ints[1]) * 1000)[4:]))
            if sv >= 201:
                e = ErrorMessage_pb2.ErrorMessage(errorCode=abs(ints[2]), errorMsg=t)
                if rng.random() < 0.7:
                    e.id = ints[0]
                if rng.random() < 0.5:
                    e.errorTime = abs(ints[1])
                if rng.random() < 0.5:
                    e.advancedOrderRejectJson = rng.choice(texts)
                out += [
                    (sv, proto_msg(IN.ERR_MSG, e)[4:]),
                    (sv, proto_msg(IN.NEXT_VALID_ID, NextValidId_pb2.NextValidId(orderId=ints[0]))[4:]),
                    (sv, proto_msg(IN.NEXT_VALID_ID, NextValidId_pb2.NextValidId())[4:]),
                    (sv, proto_msg(IN.MANAGED_ACCTS, ManagedAccounts_pb2.ManagedAccounts(accountsList=t))[4:]),
                    (sv, proto_msg(IN.CURRENT_TIME, CurrentTime_pb2.CurrentTime(currentTime=abs(ints[1])))[4:]),
                    (sv, proto_msg(IN.CURRENT_TIME_IN_MILLIS,
                                   CurrentTimeInMillis_pb2.CurrentTimeInMillis(currentTimeInMillis=abs(ints[1])))[4:]),
                ]
    return out


def test_decoded_callbacks_match_official() -> None:
    frames = _frames(random.Random(20261124))
    official = run_oracle("official_decode.py", stdin=json.dumps([[sv, b.hex()] for sv, b in frames]))
    assert len(official) == len(frames)
    mismatches = []
    for (sv, body), theirs in zip(frames, official):
        ours = _ours(sv, body)
        if _proto_bytes_only(ours) != _proto_bytes_only(theirs):
            mismatches.append((sv, body, ours, theirs))
    assert not mismatches, mismatches[:3]
    assert len(frames) > 500
