"""The recorder's throughput: tick-by-tick trades and quotes from a fast source into a Parquet dataset.

    python benchmarks/bench_cli_record.py [--ticks 1000000] [--symbols 2] [--version 176] [--repeat 1]

A server process (the simulator, with its tick-by-tick handler replaced by a blast of pre-encoded
messages: ``--ticks`` per subscription spread over the symbols, alternating AllLast trades and BidAsk
quotes, every price and size different) answers the recorder's subscriptions; the recorder
(``ibwire.cli.record.Recorder`` with its ``Sink``, exactly what ``ibwire record --ticks`` runs) writes
them to a Parquet dataset in a temporary directory. The clock runs from the moment the subscriptions
are sent until the last chunk is committed (fsynced and renamed); the rows are then read back with
pyarrow and must number exactly what was sent. Prints ticks/s (wall clock) and ticks per CPU second of
the recorder's process (what the machine's other load does not change); the recorder must keep up with
100k/s. Prints the best and the median of the runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

TARGET = 100_000  # ticks/s the recorder must sustain


def serve(n: int, version: int, symbols: int) -> None:
    """The server: a simulator whose tick-by-tick requests are answered by ``n`` messages at once."""
    import random

    from ibwire.sim import Simulator

    from ibwire.protocol.server import SessionEncoder

    sim = Simulator(tick_interval=None, server_version=version, max_queue_bytes=1 << 31)
    # encoded before the clock runs: the recorder subscribes (AllLast, BidAsk) per symbol with ids 1, 2, 3...
    enc = SessionEncoder(version, None)
    encoded = {(req_id, kind): _encode(enc, req_id, kind, n, random.Random(req_id))
               for req_id, kind in zip(range(1, 2 * symbols + 1), ["AllLast", "BidAsk"] * symbols)}

    def blast(s: Any, req: Any) -> bool:
        m = req.message
        for block in encoded[(int(m.reqId), str(m.tickType))]:
            s.send(block)
        return True

    sim.hooks["reqTickByTickData"] = blast
    sim.start()
    print(f"port {sim.port}", flush=True)
    sys.stdin.read()  # until the benchmark closes our stdin
    sim.stop()


def _encode(enc: Any, req_id: int, kind: str, n: int, rng: Any) -> list[bytes]:
    blocks, out = [], []
    t = 1_795_000_000
    for i in range(n):
        price = round(100 + rng.random() * 10, 2)
        if kind == "BidAsk":
            bid_size, ask_size = Decimal(rng.randrange(1, 50) * 100), Decimal(rng.randrange(1, 50) * 100)
            out.append(enc.tick_by_tick_bid_ask(req_id, t + i // 1000, price, round(price + 0.01, 2), bid_size,
                                                ask_size, False, i % 97 == 0))
        else:
            out.append(enc.tick_by_tick_last(req_id, 2, t + i // 1000, price, Decimal(rng.randrange(1, 50) * 100),
                                             i % 89 == 0, False, "ISLAND", ""))
        if len(out) == 10_000:
            blocks.append(b"".join(out))
            out = []
    if out:
        blocks.append(b"".join(out))
    return blocks


def measure(port: int, per_sub: int, symbols: list[str], out: Path) -> tuple[float, float, int]:
    from ibwire.cli.record import Recorder, Sink
    from ibwire.model import Contract

    contracts = []
    for i, sym in enumerate(symbols):
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency, c.conId = sym, "STK", "SMART", "USD", 1000 + i
        contracts.append(c)
    sink = Sink(out, "ticks")
    rec = Recorder(contracts, "ticks", sink, port=port, client_id=5, tick_types=("AllLast", "BidAsk"),
                   flush_rows=250_000, flush_seconds=5.0)
    expected = per_sub * 2 * len(symbols)
    t0, c0 = time.perf_counter(), _cpu()
    rec.record(until=lambda: rec.received >= expected)  # connects, subscribes; ends with the last commit
    took, cpu = time.perf_counter() - t0, _cpu() - c0
    return took, cpu, sink.rows


def _cpu() -> float:
    """CPU seconds (user + system) of this process: the recorder's threads."""
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ticks", type=int, default=1_000_000, help="ticks in all (half trades, half quotes)")
    ap.add_argument("--symbols", type=int, default=2)
    ap.add_argument("--version", type=int, default=176, help="server version (176: text; 201+: protobuf)")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.serve, args.version, args.symbols)
        return
    import pyarrow.parquet as pq

    symbols = [f"SYM{i}" for i in range(args.symbols)]
    per_sub = args.ticks // (2 * len(symbols))
    total = per_sub * 2 * len(symbols)
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(per_sub), "--version", str(args.version),
                               "--symbols", str(args.symbols)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    port = int(server.stdout.readline().split()[1])
    best = 0.0
    rates: list[float] = []
    try:
        for run in range(args.repeat):
            with tempfile.TemporaryDirectory() as d:
                took, cpu, rows = measure(port, per_sub, symbols, Path(d) / "ticks")
                read = pq.read_table(Path(d) / "ticks").num_rows
                if rows != total or read != total:
                    raise SystemExit(f"run {run + 1}: {rows} rows committed, {read} read back, {total} sent")
                rate = total / took
                best = max(best, rate)
                rates.append(rate)
                print(f"run {run + 1}: {total:,} ticks ({len(symbols)} symbols, server {args.version}) to Parquet "
                      f"in {took:.2f} s: {rate:,.0f} ticks/s; the recorder used {cpu:.2f} CPU s "
                      f"({total / cpu:,.0f} ticks per CPU second); load average {os.getloadavg()[0]:.1f}")
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(10)
    verdict = "keeps up" if best >= TARGET else "DOES NOT keep up"
    median = sorted(rates)[len(rates) // 2] if rates else 0.0
    print(f"best: {best:,.0f} ticks/s, median {median:,.0f}; the recorder {verdict} with {TARGET:,} ticks/s")
    if best < TARGET:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
