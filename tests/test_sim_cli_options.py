"""Command-line options of ``python -m ibwire.sim`` / ``ibwire sim`` that shape what the simulator serves:
``--accounts`` (several accounts under one login)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ibwire import IB, MarketOrder, Stock
from ibwire.sim.process import spawn

from conftest import wait_until

ROOT = Path(__file__).resolve().parents[1]
CLOCK = ("--clock", "2026-11-24T15:30:00")  # 10:30 in New York: regular hours


def test_accounts_option_serves_every_account_and_routes_orders_by_account() -> None:
    with spawn("--accounts", "DU1,DU2", *CLOCK) as sim:
        ib = IB()
        ib.connect(sim.host, sim.port, clientId=1, timeout=10)
        try:
            assert ib.managedAccounts() == ["DU1", "DU2"]
            summary = {v.account for v in ib.reqAccountSummary("All", "NetLiquidation")}
            assert summary == {"DU1", "DU2"}
            aapl = Stock("AAPL", "SMART", "USD")
            ib.qualifyContracts(aapl)
            order = MarketOrder("BUY", 7)
            order.account = "DU2"
            trade = ib.placeOrder(aapl, order)
            wait_until(lambda: trade.isDone(), 10, lambda: f"order not done: {trade.log}")
            assert trade.orderStatus.status == "Filled", trade.log
            assert {f.execution.acctNumber for f in trade.fills} == {"DU2"}

            def held() -> dict[tuple[str, int], float]:
                return {(p.account, p.contract.conId): float(p.position) for p in ib.positions()}

            wait_until(lambda: ("DU2", aapl.conId) in held(), 10, lambda: f"positions: {held()}")
            positions = held()
            assert positions[("DU2", aapl.conId)] == 7
            assert not any(acct == "DU1" and qty for (acct, _), qty in positions.items()), positions
            # an order for an account the login does not manage is refused (321)
            stray = MarketOrder("BUY", 1)
            stray.account = "DU3"
            bad = ib.placeOrder(aapl, stray)
            wait_until(lambda: bad.isDone(), 10, lambda: f"stray order: {bad.log}")
            assert bad.orderStatus.status != "Filled" and any(e.errorCode == 321 for e in bad.log), bad.log
        finally:
            ib.disconnect()
    assert sim.returncode == 0


def test_without_the_option_the_simulator_serves_its_default_account() -> None:
    with spawn(*CLOCK) as sim:
        ib = IB()
        ib.connect(sim.host, sim.port, clientId=1, timeout=10)
        try:
            assert ib.managedAccounts() == ["DU1234567"]
        finally:
            ib.disconnect()


@pytest.mark.parametrize("value, why", [
    ("DU1,,DU2", "an empty account name"),
    ("DU1,", "an empty account name"),
    ("", "an empty account name"),
    ("DU1,DU2,DU1", "an account given twice: DU1"),
    ("DU1,DU 2", "an account name with a space"),
])
@pytest.mark.parametrize("command", [["-m", "ibwire.sim"], ["-m", "ibwire.cli", "sim"]])
def test_a_bad_accounts_value_is_one_line_and_exit_2(command: list[str], value: str, why: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run([sys.executable, *command, "--port", "0", "--accounts", value], capture_output=True,
                       text=True, timeout=30, cwd=ROOT, env=env)
    assert p.returncode == 2 and p.stdout == "", (p.returncode, p.stdout)
    prog = "ibwire sim" if "ibwire.cli" in command else "python -m ibwire.sim"
    assert p.stderr.count("\n") == 1 and p.stderr.startswith(f"{prog}: error: argument --accounts: "), p.stderr
    assert why in p.stderr and "Traceback" not in p.stderr
