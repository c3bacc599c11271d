"""Every request at every server version 100..226, against the official client.

The hypothesis tests draw a version per example; this sweep leaves none out: for each
request, a few fixed argument sets — plain, rich (a combo contract with legs and a
delta-neutral part, an order with per-leg prices, routing and algo parameters and every
kind of condition), rich with the attributes newer servers take, and loose (the values
programs of the text-protocol era gave: ``'1.10'`` for a price, ``20250213`` for an expiry,
``"265598"`` for a conId, ``1`` for a flag, an int quantity) — go to both clients at each
version. Reference and outcomes as in test_requests_oracle (a loose value is compared
with the official result for its typed equivalent where the official client raises).
"""

from __future__ import annotations

import copy
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from test_requests_hostile import METHODS, annotations, base_arg, check_case
from test_requests_oracle import VERSIONS, Oracle, check

OUTCOMES: Counter[str] = Counter()


def f(x: str) -> list[str]:
    return ["f", x]


def tv(tag: str, value: Any) -> dict[str, Any]:
    return {"$": "TagValue", "init": [tag, value]}


RICH_CONTRACT = {"$": "Contract", "a": {
    "conId": 28812380, "symbol": "SPY", "secType": "BAG", "exchange": "SMART", "currency": "USD",
    "lastTradeDateOrContractMonth": "20261218", "strike": f("450.5"), "right": "C", "multiplier": "100",
    "primaryExchange": "ARCA", "localSymbol": "SPY X", "tradingClass": "SPY", "includeExpired": True,
    "secIdType": "ISIN", "secId": "US78462F1030", "description": "d", "issuerId": "",
    "comboLegs": [
        {"$": "ComboLeg", "a": {"conId": 1001, "ratio": 1, "action": "BUY", "exchange": "SMART", "openClose": 1,
                                "shortSaleSlot": 2, "designatedLocation": "X", "exemptCode": 3}},
        {"$": "ComboLeg", "a": {"conId": 1002, "ratio": 2, "action": "SELL", "exchange": "CBOE"}}],
    "deltaNeutralContract": {"$": "DeltaNeutralContract", "a": {"conId": 756733, "delta": f("0.5"),
                                                                "price": f("450.25")}},
}}
CONDITIONS = [
    {"$": "PriceCondition", "init": [2, 265598, "SMART", True, f("150.25")], "a": {"isConjunctionConnection": True}},
    {"$": "TimeCondition", "init": [False, "20261201 10:00:00 US/Eastern"], "a": {"isConjunctionConnection": False}},
    {"$": "MarginCondition", "init": [True, 30], "a": {"isConjunctionConnection": True}},
    {"$": "ExecutionCondition", "init": ["STK", "SMART", "AAPL"], "a": {"isConjunctionConnection": True}},
    {"$": "VolumeCondition", "init": [265598, "SMART", True, 100000], "a": {"isConjunctionConnection": True}},
    {"$": "PercentChangeCondition", "init": [265598, "SMART", False, f("5.5")],
     "a": {"isConjunctionConnection": True}},
]
RICH_ORDER = {"$": "Order", "a": {
    "action": "BUY", "orderType": "LMT", "totalQuantity": ["D", "3"], "lmtPrice": f("1.25"), "auxPrice": f("0.5"),
    "tif": "GTC", "ocaGroup": "oca1", "account": "DU123", "openClose": "O", "origin": 0, "orderRef": "ref",
    "transmit": True, "parentId": 0, "blockOrder": True, "sweepToFill": True, "displaySize": 10, "triggerMethod": 2,
    "outsideRth": True, "hidden": True, "goodAfterTime": "20261201 09:30:00", "goodTillDate": "20261231 16:00:00",
    "faGroup": "g", "faMethod": "EqualQuantity", "faPercentage": "10", "ocaType": 2, "rule80A": "A", "allOrNone": True,
    "minQty": 2, "percentOffset": f("0.1"), "trailStopPrice": f("1.0"), "trailingPercent": f("2.0"),
    "orderComboLegs": [{"$": "OrderComboLeg", "a": {"price": f("1.5")}}, {"$": "OrderComboLeg", "a": {}}],
    "smartComboRoutingParams": [tv("NonGuaranteed", "1")],
    "algoStrategy": "Adaptive", "algoParams": [tv("adaptivePriority", "Normal")], "algoId": "a1",
    "whatIf": True, "orderMiscOptions": [tv("k", "v")], "solicited": True, "randomizeSize": True,
    "randomizePrice": True, "conditions": CONDITIONS, "conditionsIgnoreRth": True, "conditionsCancelOrder": True,
    "adjustedOrderType": "STP", "triggerPrice": f("2.5"), "lmtPriceOffset": f("0.1"),
    "deltaNeutralOrderType": "MKT", "deltaNeutralAuxPrice": f("0.2"), "deltaNeutralConId": 5,
    "volatility": f("0.3"), "volatilityType": 2, "continuousUpdate": True, "referencePriceType": 1,
    "scaleInitLevelSize": 5, "scaleSubsLevelSize": 3, "scalePriceIncrement": f("0.05"),
    "scalePriceAdjustValue": f("0.01"), "scalePriceAdjustInterval": 60, "scaleProfitOffset": f("0.2"),
    "scaleAutoReset": True, "scaleInitPosition": 1, "scaleInitFillQty": 1, "scaleRandomPercent": True,
    "scaleTable": "t", "activeStartTime": "s", "activeStopTime": "e", "hedgeType": "D", "hedgeParam": "0.5",
    "optOutSmartRouting": True, "clearingAccount": "ca", "clearingIntent": "IB", "notHeld": True,
    # the default (unset) cash quantity is truthy: below 111 the official client refuses every order with it
    "cashQty": f("0.0"),
}}
#: what servers from 103 on take (older ones refuse these with 503, as the official client does)
NEWER_ORDER = dict(RICH_ORDER["a"], **{
    "modelCode": "m", "extOperator": "x", "softDollarTier": {"$": "SoftDollarTier", "init": ["n", "v", "d"]},
    "cashQty": f("1000.0"), "mifid2DecisionMaker": "dm", "mifid2DecisionAlgo": "da", "mifid2ExecutionTrader": "et",
    "mifid2ExecutionAlgo": "ea", "dontUseAutoPriceForHedge": True, "isOmsContainer": True,
    "discretionaryUpToLimitPrice": True, "usePriceMgmtAlgo": True, "duration": 10, "postToAts": 1,
    "autoCancelParent": True, "advancedErrorOverride": "e", "manualOrderTime": "20261201 10:00:00",
    "orderType": "PEG BEST", "minTradeQty": 1, "minCompeteSize": 2, "competeAgainstBestOffset": f("inf"),
    "midOffsetAtWhole": f("0.1"), "midOffsetAtHalf": f("0.05"), "customerAccount": "c", "professionalCustomer": True,
    "includeOvernight": True, "manualOrderIndicator": 1, "imbalanceOnly": True,
})
LOOSE_CONTRACT = {"$": "Contract", "a": {
    "conId": "265598", "symbol": "AAPL", "secType": "OPT", "exchange": "SMART", "currency": "USD",
    "lastTradeDateOrContractMonth": 20250213, "strike": "150", "right": "C", "multiplier": 100,
    "includeExpired": 1}}
LOOSE_ORDER = {"$": "Order", "a": {
    "action": "BUY", "orderType": "LMT", "totalQuantity": 100, "lmtPrice": "1.10", "auxPrice": ["D", "0.5"],
    "transmit": 1, "parentId": "0", "displaySize": 10.0, "outsideRth": "1", "hidden": 0, "minQty": "",
    "account": "DU123", "orderRef": 42,
    "conditions": [
        {"$": "PriceCondition", "init": [2, "265598", "SMART", True, "150.25"], "a": {"isConjunctionConnection": True}},
        {"$": "MarginCondition", "init": [True, f("30.0")], "a": {"isConjunctionConnection": True}},
        {"$": "VolumeCondition", "init": [265598, "SMART", True, "100000"], "a": {"isConjunctionConnection": True}}]}}
#: loose forms of scalar arguments, by annotation
LOOSE_SCALAR = {"int": "7", "float": "1.5", "str": 20250213, "bool": 1}
RICH_FOR = {"Contract": RICH_CONTRACT, "Order": RICH_ORDER,
            "ExecutionFilter": {"$": "ExecutionFilter", "a": {"clientId": 3, "acctCode": "DU1", "time": "20261201",
                                                               "symbol": "AAPL", "secType": "STK", "exchange": "SMART",
                                                               "side": "BUY", "lastNDays": 3,
                                                               "specificDates": [20261130]}},
            "ScannerSubscription": {"$": "ScannerSubscription", "a": {
                "numberOfRows": 10, "instrument": "STK", "locationCode": "STK.US", "scanCode": "TOP_PERC_GAIN",
                "abovePrice": f("5.0"), "aboveVolume": 1000, "marketCapAbove": f("1e9"), "couponRateAbove": f("1.0"),
                "excludeConvertible": True, "averageOptionVolumeAbove": 10, "stockTypeFilter": "ALL"}},
            "WshEventData": {"$": "WshEventData", "a": {"conId": 8314, "startDate": "20261201"}},
            "OrderCancel | None": {"$": "OrderCancel", "a": {"manualOrderCancelTime": "20261201 10:00:00"}},
            "TagValueList": [tv("a", "1")]}
LOOSE_FOR = {"Contract": LOOSE_CONTRACT, "Order": LOOSE_ORDER,
             "ExecutionFilter": {"$": "ExecutionFilter", "a": {"clientId": "3", "lastNDays": "3",
                                                                "specificDates": ["20261130"]}},
             "ScannerSubscription": {"$": "ScannerSubscription", "a": {"numberOfRows": "10", "abovePrice": "5",
                                                                        "excludeConvertible": 1}},
             "WshEventData": {"$": "WshEventData", "a": {"conId": "8314", "totalLimit": 10.0}},
             "TagValueList": [tv("a", 1)]}


def argument_sets(method: str) -> dict[str, list[Any]]:
    anns = annotations(method)
    sets = {"plain": [base_arg(a) for a in anns],
            "rich": [copy.deepcopy(RICH_FOR.get(a, base_arg(a))) for a in anns],
            "loose": [copy.deepcopy(LOOSE_FOR.get(a, LOOSE_SCALAR.get(a, base_arg(a)))) for a in anns]}
    if "Order" in anns:
        sets["newer"] = [copy.deepcopy({"$": "Order", "a": NEWER_ORDER} if a == "Order" else RICH_FOR.get(a, base_arg(a)))
                         for a in anns]
    return sets


@pytest.fixture(scope="module")
def oracle() -> Any:
    o = Oracle()
    yield o
    o.close()
    if "IBWIRE_VERSION_COUNTS" in os.environ:
        Path(os.environ["IBWIRE_VERSION_COUNTS"]).write_text(json.dumps(OUTCOMES, indent=1, sort_keys=True))


@pytest.mark.parametrize("method", METHODS)
def test_every_version(oracle: Oracle, method: str) -> None:
    for name, args in argument_sets(method).items():
        for sv in VERSIONS:
            outcome = check_case(oracle, {"sv": sv, "method": method, "args": args, "clientId": 5})
            OUTCOMES[outcome] += 1
            OUTCOMES[f"{name}:{outcome.split(':')[0]}"] += 1


def test_place_order_at_100_sends_what_the_official_client_sends(oracle: Oracle) -> None:
    # the case: an order with combo legs at server version 100 (92 fields, not 113)
    for order in (RICH_ORDER, {"$": "Order", "a": {"action": "BUY", "orderType": "LMT", "totalQuantity": ["D", "1"],
                                                   "lmtPrice": f("1.0"), "cashQty": f("0.0")}}):
        case = {"sv": 100, "method": "placeOrder", "args": [7, RICH_CONTRACT, order], "clientId": 0}
        assert check(oracle, case) == "identical"
        sent = oracle.ask(case)["sent"]
        assert len(sent) == 1  # sent, not refused: the fields themselves were compared
