"""Protobuf decoders (server 201+): message body in, ``*ProtoBuf`` event then the classic event out.

Every protobuf message first fires its ``<name>ProtoBuf`` callback with the
parsed message, then the classic callback with values taken from it; absent
fields take the official client's default for that argument (``-1`` for a
request id, the "unset" sentinels, empty text, zero). Plain messages are
rows of :data:`SIMPLE`; the others have a function each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, cast

from ..model import (
    BarData,
    ComboLeg,
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
    OptionExerciseType,
    PriceIncrement,
    SoftDollarTier,
    TickAttribBidAsk,
    TickAttribLast,
)
from ..model.const import NO_VALID_ID as NO
from ..model.const import UNSET_DECIMAL as UDEC
from ..model.const import UNSET_DOUBLE as UD
from ..model.const import UNSET_INTEGER as UI
from ..model.const import UNSET_LONG as UL
from ._core.base import PDec, pairs
from ._core.market_pb import DECODERS as FAST
from ._core.market_pb import pb_size
from .ids import FUNDAMENTAL_DATA, IN
from .proto import (
    AccountDataEnd_pb2,
    AccountSummaryEnd_pb2,
    AccountSummary_pb2,
    AccountUpdateMultiEnd_pb2,
    AccountUpdateMulti_pb2,
    AccountUpdateTime_pb2,
    AccountValue_pb2,
    CommissionAndFeesReport_pb2,
    CompletedOrdersEnd_pb2,
    ConfigResponse_pb2,
    ContractDataEnd_pb2,
    CurrentTimeInMillis_pb2,
    CurrentTime_pb2,
    DisplayGroupList_pb2,
    DisplayGroupUpdated_pb2,
    ErrorMessage_pb2,
    ExecutionDetailsEnd_pb2,
    ExecutionDetails_pb2,
    FamilyCodes_pb2,
    FundamentalsData_pb2,
    HeadTimestamp_pb2,
    HistogramData_pb2,
    HistoricalDataEnd_pb2,
    HistoricalDataUpdate_pb2,
    HistoricalData_pb2,
    HistoricalNewsEnd_pb2,
    HistoricalNews_pb2,
    HistoricalSchedule_pb2,
    HistoricalTicksBidAsk_pb2,
    HistoricalTicksLast_pb2,
    HistoricalTicks_pb2,
    ManagedAccounts_pb2,
    MarketDataType_pb2,
    MarketDepthExchanges_pb2,
    MarketDepthL2_pb2,
    MarketDepth_pb2,
    MarketRule_pb2,
    NewsArticle_pb2,
    NewsBulletin_pb2,
    NewsProviders_pb2,
    NextValidId_pb2,
    OpenOrdersEnd_pb2,
    OrderBound_pb2,
    OrderStatus_pb2,
    PnLSingle_pb2,
    PnL_pb2,
    PortfolioValue_pb2,
    PositionEnd_pb2,
    PositionMultiEnd_pb2,
    PositionMulti_pb2,
    Position_pb2,
    RealTimeBarTick_pb2,
    ReceiveFA_pb2,
    ReplaceFAEnd_pb2,
    RerouteMarketDataRequest_pb2,
    RerouteMarketDepthRequest_pb2,
    ScannerData_pb2,
    ScannerParameters_pb2,
    SecDefOptParameterEnd_pb2,
    SecDefOptParameter_pb2,
    SmartComponents_pb2,
    SoftDollarTiers_pb2,
    SymbolSamples_pb2,
    TickByTickData_pb2,
    TickGeneric_pb2,
    TickNews_pb2,
    TickOptionComputation_pb2,
    TickReqParams_pb2,
    TickSnapshotEnd_pb2,
    TickString_pb2,
    UpdateConfigResponse_pb2,
    UserInfo_pb2,
    VerifyCompleted_pb2,
    VerifyMessageApi_pb2,
    WshEventData_pb2,
    WshMetaData_pb2,
)

Event = tuple[str, tuple[Any, ...]]
ProtoDecode = Callable[[bytes], list[Event]]

__all__ = ["PROTO", "SIMPLE", "AfterProto", "ProtoDecode", "bind_bodies", "decode_contract"]


class AfterProto(Exception):
    """The message parsed but some values did not convert; ``events`` were read before that."""

    def __init__(self, events: list[Event], cause: Exception) -> None:
        super().__init__(str(cause) or type(cause).__name__)
        self.events = events
        self.cause = cause


_CONVERSION_ERRORS = (ValueError, TypeError, ArithmeticError)


def _get(m: Any, name: str, default: Any) -> Any:
    """A scalar field, or ``default`` when absent (a set value needs no presence check)."""
    val = getattr(m, name)
    if val or m.HasField(name):
        return val
    return default


_dec = pb_size  # a size sent as text: the core's reader and its cache


def _copy(obj: Any, m: Any, rows: Sequence[tuple[str, str, Callable[[Any], Any] | None]]) -> Any:
    """Set ``obj.attr`` from each present ``m.field`` (converted if a converter is given)."""
    for attr, name, conv in rows:
        if m.HasField(name):
            val = getattr(m, name)
            setattr(obj, attr, conv(val) if conv else val)
    return obj


# --- plain messages ----------------------------------------------------------------------
# (message class, protobuf callback, callback, ((field, default[, is Decimal]), ...))

SIMPLE: dict[int, tuple[Any, str, str, tuple[tuple[Any, ...], ...]]] = {
    IN.ACCOUNT_SUMMARY: (AccountSummary_pb2.AccountSummary, "accountSummaryProtoBuf", "accountSummary", (("reqId", NO), ("account", ""), ("tag", ""), ("value", ""), ("currency", ""))),
    IN.ACCOUNT_SUMMARY_END: (AccountSummaryEnd_pb2.AccountSummaryEnd, "accountSummaryEndProtoBuf", "accountSummaryEnd", (("reqId", NO),)),
    IN.ACCOUNT_UPDATE_MULTI: (AccountUpdateMulti_pb2.AccountUpdateMulti, "accountUpdateMultiProtoBuf", "accountUpdateMulti", (("reqId", NO), ("account", ""), ("modelCode", ""), ("key", ""), ("value", ""), ("currency", ""))),
    IN.ACCOUNT_UPDATE_MULTI_END: (AccountUpdateMultiEnd_pb2.AccountUpdateMultiEnd, "accountUpdateMultiEndProtoBuf", "accountUpdateMultiEnd", (("reqId", NO),)),
    IN.ACCT_DOWNLOAD_END: (AccountDataEnd_pb2.AccountDataEnd, "accountDataEndProtoBuf", "accountDownloadEnd", (("accountName", ""),)),
    IN.ACCT_UPDATE_TIME: (AccountUpdateTime_pb2.AccountUpdateTime, "updateAccountTimeProtoBuf", "updateAccountTime", (("timeStamp", ""),)),
    IN.ACCT_VALUE: (AccountValue_pb2.AccountValue, "updateAccountValueProtoBuf", "updateAccountValue", (("key", ""), ("value", ""), ("currency", ""), ("accountName", ""))),
    IN.COMPLETED_ORDERS_END: (CompletedOrdersEnd_pb2.CompletedOrdersEnd, "completedOrdersEndProtoBuf", "completedOrdersEnd", ()),
    IN.CONTRACT_DATA_END: (ContractDataEnd_pb2.ContractDataEnd, "contractDataEndProtoBuf", "contractDetailsEnd", (("reqId", NO),)),
    IN.CURRENT_TIME: (CurrentTime_pb2.CurrentTime, "currentTimeProtoBuf", "currentTime", (("currentTime", 0),)),
    IN.CURRENT_TIME_IN_MILLIS: (CurrentTimeInMillis_pb2.CurrentTimeInMillis, "currentTimeInMillisProtoBuf", "currentTimeInMillis", (("currentTimeInMillis", 0),)),
    IN.DISPLAY_GROUP_LIST: (DisplayGroupList_pb2.DisplayGroupList, "displayGroupListProtoBuf", "displayGroupList", (("reqId", NO), ("groups", ""))),
    IN.DISPLAY_GROUP_UPDATED: (DisplayGroupUpdated_pb2.DisplayGroupUpdated, "displayGroupUpdatedProtoBuf", "displayGroupUpdated", (("reqId", NO), ("contractInfo", ""))),
    IN.ERR_MSG: (ErrorMessage_pb2.ErrorMessage, "errorProtoBuf", "error", (("id", 0), ("errorTime", 0), ("errorCode", 0), ("errorMsg", ""), ("advancedOrderRejectJson", ""))),
    IN.EXECUTION_DATA_END: (ExecutionDetailsEnd_pb2.ExecutionDetailsEnd, "executionDetailsEndProtoBuf", "execDetailsEnd", (("reqId", NO),)),
    IN.HEAD_TIMESTAMP: (HeadTimestamp_pb2.HeadTimestamp, "headTimestampProtoBuf", "headTimestamp", (("reqId", NO), ("headTimestamp", ""))),
    IN.HISTORICAL_DATA_END: (HistoricalDataEnd_pb2.HistoricalDataEnd, "historicalDataEndProtoBuf", "historicalDataEnd", (("reqId", NO), ("startDateStr", ""), ("endDateStr", ""))),
    IN.HISTORICAL_NEWS: (HistoricalNews_pb2.HistoricalNews, "historicalNewsProtoBuf", "historicalNews", (("reqId", NO), ("time", ""), ("providerCode", ""), ("articleId", ""), ("headline", ""))),
    IN.HISTORICAL_NEWS_END: (HistoricalNewsEnd_pb2.HistoricalNewsEnd, "historicalNewsEndProtoBuf", "historicalNewsEnd", (("reqId", NO), ("hasMore", False))),
    IN.MANAGED_ACCTS: (ManagedAccounts_pb2.ManagedAccounts, "managedAccountsProtoBuf", "managedAccounts", (("accountsList", ""),)),
    IN.MARKET_DATA_TYPE: (MarketDataType_pb2.MarketDataType, "updateMarketDataTypeProtoBuf", "marketDataType", (("reqId", NO), ("marketDataType", UI))),
    IN.NEWS_ARTICLE: (NewsArticle_pb2.NewsArticle, "newsArticleProtoBuf", "newsArticle", (("reqId", NO), ("articleType", 0), ("articleText", ""))),
    IN.NEWS_BULLETINS: (NewsBulletin_pb2.NewsBulletin, "updateNewsBulletinProtoBuf", "updateNewsBulletin", (("newsMsgId", 0), ("newsMsgType", 0), ("newsMessage", ""), ("originatingExch", ""))),
    IN.NEXT_VALID_ID: (NextValidId_pb2.NextValidId, "nextValidIdProtoBuf", "nextValidId", (("orderId", 0),)),
    IN.OPEN_ORDER_END: (OpenOrdersEnd_pb2.OpenOrdersEnd, "openOrdersEndProtoBuf", "openOrderEnd", ()),
    IN.ORDER_BOUND: (OrderBound_pb2.OrderBound, "orderBoundProtoBuf", "orderBound", (("permId", UL), ("clientId", UI), ("orderId", UI))),
    IN.ORDER_STATUS: (OrderStatus_pb2.OrderStatus, "orderStatusProtoBuf", "orderStatus", (("orderId", UI), ("status", ""), ("filled", UDEC, True), ("remaining", UDEC, True), ("avgFillPrice", UD), ("permId", UL), ("parentId", UI), ("lastFillPrice", UD), ("clientId", UI), ("whyHeld", ""), ("mktCapPrice", UD))),
    IN.PNL: (PnL_pb2.PnL, "pnlProtoBuf", "pnl", (("reqId", NO), ("dailyPnL", UD), ("unrealizedPnL", UD), ("realizedPnL", UD))),
    IN.PNL_SINGLE: (PnLSingle_pb2.PnLSingle, "pnlSingleProtoBuf", "pnlSingle", (("reqId", NO), ("position", UDEC, True), ("dailyPnL", UD), ("unrealizedPnL", UD), ("realizedPnL", UD), ("value", UD))),
    IN.POSITION_END: (PositionEnd_pb2.PositionEnd, "positionEndProtoBuf", "positionEnd", ()),
    IN.POSITION_MULTI_END: (PositionMultiEnd_pb2.PositionMultiEnd, "positionMultiEndProtoBuf", "positionMultiEnd", (("reqId", NO),)),
    IN.REAL_TIME_BARS: (RealTimeBarTick_pb2.RealTimeBarTick, "realTimeBarTickProtoBuf", "realtimeBar", (("reqId", NO), ("time", 0), ("open", 0.0), ("high", 0.0), ("low", 0.0), ("close", 0.0), ("volume", UDEC, True), ("WAP", UDEC, True), ("count", 0))),
    IN.RECEIVE_FA: (ReceiveFA_pb2.ReceiveFA, "receiveFAProtoBuf", "receiveFA", (("faDataType", 0), ("xml", ""))),
    IN.REPLACE_FA_END: (ReplaceFAEnd_pb2.ReplaceFAEnd, "replaceFAEndProtoBuf", "replaceFAEnd", (("reqId", NO), ("text", ""))),
    IN.REROUTE_MKT_DATA_REQ: (RerouteMarketDataRequest_pb2.RerouteMarketDataRequest, "rerouteMarketDataRequestProtoBuf", "rerouteMktDataReq", (("reqId", NO), ("conId", 0), ("exchange", ""))),
    IN.REROUTE_MKT_DEPTH_REQ: (RerouteMarketDepthRequest_pb2.RerouteMarketDepthRequest, "rerouteMarketDepthRequestProtoBuf", "rerouteMktDepthReq", (("reqId", NO), ("conId", 0), ("exchange", ""))),
    IN.SCANNER_PARAMETERS: (ScannerParameters_pb2.ScannerParameters, "scannerParametersProtoBuf", "scannerParameters", (("xml", ""),)),
    IN.SECURITY_DEFINITION_OPTION_PARAMETER_END: (SecDefOptParameterEnd_pb2.SecDefOptParameterEnd, "secDefOptParameterEndProtoBuf", "securityDefinitionOptionParameterEnd", (("reqId", NO),)),
    IN.TICK_NEWS: (TickNews_pb2.TickNews, "tickNewsProtoBuf", "tickNews", (("reqId", NO), ("timestamp", 0), ("providerCode", ""), ("articleId", ""), ("headline", ""), ("extraData", ""))),
    IN.TICK_SNAPSHOT_END: (TickSnapshotEnd_pb2.TickSnapshotEnd, "tickSnapshotEndProtoBuf", "tickSnapshotEnd", (("reqId", NO),)),
    IN.USER_INFO: (UserInfo_pb2.UserInfo, "userInfoProtoBuf", "userInfo", (("reqId", NO), ("whiteBrandingId", ""))),
    IN.VERIFY_COMPLETED: (VerifyCompleted_pb2.VerifyCompleted, "verifyCompletedProtoBuf", "verifyCompleted", (("isSuccessful", False), ("errorText", ""))),
    IN.VERIFY_MESSAGE_API: (VerifyMessageApi_pb2.VerifyMessageApi, "verifyMessageApiProtoBuf", "verifyMessageAPI", (("apiData", ""),)),
    IN.WSH_EVENT_DATA: (WshEventData_pb2.WshEventData, "wshEventDataProtoBuf", "wshEventData", (("reqId", NO), ("dataJson", ""))),
    IN.WSH_META_DATA: (WshMetaData_pb2.WshMetaData, "wshMetaDataProtoBuf", "wshMetaData", (("reqId", NO), ("dataJson", ""))),
}


def _simple(cls: Any, pb_name: str, name: str, rows: tuple[tuple[Any, ...], ...]) -> ProtoDecode:
    getters = [(r[0], r[1], len(r) > 2) for r in rows]

    def dec(body: bytes) -> list[Event]:
        m = cls.FromString(body)
        try:
            args = tuple([_dec(m, f) if is_dec else _get(m, f, d) for f, d, is_dec in getters])
        except _CONVERSION_ERRORS as e:
            raise AfterProto([(pb_name, (m,))], e) from None
        return [(pb_name, (m,)), (name, args)]

    return dec


# --- shared pieces -------------------------------------------------------------------------

_CONTRACT = (
    ("conId", "conId", None), ("symbol", "symbol", None), ("secType", "secType", None),
    ("lastTradeDateOrContractMonth", "lastTradeDateOrContractMonth", None), ("strike", "strike", None),
    ("right", "right", None), ("exchange", "exchange", None),
    ("currency", "currency", None), ("localSymbol", "localSymbol", None), ("tradingClass", "tradingClass", None),
    ("comboLegsDescrip", "comboLegsDescrip", None),
)
_CONTRACT_TAIL = (
    ("lastTradeDate", "lastTradeDate", None), ("primaryExchange", "primaryExch", None),
    ("issuerId", "issuerId", None), ("description", "description", None),
)
_COMBO_LEG = (
    ("conId", "conId", None), ("ratio", "ratio", None), ("action", "action", None), ("exchange", "exchange", None),
    ("openClose", "openClose", None), ("shortSaleSlot", "shortSalesSlot", None),
    ("designatedLocation", "designatedLocation", None), ("exemptCode", "exemptCode", None),
)


def _max_string(x: float) -> str:
    return f"{x:.8f}".rstrip("0").rstrip(".").rstrip(",") if x != UD else ""


def decode_contract(m: Any) -> Contract:
    c = Contract()
    _copy(c, m, _CONTRACT)
    if m.HasField("multiplier"):
        c.multiplier = _max_string(m.multiplier)
    legs = [_copy(ComboLeg(), leg, _COMBO_LEG) for leg in m.comboLegs]
    if legs:
        c.comboLegs = legs
    if m.HasField("deltaNeutralContract"):
        c.deltaNeutralContract = _copy(DeltaNeutralContract(), m.deltaNeutralContract,
                                       (("conId", "conId", None), ("delta", "delta", None), ("price", "price", None)))
    _copy(c, m, _CONTRACT_TAIL)
    return c


def _exercise_type(code: Any) -> OptionExerciseType:
    for item in OptionExerciseType:
        if item.value[0] == code:
            return item
    return OptionExerciseType.NoneItem


_EXECUTION = (
    ("orderId", "orderId", None), ("clientId", "clientId", None), ("execId", "execId", None), ("time", "time", None),
    ("acctNumber", "acctNumber", None), ("exchange", "exchange", None), ("side", "side", None),
    ("shares", "shares", Decimal), ("price", "price", None), ("permId", "permId", None),
    ("liquidation", "isLiquidation", lambda b: 1 if b else 0), ("cumQty", "cumQty", Decimal),
    ("avgPrice", "avgPrice", None), ("orderRef", "orderRef", None), ("evRule", "evRule", None),
    ("evMultiplier", "evMultiplier", None), ("modelCode", "modelCode", None), ("lastLiquidity", "lastLiquidity", None),
    ("pendingPriceRevision", "isPriceRevisionPending", None), ("submitter", "submitter", None),
    ("optExerciseOrLapseType", "optExerciseOrLapseType", _exercise_type),
)
_BAR = (
    ("date", "date", None), ("open", "open", None), ("high", "high", None), ("low", "low", None),
    ("close", "close", None), ("volume", "volume", Decimal), ("wap", "WAP", Decimal), ("barCount", "barCount", None),
)
_TICK = (("time", "time", None), ("price", "price", None), ("size", "size", Decimal))
_TICK_LAST = (("time", "time", None), ("price", "price", None), ("size", "size", Decimal),
              ("exchange", "exchange", None), ("specialConditions", "specialConditions", None))
_TICK_BID_ASK = (("time", "time", None), ("priceBid", "priceBid", None), ("priceAsk", "priceAsk", None),
                 ("sizeBid", "sizeBid", Decimal), ("sizeAsk", "sizeAsk", Decimal))
_DEPTH_DESC = (("exchange", "exchange", None), ("secType", "secType", None), ("listingExch", "listingExch", None),
               ("serviceDataType", "serviceDataType", None), ("aggGroup", "aggGroup", None))


def _tick_last(m: Any) -> HistoricalTickLast:
    t = HistoricalTickLast()
    if m.HasField("time"):
        t.time = m.time
    a = TickAttribLast()
    if m.HasField("tickAttribLast"):
        _copy(a, m.tickAttribLast, (("pastLimit", "pastLimit", None), ("unreported", "unreported", None)))
    t.tickAttribLast = a
    _copy(t, m, _TICK_LAST[1:])
    return t


def _tick_bid_ask(m: Any) -> HistoricalTickBidAsk:
    t = HistoricalTickBidAsk()
    if m.HasField("time"):
        t.time = m.time
    a = TickAttribBidAsk()
    if m.HasField("tickAttribBidAsk"):
        _copy(a, m.tickAttribBidAsk, (("bidPastLow", "bidPastLow", None), ("askPastHigh", "askPastHigh", None)))
    t.tickAttribBidAsk = a
    _copy(t, m, _TICK_BID_ASK[1:])
    return t


def _proto(cls: Any, pb_name: str, body_fn: Callable[[Any], Iterable[Event]]) -> ProtoDecode:
    def dec(body: bytes) -> list[Event]:
        m = cls.FromString(body)
        out: list[Event] = [(pb_name, (m,))]
        try:
            # multi-event bodies are generators: events read before a failure are kept
            out.extend(body_fn(m))
        except _CONVERSION_ERRORS as e:
            raise AfterProto(out, e) from None
        return out

    return dec


# --- market data ----------------------------------------------------------------------------

def _not_set(name: str, value_default: Any) -> Callable[[Any], list[Event]]:
    def body(m: Any) -> list[Event]:
        req_id, kind = _get(m, "reqId", NO), _get(m, "tickType", UI)
        value = _dec(m, "size") if name == "tickSize" else _get(m, "value", value_default)
        if kind == 111:  # NOT_SET
            return []
        return [(name, (req_id, kind, value))]

    return body


def _tick_option_computation(m: Any) -> list[Event]:
    def opt(name: str, bad: float, below: bool = False) -> Any:
        x = _get(m, name, None)
        if x is not None and ((below and x < 0) or (not below and x == bad)):
            return None
        return x

    return [("tickOptionComputation", (
        _get(m, "reqId", NO), _get(m, "tickType", UI), _get(m, "tickAttrib", UI), opt("impliedVol", 0, True),
        opt("delta", -2), opt("optPrice", -1), opt("pvDividend", -1), opt("gamma", -2), opt("vega", -2),
        opt("theta", -2), opt("undPrice", -1)))]


def _tick_req_params(m: Any) -> list[Event]:
    min_tick = float(m.minTick) if m.HasField("minTick") else UD
    return [("tickReqParams", (_get(m, "reqId", NO), min_tick, _get(m, "bboExchange", ""),
                               _get(m, "snapshotPermissions", UI)))]


def _tick_by_tick(m: Any) -> list[Event]:
    req_id, kind = _get(m, "reqId", NO), _get(m, "tickType", 0)
    if kind in (1, 2) and m.HasField("historicalTickLast"):
        t = _tick_last(m.historicalTickLast)
        return [("tickByTickAllLast", (req_id, kind, t.time, t.price, t.size, t.tickAttribLast, t.exchange,
                                       t.specialConditions))]
    if kind == 3 and m.HasField("historicalTickBidAsk"):
        b = _tick_bid_ask(m.historicalTickBidAsk)
        return [("tickByTickBidAsk", (req_id, b.time, b.priceBid, b.priceAsk, b.sizeBid, b.sizeAsk,
                                      b.tickAttribBidAsk))]
    if kind == 4 and m.HasField("historicalTickMidPoint"):
        h = _copy(HistoricalTick(), m.historicalTickMidPoint, _TICK)
        return [("tickByTickMidPoint", (req_id, h.time, h.price))]
    return []


def _market_depth(m: Any) -> list[Event]:
    if not m.HasField("marketDepthData"):
        return []
    d = m.marketDepthData
    return [("updateMktDepth", (_get(m, "reqId", NO), _get(d, "position", UI), _get(d, "operation", UI),
                                _get(d, "side", UI), _get(d, "price", UD), _dec(d, "size")))]


def _market_depth_l2(m: Any) -> list[Event]:
    if not m.HasField("marketDepthData"):
        return []
    d = m.marketDepthData
    return [("updateMktDepthL2", (_get(m, "reqId", NO), _get(d, "position", 0), _get(d, "marketMaker", ""),
                                  _get(d, "operation", UI), _get(d, "side", UI), _get(d, "price", UD), _dec(d, "size"),
                                  _get(d, "isSmartDepth", False)))]


def _mkt_depth_exchanges(m: Any) -> list[Event]:
    out = [_copy(DepthMktDataDescription(), d, _DEPTH_DESC) for d in m.depthMarketDataDescriptions]
    return [("mktDepthExchanges", (out,))]


def _smart_components(m: Any) -> list[Event]:
    # unlike the text form, the protobuf form delivers a dict: bit -> (exchange, letter)
    out = {}
    for c in m.smartComponents:
        out[_get(c, "bitNumber", 0)] = (_get(c, "exchange", ""), _get(c, "exchangeLetter", " "))
    return [("smartComponents", (_get(m, "reqId", NO), out))]


def _market_rule(m: Any) -> list[Event]:
    incs = [_copy(PriceIncrement(), p, (("lowEdge", "lowEdge", None), ("increment", "increment", None)))
            for p in m.priceIncrements]
    return [("marketRule", (_get(m, "marketRuleId", 0), incs))]


# --- historical data --------------------------------------------------------------------------

def _historical_data(m: Any) -> Iterator[Event]:
    req_id = _get(m, "reqId", NO)
    for b in m.historicalDataBars:
        yield "historicalData", (req_id, _copy(BarData(), b, _BAR))


def _historical_data_update(m: Any) -> list[Event]:
    if not m.HasField("historicalDataBar"):
        return []
    return [("historicalDataUpdate", (_get(m, "reqId", NO), _copy(BarData(), m.historicalDataBar, _BAR)))]


def _histogram(m: Any) -> list[Event]:
    out = [_copy(HistogramData(), e, (("price", "price", None), ("size", "size", Decimal)))
           for e in m.histogramDataEntries]
    return [("histogramData", (_get(m, "reqId", NO), out))]


def _historical_ticks(m: Any) -> list[Event]:
    ticks = [_copy(HistoricalTick(), t, _TICK) for t in m.historicalTicks]
    return [("historicalTicks", (_get(m, "reqId", NO), ticks, _get(m, "isDone", False)))]


def _historical_ticks_bid_ask(m: Any) -> list[Event]:
    ticks = [_tick_bid_ask(t) for t in m.historicalTicksBidAsk]
    return [("historicalTicksBidAsk", (_get(m, "reqId", NO), ticks, _get(m, "isDone", False)))]


def _historical_ticks_last(m: Any) -> list[Event]:
    ticks = [_tick_last(t) for t in m.historicalTicksLast]
    return [("historicalTicksLast", (_get(m, "reqId", NO), ticks, _get(m, "isDone", False)))]


def _historical_schedule(m: Any) -> list[Event]:
    sessions = []
    for s in m.historicalSessions:
        h = HistoricalSession()
        h.startDateTime = _get(s, "startDateTime", "")
        h.endDateTime = _get(s, "endDateTime", "")
        h.refDate = _get(s, "refDate", "")
        sessions.append(h)
    return [("historicalSchedule", (_get(m, "reqId", NO), _get(m, "startDateTime", ""), _get(m, "endDateTime", ""),
                                    _get(m, "timeZone", ""), sessions))]


# --- account, positions, executions -----------------------------------------------------------

def _portfolio(m: Any) -> list[Event]:
    if not m.HasField("contract"):
        return []
    return [("updatePortfolio", (decode_contract(m.contract), _dec(m, "position"), _get(m, "marketPrice", 0),
                                 _get(m, "marketValue", 0), _get(m, "averageCost", 0), _get(m, "unrealizedPNL", 0),
                                 _get(m, "realizedPNL", 0), _get(m, "accountName", "")))]


def _position(m: Any) -> list[Event]:
    if not m.HasField("contract"):
        return []
    return [("position", (_get(m, "account", ""), decode_contract(m.contract), _dec(m, "position"),
                          _get(m, "avgCost", 0)))]


def _position_multi(m: Any) -> list[Event]:
    if not m.HasField("contract"):
        return []
    return [("positionMulti", (_get(m, "reqId", NO), _get(m, "account", ""), _get(m, "modelCode", ""),
                               decode_contract(m.contract), _dec(m, "position"), _get(m, "avgCost", 0)))]


def _execution(m: Any) -> list[Event]:
    if not m.HasField("contract"):
        return []
    c = decode_contract(m.contract)
    if not m.HasField("execution"):
        return []
    return [("execDetails", (_get(m, "reqId", NO), c, _copy(Execution(), m.execution, _EXECUTION)))]


def _commission(m: Any) -> list[Event]:
    r = CommissionAndFeesReport()
    r.execId = _get(m, "execId", "")
    r.commissionAndFees = _get(m, "commissionAndFees", 0.0)
    r.currency = _get(m, "currency", "")
    r.realizedPNL = _get(m, "realizedPNL", 0.0)
    r.yield_ = _get(m, "bondYield", 0.0)
    r.yieldRedemptionDate = int(m.yieldRedemptionDate) if m.HasField("yieldRedemptionDate") else 0
    return [("commissionAndFeesReport", (r,))]


# --- reference data ----------------------------------------------------------------------------

def _sec_def_opt_param(m: Any) -> list[Event]:
    return [("securityDefinitionOptionParameter", (
        _get(m, "reqId", NO), _get(m, "exchange", ""), _get(m, "underlyingConId", 0), _get(m, "tradingClass", ""),
        _get(m, "multiplier", ""), set(m.expirations), set(m.strikes)))]


def _soft_dollar_tiers(m: Any) -> list[Event]:
    tiers = [SoftDollarTier(_get(t, "name", ""), _get(t, "value", ""), _get(t, "displayName", ""))
             for t in m.softDollarTiers]
    return [("softDollarTiers", (_get(m, "reqId", NO), tiers))]


def _family_codes(m: Any) -> list[Event]:
    out = [_copy(FamilyCode(), f, (("accountID", "accountId", None), ("familyCodeStr", "familyCode", None)))
           for f in m.familyCodes]
    return [("familyCodes", (out,))]


def _symbol_samples(m: Any) -> list[Event]:
    out = []
    for d in m.contractDescriptions:
        cd = ContractDescription()
        cd.contract = decode_contract(d.contract) if d.HasField("contract") else Contract()
        cd.derivativeSecTypes = list(d.derivativeSecTypes)
        out.append(cd)
    return [("symbolSamples", (_get(m, "reqId", NO), out))]


def _news_providers(m: Any) -> list[Event]:
    out = []
    for p in m.newsProviders:
        n = NewsProvider()
        n.code = _get(p, "providerCode", "")
        n.name = _get(p, "providerName", "")
        out.append(n)
    return [("newsProviders", (out,))]


def _scanner_data(m: Any) -> Iterator[Event]:
    req_id = _get(m, "reqId", NO)
    for e in m.scannerDataElement:
        cd = ContractDetails()
        if e.HasField("contract"):
            cd.contract = decode_contract(e.contract)
            cd.marketName = _get(e, "marketName", "")
        yield "scannerData", (req_id, _get(e, "rank", 0), cd, _get(e, "distance", ""), _get(e, "benchmark", ""),
                              _get(e, "projection", ""), _get(e, "comboKey", ""))
    yield "scannerDataEnd", (req_id,)


def _only(m: Any) -> list[Event]:
    return []


_BODIES: dict[int, tuple[Any, str, Callable[[Any], Iterable[Event]]]] = {
    IN.TICK_GENERIC: (TickGeneric_pb2.TickGeneric, "tickGenericProtoBuf", _not_set("tickGeneric", UD)),
    IN.TICK_STRING: (TickString_pb2.TickString, "tickStringProtoBuf", _not_set("tickString", "")),
    IN.TICK_OPTION_COMPUTATION: (TickOptionComputation_pb2.TickOptionComputation, "tickOptionComputationProtoBuf",
                                 _tick_option_computation),
    IN.TICK_REQ_PARAMS: (TickReqParams_pb2.TickReqParams, "tickReqParamsProtoBuf", _tick_req_params),
    IN.TICK_BY_TICK: (TickByTickData_pb2.TickByTickData, "tickByTickDataProtoBuf", _tick_by_tick),
    IN.MARKET_DEPTH: (MarketDepth_pb2.MarketDepth, "updateMarketDepthProtoBuf", _market_depth),
    IN.MARKET_DEPTH_L2: (MarketDepthL2_pb2.MarketDepthL2, "updateMarketDepthL2ProtoBuf", _market_depth_l2),
    IN.MKT_DEPTH_EXCHANGES: (MarketDepthExchanges_pb2.MarketDepthExchanges, "marketDepthExchangesProtoBuf",
                             _mkt_depth_exchanges),
    IN.SMART_COMPONENTS: (SmartComponents_pb2.SmartComponents, "smartComponentsProtoBuf", _smart_components),
    IN.MARKET_RULE: (MarketRule_pb2.MarketRule, "marketRuleProtoBuf", _market_rule),
    IN.HISTORICAL_DATA: (HistoricalData_pb2.HistoricalData, "historicalDataProtoBuf", _historical_data),
    IN.HISTORICAL_DATA_UPDATE: (HistoricalDataUpdate_pb2.HistoricalDataUpdate, "historicalDataUpdateProtoBuf",
                                _historical_data_update),
    IN.HISTOGRAM_DATA: (HistogramData_pb2.HistogramData, "histogramDataProtoBuf", _histogram),
    IN.HISTORICAL_TICKS: (HistoricalTicks_pb2.HistoricalTicks, "historicalTicksProtoBuf", _historical_ticks),
    IN.HISTORICAL_TICKS_BID_ASK: (HistoricalTicksBidAsk_pb2.HistoricalTicksBidAsk, "historicalTicksBidAskProtoBuf",
                                  _historical_ticks_bid_ask),
    IN.HISTORICAL_TICKS_LAST: (HistoricalTicksLast_pb2.HistoricalTicksLast, "historicalTicksLastProtoBuf",
                               _historical_ticks_last),
    IN.HISTORICAL_SCHEDULE: (HistoricalSchedule_pb2.HistoricalSchedule, "historicalScheduleProtoBuf",
                             _historical_schedule),
    IN.PORTFOLIO_VALUE: (PortfolioValue_pb2.PortfolioValue, "updatePortfolioProtoBuf", _portfolio),
    IN.POSITION_DATA: (Position_pb2.Position, "positionProtoBuf", _position),
    IN.POSITION_MULTI: (PositionMulti_pb2.PositionMulti, "positionMultiProtoBuf", _position_multi),
    IN.EXECUTION_DATA: (ExecutionDetails_pb2.ExecutionDetails, "executionDetailsProtoBuf", _execution),
    IN.COMMISSION_AND_FEES_REPORT: (CommissionAndFeesReport_pb2.CommissionAndFeesReport,
                                    "commissionAndFeesReportProtoBuf", _commission),
    IN.SECURITY_DEFINITION_OPTION_PARAMETER: (SecDefOptParameter_pb2.SecDefOptParameter, "secDefOptParameterProtoBuf",
                                              _sec_def_opt_param),
    IN.SOFT_DOLLAR_TIERS: (SoftDollarTiers_pb2.SoftDollarTiers, "softDollarTiersProtoBuf", _soft_dollar_tiers),
    IN.FAMILY_CODES: (FamilyCodes_pb2.FamilyCodes, "familyCodesProtoBuf", _family_codes),
    IN.SYMBOL_SAMPLES: (SymbolSamples_pb2.SymbolSamples, "symbolSamplesProtoBuf", _symbol_samples),
    IN.NEWS_PROVIDERS: (NewsProviders_pb2.NewsProviders, "newsProvidersProtoBuf", _news_providers),
    IN.SCANNER_DATA: (ScannerData_pb2.ScannerData, "scannerDataProtoBuf", _scanner_data),
    IN.CONFIG_RESPONSE: (ConfigResponse_pb2.ConfigResponse, "configResponseProtoBuf", _only),
    IN.UPDATE_CONFIG_RESPONSE: (UpdateConfigResponse_pb2.UpdateConfigResponse, "updateConfigResponseProtoBuf", _only),
}


def _bound(dec: ProtoDecode) -> Callable[[int], ProtoDecode]:
    return lambda sv: dec


Bodies = dict[int, tuple[Any, str, Callable[[Any], Iterable[Event]]]]


def bind_bodies(bodies: Bodies) -> dict[int, Callable[[int], ProtoDecode]]:
    """Table entries (protobuf messages read the same at every server version) for ``bodies``."""
    return {k: _bound(_proto(cls, pb, body)) for k, (cls, pb, body) in bodies.items()}


def _named(name: str) -> str:
    return name


def _fast(cls: type[PDec]) -> Callable[[int], ProtoDecode]:
    """The event form of a protobuf decoder of the compiled core (``_core.market_pb``): one source for both."""

    def factory(sv: int) -> ProtoDecode:
        dec = cls(sv, _named)

        def decode(body: bytes) -> list[Event]:
            out: list[Any] = []
            try:
                dec.decode(body, out)
            except _CONVERSION_ERRORS as e:
                if out:  # parsed: the protobuf callback is still delivered
                    raise AfterProto(cast("list[Event]", pairs(out)), e) from None
                raise
            return cast("list[Event]", pairs(out))

        return decode

    return factory


#: Message id -> protobuf message class, of every message decoded here.
MESSAGES: dict[int, Any] = {**{k: row[0] for k, row in SIMPLE.items()}, **{k: row[0] for k, row in _BODIES.items()},
                            **{k: msg for k, (_, msg) in FAST.items()}}

PROTO: dict[int, Callable[[int], ProtoDecode]] = {
    **{k: _fast(cls) for k, (cls, _) in FAST.items()},
    **{k: _bound(_simple(*row)) for k, row in SIMPLE.items()},
    **bind_bodies(_BODIES),
}


#: Messages IB withdrew from the API, read as 10.45 read them (the answer to ``reqFundamentalData``);
#: apart from :data:`PROTO`, whose messages are today's. The decoder reads both.
WITHDRAWN: dict[int, Callable[[int], ProtoDecode]] = {
    FUNDAMENTAL_DATA: _bound(_simple(FundamentalsData_pb2.FundamentalsData, "fundamentalsDataProtoBuf",
                                     "fundamentalData", (("reqId", NO), ("data", "")))),
}
