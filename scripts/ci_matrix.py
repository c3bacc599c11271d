"""The CI runs after the main one: the oldest protobuf ibwire accepts, and every other Python it claims.

Usage (from the repository root; ``.ci/run`` calls it after the main test run)::

    python scripts/ci_matrix.py [--steps floor,sweep,pythons] [--full]

The main run covers this Python with the newest protobuf. Then, each in its own venv under ``.ci/venvs/``
(ignored by git; reused when present), needing only the package index:

- ``floor``: the oldest claimed Python the machine has (3.10) with protobuf and types-protobuf pinned at
  setup.cfg's floor: the whole suite (``pytest -n 2``) and ``mypy`` strict. Where that Python is this
  one (no 3.10 here), only the tests whose messages go through protobuf (``PROTOBUF_TESTS``).
- ``sweep``: every generated module imported on the newest patch of each protobuf minor line from the
  floor on (``SWEEP``), each installed apart with ``pip install --target``.
- ``pythons``: every other Python 3.10-3.13 found (PATH or pyenv) with the newest protobuf: ``SMOKE_TESTS``
  (packaging, framing, the sync/async facade and its event-loop helpers, the simulator), or the whole
  suite with ``--full``. A Python the machine lacks is reported as skipped.

Why not the whole suite everywhere: on this 2-core machine one full run takes ~12 min serial (the main
run) and ~8 min with ``-n 2``; four of them would quadruple CI. 3.10 gets the full run because it differs
most (no 3.11 stdlib: one TimeoutError class less, older enum signatures; the official client cannot run
on it). The official clients the suite compares with run under this interpreter
(``IBWIRE_ORACLE_PYTHON``), so the oracle packages the main run installed serve every Python.

Every step runs the pure-Python core modules (``IBWIRE_PURE=1``; the venvs are installed with
``IBWIRE_COMPILE=0``): the main runs of ``.ci/run`` test the compiled core and the pure one on this Python, and
what these steps vary — the Python, the protobuf — does not reach the core, which imports only the standard
library and ibwire.

Prints one line per step and a summary; exits 1 if any step that ran failed.
"""

from __future__ import annotations

import argparse
import configparser
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENVS = ROOT / ".ci" / "venvs"
#: the Pythons setup.cfg claims (python_requires >= 3.10) that CI runs when the machine has them
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
#: the test files whose messages go through protobuf: schema, encoders, decoders, server side, the
#: simulator's protobuf streams, the official client's protobuf forms, and packaging
PROTOBUF_TESTS = (
    "tests/test_schema.py", "tests/test_decode_proto_oracle.py", "tests/test_decode_edges.py",
    "tests/test_requests.py", "tests/test_requests_oracle.py", "tests/test_server_requests.py",
    "tests/test_server_messages.py", "tests/test_sim_streams.py", "tests/test_sim_faults.py",
    "tests/test_core.py", "tests/test_framing.py", "tests/test_oracle_core.py", "tests/test_fundamentals.py",
    "tests/test_packaging.py",
)
#: what the other Pythons run without --full: quick files that import every part and exercise what differs
#: between Pythons (asyncio loops and timeouts, enums, dataclasses, subprocess-run examples)
SMOKE_TESTS = (
    "tests/test_packaging.py", "tests/test_framing.py", "tests/test_core.py", "tests/test_facade_util.py",
    "tests/test_facade_async.py", "tests/test_facade_session.py", "tests/test_sim_basic.py",
)
#: protobuf releases the sweep imports the generated modules with: the newest patch of each minor line
#: from the floor on (6.30 and 6.31 warn, once per module, that the 5.29 gencode is a major behind; the
#: official client's own gencode does the same there)
SWEEP = ("5.29.6", "6.30.2", "6.31.1", "6.32.1", "6.33.6", "7.34.2", "7.35.1", "7.36.2")
WARN_ONE_MAJOR_BEHIND = ("6.30.", "6.31.")
#: types-protobuf of protobuf's 5.29 line, for mypy at the floor
TYPES_AT_FLOOR = "types-protobuf>=5.29,<5.30"

QUIET = ["-q", "--disable-pip-version-check"]


def floor() -> str:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    m = re.search(r"protobuf\s*>=\s*([0-9.]+)", cfg["options"]["install_requires"])
    assert m, "setup.cfg: no protobuf>= in install_requires"
    return m.group(1)


def version_of(python: str) -> str | None:
    try:
        p = subprocess.run([python, "-S", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                           capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return p.stdout.strip() if p.returncode == 0 else None


def find_python(version: str) -> str | None:
    """An interpreter of ``version`` (e.g. "3.12"): the newest pyenv build, else ``python3.12`` on PATH,
    checked by running it (a pyenv shim of a version not enabled does not run)."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    builds = sorted(pyenv.glob(f"{version}.*/bin/python{version}"),
                    key=lambda p: [int(x) for x in re.findall(r"\d+", p.parts[-3])], reverse=True)
    for c in [*map(str, builds), shutil.which(f"python{version}")]:
        if c and version_of(c) == version:
            return c
    return None


def run(cmd: list[str], **kw: object) -> int:
    print("+", " ".join(c if len(c) < 80 and "\n" not in c else "<script>" for c in cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT, **kw).returncode  # type: ignore[call-overload,no-any-return]


def venv(name: str, python: str) -> Path:
    """``.ci/venvs/<name>`` made by ``python`` with ibwire installed editable with its dev extra, pure (an
    in-place compiled build of the main run, for this Python, stays; the tests here set it aside)."""
    d = VENVS / name
    py = d / "bin" / "python"
    if not py.exists() and run([python, "-m", "venv", str(d)]) != 0:
        raise RuntimeError(f"{python} -m venv {d} failed")
    env = {**os.environ, "IBWIRE_COMPILE": "0"}  # pure: no compile per venv
    if run([str(py), "-m", "pip", "install", *QUIET, "-e", ".[dev]"], env=env) != 0:
        raise RuntimeError(f"pip install -e .[dev] into {d} failed")
    return py


def env_for_tests() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "IBWIRE_EXPECT_COMPILED")}
    env["IBWIRE_PURE"] = "1"  # the main runs test the compiled core; these, what differs by Python and protobuf
    if sys.version_info[:2] >= (3, 11) and "IBWIRE_ORACLE_PYTHON" not in env:
        env["IBWIRE_ORACLE_PYTHON"] = sys.executable
    return env


def oldest_python() -> tuple[str, str]:
    """The oldest claimed Python the machine has: (version, interpreter)."""
    for v in PYTHONS:
        python = sys.executable if v == this_version() else find_python(v)
        if python:
            return v, python
    return this_version(), sys.executable


def this_version() -> str:
    return "%d.%d" % sys.version_info[:2]


def step_floor() -> str:
    version, python = oldest_python()
    py = venv(f"py{version}-protobuf-floor", python)
    pins = [f"protobuf=={floor()}", TYPES_AT_FLOOR]
    if run([str(py), "-m", "pip", "install", *QUIET, *pins]) != 0:
        raise RuntimeError(f"pip install {' '.join(pins)} failed")
    got = subprocess.run([str(py), "-c", "import google.protobuf as g; print(g.__version__)"],
                         capture_output=True, text=True).stdout.strip()
    if got != floor():
        return f"failed: protobuf {got} installed, not {floor()}"
    tests = run([str(py), "-m", "pytest", "-q", "-n", "2",
                 *(PROTOBUF_TESTS if version == this_version() else [])], env=env_for_tests())
    types = run([str(py), "-m", "mypy"])
    what = "protobuf tests" if version == this_version() else "whole suite"
    return f"passed ({what})" if (tests, types) == (0, 0) else f"failed: pytest exit {tests}, mypy exit {types}"


_IMPORT_ALL = """
import importlib, pathlib, sys, warnings
import google.protobuf
assert google.protobuf.__version__ == sys.argv[1], google.protobuf.__version__
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    import ibwire.protocol.proto as proto  # ibwire's own import loads most modules already
    for p in sorted(pathlib.Path(proto.__path__[0]).glob('*_pb2.py')):
        importlib.import_module('ibwire.protocol.proto.' + p.stem)
behind = [w for w in caught if 'exactly one major version older' in str(w.message)]
others = [str(w.message) for w in caught if w not in behind]
assert not others, others[:3]
assert bool(behind) == (sys.argv[2] == 'warns'), len(behind)
from ibwire.protocol.proto import Order_pb2
o = Order_pb2.Order(orderId=7, action='BUY', totalQuantity='100', lmtPrice=1.5)
assert Order_pb2.Order.FromString(o.SerializeToString()) == o
"""


def step_sweep() -> str:
    failed = []
    for v in SWEEP:
        d = VENVS / "protobuf-sweep" / v
        if not (d / "google" / "protobuf" / "__init__.py").exists():
            if run([sys.executable, "-m", "pip", "install", *QUIET, "--target", str(d), f"protobuf=={v}",
                    "sortedcontainers"]) != 0:
                failed.append(f"{v} (install)")
                continue
        warns = "warns" if v.startswith(WARN_ONE_MAJOR_BEHIND) else "quiet"
        env = {k: val for k, val in os.environ.items() if k != "PYTHONPATH"}
        env["PYTHONPATH"] = os.pathsep.join([str(d), str(ROOT)])
        # -S: only the protobuf of this release, never the environment's
        if run([sys.executable, "-S", "-c", _IMPORT_ALL, v, warns], env=env) != 0:
            failed.append(v)
    return f"failed: {', '.join(failed)}" if failed else f"passed: {len(SWEEP)} releases, {SWEEP[0]}..{SWEEP[-1]}"


def step_python(version: str, full: bool) -> str:
    python = find_python(version)
    if python is None:
        return f"skipped: no Python {version} on PATH or under pyenv"
    py = venv(f"py{version}", python)
    rc = run([str(py), "-m", "pytest", "-q", "-n", "2", *([] if full else SMOKE_TESTS)], env=env_for_tests())
    what = "whole suite" if full else "smoke tests"
    return f"passed ({what})" if rc == 0 else f"failed: pytest exit {rc}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--steps", default="floor,sweep,pythons")
    ap.add_argument("--pythons", help="the Pythons of the 'pythons' step, e.g. 3.12,3.13 (default: those of "
                    "3.10-3.13 other than this one and the one of the floor step)")
    ap.add_argument("--full", action="store_true", help="the whole suite in the 'pythons' step")
    a = ap.parse_args()
    steps = a.steps.split(",")
    jobs: list[tuple[str, object]] = []
    for s in steps:
        if s == "floor":
            jobs.append((f"python {oldest_python()[0]}, protobuf {floor()}", step_floor))
        elif s == "sweep":
            jobs.append(("protobuf sweep", step_sweep))
        elif s == "pythons":
            taken = {this_version()} | ({oldest_python()[0]} if "floor" in steps else set())
            pythons = a.pythons.split(",") if a.pythons else [v for v in PYTHONS if v not in taken]
            jobs += [(f"python {v}", lambda v=v: step_python(v, a.full)) for v in pythons]
        else:
            ap.error(f"unknown step {s}")
    results = []
    for name, job in jobs:
        print(f"=== {name}", flush=True)
        t = time.monotonic()
        try:
            result = job()  # type: ignore[operator]
        except RuntimeError as e:
            result = f"failed: {e}"
        results.append((name, result, time.monotonic() - t))
        print(f"=== {name}: {result} ({time.monotonic() - t:.0f} s)", flush=True)
    print("\nci_matrix summary:")
    for name, result, secs in results:
        print(f"  {name:<32} {result}  [{secs:.0f} s]")
    return 1 if any(r.startswith("failed") for _, r, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
