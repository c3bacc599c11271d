"""A trailing stop protecting a long position.

    python examples/cookbook/04_trailing_stop.py --port 7497 --symbol AAPL --trail-pct 0.5 --seconds 10

Buys at market, then places a TRAIL sell order whose stop follows the price up at ``--trail-pct`` percent
below it (``trailingPercent``; ``auxPrice`` would be a fixed amount instead). For ``--seconds`` it prints
the last price, the stop level the order trails at (as TWS computes it: the highest price since the order
was placed, less the trail) and the order's status. If the stop is hit, the position is closed by the
order itself; if not, the order is cancelled and the position closed at market at the end.
"""

from __future__ import annotations

import argparse
import math
import time

from ibwire import IB, MarketOrder, Order, Stock


def main() -> None:
    ap = argparse.ArgumentParser(description="A trailing stop protecting a long position.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7497)
    ap.add_argument("--client-id", type=int, default=1)
    ap.add_argument("--symbol", default="AAPL")
    ap.add_argument("--quantity", type=int, default=100)
    ap.add_argument("--trail-pct", type=float, default=0.5)
    ap.add_argument("--seconds", type=float, default=10.0)
    args = ap.parse_args()

    with IB().connect(args.host, args.port, clientId=args.client_id) as ib:
        contract = Stock(args.symbol, "SMART", "USD")
        ib.qualifyContracts(contract)
        ticker = ib.reqMktData(contract)
        buy = ib.placeOrder(contract, MarketOrder("BUY", args.quantity))
        for _ in ib.loopUntil(buy.isDone, timeout=10):
            pass
        print(f"bought {args.quantity} {args.symbol} at {buy.orderStatus.avgFillPrice:.2f}")

        trail = Order(action="SELL", totalQuantity=args.quantity, orderType="TRAIL",
                      trailingPercent=args.trail_pct, tif="GTC")
        stop = ib.placeOrder(contract, trail)
        high = buy.orderStatus.avgFillPrice
        end = time.monotonic() + args.seconds
        while time.monotonic() < end and not stop.isDone():
            ib.sleep(1)
            last = ticker.last
            if not math.isnan(last):
                high = max(high, last)
            print(f"last {last:.2f}  trails at {high * (1 - args.trail_pct / 100):.2f}  "
                  f"order {stop.order.orderId} {stop.orderStatus.status}")

        if stop.orderStatus.status == "Filled":
            print(f"trailing stop hit: sold at {stop.orderStatus.avgFillPrice:.2f}")
        else:
            ib.cancelOrder(stop.order)
            for _ in ib.loopUntil(stop.isDone, timeout=10):
                pass
            print(f"trailing stop not hit in {args.seconds:g} s: order {stop.orderStatus.status}")
            close = ib.placeOrder(contract, MarketOrder("SELL", args.quantity))
            for _ in ib.loopUntil(close.isDone, timeout=10):
                pass
            print(f"closed at market at {close.orderStatus.avgFillPrice:.2f}")
        ib.cancelMktData(contract)
        print(f"final status of the trailing stop: {stop.orderStatus.status}")


if __name__ == "__main__":
    main()
