"""The simulator in a process of its own: for tests of a strategy that must not share the simulator's GIL,
for programs under test that are themselves subprocesses, and for a simulator that outlives a crash.

    with spawn("--clock", "2026-11-24T15:30:00") as sim:
        ib.connect("127.0.0.1", sim.port, clientId=1)
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from types import TracebackType
from typing import IO

_LISTENING = re.compile(r"listening on (\S+):(\d+)$")


class SimProcess:
    """A running ``python -m ibwire.sim`` whose address is read from its first line of output."""

    def __init__(self, proc: subprocess.Popen[str], host: str, port: int, stderr: IO[str]) -> None:
        self.proc = proc
        self.host = host
        self.port = port
        self._stderr = stderr
        self.returncode: int | None = None

    def stop(self, timeout: float = 10.0) -> int:
        """SIGTERM (the simulator closes its connections and exits 0); SIGKILL if it has not left in ``timeout``."""
        if self.returncode is None:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
            try:
                self.returncode = self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.returncode = self.proc.wait()
            if self.proc.stdout is not None:
                self.proc.stdout.close()
        return self.returncode

    def kill(self) -> None:
        """End it at once, as a crash would: clients see the connection drop without a goodbye."""
        self.proc.kill()
        self.proc.wait()

    @property
    def stderr(self) -> str:
        """What the simulator wrote on stderr so far (its log with ``-v``)."""
        self._stderr.flush()
        with open(self._stderr.name, encoding="utf-8", errors="replace") as f:
            return f.read()

    def __enter__(self) -> SimProcess:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
        self._stderr.close()


def spawn(*args: str, host: str = "127.0.0.1", port: int = 0, python: str = sys.executable,
          env: Mapping[str, str] | None = None, cwd: str | None = None, timeout: float = 30.0) -> SimProcess:
    """Start ``python -m ibwire.sim --host HOST --port PORT ARGS...`` and return once it listens.

    ``port=0`` takes any free port (``.port`` tells which). Raises ``RuntimeError`` with the simulator's
    own words if it does not come up within ``timeout`` seconds (a taken port, a bad option).
    """
    err = tempfile.NamedTemporaryFile("w+", prefix="ibwire-sim-", suffix=".log", delete=True, encoding="utf-8")
    proc = subprocess.Popen([python, "-m", "ibwire.sim", "--host", host, "--port", str(port), *args],
                            stdout=subprocess.PIPE, stderr=err, text=True, env=None if env is None else dict(env),
                            cwd=cwd)
    assert proc.stdout is not None
    line = _first_line(proc, timeout)
    m = _LISTENING.match(line.strip())
    if m is None:
        proc.kill()
        proc.wait()
        err.flush()
        with open(err.name, encoding="utf-8", errors="replace") as f:
            why = f.read().strip().splitlines()
        err.close()
        raise RuntimeError(f"the simulator did not start: {why[-1] if why else line.strip() or 'no output'}")
    return SimProcess(proc, m.group(1), int(m.group(2)), err)


def _first_line(proc: subprocess.Popen[str], timeout: float) -> str:
    """The first line of stdout, or "" once ``timeout`` passes (a blocking readline could wait forever)."""
    import threading

    assert proc.stdout is not None
    out: list[str] = []
    reader = threading.Thread(target=lambda: out.append(proc.stdout.readline() if proc.stdout else ""),
                              name="sim-spawn-first-line", daemon=True)
    reader.start()
    reader.join(timeout)
    return out[0] if out else ""


__all__ = ["SimProcess", "spawn"]
