"""A strategy loop that survives a dropped connection or a gateway restart.

    python examples/cookbook/07_reconnect_loop.py --port 7497 --seconds 20

The facade reconnects by itself (``connect(..., reconnect=True)``, the default): after a drop it connects
again with backoff, resyncs orders, positions and executions, and resubscribes live market data into the
same ``Ticker``. The loop only has to survive the gap: a blocking call made while the connection is down
raises ``ConnectionError`` (or ``TimeoutError``) instead of hanging, so each step catches those, skips
its work and tries again at the next step. ``connectedEvent``/``disconnectedEvent`` mark both ends.

Each step reads the streaming price, keeps a short moving average and asks the server time (a blocking
round trip). Restart the gateway (or, with ``ibwire sim``, stop and start it on the same port) while it
runs to see it carry on.
"""

from __future__ import annotations

import argparse
import math
import time
from collections import deque

from ibwire import IB, Stock, Ticker


def main() -> None:
    ap = argparse.ArgumentParser(description="A strategy loop that survives a gateway restart.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7497)
    ap.add_argument("--client-id", type=int, default=1)
    ap.add_argument("--symbol", default="AAPL")
    ap.add_argument("--seconds", type=float, default=20.0, help="how long the loop runs")
    ap.add_argument("--step", type=float, default=0.5, help="seconds between steps")
    args = ap.parse_args()

    ib = IB()
    ib.RequestTimeout = 5  # a step's blocking call gives up after this long
    ib.ReconnectMaxDelay = 2  # retry often: this is a demo; the default backs off up to 30 s
    state = {"drops": 0, "reconnects": 0, "updates_since_reconnect": 0}

    def on_disconnected() -> None:
        state["drops"] += 1
        print("connection lost; the facade reconnects by itself")

    def on_connected() -> None:
        state["reconnects"] += 1
        state["updates_since_reconnect"] = 0
        print("reconnected: state resynced, market data resubscribed")

    def on_update(t: Ticker) -> None:
        state["updates_since_reconnect"] += 1

    ib.connect(args.host, args.port, clientId=args.client_id)  # reconnect=True is the default
    ib.disconnectedEvent += on_disconnected
    ib.connectedEvent += on_connected
    contract = Stock(args.symbol, "SMART", "USD")
    ib.qualifyContracts(contract)
    ticker = ib.reqMktData(contract)
    ticker.updateEvent.connect(on_update)

    prices: deque[float] = deque(maxlen=10)
    steps = skipped = 0
    end = time.monotonic() + args.seconds
    print(f"running for {args.seconds:g} s")
    try:
        while time.monotonic() < end:
            steps += 1
            try:
                server_time = ib.reqCurrentTime()  # raises while the connection is down
            except (ConnectionError, TimeoutError) as e:
                skipped += 1
                print(f"step {steps}: skipped ({type(e).__name__}: {e})")
                ib.sleep(args.step)
                continue
            if not math.isnan(ticker.last):
                prices.append(ticker.last)
            avg = sum(prices) / len(prices) if prices else math.nan
            signal = "above" if prices and prices[-1] > avg else "at/below"
            print(f"step {steps}: {server_time:%H:%M:%S} {args.symbol} {ticker.last:.2f} {signal} "
                  f"its {len(prices)}-step average {avg:.2f}")
            ib.sleep(args.step)
    finally:
        ib.disconnectedEvent -= on_disconnected  # our own disconnect is no loss
        ib.disconnect()
    print(f"steps: {steps}, skipped while disconnected: {skipped}, drops: {state['drops']}, "
          f"reconnects: {state['reconnects']}, ticker updates since the last reconnect: "
          f"{state['updates_since_reconnect']}")


if __name__ == "__main__":
    main()
