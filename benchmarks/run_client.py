"""One benchmark client run: connect to the blast server, count callbacks until all arrived.

    python run_client.py IMPL WORKLOAD PORT [--scale S] [--profile empty|io] [--io-dir DIR] [--timeout SEC]

IMPL: floor | ibwire | compat | official | ib_async. ``ibwire`` is a native program
(``ibwire.EClient`` + an ``ibwire.EWrapper`` subclass); ``compat`` and ``official`` are the same
program written for ibapi (``from ibapi.client import EClient``), run on compat or on the official
package; ``ib_async`` uses ib_async's low-level ``Client``. The caller sets PYTHONPATH (and
IBWIRE_PURE) so that the packages under test resolve; the JSON line printed at the end says which
files were imported and which core was loaded, so the caller can check.

Profiles: ``empty`` callbacks count, nothing else. ``io`` callbacks also write a 32-byte line with
``os.write`` to a file of their own in ``--io-dir`` (unbuffered: one system call per callback, which
releases the GIL; the page cache takes it, so it never blocks on a reader or a disk). ib_async's
``priceSizeTick`` stands for ibapi's tickPrice + tickSize and writes twice.

An error callback ends the run at once (it has failed). Prints one JSON line: seconds (connect -> last expected callback), cpu_seconds (this process, same
span), counts, expected, errors, rss_mb (peak RSS, ru_maxrss), module, core. Exit status 0 only if
the counts are exactly the expected ones and no error callback came.
"""

from __future__ import annotations

import json
import os
import resource
import socket
import struct
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from workloads import core_state, expected  # noqa: E402  (imports nothing of ibwire)


def opt(name: str, default: str) -> str:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


impl, workload, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
scale = float(opt("--scale", "1.0"))
profile = opt("--profile", "empty")
timeout = float(opt("--timeout", "240"))
SV, FRAMES, EXPECT = expected(workload, scale)

done = threading.Event()
errors: list[str] = []
marks: dict[str, float] = {}
io_path = None
IO_FD = -1
if profile == "io":
    io_path = os.path.join(opt("--io-dir", "/tmp"), f"callbacks-{os.getpid()}.log")
    IO_FD = os.open(io_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
LINE = b"1001,2,101.25,300,20261124 12:0\n"
assert len(LINE) == 32


def report(counts: dict[str, int], module: str, core: str) -> None:
    t0, c0 = marks["t0"], marks["c0"]
    end, cend = marks.get("end", time.perf_counter()), marks.get("cpu_end", time.process_time())
    ok = counts == EXPECT and not errors
    print(json.dumps({"impl": impl, "workload": workload, "profile": profile, "seconds": end - t0,
                      "cpu_seconds": cend - c0,
                      "connect_seconds": marks.get("connected", t0) - t0, "counts": counts, "expected": EXPECT, "errors": errors[:5],
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "module": module,
                      "core": core, "ok": ok}))
    if io_path:
        os.close(IO_FD)
        os.unlink(io_path)
    sys.stdout.flush()
    os._exit(0 if ok else 2)


# --- the counting wrapper, generated so that every client runs the very same callback code -------

PARAMS = {
    "tickPrice": "reqId, tickType, price, attrib",
    "tickSize": "reqId, tickType, size",
    "historicalData": "reqId, bar",
    "historicalDataEnd": "reqId, start, end",
    "contractDetails": "reqId, contractDetails",
    "contractDetailsEnd": "reqId",
    "tickByTickAllLast": "reqId, tickType, time, price, size, tickAttribLast, exchange, specialConditions",
}
WRITE = "    _write(_FD, _LINE)\n" if profile == "io" else ""
TEMPLATE = ("def {name}(self, {params}):\n" + WRITE +
            "    self.n_{name} += 1\n"
            "    if self.n_{name} == self.w_{name}:\n"
            "        self._reached()\n")
#: ib_async's price tick carries its size: it counts (and writes) as ibapi's tickPrice + tickSize
PRICE_SIZE = ("def priceSizeTick(self, reqId, tickType, price, size):\n" + WRITE + WRITE +
              "    self.n_tickPrice += 1\n"
              "    self.n_tickSize += 1\n"
              "    if self.n_tickPrice == self.w_tickPrice or self.n_tickSize == self.w_tickSize:\n"
              "        self._reached()\n")


def counting_methods(names: list[str], ib_async: bool = False) -> dict[str, Any]:
    ns: dict[str, Any] = {"_write": os.write, "_FD": IO_FD, "_LINE": LINE}
    src = "".join(TEMPLATE.format(name=n, params=PARAMS[n]) for n in names)
    if ib_async and "tickPrice" in names:
        src += PRICE_SIZE
    exec(src, ns)  # noqa: S102 -- our own template
    methods = {n: ns[n] for n in names}
    if "priceSizeTick" in ns:
        methods["priceSizeTick"] = ns["priceSizeTick"]
    for n in names:
        methods[f"n_{n}"] = 0
        methods[f"w_{n}"] = EXPECT[n]

    def _reached(self: Any) -> None:
        if all(getattr(self, f"n_{n}") == EXPECT[n] for n in names):
            marks["end"], marks["cpu_end"] = time.perf_counter(), time.process_time()
            self._finished()

    def counts(self: Any) -> dict[str, int]:
        return {n: getattr(self, f"n_{n}") for n in names}

    methods["_reached"] = _reached
    methods["counts"] = counts
    methods["_finished"] = lambda self: done.set()
    return methods


# --- clients ---------------------------------------------------------------------------------

def run_floor() -> None:
    """The plainest correct reader: recv, split frames by length, split fields (protobuf: parse)."""
    parse: dict[int, Any] = {}
    if SV >= 201:
        from ibwire.protocol.proto import TickPrice_pb2, TickSize_pb2

        parse = {201: TickPrice_pb2.TickPrice.FromString, 202: TickSize_pb2.TickSize.FromString}
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(timeout)
    marks["t0"], marks["c0"] = time.perf_counter(), time.process_time()
    s.sendall(b"API\0" + struct.pack(">I", 9) + b"v100..226")
    buf = bytearray()
    frames = 0
    hello = False
    try:
        while frames < FRAMES + 2:
            data = s.recv(1 << 16)
            if not data:
                break
            buf += data
            pos = 0
            while len(buf) - pos >= 4:
                n = int.from_bytes(buf[pos:pos + 4], "big")
                if len(buf) - pos - 4 < n:
                    break
                body = bytes(buf[pos + 4:pos + 4 + n])
                pos += 4 + n
                if not hello:
                    hello = True
                    s.sendall(struct.pack(">I", 8) + b"71\x002\x000\x00\x00")
                    continue
                if parse and (fn := parse.get(int.from_bytes(body[:4], "big"))) is not None:
                    fn(body[4:])
                else:
                    body.split(b"\0")
                frames += 1
            del buf[:pos]
    except OSError as e:
        errors.append(f"floor: {e!r}")
    marks["end"], marks["cpu_end"] = time.perf_counter(), time.process_time()
    s.close()
    global EXPECT
    EXPECT = {"frames": FRAMES}
    report({"frames": max(0, frames - 2)}, "", "")


def run_threaded(client_cls: Any, wrapper_base: Any, module: str, core: str) -> None:
    names = list(EXPECT)

    def error(self: Any, reqId: Any, errorTime: Any, errorCode: Any, errorString: Any,
              advancedOrderRejectJson: str = "") -> None:
        errors.append(f"{reqId} {errorCode} {errorString}"[:300])
        done.set()  # the run has failed: stop now rather than at the timeout

    W = type("W", (wrapper_base,), {**counting_methods(names), "error": error})
    w = W()
    c = client_cls(w)

    def stop() -> None:
        if not done.wait(timeout):
            errors.append(f"timed out after {timeout} s")
        c.disconnect()

    marks["t0"], marks["c0"] = time.perf_counter(), time.process_time()
    c.connect("127.0.0.1", port, 1)
    marks["connected"] = time.perf_counter()
    threading.Thread(target=stop, daemon=True).start()
    c.run()
    report(w.counts(), module, core)


def run_ib_async() -> None:
    import asyncio

    import ib_async
    from ib_async.client import Client

    names = list(EXPECT)
    methods = counting_methods(names, ib_async=True)

    class Base:
        def error(self, reqId: Any, errorCode: Any, errorString: Any, *rest: Any) -> None:
            errors.append(f"{reqId} {errorCode} {errorString}"[:300])
            self._finished()  # the run has failed: stop now rather than at the timeout

        def __getattr__(self, name: str) -> Any:
            if name in ("tcpDataArrived", "tcpDataProcessed") or name.startswith("__"):
                raise AttributeError(name)  # optional hooks of Client's: this consumer has none
            return lambda *a, **k: None  # every other callback is ignored

    W = type("W", (Base,), methods)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        W._finished = lambda self: fut.done() or fut.set_result(None)  # callbacks run on the loop
        w = W()
        c = Client(w)
        marks["t0"], marks["c0"] = time.perf_counter(), time.process_time()
        await c.connectAsync("127.0.0.1", port, 1, timeout=min(timeout, 60))
        marks["connected"] = time.perf_counter()
        try:
            await asyncio.wait_for(fut, timeout)
        except asyncio.TimeoutError:
            errors.append(f"timed out after {timeout} s")
        c.disconnect()
        report(w.counts(), ib_async.__file__, "")

    asyncio.run(main())


if impl == "floor":
    run_floor()
elif impl == "ibwire":
    import ibwire
    from ibwire import EClient, EWrapper

    run_threaded(EClient, EWrapper, ibwire.__file__, core_state())
elif impl in ("compat", "official"):
    import ibapi
    from ibapi.client import EClient
    from ibapi.wrapper import EWrapper

    run_threaded(EClient, EWrapper, ibapi.__file__, core_state() if impl == "compat" else "")
elif impl == "ib_async":
    run_ib_async()
else:
    raise SystemExit(f"unknown client {impl}")
