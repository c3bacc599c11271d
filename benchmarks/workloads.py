"""Pre-encoded server workloads for the decode benchmarks (built with ibwire's server codec).

Each workload is ``(server_version, body_bytes, frames, expected)``: the bytes
the server blasts after the API start, the number of frames, and the exact
callback counts a correct client must report.
"""

from __future__ import annotations

import random
from typing import Any

from ibwire.protocol.ids import IN
from ibwire.protocol.proto import TickPrice_pb2, TickSize_pb2
from ibwire.protocol.server import proto_message, text_message

WORKLOADS = ("ticks", "bars", "details", "ticks_pb")


def build(name: str, scale: float = 1.0) -> tuple[int, bytes, int, dict[str, int]]:
    rng = random.Random(7)
    if name in ("ticks", "ticks_pb"):
        n = int(500_000 * scale)
        sv = 176 if name == "ticks" else 222
        out = []
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
        return sv, b"".join(out), n, {"tickPrice": prices, "tickSize": sizes}
    if name == "bars":
        n = int(200_000 * scale)
        # server 176: start/end travel in the same message (a separate end message comes at 196)
        fields: list[Any] = [7, "20241122 09:30:00", "20241122 16:00:00", n]
        for i in range(n):
            o = 100 + (i % 1000) / 100
            fields += [f"20241122 09:{i % 60:02d}:00 US/Eastern", o, o + 0.5, o - 0.5, o + 0.1, 1000 + i, o + 0.05, 17]
        sv = 176
        return sv, text_message(sv, IN.HISTORICAL_DATA, *fields), 1, {"historicalData": n, "historicalDataEnd": 1}
    if name == "details":
        n = int(20_000 * scale)
        sv = 176
        out = []
        for i in range(n):
            f: list[Any] = [9, f"SPY", "OPT", f"20261219", 400 + i % 200, "C" if i % 2 else "P", "SMART", "USD",
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
        return sv, b"".join(out), n + 1, {"contractDetails": n, "contractDetailsEnd": 1}
    raise ValueError(name)
