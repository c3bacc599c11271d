"""Orders, their legs, cancel parameters and reported state."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Optional

from ._base import Model, Renamed, decimalMaxString, floatMaxString, intMaxString, longMaxString, official_names, print_form
from .condition import OrderCondition
from .const import UNSET_DECIMAL, UNSET_DOUBLE, UNSET_INTEGER, UNSET_LONG
from .misc import SoftDollarTier, TagValue

if TYPE_CHECKING:
    from ..facade.order import OrderStateNumeric

__all__ = ["OrderComboLeg", "Order", "OrderCancel", "OrderAllocation", "OrderState", "OrderStatus"]


@dataclass(eq=False, repr=False)
class OrderComboLeg(Model):
    """The per-leg price of a combo order."""

    _template = "{price:f}"
    _templates = {"9.81": "{price:F}"}
    price: float = UNSET_DOUBLE

@dataclass(eq=False, repr=False)
class Order(Model):
    """An order: every field TWS accepts, with the official names and defaults."""

    _template = "{orderId:i},{clientId:i},{permId:l}: {orderType} {action} {totalQuantity:d}@{lmtPrice:f} {tif}"
    _templates = {"9.81": "{orderId},{clientId:n},{permId}: {orderType} {action} {totalQuantity:n}@{lmtPrice:F} {tif}"}
    _older_defaults = {"9.81": {"totalQuantity": 0.0}}
    softDollarTier: SoftDollarTier = field(default_factory=SoftDollarTier)
    orderId: int = 0
    clientId: int = 0
    permId: int = 0
    action: str = ''
    totalQuantity: Decimal = UNSET_DECIMAL
    orderType: str = ''
    lmtPrice: float = UNSET_DOUBLE
    auxPrice: float = UNSET_DOUBLE
    tif: str = ''
    activeStartTime: str = ''
    activeStopTime: str = ''
    ocaGroup: str = ''
    ocaType: int = 0
    orderRef: str = ''
    transmit: bool = True
    parentId: int = 0
    blockOrder: bool = False
    sweepToFill: bool = False
    displaySize: int = 0
    triggerMethod: int = 0
    outsideRth: bool = False
    hidden: bool = False
    goodAfterTime: str = ''
    goodTillDate: str = ''
    rule80A: str = ''
    allOrNone: bool = False
    minQty: int = UNSET_INTEGER
    percentOffset: float = UNSET_DOUBLE
    overridePercentageConstraints: bool = False
    trailStopPrice: float = UNSET_DOUBLE
    trailingPercent: float = UNSET_DOUBLE
    faGroup: str = ''
    faMethod: str = ''
    faPercentage: str = ''
    designatedLocation: str = ''
    openClose: str = ''
    origin: int = 0
    shortSaleSlot: int = 0
    exemptCode: int = -1
    discretionaryAmt: float = 0
    optOutSmartRouting: bool = False
    auctionStrategy: int = 0
    startingPrice: float = UNSET_DOUBLE
    stockRefPrice: float = UNSET_DOUBLE
    delta: float = UNSET_DOUBLE
    stockRangeLower: float = UNSET_DOUBLE
    stockRangeUpper: float = UNSET_DOUBLE
    randomizePrice: bool = False
    randomizeSize: bool = False
    volatility: float = UNSET_DOUBLE
    volatilityType: int = UNSET_INTEGER
    deltaNeutralOrderType: str = ''
    deltaNeutralAuxPrice: float = UNSET_DOUBLE
    deltaNeutralConId: int = 0
    deltaNeutralSettlingFirm: str = ''
    deltaNeutralClearingAccount: str = ''
    deltaNeutralClearingIntent: str = ''
    deltaNeutralOpenClose: str = ''
    deltaNeutralShortSale: bool = False
    deltaNeutralShortSaleSlot: int = 0
    deltaNeutralDesignatedLocation: str = ''
    continuousUpdate: bool = False
    referencePriceType: int = UNSET_INTEGER
    basisPoints: float = UNSET_DOUBLE
    basisPointsType: int = UNSET_INTEGER
    scaleInitLevelSize: int = UNSET_INTEGER
    scaleSubsLevelSize: int = UNSET_INTEGER
    scalePriceIncrement: float = UNSET_DOUBLE
    scalePriceAdjustValue: float = UNSET_DOUBLE
    scalePriceAdjustInterval: int = UNSET_INTEGER
    scaleProfitOffset: float = UNSET_DOUBLE
    scaleAutoReset: bool = False
    scaleInitPosition: int = UNSET_INTEGER
    scaleInitFillQty: int = UNSET_INTEGER
    scaleRandomPercent: bool = False
    scaleTable: str = ''
    hedgeType: str = ''
    hedgeParam: str = ''
    hedgeMaxSize: int = UNSET_INTEGER
    account: str = ''
    settlingFirm: str = ''
    clearingAccount: str = ''
    clearingIntent: str = ''
    algoStrategy: str = ''
    algoParams: Optional[list[TagValue]] = None
    smartComboRoutingParams: Optional[list[TagValue]] = None
    algoId: str = ''
    whatIf: bool = False
    notHeld: bool = False
    solicited: bool = False
    modelCode: str = ''
    orderComboLegs: Optional[list[OrderComboLeg]] = None
    orderMiscOptions: Optional[list[TagValue]] = None
    referenceContractId: int = 0
    peggedChangeAmount: float = 0.0
    isPeggedChangeAmountDecrease: bool = False
    referenceChangeAmount: float = 0.0
    referenceExchangeId: str = ''
    adjustedOrderType: str = ''
    triggerPrice: float = UNSET_DOUBLE
    adjustedStopPrice: float = UNSET_DOUBLE
    adjustedStopLimitPrice: float = UNSET_DOUBLE
    adjustedTrailingAmount: float = UNSET_DOUBLE
    adjustableTrailingUnit: int = 0
    lmtPriceOffset: float = UNSET_DOUBLE
    conditions: list[OrderCondition] = field(default_factory=list)
    conditionsCancelOrder: bool = False
    conditionsIgnoreRth: bool = False
    conditionsIncludeOvernight: bool = False
    extOperator: str = ''
    cashQty: float = UNSET_DOUBLE
    mifid2DecisionMaker: str = ''
    mifid2DecisionAlgo: str = ''
    mifid2ExecutionTrader: str = ''
    mifid2ExecutionAlgo: str = ''
    dontUseAutoPriceForHedge: bool = False
    isOmsContainer: bool = False
    discretionaryUpToLimitPrice: bool = False
    autoCancelDate: str = ''
    filledQuantity: Decimal = UNSET_DECIMAL
    refFuturesConId: int = 0
    autoCancelParent: bool = False
    shareholder: str = ''
    imbalanceOnly: bool = False
    routeMarketableToBbo: Optional[bool] = None
    parentPermId: int = 0
    usePriceMgmtAlgo: Optional[bool] = None
    duration: int = UNSET_INTEGER
    postToAts: int = UNSET_INTEGER
    advancedErrorOverride: str = ''
    manualOrderTime: str = ''
    minTradeQty: int = UNSET_INTEGER
    minCompeteSize: int = UNSET_INTEGER
    competeAgainstBestOffset: float = UNSET_DOUBLE
    midOffsetAtWhole: float = UNSET_DOUBLE
    midOffsetAtHalf: float = UNSET_DOUBLE
    customerAccount: str = ''
    professionalCustomer: bool = False
    bondAccruedInterest: str = ''
    includeOvernight: bool = False
    manualOrderIndicator: int = UNSET_INTEGER
    submitter: str = ''
    postOnly: bool = False
    allowPreOpen: bool = False
    ignoreOpenAuction: bool = False
    deactivate: bool = False
    seekPriceImprovement: Optional[bool] = None
    whatIfType: int = UNSET_INTEGER
    slOrderId: int = UNSET_INTEGER
    slOrderType: str = ''
    ptOrderId: int = UNSET_INTEGER
    ptOrderType: str = ''

    # fields of older releases TWS no longer reads (the wire sends their fixed values)
    eTradeOnly = Renamed(lambda self: True)
    firmQuoteOnly = Renamed(lambda self: True)
    nbboPriceCap = Renamed(lambda self: UNSET_DOUBLE)
    faProfile = Renamed(lambda self: "")
    externalUserId = Renamed(lambda self: "")

    def __str__(self) -> str:
        s = super().__str__()
        if self.orderComboLegs:
            s += " CMB(" + "".join(str(leg) + "," for leg in self.orderComboLegs) + ")"
        if self.conditions:
            s += " COND(" + "".join(str(c) + "," for c in self.conditions) + ")"
        return s


@dataclass(eq=False, repr=False)
class OrderCancel(Model):
    """Parameters of a cancel (manual time, operator) for regulated accounts."""

    _template = (
        "manualOrderCancelTime: {manualOrderCancelTime}, extOperator: {extOperator}, "
        "manualOrderIndicator: {manualOrderIndicator:i}"
    )
    # 10.30 also printed an external user id (gone since; empty unless a program set one)
    _templates = {"10.30": "manualOrderCancelTime: {manualOrderCancelTime}, extOperator: {extOperator}, "
                           "externalUserId: {externalUserId}, manualOrderIndicator: {manualOrderIndicator:i}"}
    externalUserId = Renamed(lambda self: "")
    manualOrderCancelTime: str = ''
    extOperator: str = ''
    manualOrderIndicator: int = UNSET_INTEGER

@dataclass(eq=False, repr=False)
class OrderAllocation(Model):
    """How an advisor order is split over one account."""

    _template = (
        "Account: {account}, Position: {position:d}, PositionDesired: {positionDesired:d}, "
        "PositionAfter: {positionAfter:d}, DesiredAllocQty: {desiredAllocQty:d}, "
        "AllowedAllocQty: {allowedAllocQty:d}, IsMonetary: {isMonetary}"
    )
    account: str = ''
    position: Decimal = UNSET_DECIMAL
    positionDesired: Decimal = UNSET_DECIMAL
    positionAfter: Decimal = UNSET_DECIMAL
    desiredAllocQty: Decimal = UNSET_DECIMAL
    allowedAllocQty: Decimal = UNSET_DECIMAL
    isMonetary: bool = False

@dataclass(eq=False, repr=False)
class OrderState(Model):
    """Status, margin impact and commissions of an order (openOrder, what-if)."""

    def numeric(self, digits: int = 2) -> OrderStateNumeric:
        """The margin and commission texts as numbers (ib_async's ``OrderStateNumeric``)."""
        from ..facade.order import OrderStateNumeric

        return OrderStateNumeric.fromOrderState(self, digits)

    _template = (
        "Status: {status}, InitMarginBefore: {initMarginBefore}, MaintMarginBefore: {maintMarginBefore}, "
        "EquityWithLoanBefore: {equityWithLoanBefore}, InitMarginChange: {initMarginChange}, "
        "MaintMarginChange: {maintMarginChange}, EquityWithLoanChange: {equityWithLoanChange}, "
        "InitMarginAfter: {initMarginAfter}, MaintMarginAfter: {maintMarginAfter}, "
        "EquityWithLoanAfter: {equityWithLoanAfter}, CommissionAndFees: {commissionAndFees:f}, "
        "MinCommissionAndFees: {minCommissionAndFees:f}, MaxCommissionAndFees: {maxCommissionAndFees:f}, "
        "CommissionAndFeesCurrency: {commissionAndFeesCurrency}, MarginCurrency: {marginCurrency}, "
        "InitMarginBeforeOutsideRTH: {initMarginBeforeOutsideRTH:f}, "
        "MaintMarginBeforeOutsideRTH: {maintMarginBeforeOutsideRTH:f}, "
        "EquityWithLoanBeforeOutsideRTH: {equityWithLoanBeforeOutsideRTH:f}, "
        "InitMarginChangeOutsideRTH: {initMarginChangeOutsideRTH:f}, "
        "MaintMarginChangeOutsideRTH: {maintMarginChangeOutsideRTH:f}, "
        "equityWithLoanChangeOutsideRTH: {equityWithLoanChangeOutsideRTH:f}, "
        "InitMarginAfterOutsideRTH: {initMarginAfterOutsideRTH:f}, "
        "MaintMarginAfterOutsideRTH: {maintMarginAfterOutsideRTH:f}, "
        "equityWithLoanAfterOutsideRTH: {equityWithLoanAfterOutsideRTH:f}, "
        "SuggestedSize: {suggestedSize:d}, RejectReason: {rejectReason}, WarningText: {warningText}, "
        "CompletedTime: {completedTime}, CompletedStatus: {completedStatus}"
    )
    status: str = ''
    initMarginBefore: str = ''
    maintMarginBefore: str = ''
    equityWithLoanBefore: str = ''
    initMarginChange: str = ''
    maintMarginChange: str = ''
    equityWithLoanChange: str = ''
    initMarginAfter: str = ''
    maintMarginAfter: str = ''
    equityWithLoanAfter: str = ''
    commissionAndFees: float = UNSET_DOUBLE
    minCommissionAndFees: float = UNSET_DOUBLE
    maxCommissionAndFees: float = UNSET_DOUBLE
    commissionAndFeesCurrency: str = ''
    marginCurrency: str = ''
    initMarginBeforeOutsideRTH: float = UNSET_DOUBLE
    maintMarginBeforeOutsideRTH: float = UNSET_DOUBLE
    equityWithLoanBeforeOutsideRTH: float = UNSET_DOUBLE
    initMarginChangeOutsideRTH: float = UNSET_DOUBLE
    maintMarginChangeOutsideRTH: float = UNSET_DOUBLE
    equityWithLoanChangeOutsideRTH: float = UNSET_DOUBLE
    initMarginAfterOutsideRTH: float = UNSET_DOUBLE
    maintMarginAfterOutsideRTH: float = UNSET_DOUBLE
    equityWithLoanAfterOutsideRTH: float = UNSET_DOUBLE
    suggestedSize: Decimal = UNSET_DECIMAL
    rejectReason: str = ''
    orderAllocations: Optional[list[OrderAllocation]] = None
    warningText: str = ''
    completedTime: str = ''
    completedStatus: str = ''
    # the names before 10.37
    commission = Renamed(lambda self: self.commissionAndFees, "commissionAndFees")
    minCommission = Renamed(lambda self: self.minCommissionAndFees, "minCommissionAndFees")
    maxCommission = Renamed(lambda self: self.maxCommissionAndFees, "maxCommissionAndFees")
    commissionCurrency = Renamed(lambda self: self.commissionAndFeesCurrency, "commissionAndFeesCurrency")

    def __str__(self) -> str:
        if print_form() in _ORDER_STATE_PLAIN:
            return self._object_text()
        s = super().__str__()
        if self.orderAllocations:
            s += " OrderAllocations(" + "".join(str(a) + "; " for a in self.orderAllocations) + ")"
        return s

    def __repr__(self) -> str:
        # the official OrderState never had a repr of its own: the default object text
        return self._object_text()

    def _object_text(self) -> str:
        where = "ibapi.order_state" if official_names() else type(self).__module__
        return f"<{where}.{type(self).__qualname__} object at {id(self):#x}>"


#: the forms in which OrderState had no text of its own (before 10.37)
_ORDER_STATE_PLAIN = frozenset({"9.81", "10.20", "10.30"})


class OrderStatus(Enum):
    """The status texts TWS reports in orderStatus."""

    ApiPending = "ApiPending"
    ApiCancelled = "ApiCancelled"
    PreSubmitted = "PreSubmitted"
    PendingCancel = "PendingCancel"
    Cancelled = "Cancelled"
    Submitted = "Submitted"
    Filled = "Filled"
    Inactive = "Inactive"
    PendingSubmit = "PendingSubmit"
    Unknown = "Unknown"

    def __str__(self) -> str:
        return str(self.value)
