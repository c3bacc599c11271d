"""Soak: the suite's fault campaign, scaled up (not run in CI).

Three parts, each the machinery of a CI-sized test run for longer:

* fuzzed inbound frames through the threaded client (``tests/test_fuzz_inbound.py`` with
  ``IBWIRE_FUZZ_FRAMES``, split over the server versions it covers);
* facade fault schedules, one per seed (``tests/test_facade_faults.py``: ``run_campaign``);
* threads of concurrent blocking facade calls (``tests/test_facade_concurrency.py``: ``run_concurrency``).

    python scripts/soak.py                       # 1,000,000 frames, 50 seeds, 16 threads x 5 minutes
    python scripts/soak.py --frames 100000 --seeds 10 --minutes 1

Prints a summary table and every failure with the seed that replays it (``IBWIRE_FAULT_SEEDS=<seed>
pytest tests/test_facade_faults.py -k campaign``); exits 1 when anything failed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
FUZZ = TESTS / "test_fuzz_inbound.py"


@dataclass
class Part:
    name: str
    seconds: float = 0.0
    calls: int = 0
    ended: Counter[str] = field(default_factory=Counter)
    max_latency: float = 0.0
    orders: int = 0
    refused: int = 0
    fills: int = 0
    faults: int = 0
    note: str = ""
    failures: list[str] = field(default_factory=list)


def fuzz(frames: int) -> Part:
    part = Part("fuzzed frames")
    if frames <= 0:
        part.note = "skipped (--frames 0)"
        return part
    if not FUZZ.exists():
        part.note = f"skipped: {FUZZ.relative_to(ROOT)} is not in this checkout"
        print(part.note, flush=True)
        return part
    base = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", str(FUZZ)]
    listed = subprocess.run(base + ["--collect-only"], cwd=ROOT, capture_output=True, text=True)
    runs = max(1, sum(1 for line in listed.stdout.splitlines() if "::" in line))
    per_run = -(-frames // runs)
    env = dict(os.environ, IBWIRE_FUZZ_FRAMES=str(per_run))
    t0 = time.monotonic()
    done = subprocess.run(base + ["--timeout", "0"], cwd=ROOT, env=env, capture_output=True, text=True)
    part.seconds = time.monotonic() - t0
    part.note = f"{runs} run(s) x {per_run:,} frames = {runs * per_run:,} frames; {_last_line(done.stdout)}"
    if done.returncode != 0:
        failed = [line for line in done.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
        failed += [line for line in done.stdout.splitlines() if line.startswith("E ") and "seed" in line][:5]
        part.failures += failed or [f"pytest exited {done.returncode}: {_last_line(done.stdout + done.stderr)}"]
    return part


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return re.sub(r"\x1b\[[0-9;]*m", "", lines[-1]) if lines else ""


def campaign(seeds: int, first: int) -> Part:
    from test_facade_faults import run_campaign

    part = Part(f"fault seeds {first}..{first + seeds - 1}")
    t0 = time.monotonic()
    for seed in range(first, first + seeds):
        r = run_campaign(seed)
        part.calls += r.calls.made
        part.ended.update(r.calls.ended)
        part.max_latency = max(part.max_latency, r.calls.max_latency)
        part.orders += r.orders
        part.refused += r.refused
        part.fills += r.fills
        part.faults += len(r.faults)
        part.failures += [f"seed {seed}: {f}" for f in r.failures]
        print(f"  seed {seed}: {len(r.faults)} faults {r.faults}, {r.calls.made} calls, {r.orders} orders, "
              f"{r.fills} fills, {'ok' if not r.failures else f'{len(r.failures)} FAILURES'}", flush=True)
    part.seconds = time.monotonic() - t0
    return part


def concurrency(threads: int, minutes: float) -> Part:
    from test_facade_concurrency import run_concurrency

    part = Part(f"{threads} threads x {minutes:g} min")
    t0 = time.monotonic()
    r = run_concurrency(threads, minutes * 60)
    part.seconds = time.monotonic() - t0
    part.calls, part.ended, part.max_latency = r.log.made, r.log.ended, r.log.max_latency
    part.failures += r.log.failures
    return part


def table(parts: list[Part]) -> str:
    head = ("part", "time s", "calls", "ended by kind", "max latency s", "orders (refused)", "fills", "faults",
            "failures")
    rows = [head] + [(p.name, f"{p.seconds:.0f}", f"{p.calls:,}",
                      ", ".join(f"{k} {v:,}" for k, v in sorted(p.ended.items())) or "-",
                      f"{p.max_latency:.2f}", f"{p.orders:,} ({p.refused:,})", f"{p.fills:,}", f"{p.faults:,}",
                      f"{len(p.failures):,}") for p in parts]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--frames", type=int, default=1_000_000, help="fuzzed inbound frames in all (0: skip)")
    ap.add_argument("--seeds", type=int, default=50, help="facade fault schedules, one per seed (0: skip)")
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=16, help="threads of concurrent facade calls")
    ap.add_argument("--minutes", type=float, default=5.0, help="how long they call (0: skip)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(TESTS))
    sys.path.insert(0, str(ROOT))
    parts: list[Part] = []
    print(f"fuzz: {args.frames:,} frames", flush=True)
    parts.append(fuzz(args.frames))
    if args.seeds > 0:
        print(f"campaign: {args.seeds} seeds", flush=True)
        parts.append(campaign(args.seeds, args.first_seed))
    if args.minutes > 0:
        print(f"concurrency: {args.threads} threads for {args.minutes:g} min", flush=True)
        parts.append(concurrency(args.threads, args.minutes))
    print()
    print(table(parts))
    for p in parts:
        if p.note:
            print(f"{p.name}: {p.note}")
    failures = [(p.name, f) for p in parts for f in p.failures]
    if failures:
        print(f"\n{len(failures)} failures:")
        for name, f in failures:
            print(f"  [{name}] {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
