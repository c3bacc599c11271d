"""Protobuf forms of the structured server messages (contracts, orders, executions, bars, ticks...).

The client reads these bodies with row tables ``(attribute, field, converter)``
(:mod:`.incoming_pb`, :mod:`.orders_pb`); :func:`put` runs the same rows the
other way, converting by the protobuf field's declared type, so each mapping
is written once. Contracts and orders are built by the request side's
builders (:func:`.requests.contract_proto`, :func:`.requests.order_proto`):
the messages share those types.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from enum import Enum
from typing import Any

from google.protobuf.descriptor import FieldDescriptor

from ..model.const import UNSET_DECIMAL, UNSET_DOUBLE, UNSET_INTEGER, UNSET_LONG
from . import incoming_pb as ip
from . import orders_pb as op
from .ids import IN
from .proto import (
    CommissionAndFeesReport_pb2,
    CompletedOrder_pb2,
    ContractData_pb2,
    ExecutionDetails_pb2,
    HistogramData_pb2,
    HistoricalData_pb2,
    HistoricalDataUpdate_pb2,
    HistoricalSchedule_pb2,
    HistoricalTicks_pb2,
    HistoricalTicksBidAsk_pb2,
    HistoricalTicksLast_pb2,
    MarketDepth_pb2,
    MarketDepthL2_pb2,
    NewsProviders_pb2,
    OpenOrder_pb2,
    PortfolioValue_pb2,
    Position_pb2,
    PositionMulti_pb2,
    ScannerData_pb2,
    SecDefOptParameter_pb2,
    SymbolSamples_pb2,
    TickByTickData_pb2,
    TickOptionComputation_pb2,
    TickReqParams_pb2,
)
from .requests import contract_proto, order_proto

__all__ = ["put", "PROTO_BODIES", "contract_details_message", "open_order_message"]

Rows = Sequence[tuple[str, str, Any]]
_UNSET = (UNSET_INTEGER, UNSET_DOUBLE, UNSET_LONG)
_INTS = {FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_UINT32,
         FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_SINT32, FieldDescriptor.TYPE_SINT64}


def _text(val: Any) -> str:
    if isinstance(val, Decimal):
        return f"{val:f}"
    if isinstance(val, float):
        return f"{val:.17g}" if val != int(val) else str(int(val))
    return str(val)


def put(m: Any, obj: Any, rows: Rows) -> Any:
    """Set ``m``'s fields from ``obj`` by the client's rows; unset and empty values stay absent."""
    fields = m.DESCRIPTOR.fields_by_name
    for attr, name, _ in rows:
        val = getattr(obj, attr, None)
        if val is None or val == "" or (not isinstance(val, (str, bool, Enum)) and val in _UNSET):
            continue
        if isinstance(val, Decimal) and val == UNSET_DECIMAL:
            continue
        kind = fields[name].type
        if isinstance(val, Enum):
            val = val.value[0]
        if kind == FieldDescriptor.TYPE_STRING:
            val = _text(val)
        elif kind == FieldDescriptor.TYPE_BOOL:
            val = bool(val)
        elif kind in _INTS:
            val = int(val)
        elif kind in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
            val = float(val)
        setattr(m, name, val)
    return m


def _contract(c: Any, into: Any) -> None:
    contract_proto(c, None, into)
    if c.lastTradeDate:
        into.lastTradeDate = c.lastTradeDate


def _state(st: Any, into: Any) -> None:
    put(into, st, op._STATE_0)
    for a in st.orderAllocations or []:
        put(into.orderAllocations.add(), a, op._ALLOCATION)
    put(into, st, op._STATE_1)


def open_order_message(o: Any, c: Any, st: Any) -> Any:
    m = OpenOrder_pb2.OpenOrder()
    m.orderId = o.orderId
    _contract(c, m.contract)
    order_proto(o, m.order)
    _state(st, m.orderState)
    return m


def completed_order_message(o: Any, c: Any, st: Any) -> Any:
    m = CompletedOrder_pb2.CompletedOrder()
    _contract(c, m.contract)
    order_proto(o, m.order)
    _state(st, m.orderState)
    return m


def contract_details_message(req_id: int, cd: Any) -> Any:
    m = ContractData_pb2.ContractData()
    m.reqId = req_id
    c = cd.contract
    _contract(c, m.contract)
    if cd.lastTradeTime and c.lastTradeDateOrContractMonth:
        m.contract.lastTradeDateOrContractMonth = f"{c.lastTradeDateOrContractMonth} {cd.lastTradeTime}"
    d = m.contractDetails
    d.SetInParent()
    put(d, cd, op._DETAILS_0)
    for t in cd.secIdList or []:
        d.secIdList[t.tag] = t.value
    put(d, cd, op._DETAILS_1)
    put(d, cd, op._DETAILS_2)
    for r in cd.ineligibilityReasonList or []:
        e = d.ineligibilityReasonList.add()
        e.id, e.description = r.id_, r.description
    put(d, cd, op._DETAILS_3)
    if c.secType == "FUND":
        from .server import enum_code

        for attr in ("fundDistributionPolicyIndicator", "fundAssetType"):
            item = getattr(cd, attr)
            if item is not type(item).NoneItem:
                setattr(d, attr, enum_code(item))
    return m


def execution_message(req_id: int, c: Any, e: Any) -> Any:
    m = ExecutionDetails_pb2.ExecutionDetails()
    m.reqId = req_id
    _contract(c, m.contract)
    put(m.execution, e, ip._EXECUTION)
    m.execution.SetInParent()
    return m


def commission_message(r: Any) -> Any:
    m = CommissionAndFeesReport_pb2.CommissionAndFeesReport()
    put(m, r, (("execId", "execId", None), ("commissionAndFees", "commissionAndFees", None),
               ("currency", "currency", None), ("realizedPNL", "realizedPNL", None), ("yield_", "bondYield", None)))
    if r.yieldRedemptionDate:
        m.yieldRedemptionDate = str(r.yieldRedemptionDate)
    return m


def portfolio_message(c: Any, pos: Any, price: float, value: float, avg: float, unreal: float, real: float,
                      account: str) -> Any:
    m = PortfolioValue_pb2.PortfolioValue()
    _contract(c, m.contract)
    m.position, m.marketPrice, m.marketValue, m.averageCost = _text(pos), price, value, avg
    m.unrealizedPNL, m.realizedPNL, m.accountName = unreal, real, account
    return m


def position_message(account: str, c: Any, pos: Any, avg: float) -> Any:
    m = Position_pb2.Position()
    m.account, m.position, m.avgCost = account, _text(pos), avg
    _contract(c, m.contract)
    return m


def position_multi_message(req_id: int, account: str, model: str, c: Any, pos: Any, avg: float) -> Any:
    m = PositionMulti_pb2.PositionMulti()
    m.reqId, m.account, m.position, m.avgCost = req_id, account, _text(pos), avg
    if model:
        m.modelCode = model
    _contract(c, m.contract)
    return m


def bars_message(req_id: int, bars: list[Any]) -> Any:
    m = HistoricalData_pb2.HistoricalData()
    m.reqId = req_id
    for b in bars:
        put(m.historicalDataBars.add(), b, ip._BAR)
    return m


def bar_update_message(req_id: int, b: Any) -> Any:
    m = HistoricalDataUpdate_pb2.HistoricalDataUpdate()
    m.reqId = req_id
    put(m.historicalDataBar, b, ip._BAR)
    m.historicalDataBar.SetInParent()
    return m


def option_computation_message(req_id: int, tick_type: int, attrib: int, *values: float | None) -> Any:
    m = TickOptionComputation_pb2.TickOptionComputation()
    m.reqId, m.tickType, m.tickAttrib = req_id, tick_type, attrib
    names = ("impliedVol", "delta", "optPrice", "pvDividend", "gamma", "vega", "theta", "undPrice")
    for name, val in zip(names, values):
        if val is not None:
            setattr(m, name, val)
    return m


def tick_req_params_message(req_id: int, min_tick: float, bbo: str, permissions: int) -> Any:
    m = TickReqParams_pb2.TickReqParams()
    m.reqId, m.minTick, m.bboExchange, m.snapshotPermissions = req_id, _text(min_tick), bbo, permissions
    return m


def depth_message(req_id: int, position: int, operation: int, side: int, price: float, size: Any,
                  maker: str | None = None, smart: bool = False) -> Any:
    m = (MarketDepth_pb2.MarketDepth() if maker is None else MarketDepthL2_pb2.MarketDepthL2())
    m.reqId = req_id
    d = m.marketDepthData
    d.position, d.operation, d.side, d.price, d.size = position, operation, side, price, _text(size)
    if maker is not None:
        d.marketMaker, d.isSmartDepth = maker, smart
    return m


def tick_by_tick_message(req_id: int, kind: int, tick: Any) -> Any:
    m = TickByTickData_pb2.TickByTickData()
    m.reqId, m.tickType = req_id, kind
    if kind in (1, 2):
        t = m.historicalTickLast
        put(t, tick, ip._TICK_LAST)
        t.tickAttribLast.pastLimit = tick.tickAttribLast.pastLimit
        t.tickAttribLast.unreported = tick.tickAttribLast.unreported
    elif kind == 3:
        ba = m.historicalTickBidAsk
        put(ba, tick, ip._TICK_BID_ASK)
        ba.tickAttribBidAsk.bidPastLow = tick.tickAttribBidAsk.bidPastLow
        ba.tickAttribBidAsk.askPastHigh = tick.tickAttribBidAsk.askPastHigh
    else:
        put(m.historicalTickMidPoint, tick, ip._TICK)
        m.historicalTickMidPoint.SetInParent()
    return m


def histogram_message(req_id: int, items: list[Any]) -> Any:
    m = HistogramData_pb2.HistogramData()
    m.reqId = req_id
    for it in items:
        put(m.histogramDataEntries.add(), it, (("price", "price", None), ("size", "size", None)))
    return m


def historical_ticks_message(msg_id: int, req_id: int, ticks: list[Any], done: bool) -> Any:
    if msg_id == IN.HISTORICAL_TICKS:
        m: Any = HistoricalTicks_pb2.HistoricalTicks()
        for t in ticks:
            put(m.historicalTicks.add(), t, ip._TICK)
    elif msg_id == IN.HISTORICAL_TICKS_BID_ASK:
        m = HistoricalTicksBidAsk_pb2.HistoricalTicksBidAsk()
        for t in ticks:
            e = m.historicalTicksBidAsk.add()
            put(e, t, ip._TICK_BID_ASK)
            e.tickAttribBidAsk.bidPastLow = t.tickAttribBidAsk.bidPastLow
            e.tickAttribBidAsk.askPastHigh = t.tickAttribBidAsk.askPastHigh
    else:
        m = HistoricalTicksLast_pb2.HistoricalTicksLast()
        for t in ticks:
            e = m.historicalTicksLast.add()
            put(e, t, ip._TICK_LAST)
            e.tickAttribLast.pastLimit = t.tickAttribLast.pastLimit
            e.tickAttribLast.unreported = t.tickAttribLast.unreported
    m.reqId, m.isDone = req_id, done
    return m


def schedule_message(req_id: int, start: str, end: str, tz: str, sessions: list[Any]) -> Any:
    m = HistoricalSchedule_pb2.HistoricalSchedule()
    m.reqId, m.startDateTime, m.endDateTime, m.timeZone = req_id, start, end, tz
    for s in sessions:
        e = m.historicalSessions.add()
        e.startDateTime, e.endDateTime, e.refDate = s.startDateTime, s.endDateTime, s.refDate
    return m


def sec_def_message(req_id: int, exchange: str, und: int, trading_class: str, multiplier: str,
                    expirations: list[str], strikes: list[float]) -> Any:
    m = SecDefOptParameter_pb2.SecDefOptParameter()
    m.reqId, m.exchange, m.underlyingConId, m.tradingClass, m.multiplier = req_id, exchange, und, trading_class, multiplier
    m.expirations.extend(expirations)
    m.strikes.extend(strikes)
    return m


def symbol_samples_message(req_id: int, descriptions: list[Any]) -> Any:
    m = SymbolSamples_pb2.SymbolSamples()
    m.reqId = req_id
    for d in descriptions:
        e = m.contractDescriptions.add()
        _contract(d.contract, e.contract)
        e.derivativeSecTypes.extend(d.derivativeSecTypes)
    return m


def news_providers_message(providers: list[tuple[str, str]]) -> Any:
    m = NewsProviders_pb2.NewsProviders()
    for code, name in providers:
        p = m.newsProviders.add()
        p.providerCode, p.providerName = code, name
    return m


def scanner_message(req_id: int, rows: list[tuple[int, Any, str, str, str, str]]) -> Any:
    m = ScannerData_pb2.ScannerData()
    m.reqId = req_id
    for rank, cd, distance, benchmark, projection, legs in rows:
        e = m.scannerDataElement.add()
        e.rank = rank
        _contract(cd.contract, e.contract)
        for name, val in (("marketName", cd.marketName), ("distance", distance), ("benchmark", benchmark),
                          ("projection", projection), ("comboKey", legs)):
            if val:
                setattr(e, name, val)
    return m


#: The message kinds this module encodes (a protobuf-speaking simulator sends them so).
PROTO_BODIES = frozenset({
    IN.OPEN_ORDER, IN.COMPLETED_ORDER, IN.CONTRACT_DATA, IN.EXECUTION_DATA, IN.COMMISSION_AND_FEES_REPORT,
    IN.PORTFOLIO_VALUE, IN.POSITION_DATA, IN.POSITION_MULTI, IN.HISTORICAL_DATA, IN.HISTORICAL_DATA_UPDATE,
    IN.TICK_OPTION_COMPUTATION, IN.TICK_REQ_PARAMS, IN.MARKET_DEPTH, IN.MARKET_DEPTH_L2, IN.TICK_BY_TICK,
    IN.HISTOGRAM_DATA, IN.HISTORICAL_TICKS, IN.HISTORICAL_TICKS_BID_ASK, IN.HISTORICAL_TICKS_LAST,
    IN.HISTORICAL_SCHEDULE, IN.SECURITY_DEFINITION_OPTION_PARAMETER, IN.SYMBOL_SAMPLES, IN.NEWS_PROVIDERS,
    IN.SCANNER_DATA,
})
