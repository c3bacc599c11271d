"""Every request kind, with drawn arguments, sent by ibwire's client to the simulator:
each is read (text at 176, protobuf at 226) and handled without a simulator failure,
and the session stays up."""

from __future__ import annotations

import os
from typing import Any

import pytest
from conftest import App
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle.spec import build
from test_requests_oracle import CLASSES, METHODS, arg_strategies

from ibwire.sim import Simulator

SKIP = {"startApi"}  # sent by connect


@pytest.mark.parametrize("version", [176, 226])
def test_simulator_handles_every_request_kind(version: int) -> None:
    with Simulator(tick_interval=None, server_version=version) as sim:
        sim.history_pacing = False
        sim.max_rate = 10_000
        a = App()
        a.connect(sim.port, 0)
        a.w.wait_for("managedAccounts")
        a.c.setPacing(0)
        sent: set[str] = set()
        for method in METHODS:
            if method in SKIP:
                continue

            @settings(max_examples=int(os.environ.get("IBWIRE_EXAMPLES", "5")), deadline=None, database=None,
                      suppress_health_check=list(HealthCheck), derandomize=True)
            @given(st.tuples(*arg_strategies(method)))
            def send(spec: tuple[Any, ...]) -> None:
                args = [build(x, CLASSES) for x in spec]
                try:
                    getattr(a.c, method)(*args)
                except Exception:  # noqa: BLE001 - refused client-side exactly as the official client does
                    pass

            send()
            sent.add(method)
        n = len(a.w.of("currentTime"))
        a.c.reqCurrentTime()
        # answered in order: every answer before it has come
        a.w.wait_for(lambda: len(a.w.of("currentTime")) > n, timeout=20)
        failures = [e for e in a.w.of("error") if e[2] == 10000 or e[2] == 320]
        assert failures == []
        assert a.c.isConnected()
        handled = {r.name for _, r in sim.requests}
        # what the client refused to send (too new for the version, rejected text) never arrived
        assert handled <= sent | {"startApi", "reqCurrentTime"}
        assert len(handled) > 60
        a.close()
