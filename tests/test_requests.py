"""Requests over a real socket: bad input is refused whole, good requests go through."""

from __future__ import annotations

from conftest import App
from peer import Peer

from ibwire import Contract, Order


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
