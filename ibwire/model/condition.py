"""Order conditions: the triggers of a conditional order.

Each condition stores its comparison value as text on the wire; the
``valueToString``/``setValueFromString`` pair converts it. The wire codec
(in ``ibwire.protocol``) reads and writes the fields; these classes hold data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._base import Model
from .const import UNSET_DOUBLE

__all__ = ["OrderCondition", "ExecutionCondition", "OperatorCondition", "MarginCondition",
           "ContractCondition", "TimeCondition", "PriceCondition", "PercentChangeCondition",
           "VolumeCondition", "Create", "TriggerMethod"]


class TriggerMethod:
    """Names of the price-condition trigger methods, by number (also as attributes)."""

    NAMES = ("Default", "DoubleBidAsk", "Last", "DoubleLast", "BidAsk", "N/A1", "N/A2", "LastBidAsk", "MidPoint")
    Default, DoubleBidAsk, Last, DoubleLast, BidAsk = range(5)
    LastBidAsk, MidPoint = 7, 8

    @classmethod
    def toStr(cls, value: Any) -> str:
        return dict(enumerate(cls.NAMES)).get(value, "NOTFOUND")


class OrderCondition(Model):
    """Base: the type code and whether it is AND-ed (conjunction) or OR-ed with the next."""

    Price = 1
    Time = 3
    Margin = 4
    Execution = 5
    Volume = 6
    PercentChange = 7

    def __init__(self, condType: Any) -> None:
        self.condType = condType
        self.isConjunctionConnection = True

    def type(self) -> Any:
        return self.condType

    @property
    def conjunction(self) -> str:
        """ib_async's spelling of the link to the next condition: ``"a"`` (AND) or ``"o"`` (OR)."""
        return "a" if self.isConjunctionConnection else "o"

    @conjunction.setter
    def conjunction(self, value: str) -> None:
        self.isConjunctionConnection = value != "o"

    @property
    def exch(self) -> Any:
        """ib_async's name of ``exchange`` (conditions on a contract or an execution)."""
        return getattr(self, "exchange", None)

    @exch.setter
    def exch(self, value: Any) -> None:
        self.exchange = value

    def And(self) -> OrderCondition:
        self.isConjunctionConnection = True
        return self

    def Or(self) -> OrderCondition:
        self.isConjunctionConnection = False
        return self

    def __str__(self) -> str:
        return "<AND>" if self.isConjunctionConnection else "<OR>"


class ExecutionCondition(OrderCondition):
    """True once a trade occurs in the given symbol / exchange / security type."""

    def __init__(self, secType: Any = None, exch: Any = None, symbol: Any = None) -> None:
        super().__init__(OrderCondition.Execution)
        self.secType = secType
        self.exchange = exch
        self.symbol = symbol

    def __str__(self) -> str:
        return f"trade occurs for {self.symbol} symbol on {self.exchange} exchange for {self.secType} security type"


class OperatorCondition(OrderCondition):
    """A condition comparing a value: ``isMore`` means ">=", else "<="."""

    def __init__(self, condType: Any = None, isMore: Any = None) -> None:
        super().__init__(condType)
        self.isMore = isMore

    def valueToString(self) -> Any:
        """The comparison value as wire text."""
        return ""

    def setValueFromString(self, text: str) -> None:
        """Set the comparison value from wire text."""

    def __str__(self) -> str:
        op = ">= " if self.isMore else "<= "
        return f" {op} {self.valueToString()}"


class MarginCondition(OperatorCondition):
    def __init__(self, isMore: Any = None, percent: Any = None) -> None:
        super().__init__(OrderCondition.Margin, isMore)
        self.percent = percent

    def valueToString(self) -> str:
        return str(self.percent)

    def setValueFromString(self, text: str) -> None:
        self.percent = float(text)

    def __str__(self) -> str:
        return f"the margin cushion percent {OperatorCondition.__str__(self)} "


class ContractCondition(OperatorCondition):
    """A condition on a contract's data: its conId and exchange."""

    def __init__(self, condType: Any = None, conId: Any = None, exch: Any = None, isMore: Any = None) -> None:
        super().__init__(condType, isMore)
        self.conId = conId
        self.exchange = exch

    def valueToString(self) -> Any:
        # The official base class returns None here; subclasses define the value.
        return None

    def __str__(self) -> str:
        return f"{self.conId} on {self.exchange} is {OperatorCondition.__str__(self)} "


class TimeCondition(OperatorCondition):
    def __init__(self, isMore: Any = None, time: Any = None) -> None:
        super().__init__(OrderCondition.Time, isMore)
        self.time = time

    def valueToString(self) -> Any:
        return self.time

    def setValueFromString(self, text: str) -> None:
        self.time = text

    def __str__(self) -> str:
        return f"time is {OperatorCondition.__str__(self)} "


class PriceCondition(ContractCondition):
    TriggerMethodEnum = TriggerMethod

    def __init__(self, triggerMethod: Any = None, conId: Any = None, exch: Any = None, isMore: Any = None,
                 price: Any = None) -> None:
        super().__init__(OrderCondition.Price, conId, exch, isMore)
        self.price = price
        self.triggerMethod = triggerMethod

    def valueToString(self) -> str:
        return str(self.price)

    def setValueFromString(self, text: str) -> None:
        self.price = float(text)

    def __str__(self) -> str:
        return f"{TriggerMethod.toStr(self.triggerMethod)} price of {ContractCondition.__str__(self)} "


class PercentChangeCondition(ContractCondition):
    def __init__(self, conId: Any = None, exch: Any = None, isMore: Any = None,
                 changePercent: float = UNSET_DOUBLE) -> None:
        super().__init__(OrderCondition.PercentChange, conId, exch, isMore)
        self.changePercent = changePercent

    def valueToString(self) -> str:
        return str(self.changePercent)

    def setValueFromString(self, text: str) -> None:
        self.changePercent = float(text)

    def __str__(self) -> str:
        return f"percent change of {ContractCondition.__str__(self)} "


class VolumeCondition(ContractCondition):
    def __init__(self, conId: Any = None, exch: Any = None, isMore: Any = None, volume: Any = None) -> None:
        super().__init__(OrderCondition.Volume, conId, exch, isMore)
        self.volume = volume

    def valueToString(self) -> str:
        return str(self.volume)

    def setValueFromString(self, text: str) -> None:
        self.volume = int(text)

    def __str__(self) -> str:
        return f"volume of {ContractCondition.__str__(self)} "


_BY_TYPE: dict[int, Callable[[], OrderCondition]] = {
    OrderCondition.Execution: ExecutionCondition,
    OrderCondition.Margin: MarginCondition,
    OrderCondition.PercentChange: PercentChangeCondition,
    OrderCondition.Price: PriceCondition,
    OrderCondition.Time: TimeCondition,
    OrderCondition.Volume: VolumeCondition,
}


def Create(condType: int) -> OrderCondition | None:
    """A blank condition of the given type code, or ``None`` for an unknown code."""
    cls = _BY_TYPE.get(condType)
    return cls() if cls is not None else None
