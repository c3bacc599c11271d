"""What an order would cost before placing it: margin and commission from a what-if order.

    python examples/cookbook/11_whatif_margin.py --port 7497 --symbol AAPL 100 500 1000

``ib.whatIfOrder(contract, order)`` sends the order with ``whatIf`` set: TWS checks it and answers with an
``OrderState`` holding the initial and maintenance margin before, change and after, the equity with
loan and the commission — and places nothing. Useful to size a position against the margin it takes,
or to reject an order that would not fit.
"""

from __future__ import annotations

import argparse

from ibwire import IB, MarketOrder, Stock


def number(text: str | float) -> float:
    """TWS sends these values as text; an absent one is empty (or the unset maximum)."""
    try:
        x = float(text)
    except ValueError:
        return float("nan")
    return x if abs(x) < 1e300 else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description="Margin and commission of an order, without placing it.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7497)
    ap.add_argument("--client-id", type=int, default=1)
    ap.add_argument("--symbol", default="AAPL")
    ap.add_argument("--action", default="BUY", choices=["BUY", "SELL"])
    ap.add_argument("quantities", nargs="*", type=int, default=[100, 500, 1000])
    args = ap.parse_args()

    with IB().connect(args.host, args.port, clientId=args.client_id) as ib:
        contract = Stock(args.symbol, "SMART", "USD")
        ib.qualifyContracts(contract)
        before = len(ib.trades())
        print(f"what-if {args.action} {args.symbol} at market:")
        print(f"{'quantity':>9}{'init margin':>14}{'maint margin':>14}{'equity after':>16}{'commission':>12}")
        for qty in args.quantities:
            state = ib.whatIfOrder(contract, MarketOrder(args.action, qty))
            print(f"{qty:>9}{number(state.initMarginChange):>14,.2f}{number(state.maintMarginChange):>14,.2f}"
                  f"{number(state.equityWithLoanAfter):>16,.2f}{number(state.commissionAndFees):>12,.2f}")
        print(f"orders placed by the checks: {len(ib.trades()) - before}")


if __name__ == "__main__":
    main()
