"""Order helpers: ``LimitOrder("BUY", 100, 150.0)`` and friends, each an :class:`~ibwire.model.Order` of its type.

Each is a subclass of the model's ``Order`` with ib_async's constructor (``action, totalQuantity`` then
the prices) and its compact repr of the fields that are set (``LimitOrder(action='BUY',
totalQuantity=100, lmtPrice=150.0)``). The quantity is kept as given (an int, float or Decimal all
encode). Orders are equal only to themselves, as in ib_async.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, NamedTuple

from ..model import Order, OrderState
from ..model.const import UNSET_DOUBLE
from ._data import DataMixin, dataclassNonDefaults
from .objects import _compact_repr

__all__ = ["MarketOrder", "LimitOrder", "StopOrder", "StopLimitOrder", "BracketOrder", "OrderStateNumeric"]


#: list fields of an Order that ib_async starts as empty lists (the model's default is None; both encode alike)
_LISTS = ("algoParams", "smartComboRoutingParams", "orderComboLegs", "orderMiscOptions", "conditions")


def order_as_shown(o: Order) -> Order:
    """An order the facade builds or hands out, in place, as ib_async shows it: absent lists are empty lists;
    the obsolete ``eTradeOnly``/``firmQuoteOnly`` read False (TWS no longer reads them; the wire sends fixed
    values, so this changes no request)."""
    for name in _LISTS:
        if getattr(o, name, []) is None:
            setattr(o, name, [])
    if "eTradeOnly" not in vars(o):
        o.eTradeOnly = False
    if "firmQuoteOnly" not in vars(o):
        o.firmQuoteOnly = False
    return o


class _Kind(DataMixin, Order):
    """What the order helpers share: the compact repr."""

    #: defaults as ib_async's (empty lists) that ``nonDefaults()`` and the repr leave out
    _shown_defaults: ClassVar[dict[str, Any]] = {name: [] for name in _LISTS}

    def __init__(self, kind: str, /, action: str, totalQuantity: float | Decimal, **kwargs: Any) -> None:
        kwargs.pop("orderType", None)  # dataclasses.replace passes it again
        kwargs.update(orderType=kind, action=action, totalQuantity=totalQuantity)  # the quantity as given
        Order.__init__(self, **kwargs)
        order_as_shown(self)

    def __repr__(self) -> str:
        attrs = dataclassNonDefaults(self)
        attrs.pop("orderType", None)
        tier = attrs.pop("softDollarTier", None)
        if tier is not None and (tier.name or tier.val or tier.displayName):
            # where ib_async's Order lists it: before the fields that follow it there
            items = list(attrs.items())
            at = next((i for i, (k, _) in enumerate(items) if k in _AFTER_TIER), len(items))
            items.insert(at, ("softDollarTier", tier))
            attrs = dict(items)
        return _compact_repr(self, attrs)

    __str__ = __repr__


#: fields ib_async's Order lists after softDollarTier (to place a set tier as it does)
_AFTER_TIER = frozenset({
    "cashQty", "mifid2DecisionMaker", "mifid2DecisionAlgo", "mifid2ExecutionTrader", "mifid2ExecutionAlgo",
    "dontUseAutoPriceForHedge", "isOmsContainer", "discretionaryUpToLimitPrice", "autoCancelDate",
    "filledQuantity", "refFuturesConId", "autoCancelParent", "shareholder", "imbalanceOnly",
    "routeMarketableToBbo", "parentPermId", "usePriceMgmtAlgo", "duration", "postToAts", "advancedErrorOverride",
    "manualOrderTime", "minTradeQty", "minCompeteSize", "competeAgainstBestOffset", "midOffsetAtWhole",
    "midOffsetAtHalf"})


class MarketOrder(_Kind):
    def __init__(self, action: str, totalQuantity: float | Decimal, **kwargs: Any) -> None:
        """A market order."""
        super().__init__("MKT", action, totalQuantity, **kwargs)


class LimitOrder(_Kind):
    def __init__(self, action: str, totalQuantity: float | Decimal, lmtPrice: float, **kwargs: Any) -> None:
        """A limit order."""
        super().__init__("LMT", action, totalQuantity, lmtPrice=lmtPrice, **kwargs)


class StopOrder(_Kind):
    def __init__(self, action: str, totalQuantity: float | Decimal, stopPrice: float, **kwargs: Any) -> None:
        """A stop order (``stopPrice`` is the order's ``auxPrice``)."""
        super().__init__("STP", action, totalQuantity, auxPrice=stopPrice, **kwargs)


class StopLimitOrder(_Kind):
    def __init__(self, action: str, totalQuantity: float | Decimal, lmtPrice: float, stopPrice: float,
                 **kwargs: Any) -> None:
        """A stop-limit order (``stopPrice`` is the order's ``auxPrice``)."""
        super().__init__("STP LMT", action, totalQuantity, lmtPrice=lmtPrice, auxPrice=stopPrice, **kwargs)


class BracketOrder(NamedTuple):
    """An entry order with its two exits (``ib.bracketOrder``); place all three in this order."""

    parent: Order
    takeProfit: Order
    stopLoss: Order


_NUMERIC = ("initMarginBefore", "maintMarginBefore", "equityWithLoanBefore", "initMarginChange",
            "maintMarginChange", "equityWithLoanChange", "initMarginAfter", "maintMarginAfter",
            "equityWithLoanAfter")


def _number(text: Any, digits: int) -> float | None:
    try:
        x = float(text)
    except (TypeError, ValueError):
        return None
    return None if x == UNSET_DOUBLE or math.isnan(x) else round(x, digits)


@dataclass(eq=False, repr=False)
class OrderStateNumeric(DataMixin, OrderState):
    """An :class:`OrderState` whose margin and equity values are numbers (NaN when not set), as ib_async's
    ``OrderState.numeric()`` gives them: ``OrderStateNumeric.fromOrderState(state, digits=2)``."""

    initMarginBefore: float = math.nan  # type: ignore[assignment]
    maintMarginBefore: float = math.nan  # type: ignore[assignment]
    equityWithLoanBefore: float = math.nan  # type: ignore[assignment]
    initMarginChange: float = math.nan  # type: ignore[assignment]
    maintMarginChange: float = math.nan  # type: ignore[assignment]
    equityWithLoanChange: float = math.nan  # type: ignore[assignment]
    initMarginAfter: float = math.nan  # type: ignore[assignment]
    maintMarginAfter: float = math.nan  # type: ignore[assignment]
    equityWithLoanAfter: float = math.nan  # type: ignore[assignment]

    @classmethod
    def fromOrderState(cls, state: OrderState, digits: int = 2) -> OrderStateNumeric:
        """The state with its margin texts as numbers rounded to ``digits`` (unset or empty: None)."""
        out = cls()
        for name in state.__dataclass_fields__:
            setattr(out, name, getattr(state, name))
        for name in _NUMERIC:
            setattr(out, name, _number(getattr(state, name), digits))
        for name in ("commissionAndFees", "minCommissionAndFees", "maxCommissionAndFees"):
            setattr(out, name, _number(getattr(state, name), digits))
        return out
