"""The official ibapi client as a test oracle, installed apart and run in subprocesses.

Its top-level package is ``ibapi`` like compat's, so it never shares a process
with ibwire: it lives in ``.oracle/<name>`` (installed on first use with
``pip install --target``) and its scripts run with only that directory on
``PYTHONPATH``. Results come back as JSON on stdout.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = Path(__file__).resolve().parent
#: name -> (requirement, top-level package): the independent peers the tests run against
#: (10.19 and 10.20 come from republications of IB's own package, the only installable copies of those releases)
ORACLES = {"latest": ("ibapi-latest==10.51.1", "ibapi"), "ib_async": ("ib_async==2.1.0", "ib_async"),
           "v981": ("ibapi==9.81.1.post1", "ibapi"), "v1019": ("nautilus-ibapi==10.19.4", "ibapi"),
           "v1020": ("ibapiunofficialpiccolo==10.20.1", "ibapi"), "v1030": ("python-ibapi-stable==10.30.1", "ibapi"),
           "v1037": ("ibapi-stable==10.37.2", "ibapi"), "v1045": ("ibapi-stable==10.45.1", "ibapi"),
           "v1050": ("ibapi-stable==10.50.2", "ibapi")}


#: the oldest Python the official clients run correctly under: 10.51.1 on 3.10 sends ``str()`` of its IntEnum
#: message ids (``OUT.START_API`` instead of ``71``), as 3.11 changed that str() to the number
ORACLE_MIN_PYTHON = (3, 11)


def _version_of(python: str) -> tuple[int, int] | None:
    """(major, minor) of interpreter ``python``, or None where it does not run (a pyenv shim of an unset version)."""
    try:
        p = subprocess.run([python, "-S", "-c", "import sys; print(*sys.version_info[:2])"], capture_output=True,
                           text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    words = p.stdout.split()
    return (int(words[0]), int(words[1])) if p.returncode == 0 and len(words) == 2 else None


@functools.cache
def oracle_interpreter() -> tuple[str, tuple[int, int]] | None:
    """The Python the official packages run under, with its version: ``$IBWIRE_ORACLE_PYTHON`` if set, else this
    interpreter if it is 3.11 or newer, else the oldest 3.11+ on PATH or under pyenv; None if there is none."""
    chosen = os.environ.get("IBWIRE_ORACLE_PYTHON")
    if chosen:
        version = _version_of(chosen)
        if version is None:
            raise RuntimeError(f"IBWIRE_ORACLE_PYTHON={chosen} does not run")
        return chosen, version
    if sys.version_info[:2] >= ORACLE_MIN_PYTHON:
        return sys.executable, (sys.version_info[0], sys.version_info[1])
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found: dict[tuple[int, int], str] = {}
    for minor in range(ORACLE_MIN_PYTHON[1], 30):
        candidates = [str(p) for p in sorted(pyenv.glob(f"3.{minor}.*/bin/python3.{minor}"), reverse=True)]
        candidates += [w for w in [shutil.which(f"python3.{minor}")] if w]
        for c in candidates:
            if _version_of(c) == (3, minor):
                found.setdefault((3, minor), c)
                break
    if not found:
        return None
    version = min(found)
    return found[version], version


#: how an official package runs: ``-S`` keeps site-packages out, and with it the editable install of ibwire
#: whose import finder would otherwise serve compat's modules for any ``ibapi.X`` a release lacks
#: (each oracle directory holds its package's own dependencies)
def oracle_python() -> list[str]:
    return [_interpreter_or_skip()[0], "-S"]


def _interpreter_or_skip() -> tuple[str, tuple[int, int]]:
    chosen = oracle_interpreter()
    if chosen is None:
        import pytest

        pytest.skip(f"the official clients need Python {'.'.join(map(str, ORACLE_MIN_PYTHON))}+ (on 3.10 they "
                    "send enum names as message ids) and none was found on PATH or under pyenv")
    return chosen


def _foreign_extensions(base: Path, version: tuple[int, int]) -> bool:
    """Whether ``base`` holds compiled modules built for another Python than ``version`` (abi3 ones fit all)."""
    own = f".cpython-{version[0]}{version[1]}-"
    return any(own not in p.name for p in base.rglob("*.cpython-*.so"))


def _dir_for(name: str, version: tuple[int, int]) -> Path:
    """``$IBWIRE_ORACLE_DIR/<name>`` (default ``.oracle/<name>``), or ``<name>-py3.X`` beside it where the plain
    one holds compiled modules of another Python (ib_async's numpy; protobuf's are abi3 and fit every Python)."""
    package = ORACLES[name][1]
    root = Path(os.environ.get("IBWIRE_ORACLE_DIR", ROOT / ".oracle"))
    base = root / name
    if (base / package / "__init__.py").exists() and _foreign_extensions(base, version):
        base = root / f"{name}-py{version[0]}.{version[1]}"
    return base


def installed_oracle_dir(name: str, python: str | None = None) -> Path | None:
    """Like :func:`oracle_dir`, but None where the package is not installed or no interpreter can run it (never
    installs, never skips: usable in a skip condition)."""
    chosen = oracle_interpreter()
    version = (chosen[1] if chosen else None) if python is None else _version_of(python)
    if version is None:
        return None
    base = _dir_for(name, version)
    return base if (base / ORACLES[name][1] / "__init__.py").exists() else None


@functools.cache
def oracle_dir(name: str = "latest", python: str | None = None) -> Path:
    """The directory holding official package ``name`` (``ORACLES``) for interpreter ``python`` (default: the
    oracle interpreter, :func:`oracle_python`), installed on first use by that interpreter (pip picks the
    builds of compiled dependencies for it). Pass ``python=sys.executable`` to run a package under the test's own
    Python: ib_async supports 3.10, and comparing what introspection shows needs one Python on both sides."""
    requirement, package = ORACLES[name]
    if python is None:
        python, version = _interpreter_or_skip()
    else:
        found = _version_of(python)
        if found is None:
            raise RuntimeError(f"{python} does not run")
        version = found
    base = _dir_for(name, version)
    if not (base / package / "__init__.py").exists():
        root = base.parent
        root.mkdir(parents=True, exist_ok=True)
        # one installer at a time (pytest-xdist workers share the directory)
        with open(root / ".install.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (base / package / "__init__.py").exists():
                partial = root / f".{base.name}.partial"  # renamed into place once complete
                shutil.rmtree(partial, ignore_errors=True)
                subprocess.run(
                    [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--target", str(partial),
                     requirement],
                    check=True,
                )
                shutil.rmtree(base, ignore_errors=True)
                partial.rename(base)
    return base


def run_oracle(script: str, *args: str, stdin: str | None = None, name: str = "latest", timeout: float = 60) -> Any:
    """Run ``tests/oracle/<script>`` with the official package; return its JSON output."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(oracle_dir(name))
    p = subprocess.run(
        [*oracle_python(), "-B", str(SCRIPTS / script), *args],
        input=stdin, capture_output=True, text=True, env=env, timeout=timeout, cwd=str(SCRIPTS),
    )
    if p.returncode != 0:
        raise RuntimeError(f"oracle {script} failed ({p.returncode}):\n{p.stderr[-4000:]}")
    return json.loads(p.stdout)
