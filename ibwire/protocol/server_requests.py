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
does not fit, or a field that does not convert (``'ten'`` for a quantity, an
id beyond 32 bits), raises :class:`RequestError` carrying the request's id
when that much could be read.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any

from google.protobuf.message import DecodeError as _ProtoDecodeError
from google.protobuf.message import Message

from ..model import (
    ComboLeg,
    Contract,
    DeltaNeutralContract,
    ExecutionFilter,
    Order,
    OrderCancel,
    OrderComboLeg,
    ScannerSubscription,
    TagValue,
)
from ..model.condition import MarginCondition, OrderCondition
from ..model.const import NO_VALID_ID, UNSET_DECIMAL, UNSET_DOUBLE, UNSET_INTEGER
from ..model.misc import SoftDollarTier
from . import versions as v
from .fields import ClientException
from .framing import split_frame
from .incoming import Next, _b, _f, _i, _s
from .incoming_pb import decode_contract
from .orders_in import _condition, _fu, _iu
from .orders_pb import decode_order
from .requests import REQUESTS, WITHDRAWN, Refusal, Request
from .requests import _place_order_proto as place_order_message

__all__ = ["RequestError", "Incoming", "read_request", "BY_ID", "PROTO_CLASS"]


class RequestError(ValueError):
    """A request frame the server cannot read; ``req_id`` is its request id, or -1 when unreadable."""

    def __init__(self, text: str, req_id: int = NO_VALID_ID) -> None:
        super().__init__(text)
        self.req_id = req_id


#: What converting a field can raise on a value that does not fit: bad numbers (decimal's
#: InvalidOperation is an ArithmeticError), values out of a protobuf field's range, bad bodies.
_CONVERSION_ERRORS = (ValueError, ArithmeticError, IndexError, TypeError, _ProtoDecodeError)
_INT32 = range(-(1 << 31), 1 << 31)


@dataclass
class Incoming:
    """One request: its kind, the protobuf request message and the arguments read.

    ``args`` are there for text frames, and for placeOrder in either form
    (its order fields need converting, so they are read with the frame).
    """

    name: str
    msg_id: int
    message: Message | None
    args: tuple[Any, ...] | None = None
    protobuf: bool = False


#: Request kinds by message id (the ``*ProtoBuf``-only config requests included).
BY_ID: dict[int, Request] = {}
for _r in REQUESTS.values():
    BY_ID.setdefault(_r.msg_id, _r)
#: Requests IB withdrew (fundamental data, ibapi 9.x-10.45) by id: read in both forms like the others.
WITHDRAWN_BY_ID: dict[int, Request] = {_r.msg_id: _r for _r in WITHDRAWN.values()}


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
        return _decimal(s)
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
        r = BY_ID.get(msg_id) or WITHDRAWN_BY_ID.get(msg_id)
        PROTO_CLASS[msg_id] = None if r is None else _proto_class(r)
    return PROTO_CLASS[msg_id]


# --- the hand-read requests ------------------------------------------------------------------


class _Cursor:
    """The next-field function the client's field readers take, counting what was read."""

    def __init__(self, f: list[bytes]) -> None:
        self.f = f
        self.i = 0

    def __call__(self) -> bytes:
        if self.i >= len(self.f):
            raise RequestError(f"too few fields ({len(self.f)})")
        b = self.f[self.i]
        self.i += 1
        return b


def _size(nx: Next) -> Decimal:
    # a quantity as sent: any number, empty for unset (no sentinel texts in requests)
    return _decimal(nx().decode())


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text) if text else UNSET_DECIMAL
    except InvalidOperation:
        raise ValueError(f"not a decimal number: {text[:40]!r}") from None


def _tag_values(text: str) -> list[TagValue]:
    out = []
    for pair in text.split(";"):
        if pair:
            tag, _, value = pair.partition("=")
            out.append(TagValue(tag, value))
    return out


def read_place_order(sv: int, fields_: list[bytes]) -> tuple[int, Contract, Order]:
    """placeOrder in text form: the mirror of :func:`.requests.place_order`."""
    r = _Cursor(fields_)
    if sv < v.MIN_SERVER_VER_ORDER_CONTAINER:
        _s(r)  # message version
    order_id = _i(r)
    c = Contract()
    o = Order()
    c.conId = _i(r)
    c.symbol, c.secType, c.lastTradeDateOrContractMonth = _s(r), _s(r), _s(r)
    c.strike = _fu(r)
    c.right, c.multiplier, c.exchange, c.primaryExchange = _s(r), _s(r), _s(r), _s(r)
    c.currency, c.localSymbol, c.tradingClass = _s(r), _s(r), _s(r)
    c.secIdType, c.secId = _s(r), _s(r)
    o.action = _s(r)
    o.totalQuantity = _size(r)
    o.orderType = _s(r)
    o.lmtPrice, o.auxPrice = _fu(r), _fu(r)
    o.tif, o.ocaGroup, o.account, o.openClose = _s(r), _s(r), _s(r), _s(r)
    o.origin = _i(r)
    o.orderRef = _s(r)
    o.transmit = _b(r)
    o.parentId = _i(r)
    o.blockOrder, o.sweepToFill = _b(r), _b(r)
    o.displaySize, o.triggerMethod = _i(r), _i(r)
    o.outsideRth, o.hidden = _b(r), _b(r)
    if c.secType == "BAG":
        c.comboLegs = []
        for _ in range(_i(r)):
            leg = ComboLeg()
            leg.conId, leg.ratio, leg.action, leg.exchange = _i(r), _i(r), _s(r), _s(r)
            leg.openClose, leg.shortSaleSlot, leg.designatedLocation, leg.exemptCode = _i(r), _i(r), _s(r), _i(r)
            c.comboLegs.append(leg)
        o.orderComboLegs = []
        for _ in range(_i(r)):
            ol = OrderComboLeg()
            ol.price = _fu(r)
            o.orderComboLegs.append(ol)
        o.smartComboRoutingParams = [TagValue(_s(r), _s(r)) for _ in range(_i(r))]
    _s(r)  # deprecated shares allocation
    t = _s(r)  # an int by default, a float when one was set: keep the text's kind
    o.discretionaryAmt = float(t) if "." in t or "e" in t else int(t or 0)
    o.goodAfterTime, o.goodTillDate, o.faGroup, o.faMethod, o.faPercentage = _s(r), _s(r), _s(r), _s(r), _s(r)
    if sv < v.MIN_SERVER_VER_FA_PROFILE_DESUPPORT:
        _s(r)
    o.modelCode = _s(r)
    o.shortSaleSlot = _i(r)
    o.designatedLocation = _s(r)
    o.exemptCode = _i(r)
    o.ocaType = _i(r)
    o.rule80A, o.settlingFirm = _s(r), _s(r)
    o.allOrNone = _b(r)
    o.minQty = _iu(r)
    o.percentOffset = _fu(r)
    _s(r), _s(r), _s(r)  # eTradeOnly, firmQuoteOnly, nbboPriceCap: no longer used
    o.auctionStrategy = _i(r)
    o.startingPrice, o.stockRefPrice, o.delta = _fu(r), _fu(r), _fu(r)
    o.stockRangeLower, o.stockRangeUpper = _fu(r), _fu(r)
    o.overridePercentageConstraints = _b(r)
    o.volatility = _fu(r)
    o.volatilityType = _iu(r)
    o.deltaNeutralOrderType = _s(r)
    o.deltaNeutralAuxPrice = _fu(r)
    if o.deltaNeutralOrderType:
        o.deltaNeutralConId = _i(r)
        o.deltaNeutralSettlingFirm, o.deltaNeutralClearingAccount = _s(r), _s(r)
        o.deltaNeutralClearingIntent, o.deltaNeutralOpenClose = _s(r), _s(r)
        o.deltaNeutralShortSale = _b(r)
        o.deltaNeutralShortSaleSlot = _i(r)
        o.deltaNeutralDesignatedLocation = _s(r)
    o.continuousUpdate = _b(r)
    o.referencePriceType = _iu(r)
    o.trailStopPrice, o.trailingPercent = _fu(r), _fu(r)
    o.scaleInitLevelSize, o.scaleSubsLevelSize = _iu(r), _iu(r)
    o.scalePriceIncrement = _fu(r)
    if o.scalePriceIncrement != UNSET_DOUBLE and o.scalePriceIncrement > 0.0:
        o.scalePriceAdjustValue = _fu(r)
        o.scalePriceAdjustInterval = _iu(r)
        o.scaleProfitOffset = _fu(r)
        o.scaleAutoReset = _b(r)
        o.scaleInitPosition, o.scaleInitFillQty = _iu(r), _iu(r)
        o.scaleRandomPercent = _b(r)
    o.scaleTable, o.activeStartTime, o.activeStopTime, o.hedgeType = _s(r), _s(r), _s(r), _s(r)
    if o.hedgeType:
        o.hedgeParam = _s(r)
    o.optOutSmartRouting = _b(r)
    o.clearingAccount, o.clearingIntent = _s(r), _s(r)
    o.notHeld = _b(r)
    if _b(r):  # delta-neutral contract follows
        c.deltaNeutralContract = DeltaNeutralContract(_i(r), _f(r), _f(r))
    o.algoStrategy = _s(r)
    if o.algoStrategy:
        o.algoParams = [TagValue(_s(r), _s(r)) for _ in range(_i(r))]
    o.algoId = _s(r)
    o.whatIf = _b(r)
    o.orderMiscOptions = _tag_values(_s(r))
    o.solicited, o.randomizeSize, o.randomizePrice = _b(r), _b(r), _b(r)
    if o.orderType in ("PEG BENCH", "PEGBENCH"):
        o.referenceContractId = _i(r)
        o.isPeggedChangeAmountDecrease = _b(r)
        o.peggedChangeAmount = _f(r)
        o.referenceChangeAmount = _f(r)
        o.referenceExchangeId = _s(r)
    n = _i(r)
    if n:
        conds: list[OrderCondition] = []
        for _ in range(n):
            conds.append(_server_condition(r))
        o.conditions = conds
        o.conditionsIgnoreRth, o.conditionsCancelOrder = _b(r), _b(r)
    o.adjustedOrderType = _s(r)
    o.triggerPrice, o.lmtPriceOffset = _fu(r), _fu(r)
    o.adjustedStopPrice, o.adjustedStopLimitPrice, o.adjustedTrailingAmount = _fu(r), _fu(r), _fu(r)
    o.adjustableTrailingUnit = _i(r)
    o.extOperator = _s(r)
    o.softDollarTier = SoftDollarTier(_s(r), _s(r), "")
    o.cashQty = _fu(r)
    o.mifid2DecisionMaker, o.mifid2DecisionAlgo = _s(r), _s(r)
    o.mifid2ExecutionTrader, o.mifid2ExecutionAlgo = _s(r), _s(r)
    o.dontUseAutoPriceForHedge, o.isOmsContainer, o.discretionaryUpToLimitPrice = _b(r), _b(r), _b(r)
    pm = _iu(r)
    o.usePriceMgmtAlgo = None if pm == UNSET_INTEGER else bool(pm)
    if sv >= v.MIN_SERVER_VER_DURATION:
        o.duration = _iu(r)
    if sv >= v.MIN_SERVER_VER_POST_TO_ATS:
        o.postToAts = _iu(r)
    if sv >= v.MIN_SERVER_VER_AUTO_CANCEL_PARENT:
        o.autoCancelParent = _b(r)
    if sv >= v.MIN_SERVER_VER_ADVANCED_ORDER_REJECT:
        o.advancedErrorOverride = _s(r)
    if sv >= v.MIN_SERVER_VER_MANUAL_ORDER_TIME:
        o.manualOrderTime = _s(r)
    if sv >= v.MIN_SERVER_VER_PEGBEST_PEGMID_OFFSETS:
        mid = False
        if c.exchange == "IBKRATS":
            o.minTradeQty = _iu(r)
        if o.orderType in ("PEG BEST", "PEGBEST"):
            o.minCompeteSize = _iu(r)
            o.competeAgainstBestOffset = _fu(r)
            mid = o.competeAgainstBestOffset == float("inf")
        elif o.orderType in ("PEG MID", "PEGMID"):
            mid = True
        if mid:
            o.midOffsetAtWhole, o.midOffsetAtHalf = _fu(r), _fu(r)
    if sv >= v.MIN_SERVER_VER_CUSTOMER_ACCOUNT:
        o.customerAccount = _s(r)
    if sv >= v.MIN_SERVER_VER_PROFESSIONAL_CUSTOMER:
        o.professionalCustomer = _b(r)
    if v.MIN_SERVER_VER_RFQ_FIELDS <= sv < v.MIN_SERVER_VER_UNDO_RFQ_FIELDS:
        _s(r), _s(r)
    if sv >= v.MIN_SERVER_VER_INCLUDE_OVERNIGHT:
        o.includeOvernight = _b(r)
    if sv >= v.MIN_SERVER_VER_CME_TAGGING_FIELDS:
        o.manualOrderIndicator = _iu(r)
    if sv >= v.MIN_SERVER_VER_IMBALANCE_ONLY:
        o.imbalanceOnly = _b(r)
    if r.i != len(fields_):
        raise RequestError(f"placeOrder: {len(fields_) - r.i} unexpected fields at the end")
    return order_id, c, o


def _server_condition(r: Next) -> OrderCondition:
    """An order condition as TWS reads it from a text placeOrder.

    The client-side reader keeps a margin cushion's percent as the text's float
    (what the official client does with what TWS sends); TWS reads it as a whole
    number, the type the protobuf form carries: a whole percent is taken as an int,
    anything else is a field that does not read.
    """
    cond: OrderCondition = _condition(r)
    if isinstance(cond, MarginCondition):
        percent = cond.percent
        if not (isinstance(percent, float) and percent.is_integer() and int(percent) in _INT32):
            raise ValueError(f"margin condition percent {percent!r} is not a whole number")
        cond.percent = int(percent)
    return cond


def _read_with_legs(name: str) -> Callable[[int, list[bytes]], tuple[Any, ...]]:
    """A reader for a request whose contract may be a combo (legs in the frame) or carry a delta-neutral
    contract: those fields are taken out, the rest is read by the template, then put on the contract."""
    r = REQUESTS[name]

    def read(sv: int, fields_: list[bytes]) -> tuple[Any, ...]:
        template, _ = _template(r, sv)
        sec_type = next((i for i, slot in enumerate(template) if slot is not None and slot[:2] == (1, "secType")), -1)
        if name == "reqMktData":  # legs follow the contract's fields, then the delta-neutral flag
            at = max((i for i, slot in enumerate(template) if slot is not None and slot[0] == 1), default=-2) + 1
        else:  # reqHistoricalData: legs follow the date format
            at = next((i for i, slot in enumerate(template) if slot is not None and slot[:2] == (7, "")), -2) + 1
        if sec_type < 0 or at < 0:
            return read_text_args(r, sv, fields_)  # (no contract in this version's form: nothing to take out)
        rest = list(fields_)
        legs: list[ComboLeg] = []
        # (the client sends legs for secType "BAG" exactly: a "bag" contract goes without them)
        if len(rest) > max(sec_type, at) and rest[sec_type] == b"BAG":
            n = int(rest[at] or 0)
            if n < 0 or at + 1 + 4 * n > len(rest):
                raise RequestError(f"{name}: {n} combo legs do not fit the frame")
            for k in range(n):
                conid, ratio, action, exchange = rest[at + 1 + 4 * k: at + 5 + 4 * k]
                legs.append(ComboLeg(int(conid or 0), int(ratio or 0), action.decode(), exchange.decode()))
            del rest[at: at + 1 + 4 * n]
        neutral = None
        if name == "reqMktData" and len(rest) > at + 3 and rest[at] == b"1":
            neutral = DeltaNeutralContract(int(rest[at + 1] or 0), float(rest[at + 2] or 0), float(rest[at + 3] or 0))
            rest[at] = b"0"
            del rest[at + 1: at + 4]
        args = read_text_args(r, sv, rest)
        c = args[1]
        c.comboLegs = legs
        c.deltaNeutralContract = neutral
        return args

    return read


_HAND: dict[str, Callable[[int, list[bytes]], tuple[Any, ...]]] = {
    "placeOrder": read_place_order,
    "reqMktData": _read_with_legs("reqMktData"),
    "reqHistoricalData": _read_with_legs("reqHistoricalData"),
}
#: Where the hand-read requests carry their id: field index by server version.
_HAND_ID_FIELD: dict[str, Callable[[int], int]] = {
    "placeOrder": lambda sv: 0 if sv >= v.MIN_SERVER_VER_ORDER_CONTAINER else 1,
}


def _proto_place_order(m: Any) -> tuple[int, Contract, Order]:
    order_id = int(m.orderId)
    order = decode_order(order_id, m.contract, m.order)
    # clients set transmit only when it is true: absent in a request means "hold" (an openOrder from TWS
    # without it keeps the Order default, which the shared decoder follows)
    order.transmit = m.order.HasField("transmit") and m.order.transmit
    return order_id, decode_contract(m.contract), order


def _text_req_id(r: Request, sv: int, fields_: list[bytes]) -> int:
    """The id of a text request that failed to read, when its own field reads as a 32-bit int."""
    if "0" not in r.ids:  # the request carries no id (its first argument is one whenever it does)
        return NO_VALID_ID
    try:
        if r.name in _HAND_ID_FIELD:
            pos = _HAND_ID_FIELD[r.name](sv)
        else:
            template, _ = _template(r, sv)
            pos = next(i for i, slot in enumerate(template) if slot is not None and slot[:2] == (0, ""))
        n = int(fields_[pos])
    except (ValueError, IndexError, StopIteration):
        return NO_VALID_ID
    return n if n in _INT32 else NO_VALID_ID


# --- the entry point ---------------------------------------------------------------------------


def read_request(body: bytes, server_version: int) -> Incoming:
    """The request in one frame body sent to a server at ``server_version``."""
    try:
        msg_id, fields_, proto = split_frame(body, server_version)
    except ValueError as e:
        raise RequestError(str(e)) from None
    r = BY_ID.get(msg_id)
    if r is None:
        r = WITHDRAWN_BY_ID.get(msg_id)
        if r is None:
            raise RequestError(f"unknown request id {msg_id}")
        if proto is None and fields_ is not None:
            try:
                return _read_text(r, msg_id, fields_, server_version)
            except RequestError:
                # a frame of another layout than the one the last release to send it used: its id at least
                return _read_legacy(r.name, msg_id, fields_)
    if proto is not None:
        return _read_proto(r, msg_id, proto)
    assert fields_ is not None
    return _read_text(r, msg_id, fields_, server_version)


def _read_text(r: Request, msg_id: int, fields_: list[bytes], server_version: int) -> Incoming:
    if r.text is None:
        raise RequestError(f"{r.name} has no text form")
    try:
        hand = _HAND.get(r.name)
        if r.name in _OPTIONS_COUNTED:
            fields_ = _drop_options_count(r, server_version, fields_)
        args = hand(server_version, fields_) if hand else read_text_args(r, server_version, fields_)
        message = None
        if r.name == "placeOrder":
            message = place_order_message(*args)
        elif r.proto is not None:
            message = r.proto(*args)  # range-checks every numeric field
    except (RequestError, ClientException, *_CONVERSION_ERRORS) as e:
        # (ClientException: the arguments read, but the request's protobuf builder refuses them)
        text = str(e) if str(e).startswith(r.name) else f"{r.name}: {_reason(e)}"
        raise RequestError(text, _text_req_id(r, server_version, fields_)) from None
    return Incoming(r.name, msg_id, message, args)


def _read_legacy(name: str, msg_id: int, fields_: list[bytes]) -> Incoming:
    """A legacy request: a version field, then the request id (the rest is kept as text)."""
    try:
        req_id = int(fields_[1])
    except (IndexError, ValueError):
        raise RequestError(f"{name}: no request id") from None
    if req_id not in _INT32:
        raise RequestError(f"{name}: request id {req_id} out of range")
    return Incoming(name, msg_id, None, (req_id, *(f.decode("utf-8", "replace") for f in fields_[2:])))


#: Requests whose option list older clients (to 10.1x) sent as a count and the list, where today's send the
#: list alone: the count is dropped when the frame has that one field more.
_OPTIONS_COUNTED = {"calculateImpliedVolatility", "calculateOptionPrice"}


def _drop_options_count(r: Request, sv: int, fields_: list[bytes]) -> list[bytes]:
    template, _ = _template(r, sv)
    if len(fields_) == len(template) + 1 and fields_[-2].strip().isdigit():
        return fields_[:-2] + fields_[-1:]
    return fields_


def _reason(e: Exception) -> str:
    if isinstance(e, ClientException):
        return f"{e.msg}{e.text}"
    return str(e)


def _read_proto(r: Request, msg_id: int, body: bytes) -> Incoming:
    cls = proto_class(msg_id)
    if cls is None:
        raise RequestError(f"{r.name} has no protobuf form")
    try:
        m = cls.FromString(body)  # type: ignore[attr-defined]
    except _CONVERSION_ERRORS as e:
        raise RequestError(f"{r.name}: bad protobuf body: {e}") from None
    args = None
    if r.name == "placeOrder":
        try:
            args = _proto_place_order(m)
        except InvalidOperation:
            raise RequestError("placeOrder: a quantity is not a decimal number", r.message_id(m)) from None
        except _CONVERSION_ERRORS as e:
            raise RequestError(f"placeOrder: {e}", r.message_id(m)) from None
    return Incoming(r.name, msg_id, m, args, protobuf=True)
