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


def test_user_code_connecting_events_passes_mypy_strict(tmp_path: Path) -> None:
    # `+=` must give back the event's own class: Ticker.updateEvent is a TickerUpdateEvent
    user = tmp_path / "user.py"
    user.write_text(
        "from ibwire import IB, Ticker\n"
        "def f(*a: object) -> None: ...\n"
        "def g(t: Ticker, ib: IB) -> None:\n"
        "    t.updateEvent += f\n"
        "    t.updateEvent -= f\n"
        "    t.updateEvent.connect(f).disconnect(f).trades()\n"
        "    ib.pendingTickersEvent += f\n"
    )
    p = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(user)], cwd=ROOT,
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
