"""One facade client of the facade benchmark: ``facade_client.py IMPL PORT ROUNDS``.

IMPL is ``ibwire`` (its IB facade) or ``ib_async`` (its IB), each run with only
its own package on the path. It times ROUNDS sequential reqHistoricalData
round trips, then subscribes to AAPL quotes, prints ``READY``, records the wall
time of every Ticker update with the ticker's last price until a line arrives
on stdin, and prints one JSON object.
"""

from __future__ import annotations

import json
import sys
import threading
import time

impl, port, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
updates: list[tuple[float, float]] = []


def on_update(ticker: object) -> None:
    updates.append((time.time(), getattr(ticker, "last")))


if impl == "ibwire":
    from ibwire import IB, Stock

    ib = IB()
    ib.historyPacing.identical = 0
    ib.connect("127.0.0.1", port, clientId=1)
    sleep = ib.sleep
else:
    from ib_async import IB, Stock  # type: ignore[no-redef]

    ib = IB()
    ib.connect("127.0.0.1", port, clientId=1)
    sleep = ib.sleep

aapl = Stock("AAPL", "SMART", "USD")
ib.qualifyContracts(aapl)
times = []
for i in range(rounds):
    end = f"202611{10 + i % 14:02d} {10 + i % 6:02d}:00:00 UTC"
    t0 = time.perf_counter()
    bars = ib.reqHistoricalData(aapl, end, "1 D", "1 hour", "TRADES", True)
    times.append(time.perf_counter() - t0)
    assert len(bars) == 24, len(bars)
ticker = ib.reqMktData(aapl)
ticker.updateEvent += on_update
sleep(0.5)
print("READY", flush=True)
while not stop.is_set():
    sleep(0.005)
ib.disconnect()
print(json.dumps({"history": times, "updates": updates}), flush=True)
