"""The examples run as users run them: a fresh interpreter, the embedded simulator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(name: str) -> str:
    p = subprocess.run([sys.executable, str(EXAMPLES / name)], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr[-3000:]
    return p.stdout


@pytest.mark.parametrize("name", ["bars_and_order.py", "bars_and_order_ibapi.py"])
def test_main_example_prints_bars_and_trades_round_trip(name: str) -> None:
    """The facade's main example, and the same with EClient/EWrapper, print the same kind of output."""
    pytest.importorskip("pandas")
    out = run(name)
    lines = out.splitlines()
    assert lines[0].split() == ["date", "open", "high", "low", "close", "volume"]
    assert "[48 rows x 6 columns]" in out or sum(1 for x in lines if x[:2].strip().isdigit()) >= 12
    assert any(x.startswith("bought 10 AAPL at ") for x in lines)
    assert any(x.startswith("sold 10 AAPL at ") and "position now 0" in x for x in lines)


def test_connect_example() -> None:
    out = run("connect.py")
    assert "accounts: DU1234567" in out and "server time:" in out
