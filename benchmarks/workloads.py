"""Pre-encoded server workloads for the decode benchmarks (built with ibwire's server codec).

``build(name, scale)`` gives ``(server_version, body_bytes, frames, expected)``: the bytes the
server blasts after the API start, the number of frames, and the exact callback counts a correct
client must report. ``expected(name, scale)`` gives the same ``(server_version, frames, expected)``
without encoding anything and without importing ibwire, so that a client process that must not see
ibwire (the official package, ib_async) can know what to wait for.

Workloads:
  ticks      500k tickPrice/tickSize frames, server 176 (text)
  ticks_pb   the same ticks as protobuf, server 222
  bars       200k bars in one historicalData message, server 176
  details    20k contractDetails messages and their end, server 176
  tbt        500k tick-by-tick AllLast frames, server 176
"""

from __future__ import annotations

import random
from typing import Any

WORKLOADS = ("ticks", "ticks_pb", "bars", "details", "tbt")

#: name -> (items at scale 1, what an item is, server version)
SIZES = {"ticks": (500_000, "ticks", 176), "ticks_pb": (500_000, "ticks", 222), "bars": (200_000, "bars", 176),
         "details": (20_000, "contract details", 176), "tbt": (500_000, "tick-by-tick AllLast", 176)}


def core_state() -> str:
    """Which decoding core ``import ibwire`` loads: "compiled", "pure", or "pre-15" (a tree before issue 15).

    ``ibwire.protocol._core.COMPILED`` says it; a core without that flag counts as compiled when one of
    its modules was loaded from an extension module."""
    import importlib
    import pkgutil

    try:
        core = importlib.import_module("ibwire.protocol._core")
    except ModuleNotFoundError as e:
        if e.name == "ibwire.protocol._core":
            return "pre-15"
        raise
    flag = getattr(core, "COMPILED", None)
    if flag is None:
        mods = [importlib.import_module(f"{core.__name__}.{m.name}") for m in pkgutil.iter_modules(core.__path__)]
        flag = any(str(getattr(m, "__file__", "")).endswith((".so", ".pyd")) for m in mods)
    return "compiled" if flag else "pure"


def items(name: str, scale: float = 1.0) -> int:
    return int(SIZES[name][0] * scale)


def expected(name: str, scale: float = 1.0) -> tuple[int, int, dict[str, int]]:
    """(server version, frames after the greeting, exact callback counts) of workload ``name``."""
    n = items(name, scale)
    sv = SIZES[name][2]
    if name in ("ticks", "ticks_pb"):
        # even frames are prices (each carries its size tick), odd ones sizes
        return sv, n, {"tickPrice": (n + 1) // 2, "tickSize": n}
    if name == "bars":
        return sv, 1, {"historicalData": n, "historicalDataEnd": 1}
    if name == "details":
        return sv, n + 1, {"contractDetails": n, "contractDetailsEnd": 1}
    if name == "tbt":
        return sv, n, {"tickByTickAllLast": n}
    raise ValueError(name)


def build(name: str, scale: float = 1.0) -> tuple[int, bytes, int, dict[str, int]]:
    from ibwire.protocol.ids import IN
    from ibwire.protocol.proto import TickPrice_pb2, TickSize_pb2
    from ibwire.protocol.server import proto_message, text_message

    rng = random.Random(7)
    sv, frames, want = expected(name, scale)
    n = items(name, scale)
    out: list[bytes] = []
    if name in ("ticks", "ticks_pb"):
        prices = sizes = 0
        for i in range(n):
            req = 1000 + i % 50
            if i % 2 == 0:
                kind = (1, 2, 4)[i % 3]
                price = round(100 + rng.random() * 10, 2)
                size = rng.randrange(1, 5000)
                if sv >= 201:
                    out.append(proto_message(IN.TICK_PRICE, TickPrice_pb2.TickPrice(
                        reqId=req, tickType=kind, price=price, size=str(size), attrMask=0)))
                else:
                    out.append(text_message(sv, IN.TICK_PRICE, 6, req, kind, price, size, 0))
                prices += 1
                sizes += 1  # a bid/ask/last price carries its size tick
            else:
                kind = (0, 3, 5, 8)[i % 4]
                size = rng.randrange(1, 100000)
                if sv >= 201:
                    out.append(proto_message(IN.TICK_SIZE, TickSize_pb2.TickSize(reqId=req, tickType=kind, size=str(size))))
                else:
                    out.append(text_message(sv, IN.TICK_SIZE, 6, req, kind, size))
                sizes += 1
        got = {"tickPrice": prices, "tickSize": sizes}
    elif name == "bars":
        # server 176: start/end travel in the same message (a separate end message comes at 196)
        fields: list[Any] = [7, "20241122 09:30:00", "20241122 16:00:00", n]
        for i in range(n):
            o = 100 + (i % 1000) / 100
            fields += [f"20241122 09:{i % 60:02d}:00 US/Eastern", o, o + 0.5, o - 0.5, o + 0.1, 1000 + i, o + 0.05, 17]
        out.append(text_message(sv, IN.HISTORICAL_DATA, *fields))
        got = {"historicalData": n, "historicalDataEnd": 1}
    elif name == "details":
        for i in range(n):
            f: list[Any] = [9, "SPY", "OPT", "20261219", 400 + i % 200, "C" if i % 2 else "P", "SMART", "USD",
                            f"SPY   261219C00{400 + i % 200}000", "SPY", "SPY", 100000 + i, 0.01, "100",
                            "ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AVGCOST,BASKET,COND,CONDORDER,DAY,DEACT,GAT,GTC,GTD,"
                            "LIT,LMT,MIT,MKT,MTL,NGCOMB,NONALGO,OCA,OPENCLOSE,PEGMID,REL,SCALE,SNAPMID,STP,STPLMT,TRAIL",
                            "SMART,AMEX,BOX,CBOE,CBOE2,EDGX,EMERALD,IBUSOPT,ISE,MERCURY,MIAX,NASDAQOM,PHLX,PSE",
                            1, 756733, "SPDR S&P 500 ETF TRUST", "", "202612", "Index", "Equity", "Broad",
                            "US/Eastern", "20241122:0930-20241122:1615;20241123:CLOSED",
                            "20241122:0930-20241122:1615;20241123:CLOSED", "", 0, 1, "ISIN", "US78462F1030",
                            2, "SPY", "STK", "32,109,109,109,109,109,109,109,109,109,109,109,109,109", "20261218",
                            "", "1", "1", "1"]
            out.append(text_message(sv, IN.CONTRACT_DATA, *f))
        out.append(text_message(sv, IN.CONTRACT_DATA_END, 1, 9))
        got = {"contractDetails": n, "contractDetailsEnd": 1}
    elif name == "tbt":
        t = 1_795_000_000
        for i in range(n):
            price = round(100 + rng.random() * 10, 2)
            mask = (i % 89 == 0) | (i % 97 == 0) << 1  # pastLimit, unreported
            out.append(text_message(sv, IN.TICK_BY_TICK, 11 + i % 4, 2, t + i // 1000, price, rng.randrange(1, 50) * 100,
                                    mask, ("ISLAND", "ARCA", "NYSE")[i % 3], "" if i % 5 else "T"))
        got = {"tickByTickAllLast": n}
    else:
        raise ValueError(name)
    assert len(out) == frames and got == want, (name, len(out), frames, got, want)
    return sv, b"".join(out), frames, want
