"""One benchmark client run: connect to the blast server, count callbacks until all arrived.

    python run_client.py IMPL WORKLOAD PORT [--scale S]
IMPL: floor | ibwire | official | ib_async. Prints JSON: seconds, counts, peak RSS (MiB).
The caller sets PYTHONPATH so that ``ibapi`` / ``ib_async`` resolve to the packages under test.
"""

from __future__ import annotations

import json
import resource
import socket
import struct
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

impl, workload, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
scale = float(sys.argv[sys.argv.index("--scale") + 1]) if "--scale" in sys.argv else 1.0

EXPECT = {
    "ticks": {"tickPrice": int(250_000 * scale), "tickSize": int(500_000 * scale)},
    "ticks_pb": {"tickPrice": int(250_000 * scale), "tickSize": int(500_000 * scale)},
    "bars": {"historicalData": int(200_000 * scale), "historicalDataEnd": 1},
    "details": {"contractDetails": int(20_000 * scale), "contractDetailsEnd": 1},
}[workload]
FRAMES = {"ticks": int(500_000 * scale), "ticks_pb": int(500_000 * scale), "bars": 1,
          "details": int(20_000 * scale) + 1}[workload]
counts = {k: 0 for k in EXPECT}
done = threading.Event()
result: dict[str, float] = {}


def bump(name: str) -> None:
    counts[name] += 1
    if counts[name] == EXPECT[name] and counts == EXPECT:
        result["end"] = time.perf_counter()
        done.set()


def report(t0: float) -> None:
    end = result.get("end", time.perf_counter())
    print(json.dumps({"seconds": end - t0, "counts": counts, "expected": EXPECT,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def run_floor() -> None:
    # the plainest correct reader: recv, split frames by length, split fields
    s = socket.create_connection(("127.0.0.1", port))
    t0 = time.perf_counter()
    s.sendall(b"API\0" + struct.pack(">I", 9) + b"v100..226")
    buf = bytearray()
    frames = 0
    hello = False
    while frames < FRAMES + 2:
        data = s.recv(1 << 16)
        if not data:
            break
        buf += data
        pos = 0
        while len(buf) - pos >= 4:
            n = int.from_bytes(buf[pos:pos + 4], "big")
            if len(buf) - pos - 4 < n:
                break
            body = bytes(buf[pos + 4:pos + 4 + n])
            pos += 4 + n
            if not hello:
                hello = True
                s.sendall(struct.pack(">I", 8) + b"71\x002\x000\x00\x00")
                continue
            body.split(b"\0")
            frames += 1
        del buf[:pos]
    result["end"] = time.perf_counter()
    counts.update({k: v for k, v in EXPECT.items()} if frames >= FRAMES + 2 else {})
    s.close()
    report(t0)


def make_wrapper(base: type) -> object:
    class W(base):  # type: ignore[misc, valid-type]
        def tickPrice(self, *a): bump("tickPrice") if "tickPrice" in counts else None
        def tickSize(self, *a): bump("tickSize") if "tickSize" in counts else None
        def historicalData(self, *a): bump("historicalData") if "historicalData" in counts else None
        def historicalDataEnd(self, *a): bump("historicalDataEnd") if "historicalDataEnd" in counts else None
        def contractDetails(self, *a): bump("contractDetails") if "contractDetails" in counts else None
        def contractDetailsEnd(self, *a): bump("contractDetailsEnd") if "contractDetailsEnd" in counts else None
        def error(self, *a, **k): pass
        def tickPriceProtoBuf(self, *a): pass
        def tickSizeProtoBuf(self, *a): pass
    return W()


def run_threaded(client_cls: type, wrapper_base: type) -> None:
    w = make_wrapper(wrapper_base)
    c = client_cls(w)
    if hasattr(c, "setPacing"):
        c.setPacing(0)
    threading.Thread(target=lambda: (done.wait(600), c.disconnect()), daemon=True).start()
    t0 = time.perf_counter()
    c.connect("127.0.0.1", port, 1)
    c.run()
    report(t0)


def run_ib_async() -> None:
    import asyncio

    from ib_async.client import Client

    class W:
        # ib_async reports a price tick with its size in one call
        def priceSizeTick(self, *a):
            bump("tickPrice")
            bump("tickSize")

        def __getattr__(self, name: str):  # everything else is ignored
            if name in counts:
                return lambda *a: bump(name)
            return lambda *a, **k: None

    async def main() -> None:
        c = Client(W())
        t0 = time.perf_counter()
        await c.connectAsync("127.0.0.1", port, 1, timeout=10)
        while not done.is_set():
            await asyncio.sleep(0.005)
        c.disconnect()
        report(t0)

    asyncio.run(main())


if impl == "floor":
    run_floor()
elif impl == "ibwire":
    from ibwire import EClient, EWrapper
    run_threaded(EClient, EWrapper)
elif impl == "official":
    from ibapi.client import EClient
    from ibapi.wrapper import EWrapper
    run_threaded(EClient, EWrapper)
elif impl == "ib_async":
    run_ib_async()
