"""Decoders of the frequent market messages for the compiled core, and of the plain messages.

Tick-by-tick, market depth (L1 and L2), real-time bars, historical-data updates and
historical ticks, read as the official client reads them; and :class:`PlainDec`, the
messages the official client decodes generically (a version field, then one field per
callback parameter: :data:`PLAIN`). Each decoder reads every field before it appends
an event; records are built without their dataclass ``__init__`` (``__new__``, then
every attribute set, in the class's field order).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from ...model.market import (
    BarData,
    HistoricalTick,
    HistoricalTickBidAsk,
    HistoricalTickLast,
    TickAttribBidAsk,
    TickAttribLast,
)
from ..ids import IN
from .base import SEP, ZERO, Bind, Dec, Events, Later, NeedFields, Sink, emit, size, read_float, read_int

__all__ = ["PLAIN", "Plain", "PlainDec", "WrongFieldCount", "TickByTickDec", "TickOptionComputationDec", "MktDepthDec",
           "MktDepthL2Dec",
           "RealTimeBarDec", "HistoricalDataUpdateDec", "HistoricalTicksDec", "HistoricalTicksBidAskDec",
           "HistoricalTicksLastDec", "LastLater", "BidAskLater", "last_attrib", "bid_ask_attrib", "bar_data"]

# server versions (the same facts as ``protocol.versions``; Final here so compiled code inlines them)
_SMART_DEPTH: Final = 146
_ENCODE_MSG_ASCII7: Final = 153
_PRICE_BASED_VOLATILITY: Final = 156


# --- plain messages: a version field, then one field per callback parameter ------------------------
# The official client decodes these generically from the callback's annotations: int and float
# parameters are converted, everything else stays text (even the ``isSuccessful: bool`` of the verify
# callbacks). From server 153 all text is read with "unicode-escape". The field count must match exactly.

#: Message id -> (callback, kinds: one letter per parameter, ``i`` int, ``f`` float, ``s`` text).
PLAIN: Final[dict[int, tuple[str, str]]] = {
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

_TEXT: Final = 0
_INT: Final = 1
_FLOAT: Final = 2


class WrongFieldCount(ValueError):
    """A plain message with more or fewer fields than its callback has parameters (plus the version)."""


class PlainDec(Dec):
    """A plain message: every field is read as text first, numbers too (so ``\\u0031`` at 153+ is 1, as
    the official client reads it). Before 153, text that is not UTF-8 raises (the reference decoder then
    reports the frame and delivers it read as Latin-1, as the official client does); from 153 on an
    invalid escape falls back to Latin-1, silently, as the official client does."""

    def __init__(self, sv: int, bind: Bind, name: str, kinds: str) -> None:
        self.escaped = sv >= _ENCODE_MSG_ASCII7
        self.name = name
        self.cb = bind(name)
        self.kinds = [_INT if k == "i" else _FLOAT if k == "f" else _TEXT for k in kinds]
        self.n = len(kinds) + 1  # the version field (never read) and one per parameter

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        if len(f) - at != self.n:
            raise WrongFieldCount(f"{self.name} needs {self.n} fields, got {len(f) - at}")
        args: list[object] = []
        i = at + 1
        escaped = self.escaped
        for k in self.kinds:
            x = f[i]
            i += 1
            if not escaped:
                s = x.decode()
            elif b"\\" not in x:
                s = x.decode("latin-1")  # what "unicode-escape" makes of text without a backslash
            else:
                try:
                    s = x.decode("unicode-escape")
                except UnicodeDecodeError:
                    s = x.decode("latin-1")
            if k == _TEXT:
                args.append(s)
            elif k == _INT:
                args.append(int(s))
            else:
                args.append(float(s))
        emit(out, self.cb, args)


class Plain:
    """The decoder factory of one plain message: ``Plain(name, kinds)(sv, bind)`` is its :class:`PlainDec`."""

    def __init__(self, name: str, kinds: str) -> None:
        self.name = name
        self.kinds = kinds

    def __call__(self, sv: int, bind: Bind) -> Dec:
        return PlainDec(sv, bind, self.name, self.kinds)


# --- market data ----------------------------------------------------------------------------------

def bar_data(date: str, o: float, h: float, lo: float, c: float, volume: Decimal, wap: Decimal,
             count: int) -> BarData:
    """A historical bar, without the dataclass ``__init__`` (``__new__``, then its fields in order)."""
    bar: BarData = BarData.__new__(BarData)
    bar.date = date
    bar.open = o
    bar.high = h
    bar.low = lo
    bar.close = c
    bar.volume = volume
    bar.wap = wap
    bar.barCount = count
    return bar


def last_attrib(mask: int) -> TickAttribLast:
    """A trade tick's attributes: bit 0 pastLimit, 1 unreported."""
    a: TickAttribLast = TickAttribLast.__new__(TickAttribLast)
    a.pastLimit = (mask & 1) != 0
    a.unreported = (mask & 2) != 0
    return a


def bid_ask_attrib(mask: int) -> TickAttribBidAsk:
    """A tick-by-tick bid/ask's attributes: bit 0 bidPastLow, 1 askPastHigh."""
    a: TickAttribBidAsk = TickAttribBidAsk.__new__(TickAttribBidAsk)
    a.bidPastLow = (mask & 1) != 0
    a.askPastHigh = (mask & 2) != 0
    return a


class LastLater(Later):
    """``tickByTickAllLast`` with its attributes made at delivery (the event has the mask in their place)."""

    def call(self, req_id: object, kind: object, t: object, price: object, sz: object, mask: int,
             exchange: object, special: object) -> None:
        self.cb(req_id, kind, t, price, sz, last_attrib(mask), exchange, special)

    def expand(self, args: Sequence[object]) -> tuple[object, ...]:
        mask: int = args[5]  # type: ignore[assignment]
        return (*args[:5], last_attrib(mask), *args[6:])


class BidAskLater(Later):
    """``tickByTickBidAsk`` with its attributes made at delivery (the event ends with the mask)."""

    def call(self, req_id: object, t: object, bid: object, ask: object, bid_size: object, ask_size: object,
             mask: int) -> None:
        self.cb(req_id, t, bid, ask, bid_size, ask_size, bid_ask_attrib(mask))

    def expand(self, args: Sequence[object]) -> tuple[object, ...]:
        mask: int = args[6]  # type: ignore[assignment]
        return (*args[:6], bid_ask_attrib(mask))


class TickByTickDec(Dec):
    """tickByTick (99): trades (1 last, 2 all last), bid/ask (3), midpoint (4); any other kind fires nothing."""

    def __init__(self, sv: int, bind: Bind) -> None:
        last = bind("tickByTickAllLast")
        bid_ask = bind("tickByTickBidAsk")
        self.last_cb = None if last is None else LastLater(last).call
        self.bid_ask_cb = None if bid_ask is None else BidAskLater(bid_ask).call
        self.mid_cb = bind("tickByTickMidPoint")

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        req_id = read_int(f[at] or ZERO)
        kind = read_int(f[at + 1] or ZERO)
        t = read_int(f[at + 2] or ZERO)
        if kind == 1 or kind == 2:
            mask = read_int(f[at + 5] or ZERO)
            price = read_float(f[at + 3] or ZERO)
            sz = size(f[at + 4])
            exchange = f[at + 6].decode()
            special = f[at + 7].decode()
            out.extend((8, self.last_cb, req_id, kind, t, price, sz, mask, exchange, special))
        elif kind == 3:
            mask = read_int(f[at + 7] or ZERO)
            bid = read_float(f[at + 3] or ZERO)
            ask = read_float(f[at + 4] or ZERO)
            bid_size = size(f[at + 5])
            ask_size = size(f[at + 6])
            out.extend((7, self.bid_ask_cb, req_id, t, bid, ask, bid_size, ask_size, mask))
        elif kind == 4:
            mid = read_float(f[at + 3] or ZERO)
            out.extend((3, self.mid_cb, req_id, t, mid))


class TickOptionComputationDec(Dec):
    """tickOptionComputation (21): a version field before server 156, the tick attribute from there (None
    before); the official client's "unset" values (negative volatility, delta -2, price -1, greeks -2) are
    None; option and underlying prices before message version 6 only for tick types 13 and 83."""

    def __init__(self, sv: int, bind: Bind) -> None:
        self.sv = sv
        self.price_based = sv >= _PRICE_BASED_VOLATILITY
        self.cb = bind("tickOptionComputation")

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        i = at
        version = self.sv
        if not self.price_based:
            version = read_int(f[i] or ZERO)
            i += 1
        req_id = read_int(f[i] or ZERO)
        tick_type = read_int(f[i + 1] or ZERO)
        i += 2
        attrib: int | None = None
        if self.price_based:
            attrib = read_int(f[i] or ZERO)
            i += 1
        x = read_float(f[i] or ZERO)
        iv: float | None = None if x < 0 else x
        x = read_float(f[i + 1] or ZERO)
        delta: float | None = None if x == -2 else x
        i += 2
        opt: float | None = None
        pv: float | None = None
        gamma: float | None = None
        vega: float | None = None
        theta: float | None = None
        und: float | None = None
        if version >= 6 or tick_type == 13 or tick_type == 83:
            x = read_float(f[i] or ZERO)
            opt = None if x == -1 else x
            x = read_float(f[i + 1] or ZERO)
            pv = None if x == -1 else x
            i += 2
        if version >= 6:
            x = read_float(f[i] or ZERO)
            gamma = None if x == -2 else x
            x = read_float(f[i + 1] or ZERO)
            vega = None if x == -2 else x
            x = read_float(f[i + 2] or ZERO)
            theta = None if x == -2 else x
            x = read_float(f[i + 3] or ZERO)
            und = None if x == -1 else x
        out.extend((11, self.cb, req_id, tick_type, attrib, iv, delta, opt, pv, gamma, vega, theta, und))


class MktDepthDec(Dec):
    """updateMktDepth (12)."""

    def __init__(self, sv: int, bind: Bind) -> None:
        self.cb = bind("updateMktDepth")

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        read_int(f[at] or ZERO)  # version
        args = (read_int(f[at + 1] or ZERO), read_int(f[at + 2] or ZERO), read_int(f[at + 3] or ZERO),
                read_int(f[at + 4] or ZERO),
                read_float(f[at + 5] or ZERO), size(f[at + 6]))
        emit(out, self.cb, args)


class MktDepthL2Dec(Dec):
    """updateMktDepthL2 (13); ``isSmartDepth`` from server 146 (False before)."""

    def __init__(self, sv: int, bind: Bind) -> None:
        self.smart = sv >= _SMART_DEPTH
        self.cb = bind("updateMktDepthL2")

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        read_int(f[at] or ZERO)  # version
        is_smart = read_int(f[at + 8] or ZERO) != 0 if self.smart else False
        args = (read_int(f[at + 1] or ZERO), read_int(f[at + 2] or ZERO), f[at + 3].decode(),
                read_int(f[at + 4] or ZERO),
                read_int(f[at + 5] or ZERO), read_float(f[at + 6] or ZERO), size(f[at + 7]), is_smart)
        emit(out, self.cb, args)


class RealTimeBarDec(Dec):
    """realtimeBar (50): the bar's values as arguments."""

    def __init__(self, sv: int, bind: Bind) -> None:
        self.cb = bind("realtimeBar")

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        read_int(f[at] or ZERO)  # version
        args = (read_int(f[at + 1] or ZERO), read_int(f[at + 2] or ZERO), read_float(f[at + 3] or ZERO),
                read_float(f[at + 4] or ZERO),
                read_float(f[at + 5] or ZERO), read_float(f[at + 6] or ZERO), size(f[at + 7]), size(f[at + 8]),
                read_int(f[at + 9] or ZERO))
        emit(out, self.cb, args)


class HistoricalDataUpdateDec(Dec):
    """historicalDataUpdate (90): reqId, then barCount, date, open, close, high, low, WAP, volume."""

    def __init__(self, sv: int, bind: Bind) -> None:
        self.cb = bind("historicalDataUpdate")

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        req_id = read_int(f[at] or ZERO)
        count = read_int(f[at + 1] or ZERO)
        date = f[at + 2].decode()
        open_ = read_float(f[at + 3] or ZERO)
        close = read_float(f[at + 4] or ZERO)
        high = read_float(f[at + 5] or ZERO)
        low = read_float(f[at + 6] or ZERO)
        wap = size(f[at + 7])
        volume = size(f[at + 8])
        out.extend((2, self.cb, req_id, bar_data(date, open_, high, low, close, volume, wap, count)))


# --- historical ticks: reqId, a count, the ticks, then "done" --------------------------------------

def _count(f: list[bytes], i: int, width: int) -> int:
    """The tick count at ``f[i]``, checked against the fields after it (each tick has ``width``)."""
    n = read_int(f[i] or ZERO)
    if n > 0 and n * width > len(f) - i - 1:
        raise NeedFields(f"{n} ticks", n * width, len(f) - i - 1)
    return n


class _TicksDec(Dec):
    """A historical-ticks message: split whole (``cap`` -1); a huge frame has its count checked first."""

    cap = -1

    def __init__(self, sv: int, bind: Bind, name: str, width: int) -> None:
        self.cb = bind(name)
        self.width = width

    def pieces(self, body: bytes, at: int, sink: Sink) -> bool:
        """A huge frame (``body``: the fields from ``at``, no id): its count is checked against the fields
        it holds before they are split, and only the fields the ticks take are split (one piece: the ticks
        are one callback's argument). A frame too short for its count fails without splitting it."""
        head = body.split(SEP, at + 2)
        if len(head) < at + 3:
            return False  # not even a count: decoded whole, it fails
        n = read_int(head[at + 1] or ZERO)
        have = head.pop().count(SEP)
        need = n * self.width if n > 0 else 0
        if need > have:
            raise NeedFields(f"{n} ticks", need, have)
        f = body.split(SEP, at + 3 + need)  # the fields the message reads; the rest (ignored) stays one piece
        f.pop()
        out: Events = []
        self.decode(f, at, out)
        sink(out)
        return True


class HistoricalTicksDec(_TicksDec):
    """historicalTicks (96): midpoint ticks (their attribute mask is sent but not read)."""

    def __init__(self, sv: int, bind: Bind) -> None:
        super().__init__(sv, bind, "historicalTicks", 4)

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        req_id = read_int(f[at] or ZERO)
        n = _count(f, at + 1, 4)
        i = at + 2
        ticks: list[HistoricalTick] = []
        for _ in range(n):
            t: HistoricalTick = HistoricalTick.__new__(HistoricalTick)
            t.time = read_int(f[i] or ZERO)
            t.price = read_float(f[i + 2] or ZERO)
            t.size = size(f[i + 3])
            i += 4
            ticks.append(t)
        done = read_int(f[i] or ZERO) != 0
        out.extend((3, self.cb, req_id, ticks, done))


class HistoricalTicksBidAskDec(_TicksDec):
    """historicalTicksBidAsk (97)."""

    def __init__(self, sv: int, bind: Bind) -> None:
        super().__init__(sv, bind, "historicalTicksBidAsk", 6)

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        req_id = read_int(f[at] or ZERO)
        n = _count(f, at + 1, 6)
        i = at + 2
        ticks: list[HistoricalTickBidAsk] = []
        for _ in range(n):
            t: HistoricalTickBidAsk = HistoricalTickBidAsk.__new__(HistoricalTickBidAsk)
            t.time = read_int(f[i] or ZERO)
            mask = read_int(f[i + 1] or ZERO)
            a: TickAttribBidAsk = TickAttribBidAsk.__new__(TickAttribBidAsk)
            a.bidPastLow = (mask & 2) != 0
            a.askPastHigh = (mask & 1) != 0
            t.tickAttribBidAsk = a
            t.priceBid = read_float(f[i + 2] or ZERO)
            t.priceAsk = read_float(f[i + 3] or ZERO)
            t.sizeBid = size(f[i + 4])
            t.sizeAsk = size(f[i + 5])
            i += 6
            ticks.append(t)
        done = read_int(f[i] or ZERO) != 0
        out.extend((3, self.cb, req_id, ticks, done))


class HistoricalTicksLastDec(_TicksDec):
    """historicalTicksLast (98)."""

    def __init__(self, sv: int, bind: Bind) -> None:
        super().__init__(sv, bind, "historicalTicksLast", 6)

    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        req_id = read_int(f[at] or ZERO)
        n = _count(f, at + 1, 6)
        i = at + 2
        ticks: list[HistoricalTickLast] = []
        for _ in range(n):
            t: HistoricalTickLast = HistoricalTickLast.__new__(HistoricalTickLast)
            t.time = read_int(f[i] or ZERO)
            t.tickAttribLast = last_attrib(read_int(f[i + 1] or ZERO))
            t.price = read_float(f[i + 2] or ZERO)
            t.size = size(f[i + 3])
            t.exchange = f[i + 4].decode()
            t.specialConditions = f[i + 5].decode()
            i += 6
            ticks.append(t)
        done = read_int(f[i] or ZERO) != 0
        out.extend((3, self.cb, req_id, ticks, done))
