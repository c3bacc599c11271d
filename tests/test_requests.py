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


# --- loose values (the text protocol's leniency, kept at protobuf versions) -------------------


def test_loose_values_go_as_tws_read_their_text() -> None:
    from decimal import Decimal

    from ibwire.protocol.fields import Unsendable, to_bool, to_float, to_int, to_text

    assert to_int("265598") == 265598 and to_int(265598.0) == 265598 and to_int("265598.0") == 265598
    assert to_int(Decimal("265598")) == 265598 and to_int("1e3") == 1000 and to_int(True) == 1
    assert to_int("") == 2147483647  # an empty field: unset
    assert to_float("1.10") == 1.1 and to_float("Infinity") == float("inf") and to_float("") == 1.7976931348623157e308
    assert to_float(Decimal("1.10")) == Decimal("1.10")  # protobuf takes it as it is
    assert to_text(20250213) == "20250213" and to_text(True) == "1" and to_text(b"ab") == b"ab"
    assert to_bool("0") is False and to_bool("1") is True and to_bool(1.0) is True
    for bad, conv in (("1.5", to_int), ("12x", to_int), ("nan", to_int), ("abc", to_float), ("inf", to_float),
                      ([1], to_int), (b"1", to_float), ("yes", to_bool), (object(), to_text)):
        with pytest.raises(Unsendable):
            conv(bad)
    with pytest.raises(Unsendable, match="^Cannot send None to TWS$"):
        to_int(None)


def _loose_order() -> tuple[Contract, Order]:
    c = Contract()
    c.conId = "265598"  # type: ignore[assignment]
    c.symbol, c.secType, c.exchange, c.currency = "AAPL", "OPT", "SMART", "USD"
    c.lastTradeDateOrContractMonth = 20250213  # type: ignore[assignment]
    c.strike = "150"  # type: ignore[assignment]
    o = Order()
    o.action, o.orderType = "BUY", "LMT"
    o.totalQuantity = 100  # type: ignore[assignment]
    o.lmtPrice = "1.10"  # type: ignore[assignment]
    o.transmit = 1  # type: ignore[assignment]
    o.outsideRth = "0"  # type: ignore[assignment]
    return c, o


def test_loose_values_over_the_socket_at_a_protobuf_version(app: App) -> None:
    from ibwire.protocol.proto import PlaceOrderRequest_pb2, SecDefOptParamsRequest_pb2

    with Peer(226, greet=False) as peer:
        app.connect(peer.port)
        s = peer.session()
        s.next_frame()
        app.c.reqSecDefOptParams(3, "AAPL", "", "STK", "265598")  # type: ignore[arg-type]
        body = s.next_frame()
        m = SecDefOptParamsRequest_pb2.SecDefOptParamsRequest.FromString(body[4:])
        assert m.underlyingConId == 265598 and m.reqId == 3
        app.c.placeOrder(8, *_loose_order())
        p = PlaceOrderRequest_pb2.PlaceOrderRequest.FromString(s.next_frame()[4:])
        assert p.contract.conId == 265598 and p.contract.lastTradeDateOrContractMonth == "20250213"
        assert p.contract.strike == 150.0 and p.order.lmtPrice == 1.1 and p.order.totalQuantity == "100"
        assert p.order.transmit is True and not p.order.HasField("outsideRth")  # "0" is false, as TWS read it
        # a value no form can take: the request's sending error, nothing sent, the connection goes on
        bad_c, bad_o = _loose_order()
        bad_o.lmtPrice = "abc"  # type: ignore[assignment]
        app.c.placeOrder(9, bad_c, bad_o)
        app.c.cancelMktData(None)  # type: ignore[arg-type]
        app.w.wait_for(lambda: len(app.w.of("error")) >= 2)
        errs = [(e[0], e[2], e[3]) for e in app.w.of("error")]
        assert errs == [(9, 512, "Order Sending Error - Cannot send 'abc' to TWS as a number for lmtPrice"),
                        (None, 511, "Cancel Market Data Sending Error - Cannot send None to TWS")]
        app.c.reqCurrentTime()
        assert int.from_bytes(s.next_frame()[:4], "big") == 200 + OUT.REQ_CURRENT_TIME
        assert s.frames.empty()


def test_loose_values_as_text_below_201(app: App) -> None:
    with Peer(176, greet=False) as peer:
        app.connect(peer.port)
        s = peer.session()
        s.next_frame()
        app.c.reqSecDefOptParams(3, "AAPL", "", "STK", "265598")  # type: ignore[arg-type]
        assert s.next_frame() == b"78\x003\x00AAPL\x00\x00STK\x00265598\x00"
        app.c.placeOrder(8, *_loose_order())
        body = s.next_frame()
        assert body.startswith(b"3\x008\x00265598\x00AAPL\x00OPT\x0020250213\x00150\x00")
        assert b"\x00BUY\x00100\x00LMT\x001.10\x00" in body
