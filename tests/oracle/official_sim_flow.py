"""The official ibapi client (10.51.1) against ibwire.sim: a whole trading session.

Run with only the official package on the path: ``official_sim_flow.py PORT``.
Prints one JSON object: what arrived, per callback, and the order states seen.
"""

from __future__ import annotations

import json
import sys
import threading
from collections import Counter, defaultdict
from decimal import Decimal

from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.execution import ExecutionFilter
from ibapi.order import Order
from ibapi.wrapper import EWrapper

NOTICES = {2104, 2106, 2158}


class App(EWrapper, EClient):
    def __init__(self) -> None:
        EWrapper.__init__(self)
        EClient.__init__(self, self)
        self.counts: Counter[str] = Counter()
        self.cond = threading.Condition()
        self.errors: list[list] = []
        self.status: dict[int, list[str]] = defaultdict(list)
        self.filled: dict[int, str] = {}
        self.details: list[int] = []
        self.bars: list[list] = []
        self.positions: dict[int, str] = {}
        self.portfolio: dict[int, str] = {}
        self.account: dict[str, str] = {}
        self.completed: list[list] = []
        self.execs: list[str] = []
        self.commissions: list[float] = []
        self.last_price = 0.0
        self.next_id = 0

    def hit(self, name: str) -> None:
        with self.cond:
            self.counts[name] += 1
            self.cond.notify_all()

    def wait(self, pred, timeout: float = 30.0) -> None:  # generous: the machine may be busy
        with self.cond:
            if not self.cond.wait_for(pred, timeout):
                raise SystemExit(f"timed out; counts {dict(self.counts)} errors {self.errors}")

    def nextValidId(self, orderId: int) -> None:
        self.next_id = orderId
        self.hit("nextValidId")

    def error(self, reqId, errorTime, errorCode, errorString, advancedOrderRejectJson="") -> None:
        if errorCode not in NOTICES:
            self.errors.append([reqId, errorCode, errorString])
        self.hit("error")

    def contractDetails(self, reqId, contractDetails) -> None:
        self.details.append(contractDetails.contract.conId)
        self.hit("contractDetails")

    def contractDetailsEnd(self, reqId) -> None:
        self.hit("contractDetailsEnd")

    def historicalData(self, reqId, bar) -> None:
        self.bars.append([bar.date, bar.open, bar.high, bar.low, bar.close, str(bar.volume)])
        self.hit("historicalData")

    def historicalDataEnd(self, reqId, start, end) -> None:
        self.hit("historicalDataEnd")

    def tickPrice(self, reqId, tickType, price, attrib) -> None:
        if tickType == 4:
            self.last_price = price
        self.hit("tickPrice")

    def tickSize(self, reqId, tickType, size) -> None:
        self.hit("tickSize")

    def tickString(self, reqId, tickType, value) -> None:
        self.hit("tickString")

    def openOrder(self, orderId, contract, order, orderState) -> None:
        self.hit("openOrder")

    def orderStatus(self, orderId, status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice,
                    clientId, whyHeld, mktCapPrice) -> None:
        if not self.status[orderId] or self.status[orderId][-1] != status:
            self.status[orderId].append(status)
        self.filled[orderId] = str(filled)
        self.hit("orderStatus")

    def execDetails(self, reqId, contract, execution) -> None:
        self.execs.append(execution.execId)
        self.hit("execDetails")

    def commissionAndFeesReport(self, commissionAndFeesReport) -> None:
        self.commissions.append(commissionAndFeesReport.commissionAndFees)
        self.hit("commissionAndFeesReport")

    def position(self, account, contract, position, avgCost) -> None:
        self.positions[contract.conId] = str(position)
        self.hit("position")

    def updatePortfolio(self, contract, position, marketPrice, marketValue, averageCost, unrealizedPNL,
                        realizedPNL, accountName) -> None:
        self.portfolio[contract.conId] = str(position)
        self.hit("updatePortfolio")

    def updateAccountValue(self, key, val, currency, accountName) -> None:
        self.account[key] = val
        self.hit("updateAccountValue")

    def accountDownloadEnd(self, accountName) -> None:
        self.hit("accountDownloadEnd")

    def completedOrder(self, contract, order, orderState) -> None:
        self.completed.append([contract.symbol, order.orderType, orderState.status])
        self.hit("completedOrder")

    def completedOrdersEnd(self) -> None:
        self.hit("completedOrdersEnd")

    def execDetailsEnd(self, reqId) -> None:
        self.hit("execDetailsEnd")


def order(action: str, kind: str, qty: int, **kw) -> Order:
    o = Order()
    o.action, o.orderType, o.totalQuantity = action, kind, Decimal(qty)
    for k, val in kw.items():
        setattr(o, k, val)
    return o


def main() -> None:
    port = int(sys.argv[1])
    app = App()
    app.connect("127.0.0.1", port, 7)
    threading.Thread(target=app.run, daemon=True).start()
    app.wait(lambda: app.counts["nextValidId"] >= 1)
    c = Contract()
    c.symbol, c.secType, c.exchange, c.currency = "AAPL", "STK", "SMART", "USD"
    app.reqContractDetails(1, c)
    app.wait(lambda: app.counts["contractDetailsEnd"] >= 1)
    app.reqHistoricalData(2, c, "", "2 D", "1 hour", "TRADES", 0, 1, False, [])
    app.wait(lambda: app.counts["historicalDataEnd"] >= 1)
    app.reqMktData(3, c, "", False, False, [])
    app.wait(lambda: app.counts["tickPrice"] >= 10)
    app.reqAccountUpdates(True, "")
    app.reqPositions()
    app.wait(lambda: app.counts["accountDownloadEnd"] >= 1)
    # a bracket: parent MKT, take-profit far above, stop far below
    pid = app.next_id
    last = app.last_price
    app.placeOrder(pid, c, order("BUY", "MKT", 100, transmit=False))
    app.placeOrder(pid + 1, c, order("SELL", "LMT", 100, lmtPrice=round(last + 50, 2), parentId=pid, transmit=False))
    app.placeOrder(pid + 2, c, order("SELL", "STP", 100, auxPrice=round(last - 50, 2), parentId=pid, transmit=True))
    app.wait(lambda: app.status[pid][-1:] == ["Filled"] and app.counts["commissionAndFeesReport"] >= 1)
    app.wait(lambda: app.positions.get(265598) == "100")
    # modify the take-profit to a marketable price: it fills, the stop is cancelled
    app.placeOrder(pid + 1, c, order("SELL", "LMT", 100, lmtPrice=round(last - 20, 2), parentId=pid))
    app.wait(lambda: app.status[pid + 1][-1:] == ["Filled"] and app.status[pid + 2][-1:] == ["Cancelled"])
    app.wait(lambda: app.positions.get(265598) == "0" and app.portfolio.get(265598) == "0")
    # a resting order, cancelled
    app.placeOrder(pid + 3, c, order("BUY", "LMT", 10, lmtPrice=1.0))
    app.wait(lambda: app.status[pid + 3][-1:] == ["Submitted"])
    app.cancelOrder(pid + 3, __import__("ibapi.order_cancel", fromlist=["OrderCancel"]).OrderCancel())
    app.wait(lambda: app.status[pid + 3][-1:] == ["Cancelled"])
    app.reqCompletedOrders(False)
    app.wait(lambda: app.counts["completedOrdersEnd"] >= 1)
    app.reqExecutions(9, ExecutionFilter())
    app.wait(lambda: app.counts["execDetailsEnd"] >= 1)
    app.disconnect()
    print(json.dumps({
        "counts": dict(app.counts), "errors": app.errors, "status": {str(k): v for k, v in app.status.items()},
        "filled": {str(k): v for k, v in app.filled.items()}, "details": app.details, "bars": len(app.bars),
        "first_bar": app.bars[0] if app.bars else None, "positions": {str(k): v for k, v in app.positions.items()},
        "portfolio": {str(k): v for k, v in app.portfolio.items()}, "account_keys": sorted(app.account),
        "completed": app.completed, "execs": len(set(app.execs)), "commissions": app.commissions, "first_id": pid,
        "cash": app.account.get("TotalCashValue"),
    }))


if __name__ == "__main__":
    main()
