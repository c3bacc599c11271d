"""A P&L monitor: the account's daily, unrealized and realized P&L as it moves, and per position.

    python examples/cookbook/08_pnl_monitor.py --port 7497 --seconds 5
    python examples/cookbook/08_pnl_monitor.py --port 7497 --seconds 5 --demo-trade AAPL   # paper/sim only

``reqPnL(account)`` and ``reqPnLSingle(account, "", conId)`` give ``PnL``/``PnLSingle`` objects that TWS
updates about once a second; ``pnlEvent``/``pnlSingleEvent`` fire on each update. The monitor keeps the
latest update of each and prints the account line and one line per open position every ``--every``
seconds. With ``--demo-trade SYMBOL``
it first buys 100 shares so that there is something to watch, and sells them at the end, printing the
realized P&L of the round trip.
"""

from __future__ import annotations

import argparse
import math
import time

from ibwire import IB, MarketOrder, PnL, PnLSingle, Stock


def money(x: float) -> str:
    return f"{x:+10.2f}" if not math.isnan(x) else f"{'-':>10}"


def main() -> None:
    ap = argparse.ArgumentParser(description="A P&L monitor.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7497)
    ap.add_argument("--client-id", type=int, default=1)
    ap.add_argument("--account", default="", help="default: the first managed account")
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--every", type=float, default=1.0)
    ap.add_argument("--demo-trade", metavar="SYMBOL", help="buy 100 shares first, sell them at the end")
    args = ap.parse_args()

    with IB().connect(args.host, args.port, clientId=args.client_id) as ib:
        account = args.account or ib.managedAccounts()[0]
        demo = None
        if args.demo_trade:
            demo = Stock(args.demo_trade, "SMART", "USD")
            ib.qualifyContracts(demo)
            buy = ib.placeOrder(demo, MarketOrder("BUY", 100))
            for _ in ib.loopUntil(buy.isDone, timeout=10):
                pass
            print(f"demo trade: bought 100 {demo.symbol} at {buy.orderStatus.avgFillPrice:.2f}")
            for _ in ib.loopUntil(lambda: any(p.contract.conId == demo.conId for p in ib.positions(account)),
                                  timeout=10):
                pass

        updates = {"account": 0, "positions": 0}
        symbols = {p.contract.conId: p.contract.symbol for p in ib.positions(account) if p.position}
        latest: dict[int, str] = {}  # the last update of the account (0) and of each position, as it came

        # the handlers run on the connection's dispatch thread, the one that updates these objects, so what
        # they read belongs to one update (reading a live object from the main thread could mix two)
        def on_pnl(p: PnL) -> None:
            updates["account"] += 1
            latest[0] = (f"{p.account:<12} daily {money(p.dailyPnL)} unrealized {money(p.unrealizedPnL)} "
                         f"realized {money(p.realizedPnL)}")

        def on_pnl_single(p: PnLSingle) -> None:
            updates["positions"] += 1
            latest[p.conId] = (f"  {symbols.get(p.conId, p.conId)!s:<10} pos {p.position:>6g} value {p.value:10.2f} "
                               f"unrealized {money(p.unrealizedPnL)} daily {money(p.dailyPnL)}")

        ib.pnlEvent += on_pnl
        ib.pnlSingleEvent += on_pnl_single
        ib.reqPnL(account)
        for conId in symbols:
            ib.reqPnLSingle(account, "", conId)
        print(f"watching {account}: {len(symbols)} open position(s)")
        end = time.monotonic() + args.seconds
        while time.monotonic() < end:
            ib.sleep(args.every)
            for key in [0, *symbols]:
                if key in latest:
                    print(latest[key])
        print(f"updates: account {updates['account']}, positions {updates['positions']}")

        if demo is not None:
            sell = ib.placeOrder(demo, MarketOrder("SELL", 100))
            for _ in ib.loopUntil(lambda: sell.isDone() and all(f.commissionReport.execId for f in sell.fills),
                                  timeout=10):
                pass
            print(f"demo trade: sold 100 {demo.symbol} at {sell.orderStatus.avgFillPrice:.2f}, "
                  f"realized {sell.fills[-1].commissionReport.realizedPNL:+.2f}")
        ib.pnlEvent -= on_pnl
        ib.pnlSingleEvent -= on_pnl_single
        ib.cancelPnL(account)
        for conId in symbols:
            ib.cancelPnLSingle(account, "", conId)


if __name__ == "__main__":
    main()
