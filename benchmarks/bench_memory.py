"""Memory over a long stream: 10M tick frames through the real reader and dispatcher.

    python benchmarks/bench_memory.py [--frames 10000000]

A local server thread does the handshake and then writes the 500k-frame tick
workload over and over; ibwire's EClient counts callbacks. RSS is sampled
once a second; the run prints the first, peak and last samples and fails if
a callback is missing or RSS keeps growing (last > 1.5 x the sample after
the first million frames).
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from workloads import build  # noqa: E402

from ibwire import EClient, EWrapper  # noqa: E402
from ibwire.protocol import handshake  # noqa: E402
from ibwire.protocol.framing import Framer  # noqa: E402
from ibwire.protocol.ids import IN  # noqa: E402
from ibwire.protocol.server import text_message  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--frames", type=int, default=10_000_000)
    a = ap.parse_args()
    sv, body, n, expected = build("ticks")
    rounds = max(1, a.frames // n)
    ls = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        conn, _ = ls.accept()
        framer = Framer()
        data = conn.recv(4096)
        frames = framer.feed(data[4:])
        while not frames:
            frames += framer.feed(conn.recv(4096))
        conn.sendall(handshake.server_hello(sv, "20261124 12:00:00 UTC"))
        while len(frames) < 2:
            frames += framer.feed(conn.recv(4096))
        conn.sendall(text_message(sv, IN.NEXT_VALID_ID, 1, 1) + text_message(sv, IN.MANAGED_ACCTS, 1, "DU1"))
        for _ in range(rounds):
            conn.sendall(body)
        time.sleep(60)

    threading.Thread(target=serve, daemon=True).start()
    want = {k: v * rounds for k, v in expected.items()}
    got = {k: 0 for k in want}
    done = threading.Event()

    class W(EWrapper):
        def tickPrice(self, *args: object) -> None:
            got["tickPrice"] += 1

        def tickSize(self, *args: object) -> None:
            got["tickSize"] += 1
            if got["tickSize"] == want["tickSize"]:
                done.set()

    client = EClient(W())
    client.connect("127.0.0.1", ls.getsockname()[1], 1)
    runner = threading.Thread(target=client.run)
    runner.start()
    samples = []
    t0 = time.perf_counter()
    while not done.wait(1.0):
        samples.append((got["tickSize"] + got["tickPrice"], rss_mb()))
    elapsed = time.perf_counter() - t0
    samples.append((got["tickSize"] + got["tickPrice"], rss_mb()))
    client.disconnect()
    runner.join()
    frames = n * rounds
    print(f"{frames:,} frames in {elapsed:.1f} s ({frames / elapsed:,.0f}/s), callbacks {got} expected {want}")
    base = next((r for c, r in samples if c > 2 * want["tickPrice"] // (rounds * 2)), samples[0][1])
    peak = max(r for _, r in samples)
    print(f"RSS MiB: first {samples[0][1]:.0f}, after the first round {base:.0f}, peak {peak:.0f}, "
          f"last {samples[-1][1]:.0f}")
    if got != want:
        raise SystemExit("lost callbacks")
    if samples[-1][1] > 1.5 * base:
        raise SystemExit("memory keeps growing")


if __name__ == "__main__":
    main()
