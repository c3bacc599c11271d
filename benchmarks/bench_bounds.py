"""What CPython itself must spend per item, against the budget the decode targets allow (issue 15).

For each workload of ``bench_decode`` (the same pre-encoded streams, in process, CPU time):

- **floor**: the decode benchmark's ``floor`` client's own loop past the socket (a bytearray buffer,
  each frame copied out and split into fields; a protobuf frame parsed), which the targets are
  ratios of: **budget** = floor / 0.5 (contract details: / 0.4), the time per item a target allows;
- **lean**: the same work in the leanest loop (no buffer copies): what any decoder must spend at least;
- **objects**: the C-level operations no decoder can skip, each timed alone on the workload's own
  field bytes with the empty loop subtracted: parsing each number (``int``, ``float``, ``Decimal``),
  building the objects the callbacks receive (the models, their ``TickAttrib``, the argument
  tuples) and calling an empty callback;
- **bound** = lean + objects: no Python decoder of this API beats it, compiled or not, since every
  operation counted is a single C call that compiled code makes too;
- **ours**: ibwire's core as loaded (compiled or ``IBWIRE_PURE=1``), ``Core.feed`` + ``deliver``.

``python benchmarks/bench_bounds.py [--scale 0.2]``. When ``bound`` exceeds ``budget``, the target
cannot be met by decoding into these types in CPython.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import workloads  # noqa: E402

TARGET = {"ticks": 0.5, "ticks_pb": 0.5, "bars": 0.5, "details": 0.4, "tbt": 0.5}


def best(fn: Callable[[], Any], rounds: int = 5) -> float:
    """The least CPU seconds of ``rounds`` calls (collections counted in: they are part of the cost)."""
    out = []
    for _ in range(rounds):
        t0 = time.process_time()
        fn()
        out.append(time.process_time() - t0)
    return min(out)


def frames_of(data: bytes) -> list[bytes]:
    out = []
    pos = 0
    while pos < len(data):
        n = int.from_bytes(data[pos:pos + 4], "big")
        out.append(data[pos + 4:pos + 4 + n])
        pos += 4 + n
    return out


def lean(sv: int, data: bytes) -> float:
    """Seconds to frame ``data`` (64 KiB reads) and split each frame into fields (a protobuf frame:
    parse it), the leanest loop there is: what any decoder must do at least."""
    reads = [data[i:i + 65536] for i in range(0, len(data), 65536)]
    parse = _parsers(sv)

    def run() -> None:
        rest = b""
        for r in reads:
            buf = rest + r if rest else r
            pos = 0
            n = len(buf)
            while n - pos >= 4:
                size = int.from_bytes(buf[pos:pos + 4], "big")
                if pos + 4 + size > n:
                    break
                if parse:
                    parse[int.from_bytes(buf[pos + 4:pos + 8], "big")](buf[pos + 8:pos + 4 + size])
                else:
                    buf[pos + 4:pos + 4 + size].split(b"\0")
                pos += 4 + size
            rest = buf[pos:]

    return best(run)


def _parsers(sv: int) -> dict[int, Any]:
    if sv < 201:
        return {}
    from ibwire.protocol.proto import TickPrice_pb2, TickSize_pb2

    return {201: TickPrice_pb2.TickPrice.FromString, 202: TickSize_pb2.TickSize.FromString}


def floor(sv: int, data: bytes) -> float:
    """Seconds the decode benchmark's ``floor`` client spends on ``data`` past the socket: its loop
    exactly (a bytearray buffer fed 64 KiB reads, each frame copied out and split into fields, a
    protobuf frame parsed instead), so that the budget is the targets' own."""
    reads = [data[i:i + 65536] for i in range(0, len(data), 65536)]
    parse = _parsers(sv)

    def run() -> None:
        buf = bytearray()
        for r in reads:
            buf += r
            pos = 0
            while len(buf) - pos >= 4:
                n = int.from_bytes(buf[pos:pos + 4], "big")
                if len(buf) - pos - 4 < n:
                    break
                body = bytes(buf[pos + 4:pos + 4 + n])
                pos += 4 + n
                if parse and (fn := parse.get(int.from_bytes(body[:4], "big"))) is not None:
                    fn(body[4:])
                else:
                    body.split(b"\0")
            del buf[:pos]

    return best(run)


def per_op(xs: list[Any], op: Callable[[Any], Any]) -> float:
    """Seconds per element of ``op`` over ``xs``, the loop's own cost subtracted."""
    def with_op() -> None:
        for x in xs:
            op(x)

    def empty() -> None:
        for x in xs:
            pass

    # a call of ``op`` costs a frame: measure the call of an identity alike and subtract it too
    def ident(x: Any) -> Any:
        return x

    def with_ident() -> None:
        for x in xs:
            ident(x)

    call = best(with_ident) - best(empty)
    return max(0.0, best(with_op) - best(empty) - call) / len(xs)


def ours(name: str, sv: int, data: bytes) -> float:
    from ibwire.protocol._core import inbound
    from ibwire.protocol.messages import Decoder

    dec = Decoder(sv)

    def cb(*a: Any) -> None:
        pass

    def slow(body: bytes, whole: bool) -> Any:
        raise AssertionError(body[:40])

    core = inbound.Core(sv, dec.text, dec.proto, lambda n: cb, slow, lambda ev: inbound.deliver(ev, None, None))  # type: ignore[arg-type]
    reads = [data[i:i + 65536] for i in range(0, len(data), 65536)]

    def run() -> None:
        for r in reads:
            out: list[Any] = []
            core.feed(r, out)
            inbound.deliver(out, None, None)  # type: ignore[arg-type]

    return best(run, 3)


def objects(name: str, sv: int, data: bytes) -> tuple[float, list[tuple[str, float]]]:
    """(seconds per item, [(operation, seconds per item)]) of the operations no decoder skips."""
    from ibwire.model import BarData, Contract, ContractDetails, TickAttrib, TickAttribLast

    fr = frames_of(data)
    parts: list[tuple[str, float]] = []

    def cb(*a: Any) -> None:
        pass

    def add(label: str, xs: list[Any], op: Callable[[Any], Any], times: float = 1.0) -> None:
        parts.append((label, per_op(xs, op) * times))

    if name == "ticks":
        fs = [f.split(b"\0") for f in fr]
        prices = [f for f in fs if f[0] == b"1"]
        sizes = [f for f in fs if f[0] == b"2"]
        share = len(prices) / len(fs)
        ints = [f[2] for f in fs]
        add("int x3 (version, reqId, tickType)", ints, int, 3)
        add("int (price's mask)", [f[6] for f in prices], int, share)
        add("float (price)", [f[4] for f in prices], float, share)
        cache: dict[bytes, Decimal] = {f[5]: Decimal(f[5].decode()) for f in prices}
        cache.update({f[4]: Decimal(f[4].decode()) for f in sizes})
        add("size Decimal (cached, dict.get)", [f[5] for f in prices] + [f[4] for f in sizes], cache.get,
            1 + share)
        add("TickAttrib", prices, lambda f: TickAttrib(False, False, False), share)
        add("argument tuples", fs, lambda f: (1, 2, 1.5, f), 1 + share)
        add("empty callback calls", fs, lambda f: cb(1, 2, f), 1 + share)
    elif name == "ticks_pb":
        from ibwire.protocol.proto import TickPrice_pb2, TickSize_pb2

        share = 0.5
        price_cls, size_cls = TickPrice_pb2.TickPrice, TickSize_pb2.TickSize
        price_msgs = [f[4:] for f in fr if int.from_bytes(f[:4], "big") - 200 == 1]
        size_msgs = [f[4:] for f in fr if int.from_bytes(f[:4], "big") - 200 == 2]

        # the floor parses every message already: what is left is reading the fields out
        prices_m = [price_cls.FromString(b) for b in price_msgs]
        sizes_m = [size_cls.FromString(b) for b in size_msgs]
        add("TickPrice: 5 field reads", prices_m, lambda m: (m.reqId, m.tickType, m.price, m.size, m.attrMask),
            share)
        add("TickSize: 3 field reads", sizes_m, lambda m: (m.reqId, m.tickType, m.size), 1 - share)
        cache = {m.size: Decimal(m.size) for m in prices_m + sizes_m}
        add("size Decimal (cached, dict.get)", [m.size for m in prices_m + sizes_m], cache.get)
        add("TickAttrib", price_msgs, lambda f: TickAttrib(False, False, False), share)
        # the *ProtoBuf callback with the message comes first, for each message
        add("argument tuples", price_msgs + size_msgs, lambda f: (1, 2, 1.5, f), 2 + share)
        add("empty callback calls", price_msgs + size_msgs, lambda f: cb(1, 2, f), 2 + share)
    elif name == "bars":
        f = fr[0].split(b"\0")
        n = int(f[4])
        rows = [f[5 + 8 * i:13 + 8 * i] for i in range(n)]
        add("float x4 (open, high, low, close)", [b for r in rows for b in r[1:5]], float, 4)
        add("Decimal (volume)", [r[5] for r in rows], lambda b: Decimal(b.decode()))
        wap = {r[6]: Decimal(r[6].decode()) for r in rows}
        add("Decimal (WAP, cached: dict.get)", [r[6] for r in rows], wap.get)
        add("int (count)", [r[7] for r in rows], int)
        add("str (date)", [r[0] for r in rows], bytes.decode)

        def bar(r: Any) -> Any:
            b = BarData.__new__(BarData)
            b.date = b.open = b.high = b.low = b.close = b.volume = b.wap = b.barCount = r
            return b

        add("BarData (8 attributes)", rows, bar)
        add("argument tuple", rows, lambda r: (1, r))
        add("empty callback call", rows, lambda r: cb(1, r))
    elif name == "details":
        fs = [x.split(b"\0") for x in fr[:-1]]
        c_names = [k for k in vars(Contract()) if not k.startswith("_")]
        d_names = [k for k in vars(ContractDetails()) if not k.startswith("_") and k != "contract"]

        def detail(f: Any) -> Any:
            # the cheapest fill there is: one C call stores every attribute (a decoder needs at least that)
            c = Contract.__new__(Contract)
            c.__dict__.update(zip(c_names, f))
            d = ContractDetails.__new__(ContractDetails)
            d.__dict__.update(zip(d_names, f))
            d.contract = c
            return d

        add(f"Contract ({len(c_names)}) + ContractDetails ({len(d_names)}) attributes", fs, detail)
        add("str x13 (the text fields)", [b for x in fs for b in x[1:14]], bytes.decode, 13)
        add("int x6 (conId...)", [x[12] for x in fs], int, 6)
        add("float x2 (minTick...)", [x[13] for x in fs], float, 2)
        add("empty callback call", fs, lambda x: cb(1, x))
    elif name == "tbt":
        fs = [x.split(b"\0") for x in fr]
        add("int x4 (reqId, kind, time, mask)", [x[1] for x in fs], int, 4)
        add("float (price)", [x[4] for x in fs], float)
        cache = {x[5]: Decimal(x[5].decode()) for x in fs}
        add("size Decimal (cached)", [x[5] for x in fs], cache.get)
        add("str x2 (exchange, conditions)", [x[7] for x in fs], bytes.decode, 2)
        add("TickAttribLast", fs, lambda x: TickAttribLast(False, False))
        add("argument tuple", fs, lambda x: (1, 2, 3, 1.5, x, x, "", ""))
        add("empty callback call", fs, lambda x: cb(1, 2, 3, 1.5, x, x, "", ""))
    return sum(p for _, p in parts), parts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=0.2)
    ap.add_argument("--only", default=",".join(TARGET))
    a = ap.parse_args()
    from ibwire.protocol import _core

    build = "compiled" if _core.COMPILED else "pure"
    print(f"per item, microseconds of CPU; ibwire core: {build}; Python {sys.version.split()[0]}")
    print(f"{'workload':10} {'floor':>7} {'budget':>7} {'lean':>7} {'objects':>8} {'bound':>7} {'ours':>7}"
          "  bound/budget")
    details = []
    for name in a.only.split(","):
        sv, data, frames, _ = workloads.build(name, a.scale)
        items = workloads.items(name, a.scale)
        gc.collect()
        fl = floor(sv, data) / items
        le = lean(sv, data) / items
        obj, parts = objects(name, sv, data)
        us = ours(name, sv, data) / items
        budget = fl / TARGET[name]
        bound = le + obj
        print(f"{name:10} {fl * 1e6:7.2f} {budget * 1e6:7.2f} {le * 1e6:7.2f} {obj * 1e6:8.2f} {bound * 1e6:7.2f}"
              f" {us * 1e6:7.2f}  {bound / budget:5.2f}{'  (out of reach)' if bound > budget else ''}")
        details.append((name, parts))
    for name, parts in details:
        print(f"\n{name}:")
        for label, p in parts:
            print(f"  {p * 1e6:6.3f}  {label}")


if __name__ == "__main__":
    main()
