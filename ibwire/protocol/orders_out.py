"""Encoding of openOrder and completedOrder on the server side.

The mirror of :mod:`.orders_in`, group for group and gate for gate, so that
the two read as one: a field read there is a field written here. The
round-trip test (``tests/test_server_messages.py``) checks every group at
every server version through the client decoder, which is itself checked
against the official client.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..model import Contract, Order, OrderState
from ..model.condition import ContractCondition, ExecutionCondition, OperatorCondition, PriceCondition
from ..model.const import UNSET_DOUBLE, UNSET_INTEGER
from . import versions as v
from .fields import size_text

__all__ = ["open_order", "completed_order", "Out", "OPEN_ORDER_VERSION"]

#: The message version servers older than ORDER_CONTAINER put first in openOrder.
OPEN_ORDER_VERSION = 34


class Out:
    """Field writer: each method appends one field in the form the client reads back."""

    def __init__(self) -> None:
        self.out: list[Any] = []

    def s(self, x: str | None) -> None:
        self.out.append("" if x is None else x)

    def i(self, x: int | None) -> None:
        self.out.append(0 if x is None else int(x))

    def iu(self, x: int | None) -> None:
        self.out.append("" if x is None or x == UNSET_INTEGER else int(x))

    def f(self, x: float | None) -> None:
        self.out.append(0.0 if x is None else x)

    def fu(self, x: float | None) -> None:
        self.out.append("" if x is None or x == UNSET_DOUBLE else x)

    def b(self, x: bool | None) -> None:
        self.out.append(1 if x else 0)

    def d(self, x: Decimal | None) -> None:
        self.out.append(size_text(x))

    def tags(self, tags: Any) -> None:
        tags = tags or []
        self.out.append(len(tags))
        for t in tags:
            self.out += [t.tag, t.value]


def _contract(w: Out, c: Contract, ver: int) -> None:
    w.i(c.conId)
    w.s(c.symbol)
    w.s(c.secType)
    w.s(c.lastTradeDateOrContractMonth)
    w.f(0.0 if c.strike == UNSET_DOUBLE else c.strike)  # TWS sends 0 for no strike
    w.s(c.right)
    if ver >= 32:
        w.s(c.multiplier)
    w.s(c.exchange)
    w.s(c.currency)
    w.s(c.localSymbol)
    if ver >= 32:
        w.s(c.tradingClass)


def _head(w: Out, o: Order, ver: int) -> None:
    """action .. orderRef: the same in both messages."""
    w.s(o.action)
    w.d(o.totalQuantity)
    w.s(o.orderType)
    w.f(o.lmtPrice) if ver < 29 else w.fu(o.lmtPrice)
    w.f(o.auxPrice) if ver < 30 else w.fu(o.auxPrice)
    w.s(o.tif)
    w.s(o.ocaGroup)
    w.s(o.account)
    w.s(o.openClose)
    w.i(o.origin)
    w.s(o.orderRef)


def _fa_model_gtd_rule(w: Out, o: Order, sv: int, ver: int) -> None:
    w.s(o.faGroup)
    w.s(o.faMethod)
    w.s(o.faPercentage)
    if sv < v.MIN_SERVER_VER_FA_PROFILE_DESUPPORT:
        w.s(None)
    if sv >= v.MIN_SERVER_VER_MODELS_SUPPORT:
        w.s(o.modelCode)
    w.s(o.goodTillDate)
    w.s(o.rule80A)
    w.fu(o.percentOffset)
    w.s(o.settlingFirm)
    w.i(o.shortSaleSlot)
    w.s(o.designatedLocation)
    if ver >= 23:
        w.i(o.exemptCode)


def _vol(w: Out, o: Order, ver: int, open_attribs: bool) -> None:
    w.fu(o.volatility)
    w.i(o.volatilityType)
    w.s(o.deltaNeutralOrderType)
    w.fu(o.deltaNeutralAuxPrice)
    if ver >= 27 and o.deltaNeutralOrderType:
        w.i(o.deltaNeutralConId)
        if open_attribs:
            w.s(o.deltaNeutralSettlingFirm)
            w.s(o.deltaNeutralClearingAccount)
            w.s(o.deltaNeutralClearingIntent)
    if ver >= 31 and o.deltaNeutralOrderType:
        if open_attribs:
            w.s(o.deltaNeutralOpenClose)
        w.b(o.deltaNeutralShortSale)
        w.i(o.deltaNeutralShortSaleSlot)
        w.s(o.deltaNeutralDesignatedLocation)
    w.b(o.continuousUpdate)
    w.i(o.referencePriceType)


def _trail(w: Out, o: Order, ver: int) -> None:
    w.fu(o.trailStopPrice)
    if ver >= 30:
        w.fu(o.trailingPercent)


def _combo_legs(w: Out, c: Contract, o: Order, ver: int) -> None:
    w.s(c.comboLegsDescrip)
    if ver >= 29:
        legs = c.comboLegs or []
        w.i(len(legs))
        for leg in legs:
            w.i(leg.conId)
            w.i(leg.ratio)
            w.s(leg.action)
            w.s(leg.exchange)
            w.i(leg.openClose)
            w.i(leg.shortSaleSlot)
            w.s(leg.designatedLocation)
            w.i(leg.exemptCode)
        olegs = o.orderComboLegs or []
        w.i(len(olegs))
        for ol in olegs:
            w.fu(ol.price)


def _smart_combo(w: Out, o: Order, ver: int) -> None:
    if ver >= 26:
        w.tags(o.smartComboRoutingParams)


def _scale_hedge(w: Out, o: Order, ver: int, opt_out: bool) -> None:
    if ver >= 20:
        w.iu(o.scaleInitLevelSize)
        w.iu(o.scaleSubsLevelSize)
    else:
        w.iu(UNSET_INTEGER)
        w.iu(o.scaleInitLevelSize)
    w.fu(o.scalePriceIncrement)
    if ver >= 28 and o.scalePriceIncrement != UNSET_DOUBLE and o.scalePriceIncrement > 0.0:
        w.fu(o.scalePriceAdjustValue)
        w.iu(o.scalePriceAdjustInterval)
        w.fu(o.scaleProfitOffset)
        w.b(o.scaleAutoReset)
        w.iu(o.scaleInitPosition)
        w.iu(o.scaleInitFillQty)
        w.b(o.scaleRandomPercent)
    if ver >= 24:
        w.s(o.hedgeType)
        if o.hedgeType:
            w.s(o.hedgeParam)
    if opt_out and ver >= 25:
        w.b(o.optOutSmartRouting)


def _clearing_to_solicited(w: Out, c: Contract, o: Order, ver: int) -> None:
    w.s(o.clearingAccount)
    w.s(o.clearingIntent)
    if ver >= 22:
        w.b(o.notHeld)
    d = c.deltaNeutralContract
    if ver >= 20:
        w.b(d is not None)
        if d is not None:
            w.i(d.conId)
            w.f(d.delta)
            w.f(d.price)
    if ver >= 21:
        w.s(o.algoStrategy)
        if o.algoStrategy:
            w.tags(o.algoParams)
    if ver >= 33:
        w.b(o.solicited)


def _condition(w: Out, cond: Any) -> None:
    w.i(cond.type())
    w.s("a" if cond.isConjunctionConnection else "o")
    if isinstance(cond, ExecutionCondition):
        w.s(cond.secType)
        w.s(cond.exchange)
        w.s(cond.symbol)
    elif isinstance(cond, OperatorCondition):
        w.b(cond.isMore)
        w.s(cond.valueToString())
        if isinstance(cond, ContractCondition):
            w.i(cond.conId)
            w.s(cond.exchange)
            if isinstance(cond, PriceCondition):
                w.i(cond.triggerMethod)


def _peg_bench_and_conditions(w: Out, o: Order, sv: int) -> None:
    if sv < v.MIN_SERVER_VER_PEGGED_TO_BENCHMARK:
        return
    if o.orderType in ("PEG BENCH", "PEGBENCH"):
        w.i(o.referenceContractId)
        w.b(o.isPeggedChangeAmountDecrease)
        w.f(o.peggedChangeAmount)
        w.f(o.referenceChangeAmount)
        w.s(o.referenceExchangeId)
    conds = o.conditions or []
    w.i(len(conds))
    if conds:
        for cond in conds:
            _condition(w, cond)
        w.b(o.conditionsIgnoreRth)
        w.b(o.conditionsCancelOrder)


def _peg_best_mid(w: Out, o: Order, sv: int) -> None:
    if sv >= v.MIN_SERVER_VER_PEGBEST_PEGMID_OFFSETS:
        w.iu(o.minTradeQty)
        w.iu(o.minCompeteSize)
        w.fu(o.competeAgainstBestOffset)
        w.fu(o.midOffsetAtWhole)
        w.fu(o.midOffsetAtHalf)


def _what_if(w: Out, o: Order, st: OrderState, sv: int) -> None:
    w.b(o.whatIf)
    w.s(st.status)
    if sv >= v.MIN_SERVER_VER_WHAT_IF_EXT_FIELDS:
        w.s(st.initMarginBefore)
        w.s(st.maintMarginBefore)
        w.s(st.equityWithLoanBefore)
        w.s(st.initMarginChange)
        w.s(st.maintMarginChange)
        w.s(st.equityWithLoanChange)
    w.s(st.initMarginAfter)
    w.s(st.maintMarginAfter)
    w.s(st.equityWithLoanAfter)
    w.fu(st.commissionAndFees)
    w.fu(st.minCommissionAndFees)
    w.fu(st.maxCommissionAndFees)
    w.s(st.commissionAndFeesCurrency)
    if sv >= v.MIN_SERVER_VER_FULL_ORDER_PREVIEW_FIELDS:
        w.s(st.marginCurrency)
        for attr in ("initMarginBeforeOutsideRTH", "maintMarginBeforeOutsideRTH", "equityWithLoanBeforeOutsideRTH",
                     "initMarginChangeOutsideRTH", "maintMarginChangeOutsideRTH", "equityWithLoanChangeOutsideRTH",
                     "initMarginAfterOutsideRTH", "maintMarginAfterOutsideRTH", "equityWithLoanAfterOutsideRTH"):
            w.fu(getattr(st, attr))
        w.d(st.suggestedSize)
        w.s(st.rejectReason)
        allocs = st.orderAllocations or []
        w.i(len(allocs))
        for a in allocs:
            w.s(a.account)
            w.d(a.position)
            w.d(a.positionDesired)
            w.d(a.positionAfter)
            w.d(a.desiredAllocQty)
            w.d(a.allowedAllocQty)
            w.b(a.isMonetary)
    w.s(st.warningText)


def open_order(sv: int, o: Order, c: Contract, st: OrderState) -> list[Any]:
    """The fields of an openOrder message (after its id) for a client at ``sv``."""
    container = sv >= v.MIN_SERVER_VER_ORDER_CONTAINER
    w = Out()
    ver = sv if container else OPEN_ORDER_VERSION
    if not container:
        w.i(ver)
    w.i(o.orderId)
    _contract(w, c, ver)
    _head(w, o, ver)
    w.i(o.clientId)
    w.i(o.permId)
    w.b(o.outsideRth)
    w.b(o.hidden)
    w.f(o.discretionaryAmt)
    w.s(o.goodAfterTime)
    w.s(None)  # shares allocation, no longer used
    _fa_model_gtd_rule(w, o, sv, ver)
    w.i(o.auctionStrategy)
    w.fu(o.startingPrice)
    w.fu(o.stockRefPrice)
    w.fu(o.delta)
    w.fu(o.stockRangeLower)
    w.fu(o.stockRangeUpper)
    w.iu(o.displaySize)
    w.b(o.blockOrder)
    w.b(o.sweepToFill)
    w.b(o.allOrNone)
    w.iu(o.minQty)
    w.i(o.ocaType)
    w.b(None)  # eTradeOnly
    w.b(None)  # firmQuoteOnly
    w.fu(None)  # nbboPriceCap
    w.i(o.parentId)
    w.i(o.triggerMethod)
    _vol(w, o, ver, True)
    _trail(w, o, ver)
    w.fu(o.basisPoints)
    w.iu(o.basisPointsType)
    _combo_legs(w, c, o, ver)
    _smart_combo(w, o, ver)
    _scale_hedge(w, o, ver, True)
    _clearing_to_solicited(w, c, o, ver)
    _what_if(w, o, st, sv)
    if ver >= 34:
        w.b(o.randomizeSize)
        w.b(o.randomizePrice)
    _peg_bench_and_conditions(w, o, sv)
    if sv >= v.MIN_SERVER_VER_PEGGED_TO_BENCHMARK:
        w.s(o.adjustedOrderType)
        w.f(o.triggerPrice)
        w.f(o.trailStopPrice)
        w.f(o.lmtPriceOffset)
        w.f(o.adjustedStopPrice)
        w.f(o.adjustedStopLimitPrice)
        w.f(o.adjustedTrailingAmount)
        w.i(o.adjustableTrailingUnit)
    if sv >= v.MIN_SERVER_VER_SOFT_DOLLAR_TIER:
        w.s(o.softDollarTier.name)
        w.s(o.softDollarTier.val)
        w.s(o.softDollarTier.displayName)
    if sv >= v.MIN_SERVER_VER_CASH_QTY:
        w.f(o.cashQty)
    if sv >= v.MIN_SERVER_VER_AUTO_PRICE_FOR_HEDGE:
        w.b(o.dontUseAutoPriceForHedge)
    if container:
        w.b(o.isOmsContainer)
    if sv >= v.MIN_SERVER_VER_D_PEG_ORDERS:
        w.b(o.discretionaryUpToLimitPrice)
    if sv >= v.MIN_SERVER_VER_PRICE_MGMT_ALGO:
        w.b(o.usePriceMgmtAlgo)
    if sv >= v.MIN_SERVER_VER_DURATION:
        w.iu(o.duration)
    if sv >= v.MIN_SERVER_VER_POST_TO_ATS:
        w.iu(o.postToAts)
    if sv >= v.MIN_SERVER_VER_AUTO_CANCEL_PARENT:
        w.b(o.autoCancelParent)
    _peg_best_mid(w, o, sv)
    if sv >= v.MIN_SERVER_VER_CUSTOMER_ACCOUNT:
        w.s(o.customerAccount)
    if sv >= v.MIN_SERVER_VER_PROFESSIONAL_CUSTOMER:
        w.b(o.professionalCustomer)
    if sv >= v.MIN_SERVER_VER_BOND_ACCRUED_INTEREST:
        w.s(o.bondAccruedInterest)
    if sv >= v.MIN_SERVER_VER_INCLUDE_OVERNIGHT:
        w.b(o.includeOvernight)
    if sv >= v.MIN_SERVER_VER_CME_TAGGING_FIELDS_IN_OPEN_ORDER:
        w.s(o.extOperator)
        w.iu(o.manualOrderIndicator)
    if sv >= v.MIN_SERVER_VER_SUBMITTER:
        w.s(o.submitter)
    if sv >= v.MIN_SERVER_VER_IMBALANCE_ONLY:
        w.b(o.imbalanceOnly)
    return w.out


def completed_order(sv: int, o: Order, c: Contract, st: OrderState) -> list[Any]:
    """The fields of a completedOrder message (after its id) for a client at ``sv``."""
    ver = UNSET_INTEGER  # every versioned group is present
    w = Out()
    _contract(w, c, ver)
    _head(w, o, ver)
    w.i(o.permId)
    w.b(o.outsideRth)
    w.b(o.hidden)
    w.f(o.discretionaryAmt)
    w.s(o.goodAfterTime)
    _fa_model_gtd_rule(w, o, sv, ver)
    w.fu(o.startingPrice)
    w.fu(o.stockRefPrice)
    w.fu(o.delta)
    w.fu(o.stockRangeLower)
    w.fu(o.stockRangeUpper)
    w.iu(o.displaySize)
    w.b(o.sweepToFill)
    w.b(o.allOrNone)
    w.iu(o.minQty)
    w.i(o.ocaType)
    w.i(o.triggerMethod)
    _vol(w, o, ver, False)
    _trail(w, o, ver)
    _combo_legs(w, c, o, ver)
    _smart_combo(w, o, ver)
    _scale_hedge(w, o, ver, False)
    _clearing_to_solicited(w, c, o, ver)
    w.s(st.status)
    w.b(o.randomizeSize)
    w.b(o.randomizePrice)
    _peg_bench_and_conditions(w, o, sv)
    w.f(o.trailStopPrice)
    w.f(o.lmtPriceOffset)
    if sv >= v.MIN_SERVER_VER_CASH_QTY:
        w.f(o.cashQty)
    if sv >= v.MIN_SERVER_VER_AUTO_PRICE_FOR_HEDGE:
        w.b(o.dontUseAutoPriceForHedge)
    if sv >= v.MIN_SERVER_VER_ORDER_CONTAINER:
        w.b(o.isOmsContainer)
    w.s(o.autoCancelDate)
    w.d(o.filledQuantity)
    w.i(o.refFuturesConId)
    w.b(o.autoCancelParent)
    w.s(o.shareholder)
    w.b(o.imbalanceOnly)
    w.b(o.routeMarketableToBbo)
    w.i(o.parentPermId)
    w.s(st.completedTime)
    w.s(st.completedStatus)
    _peg_best_mid(w, o, sv)
    if sv >= v.MIN_SERVER_VER_CUSTOMER_ACCOUNT:
        w.s(o.customerAccount)
    if sv >= v.MIN_SERVER_VER_PROFESSIONAL_CUSTOMER:
        w.b(o.professionalCustomer)
    if sv >= v.MIN_SERVER_VER_SUBMITTER:
        w.s(o.submitter)
    return w.out



