"""Contracts and what TWS says about them."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any, NamedTuple, Optional

from ._base import Model, Renamed, decimalMaxString, floatMaxString, intMaxString
from .const import UNSET_DECIMAL, UNSET_DOUBLE
from .misc import IneligibilityReason, TagValue

__all__ = ["ComboLeg", "DeltaNeutralContract", "Contract", "ContractDetails", "ContractDescription",
           "FundAssetType", "FundDistributionPolicyIndicator", "TradingSession"]


class TradingSession(NamedTuple):
    """One session of ``ContractDetails.tradingHours``/``liquidHours``: aware start and end times."""

    start: _dt.datetime
    end: _dt.datetime


def _sessions(hours: str, zone: str) -> list[TradingSession]:
    """``"20261124:0930-20261124:1600;20261125:CLOSED"`` in the contract's zone, as sessions."""
    if not hours or not zone:
        return []
    from ..facade._time import tws_timezone

    tz = tws_timezone(zone)
    out = []
    for part in hours.split(";"):
        if not part or "CLOSED" in part or "-" not in part:
            continue
        start, end = (_dt.datetime.strptime(t, "%Y%m%d:%H%M").replace(tzinfo=tz) for t in part.split("-", 1))
        out.append(TradingSession(start, end))
    return out


@dataclass(eq=False, repr=False)
class ComboLeg(Model):
    """One leg of a combo (BAG) contract."""

    _template = ("{conId:i},{ratio:i},{action},{exchange},{openClose:i},{shortSaleSlot:i},"
                 "{designatedLocation},{exemptCode:i}")
    _templates = {"9.81": "{conId},{ratio},{action},{exchange},{openClose},{shortSaleSlot},{designatedLocation},"
                          "{exemptCode}"}
    conId: int = 0
    ratio: int = 0
    action: str = ''
    exchange: str = ''
    openClose: int = 0
    shortSaleSlot: int = 0
    designatedLocation: str = ''
    exemptCode: int = -1

@dataclass(eq=False, repr=False)
class DeltaNeutralContract(Model):
    """The hedge leg of a delta-neutral combo."""

    _template = "{conId},{delta:f},{price:f}"
    _templates = {"9.81": "{conId},{delta},{price}"}
    conId: int = 0
    delta: float = 0.0
    price: float = 0.0

@dataclass(eq=False, repr=False)
class Contract(Model):
    """An instrument: what a request is about."""

    @staticmethod
    def create(**kwargs: Any) -> Contract:
        """A contract of the facade's helper class for ``secType`` (``Stock``, ``Option``...), as ib_async's."""
        from ..facade.contract import create_contract

        return create_contract(**kwargs)

    @staticmethod
    def recreate(c: Contract) -> Contract:
        """A copy of ``c`` as the facade's helper class of its security type, as ib_async's."""
        from ..facade.contract import recreate_contract

        return recreate_contract(c)

    _template = (
        "ConId: {conId:i}, Symbol: {symbol}, SecType: {secType}, LastTradeDateOrContractMonth: "
        "{lastTradeDateOrContractMonth}, Strike: {strike:f}, Right: {right}, Multiplier: {multiplier}, "
        "Exchange: {exchange}, PrimaryExchange: {primaryExchange}, Currency: {currency}, LocalSymbol: "
        "{localSymbol}, TradingClass: {tradingClass}, IncludeExpired: {includeExpired}, SecIdType: "
        "{secIdType}, SecId: {secId}, Description: {description}, IssuerId: {issuerId}"
        "Combo:{comboLegsDescrip}"
    )
    _templates = {
        "9.81": "{conId},{symbol},{secType},{lastTradeDateOrContractMonth},{strike},{right},{multiplier},"
                "{exchange},{primaryExchange},{currency},{localSymbol},{tradingClass},{includeExpired},"
                "{secIdType},{secId}combo:{comboLegsDescrip}",
        # 10.19-10.2x: no lastTradeDate yet
        "10.20": "{conId},{symbol},{secType},{lastTradeDateOrContractMonth},{strike:f},{right},"
                 "{multiplier},{exchange},{primaryExchange},{currency},{localSymbol},{tradingClass},"
                 "{includeExpired},{secIdType},{secId},{description},{issuerId}combo:{comboLegsDescrip}",
        "10.30": "{conId},{symbol},{secType},{lastTradeDateOrContractMonth},{lastTradeDate},{strike:f},{right},"
                 "{multiplier},{exchange},{primaryExchange},{currency},{localSymbol},{tradingClass},"
                 "{includeExpired},{secIdType},{secId},{description},{issuerId}combo:{comboLegsDescrip}",
    }
    _older_defaults = {"9.81": {"strike": 0.0}, "10.20": {"strike": 0.0}, "10.30": {"strike": 0.0}}
    conId: int = 0
    symbol: str = ''
    secType: str = ''
    lastTradeDateOrContractMonth: str = ''
    lastTradeDate: str = ''
    strike: float = UNSET_DOUBLE
    right: str = ''
    multiplier: str = ''
    exchange: str = ''
    primaryExchange: str = ''
    currency: str = ''
    localSymbol: str = ''
    tradingClass: str = ''
    includeExpired: bool = False
    secIdType: str = ''
    secId: str = ''
    description: str = ''
    issuerId: str = ''
    comboLegsDescrip: str = ''
    comboLegs: list[ComboLeg] = field(default_factory=list)
    deltaNeutralContract: Optional[DeltaNeutralContract] = None

    def __str__(self) -> str:
        s = super().__str__()
        for leg in self.comboLegs or ():
            s += ";" + str(leg)
        if self.deltaNeutralContract:
            s += ";" + str(self.deltaNeutralContract)
        return s


class FundAssetType(Enum):
    """Asset type of a fund: ``(code, display name)``."""

    NoneItem = ("None", "None")
    # The official value is a nested tuple (a stray comma); kept so comparisons agree.
    Others = (("000", "Others"),)
    MoneyMarket = ("001", "Money Market")
    FixedIncome = ("002", "Fixed Income")
    MultiAsset = ("003", "Multi-asset")
    Equity = ("004", "Equity")
    Sector = ("005", "Sector")
    Guaranteed = ("006", "Guaranteed")
    Alternative = ("007", "Alternative")


class FundDistributionPolicyIndicator(Enum):
    """Whether a fund accumulates or pays out income: ``(code, display name)``."""

    NoneItem = ("None", "None")
    AccumulationFund = ("N", "Accumulation Fund")
    IncomeFund = ("Y", "Income Fund")


@dataclass(eq=False, repr=False)
class ContractDetails(Model):
    """Everything TWS knows about a contract (reqContractDetails)."""

    def tradingSessions(self) -> list[TradingSession]:
        """The trading hours as sessions in the contract's time zone (closed days left out)."""
        return _sessions(self.tradingHours, self.timeZoneId)

    def liquidSessions(self) -> list[TradingSession]:
        """The liquid (regular) hours as sessions in the contract's time zone."""
        return _sessions(self.liquidHours, self.timeZoneId)

    _template = (
        "{contract},{marketName},{minTick:f},{orderTypes},{validExchanges},{priceMagnifier:i},"
        "{underConId:i},{longName},{contractMonth},{industry},{category},{subcategory},{timeZoneId},"
        "{tradingHours},{liquidHours},{evRule},{evMultiplier:i},{underSymbol},{underSecType},"
        "{marketRuleIds},{aggGroup:i},{secIdList},{realExpirationDate},{stockType},{cusip},{ratings},"
        "{descAppend},{bondType},{couponType},{callable},{putable},{coupon},{convertible},{maturity},"
        "{issueDate},{nextOptionDate},{nextOptionType},{nextOptionPartial},{notes},{minSize:d},"
        "{sizeIncrement:d},{suggestedSizeIncrement:d},{minAlgoSize:d},{lastPricePrecision:d},"
        "{lastSizePrecision:d},{ineligibilityReasonList},{eventContract1},{eventContractDescription1},"
        "{eventContractDescription2},{settlementMethod}"
    )
    _templates = {
        "9.81": "{contract},{marketName},{minTick},{orderTypes},{validExchanges},{priceMagnifier},{underConId},"
                "{longName},{contractMonth},{industry},{category},{subcategory},{timeZoneId},{tradingHours},"
                "{liquidHours},{evRule},{evMultiplier},{mdSizeMultiplier},{underSymbol},{underSecType},"
                "{marketRuleIds},{aggGroup},{secIdList},{realExpirationDate},{stockType},{cusip},{ratings},"
                "{descAppend},{bondType},{couponType},{callable},{putable},{coupon},{convertible},{maturity},"
                "{issueDate},{nextOptionDate},{nextOptionType},{nextOptionPartial},{notes}",
        # 10.19-10.2x: no ineligibility reasons yet
        "10.20": "{contract},{marketName},{minTick:f},{orderTypes},{validExchanges},{priceMagnifier:i},"
                 "{underConId:i},{longName},{contractMonth},{industry},{category},{subcategory},{timeZoneId},"
                 "{tradingHours},{liquidHours},{evRule},{evMultiplier:i},{underSymbol},{underSecType},"
                 "{marketRuleIds},{aggGroup:i},{secIdList},{realExpirationDate},{stockType},{cusip},{ratings},"
                 "{descAppend},{bondType},{couponType},{callable},{putable},{coupon},{convertible},{maturity},"
                 "{issueDate},{nextOptionDate},{nextOptionType},{nextOptionPartial},{notes},{minSize:d},"
                 "{sizeIncrement:d},{suggestedSizeIncrement:d}",
        "10.30": "{contract},{marketName},{minTick:f},{orderTypes},{validExchanges},{priceMagnifier:i},"
                 "{underConId:i},{longName},{contractMonth},{industry},{category},{subcategory},{timeZoneId},"
                 "{tradingHours},{liquidHours},{evRule},{evMultiplier:i},{underSymbol},{underSecType},"
                 "{marketRuleIds},{aggGroup:i},{secIdList},{realExpirationDate},{stockType},{cusip},{ratings},"
                 "{descAppend},{bondType},{couponType},{callable},{putable},{coupon},{convertible},{maturity},"
                 "{issueDate},{nextOptionDate},{nextOptionType},{nextOptionPartial},{notes},{minSize:d},"
                 "{sizeIncrement:d},{suggestedSizeIncrement:d},{ineligibilityReasonList}",
    }
    # 9.x had a market-data size multiplier: 0 on a fresh object; TWS sent 1 (sizes in shares) until it
    # dropped the field, so details of a contract TWS described show 1
    # 9.x-10.10 fields TWS no longer sends
    mdSizeMultiplier = Renamed(lambda self: 1 if getattr(self.contract, "conId", 0) else 0)
    sizeMinTick = Renamed(lambda self: UNSET_DECIMAL)
    minCashQtySize = Renamed(lambda self: UNSET_DECIMAL)
    contract: Contract = field(default_factory=Contract)
    marketName: str = ''
    minTick: float = 0.0
    orderTypes: str = ''
    validExchanges: str = ''
    priceMagnifier: int = 0
    underConId: int = 0
    longName: str = ''
    contractMonth: str = ''
    industry: str = ''
    category: str = ''
    subcategory: str = ''
    timeZoneId: str = ''
    tradingHours: str = ''
    liquidHours: str = ''
    evRule: str = ''
    evMultiplier: int = 0
    aggGroup: int = 0
    underSymbol: str = ''
    underSecType: str = ''
    marketRuleIds: str = ''
    secIdList: Optional[list[TagValue]] = None
    realExpirationDate: str = ''
    lastTradeTime: str = ''
    stockType: str = ''
    minSize: Decimal = UNSET_DECIMAL
    sizeIncrement: Decimal = UNSET_DECIMAL
    suggestedSizeIncrement: Decimal = UNSET_DECIMAL
    minAlgoSize: Decimal = UNSET_DECIMAL
    lastPricePrecision: Decimal = UNSET_DECIMAL
    lastSizePrecision: Decimal = UNSET_DECIMAL
    cusip: str = ''
    ratings: str = ''
    descAppend: str = ''
    bondType: str = ''
    couponType: str = ''
    callable: bool = False
    putable: bool = False
    coupon: float = 0
    convertible: bool = False
    maturity: str = ''
    issueDate: str = ''
    nextOptionDate: str = ''
    nextOptionType: str = ''
    nextOptionPartial: bool = False
    notes: str = ''
    fundName: str = ''
    fundFamily: str = ''
    fundType: str = ''
    fundFrontLoad: str = ''
    fundBackLoad: str = ''
    fundBackLoadTimeInterval: str = ''
    fundManagementFee: str = ''
    fundClosed: bool = False
    fundClosedForNewInvestors: bool = False
    fundClosedForNewMoney: bool = False
    fundNotifyAmount: str = ''
    fundMinimumInitialPurchase: str = ''
    fundSubsequentMinimumPurchase: str = ''
    fundBlueSkyStates: str = ''
    fundBlueSkyTerritories: str = ''
    fundDistributionPolicyIndicator: FundDistributionPolicyIndicator = FundDistributionPolicyIndicator.NoneItem
    fundAssetType: FundAssetType = FundAssetType.NoneItem
    ineligibilityReasonList: Optional[list[IneligibilityReason]] = None
    eventContract1: str = ''
    eventContractDescription1: str = ''
    eventContractDescription2: str = ''
    settlementMethod: str = ''

@dataclass(eq=False, repr=False)
class ContractDescription(Model):
    """A symbol search result (reqMatchingSymbols)."""

    _template = "Object"
    contract: Contract = field(default_factory=Contract)
    derivativeSecTypes: list[str] = field(default_factory=list)

