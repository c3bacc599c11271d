"""Contract helpers: ``Stock("AAPL")`` and friends build a :class:`~ibwire.model.Contract` of their kind."""

from __future__ import annotations

from typing import Any

from ..model import Contract
from ..model.const import UNSET_DOUBLE

__all__ = ["Stock", "Forex", "Future", "Option", "Index", "Crypto", "Bond"]


def _contract(**kw: Any) -> Contract:
    c = Contract()
    for k, v in kw.items():
        setattr(c, k, v)
    return c


def Stock(symbol: str = "", exchange: str = "SMART", currency: str = "USD", **kw: Any) -> Contract:
    return _contract(secType="STK", symbol=symbol, exchange=exchange, currency=currency, **kw)


def Forex(pair: str = "", exchange: str = "IDEALPRO", symbol: str = "", currency: str = "", **kw: Any) -> Contract:
    if pair:
        symbol, currency = pair[:3], pair[3:]
    return _contract(secType="CASH", symbol=symbol, exchange=exchange, currency=currency, **kw)


def Future(symbol: str = "", lastTradeDateOrContractMonth: str = "", exchange: str = "", currency: str = "",
           **kw: Any) -> Contract:
    return _contract(secType="FUT", symbol=symbol, lastTradeDateOrContractMonth=lastTradeDateOrContractMonth,
                     exchange=exchange, currency=currency, **kw)


def Option(symbol: str = "", lastTradeDateOrContractMonth: str = "", strike: float = 0.0, right: str = "",
           exchange: str = "SMART", currency: str = "USD", multiplier: str = "", **kw: Any) -> Contract:
    return _contract(secType="OPT", symbol=symbol, lastTradeDateOrContractMonth=lastTradeDateOrContractMonth,
                     strike=strike or UNSET_DOUBLE, right=right, exchange=exchange, currency=currency,
                     multiplier=multiplier, **kw)


def Index(symbol: str = "", exchange: str = "", currency: str = "USD", **kw: Any) -> Contract:
    return _contract(secType="IND", symbol=symbol, exchange=exchange, currency=currency, **kw)


def Crypto(symbol: str = "", exchange: str = "PAXOS", currency: str = "USD", **kw: Any) -> Contract:
    return _contract(secType="CRYPTO", symbol=symbol, exchange=exchange, currency=currency, **kw)


def Bond(**kw: Any) -> Contract:
    return _contract(secType="BOND", **kw)
