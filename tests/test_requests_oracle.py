"""Every request, byte-identical to the official client at every server version.

The official EClient 10.51.1 runs in a persistent subprocess (its own
``ibapi``); hypothesis draws arguments for each request kind — every Contract,
Order, filter and subscription attribute varied — and a server version, and
both clients encode the same call. Text frames must be identical byte for
byte; protobuf frames must parse to equal messages (map order aside); client
side refusals must be the same ``error`` calls with the same text. Where the
official client lets an exception escape instead, ibwire reports an ``error``
(:data:`DEVIATIONS`, shared with the hostile-argument test). Values are drawn
typed, then sometimes given loose (text for a number, a float for an int, a
Decimal for a price, 1/"0" for a flag), as None, or as unreadable text, with odd
text (backslashes, escapes, non-ASCII, huge, empty) and unknown enum values, at
every server version 100..226. Where the official client raises on a loose value
at a protobuf version, the reference is its result for the properly typed value
(the rule: tests/oracle/spec.py); set ``IBWIRE_REQUEST_OUTCOMES`` to count outcomes.
"""

from __future__ import annotations

import inspect
import json
import math
import os
import subprocess
import threading
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import SCRIPTS, oracle_dir, oracle_python
from oracle.spec import BAD, build, plain, typed

import ibwire.model as M
import ibwire.protocol.requests as rq
from ibwire import EClient, EWrapper
from ibwire.model.const import UNSET_DOUBLE, UNSET_INTEGER, UNSET_LONG
from google.protobuf.descriptor import FieldDescriptor

from ibwire.protocol.ids import request_uses_protobuf
from ibwire.protocol.proto import (
    ComboLeg_pb2,
    ConfigRequest_pb2,
    Contract_pb2,
    DeltaNeutralContract_pb2,
    ExecutionFilter_pb2,
    Order_pb2,
    OrderCancel_pb2,
    ScannerSubscription_pb2,
    SoftDollarTier_pb2,
    UpdateConfigRequest_pb2,
    WshEventDataRequest_pb2,
)

#: every server version ibwire speaks: each version gate between 100 and 226 has its boundary here
VERSIONS = list(range(100, 227))
#: the last server version where every request with a text form still goes as text
LAST_TEXT = 200
COUNTS: dict[str, int] = {}
#: vectors by outcome ("identical", "identical-typed": a loose value sent as its typed equivalent,
#: "deviation:<form>:<exception>"), written to $IBWIRE_REQUEST_OUTCOMES at the end of a module
OUTCOMES: Counter[str] = Counter()


class Oracle:
    """An official package (``name``, an oracle directory) encoding requests, one JSON case per line."""

    def __init__(self, name: str = "latest") -> None:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["PYTHONPATH"] = str(oracle_dir(name))
        self.p = subprocess.Popen([*oracle_python(), "-B", str(SCRIPTS / "official_requests.py")], cwd=str(SCRIPTS),
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
    if "IBWIRE_REQUEST_OUTCOMES" in os.environ:
        Path(os.environ["IBWIRE_REQUEST_OUTCOMES"]).write_text(json.dumps(OUTCOMES, indent=1, sort_keys=True))


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
    c.serverVersion_ = case["sv"]
    if not case.get("offline"):
        c.conn = conn  # type: ignore[assignment]
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
# A loose value the text protocol carried (``'1.10'`` for a price, ``265598.0`` for a conId)
# is no deviation: ibwire sends what the official client sends for the properly typed value
# (the rule: tests/oracle/spec.py, "loose values"), and only a value that rule cannot read
# falls under this table.
_FAIL = None
DEVIATIONS: dict[tuple[str, str], dict[str, int | None]] = {
    # every protobuf builder: a value no field form can take (None for a number, "abc" for a
    # price, non-UTF-8 bytes, 2**70, an object of the wrong class)
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
    ("reqMktDepth", "text"): {"AttributeError": _FAIL},  # below 146: contract.primaryExchange
    ("reqWshEventData", "text"): {"AttributeError": _FAIL},  # below 171: the filter attributes
}


def deviation(method: str, sv: int, raised: str) -> int | None | bool:
    """The code ibwire reports where the official client raised ``raised`` (False: not a listed deviation)."""
    fm = form(method, sv)
    for key in ((method, fm), ("*", fm)):
        table = DEVIATIONS.get(key, {})
        if raised in table:
            return table[raised]
    return False


def form(method: str, sv: int | None) -> str:
    """How ``method`` goes to server version ``sv``: "proto" or "text"."""
    r = rq.REQUESTS[method]
    if r.text is None:
        return "proto"
    return "proto" if r.proto is not None and sv is not None and request_uses_protobuf(r.msg_id, sv) else "text"


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


# --- loose values: the kind of every argument and attribute ------------------------------
# Kinds as in oracle.spec.typed: read from the protobuf schema (the field each attribute
# fills), with the few fields the official client checks against another type's sentinel.

PROTO_OF: dict[str, Any] = {
    "Contract": Contract_pb2.Contract, "ComboLeg": ComboLeg_pb2.ComboLeg, "Order": Order_pb2.Order,
    "DeltaNeutralContract": DeltaNeutralContract_pb2.DeltaNeutralContract, "OrderCancel": OrderCancel_pb2.OrderCancel,
    "SoftDollarTier": SoftDollarTier_pb2.SoftDollarTier, "ExecutionFilter": ExecutionFilter_pb2.ExecutionFilter,
    "ScannerSubscription": ScannerSubscription_pb2.ScannerSubscription,
    "WshEventData": WshEventDataRequest_pb2.WshEventDataRequest,
}
FIELD_OF = {("Contract", "primaryExchange"): "primaryExch", ("ComboLeg", "shortSaleSlot"): "shortSalesSlot",
            ("SoftDollarTier", "val"): "value"}
ATTR_KINDS = {
    ("Order", "discretionaryAmt"): "float_i",  # a double checked against the int "unset"
    ("ScannerSubscription", "aboveVolume"): "int", ("ScannerSubscription", "averageOptionVolumeAbove"): "int",
    ("OrderComboLeg", "price"): "float", ("ExecutionFilter", "specificDates"): "ints",
    ("Contract", "multiplier"): "keep",  # float(value) when truthy, as the official client does
    # attached orders: a message of their own
    ("Order", "slOrderId"): "int", ("Order", "ptOrderId"): "int", ("Order", "slOrderType"): "str",
    ("Order", "ptOrderType"): "str",
    # sent as 1/0 by truthiness in both forms: never a raise
    ("Order", "usePriceMgmtAlgo"): "keep", ("Order", "seekPriceImprovement"): "keep",
    ("Order", "routeMarketableToBbo"): "keep",
}
_KIND_OF_TYPE = {FieldDescriptor.TYPE_INT32: "int", FieldDescriptor.TYPE_SINT32: "int",
                 FieldDescriptor.TYPE_INT64: "long", FieldDescriptor.TYPE_DOUBLE: "float",
                 FieldDescriptor.TYPE_BOOL: "bool", FieldDescriptor.TYPE_STRING: "str"}
#: arguments whose protobuf field is of another type than their annotation says
# (useRTH and override go as ``value != 0``, which never fails; the FA type as ``int(value)``)
ARG_KINDS = {("reqHistoricalData", 6): "keep", ("reqHeadTimeStamp", 3): "keep", ("reqHistoricalTicks", 6): "keep",
             ("exerciseOptions", 5): "keep", ("requestFA", 0): "asis", ("replaceFA", 1): "asis"}
_KIND_OF_ANNOTATION = {"int": "int", "str": "str", "bool": "bool", "float": "float"}


def attr_kind(cls: str, attr: str) -> str:
    k = ATTR_KINDS.get((cls, attr))
    if k is not None:
        return k
    default = getattr(CLASSES[cls](), attr, None) if cls in CLASSES else None
    if isinstance(default, Decimal):
        return "asis"  # quantities: Decimal(value), as the official client takes them
    proto = PROTO_OF.get(cls)
    fd = proto.DESCRIPTOR.fields_by_name.get(FIELD_OF.get((cls, attr), attr)) if proto is not None else None
    return _KIND_OF_TYPE.get(fd.type, "keep") if fd is not None else "keep"


#: the kinds of the order conditions' constructor arguments (their text form was ``str(value)`` too)
COND_INIT_KINDS = {
    "PriceCondition": ["int", "int", "str", "keep", "float"], "TimeCondition": ["keep", "str"],
    "MarginCondition": ["keep", "int_f"], "ExecutionCondition": ["str", "str", "str"],
    "VolumeCondition": ["int", "str", "keep", "int"], "PercentChangeCondition": ["int", "str", "keep", "float"],
    "TagValue": ["str", "str"],
}


def _typed_obj(spec: dict[str, Any]) -> Any:
    cls = spec["$"]
    if cls in COND_INIT_KINDS:
        vals = [v if k == "keep" else typed(k, v) for k, v in zip(COND_INIT_KINDS[cls], spec.get("init", []))]
        if any(v is BAD for v in vals):
            return BAD
        return dict(spec, init=vals)
    out = dict(spec)
    attrs = {}
    for k, v in spec.get("a", {}).items():
        t = _typed_value(attr_kind(cls, k), v)
        if t is BAD:
            return BAD
        attrs[k] = t
    out["a"] = attrs
    return out


def _typed_value(kind: str, v: Any) -> Any:
    if isinstance(v, dict) and "$" in v:
        return _typed_obj(v)
    if isinstance(v, list) and v and all(isinstance(x, dict) and "$" in x for x in v):
        items = [_typed_obj(x) for x in v]
        return BAD if any(x is BAD for x in items) else items
    if kind in ("keep", "asis"):
        return v
    if kind == "ints":  # a repeated field: None or empty is no value
        if not isinstance(v, list) or (len(v) == 2 and v[0] in ("f", "D", "B")):
            return v if not v else BAD
        items = [typed("int", x) for x in v]
        return BAD if any(x is BAD for x in items) else items
    return typed(kind, v)


def typed_case(case: dict[str, Any]) -> Any:
    """``case`` with every loose value replaced by its properly typed equivalent (or BAD)."""
    method = case["method"]
    anns = [str(p.annotation) for p in list(inspect.signature(getattr(EClient, method)).parameters.values())[1:]]
    args = []
    for i, a in enumerate(case["args"]):
        kind = ARG_KINDS.get((method, i)) or _KIND_OF_ANNOTATION.get(anns[i] if i < len(anns) else "", "keep")
        t = _typed_value(kind, a)
        if t is BAD:
            return BAD
        args.append(t)
    return dict(case, args=args)


def loose(case: dict[str, Any]) -> bool:
    t = typed_case(case)
    return t is BAD or json.dumps(t) != json.dumps(case)


def reference(oracle: "Oracle", case: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """What ibwire must do for ``case``: ("same", the official result) or ("deviation", the official raise).

    Where the official client raises at a protobuf version on a loose value, the reference is its
    result for the typed equivalent ("typed"); where that cannot be read, a listed deviation.
    """
    theirs = oracle.ask(case)
    if theirs["raised"] is None:
        return "same", theirs
    if form(case["method"], case["sv"]) == "proto":
        t = typed_case(case)
        if t is not BAD and json.dumps(t) != json.dumps(case):  # (False == 0, but not for the wire)
            ref = oracle.ask(t)
            if ref["raised"] is None:
                return "typed", ref
            return "deviation", ref
    return "deviation", theirs


def check(oracle: "Oracle", case: dict[str, Any], theirs: tuple[str, dict[str, Any]] | None = None,
          sans_io: bool = True) -> str:
    """Compare ibwire with its reference for ``case``; returns the outcome counted."""
    how, ref = reference(oracle, case) if theirs is None else theirs
    mine = ours(case, sans_io=sans_io)
    assert mine["raised"] is None, (case, mine, ref)
    if how == "deviation":
        check_deviation(case, ref, mine)
        outcome = f"deviation:{form(case['method'], case['sv'])}:{ref['raised']}"
    else:
        assert mine["errors"] == ref["errors"], (how, case, mine, ref)
        assert same_frames(mine["sent"], ref["sent"]), (how, case, mine["sent"], ref["sent"])
        outcome = "identical" if how == "same" else "identical-typed"
    OUTCOMES[outcome] += 1
    return outcome


# --- strategies ------------------------------------------------------------------------
# Every value is drawn properly typed first; then, now and then, it is given as a loose
# form of the same value (text for a number, a number for text, a float for an int, a
# Decimal for a price, 1/"0" for a flag), as None, or as text that is no number.

def f(x: float) -> list[str]:
    return ["f", repr(x)]


ints = st.one_of(st.sampled_from([0, 1, -1, 2, 5, UNSET_INTEGER, 265598]), st.integers(-(2**31), 2**31 - 2))
longs = st.one_of(st.sampled_from([0, UNSET_LONG, 12345678901]), st.integers(0, 2**62))
ODD_TEXTS = ["a\\b", "p+N9gIkj8qT'B-s\\", "\\Uhso", "\\x41\\n", "%s%d{}", "\t", " ", "a;b=c", "=", "\u00e9t\u00e9",
             "\u4e2d\u6587", "X" * 5000, "0", "-1", "1e3", "Infinity", "NaN", "2147483647", "None", "True"]
texts = st.one_of(
    st.sampled_from(["", "AAPL", "SMART", "ISLAND", "USD", "STK", "OPT", "BAG", "BUY", "LMT", "PEG BEST",
                     "PEG MID", "PEG BENCH", "IBKRATS", "20261219", "DU123", "a=b;", "SCHEDULE",
                     # values no enumeration knows
                     "XYZ", "SELLX", "FOO BAR", "Q", "GTX"]),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=6),
    st.sampled_from(ODD_TEXTS),
)
texts_maybe_bad = st.one_of(texts, texts, texts, texts, st.sampled_from(["caf\u00e9", "\u00fc", "a\x00b"]))
floats = st.one_of(st.sampled_from([0.0, 1.5, -2.25, UNSET_DOUBLE, 123.456, 1e-7, math.inf, 1e300, -0.0]),
                   st.floats(-1e9, 1e9, allow_nan=False)).map(f)
decimals = st.sampled_from(["0", "1", "100", "1.5", "0.0001", str(2**127 - 1), "1E+2", "-3"]).map(lambda d: ["D", d])
bools = st.booleans()
# the narrower values the simulator tests draw (their derandomized examples stay as they were)
texts_0 = st.one_of(
    st.sampled_from(["", "AAPL", "SMART", "ISLAND", "USD", "STK", "OPT", "BAG", "BUY", "LMT", "PEG BEST",
                     "PEG MID", "PEG BENCH", "IBKRATS", "20261219", "DU123", "a=b;", "SCHEDULE"]),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=6),
)
texts_maybe_bad_0 = st.one_of(texts_0, texts_0, texts_0, texts_0, st.sampled_from(["caf\u00e9", "\u00fc"]))
floats_0 = st.one_of(st.sampled_from([0.0, 1.5, -2.25, UNSET_DOUBLE, 123.456, 1e-7, math.inf]),
                     st.floats(-1e9, 1e9, allow_nan=False)).map(f)
decimals_0 = st.sampled_from(["0", "1", "100", "1.5", "0.0001", str(2**127 - 1)]).map(lambda d: ["D", d])
#: text that no number field can read
NOT_NUMBERS = st.sampled_from(["abc", "12x", "1.2.3", "inf", "1_000", "0x10", "--1", "1,5"])


def loose_int(n: int) -> st.SearchStrategy[Any]:
    forms: list[Any] = [str(n), f(float(n)), ["D", str(n)], " %d " % n]
    if n in (0, 1):
        forms.append(bool(n))
    return st.sampled_from(forms)


def loose_float(spec: list[str]) -> st.SearchStrategy[Any]:
    x = float(spec[1])
    text = "Infinity" if x == math.inf else repr(x)
    forms: list[Any] = [text, ["D", text]] if math.isfinite(x) else [text]
    if math.isfinite(x) and x == int(x) and abs(x) < 2**31:
        forms.append(int(x))
    return st.sampled_from(forms)


def loose_text(t: str) -> st.SearchStrategy[Any]:
    forms: list[Any] = [t]
    if t.lstrip("-").isdigit() and str(int(t)) == t:
        forms += [int(t), ["D", t]]
    return st.sampled_from(forms)


def loose_bool(b: bool) -> st.SearchStrategy[Any]:
    return st.sampled_from([int(b), str(int(b)), f(float(b))])


def loosely(typed_values: st.SearchStrategy[Any], to_loose: Any, bad: st.SearchStrategy[Any] | None = None,
            weight: int = 6) -> st.SearchStrategy[Any]:
    """Mostly ``typed_values``; sometimes a loose form of one, None, or (``bad``) an unreadable value."""
    extra = [typed_values.flatmap(to_loose), st.none()] + ([bad] if bad is not None else [])
    return st.one_of(*([typed_values] * weight), *extra)


def loose_decimal(d: list[str]) -> st.SearchStrategy[Any]:
    x = Decimal(d[1])
    return st.sampled_from([d[1], int(x) if x == int(x) and abs(x) < 2**62 else d[1]])


def annotation_strategies(loose: bool) -> dict[str, st.SearchStrategy[Any]]:
    """Strategies by argument annotation: properly typed values, or (``loose``) mixed with loose
    forms of them, None and unreadable text (the request tests; the simulator tests take the former)."""
    if loose:
        l_ints = loosely(ints, loose_int, NOT_NUMBERS)
        l_longs = loosely(longs, loose_int, NOT_NUMBERS)
        l_floats = loosely(floats, loose_float, NOT_NUMBERS)
        l_texts = loosely(texts_maybe_bad, loose_text)
        l_bools = loosely(bools, loose_bool, NOT_NUMBERS)
        l_decimals = loosely(decimals, loose_decimal, NOT_NUMBERS)
        dates = loosely(st.sampled_from([20250213, 20261201, 0, UNSET_INTEGER]), loose_int, NOT_NUMBERS)
        tag_values = loosely(texts, loose_text)
    else:
        l_ints, l_longs, l_floats, l_texts, l_bools = ints, longs, floats_0, texts_maybe_bad_0, bools
        l_decimals = decimals_0
        dates = st.sampled_from([20250213, 20261201, 0, UNSET_INTEGER])
        tag_values = texts_0
    texts_ = texts if loose else texts_0
    floats_ = floats if loose else floats_0

    def lz(typed_values: st.SearchStrategy[Any], to_loose: Any) -> st.SearchStrategy[Any]:
        return loosely(typed_values, to_loose) if loose else typed_values

    tag_lists = st.one_of(st.none(), st.just([]), st.lists(
        st.builds(lambda t, v: {"$": "TagValue", "init": [t, v]}, texts_, tag_values),
        min_size=1, max_size=3))

    BY_TYPE = {int: l_ints, str: l_texts, float: l_floats, bool: l_bools, Decimal: l_decimals}

    def obj(cls_name: str, overrides: dict[str, Any] | None = None, p_set: float = 0.5) -> st.SearchStrategy[Any]:
        """An object spec with a random subset of its attributes varied by the type of their default."""
        proto = CLASSES[cls_name]()
        fields: dict[str, st.SearchStrategy[Any]] = {}
        for k, dflt in vars(proto).items():
            if overrides and k in overrides:
                fields[k] = overrides[k]
            elif type(dflt) is int and k.endswith(("permId",)):
                fields[k] = l_longs
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
        "secType": lz(st.sampled_from(["STK", "OPT", "BAG", "FUT", ""] + (["XYZ"] if loose else [])), loose_text),
        "comboLegs": combo_legs,
        "deltaNeutralContract": st.one_of(st.none(), obj("DeltaNeutralContract", p_set=0.8)),
        "multiplier": st.sampled_from(["", "100", "0.5"] + ([100, 0.5] if loose else [])),
        **({"lastTradeDateOrContractMonth": lz(st.sampled_from(["", "20250213", "202503"]), loose_text)}
           if loose else {}),
    }, p_set=0.6)
    c_ints = l_ints if loose else ints
    c_floats = loosely(floats, loose_float, NOT_NUMBERS) if loose else floats_
    # a margin percent is an int on the wire: given as a float it was sent as its text ("30.0")
    c_percent = st.one_of(st.integers(0, 100), st.integers(0, 100).map(lambda n: f(float(n))), c_floats) if loose \
        else floats_
    conditions = st.lists(st.one_of(
        st.builds(lambda tm, cid, ex, more, price: {"$": "PriceCondition", "init": [tm, cid, ex, more, price]},
                  st.integers(0, 8), c_ints, texts_, bools, c_floats),
        st.builds(lambda more, t: {"$": "TimeCondition", "init": [more, t]}, bools, texts_),
        st.builds(lambda more, pct: {"$": "MarginCondition", "init": [more, pct]}, bools, c_percent),
        st.builds(lambda s, e, y: {"$": "ExecutionCondition", "init": [s, e, y]}, texts_, texts_, texts_),
        st.builds(lambda cid, ex, more, vol: {"$": "VolumeCondition", "init": [cid, ex, more, vol]}, c_ints, texts_,
                  bools, c_ints),
        st.builds(lambda cid, ex, more, pct: {"$": "PercentChangeCondition", "init": [cid, ex, more, pct]}, c_ints,
                  texts_, bools, c_floats),
    ).map(lambda c: dict(c, a={"isConjunctionConnection": True})), max_size=3)
    orders = obj("Order", {
        "orderComboLegs": st.one_of(st.none(), st.lists(obj("OrderComboLeg", p_set=0.8), max_size=3)),
        "algoParams": tag_lists, "smartComboRoutingParams": tag_lists, "orderMiscOptions": tag_lists,
        "conditions": conditions,
        "usePriceMgmtAlgo": st.one_of(st.none(), bools), "seekPriceImprovement": st.one_of(st.none(), bools),
        "routeMarketableToBbo": st.one_of(st.none(), bools),
        "softDollarTier": obj("SoftDollarTier"),
        "orderType": lz(st.sampled_from(["LMT", "MKT", "PEG BEST", "PEGMID", "PEG BENCH", "STP"]
                                       + (["FOO"] if loose else [])), loose_text),
        "competeAgainstBestOffset": st.one_of(floats_, st.just(f(math.inf))),
        "totalQuantity": l_decimals,
        "permId": l_longs,
    }, p_set=0.25)
    exec_filters = obj("ExecutionFilter", {"specificDates": st.one_of(st.none(), st.lists(dates, max_size=2))})

    BY_ANNOTATION: dict[str, st.SearchStrategy[Any]] = {
        "int": l_ints, "str": l_texts, "bool": l_bools, "float": l_floats,
        "Contract": contracts, "Order": orders, "OrderCancel | None": obj("OrderCancel"),
        "ExecutionFilter": exec_filters, "ScannerSubscription": obj("ScannerSubscription"),
        "WshEventData": obj("WshEventData"), "TagValueList": tag_lists,
    }
    return BY_ANNOTATION


STRATEGIES = {True: annotation_strategies(True), False: annotation_strategies(False)}


METHODS = sorted(n for n in rq.REQUESTS if n not in ("reqConfigProtoBuf", "updateConfigProtoBuf"))


def arg_strategies(method: str, loose: bool = False) -> list[st.SearchStrategy[Any]]:
    sig = inspect.signature(getattr(EClient, method))
    return [STRATEGIES[loose][str(p.annotation)] for p in list(sig.parameters.values())[1:]]


@pytest.mark.parametrize("method", METHODS)
def test_request_matches_official(oracle: Oracle, method: str) -> None:
    strategies = arg_strategies(method, loose=True)

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
              derandomize="IBWIRE_RANDOM" not in os.environ, database=None)
    @given(st.sampled_from(VERSIONS), st.tuples(*strategies), st.integers(0, 99))
    def check_one(sv: int, args: tuple[Any, ...], client_id: int) -> None:
        check(oracle, {"sv": sv, "method": method, "args": list(args), "clientId": client_id})
        COUNTS[method] = COUNTS.get(method, 0) + 1

    check_one()


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
