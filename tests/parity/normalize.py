"""Observations as plain JSON, the same way for ib_async and ibwire (standard library only: it runs in both).

What a user observes is turned into a tree of JSON values that keeps the *type* a user sees wherever two types
could print alike:

- ``float``: 8 significant digits; NaN -> ``"nan"``, infinities -> ``"inf"``/``"-inf"``, the API's unset double
  (``sys.float_info.max``) -> ``"UNSET_DOUBLE"``;
- ``Decimal`` -> float as above (sizes: the brief's normalisation; the ``value_types`` scenario observes the types);
  the API's unset decimal (2**127 - 1) -> ``"UNSET_DECIMAL"``;
- ``datetime`` -> ``"datetime:<ISO>"`` (aware ones keep their offset), ``date`` -> ``"date:<ISO>"``: a string date
  never equals a date;
- objects (dataclasses, plain classes, named tuples, list subclasses with attributes) ->
  ``{"_type": class name, field: value...}``; events (a class ``Event`` or eventkit's, subclasses too) -> ``"<event>"``;
- what neither library decides (see ``CLIENT_CLOCK`` and ``ID_KEYS``) is made comparable here, and only that.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import math
import re
from decimal import Decimal
from typing import Any

UNSET_DOUBLE = 1.7976931348623157e308
UNSET_DECIMAL = Decimal(2**127 - 1)

#: (class name, field): times both libraries stamp from the *client's* wall clock when a message is read (ib_async:
#: ``Wrapper.lastTime``), not from the simulator's pinned clock: only whether it is set is compared
#: a live fill's ``Fill.time`` is when it was read (ib_async), its execution's ``time`` the exchange's
CLIENT_CLOCK = {("Ticker", "time"), ("Ticker", "timestamp"), ("TickData", "time"), ("MktDepthData", "time"),
                ("TradeLogEntry", "time"), ("Fill", "time")}

#: (class name, field): a Ticker's lists of *the last update cycle*: what they hold depends on how the socket split
#: the data (ib_async clears them when the next read arrives), so only their type is kept here; the scenarios
#: compare every cycle's ticks as a stream (``updateEvent``)
PER_CYCLE = {("Ticker", "ticks"), ("Ticker", "tickByTicks"), ("Ticker", "domTicks")}

#: ib_async 2.1 stamps tick-by-tick ticks with the client's read time (``Wrapper.lastTime``) and drops the time the
#: server sent (wrapper.tickByTickAllLast/BidAsk/MidPoint): a bug. The simulator's clock is pinned, so the time on
#: the wire is known: ib_async's observation gets it in place of its wrong one, and ibwire must give it.
WIRE_TIME_ON_IB_ASYNC = {("TickByTickAllLast", "time"), ("TickByTickBidAsk", "time"), ("TickByTickMidPoint", "time")}

#: ids a library allocates from its own counters (ib_async shares one counter between request and order ids, so
#: the same script's third order may be 5 there and 3 here): order ids are renumbered by first appearance in the
#: observation (the relation parent <-> child is kept), request ids only tell whether they are set
ORDER_ID_KEYS = {"orderId", "parentId"}
REQ_ID_KEYS = {"reqId"}


#: ib_async 2.1 hands ``OptionChain.underlyingConId`` over as the ``str`` it read (decoder
#: ``securityDefinitionOptionParameter`` does not convert it) though the field is declared ``int``: a bug; its
#: observation is converted, and ibwire must give an int
INT_ON_IB_ASYNC = {("OptionChain", "underlyingConId")}

#: ib_async's ``Order`` differs from the API's (and ibwire's) where ib_async is wrong, corrected on its side only:
#: - ``openClose`` starts as "O", the default of the 9.x API that the API dropped (now "": TWS decides), and is sent
#:   so (the simulator echoes it back in open and completed orders);
#: - ``usePriceMgmtAlgo`` and ``routeMarketableToBbo`` are plain bools there: "not set" (None, TWS's default
#:   applies) cannot be said, so ib_async sends an explicit 0 and reads an empty field as False;
#: - ``placeOrder`` sets ``volatility`` of the user's non-VOL order to None (client.placeOrder), a float field;
#: - ``filledQuantity`` unset is ``UNSET_DOUBLE`` there; the model's field is a Decimal (the facade keeps the model's
#:   types on objects shared with EClient), unset is ``UNSET_DECIMAL``.
#: (field, ib_async's value) -> what the API means by it
ORDER_ON_IB_ASYNC: dict[str, tuple[Any, Any]] = {
    "openClose": ("O", ""), "usePriceMgmtAlgo": (False, None), "routeMarketableToBbo": (False, None),
    "volatility": (None, "UNSET_DOUBLE"), "filledQuantity": ("UNSET_DOUBLE", "UNSET_DECIMAL")}
ORDER_CLASSES = {"Order", "MarketOrder", "LimitOrder", "StopOrder", "StopLimitOrder"}
#: fields an order read from a completedOrder message carries for real (TWS writes routeMarketableToBbo as 0 there;
#: both libraries read False): not corrected on orders the scenario marks as such (``Normalizer.wire_orders``)
WIRE_ORDER_KEEPS = {"routeMarketableToBbo"}

#: a scanner row's ``ContractDetails`` carries no sizes on the wire: ib_async shows its defaults (0.0, "a size of
#: nothing"), ibwire the API's unset decimal; a size that was never sent is unset, so ib_async's 0.0 there reads
#: as unset (a real 0 from the wire would then show as a difference, never hide one)
UNSET_SIZE_ON_IB_ASYNC = {("ContractDetails", "minSize"), ("ContractDetails", "sizeIncrement"),
                          ("ContractDetails", "suggestedSizeIncrement")}

#: ib_async's trade log messages name the order id (``Error 202, reqId 12: ...``), which is allocated differently
_REQ_ID_IN_TEXT = re.compile(r"\breqId \d+")


class Normalizer:
    def __init__(self, side: str = "", wire_time: str = "") -> None:
        self.side = side
        self.wire_time = wire_time  # the simulator's pinned clock, ISO
        self.order_ids: dict[int, int] = {0: 0}
        #: what a user observes is what ``getattr`` gives: ibwire's objects carry ib_async's names of older
        #: releases' fields as data descriptors (``Renamed``) that ``vars()`` does not list, so on ibwire's side
        #: public data descriptors are read too (ib_async's dataclasses hold every field in ``vars()``; a field
        #: only ibwire has is listed as extra and never fails)
        self.descriptors = side == "ibwire"
        #: ids of ib_async orders read from completedOrder messages (see WIRE_ORDER_KEEPS)
        self.wire_orders: set[int] = set()

    def order_id(self, v: Any) -> Any:
        if not isinstance(v, int) or isinstance(v, bool):
            return self(v)
        if v <= 0:
            return v
        return f"order#{self.order_ids.setdefault(v, len(self.order_ids))}"

    def __call__(self, x: Any, _owner: str = "", _key: str = "", _depth: int = 0) -> Any:
        if _depth > 12:
            return f"<too deep: {type(x).__name__}>"
        if (_owner, _key) in CLIENT_CLOCK:
            return None if x is None else "<client clock>" if not (isinstance(x, float) and math.isnan(x)) else "nan"
        if (_owner, _key) in PER_CYCLE:
            return f"<last cycle's {type(x).__name__}>"
        if self.side == "ib_async" and (_owner, _key) in WIRE_TIME_ON_IB_ASYNC and self.wire_time:
            return "datetime:" + self.wire_time  # see WIRE_TIME_ON_IB_ASYNC
        if self.side == "ib_async" and (_owner, _key) in INT_ON_IB_ASYNC and isinstance(x, str) and x.isdigit():
            return int(x)  # see INT_ON_IB_ASYNC
        if (self.side == "ib_async" and _owner.split("@")[0] in ORDER_CLASSES and _key in ORDER_ON_IB_ASYNC
                and not (_owner.endswith("@wire") and _key in WIRE_ORDER_KEEPS)):
            wrong, right = ORDER_ON_IB_ASYNC[_key]
            if self(x) == wrong and type(self(x)) is type(wrong):
                return right  # see ORDER_ON_IB_ASYNC
        if self.side == "ib_async" and (_owner, _key) in UNSET_SIZE_ON_IB_ASYNC and x == 0:
            return "UNSET_DECIMAL"  # see UNSET_SIZE_ON_IB_ASYNC
        if _key in ORDER_ID_KEYS:
            return self.order_id(x)
        if _key in REQ_ID_KEYS and isinstance(x, int):
            return "<id>" if x > 0 else x
        if isinstance(x, str):
            return _REQ_ID_IN_TEXT.sub("reqId <id>", x)
        if x is None or isinstance(x, bool):
            return x
        if isinstance(x, enum.Enum):
            return f"{type(x).__name__}.{x.name}"
        if isinstance(x, int):
            return x
        if isinstance(x, float):
            return num(x)
        if isinstance(x, Decimal):
            if x == UNSET_DECIMAL:
                return "UNSET_DECIMAL"
            return num(float(x)) if x.is_finite() else str(x).lower()
        if isinstance(x, _dt.datetime):
            return "datetime:" + x.isoformat()
        if isinstance(x, _dt.date):
            return "date:" + x.isoformat()
        if isinstance(x, _dt.time):
            return "time:" + x.isoformat()
        if isinstance(x, _dt.timedelta):
            return f"timedelta:{x.total_seconds()}"
        if isinstance(x, bytes):
            return "bytes:" + x.hex()
        name = type(x).__name__
        if any(c.__name__ == "Event" or c.__module__.startswith("eventkit") for c in type(x).__mro__):
            return "<event>"
        if isinstance(x, tuple) and hasattr(x, "_asdict"):
            d = {"_type": name}
            d.update({k: self(v, name, k, _depth + 1) for k, v in x._asdict().items()})
            return d
        if isinstance(x, dict):
            return {str(k): self(v, _owner, str(k), _depth + 1) for k, v in x.items()}
        if isinstance(x, (list, tuple, set, frozenset)):
            items = sorted(x, key=repr) if isinstance(x, (set, frozenset)) else x
            seq = [self(v, _owner, "", _depth + 1) for v in items]
            attrs = _attrs(x, self.descriptors)
            if type(x) in (list, tuple, set, frozenset) or not attrs:
                return seq if type(x) in (list, tuple, set, frozenset) else {"_type": name, "items": seq}
            d = {"_type": name, "items": seq}
            d.update({k: self(v, name, k, _depth + 1) for k, v in attrs.items()})
            return d
        if callable(x) and not hasattr(x, "__dict__"):
            return f"<callable {name}>"
        attrs = _attrs(x, self.descriptors)
        d = {"_type": name}
        owner = name + "@wire" if id(x) in self.wire_orders else name
        d.update({k: self(v, owner, k, _depth + 1) for k, v in attrs.items()})
        return d


def num(x: float) -> Any:
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == UNSET_DOUBLE:
        return "UNSET_DOUBLE"
    r = float(f"{x:.8g}")
    return 0.0 if r == 0 else r


def _attrs(x: Any, descriptors: bool = False) -> dict[str, Any]:
    """Public data fields of an object: dataclass fields, else ``vars``, else ``__slots__``; with ``descriptors``
    also the class's public data descriptors (properties, ibwire's ``Renamed`` aliases such as
    ``ContractDetails.mdSizeMultiplier``): what a user reads by ``getattr`` though it is not in ``vars()``."""
    out: dict[str, Any] = {}
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        for f in dataclasses.fields(x):
            if not f.name.startswith("_"):
                out[f.name] = getattr(x, f.name, "<missing>")
    if hasattr(x, "__dict__"):
        for k, v in vars(x).items():
            if not k.startswith("_") and k not in out:
                out[k] = v
    for cls in type(x).__mro__:
        for k in getattr(cls, "__slots__", ()):
            if not k.startswith("_") and k not in out and hasattr(x, k):
                out[k] = getattr(x, k)
    if descriptors:
        for cls in type(x).__mro__:
            for k, d in vars(cls).items():
                if k.startswith("_") or k in out or not hasattr(type(d), "__get__") or not (
                        hasattr(type(d), "__set__") or hasattr(type(d), "__delete__")):
                    continue
                try:
                    out[k] = getattr(x, k)
                except Exception:  # noqa: BLE001 - a property that cannot be read here is not observed
                    continue
    return {k: v for k, v in out.items() if not (callable(v) and not hasattr(v, "__dict__") and not
                                                 isinstance(v, type) and type(v).__name__ in ("method", "function"))}
