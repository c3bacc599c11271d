"""End-to-end decode throughput: loopback server -> reader -> callbacks, side by side.

    python benchmarks/bench_decode.py [--scale 1.0] [--repeat 3] [--only ticks,bars,details,ticks_pb]

For each workload a separate server process blasts pre-encoded frames; each
client runs in its own process with only its own package on the path:
the plain read-and-split floor, ibwire, the official ibapi 10.51.1 and
ib_async 2.1 (text workloads only: it speaks at most server version 178).
Every run must deliver exactly the expected callbacks, or the benchmark
fails. Items/s and ratios are printed; best of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
from oracle import oracle_dir  # noqa: E402

ITEMS = {"ticks": ("ticks", 500_000), "ticks_pb": ("ticks", 500_000), "bars": ("bars", 200_000),
         "details": ("contract details", 20_000)}
IMPLS = ("floor", "ibwire", "official", "ib_async")


def ib_async_dir() -> Path:
    d = Path(os.environ.get("IBWIRE_ORACLE_DIR", ROOT / ".oracle")) / "ib_async"
    if not (d / "ib_async").exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--target",
                        str(d), "ib_async==2.1.0"], check=True)
    return d


def path_for(impl: str) -> str:
    if impl == "official":
        return str(oracle_dir())
    if impl == "ib_async":
        return str(ib_async_dir())
    return str(ROOT)


def run(impl: str, workload: str, port: int, scale: float) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = path_for(impl)
    p = subprocess.run([sys.executable, str(HERE / "run_client.py"), impl, workload, str(port), "--scale", str(scale)],
                       env=env, capture_output=True, text=True, timeout=900, cwd=str(HERE))
    if p.returncode != 0:
        raise SystemExit(f"{impl} failed on {workload}:\n{p.stderr[-2000:]}")
    r = json.loads(p.stdout.strip().splitlines()[-1])
    if r["counts"] != r["expected"]:
        raise SystemExit(f"{impl} lost messages on {workload}: got {r['counts']}, expected {r['expected']}")
    return r


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default=",".join(ITEMS))
    a = ap.parse_args()
    for workload in a.only.split(","):
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        server = subprocess.Popen([sys.executable, str(HERE / "blast_server.py"), workload, "--scale", str(a.scale)],
                                  stdout=subprocess.PIPE, text=True, env=env)
        try:
            assert server.stdout is not None
            port = int(server.stdout.readline().split()[1])
            label, n = ITEMS[workload]
            n = int(n * a.scale)
            rates = {}
            rss = {}
            for impl in IMPLS:
                if impl == "ib_async" and workload == "ticks_pb":
                    continue
                best = min((run(impl, workload, port, a.scale) for _ in range(a.repeat)), key=lambda r: r["seconds"])
                rates[impl] = n / best["seconds"]
                rss[impl] = best["rss_mb"]
            print(f"\n{workload}: {n:,} {label}")
            for impl, r in rates.items():
                vs = "  ".join(f"{r / rates[o]:5.2f}x {o}" for o in rates if o != impl)
                print(f"  {impl:9} {r:>12,.0f}/s  peak RSS {rss[impl]:6.0f} MiB   {vs}")
        finally:
            server.kill()


if __name__ == "__main__":
    main()
