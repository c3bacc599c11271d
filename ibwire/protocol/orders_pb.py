"""Protobuf decoding of contract details and orders (server 201+): the largest messages.

The classic callbacks get the same objects the text form produces; each
attribute is copied from its protobuf field when present, per the tables
below (attribute, field, converter). The few rules that are not plain copies
are written out in the functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from ..model import (
    ContractDetails,
    ExecutionCondition,
    FundAssetType,
    FundDistributionPolicyIndicator,
    IneligibilityReason,
    MarginCondition,
    Order,
    OrderAllocation,
    OrderComboLeg,
    OrderCondition,
    OrderState,
    PercentChangeCondition,
    PriceCondition,
    SoftDollarTier,
    TagValue,
    TimeCondition,
    VolumeCondition,
)
from ..model._base import decimalMaxString as _dms
from ..model.const import NO_VALID_ID as NO
from ..model.const import UNSET_INTEGER as UI
from ._core.records import enum_from as _enum_from
from ._core.records import set_last_trade_date as _set_last_trade_date
from .incoming_pb import Bodies, Event, _copy, _get, decode_contract
from .proto import CompletedOrder_pb2, ContractData_pb2, OpenOrder_pb2
from .ids import IN

__all__ = ["decode_order", "decode_order_state", "decode_contract_details", "BODIES"]

_ORDER_0 = (
    ("orderId", "orderId", None), ("action", "action", None), ("totalQuantity", "totalQuantity", Decimal),
    ("orderType", "orderType", None), ("lmtPrice", "lmtPrice", None), ("auxPrice", "auxPrice", None),
    ("tif", "tif", None), ("ocaGroup", "ocaGroup", None), ("account", "account", None),
    ("openClose", "openClose", None), ("origin", "origin", None), ("orderRef", "orderRef", None),
    ("clientId", "clientId", None), ("permId", "permId", None), ("outsideRth", "outsideRth", None),
    ("hidden", "hidden", None), ("discretionaryAmt", "discretionaryAmt", None),
    ("goodAfterTime", "goodAfterTime", None), ("faGroup", "faGroup", None), ("faMethod", "faMethod", None),
    ("faPercentage", "faPercentage", None), ("modelCode", "modelCode", None),
    ("goodTillDate", "goodTillDate", None), ("rule80A", "rule80A", None),
    ("percentOffset", "percentOffset", None), ("settlingFirm", "settlingFirm", None),
    ("shortSaleSlot", "shortSaleSlot", None), ("designatedLocation", "designatedLocation", None),
    ("exemptCode", "exemptCode", None), ("startingPrice", "startingPrice", None),
    ("stockRefPrice", "stockRefPrice", None), ("delta", "delta", None),
    ("stockRangeLower", "stockRangeLower", None), ("stockRangeUpper", "stockRangeUpper", None),
    ("displaySize", "displaySize", None), ("blockOrder", "blockOrder", None),
    ("sweepToFill", "sweepToFill", None), ("allOrNone", "allOrNone", None), ("minQty", "minQty", None),
    ("ocaType", "ocaType", None), ("parentId", "parentId", None), ("triggerMethod", "triggerMethod", None),
    ("volatility", "volatility", None), ("volatilityType", "volatilityType", None),
    ("deltaNeutralOrderType", "deltaNeutralOrderType", None),
    ("deltaNeutralAuxPrice", "deltaNeutralAuxPrice", None), ("deltaNeutralConId", "deltaNeutralConId", None),
    ("deltaNeutralSettlingFirm", "deltaNeutralSettlingFirm", None),
    ("deltaNeutralClearingAccount", "deltaNeutralClearingAccount", None),
    ("deltaNeutralClearingIntent", "deltaNeutralClearingIntent", None),
    ("deltaNeutralOpenClose", "deltaNeutralOpenClose", None),
    ("deltaNeutralShortSale", "deltaNeutralShortSale", None),
    ("deltaNeutralShortSaleSlot", "deltaNeutralShortSaleSlot", None),
    ("deltaNeutralDesignatedLocation", "deltaNeutralDesignatedLocation", None),
    ("continuousUpdate", "continuousUpdate", None), ("referencePriceType", "referencePriceType", None),
    ("trailStopPrice", "trailStopPrice", None), ("trailingPercent", "trailingPercent", None),
)
_ORDER_1 = (
    ("scaleInitLevelSize", "scaleInitLevelSize", None), ("scaleSubsLevelSize", "scaleSubsLevelSize", None),
    ("scalePriceIncrement", "scalePriceIncrement", None),
    ("scalePriceAdjustValue", "scalePriceAdjustValue", None),
    ("scalePriceAdjustInterval", "scalePriceAdjustInterval", None),
    ("scaleProfitOffset", "scaleProfitOffset", None), ("scaleAutoReset", "scaleAutoReset", None),
    ("scaleInitPosition", "scaleInitPosition", None), ("scaleInitFillQty", "scaleInitFillQty", None),
    ("scaleRandomPercent", "scaleRandomPercent", None), ("hedgeType", "hedgeType", None),
)
_ORDER_2 = (
    ("optOutSmartRouting", "optOutSmartRouting", None), ("clearingAccount", "clearingAccount", None),
    ("clearingIntent", "clearingIntent", None), ("notHeld", "notHeld", None),
)
_ORDER_3 = (
    ("solicited", "solicited", None), ("whatIf", "whatIf", None), ("randomizeSize", "randomizeSize", None),
    ("randomizePrice", "randomizePrice", None), ("referenceContractId", "referenceContractId", None),
    ("isPeggedChangeAmountDecrease", "isPeggedChangeAmountDecrease", None),
    ("peggedChangeAmount", "peggedChangeAmount", None), ("referenceChangeAmount", "referenceChangeAmount", None),
    ("referenceExchangeId", "referenceExchangeId", None),
)
_ORDER_4 = (
    ("conditionsIgnoreRth", "conditionsIgnoreRth", None),
    ("conditionsCancelOrder", "conditionsCancelOrder", None),
    ("conditionsIncludeOvernight", "conditionsIncludeOvernight", None),
    ("adjustedOrderType", "adjustedOrderType", None), ("triggerPrice", "triggerPrice", None),
    ("lmtPriceOffset", "lmtPriceOffset", None), ("adjustedStopPrice", "adjustedStopPrice", None),
    ("adjustedStopLimitPrice", "adjustedStopLimitPrice", None),
    ("adjustedTrailingAmount", "adjustedTrailingAmount", None),
    ("adjustableTrailingUnit", "adjustableTrailingUnit", None),
)
_ORDER_5 = (
    ("cashQty", "cashQty", None), ("dontUseAutoPriceForHedge", "dontUseAutoPriceForHedge", None),
    ("isOmsContainer", "isOmsContainer", None),
    ("discretionaryUpToLimitPrice", "discretionaryUpToLimitPrice", None),
    ("usePriceMgmtAlgo", "usePriceMgmtAlgo", None), ("duration", "duration", None),
    ("postToAts", "postToAts", None), ("autoCancelParent", "autoCancelParent", None),
    ("minTradeQty", "minTradeQty", None), ("minCompeteSize", "minCompeteSize", None),
    ("competeAgainstBestOffset", "competeAgainstBestOffset", None),
    ("midOffsetAtWhole", "midOffsetAtWhole", None), ("midOffsetAtHalf", "midOffsetAtHalf", None),
    ("customerAccount", "customerAccount", None), ("professionalCustomer", "professionalCustomer", None),
    ("bondAccruedInterest", "bondAccruedInterest", None), ("includeOvernight", "includeOvernight", None),
    ("extOperator", "extOperator", None), ("manualOrderIndicator", "manualOrderIndicator", None),
    ("submitter", "submitter", None), ("imbalanceOnly", "imbalanceOnly", None),
    ("autoCancelDate", "autoCancelDate", None), ("filledQuantity", "filledQuantity", Decimal),
    ("refFuturesConId", "refFuturesConId", None), ("shareholder", "shareholder", None),
    ("routeMarketableToBbo", "routeMarketableToBbo", None), ("parentPermId", "parentPermId", None),
    ("postOnly", "postOnly", None), ("allowPreOpen", "allowPreOpen", None),
    ("ignoreOpenAuction", "ignoreOpenAuction", None), ("deactivate", "deactivate", None),
    ("activeStartTime", "activeStartTime", None), ("activeStopTime", "activeStopTime", None),
    ("seekPriceImprovement", "seekPriceImprovement", None), ("whatIfType", "whatIfType", None),
)
_STATE_0 = (
    ("status", "status", None), ("initMarginBefore", "initMarginBefore", _dms),
    ("maintMarginBefore", "maintMarginBefore", _dms), ("equityWithLoanBefore", "equityWithLoanBefore", _dms),
    ("initMarginChange", "initMarginChange", _dms), ("maintMarginChange", "maintMarginChange", _dms),
    ("equityWithLoanChange", "equityWithLoanChange", _dms), ("initMarginAfter", "initMarginAfter", _dms),
    ("maintMarginAfter", "maintMarginAfter", _dms), ("equityWithLoanAfter", "equityWithLoanAfter", _dms),
    ("commissionAndFees", "commissionAndFees", None), ("minCommissionAndFees", "minCommissionAndFees", None),
    ("maxCommissionAndFees", "maxCommissionAndFees", None),
    ("commissionAndFeesCurrency", "commissionAndFeesCurrency", None), ("warningText", "warningText", None),
    ("marginCurrency", "marginCurrency", None),
    ("initMarginBeforeOutsideRTH", "initMarginBeforeOutsideRTH", None),
    ("maintMarginBeforeOutsideRTH", "maintMarginBeforeOutsideRTH", None),
    ("equityWithLoanBeforeOutsideRTH", "equityWithLoanBeforeOutsideRTH", None),
    ("initMarginChangeOutsideRTH", "initMarginChangeOutsideRTH", None),
    ("maintMarginChangeOutsideRTH", "maintMarginChangeOutsideRTH", None),
    ("equityWithLoanChangeOutsideRTH", "equityWithLoanChangeOutsideRTH", None),
    ("initMarginAfterOutsideRTH", "initMarginAfterOutsideRTH", None),
    ("maintMarginAfterOutsideRTH", "maintMarginAfterOutsideRTH", None),
    ("equityWithLoanAfterOutsideRTH", "equityWithLoanAfterOutsideRTH", None),
    ("suggestedSize", "suggestedSize", Decimal), ("rejectReason", "rejectReason", None),
)
_STATE_1 = (
    ("completedTime", "completedTime", None), ("completedStatus", "completedStatus", None),
)
_DETAILS_0 = (
    ("marketName", "marketName", None), ("minTick", "minTick", float), ("priceMagnifier", "priceMagnifier", None),
    ("orderTypes", "orderTypes", None), ("validExchanges", "validExchanges", None),
    ("underConId", "underConId", None), ("longName", "longName", None), ("contractMonth", "contractMonth", None),
    ("industry", "industry", None), ("category", "category", None), ("subcategory", "subcategory", None),
    ("timeZoneId", "timeZoneId", None), ("tradingHours", "tradingHours", None),
    ("liquidHours", "liquidHours", None), ("evRule", "evRule", None), ("evMultiplier", "evMultiplier", None),
)
_DETAILS_1 = (
    ("aggGroup", "aggGroup", None), ("underSymbol", "underSymbol", None), ("underSecType", "underSecType", None),
    ("marketRuleIds", "marketRuleIds", None), ("realExpirationDate", "realExpirationDate", None),
    ("stockType", "stockType", None), ("minSize", "minSize", Decimal),
    ("sizeIncrement", "sizeIncrement", Decimal), ("suggestedSizeIncrement", "suggestedSizeIncrement", Decimal),
    ("minAlgoSize", "minAlgoSize", Decimal), ("lastPricePrecision", "lastPricePrecision", Decimal),
    ("lastSizePrecision", "lastSizePrecision", Decimal),
)
_DETAILS_2 = (
    ("cusip", "cusip", None), ("ratings", "ratings", None), ("descAppend", "descAppend", None),
    ("bondType", "bondType", None), ("coupon", "coupon", None), ("couponType", "couponType", None),
    ("callable", "callable", None), ("putable", "puttable", None), ("convertible", "convertible", None),
    ("issueDate", "issueDate", None), ("nextOptionDate", "nextOptionDate", None),
    ("nextOptionType", "nextOptionType", None), ("nextOptionPartial", "nextOptionPartial", None),
    ("notes", "bondNotes", None), ("fundName", "fundName", None), ("fundFamily", "fundFamily", None),
    ("fundType", "fundType", None), ("fundFrontLoad", "fundFrontLoad", None),
    ("fundBackLoad", "fundBackLoad", None), ("fundBackLoadTimeInterval", "fundBackLoadTimeInterval", None),
    ("fundManagementFee", "fundManagementFee", None), ("fundClosed", "fundClosed", None),
    ("fundClosedForNewInvestors", "fundClosedForNewInvestors", None),
    ("fundClosedForNewMoney", "fundClosedForNewMoney", None), ("fundNotifyAmount", "fundNotifyAmount", None),
    ("fundMinimumInitialPurchase", "fundMinimumInitialPurchase", None),
    ("fundSubsequentMinimumPurchase", "fundMinimumSubsequentPurchase", None),
    ("fundBlueSkyStates", "fundBlueSkyStates", None), ("fundBlueSkyTerritories", "fundBlueSkyTerritories", None),
)
_DETAILS_3 = (
    ("eventContract1", "eventContract1", None), ("eventContractDescription1", "eventContractDescription1", None),
    ("eventContractDescription2", "eventContractDescription2", None),
    ("settlementMethod", "settlementMethod", None),
)
_ALLOCATION = (
    ("account", "account", None), ("position", "position", Decimal), ("positionDesired", "positionDesired", Decimal),
    ("positionAfter", "positionAfter", Decimal), ("desiredAllocQty", "desiredAllocQty", Decimal),
    ("allowedAllocQty", "allowedAllocQty", Decimal), ("isMonetary", "isMonetary", None),
)
_CONDITION_BASE = (("isConjunctionConnection", "isConjunctionConnection", None),)
_OPERATOR = _CONDITION_BASE + (("isMore", "isMore", None),)
_CONTRACT_COND = _OPERATOR + (("conId", "conId", None), ("exchange", "exchange", None))
_CONDITIONS: dict[int, tuple[Callable[[], OrderCondition], tuple[tuple[str, str, Any], ...]]] = {
    OrderCondition.Price: (PriceCondition, _CONTRACT_COND + (("price", "price", None),
                                                             ("triggerMethod", "triggerMethod", None))),
    OrderCondition.Time: (TimeCondition, _OPERATOR + (("time", "time", None),)),
    OrderCondition.Margin: (MarginCondition, _OPERATOR + (("percent", "percent", None),)),
    OrderCondition.Execution: (ExecutionCondition, _CONDITION_BASE + (
        ("secType", "secType", None), ("exchange", "exchange", None), ("symbol", "symbol", None))),
    OrderCondition.Volume: (VolumeCondition, _CONTRACT_COND + (("volume", "volume", None),)),
    OrderCondition.PercentChange: (PercentChangeCondition, _CONTRACT_COND + (("changePercent", "changePercent", None),)),
}


def _tag_values(proto_map: Any) -> list[TagValue]:
    out = []
    for tag, value in proto_map.items():
        tv = TagValue()
        tv.tag = tag
        tv.value = value
        out.append(tv)
    return out


def decode_order(order_id: int, contract: Any, m: Any) -> Order:
    o = Order()
    if order_id != UI:
        o.orderId = order_id
    _copy(o, m, _ORDER_0)
    legs = []
    for leg in contract.comboLegs:
        ol = OrderComboLeg()
        if leg.HasField("perLegPrice"):
            ol.price = leg.perLegPrice
        legs.append(ol)
    if legs:
        o.orderComboLegs = legs
    o.smartComboRoutingParams = _tag_values(m.smartComboRoutingParams)
    _copy(o, m, _ORDER_1)
    if m.HasField("hedgeType") and m.HasField("hedgeParam") and m.hedgeType:
        o.hedgeParam = m.hedgeParam
    if m.HasField("hedgeType") and m.HasField("hedgeMaxSize"):
        o.hedgeMaxSize = m.hedgeMaxSize
    _copy(o, m, _ORDER_2)
    if m.HasField("algoStrategy"):
        o.algoStrategy = m.algoStrategy
        o.algoParams = _tag_values(m.algoParams)
    _copy(o, m, _ORDER_3)
    conditions: list[OrderCondition] = []
    for c in m.conditions:
        kind = _get(c, "type", 0)
        if kind not in _CONDITIONS:
            if not conditions:
                raise ValueError(f"unknown order condition type {kind}")
            # the official client keeps the order and repeats the condition before (our oracle for what
            # the callbacks carry); TWS sends only the types it documents
            conditions.append(conditions[-1])
            continue
        cls, rows = _CONDITIONS[kind]
        conditions.append(_copy(cls(), c, rows))
    if conditions:
        o.conditions = conditions
    _copy(o, m, _ORDER_4)
    t = m.softDollarTier
    o.softDollarTier = SoftDollarTier(_get(t, "name", ""), _get(t, "value", ""), _get(t, "displayName", ""))
    _copy(o, m, _ORDER_5)
    return o


def decode_order_state(m: Any) -> OrderState:
    st = OrderState()
    _copy(st, m, _STATE_0)
    allocations = [_copy(OrderAllocation(), a, _ALLOCATION) for a in m.orderAllocations]
    if allocations:
        st.orderAllocations = allocations
    _copy(st, m, _STATE_1)
    return st


def decode_contract_details(contract: Any, m: Any, bond: bool) -> ContractDetails:
    cd = ContractDetails()
    cd.contract = decode_contract(contract)
    _copy(cd, m, _DETAILS_0)
    cd.secIdList = _tag_values(m.secIdList)
    _copy(cd, m, _DETAILS_1)
    _set_last_trade_date(cd.contract.lastTradeDateOrContractMonth, cd, bond)
    _copy(cd, m, _DETAILS_2)
    if m.HasField("fundDistributionPolicyIndicator"):
        cd.fundDistributionPolicyIndicator = _enum_from(FundDistributionPolicyIndicator,
                                                        m.fundDistributionPolicyIndicator)
    if m.HasField("fundAssetType"):
        cd.fundAssetType = _enum_from(FundAssetType, m.fundAssetType)
    reasons = [_copy(IneligibilityReason(), r, (("id_", "id", None), ("description", "description", None)))
               for r in m.ineligibilityReasonList]
    if reasons:
        cd.ineligibilityReasonList = reasons
    _copy(cd, m, _DETAILS_3)
    return cd


def _contract_data(bond: bool) -> Any:
    name = "bondContractDetails" if bond else "contractDetails"

    def body(m: Any) -> Iterator[Event]:
        if m.HasField("contract") and m.HasField("contractDetails"):
            yield name, (_get(m, "reqId", NO), decode_contract_details(m.contract, m.contractDetails, bond))

    return body


def _open_order(m: Any) -> Iterator[Event]:
    order_id = _get(m, "orderId", 0)
    if not m.HasField("contract"):
        return
    c = decode_contract(m.contract)
    if not m.HasField("order"):
        return
    o = decode_order(order_id, m.contract, m.order)
    if not m.HasField("orderState"):
        return
    yield "openOrder", (order_id, c, o, decode_order_state(m.orderState))


def _completed_order(m: Any) -> Iterator[Event]:
    if not m.HasField("contract"):
        return
    c = decode_contract(m.contract)
    if not m.HasField("order"):
        return
    o = decode_order(UI, m.contract, m.order)
    if not m.HasField("orderState"):
        return
    yield "completedOrder", (c, o, decode_order_state(m.orderState))


BODIES: Bodies = {
    IN.CONTRACT_DATA: (ContractData_pb2.ContractData, "contractDataProtoBuf", _contract_data(False)),
    IN.BOND_CONTRACT_DATA: (ContractData_pb2.ContractData, "bondContractDataProtoBuf", _contract_data(True)),
    IN.OPEN_ORDER: (OpenOrder_pb2.OpenOrder, "openOrderProtoBuf", _open_order),
    IN.COMPLETED_ORDER: (CompletedOrder_pb2.CompletedOrder, "completedOrderProtoBuf", _completed_order),
}
