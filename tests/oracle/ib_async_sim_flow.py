"""ib_async 2.1 against ibwire.sim: its own connect-time sync, then a whole trading session.

Run with only ib_async on the path: ``ib_async_sim_flow.py PORT``. Prints one
JSON object. Anything ib_async logs at ERROR level (its decoder reports
messages it cannot read that way) is collected and reported.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable

from ib_async import IB, LimitOrder, MarketOrder, Stock, StopOrder


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


def wait_until(ib: IB, what: str, pred: Callable[[], bool], timeout: float = 30.0) -> None:
    """Run ib_async's loop until ``pred()`` holds; a machine under load only makes it take longer."""
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        ib.sleep(0.05)


def main() -> None:
    port = int(sys.argv[1])
    logs = Collect()
    logging.getLogger().addHandler(logs)
    errors: list[list] = []
    ib = IB()
    ib.errorEvent += lambda reqId, code, text, contract: errors.append([reqId, code, text])
    ib.connect("127.0.0.1", port, clientId=5, timeout=10)
    accounts = ib.managedAccounts()
    synced_values = len(ib.accountValues())
    aapl = Stock("AAPL", "SMART", "USD")
    details = ib.reqContractDetails(aapl)
    ib.qualifyContracts(aapl)
    bars = ib.reqHistoricalData(aapl, "", "1 D", "30 mins", "TRADES", False)
    ticker = ib.reqMktData(aapl)
    wait_until(ib, "a last price", lambda: ticker.last > 0)  # NaN until the first tick
    last = ticker.last
    ib.cancelMktData(aapl)
    # bracket: parent market, far take-profit, far stop
    parent = MarketOrder("BUY", 100, transmit=False)
    parent.orderId = ib.client.getReqId()
    tp = LimitOrder("SELL", 100, round(last + 50, 2), parentId=parent.orderId, transmit=False)
    tp.orderId = ib.client.getReqId()
    sl = StopOrder("SELL", 100, round(last - 50, 2), parentId=parent.orderId, transmit=True)
    sl.orderId = ib.client.getReqId()
    trades = [ib.placeOrder(aapl, o) for o in (parent, tp, sl)]

    def reported(t: object) -> bool:
        # filled, and every fill's commission report arrived
        return (t.orderStatus.status == "Filled" and bool(t.fills)  # type: ignore[attr-defined]
                and all(f.commissionReport.commission for f in t.fills))  # type: ignore[attr-defined]

    def position() -> float:
        return sum(float(p.position) for p in ib.positions() if p.contract.conId == 265598)

    wait_until(ib, "the parent's fill", lambda: reported(trades[0]))
    # the position update follows the commission report
    wait_until(ib, "the position after the buy", lambda: position() == 100)
    pos_after_buy = {p.contract.conId: float(p.position) for p in ib.positions()}
    # modify the take-profit into the market: it fills, the stop is cancelled
    tp.lmtPrice = round(last - 20, 2)
    ib.placeOrder(aapl, tp)
    wait_until(ib, "the take-profit's fill and the stop's cancel",
               lambda: reported(trades[1]) and trades[2].orderStatus.status == "Cancelled")
    wait_until(ib, "a flat position and portfolio", lambda: not ib.positions() and not ib.portfolio())
    resting = ib.placeOrder(aapl, LimitOrder("BUY", 10, 1.0))
    wait_until(ib, "the resting order working", lambda: resting.orderStatus.status == "Submitted")
    ib.cancelOrder(resting.order)
    wait_until(ib, "the resting order's cancel", lambda: resting.orderStatus.status == "Cancelled")
    completed = ib.reqCompletedOrders(False)
    fills = ib.reqExecutions()
    out = {
        "accounts": accounts, "synced_values": synced_values, "details": [d.contract.conId for d in details],
        "conId": aapl.conId, "bars": len(bars), "bar0": [str(bars[0].date), bars[0].open, bars[0].close] if bars else None,
        "last": last, "statuses": [t.orderStatus.status for t in trades] + [resting.orderStatus.status],
        "fills": [len(t.fills) for t in trades],
        "commissions": [f.commissionReport.commission for t in trades for f in t.fills],
        "pos_after_buy": {str(k): v for k, v in pos_after_buy.items()},
        "positions": {str(p.contract.conId): float(p.position) for p in ib.positions()},
        "portfolio": {str(p.contract.conId): float(p.position) for p in ib.portfolio()},
        "net_liq": [v.value for v in ib.accountValues() if v.tag == "NetLiquidation"][:1],
        "completed": [[t.order.orderType, t.orderStatus.status] for t in completed],
        "executions": len(fills), "errors": errors, "log_errors": logs.records,
    }
    ib.disconnect()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
