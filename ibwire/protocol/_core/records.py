"""Decoders of record messages for the compiled core: contract details, portfolio, positions, orders, fills.

A ``ContractDetails`` has some sixty attributes; building one through the
dataclass ``__init__`` (a Python frame with sixty defaults) costs more than
reading its fields, so records are made by :func:`fresh`: the class's defaults
copied into a new instance's ``__dict__`` in one step (the same object the
``__init__`` makes: fresh lists and contracts for the fields with factories).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from enum import Enum
from functools import partial
from typing import Final, TypeVar

from ...model import (
    CommissionAndFeesReport,
    Contract,
    ContractDetails,
    Execution,
    FundAssetType,
    FundDistributionPolicyIndicator,
    IneligibilityReason,
    TagValue,
)
from .. import versions as v
from .base import ZERO, Bind, Dec, Events, NeedFields, emit, size, read_float, read_int

__all__ = ["ContractDataDec", "PortfolioValueDec", "PositionDec", "OrderStatusDec", "ExecutionDataDec",
           "CommissionReportDec", "PnlDec", "PnlSingleDec", "fresh",
           "set_last_trade_date", "long_name", "enum_from", "size"]


_T = TypeVar("_T")
_E = TypeVar("_E", bound=Enum)

#: class -> (its fields' defaults, the fields made by a factory and their factories)
_TEMPLATES: dict[type, tuple[dict[str, object], list[tuple[str, Callable[[], object]]]]] = {}


def fresh(cls: type[_T]) -> _T:
    """``cls()`` for a dataclass whose ``__init__`` only sets its defaults, without calling it."""
    t = _TEMPLATES.get(cls)
    if t is None:
        t = _TEMPLATES[cls] = _template(cls)
    obj: _T = cls.__new__(cls)
    d = obj.__dict__
    d.update(t[0])
    for name, factory in t[1]:
        d[name] = factory()
    return obj


def _template(cls: type) -> tuple[dict[str, object], list[tuple[str, Callable[[], object]]]]:
    defaults: dict[str, object] = {}
    factories: list[tuple[str, Callable[[], object]]] = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            defaults[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            factory: Callable[[], object] = f.default_factory
            if isinstance(factory, type) and dataclasses.is_dataclass(factory):
                factory = partial(fresh, factory)  # a model in a model (a contract's details): made the same way
            factories.append((f.name, factory))
        else:
            raise TypeError(f"{cls.__name__}.{f.name} has no default")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has a __post_init__")
    return defaults, factories


def set_last_trade_date(text: str, cd: ContractDetails, bond: bool) -> None:
    """``lastTradeDateOrContractMonth`` as TWS sends it in contract details: date, time, zone."""
    parts = text.split("-") if "-" in text else text.split()
    if parts:
        if bond:
            cd.maturity = parts[0]
        else:
            cd.contract.lastTradeDateOrContractMonth = parts[0]
    if len(parts) > 1:
        cd.lastTradeTime = parts[1]
    if bond and len(parts) > 2:
        cd.timeZoneId = parts[2]


def long_name(name: str) -> str:
    """A contract's long name from server 153: unescaped; an invalid escape keeps the text as sent.

    (The official client raises out of its message loop there and loses the connection's
    dispatch; delivering the name as TWS sent it loses nothing.)
    """
    if name.isascii() and "\\" not in name:
        return name  # what "unicode-escape" makes of it (the codec's look-up by name cost a tenth of details)
    try:
        return name.encode().decode("unicode-escape")
    except UnicodeDecodeError:
        return name


def enum_from(cls: type[_E], text: str) -> _E:
    """The member whose code (first item of its value) is ``text``; the first member otherwise."""
    for item in cls:
        if item.value[0] == text:
            return item
    return next(iter(cls))


_FUND_TEXTS: Final = ("fundName", "fundFamily", "fundType", "fundFrontLoad", "fundBackLoad",
                      "fundBackLoadTimeInterval", "fundManagementFee")
_FUND_TEXTS2: Final = ("fundNotifyAmount", "fundMinimumInitialPurchase", "fundSubsequentMinimumPurchase",
                       "fundBlueSkyStates", "fundBlueSkyTerritories")


class ContractDataDec(Dec):
    """contractDetails (message 10), every server version."""

    def __init__(self, sv: int, bind: Bind) -> None:
        self.size_rules = sv >= v.MIN_SERVER_VER_SIZE_RULES
        self.last_trade_date = sv >= v.MIN_SERVER_VER_LAST_TRADE_DATE
        self.md_size_multiplier = v.MIN_SERVER_VER_MD_SIZE_MULTIPLIER <= sv < v.MIN_SERVER_VER_SIZE_RULES
        self.escaped = sv >= v.MIN_SERVER_VER_ENCODE_MSG_ASCII7
        self.agg_group = sv >= v.MIN_SERVER_VER_AGG_GROUP
        self.underlying = sv >= v.MIN_SERVER_VER_UNDERLYING_INFO
        self.market_rules = sv >= v.MIN_SERVER_VER_MARKET_RULES
        self.real_expiration = sv >= v.MIN_SERVER_VER_REAL_EXPIRATION_DATE
        self.stock_type = sv >= v.MIN_SERVER_VER_STOCK_TYPE
        self.fractional = v.MIN_SERVER_VER_FRACTIONAL_SIZE_SUPPORT <= sv < v.MIN_SERVER_VER_SIZE_RULES
        self.fund = sv >= v.MIN_SERVER_VER_FUND_DATA_FIELDS
        self.ineligibility = sv >= v.MIN_SERVER_VER_INELIGIBILITY_REASONS
        self.cb = bind("contractDetails")

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        i = at
        version = 8
        if not self.size_rules:
            version = read_int(f[i] or ZERO)
            i += 1
        req_id = -1
        if version >= 3:
            req_id = read_int(f[i] or ZERO)
            i += 1
        cd: ContractDetails = fresh(ContractDetails)
        c: Contract = cd.contract
        c.symbol = f[i].decode()
        c.secType = f[i + 1].decode()
        set_last_trade_date(f[i + 2].decode(), cd, False)
        i += 3
        if self.last_trade_date:
            c.lastTradeDate = f[i].decode()
            i += 1
        c.strike = read_float(f[i] or ZERO)
        c.right = f[i + 1].decode()
        c.exchange = f[i + 2].decode()
        c.currency = f[i + 3].decode()
        c.localSymbol = f[i + 4].decode()
        cd.marketName = f[i + 5].decode()
        c.tradingClass = f[i + 6].decode()
        c.conId = read_int(f[i + 7] or ZERO)
        cd.minTick = read_float(f[i + 8] or ZERO)
        i += 9
        if self.md_size_multiplier:
            read_int(f[i] or ZERO)
            i += 1
        c.multiplier = f[i].decode()
        cd.orderTypes = f[i + 1].decode()
        cd.validExchanges = f[i + 2].decode()
        cd.priceMagnifier = read_int(f[i + 3] or ZERO)
        i += 4
        if version >= 4:
            cd.underConId = read_int(f[i] or ZERO)
            i += 1
        if version >= 5:
            name = f[i].decode()
            cd.longName = long_name(name) if self.escaped else name
            c.primaryExchange = f[i + 1].decode()
            i += 2
        if version >= 6:
            cd.contractMonth = f[i].decode()
            cd.industry = f[i + 1].decode()
            cd.category = f[i + 2].decode()
            cd.subcategory = f[i + 3].decode()
            cd.timeZoneId = f[i + 4].decode()
            cd.tradingHours = f[i + 5].decode()
            cd.liquidHours = f[i + 6].decode()
            i += 7
        if version >= 8:
            cd.evRule = f[i].decode()
            cd.evMultiplier = read_int(f[i + 1] or ZERO)
            i += 2
        if version >= 7:
            n = read_int(f[i] or ZERO)
            i += 1
            if n > 0:
                if n * 2 > len(f) - i:
                    raise NeedFields(f"{n} records", n * 2, len(f) - i)
                tags: list[TagValue] = []
                for _ in range(n):
                    tags.append(TagValue(f[i].decode(), f[i + 1].decode()))
                    i += 2
                cd.secIdList = tags
        if self.agg_group:
            cd.aggGroup = read_int(f[i] or ZERO)
            i += 1
        if self.underlying:
            cd.underSymbol = f[i].decode()
            cd.underSecType = f[i + 1].decode()
            i += 2
        if self.market_rules:
            cd.marketRuleIds = f[i].decode()
            i += 1
        if self.real_expiration:
            cd.realExpirationDate = f[i].decode()
            i += 1
        if self.stock_type:
            cd.stockType = f[i].decode()
            i += 1
        if self.fractional:
            size(f[i])
            i += 1
        if self.size_rules:
            cd.minSize = size(f[i])
            cd.sizeIncrement = size(f[i + 1])
            cd.suggestedSizeIncrement = size(f[i + 2])
            i += 3
        if self.fund and c.secType == "FUND":
            d = cd.__dict__
            for attr in _FUND_TEXTS:
                d[attr] = f[i].decode()
                i += 1
            cd.fundClosed = read_int(f[i] or ZERO) != 0
            cd.fundClosedForNewInvestors = read_int(f[i + 1] or ZERO) != 0
            cd.fundClosedForNewMoney = read_int(f[i + 2] or ZERO) != 0
            i += 3
            for attr in _FUND_TEXTS2:
                d[attr] = f[i].decode()
                i += 1
            cd.fundDistributionPolicyIndicator = enum_from(FundDistributionPolicyIndicator, f[i].decode())
            cd.fundAssetType = enum_from(FundAssetType, f[i + 1].decode())
            i += 2
        if self.ineligibility:
            n = read_int(f[i] or ZERO)
            i += 1
            if n > 0:
                if n * 2 > len(f) - i:
                    raise NeedFields(f"{n} reasons", n * 2, len(f) - i)
                reasons: list[IneligibilityReason] = []
                for _ in range(n):
                    reasons.append(IneligibilityReason(f[i].decode(), f[i + 1].decode()))
                    i += 2
                cd.ineligibilityReasonList = reasons
        out.extend((2, self.cb, req_id, cd))


class OrderStatusDec(Dec):
    """orderStatus (3); ``mktCapPrice`` from server 131 (None before, when a version field leads)."""

    def __init__(self, sv: int, bind: Bind) -> None:
        self.cap_price = sv >= v.MIN_SERVER_VER_MARKET_CAP_PRICE
        self.cb = bind("orderStatus")

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        i = at
        if not self.cap_price:
            read_int(f[i] or ZERO)  # version
            i += 1
        args = (read_int(f[i] or ZERO), f[i + 1].decode(), size(f[i + 2]), size(f[i + 3]), read_float(f[i + 4] or ZERO),
                read_int(f[i + 5] or ZERO), read_int(f[i + 6] or ZERO), read_float(f[i + 7] or ZERO),
                read_int(f[i + 8] or ZERO),
                f[i + 9].decode(), read_float(f[i + 10] or ZERO) if self.cap_price else None)
        emit(out, self.cb, args)


def contract_head(f: list[bytes], i: int) -> Contract:
    """A contract from the six fields at ``f[i]`` that portfolio, position and execution messages start it with:
    conId, symbol, secType, lastTradeDateOrContractMonth, strike, right."""
    c: Contract = fresh(Contract)
    c.conId = read_int(f[i] or ZERO)
    c.symbol = f[i + 1].decode()
    c.secType = f[i + 2].decode()
    c.lastTradeDateOrContractMonth = f[i + 3].decode()
    c.strike = read_float(f[i + 4] or ZERO)
    c.right = f[i + 5].decode()
    return c


class PortfolioValueDec(Dec):
    """updatePortfolio (7): multiplier and primary exchange from message version 7, trading class from 8."""

    def __init__(self, sv: int, bind: Bind) -> None:
        self.cb = bind("updatePortfolio")

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        version = read_int(f[at] or ZERO)
        c = contract_head(f, at + 1)
        i = at + 7
        if version >= 7:
            c.multiplier = f[i].decode()
            c.primaryExchange = f[i + 1].decode()
            i += 2
        c.currency = f[i].decode()
        c.localSymbol = f[i + 1].decode()
        i += 2
        if version >= 8:
            c.tradingClass = f[i].decode()
            i += 1
        args = (c, size(f[i]), read_float(f[i + 1] or ZERO), read_float(f[i + 2] or ZERO), read_float(f[i + 3] or ZERO),
                read_float(f[i + 4] or ZERO), read_float(f[i + 5] or ZERO), f[i + 6].decode())
        emit(out, self.cb, args)


class PositionDec(Dec):
    """position (61): trading class from message version 2, average cost from 3 (0.0 before)."""

    def __init__(self, sv: int, bind: Bind) -> None:
        self.cb = bind("position")

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        version = read_int(f[at] or ZERO)
        account = f[at + 1].decode()
        c = contract_head(f, at + 2)
        c.multiplier = f[at + 8].decode()
        c.exchange = f[at + 9].decode()
        c.currency = f[at + 10].decode()
        c.localSymbol = f[at + 11].decode()
        i = at + 12
        if version >= 2:
            c.tradingClass = f[i].decode()
            i += 1
        pos = size(f[i])
        avg = read_float(f[i + 1] or ZERO) if version >= 3 else 0.0
        out.extend((4, self.cb, account, c, pos, avg))


class ExecutionDataDec(Dec):
    """execDetails (11): a message version field before server 136 (LAST_LIQUIDITY); from there the
    server version stands for it."""

    def __init__(self, sv: int, bind: Bind) -> None:
        self.sv = sv
        self.liquidity = sv >= v.MIN_SERVER_VER_LAST_LIQUIDITY
        self.models = sv >= v.MIN_SERVER_VER_MODELS_SUPPORT
        self.pending = sv >= v.MIN_SERVER_VER_PENDING_PRICE_REVISION
        self.submitter = sv >= v.MIN_SERVER_VER_SUBMITTER
        self.cb = bind("execDetails")

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        i = at
        version = self.sv
        if not self.liquidity:
            version = read_int(f[i] or ZERO)
            i += 1
        req_id = -1
        if version >= 7:
            req_id = read_int(f[i] or ZERO)
            i += 1
        order_id = read_int(f[i] or ZERO)
        c = contract_head(f, i + 1)
        i += 7
        if version >= 9:
            c.multiplier = f[i].decode()
            i += 1
        c.exchange = f[i].decode()
        c.currency = f[i + 1].decode()
        c.localSymbol = f[i + 2].decode()
        i += 3
        if version >= 10:
            c.tradingClass = f[i].decode()
            i += 1
        e: Execution = fresh(Execution)
        e.orderId = order_id
        e.execId = f[i].decode()
        e.time = f[i + 1].decode()
        e.acctNumber = f[i + 2].decode()
        e.exchange = f[i + 3].decode()
        e.side = f[i + 4].decode()
        e.shares = size(f[i + 5])
        e.price = read_float(f[i + 6] or ZERO)
        e.permId = read_int(f[i + 7] or ZERO)
        e.clientId = read_int(f[i + 8] or ZERO)
        e.liquidation = read_int(f[i + 9] or ZERO)
        i += 10
        if version >= 6:
            e.cumQty = size(f[i])
            e.avgPrice = read_float(f[i + 1] or ZERO)
            i += 2
        if version >= 8:
            e.orderRef = f[i].decode()
            i += 1
        if version >= 9:
            e.evRule = f[i].decode()
            e.evMultiplier = read_float(f[i + 1] or ZERO)
            i += 2
        if self.models:
            e.modelCode = f[i].decode()
            i += 1
        if self.liquidity:
            e.lastLiquidity = read_int(f[i] or ZERO)
            i += 1
        if self.pending:
            e.pendingPriceRevision = read_int(f[i] or ZERO) != 0
            i += 1
        if self.submitter:
            e.submitter = f[i].decode()
            i += 1
        out.extend((3, self.cb, req_id, c, e))


class CommissionReportDec(Dec):
    """commissionAndFeesReport (59)."""

    def __init__(self, sv: int, bind: Bind) -> None:
        self.cb = bind("commissionAndFeesReport")

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        read_int(f[at] or ZERO)  # version
        r: CommissionAndFeesReport = fresh(CommissionAndFeesReport)
        r.execId = f[at + 1].decode()
        r.commissionAndFees = read_float(f[at + 2] or ZERO)
        r.currency = f[at + 3].decode()
        r.realizedPNL = read_float(f[at + 4] or ZERO)
        r.yield_ = read_float(f[at + 5] or ZERO)
        r.yieldRedemptionDate = read_int(f[at + 6] or ZERO)
        out.extend((1, self.cb, r))


class PnlDec(Dec):
    """pnl (94): unrealized P&L from server 129, realized from 135 (None before)."""

    def __init__(self, sv: int, bind: Bind) -> None:
        self.unreal = sv >= v.MIN_SERVER_VER_UNREALIZED_PNL
        self.real = sv >= v.MIN_SERVER_VER_REALIZED_PNL
        self.cb = bind("pnl")

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        req_id = read_int(f[at] or ZERO)
        daily = read_float(f[at + 1] or ZERO)
        i = at + 2
        u: float | None = None
        r: float | None = None
        if self.unreal:
            u = read_float(f[i] or ZERO)
            i += 1
        if self.real:
            r = read_float(f[i] or ZERO)
        out.extend((4, self.cb, req_id, daily, u, r))


class PnlSingleDec(Dec):
    """pnlSingle (95): position, daily P&L, unrealized (server 129) and realized (135) P&L, value."""

    def __init__(self, sv: int, bind: Bind) -> None:
        self.unreal = sv >= v.MIN_SERVER_VER_UNREALIZED_PNL
        self.real = sv >= v.MIN_SERVER_VER_REALIZED_PNL
        self.cb = bind("pnlSingle")

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        req_id = read_int(f[at] or ZERO)
        pos = size(f[at + 1])
        daily = read_float(f[at + 2] or ZERO)
        i = at + 3
        u: float | None = None
        r: float | None = None
        if self.unreal:
            u = read_float(f[i] or ZERO)
            i += 1
        if self.real:
            r = read_float(f[i] or ZERO)
            i += 1
        value = read_float(f[i] or ZERO)
        out.extend((6, self.cb, req_id, pos, daily, u, r, value))
