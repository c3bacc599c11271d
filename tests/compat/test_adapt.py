"""The adaptation rules of docs/migration.md, one by one (compat imported in a subprocess-free way:
its package is named ibapi, so these tests import it from compat/ explicitly)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest





def wrapper_with(ibapi: Any, **methods: Any) -> Any:
    from ibapi.wrapper import EWrapper

    return type("W", (EWrapper,), dict(methods, __module__="user_program"))()


def test_error_forms(ibapi: Any) -> None:
    from ibapi import _adapt

    cases = {
        _adapt.LEGACY3: lambda self, reqId, errorCode, errorString: None,
        _adapt.LEGACY4: lambda self, reqId, errorCode, errorString, advancedOrderRejectJson: None,
        _adapt.MODERN: lambda self, reqId, errorTime, errorCode, errorString, advancedOrderRejectJson="": None,
    }
    for form, fn in cases.items():
        assert _adapt.error_form(wrapper_with(ibapi, error=fn)) == form
    assert _adapt.error_form(wrapper_with(ibapi, error=lambda self, *a: None)) == _adapt.MODERN
    assert _adapt.error_form(wrapper_with(ibapi, error=lambda self, r, errorTime, c, s: None)) == _adapt.MODERN
    assert _adapt.error_form(wrapper_with(ibapi)) == _adapt.MODERN


def test_delivery_per_generation(ibapi: Any) -> None:
    from ibapi import _adapt
    from ibapi.commission_report import CommissionReport

    from ibwire.model import BarData, CommissionAndFeesReport

    got: list[Any] = []
    legacy = wrapper_with(ibapi, error=lambda self, reqId, errorCode, errorString: got.append((reqId, errorCode)),
                          commissionReport=lambda self, r: got.append(r),
                          tickSize=lambda self, *a: got.append(a),
                          historicalData=lambda self, reqId, bar: got.append(bar))
    deliver = {n: _adapt.adapt(legacy, n, getattr(legacy, n)) for n in
               ("error", "commissionAndFeesReport", "tickSize", "historicalData")}
    deliver["error"](7, 1700000000000, 200, "no", "")
    r = CommissionAndFeesReport()
    r.commissionAndFees = 1.25
    deliver["commissionAndFeesReport"](r)
    deliver["tickSize"](1, 0, Decimal(300))
    bar = BarData()
    bar.volume, bar.wap = Decimal(1200), Decimal("10.5")
    deliver["historicalData"](3, bar)
    assert got[0] == (7, 200)
    assert isinstance(got[1], CommissionReport) and got[1].commission == 1.25 == got[1].commissionAndFees
    assert got[2] == (1, 0, 300) and type(got[2][2]) is int
    assert got[3].volume == 1200 and type(got[3].volume) is int and got[3].average == 10.5
    modern = wrapper_with(ibapi, tickSize=lambda self, *a: got.append(a))
    _adapt.adapt(modern, "tickSize", modern.tickSize)(1, 0, Decimal(5))
    assert got[-1] == (1, 0, Decimal(5)) and type(got[-1][2]) is Decimal


def test_calling_up_to_the_default_error_in_every_form(ibapi: Any) -> None:
    from ibapi.wrapper import EWrapper

    w = EWrapper()
    w.error(1, 200, "text")
    w.error(1, 200, "text", "{}")
    w.error(1, 1700000000000, 200, "text", "")


def test_cancel_order_forms_send_what_the_modern_call_sends(ibapi: Any) -> None:
    from ibapi.client import EClient
    from ibapi.order_cancel import OrderCancel

    sent: list[bytes] = []

    class Conn:
        def send(self, data: bytes) -> None:
            sent.append(data)

        def isConnected(self) -> bool:
            return True

    def client() -> Any:
        c = EClient(wrapper_with(ibapi))
        c.setPacing(0)
        c.conn = Conn()
        c.serverVersion_ = 176
        c.connState = EClient.CONNECTED
        return c

    c = client()
    c.cancelOrder(5)
    c.cancelOrder(5, "20261124 10:00:00")
    oc = OrderCancel()
    oc.manualOrderCancelTime = "20261124 10:00:00"
    c.cancelOrder(5, oc)
    c.cancelOrder(5, OrderCancel())
    c.reqGlobalCancel()
    assert sent[0] == sent[3] and sent[1] == sent[2] and sent[0] != sent[1] and len(sent) == 5


def test_generation_from_other_callbacks_when_error_is_not_overridden(ibapi: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without an ``error`` override: callbacks only 10.37+ has, ``commissionReport`` (renamed in 10.37) and
    the annotations of size parameters show the generation; nothing shown is 10.37+."""
    from ibapi import _adapt

    monkeypatch.delenv(_adapt.DECLARED, raising=False)

    def sized(annotation: Any) -> Any:
        def orderStatus(self: Any, orderId: int, status: str, filled: Any, remaining: Any, *rest: Any) -> None: ...
        orderStatus.__annotations__.update(filled=annotation, remaining=annotation)
        return orderStatus

    cases = [
        ({}, _adapt.MODERN),
        ({"orderStatus": sized(float)}, _adapt.LEGACY3),
        ({"orderStatus": sized("int")}, _adapt.LEGACY3),  # annotations as text (from __future__ import annotations)
        ({"orderStatus": sized(Decimal)}, _adapt.MODERN),
        ({"orderStatus": sized("Decimal"), "commissionReport": lambda self, r: None}, _adapt.LEGACY4),
        ({"commissionReport": lambda self, r: None}, _adapt.LEGACY4),
        ({"commissionReport": lambda self, r: None, "orderStatus": sized(float)}, _adapt.LEGACY3),
        ({"commissionAndFeesReport": lambda self, r: None, "orderStatus": sized(float)}, _adapt.MODERN),
        ({"tickPriceProtoBuf": lambda self, m: None}, _adapt.MODERN),
        # an error override decides before any hint
        ({"error": lambda self, reqId, errorCode, errorString: None, "orderStatus": sized(Decimal)}, _adapt.LEGACY3),
    ]
    for methods, expected in cases:
        assert _adapt.generation(wrapper_with(ibapi, **methods)) == expected, (sorted(methods), expected)


@pytest.mark.parametrize("value, expected", [("9.81", "9.x"), ("9.76", "9.x"), ("10.19", "10.10-10.30"),
                                             ("10.30", "10.10-10.30"), ("10.33", "10.37+"), ("10.37", "10.37+"),
                                             ("10.51", "10.37+"), ("10.10-10.30", "10.10-10.30")])
def test_declared_generation(ibapi: Any, monkeypatch: pytest.MonkeyPatch, value: str, expected: str) -> None:
    """IBWIRE_IBAPI_VERSION names the release a program was written for: it decides the generation (sizes,
    printouts), while an overridden error is still called with the parameters it declares."""
    from ibapi import _adapt

    monkeypatch.setenv(_adapt.DECLARED, value)
    assert _adapt.generation(wrapper_with(ibapi)) == expected
    seen: list[tuple[Any, ...]] = []
    w = wrapper_with(ibapi, error=lambda self, reqId, errorCode, errorString, json="": seen.append(
        (reqId, errorCode, errorString, json)))
    assert _adapt.generation(w) == expected
    _adapt.adapt(w, "error", w.error)(3, 1700000000000, 200, "no security", "")
    assert seen == [(3, 200, "no security", "")]


def test_declared_generation_must_be_a_release(ibapi: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from ibapi import _adapt

    monkeypatch.setenv(_adapt.DECLARED, "latest")
    with pytest.raises(ValueError, match="IBWIRE_IBAPI_VERSION"):
        _adapt.generation(wrapper_with(ibapi))


def test_declared_9x_sizes_without_any_hint(ibapi: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 9.x program that shows nothing of its generation gets 9.x sizes once it is declared."""
    from ibapi import _adapt

    w = wrapper_with(ibapi, orderStatus=lambda self, *a: None)
    monkeypatch.delenv(_adapt.DECLARED, raising=False)
    assert _adapt.adapt(w, "orderStatus", lambda *a: a)(1, "Filled", Decimal("2"), Decimal("0"))[2] == Decimal("2")
    monkeypatch.setenv(_adapt.DECLARED, "9.81")
    got = _adapt.adapt(w, "orderStatus", lambda *a: a)(1, "Filled", Decimal("2"), Decimal("0"))
    assert got[2] == 2.0 and type(got[2]) is float
