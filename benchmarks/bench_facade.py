"""Facade latency: ibwire's IB and ib_async's IB against the same simulator.

    python benchmarks/bench_facade.py [--rounds 30] [--steps 150] [--runs 3]
    python benchmarks/bench_facade.py --stages --rounds 5 --steps 150 --runs 3   # where a tick's time goes
    python benchmarks/bench_facade.py --micro --rounds 20 --steps 1000 --runs 3  # CPU per step, no sockets

- historical round trip: ROUNDS sequential ``reqHistoricalData`` calls (24 bars
  each, distinct end times), wall time per call;
- tick -> Ticker: the simulator (in this process, market clock stepped here,
  one step every 20 ms) stamps the moment its writer thread hands each step's
  quotes to the socket; each client stamps when its Ticker's ``updateEvent``
  handler sees that step's last price; latency = the difference (one machine,
  one system-wide monotonic clock: ``time.perf_counter``). The simulator's own
  work for a step (moving every instrument, encoding) happens before the stamp,
  so it is in neither client's number.

Clients (each in its own process with only its own package on the path, server
version 178, ib_async's highest): ``ibwire`` (blocking calls, handlers on the
dispatch thread), ``ib_async``, and ``ibwire-asyncio`` (the same IB from
``asyncio.run``: ``await reqHistoricalDataAsync``, the handler connected from
the loop runs on the loop) when the facade has ``connectAsync``. RUNS rounds of
all clients, interleaved (ibwire, ib_async, ibwire-asyncio, ibwire, ...), so a
change in the machine's load touches each alike. Reported per client: median
and p95 over every run's samples, each run's median, and the ratios
ibwire/ib_async of the medians (below 1: ibwire faster).
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
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from ibwire.sim import Simulator  # noqa: E402
from ibwire.sim.server import Session  # noqa: E402

#: perf_counter() of every batch the simulator's writer threads took to send (appended on those threads)
writes: list[float] = []
_next_batch = Session._next_batch


def _stamped_next_batch(self: Session) -> bytes | None:
    data = _next_batch(self)
    writes.append(time.perf_counter())  # sendall follows at once
    return data


Session._next_batch = _stamped_next_batch  # type: ignore[method-assign]


def ib_async_dir() -> Path:
    d = Path(os.environ.get("IBWIRE_ORACLE_DIR", ROOT / ".oracle")) / "ib_async"
    if not (d / "ib_async").exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(d), "ib_async==2.1.0"],
                       check=True)
    return d


def has_asyncio_face() -> bool:
    from ibwire import IB

    return hasattr(IB, "connectAsync") and hasattr(IB, "reqHistoricalDataAsync")


def run(impl: str, rounds: int, steps: int) -> dict[str, list[float]]:
    with Simulator(tick_interval=None, server_version=178) as sim:
        sim.history_pacing = False
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["PYTHONPATH"] = str(ib_async_dir()) if impl.startswith("ib_async") else str(ROOT)
        p = subprocess.Popen([sys.executable, str(HERE / "facade_client.py"), impl, str(sim.port), str(rounds)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        assert p.stdout is not None and p.stdin is not None
        line = p.stdout.readline()
        assert line.strip() == "READY", line
        it = sim.catalog.by_symbol("AAPL")
        sent: list[tuple[float, float]] = []  # (the step's start, its last price)
        writes.clear()
        for _ in range(steps):
            sent.append((time.perf_counter(), 0.0))
            sim.step()
            sent[-1] = (sent[-1][0], sim.market.quotes[it.con_id].last)
            time.sleep(0.02)  # the market's pace
        time.sleep(0.3)  # the last steps' updates on their way (the client reports what it saw when told)
        p.stdin.write("stop\n")
        p.stdin.flush()
        out = json.loads(p.stdout.readline())
        p.wait(30)
    updates: list[list[float]] = out["updates"]
    stamps = sorted(writes)
    order = [k for k in STAGES if k in out["stages"]]
    lat = []
    steps: dict[str, list[float]] = {k: [] for k in order}
    for t, price in sent:
        w = next((x for x in stamps if x >= t), None)  # the step's quotes leaving for the socket
        if w is None:
            continue
        u = next((x for x, last in updates if x >= w and last == price), None)
        if u is None:
            continue
        lat.append(u - w)
        chain = [w]
        for k in order:  # each stage: its first stamp after the one before
            chain.append(next((x for x in out["stages"][k] if x >= chain[-1]), u))
        chain.append(u)
        if chain == sorted(chain):
            for k, a, b in zip(order, chain, chain[1:]):
                steps[k].append(b - a)
            steps.setdefault("Ticker", []).append(u - chain[-2])
    return {"history": out["history"], "latency": lat, **{f"stage:{k}": v for k, v in steps.items()}}


#: the stamped stages of ``facade_client.py IMPL-stages``, in the order a tick passes them
STAGES = ("read", "queued", "taken", "decoded", "updated")


def summary(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    return statistics.median(xs), xs[max(0, int(len(xs) * 0.95) - 1)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--steps", type=int, default=150)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--stages", action="store_true",
                    help="instead: where a tick's time goes in each client (socket write -> ... -> Ticker)")
    ap.add_argument("--micro", action="store_true",
                    help="instead: each client's own work per market step, in a tight loop (no sockets)")
    args = ap.parse_args()
    if args.micro:
        micro_report(args.rounds, args.steps, args.runs)
        return
    if args.stages:
        stage_report(args.rounds, args.steps, args.runs)
        return
    impls = ["ibwire", "ib_async"]
    if has_asyncio_face():
        impls.append("ibwire-asyncio")
    else:
        print("ibwire-asyncio: not measured (this ibwire has no IB.connectAsync yet)")
    runs: dict[str, list[dict[str, list[float]]]] = {i: [] for i in impls}
    for _ in range(args.runs):
        for impl in impls:
            runs[impl].append(run(impl, args.rounds, args.steps))
    pooled: dict[str, dict[str, Any]] = {}
    for impl, rs in runs.items():
        pooled[impl] = {k: [x for r in rs for x in r[k]] for k in ("history", "latency")}
        pooled[impl]["run_medians"] = {k: [statistics.median(r[k]) for r in rs] for k in ("history", "latency")}
    ms = 1e3
    print(f"{args.runs} interleaved runs, --rounds {args.rounds} --steps {args.steps}")
    print(f"{'':15} {'history median':>14} {'p95':>9}   {'tick->Ticker median':>19} {'p95':>9} {'matched':>8}")
    for impl in impls:
        r = pooled[impl]
        h, lt = summary(r["history"]), summary(r["latency"])
        print(f"{impl:15} {h[0] * ms:11.2f} ms {h[1] * ms:6.2f} ms   {lt[0] * ms:16.3f} ms {lt[1] * ms:6.3f} ms "
              f"{len(r['latency']):>4}/{args.steps * args.runs}")
        print(f"{'  run medians':15} {' '.join(f'{x * ms:.2f}' for x in r['run_medians']['history']):>24}   "
              f"{' '.join(f'{x * ms:.3f}' for x in r['run_medians']['latency']):>29}")
    base = pooled["ib_async"]
    for impl in impls:
        if impl == "ib_async":
            continue
        r = pooled[impl]
        ratios = [a / b for k in ("history", "latency") for a, b in zip(r["run_medians"][k], base["run_medians"][k])]
        n = args.runs
        print(f"{impl}/ib_async (below 1: ibwire faster): history {summary(r['history'])[0] / summary(base['history'])[0]:.2f}"
              f" (runs {' '.join(f'{x:.2f}' for x in ratios[:n])}), tick->Ticker "
              f"{summary(r['latency'])[0] / summary(base['latency'])[0]:.2f} (runs {' '.join(f'{x:.2f}' for x in ratios[n:])})")


def stage_report(rounds: int, steps: int, runs: int) -> None:
    impls = ["ibwire-stages", "ib_async-stages"]
    got: dict[str, dict[str, list[float]]] = {i: {} for i in impls}
    for _ in range(runs):
        for impl in impls:
            for k, v in run(impl, rounds, steps).items():
                if k.startswith("stage:") or k == "latency":
                    got[impl].setdefault(k, []).extend(v)
    names = {"read": "socket write -> read", "queued": "-> decoded, on the queue", "taken": "-> dispatch thread has it",
             "decoded": "-> callbacks run", "updated": "-> IB updateEvent done",
             "Ticker": "-> Ticker updateEvent"}
    print(f"{runs} interleaved runs, {steps} steps: median / p95 in microseconds (stamping wrappers included)")
    for impl in impls:
        print(impl.removesuffix("-stages"))
        for k, v in got[impl].items():
            if k.startswith("stage:"):
                m, p = summary(v)
                print(f"  {names[k[6:]]:28} {m * 1e6:7.1f} {p * 1e6:8.1f}   ({len(v)})")
        m, p = summary(got[impl]["latency"])
        print(f"  {'total':28} {m * 1e6:7.1f} {p * 1e6:8.1f}")


def market_steps(n: int) -> list[bytes]:
    """The frames the simulator sends for ``n`` steps of one stock's quotes (reqId 1, server version 178):
    bid, ask and last with their sizes, volume and the last trade's time; the day's high or low when the
    last price makes one (a seeded random walk)."""
    import random
    from decimal import Decimal

    from ibwire.protocol.server import SessionEncoder

    enc = SessionEncoder(178)
    rnd = random.Random(13)
    last, high, low, volume = 100.0, 100.0, 100.0, 10_000
    out = []
    for i in range(n):
        last = round(max(1.0, last + rnd.choice((-0.02, -0.01, 0.0, 0.01, 0.02))), 2)
        size = rnd.randint(1, 9)
        volume += size
        data = enc.tick_price(1, 1, round(last - 0.01, 2), Decimal(rnd.randint(1, 30) * 100), 0)
        data += enc.tick_price(1, 2, round(last + 0.01, 2), Decimal(rnd.randint(1, 30) * 100), 0)
        data += enc.tick_price(1, 4, last, Decimal(size), 0)
        data += enc.tick_size(1, 8, Decimal(volume))
        data += enc.tick_string(1, 45, str(1_763_000_000 + i))
        if last > high:
            high = last
            data += enc.tick_price(1, 6, high, Decimal(0), 0)
        if last < low:
            low = last
            data += enc.tick_price(1, 7, low, Decimal(0), 0)
        out.append(data)
    return out


def micro_report(rounds: int, steps: int, runs: int) -> None:
    """Each client's own work per step (``facade_client.py IMPL-micro``), interleaved runs."""
    payload = json.dumps([d.hex() for d in market_steps(steps)]) + "\n"
    impls = ["ibwire", "ib_async"]
    got: dict[str, list[list[float]]] = {i: [] for i in impls}
    for _ in range(runs):
        for impl in impls:
            env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
            env["PYTHONPATH"] = str(ib_async_dir()) if impl == "ib_async" else str(ROOT)
            out = subprocess.run([sys.executable, str(HERE / "facade_client.py"), f"{impl}-micro", "0", str(rounds)],
                                 input=payload, capture_output=True, text=True, env=env, check=True).stdout
            got[impl].append(json.loads(out))
    print(f"{runs} interleaved runs of {rounds} rounds x {steps} steps: CPU microseconds per step "
          "(split, decode, Ticker, updateEvent), median of the rounds (best round)")
    med = {}
    for impl in impls:
        per_run = [statistics.median(r) for r in got[impl]]
        med[impl] = statistics.median([x for r in got[impl] for x in r])
        print(f"  {impl:9} {med[impl]:6.2f}  (best {min(min(r) for r in got[impl]):.2f}; "
              f"runs {' '.join(f'{x:.2f}' for x in per_run)})")
    print(f"  ibwire/ib_async {med['ibwire'] / med['ib_async']:.2f}")


if __name__ == "__main__":
    main()
