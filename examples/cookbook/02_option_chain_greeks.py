"""An option chain with greeks.

    python examples/cookbook/02_option_chain_greeks.py --port 7497 --symbol AAPL --strikes 5

Finds the underlying's option parameters (expiries and strikes per exchange) with ``reqSecDefOptParams``,
takes the nearest expiry and the strikes closest to the underlying's price, qualifies a call and a put for
each and asks for one snapshot of each with ``reqTickers``: prices and the model's greeks
(``Ticker.modelGreeks``: implied volatility, delta, gamma, vega, theta).
"""

from __future__ import annotations

import argparse
import math

from ibwire import IB, Contract, Option, Stock


def main() -> None:
    ap = argparse.ArgumentParser(description="An option chain with greeks.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7497)
    ap.add_argument("--client-id", type=int, default=1)
    ap.add_argument("--symbol", default="AAPL")
    ap.add_argument("--strikes", type=int, default=5, help="how many strikes around the underlying's price")
    args = ap.parse_args()

    with IB().connect(args.host, args.port, clientId=args.client_id) as ib:
        und = Stock(args.symbol, "SMART", "USD")
        ib.qualifyContracts(und)
        (und_ticker,) = ib.reqTickers(und)
        spot = und_ticker.marketPrice()
        print(f"{args.symbol} conId {und.conId} price {spot:.2f}")

        chains = ib.reqSecDefOptParams(und.symbol, "", und.secType, und.conId)
        chain = next(c for c in chains if c.exchange == "SMART")
        expiry = sorted(chain.expirations)[0]
        strikes = sorted(sorted(chain.strikes, key=lambda k: abs(k - spot))[:args.strikes])
        print(f"chain: {chain.tradingClass} x{chain.multiplier}, {len(chain.expirations)} expiries, "
              f"{len(chain.strikes)} strikes; using {expiry} {strikes}")

        options: list[Contract] = [Option(und.symbol, expiry, k, right, "SMART", tradingClass=chain.tradingClass)
                                   for k in strikes for right in ("C", "P")]
        qualified = [c for c in ib.qualifyContracts(*options) if c is not None]
        print(f"{'contract':<24}{'bid':>8}{'ask':>8}{'model':>8}{'iv':>8}{'delta':>8}{'gamma':>8}{'vega':>8}{'theta':>8}")
        with_greeks = 0
        for t in ib.reqTickers(*qualified):
            g = t.modelGreeks

            def f(x: float | None) -> str:
                return f"{x:8.3f}" if x is not None and not math.isnan(x) else f"{'-':>8}"

            if g is not None and g.delta is not None:
                with_greeks += 1
            name = t.contract.localSymbol if t.contract else "?"
            print(f"{name:<24}{f(t.bid)}{f(t.ask)}" + (
                f"{f(g.optPrice)}{f(g.impliedVol)}{f(g.delta)}{f(g.gamma)}{f(g.vega)}{f(g.theta)}" if g else "  (no greeks)"))
        print(f"options: {len(qualified)}, with greeks: {with_greeks}")


if __name__ == "__main__":
    main()
