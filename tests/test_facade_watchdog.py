"""Watchdog and IBC with the simulator as the managed gateway process: started and connected, killed (SIGKILL)
and restarted, hung (SIGSTOP) until the probe times out and restarted, stopped with nothing left behind."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from conftest import facade_threads, wait_until
from ibwire.facade import IB, Forex
from ibwire.facade.watchdog import IBC, Watchdog

CLOCK = "2026-11-24T15:30:12+00:00"
#: the simulator listens within about a second here; on a busy machine it may take longer, and then the watchdog's
#: first connect fails and it starts the simulator again: the tests allow for such extra cycles
STARTUP = 2.5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sim_command(port: int) -> list[str]:
    return [sys.executable, "-m", "ibwire.sim", "--host", "127.0.0.1", "--port", str(port), "--clock", CLOCK,
            "--tick-interval", "0"]


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie waiting for its reaper does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


class Recorded:
    """The watchdog's events, in order."""

    def __init__(self, wd: Watchdog) -> None:
        self.names: list[str] = []
        self.strangers: list[object] = []  # what handlers got instead of the watchdog
        self._lock = threading.Lock()
        for name in Watchdog.events:
            getattr(wd, name).connect(lambda w, name=name: self._add(w, wd, name))

    def _add(self, w: Watchdog, wd: Watchdog, name: str) -> None:
        with self._lock:
            self.names.append(name)
            if w is not wd:
                self.strangers.append(w)

    def count(self, name: str) -> int:
        with self._lock:
            return self.names.count(name)

    def settled(self) -> list[str]:
        """The events without the cycles that ended before connecting (a simulator slower to start than STARTUP):
        a stoppedEvent right after startingEvent or another stoppedEvent, before a startedEvent."""
        with self._lock:
            names = list(self.names)
        out: list[str] = []
        for i, n in enumerate(names):
            if n == "stoppedEvent" and out and out[-1] in ("startingEvent", "stoppedEvent") and \
                    "startedEvent" in names[i + 1:]:
                continue
            out.append(n)
        return out


class Setup:
    def __init__(self, **kw: Any) -> None:
        self.port = free_port()
        self.ib = IB()
        self.ib.RequestTimeout = 5
        params: dict[str, Any] = dict(port=self.port, appStartupTime=STARTUP, appTimeout=0.3, probeTimeout=1.0,
                                      retryDelay=0.1, connectTimeout=3, probeContract=None)
        params.update(kw)
        self.wd = Watchdog(sim_command(self.port), self.ib, **params)
        assert isinstance(self.wd.controller, IBC)
        self.ibc: IBC = self.wd.controller
        self.events = Recorded(self.wd)

    def pid(self) -> int:
        p = self.ibc.process
        return p.pid if p is not None else -1

    def up(self, times: int = 1) -> bool:
        """Connected (the startedEvent: ``isConnected()`` is true already while connect() syncs) ``times`` times."""
        return self.ib.isConnected() and self.events.count("startedEvent") >= times

    def connected_to_new_process(self, old_pid: int) -> bool:
        return self.ib.isConnected() and self.pid() not in (-1, old_pid) and self.events.count("startedEvent") >= 2


@pytest.fixture
def setup() -> Iterator[Any]:
    made: list[Setup] = []

    def make(**kw: Any) -> Setup:
        s = Setup(**kw)
        made.append(s)
        return s

    yield make
    for s in made:
        s.wd.stop()
        s.ibc.terminate()


def assert_all_ended(s: Setup, pids: list[int]) -> None:
    assert not s.ib.isConnected()
    assert s.ibc.process is None
    assert not s.wd.isRunning()
    assert s.events.strangers == []
    wait_until(lambda: not any(alive(p) for p in pids), 5, lambda: f"processes still alive: {pids}")
    wait_until(lambda: not facade_threads(), 5, lambda: f"threads left: {facade_threads()}")


def test_starts_the_process_connects_and_probes_with_historical_bars(setup: Any) -> None:
    s = setup(probeContract=Forex("EURUSD"), appTimeout=0.2)
    probes: list[Future[Any]] = []
    real = s.ib.reqHistoricalDataFuture

    def spy(*args: Any, **kw: Any) -> Future[Any]:
        f = real(*args, **kw)
        probes.append(f)
        return f

    s.ib.reqHistoricalDataFuture = spy  # type: ignore[method-assign]
    t0 = time.monotonic()
    s.wd.start()
    assert s.wd.isRunning()
    assert s.events.names[:1] == ["startingEvent"]
    wait_until(s.up, 15, "connected to the started simulator")
    assert time.monotonic() - t0 >= STARTUP  # the app is given its startup time before the connect
    pid = s.pid()
    assert alive(pid)
    assert s.ib.reqCurrentTime().isoformat().startswith("2026-11-24T15:3")  # the simulator's pinned clock
    wait_until(lambda: probes and probes[0].done(), 10, "the first probe answered")
    bars = probes[0].result()
    assert len(bars) == 6  # 30 seconds of 5-second bars
    assert s.events.settled() == ["startingEvent", "startedEvent", "softTimeoutEvent"]
    # historical probes are spaced so that IB's identical-request pacing never fails one: one so far
    assert len(probes) == 1 and s.events.count("hardTimeoutEvent") == 0 and s.pid() == pid
    s.wd.stop()
    assert s.events.settled() == ["startingEvent", "startedEvent", "softTimeoutEvent", "stoppingEvent",
                                  "stoppedEvent"]
    assert_all_ended(s, [pid])


def test_killed_process_is_restarted_and_ib_connected_again(setup: Any) -> None:
    s = setup()
    s.wd.start()
    wait_until(s.up, 15, "first connect")
    wait_until(lambda: s.events.count("softTimeoutEvent") >= 2, 5, "probes of the current time")
    first = s.pid()
    n = len(s.events.names)
    os.kill(first, signal.SIGKILL)
    wait_until(lambda: s.connected_to_new_process(first), 15, lambda: f"reconnected to a new process; {s.events.names}")
    assert not alive(first)
    after = s.events.names[n:]
    assert after[0] == "stoppedEvent" and "startedEvent" in after
    assert set(after[:after.index("startedEvent")]) == {"stoppedEvent"}  # no probe failed: the loss was seen
    assert s.events.count("hardTimeoutEvent") == 0
    assert s.ib.reqCurrentTime().isoformat().startswith("2026-11-24")
    wait_until(lambda: s.events.names[-1] == "softTimeoutEvent", 5, "probing the new connection")
    second = s.pid()
    s.wd.stop()
    assert_all_ended(s, [first, second])


def test_hung_process_fails_the_probe_and_is_killed_and_restarted(setup: Any) -> None:
    s = setup()
    s.wd.start()
    wait_until(s.up, 15, "first connect")
    first = s.pid()
    os.kill(first, signal.SIGSTOP)  # the socket stays open; nothing answers
    try:
        wait_until(lambda: s.events.count("hardTimeoutEvent") == 1, 5, lambda: f"hard timeout; {s.events.names}")
        wait_until(lambda: s.connected_to_new_process(first), 15, lambda: f"restarted; {s.events.names}")
        ended = not alive(first)  # terminated although stopped
    finally:
        if alive(first):
            os.kill(first, signal.SIGKILL)
    assert ended
    names = s.events.settled()
    i = names.index("hardTimeoutEvent")
    assert names[i - 1:i + 3] == ["softTimeoutEvent", "hardTimeoutEvent", "stoppedEvent", "startedEvent"]
    assert s.ib.reqCurrentTime().isoformat().startswith("2026-11-24")
    second = s.pid()
    s.wd.stop()
    assert_all_ended(s, [first, second])


def test_process_that_exits_by_itself_is_started_again(setup: Any) -> None:
    s = setup(appTimeout=30)  # no probe in this test: the exit alone must be noticed
    s.wd.start()
    wait_until(s.up, 15, "first connect")
    first = s.pid()
    os.kill(first, signal.SIGTERM)  # the simulator ends cleanly, exit code 0
    wait_until(lambda: s.connected_to_new_process(first), 15, lambda: f"restarted; {s.events.names}")
    assert s.events.count("softTimeoutEvent") == 0 and s.events.count("hardTimeoutEvent") == 0
    s.wd.stop()
    assert_all_ended(s, [first])


def test_stop_during_startup_and_start_again(setup: Any) -> None:
    s = setup(appStartupTime=30)
    s.wd.start()
    s.wd.start()  # running already: nothing more
    wait_until(lambda: s.pid() != -1, 5, "process started")
    first = s.pid()
    t0 = time.monotonic()
    s.wd.stop()
    assert time.monotonic() - t0 < 5  # not the 30 s of startup time
    assert s.events.names == ["startingEvent", "stoppingEvent", "stoppedEvent"]
    assert not s.wd.isRunning()
    assert_all_ended(s, [first])
    s.wd.stop()  # stopped already: nothing more
    assert s.events.names == ["startingEvent", "stoppingEvent", "stoppedEvent"]

    s.wd.appStartupTime = STARTUP
    s.wd.start()
    wait_until(s.up, 15, "connected after a second start()")
    second = s.pid()
    assert second != first
    s.wd.stop()
    assert_all_ended(s, [second])


def test_any_controller_with_start_and_terminate(setup: Any) -> None:
    port = free_port()

    class Launcher:
        """A controller of one's own: no isRunning(), so only the connection tells the watchdog of trouble."""

        def __init__(self) -> None:
            self.calls: list[str] = []
            self.proc: subprocess.Popen[bytes] | None = None

        def start(self) -> None:
            self.calls.append("start")
            self.proc = subprocess.Popen(sim_command(port), stdout=subprocess.DEVNULL)

        def terminate(self) -> None:
            self.calls.append("terminate")
            if self.proc is not None:
                self.proc.kill()
                self.proc.wait()

    launcher = Launcher()
    ib = IB()
    wd = Watchdog(launcher, ib, port=port, appStartupTime=STARTUP, appTimeout=0.3, probeTimeout=1, retryDelay=0.1,
                  probeContract=None)
    assert wd.controller is launcher
    started: list[Watchdog] = []
    wd.startedEvent += started.append
    try:
        wd.start()
        wait_until(lambda: started and ib.isConnected(), 15, "connected")
        assert launcher.proc is not None
        first = launcher.proc.pid
        n = len(launcher.calls)
        os.kill(first, signal.SIGKILL)
        wait_until(lambda: len(started) == 2 and ib.isConnected(), 15,
                   lambda: f"restarted; calls {launcher.calls}")
        assert launcher.calls[n:n + 2] == ["terminate", "start"]
    finally:
        wd.stop()
    calls = launcher.calls
    assert len(calls) >= 4 and calls == ["start", "terminate"] * (len(calls) // 2)
    assert not ib.isConnected()


def test_watchdog_arguments_are_checked() -> None:
    ib = IB()
    with pytest.raises(ValueError, match="No controller"):
        Watchdog([], ib)
    with pytest.raises(TypeError):
        Watchdog(object(), ib)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Watchdog([sys.executable, 1], ib)  # type: ignore[list-item]
    wd = Watchdog(("gateway", "--flag"), ib, port=4002)
    assert isinstance(wd.controller, IBC) and wd.controller.commandLine() == ["gateway", "--flag"]
    # ib_async's defaults
    assert (wd.host, wd.clientId, wd.connectTimeout, wd.appStartupTime, wd.appTimeout, wd.retryDelay,
            wd.readonly, wd.account, wd.probeTimeout) == ("127.0.0.1", 1, 2, 30, 20, 2, False, "", 4)
    assert wd.probeContract is not None
    assert (wd.probeContract.secType, wd.probeContract.symbol, wd.probeContract.currency) == ("CASH", "EUR", "USD")
    assert Watchdog.events == ["startingEvent", "startedEvent", "stoppingEvent", "stoppedEvent", "softTimeoutEvent",
                               "hardTimeoutEvent"]


_IB_ASYNC_COMMAND = """
import asyncio, json, sys
captured = []

async def fake_exec(*cmd, **kw):
    captured.append(list(cmd))
    raise RuntimeError("captured")

asyncio.create_subprocess_exec = fake_exec
from ib_async.ibcontroller import IBC
out = []
for kw in json.loads(sys.argv[1]):
    try:
        IBC(**kw).start()
    except RuntimeError:
        pass
    out.append(captured.pop())
print(json.dumps(out))
"""


def test_ibc_command_line_is_the_one_ib_async_builds() -> None:
    from oracle import oracle_dir, oracle_python

    cases: list[dict[str, Any]] = [
        {"twsVersion": 1019, "gateway": True, "tradingMode": "paper"},
        {"twsVersion": 1030, "tradingMode": "live", "twsPath": "/home/u/Jts", "twsSettingsPath": "/home/u/Jts/s",
         "ibcPath": "/srv/ibc", "ibcIni": "/home/u/ibc/config.ini", "javaPath": "/usr/bin", "userid": "edemo",
         "password": "demouser", "fixuserid": "fx", "fixpassword": "fp", "on2fatimeout": "restart"},
        {"twsVersion": 981, "gateway": False},
    ]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(oracle_dir("ib_async"))
    p = subprocess.run([*oracle_python(), "-B", "-c", _IB_ASYNC_COMMAND, json.dumps(cases)], capture_output=True,
                       text=True, env=env, timeout=60)
    assert p.returncode == 0, p.stderr[-3000:]
    theirs = json.loads(p.stdout)
    ours = [IBC(**kw).commandLine() for kw in cases]
    assert ours == theirs
    assert ours[0] == ["/opt/ibc/scripts/ibcstart.sh", "1019", "--gateway", "--mode=paper", "--ibc-path=/opt/ibc"]
    assert "demouser" not in repr(IBC(**cases[1]))  # credentials stay out of logs


def test_ibc_terminate_escalates_to_sigkill_and_reaches_the_process_group(caplog: Any) -> None:
    caplog.set_level(logging.DEBUG, logger="ibwire.ibc")
    script = ("import signal, subprocess, sys, time\n"
              "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
              "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
              "print('child', child.pid, flush=True)\n"
              "time.sleep(60)\n")
    ibc = IBC(command=[sys.executable, "-c", script], terminateTimeout=0.3)
    assert ibc.commandLine() == [sys.executable, "-c", script]
    with ibc:
        assert ibc.isRunning()
        proc = ibc.process
        assert proc is not None
        lines = lambda: [r.getMessage() for r in caplog.records if r.name == "ibwire.ibc"]  # noqa: E731
        wait_until(lambda: any(m.startswith("child ") for m in lines()), 10, "the child's pid in the output log")
        child = int(next(m for m in lines() if m.startswith("child ")).split()[1])
        assert alive(child)
        ibc.start()  # running already: the same process
        assert ibc.process is proc
        t0 = time.monotonic()
    # __exit__ terminated: SIGTERM ignored, SIGKILL after terminateTimeout, for the grandchild too
    assert 0.3 <= time.monotonic() - t0 < 5
    assert proc.returncode == -signal.SIGKILL
    assert ibc.process is None and not ibc.isRunning()
    wait_until(lambda: not alive(child), 5, "the grandchild killed with its group")
    assert not [t for t in threading.enumerate() if t.name == "ibwire-ibc-output"]
    ibc.terminate()  # nothing to do


def test_processes_left_running_end_with_the_interpreter() -> None:
    """A process started in a session of its own is out of reach of a Ctrl-C: IBC ends it at exit."""
    script = ("import sys\n"
              "from ibwire.facade.watchdog import IBC\n"
              "ibc = IBC(command=[sys.executable, '-c', 'import time; time.sleep(60)'])\n"
              "ibc.start()\n"
              "print(ibc.process.pid, flush=True)\n")
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30,
                       cwd=str(Path(__file__).resolve().parent.parent))
    assert p.returncode == 0, p.stderr
    pid = int(p.stdout.split()[0])
    wait_until(lambda: not alive(pid), 5, f"process {pid} ended at exit")
