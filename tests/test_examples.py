"""The examples run as users run them: a fresh interpreter, the embedded simulator."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(name: str, clock: str | None = None) -> str:
    """The example's output; ``clock`` pins the embedded simulator's wall clock (IBWIRE_SIM_CLOCK)."""
    env = {**os.environ, **({"IBWIRE_SIM_CLOCK": clock} if clock else {})}
    # this checkout's ibwire, whatever is installed
    env["PYTHONPATH"] = os.pathsep.join([str(EXAMPLES.parent), *filter(None, [os.environ.get("PYTHONPATH")])])
    p = subprocess.run([sys.executable, str(EXAMPLES / name)], capture_output=True, text=True, timeout=60, env=env)
    assert p.returncode == 0, p.stderr[-3000:]
    return p.stdout


@pytest.mark.parametrize("name", ["bars_and_order.py", "bars_and_order_ibapi.py"])
def test_main_example_prints_bars_and_trades_round_trip(name: str) -> None:
    """The facade's main example, and the same with EClient/EWrapper, print the same kind of output."""
    pytest.importorskip("pandas")
    # a Tuesday evening (UTC): "1 D" of 30-minute bars in regular hours is that day's session, 09:30 to 16:00
    # New York, 13 bars -- not 48 around the clock
    out = run(name, clock="2026-11-24T22:00:00+00:00")
    lines = out.splitlines()
    assert lines[0].split() == ["date", "open", "high", "low", "close", "volume"]
    rows = [x for x in lines[1:] if x[:1].isdigit()]  # (pandas shows 12 of them, "..." for the middle one)
    assert rows[0].startswith("0 ") and rows[-1].startswith("12 ")
    assert "20261124 14:30:00" in rows[0].replace("-", "") and "20261124 20:30:00" in rows[-1].replace("-", "")
    assert any(x.startswith("bought 10 AAPL at ") for x in lines)
    assert any(x.startswith("sold 10 AAPL at ") and "position now 0" in x for x in lines)


def test_connect_example() -> None:
    out = run("connect.py")
    assert "accounts: DU1234567" in out and "server time:" in out
