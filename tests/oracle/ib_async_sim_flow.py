"""ib_async 2.1 against ibwire.sim: its own connect-time sync, then a whole trading session.

Run with only ib_async on the path: ``ib_async_sim_flow.py PORT``. Prints one
JSON object. Anything ib_async logs at ERROR level (its decoder reports
messages it cannot read that way) is collected and reported.
"""

from __future__ import annotations

import json
import logging
import sys

from ib_async import IB, LimitOrder, MarketOrder, Stock, StopOrder


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


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
    bars = ib.reqHistoricalData(aapl, "", "1 D", "30 mins", "TRADES", True)
    ticker = ib.reqMktData(aapl)
    ib.sleep(1.0)
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
    ib.waitOnUpdate(timeout=2)
    for _ in range(50):
        if trades[0].orderStatus.status == "Filled" and trades[0].fills and trades[0].fills[0].commissionReport.commission:
            break
        ib.sleep(0.1)
    pos_after_buy = {p.contract.conId: float(p.position) for p in ib.positions()}
    # modify the take-profit into the market: it fills, the stop is cancelled
    tp.lmtPrice = round(last - 20, 2)
    ib.placeOrder(aapl, tp)
    for _ in range(50):
        if trades[1].orderStatus.status == "Filled" and trades[2].orderStatus.status == "Cancelled":
            break
        ib.sleep(0.1)
    ib.sleep(0.3)
    resting = ib.placeOrder(aapl, LimitOrder("BUY", 10, 1.0))
    ib.sleep(0.3)
    ib.cancelOrder(resting.order)
    for _ in range(30):
        if resting.orderStatus.status == "Cancelled":
            break
        ib.sleep(0.1)
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
