"""The server side of requests: a request frame back to the protobuf request message.

Every request arrives, whatever its form, as the protobuf message the client
would have built (the canonical form the simulator works on):

- a protobuf frame is parsed as the request's message class;
- a text frame is read by a *template* traced from ibwire's own text encoder
  for that request and server version: the encoder is run once on marker
  arguments (every number and text unique), and each field it writes is
  either a marker, naming the argument or attribute it came from, or a
  constant (versions, placeholders). Reading a frame is then a zip of its
  fields with the template, and the arguments go through the request's
  protobuf builder. So the layout of every text request is written down
  once, in :mod:`.requests`, and read here by construction.

Text requests whose layout depends on values (placeOrder, combo legs,
conditions, algo parameters) have hand-written readers below. A frame that
does not fit raises :class:`RequestError`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from google.protobuf.message import DecodeError as _ProtoDecodeError
from google.protobuf.message import Message

from ..model import ComboLeg, Contract, ExecutionFilter, Order, OrderCancel, OrderComboLeg, ScannerSubscription, TagValue
from ..model.condition import OrderCondition
from ..model.const import UNSET_DECIMAL, UNSET_DOUBLE, UNSET_INTEGER
from ..model.misc import SoftDollarTier
from . import versions as v
from .framing import split_frame
from .orders_in import _condition
from .requests import REQUESTS, Refusal, Request
from .requests import _place_order_proto as place_order_message

__all__ = ["RequestError", "Incoming", "read_request", "BY_ID", "PROTO_CLASS"]


class RequestError(ValueError):
    """A request frame the server cannot read."""


@dataclass
class Incoming:
    """One request: its kind, the protobuf request message and, for text frames, the arguments read."""

    name: str
    msg_id: int
    message: Message | None
    args: tuple[Any, ...] | None = None
    protobuf: bool = False


#: Request kinds by message id (the ``*ProtoBuf``-only config requests included).
BY_ID: dict[int, Request] = {}
for _r in REQUESTS.values():
    BY_ID.setdefault(_r.msg_id, _r)


# --- markers -------------------------------------------------------------------------------

_BASE = 7_000_000


class _Tracer:
    """Hands out marker values and remembers what each one stands for."""

    def __init__(self) -> None:
        self.k = 0
        #: field text -> (argument index, attribute or "", kind)
        self.seen: dict[str, tuple[int, str, str]] = {}

    def _next(self) -> int:
        self.k += 1
        return _BASE + self.k

    def value(self, arg: int, attr: str, kind: str) -> Any:
        n = self._next()
        if kind == "s":
            val: Any = str(n)  # digits, so that encoders converting text to numbers still work
            self.seen[val] = (arg, attr, kind)
            return val
        if kind == "f":
            val = float(n)
            self.seen[str(val)] = (arg, attr, kind)
            self.seen[str(n)] = (arg, attr, kind)
            return val
        if kind == "d":
            self.seen[str(n)] = (arg, attr, kind)
            return Decimal(n)
        self.seen[str(n)] = (arg, attr, kind)
        return n  # ints, and bools (as a number, so that they can be traced)

    def tags(self, arg: int) -> list[TagValue]:
        """A one-pair tag list; it travels as one ``tag=value;`` field."""
        n = self._next()
        self.seen[f"{n}=v;"] = (arg, "", "t")
        return [TagValue(str(n), "v")]

    def model(self, arg: int, cls: type) -> Any:
        obj = cls()
        for f in fields(cls):
            default = getattr(obj, f.name)
            kind = _KIND.get(type(default))
            if kind is not None:
                setattr(obj, f.name, self.value(arg, f.name, kind))
        return obj


_KIND: dict[type, str] = {int: "i", bool: "b", float: "f", str: "s", Decimal: "d"}
_ANN_KIND = {"int": "i", "str": "s", "bool": "b", "float": "f", "str | None": "s"}
#: ``Any`` parameters by name: the model class they carry, or ``None`` for tag-value lists.
_MODEL_PARAMS: dict[str, type | None] = {
    "c": Contract, "oc": OrderCancel, "ef": ExecutionFilter, "sub": ScannerSubscription,
    "options": None, "opts": None, "filters": None, "d": None,
}


Template = list[tuple[int, str, str] | None]


def _trace(r: Request, sv: int) -> tuple[Template, list[Any]]:
    """The field template of ``r``'s text form at ``sv``, and the marker arguments used."""
    assert r.text is not None
    tr = _Tracer()
    args: list[Any] = []
    for i, p in enumerate(list(inspect.signature(r.text).parameters.values())[1:]):
        ann = p.annotation if isinstance(p.annotation, str) else getattr(p.annotation, "__name__", "Any")
        if ann in _ANN_KIND:
            args.append(tr.value(i, "", _ANN_KIND[ann]))
        elif p.name in _MODEL_PARAMS:
            cls = _MODEL_PARAMS[p.name]
            if p.name == "d":
                args.append(_wsh_marker(tr, i))
            elif cls is None:
                args.append(tr.tags(i))
            else:
                args.append(tr.model(i, cls))
        else:
            raise TypeError(f"{r.name}: cannot trace parameter {p.name}: {ann}")
    try:
        try:
            payload = r.text(sv, *args)
        except NotImplementedError:
            # options this request refuses when set: they travel as a constant empty field
            args = [[] if isinstance(a, list) else a for a in args]
            payload = r.text(sv, *args)
    except Refusal:
        # gated on a value: trace again with the attributes the gate tests left blank
        payload = _retrace(r, sv, tr, args)
    out: Template = [tr.seen.get(f) for f in payload.split("\0")[:-1]]
    return out, args


def _wsh_marker(tr: _Tracer, arg: int) -> Any:
    from ..model.market import WshEventData

    return tr.model(arg, WshEventData)


def _retrace(r: Request, sv: int, tr: _Tracer, args: list[Any]) -> str:
    """Encode again with the gated values back at their defaults.

    A value is reset for good only when that changes the refusal (its gate
    passes); the others keep their markers, so only what this version cannot
    carry is lost from the template.
    """
    assert r.text is not None

    def refusal() -> str:
        try:
            r.text(sv, *args)  # type: ignore[misc]
        except Refusal as e:
            return e.text
        except NotImplementedError:
            args[:] = [[] if isinstance(a, list) else a for a in args]
            return refusal()
        return ""

    slots: list[tuple[Any, str | int]] = []
    for i, a in enumerate(args):
        if hasattr(a, "__dataclass_fields__"):
            slots += [(a, f.name) for f in fields(a)]
        else:
            slots.append((args, i))
    current = refusal()
    progress = True
    while current and progress:
        progress = False
        for target, key in slots:
            if isinstance(key, int):
                old = target[key]
                target[key] = None if isinstance(old, list) else type(old)()
            else:
                old = getattr(target, key)
                setattr(target, key, getattr(type(target)(), key))
            now = refusal()
            if now != current:
                current = now
                progress = True
                if not now:
                    break
            elif isinstance(key, int):
                target[key] = old
            else:
                setattr(target, key, old)
    if current:
        # gates that test several attributes together: reset a whole argument
        # then give back every marker the gates let pass
        for i, a in enumerate(args):
            if hasattr(a, "__dataclass_fields__"):
                blank = args[i] = type(a)()
                now = refusal()
                if now == current:
                    args[i] = a
                    continue
                for f in fields(a):
                    setattr(blank, f.name, getattr(a, f.name))
                    if refusal() != now:
                        setattr(blank, f.name, getattr(type(a)(), f.name))
                current = now
                if not now:
                    break
    if current:
        raise RequestError(f"{r.name}: no text form at server version {sv}")
    return r.text(sv, *args)


_TEMPLATES: dict[tuple[str, int], tuple[Template, list[Any]]] = {}


def _template(r: Request, sv: int) -> tuple[Template, list[Any]]:
    key = (r.name, sv)
    t = _TEMPLATES.get(key)
    if t is None:
        t = _TEMPLATES[key] = _trace(r, sv)
    return t


def _convert(text: bytes, kind: str, default: Any) -> Any:
    s = text.decode()
    if kind == "s":
        return s
    if kind == "t":
        return _tag_values(s)
    if kind == "d":
        return Decimal(s) if s else UNSET_DECIMAL
    if kind == "f":
        return float(s) if s else (default if default is not None else UNSET_DOUBLE)
    if kind == "b":
        return bool(int(s)) if s else False
    return int(s) if s else (default if default is not None else UNSET_INTEGER)


def read_text_args(r: Request, sv: int, fields_: list[bytes]) -> tuple[Any, ...]:
    """The arguments of text request ``r`` from its fields (after the id)."""
    template, markers = _template(r, sv)
    if len(fields_) != len(template):
        raise RequestError(f"{r.name}: expected {len(template)} fields at server version {sv}, got {len(fields_)}")
    args: list[Any] = []
    for m in markers:
        if hasattr(m, "__dataclass_fields__"):
            args.append(type(m)())
        elif m is None or isinstance(m, list):
            args.append(m if m is None else [])
        elif isinstance(m, str):
            args.append("")
        elif isinstance(m, float):
            args.append(0.0)
        else:
            args.append(0)
    for text, slot in zip(fields_, template):
        if slot is None:
            continue
        arg, attr, kind = slot
        if attr:
            obj = args[arg]
            setattr(obj, attr, _convert(text, kind, getattr(type(obj)(), attr)))
        else:
            args[arg] = _convert(text, kind, None)
    return tuple(args)


# --- protobuf classes -----------------------------------------------------------------------


def _proto_class(r: Request) -> type | None:
    if r.proto is None:
        return None
    if r.name in _CONFIG:
        return _CONFIG[r.name]
    if r.name == "placeOrder":
        return type(r.proto(0, Contract(), Order()))
    if r.text is None:
        return type(r.proto(*[0] * len(inspect.signature(r.proto).parameters)))
    # the builder says which message it makes: build one from traced arguments
    for sv in (v.MIN_SERVER_VER_PROTOBUF - 1, v.MAX_CLIENT_VER, 176):
        try:
            _, markers = _template(r, sv)
        except RequestError:
            continue
        return type(r.proto(*markers))
    return None


def _config_classes() -> dict[str, type]:
    from .proto import ConfigRequest_pb2, UpdateConfigRequest_pb2

    return {"reqConfigProtoBuf": ConfigRequest_pb2.ConfigRequest,
            "updateConfigProtoBuf": UpdateConfigRequest_pb2.UpdateConfigRequest}


_CONFIG = _config_classes()

#: The protobuf request message class of each request id (filled on first use).
PROTO_CLASS: dict[int, type | None] = {}


def proto_class(msg_id: int) -> type | None:
    if msg_id not in PROTO_CLASS:
        r = BY_ID.get(msg_id)
        PROTO_CLASS[msg_id] = None if r is None else _proto_class(r)
    return PROTO_CLASS[msg_id]


# --- the hand-read requests ------------------------------------------------------------------


class _Fields:
    def __init__(self, f: list[bytes]) -> None:
        self.f = f
        self.i = 0

    def nx(self) -> bytes:
        if self.i >= len(self.f):
            raise RequestError(f"too few fields ({len(self.f)})")
        b = self.f[self.i]
        self.i += 1
        return b

    def s(self) -> str:
        return self.nx().decode()

    def i_(self) -> int:
        t = self.s()
        return int(t) if t else 0

    def iu(self) -> int:
        t = self.s()
        return int(t) if t else UNSET_INTEGER

    def f_(self) -> float:
        t = self.s()
        return float(t) if t else 0.0

    def fu(self) -> float:
        t = self.s()
        return float(t) if t else UNSET_DOUBLE

    def b_(self) -> bool:
        t = self.s()
        return bool(int(t)) if t else False

    def dec(self) -> Decimal:
        t = self.s()
        return Decimal(t) if t else UNSET_DECIMAL


def _tag_values(text: str) -> list[TagValue]:
    out = []
    for pair in text.split(";"):
        if pair:
            tag, _, value = pair.partition("=")
            out.append(TagValue(tag, value))
    return out


def read_place_order(sv: int, fields_: list[bytes]) -> tuple[int, Contract, Order]:
    """placeOrder in text form: the mirror of :func:`.requests.place_order`."""
    r = _Fields(fields_)
    if sv < v.MIN_SERVER_VER_ORDER_CONTAINER:
        r.s()  # message version
    order_id = r.i_()
    c = Contract()
    o = Order()
    c.conId = r.i_()
    c.symbol, c.secType, c.lastTradeDateOrContractMonth = r.s(), r.s(), r.s()
    c.strike = r.fu()
    c.right, c.multiplier, c.exchange, c.primaryExchange = r.s(), r.s(), r.s(), r.s()
    c.currency, c.localSymbol, c.tradingClass = r.s(), r.s(), r.s()
    c.secIdType, c.secId = r.s(), r.s()
    o.action = r.s()
    o.totalQuantity = r.dec()
    o.orderType = r.s()
    o.lmtPrice, o.auxPrice = r.fu(), r.fu()
    o.tif, o.ocaGroup, o.account, o.openClose = r.s(), r.s(), r.s(), r.s()
    o.origin = r.i_()
    o.orderRef = r.s()
    o.transmit = r.b_()
    o.parentId = r.i_()
    o.blockOrder, o.sweepToFill = r.b_(), r.b_()
    o.displaySize, o.triggerMethod = r.i_(), r.i_()
    o.outsideRth, o.hidden = r.b_(), r.b_()
    if c.secType == "BAG":
        c.comboLegs = []
        for _ in range(r.i_()):
            leg = ComboLeg()
            leg.conId, leg.ratio, leg.action, leg.exchange = r.i_(), r.i_(), r.s(), r.s()
            leg.openClose, leg.shortSaleSlot, leg.designatedLocation, leg.exemptCode = r.i_(), r.i_(), r.s(), r.i_()
            c.comboLegs.append(leg)
        o.orderComboLegs = []
        for _ in range(r.i_()):
            ol = OrderComboLeg()
            ol.price = r.fu()
            o.orderComboLegs.append(ol)
        o.smartComboRoutingParams = [TagValue(r.s(), r.s()) for _ in range(r.i_())]
    r.s()  # deprecated shares allocation
    t = r.s()  # an int by default, a float when one was set: keep the text's kind
    o.discretionaryAmt = float(t) if "." in t or "e" in t else int(t or 0)
    o.goodAfterTime, o.goodTillDate, o.faGroup, o.faMethod, o.faPercentage = r.s(), r.s(), r.s(), r.s(), r.s()
    if sv < v.MIN_SERVER_VER_FA_PROFILE_DESUPPORT:
        r.s()
    o.modelCode = r.s()
    o.shortSaleSlot = r.i_()
    o.designatedLocation = r.s()
    o.exemptCode = r.i_()
    o.ocaType = r.i_()
    o.rule80A, o.settlingFirm = r.s(), r.s()
    o.allOrNone = r.b_()
    o.minQty = r.iu()
    o.percentOffset = r.fu()
    r.s(), r.s(), r.s()  # eTradeOnly, firmQuoteOnly, nbboPriceCap: no longer used
    o.auctionStrategy = r.i_()
    o.startingPrice, o.stockRefPrice, o.delta = r.fu(), r.fu(), r.fu()
    o.stockRangeLower, o.stockRangeUpper = r.fu(), r.fu()
    o.overridePercentageConstraints = r.b_()
    o.volatility = r.fu()
    o.volatilityType = r.iu()
    o.deltaNeutralOrderType = r.s()
    o.deltaNeutralAuxPrice = r.fu()
    if o.deltaNeutralOrderType:
        o.deltaNeutralConId = r.i_()
        o.deltaNeutralSettlingFirm, o.deltaNeutralClearingAccount = r.s(), r.s()
        o.deltaNeutralClearingIntent, o.deltaNeutralOpenClose = r.s(), r.s()
        o.deltaNeutralShortSale = r.b_()
        o.deltaNeutralShortSaleSlot = r.i_()
        o.deltaNeutralDesignatedLocation = r.s()
    o.continuousUpdate = r.b_()
    o.referencePriceType = r.iu()
    o.trailStopPrice, o.trailingPercent = r.fu(), r.fu()
    o.scaleInitLevelSize, o.scaleSubsLevelSize = r.iu(), r.iu()
    o.scalePriceIncrement = r.fu()
    if o.scalePriceIncrement != UNSET_DOUBLE and o.scalePriceIncrement > 0.0:
        o.scalePriceAdjustValue = r.fu()
        o.scalePriceAdjustInterval = r.iu()
        o.scaleProfitOffset = r.fu()
        o.scaleAutoReset = r.b_()
        o.scaleInitPosition, o.scaleInitFillQty = r.iu(), r.iu()
        o.scaleRandomPercent = r.b_()
    o.scaleTable, o.activeStartTime, o.activeStopTime, o.hedgeType = r.s(), r.s(), r.s(), r.s()
    if o.hedgeType:
        o.hedgeParam = r.s()
    o.optOutSmartRouting = r.b_()
    o.clearingAccount, o.clearingIntent = r.s(), r.s()
    o.notHeld = r.b_()
    if r.b_():  # delta-neutral contract follows
        from ..model import DeltaNeutralContract

        c.deltaNeutralContract = DeltaNeutralContract(r.i_(), r.f_(), r.f_())
    o.algoStrategy = r.s()
    if o.algoStrategy:
        o.algoParams = [TagValue(r.s(), r.s()) for _ in range(r.i_())]
    o.algoId = r.s()
    o.whatIf = r.b_()
    o.orderMiscOptions = _tag_values(r.s())
    o.solicited, o.randomizeSize, o.randomizePrice = r.b_(), r.b_(), r.b_()
    if o.orderType in ("PEG BENCH", "PEGBENCH"):
        o.referenceContractId = r.i_()
        o.isPeggedChangeAmountDecrease = r.b_()
        o.peggedChangeAmount = r.f_()
        o.referenceChangeAmount = r.f_()
        o.referenceExchangeId = r.s()
    n = r.i_()
    if n:
        conds: list[OrderCondition] = []
        for _ in range(n):
            conds.append(_condition(r.nx))
        o.conditions = conds
        o.conditionsIgnoreRth, o.conditionsCancelOrder = r.b_(), r.b_()
    o.adjustedOrderType = r.s()
    o.triggerPrice, o.lmtPriceOffset = r.fu(), r.fu()
    o.adjustedStopPrice, o.adjustedStopLimitPrice, o.adjustedTrailingAmount = r.fu(), r.fu(), r.fu()
    o.adjustableTrailingUnit = r.i_()
    o.extOperator = r.s()
    o.softDollarTier = SoftDollarTier(r.s(), r.s(), "")
    o.cashQty = r.fu()
    o.mifid2DecisionMaker, o.mifid2DecisionAlgo = r.s(), r.s()
    o.mifid2ExecutionTrader, o.mifid2ExecutionAlgo = r.s(), r.s()
    o.dontUseAutoPriceForHedge, o.isOmsContainer, o.discretionaryUpToLimitPrice = r.b_(), r.b_(), r.b_()
    pm = r.iu()
    o.usePriceMgmtAlgo = None if pm == UNSET_INTEGER else bool(pm)
    if sv >= v.MIN_SERVER_VER_DURATION:
        o.duration = r.iu()
    if sv >= v.MIN_SERVER_VER_POST_TO_ATS:
        o.postToAts = r.iu()
    if sv >= v.MIN_SERVER_VER_AUTO_CANCEL_PARENT:
        o.autoCancelParent = r.b_()
    if sv >= v.MIN_SERVER_VER_ADVANCED_ORDER_REJECT:
        o.advancedErrorOverride = r.s()
    if sv >= v.MIN_SERVER_VER_MANUAL_ORDER_TIME:
        o.manualOrderTime = r.s()
    if sv >= v.MIN_SERVER_VER_PEGBEST_PEGMID_OFFSETS:
        mid = False
        if c.exchange == "IBKRATS":
            o.minTradeQty = r.iu()
        if o.orderType in ("PEG BEST", "PEGBEST"):
            o.minCompeteSize = r.iu()
            o.competeAgainstBestOffset = r.fu()
            mid = o.competeAgainstBestOffset == float("inf")
        elif o.orderType in ("PEG MID", "PEGMID"):
            mid = True
        if mid:
            o.midOffsetAtWhole, o.midOffsetAtHalf = r.fu(), r.fu()
    if sv >= v.MIN_SERVER_VER_CUSTOMER_ACCOUNT:
        o.customerAccount = r.s()
    if sv >= v.MIN_SERVER_VER_PROFESSIONAL_CUSTOMER:
        o.professionalCustomer = r.b_()
    if v.MIN_SERVER_VER_RFQ_FIELDS <= sv < v.MIN_SERVER_VER_UNDO_RFQ_FIELDS:
        r.s(), r.s()
    if sv >= v.MIN_SERVER_VER_INCLUDE_OVERNIGHT:
        o.includeOvernight = r.b_()
    if sv >= v.MIN_SERVER_VER_CME_TAGGING_FIELDS:
        o.manualOrderIndicator = r.iu()
    if sv >= v.MIN_SERVER_VER_IMBALANCE_ONLY:
        o.imbalanceOnly = r.b_()
    if r.i != len(fields_):
        raise RequestError(f"placeOrder: {len(fields_) - r.i} unexpected fields at the end")
    return order_id, c, o


_HAND: dict[str, Callable[[int, list[bytes]], tuple[Any, ...]]] = {"placeOrder": read_place_order}


# --- the entry point ---------------------------------------------------------------------------


def read_request(body: bytes, server_version: int) -> Incoming:
    """The request in one frame body sent to a server at ``server_version``."""
    try:
        msg_id, fields_, proto = split_frame(body, server_version)
    except ValueError as e:
        raise RequestError(str(e)) from None
    r = BY_ID.get(msg_id)
    if r is None:
        raise RequestError(f"unknown request id {msg_id}")
    if proto is not None:
        cls = proto_class(msg_id)
        if cls is None:
            raise RequestError(f"{r.name} has no protobuf form")
        try:
            return Incoming(r.name, msg_id, cls.FromString(proto), protobuf=True)  # type: ignore[attr-defined]
        except _ProtoDecodeError as e:
            raise RequestError(f"{r.name}: bad protobuf body: {e}") from None
    assert fields_ is not None
    if r.text is None:
        raise RequestError(f"{r.name} has no text form")
    try:
        hand = _HAND.get(r.name)
        args = hand(server_version, fields_) if hand else read_text_args(r, server_version, fields_)
    except (ValueError, IndexError, UnicodeDecodeError) as e:
        if isinstance(e, RequestError):
            raise
        raise RequestError(f"{r.name}: {e}") from None
    message = None
    if r.name == "placeOrder":
        message = place_order_message(*args)
    elif r.proto is not None:
        message = r.proto(*args)
    return Incoming(r.name, msg_id, message, args)
