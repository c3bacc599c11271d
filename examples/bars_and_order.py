"""Historical bars into a pandas DataFrame, then a small order round trip, with the ``IB`` facade.

    python examples/bars_and_order.py                # against the embedded simulator
    python examples/bars_and_order.py --port 7497    # against a paper TWS / IB Gateway

Steps: connect (the facade syncs accounts, positions, orders); ask for a day of 30-minute AAPL bars and
print them as a DataFrame; buy 10 shares at market, wait for the fill and its commission, sell them again,
print the position and the realized P&L; disconnect. The same with EClient/EWrapper:
``examples/bars_and_order_ibapi.py``.
"""

from __future__ import annotations

import argparse

from ibwire import IB, MarketOrder, Stock, Trade, util
from ibwire.sim import Simulator


def wait_for_fill(ib: IB, trade: Trade) -> None:
    """Until the order is filled and its commission report is in (the trade updates in place)."""
    for _ in ib.loopUntil(lambda: trade.isDone() and all(f.commissionReport.execId for f in trade.fills),
                          timeout=15):
        pass
    if trade.orderStatus.status != "Filled":
        raise SystemExit(f"order {trade.order.orderId} ended {trade.orderStatus.status}: {trade.log[-1].message}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, help="a running TWS/Gateway (paper!); default: embedded simulator")
    ap.add_argument("--client-id", type=int, default=1)
    args = ap.parse_args()

    sim = Simulator().start() if args.port is None else None
    try:
        with IB().connect(args.host, sim.port if sim else args.port, clientId=args.client_id) as ib:
            aapl = Stock("AAPL", "SMART", "USD")
            ib.qualifyContracts(aapl)
            bars = ib.reqHistoricalData(aapl, endDateTime="", durationStr="1 D", barSizeSetting="30 mins",
                                        whatToShow="TRADES", useRTH=True)
            df = util.df(bars)[["date", "open", "high", "low", "close", "volume"]]
            print(df.to_string(max_rows=12))

            buy = ib.placeOrder(aapl, MarketOrder("BUY", 10))
            wait_for_fill(ib, buy)
            fill = buy.fills[-1]
            print(f"bought {fill.execution.shares:g} AAPL at {fill.execution.price} "
                  f"(commission {fill.commissionReport.commission})")

            sell = ib.placeOrder(aapl, MarketOrder("SELL", 10))
            wait_for_fill(ib, sell)
            fill = sell.fills[-1]
            for _ in ib.loopUntil(lambda: not any(p.contract.conId == aapl.conId for p in ib.positions()),
                                  timeout=15):
                pass
            held = sum(p.position for p in ib.positions() if p.contract.conId == aapl.conId)
            print(f"sold {fill.execution.shares:g} AAPL at {fill.execution.price}; position now {held:g}; "
                  f"realized P&L {fill.commissionReport.realizedPNL:.2f}")
    finally:
        if sim is not None:
            sim.stop()


if __name__ == "__main__":
    main()
