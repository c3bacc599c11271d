"""``python -m tests.parity [SCENARIO...] [--show] [--server-version N] [--json FILE]`` from the repository root.

Prints ``scenario | same/differ | first differences``; ``--show`` prints every difference and both runs' failures;
``--json`` writes both observation trees of every scenario (for a closer look).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the oracle package

from tests.parity import SCENARIOS, compare, oracle_available, report  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.parity", description=__doc__)
    ap.add_argument("scenarios", nargs="*", metavar="SCENARIO", help=f"default: all of {', '.join(SCENARIOS)}")
    ap.add_argument("--show", action="store_true", help="every difference, and each side's failure")
    ap.add_argument("--server-version", type=int, default=None,
                    help="the simulators' highest version (default: the simulator's; ib_async asks for 178)")
    ap.add_argument("--self", choices=("ib_async", "ibwire"), default=None, dest="self_side",
                    help="run each scenario twice with this one library: shows what is left to chance")
    ap.add_argument("--json", type=Path, default=None, help="write both observation trees here")
    args = ap.parse_args(argv)
    unknown = [s for s in args.scenarios if s not in SCENARIOS]
    if unknown:
        ap.error(f"unknown scenario(s) {unknown}; known: {', '.join(SCENARIOS)}")
    if oracle_available() is None:
        print("ib_async 2.1 is not installed apart (IBWIRE_ORACLE_DIR/ib_async)", file=sys.stderr)
        return 2
    names = args.scenarios or list(SCENARIOS)
    width = max(len(n) for n in names)
    dump = {}
    differing = 0
    for name in names:
        t0 = time.monotonic()
        c = compare(name, args.server_version,
                    (args.self_side, args.self_side) if args.self_side else ("ib_async", "ibwire"))
        took = time.monotonic() - t0
        dump[name] = {"ib_async": c.ib_async, "ibwire": c.ibwire, "differences": c.differences, "extra": c.extra}
        differing += not c.same
        first = "; ".join(c.differences[:2]) if c.differences else ""
        print(f"{name:<{width}} | {'same' if c.same else 'differ':<6} | {len(c.differences):>4} | {took:4.1f}s | "
              f"{first[:160]}", flush=True)
        if args.show and not c.same:
            print(report(c, limit=10_000), flush=True)
    print(f"{len(names) - differing} of {len(names)} scenarios the same")
    if args.json is not None:
        args.json.write_text(json.dumps(dump, indent=1, sort_keys=True))
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
