"""The official ibapi client as a test oracle, installed apart and run in subprocesses.

Its top-level package is ``ibapi`` like compat's, so it never shares a process
with ibwire: it lives in ``.oracle/<name>`` (installed on first use with
``pip install --target``) and its scripts run with only that directory on
``PYTHONPATH``. Results come back as JSON on stdout.
"""

from __future__ import annotations

import json
import os
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


def oracle_dir(name: str = "latest") -> Path:
    requirement, package = ORACLES[name]
    base = Path(os.environ.get("IBWIRE_ORACLE_DIR", ROOT / ".oracle")) / name
    if not (base / package / "__init__.py").exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--target", str(base),
             requirement],
            check=True,
        )
    return base


#: how an official package runs: ``-S`` keeps site-packages out, and with it the editable install of ibwire
#: whose import finder would otherwise serve compat's modules for any ``ibapi.X`` a release lacks
#: (each oracle directory holds its package's own dependencies)
def oracle_python() -> list[str]:
    return [sys.executable, "-S"]


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
