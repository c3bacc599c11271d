"""Requests over a real socket: bad input is refused whole, good requests go through."""

from __future__ import annotations

import pytest
from conftest import App
from peer import Peer

from ibwire import Contract, Order
from ibwire.model.const import MAX_MSG_LEN
from ibwire.protocol.ids import OUT


def test_bad_input_is_refused_and_nothing_half_sent(app: App) -> None:
    with Peer(176, greet=False) as peer:
        app.connect(peer.port)
        s = peer.session()
        s.next_frame()  # startApi
        bad = Contract()
        bad.symbol = None  # type: ignore[assignment]
        app.c.reqContractDetails(5, bad)
        accent = Contract()
        accent.symbol = "CAF\u00c9"
        app.c.reqContractDetails(6, accent)
        o = Order()
        o.action, o.orderType = "BUY", "LMT"
        o.totalQuantity = 1  # type: ignore[assignment]
        o.lmtPrice = 10.0
        good = Contract()
        good.symbol, good.secType, good.exchange, good.currency = "AAPL", "STK", "SMART", "USD"
        app.c.placeOrder(7, good, o)
        body = s.next_frame()
        assert body.startswith(b"3\x007\x000\x00AAPL\x00STK\x00")  # the next frame is the order, whole
        errs = app.w.of("error")
        assert [(e[0], e[2]) for e in errs] == [(5, 518), (6, 579)]
        assert "Cannot send None to TWS" in errs[0][3]
        assert errs[1][3] == "Invalid symbol in string - CAF\u00c9"


def test_protobuf_requests_over_the_socket(app: App) -> None:
    with Peer(226, greet=False) as peer:
        app.connect(peer.port)
        s = peer.session()
        s.next_frame()
        c = Contract()
        c.conId = 265598
        app.c.reqContractDetails(9, c)
        body = s.next_frame()
        from ibwire.protocol.proto import ContractDataRequest_pb2

        assert int.from_bytes(body[:4], "big") == 209
        m = ContractDataRequest_pb2.ContractDataRequest.FromString(body[4:])
        assert m.reqId == 9 and m.contract.conId == 265598
        app.c.cancelContractData(9)
        assert int.from_bytes(s.next_frame()[:4], "big") == 306


HUGE = "A" * (17 * 1024 * 1024)  # printable, so only its size is wrong


def _huge_order() -> tuple[Contract, Order]:
    c = Contract()
    c.symbol, c.secType, c.exchange, c.currency = "AAPL", "STK", "SMART", "USD"
    o = Order()
    o.action, o.orderType, o.lmtPrice = "BUY", "LMT", 10.0
    o.totalQuantity = 1  # type: ignore[assignment]
    o.orderRef = HUGE
    return c, o


@pytest.mark.parametrize("sv", [176, 226])
def test_a_request_over_the_frame_limit_is_refused_and_the_connection_stays(app: App, sv: int) -> None:
    with Peer(sv, greet=False) as peer:
        app.connect(peer.port)
        s = peer.session()
        s.next_frame()  # startApi
        big = Contract()
        big.symbol = HUGE
        app.c.reqContractDetails(41, big)
        app.c.placeOrder(42, *_huge_order())
        app.w.wait_for(lambda: len(app.w.of("error")) >= 2)
        errs = [(e[0], e[2]) for e in app.w.of("error")]
        assert errs == [(41, 518), (42, 512)]
        for e in app.w.of("error"):
            assert "Bad message length" in e[3] and str(MAX_MSG_LEN) in e[3], e[3][:200]
        # the connection is intact and the very next frame the peer sees is whole and ours
        app.c.reqCurrentTime()
        body = s.next_frame()
        assert len(body) < 64
        mid = int.from_bytes(body[:4], "big") if sv >= 201 else int(body.split(b"\0", 1)[0])
        assert mid % 200 == OUT.REQ_CURRENT_TIME
        app.w.wait_for("currentTime")
        assert app.c.isConnected() and not s.closed.is_set()
        assert s.frames.empty()  # nothing else, in particular no piece of the refused frames
