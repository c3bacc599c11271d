"""Convenience constructors and the live objects of the facade: Trade, Fill, Ticker, positions, values.

Names follow ib_async where the concept is the same, so code moves over.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sortedcontainers import SortedDict  # type: ignore[import-untyped]

from ..model import CommissionAndFeesReport, Contract, Execution, Order, OrderState
from ..model.const import UNSET_DOUBLE
from .events import Event

__all__ = ["Stock", "Forex", "Future", "Option", "Index", "Crypto", "Bond", "MarketOrder", "LimitOrder", "StopOrder",
           "StopLimitOrder", "OrderStatus", "Fill", "TradeLogEntry", "Trade", "Ticker", "Position", "PortfolioItem",
           "AccountValue", "PnL", "DOMLevel", "BarDataList"]

nan = math.nan


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


@dataclass
class OrderStatus:
    orderId: int = 0
    status: str = ""
    filled: Decimal = Decimal(0)
    remaining: Decimal = Decimal(0)
    avgFillPrice: float = 0.0
    permId: int = 0
    parentId: int = 0
    lastFillPrice: float = 0.0
    clientId: int = 0
    whyHeld: str = ""
    mktCapPrice: float = 0.0

    DoneStates = frozenset({"Filled", "Cancelled", "ApiCancelled", "Inactive"})
    ActiveStates = frozenset({"PendingSubmit", "ApiPending", "PreSubmitted", "Submitted"})


@dataclass
class Fill:
    contract: Contract
    execution: Execution
    commissionReport: CommissionAndFeesReport
    time: _dt.datetime


@dataclass
class TradeLogEntry:
    time: _dt.datetime
    status: str = ""
    message: str = ""
    errorCode: int = 0


@dataclass(eq=False)
class Trade:
    """An order and everything that happened to it, updated in place."""

    contract: Contract
    order: Order
    orderStatus: OrderStatus = field(default_factory=OrderStatus)
    fills: list[Fill] = field(default_factory=list)
    log: list[TradeLogEntry] = field(default_factory=list)
    orderState: OrderState | None = None

    def __post_init__(self) -> None:
        self.statusEvent = Event("statusEvent")
        self.fillEvent = Event("fillEvent")
        self.filledEvent = Event("filledEvent")
        self.cancelledEvent = Event("cancelledEvent")

    def isActive(self) -> bool:
        return self.orderStatus.status in OrderStatus.ActiveStates

    def isDone(self) -> bool:
        return self.orderStatus.status in OrderStatus.DoneStates

    def filled(self) -> Decimal:
        return sum((f.execution.shares for f in self.fills), Decimal(0))

    def remaining(self) -> Decimal:
        return self.order.totalQuantity - self.filled()


@dataclass
class DOMLevel:
    price: float
    size: Decimal
    marketMaker: str = ""


@dataclass(eq=False)
class Ticker:
    """Live market data of one contract, updated in place by every tick."""

    contract: Contract
    time: _dt.datetime | None = None
    marketDataType: int = 1
    bid: float = nan
    bidSize: Decimal | float = nan
    ask: float = nan
    askSize: Decimal | float = nan
    last: float = nan
    lastSize: Decimal | float = nan
    volume: Decimal | float = nan
    open: float = nan
    high: float = nan
    low: float = nan
    close: float = nan
    halted: float = nan
    modelGreeks: Any = None
    ticks: list[Any] = field(default_factory=list)
    tickByTicks: list[Any] = field(default_factory=list)
    domTicks: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.updateEvent = Event("updateEvent")
        self._bids: SortedDict = SortedDict()
        self._asks: SortedDict = SortedDict()
        self._rows: dict[int, list[tuple[float, Decimal, str]]] = {0: [], 1: []}

    @property
    def domBids(self) -> list[DOMLevel]:
        return [DOMLevel(p, s, m) for p, s, m in self._rows[1]]

    @property
    def domAsks(self) -> list[DOMLevel]:
        return [DOMLevel(p, s, m) for p, s, m in self._rows[0]]

    def midpoint(self) -> float:
        return (self.bid + self.ask) / 2 if self.bid == self.bid and self.ask == self.ask else nan

    def marketPrice(self) -> float:
        mid = self.midpoint()
        if self.last == self.last and (mid != mid or self.bid <= self.last <= self.ask):
            return self.last
        return mid if mid == mid else self.close


@dataclass
class Position:
    account: str
    contract: Contract
    position: Decimal
    avgCost: float


@dataclass
class PortfolioItem:
    contract: Contract
    position: Decimal
    marketPrice: float
    marketValue: float
    averageCost: float
    unrealizedPNL: float
    realizedPNL: float
    account: str


@dataclass
class AccountValue:
    account: str
    tag: str
    value: str
    currency: str
    modelCode: str = ""


@dataclass
class PnL:
    account: str = ""
    modelCode: str = ""
    dailyPnL: float = nan
    unrealizedPnL: float = nan
    realizedPnL: float = nan


class BarDataList(list):  # type: ignore[type-arg]
    """Bars of a historical request; with keepUpToDate it keeps updating (``updateEvent(bars, hasNewBar)``)."""

    def __init__(self, *args: Any, **request: Any) -> None:
        super().__init__(*args)
        self.reqId: int = request.pop("reqId", 0)
        self.request = request
        self.updateEvent = Event("updateEvent")

    def __hash__(self) -> int:  # type: ignore[override]
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


