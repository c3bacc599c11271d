"""Order helpers: ``LimitOrder("BUY", 100, 150.0)`` and friends build an :class:`~ibwire.model.Order`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..model import Order

__all__ = ["MarketOrder", "LimitOrder", "StopOrder", "StopLimitOrder"]


def _order(action: str, totalQuantity: float | Decimal, orderType: str, **kw: Any) -> Order:
    o = Order()
    o.action, o.totalQuantity, o.orderType = action, Decimal(str(totalQuantity)), orderType
    for k, v in kw.items():
        setattr(o, k, v)
    return o


def MarketOrder(action: str, totalQuantity: float | Decimal, **kw: Any) -> Order:
    return _order(action, totalQuantity, "MKT", **kw)


def LimitOrder(action: str, totalQuantity: float | Decimal, lmtPrice: float, **kw: Any) -> Order:
    return _order(action, totalQuantity, "LMT", lmtPrice=lmtPrice, **kw)


def StopOrder(action: str, totalQuantity: float | Decimal, stopPrice: float, **kw: Any) -> Order:
    return _order(action, totalQuantity, "STP", auxPrice=stopPrice, **kw)


def StopLimitOrder(action: str, totalQuantity: float | Decimal, lmtPrice: float, stopPrice: float,
                   **kw: Any) -> Order:
    return _order(action, totalQuantity, "STP LMT", lmtPrice=lmtPrice, auxPrice=stopPrice, **kw)
