"""A small tick recorder: live quotes of a few symbols into a CSV file.

    python examples/cookbook/06_tick_recorder.py --port 7497 --seconds 5 --out ticks.csv AAPL MSFT

Subscribes to streaming market data for each symbol and, on every ``pendingTickersEvent`` (one per batch
of updates), appends one row per changed ticker: time, symbol, bid, ask, last and their sizes, volume.
Stops after ``--seconds`` and prints how many rows it wrote per symbol. (For long unattended recording of
ticks, 5-second bars or depth, see the ``ibwire record`` command.)
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from ibwire import IB, Stock, Ticker

FIELDS = ["time", "symbol", "bid", "bidSize", "ask", "askSize", "last", "lastSize", "volume"]


def main() -> None:
    ap = argparse.ArgumentParser(description="Live quotes of a few symbols into a CSV file.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7497)
    ap.add_argument("--client-id", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--out", type=Path, default=Path("ticks.csv"))
    ap.add_argument("symbols", nargs="*", default=["AAPL", "MSFT"])
    args = ap.parse_args()

    counts: Counter[str] = Counter()
    # the file is opened first, so it is closed last: after the connection and its handlers are done
    with args.out.open("w", newline="") as f, IB().connect(args.host, args.port, clientId=args.client_id) as ib:
        out = csv.writer(f)
        out.writerow(FIELDS)

        def write(tickers: set[Ticker]) -> None:
            for t in tickers:
                if t.time is None or t.contract is None:
                    continue
                out.writerow([t.time.isoformat(), t.contract.symbol, t.bid, t.bidSize, t.ask, t.askSize,
                              t.last, t.lastSize, t.volume])
                counts[t.contract.symbol] += 1

        contracts = [Stock(s, "SMART", "USD") for s in args.symbols]
        ib.qualifyContracts(*contracts)
        ib.pendingTickersEvent += write  # handlers run on ibwire's dispatch thread, one batch at a time
        for c in contracts:
            ib.reqMktData(c)
        ib.sleep(args.seconds)
        ib.pendingTickersEvent -= write
        for c in contracts:
            ib.cancelMktData(c)

    for symbol in args.symbols:
        print(f"{symbol}: {counts[symbol]} rows")
    print(f"wrote {sum(counts.values())} rows to {args.out}")


if __name__ == "__main__":
    main()
