"""The live objects and results of the facade: Trade, Fill, positions, account values, PnL, bar lists.

Names follow ib_async where the concept is the same, so code moves over.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..model import CommissionAndFeesReport, Contract, Execution, Order, OrderState
from .events import Event

__all__ = ["OrderStatus", "Fill", "TradeLogEntry", "Trade", "Position", "PortfolioItem",
           "AccountValue", "PnL", "BarDataList"]

nan = math.nan


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


