"""ibwire ships typed: mypy --strict must pass on the package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_strict_clean() -> None:
    p = subprocess.run([sys.executable, "-m", "mypy", "--strict", "ibwire"], cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr


def test_py_typed_is_shipped() -> None:
    assert (ROOT / "ibwire" / "py.typed").exists()
