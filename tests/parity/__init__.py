"""The differential parity suite: the same scenarios through ib_async 2.1 and through ibwire, compared.

Each scenario (:mod:`.scenarios`) runs twice, each time in a subprocess of its own (:mod:`.runner`) against a fresh
simulator run by this process with the same seed and a pinned clock, whose market moves only when the scenario
asks (``ctx.step``): once with ib_async 2.1 (its directory alone on the path, as ``tests/oracle`` runs it) and
once with ibwire (the repository root on the path). The two observation trees must be equal, with one allowance:
an object may carry fields ib_async's has not (ibwire's models follow newer server versions); those are listed as
``extra`` and never fail. Every other difference is a bug in one of the two.

``python -m tests.parity [SCENARIO...] [--show]`` prints a table; ``tests/test_facade_parity.py`` runs it in pytest.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RUNNER = HERE / "runner.py"
SEED = 7
#: the simulator's wall clock, pinned: a Tuesday during US trading hours
CLOCK = _dt.datetime(2026, 11, 24, 15, 30, tzinfo=_dt.timezone.utc)
SIDES = ("ib_async", "ibwire")

sys.path.insert(0, str(HERE))
from scenarios import SCENARIOS  # noqa: E402

sys.path.remove(str(HERE))


def oracle_available() -> Path | None:
    """ib_async 2.1's directory if it is installed (never installed from here: the suite skips without it)."""
    from oracle import installed_oracle_dir  # tests/ is on the path (conftest, or __main__)

    return installed_oracle_dir("ib_async")


class _Control:
    """The scenario's handle on the simulator: ``step N`` lines, answered ``ok`` once the ticks are queued."""

    def __init__(self, sim: Any) -> None:
        self.sim = sim
        self._lsock = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._lsock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, name="parity-control", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self._lsock.accept()
        except OSError:
            return
        with conn, conn.makefile("rw") as f:
            for line in f:
                words = line.split()
                try:
                    if words[:1] == ["step"]:
                        self.sim.step(int(words[1]))
                        f.write("ok\n")
                    else:
                        f.write(f"unknown command {line.strip()!r}\n")
                except Exception as e:  # noqa: BLE001 - told to the scenario, which fails with it
                    f.write(f"failed: {type(e).__name__}: {e}\n")
                f.flush()

    def close(self) -> None:
        try:
            self._lsock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._lsock.close()
        self._thread.join(5)


def run_side(side: str, name: str, server_version: int | None = None, timeout: float = 60) -> dict[str, Any]:
    """Run scenario ``name`` with ``side`` against a fresh seeded, pinned, hand-stepped simulator."""
    from ibwire.sim import Simulator

    kw: dict[str, Any] = {} if server_version is None else {"server_version": server_version}
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if side == "ib_async":
        from oracle import oracle_python  # tests/ is on the path (conftest, or __main__)

        base = oracle_available()
        if base is None:
            raise RuntimeError("ib_async 2.1 is not installed apart (IBWIRE_ORACLE_DIR/ib_async)")
        env["PYTHONPATH"] = str(base)
        python = oracle_python()
    else:
        env["PYTHONPATH"] = str(ROOT)
        python = [sys.executable]
    with Simulator(seed=SEED, tick_interval=None, clock=lambda: CLOCK, **kw) as sim:
        control = _Control(sim)
        try:
            p = subprocess.run([*python, "-B", str(RUNNER), side, name, str(sim.port), str(control.port),
                                CLOCK.isoformat()],
                               capture_output=True, text=True, env=env, timeout=timeout, cwd=str(ROOT))
        finally:
            control.close()
    if p.returncode != 0 or not p.stdout.strip():
        return {"!run": f"exit {p.returncode}", "!stderr": p.stderr.strip().splitlines()[-8:]}
    out: dict[str, Any] = json.loads(p.stdout.strip().splitlines()[-1])
    return out


# --- comparing ----------------------------------------------------------------------------------------------------

#: keys that describe the run rather than what the scenario observed
META = {"!module", "!traceback", "!stderr"}


@dataclass
class Comparison:
    name: str
    ib_async: dict[str, Any]
    ibwire: dict[str, Any]
    differences: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # fields only ibwire's objects have (allowed)

    @property
    def same(self) -> bool:
        return not self.differences


def _short(x: Any, width: int = 90) -> str:
    s = json.dumps(x, sort_keys=True)
    return s if len(s) <= width else s[: width - 3] + "..."


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def diff(a: Any, b: Any, path: str, out: list[str], extra: list[str]) -> None:
    """Differences of ``b`` (ibwire) from ``a`` (ib_async), one line each, by path.

    Fields of an object that ibwire lacks are listed on one line per object; a list subclass carrying attributes
    (ib_async's ``BarDataList``, ``ScanDataList``) met by a plain list is reported as a type difference and its
    items are still compared with the list's.
    """
    if isinstance(a, dict) and isinstance(b, list) and "items" in a:
        out.append(f"{path}._type: ib_async {a.get('_type')} | ibwire a plain list")
        diff(a["items"], b, f"{path}.items", out, extra)
        return
    if isinstance(a, list) and isinstance(b, dict) and "items" in b:
        out.append(f"{path}._type: ib_async a plain list | ibwire {b.get('_type')}")
        diff(a, b["items"], f"{path}.items", out, extra)
        return
    if isinstance(a, dict) and isinstance(b, dict):
        is_object = "_type" in a or "_type" in b
        missing = [k for k in a if k not in b and k not in META]
        if is_object and len(missing) > 3:
            out.append(f"{path or '.'}: {len(missing)} fields missing in ibwire: {', '.join(missing)}")
        else:
            for k in missing:
                p = f"{path}.{k}" if path else k
                out.append(f"{p}: missing in ibwire (ib_async: {_short(a[k])})")
        for k in a:
            if k in META or k not in b:
                continue
            diff(a[k], b[k], f"{path}.{k}" if path else k, out, extra)
        for k in b:
            if k in a or k in META:
                continue
            p = f"{path}.{k}" if path else k
            (extra if is_object else out).append(f"{p}: only in ibwire ({_short(b[k])})")
        return
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items in ib_async, {len(b)} in ibwire")
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out, extra)
        return
    if _number(a) and _number(b):
        # int and float alike (a size the user passed as 1 is 1.0 once it went through a Decimal): the types of
        # sizes are the value_types scenario's to compare
        if a != b:
            out.append(f"{path}: ib_async {_short(a)} | ibwire {_short(b)}")
        return
    if a != b or type(a) is not type(b):
        out.append(f"{path}: ib_async {_short(a)} | ibwire {_short(b)}")


def compare(name: str, server_version: int | None = None, sides: tuple[str, str] = SIDES) -> Comparison:
    """Run ``name`` on both sides and diff; ``sides=("ib_async", "ib_async")`` (or ibwire twice) checks that a
    scenario observes the same thing every time (nothing left to chance: seed, clock, stepping)."""
    a = run_side(sides[0], name, server_version)
    b = run_side(sides[1], name, server_version)
    c = Comparison(name, a, b)
    diff(a, b, "", c.differences, c.extra)
    return c


def report(c: Comparison, limit: int = 40) -> str:
    """A readable account of one comparison (for a failing test)."""
    lines = [f"{c.name}: {len(c.differences)} differences (ib_async 2.1 | ibwire)"]
    lines += [f"  {d}" for d in c.differences[:limit]]
    if len(c.differences) > limit:
        lines.append(f"  ... and {len(c.differences) - limit} more")
    for side, obs in (("ib_async", c.ib_async), ("ibwire", c.ibwire)):
        for k in ("!scenario", "!run"):
            if k in obs:
                lines.append(f"  [{side}] {k}: {obs[k]}")
        for k in ("!traceback", "!stderr"):
            if k in obs:
                lines += [f"  [{side}] {line}" for line in obs[k]]
    return "\n".join(lines)
