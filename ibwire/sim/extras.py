"""More of what the simulator answers: depth, tick-by-tick, real-time bars, option
analytics, historical ticks, histograms, schedules, option parameters, symbol
search, scanners, news and single-position P&L.

Registered into :data:`.handlers.HANDLERS` on import; streams are fed by
:func:`feed` on every market tick. Real-time bars follow the simulator's clock: one bar per
5-second window of simulated time, stamped with the window's start and aggregated from the
market's moves inside it, sent on the first market tick after the window closed.
"""

from __future__ import annotations

import datetime as _dt
import math
import random
import weakref
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..model.const import NO_VALID_ID
from ..model import ContractDescription, HistogramData, HistoricalSession, HistoricalTick, HistoricalTickBidAsk
from ..model import HistoricalTickLast
from ..protocol.ids import IN
from ..protocol.versions import MIN_SERVER_VER_SERVICE_DATA_TYPE
from ..protocol.server_requests import Incoming
from .catalog import RATE, Instrument, black_scholes
from .handlers import _contract, _resolve, handles
from .market import Quote

if TYPE_CHECKING:
    from .server import Session, Simulator

__all__ = ["feed", "black_scholes", "RATE"]

#: one tick type's option computation: (tick type, implied vol, delta, price, gamma, vega, theta, underlying)
_Computation = tuple[int, float | None, float | None, float | None, float | None, float | None, float | None,
                     float]
#: per session, the option computations last sent per market-data request (a streaming subscription on an
#: option sends them again when they change)
_SENT_COMPUTATIONS: weakref.WeakKeyDictionary[Session, dict[int, list[_Computation]]] = weakref.WeakKeyDictionary()


def _implied(price: float, spot: float, strike: float, years: float, call: bool, guess: float = 0.3) -> float:
    """The volatility (0.01..5) at which the model gives ``price``: Newton's method from ``guess`` (a few
    steps when the price is near the guess's), bisection where that does not converge."""
    vol = guess
    for _ in range(12):
        model, _, _, vega, _ = black_scholes(spot, strike, years, vol, call)
        if abs(model - price) < 1e-9:
            return vol
        if vega < 1e-8:
            break
        vol -= (model - price) / (vega * 100)  # vega is per 1%
        if not 0.01 <= vol <= 5.0:
            break
    lo, hi = 0.01, 5.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if black_scholes(spot, strike, years, mid, call)[0] > price:
            hi = mid
        else:
            lo = mid
    return (lo + hi) / 2


def _years(it: Instrument, sim: Simulator) -> float:
    if it.option is not None:
        return it.option.years()
    exp = _dt.datetime.strptime(it.contract.lastTradeDateOrContractMonth[:8], "%Y%m%d").date()
    return max(1, (exp - sim.catalog.today).days) / 365


def _computations(sim: Simulator, it: Instrument) -> list[_Computation]:
    """(tick type, implied vol, delta, price, gamma, vega, theta, underlying price) of ticks 10-13: the bid's,
    the ask's and the last trade's (their prices, with the volatility they imply where one does), and the
    model's (the price the option's quotes sit around)."""
    model = it.option
    assert model is not None
    spot = sim.market.quote(model.under).last
    q = sim.market.quote(it)
    years = model.years()
    vol = model.vol(spot)
    price, delta, gamma, vega, theta = model.greeks(spot)
    out: list[_Computation] = []
    lowest = black_scholes(spot, model.strike, years, 0.01, model.call)[0]
    highest = black_scholes(spot, model.strike, years, 5.0, model.call)[0]
    for tick, quoted in ((10, q.bid), (11, q.ask), (12, q.last)):
        if quoted <= 0:
            out.append((tick, None, None, None, None, None, None, spot))
        elif lowest < quoted < highest:
            iv = _implied(quoted, spot, model.strike, years, model.call, vol)
            _, d, g, v, th = black_scholes(spot, model.strike, years, iv, model.call)
            out.append((tick, iv, d, quoted, g, v, th, spot))
        else:  # no volatility gives that price: TWS leaves the volatility and the greeks out
            out.append((tick, None, None, quoted, None, None, None, spot))
    out.append((13, vol, delta, round(price, 4), gamma, vega, theta, spot))
    return out


def option_ticks(s: Session, req_id: int, it: Instrument) -> bytes:
    """Bid/ask/last/model computations (tick types 10-13) for an option: the model on the underlying's
    last price, the bid, ask and last (which the market quotes around the model) with their implied
    volatilities."""
    if it.option is None:
        return b""
    comps = _computations(s.sim, it)
    _SENT_COMPUTATIONS.setdefault(s, {})[req_id] = comps
    return _encode_computations(s, req_id, comps)


def _encode_computations(s: Session, req_id: int, comps: list[_Computation]) -> bytes:
    out = b""
    for tick, iv, delta, price, gamma, vega, theta, spot in comps:
        out += s.enc_.tick_option_computation(req_id, tick, 0, iv, delta, price, 0.0 if price is not None else None,
                                              gamma, vega, theta, spot)
    return out


def _option_updates(sim: Simulator, s: Session) -> bytes:
    """The option computations of this session's streaming option subscriptions that changed."""
    sent = _SENT_COMPUTATIONS.get(s)
    if sent is None:
        return b""
    out = b""
    for req_id in list(sent):
        sub = s.mkt.get(req_id)
        if sub is None:  # cancelled, or a snapshot's
            del sent[req_id]
            continue
        con_id, dtype = sub
        it = sim.catalog.items[con_id]
        if dtype in (2, 4) or it.option is None:
            continue  # frozen data does not update
        comps = _computations(sim, it)
        if comps != sent[req_id]:
            sent[req_id] = comps
            out += _encode_computations(s, req_id, comps)
    return out


# --- depth ------------------------------------------------------------------------------------


@handles("reqMktDepth")
def req_mkt_depth(s: Session, req: Incoming) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    it = _resolve(s, req_id, _contract(req))
    if it is None:
        return
    rows = int(m.numRows) or 5
    s.depth[req_id] = (it.con_id, min(rows, 5), bool(m.isSmartDepth), {})
    s.send(_depth_updates(s, req_id))


@handles("cancelMktDepth")
def cancel_mkt_depth(s: Session, req: Incoming) -> None:
    s.depth.pop(int(req.message.reqId), None)  # type: ignore[union-attr]


def _depth_updates(s: Session, req_id: int) -> bytes:
    """Insert/update/delete operations turning the client's book into the current one."""
    con_id, rows, smart, shown = s.depth[req_id]
    q = s.sim.market.quotes[con_id] if con_id in s.sim.market.quotes else s.sim.market.quote(s.sim.catalog.items[con_id])
    enc = s.enc_
    out = b""
    for side, levels in ((1, list(reversed(q.bids.items()))), (0, list(q.asks.items()))):
        before: list[tuple[float, int]] = shown.get(side, [])
        now = levels[:rows]
        for pos in range(max(len(before), len(now))):
            if pos >= len(now):
                op, price, size = 2, before[pos][0], before[pos][1]
            elif pos >= len(before):
                op, (price, size) = 0, now[pos]
            elif before[pos] != now[pos]:
                op, (price, size) = 1, now[pos]
            else:
                continue
            if smart:
                out += enc.market_depth_l2(req_id, pos, "NSDQ", op, side, price, Decimal(size), True)
            else:
                out += enc.market_depth(req_id, pos, op, side, price, Decimal(size))
        # deletes are sent from the bottom so positions stay valid on the client
        shown[side] = now
    return out


@handles("reqMktDepthExchanges")
def req_mkt_depth_exchanges(s: Session, req: Incoming) -> None:
    enc = s.enc_
    rows = [("ISLAND", "STK", "NASDAQ", "Deep2", 1), ("ARCA", "STK", "NYSE", "Deep2", 1), ("IDEALPRO", "CASH", "", "Deep", 4)]
    f: list[Any] = [len(rows)]
    for exchange, sec_type, listing, service, agg in rows:
        f += [exchange, sec_type]
        if s.version >= MIN_SERVER_VER_SERVICE_DATA_TYPE:
            f += [listing, service, agg]
        else:
            f.append(1)
    s.send(enc.bare(IN.MKT_DEPTH_EXCHANGES, *f))


# --- tick by tick and real-time bars -----------------------------------------------------------------


@handles("reqTickByTickData")
def req_tick_by_tick(s: Session, req: Incoming) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    it = _resolve(s, req_id, _contract(req))
    if it is None:
        return
    kind = {"Last": 1, "AllLast": 2, "BidAsk": 3, "MidPoint": 4}.get(m.tickType)
    if kind is None:
        s.error(req_id, 10190, f"Max number of tick-by-tick requests has been reached. (unknown tick type {m.tickType})")
        return
    s.sim.market.quote(it)
    s.tbt[req_id] = (it.con_id, kind)
    if m.numberOfTicks:
        s.send(_historical_ticks(s, req_id, it, kind, int(m.numberOfTicks)))


@handles("cancelTickByTickData")
def cancel_tick_by_tick(s: Session, req: Incoming) -> None:
    s.tbt.pop(int(req.message.reqId), None)  # type: ignore[union-attr]


@handles("reqRealTimeBars")
def req_real_time_bars(s: Session, req: Incoming) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    it = _resolve(s, req_id, _contract(req))
    if it is None:
        return
    kind = _RTB_KINDS.get(str(m.whatToShow).upper())
    if kind is None:
        s.error(req_id, 321, f"Error validating request.-'bS' : cause - Invalid whatToShow for real time bars: "
                             f"{m.whatToShow}")
        return
    q = s.sim.market.quote(it)
    now = s.now_ms() // 1000
    p = _rtb_price(kind, q)
    # the bar in progress: the window holding "now"; its values come from the market's moves inside it
    s.rtb[req_id] = (it.con_id, [float(kind), float(now - now % RTB_SECONDS), p, p, p, p, 0.0, 0.0, 0.0, 0.0])


#: a real-time bar's span (TWS serves 5-second bars only)
RTB_SECONDS = 5
#: windows without a market move that are still sent as flat bars after a pause of the market; a longer
#: pause (a clock set forward by hours, a market stepped rarely) sends only this many before the next bar
RTB_MAX_FLAT = 12
#: whatToShow -> kind of a real-time bar: TRADES aggregates the trades; the others a price series
_RTB_KINDS = {"TRADES": 0, "MIDPOINT": 1, "BID": 2, "ASK": 3}
# a bar in progress is a list of floats (Session.rtb's type):
_KIND, _WINDOW, _OPEN, _HIGH, _LOW, _CLOSE, _VOLUME, _PV, _TRADES, _MOVES = range(10)


def _rtb_price(kind: int, q: Quote) -> float:
    if kind == 0:
        return float(q.last)
    if kind == 1:
        return round((q.bid + q.ask) / 2, 10)
    return q.bid if kind == 2 else q.ask


def _rtb_bar(s: Session, req_id: int, bar: list[float], start: float) -> bytes:
    """The message of ``bar`` stamped ``start``: what the window held (flat at its close when nothing moved)."""
    if bar[_KIND] == 0:
        volume = bar[_VOLUME]
        wap = round(bar[_PV] / volume, 8) if volume else bar[_CLOSE]
        return s.enc_.realtime_bar(req_id, int(start), bar[_OPEN], bar[_HIGH], bar[_LOW], bar[_CLOSE],
                                   Decimal(int(volume)), Decimal(repr(wap)), int(bar[_TRADES]))
    # quotes (midpoint, bid, ask) have no volume: TWS sends -1 for volume, wap and count
    return s.enc_.realtime_bar(req_id, int(start), bar[_OPEN], bar[_HIGH], bar[_LOW], bar[_CLOSE],
                               Decimal(-1), Decimal(-1), -1)


def _rtb_move(s: Session, req_id: int, bar: list[float], q: Quote, now: int) -> bytes:
    """One market move for a real-time bar subscription: the bars of the windows it closed, then the move
    counted into the window holding ``now``."""
    out = b""
    window = now - now % RTB_SECONDS
    if window > bar[_WINDOW]:
        out += _rtb_bar(s, req_id, bar, bar[_WINDOW])
        close = bar[_CLOSE]
        flat = [close, close, close, close, 0.0, 0.0, 0.0, 0.0]
        bar[_OPEN:] = flat
        empty = int(window - bar[_WINDOW]) // RTB_SECONDS - 1
        for k in range(max(0, empty - RTB_MAX_FLAT), empty):
            out += _rtb_bar(s, req_id, bar, window - (empty - k) * RTB_SECONDS)
        bar[_WINDOW] = float(window)
    p = _rtb_price(int(bar[_KIND]), q)
    if bar[_MOVES]:
        bar[_HIGH], bar[_LOW], bar[_CLOSE] = max(bar[_HIGH], p), min(bar[_LOW], p), p
    else:
        bar[_OPEN] = bar[_HIGH] = bar[_LOW] = bar[_CLOSE] = p
    bar[_MOVES] += 1
    if bar[_KIND] == 0:
        bar[_VOLUME] += q.last_size
        bar[_PV] += q.last * q.last_size
        bar[_TRADES] += 1
    return out


@handles("cancelRealTimeBars")
def cancel_real_time_bars(s: Session, req: Incoming) -> None:
    s.rtb.pop(int(req.message.reqId), None)  # type: ignore[union-attr]


# --- options ------------------------------------------------------------------------------------------


def _calc(s: Session, req: Incoming, implied: bool) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    it = _resolve(s, req_id, _contract(req))
    if it is None:
        return
    if it.contract.secType != "OPT":
        s.error(req_id, 321, "Error validating request.-'bC' : cause - Contract is not an option")
        return
    years = _years(it, s.sim)
    call = it.contract.right == "C"
    spot = float(m.underPrice)
    if implied:
        vol = _implied(float(m.optionPrice), spot, it.contract.strike, years, call)
    else:
        vol = float(m.volatility)
    price, delta, gamma, vega, theta = black_scholes(spot, it.contract.strike, years, vol, call)
    s.send(s.enc_.tick_option_computation(req_id, 13, 0, vol, delta, round(price, 6), 0.0, gamma, vega, theta, spot))


@handles("calculateImpliedVolatility")
def calculate_implied_volatility(s: Session, req: Incoming) -> None:
    _calc(s, req, True)


@handles("calculateOptionPrice")
def calculate_option_price(s: Session, req: Incoming) -> None:
    _calc(s, req, False)


@handles("reqSecDefOptParams")
def req_sec_def_opt_params(s: Session, req: Incoming) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    under = int(m.underlyingConId)
    fop_exchange = (m.futFopExchange or "").upper()
    chain = [it for it in s.sim.catalog.items.values()
             if it.contract.secType in ("OPT", "FOP") and it.details.underConId == under]
    enc = s.enc_
    data = b""
    # one answer per exchange and trading class (index options: SMART and CBOE; futures options: their exchange)
    classes: dict[tuple[str, str], list[Instrument]] = {}
    for it in chain:
        classes.setdefault((it.contract.tradingClass, it.contract.multiplier), []).append(it)
    for (tclass, multiplier), items in classes.items():
        exps = sorted({it.contract.lastTradeDateOrContractMonth for it in items})
        strikes = sorted({it.contract.strike for it in items})
        valid = items[0].details.validExchanges.split(",")
        exchanges = [x for x in valid if x in ("SMART", "CBOE", "CME", "EUREX", "CBOT")] or valid[:1]
        if fop_exchange:
            exchanges = [x for x in exchanges if x == fop_exchange]
        for exchange in exchanges:
            data += enc.sec_def_opt_params(req_id, exchange, under, tclass, multiplier, exps, strikes)
    s.send(data + enc.bare(IN.SECURITY_DEFINITION_OPTION_PARAMETER_END, req_id))


# --- history beyond bars ------------------------------------------------------------------------------------


def _historical_ticks(s: Session, req_id: int, it: Instrument, kind: int, n: int) -> bytes:
    rng = random.Random(f"{s.sim.market.seed}:{it.con_id}:ticks:{kind}")
    q = s.sim.market.quote(it)
    tick = it.details.minTick or 0.01
    now = s.now_ms() // 1000
    price = q.last
    enc = s.enc_
    if kind in (1, 2):
        last = []
        for i in range(n):
            price = round(price + rng.choice((-tick, 0, tick)), 10)
            t = HistoricalTickLast()
            t.time, t.price, t.size, t.exchange = now - (n - i), price, Decimal(100 * rng.randint(1, 5)), "ISLAND"
            last.append(t)
        return enc.historical_ticks_last(req_id, last, True)
    if kind == 3:
        ba = []
        for i in range(n):
            price = round(price + rng.choice((-tick, 0, tick)), 10)
            t2 = HistoricalTickBidAsk()
            t2.time, t2.priceBid, t2.priceAsk = now - (n - i), price - tick, price + tick
            t2.sizeBid, t2.sizeAsk = Decimal(100 * rng.randint(1, 9)), Decimal(100 * rng.randint(1, 9))
            ba.append(t2)
        return enc.historical_ticks_bid_ask(req_id, ba, True)
    mids = []
    for i in range(n):
        price = round(price + rng.choice((-tick, 0, tick)) / 2, 10)
        t3 = HistoricalTick()
        t3.time, t3.price, t3.size = now - (n - i), price, Decimal(0)
        mids.append(t3)
    return enc.historical_ticks(req_id, mids, True)


@handles("reqHistoricalTicks")
def req_historical_ticks(s: Session, req: Incoming) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    it = _resolve(s, req_id, _contract(req))
    if it is None:
        return
    kind = {"TRADES": 2, "BID_ASK": 3, "MIDPOINT": 4}.get(m.whatToShow)
    if kind is None:
        s.error(req_id, 162, f"Historical Market Data Service error message:invalid what to show: {m.whatToShow}")
        return
    n = max(1, min(int(m.numberOfTicks) or 1000, 1000))
    s.send(_historical_ticks(s, req_id, it, kind, n))


@handles("reqHistogramData")
def req_histogram_data(s: Session, req: Incoming) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    it = _resolve(s, req_id, _contract(req))
    if it is None:
        return
    rng = random.Random(f"{s.sim.market.seed}:{it.con_id}:histogram:{m.timePeriod}")
    tick = max(it.details.minTick, round(it.price * 0.001, 2))
    items = []
    for k in range(-10, 11):
        h = HistogramData()
        h.price = round(it.price + k * tick, 4)
        h.size = Decimal(int(1000 * math.exp(-k * k / 30)) + rng.randint(0, 100))
        items.append(h)
    s.send(s.enc_.histogram(req_id, items))


def schedule(s: Session, req_id: int, it: Instrument) -> bytes:
    sessions = []
    for part in it.details.liquidHours.split(";"):
        day, _, span = part.partition(":")
        start, _, end = span.partition("-")
        hs = HistoricalSession()
        hs.startDateTime = f"{day}-{start[:2]}:{start[2:]}:00"
        end_day, _, end_time = end.partition(":") if ":" in end else (day, "", end)
        hs.endDateTime = f"{end_day}-{end_time[:2]}:{end_time[2:]}:00"
        hs.refDate = day
        sessions.append(hs)
    return s.enc_.historical_schedule(req_id, sessions[0].startDateTime, sessions[-1].endDateTime,
                                      it.details.timeZoneId, sessions)


# --- search, scanners, news, P&L --------------------------------------------------------------------------------


@handles("reqMatchingSymbols")
def req_matching_symbols(s: Session, req: Incoming) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    pattern = (m.pattern or "").upper()
    seen: dict[tuple[str, str], ContractDescription] = {}
    for it in s.sim.catalog.items.values():
        c = it.contract
        if c.secType not in ("STK", "CASH", "IND", "CRYPTO") or not (c.symbol.startswith(pattern) or pattern in it.details.longName):
            continue
        key = (c.symbol, c.secType)
        if key in seen:
            continue
        d = ContractDescription()
        d.contract.conId, d.contract.symbol, d.contract.secType = c.conId, c.symbol, c.secType
        d.contract.primaryExchange, d.contract.currency = c.primaryExchange or c.exchange, c.currency
        d.derivativeSecTypes = sorted({x.contract.secType for x in s.sim.catalog.items.values()
                                       if x.details.underConId == c.conId}) or []
        d.contract.description = it.details.longName
        seen[key] = d
    s.send(s.enc_.symbol_samples(req_id, list(seen.values())[:16]))


SCANNER_XML = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ScanParameterResponse><InstrumentList>"
               "<Instrument><name>US Stocks</name><type>STK</type></Instrument></InstrumentList><ScanTypeList>"
               "<ScanType><displayName>Top % Gainers</displayName><scanCode>TOP_PERC_GAIN</scanCode></ScanType>"
               "<ScanType><displayName>Top % Losers</displayName><scanCode>TOP_PERC_LOSE</scanCode></ScanType>"
               "<ScanType><displayName>Most Active</displayName><scanCode>MOST_ACTIVE</scanCode></ScanType>"
               "</ScanTypeList></ScanParameterResponse>")


@handles("reqScannerParameters")
def req_scanner_parameters(s: Session, req: Incoming) -> None:
    s.send(s.enc_.plain(IN.SCANNER_PARAMETERS, SCANNER_XML))


@handles("reqScannerSubscription")
def req_scanner_subscription(s: Session, req: Incoming) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    sub = m.scannerSubscription
    code = (sub.scanCode or "").upper()
    if not code:
        s.error(req_id, 165, "Historical Market Data Service query message:no items retrieved (no scan code)")
        return
    # every scan code ranks the catalogue's stocks: by gain, by loss, or (the rest: volume, activity, ...) by volume
    kind = "TOP_PERC_GAIN" if "GAIN" in code else "TOP_PERC_LOSE" if "LOSE" in code or "LOSS" in code else "MOST_ACTIVE"
    location = (sub.locationCode or "").upper()
    region = "USD" if location.startswith("STK.US") else "EUR" if location.startswith("STK.EU") else ""
    stocks = [it for it in s.sim.catalog.items.values()
              if it.contract.secType == "STK" and (not region or it.contract.currency == region)]

    def change(it: Instrument) -> float:
        q = s.sim.market.quote(it)
        return (q.last - q.close) / q.close

    key = (lambda it: -change(it)) if kind == "TOP_PERC_GAIN" else change if kind == "TOP_PERC_LOSE" else \
        (lambda it: -s.sim.market.quote(it).volume)
    ranked = sorted(stocks, key=key)
    rows = int(sub.numberOfRows) if sub.HasField("numberOfRows") and sub.numberOfRows > 0 else 50
    s.send(s.enc_.scanner_data(req_id, [(i, it.details, "", "", "", "") for i, it in enumerate(ranked[:rows])]))


NEWS_PROVIDERS = [("BRFG", "Briefing.com General Market Columns"), ("BRFUPDN", "Briefing.com Analyst Actions"),
                  ("DJNL", "Dow Jones Newsletters")]


@handles("reqNewsProviders")
def req_news_providers(s: Session, req: Incoming) -> None:
    s.send(s.enc_.news_providers(NEWS_PROVIDERS))


@handles("reqNewsBulletins")
def req_news_bulletins(s: Session, req: Incoming) -> None:
    s.send(s.enc_.plain(IN.NEWS_BULLETINS, 1, 1, "Simulated exchange notice: all markets open", "SIM"))


@handles("reqHistoricalNews")
def req_historical_news(s: Session, req: Incoming) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    n = min(int(m.totalResults) or 10, 20)
    data = b""
    today = s.sim.now().date()
    for i in range(n):
        day = today - _dt.timedelta(days=i // 5)
        data += s.enc_.bare(IN.HISTORICAL_NEWS, req_id, f"{day:%Y-%m-%d} 1{i % 10}:00:00.0", "BRFG",
                            f"BRFG$SIM{i:04d}", f"Simulated headline {i} for contract {m.conId}")
    s.send(data + s.enc_.bare(IN.HISTORICAL_NEWS_END, req_id, 0))


def tick_news(s: Session, req_id: int, it: Instrument, providers: list[str]) -> bytes:
    """Three headlines per provider, stamped by the simulator's clock (tickNews)."""
    now = s.now_ms()
    out = b""
    for p in providers:
        for i in range(3):
            out += s.enc_.bare(IN.TICK_NEWS, req_id, now - (3 - i) * 60_000, p, f"{p}$SIM{it.con_id % 100000:05d}{i}",
                               f"Simulated {p} headline {i} on {it.contract.symbol}", "A:800015:L:en:K:n/a:C:0.5")
    return out


@handles("reqNewsArticle")
def req_news_article(s: Session, req: Incoming) -> None:
    m: Any = req.message
    s.send(s.enc_.bare(IN.NEWS_ARTICLE, int(m.reqId), 0, f"Simulated article {m.articleId} from {m.providerCode}."))


@handles("reqPnLSingle")
def req_pnl_single(s: Session, req: Incoming) -> None:
    m: Any = req.message
    req_id = int(m.reqId)
    account = m.account or s.sim.accounts[0]
    if account not in s.sim.accounts:
        s.error(req_id, 321, f"Error validating request.-'bU' : cause - Invalid account: {account}")
        return
    s.pnl_single[req_id] = (account, int(m.conId))
    s.send(_pnl_single(s, req_id))


@handles("cancelPnLSingle")
def cancel_pnl_single(s: Session, req: Incoming) -> None:
    s.pnl_single.pop(int(req.message.reqId), None)  # type: ignore[union-attr]


def _pnl_single(s: Session, req_id: int) -> bytes:
    account, con_id = s.pnl_single[req_id]
    b = s.sim.broker
    p = b.positions.get((account, con_id))
    if p is None or not p.qty:
        return s.enc_.pnl_single(req_id, Decimal(0), 0.0, 0.0, p.realized if p else 0.0, 0.0)
    _, value, unreal = b.position_value(p)
    return s.enc_.pnl_single(req_id, p.qty, unreal + p.realized, unreal, p.realized, value)


# --- feeding the streams -----------------------------------------------------------------------------------


def feed(sim: Simulator, s: Session) -> bytes:
    """This session's stream updates after a market tick."""
    enc = s.enc_
    now = s.now_ms() // 1000
    data = b""
    for req_id in list(s.depth):
        data += _depth_updates(s, req_id)
    for req_id, (con_id, kind) in list(s.tbt.items()):
        q = sim.market.quotes[con_id]
        if kind in (1, 2):
            data += enc.tick_by_tick_last(req_id, kind, now, q.last, Decimal(q.last_size), False, False, "ISLAND", "")
        elif kind == 3:
            data += enc.tick_by_tick_bid_ask(req_id, now, q.bid, q.ask, Decimal(q.bid_size), Decimal(q.ask_size),
                                             False, False)
        else:
            data += enc.tick_by_tick_mid(req_id, now, round((q.bid + q.ask) / 2, 10))
    for req_id, (con_id, bar) in list(s.rtb.items()):
        data += _rtb_move(s, req_id, bar, sim.market.quotes[con_id], now)
    for req_id in list(s.pnl_single):
        data += _pnl_single(s, req_id)
    data += _option_updates(sim, s)
    return data


# --- the rest of the session requests ----------------------------------------------------------------------


@handles("reqFamilyCodes")
def req_family_codes(s: Session, req: Incoming) -> None:
    accounts = s.sim.accounts
    s.send(s.enc_.bare(IN.FAMILY_CODES, len(accounts), *[x for a in accounts for x in (a, "")]))


@handles("reqSoftDollarTiers")
def req_soft_dollar_tiers(s: Session, req: Incoming) -> None:
    s.send(s.enc_.bare(IN.SOFT_DOLLAR_TIERS, int(req.message.reqId), 0))  # type: ignore[union-attr]


@handles("reqSmartComponents")
def req_smart_components(s: Session, req: Incoming) -> None:
    rows = [(1, "ARCA", "P"), (2, "ISLAND", "Q"), (3, "NYSE", "N"), (4, "BATS", "Z")]
    s.send(s.enc_.bare(IN.SMART_COMPONENTS, int(req.message.reqId), len(rows),  # type: ignore[union-attr]
                       *[x for r in rows for x in r]))


@handles("reqMarketRule")
def req_market_rule(s: Session, req: Incoming) -> None:
    rule = int(req.message.marketRuleId)  # type: ignore[union-attr]
    s.send(s.enc_.bare(IN.MARKET_RULE, rule, 1, 0.0, 0.01))


@handles("reqUserInfo")
def req_user_info(s: Session, req: Incoming) -> None:
    s.send(s.enc_.bare(IN.USER_INFO, int(req.message.reqId), ""))  # type: ignore[union-attr]


@handles("reqWshMetaData")
def req_wsh_meta_data(s: Session, req: Incoming) -> None:
    s.send(s.enc_.bare(IN.WSH_META_DATA, int(req.message.reqId), '{"validated":true,"meta_data":{}}'))  # type: ignore[union-attr]


@handles("reqWshEventData")
def req_wsh_event_data(s: Session, req: Incoming) -> None:
    s.send(s.enc_.bare(IN.WSH_EVENT_DATA, int(req.message.reqId), "[]"))  # type: ignore[union-attr]


@handles("requestFA")
def request_fa(s: Session, req: Incoming) -> None:
    kind = int(req.message.faDataType)  # type: ignore[union-attr]
    xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListOfGroups></ListOfGroups>" if kind == 1 else
           "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListOfAccountAliases>" +
           "".join(f"<AccountAlias><account>{a}</account><alias>{a}</alias></AccountAlias>" for a in s.sim.accounts) +
           "</ListOfAccountAliases>")
    s.send(s.enc_.plain(IN.RECEIVE_FA, kind, xml))


@handles("replaceFA")
def replace_fa(s: Session, req: Incoming) -> None:
    s.send(s.enc_.bare(IN.REPLACE_FA_END, int(req.message.reqId), "Success"))  # type: ignore[union-attr]


@handles("queryDisplayGroups")
def query_display_groups(s: Session, req: Incoming) -> None:
    s.send(s.enc_.plain(IN.DISPLAY_GROUP_LIST, int(req.message.reqId), "1|2|3|4|5|6|7"))  # type: ignore[union-attr]


@handles("subscribeToGroupEvents")
def subscribe_to_group_events(s: Session, req: Incoming) -> None:
    s.send(s.enc_.plain(IN.DISPLAY_GROUP_UPDATED, int(req.message.reqId), ""))  # type: ignore[union-attr]


@handles("updateDisplayGroup")
def update_display_group(s: Session, req: Incoming) -> None:
    m: Any = req.message
    s.send(s.enc_.plain(IN.DISPLAY_GROUP_UPDATED, int(m.reqId), m.contractInfo))


@handles("reqConfigProtoBuf")
def req_config(s: Session, req: Incoming) -> None:
    from ..protocol.proto import ConfigResponse_pb2
    from ..protocol.server import proto_message

    m = ConfigResponse_pb2.ConfigResponse()
    m.reqId = int(req.message.reqId)  # type: ignore[union-attr]
    s.send(proto_message(IN.CONFIG_RESPONSE, m))


@handles("updateConfigProtoBuf")
def update_config(s: Session, req: Incoming) -> None:
    from ..protocol.proto import UpdateConfigResponse_pb2
    from ..protocol.server import proto_message

    m = UpdateConfigResponse_pb2.UpdateConfigResponse()
    m.reqId = int(req.message.reqId)  # type: ignore[union-attr]
    m.status = "Success"
    s.send(proto_message(IN.UPDATE_CONFIG_RESPONSE, m))


#: the report the simulator serves when ``Simulator.fundamentals`` is on (written for the tests, not IB's)
FUNDAMENTAL_REPORT = ('<?xml version="1.0" encoding="UTF-8"?><{kind} Major="1" Minor="0" Revision="1">'
                      '<CoIDs><CoID Type="CompanyName">{name}</CoID></CoIDs>'
                      '<Issues><Issue ID="1" Type="C" Desc="Common Stock" Order="1">'
                      '<IssueID Type="Ticker">{symbol}</IssueID><Exchange Code="{exchange}"/></Issue></Issues>'
                      '<Ratios PriceCurrency="{currency}"><Group ID="Price and Volume">'
                      '<Ratio FieldName="NPRICE" Type="N">{price:.2f}</Ratio></Group></Ratios></{kind}>')


@handles("reqFundamentalData")
def req_fundamental_data(s: Session, req: Incoming) -> None:
    # an older client's request (fundamentals are gone from today's API), text or (10.45, server 210+)
    # protobuf: TWS answers that none are available; with ``Simulator.fundamentals`` a test report comes
    m: Any = req.message
    if m is not None:
        req_id = int(m.reqId) if m.HasField("reqId") else NO_VALID_ID
        kind = m.reportType
    else:
        assert req.args is not None
        req_id, kind = int(req.args[0]), str(req.args[2])
    if not s.sim.fundamentals:
        s.error(req_id, 430, "We are sorry, but fundamentals data for the security specified is not available.")
        return
    it = _resolve(s, req_id, _contract(req))
    if it is None:
        return
    c = it.contract
    report = FUNDAMENTAL_REPORT.format(kind=kind or "ReportSnapshot", name=it.details.longName or c.symbol,
                                       symbol=c.symbol, exchange=c.primaryExchange or c.exchange,
                                       currency=c.currency, price=s.sim.market.quote(it).last)
    if m is not None:
        from ..protocol.ids import FUNDAMENTAL_DATA
        from ..protocol.proto import FundamentalsData_pb2
        from ..protocol.server import proto_message

        s.send(proto_message(FUNDAMENTAL_DATA, FundamentalsData_pb2.FundamentalsData(reqId=req_id, data=report)))
    else:
        from ..protocol.ids import FUNDAMENTAL_DATA
        from ..protocol.server import text_message

        s.send(text_message(s.version, FUNDAMENTAL_DATA, 1, req_id, report))


handles("cancelFundamentalData")(lambda s, req: None)


@handles("exerciseOptions")
def exercise_options(s: Session, req: Incoming) -> None:
    m: Any = req.message
    order_id = int(m.orderId)
    if _resolve(s, order_id, _contract(req)) is None:
        return  # an option TWS does not know (or one expired): error 200, as TWS answers
    s.error(order_id, 321, "Error validating request.-'bO' : cause - Option exercise is not simulated")


for _quiet in ("setServerLogLevel", "cancelNewsBulletins", "cancelScannerSubscription", "cancelHeadTimeStamp",
               "cancelHistogramData", "cancelContractData", "cancelHistoricalTicks", "cancelCalculateImpliedVolatility",
               "cancelCalculateOptionPrice", "cancelAccountSummary", "cancelPositionsMulti",
               "cancelWshMetaData", "cancelWshEventData", "unsubscribeFromGroupEvents"):
    # cancels of one-shot answers, and settings: TWS answers nothing
    handles(_quiet)(lambda s, req: None)


@handles("verifyMessage")
@handles("verifyAndAuthMessage")
def verify_message(s: Session, req: Incoming) -> None:
    # API verification is IB-internal: answer as a TWS that does not require it
    kind = IN.VERIFY_COMPLETED if req.name == "verifyMessage" else IN.VERIFY_AND_AUTH_COMPLETED
    s.send(s.enc_.plain(kind, "false", "API verification is not required by the simulator"))
