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
import itertools
import math
import random
import re
import zoneinfo
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
        self._blocks: dict[tuple[int, str, str, int], tuple[float, float, list[float], list[int]]] = {}
        #: underlying conId -> the conIds of its options that have a quote (repriced when it moves)
        self._derived: dict[int, list[int]] = {}
        #: option conId -> its current half spread in ticks
        self._half: dict[int, int] = {}

    def quote(self, it: Instrument) -> Quote:
        q = self.quotes.get(it.con_id)
        if q is None:
            if it.option is not None:
                return self._option_quote(it)
            self._inst[it.con_id] = it
            self._rng[it.con_id] = random.Random(self.seed * 1_000_003 + it.con_id)
            tick = it.details.minTick or 0.01
            p = _round(it.price, tick)
            q = Quote(bid=p - tick, ask=p + tick, last=p, bid_size=300, ask_size=300, last_size=100, volume=0,
                      high=p, low=p, close=_round(it.price * 0.995, tick), open=_round(it.price * 0.998, tick))
            self.quotes[it.con_id] = q
            self._rebook(it, q)
        return q

    # --- options: quotes around the model price on the underlying's price ---------------------------

    def model_price(self, it: Instrument) -> float:
        """The option's model price on its underlying's current (last) price."""
        assert it.option is not None
        return it.option.price(self.quote(it.option.under).last)

    def _option_quote(self, it: Instrument) -> Quote:
        assert it.option is not None
        under = self.quote(it.option.under)  # the underlying now moves with the market clock too
        self._inst[it.con_id] = it
        self._rng[it.con_id] = random.Random(self.seed * 1_000_003 + it.con_id)
        self._half[it.con_id] = 1
        tick = it.details.minTick or 0.01
        close = max(0.0, _round(it.option.price(under.close), tick))
        opened = max(0.0, _round(it.option.price(under.open), tick))
        q = Quote(bid=0.0, ask=0.0, last=0.0, bid_size=0, ask_size=0, last_size=1, volume=0, high=0.0, low=0.0,
                  close=close, open=opened)
        self.quotes[it.con_id] = q
        self._derived.setdefault(it.option.under.con_id, []).append(it.con_id)
        self._reprice(it, q)
        q.last = max(q.bid, min(q.ask, _round(self.model_price(it), tick)))
        q.high = q.low = q.last
        return q

    def _reprice(self, it: Instrument, q: Quote) -> None:
        """Bid and ask around the model price (a few ticks apart, bid <= model <= ask), a last trade that
        stays on its side of the market, and a fresh book."""
        tick = it.details.minTick or 0.01
        model = self.model_price(it)
        half = self._half[it.con_id] * tick / 2
        bid = math.floor(round((model - half) / tick, 6)) * tick
        ask = math.ceil(round((model + half) / tick, 6)) * tick
        was_ask = q.last > 0 and q.last >= (q.bid + q.ask) / 2
        q.bid = max(0.0, round(bid, 10))
        q.ask = max(round(ask, 10), _round(q.bid + tick, tick))
        if q.last > 0:
            q.last = q.ask if was_ask else q.bid
        self._rebook(it, q)

    def _reprice_derived(self, con_id: int) -> None:
        for opt in self._derived.get(con_id, ()):
            self._reprice(self._inst[opt], self.quotes[opt])

    def _rebook(self, it: Instrument, q: Quote) -> None:
        tick = it.details.minTick or 0.01
        rng = self._rng[it.con_id]
        q.bids.clear()
        q.asks.clear()
        for lvl in range(5):
            bid = _round(q.bid - lvl * tick, tick)
            size = 100 * rng.randint(1, 8)
            if bid > 0:  # an option worth (next to) nothing has no bid
                q.bids[bid] = size
            q.asks[_round(q.ask + lvl * tick, tick)] = 100 * rng.randint(1, 8)
        q.bid_size = q.bids[q.bids.keys()[-1]] if q.bids else 0
        q.ask_size = q.asks[q.asks.keys()[0]]

    def step(self, con_id: int) -> Quote:
        """One market tick of ``con_id``: the price walks, a trade prints, the book refreshes. An option's
        quote follows its model on the underlying's price instead of a walk of its own; a move of an
        underlying reprices its options."""
        it = self._inst[con_id]
        q = self.quotes[con_id]
        rng = self._rng[con_id]
        tick = it.details.minTick or 0.01
        if it.option is not None:
            self._half[con_id] = rng.choice((1, 2, 2, 3, 4))
            self._reprice(it, q)
            q.last = q.bid if q.bid > 0 and rng.random() < 0.5 else q.ask
            q.last_size = rng.randint(1, 10)
            q.volume += q.last_size
            q.high = max(q.high, q.last)
            q.low = min(q.low, q.last)
            return q
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
        self._reprice_derived(con_id)
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
            self._reprice_derived(it.con_id)  # a trade in the underlying moves its options' model price
        return fills

    # --- history -------------------------------------------------------------------------------

    def bars(self, it: Instrument, end: _dt.datetime, duration: str, bar_size: str, what: str,
             use_rth: bool, date_format: int, live: bool = False) -> list[BarData]:
        """Bars ending at ``end`` (UTC), oldest first: those that start before ``end`` (``live``: ``end`` is
        now, and the bar in progress is included).

        A bar is a function of (seed, instrument, bar size, what to show, its start time) only, so two
        requests that both cover a time give the same bar for it, and adjacent windows tile without
        overlap. ``use_rth`` keeps intraday bars to the instrument's regular hours (its liquid hours in its
        time zone, Monday to Friday; the first bar of a session starts at the session's start, e.g. 09:30
        for US stocks, then on the bar size's grid). Durations: ``S``, ``W`` (7 days), ``M`` (30 days),
        ``Y`` (365 days) are spans of time; ``D`` is 24 hours, but with ``use_rth`` on intraday bars
        ``N D`` is the last N sessions begun before ``end`` (as TWS counts trading days). Daily bars are
        weekdays, weekly ones start on Mondays, monthly ones on the 1st.
        """
        if bar_size not in BAR_SECONDS:
            raise HistoryError(f"Historical Market Data Service error message:invalid bar size: {bar_size!r}")
        if what not in WHAT_TO_SHOW:
            raise HistoryError(f"Historical Market Data Service error message:invalid what to show: {what!r}")
        span = parse_duration(duration)
        step = BAR_SECONDS[bar_size]
        end = end.astimezone(_dt.timezone.utc).replace(microsecond=0)
        e = int(end.timestamp())
        if step < 86400:
            if use_rth:
                slots = self._rth_slots(it, end, duration, span, step, live)
            else:
                if span < step:
                    raise HistoryError("Historical Market Data Service error message:duration shorter than the bar size")
                last = e // step if live else (e - 1) // step
                n = span // step
                if n > 200_000:
                    raise HistoryError("Historical Market Data Service error message:"
                                       "Historical data request for too many bars")
                slots = [(k, k * step) for k in range(last - n + 1, last + 1)]
        else:
            slots = self._day_slots(end, span, step, live)
        if len(slots) > 200_000:
            raise HistoryError("Historical Market Data Service error message:Historical data request for too many bars")
        tick = it.details.minTick or 0.01
        out: list[BarData] = []
        for k, t in slots:
            o, h, lo, c, volume, count = self._bar(it, bar_size, what, step, k, t)
            b = BarData()
            b.date = str(t) if step < 86400 and date_format == 2 else \
                _stamp(_dt.datetime.fromtimestamp(t, _dt.timezone.utc), step, date_format)
            b.open, b.high, b.low, b.close = o, h, lo, c
            if what in ("MIDPOINT", "BID", "ASK", "BID_ASK"):
                b.volume, b.wap, b.barCount = Decimal(-1), Decimal(-1), -1
            else:
                b.volume = Decimal(volume)
                b.wap = Decimal(str(_round((o + c) / 2, tick / 10)))
                b.barCount = count
            out.append(b)
        return out

    def _rth_slots(self, it: Instrument, end: _dt.datetime, duration: str, span: int, step: int,
                   live: bool) -> list[tuple[int, int]]:
        """(grid index, start) of the regular-hours bars in the window, oldest first."""
        zone, (sh, sm), (eh, em), overnight, every_day = _session_spec(it)
        e = int(end.timestamp())
        by_sessions = duration.strip().upper().endswith("D")
        want = span // 86400 if by_sessions else 0
        lo = e - span
        day = end.astimezone(zone).date() + _dt.timedelta(days=1)
        sessions: list[list[tuple[int, int]]] = []
        for _ in range(40_000):
            if not every_day and day.weekday() >= 5:
                day -= _dt.timedelta(days=1)
                continue
            first = day - _dt.timedelta(days=1) if overnight else day
            s0 = int(_dt.datetime(first.year, first.month, first.day, sh, sm, tzinfo=zone).timestamp())
            s1 = int(_dt.datetime(day.year, day.month, day.day, eh, em, tzinfo=zone).timestamp())
            if s1 <= s0:
                s1 += 86400
            day -= _dt.timedelta(days=1)
            if by_sessions:
                if len(sessions) >= want:
                    break
                if not (s0 < e or (live and s0 == e)):
                    continue  # not begun by the end
            elif s1 <= lo:
                break
            midnight = int(_dt.datetime(first.year, first.month, first.day, tzinfo=zone).timestamp())
            starts = [s0, *range(s0 + step - (s0 - midnight) % step, s1, step)]
            sessions.append([(t // step, t) for t in starts
                             if (t <= e if live else t < e) and (by_sessions or t >= lo)])
        return [slot for bars in reversed(sessions) for slot in bars]

    def _day_slots(self, end: _dt.datetime, span: int, step: int, live: bool) -> list[tuple[int, int]]:
        """(index, start) of daily (weekdays), weekly (Mondays) or monthly (1sts) bars, oldest first."""
        def before(d: _dt.date) -> bool:
            t = _dt.datetime(d.year, d.month, d.day, tzinfo=_dt.timezone.utc)
            return t <= end if live else t < end

        n = max(1, span // 86400 * 5 // 7) if step == 86400 else max(1, span // step)
        out: list[tuple[int, int]] = []
        d = end.date()
        if step == 604800:
            d -= _dt.timedelta(days=d.weekday())
        elif step > 604800:
            d = d.replace(day=1)
        while len(out) < n and d.year > 1970:
            if before(d) and not (step == 86400 and d.weekday() >= 5):
                t = int(_dt.datetime(d.year, d.month, d.day, tzinfo=_dt.timezone.utc).timestamp())
                out.append((d.year * 12 + d.month if step > 604800 else t // step, t))
            if step > 604800:
                d = (d - _dt.timedelta(days=1)).replace(day=1)
            else:
                d -= _dt.timedelta(days=7 if step == 604800 else 1)
        out.reverse()
        return out

    def _bar(self, it: Instrument, bar_size: str, what: str, step: int, k: int,
             t: int) -> tuple[float, float, float, float, int, int]:
        """Open, high, low, close, volume and trade count of grid slot ``k`` (starting at ``t``)."""
        tick = it.details.minTick or 0.01
        if it.option is not None and what in _OPTION_PRICED:
            return self._option_bar(it, bar_size, what, step, k, t)
        block, j = divmod(k, _BLOCK)
        a0, drift, walk, extra = self._block(it, bar_size, what, step, block)
        ref, exp = it.price, math.exp
        c = max(tick, _round(ref * exp(a0 + walk[j] - drift * (j + 1) / _BLOCK), tick))
        if j:
            o = max(tick, _round(ref * exp(a0 + walk[j - 1] - drift * j / _BLOCK), tick))
        else:
            p0, pd, pw, _ = self._block(it, bar_size, what, step, block - 1)
            o = max(tick, _round(ref * exp(p0 + pw[-1] - pd), tick))
        bits = extra[j]
        spread = it.price * _sigma(step) / 2
        h = _round(max(o, c) + (bits & 0xFFF) / 2048 * spread, tick)
        lo = max(tick, _round(min(o, c) - (bits >> 12 & 0xFFF) / 2048 * spread, tick))
        return o, h, lo, c, 100 * (10 + (bits >> 24 & 0x1FF) % 491), 5 + (bits >> 33 & 0xFF) % 196

    def _option_bar(self, it: Instrument, bar_size: str, what: str, step: int, k: int,
                    t: int) -> tuple[float, float, float, float, int, int]:
        """An option's bar: its model on the underlying's bar of the same slot (time to expiry counted from the
        bar's day), the bid a tick under, the ask a tick over; volume and count its own."""
        model = it.option
        assert model is not None
        tick = it.details.minTick or 0.01
        uo, uh, ul, uc, _, _ = self._bar(model.under, bar_size, "TRADES", step, k, t)
        day = _dt.datetime.fromtimestamp(t, _dt.timezone.utc).date()
        shift = -tick if what == "BID" else tick if what == "ASK" else 0.0

        def price(spot: float) -> float:
            return max(tick, _round(model.price(spot, day) + shift, tick))

        o, c = price(uo), price(uc)
        h, lo = (price(uh), price(ul)) if model.call else (price(ul), price(uh))
        bits = self._block(it, bar_size, what, step, k // _BLOCK)[3][k % _BLOCK]
        return o, max(h, o, c), min(lo, o, c), c, 10 * (1 + (bits >> 24 & 0x1FF) % 50), 1 + (bits >> 33 & 0xFF) % 40

    def _block(self, it: Instrument, bar_size: str, what: str, step: int,
               block: int) -> tuple[float, float, list[float], list[int]]:
        """``_BLOCK`` consecutive slots: slot j closes at ``price * exp(a0 + walk[j] - drift * (j + 1) / _BLOCK)``
        (a random walk of the log price bridged between two anchors that depend on the block number only:
        ``a0`` and the next block's), with random bits for the rest of the bar."""
        key = (it.con_id, bar_size, what, block)
        got = self._blocks.get(key)
        if got is not None:
            return got
        sigma = _sigma(step)
        shape = random.Random(f"{self.seed}:{it.con_id}:{bar_size}:{what}:shape")
        waves = [(shape.uniform(40, 400) * (i + 1), shape.uniform(0, 2 * math.pi)) for i in range(3)]
        amp = min(0.1, max(0.02, 0.5 * sigma * math.sqrt(_BLOCK)))
        # the reference price is the price around the catalogue's day (where a pinned clock usually is)
        home = (_REF_DAY.year * 12 + _REF_DAY.month if step > 604800 else _REF_TS // step) // _BLOCK

        def wave(b: int) -> float:
            return sum(math.sin(2 * math.pi * b / p + phi) / (i + 1) for i, (p, phi) in enumerate(waves)) / 1.8

        def anchor(b: int) -> float:
            return amp * (wave(b) - wave(home))

        rng = random.Random(f"{self.seed}:{it.con_id}:{bar_size}:{what}:{block}")
        gauss, bits = rng.gauss, rng.getrandbits
        a0, a1 = anchor(block), anchor(block + 1)
        walk = list(itertools.accumulate(gauss(0, sigma) for _ in range(_BLOCK)))
        extra = [bits(41) for _ in range(_BLOCK)]
        got = (a0, walk[-1] - (a1 - a0), walk, extra)
        if len(self._blocks) > 2048:
            self._blocks.pop(next(iter(self._blocks)))
        self._blocks[key] = got
        return got


#: what-to-show kinds whose option bars follow the option's model (the others stay series of their own)
_OPTION_PRICED = frozenset(("TRADES", "MIDPOINT", "BID", "ASK", "BID_ASK", "ADJUSTED_LAST"))
#: slots per block of generated history (the unit the bars' random walk is computed in)
_BLOCK = 128
#: the day history is anchored at (the catalogue's default day): bars around it are near the reference price
_REF_DAY = _dt.date(2026, 11, 24)
_REF_TS = int(_dt.datetime(2026, 11, 24, 16, tzinfo=_dt.timezone.utc).timestamp())


def _sigma(step: int) -> float:
    """The log-price standard deviation of one bar of ``step`` seconds."""
    return min(0.02, 0.001 * math.sqrt(step / 60))


def _session_spec(it: Instrument) -> tuple[_dt.tzinfo, tuple[int, int], tuple[int, int], bool, bool]:
    """The instrument's regular session from its liquid hours: zone, start, end, whether it starts the
    day before, and whether it trades every day (a 24-hour session)."""
    zone: _dt.tzinfo
    try:
        zone = zoneinfo.ZoneInfo(it.details.timeZoneId or "US/Eastern")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = _dt.timezone.utc
    m = re.match(r"(\d{8}):(\d{2})(\d{2})-(\d{8}):(\d{2})(\d{2})", it.details.liquidHours or "")
    if not m:
        return zone, (9, 30), (16, 0), False, False
    start, end = (int(m.group(2)), int(m.group(3))), (int(m.group(5)), int(m.group(6)))
    overnight = m.group(4) != m.group(1)
    every_day = overnight and start == end == (0, 0)
    if every_day:
        overnight = False
    return zone, start, end, overnight, every_day


def _stamp(t: _dt.datetime, step: int, date_format: int) -> str:
    if step >= 86400:
        return t.strftime("%Y%m%d")
    if date_format == 2:
        return str(int(t.replace(tzinfo=_dt.timezone.utc).timestamp()))
    return t.strftime("%Y%m%d %H:%M:%S") + " UTC"
