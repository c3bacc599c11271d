"""Independent clients run whole sessions against ibwire.sim over real sockets.

The official ibapi 10.51.1 (server version 226) and ib_async 2.1 (178), each
in its own process with only its own package on the path: contract details,
historical bars, streaming quotes, a bracket order to fills with commission
reports, a modification, a cancel, positions/portfolio/account after the
fills, completed orders and executions — and nothing they could not decode.
"""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

import pytest
from oracle import SCRIPTS, oracle_dir, oracle_python

from ibwire.sim import Simulator


def run_flow(script: str, oracle: str, **sim_kw: Any) -> dict[str, Any]:
    with Simulator(tick_interval=0.05, **sim_kw) as sim:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["PYTHONPATH"] = str(oracle_dir(oracle))
        p = subprocess.run([*oracle_python(), "-B", str(SCRIPTS / script), str(sim.port)], capture_output=True,
                           text=True, env=env, timeout=180, cwd=str(SCRIPTS))
        assert p.returncode == 0, p.stderr[-4000:] + p.stdout[-2000:]
        out: dict[str, Any] = json.loads(p.stdout)
        out["sim_requests"] = [r.name for _, r in sim.requests]
        return out


@pytest.mark.parametrize("server_version,protobuf", [(226, None), (226, True), (176, None)])
def test_official_client_trades_a_bracket_on_the_simulator(server_version: int, protobuf: bool | None) -> None:
    r = run_flow("official_sim_flow.py", "latest", server_version=server_version, protobuf=protobuf)
    assert r["errors"] == [[r["first_id"] + 2, 202, "Order Canceled - reason:"],
                           [r["first_id"] + 3, 202, "Order Canceled - reason:"]]  # the stop (OCA) and the cancel
    assert r["details"] == [265598]
    assert r["bars"] == 48 and len(r["first_bar"]) == 6
    assert r["counts"]["tickPrice"] >= 10 and r["counts"]["tickSize"] >= 1
    pid = r["first_id"]
    assert r["status"][str(pid)] == ["Submitted", "Filled"]
    assert r["status"][str(pid + 1)][-1] == "Filled" and r["status"][str(pid + 2)] == ["PreSubmitted", "Cancelled"]
    assert r["status"][str(pid + 3)] == ["Submitted", "Cancelled"]
    assert r["filled"][str(pid)] == "100" and r["filled"][str(pid + 1)] == "100"
    assert r["counts"]["commissionAndFeesReport"] >= 2 and all(c > 0 for c in r["commissions"])
    assert r["positions"]["265598"] == "0" and r["portfolio"]["265598"] == "0"
    assert {"NetLiquidation", "TotalCashValue", "BuyingPower", "RealizedPnL"} <= set(r["account_keys"])
    assert sorted(r["completed"]) == sorted([["AAPL", "MKT", "Filled"], ["AAPL", "LMT", "Filled"],
                                             ["AAPL", "STP", "Cancelled"], ["AAPL", "LMT", "Cancelled"]])
    assert r["execs"] == 2  # each fill once live, once again through reqExecutions (same execId)
    assert {"placeOrder", "cancelOrder", "reqCompletedOrders", "reqExecutions"} <= set(r["sim_requests"])


def test_ib_async_syncs_and_trades_a_bracket_on_the_simulator() -> None:
    r = run_flow("ib_async_sim_flow.py", "ib_async")
    assert r["accounts"] == ["DU1234567"] and r["synced_values"] > 20
    assert r["details"] == [265598] and r["conId"] == 265598
    assert r["bars"] == 48 and r["last"] > 0
    assert r["statuses"] == ["Filled", "Filled", "Cancelled", "Cancelled"]
    assert r["fills"] == [1, 1, 0] and all(c > 0 for c in r["commissions"])
    assert r["pos_after_buy"] == {"265598": 100.0}
    assert r["positions"] == {} and r["portfolio"] == {}  # flat again (ib_async drops empty positions)
    assert sorted(r["completed"]) == sorted([["MKT", "Filled"], ["LMT", "Filled"], ["STP", "Cancelled"],
                                             ["LMT", "Cancelled"]])
    assert r["executions"] == 2
    assert [e[1] for e in r["errors"] if e[1] not in (2104, 2106, 2158)] == [202, 202]
    # ib_async logs decode failures at ERROR; the only errors here are the two cancel notices
    assert [x for x in r["log_errors"] if not x.startswith("Error 202")] == []
    # its connect-time sync asked for all of these, and each was answered
    assert {"reqPositions", "reqOpenOrders", "reqCompletedOrders", "reqAccountUpdates", "reqAccountUpdatesMulti",
            "reqExecutions"} <= set(r["sim_requests"])
