"""Several accounts under one login (an advisor or a family of accounts): who holds what.

    python examples/cookbook/09_multi_account.py --port 7497
    python examples/cookbook/09_multi_account.py --port 7497 --demo-trade AAPL   # paper/sim only

Shows the account-aware calls: ``managedAccounts()``, ``reqAccountSummary`` over the group "All" (one
row per account and tag), ``positions()`` grouped by account, and orders routed to an account with
``order.account`` (each trade and fill then carries it). With ``--demo-trade SYMBOL`` it buys a different
quantity in each account (10, 20, ...) so that the grouping shows, and sells them again at the end.
With a single account everything still works: the groups just have one member.
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from ibwire import IB, MarketOrder, Stock, Trade

TAGS = "NetLiquidation,TotalCashValue,BuyingPower,GrossPositionValue"


def main() -> None:
    ap = argparse.ArgumentParser(description="Several accounts under one login.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7497)
    ap.add_argument("--client-id", type=int, default=1)
    ap.add_argument("--demo-trade", metavar="SYMBOL", help="buy in every account first, sell at the end")
    args = ap.parse_args()

    with IB().connect(args.host, args.port, clientId=args.client_id) as ib:
        accounts = ib.managedAccounts()
        print(f"managed accounts: {', '.join(accounts)}")

        trades: list[Trade] = []
        demo = None
        if args.demo_trade:
            demo = Stock(args.demo_trade, "SMART", "USD")
            ib.qualifyContracts(demo)
            for i, account in enumerate(accounts, 1):
                order = MarketOrder("BUY", 10 * i)
                order.account = account  # where the order goes (required for advisors)
                trades.append(ib.placeOrder(demo, order))
            for _ in ib.loopUntil(lambda: all(t.isDone() for t in trades), timeout=15):
                pass

            def booked() -> bool:
                held = {p.account for p in ib.positions() if demo is not None and p.contract.conId == demo.conId}
                return held >= set(accounts)

            for _ in ib.loopUntil(booked, timeout=10):
                pass

        print("account summary (group All):")
        by_account: dict[str, dict[str, str]] = defaultdict(dict)
        for v in ib.reqAccountSummary("All", TAGS):
            by_account[v.account][v.tag] = v.value
        for account in sorted(by_account):
            print(f"  {account}: " + ", ".join(f"{tag} {float(by_account[account][tag]):,.2f}"
                                                for tag in TAGS.split(",") if tag in by_account[account]))

        print("positions by account:")
        positions: dict[str, list[str]] = defaultdict(list)
        for p in ib.positions():
            if p.position:
                positions[p.account].append(f"{p.contract.symbol} {p.position:g} @ {p.avgCost:.2f}")
        for account in accounts:
            print(f"  {account}: {'; '.join(positions[account]) or 'no positions'}")

        print("orders by account:")
        for t in ib.trades():
            print(f"  {t.order.account}: order {t.order.orderId} {t.order.action} "
                  f"{float(t.order.totalQuantity):g} {t.contract.symbol} {t.orderStatus.status}"
                  + (f", fills in {sorted({f.execution.acctNumber for f in t.fills})}" if t.fills else ""))

        if demo is not None:
            closes = []
            for t in trades:
                order = MarketOrder("SELL", t.order.totalQuantity)
                order.account = t.order.account
                closes.append(ib.placeOrder(demo, order))
            for _ in ib.loopUntil(lambda: all(t.isDone() for t in closes), timeout=15):
                pass
            print(f"closed the demo positions: {', '.join(t.orderStatus.status for t in closes)}")


if __name__ == "__main__":
    main()
