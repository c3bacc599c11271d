"""A bracket order: a limit entry with a take-profit and a stop-loss exit.

    python examples/cookbook/03_bracket_order.py --port 7497 --symbol AAPL --quantity 10

``ib.bracketOrder`` builds the three orders (the exits are children of the entry, only the last one
transmits, so TWS receives all three together); they are placed in order. The entry is priced to fill at
once; the two exits then work around the fill price (when one fills, TWS cancels the other). The script waits until the entry is
filled and both exits are working, prints the three orders, then cancels the exits and closes the position
with a market order, so that it leaves the account as it found it.
"""

from __future__ import annotations

import argparse

from ibwire import IB, MarketOrder, Stock, Trade


def show(trade: Trade) -> str:
    o = trade.order
    price = {"LMT": f"@ {o.lmtPrice:.2f}", "STP": f"@ {o.auxPrice:.2f}"}.get(o.orderType, "")
    return (f"order {o.orderId:>4} parent {o.parentId:>4}  {o.action:<4} {float(o.totalQuantity):g} "
            f"{o.orderType:<4} {price:<9} {trade.orderStatus.status}")


def main() -> None:
    ap = argparse.ArgumentParser(description="A bracket order with take-profit and stop-loss.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7497)
    ap.add_argument("--client-id", type=int, default=1)
    ap.add_argument("--symbol", default="AAPL")
    ap.add_argument("--quantity", type=int, default=10)
    ap.add_argument("--profit-pct", type=float, default=2.0, help="take profit this far above the entry")
    ap.add_argument("--loss-pct", type=float, default=1.0, help="stop out this far below the entry")
    args = ap.parse_args()

    with IB().connect(args.host, args.port, clientId=args.client_id) as ib:
        contract = Stock(args.symbol, "SMART", "USD")
        ib.qualifyContracts(contract)
        (ticker,) = ib.reqTickers(contract)
        entry = round(ticker.ask * 1.001, 2)  # a marketable limit: fills at once at the ask
        bracket = ib.bracketOrder("BUY", args.quantity, limitPrice=entry,
                                  takeProfitPrice=round(entry * (1 + args.profit_pct / 100), 2),
                                  stopLossPrice=round(entry * (1 - args.loss_pct / 100), 2))
        trades = [ib.placeOrder(contract, order) for order in bracket]
        parent, take_profit, stop_loss = trades

        def ready() -> bool:
            return parent.orderStatus.status == "Filled" and all(
                t.orderStatus.status in ("Submitted", "PreSubmitted") for t in (take_profit, stop_loss))

        for _ in ib.loopUntil(ready, timeout=15):
            pass
        print(f"entry filled at {parent.orderStatus.avgFillPrice:.2f}; the exits are working:")
        for t in trades:
            print("  " + show(t))

        # clean up: cancel both exits (had one of them filled, TWS would have cancelled the other), flatten
        ib.cancelOrder(take_profit.order)
        ib.cancelOrder(stop_loss.order)
        for _ in ib.loopUntil(lambda: take_profit.isDone() and stop_loss.isDone(), timeout=15):
            pass
        close = ib.placeOrder(contract, MarketOrder("SELL", args.quantity))
        for _ in ib.loopUntil(close.isDone, timeout=15):
            pass
        print("after cleanup:")
        for t in [*trades, close]:
            print("  " + show(t))

        def held() -> float:
            return sum(float(p.position) for p in ib.positions() if p.contract.conId == contract.conId)

        for _ in ib.loopUntil(lambda: held() == 0, timeout=5):
            pass
        print(f"position now {held():g}")


if __name__ == "__main__":
    main()
