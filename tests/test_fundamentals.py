"""Fundamental data, as ibapi 9.x-10.45 sent and read it (IB withdrew it from the API in 10.50).

The requests are compared with the official 10.45 client (whose text form is also
that of 9.81-10.37 at every server version ibwire speaks) at every server version
100..226, with the loose values, None and odd text of the other request tests;
the answer is decoded like 10.45 decodes it, in text and protobuf; the
simulator reads both forms and answers as TWS does today (error 430), to a compat
program exactly as to the official 10.45 package. Also here: the simulator's
reader of a text reqMktData with a delta-neutral contract.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import SCRIPTS, oracle_dir, oracle_python, run_oracle
from oracle.normalize import norm
from test_requests_oracle import VERSIONS, FakeConn, Oracle, arg_strategies, check, ours

import ibwire.protocol.requests as rq
from ibwire import EClient, EWrapper
from ibwire.model import ComboLeg, Contract, DeltaNeutralContract, TagValue
from ibwire.protocol.framing import split_frame
from ibwire.protocol.ids import CANCEL_FUNDAMENTAL_DATA, FUNDAMENTAL_DATA, PROTOBUF_SINCE, REQ_FUNDAMENTAL_DATA
from ibwire.protocol.messages import DecodeError, Decoder
from ibwire.protocol.proto import CancelFundamentalsData_pb2, FundamentalsData_pb2, FundamentalsDataRequest_pb2
from ibwire.protocol.server import proto_message
from ibwire.protocol.server_requests import read_request
from ibwire.sim import Simulator

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("IBWIRE_EXAMPLES", "40"))
METHODS = ("reqFundamentalData", "cancelFundamentalData")


@pytest.fixture(scope="module")
def v1045() -> Any:
    o = Oracle("v1045")  # the last release that had these requests
    yield o
    o.close()


@pytest.fixture
def withdrawn(monkeypatch: pytest.MonkeyPatch) -> None:
    # the shared comparison helpers look requests up in REQUESTS (today's): show them these two
    for name, r in rq.WITHDRAWN.items():
        monkeypatch.setitem(rq.REQUESTS, name, r)


def test_ids_and_protobuf_switch() -> None:
    assert (FUNDAMENTAL_DATA, REQ_FUNDAMENTAL_DATA, CANCEL_FUNDAMENTAL_DATA) == (51, 52, 53)
    # 10.45 moved them to protobuf with the scanner requests
    assert PROTOBUF_SINCE[52] == PROTOBUF_SINCE[53] == PROTOBUF_SINCE[24] == 210
    # today's request table (10.51's) stays without them
    assert not set(METHODS) & set(rq.REQUESTS)


@pytest.mark.parametrize("method", METHODS)
def test_requests_match_official_1045(v1045: Oracle, withdrawn: None, method: str) -> None:
    strategies = arg_strategies(method, loose=True)
    outcomes: dict[str, int] = {}

    @settings(max_examples=EXAMPLES * 5, deadline=None, suppress_health_check=list(HealthCheck),
              derandomize="IBWIRE_RANDOM" not in os.environ, database=None)
    @given(st.sampled_from(VERSIONS), st.tuples(*strategies), st.integers(0, 99))
    def check_one(sv: int, args: tuple[Any, ...], client_id: int) -> None:
        outcome = check(v1045, {"sv": sv, "method": method, "args": list(args), "clientId": client_id})
        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    check_one()
    assert outcomes.get("identical", 0) > EXAMPLES, outcomes


@pytest.mark.parametrize("sv", VERSIONS)
def test_typical_requests_at_every_version(v1045: Oracle, withdrawn: None, sv: int) -> None:
    contract = {"$": "Contract", "a": {"conId": 8314, "symbol": "IBM", "secType": "STK", "exchange": "SMART",
                                       "primaryExchange": "NYSE", "currency": "USD", "localSymbol": "IBM"}}
    options = [{"$": "TagValue", "init": ["a", "1"]}, {"$": "TagValue", "init": ["b", "x y"]}]
    cases = [("reqFundamentalData", [7, contract, "ReportsFinSummary", options]),
             ("reqFundamentalData", [8, {"$": "Contract"}, "", None]),
             ("reqFundamentalData", [9, contract, "RESC", []]),
             ("reqFundamentalData", [None, contract, "RESC", []]),  # None: the sending error
             ("reqFundamentalData", [10, contract, "caf\u00e9", []]),  # not ASCII: 579 in text
             ("cancelFundamentalData", [7]), ("cancelFundamentalData", [None])]
    for method, args in cases:
        case = {"sv": sv, "method": method, "args": args, "clientId": 0}
        outcome = check(v1045, case)
        if args[0] is not None and args[2:3] != ["caf\u00e9"]:
            assert outcome == "identical", (case, outcome)
            assert len(ours(case)["sent"]) == 1
    # not connected: 10.45 raises TypeError (it compares the missing server version with the protobuf
    # switch, as for every request of its protobuf groups); ibwire reports 504 as 10.51 does for those
    for method, args in cases[:1] + cases[5:6]:
        case = {"sv": sv, "method": method, "args": args, "offline": True}
        mine, theirs = ours(case, sans_io=False), v1045.ask(case)
        assert theirs["raised"] == "TypeError" and mine["raised"] is None
        assert mine["errors"] == [[-1, 504, "Not connected"]] and mine["sent"] == theirs["sent"] == []


def test_text_and_protobuf_forms() -> None:
    c = Contract()
    c.conId, c.symbol, c.secType, c.exchange, c.currency = 8314, "IBM", "STK", "SMART", "USD"
    opts = [TagValue("a", "1")]
    r, x = rq.WITHDRAWN["reqFundamentalData"], rq.WITHDRAWN["cancelFundamentalData"]
    assert r.encode(200, 5, c, "RESC", opts)[4:] == (
        b"52\x002\x005\x008314\x00IBM\x00STK\x00SMART\x00\x00USD\x00\x00RESC\x001\x00a=1;\x00")
    assert x.encode(176, 5)[4:] == b"53\x001\x005\x00"
    assert x.encode(209, 5)[4:] == (53).to_bytes(4, "big") + b"1\x005\x00"  # raw ids from 201, text to 209
    body = r.encode(210, 5, c, "RESC", opts)[4:]
    assert body[:4] == (252).to_bytes(4, "big")
    m = FundamentalsDataRequest_pb2.FundamentalsDataRequest.FromString(body[4:])
    assert (m.reqId, m.contract.conId, m.contract.symbol, m.reportType, dict(m.fundamentalsDataOptions)) == (
        5, 8314, "IBM", "RESC", {"a": "1"})
    assert x.encode(226, 5)[4:] == (253).to_bytes(4, "big") + b"\x08\x05"


def _client(sv: int) -> tuple[EClient, FakeConn]:
    c = EClient(EWrapper())
    c.setPacing(0)
    conn = FakeConn()
    c.serverVersion_ = sv
    c.conn = conn  # type: ignore[assignment]
    c.connState = EClient.CONNECTED
    return c, conn


def test_protobuf_senders_send_the_given_message() -> None:
    c, conn = _client(226)
    m = FundamentalsDataRequest_pb2.FundamentalsDataRequest(reqId=3, reportType="ReportSnapshot")
    c.reqFundamentalsDataProtoBuf(m)  # type: ignore[attr-defined]
    c.cancelFundamentalsDataProtoBuf(CancelFundamentalsData_pb2.CancelFundamentalsData(reqId=3))  # type: ignore[attr-defined]
    c.reqFundamentalsDataProtoBuf(None)  # type: ignore[attr-defined]
    assert conn.sent == [rq.proto_frame(52, m), rq.proto_frame(53, CancelFundamentalsData_pb2.CancelFundamentalsData(
        reqId=3))]


# --- decoding -----------------------------------------------------------------------------


def _text_body(sv: int, fields: list[bytes]) -> bytes:
    head = (51).to_bytes(4, "big") if sv >= 201 else b"51\x00"
    return head + b"".join(f + b"\x00" for f in fields)


def _ours(sv: int, body: bytes) -> tuple[list[Any], DecodeError | None]:
    try:
        events, err = Decoder(sv).decode(body), None
    except DecodeError as e:
        events, err = e.events, e
    return [[n, [norm(a) for a in args]] for n, args in events], err


def test_fundamental_data_decodes_like_official_1045() -> None:
    rng = random.Random(51)
    texts = [b"", b"<ReportSnapshot/>", b"x" * 3000, "caf\u00e9".encode(), b"caf\\u00e9", b"a\\b", b"\xff\xfe"]
    cases: list[tuple[int, bytes]] = []
    for sv in VERSIONS:
        for req_id in (b"7", b"-1", b"", b"2147483647"):
            cases.append((sv, _text_body(sv, [b"1", req_id, rng.choice(texts)])))
        cases.append((sv, _text_body(sv, [b"1", b"7"])))  # a field short
        cases.append((sv, _text_body(sv, [b"1", b"7", b"<a/>", b"extra"])))  # one too many
        cases.append((sv, _text_body(sv, [b"1", b"x", b"<a/>"])))  # an id that is no number
    for sv in range(201, 227):
        for _ in range(4):
            m = FundamentalsData_pb2.FundamentalsData()
            if rng.random() < 0.7:
                m.reqId = rng.choice([0, 7, -1, 2**31 - 1])
            if rng.random() < 0.7:
                m.data = rng.choice(["", "<ReportsFinSummary/>", "\u00e9t\u00e9", "a\\u00e9"])
            cases.append((sv, proto_message(51, m)[4:]))
    official = run_oracle("official_decode.py", stdin=json.dumps([[sv, b.hex()] for sv, b in cases]),
                          name="v1045", timeout=300)
    assert len(official) == len(cases)
    decoded = 0
    for (sv, body), theirs in zip(cases, official):
        mine, err = _ours(sv, body)
        if err is not None:
            if any(c[0] == "<BadMessage>" for c in theirs) and not err.events:
                continue  # both reject it (an id that is no number)
            if theirs == [] and not err.events:
                # a wrong field count: 10.45 logs it and delivers nothing; ibwire reports the bad frame (as for
                # every message the official client reads by the callback's signature)
                continue
            # text that is not UTF-8 (before server 153): delivered alike, and reported too
            assert "not UTF-8" in err.text and sv < 153, (sv, body.hex(), err.text)
        assert mine == theirs, (sv, body.hex(), mine, theirs)
        decoded += any(c[0] == "fundamentalData" for c in mine)
    assert decoded > 400


def test_fundamental_data_reaches_the_wrapper() -> None:
    calls: list[Any] = []

    class W(EWrapper):
        def fundamentalData(self, reqId: int, data: str) -> None:
            calls.append((reqId, data))

        def fundamentalsDataProtoBuf(self, fundamentalsDataProto: Any) -> None:
            calls.append(("proto", fundamentalsDataProto.reqId))

    c = EClient(W())
    for sv, body in ((176, _text_body(176, [b"1", b"4", b"<x/>"])),
                     (226, proto_message(51, FundamentalsData_pb2.FundamentalsData(reqId=5, data="<y/>"))[4:])):
        for name, args in Decoder(sv).decode(body):
            getattr(c.wrapper, name)(*args)
    assert calls == [(4, "<x/>"), ("proto", 5), (5, "<y/>")]


# --- the server side ----------------------------------------------------------------------


@pytest.mark.parametrize("sv", [100, 176, 200, 209, 210, 226])
def test_server_reads_both_forms(sv: int) -> None:
    c = Contract()
    c.conId, c.symbol, c.secType, c.exchange, c.currency = 8314, "IBM", "STK", "SMART", "USD"
    r, x = rq.WITHDRAWN["reqFundamentalData"], rq.WITHDRAWN["cancelFundamentalData"]
    for opts in (None, [], [TagValue("a", "1"), TagValue("b", "2")]):
        frame = r.encode(sv, 5, c, "ReportsFinSummary", opts)
        got = read_request(frame[4:], sv)
        assert got.name == "reqFundamentalData" and got.protobuf == (sv >= 210)
        assert got.message == r.proto(5, c, "ReportsFinSummary", opts)
        if not got.protobuf:
            assert got.args is not None and r.encode(sv, *got.args) == frame
    got = read_request(x.encode(sv, 9)[4:], sv)
    assert got.name == "cancelFundamentalData" and got.message == x.proto(9)


def test_server_reads_an_odd_text_layout_by_its_id() -> None:
    # fields this layout does not have: the request id is still read (the simulator answers it)
    body = b"52\x002\x008001\x00IBM\x00STK\x00"
    got = read_request(body, 176)
    assert got.name == "reqFundamentalData" and got.message is None and got.args is not None and got.args[0] == 8001


# --- a 10.45 program on the simulator: compat and the official package alike --------------

PROGRAM = textwrap.dedent('''
    import os, sys, threading
    from ibapi.client import EClient
    from ibapi.wrapper import EWrapper
    from ibapi.contract import Contract, DeltaNeutralContract

    threading.Timer(40, lambda: os._exit(3)).start()


    class App(EWrapper, EClient):
        def __init__(self):
            EClient.__init__(self, self)
            self.started = False

        def nextValidId(self, orderId):
            if self.started:
                return
            self.started = True
            c = Contract()
            c.symbol, c.secType, c.exchange, c.currency = "MSFT", "STK", "SMART", "USD"
            self.reqFundamentalData(8001, c, "ReportsFinSummary", [])

        def fundamentalData(self, reqId, data):
            print("data", reqId, flush=True)

        def error(self, reqId, errorTime, errorCode, errorString, advancedOrderRejectJson=""):
            if reqId < 0:
                return
            print("error", reqId, errorCode, errorString, flush=True)
            if reqId == 8001:
                self.cancelFundamentalData(8001)
                # a delta-neutral contract on a stock (text form below server 201)
                c = Contract()
                c.symbol, c.secType, c.exchange, c.currency = "MSFT", "STK", "SMART", "USD"
                d = DeltaNeutralContract()
                d.conId, d.delta, d.price = 272093, 0.5, 100.0
                c.deltaNeutralContract = d
                self.reqMktData(8002, c, "", True, False, [])
            else:
                self.disconnect()

        def tickSnapshotEnd(self, reqId):
            print("snapshot end", reqId, flush=True)
            self.disconnect()


    app = App()
    app.connect("127.0.0.1", int(sys.argv[1]), 0)
    app.run()
    print("done", flush=True)
    os._exit(0)
''')


def _run_program(tmp: Path, port: int, official: bool) -> list[str]:
    script = tmp / "fundamentals_1045.py"
    script.write_text(PROGRAM)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if official:
        env["PYTHONPATH"] = str(oracle_dir("v1045"))
        cmd = [*oracle_python(), str(script), str(port)]
    else:
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "compat"), str(ROOT)])
        cmd = [sys.executable, str(script), str(port)]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env, cwd=str(tmp))
    assert p.returncode == 0, p.stderr[-3000:]
    return p.stdout.splitlines()


@pytest.mark.parametrize("sv", [176, 226])
def test_a_1045_program_gets_430_from_the_simulator_as_official_does(tmp_path: Path, sv: int) -> None:
    clock = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.timezone.utc)
    outputs = []
    for official in (False, True):
        with Simulator(tick_interval=0.05, server_version=sv, clock=lambda: clock) as sim:
            outputs.append(_run_program(tmp_path, sim.port, official))
    compat, theirs = outputs
    assert compat == theirs
    assert compat == ["error 8001 430 We are sorry, but fundamentals data for the security specified is not "
                      "available.", "snapshot end 8002", "done"]


# --- the simulator's reader: text reqMktData with a delta-neutral contract ------------------


@pytest.mark.parametrize("sec_type", ["STK", "OPT", "FUT", "", "bag", "BAG"])
def test_text_mkt_data_with_a_delta_neutral_contract_is_read(sec_type: str) -> None:
    r = rq.REQUESTS["reqMktData"]
    for sv in range(100, 201):
        for legs in ([], [ComboLeg(5, 1, "BUY", "SMART"), ComboLeg(6, 2, "SELL", "SMART")]):
            c = Contract()
            c.symbol, c.secType, c.exchange, c.currency = "MSFT", sec_type, "SMART", "USD"
            c.comboLegs = legs
            c.deltaNeutralContract = DeltaNeutralContract(272093, 0.5, 100.0)
            frame = r.encode(sv, 3, c, "233", False, False, [])
            got = read_request(frame[4:], sv)
            assert got.args is not None, (sec_type, sv)
            read = got.args[1]
            assert vars(read.deltaNeutralContract) == {"conId": 272093, "delta": 0.5, "price": 100.0}
            assert [vars(x) for x in read.comboLegs] == ([vars(x) for x in legs] if sec_type == "BAG" else [])
            assert r.encode(sv, *got.args) == frame


@pytest.mark.parametrize("generation", ["v981", "v1037", "v1045", "latest"])
def test_official_text_mkt_data_with_a_delta_neutral_contract_is_read(generation: str) -> None:
    # the frames each official release writes (not only ibwire's), read back field for field
    cases = []
    for sv in (100, 150, 176, 200):
        for sec_type in ("STK", "OPT", "BAG"):
            contract = {"$": "Contract", "a": {
                "symbol": "MSFT", "secType": sec_type, "exchange": "SMART", "currency": "USD",
                "comboLegs": [{"$": "ComboLeg", "a": {"conId": 5, "ratio": 1, "action": "BUY", "exchange": "SMART"}}],
                "deltaNeutralContract": {"$": "DeltaNeutralContract",
                                         "a": {"conId": 272093, "delta": ["f", "0.5"], "price": ["f", "100.0"]}}}}
            cases.append({"sv": sv, "method": "reqMktData", "args": [3, contract, "", False, False, []]})
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(oracle_dir(generation))
    p = subprocess.run([*oracle_python(), "-B", str(SCRIPTS / "official_requests.py")], cwd=str(SCRIPTS), env=env,
                       input="".join(json.dumps(c) + "\n" for c in cases), capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr[-2000:]
    for case, line in zip(cases, p.stdout.splitlines()):
        (sent,) = json.loads(line)["sent"]
        body = bytes.fromhex(sent)[4:]
        got = read_request(body, case["sv"])
        assert got.args is not None
        assert vars(got.args[1].deltaNeutralContract) == {"conId": 272093, "delta": 0.5, "price": 100.0}
        assert len(got.args[1].comboLegs) == (1 if case["args"][1]["a"]["secType"] == "BAG" else 0)
        # what was read is what the client wrote (the official frame and ibwire's agree)
        ours_ = rq.REQUESTS["reqMktData"].encode(case["sv"], *got.args)
        assert split_frame(ours_[4:], case["sv"])[1] == split_frame(body, case["sv"])[1]


@pytest.mark.parametrize("generation", ["v981", "v1030", "v1037"])
def test_text_form_is_that_of_every_older_release(withdrawn: None, generation: str) -> None:
    # 9.81-10.37 sent the same text as 10.45 does below its protobuf switch
    contract = {"$": "Contract", "a": {"conId": 8314, "symbol": "IBM", "secType": "STK", "exchange": "SMART",
                                       "primaryExchange": "NYSE", "currency": "USD", "localSymbol": "IBM"}}
    options = [{"$": "TagValue", "init": ["a", "1"]}]
    cases = [{"sv": sv, "method": m, "args": a, "clientId": 0} for sv in (100, 150, 176, 200)
             for m, a in (("reqFundamentalData", [7, contract, "ReportSnapshot", options]),
                          ("reqFundamentalData", [8, {"$": "Contract"}, "RESC", None]),
                          ("cancelFundamentalData", [7]))]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(oracle_dir(generation))
    p = subprocess.run([*oracle_python(), "-B", str(SCRIPTS / "official_requests.py")], cwd=str(SCRIPTS), env=env,
                       input="".join(json.dumps(c) + "\n" for c in cases), capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr[-2000:]
    lines = p.stdout.splitlines()
    assert len(lines) == len(cases)
    for case, line in zip(cases, lines):
        theirs, mine = json.loads(line), ours(case)
        assert theirs["raised"] is None and theirs["errors"] == [] and len(theirs["sent"]) == 1, (case, theirs)
        assert mine == theirs, (generation, case, mine, theirs)
