"""Historical bars into a pandas DataFrame, then a small order round trip -- the ibapi way: EClient, EWrapper.

    python examples/bars_and_order_ibapi.py                # against the embedded simulator
    python examples/bars_and_order_ibapi.py --port 7497    # against a paper TWS / IB Gateway

The same with the ``IB`` facade: ``examples/bars_and_order.py``.

Steps: connect; ask for a day of 30-minute AAPL bars and print them as a
DataFrame; buy 10 shares at market, wait for the fill and its commission,
sell them again, print the position and the realized P&L; disconnect.
"""

from __future__ import annotations

import argparse
import threading
from decimal import Decimal
from typing import Any

import pandas as pd

from ibwire import EClient, EWrapper
from ibwire.model import BarData, CommissionAndFeesReport, Contract, Execution, Order
from ibwire.sim import Simulator


class App(EWrapper):
    """Collects what the example waits for; every callback runs on the client's dispatch thread."""

    def __init__(self) -> None:
        super().__init__()
        self.cond = threading.Condition()
        self.next_id = 0
        self.bars: list[BarData] = []
        self.bars_done = False
        self.status: dict[int, str] = {}
        self.fills: list[Execution] = []
        self.reports: list[CommissionAndFeesReport] = []
        self.shares_held: Decimal | None = None

    def _set(self, **kw: Any) -> None:
        with self.cond:
            for k, v in kw.items():
                setattr(self, k, v)
            self.cond.notify_all()

    def wait(self, what: str, pred: Any, timeout: float = 15) -> None:
        with self.cond:
            if not self.cond.wait_for(pred, timeout):
                raise SystemExit(f"timed out waiting for {what}")

    def nextValidId(self, orderId: int) -> None:
        self._set(next_id=orderId)

    def error(self, reqId: int, errorTime: int, errorCode: int, errorString: str,
              advancedOrderRejectJson: str = "") -> None:
        if errorCode not in (2104, 2106, 2158):
            print(f"error {errorCode} (request {reqId}): {errorString}")

    def historicalData(self, reqId: int, bar: BarData) -> None:
        self.bars.append(bar)

    def historicalDataEnd(self, reqId: int, start: str, end: str) -> None:
        self._set(bars_done=True)

    def orderStatus(self, orderId: int, status: str, filled: Decimal, remaining: Decimal, avgFillPrice: float,
                    permId: int, parentId: int, lastFillPrice: float, clientId: int, whyHeld: str,
                    mktCapPrice: float) -> None:
        with self.cond:
            self.status[orderId] = status
            self.cond.notify_all()

    def execDetails(self, reqId: int, contract: Contract, execution: Execution) -> None:
        with self.cond:
            self.fills.append(execution)
            self.cond.notify_all()

    def commissionAndFeesReport(self, commissionAndFeesReport: CommissionAndFeesReport) -> None:
        with self.cond:
            self.reports.append(commissionAndFeesReport)
            self.cond.notify_all()

    def position(self, account: str, contract: Contract, position: Decimal, avgCost: float) -> None:
        self._set(shares_held=position)


def stock(symbol: str) -> Contract:
    c = Contract()
    c.symbol, c.secType, c.exchange, c.currency = symbol, "STK", "SMART", "USD"
    return c


def market(action: str, qty: int) -> Order:
    o = Order()
    o.action, o.orderType, o.totalQuantity = action, "MKT", Decimal(qty)
    return o


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, help="a running TWS/Gateway (paper!); default: embedded simulator")
    ap.add_argument("--client-id", type=int, default=1)
    args = ap.parse_args()

    sim = Simulator().start() if args.port is None else None
    app = App()
    client = EClient(app)
    client.connect(args.host, sim.port if sim else args.port, args.client_id)
    if not client.isConnected():
        raise SystemExit("could not connect")
    runner = threading.Thread(target=client.run, daemon=True)
    runner.start()
    try:
        app.wait("the next order id", lambda: app.next_id > 0)
        aapl = stock("AAPL")

        client.reqHistoricalData(1, aapl, "", "1 D", "30 mins", "TRADES", 1, 1, False, [])
        app.wait("historical bars", lambda: app.bars_done)
        df = pd.DataFrame([{"date": b.date, "open": b.open, "high": b.high, "low": b.low, "close": b.close,
                            "volume": float(b.volume)} for b in app.bars])
        print(df.to_string(max_rows=12))

        buy_id = app.next_id
        client.reqPositions()
        client.placeOrder(buy_id, aapl, market("BUY", 10))
        app.wait("the buy to fill", lambda: app.status.get(buy_id) == "Filled" and len(app.reports) >= 1)
        app.wait("the position", lambda: app.shares_held == 10)
        buy = app.fills[-1]
        print(f"bought {buy.shares} AAPL at {buy.price} (commission {app.reports[-1].commissionAndFees})")

        sell_id = buy_id + 1
        client.placeOrder(sell_id, aapl, market("SELL", 10))
        app.wait("the sell to fill", lambda: app.status.get(sell_id) == "Filled" and len(app.reports) >= 2)
        app.wait("the flat position", lambda: app.shares_held == 0)
        sell = app.fills[-1]
        print(f"sold {sell.shares} AAPL at {sell.price}; position now {app.shares_held}; "
              f"realized P&L {app.reports[-1].realizedPNL:.2f}")
    finally:
        client.disconnect()
        runner.join(5)
        if sim is not None:
            sim.stop()


if __name__ == "__main__":
    main()
