"""What the old forms and attributes of the recorded surface (``test_surface.py``) do, against a scripted peer.

Signatures that bind are not enough: each old call form must send what today's
form with the same meaning sends, and the attributes programs read (the IB
Testbed's ``self.asynchronous`` in ``connectAck``) must behave as they did.
"""

from __future__ import annotations

import logging
import struct
from typing import Any

import pytest
from conftest import wait_until
from peer import Peer

from ibwire.protocol.ids import OUT, PROTOBUF_MSG_ID





def msg_id(sv: int, body: bytes) -> int:
    return int.from_bytes(body[:4], "big") % PROTOBUF_MSG_ID if sv >= 201 else int(body.split(b"\0", 1)[0])


class Recorder:
    """An ``App(EWrapper, EClient)`` of compat connected to a peer; ``frames(kind)`` what it sent of a kind."""

    def __init__(self, ibapi: Any, peer: Peer, **methods: Any) -> None:
        from ibapi.client import EClient
        from ibapi.wrapper import EWrapper

        def init(self: Any) -> None:
            EClient.__init__(self, self)
            self.errors: list[tuple[Any, ...]] = []

        def error(self: Any, reqId: Any, errorTime: Any, errorCode: Any, errorString: Any, json: Any = "") -> None:
            self.errors.append((reqId, errorCode, errorString))

        cls = type("App", (EWrapper, EClient), {"__init__": init, "error": error, "__module__": "user_program",
                                                 **methods})
        self.app = cls()
        self.peer = peer
        self.app.connect("127.0.0.1", peer.port, 0)
        self.session = peer.session()
        self.sent: list[bytes] = []
        assert self.app.isConnected()

    def frames(self, kind: int, count: int = 1) -> list[bytes]:
        def have() -> bool:
            while not self.session.frames.empty():
                self.sent.append(self.session.frames.get())
            return len([b for b in self.sent if msg_id(self.session.version, b) == kind]) >= count

        wait_until(have, what=f"{count} frame(s) of request {kind}")
        return [b for b in self.sent if msg_id(self.session.version, b) == kind]

    def close(self) -> None:
        self.app.disconnect()


@pytest.mark.parametrize("sv", [170, 226])
def test_wsh_event_data_by_conid_sends_what_wsh_event_data_with_that_conid_sends(ibapi: Any, sv: int) -> None:
    """10.10-10.13 ``reqWshEventData(reqId, conId)``: the request for that contract, as today's form sends it."""
    from ibapi.common import WshEventData

    with Peer(version=sv, protobuf=sv >= 201) as peer:
        r = Recorder(ibapi, peer)
        try:
            data = WshEventData()
            data.conId = 8314
            r.app.reqWshEventData(5, data)
            r.app.reqWshEventData(6, 8314)  # the 10.10 form
            r.app.reqWshEventData(reqId=7, conId=8314)  # the 10.10 names
            r.app.reqWshEventData(8, data, None)  # 10.30-10.33 had a third, unused parameter
            new, old, named, third = r.frames(OUT.REQ_WSH_EVENT_DATA, 4)
            assert r.app.errors == []
        finally:
            r.close()
    if sv < 201:
        assert b"\x008314\x00" in old
        assert old.replace(b"6", b"5", 1) == named.replace(b"7", b"5", 1) == third.replace(b"8", b"5", 1) == new
    else:
        from ibwire.protocol.proto.WshEventDataRequest_pb2 import WshEventDataRequest

        def fields(body: bytes) -> dict[str, Any]:
            m = WshEventDataRequest.FromString(body[4:])
            return {f.name: v for f, v in m.ListFields() if f.name != "reqId"}

        assert fields(old) == fields(named) == fields(third) == fields(new)
        assert fields(old)["conId"] == 8314


def test_cancel_order_every_form(ibapi: Any) -> None:
    with Peer(version=226, protobuf=True) as peer:
        r = Recorder(ibapi, peer)
        try:
            r.app.cancelOrder(11)  # 9.x-10.14
            r.app.cancelOrder(12, "20261124 15:00:00")  # 10.15-10.2x
            r.app.cancelOrder(13, manualCancelOrderTime="20261124 15:00:00")
            frames = r.frames(OUT.CANCEL_ORDER, 3)
            assert r.app.errors == []
        finally:
            r.close()
    assert b"20261124 15:00:00" not in frames[0]
    assert b"20261124 15:00:00" in frames[1] and b"20261124 15:00:00" in frames[2]


def test_exercise_options_with_the_six_arguments_of_9x_to_10_2x(ibapi: Any) -> None:
    from ibapi.contract import Contract

    c = Contract()
    c.conId, c.symbol, c.secType, c.exchange, c.currency = 1, "SPY", "OPT", "SMART", "USD"
    with Peer(version=226, protobuf=True) as peer:
        r = Recorder(ibapi, peer)
        try:
            r.app.exerciseOptions(3, c, 1, 1, "DU111111", 0)
            r.app.exerciseOptions(3, c, 1, 1, "DU111111", 0, "", "", False)
            old, new = r.frames(OUT.EXERCISE_OPTIONS, 2)
        finally:
            r.close()
    assert old == new


def test_testbed_connect_ack_reads_asynchronous(ibapi: Any) -> None:
    """The IB Testbed's ``connectAck`` starts the API itself when ``asynchronous`` is set, as the official did."""
    acks: list[bool] = []

    def connectAck(self: Any) -> None:
        acks.append(self.asynchronous)
        if self.asynchronous:
            self.startApi()

    with Peer(version=226, protobuf=True, greet=False) as peer:
        r = Recorder(ibapi, peer, connectAck=connectAck)
        try:
            assert acks == [False] and r.app.extraAuth is False
            assert len(r.frames(OUT.START_API)) == 1
            r.app.asynchronous = True
            r.app.connectAck()
            assert len(r.frames(OUT.START_API, 2)) == 2
        finally:
            r.close()


def test_connection_time_is_bytes_in_compat_and_str_in_ibwire(ibapi: Any) -> None:
    import ibwire

    with Peer(version=226) as peer:
        r = Recorder(ibapi, peer)
        try:
            assert r.app.twsConnectionTime() == b"20261124 12:00:00 UTC"
            assert r.app.connTime == b"20261124 12:00:00 UTC"
            assert r.app.twsConnectionTime().decode() == "20261124 12:00:00 UTC"
        finally:
            r.close()
        native = ibwire.EClient(ibwire.EWrapper())
        native.connect("127.0.0.1", peer.port, 1)
        try:
            assert native.twsConnectionTime() == "20261124 12:00:00 UTC"
        finally:
            native.disconnect()


def test_send_msg_both_forms(ibapi: Any) -> None:
    """``sendMsg(text)`` (text with the id first) and ``sendMsg(msgId, text)`` (10.37+) frame as the officials did."""
    from ibapi.comm import make_field

    for sv in (176, 226):
        with Peer(version=sv) as peer:
            r = Recorder(ibapi, peer)
            try:
                r.app.sendMsg(make_field(OUT.REQ_CURRENT_TIME) + make_field(1))
                r.app.sendMsg(OUT.REQ_CURRENT_TIME, make_field(1))
                r.app.sendMsg(msgId=OUT.REQ_CURRENT_TIME, msg=make_field(1))
                old, new, named = r.frames(OUT.REQ_CURRENT_TIME, 3)
            finally:
                r.close()
        # the text form at server 201+ (which no release of the text form reached) goes as that server reads it
        assert old == new == named == (struct.pack("!I", 49) + b"1\x00" if sv >= 201 else b"49\x001\x00")


@pytest.mark.parametrize("sv", [176, 226])
def test_fundamental_data_is_sent_as_its_release_sent_it(ibapi: Any, sv: int) -> None:
    # 9.x-10.45 sent these (IB withdrew them in 10.50): compat sends them too, text or (from 210) protobuf
    from ibapi.contract import Contract

    with Peer(version=sv, protobuf=sv >= 201) as peer:
        r = Recorder(ibapi, peer)
        try:
            r.app.reqFundamentalData(8001, Contract(), "ReportsFinSummary", [])
            r.app.cancelFundamentalData(8001)
            r.app.reqCurrentTime()
            r.frames(OUT.REQ_CURRENT_TIME)
            raw = [int.from_bytes(b[:4], "big") if sv >= 201 else msg_id(sv, b) for b in r.sent]
        finally:
            r.close()
    assert [m for m in raw if m % PROTOBUF_MSG_ID in (52, 53)] == ([252, 253] if sv >= 210 else [52, 53])
    assert r.app.errors == []


def test_state_helpers(ibapi: Any) -> None:
    from ibapi.client import EClient
    from ibapi.utils import ClientException
    from ibapi.wrapper import EWrapper

    c = EClient(EWrapper())
    assert (c.asynchronous, c.extraAuth, c.nKeybIntHard, c.decode, c.connectionOptions) == (False, False, 0, None, None)
    c.setConnectionOptions("+PACEAPI")
    assert c.connectOptions == c.connectionOptions == "+PACEAPI"
    c.connectionOptions = "+X"
    assert c.connectOptions == "+X"
    c.setConnState(EClient.CONNECTING)
    assert c.connState == EClient.CONNECTING and not c.isConnected()
    c.asynchronous = True
    c.reset()
    assert (c.connState, c.asynchronous, c.connectOptions, c.host) == (EClient.DISCONNECTED, False, None, None)
    for _ in range(5):
        c.keyboardInterruptHard()
    with pytest.raises(SystemExit):
        c.keyboardInterruptHard()
    c.checkConnected()  # not connected: nothing
    with pytest.raises(ClientException) as e:
        c.validateInvalidSymbols("h\u00e9st")
    assert e.value.code == 579
    assert c.useProtoBuf(OUT.REQ_EXECUTIONS) is False  # no connection, no server version
    c.serverVersion_ = 201
    assert c.useProtoBuf(OUT.REQ_EXECUTIONS) is True and c.useProtoBuf(OUT.REQ_MKT_DATA) is False


def test_wrapper_defaults_take_every_generations_keywords(ibapi: Any, caplog: pytest.LogCaptureFixture) -> None:
    """Programs call up to the defaults (``super().error(...)``) with their own generation's names."""
    from ibapi.wrapper import EWrapper

    seen: list[tuple[Any, ...]] = []

    class Core(EWrapper):
        pass

    w = Core()
    import ibapi.wrapper as W

    original = W._report
    try:
        W._report = lambda *a: seen.append(a)
        w.error(1, 200, "no security")  # 9.x
        w.error(reqId=1, errorCode=200, errorString="no security")
        w.error(1, 200, "no security", "{}")  # 10.14-10.30
        w.error(1, errorCode=200, errorString="no security", advancedOrderRejectJson="{}")
        w.error(1, 1700000000000, 200, "no security", "{}")  # 10.33+
        w.error(reqId=1, errorTime=1700000000000, errorCode=200, errorString="no security", advancedOrderRejectJson="{}")
        w.error(1, 1700000000000, errorCode=200, errorString="no security")
    finally:
        W._report = original
    assert seen == [
        (1, 0, 200, "no security", ""), (1, 0, 200, "no security", ""),
        (1, 0, 200, "no security", "{}"), (1, 0, 200, "no security", "{}"),
        (1, 1700000000000, 200, "no security", "{}"), (1, 1700000000000, 200, "no security", "{}"),
        (1, 1700000000000, 200, "no security", ""),
    ]
    with caplog.at_level(logging.DEBUG):
        w.orderBound(reqId=5, apiClientId=0, apiOrderId=9)  # the pre-10.2x names
        w.orderBound(5, 0, 9)
        w.logAnswer("tickPrice", fnParams={"self": w, "reqId": 1})
        w.fundamentalData(3, "<xml/>")


@pytest.mark.parametrize("form, line, with_json", [
    ("9.x", "ERROR 7 200 no security", "ERROR 7 200 no security"),
    ("10.10-10.30", "ERROR 7 200 no security", "ERROR 7 200 no security {}"),
    ("10.37+", "ERROR 7 1700000000000 200 no security", "ERROR 7 1700000000000 200 no security {}"),
])
def test_default_error_logs_as_the_programs_release(ibapi: Any, caplog: pytest.LogCaptureFixture, form: str,
                                                    line: str, with_json: str) -> None:
    """The default error() writes every code at ERROR, laid out as the program's own release did."""
    import ibapi._adapt as A
    from ibapi.wrapper import EWrapper

    A._current = form
    with caplog.at_level(logging.ERROR, logger="ibapi.wrapper"):
        EWrapper().error(7, 1700000000000, 200, "no security")
        EWrapper().error(7, 1700000000000, 200, "no security", "{}")
    got = [r.getMessage() for r in caplog.records if r.name == "ibapi.wrapper"]
    assert got == [line, with_json]
    assert all(r.levelno == logging.ERROR for r in caplog.records if r.name == "ibapi.wrapper")


def test_utils_as_the_official(ibapi: Any) -> None:
    from ibapi import utils
    from ibapi.common import FaDataTypeEnum
    from ibapi.contract import FundAssetType
    from ibapi.ticktype import TickTypeEnum

    import time as _time

    millis = 1796131968137
    local = _time.strftime("%b %d, %Y %H:%M:%S", _time.localtime(millis // 1000))
    assert utils.getTimeStrFromMillis(time=millis) == local + ".137"
    assert utils.getTimeStrFromMillis(0) == ""
    assert FaDataTypeEnum.PROFILES == 2 and FaDataTypeEnum.GROUPS == 1 and FaDataTypeEnum.ALIASES == 3
    assert TickTypeEnum.FUNDAMENTAL_RATIOS == TickTypeEnum.NOT_USED == 47
    assert utils.getEnumTypeFromString(FundAssetType, "004") is FundAssetType.Equity
    assert utils.getEnumTypeFromString(cls=FundAssetType, stringIn="nope") is list(FundAssetType)[0]
    assert utils.getEnumTypeName(FundAssetType, "nope") == list(FundAssetType)[0].value[1]
    assert utils.listOfValues(FundAssetType) == list(FundAssetType)
    fields = iter([b"caf\\u00e9"])
    assert utils.decode(str, fields, False, True) == "caf\u00e9"


def test_replace_fa_without_request_id_as_9_7x(ibapi: Any) -> None:
    with Peer(version=176) as peer:
        r = Recorder(ibapi, peer)
        try:
            r.app.replaceFA(1, "<groups/>")  # 9.7x: (faData, cxml)
            r.app.replaceFA(-1, 1, "<groups/>")
            old, new = r.frames(OUT.REPLACE_FA, 2)
            assert r.app.errors == []
        finally:
            r.close()
    assert old == new == b"19\x001\x001\x00<groups/>\x00-1\x00"
