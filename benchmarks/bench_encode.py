"""placeOrder encoding speed, ibwire vs the official ibapi 10.51.1, as a ratio.

    python benchmarks/bench_encode.py [--calls N]

Each client runs in its own process (the official one with only its own
package on the path) and encodes the same complex order — a 3-leg BAG with
per-leg prices, routing and algo params, misc options and two conditions —
N times into a byte sink, at a text version (176) and a protobuf one (226).
Output: calls per second for each and ibwire/official; byte counts must match.
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


def run(sv: int, calls: int, ibwire: bool) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(ROOT) if ibwire else str(oracle_dir())
    cmd = [sys.executable, str(HERE / "placeorder_workload.py"), str(sv), str(calls)] + (["--ibwire"] if ibwire else [])
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, cwd=str(HERE))
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    print(f"placeOrder, complex BAG order, {a.calls} calls, best of {a.repeat}")
    print(f"{'server':>7} {'official/s':>12} {'ibwire/s':>12} {'ratio':>7}  bytes")
    for sv in (176, 226):
        best = {}
        for who in ("official", "ibwire"):
            runs = [run(sv, a.calls, who == "ibwire") for _ in range(a.repeat)]
            best[who] = min(runs, key=lambda r: r["seconds"])
        if best["official"]["bytes"] != best["ibwire"]["bytes"]:
            raise SystemExit(f"byte counts differ at {sv}: {best}")
        ro = best["official"]["calls"] / best["official"]["seconds"]
        ri = best["ibwire"]["calls"] / best["ibwire"]["seconds"]
        print(f"{sv:>7} {ro:>12,.0f} {ri:>12,.0f} {ri / ro:>6.2f}x  {int(best['ibwire']['bytes']):,}")


if __name__ == "__main__":
    main()
