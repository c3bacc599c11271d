"""Connect, print what TWS says on arrival, ask the server time, disconnect.

    python examples/connect.py                 # against the embedded simulator
    python examples/connect.py --port 7497     # against a running TWS / IB Gateway
"""

from __future__ import annotations

import argparse
import datetime as dt
import threading

from ibwire import EClient, EWrapper
from ibwire.sim import Simulator


class App(EWrapper):
    def __init__(self) -> None:
        super().__init__()
        self.done = threading.Event()

    def nextValidId(self, orderId: int) -> None:
        print(f"next order id: {orderId}")

    def managedAccounts(self, accountsList: str) -> None:
        print(f"accounts: {accountsList}")

    def error(self, reqId: int, errorTime: int, errorCode: int, errorString: str,
              advancedOrderRejectJson: str = "") -> None:
        print(f"notice {errorCode}: {errorString}")

    def currentTime(self, time: int) -> None:
        print(f"server time: {dt.datetime.fromtimestamp(time, dt.timezone.utc):%Y-%m-%d %H:%M:%S} UTC")
        self.done.set()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, help="a running TWS/Gateway; default: embedded simulator")
    ap.add_argument("--client-id", type=int, default=1)
    args = ap.parse_args()

    sim = Simulator().start() if args.port is None else None
    port = sim.port if sim else args.port
    app = App()
    client = EClient(app)
    client.connect(args.host, port, args.client_id)
    if not client.isConnected():
        raise SystemExit("could not connect")
    print(f"connected: server version {client.serverVersion()}, time {client.twsConnectionTime()}")
    runner = threading.Thread(target=client.run)
    runner.start()
    client.reqCurrentTime()
    app.done.wait(10)
    client.disconnect()
    runner.join()
    if sim:
        sim.stop()


if __name__ == "__main__":
    main()
