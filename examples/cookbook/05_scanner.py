"""A market scanner: the top rows of a few scans, then a snapshot of the leaders.

    python examples/cookbook/05_scanner.py --port 7497 --rows 5 TOP_PERC_GAIN MOST_ACTIVE

``reqScannerData`` runs one scan and returns its rows (a ``ScanDataList`` of ``ScanData``: rank,
contract details, distance, benchmark...), cancelling the subscription itself. The leaders of the first
scan are then priced with one ``reqTickers`` snapshot. For a live scan whose rows are replaced as the
market moves use ``reqScannerSubscription`` and its ``updateEvent``.
"""

from __future__ import annotations

import argparse

from ibwire import IB, Contract, ScannerSubscription


def main() -> None:
    ap = argparse.ArgumentParser(description="A market scanner.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7497)
    ap.add_argument("--client-id", type=int, default=1)
    ap.add_argument("--rows", type=int, default=5)
    ap.add_argument("--above-price", type=float, default=5.0, help="only stocks priced above this")
    ap.add_argument("scans", nargs="*", default=["TOP_PERC_GAIN", "MOST_ACTIVE"], help="scan codes")
    args = ap.parse_args()

    with IB().connect(args.host, args.port, clientId=args.client_id) as ib:
        leaders: list[Contract] = []
        for code in args.scans:
            sub = ScannerSubscription(instrument="STK", locationCode="STK.US.MAJOR", scanCode=code,
                                      numberOfRows=args.rows, abovePrice=args.above_price)
            rows = ib.reqScannerData(sub)
            print(f"{code}: {len(rows)} rows")
            for row in rows:
                c = row.contractDetails.contract
                assert c is not None  # a scan row always names its contract
                print(f"  #{row.rank + 1:<3} {c.symbol:<6} {c.primaryExchange or c.exchange:<8} {c.currency}")
            if not leaders:
                leaders = [r.contractDetails.contract for r in rows[:3] if r.contractDetails.contract]

        print("leaders of the first scan:")
        for t in ib.reqTickers(*leaders):
            print(f"  {t.contract.symbol if t.contract else '?':<6} last {t.last:.2f}  bid {t.bid:.2f}  ask {t.ask:.2f}")


if __name__ == "__main__":
    main()
