"""Sixteen threads of blocking facade calls at once, keyed ones (no request id) included, on the simulator.

Every call must end within its timeout with the answer to its own question: contract details of the
symbol it asked for, the increments of the market rule it named, the FA document of its type, the open
orders and positions the server holds. ``IBWIRE_SOAK_SECONDS`` sets how long the threads call (CI: a few
seconds; ``scripts/soak.py`` runs minutes).
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from decimal import Decimal

import pytest

from conftest import (Call, CallLog, call_mix, facade_threads, join_callers, market_rule_hook, place_before_connect,
                      run_callers)
from ibwire import IB
from ibwire.sim import Simulator

SECONDS = float(os.environ.get("IBWIRE_SOAK_SECONDS", "4"))
CLIENT_ID = 7
#: names of the calls whose answers carry no request id: the ones that collided (issue 11, defect 1)
KEYED = ("reqCurrentTime", "reqPositions", "reqOpenOrders", "reqCompletedOrders", "reqFamilyCodes",
         "reqMktDepthExchanges", "reqNewsProviders", "reqMarketRule", "requestFA")


def _exact_calls() -> list[Call]:
    """Calls whose whole answer is known: the server's state does not change while the threads call."""
    return [
        Call("reqPositions", lambda ib: ib.reqPositions(),
             lambda r: None if [(p.contract.symbol, p.position) for p in r] == [("IBM", Decimal(10))]
             else f"positions {[(p.contract.symbol, p.position) for p in r]}"),
        Call("reqOpenOrders", lambda ib: ib.reqOpenOrders(),
             lambda r: None if [t.order.orderId for t in r] == [2] else f"open orders {[t.order.orderId for t in r]}"),
        Call("reqCompletedOrders", lambda ib: ib.reqCompletedOrders(),
             lambda r: None if [(t.orderStatus.status, t.order.totalQuantity) for t in r] == [("Filled", Decimal(10))]
             else f"completed {[(t.orderStatus.status, t.order.totalQuantity) for t in r]}"),
    ]


@dataclass
class ConcurrencyReport:
    log: CallLog
    seconds: float
    threads: int


def run_concurrency(threads: int = 16, seconds: float = SECONDS, seed: int = 1, keyed_only: bool = False,
                    request_timeout: float = 5.0) -> ConcurrencyReport:
    """``threads`` threads call a random mix for ``seconds``; returns what they saw (failures included)."""
    with Simulator(tick_interval=None, seed=seed) as sim:
        sim.max_rate = 1_000_000  # the client paces itself; the server's rate limit is not under test here
        sim.history_pacing = False
        market_rule_hook(sim)
        place_before_connect(sim, CLIENT_ID)
        ib = IB()
        ib.RequestTimeout = request_timeout
        ib.historyPacing.identical, ib.historyPacing.count = 0, 0
        ib.connect("127.0.0.1", sim.port, clientId=CLIENT_ID)
        log = CallLog(limit=request_timeout + 3.0)
        try:
            exact = {c.name: c for c in _exact_calls()}
            calls = [exact.get(c.name, c) for c in call_mix(ib)]
            if keyed_only:
                calls = [c for c in calls if c.name.split("(")[0] in KEYED]
            stop = threading.Event()
            callers = run_callers(ib, calls, log, threads, stop, seed, frozenset({"ok"}))
            if stop.wait(seconds):
                pass
            stop.set()
            join_callers(callers, log, time.monotonic() + log.limit + 2.0)
        finally:
            ib.disconnect()
        if facade_threads():  # disconnect() has returned: it joins what it ran
            log.failures.append(f"ibwire threads alive after disconnect(): {[t.name for t in facade_threads()]}")
    return ConcurrencyReport(log, seconds, threads)


@pytest.mark.parametrize("keyed_only", [False, True], ids=["mixed", "keyed-only"])
def test_sixteen_threads_each_get_their_own_answer_in_time(keyed_only: bool) -> None:
    report = run_concurrency(16, SECONDS, seed=3 if keyed_only else 1, keyed_only=keyed_only)
    log = report.log
    summary = f"{log.made} calls, ended {dict(log.ended)}, slowest {log.max_latency:.2f} s"
    assert not log.failures, f"{summary}; {len(log.failures)} failures, first: {log.failures[:8]}"
    assert log.made >= 16 and set(log.ended) == {"ok"}, summary
