"""``ibwire.sim.process.spawn``: the simulator in its own process, ready when spawn returns."""

from __future__ import annotations

import socket

import pytest

from ibwire.sim.process import spawn


def test_spawn_listens_on_return_and_stops_with_exit_0() -> None:
    with spawn("--clock", "2026-11-24T15:30:00") as sim:
        assert sim.host == "127.0.0.1" and sim.port > 0
        socket.create_connection((sim.host, sim.port), timeout=5).close()
    assert sim.returncode == 0
    with pytest.raises(OSError):
        socket.create_connection((sim.host, sim.port), timeout=2)


def test_spawn_failures_carry_the_simulators_own_words() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(RuntimeError, match=f"127.0.0.1:{port} is in use"):
            spawn(port=port)
    with pytest.raises(RuntimeError, match="unrecognized arguments: --bogus"):
        spawn("--bogus")


def test_kill_drops_clients_without_a_goodbye() -> None:
    with spawn() as sim:
        c = socket.create_connection((sim.host, sim.port), timeout=5)
        sim.kill()
        c.settimeout(5)
        assert c.recv(1) == b""  # the peer's end closed by the kernel, no reply to anything
        c.close()
    assert sim.returncode is not None and sim.returncode != 0
