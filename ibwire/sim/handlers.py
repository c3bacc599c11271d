"""What the simulator does with each request: a table of handlers keyed by request name.

A handler gets the session and the request (:class:`Incoming`: the protobuf
request message, plus the arguments when it came as text) and answers in the
order and with the error codes TWS uses. Subscriptions are recorded on the
session and fed by :func:`after_tick` on every market tick.
"""

from __future__ import annotations

import datetime as _dt
import zoneinfo
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..model import Contract, ExecutionFilter
from ..protocol.ids import IN
from ..protocol.incoming_pb import decode_contract
from ..protocol.server_requests import Incoming
from .broker import ACCOUNT_TAGS, OrderReject
from .catalog import Instrument
from .market import HistoryError

if TYPE_CHECKING:
    from .server import Session, Simulator

__all__ = ["HANDLERS", "after_tick", "push_account"]

Handler = Callable[["Session", Incoming], None]

#: Notices TWS sends to every new API session.
GREETING_NOTICES = (
    (2104, "Market data farm connection is OK:usfarm"),
    (2106, "HMDS data farm connection is OK:ushmds"),
    (2158, "Sec-def data farm connection is OK:secdefnj"),
)
HANDLERS: dict[str, Handler] = {}

# tick types: live, and the delayed ones (reqMarketDataType 3/4)
BID_SIZE, BID, ASK, ASK_SIZE, LAST, LAST_SIZE, HIGH, LOW, VOLUME, CLOSE, OPEN = 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 14
LAST_TIMESTAMP = 45
_DELAYED = {BID: 66, ASK: 67, LAST: 68, BID_SIZE: 69, ASK_SIZE: 70, LAST_SIZE: 71, HIGH: 72, LOW: 73, VOLUME: 74,
            CLOSE: 75, OPEN: 76, LAST_TIMESTAMP: 88}


def handles(name: str) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        HANDLERS[name] = fn
        return fn

    return deco


def _contract(req: Incoming, index: int = 1) -> Contract:
    if req.args is not None:
        return req.args[index]  # type: ignore[no-any-return]
    return decode_contract(req.message.contract)  # type: ignore[union-attr]


def _resolve(s: Session, req_id: int, c: Contract) -> Instrument | None:
    found = s.sim.catalog.resolve(c)
    if isinstance(found, str):
        s.error(req_id, 200, found)
        return None
    return found


# --- session ------------------------------------------------------------------------------


@handles("startApi")
def start_api(s: Session, req: Incoming) -> None:
    client_id = int(req.message.clientId)  # type: ignore[union-attr]
    if not s.sim._claim(s, client_id):
        s.error(-1, 326, "Unable to connect as the client id is already in use. Retry with a unique client id.")
        s.close_after_flush()
        return
    enc = s.enc_
    sim = s.sim
    # TWS greets with the accounts first: programs (IB's own Testbed among them) use the account when the
    # order id arrives
    data = enc.managed_accounts(",".join(sim.accounts)) + enc.next_valid_id(sim.broker.next_order_id)
    for so in sim.broker.visible(client_id, sim.master_client_id):
        data += enc.open_order(so.order, so.contract, so.state)
        data += enc.order_status(so.order_id, so.status, so.filled, so.remaining, so.avg_price, so.order.permId,
                                 so.order.parentId, so.last_price, so.client_id, so.why_held)
    s.send(data)
    for code, text in GREETING_NOTICES:
        s.error(-1, code, text)


@handles("reqIds")
def req_ids(s: Session, req: Incoming) -> None:
    s.send(s.enc_.next_valid_id(s.sim.broker.next_order_id))


@handles("reqCurrentTime")
def req_current_time(s: Session, req: Incoming) -> None:
    s.send(s.enc_.current_time(s.now_ms() // 1000))


@handles("reqCurrentTimeInMillis")
def req_current_time_in_millis(s: Session, req: Incoming) -> None:
    s.send(s.enc_.current_time_in_millis(s.now_ms()))


@handles("reqManagedAccts")
def req_managed_accts(s: Session, req: Incoming) -> None:
    s.send(s.enc_.managed_accounts(",".join(s.sim.accounts)))


# --- contracts -------------------------------------------------------------------------------


@handles("reqContractDetails")
def req_contract_details(s: Session, req: Incoming) -> None:
    req_id = int(req.message.reqId)  # type: ignore[union-attr]
    found = s.sim.catalog.find(_contract(req))
    if not found:
        s.error(req_id, 200, "No security definition has been found for the request")
        return
    enc = s.enc_
    s.send(b"".join(enc.bond_contract_data(req_id, it.details) if it.contract.secType == "BOND"
                    else enc.contract_data(req_id, it.details) for it in found) + enc.contract_data_end(req_id))


# --- market data ----------------------------------------------------------------------------------


@handles("reqMarketDataType")
def req_market_data_type(s: Session, req: Incoming) -> None:
    s.market_data_type = int(req.message.marketDataType)  # type: ignore[union-attr]


def _tick(kind: int, delayed: bool) -> int:
    return _DELAYED.get(kind, kind) if delayed else kind


def _quote_ticks(s: Session, req_id: int, it: Instrument, delayed: bool, full: bool) -> bytes:
    enc = s.enc_
    q = s.sim.market.quote(it)

    def t(kind: int) -> int:
        return _tick(kind, delayed)

    data = enc.tick_price(req_id, t(BID), q.bid, Decimal(q.bid_size), 0)
    data += enc.tick_price(req_id, t(ASK), q.ask, Decimal(q.ask_size), 0)
    if it.contract.secType != "CASH":
        data += enc.tick_price(req_id, t(LAST), q.last, Decimal(q.last_size), 0)
        data += enc.tick_size(req_id, t(VOLUME), Decimal(q.volume))
        data += enc.tick_string(req_id, t(LAST_TIMESTAMP), str(s.now_ms() // 1000))
    trades = it.contract.secType != "CASH"  # an FX quote has no trades to move its high and low
    if full or (trades and q.last >= q.high):  # the day's high and low as they move
        data += enc.tick_price(req_id, t(HIGH), q.high, Decimal(0), 0)
    if full or (trades and q.last <= q.low):
        data += enc.tick_price(req_id, t(LOW), q.low, Decimal(0), 0)
    if full:
        data += enc.tick_price(req_id, t(CLOSE), q.close, Decimal(0), 0)
        data += enc.tick_price(req_id, t(OPEN), q.open, Decimal(0), 0)
    return data


_Tick = tuple[str, int, float | int | str]


def _no_ticks(q: Any, now_ms: int) -> list[_Tick]:
    return []


def _misc_stats(q: Any, now_ms: int) -> list[_Tick]:
    """Generic tick 165: 13/26/52-week lows and highs (15-20) and the 90-day average volume (21)."""
    lows_highs = [("price", 15 + 2 * i, round(q.low * (1 - f), 2)) for i, f in enumerate((0.05, 0.12, 0.25))] + \
                 [("price", 16 + 2 * i, round(q.high * (1 + f), 2)) for i, f in enumerate((0.05, 0.12, 0.25))]
    return [*sorted(lows_highs, key=lambda t: t[1]), ("size", 21, q.volume * 3)]


#: what each generic tick id of reqMktData adds, from the quote (kind, tick type, value), as TWS sends them
_GENERIC: dict[str, Callable[[Any, int], list[_Tick]]] = {
    "100": lambda q, now: [("size", 29, q.volume // 40), ("size", 30, q.volume // 55)],  # option call/put volume
    "101": lambda q, now: [("size", 27, q.volume * 2), ("size", 28, q.volume * 3 // 2)],  # call/put open interest
    "104": lambda q, now: [("generic", 23, 0.2815)],  # historical volatility
    "105": lambda q, now: [("size", 87, q.volume // 45)],  # average option volume
    "106": lambda q, now: [("generic", 24, 0.3021)],  # option implied volatility
    "165": _misc_stats,
    "221": lambda q, now: [("price", 37, round((q.bid + q.ask) / 2, 4))],  # mark price
    "225": lambda q, now: [("size", 34, q.volume // 20), ("price", 35, q.last), ("size", 36, q.volume // 200),
                           ("size", 61, q.volume // 300)],  # auction volume, price, imbalance, regulatory imbalance
    "233": lambda q, now: [("string", 48, f"{q.last};{q.last_size};{now};{q.volume};{q.last};true")],  # RTVolume
    "236": lambda q, now: [("generic", 46, 3.0), ("size", 89, 25_000_000)],  # shortable, shortable shares
    "258": lambda q, now: [("string", 47, f"MKTCAP={q.last * 15_500:.1f};PEEXCLXOR=31.2;APENORM=30.9;"
                                          f"NPRICE={q.last};QTOTD2EQ=151.9;TTMNIAC=6.37")],  # fundamental ratios
    "293": lambda q, now: [("generic", 54, 12_345.0)],  # trade count
    "294": lambda q, now: [("generic", 55, 86.0)],  # trade rate
    "295": lambda q, now: [("generic", 56, 1_432.0)],  # volume rate
    "318": lambda q, now: [("price", 57, q.close)],  # last regular-hours trade
    "375": lambda q, now: [("string", 77, f"{q.last};{q.last_size};{now};{q.volume};{q.last};true")],
    "411": lambda q, now: [("generic", 58, 0.2544)],  # real-time historical volatility
    "456": lambda q, now: [("string", 59, "0.96,0.96,20270212,0.24")],  # dividends: past, next 12m, next date/amount
    "595": lambda q, now: [("size", 63, q.volume // 130), ("size", 64, q.volume // 78),
                           ("size", 65, q.volume // 39)],  # volume over 3, 5 and 10 minutes
}


@handles("reqMktData")
def req_mkt_data(s: Session, req: Incoming) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    it = _resolve(s, req_id, _contract(req))
    if it is None:
        return
    if req_id in s.mkt:
        s.error(req_id, 322, f"Error processing request.-'cb' : cause - Duplicate ticker id:{req_id}")
        return
    enc = s.enc_
    dtype = s.market_data_type
    delayed = dtype in (3, 4)
    generic = [t.strip() for t in (m.genericTickList or "").split(",") if t.strip()]
    news = [t for t in generic if t.split(":")[0] == "292"]
    if it.contract.secType == "NEWS" or news:
        # headlines: a news feed's, or a contract's from the providers asked for ("292:BRFG+DJNL")
        providers = [it.contract.exchange] if it.contract.secType == "NEWS" else \
            [p for t in news for p in (t.split(":", 1)[1].split("+") if ":" in t else ["BRFG"])]
        data = extras.tick_news(s, req_id, it, providers)
        if it.contract.secType == "NEWS" or "mdoff" in generic:  # no prices: news only
            s.send(data + (enc.tick_snapshot_end(req_id) if m.snapshot else b""))
            return
    else:
        data = b""
    if dtype != 1:
        data += enc.market_data_type(req_id, dtype)
    data += enc.tick_req_params(req_id, it.details.minTick, "9c0001", 3)
    data += _quote_ticks(s, req_id, it, delayed, True)
    if it.contract.secType in ("OPT", "FOP"):
        data += extras.option_ticks(s, req_id, it)
    q = s.sim.market.quote(it)
    for tick in generic:
        for kind, tick_type, value in _GENERIC.get(tick.split(":")[0], _no_ticks)(q, s.now_ms()):
            if kind == "price":
                data += enc.tick_price(req_id, tick_type, float(value), Decimal(0), 0)
            elif kind == "size":
                data += enc.tick_size(req_id, tick_type, Decimal(str(value)))
            elif kind == "generic":
                data += enc.tick_generic(req_id, tick_type, float(value))
            else:
                data += enc.tick_string(req_id, tick_type, str(value))
    if m.snapshot or m.regulatorySnapshot:
        s.send(data + enc.tick_snapshot_end(req_id))
        return
    s.mkt[req_id] = (it.con_id, dtype)
    s.send(data)


@handles("cancelMktData")
def cancel_mkt_data(s: Session, req: Incoming) -> None:
    s.mkt.pop(int(req.message.reqId), None)  # type: ignore[union-attr]


# --- history ----------------------------------------------------------------------------------------


def _parse_end(text: str, now: _dt.datetime) -> _dt.datetime:
    """``YYYYMMDD HH:MM:SS`` (or ``YYYYMMDD-HH:MM:SS``) in UTC, or in the zone named after it."""
    text = text.strip()
    if not text:
        return now
    core = text.replace("-", " ").split()
    try:
        when = _dt.datetime.strptime(" ".join(core[:2]), "%Y%m%d %H:%M:%S")
    except ValueError:
        raise HistoryError(f"Historical Market Data Service error message:invalid end date/time: {text!r}") from None
    zone: _dt.tzinfo = _dt.timezone.utc
    if len(core) > 2 and core[2].upper() not in ("UTC", "GMT"):
        try:
            zone = zoneinfo.ZoneInfo(core[2])
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise HistoryError(f"Historical Market Data Service error message:invalid time zone: {core[2]!r}") from None
    return when.replace(tzinfo=zone).astimezone(_dt.timezone.utc)


#: IB's historical pacing rules (its "historical data limitations"): no identical request within 15 s; no
#: six or more requests for the same contract, exchange and what-to-show within 2 s; at most 60 requests
#: in any 10 minutes. A BID_ASK request counts twice. ``Simulator.history_pacing_scale`` shortens the
#: windows (the counts stay).
PACING_IDENTICAL_S, PACING_BURST, PACING_BURST_S, PACING_COUNT, PACING_WINDOW_S = 15.0, 6, 2.0, 60, 600.0


def _pacing(s: Session, key: tuple[Any, ...], burst_key: tuple[Any, ...], cost: int) -> str | None:
    """The pacing violation this request would be (and then it is not booked), else None (booked)."""
    now = s.sim.pacing_clock()
    scale = s.sim.history_pacing_scale
    log = s.sim.history_log
    while log and now - log[0][0] > PACING_WINDOW_S * scale:
        log.popleft()
    prefix = "Historical Market Data Service error message:Historical data request pacing violation"
    if any(k == key and now - t < PACING_IDENTICAL_S * scale for t, k, _ in log):
        return f"{prefix}: identical request within 15 seconds"
    if sum(1 for t, _, b in log if b == burst_key and now - t < PACING_BURST_S * scale) + cost >= PACING_BURST:
        return f"{prefix}: six or more requests for the same contract, exchange and tick type within 2 seconds"
    if len(log) + cost > PACING_COUNT:
        return f"{prefix}: more than 60 requests in 10 minutes"
    for _ in range(cost):
        log.append((now, key, burst_key))
    return None


@handles("reqHistoricalData")
def req_historical_data(s: Session, req: Incoming) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    contract = _contract(req)
    it = _resolve(s, req_id, contract)
    if it is None:
        return
    keep = bool(m.keepUpToDate)
    if keep and m.endDateTime:
        s.error(req_id, 321, "Error validating request.-'bP' : cause - End date not supported with live updates")
        return
    key = (it.con_id, m.endDateTime, m.duration, m.barSizeSetting, m.whatToShow, bool(m.useRTH))
    burst_key = (it.con_id, contract.exchange, m.whatToShow)
    cost = 2 if m.whatToShow == "BID_ASK" else 1
    violation = _pacing(s, key, burst_key, cost) if s.sim.history_pacing else None
    if violation:
        s.sim.history_violations.append((key, violation))
        s.error(req_id, 162, violation)
        return
    if m.whatToShow == "SCHEDULE":
        s.send(extras.schedule(s, req_id, it))
        return
    try:
        end = _parse_end(m.endDateTime, s.sim.now())
        bars = s.sim.market.bars(it, end, m.duration, m.barSizeSetting, m.whatToShow or "TRADES", bool(m.useRTH),
                                 int(m.formatDate or 1), live=not m.endDateTime.strip())
    except HistoryError as e:
        s.error(req_id, 162, str(e))
        return
    start = bars[0].date if bars else ""
    s.send(s.enc_.historical_data(req_id, bars, start, bars[-1].date if bars else ""))
    if keep and bars:
        s.sim.market.quote(it)  # the instrument now moves with the market clock
        s.bars[req_id] = (it.con_id, bars[-1])


@handles("cancelHistoricalData")
def cancel_historical_data(s: Session, req: Incoming) -> None:
    s.bars.pop(int(req.message.reqId), None)  # type: ignore[union-attr]


@handles("reqHeadTimeStamp")
def req_head_time_stamp(s: Session, req: Incoming) -> None:
    req_id = int(req.message.reqId)  # type: ignore[union-attr]
    if _resolve(s, req_id, _contract(req)) is not None:
        # formatDate 2 asks for epoch seconds, else IB's UTC text form
        first = _dt.datetime(2004, 1, 23, 14, 30, tzinfo=_dt.timezone.utc)
        fmt = int(getattr(req.message, "formatDate", 1) or 1)
        s.send(s.enc_.head_timestamp(req_id, str(int(first.timestamp())) if fmt == 2 else
                                     first.strftime("%Y%m%d-%H:%M:%S")))


# --- orders --------------------------------------------------------------------------------------------


@handles("placeOrder")
def place_order(s: Session, req: Incoming) -> None:
    assert req.args is not None  # placeOrder is read into arguments in both forms
    order_id, contract, order = req.args
    assert s.client_id is not None
    try:
        s.sim.broker.place(s.client_id, order_id, contract, order)
    except OrderReject as e:
        s.error(order_id, e.code, e.text)


@handles("cancelOrder")
def cancel_order(s: Session, req: Incoming) -> None:
    order_id = int(req.message.orderId)  # type: ignore[union-attr]
    assert s.client_id is not None
    try:
        s.sim.broker.cancel(s.client_id, order_id)
    except OrderReject as e:
        s.error(order_id, e.code, e.text)


@handles("reqGlobalCancel")
def req_global_cancel(s: Session, req: Incoming) -> None:
    s.sim.broker.global_cancel()


def _open_orders(s: Session, orders: list[Any]) -> None:
    enc = s.enc_
    data = b""
    for so in orders:
        data += enc.open_order(so.order, so.contract, so.state)
        data += enc.order_status(so.order_id, so.status, so.filled, so.remaining, so.avg_price, so.order.permId,
                                 so.order.parentId, so.last_price, so.client_id, so.why_held)
    s.send(data + enc.open_order_end())


@handles("reqOpenOrders")
def req_open_orders(s: Session, req: Incoming) -> None:
    assert s.client_id is not None
    _open_orders(s, s.sim.broker.visible(s.client_id, s.sim.master_client_id))


@handles("reqAllOpenOrders")
def req_all_open_orders(s: Session, req: Incoming) -> None:
    _open_orders(s, [so for so in s.sim.broker.all_orders() if so.status in ("PreSubmitted", "Submitted")])


@handles("reqAutoOpenOrders")
def req_auto_open_orders(s: Session, req: Incoming) -> None:
    if s.client_id != 0:
        s.error(-1, 321, "Error validating request.-'bA' : cause - Only the client with id 0 can bind TWS orders")
        return
    s.auto_open_orders = bool(req.message.autoBind)  # type: ignore[union-attr]


@handles("reqCompletedOrders")
def req_completed_orders(s: Session, req: Incoming) -> None:
    enc = s.enc_
    data = b""
    for so in s.sim.broker.completed():
        so.state.completedTime = so.completed_time
        so.state.completedStatus = so.completed_status
        data += enc.completed_order(so.order, so.contract, so.state)
    s.send(data + enc.completed_orders_end())


@handles("reqExecutions")
def req_executions(s: Session, req: Incoming) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    f = ExecutionFilter()
    ef = m.executionFilter
    for name in ("clientId", "acctCode", "time", "symbol", "secType", "exchange", "side"):
        if ef.HasField(name):
            setattr(f, name, getattr(ef, name))
    enc = s.enc_
    data = b""
    for so, e, r in s.sim.broker.executions:
        if f.clientId and e.clientId != f.clientId:
            continue
        if f.acctCode and e.acctNumber != f.acctCode:
            continue
        if f.symbol and so.contract.symbol != f.symbol:
            continue
        if f.secType and so.contract.secType != f.secType:
            continue
        if f.side and e.side != {"BUY": "BOT", "SELL": "SLD"}.get(f.side.upper(), f.side.upper()):
            continue
        if f.time and e.time[:17] < f.time.replace("-", " ")[:17]:
            continue
        data += enc.exec_details(req_id, so.contract, e) + enc.commission_report(r)
    s.send(data + enc.exec_details_end(req_id))


# --- account ------------------------------------------------------------------------------------------


def _portfolio(s: Session, account: str, con_id: int | None = None) -> bytes:
    b = s.sim.broker
    data = b""
    for (acct, cid), p in b.positions.items():
        if acct != account or (con_id is not None and cid != con_id):
            continue
        price, value, unreal = b.position_value(p)
        data += s.enc_.portfolio(p.contract, p.qty, price, value, p.avg_cost, unreal, p.realized, account)
    return data


#: account keys TWS sends without a currency
_NO_CURRENCY = frozenset({"AccountType", "AccountCode", "AccountReady", "Currency", "Cushion", "Leverage",
                          "HighestSeverity", "DayTradesRemaining", "LookAheadNextChange"})


def _account_values(s: Session, account: str) -> bytes:
    enc = s.enc_
    data = b""
    for key, value in s.sim.broker.account_values(account).items():
        data += enc.account_value(key, value, "" if key in _NO_CURRENCY else "USD", account)
    return data


def _account_values_multi(s: Session, req_id: int, account: str, model_code: str) -> bytes:
    enc = s.enc_
    return b"".join(enc.plain(IN.ACCOUNT_UPDATE_MULTI, req_id, account, model_code, key, value,
                              "" if key in _NO_CURRENCY else "USD")
                    for key, value in s.sim.broker.account_values(account).items())


@handles("reqAccountUpdates")
def req_account_updates(s: Session, req: Incoming) -> None:
    m: Any = req.message
    account = m.acctCode or s.sim.accounts[0]
    if not m.subscribe:
        s.account_updates = None
        return
    if account not in s.sim.accounts:
        s.error(-1, 321, f"Error validating request.-'bB' : cause - Invalid account code: {account}")
        return
    s.account_updates = account
    enc = s.enc_
    s.send(_account_values(s, account) + _portfolio(s, account)
           + enc.account_time(s.sim.now().strftime("%H:%M")) + enc.account_download_end(account))


@handles("reqPositions")
def req_positions(s: Session, req: Incoming) -> None:
    s.positions = True
    enc = s.enc_
    data = b""
    for (account, _), p in s.sim.broker.positions.items():
        data += enc.position(account, p.contract, p.qty, p.avg_cost)
    s.send(data + enc.position_end())


@handles("cancelPositions")
def cancel_positions(s: Session, req: Incoming) -> None:
    s.positions = False


@handles("reqAccountSummary")
def req_account_summary(s: Session, req: Incoming) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    wanted = [t.strip() for t in (m.tags or "").split(",") if t.strip()]
    enc = s.enc_
    data = b""
    for account in s.sim.accounts:
        values = s.sim.broker.account_values(account)
        for tag in wanted:
            if tag.startswith("$LEDGER"):
                data += enc.account_summary(req_id, account, "Currency", "USD", "USD")
                data += enc.account_summary(req_id, account, "CashBalance", values["CashBalance"], "USD")
                data += enc.account_summary(req_id, account, "NetLiquidationByCurrency", values["NetLiquidation"], "USD")
            elif tag in values and tag in ACCOUNT_TAGS:
                currency = "" if tag in ("AccountType", "Cushion", "Leverage", "HighestSeverity",
                                         "DayTradesRemaining", "LookAheadNextChange") else "USD"
                data += enc.account_summary(req_id, account, tag, values[tag], currency)
    s.send(data + enc.account_summary_end(req_id))


@handles("reqPnL")
def req_pnl(s: Session, req: Incoming) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    account = m.account or s.sim.accounts[0]
    if account not in s.sim.accounts:
        s.error(req_id, 321, f"Error validating request.-'bU' : cause - Invalid account: {account}")
        return
    s.pnl[req_id] = account
    s.send(s.enc_.pnl(req_id, *s.sim.broker.pnl(account)))


@handles("cancelPnL")
def cancel_pnl(s: Session, req: Incoming) -> None:
    s.pnl.pop(int(req.message.reqId), None)  # type: ignore[union-attr]


# --- feeding subscriptions ---------------------------------------------------------------------------------


def after_tick(sim: Simulator) -> None:
    """Send every subscriber what changed in the last market tick."""
    for s in list(sim.sessions):
        if s.enc is None:
            continue
        data = b""
        for req_id, (con_id, dtype) in list(s.mkt.items()):
            if dtype in (2, 4):
                continue  # frozen: no updates
            data += _quote_ticks(s, req_id, sim.catalog.items[con_id], dtype == 3, False)
        for req_id, (con_id, bar) in list(s.bars.items()):
            q = sim.market.quotes.get(con_id)
            if q is None:
                continue
            bar.close = q.last
            bar.high = max(bar.high, q.last)
            bar.low = min(bar.low, q.last)
            if bar.volume != Decimal(-1):
                bar.volume += q.last_size
            data += s.enc_.historical_data_update(req_id, bar)
        for req_id, account in list(s.pnl.items()):
            data += s.enc_.pnl(req_id, *sim.broker.pnl(account))
        data += extras.feed(sim, s)
        if data:
            s.send(data)


def push_account(sim: Simulator, account: str, con_id: int) -> None:
    """After a fill: account values and the position's portfolio line to subscribers, positions too."""
    for s in list(sim.sessions):
        if s.enc is None:
            continue
        data = b""
        if s.account_updates == account:
            data += _account_values(s, account) + _portfolio(s, account, con_id)
        for req_id, (acct, model_code) in list(s.account_updates_multi.items()):
            if acct in ("", "All", account):
                data += _account_values_multi(s, req_id, account, model_code)
        if s.positions:
            p = sim.broker.positions.get((account, con_id))
            if p is not None:
                data += s.enc_.position(account, p.contract, p.qty, p.avg_cost)
        if data:
            s.send(data)


@handles("reqAccountUpdatesMulti")
def req_account_updates_multi(s: Session, req: Incoming) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    enc = s.enc_
    data = b""
    for account in [m.account] if m.account and m.account != "All" else list(s.sim.accounts):
        if account not in s.sim.accounts:
            s.error(req_id, 321, f"Error validating request.-'bB' : cause - Invalid account code: {account}")
            return
        data += _account_values_multi(s, req_id, account, m.modelCode)
    s.account_updates_multi[req_id] = (m.account or "", m.modelCode)  # kept up to date after fills
    s.send(data + enc.plain(IN.ACCOUNT_UPDATE_MULTI_END, req_id))


@handles("cancelAccountUpdatesMulti")
def cancel_account_updates_multi(s: Session, req: Incoming) -> None:
    s.account_updates_multi.pop(int(req.message.reqId), None)  # type: ignore[union-attr]


@handles("reqPositionsMulti")
def req_positions_multi(s: Session, req: Incoming) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    enc = s.enc_
    data = b""
    for (account, _), p in s.sim.broker.positions.items():
        if not m.account or m.account in ("All", account):
            data += enc.position_multi(req_id, account, m.modelCode, p.contract, p.qty, p.avg_cost)
    s.send(data + enc.plain(IN.POSITION_MULTI_END, req_id))


from . import extras  # noqa: E402  (registers its handlers; it uses the helpers above)
