"""The CI runs after the main one: the oldest protobuf ibwire accepts, and every other Python it claims.

Usage (from the repository root; ``.ci/run`` calls it after the main test run)::

    python scripts/ci_matrix.py [--steps protobuf,sweep,pythons] [--pythons 3.10,3.12,3.13]

Steps, each in its own venv under ``.ci/venvs/`` (ignored by git; reused when present), needing only the
package index:

- ``protobuf``: ibwire with its dev extra, then protobuf and types-protobuf pinned at setup.cfg's floor;
  the tests that build, parse or compare protobuf messages (``PROTOBUF_TESTS``) and ``mypy`` (strict).
- ``sweep``: every generated module imported (``-W error``) on the newest patch of each protobuf minor
  release from the floor on (``SWEEP``), each installed apart with ``pip install --target``.
- ``pythons``: the whole suite (``pytest -n 2``) under each Python 3.10-3.13 other than this one, found
  on PATH or under pyenv; one not found is reported as skipped. The official clients the suite compares
  with keep running under this interpreter (``IBWIRE_ORACLE_PYTHON``), so the oracle packages the main
  run installed serve every Python.

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
    """``.ci/venvs/<name>`` made by ``python`` with ibwire installed editable with its dev extra."""
    d = VENVS / name
    py = d / "bin" / "python"
    if not py.exists() and run([python, "-m", "venv", str(d)]) != 0:
        raise RuntimeError(f"{python} -m venv {d} failed")
    if run([str(py), "-m", "pip", "install", *QUIET, "-e", ".[dev]"]) != 0:
        raise RuntimeError(f"pip install -e .[dev] into {d} failed")
    return py


def env_for_tests() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    if sys.version_info[:2] >= (3, 11) and "IBWIRE_ORACLE_PYTHON" not in env:
        env["IBWIRE_ORACLE_PYTHON"] = sys.executable
    return env


def step_protobuf() -> str:
    py = venv("protobuf-floor", sys.executable)
    pins = [f"protobuf=={floor()}", TYPES_AT_FLOOR]
    if run([str(py), "-m", "pip", "install", *QUIET, *pins]) != 0:
        raise RuntimeError(f"pip install {' '.join(pins)} failed")
    got = subprocess.run([str(py), "-c", "import google.protobuf as g; print(g.__version__)"],
                         capture_output=True, text=True).stdout.strip()
    if got != floor():
        return f"failed: protobuf {got} installed, not {floor()}"
    tests = run([str(py), "-m", "pytest", "-q", "-n", "2", *PROTOBUF_TESTS], env=env_for_tests())
    types = run([str(py), "-m", "mypy"])
    return "passed" if (tests, types) == (0, 0) else f"failed: pytest exit {tests}, mypy exit {types}"


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


def step_python(version: str) -> str:
    python = find_python(version)
    if python is None:
        return f"skipped: no Python {version} on PATH or under pyenv"
    py = venv(f"py{version}", python)
    rc = run([str(py), "-m", "pytest", "-q", "-n", "2"], env=env_for_tests())
    return "passed" if rc == 0 else f"failed: pytest exit {rc}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--steps", default="protobuf,sweep,pythons")
    ap.add_argument("--pythons", default=",".join(v for v in PYTHONS if v != "%d.%d" % sys.version_info[:2]),
                    help="the Pythons of the 'pythons' step (default: those of 3.10-3.13 other than this one)")
    a = ap.parse_args()
    jobs: list[tuple[str, object]] = []
    for s in a.steps.split(","):
        if s == "protobuf":
            jobs.append((f"protobuf {floor()} (python {sys.version_info[0]}.{sys.version_info[1]})", step_protobuf))
        elif s == "sweep":
            jobs.append(("protobuf sweep", step_sweep))
        elif s == "pythons":
            jobs += [(f"python {v}", lambda v=v: step_python(v)) for v in a.pythons.split(",") if v]
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
