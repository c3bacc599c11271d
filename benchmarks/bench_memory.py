"""Memory over a long stream: 10M tick frames through ibwire's real reader and dispatcher.

    python benchmarks/bench_memory.py [--scale 1.0] [--frames 10000000] [--json FILE] [--tree PATH]

A blast_server.py process (loopback, ephemeral port) does the handshake and then writes the
500k-frame tick workload (server 176) over and over on one connection: ``--frames x --scale``
frames, rounded to whole workloads. This process runs an ``ibwire.EClient`` with a counting
``EWrapper`` (ibwire native; IBWIRE_PURE is honoured as set) and samples its RSS every half
second. It prints RSS at the start (first sample), the middle (the sample nearest half of the
callbacks), the end (all callbacks delivered) and the peak, and fails if a callback is missing, if
the stream stalls for 60 s, or if RSS does not stay flat: the peak after the first 500k frames, or the
end, above 1.5 x the sample taken after those first 500k frames. The server runs in its own process,
as TWS does: a client whose reader outruns its dispatcher (an unbounded queue) shows it here.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: the ibwire tree measured: --tree PATH (default the one holding this script)
TREE = Path(sys.argv[sys.argv.index("--tree") + 1]).resolve() if "--tree" in sys.argv else ROOT
sys.path.insert(0, str(TREE))
sys.path.insert(0, str(HERE))

from workloads import core_state, expected  # noqa: E402

import ibwire  # noqa: E402
from ibwire import EClient, EWrapper  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--frames", type=int, default=10_000_000)
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies --frames (0.1: 1M frames)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--tree", type=Path, default=ROOT, help="the ibwire tree measured (default: this script's)")
    a = ap.parse_args()
    _, n, per_round = expected("ticks")
    rounds = max(1, round(a.frames * a.scale / n))
    want = {k: v * rounds for k, v in per_round.items()}
    result: dict[str, Any] = {"ok": False, "frames": n * rounds, "callbacks": sum(want.values()), "core": core_state(),
                              "module": ibwire.__file__}

    def finish(reason: str | None = None) -> None:
        if reason:
            result["reason"] = reason
        if a.json:
            a.json.write_text(json.dumps(result))
        if reason:
            raise SystemExit(reason)

    env = dict(os.environ, PYTHONPATH=str(ROOT))  # the server: this tree's codec
    server = subprocess.Popen([sys.executable, str(HERE / "blast_server.py"), "ticks", "--repeat", str(rounds)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
                              start_new_session=True)
    try:
        assert server.stdout is not None
        ready, _, _ = select.select([server.stdout], [], [], 300)
        line = server.stdout.readline() if ready else ""
        if not line.startswith("port "):
            finish(f"the server did not start: {line!r}")
        port = int(line.split()[1])
        got = {"tickPrice": 0, "tickSize": 0}
        done = threading.Event()
        errors: list[str] = []

        class W(EWrapper):
            def tickPrice(self, reqId: int, tickType: int, price: float, attrib: Any) -> None:
                got["tickPrice"] += 1

            def tickSize(self, reqId: int, tickType: int, size: Any) -> None:
                got["tickSize"] += 1
                if got["tickSize"] == want["tickSize"]:
                    done.set()

            def error(self, reqId: Any, errorTime: Any, errorCode: Any, errorString: Any, *rest: Any) -> None:
                errors.append(f"{reqId} {errorCode} {errorString}")

        before = rss_mb()
        client = EClient(W())
        client.connect("127.0.0.1", port, 1)
        runner = threading.Thread(target=client.run, daemon=True)
        t0 = time.perf_counter()
        runner.start()
        samples: list[tuple[int, float]] = []
        queued: list[int] = []  # batches waiting in the client's queue (a diagnostic: where a backlog sits)

        def backlog() -> int:
            try:
                return int(client.msg_queue.qsize())
            except (AttributeError, NotImplementedError, TypeError):
                return -1
        last_count, last_move = 0, time.monotonic()
        while not done.wait(0.5):
            count = got["tickPrice"] + got["tickSize"]
            samples.append((count, rss_mb()))
            queued.append(backlog())
            if count != last_count:
                last_count, last_move = count, time.monotonic()
            elif time.monotonic() - last_move > 60:
                break
        elapsed = time.perf_counter() - t0
        samples.append((got["tickPrice"] + got["tickSize"], rss_mb()))
        client.disconnect()
        runner.join(30)
    finally:
        server.stdin.close()  # type: ignore[union-attr]
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        server.wait()
    total = sum(want.values())
    first_round = next((r for c, r in samples if c >= total // rounds), samples[0][1])
    middle = min(samples, key=lambda s: abs(s[0] - total / 2))[1]
    result.update(seconds=elapsed, rate=n * rounds / elapsed, got=got, expected=want, errors=errors[:5],
                  rss_before=before, rss_start=samples[0][1], rss_middle=middle, rss_end=samples[-1][1],
                  rss_first_round=first_round, rss_peak=max(r for _, r in samples),
                  ru_maxrss=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, samples=len(samples),
                  queued_max=max(queued, default=-1),
                  trace=[(c, round(r, 1)) for c, r in samples[:: max(1, len(samples) // 40)]])  # (callbacks, MiB)
    print(f"{n * rounds:,} frames in {elapsed:.1f} s ({n * rounds / elapsed:,.0f}/s), core {result['core']}, "
          f"callbacks {got} expected {want}")
    print(f"RSS MiB: before connect {before:.0f}, start {samples[0][1]:.0f}, after the first 500k frames "
          f"{first_round:.0f}, middle {middle:.0f}, end {samples[-1][1]:.0f}, peak {result['rss_peak']:.0f}; "
          f"at most {result['queued_max']} batches queued for the dispatcher (-1: not known)")
    if got != want:
        finish(f"lost callbacks: {got} != {want}" + (" (stalled for 60 s)" if not done.is_set() else ""))
    if errors:
        finish(f"error callbacks: {errors[:5]}")
    peak_after = max((r for c, r in samples if c >= total // rounds), default=first_round)
    result["rss_peak_after_first_round"] = peak_after
    if max(peak_after, samples[-1][1]) > 1.5 * first_round:
        finish(f"RSS not flat: {first_round:.0f} MiB after the first 500k frames, then up to {peak_after:.0f} MiB, "
               f"{samples[-1][1]:.0f} MiB at the end")
    result["ok"] = True
    finish()


if __name__ == "__main__":
    main()
