"""``ibwire history`` throughput: bars per second from the simulator into a store.

    python benchmarks/bench_cli_history.py                                # 3 symbols, 3 months of 1-min RTH bars
    python benchmarks/bench_cli_history.py --duration 2Y --runs 1         # the test suite's 2-year download
    python benchmarks/bench_cli_history.py --out csv --pacing-scale 0.001

The simulator runs in its own process (``python -m ibwire.sim``, clock pinned to a Tuesday evening UTC,
``--history-pacing-scale``: IB's pacing windows shortened, the counts kept -- at the real scale a
download is bound by the 60-requests-per-10-minutes rule, not by ibwire); the command runs as users run
it, in another. Each run writes a fresh store. Reported per run: bars, chunks, wall seconds, bars/s
(wall), and the CPU seconds of the downloader and of the simulator (the machine's load shows in the wall
time, not in those). ``--json`` prints the results as JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CLOCK = "2026-11-24T22:00:00"


def sim_cpu(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    import os

    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--symbols", default="AAPL,MSFT,IBM")
    ap.add_argument("--bar", default="1min")
    ap.add_argument("--duration", default="3M")
    ap.add_argument("--rth", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--out", choices=("parquet", "csv", "sqlite"), default="parquet")
    ap.add_argument("--pacing-scale", default="0.0002")
    ap.add_argument("--parallel", type=int, default=4)
    ap.add_argument("--max-rate", default="45", help="the downloader's requests a second (TWS: under 50; the "
                                                    "simulator is started allowing this many and more)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    sim = subprocess.Popen([sys.executable, "-m", "ibwire.sim", "--port", "0", "--clock", CLOCK, "--tick-interval", "0",
                            "--history-pacing-scale", args.pacing_scale, "--max-rate", str(max(50, 2 * int(args.max_rate)))],
                           stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert sim.stdout is not None
    port = sim.stdout.readline().strip().rsplit(":", 1)[1]
    results: list[dict[str, Any]] = []
    tmp = Path(tempfile.mkdtemp(prefix="bench_history_"))
    try:
        for run in range(args.runs):
            out = tmp / {"parquet": f"data{run}", "csv": f"bars{run}.csv", "sqlite": f"bars{run}.sqlite"}[args.out]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            sim0 = sim_cpu(sim.pid)
            t0 = time.perf_counter()
            p = subprocess.run([sys.executable, "-m", "ibwire.cli", "history", *args.symbols.split(","), "--bar", args.bar,
                                "--duration", args.duration, *(["--rth"] if args.rth else []), "--out", str(out),
                                "--port", port, "--pacing-scale", args.pacing_scale, "--parallel", str(args.parallel),
                                "--max-rate", args.max_rate],
                               capture_output=True, text=True, cwd=ROOT)
            wall = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if p.returncode != 0:
                raise SystemExit(p.stderr)
            m = re.search(r": ([\d,]+) bars in (\d+) chunks", p.stdout)
            assert m, p.stdout
            bars = int(m.group(1).replace(",", ""))
            results.append({"run": run, "bars": bars, "chunks": int(m.group(2)), "wall_s": round(wall, 2),
                            "bars_per_s": round(bars / wall), "downloader_cpu_s": round(
                                after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2),
                            "simulator_cpu_s": round(sim_cpu(sim.pid) - sim0, 2)})
            shutil.rmtree(out, ignore_errors=True) if out.is_dir() else out.unlink(missing_ok=True)
    finally:
        sim.terminate()
        sim.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"ibwire history {args.symbols} --bar {args.bar} --duration {args.duration}{' --rth' if args.rth else ''} "
          f"-> {args.out}, pacing scale {args.pacing_scale}, {args.parallel} in flight, at most {args.max_rate}/s")
    for r in results:
        print(f"  run {r['run']}: {r['bars']:,} bars in {r['chunks']} chunks, {r['wall_s']} s, {r['bars_per_s']:,} bars/s; "
              f"CPU: downloader {r['downloader_cpu_s']} s, simulator {r['simulator_cpu_s']} s")
    best = max(results, key=lambda r: r["bars_per_s"])
    print(f"best: {best['bars_per_s']:,} bars/s; per bar of CPU: "
          f"{1e6 * best['downloader_cpu_s'] / best['bars']:.1f} us downloader, "
          f"{1e6 * best['simulator_cpu_s'] / best['bars']:.1f} us simulator")


if __name__ == "__main__":
    main()
