"""Every request, byte-identical to the official client at every server version.

The official EClient 10.51.1 runs in a persistent subprocess (its own
``ibapi``); hypothesis draws arguments for each request kind — every Contract,
Order, filter and subscription attribute varied — and a server version, and
both clients encode the same call. Text frames must be identical byte for
byte; protobuf frames must parse to equal messages (map order aside); client
side refusals must be the same ``error`` calls with the same text. Where the
official client lets an exception escape instead, ibwire reports an ``error``
(:data:`DEVIATIONS`, shared with the hostile-argument test).
"""

from __future__ import annotations

import inspect
import json
import math
import os
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import SCRIPTS, oracle_dir
from oracle.spec import build, plain

import ibwire.model as M
import ibwire.protocol.requests as rq
from ibwire import EClient, EWrapper
from ibwire.model.const import UNSET_DOUBLE, UNSET_INTEGER, UNSET_LONG
from ibwire.protocol.ids import request_uses_protobuf
from ibwire.protocol.proto import ConfigRequest_pb2, UpdateConfigRequest_pb2

VERSIONS = [100, 151, 157, 163, 176, 178, 187, 200, 201, 210, 213, 222, 226]
COUNTS: dict[str, int] = {}


class Oracle:
    def __init__(self) -> None:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["PYTHONPATH"] = str(oracle_dir())
        self.p = subprocess.Popen([sys.executable, "-B", str(SCRIPTS / "official_requests.py")], cwd=str(SCRIPTS),
                                  env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.lock = threading.Lock()

    def ask(self, case: dict[str, Any]) -> dict[str, Any]:
        assert self.p.stdin is not None and self.p.stdout is not None
        with self.lock:
            self.p.stdin.write(json.dumps(case) + "\n")
            line = self.p.stdout.readline()
        if not line:
            raise RuntimeError("oracle died")
        return json.loads(line)  # type: ignore[no-any-return]

    def close(self) -> None:
        if self.p.stdin:
            self.p.stdin.close()
        self.p.wait(10)


@pytest.fixture(scope="module")
def oracle() -> Any:
    o = Oracle()
    yield o
    o.close()
    Path(os.environ.get("IBWIRE_REQUEST_COUNTS", "/dev/null")).write_text(json.dumps(COUNTS))


# --- our side ------------------------------------------------------------------------

CLASSES = {n: getattr(M, n) for n in (
    "ComboLeg", "Contract", "DeltaNeutralContract", "ExecutionFilter", "Order", "OrderComboLeg", "OrderCancel",
    "ExecutionCondition", "MarginCondition", "PercentChangeCondition", "PriceCondition", "TimeCondition",
    "VolumeCondition", "ScannerSubscription", "SoftDollarTier", "TagValue", "WshEventData")}
CLASSES["ConfigRequest"] = ConfigRequest_pb2.ConfigRequest
CLASSES["UpdateConfigRequest"] = UpdateConfigRequest_pb2.UpdateConfigRequest
EXAMPLES = int(os.environ.get("IBWIRE_EXAMPLES", "40"))

PROTO_CLASS: dict[int, Any] = {}
_orig_proto_frame = rq.proto_frame


def _recording_proto_frame(msg_id: int, message: Any) -> bytes:
    PROTO_CLASS[msg_id] = type(message)
    return _orig_proto_frame(msg_id, message)


rq.proto_frame = _recording_proto_frame  # type: ignore[assignment]


class FakeConn:
    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def isConnected(self) -> bool:
        return True

    def send(self, data: bytes) -> None:
        self.sent.append(data)


class W(EWrapper):
    def __init__(self) -> None:
        super().__init__()
        self.errors: list[list[Any]] = []

    def error(self, reqId: int, errorTime: int, errorCode: int, errorString: str,
              advancedOrderRejectJson: str = "") -> None:
        self.errors.append([plain(reqId), errorCode, errorString])


def ours(case: dict[str, Any], sans_io: bool = True) -> dict[str, Any]:
    w = W()
    c = EClient(w)
    c.setPacing(0)
    conn = FakeConn()
    c.conn = conn  # type: ignore[assignment]
    c.serverVersion_ = case["sv"]
    c.connState = EClient.CONNECTED
    c.clientId = case.get("clientId", 0)
    raised = None
    args = [build(a, CLASSES) for a in case["args"]]
    try:
        getattr(c, case["method"])(*args)
    except Exception as e:  # noqa: BLE001
        raised = type(e).__name__
    if sans_io and len(conn.sent) == 1 and not w.errors and case["method"] != "startApi":
        # the sans-IO encoder alone produces the very frame the client sent
        assert rq.REQUESTS[case["method"]].encode(case["sv"], *args) == conn.sent[0]
    return {"sent": [m.hex() for m in conn.sent], "errors": w.errors, "raised": raised}


def same_frames(a: list[str], b: list[str]) -> bool:
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        bx, by = bytes.fromhex(x), bytes.fromhex(y)
        if bx == by:
            continue
        mid = int.from_bytes(bx[4:8], "big")
        if mid <= 200 or bx[4:8] != by[4:8] or mid - 200 not in PROTO_CLASS:
            return False
        cls = PROTO_CLASS[mid - 200]
        if cls.FromString(bx[8:]) != cls.FromString(by[8:]):
            return False
    return True


# --- deliberate deviations -------------------------------------------------------------
# Where the official client lets an exception escape from the request method, nothing is
# sent and its connection survives; ibwire reports an ``error`` instead and sends nothing.
# (method, form) -> {exception the official client raises: the code ibwire reports, None
# meaning the request's own sending-error code, under the id it uses for that request's
# other sending errors}. "proto": the request goes as protobuf at that server version.
_FAIL = None
DEVIATIONS: dict[tuple[str, str], dict[str, int | None]] = {
    # every protobuf builder: a value the protobuf field cannot hold (None, text for a
    # number, a number for text, non-UTF-8 bytes, 2**70, an object of the wrong class)
    ("*", "proto"): {"TypeError": _FAIL, "AttributeError": _FAIL, "ValueError": _FAIL,
                     "UnicodeDecodeError": _FAIL, "OverflowError": _FAIL, "InvalidOperation": _FAIL},
    # conditions that cannot be encoded: the official client's own code (588) and text
    ("placeOrder", "proto"): {"ClientException": 588},
    # text form: these methods read their arguments before their try block (version
    # checks), or have none at all (cancelHistogramData)
    ("cancelHistogramData", "text"): {"ValueError": _FAIL, "ClientException": _FAIL},
    ("cancelOrder", "text"): {"AttributeError": _FAIL},
    ("reqGlobalCancel", "text"): {"AttributeError": _FAIL},
    ("reqExecutions", "text"): {"AttributeError": _FAIL},
    ("reqContractDetails", "text"): {"AttributeError": _FAIL},
    ("placeOrder", "text"): {"AttributeError": _FAIL},
}


def deviation(method: str, sv: int, raised: str) -> int | None | bool:
    """The code ibwire reports where the official client raised ``raised`` (False: not a listed deviation)."""
    fm = form(method, sv)
    for key in ((method, fm), ("*", fm)):
        table = DEVIATIONS.get(key, {})
        if raised in table:
            return table[raised]
    return False


def form(method: str, sv: int) -> str:
    """How ``method`` goes to server version ``sv``: "proto" or "text"."""
    r = rq.REQUESTS[method]
    return "proto" if r.proto is not None and (r.text is None or request_uses_protobuf(r.msg_id, sv)) else "text"


def check_deviation(case: dict[str, Any], theirs: dict[str, Any], mine: dict[str, Any]) -> None:
    """The official client raised: a listed deviation, where ibwire sends nothing and reports one error."""
    method, sv = case["method"], case["sv"]
    code = deviation(method, sv, theirs["raised"])
    assert code is not False, ("the official client raised outside the deviation table", case, theirs)
    r = rq.REQUESTS[method]
    assert mine["raised"] is None and mine["sent"] == [] and len(mine["errors"]) == 1, (case, mine, theirs)
    _, got_code, text = mine["errors"][0]
    if code is None:
        assert got_code == r.fail.code() and text.startswith(r.fail.msg()) and len(text) > len(r.fail.msg()), mine
    else:
        assert got_code == code, mine


# --- strategies ------------------------------------------------------------------------

def f(x: float) -> list[str]:
    return ["f", repr(x)]


ints = st.one_of(st.sampled_from([0, 1, -1, 2, 5, UNSET_INTEGER, 265598]), st.integers(-(2**31), 2**31 - 2))
longs = st.one_of(st.sampled_from([0, UNSET_LONG, 12345678901]), st.integers(0, 2**62))
texts = st.one_of(
    st.sampled_from(["", "AAPL", "SMART", "ISLAND", "USD", "STK", "OPT", "BAG", "BUY", "LMT", "PEG BEST",
                     "PEG MID", "PEG BENCH", "IBKRATS", "20261219", "DU123", "a=b;", "SCHEDULE"]),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=6),
)
texts_maybe_bad = st.one_of(texts, texts, texts, texts, st.sampled_from(["caf\u00e9", "\u00fc"]))
floats = st.one_of(st.sampled_from([0.0, 1.5, -2.25, UNSET_DOUBLE, 123.456, 1e-7, math.inf]),
                   st.floats(-1e9, 1e9, allow_nan=False)).map(f)
decimals = st.sampled_from(["0", "1", "100", "1.5", "0.0001", str(2**127 - 1)]).map(lambda d: ["D", d])
bools = st.booleans()
tag_lists = st.one_of(st.none(), st.just([]), st.lists(
    st.builds(lambda t, v: {"$": "TagValue", "init": [t, v]}, texts, texts), min_size=1, max_size=3))

BY_TYPE = {int: ints, str: texts_maybe_bad, float: floats, bool: bools, Decimal: decimals}


def obj(cls_name: str, overrides: dict[str, Any] | None = None, p_set: float = 0.5) -> st.SearchStrategy[Any]:
    """An object spec with a random subset of its attributes varied by the type of their default."""
    proto = CLASSES[cls_name]()
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for k, dflt in vars(proto).items():
        if overrides and k in overrides:
            fields[k] = overrides[k]
        elif type(dflt) is int and k.endswith(("permId",)):
            fields[k] = longs
        elif type(dflt) in BY_TYPE:
            fields[k] = BY_TYPE[type(dflt)]

    @st.composite
    def draw(d: Any) -> dict[str, Any]:
        attrs = {}
        for k, s in fields.items():
            if d(st.floats(0, 1)) < p_set:
                attrs[k] = d(s)
        return {"$": cls_name, "a": attrs}

    return draw()


combo_legs = st.lists(obj("ComboLeg"), max_size=3)
contracts = obj("Contract", {
    "secType": st.sampled_from(["STK", "OPT", "BAG", "FUT", ""]),
    "comboLegs": combo_legs,
    "deltaNeutralContract": st.one_of(st.none(), obj("DeltaNeutralContract", p_set=0.8)),
    "multiplier": st.sampled_from(["", "100", "0.5"]),
}, p_set=0.6)
conditions = st.lists(st.one_of(
    st.builds(lambda tm, cid, ex, more, price: {"$": "PriceCondition", "init": [tm, cid, ex, more, price]},
              st.integers(0, 8), ints, texts, bools, floats),
    st.builds(lambda more, t: {"$": "TimeCondition", "init": [more, t]}, bools, texts),
    st.builds(lambda more, pct: {"$": "MarginCondition", "init": [more, pct]}, bools, floats),
    st.builds(lambda s, e, y: {"$": "ExecutionCondition", "init": [s, e, y]}, texts, texts, texts),
    st.builds(lambda cid, ex, more, vol: {"$": "VolumeCondition", "init": [cid, ex, more, vol]}, ints, texts, bools,
              ints),
    st.builds(lambda cid, ex, more, pct: {"$": "PercentChangeCondition", "init": [cid, ex, more, pct]}, ints, texts,
              bools, floats),
).map(lambda c: dict(c, a={"isConjunctionConnection": True})), max_size=3)
orders = obj("Order", {
    "orderComboLegs": st.one_of(st.none(), st.lists(obj("OrderComboLeg", p_set=0.8), max_size=3)),
    "algoParams": tag_lists, "smartComboRoutingParams": tag_lists, "orderMiscOptions": tag_lists,
    "conditions": conditions,
    "usePriceMgmtAlgo": st.one_of(st.none(), bools), "seekPriceImprovement": st.one_of(st.none(), bools),
    "routeMarketableToBbo": st.one_of(st.none(), bools),
    "softDollarTier": obj("SoftDollarTier"),
    "orderType": st.sampled_from(["LMT", "MKT", "PEG BEST", "PEGMID", "PEG BENCH", "STP"]),
    "competeAgainstBestOffset": st.one_of(floats, st.just(f(math.inf))),
    "totalQuantity": decimals,
    "permId": longs,
}, p_set=0.25)
exec_filters = obj("ExecutionFilter", {"specificDates": st.one_of(st.none(), st.lists(texts, max_size=2))})

BY_ANNOTATION: dict[str, st.SearchStrategy[Any]] = {
    "int": ints, "str": texts_maybe_bad, "bool": bools, "float": floats,
    "Contract": contracts, "Order": orders, "OrderCancel | None": obj("OrderCancel"),
    "ExecutionFilter": exec_filters, "ScannerSubscription": obj("ScannerSubscription"),
    "WshEventData": obj("WshEventData"), "TagValueList": tag_lists,
}

METHODS = sorted(n for n in rq.REQUESTS if n not in ("reqConfigProtoBuf", "updateConfigProtoBuf"))


def arg_strategies(method: str) -> list[st.SearchStrategy[Any]]:
    sig = inspect.signature(getattr(EClient, method))
    return [BY_ANNOTATION[str(p.annotation)] for p in list(sig.parameters.values())[1:]]


@pytest.mark.parametrize("method", METHODS)
def test_request_matches_official(oracle: Oracle, method: str) -> None:
    strategies = arg_strategies(method)

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
              derandomize="IBWIRE_RANDOM" not in os.environ, database=None)
    @given(st.sampled_from(VERSIONS), st.tuples(*strategies), st.integers(0, 99))
    def check(sv: int, args: tuple[Any, ...], client_id: int) -> None:
        case = {"sv": sv, "method": method, "args": list(args), "clientId": client_id}
        theirs = oracle.ask(case)
        mine = ours(case)
        if theirs["raised"] is not None and mine["raised"] is None:
            check_deviation(case, theirs, mine)
            COUNTS[method] = COUNTS.get(method, 0) + 1
            return
        assert mine["raised"] == theirs["raised"], (case, mine, theirs)
        assert mine["errors"] == theirs["errors"], (case, mine, theirs)
        assert same_frames(mine["sent"], theirs["sent"]), (case, mine["sent"], theirs["sent"])
        COUNTS[method] = COUNTS.get(method, 0) + 1

    check()


def test_start_api_at_every_version(oracle: Oracle) -> None:
    for sv in VERSIONS:
        for cap in ("", "cap"):
            case = {"sv": sv, "method": "startApi", "args": [], "clientId": 3}
            # startApi reads clientId and optCapab from the client
            mine = ours(case)
            theirs = oracle.ask(case)
            assert same_frames(mine["sent"], theirs["sent"]) and mine["errors"] == theirs["errors"]


@pytest.mark.parametrize("method,cls", [("reqConfigProtoBuf", "ConfigRequest"),
                                        ("updateConfigProtoBuf", "UpdateConfigRequest")])
def test_config_requests_match_official(oracle: Oracle, method: str, cls: str) -> None:
    for sv in VERSIONS:
        for req_id in (None, 7):
            m = CLASSES[cls]()
            if req_id is not None:
                m.reqId = req_id
            case = {"sv": sv, "method": method, "args": [{"$pb": cls, "hex": m.SerializeToString().hex()}]}
            mine, theirs = ours(case), oracle.ask(case)
            assert mine == theirs, (case, mine, theirs)
            COUNTS[method] = COUNTS.get(method, 0) + 1
