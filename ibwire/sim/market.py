"""The simulator's market: prices that move, a book per instrument, and history.

Deterministic given the seed: every instrument's path is a random walk drawn
from its own generator (seed, conId), advanced one step per market tick. The
book (sortedcontainers) holds five levels a side around the current price;
orders trade against it, so a big order walks the book and fills partially.
History is generated backwards from the reference price with the same kind
of walk, seeded per (instrument, bar size, what to show), so a repeated
request returns the same bars.
"""

from __future__ import annotations

import datetime as _dt
import math
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

from sortedcontainers import SortedDict  # type: ignore[import-untyped]

from ..model import BarData
from .catalog import Instrument

__all__ = ["Quote", "Market", "BAR_SECONDS", "parse_duration", "HistoryError"]


class HistoryError(ValueError):
    """A historical request TWS would reject (error 321/162 text)."""


BAR_SECONDS = {
    "1 secs": 1, "5 secs": 5, "10 secs": 10, "15 secs": 15, "30 secs": 30, "1 min": 60, "2 mins": 120,
    "3 mins": 180, "5 mins": 300, "10 mins": 600, "15 mins": 900, "20 mins": 1200, "30 mins": 1800,
    "1 hour": 3600, "2 hours": 7200, "3 hours": 10800, "4 hours": 14400, "8 hours": 28800, "1 day": 86400,
    "1 week": 604800, "1 month": 2592000,
}
_DURATION_UNIT = {"S": 1, "D": 86400, "W": 604800, "M": 2592000, "Y": 31536000}
WHAT_TO_SHOW = ("TRADES", "MIDPOINT", "BID", "ASK", "BID_ASK", "HISTORICAL_VOLATILITY", "OPTION_IMPLIED_VOLATILITY",
                "ADJUSTED_LAST", "FEE_RATE", "YIELD_BID", "YIELD_ASK", "YIELD_BID_ASK", "YIELD_LAST", "SCHEDULE",
                "AGGTRADES")


def parse_duration(text: str) -> int:
    m = re.fullmatch(r"\s*(\d+)\s+([SDWMY])\s*", text)
    if not m:
        raise HistoryError(f"Historical Market Data Service error message:invalid duration: {text!r}")
    return int(m.group(1)) * _DURATION_UNIT[m.group(2)]


@dataclass
class Quote:
    """The top of book and the day's trading of one instrument."""

    bid: float
    ask: float
    last: float
    bid_size: int
    ask_size: int
    last_size: int
    volume: int
    high: float
    low: float
    close: float
    open: float
    bids: SortedDict = field(default_factory=SortedDict)  # price -> size, best = last key
    asks: SortedDict = field(default_factory=SortedDict)  # price -> size, best = first key


def _round(price: float, tick: float) -> float:
    return round(round(price / tick) * tick, 10)


class Market:
    """Prices and books of every instrument the session touches (created on first use)."""

    def __init__(self, seed: int = 1) -> None:
        self.seed = seed
        self.quotes: dict[int, Quote] = {}
        self._rng: dict[int, random.Random] = {}
        self._inst: dict[int, Instrument] = {}

    def quote(self, it: Instrument) -> Quote:
        q = self.quotes.get(it.con_id)
        if q is None:
            self._inst[it.con_id] = it
            self._rng[it.con_id] = random.Random(self.seed * 1_000_003 + it.con_id)
            tick = it.details.minTick or 0.01
            p = _round(it.price, tick)
            q = Quote(bid=p - tick, ask=p + tick, last=p, bid_size=300, ask_size=300, last_size=100, volume=0,
                      high=p, low=p, close=_round(it.price * 0.995, tick), open=_round(it.price * 0.998, tick))
            self.quotes[it.con_id] = q
            self._rebook(it, q)
        return q

    def _rebook(self, it: Instrument, q: Quote) -> None:
        tick = it.details.minTick or 0.01
        rng = self._rng[it.con_id]
        q.bids.clear()
        q.asks.clear()
        for lvl in range(5):
            q.bids[_round(q.bid - lvl * tick, tick)] = 100 * rng.randint(1, 8)
            q.asks[_round(q.ask + lvl * tick, tick)] = 100 * rng.randint(1, 8)
        q.bid_size = q.bids[q.bids.keys()[-1]]
        q.ask_size = q.asks[q.asks.keys()[0]]

    def step(self, con_id: int) -> Quote:
        """One market tick of ``con_id``: the price walks, a trade prints, the book refreshes."""
        it = self._inst[con_id]
        q = self.quotes[con_id]
        rng = self._rng[con_id]
        tick = it.details.minTick or 0.01
        vol = max(tick, it.price * 0.0004)
        mid = (q.bid + q.ask) / 2 + rng.gauss(0, vol)
        # drift back to the reference price keeps long runs in a sane range
        mid += (it.price - mid) * 0.002
        spread = tick * rng.choice((1, 1, 1, 2))
        q.bid = _round(mid - spread / 2, tick)
        q.ask = max(_round(mid + spread / 2, tick), _round(q.bid + tick, tick))
        q.last = q.bid if rng.random() < 0.5 else q.ask
        q.last_size = 100 * rng.randint(1, 5)
        q.volume += q.last_size
        q.high = max(q.high, q.last)
        q.low = min(q.low, q.last)
        self._rebook(it, q)
        return q

    def take(self, it: Instrument, side: str, qty: Decimal, limit: float | None) -> list[tuple[Decimal, float]]:
        """Trade up to ``qty`` against the book (BUY lifts asks), no worse than ``limit``: the fills."""
        q = self.quote(it)
        book = q.asks if side == "BUY" else q.bids
        fills: list[tuple[Decimal, float]] = []
        left = qty
        prices = list(book.keys()) if side == "BUY" else list(reversed(book.keys()))
        for price in prices:
            if left <= 0:
                break
            if limit is not None and ((side == "BUY" and price > limit + 1e-9) or (side != "BUY" and price < limit - 1e-9)):
                break
            avail = Decimal(book[price])
            n = min(left, avail)
            fills.append((n, price))
            left -= n
            if n == avail:
                del book[price]
            else:
                book[price] = int(avail - n)
        if fills:
            q.last, q.last_size = fills[-1][1], int(fills[-1][0])
            q.volume += int(sum(n for n, _ in fills))
        return fills

    # --- history -------------------------------------------------------------------------------

    def bars(self, it: Instrument, end: _dt.datetime, duration: str, bar_size: str, what: str,
             use_rth: bool, date_format: int) -> list[BarData]:
        """Bars ending at ``end`` (UTC), newest last; reproducible for the same request."""
        if bar_size not in BAR_SECONDS:
            raise HistoryError(f"Historical Market Data Service error message:invalid bar size: {bar_size!r}")
        if what not in WHAT_TO_SHOW:
            raise HistoryError(f"Historical Market Data Service error message:invalid what to show: {what!r}")
        span = parse_duration(duration)
        step = BAR_SECONDS[bar_size]
        n = span // step if step < 86400 else max(1, span // 86400 * 5 // 7 if step == 86400 else span // step)
        if n < 1:
            raise HistoryError("Historical Market Data Service error message:duration shorter than the bar size")
        if n > 200_000:
            raise HistoryError("Historical Market Data Service error message:Historical data request for too many bars")
        rng = random.Random(f"{self.seed}:{it.con_id}:{bar_size}:{what}:{use_rth}")
        tick = it.details.minTick or 0.01
        vol = max(tick, it.price * 0.001 * math.sqrt(step / 60))
        # walk backwards from the reference price so the newest bar is near it
        closes = [it.price]
        for _ in range(n - 1):
            closes.append(max(tick, closes[-1] + rng.gauss(0, vol)))
        closes.reverse()
        bars: list[BarData] = []
        t = end.replace(microsecond=0)
        if step >= 86400:
            t = t.replace(hour=0, minute=0, second=0)
        else:
            # bars start on their size's boundary, the last one being the bar in progress
            t -= _dt.timedelta(seconds=int(t.timestamp()) % step)
        times: list[_dt.datetime] = []
        while len(times) < n:
            if step == 86400 and t.weekday() >= 5:
                t -= _dt.timedelta(days=1)
                continue
            times.append(t)
            t -= _dt.timedelta(seconds=step if step != 86400 else 86400)
        times.reverse()
        for when, close in zip(times, closes):
            o = _round(close + rng.gauss(0, vol / 2), tick)
            c = _round(close, tick)
            b = BarData()
            b.date = _stamp(when, step, date_format)
            b.open, b.close = o, c
            b.high = _round(max(o, c) + abs(rng.gauss(0, vol / 2)), tick)
            b.low = _round(min(o, c) - abs(rng.gauss(0, vol / 2)), tick)
            if what in ("MIDPOINT", "BID", "ASK", "BID_ASK"):
                b.volume, b.wap, b.barCount = Decimal(-1), Decimal(-1), -1
            else:
                b.volume = Decimal(100 * rng.randint(10, 500))
                b.wap = Decimal(str(_round((o + c) / 2, tick / 10)))
                b.barCount = rng.randint(5, 200)
            bars.append(b)
        return bars


def _stamp(t: _dt.datetime, step: int, date_format: int) -> str:
    if step >= 86400:
        return t.strftime("%Y%m%d")
    if date_format == 2:
        return str(int(t.replace(tzinfo=_dt.timezone.utc).timestamp()))
    return t.strftime("%Y%m%d %H:%M:%S") + " UTC"
