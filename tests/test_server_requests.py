"""The simulator reads every request the way the client wrote it.

Hypothesis draws arguments for each request kind (the strategies of the
official-oracle test) and a server version; the client encodes the frame,
the server side reads it back, and encoding what was read must give the very
same bytes (text) or an equal message (protobuf).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle.spec import build
from test_requests_oracle import CLASSES, METHODS, VERSIONS, arg_strategies

import ibwire.protocol.requests as rq
from ibwire.protocol.server_requests import RequestError, read_request

EXAMPLES = int(os.environ.get("IBWIRE_EXAMPLES", "25"))


def _ambiguous_tags(args: tuple[Any, ...]) -> bool:
    # tag=value; lists have no escaping: a tag with "=" or ";", or a value with ";", cannot be read back
    for a in args:
        tags = a if isinstance(a, list) else getattr(a, "orderMiscOptions", None) or []
        for tv in tags:
            if "=" in tv.tag or ";" in tv.tag or ";" in tv.value:
                return True
    return False


def _value_dependent(method: str, args: tuple[Any, ...]) -> bool:
    # Text layouts that depend on values beyond placeOrder (combo legs of a BAG
    # contract, a delta-neutral contract, filter date lists) are not traced yet.
    for a in args:
        if getattr(a, "secType", None) == "BAG" or getattr(a, "deltaNeutralContract", None) is not None:
            return method != "placeOrder"
        if getattr(a, "specificDates", None):
            return True
    return False


@pytest.mark.parametrize("method", METHODS)
def test_server_reads_what_the_client_wrote(method: str) -> None:
    r = rq.REQUESTS[method]
    strategies = arg_strategies(method)

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
              derandomize="IBWIRE_RANDOM" not in os.environ, database=None)
    @given(st.sampled_from(VERSIONS), st.tuples(*strategies))
    def check(sv: int, spec: tuple[Any, ...]) -> None:
        args = tuple(build(a, CLASSES) for a in spec)
        try:
            frame = r.encode(sv, *args)
        except Exception:  # noqa: BLE001 - refused or rejected by the client: nothing to read
            return
        if _ambiguous_tags(args):
            return
        if _value_dependent(method, args) and not frame[4:8].startswith(b"\0\0\0") and sv < 201:
            return
        body = frame[4:]
        try:
            got = read_request(body, sv)
        except RequestError:
            if _value_dependent(method, args):
                return
            raise
        assert got.name == method
        if got.protobuf:
            assert got.message == r.proto(*args)  # type: ignore[misc]
        else:
            assert got.args is not None
            assert r.encode(sv, *got.args) == frame, (sv, args, got.args)
            if got.message is not None and r.proto is not None and method != "placeOrder":
                assert got.message == r.proto(*got.args)

    check()
