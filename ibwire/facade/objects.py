"""The live objects and results of the facade: trades, fills, positions, account values, PnL, news, bar lists.

Names, field order, defaults and kinds (named tuple, dataclass, list) follow ib_async 2.1 where the concept
is the same, so code moves over unchanged: a named tuple there is one here (unpacking and ``_replace``
work), a frozen result there is frozen here. Sizes keep the type they are given (the facade decides).
"""

from __future__ import annotations

import builtins
import datetime as _dt
import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any, ClassVar, NamedTuple, cast

from ..model import (CommissionAndFeesReport, Contract, HistoricalSession, OptionExerciseType, Order, OrderState,
                     ScannerSubscription, TagValue, TickAttribBidAsk, TickAttribLast)
from ..model import Execution as WireExecution
from ..model.const import UNSET_DOUBLE
from ._data import DataMixin
from .events import Event

__all__ = ["OrderStatus", "CommissionReport", "Fill", "TradeLogEntry", "Trade", "Position", "PortfolioItem",
           "AccountValue", "PnL", "PnLSingle", "TickData", "TickByTickAllLast", "TickByTickBidAsk",
           "TickByTickMidPoint", "MktDepthData", "HistoricalSchedule", "OptionComputation", "OptionChain",
           "Dividends", "NewsArticle", "HistoricalNews", "NewsTick", "NewsBulletin", "ConnectionStats",
           "FundamentalRatios", "IBDefaults", "StartupFetch", "StartupFetchNONE", "StartupFetchALL",
           "BarDataList", "RealTimeBarList", "ScanDataList"]

nan = math.nan


def _compact_repr(obj: Any, attrs: builtins.dict[str, Any]) -> str:
    return f"{type(obj).__qualname__}({', '.join(f'{k}={v!r}' for k, v in attrs.items())})"


def _plain(x: Any) -> Any:
    """A size for arithmetic with a float: Decimal becomes float (other values stay)."""
    return float(x) if isinstance(x, Decimal) else x


def _mixed(a: Any, b: Any) -> bool:
    """Decimal with float: the one pair of number types Python does not combine."""
    return (isinstance(a, Decimal) and isinstance(b, float)) or (isinstance(a, float) and isinstance(b, Decimal))


def _sub(a: Any, b: Any) -> Any:
    return _plain(a) - _plain(b) if _mixed(a, b) else a - b


def _add(a: Any, b: Any) -> Any:
    return _plain(a) + _plain(b) if _mixed(a, b) else a + b


# --- orders and trades ---------------------------------------------------------------------------------

@dataclass
class OrderStatus(DataMixin):
    """The last ``orderStatus`` of an order, and the names of the status classes."""

    orderId: int = 0
    status: str = ""
    filled: float | Decimal = 0.0
    remaining: float | Decimal = 0.0
    avgFillPrice: float = 0.0
    permId: int = 0
    parentId: int = 0
    lastFillPrice: float = 0.0
    clientId: int = 0
    whyHeld: str = ""
    mktCapPrice: float = 0.0

    PendingSubmit: ClassVar[str] = "PendingSubmit"
    PendingCancel: ClassVar[str] = "PendingCancel"
    PreSubmitted: ClassVar[str] = "PreSubmitted"
    Submitted: ClassVar[str] = "Submitted"
    ApiPending: ClassVar[str] = "ApiPending"
    ApiCancelled: ClassVar[str] = "ApiCancelled"
    ApiUpdate: ClassVar[str] = "ApiUpdate"
    Cancelled: ClassVar[str] = "Cancelled"
    Filled: ClassVar[str] = "Filled"
    Inactive: ClassVar[str] = "Inactive"
    ValidationError: ClassVar[str] = "ValidationError"

    #: ended: filled, cancelled or made inactive
    DoneStates: ClassVar[frozenset[str]] = frozenset({"Filled", "Cancelled", "ApiCancelled", "Inactive"})
    #: may still execute
    ActiveStates: ClassVar[frozenset[str]] = frozenset({"PendingSubmit", "ApiPending", "PreSubmitted", "Submitted",
                                                        "ValidationError", "ApiUpdate"})
    #: sent, not yet working at an exchange
    WaitingStates: ClassVar[frozenset[str]] = frozenset({"PendingSubmit", "ApiPending", "PreSubmitted"})
    #: working at an exchange (a refused modification leaves the order working)
    WorkingStates: ClassVar[frozenset[str]] = frozenset({"Submitted", "ValidationError", "ApiUpdate"})

    @property
    def total(self) -> float | Decimal:
        """The order's whole size: filled plus remaining."""
        return _add(self.filled, self.remaining)  # type: ignore[no-any-return]


@dataclass
class CommissionReport(DataMixin):
    """Commission and realized P&L of one execution, with ib_async's names (``commission``).

    ``commissionAndFees`` (the name of the official package since 10.37) reads and writes ``commission``.
    """

    execId: str = ""
    commission: float = 0.0
    currency: str = ""
    realizedPNL: float = 0.0
    yield_: float = 0.0
    yieldRedemptionDate: int = 0

    @property
    def commissionAndFees(self) -> float:
        return self.commission

    @commissionAndFees.setter
    def commissionAndFees(self, value: float) -> None:
        self.commission = value

    def updateFrom(self, report: CommissionAndFeesReport | CommissionReport) -> CommissionReport:
        """Take the values of a report as TWS sent it (unset yield and realized P&L read 0, as in ib_async)."""
        self.execId = report.execId
        self.commission = report.commissionAndFees
        self.currency = report.currency
        self.realizedPNL = 0.0 if report.realizedPNL == UNSET_DOUBLE else report.realizedPNL
        self.yield_ = 0.0 if report.yield_ == UNSET_DOUBLE else report.yield_
        self.yieldRedemptionDate = report.yieldRedemptionDate
        return self

    @classmethod
    def fromReport(cls, report: CommissionAndFeesReport | CommissionReport) -> CommissionReport:
        return cls().updateFrom(report)


#: ib_async's default time of an execution (the epoch, UTC)
EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


@dataclass  # the dataclass repr of every field, as ib_async prints an Execution
class Execution(DataMixin):
    """One execution as the facade hands it out (``Fill.execution``, ``ib.executions()``), as ib_async gives it:
    ``time`` an aware datetime (UTC), ``shares`` and ``cumQty`` floats. The message's object (the model's
    :class:`~ibwire.model.Execution`, its time the text TWS sent) is what ``EWrapper.execDetails`` receives;
    :meth:`fromExecution` makes this one of it, :meth:`toExecution` gives the model's back."""

    execId: str = ""
    time: _dt.datetime = EPOCH
    acctNumber: str = ""
    exchange: str = ""
    side: str = ""
    shares: float = 0.0
    price: float = 0.0
    permId: int = 0
    clientId: int = 0
    orderId: int = 0
    liquidation: int = 0
    cumQty: float = 0.0
    avgPrice: float = 0.0
    orderRef: str = ""
    evRule: str = ""
    evMultiplier: float = 0.0
    modelCode: str = ""
    lastLiquidity: int = 0
    pendingPriceRevision: bool = False
    # newer than ib_async's: not printed, so a printed execution reads as there
    submitter: str = field(default="", repr=False)
    optExerciseOrLapseType: OptionExerciseType = field(default=OptionExerciseType.NoneItem, repr=False)

    @classmethod
    def fromExecution(cls, e: WireExecution, time: _dt.datetime | None = None) -> Execution:
        """The facade's execution of the message's: ``time`` as given (the caller knows the TWS zone), else the
        text read as UTC when it names no zone (the epoch when it cannot be read)."""
        if time is None:
            from ._time import ib_time
            try:
                time = ib_time(e.time, _dt.timezone.utc)
            except ValueError:
                time = EPOCH
        out = cls(time=time)
        for f in fields(cls):
            if f.name != "time":
                setattr(out, f.name, getattr(e, f.name))
        out.shares, out.cumQty = _size_float(e.shares), _size_float(e.cumQty)
        return out

    def toExecution(self) -> WireExecution:
        """The model's execution (time as TWS's text in UTC, sizes as Decimal), e.g. for ``EWrapper`` code."""
        e = WireExecution()
        for f in fields(self):
            if f.name not in ("time", "shares", "cumQty"):
                setattr(e, f.name, getattr(self, f.name))
        e.time = self.time.astimezone(_dt.timezone.utc).strftime("%Y%m%d %H:%M:%S UTC")
        e.shares, e.cumQty = Decimal(str(self.shares)), Decimal(str(self.cumQty))
        return e


def _size_float(x: Decimal | float) -> float:
    """A size as ib_async gives it: a float (the API's unset decimal reads 0.0, ib_async's default)."""
    if isinstance(x, Decimal) and (not x.is_finite() or x == Decimal(2**127 - 1)):
        return 0.0
    return float(x)


class _FillFields(NamedTuple):
    contract: Contract
    execution: Execution
    commissionReport: CommissionReport
    time: _dt.datetime


class Fill(_FillFields):
    """One execution of an order: ``(contract, execution, commissionReport, time)``, a named tuple.

    The commission report arrives after the execution and is filled in, in place: assigning
    ``fill.commissionReport = report`` copies the report's values into the fill's own
    :class:`CommissionReport` (the tuple keeps its objects). A report given as the official
    ``CommissionAndFeesReport`` is taken over into a :class:`CommissionReport`.
    """

    __slots__ = ()

    def __new__(cls, contract: Contract, execution: Execution | WireExecution,
                commissionReport: CommissionReport | CommissionAndFeesReport, time: _dt.datetime) -> Fill:
        if isinstance(execution, WireExecution):
            execution = Execution.fromExecution(execution)
        if not isinstance(commissionReport, CommissionReport):
            commissionReport = CommissionReport.fromReport(commissionReport)
        return super().__new__(cls, contract, execution, commissionReport, time)

    @property
    def commissionReport(self) -> CommissionReport:
        return cast(CommissionReport, builtins.tuple.__getitem__(self, 2))

    @commissionReport.setter
    def commissionReport(self, report: CommissionReport | CommissionAndFeesReport) -> None:
        self.commissionReport.updateFrom(report)


@dataclass
class TradeLogEntry(DataMixin):
    time: _dt.datetime
    status: str = ""
    message: str = ""
    errorCode: int = 0


@dataclass(eq=False)
class Trade(DataMixin):
    """An order and everything that happened to it, updated in place.

    Events: ``statusEvent(trade)``, ``modifyEvent(trade)``, ``fillEvent(trade, fill)``,
    ``commissionReportEvent(trade, fill, report)``, ``filledEvent(trade)``, ``cancelEvent(trade)``,
    ``cancelledEvent(trade)``. Beyond ib_async: ``orderState``, the last one TWS sent. Equal only to
    itself (hashable), where ib_async compares field by field.
    """

    contract: Contract = field(default_factory=Contract)
    order: Order = field(default_factory=Order)
    orderStatus: OrderStatus = field(default_factory=OrderStatus)
    fills: list[Fill] = field(default_factory=list)
    log: list[TradeLogEntry] = field(default_factory=list)
    advancedError: str = ""
    orderState: OrderState | None = None

    events: ClassVar[builtins.tuple[str, ...]] = (
        "statusEvent", "modifyEvent", "fillEvent", "commissionReportEvent", "filledEvent", "cancelEvent",
        "cancelledEvent")

    def __post_init__(self) -> None:
        self.statusEvent = Event("statusEvent")
        self.modifyEvent = Event("modifyEvent")
        self.fillEvent = Event("fillEvent")
        self.commissionReportEvent = Event("commissionReportEvent")
        self.filledEvent = Event("filledEvent")
        self.cancelEvent = Event("cancelEvent")
        self.cancelledEvent = Event("cancelledEvent")

    def __repr__(self) -> str:
        attrs = {f.name: getattr(self, f.name) for f in fields(self)}
        if self.orderState is None:
            del attrs["orderState"]
        return _compact_repr(self, attrs)

    def isWaiting(self) -> bool:
        """Sent, not yet working at an exchange."""
        return self.orderStatus.status in OrderStatus.WaitingStates

    def isWorking(self) -> bool:
        """Working at an exchange."""
        return self.orderStatus.status in OrderStatus.WorkingStates

    def isActive(self) -> bool:
        """May still execute."""
        return self.orderStatus.status in OrderStatus.ActiveStates

    def isDone(self) -> bool:
        """Filled, cancelled or inactive."""
        return self.orderStatus.status in OrderStatus.DoneStates

    def filled(self) -> Decimal:
        """How much has been filled (a combo counts its own fills, not its legs')."""
        fills = self.fills
        if self.contract.secType == "BAG":
            fills = [f for f in fills if f.contract.secType == "BAG"]
        total: Any = 0
        for f in fills:
            total = _add(total, f.execution.shares)
        return total  # type: ignore[no-any-return]

    def remaining(self) -> Decimal:
        """How much is still to fill."""
        return _sub(self.order.totalQuantity, self.filled())  # type: ignore[no-any-return]


# --- account and portfolio -----------------------------------------------------------------------------

class AccountValue(NamedTuple):
    """One account value; ``modelCode`` is optional here (ib_async requires it)."""

    account: str
    tag: str
    value: str
    currency: str
    modelCode: str = ""


class Position(NamedTuple):
    account: str
    contract: Contract
    position: float | Decimal
    avgCost: float


class PortfolioItem(NamedTuple):
    contract: Contract
    position: float | Decimal
    marketPrice: float
    marketValue: float
    averageCost: float
    unrealizedPNL: float
    realizedPNL: float
    account: str


@dataclass
class PnL(DataMixin):
    """Live P&L of an account (or model), updated in place."""

    account: str = ""
    modelCode: str = ""
    dailyPnL: float = nan
    unrealizedPnL: float = nan
    realizedPnL: float = nan


@dataclass
class PnLSingle(DataMixin):
    """Live P&L of one position, updated in place."""

    account: str = ""
    modelCode: str = ""
    conId: int = 0
    dailyPnL: float = nan
    unrealizedPnL: float = nan
    realizedPnL: float = nan
    position: float | Decimal = 0
    value: float = nan


# --- market data ---------------------------------------------------------------------------------------

class TickData(NamedTuple):
    time: _dt.datetime
    tickType: int
    price: float
    size: float | Decimal


class TickByTickAllLast(NamedTuple):
    tickType: int
    time: _dt.datetime
    price: float
    size: float | Decimal
    tickAttribLast: TickAttribLast
    exchange: str
    specialConditions: str


class TickByTickBidAsk(NamedTuple):
    time: _dt.datetime
    bidPrice: float
    askPrice: float
    bidSize: float | Decimal
    askSize: float | Decimal
    tickAttribBidAsk: TickAttribBidAsk


class TickByTickMidPoint(NamedTuple):
    time: _dt.datetime
    midPoint: float


class MktDepthData(NamedTuple):
    time: _dt.datetime
    position: int
    marketMaker: str
    operation: int
    side: int
    price: float
    size: float | Decimal


@dataclass
class HistoricalSchedule(DataMixin):
    startDateTime: str = ""
    endDateTime: str = ""
    timeZone: str = ""
    sessions: list[HistoricalSession] = field(default_factory=list)


def _greek(x: float | None) -> float:
    return x or 0.0


@dataclass(slots=True, frozen=True)
class OptionComputation(DataMixin):
    """Greeks of an option; ``+``, ``-`` and ``* number`` combine them as ib_async does (a missing greek
    counts 0; the result keeps this one's underlying price and has no dividend value)."""

    tickAttrib: int
    impliedVol: float | None = None
    delta: float | None = None
    optPrice: float | None = None
    pvDividend: float | None = None
    gamma: float | None = None
    vega: float | None = None
    theta: float | None = None
    undPrice: float | None = None

    _GREEKS: ClassVar[builtins.tuple[str, ...]] = ("impliedVol", "delta", "optPrice", "gamma", "vega", "theta")

    def _combine(self, other: OptionComputation, sign: float, op: str) -> OptionComputation:
        if not isinstance(other, OptionComputation):
            raise TypeError(f"Cannot {op} {type(self)} and {type(other)}")
        values = {g: _greek(getattr(self, g)) + sign * _greek(getattr(other, g)) for g in self._GREEKS}
        return OptionComputation(0, undPrice=self.undPrice, **values)

    def __add__(self, other: OptionComputation) -> OptionComputation:
        return self._combine(other, 1.0, "add")

    def __sub__(self, other: OptionComputation) -> OptionComputation:
        return self._combine(other, -1.0, "subtract")

    def __mul__(self, other: float) -> OptionComputation:
        if isinstance(other, bool) or not isinstance(other, (int, float)):
            raise TypeError(f"Cannot multiply {type(self)} and {type(other)}")
        values = {g: _greek(getattr(self, g)) * other for g in self._GREEKS}
        return OptionComputation(0, undPrice=self.undPrice, **values)


@dataclass(slots=True, frozen=True)
class OptionChain(DataMixin):
    """One line of ``reqSecDefOptParams``: the expirations and strikes of an option class on an exchange."""

    exchange: str
    underlyingConId: int
    tradingClass: str
    multiplier: str
    expirations: list[str]
    strikes: list[float]


@dataclass(slots=True, frozen=True)
class Dividends(DataMixin):
    past12Months: float | None
    next12Months: float | None
    nextDate: _dt.date | None
    nextAmount: float | None


@dataclass(slots=True, frozen=True)
class NewsArticle(DataMixin):
    articleType: int
    articleText: str


@dataclass(slots=True, frozen=True)
class HistoricalNews(DataMixin):
    time: _dt.datetime
    providerCode: str
    articleId: str
    headline: str


@dataclass(slots=True, frozen=True)
class NewsTick(DataMixin):
    timeStamp: int
    providerCode: str
    articleId: str
    headline: str
    extraData: str


@dataclass(slots=True, frozen=True)
class NewsBulletin(DataMixin):
    msgId: int
    msgType: int
    message: str
    origExchange: str


@dataclass(slots=True, frozen=True)
class ConnectionStats(DataMixin):
    """Traffic of a connection: start time (epoch seconds), duration, bytes and messages each way."""

    startTime: float
    duration: float
    numBytesRecv: int
    numBytesSent: int
    numMsgRecv: int
    numMsgSent: int


class FundamentalRatios:
    """The fundamental ratios of a ticker (generic tick 258): one attribute per ratio tag."""

    def __init__(self, **kwargs: Any) -> None:
        self.__dict__.update(kwargs)

    def __getattr__(self, name: str) -> Any:  # every ratio is an attribute of its own; typed loosely
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return _compact_repr(self, self.__dict__)


@dataclass
class IBDefaults(DataMixin):
    """Values to show for what TWS leaves empty: a price of -1, a size of 0, a field never set, and the
    time zone of logged times."""

    emptyPrice: Any = -1
    emptySize: Any = 0
    unset: Any = nan
    timezone: _dt.tzinfo = _dt.timezone.utc


class StartupFetch(enum.Flag):
    """What ``connect`` loads before it returns (combine with ``|``)."""

    POSITIONS = enum.auto()
    ORDERS_OPEN = enum.auto()
    ORDERS_COMPLETE = enum.auto()
    ACCOUNT_UPDATES = enum.auto()
    SUB_ACCOUNT_UPDATES = enum.auto()
    EXECUTIONS = enum.auto()


StartupFetchNONE = StartupFetch(0)
StartupFetchALL = (StartupFetch.POSITIONS | StartupFetch.ORDERS_OPEN | StartupFetch.ORDERS_COMPLETE
                   | StartupFetch.ACCOUNT_UPDATES | StartupFetch.SUB_ACCOUNT_UPDATES | StartupFetch.EXECUTIONS)


# --- lists that keep their request ---------------------------------------------------------------------

class _RequestList(list):  # type: ignore[type-arg]
    """A list of results that also carries its request parameters as attributes (and in ``request``)
    and an ``updateEvent``; equal only to itself."""

    reqId: int

    def __init__(self, *args: Iterable[Any], **request: Any) -> None:
        super().__init__(*args)
        self.reqId = request.pop("reqId", 0)
        self.request = request
        for k, v in request.items():
            setattr(self, k, v)
        self.updateEvent = Event("updateEvent")

    def __hash__(self) -> int:  # type: ignore[override]
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other


class BarDataList(_RequestList):
    """Bars of a historical request; with keepUpToDate it keeps updating (``updateEvent(bars, hasNewBar)``).

    Attributes as in ib_async: reqId, contract, endDateTime, durationStr, barSizeSetting, whatToShow,
    useRTH, formatDate, keepUpToDate, chartOptions.
    """

    contract: Contract
    endDateTime: _dt.datetime | _dt.date | str | None
    durationStr: str
    barSizeSetting: str
    whatToShow: str
    useRTH: bool
    formatDate: int
    keepUpToDate: bool
    chartOptions: list[TagValue]


class RealTimeBarList(_RequestList):
    """5-second bars as they arrive (``updateEvent(bars, hasNewBar)``).

    Attributes: reqId, contract, barSize, whatToShow, useRTH, realTimeBarsOptions.
    """

    contract: Contract
    barSize: int
    whatToShow: str
    useRTH: bool
    realTimeBarsOptions: list[TagValue]


class ScanDataList(_RequestList):
    """Rows of a scanner subscription, replaced at each scan (``updateEvent(rows)``).

    Attributes: reqId, subscription, scannerSubscriptionOptions, scannerSubscriptionFilterOptions.
    """

    subscription: ScannerSubscription
    scannerSubscriptionOptions: list[TagValue]
    scannerSubscriptionFilterOptions: list[TagValue]
