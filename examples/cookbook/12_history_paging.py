"""More history than one request gives: page backwards through 1-minute bars into a CSV file.

    python examples/cookbook/12_history_paging.py --port 7497 --symbol AAPL --pages 3 --out aapl_1min.csv

IB caps what one historical request returns (a day of 1-minute bars, for instance). To go further back,
ask again with ``endDateTime`` set to the earliest bar received so far, and repeat; an answer holds the
bars that start before its end, so pages meet without sharing a bar (rows are keyed by their time all
the same: a page asked of a live market may end with the bar in progress). The facade spaces the requests to IB's pacing
rules by itself (identical requests within 15 s, at most 60 in 10 minutes). For multi-year downloads
that resume after an interruption, see the ``ibwire history`` command.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path

from ibwire import IB, Stock
from ibwire.facade.history import BarData


def main() -> None:
    ap = argparse.ArgumentParser(description="Page backwards through 1-minute bars into a CSV file.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7497)
    ap.add_argument("--client-id", type=int, default=1)
    ap.add_argument("--symbol", default="AAPL")
    ap.add_argument("--pages", type=int, default=3, help="requests of one day each")
    ap.add_argument("--out", type=Path, default=Path("bars_1min.csv"))
    args = ap.parse_args()

    rows: dict[dt.datetime | dt.date, BarData] = {}
    with IB().connect(args.host, args.port, clientId=args.client_id) as ib:
        contract = Stock(args.symbol, "SMART", "USD")
        ib.qualifyContracts(contract)
        end: dt.datetime | dt.date | str = ""  # "" is now
        for page in range(1, args.pages + 1):
            bars = ib.reqHistoricalData(contract, endDateTime=end, durationStr="1 D", barSizeSetting="1 min",
                                        whatToShow="TRADES", useRTH=False)
            if not bars:
                print(f"page {page}: no more data")
                break
            new = sum(1 for b in bars if b.date not in rows)
            rows.update((b.date, b) for b in bars)
            print(f"page {page}: {len(bars)} bars {bars[0].date} .. {bars[-1].date}, {new} new")
            end = bars[0].date

    with args.out.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["date", "open", "high", "low", "close", "volume"])
        for when in sorted(rows):
            b = rows[when]
            out.writerow([b.date.isoformat(), b.open, b.high, b.low, b.close, b.volume])
    first, last = min(rows), max(rows)
    print(f"wrote {len(rows)} bars from {first} to {last} to {args.out}")


if __name__ == "__main__":
    main()
