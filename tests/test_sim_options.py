"""The simulator's options: their quotes sit around the model price the same tick stream reports (tick 13),
move with the underlying, fill there, and their history follows the underlying's.

Seen through the facade (``IB``), against a simulator whose market moves only when the test steps it and
whose clock is pinned (the chain's expiries count from its day).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections import defaultdict
from typing import Any

import pytest

from conftest import wait_until
from ibwire import IB, Contract, MarketOrder, Ticker
from ibwire.sim import Simulator
from ibwire.sim.catalog import RATE, Instrument

UTC = _dt.timezone.utc
NOW = _dt.datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
#: the end of the pinned day's regular session (16:00 in New York)
END = "20261124 21:00:00 UTC"
#: the widest spread an option is quoted with, in ticks of its minTick
MAX_SPREAD_TICKS = 6


@pytest.fixture
def sim() -> Any:
    with Simulator(tick_interval=None, clock=lambda: NOW) as s:
        s.max_rate = 1_000_000  # the client paces itself
        yield s


@pytest.fixture
def ib(sim: Simulator) -> Any:
    ib = IB()
    ib.RequestTimeout = 20
    ib.connect("127.0.0.1", sim.port, clientId=3)
    yield ib
    ib.disconnect()


def chain(sim: Simulator, symbol: str, sec_type: str = "OPT", trading_class: str = "") -> list[Instrument]:
    return sorted((it for it in sim.catalog.items.values()
                   if it.contract.symbol == symbol and it.contract.secType == sec_type
                   and (not trading_class or it.contract.tradingClass == trading_class)),
                  key=lambda it: (it.contract.lastTradeDateOrContractMonth, it.contract.strike, it.contract.right))


def pick(options: list[Instrument], expiries: int) -> list[Instrument]:
    """Both rights of every third strike of the first ``expiries`` expiries."""
    dates = sorted({it.contract.lastTradeDateOrContractMonth for it in options})[:expiries]
    out = []
    for d in dates:
        strikes = sorted({it.contract.strike for it in options if it.contract.lastTradeDateOrContractMonth == d})
        keep = set(strikes[::3])
        out += [it for it in options if it.contract.lastTradeDateOrContractMonth == d and it.contract.strike in keep]
    return out


def contract_of(it: Instrument) -> Contract:
    c = Contract()
    c.conId, c.exchange = it.con_id, it.contract.exchange
    return c


def tickers_by_con_id(ib: IB, its: list[Instrument]) -> dict[int, Ticker]:
    contracts = [contract_of(it) for it in its]
    assert all(ib.qualifyContracts(*contracts))
    return {t.contract.conId: t for t in ib.reqTickers(*contracts) if t.contract is not None}


def assert_quoted_around_the_model(t: Ticker, it: Instrument) -> float:
    """bid <= model <= ask a few ticks apart, the last trade between them, ticks 10-12 priced at bid, ask and
    last: the model price."""
    tick = it.details.minTick
    name = it.contract.localSymbol
    m = t.modelGreeks
    assert m is not None and m.optPrice is not None and m.undPrice is not None, (name, t)
    model = m.optPrice
    assert 0 <= t.bid <= model <= t.ask, (name, t.bid, model, t.ask)
    assert tick <= t.ask - t.bid <= MAX_SPREAD_TICKS * tick + 1e-9, (name, t.bid, t.ask)
    assert t.bid <= t.last <= t.ask, (name, t.bid, t.last, t.ask)
    for greeks, price in ((t.bidGreeks, t.bid), (t.askGreeks, t.ask), (t.lastGreeks, t.last)):
        assert greeks is not None and greeks.optPrice == pytest.approx(price), (name, greeks, price)
    # the model's own numbers are an option's: its volatility and greeks
    assert m.impliedVol is not None and 0 < m.impliedVol < 1 and m.gamma is not None and m.gamma > 0, (name, m)
    assert m.delta is not None and ((0 < m.delta < 1) if it.contract.right == "C" else (-1 < m.delta < 0)), (name, m)
    return model


def test_quotes_sit_around_the_model_price_for_every_kind_of_option(sim: Simulator, ib: IB) -> None:
    options = (pick(chain(sim, "AAPL"), 3) + pick(chain(sim, "SPY"), 1) + pick(chain(sim, "MSFT"), 1)
               + pick(chain(sim, "SPX"), 1) + pick(chain(sim, "ES", "FOP"), 1) + pick(chain(sim, "GBL", "FOP"), 1))
    assert len(options) == 3 * 5 * 2 + 5 * 5 * 2
    for _ in range(2):  # and again once the market moved
        tickers = tickers_by_con_id(ib, options)
        assert set(tickers) == {it.con_id for it in options}
        for it in options:
            assert_quoted_around_the_model(tickers[it.con_id], it)
        sim.step(7)


def test_the_cookbooks_put_is_quoted_at_its_model_price(sim: Simulator, ib: IB) -> None:
    # the report that started this: the AAPL 220 put of the first expiry quoted 4.67 bid on a model of 2.03
    (put,) = [it for it in chain(sim, "AAPL") if it.contract.strike == 220 and it.contract.right == "P"
              and it.contract.lastTradeDateOrContractMonth == "20261218"]
    t = tickers_by_con_id(ib, [put])[put.con_id]
    model = assert_quoted_around_the_model(t, put)
    assert abs((t.bid + t.ask) / 2 - model) <= 3 * put.details.minTick
    # priced on the underlying's last price
    assert t.modelGreeks is not None and t.modelGreeks.undPrice == sim.market.quotes[265598].last


def test_prices_across_strikes_expiries_and_rights_are_coherent(sim: Simulator, ib: IB) -> None:
    options = chain(sim, "AAPL")
    tickers = tickers_by_con_id(ib, options)
    by_expiry: dict[str, dict[str, list[tuple[float, float, float]]]] = defaultdict(lambda: defaultdict(list))
    for it in options:
        t = tickers[it.con_id]
        model = assert_quoted_around_the_model(t, it)
        by_expiry[it.contract.lastTradeDateOrContractMonth][it.contract.right].append(
            (it.contract.strike, model, (t.bid + t.ask) / 2))
    assert len(by_expiry) == 3
    for expiry, rights in by_expiry.items():
        calls, puts = sorted(rights["C"]), sorted(rights["P"])
        assert len(calls) == len(puts) == 13
        # a call is worth less the higher its strike, a put more; the quotes' midpoints agree
        assert all(a[1] > b[1] for a, b in zip(calls, calls[1:])), calls
        assert all(a[1] < b[1] for a, b in zip(puts, puts[1:])), puts
        assert all(a[2] >= b[2] for a, b in zip(calls, calls[1:])), calls
        assert all(a[2] <= b[2] for a, b in zip(puts, puts[1:])), puts
        # put-call parity of the model (European, no dividends): C - P = S - K exp(-rT)
        spot = sim.market.quotes[265598].last
        years = max(1, (_dt.date(int(expiry[:4]), int(expiry[4:6]), int(expiry[6:])) - NOW.date()).days) / 365
        for (k, c, _), (k2, p, _) in zip(calls, puts):
            assert k == k2
            assert c - p == pytest.approx(spot - k * math.exp(-RATE * years), abs=2e-4), (expiry, k, c, p)
            # and no quote allows a riskless profit beyond the spread: bids under the intrinsic value's bound
            assert c >= max(0.0, spot - k) - 0.01 * spot and p >= 0
    # the same strike is worth more with more time to expiry (calls)
    expiries = sorted(by_expiry)
    for near, far in zip(expiries, expiries[1:]):
        for (k, c_near, _), (k2, c_far, _) in zip(sorted(by_expiry[near]["C"]), sorted(by_expiry[far]["C"])):
            assert k == k2 and c_far > c_near, (k, near, c_near, far, c_far)


def mid(t: Ticker) -> float:
    return (t.bid + t.ask) / 2


def test_option_quotes_move_with_the_underlying(sim: Simulator, ib: IB) -> None:
    aapl = sim.catalog.items[265598]
    near = [it for it in chain(sim, "AAPL") if it.contract.lastTradeDateOrContractMonth == "20261218"
            and it.contract.strike == 230]
    call, put = sorted(near, key=lambda it: it.contract.right)
    assert (call.contract.right, put.contract.right) == ("C", "P")
    contracts = [contract_of(it) for it in (aapl, call, put)]
    assert all(ib.qualifyContracts(*contracts))
    und_t, call_t, put_t = (ib.reqMktData(c) for c in contracts)

    def delivered() -> bool:
        with sim.lock:
            if not all(it.con_id in sim.market.quotes for it in (aapl, call, put)):
                return False  # not subscribed yet
            q, c, p = (sim.market.quotes[it.con_id] for it in (aapl, call, put))
        m = call_t.modelGreeks
        return (und_t.last, call_t.bid, call_t.ask, put_t.bid, put_t.ask) == (q.last, c.bid, c.ask, p.bid, p.ask) \
            and m is not None and m.undPrice == q.last

    wait_until(delivered, 10, "the first quotes")
    for direction in (+1, -1):
        start = und_t.last
        before = (mid(call_t), mid(put_t), call_t.modelGreeks.optPrice if call_t.modelGreeks else None)
        for _ in range(5000):  # the walk is seeded: the same steps every run
            sim.step()
            if direction * (sim.market.quotes[aapl.con_id].last - start) > 1.0:
                break
        else:
            pytest.fail(f"AAPL did not move by a dollar {'up' if direction > 0 else 'down'} from {start}")
        wait_until(delivered, 10, "the quotes after the move")
        moved = und_t.last - start
        assert direction * moved > 1.0
        # a call gains with its underlying, a put loses (by about its delta: 0.5 at the money)
        assert direction * (mid(call_t) - before[0]) > 0.3, (moved, before, mid(call_t))
        assert direction * (mid(put_t) - before[1]) < -0.3, (moved, before, mid(put_t))
        # the stream's model computations moved too, and the quotes still sit around them
        assert before[2] is not None and call_t.modelGreeks is not None and call_t.modelGreeks.optPrice is not None
        assert direction * (call_t.modelGreeks.optPrice - before[2]) > 0.3
        assert_quoted_around_the_model(call_t, call)
        assert_quoted_around_the_model(put_t, put)


def test_option_orders_fill_around_the_model_price(sim: Simulator, ib: IB) -> None:
    options = [it for it in chain(sim, "AAPL") if it.contract.lastTradeDateOrContractMonth == "20261218"
               and it.contract.strike in (220, 235)]
    tickers = tickers_by_con_id(ib, options)
    for it in options:
        t = tickers[it.con_id]
        assert t.modelGreeks is not None and t.modelGreeks.optPrice is not None
        model = t.modelGreeks.optPrice
        tick = it.details.minTick
        for action in ("BUY", "SELL"):
            trade = ib.placeOrder(contract_of(it), MarketOrder(action, 1))
            wait_until(trade.isDone, 10, lambda: f"order: {trade.log}")
            assert trade.orderStatus.status == "Filled", trade.log
            price = trade.orderStatus.avgFillPrice
            # a buy lifts the ask, a sell hits the bid: both a few ticks from the model price
            assert abs(price - model) <= MAX_SPREAD_TICKS * tick + 1e-9, (it.contract.localSymbol, action, price, model)
            assert (price >= model) if action == "BUY" else (price <= model), (action, price, model)


def test_option_history_is_the_model_on_the_underlyings_history(sim: Simulator, ib: IB) -> None:
    near = [it for it in chain(sim, "AAPL") if it.contract.lastTradeDateOrContractMonth == "20261218"
            and it.contract.strike == 230]
    und = contract_of(sim.catalog.items[265598])
    ib.qualifyContracts(und)
    und_bars = ib.reqHistoricalData(und, END, "1 D", "30 mins", "TRADES", True)
    assert len(und_bars) == 13
    for it in near:
        c = contract_of(it)
        ib.qualifyContracts(c)
        series = {what: ib.reqHistoricalData(c, END, "1 D", "30 mins", what, True) for what in ("TRADES", "BID", "ASK")}
        trades = series["TRADES"]
        assert [b.date for b in trades] == [b.date for b in und_bars]
        for b in trades:
            assert b.low <= min(b.open, b.close) <= max(b.open, b.close) <= b.high and b.low > 0
        # within a day the option's price is a function of its underlying's: a call rises with it, a put falls
        pairs = sorted(zip((b.close for b in und_bars), (b.close for b in trades)))
        rises = [b2 - b1 for (_, b1), (_, b2) in zip(pairs, pairs[1:])]
        assert all(r >= 0 for r in rises) if it.contract.right == "C" else all(r <= 0 for r in rises), pairs
        assert max(abs(r) for r in rises) > 0
        for b, bid, ask in zip(trades, series["BID"], series["ASK"]):
            assert bid.close < b.close < ask.close, (bid.close, b.close, ask.close)
