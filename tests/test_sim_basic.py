"""The simulator's session layer: CLI contract, negotiation, client ids, official client."""

from __future__ import annotations


import pytest
from conftest import App, SimProcess
from oracle import run_oracle

from ibwire.sim import Simulator


def test_cli_prints_listening_line_first_and_exits_0_on_sigterm() -> None:
    with SimProcess("--server-version", "176") as p:
        a = App()
        a.connect(p.port)
        a.w.wait_for("managedAccounts")
        assert a.c.serverVersion() == 176
        a.close()


@pytest.mark.parametrize("version", [100, 176, 212, 226])
def test_greeting_and_current_time(version: int) -> None:
    with Simulator(server_version=version) as sim:
        a = App()
        a.connect(sim.port, 3)
        a.w.wait_for(lambda: len(a.w.of("error")) >= 3)
        assert a.w.of("nextValidId") == [(1,)]
        assert a.w.of("managedAccounts") == [("DU1234567",)]
        assert [e[2] for e in a.w.of("error")] == [2104, 2106, 2158]
        a.c.reqCurrentTime()
        a.w.wait_for("currentTime")
        if version >= 197:
            a.c.reqCurrentTimeInMillis()
            a.w.wait_for("currentTimeInMillis")
        if version >= 213:
            assert "nextValidIdProtoBuf" in a.w.names()
        a.close()


def test_duplicate_client_id_is_refused_with_326() -> None:
    with Simulator() as sim:
        a, b = App(), App()
        a.connect(sim.port, 5)
        a.w.wait_for("managedAccounts")
        b.connect(sim.port, 5)
        b.w.wait_for("connectionClosed")
        assert [e[2] for e in b.w.of("error")] == [326]
        assert b.w.of("nextValidId") == []
        a.c.reqCurrentTime()
        a.w.wait_for("currentTime")  # the first client is unaffected
        a.close()
        b.close()


@pytest.mark.parametrize("version", [100, 176, 226])
def test_official_client_connects_to_the_simulator(version: int) -> None:
    with Simulator(server_version=version) as sim:
        calls = run_oracle("official_session.py", str(sim.port), "9")
    names = [c[0] for c in calls]
    assert names[:2] == ["managedAccounts", "nextValidId"]  # the accounts first, as TWS greets
    assert calls[0][1] == ["DU1234567"]
    codes = [c[1][1] for c in calls if c[0] == "error"]
    assert codes[:3] == [2104, 2106, 2158]
