"""Historical bars into a pandas DataFrame.

    python examples/cookbook/01_bars_dataframe.py --port 7497 --symbol AAPL --duration "2 D" --bar "1 hour"

Asks for bars of one stock, turns them into a DataFrame with ``util.df`` (dates as datetimes, prices and
volume as numbers), adds a column computed from the others and prints a summary. Needs ``pandas``
(``pip install 'ibwire[pandas]'``).
"""

from __future__ import annotations

import argparse

from ibwire import IB, Stock, util


def main() -> None:
    ap = argparse.ArgumentParser(description="Historical bars into a pandas DataFrame.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7497)
    ap.add_argument("--client-id", type=int, default=1)
    ap.add_argument("--symbol", default="AAPL")
    ap.add_argument("--duration", default="2 D", help="IB duration text: '2 D', '1 W', '1 Y', ...")
    ap.add_argument("--bar", default="1 hour", help="IB bar size: '1 min', '30 mins', '1 hour', '1 day', ...")
    args = ap.parse_args()

    with IB().connect(args.host, args.port, clientId=args.client_id) as ib:
        contract = Stock(args.symbol, "SMART", "USD")
        ib.qualifyContracts(contract)
        bars = ib.reqHistoricalData(contract, endDateTime="", durationStr=args.duration,
                                    barSizeSetting=args.bar, whatToShow="TRADES", useRTH=True)
        df = util.df(bars)
        df["return_pct"] = df["close"].pct_change() * 100
        print(df[["date", "open", "high", "low", "close", "volume", "return_pct"]].tail(5).to_string())
        print(f"rows: {len(df)}")
        print(f"columns: {', '.join(df.columns)}")
        print(f"first: {df['date'].iloc[0]}  last: {df['date'].iloc[-1]}")
        print(f"close: min {df['close'].min():.2f} max {df['close'].max():.2f} mean {df['close'].mean():.2f}")
        print(f"total volume: {df['volume'].sum():.0f}")


if __name__ == "__main__":
    main()
