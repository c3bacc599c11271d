"""Text decoders of the messages TWS sends, one factory per message id.

Each factory takes the negotiated server version and returns a decoder
``fields -> events`` with the version decisions already made. Field
conventions follow the official client exactly: empty ints and floats read
as 0, sizes as Decimal (empty or sentinel -> UNSET_DECIMAL), booleans as
int != 0, and text as UTF-8, except the fields the official client reads
with "unicode-escape" (from server 153), which are marked here.

Hot-path messages (ticks, bars, depth) index their field lists directly; the
rest read through ``nx = iter(fields).__next__``. Too few fields surface as
``IndexError``/``StopIteration`` and become a "bad message" error upstream.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from operator import length_hint
from typing import Any, cast

from ..model import (
    Contract,
    ContractDescription,
    ContractDetails,
    DeltaNeutralContract,
    DepthMktDataDescription,
    FamilyCode,
    HistogramData,
    HistoricalSession,
    NewsProvider,
    PriceIncrement,
    SmartComponent,
    SoftDollarTier,
    TagValue,
)
from . import versions as v
from ._core.base import Bind, pairs
from ._core.inbound import Dec, HistoricalDataDec, NeedFields, TickPriceDec, TickSizeDec
from ._core.market import (
    PLAIN,
    HistoricalDataUpdateDec,
    HistoricalTicksBidAskDec,
    HistoricalTicksDec,
    HistoricalTicksLastDec,
    MktDepthDec,
    MktDepthL2Dec,
    Plain,
    RealTimeBarDec,
    TickByTickDec,
    TickOptionComputationDec,
    WrongFieldCount,
)
from ._core.records import (
    CommissionReportDec,
    ContractDataDec,
    ExecutionDataDec,
    OrderStatusDec,
    PnlDec,
    PnlSingleDec,
    PortfolioValueDec,
    PositionDec,
)
from ._core.records import set_last_trade_date as _set_last_trade_date
from .fields import dec_decimal
from .ids import FUNDAMENTAL_DATA, IN

Event = tuple[str, tuple[Any, ...]]
TextDecode = Callable[[list[bytes]], list[Event]]
Next = Callable[[], bytes]

__all__ = ["TEXT", "WRAP", "NeedFields", "WrongFieldCount"]


# --- field readers ---------------------------------------------------------------------

def _i(nx: Next) -> int:
    return int(nx() or 0)


def _f(nx: Next) -> float:
    return float(nx() or 0)


def _s(nx: Next) -> str:
    return nx().decode()


def _d(nx: Next) -> Decimal:
    return dec_decimal(nx())


def _b(nx: Next) -> bool:
    return int(nx() or 0) != 0


def _esc(b: bytes) -> str:
    """Text TWS escaped (server 153+), read as the official client reads the error text: an escape
    that is not valid (a lone trailing backslash, ``\\Uhso``) is kept as ``\\x5c`` and so on."""
    if b"\\" not in b:
        return b.decode("latin-1")  # what "unicode-escape" makes of text without a backslash
    return b.decode("unicode-escape", "backslashreplace")


def _n(nx: Next, width: int, what: str = "records") -> int:
    """A count of records of at least ``width`` fields each, checked against the fields left.

    ``nx`` is the ``__next__`` of a list iterator, which knows how many are left (for any
    other reader the count is taken as it is).
    """
    n = int(nx() or 0)
    if n > 0:
        left = length_hint(getattr(nx, "__self__", None), -1)
        if n * width > left >= 0:
            raise NeedFields(f"{n} {what}", n * width, left)
    return n


Reader = Callable[[Next], Any]


def _records(nx: Next, cls: Callable[[], Any], fields: tuple[tuple[str, Reader], ...]) -> list[Any]:
    """A count, then that many records of ``cls`` read attribute by attribute."""
    out = []
    for _ in range(_n(nx, len(fields))):
        obj = cls()
        for attr, read in fields:
            setattr(obj, attr, read(nx))
        out.append(obj)
    return out


# --- plain messages: a version field, then one field per callback parameter ---------------------
# Decoded in the compiled core (``_core.market.PlainDec``, the official client's generic decoding);
# ``WRAP`` is its table: message id -> (callback, kinds).

WRAP: dict[int, tuple[str, str]] = PLAIN


# --- market data -----------------------------------------------------------------------------

def _named(name: str) -> str:
    return name


def _fast(make: Callable[[int, Bind], Dec]) -> Callable[[int], TextDecode]:
    """The event form of a decoder of the compiled core (``_core``; ``make`` is its class or factory, as in
    ``_core.inbound.FAST``): one source for both paths."""

    def factory(sv: int) -> TextDecode:
        decode = make(sv, _named).decode

        def dec(f: list[bytes]) -> list[Event]:
            out: list[Any] = []
            decode(f, 0, out)
            return cast("list[Event]", pairs(out))

        return dec

    return factory


def _tick_req_params(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        return [("tickReqParams", (_i(nx), _f(nx), _s(nx), _i(nx)))]

    return dec


def _tick_news(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        return [("tickNews", (_i(nx), _i(nx), _s(nx), _s(nx), _s(nx), _s(nx)))]

    return dec


def _reroute(name: str) -> Callable[[int], TextDecode]:
    def factory(sv: int) -> TextDecode:
        def dec(f: list[bytes]) -> list[Event]:
            nx = iter(f).__next__
            return [(name, (_i(nx), _i(nx), _s(nx)))]

        return dec

    return factory


def _mkt_depth_exchanges(sv: int) -> TextDecode:
    service = sv >= v.MIN_SERVER_VER_SERVICE_DATA_TYPE

    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        out = []
        for _ in range(_n(nx, 5 if service else 3)):
            d = DepthMktDataDescription()
            d.exchange = _s(nx)
            d.secType = _s(nx)
            if service:
                d.listingExch = _s(nx)
                d.serviceDataType = _s(nx)
                d.aggGroup = _i(nx)
            else:
                _i(nx)
            out.append(d)
        return [("mktDepthExchanges", (out,))]

    return dec


def _smart_components(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        req_id = _i(nx)
        out = _records(nx, SmartComponent, (("bitNumber", _i), ("exchange", _s), ("exchangeLetter", _s)))
        return [("smartComponents", (req_id, out))]

    return dec


def _market_rule(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        rule_id = _i(nx)
        return [("marketRule", (rule_id, _records(nx, PriceIncrement, (("lowEdge", _f), ("increment", _f)))))]

    return dec


# --- bars and historical data -------------------------------------------------------------------

def _historical_data_end(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        return [("historicalDataEnd", (_i(nx), _s(nx), _s(nx)))]

    return dec


def _head_timestamp(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        return [("headTimestamp", (_i(nx), _s(nx)))]

    return dec


def _histogram(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        req_id = _i(nx)
        return [("histogramData", (req_id, _records(nx, HistogramData, (("price", _f), ("size", _d)))))]

    return dec


def _historical_schedule(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        req_id, start, end, tz = _i(nx), _s(nx), _s(nx), _s(nx)
        out = _records(nx, HistoricalSession, (("startDateTime", _s), ("endDateTime", _s), ("refDate", _s)))
        return [("historicalSchedule", (req_id, start, end, tz, out))]

    return dec


# --- orders, executions, account ----------------------------------------------------------------

def _contract_block(nx: Next, c: Contract, multiplier: bool = True) -> None:
    c.conId = _i(nx)
    c.symbol = _s(nx)
    c.secType = _s(nx)
    c.lastTradeDateOrContractMonth = _s(nx)
    c.strike = _f(nx)
    c.right = _s(nx)
    if multiplier:
        c.multiplier = _s(nx)


def _position_multi(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        _i(nx)
        req_id = _i(nx)
        account = _s(nx)
        c = Contract()
        _contract_block(nx, c)
        c.exchange = _s(nx)
        c.currency = _s(nx)
        c.localSymbol = _s(nx)
        c.tradingClass = _s(nx)
        pos = _d(nx)
        avg = _f(nx)
        model = _s(nx)
        return [("positionMulti", (req_id, account, model, c, pos, avg))]

    return dec


def _order_bound(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        return [("orderBound", (_i(nx), _i(nx), _i(nx)))]

    return dec


def _simple(name: str, readers: str, skip_version: bool = False) -> Callable[[int], TextDecode]:
    """A message of plain fields read by ``readers`` (i, f, s, d, b), in callback order."""
    table = {"i": _i, "f": _f, "s": _s, "d": _d, "b": _b}
    rs = [table[c] for c in readers]

    def factory(sv: int) -> TextDecode:
        def dec(f: list[bytes]) -> list[Event]:
            nx = iter(f).__next__
            if skip_version:
                _i(nx)
            return [(name, tuple([r(nx) for r in rs]))]

        return dec

    return factory


def _soft_dollar_tiers(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        req_id = _i(nx)
        tiers = _records(nx, SoftDollarTier, (("name", _s), ("val", _s), ("displayName", _s)))
        return [("softDollarTiers", (req_id, tiers))]

    return dec


def _family_codes(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        return [("familyCodes", (_records(nx, FamilyCode, (("accountID", _s), ("familyCodeStr", _s))),))]

    return dec


# --- contracts ---------------------------------------------------------------------------------

_TAG_VALUE: tuple[tuple[str, Reader], ...] = (("tag", _s), ("value", _s))


def _sec_id_list(nx: Next, cd: ContractDetails) -> None:
    tags = _records(nx, TagValue, _TAG_VALUE)
    if tags:
        cd.secIdList = tags


def _bond_contract_data(sv: int) -> TextDecode:
    size_rules = sv >= v.MIN_SERVER_VER_SIZE_RULES

    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        version = 6 if size_rules else _i(nx)
        req_id = _i(nx) if version >= 3 else -1
        cd = ContractDetails()
        c = cd.contract
        c.symbol = _s(nx)
        c.secType = _s(nx)
        cd.cusip = _s(nx)
        cd.coupon = _f(nx)
        _set_last_trade_date(_s(nx), cd, True)
        cd.issueDate = _s(nx)
        cd.ratings = _s(nx)
        cd.bondType = _s(nx)
        cd.couponType = _s(nx)
        cd.convertible = _b(nx)
        cd.callable = _b(nx)
        cd.putable = _b(nx)
        cd.descAppend = _s(nx)
        c.exchange = _s(nx)
        c.currency = _s(nx)
        cd.marketName = _s(nx)
        c.tradingClass = _s(nx)
        c.conId = _i(nx)
        cd.minTick = _f(nx)
        if v.MIN_SERVER_VER_MD_SIZE_MULTIPLIER <= sv < v.MIN_SERVER_VER_SIZE_RULES:
            _i(nx)
        cd.orderTypes = _s(nx)
        cd.validExchanges = _s(nx)
        cd.nextOptionDate = _s(nx)
        cd.nextOptionType = _s(nx)
        cd.nextOptionPartial = _b(nx)
        cd.notes = _s(nx)
        if version >= 4:
            cd.longName = _s(nx)
        if sv >= v.MIN_SERVER_VER_BOND_TRADING_HOURS:
            cd.timeZoneId = _s(nx)
            cd.tradingHours = _s(nx)
            cd.liquidHours = _s(nx)
        if version >= 6:
            cd.evRule = _s(nx)
            cd.evMultiplier = _i(nx)
        if version >= 5:
            _sec_id_list(nx, cd)
        if sv >= v.MIN_SERVER_VER_AGG_GROUP:
            cd.aggGroup = _i(nx)
        if sv >= v.MIN_SERVER_VER_MARKET_RULES:
            cd.marketRuleIds = _s(nx)
        if size_rules:
            cd.minSize = _d(nx)
            cd.sizeIncrement = _d(nx)
            cd.suggestedSizeIncrement = _d(nx)
        return [("bondContractDetails", (req_id, cd))]

    return dec


def _scanner_data(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        _i(nx)
        req_id = _i(nx)
        out: list[Event] = []
        for _ in range(_n(nx, 16)):
            rank = _i(nx)
            cd = ContractDetails()
            c = cd.contract
            c.conId = _i(nx)
            c.symbol = _s(nx)
            c.secType = _s(nx)
            c.lastTradeDateOrContractMonth = _s(nx)
            c.strike = _f(nx)
            c.right = _s(nx)
            c.exchange = _s(nx)
            c.currency = _s(nx)
            c.localSymbol = _s(nx)
            cd.marketName = _s(nx)
            c.tradingClass = _s(nx)
            out.append(("scannerData", (req_id, rank, cd, _s(nx), _s(nx), _s(nx), _s(nx))))
        out.append(("scannerDataEnd", (req_id,)))
        return out

    return dec


def _delta_neutral_validation(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        _i(nx)
        req_id = _i(nx)
        d = DeltaNeutralContract()
        d.conId = _i(nx)
        d.delta = _f(nx)
        d.price = _f(nx)
        return [("deltaNeutralValidation", (req_id, d))]

    return dec


def _sec_def_opt_param(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        req_id, exchange, und, tclass, mult = _i(nx), _s(nx), _i(nx), _s(nx), _s(nx)
        exps = {_s(nx) for _ in range(_n(nx, 1, "expirations"))}
        strikes = {_f(nx) for _ in range(_n(nx, 1, "strikes"))}
        return [("securityDefinitionOptionParameter", (req_id, exchange, und, tclass, mult, exps, strikes))]

    return dec


def _symbol_samples(sv: int) -> TextDecode:
    issuer = sv >= v.MIN_SERVER_VER_BOND_ISSUERID

    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        req_id = _i(nx)
        out = []
        for _ in range(_n(nx, 8 if issuer else 6)):
            d = ContractDescription()
            d.contract.conId = _i(nx)
            d.contract.symbol = _s(nx)
            d.contract.secType = _s(nx)
            d.contract.primaryExchange = _s(nx)
            d.contract.currency = _s(nx)
            d.derivativeSecTypes = [_s(nx) for _ in range(_n(nx, 1, "derivative types"))]
            out.append(d)
            if issuer:
                d.contract.description = _s(nx)
                d.contract.issuerId = _s(nx)
        return [("symbolSamples", (req_id, out))]

    return dec


def _news_providers(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        return [("newsProviders", (_records(nx, NewsProvider, (("code", _s), ("name", _s))),))]

    return dec


def _current_time_in_millis(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        return [("currentTimeInMillis", (_i(iter(f).__next__),))]

    return dec


TEXT: dict[int, Callable[[int], TextDecode]] = {
    **{k: _fast(Plain(name, kinds)) for k, (name, kinds) in WRAP.items()},
    IN.TICK_PRICE: _fast(TickPriceDec),
    IN.TICK_SIZE: _fast(TickSizeDec),
    IN.ORDER_STATUS: _fast(OrderStatusDec),
    IN.PORTFOLIO_VALUE: _fast(PortfolioValueDec),
    IN.CONTRACT_DATA: _fast(ContractDataDec),
    IN.BOND_CONTRACT_DATA: _bond_contract_data,
    IN.EXECUTION_DATA: _fast(ExecutionDataDec),
    IN.MARKET_DEPTH: _fast(MktDepthDec),
    IN.MARKET_DEPTH_L2: _fast(MktDepthL2Dec),
    IN.HISTORICAL_DATA: _fast(HistoricalDataDec),
    IN.HISTORICAL_DATA_END: _historical_data_end,
    IN.HISTORICAL_DATA_UPDATE: _fast(HistoricalDataUpdateDec),
    IN.SCANNER_DATA: _scanner_data,
    IN.TICK_OPTION_COMPUTATION: _fast(TickOptionComputationDec),
    IN.REAL_TIME_BARS: _fast(RealTimeBarDec),
    IN.DELTA_NEUTRAL_VALIDATION: _delta_neutral_validation,
    IN.COMMISSION_AND_FEES_REPORT: _fast(CommissionReportDec),
    IN.POSITION_DATA: _fast(PositionDec),
    IN.POSITION_MULTI: _position_multi,
    IN.SECURITY_DEFINITION_OPTION_PARAMETER: _sec_def_opt_param,
    IN.SECURITY_DEFINITION_OPTION_PARAMETER_END: _simple("securityDefinitionOptionParameterEnd", "i"),
    IN.SOFT_DOLLAR_TIERS: _soft_dollar_tiers,
    IN.FAMILY_CODES: _family_codes,
    IN.SYMBOL_SAMPLES: _symbol_samples,
    IN.SMART_COMPONENTS: _smart_components,
    IN.TICK_REQ_PARAMS: _tick_req_params,
    IN.MKT_DEPTH_EXCHANGES: _mkt_depth_exchanges,
    IN.HEAD_TIMESTAMP: _head_timestamp,
    IN.TICK_NEWS: _tick_news,
    IN.NEWS_PROVIDERS: _news_providers,
    IN.NEWS_ARTICLE: _simple("newsArticle", "iis"),
    IN.HISTORICAL_NEWS: _simple("historicalNews", "issss"),
    IN.HISTORICAL_NEWS_END: _simple("historicalNewsEnd", "ib"),
    IN.HISTOGRAM_DATA: _histogram,
    IN.REROUTE_MKT_DATA_REQ: _reroute("rerouteMktDataReq"),
    IN.REROUTE_MKT_DEPTH_REQ: _reroute("rerouteMktDepthReq"),
    IN.MARKET_RULE: _market_rule,
    IN.PNL: _fast(PnlDec),
    IN.PNL_SINGLE: _fast(PnlSingleDec),
    IN.HISTORICAL_TICKS: _fast(HistoricalTicksDec),
    IN.HISTORICAL_TICKS_BID_ASK: _fast(HistoricalTicksBidAskDec),
    IN.HISTORICAL_TICKS_LAST: _fast(HistoricalTicksLastDec),
    IN.TICK_BY_TICK: _fast(TickByTickDec),
    IN.ORDER_BOUND: _order_bound,
    IN.COMPLETED_ORDERS_END: _simple("completedOrdersEnd", ""),
    IN.REPLACE_FA_END: _simple("replaceFAEnd", "is"),
    IN.WSH_META_DATA: _simple("wshMetaData", "is"),
    IN.WSH_EVENT_DATA: _simple("wshEventData", "is"),
    IN.HISTORICAL_SCHEDULE: _historical_schedule,
    IN.USER_INFO: _simple("userInfo", "is"),
    IN.CURRENT_TIME_IN_MILLIS: _current_time_in_millis,
}


#: Messages IB withdrew from the API, read as the releases that had them read them: the answer to
#: ``reqFundamentalData`` (ibapi 9.x-10.45; a version field, the request id and the XML). Apart from
#: :data:`TEXT`, whose messages are today's (10.51's); the decoder reads both.
WITHDRAWN_WRAP: dict[int, tuple[str, str]] = {FUNDAMENTAL_DATA: ("fundamentalData", "is")}
WITHDRAWN: dict[int, Callable[[int], TextDecode]] = {k: _fast(Plain(name, kinds))
                                                     for k, (name, kinds) in WITHDRAWN_WRAP.items()}
