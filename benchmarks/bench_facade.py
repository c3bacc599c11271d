"""Facade latency: ibwire's IB and ib_async's IB against the same simulator, in one run.

    python benchmarks/bench_facade.py [--rounds 50] [--steps 200]

- historical round trip: ROUNDS sequential ``reqHistoricalData`` calls (24 bars
  each, distinct end times), wall time per call;
- tick-to-Ticker: the simulator (in this process, market clock stepped here)
  records when each market step's quotes are sent; each client records when its
  Ticker shows that step's last price; latency = the difference (one machine,
  one wall clock).

Both clients speak server version 178 (ib_async's highest), each in its own
process with only its own package on the path. Reported: median and p95 per
client, and ibwire/ib_async ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from ibwire.sim import Simulator  # noqa: E402


def ib_async_dir() -> Path:
    d = Path(os.environ.get("IBWIRE_ORACLE_DIR", ROOT / ".oracle")) / "ib_async"
    if not (d / "ib_async").exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(d), "ib_async==2.1.0"],
                       check=True)
    return d


def run(impl: str, rounds: int, steps: int) -> dict[str, list[float]]:
    with Simulator(tick_interval=None, server_version=178) as sim:
        sim.history_pacing = False
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["PYTHONPATH"] = str(ROOT) if impl == "ibwire" else str(ib_async_dir())
        p = subprocess.Popen([sys.executable, str(HERE / "facade_client.py"), impl, str(sim.port), str(rounds)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        assert p.stdout is not None and p.stdin is not None
        line = p.stdout.readline()
        assert line.strip() == "READY", line
        it = sim.catalog.by_symbol("AAPL")
        sent: list[tuple[float, float]] = []
        for _ in range(steps):
            t = time.time()
            sim.step()
            sent.append((t, sim.market.quotes[it.con_id].last))
            time.sleep(0.02)
        time.sleep(0.3)
        p.stdin.write("stop\n")
        p.stdin.flush()
        out = json.loads(p.stdout.readline())
        p.wait(30)
    updates = out["updates"]
    lat = []
    j = 0
    for t, price in sent:
        while j < len(updates) and updates[j][0] < t:
            j += 1
        k = j
        while k < len(updates) and updates[k][1] != price:
            k += 1
        if k < len(updates):
            lat.append(updates[k][0] - t)
    return {"history": out["history"], "latency": lat}


def summary(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    return statistics.median(xs), xs[int(len(xs) * 0.95) - 1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--steps", type=int, default=200)
    args = ap.parse_args()
    results = {impl: run(impl, args.rounds, args.steps) for impl in ("ibwire", "ib_async")}
    print(f"{'':10} {'history median':>15} {'p95':>10} {'tick->Ticker median':>20} {'p95':>10} {'matched':>8}")
    for impl, r in results.items():
        h, l_ = summary(r["history"]), summary(r["latency"])
        print(f"{impl:10} {h[0] * 1e3:12.2f} ms {h[1] * 1e3:7.2f} ms {l_[0] * 1e3:17.2f} ms {l_[1] * 1e3:7.2f} ms "
              f"{len(r['latency']):>8}")
    a, b = results["ibwire"], results["ib_async"]
    print(f"ratio ib_async/ibwire (higher: ibwire faster): history "
          f"{summary(b['history'])[0] / summary(a['history'])[0]:.2f}x, "
          f"tick->Ticker {summary(b['latency'])[0] / summary(a['latency'])[0]:.2f}x")


if __name__ == "__main__":
    main()
