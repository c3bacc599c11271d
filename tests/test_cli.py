"""The ``ibwire`` command (``ibwire.cli``): one line for a user's mistake, never a traceback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import ibwire
from ibwire.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "ibwire.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env=env)


def test_version_usage_and_unknown_commands() -> None:
    assert main(["--version"]) == 0
    assert main([]) == 2 and main(["--help"]) == 0
    p = run("frobnicate")
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.count("\n") == 1 and "unknown command 'frobnicate'" in p.stderr and "Traceback" not in p.stderr
    assert run("--version").stdout == f"ibwire {ibwire.__version__}\n"


def test_sim_help_shows_the_defaults() -> None:
    p = run("sim", "--help")
    assert p.returncode == 0 and p.stdout.startswith("usage: ibwire sim")
    assert "(default: 7497)" in p.stdout and "(default: 1)" in p.stdout


def test_a_taken_port_is_one_line_with_a_suggestion() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        p = run("sim", "--port", str(port))
        assert p.returncode == 1 and p.stdout == ""
        assert p.stderr == (f"ibwire sim: 127.0.0.1:{port} is in use (a TWS or IB Gateway may be running on "
                            "it); pick another with --port N (--port 0: any free port)\n")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        q = subprocess.run([sys.executable, "-m", "ibwire.sim", "--port", str(port)], capture_output=True,
                           text=True, timeout=30, cwd=ROOT, env=env)
        assert q.returncode == 1 and q.stderr.startswith(f"python -m ibwire.sim: 127.0.0.1:{port} is in use")


def test_sim_listens_first_and_stops_cleanly_on_sigterm() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.Popen([sys.executable, "-m", "ibwire.cli", "sim", "--port", "0", "--clock",
                          "2026-11-24T15:30:12+00:00"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         cwd=ROOT, env=env)
    try:
        assert p.stdout is not None
        first = p.stdout.readline()
        assert first.startswith("listening on 127.0.0.1:")
        port = int(first.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        p.send_signal(signal.SIGTERM)
        assert p.wait(timeout=20) == 0
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
