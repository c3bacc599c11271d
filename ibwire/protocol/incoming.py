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
from typing import Any

from ..model import (
    BarData,
    CommissionAndFeesReport,
    Contract,
    ContractDescription,
    ContractDetails,
    DeltaNeutralContract,
    DepthMktDataDescription,
    Execution,
    FamilyCode,
    HistogramData,
    HistoricalSession,
    HistoricalTick,
    HistoricalTickBidAsk,
    HistoricalTickLast,
    NewsProvider,
    PriceIncrement,
    SmartComponent,
    SoftDollarTier,
    TagValue,
    TickAttribBidAsk,
    TickAttribLast,
)
from . import versions as v
from ._core.inbound import Dec, HistoricalDataDec, NeedFields, TickPriceDec, TickSizeDec, events_of
from ._core.records import ContractDataDec
from ._core.records import set_last_trade_date as _set_last_trade_date
from .fields import dec_decimal
from .ids import FUNDAMENTAL_DATA, IN

Event = tuple[str, tuple[Any, ...]]
TextDecode = Callable[[list[bytes]], list[Event]]
Next = Callable[[], bytes]

__all__ = ["TEXT", "WRAP", "NeedFields"]


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


def _esc_or_latin1(b: bytes) -> str:
    """Text of a plain message from server 153 on: unescaped, or, where an escape is not valid
    (``...s\\`` at the end, ``\\Uhso``), the raw bytes as Latin-1, as the official client falls back."""
    if b"\\" not in b:
        return b.decode("latin-1")  # what "unicode-escape" makes of text without a backslash
    try:
        return b.decode("unicode-escape")
    except UnicodeDecodeError:
        return b.decode("latin-1")


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


# --- plain messages: version field, then one field per callback parameter ---------------
# The official client decodes these generically from the callback's annotations:
# int and float parameters are converted, everything else stays text (even the
# ``isSuccessful: bool`` of the verify callbacks). From server 153 all text is read
# with "unicode-escape". The field count must match exactly.

WRAP: dict[int, tuple[str, str]] = {
    IN.ACCT_VALUE: ("updateAccountValue", "ssss"),
    IN.ACCT_UPDATE_TIME: ("updateAccountTime", "s"),
    IN.NEXT_VALID_ID: ("nextValidId", "i"),
    IN.NEWS_BULLETINS: ("updateNewsBulletin", "iiss"),
    IN.MANAGED_ACCTS: ("managedAccounts", "s"),
    IN.RECEIVE_FA: ("receiveFA", "is"),
    IN.SCANNER_PARAMETERS: ("scannerParameters", "s"),
    IN.TICK_GENERIC: ("tickGeneric", "iif"),
    IN.TICK_STRING: ("tickString", "iis"),
    IN.TICK_EFP: ("tickEFP", "iifsfisff"),
    IN.CURRENT_TIME: ("currentTime", "i"),
    IN.CONTRACT_DATA_END: ("contractDetailsEnd", "i"),
    IN.OPEN_ORDER_END: ("openOrderEnd", ""),
    IN.ACCT_DOWNLOAD_END: ("accountDownloadEnd", "s"),
    IN.EXECUTION_DATA_END: ("execDetailsEnd", "i"),
    IN.TICK_SNAPSHOT_END: ("tickSnapshotEnd", "i"),
    IN.MARKET_DATA_TYPE: ("marketDataType", "ii"),
    IN.POSITION_END: ("positionEnd", ""),
    IN.ACCOUNT_SUMMARY: ("accountSummary", "issss"),
    IN.ACCOUNT_SUMMARY_END: ("accountSummaryEnd", "i"),
    IN.VERIFY_MESSAGE_API: ("verifyMessageAPI", "s"),
    IN.VERIFY_COMPLETED: ("verifyCompleted", "ss"),
    IN.DISPLAY_GROUP_LIST: ("displayGroupList", "is"),
    IN.DISPLAY_GROUP_UPDATED: ("displayGroupUpdated", "is"),
    IN.VERIFY_AND_AUTH_MESSAGE_API: ("verifyAndAuthMessageAPI", "ss"),
    IN.VERIFY_AND_AUTH_COMPLETED: ("verifyAndAuthCompleted", "ss"),
    IN.POSITION_MULTI_END: ("positionMultiEnd", "i"),
    IN.ACCOUNT_UPDATE_MULTI: ("accountUpdateMulti", "isssss"),
    IN.ACCOUNT_UPDATE_MULTI_END: ("accountUpdateMultiEnd", "i"),
}


class WrongFieldCount(ValueError):
    pass


def _wrap(name: str, kinds: str) -> Callable[[int], TextDecode]:
    def factory(sv: int) -> TextDecode:
        escaped = sv >= v.MIN_SERVER_VER_ENCODE_MSG_ASCII7

        # Every field is read as text first, numbers too (so "\\u0031" at 153+ is 1, as the
        # official client reads it). Before 153, text that is not UTF-8 raises; the decoder
        # then reports the frame and decodes it again as Latin-1, which is what the official
        # client delivers. From 153 on unescaping never fails: an invalid escape falls back
        # to Latin-1, silently, as the official client does.
        text: Callable[[bytes], str] = _esc_or_latin1 if escaped else bytes.decode
        conv: dict[str, Callable[[bytes], Any]] = {
            "i": lambda b: int(text(b)), "f": lambda b: float(text(b)), "s": text}
        convs = [conv[k] for k in kinds]
        n = len(kinds) + 1

        def dec(f: list[bytes]) -> list[Event]:
            if len(f) != n:
                raise WrongFieldCount(f"{name} needs {n} fields, got {len(f)}")
            return [(name, tuple([c(x) for c, x in zip(convs, f[1:])]))]

        return dec

    return factory


# --- market data -----------------------------------------------------------------------------

def _named(name: str) -> str:
    return name


def _fast(cls: type[Dec]) -> Callable[[int], TextDecode]:
    """The event form of a decoder of the compiled core (``_core.inbound``): one source for both paths."""

    def factory(sv: int) -> TextDecode:
        dec = cls(sv, _named)
        return lambda f: events_of(dec, f)

    return factory


def _none_if(x: float, bad: float) -> float | None:
    return None if x == bad else x


def _tick_option_computation(sv: int) -> TextDecode:
    price_based = sv >= v.MIN_SERVER_VER_PRICE_BASED_VOLATILITY

    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        version = sv if price_based else _i(nx)
        req_id = _i(nx)
        tick_type = _i(nx)
        attrib = _i(nx) if price_based else None
        iv: float | None = _f(nx)
        delta: float | None = _f(nx)
        if iv is not None and iv < 0:
            iv = None
        if delta == -2:
            delta = None
        opt = pv = gamma = vega = theta = und = None
        if version >= 6 or tick_type in (13, 83):
            opt = _none_if(_f(nx), -1)
            pv = _none_if(_f(nx), -1)
        if version >= 6:
            gamma = _none_if(_f(nx), -2)
            vega = _none_if(_f(nx), -2)
            theta = _none_if(_f(nx), -2)
            und = _none_if(_f(nx), -1)
        return [("tickOptionComputation", (req_id, tick_type, attrib, iv, delta, opt, pv, gamma, vega, theta, und))]

    return dec


def _market_depth(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        int(f[0] or 0)
        return [("updateMktDepth", (int(f[1] or 0), int(f[2] or 0), int(f[3] or 0), int(f[4] or 0),
                                    float(f[5] or 0), dec_decimal(f[6])))]

    return dec


def _market_depth_l2(sv: int) -> TextDecode:
    smart = sv >= v.MIN_SERVER_VER_SMART_DEPTH

    def dec(f: list[bytes]) -> list[Event]:
        int(f[0] or 0)
        is_smart = int(f[8] or 0) != 0 if smart else False
        return [("updateMktDepthL2", (int(f[1] or 0), int(f[2] or 0), f[3].decode(), int(f[4] or 0), int(f[5] or 0),
                                      float(f[6] or 0), dec_decimal(f[7]), is_smart))]

    return dec


def _tick_by_tick(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        req_id = int(f[0] or 0)
        kind = int(f[1] or 0)
        t = int(f[2] or 0)
        if kind in (1, 2):
            mask = int(f[5] or 0)
            a = TickAttribLast()
            a.pastLimit = mask & 1 != 0
            a.unreported = mask & 2 != 0
            return [("tickByTickAllLast", (req_id, kind, t, float(f[3] or 0), dec_decimal(f[4]), a, f[6].decode(),
                                           f[7].decode()))]
        if kind == 3:
            mask = int(f[7] or 0)
            ba = TickAttribBidAsk()
            ba.bidPastLow = mask & 1 != 0
            ba.askPastHigh = mask & 2 != 0
            return [("tickByTickBidAsk", (req_id, t, float(f[3] or 0), float(f[4] or 0), dec_decimal(f[5]),
                                          dec_decimal(f[6]), ba))]
        if kind == 4:
            return [("tickByTickMidPoint", (req_id, t, float(f[3] or 0)))]
        return []

    return dec


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


def _historical_data_update(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        req_id = _i(nx)
        bar = BarData()
        bar.barCount = _i(nx)
        bar.date = _s(nx)
        bar.open = _f(nx)
        bar.close = _f(nx)
        bar.high = _f(nx)
        bar.low = _f(nx)
        bar.wap = _d(nx)
        bar.volume = _d(nx)
        return [("historicalDataUpdate", (req_id, bar))]

    return dec


def _real_time_bars(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        int(f[0] or 0)
        return [("realtimeBar", (int(f[1] or 0), int(f[2] or 0), float(f[3] or 0), float(f[4] or 0), float(f[5] or 0),
                                 float(f[6] or 0), dec_decimal(f[7]), dec_decimal(f[8]), int(f[9] or 0)))]

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


def _historical_ticks(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        req_id = _i(nx)
        out = []
        for _ in range(_n(nx, 4, "ticks")):
            t = HistoricalTick()
            t.time = _i(nx)
            nx()  # unused attribute mask
            t.price = _f(nx)
            t.size = _d(nx)
            out.append(t)
        return [("historicalTicks", (req_id, out, _b(nx)))]

    return dec


def _historical_ticks_bid_ask(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        req_id = _i(nx)
        out = []
        for _ in range(_n(nx, 6, "ticks")):
            t = HistoricalTickBidAsk()
            t.time = _i(nx)
            mask = _i(nx)
            a = TickAttribBidAsk()
            a.askPastHigh = mask & 1 != 0
            a.bidPastLow = mask & 2 != 0
            t.tickAttribBidAsk = a
            t.priceBid = _f(nx)
            t.priceAsk = _f(nx)
            t.sizeBid = _d(nx)
            t.sizeAsk = _d(nx)
            out.append(t)
        return [("historicalTicksBidAsk", (req_id, out, _b(nx)))]

    return dec


def _historical_ticks_last(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        req_id = _i(nx)
        out = []
        for _ in range(_n(nx, 6, "ticks")):
            t = HistoricalTickLast()
            t.time = _i(nx)
            mask = _i(nx)
            a = TickAttribLast()
            a.pastLimit = mask & 1 != 0
            a.unreported = mask & 2 != 0
            t.tickAttribLast = a
            t.price = _f(nx)
            t.size = _d(nx)
            t.exchange = _s(nx)
            t.specialConditions = _s(nx)
            out.append(t)
        return [("historicalTicksLast", (req_id, out, _b(nx)))]

    return dec


def _historical_schedule(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        req_id, start, end, tz = _i(nx), _s(nx), _s(nx), _s(nx)
        out = _records(nx, HistoricalSession, (("startDateTime", _s), ("endDateTime", _s), ("refDate", _s)))
        return [("historicalSchedule", (req_id, start, end, tz, out))]

    return dec


# --- orders, executions, account ----------------------------------------------------------------

def _order_status(sv: int) -> TextDecode:
    cap = sv >= v.MIN_SERVER_VER_MARKET_CAP_PRICE

    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        if not cap:
            _i(nx)
        args = (_i(nx), _s(nx), _d(nx), _d(nx), _f(nx), _i(nx), _i(nx), _f(nx), _i(nx), _s(nx),
                _f(nx) if cap else None)
        return [("orderStatus", args)]

    return dec


def _contract_block(nx: Next, c: Contract, multiplier: bool = True) -> None:
    c.conId = _i(nx)
    c.symbol = _s(nx)
    c.secType = _s(nx)
    c.lastTradeDateOrContractMonth = _s(nx)
    c.strike = _f(nx)
    c.right = _s(nx)
    if multiplier:
        c.multiplier = _s(nx)


def _portfolio_value(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        version = _i(nx)
        c = Contract()
        _contract_block(nx, c, multiplier=False)
        if version >= 7:
            c.multiplier = _s(nx)
            c.primaryExchange = _s(nx)
        c.currency = _s(nx)
        c.localSymbol = _s(nx)
        if version >= 8:
            c.tradingClass = _s(nx)
        args = (c, _d(nx), _f(nx), _f(nx), _f(nx), _f(nx), _f(nx), _s(nx))
        return [("updatePortfolio", args)]

    return dec


def _position(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        version = _i(nx)
        account = _s(nx)
        c = Contract()
        _contract_block(nx, c)
        c.exchange = _s(nx)
        c.currency = _s(nx)
        c.localSymbol = _s(nx)
        if version >= 2:
            c.tradingClass = _s(nx)
        pos = _d(nx)
        avg = _f(nx) if version >= 3 else 0.0
        return [("position", (account, c, pos, avg))]

    return dec


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


def _execution_data(sv: int) -> TextDecode:
    liquidity = sv >= v.MIN_SERVER_VER_LAST_LIQUIDITY

    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        version = sv if liquidity else _i(nx)
        req_id = _i(nx) if version >= 7 else -1
        order_id = _i(nx)
        c = Contract()
        _contract_block(nx, c, multiplier=version >= 9)
        c.exchange = _s(nx)
        c.currency = _s(nx)
        c.localSymbol = _s(nx)
        if version >= 10:
            c.tradingClass = _s(nx)
        e = Execution()
        e.orderId = order_id
        e.execId = _s(nx)
        e.time = _s(nx)
        e.acctNumber = _s(nx)
        e.exchange = _s(nx)
        e.side = _s(nx)
        e.shares = _d(nx)
        e.price = _f(nx)
        e.permId = _i(nx)
        e.clientId = _i(nx)
        e.liquidation = _i(nx)
        if version >= 6:
            e.cumQty = _d(nx)
            e.avgPrice = _f(nx)
        if version >= 8:
            e.orderRef = _s(nx)
        if version >= 9:
            e.evRule = _s(nx)
            e.evMultiplier = _f(nx)
        if sv >= v.MIN_SERVER_VER_MODELS_SUPPORT:
            e.modelCode = _s(nx)
        if liquidity:
            e.lastLiquidity = _i(nx)
        if sv >= v.MIN_SERVER_VER_PENDING_PRICE_REVISION:
            e.pendingPriceRevision = _b(nx)
        if sv >= v.MIN_SERVER_VER_SUBMITTER:
            e.submitter = _s(nx)
        return [("execDetails", (req_id, c, e))]

    return dec


def _commission_report(sv: int) -> TextDecode:
    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        _i(nx)
        r = CommissionAndFeesReport()
        r.execId = _s(nx)
        r.commissionAndFees = _f(nx)
        r.currency = _s(nx)
        r.realizedPNL = _f(nx)
        r.yield_ = _f(nx)
        r.yieldRedemptionDate = _i(nx)
        return [("commissionAndFeesReport", (r,))]

    return dec


def _pnl(sv: int) -> TextDecode:
    unreal = sv >= v.MIN_SERVER_VER_UNREALIZED_PNL
    real = sv >= v.MIN_SERVER_VER_REALIZED_PNL

    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        req_id, daily = _i(nx), _f(nx)
        u = _f(nx) if unreal else None
        r = _f(nx) if real else None
        return [("pnl", (req_id, daily, u, r))]

    return dec


def _pnl_single(sv: int) -> TextDecode:
    unreal = sv >= v.MIN_SERVER_VER_UNREALIZED_PNL
    real = sv >= v.MIN_SERVER_VER_REALIZED_PNL

    def dec(f: list[bytes]) -> list[Event]:
        nx = iter(f).__next__
        req_id, pos, daily = _i(nx), _d(nx), _f(nx)
        u = _f(nx) if unreal else None
        r = _f(nx) if real else None
        return [("pnlSingle", (req_id, pos, daily, u, r, _f(nx)))]

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
    **{k: _wrap(name, kinds) for k, (name, kinds) in WRAP.items()},
    IN.TICK_PRICE: _fast(TickPriceDec),
    IN.TICK_SIZE: _fast(TickSizeDec),
    IN.ORDER_STATUS: _order_status,
    IN.PORTFOLIO_VALUE: _portfolio_value,
    IN.CONTRACT_DATA: _fast(ContractDataDec),
    IN.BOND_CONTRACT_DATA: _bond_contract_data,
    IN.EXECUTION_DATA: _execution_data,
    IN.MARKET_DEPTH: _market_depth,
    IN.MARKET_DEPTH_L2: _market_depth_l2,
    IN.HISTORICAL_DATA: _fast(HistoricalDataDec),
    IN.HISTORICAL_DATA_END: _historical_data_end,
    IN.HISTORICAL_DATA_UPDATE: _historical_data_update,
    IN.SCANNER_DATA: _scanner_data,
    IN.TICK_OPTION_COMPUTATION: _tick_option_computation,
    IN.REAL_TIME_BARS: _real_time_bars,
    IN.DELTA_NEUTRAL_VALIDATION: _delta_neutral_validation,
    IN.COMMISSION_AND_FEES_REPORT: _commission_report,
    IN.POSITION_DATA: _position,
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
    IN.PNL: _pnl,
    IN.PNL_SINGLE: _pnl_single,
    IN.HISTORICAL_TICKS: _historical_ticks,
    IN.HISTORICAL_TICKS_BID_ASK: _historical_ticks_bid_ask,
    IN.HISTORICAL_TICKS_LAST: _historical_ticks_last,
    IN.TICK_BY_TICK: _tick_by_tick,
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
WITHDRAWN: dict[int, Callable[[int], TextDecode]] = {k: _wrap(name, kinds) for k, (name, kinds) in WITHDRAWN_WRAP.items()}
