"""Decoding of openOrder and completedOrder: the two longest messages of the protocol.

Both carry a contract, an order and an order state in a fixed sequence of
field groups; the groups are shared, their order and a few details differ.
``ver`` is the message version: the server version from 145 on (older
servers send it), and "unset" (every group present) for completed orders.
Fields marked ``U`` read an empty value as the "unset" sentinel instead of 0.
"""

from __future__ import annotations

from typing import Any

from ..model import (
    ComboLeg,
    Contract,
    Create,
    DeltaNeutralContract,
    Order,
    OrderAllocation,
    OrderComboLeg,
    OrderState,
    SoftDollarTier,
    TagValue,
)
from ..model.condition import ContractCondition, ExecutionCondition, OperatorCondition, PriceCondition
from ..model.const import UNSET_DOUBLE, UNSET_INTEGER
from . import versions as v
from .incoming import _TAG_VALUE, Event, Next, TextDecode, _b, _d, _f, _i, _records, _s


def _fu(nx: Next) -> float:
    b = nx()
    return float(b) if b else UNSET_DOUBLE


def _iu(nx: Next) -> int:
    b = nx()
    return int(b) if b else UNSET_INTEGER


def _contract(nx: Next, c: Contract, ver: int) -> None:
    c.conId = _i(nx)
    c.symbol = _s(nx)
    c.secType = _s(nx)
    c.lastTradeDateOrContractMonth = _s(nx)
    c.strike = _f(nx)
    c.right = _s(nx)
    if ver >= 32:
        c.multiplier = _s(nx)
    c.exchange = _s(nx)
    c.currency = _s(nx)
    c.localSymbol = _s(nx)
    if ver >= 32:
        c.tradingClass = _s(nx)


def _head(nx: Next, o: Order, ver: int) -> None:
    """action .. orderRef: the same in both messages."""
    o.action = _s(nx)
    o.totalQuantity = _d(nx)
    o.orderType = _s(nx)
    o.lmtPrice = _f(nx) if ver < 29 else _fu(nx)
    o.auxPrice = _f(nx) if ver < 30 else _fu(nx)
    o.tif = _s(nx)
    o.ocaGroup = _s(nx)
    o.account = _s(nx)
    o.openClose = _s(nx)
    o.origin = _i(nx)
    o.orderRef = _s(nx)


def _fa_model_gtd_rule(nx: Next, o: Order, sv: int, ver: int) -> None:
    o.faGroup = _s(nx)
    o.faMethod = _s(nx)
    o.faPercentage = _s(nx)
    if sv < v.MIN_SERVER_VER_FA_PROFILE_DESUPPORT:
        _s(nx)
    if sv >= v.MIN_SERVER_VER_MODELS_SUPPORT:
        o.modelCode = _s(nx)
    o.goodTillDate = _s(nx)
    o.rule80A = _s(nx)
    o.percentOffset = _fu(nx)
    o.settlingFirm = _s(nx)
    o.shortSaleSlot = _i(nx)
    o.designatedLocation = _s(nx)
    if ver >= 23:
        o.exemptCode = _i(nx)


def _vol(nx: Next, o: Order, ver: int, open_attribs: bool) -> None:
    o.volatility = _fu(nx)
    o.volatilityType = _i(nx)
    o.deltaNeutralOrderType = _s(nx)
    o.deltaNeutralAuxPrice = _fu(nx)
    if ver >= 27 and o.deltaNeutralOrderType:
        o.deltaNeutralConId = _i(nx)
        if open_attribs:
            o.deltaNeutralSettlingFirm = _s(nx)
            o.deltaNeutralClearingAccount = _s(nx)
            o.deltaNeutralClearingIntent = _s(nx)
    if ver >= 31 and o.deltaNeutralOrderType:
        if open_attribs:
            o.deltaNeutralOpenClose = _s(nx)
        o.deltaNeutralShortSale = _b(nx)
        o.deltaNeutralShortSaleSlot = _i(nx)
        o.deltaNeutralDesignatedLocation = _s(nx)
    o.continuousUpdate = _b(nx)
    o.referencePriceType = _i(nx)


def _trail(nx: Next, o: Order, ver: int) -> None:
    o.trailStopPrice = _fu(nx)
    if ver >= 30:
        o.trailingPercent = _fu(nx)


def _combo_legs(nx: Next, c: Contract, o: Order, ver: int) -> None:
    c.comboLegsDescrip = _s(nx)
    if ver >= 29:
        n = _i(nx)
        if n > 0:
            c.comboLegs = []
            for _ in range(n):
                leg = ComboLeg()
                leg.conId = _i(nx)
                leg.ratio = _i(nx)
                leg.action = _s(nx)
                leg.exchange = _s(nx)
                leg.openClose = _i(nx)
                leg.shortSaleSlot = _i(nx)
                leg.designatedLocation = _s(nx)
                leg.exemptCode = _i(nx)
                c.comboLegs.append(leg)
        n = _i(nx)
        if n > 0:
            o.orderComboLegs = []
            for _ in range(n):
                ol = OrderComboLeg()
                ol.price = _fu(nx)
                o.orderComboLegs.append(ol)


def _smart_combo(nx: Next, o: Order, ver: int) -> None:
    if ver >= 26:
        tags = _records(nx, TagValue, _TAG_VALUE)
        if tags:
            o.smartComboRoutingParams = tags


def _scale_hedge(nx: Next, o: Order, ver: int, opt_out: bool) -> None:
    if ver >= 20:
        o.scaleInitLevelSize = _iu(nx)
        o.scaleSubsLevelSize = _iu(nx)
    else:
        o.notSuppScaleNumComponents = _iu(nx)  # type: ignore[attr-defined]
        o.scaleInitLevelSize = _iu(nx)
    o.scalePriceIncrement = _fu(nx)
    if ver >= 28 and o.scalePriceIncrement != UNSET_DOUBLE and o.scalePriceIncrement > 0.0:
        o.scalePriceAdjustValue = _fu(nx)
        o.scalePriceAdjustInterval = _iu(nx)
        o.scaleProfitOffset = _fu(nx)
        o.scaleAutoReset = _b(nx)
        o.scaleInitPosition = _iu(nx)
        o.scaleInitFillQty = _iu(nx)
        o.scaleRandomPercent = _b(nx)
    if ver >= 24:
        o.hedgeType = _s(nx)
        if o.hedgeType:
            o.hedgeParam = _s(nx)
    if opt_out and ver >= 25:
        o.optOutSmartRouting = _b(nx)


def _clearing_to_solicited(nx: Next, c: Contract, o: Order, ver: int) -> None:
    o.clearingAccount = _s(nx)
    o.clearingIntent = _s(nx)
    if ver >= 22:
        o.notHeld = _b(nx)
    if ver >= 20 and _b(nx):
        d = DeltaNeutralContract()
        d.conId = _i(nx)
        d.delta = _f(nx)
        d.price = _f(nx)
        c.deltaNeutralContract = d
    if ver >= 21:
        o.algoStrategy = _s(nx)
        if o.algoStrategy:
            tags = _records(nx, TagValue, _TAG_VALUE)
            if tags:
                o.algoParams = tags
    if ver >= 33:
        o.solicited = _b(nx)


def _condition(nx: Next) -> Any:
    kind = _i(nx)
    cond = Create(kind)
    if cond is None:
        raise ValueError(f"unknown order condition type {kind}")
    cond.isConjunctionConnection = _s(nx) == "a"
    if isinstance(cond, ExecutionCondition):
        cond.secType = _s(nx)
        cond.exchange = _s(nx)
        cond.symbol = _s(nx)
    elif isinstance(cond, OperatorCondition):
        cond.isMore = _b(nx)
        cond.setValueFromString(_s(nx))
        if isinstance(cond, ContractCondition):
            cond.conId = _i(nx)
            cond.exchange = _s(nx)
            if isinstance(cond, PriceCondition):
                cond.triggerMethod = _i(nx)
    return cond


def _peg_bench_and_conditions(nx: Next, o: Order, sv: int) -> None:
    if sv < v.MIN_SERVER_VER_PEGGED_TO_BENCHMARK:
        return
    if o.orderType in ("PEG BENCH", "PEGBENCH"):
        o.referenceContractId = _i(nx)
        o.isPeggedChangeAmountDecrease = _b(nx)
        o.peggedChangeAmount = _f(nx)
        o.referenceChangeAmount = _f(nx)
        o.referenceExchangeId = _s(nx)
    n = _i(nx)
    if n > 0:
        o.conditions = [_condition(nx) for _ in range(n)]
        o.conditionsIgnoreRth = _b(nx)
        o.conditionsCancelOrder = _b(nx)


def _peg_best_mid(nx: Next, o: Order, sv: int) -> None:
    if sv >= v.MIN_SERVER_VER_PEGBEST_PEGMID_OFFSETS:
        o.minTradeQty = _iu(nx)
        o.minCompeteSize = _iu(nx)
        o.competeAgainstBestOffset = _fu(nx)
        o.midOffsetAtWhole = _fu(nx)
        o.midOffsetAtHalf = _fu(nx)


def _what_if(nx: Next, o: Order, st: OrderState, sv: int) -> None:
    o.whatIf = _b(nx)
    st.status = _s(nx)
    if sv >= v.MIN_SERVER_VER_WHAT_IF_EXT_FIELDS:
        st.initMarginBefore = _s(nx)
        st.maintMarginBefore = _s(nx)
        st.equityWithLoanBefore = _s(nx)
        st.initMarginChange = _s(nx)
        st.maintMarginChange = _s(nx)
        st.equityWithLoanChange = _s(nx)
    st.initMarginAfter = _s(nx)
    st.maintMarginAfter = _s(nx)
    st.equityWithLoanAfter = _s(nx)
    st.commissionAndFees = _fu(nx)
    st.minCommissionAndFees = _fu(nx)
    st.maxCommissionAndFees = _fu(nx)
    st.commissionAndFeesCurrency = _s(nx)
    if sv >= v.MIN_SERVER_VER_FULL_ORDER_PREVIEW_FIELDS:
        st.marginCurrency = _s(nx)
        for attr in ("initMarginBeforeOutsideRTH", "maintMarginBeforeOutsideRTH", "equityWithLoanBeforeOutsideRTH",
                     "initMarginChangeOutsideRTH", "maintMarginChangeOutsideRTH", "equityWithLoanChangeOutsideRTH",
                     "initMarginAfterOutsideRTH", "maintMarginAfterOutsideRTH", "equityWithLoanAfterOutsideRTH"):
            setattr(st, attr, _fu(nx))
        st.suggestedSize = _d(nx)
        st.rejectReason = _s(nx)
        n = _i(nx)
        if n > 0:
            st.orderAllocations = []
            for _ in range(n):
                a = OrderAllocation()
                a.account = _s(nx)
                a.position = _d(nx)
                a.positionDesired = _d(nx)
                a.positionAfter = _d(nx)
                a.desiredAllocQty = _d(nx)
                a.allowedAllocQty = _d(nx)
                a.isMonetary = _b(nx)
                st.orderAllocations.append(a)
    st.warningText = _s(nx)


def open_order(sv: int) -> TextDecode:
    container = sv >= v.MIN_SERVER_VER_ORDER_CONTAINER

    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        o, c, st = Order(), Contract(), OrderState()
        ver = sv if container else _i(nx)
        o.orderId = _i(nx)
        _contract(nx, c, ver)
        _head(nx, o, ver)
        o.clientId = _i(nx)
        o.permId = _i(nx)
        o.outsideRth = _b(nx)
        o.hidden = _b(nx)
        o.discretionaryAmt = _f(nx)
        o.goodAfterTime = _s(nx)
        _s(nx)  # shares allocation, no longer used
        _fa_model_gtd_rule(nx, o, sv, ver)
        o.auctionStrategy = _i(nx)
        o.startingPrice = _fu(nx)
        o.stockRefPrice = _fu(nx)
        o.delta = _fu(nx)
        o.stockRangeLower = _fu(nx)
        o.stockRangeUpper = _fu(nx)
        o.displaySize = _iu(nx)
        o.blockOrder = _b(nx)
        o.sweepToFill = _b(nx)
        o.allOrNone = _b(nx)
        o.minQty = _iu(nx)
        o.ocaType = _i(nx)
        _b(nx)  # eTradeOnly
        _b(nx)  # firmQuoteOnly
        _fu(nx)  # nbboPriceCap
        o.parentId = _i(nx)
        o.triggerMethod = _i(nx)
        _vol(nx, o, ver, True)
        _trail(nx, o, ver)
        o.basisPoints = _fu(nx)
        o.basisPointsType = _iu(nx)
        _combo_legs(nx, c, o, ver)
        _smart_combo(nx, o, ver)
        _scale_hedge(nx, o, ver, True)
        _clearing_to_solicited(nx, c, o, ver)
        _what_if(nx, o, st, sv)
        if ver >= 34:
            o.randomizeSize = _b(nx)
            o.randomizePrice = _b(nx)
        _peg_bench_and_conditions(nx, o, sv)
        if sv >= v.MIN_SERVER_VER_PEGGED_TO_BENCHMARK:
            o.adjustedOrderType = _s(nx)
            o.triggerPrice = _f(nx)
            o.trailStopPrice = _f(nx)
            o.lmtPriceOffset = _f(nx)
            o.adjustedStopPrice = _f(nx)
            o.adjustedStopLimitPrice = _f(nx)
            o.adjustedTrailingAmount = _f(nx)
            o.adjustableTrailingUnit = _i(nx)
        if sv >= v.MIN_SERVER_VER_SOFT_DOLLAR_TIER:
            o.softDollarTier = SoftDollarTier(_s(nx), _s(nx), _s(nx))
        if sv >= v.MIN_SERVER_VER_CASH_QTY:
            o.cashQty = _f(nx)
        if sv >= v.MIN_SERVER_VER_AUTO_PRICE_FOR_HEDGE:
            o.dontUseAutoPriceForHedge = _b(nx)
        if container:
            o.isOmsContainer = _b(nx)
        if sv >= v.MIN_SERVER_VER_D_PEG_ORDERS:
            o.discretionaryUpToLimitPrice = _b(nx)
        if sv >= v.MIN_SERVER_VER_PRICE_MGMT_ALGO:
            o.usePriceMgmtAlgo = _b(nx)
        if sv >= v.MIN_SERVER_VER_DURATION:
            o.duration = _iu(nx)
        if sv >= v.MIN_SERVER_VER_POST_TO_ATS:
            o.postToAts = _iu(nx)
        if sv >= v.MIN_SERVER_VER_AUTO_CANCEL_PARENT:
            o.autoCancelParent = _b(nx)
        _peg_best_mid(nx, o, sv)
        if sv >= v.MIN_SERVER_VER_CUSTOMER_ACCOUNT:
            o.customerAccount = _s(nx)
        if sv >= v.MIN_SERVER_VER_PROFESSIONAL_CUSTOMER:
            o.professionalCustomer = _b(nx)
        if sv >= v.MIN_SERVER_VER_BOND_ACCRUED_INTEREST:
            o.bondAccruedInterest = _s(nx)
        if sv >= v.MIN_SERVER_VER_INCLUDE_OVERNIGHT:
            o.includeOvernight = _b(nx)
        if sv >= v.MIN_SERVER_VER_CME_TAGGING_FIELDS_IN_OPEN_ORDER:
            o.extOperator = _s(nx)
            o.manualOrderIndicator = _iu(nx)
        if sv >= v.MIN_SERVER_VER_SUBMITTER:
            o.submitter = _s(nx)
        if sv >= v.MIN_SERVER_VER_IMBALANCE_ONLY:
            o.imbalanceOnly = _b(nx)
        return [("openOrder", (o.orderId, c, o, st))]

    return dec


def completed_order(sv: int) -> TextDecode:
    ver = UNSET_INTEGER  # every versioned group is present

    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        o, c, st = Order(), Contract(), OrderState()
        _contract(nx, c, ver)
        _head(nx, o, ver)
        o.permId = _i(nx)
        o.outsideRth = _b(nx)
        o.hidden = _b(nx)
        o.discretionaryAmt = _f(nx)
        o.goodAfterTime = _s(nx)
        _fa_model_gtd_rule(nx, o, sv, ver)
        o.startingPrice = _fu(nx)
        o.stockRefPrice = _fu(nx)
        o.delta = _fu(nx)
        o.stockRangeLower = _fu(nx)
        o.stockRangeUpper = _fu(nx)
        o.displaySize = _iu(nx)
        o.sweepToFill = _b(nx)
        o.allOrNone = _b(nx)
        o.minQty = _iu(nx)
        o.ocaType = _i(nx)
        o.triggerMethod = _i(nx)
        _vol(nx, o, ver, False)
        _trail(nx, o, ver)
        _combo_legs(nx, c, o, ver)
        _smart_combo(nx, o, ver)
        _scale_hedge(nx, o, ver, False)
        _clearing_to_solicited(nx, c, o, ver)
        st.status = _s(nx)
        o.randomizeSize = _b(nx)
        o.randomizePrice = _b(nx)
        _peg_bench_and_conditions(nx, o, sv)
        o.trailStopPrice = _f(nx)
        o.lmtPriceOffset = _f(nx)
        if sv >= v.MIN_SERVER_VER_CASH_QTY:
            o.cashQty = _f(nx)
        if sv >= v.MIN_SERVER_VER_AUTO_PRICE_FOR_HEDGE:
            o.dontUseAutoPriceForHedge = _b(nx)
        if sv >= v.MIN_SERVER_VER_ORDER_CONTAINER:
            o.isOmsContainer = _b(nx)
        o.autoCancelDate = _s(nx)
        o.filledQuantity = _d(nx)
        o.refFuturesConId = _i(nx)
        o.autoCancelParent = _b(nx)
        o.shareholder = _s(nx)
        o.imbalanceOnly = _b(nx)
        o.routeMarketableToBbo = _b(nx)
        o.parentPermId = _i(nx)
        st.completedTime = _s(nx)
        st.completedStatus = _s(nx)
        _peg_best_mid(nx, o, sv)
        if sv >= v.MIN_SERVER_VER_CUSTOMER_ACCOUNT:
            o.customerAccount = _s(nx)
        if sv >= v.MIN_SERVER_VER_PROFESSIONAL_CUSTOMER:
            o.professionalCustomer = _b(nx)
        if sv >= v.MIN_SERVER_VER_SUBMITTER:
            o.submitter = _s(nx)
        return [("completedOrder", (c, o, st))]

    return dec


__all__ = ["open_order", "completed_order"]
