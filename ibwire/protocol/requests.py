"""Request encoders: every request of the TWS API, text and protobuf forms.

One :class:`Request` row per request kind holds everything the client needs:
its id, its text encoder ``(server_version, *args) -> payload``, its protobuf
builder ``(*args) -> message``, which argument is the request id in each kind
of error report, and the "sending error" code it reports. The official client
is the reference for every field, version gate, refusal text and error id;
gates for versions below 100 (the oldest we speak) are omitted since they can
never apply.

Text encoders raise :class:`Refusal` for a request the server version cannot
take (code 503 and the official text), :class:`ClientException` for text TWS
would reject, and any other exception for bad input; nothing is sent then.
Protobuf builders take what the text protocol took: every value not of its
field's exact type passes through the loose-value coercion of :mod:`.fields`
(a price as ``"1.10"``, a conId as ``265598.0``), chosen per field from the
message's descriptor when the builders are generated; a value it cannot read
raises :class:`~.fields.Unsendable` ("Cannot send None to TWS" for None).
A frame over the server's 16 MiB limit raises :class:`RequestTooLarge`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from ..model.const import MAX_MSG_LEN, NO_VALID_ID, UNSET_DECIMAL, UNSET_DOUBLE, UNSET_INTEGER, UNSET_LONG
from ..model.order import OrderCancel
from . import errors as E
from . import versions as v
from .fields import (NONE_TEXT, ClientException, Unsendable, field, field_handle_empty, to_bool, to_float, to_int,
                     to_text)
from .framing import frame
from .ids import CANCEL_FUNDAMENTAL_DATA, OUT, PROTOBUF_MSG_ID, REQ_FUNDAMENTAL_DATA, request_uses_protobuf
from .proto import (
    AccountDataRequest_pb2,
    AccountSummaryRequest_pb2,
    AccountUpdatesMultiRequest_pb2,
    AllOpenOrdersRequest_pb2,
    AttachedOrders_pb2,
    AutoOpenOrdersRequest_pb2,
    CalculateImpliedVolatilityRequest_pb2,
    CalculateOptionPriceRequest_pb2,
    CancelAccountSummary_pb2,
    CancelAccountUpdatesMulti_pb2,
    CancelCalculateImpliedVolatility_pb2,
    CancelCalculateOptionPrice_pb2,
    CancelContractData_pb2,
    CancelFundamentalsData_pb2,
    CancelHeadTimestamp_pb2,
    CancelHistogramData_pb2,
    CancelHistoricalData_pb2,
    CancelHistoricalTicks_pb2,
    CancelMarketData_pb2,
    CancelMarketDepth_pb2,
    CancelNewsBulletins_pb2,
    CancelOrderRequest_pb2,
    CancelPnL_pb2,
    CancelPnLSingle_pb2,
    CancelPositions_pb2,
    CancelPositionsMulti_pb2,
    CancelRealTimeBars_pb2,
    CancelScannerSubscription_pb2,
    CancelTickByTick_pb2,
    CancelWshEventData_pb2,
    CancelWshMetaData_pb2,
    ComboLeg_pb2,
    CompletedOrdersRequest_pb2,
    ContractDataRequest_pb2,
    Contract_pb2,
    CurrentTimeInMillisRequest_pb2,
    CurrentTimeRequest_pb2,
    DeltaNeutralContract_pb2,
    ExecutionFilter_pb2,
    ExecutionRequest_pb2,
    ExerciseOptionsRequest_pb2,
    FAReplace_pb2,
    FARequest_pb2,
    FamilyCodesRequest_pb2,
    FundamentalsDataRequest_pb2,
    GlobalCancelRequest_pb2,
    HeadTimestampRequest_pb2,
    HistogramDataRequest_pb2,
    HistoricalDataRequest_pb2,
    HistoricalNewsRequest_pb2,
    HistoricalTicksRequest_pb2,
    IdsRequest_pb2,
    ManagedAccountsRequest_pb2,
    MarketDataRequest_pb2,
    MarketDataTypeRequest_pb2,
    MarketDepthExchangesRequest_pb2,
    MarketDepthRequest_pb2,
    MarketRuleRequest_pb2,
    MatchingSymbolsRequest_pb2,
    NewsArticleRequest_pb2,
    NewsBulletinsRequest_pb2,
    NewsProvidersRequest_pb2,
    OpenOrdersRequest_pb2,
    OrderCancel_pb2,
    OrderCondition_pb2,
    Order_pb2,
    PlaceOrderRequest_pb2,
    PnLRequest_pb2,
    PnLSingleRequest_pb2,
    PositionsMultiRequest_pb2,
    PositionsRequest_pb2,
    QueryDisplayGroupsRequest_pb2,
    RealTimeBarsRequest_pb2,
    ScannerParametersRequest_pb2,
    ScannerSubscriptionRequest_pb2,
    ScannerSubscription_pb2,
    SecDefOptParamsRequest_pb2,
    SetServerLogLevelRequest_pb2,
    SmartComponentsRequest_pb2,
    SoftDollarTier_pb2,
    SoftDollarTiersRequest_pb2,
    StartApiRequest_pb2,
    SubscribeToGroupEventsRequest_pb2,
    TickByTickRequest_pb2,
    UnsubscribeFromGroupEventsRequest_pb2,
    UpdateDisplayGroupRequest_pb2,
    UserInfoRequest_pb2,
    VerifyMessageRequest_pb2,
    VerifyRequest_pb2,
    WshEventDataRequest_pb2,
    WshMetaDataRequest_pb2,
)

F = field
FE = field_handle_empty
NO = NO_VALID_ID


class Refusal(Exception):
    """A request the connected server cannot take; reported, never sent."""

    def __init__(self, req_id: int, code: int, text: str) -> None:
        super().__init__(req_id, code, text)
        self.req_id = req_id
        self.code = code
        self.text = text


def too_old(req_id: int, what: str) -> Refusal:
    """The 503 refusal: ``what`` is the official explanation, leading spaces included."""
    return Refusal(req_id, E.UPDATE_TWS.code(), E.UPDATE_TWS.msg() + what)


# --- frames -------------------------------------------------------------------------


class RequestTooLarge(ValueError):
    """A request whose frame would exceed the server's message limit.

    TWS drops the connection on such a frame, so it is refused before any
    byte is written and reported like any other encoding failure of that
    request (its "sending error" code), leaving the connection usable.
    """

    def __init__(self, size: int) -> None:
        super().__init__(f"{E.BAD_LENGTH.msg()}: the request is {size} bytes, more than the limit of {MAX_MSG_LEN}")
        self.size = size


def _checked(body: bytes) -> bytes:
    if len(body) > MAX_MSG_LEN:
        raise RequestTooLarge(len(body))
    return frame(body)


def text_frame(msg_id: int, payload: str, server_version: int) -> bytes:
    """A text request: the id (raw from 201, else a field) and its fields."""
    if server_version >= v.MIN_SERVER_VER_PROTOBUF:
        return _checked(msg_id.to_bytes(4, "big") + payload.encode())
    return _checked(f"{msg_id}\0{payload}".encode())


def proto_frame(msg_id: int, message: Message) -> bytes:
    """A protobuf request: raw id + 200, then the serialized message."""
    return _checked((msg_id + PROTOBUF_MSG_ID).to_bytes(4, "big") + message.SerializeToString())


# --- protobuf building ---------------------------------------------------------------
# The official client leaves a protobuf field absent when its value is "unset":
# ints equal to UNSET_INTEGER, floats equal to UNSET_DOUBLE, Decimals equal to
# UNSET_DECIMAL, and falsy strings/bools. The rules are generated code
# (``_RULE_CODE``); these helpers serve the rules too long for one line.


def _set_i(m: Any, name: str, val: Any) -> None:
    if val != UNSET_INTEGER:
        if type(val) is not int:
            val = to_int(val, name)
        if val != UNSET_INTEGER:
            setattr(m, name, val)


def _set_f(m: Any, name: str, val: Any) -> None:
    if val != UNSET_DOUBLE:
        if type(val) is not float:
            val = to_float(val, name)
        if val != UNSET_DOUBLE:
            setattr(m, name, val)


def _set_d(m: Any, name: str, val: Any) -> None:
    # Decimal quantities travel as their plain text
    if val is None:
        raise Unsendable(NONE_TEXT)
    if val != UNSET_DECIMAL:
        try:
            d = Decimal(str(val)) if type(val) is float else Decimal(val)
        except (ArithmeticError, TypeError, ValueError):
            raise Unsendable(f"Cannot send {val!r:.60} to TWS as a decimal for {name}") from None
        setattr(m, name, f"{d:f}")


def _set_m(m: Any, name: str, val: Any) -> None:
    if val:
        target = getattr(m, name)
        for tv in val:
            tag, value = tv.tag, tv.value
            target[tag if type(tag) is str else to_text(tag, name)] = (
                value if type(value) is str else to_text(value, name))


def _set_c(m: Any, name: str, val: Any) -> None:
    contract_proto(val, None, getattr(m, name))


Spec = Callable[[Any, Any], None]

# One line of generated code per rule: the tables below become straight-line
# functions (no per-field calls or lookups), which matters for placeOrder's
# ~150 fields. ``{f}`` is the protobuf field, ``{x}`` the value expression.
# A value not of the field's exact type goes through the loose-value coercion of
# :mod:`.fields` first (a price given as "1.10", a conId as "265598"), so the
# "unset" and truthiness rules see what TWS would have read.
_NUMBER_CODE = ("v = {x}\n    if type(v) is {T}:\n        if v != {U}: m.{f} = v\n    elif v != {U}:\n"
                "        v = {C}(v, '{f}', {U})\n        if v != {U}: m.{f} = v")
_RULE_CODE = {
    # numbers: left out when equal to the rule's "unset" sentinel, before and after coercion
    "i": _NUMBER_CODE.replace("{U}", "UNSET_INTEGER"),
    "l": _NUMBER_CODE.replace("{U}", "UNSET_LONG"),
    "f": _NUMBER_CODE.replace("{U}", "UNSET_DOUBLE"),
    # text: left out when falsy (as the official client does), else its text form
    "t": "v = {x}\n    if v: m.{f} = v if type(v) is str else to_text(v, '{f}')",
    # flag: left out when falsy; a true value must read as a non-zero integer ("0" is false)
    "o": "v = {x}\n    if v:\n        if type(v) is not bool: v = to_bool(v, '{f}')\n        if v: m.{f} = v",
    "d": "_set_d(m, '{f}', {x})",
    "n": "v = {x}\n    if v is not None: m.{f} = 1 if v else 0",
    "m": "_set_m(m, '{f}', {x})",
    "c": "_set_c(m, '{f}', {x})",
}
_SCOPE: dict[str, Any] = {"UNSET_INTEGER": UNSET_INTEGER, "UNSET_LONG": UNSET_LONG, "UNSET_DOUBLE": UNSET_DOUBLE,
                          "_set_d": _set_d, "_set_m": _set_m, "_set_c": _set_c, "to_int": to_int,
                          "to_float": to_float, "to_text": to_text, "to_bool": to_bool}
_FD = FieldDescriptor
_BOOL = _FD.TYPE_BOOL
#: a number field's Python type and coercion, by protobuf field type (the rule gives only the sentinel:
#: the official client checks some double fields against the int sentinel and the other way round)
_NUMBER_TYPES = {_FD.TYPE_INT32: ("int", "to_int"), _FD.TYPE_SINT32: ("int", "to_int"),
                 _FD.TYPE_INT64: ("int", "to_int"), _FD.TYPE_DOUBLE: ("float", "to_float")}
#: the protobuf field types of the other rules (a rule on a field of another type is a bug in the tables)
_RULE_TYPES = {"t": {_FD.TYPE_STRING}, "o": {_BOOL}, "d": {_FD.TYPE_STRING}, "n": {_FD.TYPE_INT32, _BOOL}}


def _generate(header: str, msg_cls: Any, rows: Sequence[tuple[str, str]], prologue: str = "", **names: Any) -> Any:
    """Compile ``header`` + one rule line per ``(field:rule, value expression)``; returns ``m``.

    Each field's type comes from ``msg_cls``'s descriptor: it picks a number's
    coercion and turns the rule ``t`` (the default) into ``o`` on a boolean field.
    """
    lines = [header] + ([prologue] if prologue else [])
    fields = msg_cls.DESCRIPTOR.fields_by_name
    for fr, expr in rows:
        name, _, rule = fr.partition(":")
        rule = rule or "t"
        ftype = fields[name].type
        if rule == "t" and ftype == _BOOL:
            rule = "o"
        code = _RULE_CODE[rule]
        if rule in "ilf":
            if ftype not in _NUMBER_TYPES:
                raise TypeError(f"{msg_cls.__name__}.{name}: a number rule on field type {ftype}")
            t, c = _NUMBER_TYPES[ftype]
            code = code.replace("{T}", t).replace("{C}", c)
        elif rule in _RULE_TYPES and ftype not in _RULE_TYPES[rule]:
            raise TypeError(f"{msg_cls.__name__}.{name}: rule {rule!r} does not fit field type {ftype}")
        lines.append("    " + code.format(f=name, x=expr))
    lines.append("    return m")
    scope = dict(_SCOPE, **names)
    exec("\n".join(lines), scope)  # noqa: S102 - source built from the constant tables in this module
    return scope[header.split()[1].split("(")[0]]


def spec(cls: Any, *pairs: tuple[str, str]) -> Spec:
    """A generated filler ``(message, obj) -> None`` for messages of ``cls`` from ``(field:rule, attribute)`` pairs.

    Rules: ``i`` int unless unset, ``l`` long, ``f`` float, ``d`` Decimal as text,
    ``t`` (default) text or flag when truthy, ``n`` optional bool as 1/0,
    ``m`` tag-value map, ``c`` contract sub-message.
    """
    return _generate("def fill(m, o):", cls, [(fr, "o." + attr) for fr, attr in pairs])  # type: ignore[no-any-return]


def fill(m: Any, table: Spec, obj: Any) -> Any:
    """Set the fields of message ``m`` from ``obj`` by ``table``; returns ``m``."""
    table(m, obj)
    return m


def pb(cls: Any, fields: str) -> Callable[..., Message]:
    """A builder taking the request's arguments in order; ``fields`` names the field
    and rule for each (``reqId:i contract:c genericTickList``)."""
    names = fields.split()
    params = ", ".join(f"a{i}" for i in range(len(names)))
    rows = [(fr, f"a{i}") for i, fr in enumerate(names)]
    return _generate(f"def build({params}):", cls, rows, "    m = cls()", cls=cls)  # type: ignore[no-any-return]


_CONTRACT = spec(Contract_pb2.Contract,
    ("conId:i", "conId"), ("symbol", "symbol"), ("secType", "secType"),
    ("lastTradeDateOrContractMonth", "lastTradeDateOrContractMonth"), ("strike:f", "strike"), ("right", "right"),
)
_CONTRACT2 = spec(Contract_pb2.Contract,
    ("exchange", "exchange"), ("primaryExch", "primaryExchange"), ("currency", "currency"),
    ("localSymbol", "localSymbol"), ("tradingClass", "tradingClass"), ("secIdType", "secIdType"), ("secId", "secId"),
    ("includeExpired", "includeExpired"), ("comboLegsDescrip", "comboLegsDescrip"), ("description", "description"),
    ("issuerId", "issuerId"),
)
_COMBO_LEG = spec(ComboLeg_pb2.ComboLeg,
    ("conId:i", "conId"), ("ratio:i", "ratio"), ("action", "action"), ("exchange", "exchange"),
    ("openClose:i", "openClose"), ("shortSalesSlot:i", "shortSaleSlot"), ("designatedLocation", "designatedLocation"),
    ("exemptCode:i", "exemptCode"),
)


def contract_proto(contract: Any, order: Any, into: Any = None) -> Any:
    """The Contract message (built in ``into`` if given); combo legs carry the order's per-leg prices."""
    m = fill(Contract_pb2.Contract() if into is None else into, _CONTRACT, contract)
    m.SetInParent()
    if contract.multiplier:
        m.multiplier = float(contract.multiplier)
    fill(m, _CONTRACT2, contract)
    legs = contract.comboLegs
    order_legs = order.orderComboLegs if order is not None else None
    if legs:
        for i, leg in enumerate(legs):
            lp = fill(ComboLeg_pb2.ComboLeg(), _COMBO_LEG, leg)
            price = order_legs[i].price if order_legs is not None and i < len(order_legs) else UNSET_DOUBLE
            _set_f(lp, "perLegPrice", price)
            m.comboLegs.append(lp)
    dn = contract.deltaNeutralContract
    if dn is not None:
        d = m.deltaNeutralContract
        d.SetInParent()
        _set_i(d, "conId", dn.conId)
        _set_f(d, "delta", dn.delta)
        _set_f(d, "price", dn.price)
    return m


# --- text building helpers -------------------------------------------------------------


def contract_fields(c: Any, con_id: bool = True, primary: bool = True, trading_class: bool = True) -> str:
    """The common contract block: [conId] symbol ... exchange [primaryExchange] currency localSymbol [tradingClass]."""
    s = F(c.conId) if con_id else ""
    s += (F(c.symbol) + F(c.secType) + F(c.lastTradeDateOrContractMonth) + FE(c.strike) + F(c.right)
          + F(c.multiplier) + F(c.exchange))
    if primary:
        s += F(c.primaryExchange)
    s += F(c.currency) + F(c.localSymbol)
    if trading_class:
        s += F(c.tradingClass)
    return s


def tag_values_text(tags: Any) -> str:
    """Options lists go as one field of concatenated ``tag=value;`` pairs."""
    return "".join(str(t) for t in tags) if tags else ""


def not_supported_options(options: Any) -> str:
    # the official client rejects non-empty options for these requests
    if options:
        raise NotImplementedError("not supported")
    return F("")


def bag_legs(c: Any) -> str:
    if c.secType != "BAG":
        return ""
    legs = c.comboLegs or []
    s = F(len(legs))
    for leg in legs:
        s += F(leg.conId) + F(leg.ratio) + F(leg.action) + F(leg.exchange)
    return s


def delta_neutral(c: Any) -> str:
    dn = c.deltaNeutralContract
    if dn:
        return F(True) + F(dn.conId) + F(dn.delta) + F(dn.price)
    return F(False)


# --- the request table ------------------------------------------------------------------

TextEncoder = Callable[..., str]
ProtoBuilder = Callable[..., Message]
ProtoCheck = Callable[[int, Any], "Refusal | None"]


@dataclass(frozen=True)
class Request:
    """Everything about one request kind.

    ``ids`` says which argument is reported as the request id when the client
    is not connected, when text is rejected (579), and on a sending error:
    one character each, ``n`` for -1 or the argument's index.
    ``proto_id`` names the protobuf field holding the id reported on the
    protobuf path (``""``: -1), with ``proto_id_default`` when it is unset.
    """

    name: str
    msg_id: int
    fail: E.CodeMsgPair
    text: TextEncoder | None
    proto: ProtoBuilder | None
    ids: str = "nnn"
    proto_method: str = ""
    proto_id: str = "reqId"
    proto_id_default: int = NO_VALID_ID
    proto_check: ProtoCheck | None = None
    catches_client_exception: bool = True
    #: the sending-error code of the ``<request>ProtoBuf`` method where it differs from ``fail``
    proto_fail: E.CodeMsgPair | None = None

    def arg_id(self, which: int, args: Sequence[Any]) -> Any:
        """The id to report: -1, or the argument exactly as the caller gave it.

        The official client passes the caller's value through unconverted (a
        ``None`` or ``"7"`` request id comes back as such), and converting it
        here could itself fail while reporting another failure.
        """
        c = self.ids[which]
        return NO_VALID_ID if c == "n" else args[int(c)]

    def message_id(self, m: Any) -> int:
        # not a message at all (a caller's mistake): -1, and serializing it reports the error
        desc = getattr(m, "DESCRIPTOR", None)
        if not self.proto_id or desc is None or self.proto_id not in desc.fields_by_name:
            return NO_VALID_ID
        return int(getattr(m, self.proto_id)) if m.HasField(self.proto_id) else self.proto_id_default

    def encode(self, sv: int, *args: Any) -> bytes:
        """The whole frame for ``args`` at server version ``sv`` (raises on refusal)."""
        if self.proto is not None and (self.text is None or request_uses_protobuf(self.msg_id, sv)):
            m = self.proto(*args)
            if self.proto_check is not None:
                r = self.proto_check(sv, m)
                if r is not None:
                    raise r
            return proto_frame(self.msg_id, m)
        assert self.text is not None
        return text_frame(self.msg_id, self.text(sv, *args), sv)


REQUESTS: dict[str, Request] = {}


def request(name: str, msg_id: int, fail: E.CodeMsgPair, proto: ProtoBuilder | None, ids: str = "nnn",
            proto_method: str = "", **kw: Any) -> Callable[[TextEncoder], TextEncoder]:
    """Register the decorated text encoder (and protobuf builder) as request ``name``."""

    def deco(fn: TextEncoder) -> TextEncoder:
        pm = proto_method or (name + "ProtoBuf" if proto is not None else "")
        REQUESTS[name] = Request(name, msg_id, fail, fn, proto, ids, pm, **kw)
        return fn

    return deco


def proto_only(name: str, msg_id: int, fail: E.CodeMsgPair, proto: ProtoBuilder, proto_method: str,
               **kw: Any) -> None:
    REQUESTS[name] = Request(name, msg_id, fail, None, proto, "0n0", proto_method, **kw)


def _gate(sv: int, since: int, req_id: int, what: str) -> None:
    if sv < since:
        raise too_old(req_id, what)


# connection and session ...........................................................

@request("startApi", OUT.START_API, E.FAIL_SEND_STARTAPI, pb(StartApiRequest_pb2.StartApiRequest, "clientId:i optionalCapabilities"))
def start_api(sv: int, client_id: int, optional_capabilities: str | None) -> str:
    return F(2) + F(client_id) + F(optional_capabilities if optional_capabilities is not None else "")


@request("reqCurrentTime", OUT.REQ_CURRENT_TIME, E.FAIL_SEND_REQCURRTIME, pb(CurrentTimeRequest_pb2.CurrentTimeRequest, ""),
         catches_client_exception=False)
def req_current_time(sv: int) -> str:
    return F(1)


@request("reqCurrentTimeInMillis", OUT.REQ_CURRENT_TIME_IN_MILLIS, E.FAIL_SEND_REQCURRTIMEINMILLIS,
         pb(CurrentTimeInMillisRequest_pb2.CurrentTimeInMillisRequest, ""), catches_client_exception=False)
def req_current_time_in_millis(sv: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_CURRENT_TIME_IN_MILLIS, NO, " It does not support current time in millis requests.")
    return ""


@request("reqIds", OUT.REQ_IDS, E.FAIL_SEND_CORDER, pb(IdsRequest_pb2.IdsRequest, "numIds:i"), catches_client_exception=False)
def req_ids(sv: int, num_ids: int) -> str:
    return F(1) + F(num_ids)


@request("reqManagedAccts", OUT.REQ_MANAGED_ACCTS, E.FAIL_SEND_OORDER, pb(ManagedAccountsRequest_pb2.ManagedAccountsRequest, ""),
         catches_client_exception=False, proto_fail=E.FAIL_SEND_ACCT)
def req_managed_accts(sv: int) -> str:
    return F(1)


@request("setServerLogLevel", OUT.SET_SERVER_LOGLEVEL, E.FAIL_SEND_SERVER_LOG_LEVEL,
         pb(SetServerLogLevelRequest_pb2.SetServerLogLevelRequest, "logLevel:i"), catches_client_exception=False)
def set_server_log_level(sv: int, level: int) -> str:
    return F(1) + F(level)


# market data ..............................................................................

@request("reqMktData", OUT.REQ_MKT_DATA, E.FAIL_SEND_REQMKT,
         pb(MarketDataRequest_pb2.MarketDataRequest, "reqId:i contract:c genericTickList snapshot regulatorySnapshot marketDataOptions:m"),
         "000", "reqMarketDataProtoBuf")
def req_mkt_data(sv: int, req_id: int, c: Any, generic_ticks: str, snapshot: bool, regulatory: bool, options: Any) -> str:
    s = F(11) + F(req_id) + contract_fields(c, primary=True) + bag_legs(c) + delta_neutral(c)
    s += F(generic_ticks) + F(snapshot)
    if sv >= v.MIN_SERVER_VER_REQ_SMART_COMPONENTS:
        s += F(regulatory)
    return s + not_supported_options(options)


@request("cancelMktData", OUT.CANCEL_MKT_DATA, E.FAIL_SEND_CANMKT, pb(CancelMarketData_pb2.CancelMarketData, "reqId:i"),
         "000", "cancelMarketDataProtoBuf", catches_client_exception=False)
def cancel_mkt_data(sv: int, req_id: int) -> str:
    return F(2) + F(req_id)


@request("reqMarketDataType", OUT.REQ_MARKET_DATA_TYPE, E.FAIL_SEND_REQMARKETDATATYPE,
         pb(MarketDataTypeRequest_pb2.MarketDataTypeRequest, "marketDataType:i"), proto_id="",
         catches_client_exception=False)
def req_market_data_type(sv: int, kind: int) -> str:
    return F(1) + F(kind)


@request("reqSmartComponents", OUT.REQ_SMART_COMPONENTS, E.FAIL_SEND_REQSMARTCOMPONENTS,
         pb(SmartComponentsRequest_pb2.SmartComponentsRequest, "reqId:i bboExchange"), "n00")
def req_smart_components(sv: int, req_id: int, bbo_exchange: str) -> str:
    _gate(sv, v.MIN_SERVER_VER_REQ_SMART_COMPONENTS, NO, "  It does not support smart components request.")
    return F(req_id) + F(bbo_exchange)


@request("reqMarketRule", OUT.REQ_MARKET_RULE, E.FAIL_SEND_REQMARKETRULE,
         pb(MarketRuleRequest_pb2.MarketRuleRequest, "marketRuleId:i"), proto_id="", catches_client_exception=False)
def req_market_rule(sv: int, rule_id: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_MARKET_RULES, NO, " It does not support market rule requests.")
    return F(rule_id)


@request("reqTickByTickData", OUT.REQ_TICK_BY_TICK_DATA, E.FAIL_SEND_REQTICKBYTICKDATA,
         pb(TickByTickRequest_pb2.TickByTickRequest, "reqId:i contract:c tickType numberOfTicks:i ignoreSize"), "n00")
def req_tick_by_tick_data(sv: int, req_id: int, c: Any, tick_type: str, n: int, ignore_size: bool) -> str:
    _gate(sv, v.MIN_SERVER_VER_TICK_BY_TICK, NO, " It does not support tick-by-tick data requests.")
    if sv < v.MIN_SERVER_VER_TICK_BY_TICK_IGNORE_SIZE:
        raise too_old(NO, " It does not support ignoreSize and numberOfTicks parameters in tick-by-tick data requests.")
    return F(req_id) + contract_fields(c) + F(tick_type) + F(n) + F(ignore_size)


@request("cancelTickByTickData", OUT.CANCEL_TICK_BY_TICK_DATA, E.FAIL_SEND_CANCELTICKBYTICKDATA,
         pb(CancelTickByTick_pb2.CancelTickByTick, "reqId:i"), "n00", "cancelTickByTickProtoBuf",
         catches_client_exception=False)
def cancel_tick_by_tick_data(sv: int, req_id: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_TICK_BY_TICK, NO, " It does not support tick-by-tick data requests.")
    return F(req_id)


@request("reqMktDepthExchanges", OUT.REQ_MKT_DEPTH_EXCHANGES, E.FAIL_SEND_REQMKTDEPTHEXCHANGES,
         pb(MarketDepthExchangesRequest_pb2.MarketDepthExchangesRequest, ""), proto_method="reqMarketDepthExchangesProtoBuf",
         proto_id="", catches_client_exception=False)
def req_mkt_depth_exchanges(sv: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_REQ_MKT_DEPTH_EXCHANGES, NO, "  It does not support market depth exchanges request.")
    return ""


@request("reqMktDepth", OUT.REQ_MKT_DEPTH, E.FAIL_SEND_REQMKTDEPTH,
         pb(MarketDepthRequest_pb2.MarketDepthRequest, "reqId:i contract:c numRows:i isSmartDepth marketDepthOptions:m"),
         "n00", "reqMarketDepthProtoBuf")
def req_mkt_depth(sv: int, req_id: int, c: Any, num_rows: int, smart: bool, options: Any) -> str:
    if sv < v.MIN_SERVER_VER_SMART_DEPTH and smart:
        raise too_old(req_id, " It does not support SMART depth request.")
    if sv < v.MIN_SERVER_VER_MKT_DEPTH_PRIM_EXCHANGE and c.primaryExchange:
        raise too_old(req_id, " It does not support primaryExchange parameter in reqMktDepth.")
    s = F(5) + F(req_id) + contract_fields(c, primary=sv >= v.MIN_SERVER_VER_MKT_DEPTH_PRIM_EXCHANGE) + F(num_rows)
    if sv >= v.MIN_SERVER_VER_SMART_DEPTH:
        s += F(smart)
    return s + not_supported_options(options)


@request("cancelMktDepth", OUT.CANCEL_MKT_DEPTH, E.FAIL_SEND_CANMKTDEPTH,
         pb(CancelMarketDepth_pb2.CancelMarketDepth, "reqId:i isSmartDepth"), "n00", "cancelMarketDepthProtoBuf",
         catches_client_exception=False)
def cancel_mkt_depth(sv: int, req_id: int, smart: bool) -> str:
    if sv < v.MIN_SERVER_VER_SMART_DEPTH and smart:
        raise too_old(req_id, " It does not support SMART depth cancel.")
    s = F(1) + F(req_id)
    if sv >= v.MIN_SERVER_VER_SMART_DEPTH:
        s += F(smart)
    return s


# options calculations .....................................................................

def _calc(sv: int, req_id: int, c: Any, a: float, b: float, options: Any) -> str:
    return F(3) + F(req_id) + contract_fields(c) + F(a) + F(b) + not_supported_options(options)


@request("calculateImpliedVolatility", OUT.REQ_CALC_IMPLIED_VOLAT, E.FAIL_SEND_REQCALCIMPLIEDVOLAT,
         pb(CalculateImpliedVolatilityRequest_pb2.CalculateImpliedVolatilityRequest,
            "reqId:i contract:c optionPrice:f underPrice:f impliedVolatilityOptions:m"), "000")
def calculate_implied_volatility(sv: int, req_id: int, c: Any, option_price: float, under_price: float, opts: Any) -> str:
    return _calc(sv, req_id, c, option_price, under_price, opts)


@request("calculateOptionPrice", OUT.REQ_CALC_OPTION_PRICE, E.FAIL_SEND_REQCALCOPTIONPRICE,
         pb(CalculateOptionPriceRequest_pb2.CalculateOptionPriceRequest,
            "reqId:i contract:c volatility:f underPrice:f optionPriceOptions:m"), "000")
def calculate_option_price(sv: int, req_id: int, c: Any, volatility: float, under_price: float, opts: Any) -> str:
    return _calc(sv, req_id, c, volatility, under_price, opts)


@request("cancelCalculateImpliedVolatility", OUT.CANCEL_CALC_IMPLIED_VOLAT, E.FAIL_SEND_CANCALCIMPLIEDVOLAT,
         pb(CancelCalculateImpliedVolatility_pb2.CancelCalculateImpliedVolatility, "reqId:i"), "000",
         catches_client_exception=False)
def cancel_calculate_implied_volatility(sv: int, req_id: int) -> str:
    return F(1) + F(req_id)


@request("cancelCalculateOptionPrice", OUT.CANCEL_CALC_OPTION_PRICE, E.FAIL_SEND_CANCALCOPTIONPRICE,
         pb(CancelCalculateOptionPrice_pb2.CancelCalculateOptionPrice, "reqId:i"), "000", catches_client_exception=False)
def cancel_calculate_option_price(sv: int, req_id: int) -> str:
    return F(1) + F(req_id)


_exercise_pb = pb(ExerciseOptionsRequest_pb2.ExerciseOptionsRequest,
                  "orderId:i contract:c exerciseAction:i exerciseQuantity:i account override manualOrderTime "
                  "customerAccount professionalCustomer")


def _exercise_proto(req_id: int, c: Any, action: int, qty: int, account: str, override: int, manual_time: str,
                    customer_account: str, professional: bool) -> Message:
    # the official client passes ``override != 0`` (any value but 0 is true, never an error)
    return _exercise_pb(req_id, c, action, qty, account, override != 0, manual_time, customer_account, professional)


@request("exerciseOptions", OUT.EXERCISE_OPTIONS, E.FAIL_SEND_REQMKT, _exercise_proto, "000", proto_id="orderId")
def exercise_options(sv: int, req_id: int, c: Any, action: int, qty: int, account: str, override: int,
                     manual_time: str, customer_account: str, professional: bool) -> str:
    if sv < v.MIN_SERVER_VER_MANUAL_ORDER_TIME_EXERCISE_OPTIONS and manual_time:
        raise too_old(req_id, "  It does not support manual order time parameter in exerciseOptions.")
    if sv < v.MIN_SERVER_VER_CUSTOMER_ACCOUNT and customer_account:
        raise too_old(req_id, "  It does not support customer account parameter in exerciseOptions.")
    if sv < v.MIN_SERVER_VER_PROFESSIONAL_CUSTOMER and professional:
        raise too_old(req_id, "  It does not support professional customer parameter in exerciseOptions.")
    s = F(2) + F(req_id) + contract_fields(c, primary=False)
    s += F(action) + F(qty) + F(account) + F(override)
    if sv >= v.MIN_SERVER_VER_MANUAL_ORDER_TIME_EXERCISE_OPTIONS:
        s += F(manual_time)
    if sv >= v.MIN_SERVER_VER_CUSTOMER_ACCOUNT:
        s += F(customer_account)
    if sv >= v.MIN_SERVER_VER_PROFESSIONAL_CUSTOMER:
        s += F(professional)
    return s


# orders ........................................................................................


def _s(fr: str) -> tuple[str, str]:
    """A (field:rule, attribute) pair where the field and attribute share a name."""
    return fr, fr.partition(":")[0]


_ORDER = spec(Order_pb2.Order,
    _s("clientId:i"), _s("permId:l"), _s("parentId:i"), _s("action"), _s("totalQuantity:d"),
    _s("displaySize:i"), _s("orderType"), _s("lmtPrice:f"), _s("auxPrice:f"), _s("tif"), _s("account"),
    _s("settlingFirm"), _s("clearingAccount"), _s("clearingIntent"), _s("allOrNone"), _s("blockOrder"),
    _s("hidden"), _s("outsideRth"), _s("sweepToFill"), _s("percentOffset:f"), _s("trailingPercent:f"),
    _s("trailStopPrice:f"), _s("minQty:i"), _s("goodAfterTime"), _s("goodTillDate"), _s("ocaGroup"),
    _s("orderRef"), _s("rule80A"), _s("ocaType:i"), _s("triggerMethod:i"), _s("activeStartTime"),
    _s("activeStopTime"), _s("faGroup"), _s("faMethod"), _s("faPercentage"), _s("volatility:f"),
    _s("volatilityType:i"), _s("continuousUpdate"), _s("referencePriceType:i"), _s("deltaNeutralOrderType"),
    _s("deltaNeutralAuxPrice:f"), _s("deltaNeutralConId:i"), _s("deltaNeutralOpenClose"),
    _s("deltaNeutralShortSale"), _s("deltaNeutralShortSaleSlot:i"), _s("deltaNeutralDesignatedLocation"),
    _s("scaleInitLevelSize:i"), _s("scaleSubsLevelSize:i"), _s("scalePriceIncrement:f"),
    _s("scalePriceAdjustValue:f"), _s("scalePriceAdjustInterval:i"), _s("scaleProfitOffset:f"),
    _s("scaleAutoReset"), _s("scaleInitPosition:i"), _s("scaleInitFillQty:i"), _s("scaleRandomPercent"),
    _s("scaleTable"), _s("hedgeType"), _s("hedgeParam"), _s("hedgeMaxSize:i"), _s("algoStrategy"),
    _s("algoParams:m"), _s("algoId"), _s("smartComboRoutingParams:m"), _s("whatIf"), _s("transmit"),
    _s("overridePercentageConstraints"), _s("openClose"), _s("origin:i"), _s("shortSaleSlot:i"),
    _s("designatedLocation"), _s("exemptCode:i"), _s("deltaNeutralSettlingFirm"),
    _s("deltaNeutralClearingAccount"), _s("deltaNeutralClearingIntent"), _s("discretionaryAmt:i"),
    _s("optOutSmartRouting"), _s("exemptCode:i"), _s("startingPrice:f"), _s("stockRefPrice:f"), _s("delta:f"),
    _s("stockRangeLower:f"), _s("stockRangeUpper:f"), _s("notHeld"), _s("orderMiscOptions:m"), _s("solicited"),
    _s("randomizeSize"), _s("randomizePrice"), _s("referenceContractId:i"), _s("peggedChangeAmount:f"),
    _s("isPeggedChangeAmountDecrease"), _s("referenceChangeAmount:f"), _s("referenceExchangeId"),
    _s("adjustedOrderType"), _s("triggerPrice:f"), _s("adjustedStopPrice:f"), _s("adjustedStopLimitPrice:f"),
    _s("adjustedTrailingAmount:f"), _s("adjustableTrailingUnit:i"), _s("lmtPriceOffset:f"),
    _s("conditionsCancelOrder"), _s("conditionsIgnoreRth"), _s("conditionsIncludeOvernight"), _s("modelCode"),
    _s("extOperator"), _s("cashQty:f"), _s("mifid2DecisionMaker"), _s("mifid2DecisionAlgo"),
    _s("mifid2ExecutionTrader"), _s("mifid2ExecutionAlgo"), _s("dontUseAutoPriceForHedge"),
    _s("isOmsContainer"), _s("discretionaryUpToLimitPrice"), _s("usePriceMgmtAlgo:n"), _s("duration:i"),
    _s("postToAts:i"), _s("advancedErrorOverride"), _s("manualOrderTime"), _s("minTradeQty:i"),
    _s("minCompeteSize:i"), _s("competeAgainstBestOffset:f"), _s("midOffsetAtWhole:f"), _s("midOffsetAtHalf:f"),
    _s("customerAccount"), _s("professionalCustomer"), _s("bondAccruedInterest"), _s("includeOvernight"),
    _s("manualOrderIndicator:i"), _s("submitter"), _s("autoCancelParent"), _s("imbalanceOnly"), _s("postOnly"),
    _s("allowPreOpen"), _s("ignoreOpenAuction"), _s("deactivate"), _s("seekPriceImprovement:n"),
    _s("whatIfType:i"), _s("routeMarketableToBbo:n"),
)

_ATTACHED = spec(AttachedOrders_pb2.AttachedOrders, _s("slOrderId:i"), _s("slOrderType"), _s("ptOrderId:i"), _s("ptOrderType"))
_SOFT_DOLLAR = spec(SoftDollarTier_pb2.SoftDollarTier, _s("name"), ("value", "val"), _s("displayName"))
_ORDER_CANCEL = spec(OrderCancel_pb2.OrderCancel, _s("manualOrderCancelTime"), _s("extOperator"), _s("manualOrderIndicator:i"))


_COND_EXECUTION = spec(OrderCondition_pb2.OrderCondition, _s("secType"), _s("exchange"), _s("symbol"))
_COND_CONTRACT = spec(OrderCondition_pb2.OrderCondition, _s("conId:i"), _s("exchange"))
_OC = OrderCondition_pb2.OrderCondition
_COND_VALUE = {
    1: spec(_OC, _s("price:f"), _s("triggerMethod:i")), 3: spec(_OC, _s("time")), 4: spec(_OC, _s("percent:f")),
    6: spec(_OC, _s("volume:i")), 7: spec(_OC, _s("changePercent:f")),
}


def condition_proto(cond: Any) -> Any:
    from ..model.condition import ContractCondition, ExecutionCondition, OperatorCondition

    m = OrderCondition_pb2.OrderCondition()
    _set_i(m, "type", cond.condType)
    m.isConjunctionConnection = cond.isConjunctionConnection
    if isinstance(cond, ExecutionCondition):
        return fill(m, _COND_EXECUTION, cond)
    if isinstance(cond, OperatorCondition):
        m.isMore = cond.isMore
    if isinstance(cond, ContractCondition):
        fill(m, _COND_CONTRACT, cond)
    value = _COND_VALUE.get(cond.condType)
    if value is not None:
        fill(m, value, cond)
    return m


def order_proto(o: Any, into: Any = None) -> Any:
    m = fill(Order_pb2.Order() if into is None else into, _ORDER, o)
    m.SetInParent()
    if o.conditions:
        try:
            m.conditions.extend(condition_proto(c) for c in o.conditions)
        except Exception:
            raise ClientException(E.ERROR_ENCODING_PROTOBUF.code(), E.ERROR_ENCODING_PROTOBUF.msg(),
                                  "Error encoding conditions") from None
    if o.softDollarTier is not None:
        m.softDollarTier.SetInParent()
        fill(m.softDollarTier, _SOFT_DOLLAR, o.softDollarTier)
    return m


def order_cancel_proto(oc: Any) -> Any:
    return None if oc is None else fill(OrderCancel_pb2.OrderCancel(), _ORDER_CANCEL, oc)

COMPETE_AGAINST_BEST_OFFSET_UP_TO_MID = float("inf")


def condition_fields(cond: Any) -> str:
    """The text fields of one order condition (after its type code)."""
    from ..model.condition import ContractCondition, ExecutionCondition, OperatorCondition, PriceCondition

    s = F("a" if cond.isConjunctionConnection else "o")
    if isinstance(cond, ExecutionCondition):
        return s + F(cond.secType) + F(cond.exchange) + F(cond.symbol)
    if isinstance(cond, OperatorCondition):
        s += F(cond.isMore) + F(cond.valueToString())
        if isinstance(cond, ContractCondition):
            s += F(cond.conId) + F(cond.exchange)
            if isinstance(cond, PriceCondition):
                s += F(cond.triggerMethod)
    return s


def _is_peg_bench(t: str) -> bool:
    return t in ("PEG BENCH", "PEGBENCH")


def _is_peg_mid(t: str) -> bool:
    return t in ("PEG MID", "PEGMID")


def _is_peg_best(t: str) -> bool:
    return t in ("PEG BEST", "PEGBEST")


_ORDER_GATES: tuple[tuple[int, Callable[[Any], bool], str], ...] = (
    (v.MIN_SERVER_VER_MODELS_SUPPORT, lambda o: bool(o.modelCode), "  It does not support model code parameter."),
    (v.MIN_SERVER_VER_EXT_OPERATOR, lambda o: bool(o.extOperator), "  It does not support ext operator parameter"),
    (v.MIN_SERVER_VER_SOFT_DOLLAR_TIER, lambda o: bool(o.softDollarTier.name or o.softDollarTier.val),
     " It does not support soft dollar tier"),
    (v.MIN_SERVER_VER_CASH_QTY, lambda o: bool(o.cashQty), " It does not support cash quantity parameter"),
    (v.MIN_SERVER_VER_DECISION_MAKER, lambda o: o.mifid2DecisionMaker != "" or o.mifid2DecisionAlgo != "",
     " It does not support MIFID II decision maker parameters"),
    (v.MIN_SERVER_VER_MIFID_EXECUTION, lambda o: o.mifid2ExecutionTrader != "" or o.mifid2ExecutionAlgo != "",
     " It does not support MIFID II execution parameters"),
    (v.MIN_SERVER_VER_AUTO_PRICE_FOR_HEDGE, lambda o: bool(o.dontUseAutoPriceForHedge),
     " It does not support dontUseAutoPriceForHedge parameter"),
    (v.MIN_SERVER_VER_ORDER_CONTAINER, lambda o: bool(o.isOmsContainer), " It does not support oms container parameter"),
    (v.MIN_SERVER_VER_PRICE_MGMT_ALGO, lambda o: bool(o.usePriceMgmtAlgo),
     " It does not support Use price management algo requests"),
    (v.MIN_SERVER_VER_DURATION, lambda o: o.duration != UNSET_INTEGER, " It does not support duration attribute"),
    (v.MIN_SERVER_VER_POST_TO_ATS, lambda o: o.postToAts != UNSET_INTEGER, " It does not support postToAts attribute"),
    (v.MIN_SERVER_VER_AUTO_CANCEL_PARENT, lambda o: bool(o.autoCancelParent),
     " It does not support autoCancelParent attribute"),
    (v.MIN_SERVER_VER_ADVANCED_ORDER_REJECT, lambda o: bool(o.advancedErrorOverride),
     "  It does not support advanced error override attribute"),
    (v.MIN_SERVER_VER_MANUAL_ORDER_TIME, lambda o: bool(o.manualOrderTime),
     "  It does not support manual order time attribute"),
    (v.MIN_SERVER_VER_PEGBEST_PEGMID_OFFSETS,
     lambda o: (o.minTradeQty != UNSET_INTEGER or o.minCompeteSize != UNSET_INTEGER
                or o.competeAgainstBestOffset != UNSET_DOUBLE or o.midOffsetAtWhole != UNSET_DOUBLE
                or o.midOffsetAtHalf != UNSET_DOUBLE),
     "  It does not support PEG BEST / PEG MID order parameters: minTradeQty, minCompeteSize, "
     "competeAgainstBestOffset, midOffsetAtWhole and midOffsetAtHalf"),
    (v.MIN_SERVER_VER_CUSTOMER_ACCOUNT, lambda o: bool(o.customerAccount),
     "  It does not support customer account parameter"),
    (v.MIN_SERVER_VER_PROFESSIONAL_CUSTOMER, lambda o: bool(o.professionalCustomer),
     "  It does not support professional customer parameter"),
    (v.MIN_SERVER_VER_INCLUDE_OVERNIGHT, lambda o: bool(o.includeOvernight),
     "  It does not support include overnight parameter"),
)


def _place_order_checks(sv: int, order_id: int, c: Any, o: Any) -> None:
    for since, used, what in _ORDER_GATES:
        if sv < since and used(o):
            raise too_old(order_id, what)
    if sv < v.MIN_SERVER_VER_CME_TAGGING_FIELDS and o.manualOrderIndicator != UNSET_INTEGER:
        raise too_old(NO, " It does not support manual order indicator parameters")
    if sv < v.MIN_SERVER_VER_IMBALANCE_ONLY and o.imbalanceOnly:
        raise too_old(order_id, "  It does not support imbalance only parameter")


def _place_order_proto(order_id: int, c: Any, o: Any) -> Message:
    m = PlaceOrderRequest_pb2.PlaceOrderRequest()
    _set_i(m, "orderId", order_id)
    contract_proto(c, o, m.contract)
    order_proto(o, m.order)
    m.attachedOrders.SetInParent()
    fill(m.attachedOrders, _ATTACHED, o)
    return m


_ADDITIONAL_1 = ("deactivate", "postOnly", "allowPreOpen", "ignoreOpenAuction")
_ADDITIONAL_2 = ("routeMarketableToBbo", "seekPriceImprovement", "whatIfType")


def _place_order_proto_check(sv: int, m: Any) -> Refusal | None:
    order_id = m.orderId if m.HasField("orderId") else 0
    if m.HasField("order"):
        o = m.order
        gated = ((v.MIN_SERVER_VER_ADDITIONAL_ORDER_PARAMS_1, _ADDITIONAL_1),
                 (v.MIN_SERVER_VER_ADDITIONAL_ORDER_PARAMS_2, _ADDITIONAL_2),
                 (v.MIN_SERVER_VER_HEDGE_MAX_SIZE, ("hedgeMaxSize",)),
                 (v.UNIFIED_VERSION_COND_ORDER_WITH_OVERNIGHT_PARAM, ("conditionsIncludeOvernight",)))
        for since, names in gated:
            if sv < since:
                for n in names:
                    if o.HasField(n):
                        return too_old(order_id, " The following order parameter is not supported by your TWS version - " + n)
    if m.HasField("attachedOrders") and sv < v.MIN_SERVER_VER_ATTACHED_ORDERS:
        for n in ("slOrderId", "slOrderType", "ptOrderId", "ptOrderType"):
            if m.attachedOrders.HasField(n):
                return too_old(order_id, " The following attached orders parameter is not supported by your TWS version - " + n)
    return None


@request("placeOrder", OUT.PLACE_ORDER, E.FAIL_SEND_ORDER, _place_order_proto, "000", proto_id="orderId",
         proto_id_default=0, proto_check=_place_order_proto_check)
def place_order(sv: int, order_id: int, c: Any, o: Any) -> str:
    _place_order_checks(sv, order_id, c, o)
    s = F(45) if sv < v.MIN_SERVER_VER_ORDER_CONTAINER else ""
    s += F(order_id) + contract_fields(c) + F(c.secIdType) + F(c.secId) + F(o.action)
    s += F(o.totalQuantity) if sv >= v.MIN_SERVER_VER_FRACTIONAL_POSITIONS else F(int(o.totalQuantity))
    s += F(o.orderType) + FE(o.lmtPrice) + FE(o.auxPrice)
    s += (F(o.tif) + F(o.ocaGroup) + F(o.account) + F(o.openClose) + F(o.origin) + F(o.orderRef) + F(o.transmit)
          + F(o.parentId) + F(o.blockOrder) + F(o.sweepToFill) + F(o.displaySize) + F(o.triggerMethod)
          + F(o.outsideRth) + F(o.hidden))
    if c.secType == "BAG":
        legs = c.comboLegs or []
        s += F(len(legs))
        for leg in legs:
            s += (F(leg.conId) + F(leg.ratio) + F(leg.action) + F(leg.exchange) + F(leg.openClose)
                  + F(leg.shortSaleSlot) + F(leg.designatedLocation) + F(leg.exemptCode))
        olegs = o.orderComboLegs or []
        s += F(len(olegs)) + "".join(FE(ol.price) for ol in olegs)
        params = o.smartComboRoutingParams or []
        s += F(len(params)) + "".join(F(t.tag) + F(t.value) for t in params)
    s += F("") + F(o.discretionaryAmt) + F(o.goodAfterTime) + F(o.goodTillDate) + F(o.faGroup) + F(o.faMethod)
    s += F(o.faPercentage)
    if sv < v.MIN_SERVER_VER_FA_PROFILE_DESUPPORT:
        s += F("")
    if sv >= v.MIN_SERVER_VER_MODELS_SUPPORT:
        s += F(o.modelCode)
    s += F(o.shortSaleSlot) + F(o.designatedLocation) + F(o.exemptCode) + F(o.ocaType)
    s += (F(o.rule80A) + F(o.settlingFirm) + F(o.allOrNone) + FE(o.minQty) + FE(o.percentOffset) + F(False)
          + F(False) + FE(UNSET_DOUBLE) + F(o.auctionStrategy) + FE(o.startingPrice) + FE(o.stockRefPrice)
          + FE(o.delta) + FE(o.stockRangeLower) + FE(o.stockRangeUpper) + F(o.overridePercentageConstraints)
          + FE(o.volatility) + FE(o.volatilityType) + F(o.deltaNeutralOrderType) + FE(o.deltaNeutralAuxPrice))
    if o.deltaNeutralOrderType:
        s += (F(o.deltaNeutralConId) + F(o.deltaNeutralSettlingFirm) + F(o.deltaNeutralClearingAccount)
              + F(o.deltaNeutralClearingIntent) + F(o.deltaNeutralOpenClose) + F(o.deltaNeutralShortSale)
              + F(o.deltaNeutralShortSaleSlot) + F(o.deltaNeutralDesignatedLocation))
    s += F(o.continuousUpdate) + FE(o.referencePriceType) + FE(o.trailStopPrice) + FE(o.trailingPercent)
    s += FE(o.scaleInitLevelSize) + FE(o.scaleSubsLevelSize) + FE(o.scalePriceIncrement)
    if o.scalePriceIncrement != UNSET_DOUBLE and o.scalePriceIncrement > 0.0:
        s += (FE(o.scalePriceAdjustValue) + FE(o.scalePriceAdjustInterval) + FE(o.scaleProfitOffset)
              + F(o.scaleAutoReset) + FE(o.scaleInitPosition) + FE(o.scaleInitFillQty) + F(o.scaleRandomPercent))
    s += F(o.scaleTable) + F(o.activeStartTime) + F(o.activeStopTime) + F(o.hedgeType)
    if o.hedgeType:
        s += F(o.hedgeParam)
    s += F(o.optOutSmartRouting) + F(o.clearingAccount) + F(o.clearingIntent) + F(o.notHeld) + delta_neutral(c)
    s += F(o.algoStrategy)
    if o.algoStrategy:
        params = o.algoParams or []
        s += F(len(params)) + "".join(F(t.tag) + F(t.value) for t in params)
    s += F(o.algoId) + F(o.whatIf) + F(tag_values_text(o.orderMiscOptions)) + F(o.solicited)
    s += F(o.randomizeSize) + F(o.randomizePrice)
    if sv >= v.MIN_SERVER_VER_PEGGED_TO_BENCHMARK:
        if _is_peg_bench(o.orderType):
            s += (F(o.referenceContractId) + F(o.isPeggedChangeAmountDecrease) + F(o.peggedChangeAmount)
                  + F(o.referenceChangeAmount) + F(o.referenceExchangeId))
        s += F(len(o.conditions))
        if len(o.conditions) > 0:
            for cond in o.conditions:
                s += F(cond.type()) + condition_fields(cond)
            s += F(o.conditionsIgnoreRth) + F(o.conditionsCancelOrder)
        s += (F(o.adjustedOrderType) + F(o.triggerPrice) + F(o.lmtPriceOffset) + F(o.adjustedStopPrice)
              + F(o.adjustedStopLimitPrice) + F(o.adjustedTrailingAmount) + F(o.adjustableTrailingUnit))
    if sv >= v.MIN_SERVER_VER_EXT_OPERATOR:
        s += F(o.extOperator)
    if sv >= v.MIN_SERVER_VER_SOFT_DOLLAR_TIER:
        s += F(o.softDollarTier.name) + F(o.softDollarTier.val)
    if sv >= v.MIN_SERVER_VER_CASH_QTY:
        s += F(o.cashQty)
    if sv >= v.MIN_SERVER_VER_DECISION_MAKER:
        s += F(o.mifid2DecisionMaker) + F(o.mifid2DecisionAlgo)
    if sv >= v.MIN_SERVER_VER_MIFID_EXECUTION:
        s += F(o.mifid2ExecutionTrader) + F(o.mifid2ExecutionAlgo)
    if sv >= v.MIN_SERVER_VER_AUTO_PRICE_FOR_HEDGE:
        s += F(o.dontUseAutoPriceForHedge)
    if sv >= v.MIN_SERVER_VER_ORDER_CONTAINER:
        s += F(o.isOmsContainer)
    if sv >= v.MIN_SERVER_VER_D_PEG_ORDERS:
        s += F(o.discretionaryUpToLimitPrice)
    if sv >= v.MIN_SERVER_VER_PRICE_MGMT_ALGO:
        s += FE(UNSET_INTEGER if o.usePriceMgmtAlgo is None else 1 if o.usePriceMgmtAlgo else 0)
    if sv >= v.MIN_SERVER_VER_DURATION:
        s += F(o.duration)
    if sv >= v.MIN_SERVER_VER_POST_TO_ATS:
        s += F(o.postToAts)
    if sv >= v.MIN_SERVER_VER_AUTO_CANCEL_PARENT:
        s += F(o.autoCancelParent)
    if sv >= v.MIN_SERVER_VER_ADVANCED_ORDER_REJECT:
        s += F(o.advancedErrorOverride)
    if sv >= v.MIN_SERVER_VER_MANUAL_ORDER_TIME:
        s += F(o.manualOrderTime)
    if sv >= v.MIN_SERVER_VER_PEGBEST_PEGMID_OFFSETS:
        mid = False
        if c.exchange == "IBKRATS":
            s += FE(o.minTradeQty)
        if _is_peg_best(o.orderType):
            s += FE(o.minCompeteSize) + FE(o.competeAgainstBestOffset)
            mid = o.competeAgainstBestOffset == COMPETE_AGAINST_BEST_OFFSET_UP_TO_MID
        elif _is_peg_mid(o.orderType):
            mid = True
        if mid:
            s += FE(o.midOffsetAtWhole) + FE(o.midOffsetAtHalf)
    if sv >= v.MIN_SERVER_VER_CUSTOMER_ACCOUNT:
        s += F(o.customerAccount)
    if sv >= v.MIN_SERVER_VER_PROFESSIONAL_CUSTOMER:
        s += F(o.professionalCustomer)
    if v.MIN_SERVER_VER_RFQ_FIELDS <= sv < v.MIN_SERVER_VER_UNDO_RFQ_FIELDS:
        s += F("") + F(UNSET_INTEGER)
    if sv >= v.MIN_SERVER_VER_INCLUDE_OVERNIGHT:
        s += F(o.includeOvernight)
    if sv >= v.MIN_SERVER_VER_CME_TAGGING_FIELDS:
        s += F(o.manualOrderIndicator)
    if sv >= v.MIN_SERVER_VER_IMBALANCE_ONLY:
        s += F(o.imbalanceOnly)
    return s


# ``None`` means no cancel attributes: the text form sends their defaults, the
# protobuf form leaves the sub-message out (as the official client does for None).
_NO_CANCEL = OrderCancel()


def _cancel_order_proto(order_id: int, oc: Any) -> Message:
    m = CancelOrderRequest_pb2.CancelOrderRequest()
    _set_i(m, "orderId", order_id)
    p = order_cancel_proto(oc)
    if p is not None:
        m.orderCancel.CopyFrom(p)
    return m


@request("cancelOrder", OUT.CANCEL_ORDER, E.FAIL_SEND_CORDER, _cancel_order_proto, "n00", proto_id="orderId",
         proto_id_default=NO)
def cancel_order(sv: int, order_id: int, oc: Any) -> str:
    oc = _NO_CANCEL if oc is None else oc
    if sv < v.MIN_SERVER_VER_MANUAL_ORDER_TIME and oc.manualOrderCancelTime:
        raise too_old(order_id, "  It does not support manual order cancel time attribute")
    if sv < v.MIN_SERVER_VER_CME_TAGGING_FIELDS and (oc.extOperator != "" or oc.manualOrderIndicator != UNSET_INTEGER):
        raise too_old(order_id, " It does not support ext operator and manual order indicator parameters")
    s = F(1) if sv < v.MIN_SERVER_VER_CME_TAGGING_FIELDS else ""
    s += F(order_id)
    if sv >= v.MIN_SERVER_VER_MANUAL_ORDER_TIME:
        s += F(oc.manualOrderCancelTime)
    if v.MIN_SERVER_VER_RFQ_FIELDS <= sv < v.MIN_SERVER_VER_UNDO_RFQ_FIELDS:
        s += F("") + F("") + F(UNSET_INTEGER)
    if sv >= v.MIN_SERVER_VER_CME_TAGGING_FIELDS:
        s += F(oc.extOperator) + F(oc.manualOrderIndicator)
    return s


def _global_cancel_proto(oc: Any) -> Message:
    m = GlobalCancelRequest_pb2.GlobalCancelRequest()
    p = order_cancel_proto(oc)
    if p is not None:
        m.orderCancel.CopyFrom(p)
    return m


@request("reqGlobalCancel", OUT.REQ_GLOBAL_CANCEL, E.FAIL_SEND_REQGLOBALCANCEL, _global_cancel_proto, proto_id="")
def req_global_cancel(sv: int, oc: Any) -> str:
    oc = _NO_CANCEL if oc is None else oc
    if sv < v.MIN_SERVER_VER_CME_TAGGING_FIELDS and (oc.extOperator != "" or oc.manualOrderIndicator != UNSET_INTEGER):
        raise too_old(NO, " It does not support ext operator and manual order indicator parameters")
    if sv < v.MIN_SERVER_VER_CME_TAGGING_FIELDS:
        return F(1)
    return F(oc.extOperator) + F(oc.manualOrderIndicator)


@request("reqOpenOrders", OUT.REQ_OPEN_ORDERS, E.FAIL_SEND_OORDER, pb(OpenOrdersRequest_pb2.OpenOrdersRequest, ""),
         proto_id="", catches_client_exception=False)
def req_open_orders(sv: int) -> str:
    return F(1)


@request("reqAutoOpenOrders", OUT.REQ_AUTO_OPEN_ORDERS, E.FAIL_SEND_OORDER,
         pb(AutoOpenOrdersRequest_pb2.AutoOpenOrdersRequest, "autoBind"), proto_id="", catches_client_exception=False)
def req_auto_open_orders(sv: int, auto_bind: bool) -> str:
    return F(1) + F(auto_bind)


@request("reqAllOpenOrders", OUT.REQ_ALL_OPEN_ORDERS, E.FAIL_SEND_OORDER, pb(AllOpenOrdersRequest_pb2.AllOpenOrdersRequest, ""),
         proto_id="", catches_client_exception=False)
def req_all_open_orders(sv: int) -> str:
    return F(1)


@request("reqCompletedOrders", OUT.REQ_COMPLETED_ORDERS, E.FAIL_SEND_REQCOMPLETEDORDERS,
         pb(CompletedOrdersRequest_pb2.CompletedOrdersRequest, "apiOnly"), proto_id="", catches_client_exception=False)
def req_completed_orders(sv: int, api_only: bool) -> str:
    return F(api_only)


# account and portfolio ...........................................................................

@request("reqAccountUpdates", OUT.REQ_ACCT_DATA, E.FAIL_SEND_ACCT,
         pb(AccountDataRequest_pb2.AccountDataRequest, "subscribe acctCode"), proto_id="")
def req_account_updates(sv: int, subscribe: bool, acct_code: str) -> str:
    return F(2) + F(subscribe) + F(acct_code)


@request("reqAccountSummary", OUT.REQ_ACCOUNT_SUMMARY, E.FAIL_SEND_REQACCOUNTDATA,
         pb(AccountSummaryRequest_pb2.AccountSummaryRequest, "reqId:i group tags"), "n00")
def req_account_summary(sv: int, req_id: int, group: str, tags: str) -> str:
    return F(1) + F(req_id) + F(group) + F(tags)


@request("cancelAccountSummary", OUT.CANCEL_ACCOUNT_SUMMARY, E.FAIL_SEND_CANACCOUNTDATA,
         pb(CancelAccountSummary_pb2.CancelAccountSummary, "reqId:i"), "n00", catches_client_exception=False)
def cancel_account_summary(sv: int, req_id: int) -> str:
    return F(1) + F(req_id)


@request("reqPositions", OUT.REQ_POSITIONS, E.FAIL_SEND_REQPOSITIONS, pb(PositionsRequest_pb2.PositionsRequest, ""),
         proto_id="", catches_client_exception=False)
def req_positions(sv: int) -> str:
    return F(1)


@request("cancelPositions", OUT.CANCEL_POSITIONS, E.FAIL_SEND_CANPOSITIONS, pb(CancelPositions_pb2.CancelPositions, ""),
         proto_id="", catches_client_exception=False)
def cancel_positions(sv: int) -> str:
    return F(1)


@request("reqPositionsMulti", OUT.REQ_POSITIONS_MULTI, E.FAIL_SEND_REQPOSITIONSMULTI,
         pb(PositionsMultiRequest_pb2.PositionsMultiRequest, "reqId:i account modelCode"), "n00")
def req_positions_multi(sv: int, req_id: int, account: str, model_code: str) -> str:
    _gate(sv, v.MIN_SERVER_VER_MODELS_SUPPORT, NO, "  It does not support positions multi request.")
    return F(1) + F(req_id) + F(account) + F(model_code)


@request("cancelPositionsMulti", OUT.CANCEL_POSITIONS_MULTI, E.FAIL_SEND_CANPOSITIONSMULTI,
         pb(CancelPositionsMulti_pb2.CancelPositionsMulti, "reqId:i"), "n00", catches_client_exception=False)
def cancel_positions_multi(sv: int, req_id: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_MODELS_SUPPORT, NO, "  It does not support cancel positions multi request.")
    return F(1) + F(req_id)


@request("reqAccountUpdatesMulti", OUT.REQ_ACCOUNT_UPDATES_MULTI, E.FAIL_SEND_REQACCOUNTUPDATESMULTI,
         pb(AccountUpdatesMultiRequest_pb2.AccountUpdatesMultiRequest, "reqId:i account modelCode ledgerAndNLV"), "n00")
def req_account_updates_multi(sv: int, req_id: int, account: str, model_code: str, ledger_and_nlv: bool) -> str:
    _gate(sv, v.MIN_SERVER_VER_MODELS_SUPPORT, NO, "  It does not support account updates multi request.")
    return F(1) + F(req_id) + F(account) + F(model_code) + F(ledger_and_nlv)


@request("cancelAccountUpdatesMulti", OUT.CANCEL_ACCOUNT_UPDATES_MULTI, E.FAIL_SEND_CANACCOUNTUPDATESMULTI,
         pb(CancelAccountUpdatesMulti_pb2.CancelAccountUpdatesMulti, "reqId:i"), "n00", catches_client_exception=False)
def cancel_account_updates_multi(sv: int, req_id: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_MODELS_SUPPORT, NO, "  It does not support cancel account updates multi request.")
    return F(1) + F(req_id)


@request("reqPnL", OUT.REQ_PNL, E.FAIL_SEND_REQPNL, pb(PnLRequest_pb2.PnLRequest, "reqId:i account modelCode"), "n00")
def req_pnl(sv: int, req_id: int, account: str, model_code: str) -> str:
    _gate(sv, v.MIN_SERVER_VER_PNL, NO, "  It does not support PnL request.")
    return F(req_id) + F(account) + F(model_code)


@request("cancelPnL", OUT.CANCEL_PNL, E.FAIL_SEND_CANCELPNL, pb(CancelPnL_pb2.CancelPnL, "reqId:i"), "n00",
         catches_client_exception=False)
def cancel_pnl(sv: int, req_id: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_PNL, NO, "  It does not support PnL request.")
    return F(req_id)


@request("reqPnLSingle", OUT.REQ_PNL_SINGLE, E.FAIL_SEND_REQPNLSINGLE,
         pb(PnLSingleRequest_pb2.PnLSingleRequest, "reqId:i account modelCode conId:i"), "n00")
def req_pnl_single(sv: int, req_id: int, account: str, model_code: str, con_id: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_PNL, NO, "  It does not support PnL request.")
    return F(req_id) + F(account) + F(model_code) + F(con_id)


@request("cancelPnLSingle", OUT.CANCEL_PNL_SINGLE, E.FAIL_SEND_CANCELPNLSINGLE,
         pb(CancelPnLSingle_pb2.CancelPnLSingle, "reqId:i"), "n00", catches_client_exception=False)
def cancel_pnl_single(sv: int, req_id: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_PNL, NO, "  It does not support PnL request.")
    return F(req_id)


_EXEC_FILTER = spec(ExecutionFilter_pb2.ExecutionFilter, _s("clientId:i"), _s("acctCode"), _s("time"), _s("symbol"), _s("secType"), _s("exchange"), _s("side"),
                _s("lastNDays:i"))


def _executions_proto(req_id: int, ef: Any) -> Message:
    m = ExecutionRequest_pb2.ExecutionRequest()
    _set_i(m, "reqId", req_id)
    f = fill(ExecutionFilter_pb2.ExecutionFilter(), _EXEC_FILTER, ef)
    if ef.specificDates:
        f.specificDates.extend(d if type(d) is int else to_int(d, "specificDates") for d in ef.specificDates)
    m.executionFilter.CopyFrom(f)
    return m


@request("reqExecutions", OUT.REQ_EXECUTIONS, E.FAIL_SEND_EXEC, _executions_proto, "n00")
def req_executions(sv: int, req_id: int, ef: Any) -> str:
    has_days = sv >= v.MIN_SERVER_VER_PARAMETRIZED_DAYS_OF_EXECUTIONS
    if not has_days and (ef.lastNDays != UNSET_INTEGER or ef.specificDates is not None):
        raise too_old(req_id, "  It does not support last N days and specific dates parameters")
    s = F(3) + F(req_id) + F(ef.clientId) + F(ef.acctCode) + F(ef.time) + F(ef.symbol) + F(ef.secType)
    s += F(ef.exchange) + F(ef.side)
    if has_days:
        s += F(ef.lastNDays)
        if ef.specificDates is not None:
            s += F(len(ef.specificDates)) + "".join(F(d) for d in ef.specificDates)
        else:
            s += F(0)
    return s


# contracts .......................................................................................

@request("reqContractDetails", OUT.REQ_CONTRACT_DATA, E.FAIL_SEND_REQCONTRACT,
         pb(ContractDataRequest_pb2.ContractDataRequest, "reqId:i contract:c"), "n00", "reqContractDataProtoBuf")
def req_contract_details(sv: int, req_id: int, c: Any) -> str:
    if sv < v.MIN_SERVER_VER_BOND_ISSUERID and c.issuerId:
        raise too_old(req_id, "  It does not support issuerId parameter in reqContractDetails.")
    s = F(8) + F(req_id) + F(c.conId) + F(c.symbol) + F(c.secType) + F(c.lastTradeDateOrContractMonth)
    s += FE(c.strike) + F(c.right) + F(c.multiplier) + F(c.exchange) + F(c.primaryExchange)
    s += F(c.currency) + F(c.localSymbol) + F(c.tradingClass) + F(c.includeExpired) + F(c.secIdType) + F(c.secId)
    if sv >= v.MIN_SERVER_VER_BOND_ISSUERID:
        s += F(c.issuerId)
    return s


@request("reqSecDefOptParams", OUT.REQ_SEC_DEF_OPT_PARAMS, E.FAIL_SEND_REQSECDEFOPTPARAMS,
         pb(SecDefOptParamsRequest_pb2.SecDefOptParamsRequest,
            "reqId:i underlyingSymbol futFopExchange underlyingSecType underlyingConId:i"), "n00")
def req_sec_def_opt_params(sv: int, req_id: int, symbol: str, fut_fop_exchange: str, sec_type: str, con_id: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_SEC_DEF_OPT_PARAMS_REQ, NO, "  It does not support security definition option request.")
    return F(req_id) + F(symbol) + F(fut_fop_exchange) + F(sec_type) + F(con_id)


@request("reqSoftDollarTiers", OUT.REQ_SOFT_DOLLAR_TIERS, E.FAIL_SEND_REQSOFTDOLLARTIERS,
         pb(SoftDollarTiersRequest_pb2.SoftDollarTiersRequest, "reqId:i"), "n00", catches_client_exception=False)
def req_soft_dollar_tiers(sv: int, req_id: int) -> str:
    return F(req_id)


@request("reqFamilyCodes", OUT.REQ_FAMILY_CODES, E.FAIL_SEND_REQFAMILYCODES,
         pb(FamilyCodesRequest_pb2.FamilyCodesRequest, ""), proto_id="", catches_client_exception=False)
def req_family_codes(sv: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_REQ_FAMILY_CODES, NO, "  It does not support family codes request.")
    return ""


@request("reqMatchingSymbols", OUT.REQ_MATCHING_SYMBOLS, E.FAIL_SEND_REQMATCHINGSYMBOLS,
         pb(MatchingSymbolsRequest_pb2.MatchingSymbolsRequest, "reqId:i pattern"), "n00")
def req_matching_symbols(sv: int, req_id: int, pattern: str) -> str:
    _gate(sv, v.MIN_SERVER_VER_REQ_MATCHING_SYMBOLS, NO, "  It does not support matching symbols request.")
    return F(req_id) + F(pattern)


@request("reqUserInfo", OUT.REQ_USER_INFO, E.FAIL_SEND_REQ_USER_INFO, pb(UserInfoRequest_pb2.UserInfoRequest, "reqId:i"),
         "n00", catches_client_exception=False)
def req_user_info(sv: int, req_id: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_USER_INFO, NO, " It does not support user info requests.")
    return F(req_id)


# news ..............................................................................................

@request("reqNewsBulletins", OUT.REQ_NEWS_BULLETINS, E.FAIL_SEND_CORDER,
         pb(NewsBulletinsRequest_pb2.NewsBulletinsRequest, "allMessages"), proto_id="", catches_client_exception=False)
def req_news_bulletins(sv: int, all_msgs: bool) -> str:
    return F(1) + F(all_msgs)


@request("cancelNewsBulletins", OUT.CANCEL_NEWS_BULLETINS, E.FAIL_SEND_CORDER,
         pb(CancelNewsBulletins_pb2.CancelNewsBulletins, ""), proto_id="", catches_client_exception=False)
def cancel_news_bulletins(sv: int) -> str:
    return F(1)


@request("reqNewsProviders", OUT.REQ_NEWS_PROVIDERS, E.FAIL_SEND_REQNEWSPROVIDERS,
         pb(NewsProvidersRequest_pb2.NewsProvidersRequest, ""), proto_id="", catches_client_exception=False)
def req_news_providers(sv: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_REQ_NEWS_PROVIDERS, NO, "  It does not support news providers request.")
    return ""


@request("reqNewsArticle", OUT.REQ_NEWS_ARTICLE, E.FAIL_SEND_REQNEWSARTICLE,
         pb(NewsArticleRequest_pb2.NewsArticleRequest, "reqId:i providerCode articleId newsArticleOptions:m"), "n0n")
def req_news_article(sv: int, req_id: int, provider: str, article_id: str, options: Any) -> str:
    _gate(sv, v.MIN_SERVER_VER_REQ_NEWS_ARTICLE, NO, "  It does not support news article request.")
    s = F(req_id) + F(provider) + F(article_id)
    if sv >= v.MIN_SERVER_VER_NEWS_QUERY_ORIGINS:
        s += F(tag_values_text(options))
    return s


@request("reqHistoricalNews", OUT.REQ_HISTORICAL_NEWS, E.FAIL_SEND_REQHISTORICALNEWS,
         pb(HistoricalNewsRequest_pb2.HistoricalNewsRequest,
            "reqId:i conId:i providerCodes startDateTime endDateTime totalResults:i historicalNewsOptions:m"), "n0n")
def req_historical_news(sv: int, req_id: int, con_id: int, providers: str, start: str, end: str, total: int,
                        options: Any) -> str:
    _gate(sv, v.MIN_SERVER_VER_REQ_HISTORICAL_NEWS, NO, "  It does not support historical news request.")
    s = F(req_id) + F(con_id) + F(providers) + F(start) + F(end) + F(total)
    if sv >= v.MIN_SERVER_VER_NEWS_QUERY_ORIGINS:
        s += F(tag_values_text(options))
    return s


# financial advisors ..................................................................................
# the official client takes int() of the FA data type in both forms (it may be an enum member)
_fa_request = pb(FARequest_pb2.FARequest, "faDataType:i")
_fa_replace = pb(FAReplace_pb2.FAReplace, "reqId:i faDataType:i xml")


@request("requestFA", OUT.REQ_FA, E.FAIL_SEND_FA_REQUEST,
         lambda fa: _fa_request(int(fa)), "nnn", "reqFAProtoBuf", proto_id="",
         catches_client_exception=False)
def request_fa(sv: int, fa: int) -> str:
    if sv >= v.MIN_SERVER_VER_FA_PROFILE_DESUPPORT and fa == 2:
        raise Refusal(NO, E.FA_PROFILE_NOT_SUPPORTED.code(), E.FA_PROFILE_NOT_SUPPORTED.msg())
    return F(1) + F(int(fa))


@request("replaceFA", OUT.REPLACE_FA, E.FAIL_SEND_FA_REPLACE,
         lambda req_id, fa, xml: _fa_replace(req_id, int(fa), xml), "0nn")
def replace_fa(sv: int, req_id: int, fa: int, xml: str) -> str:
    if sv >= v.MIN_SERVER_VER_FA_PROFILE_DESUPPORT and fa == 2:
        raise Refusal(req_id, E.FA_PROFILE_NOT_SUPPORTED.code(), E.FA_PROFILE_NOT_SUPPORTED.msg())
    s = F(1) + F(int(fa)) + F(xml)
    if sv >= v.MIN_SERVER_VER_REPLACE_FA_END:
        s += F(req_id)
    return s


# historical data ......................................................................................

_hist_pb = pb(HistoricalDataRequest_pb2.HistoricalDataRequest,
              "reqId:i contract:c endDateTime duration barSizeSetting whatToShow useRTH formatDate:i keepUpToDate "
              "chartOptions:m")


def _hist_proto(req_id: int, c: Any, end: str, duration: str, bar_size: str, what: str, use_rth: int, fmt: int,
                keep: bool, options: Any) -> Message:
    return _hist_pb(req_id, c, end, duration, bar_size, what, use_rth != 0, fmt, keep, options)


@request("reqHistoricalData", OUT.REQ_HISTORICAL_DATA, E.FAIL_SEND_REQHISTDATA, _hist_proto, "00n")
def req_historical_data(sv: int, req_id: int, c: Any, end: str, duration: str, bar_size: str, what: str, use_rth: int,
                        fmt: int, keep: bool, options: Any) -> str:
    if sv < v.MIN_SERVER_VER_HISTORICAL_SCHEDULE and what == "SCHEDULE":
        raise too_old(req_id, "  It does not support requesting of historical schedule.")
    s = F(6) if sv < v.MIN_SERVER_VER_SYNT_REALTIME_BARS else ""
    s += F(req_id) + contract_fields(c) + F(c.includeExpired)
    s += F(end) + F(bar_size) + F(duration) + F(use_rth) + F(what) + F(fmt)
    if c.secType == "BAG":
        s += F(len(c.comboLegs)) + "".join(
            F(leg.conId) + F(leg.ratio) + F(leg.action) + F(leg.exchange) for leg in c.comboLegs)
    if sv >= v.MIN_SERVER_VER_SYNT_REALTIME_BARS:
        s += F(keep)
    return s + F(tag_values_text(options))


@request("cancelHistoricalData", OUT.CANCEL_HISTORICAL_DATA, E.FAIL_SEND_CANHISTDATA,
         pb(CancelHistoricalData_pb2.CancelHistoricalData, "reqId:i"), "n00", catches_client_exception=False)
def cancel_historical_data(sv: int, req_id: int) -> str:
    return F(1) + F(req_id)


_head_pb = pb(HeadTimestampRequest_pb2.HeadTimestampRequest, "reqId:i contract:c whatToShow useRTH formatDate:i")


def _head_proto(req_id: int, c: Any, what: str, use_rth: int, fmt: int) -> Message:
    return _head_pb(req_id, c, what, use_rth != 0, fmt)


@request("reqHeadTimeStamp", OUT.REQ_HEAD_TIMESTAMP, E.FAIL_SEND_REQHEADTIMESTAMP, _head_proto, "n00",
         "reqHeadTimestampProtoBuf")
def req_head_time_stamp(sv: int, req_id: int, c: Any, what: str, use_rth: int, fmt: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_REQ_HEAD_TIMESTAMP, req_id, "  It does not support head time stamp requests.")
    return F(req_id) + contract_fields(c) + F(c.includeExpired) + F(use_rth) + F(what) + F(fmt)


@request("cancelHeadTimeStamp", OUT.CANCEL_HEAD_TIMESTAMP, E.FAIL_SEND_CANCELHEADTIMESTAMP,
         pb(CancelHeadTimestamp_pb2.CancelHeadTimestamp, "reqId:i"), "nnn", "cancelHeadTimestampProtoBuf",
         catches_client_exception=False)
def cancel_head_time_stamp(sv: int, req_id: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_CANCEL_HEADTIMESTAMP, req_id, "  It does not support head time stamp requests.")
    return F(req_id)


@request("reqHistogramData", OUT.REQ_HISTOGRAM_DATA, E.FAIL_SEND_REQHISTOGRAMDATA,
         pb(HistogramDataRequest_pb2.HistogramDataRequest, "reqId:i contract:c useRTH timePeriod"), "n00")
def req_histogram_data(sv: int, ticker_id: int, c: Any, use_rth: bool, period: str) -> str:
    _gate(sv, v.MIN_SERVER_VER_REQ_HISTOGRAM, NO, "  It does not support histogram requests..")
    return F(ticker_id) + contract_fields(c) + F(c.includeExpired) + F(use_rth) + F(period)


@request("cancelHistogramData", OUT.CANCEL_HISTOGRAM_DATA, E.FAIL_SEND_CANCELHISTOGRAMDATA,
         pb(CancelHistogramData_pb2.CancelHistogramData, "reqId:i"), "n00", catches_client_exception=False)
def cancel_histogram_data(sv: int, ticker_id: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_REQ_HISTOGRAM, NO, "  It does not support histogram requests..")
    return F(ticker_id)


_ticks_pb = pb(HistoricalTicksRequest_pb2.HistoricalTicksRequest,
               "reqId:i contract:c startDateTime endDateTime numberOfTicks:i whatToShow useRTH ignoreSize "
               "miscOptions:m")


def _ticks_proto(req_id: int, c: Any, start: str, end: str, n: int, what: str, use_rth: int, ignore_size: bool,
                 options: Any) -> Message:
    return _ticks_pb(req_id, c, start, end, n, what, use_rth != 0, ignore_size, options)


@request("reqHistoricalTicks", OUT.REQ_HISTORICAL_TICKS, E.FAIL_SEND_REQHISTORICALTICKS, _ticks_proto, "n00")
def req_historical_ticks(sv: int, req_id: int, c: Any, start: str, end: str, n: int, what: str, use_rth: int,
                         ignore_size: bool, options: Any) -> str:
    _gate(sv, v.MIN_SERVER_VER_HISTORICAL_TICKS, NO, "  It does not support historical ticks requests..")
    s = F(req_id) + contract_fields(c) + F(c.includeExpired) + F(start) + F(end) + F(n) + F(what) + F(use_rth)
    return s + F(ignore_size) + F(tag_values_text(options))


def _cancel_gate(what: str) -> ProtoCheck:
    def check(sv: int, m: Any) -> Refusal | None:
        if sv < v.MIN_SERVER_VER_CANCEL_CONTRACT_DATA:
            return too_old(m.reqId if m.HasField("reqId") else NO, what)
        return None

    return check


proto_only("cancelContractData", OUT.CANCEL_CONTRACT_DATA, E.FAIL_SEND_CANCEL_CONTRACT_DATA,
           pb(CancelContractData_pb2.CancelContractData, "reqId:i"), "cancelContractDataProtoBuf",
           proto_check=_cancel_gate("  It does not support contract data cancels."))
proto_only("cancelHistoricalTicks", OUT.CANCEL_HISTORICAL_TICKS, E.FAIL_SEND_CANCEL_HISTORICAL_TICKS,
           pb(CancelHistoricalTicks_pb2.CancelHistoricalTicks, "reqId:i"), "cancelHistoricalTicksProtoBuf",
           proto_check=_cancel_gate("  It does not support historical ticks cancels."))


# scanner and real-time bars .........................................................................

_SCANNER = spec(ScannerSubscription_pb2.ScannerSubscription,
    _s("numberOfRows:i"), _s("instrument"), _s("locationCode"), _s("scanCode"), _s("abovePrice:f"), _s("belowPrice:f"),
    _s("aboveVolume:i"), _s("averageOptionVolumeAbove:i"), _s("marketCapAbove:f"), _s("marketCapBelow:f"),
    _s("moodyRatingAbove"), _s("moodyRatingBelow"), _s("spRatingAbove"), _s("spRatingBelow"), _s("maturityDateAbove"),
    _s("maturityDateBelow"), _s("couponRateAbove:f"), _s("couponRateBelow:f"), _s("excludeConvertible"),
    _s("scannerSettingPairs"), _s("stockTypeFilter"),
)


def _scanner_proto(req_id: int, sub: Any, options: Any, filters: Any) -> Message:
    m = ScannerSubscriptionRequest_pb2.ScannerSubscriptionRequest()
    _set_i(m, "reqId", req_id)
    if sub is None:
        # no subscription, no sub-message (its option lists go with it), as the official client does
        return m
    p = fill(ScannerSubscription_pb2.ScannerSubscription(), _SCANNER, sub)
    _set_m(p, "scannerSubscriptionOptions", options)
    _set_m(p, "scannerSubscriptionFilterOptions", filters)
    m.scannerSubscription.CopyFrom(p)
    return m


@request("reqScannerSubscription", OUT.REQ_SCANNER_SUBSCRIPTION, E.FAIL_SEND_REQSCANNER, _scanner_proto, "n00")
def req_scanner_subscription(sv: int, req_id: int, sub: Any, options: Any, filters: Any) -> str:
    generic = sv >= v.MIN_SERVER_VER_SCANNER_GENERIC_OPTS
    if not generic and filters is not None:
        raise too_old(NO, " It does not support API scanner subscription generic filter options")
    s = "" if generic else F(4)
    s += (F(req_id) + FE(sub.numberOfRows) + F(sub.instrument) + F(sub.locationCode) + F(sub.scanCode)
          + FE(sub.abovePrice) + FE(sub.belowPrice) + FE(sub.aboveVolume) + FE(sub.marketCapAbove)
          + FE(sub.marketCapBelow) + F(sub.moodyRatingAbove) + F(sub.moodyRatingBelow) + F(sub.spRatingAbove)
          + F(sub.spRatingBelow) + F(sub.maturityDateAbove) + F(sub.maturityDateBelow) + FE(sub.couponRateAbove)
          + FE(sub.couponRateBelow) + F(sub.excludeConvertible) + FE(sub.averageOptionVolumeAbove)
          + F(sub.scannerSettingPairs) + F(sub.stockTypeFilter))
    if generic:
        s += F(tag_values_text(filters))
    return s + F(tag_values_text(options))


@request("reqScannerParameters", OUT.REQ_SCANNER_PARAMETERS, E.FAIL_SEND_REQSCANNERPARAMETERS,
         pb(ScannerParametersRequest_pb2.ScannerParametersRequest, ""), proto_id="", catches_client_exception=False)
def req_scanner_parameters(sv: int) -> str:
    return F(1)


@request("cancelScannerSubscription", OUT.CANCEL_SCANNER_SUBSCRIPTION, E.FAIL_SEND_CANSCANNER,
         pb(CancelScannerSubscription_pb2.CancelScannerSubscription, "reqId:i"), "n00", catches_client_exception=False)
def cancel_scanner_subscription(sv: int, req_id: int) -> str:
    return F(1) + F(req_id)


@request("reqRealTimeBars", OUT.REQ_REAL_TIME_BARS, E.FAIL_SEND_REQRTBARS,
         pb(RealTimeBarsRequest_pb2.RealTimeBarsRequest, "reqId:i contract:c barSize:i whatToShow useRTH realTimeBarsOptions:m"),
         "n00")
def req_real_time_bars(sv: int, req_id: int, c: Any, bar_size: int, what: str, use_rth: bool, options: Any) -> str:
    return F(3) + F(req_id) + contract_fields(c) + F(bar_size) + F(what) + F(use_rth) + F(tag_values_text(options))


@request("cancelRealTimeBars", OUT.CANCEL_REAL_TIME_BARS, E.FAIL_SEND_CANRTBARS,
         pb(CancelRealTimeBars_pb2.CancelRealTimeBars, "reqId:i"), "000", catches_client_exception=False)
def cancel_real_time_bars(sv: int, req_id: int) -> str:
    return F(1) + F(req_id)


# display groups and verification ......................................................................

@request("queryDisplayGroups", OUT.QUERY_DISPLAY_GROUPS, E.FAIL_SEND_QUERYDISPLAYGROUPS,
         pb(QueryDisplayGroupsRequest_pb2.QueryDisplayGroupsRequest, "reqId:i"), catches_client_exception=False)
def query_display_groups(sv: int, req_id: int) -> str:
    return F(1) + F(req_id)


@request("subscribeToGroupEvents", OUT.SUBSCRIBE_TO_GROUP_EVENTS, E.FAIL_SEND_SUBSCRIBETOGROUPEVENTS,
         pb(SubscribeToGroupEventsRequest_pb2.SubscribeToGroupEventsRequest, "reqId:i groupId:i"), "n00",
         catches_client_exception=False)
def subscribe_to_group_events(sv: int, req_id: int, group_id: int) -> str:
    return F(1) + F(req_id) + F(group_id)


@request("updateDisplayGroup", OUT.UPDATE_DISPLAY_GROUP, E.FAIL_SEND_UPDATEDISPLAYGROUP,
         pb(UpdateDisplayGroupRequest_pb2.UpdateDisplayGroupRequest, "reqId:i contractInfo"), "n00")
def update_display_group(sv: int, req_id: int, contract_info: str) -> str:
    return F(1) + F(req_id) + F(contract_info)


@request("unsubscribeFromGroupEvents", OUT.UNSUBSCRIBE_FROM_GROUP_EVENTS, E.FAIL_SEND_UNSUBSCRIBEFROMGROUPEVENTS,
         pb(UnsubscribeFromGroupEventsRequest_pb2.UnsubscribeFromGroupEventsRequest, "reqId:i"), "n00",
         catches_client_exception=False)
def unsubscribe_from_group_events(sv: int, req_id: int) -> str:
    return F(1) + F(req_id)


_AUTH_INTENT = "  Intent to authenticate needs to be expressed during initial connect request."


def _verify_intent(sv: int, m: Any) -> Refusal:
    return Refusal(NO, E.FAIL_SEND_VERIFYREQUEST.code(), E.FAIL_SEND_VERIFYREQUEST.msg() + _AUTH_INTENT)


@request("verifyRequest", OUT.VERIFY_REQUEST, E.FAIL_SEND_VERIFYREQUEST,
         pb(VerifyRequest_pb2.VerifyRequest, "apiName apiVersion"), proto_id="", proto_check=_verify_intent)
def verify_request(sv: int, api_name: str, api_version: str) -> str:
    # the official client has no way to express the intent, so this always refuses
    raise Refusal(NO, E.FAIL_SEND_VERIFYMESSAGE.code(), E.FAIL_SEND_VERIFYMESSAGE.msg() + _AUTH_INTENT)


@request("verifyMessage", OUT.VERIFY_MESSAGE, E.FAIL_SEND_VERIFYMESSAGE,
         pb(VerifyMessageRequest_pb2.VerifyMessageRequest, "apiData"), proto_id="")
def verify_message(sv: int, api_data: str) -> str:
    return F(1) + F(api_data)


@request("verifyAndAuthRequest", OUT.VERIFY_AND_AUTH_REQUEST, E.FAIL_SEND_VERIFYANDAUTHREQUEST, None)
def verify_and_auth_request(sv: int, api_name: str, api_version: str, opaque_isv_key: str) -> str:
    raise Refusal(NO, E.FAIL_SEND_VERIFYANDAUTHREQUEST.code(), E.FAIL_SEND_VERIFYANDAUTHREQUEST.msg() + _AUTH_INTENT)


@request("verifyAndAuthMessage", OUT.VERIFY_AND_AUTH_MESSAGE, E.FAIL_SEND_VERIFYANDAUTHMESSAGE, None)
def verify_and_auth_message(sv: int, api_data: str, xyz_response: str) -> str:
    return F(1) + F(api_data) + F(xyz_response)


# Wall Street Horizon ..................................................................................

@request("reqWshMetaData", OUT.REQ_WSH_META_DATA, E.FAIL_SEND_REQ_WSH_META_DATA,
         pb(WshMetaDataRequest_pb2.WshMetaDataRequest, "reqId:i"), "n00")
def req_wsh_meta_data(sv: int, req_id: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_WSHE_CALENDAR, NO, " It does not support WSHE Calendar API.")
    return F(req_id)


@request("cancelWshMetaData", OUT.CANCEL_WSH_META_DATA, E.FAIL_SEND_CAN_WSH_META_DATA,
         pb(CancelWshMetaData_pb2.CancelWshMetaData, "reqId:i"), "n00", catches_client_exception=False)
def cancel_wsh_meta_data(sv: int, req_id: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_WSHE_CALENDAR, NO, " It does not support WSHE Calendar API.")
    return F(req_id)


_WSH = spec(WshEventDataRequest_pb2.WshEventDataRequest, _s("conId:i"), _s("filter"), _s("fillWatchlist"), _s("fillPortfolio"), _s("fillCompetitors"), _s("startDate"),
        _s("endDate"), _s("totalLimit:i"))


def _wsh_proto(req_id: int, data: Any) -> Message:
    m = WshEventDataRequest_pb2.WshEventDataRequest()
    _set_i(m, "reqId", req_id)
    if data is not None:
        fill(m, _WSH, data)
    return m


@request("reqWshEventData", OUT.REQ_WSH_EVENT_DATA, E.FAIL_SEND_REQ_WSH_EVENT_DATA, _wsh_proto, "n00")
def req_wsh_event_data(sv: int, req_id: int, d: Any) -> str:
    _gate(sv, v.MIN_SERVER_VER_WSHE_CALENDAR, NO, " It does not support WSHE Calendar API.")
    if sv < v.MIN_SERVER_VER_WSH_EVENT_DATA_FILTERS and (
            d.filter != "" or d.fillWatchlist or d.fillPortfolio or d.fillCompetitors):
        raise too_old(NO, " It does not support WSH event data filters.")
    if sv < v.MIN_SERVER_VER_WSH_EVENT_DATA_FILTERS_DATE and (
            d.startDate != "" or d.endDate != "" or d.totalLimit != UNSET_INTEGER):
        raise too_old(NO, " It does not support WSH event data date filters.")
    s = F(req_id) + F(d.conId)
    if sv >= v.MIN_SERVER_VER_WSH_EVENT_DATA_FILTERS:
        s += F(d.filter) + F(d.fillWatchlist) + F(d.fillPortfolio) + F(d.fillCompetitors)
    if sv >= v.MIN_SERVER_VER_WSH_EVENT_DATA_FILTERS_DATE:
        s += F(d.startDate) + F(d.endDate) + F(d.totalLimit)
    return s


@request("cancelWshEventData", OUT.CANCEL_WSH_EVENT_DATA, E.FAIL_SEND_CAN_WSH_EVENT_DATA,
         pb(CancelWshEventData_pb2.CancelWshEventData, "reqId:i"), "n00", catches_client_exception=False)
def cancel_wsh_event_data(sv: int, req_id: int) -> str:
    _gate(sv, v.MIN_SERVER_VER_WSHE_CALENDAR, NO, " It does not support WSHE Calendar API.")
    return F(req_id)


def _config_gate(since: int, what: str) -> ProtoCheck:
    def check(sv: int, m: Any) -> Refusal | None:
        return too_old(m.reqId if m.HasField("reqId") else NO, what) if sv < since else None

    return check


# Config requests exist only in protobuf form; their methods take the message itself.
proto_only("reqConfigProtoBuf", OUT.REQ_CONFIG, E.FAIL_SEND_REQCONFIG, lambda m: m, "reqConfigProtoBuf",
           proto_check=_config_gate(v.MIN_SERVER_VER_CONFIG, "  It does not support config requests."))
proto_only("updateConfigProtoBuf", OUT.UPDATE_CONFIG, E.FAIL_SEND_UPDATECONFIG, lambda m: m, "updateConfigProtoBuf",
           proto_check=_config_gate(v.MIN_SERVER_VER_UPDATE_CONFIG, "  It does not support update config requests."))



# --- requests IB withdrew -----------------------------------------------------------
# Fundamental data: sent by ibapi 9.x-10.45, gone from 10.50 (and from 10.51, the reference
# of :data:`REQUESTS`). They are kept apart in :data:`WITHDRAWN` so that the tables of today's
# requests stay those of the reference; their reference is 10.45, text and protobuf.

FAIL_SEND_REQFUNDDATA = E.CodeMsgPair(532, "Request Fundamental Data Sending Error - ")
FAIL_SEND_CANFUNDDATA = E.CodeMsgPair(533, "Cancel Fundamental Data Sending Error - ")


@request("reqFundamentalData", REQ_FUNDAMENTAL_DATA, FAIL_SEND_REQFUNDDATA,
         pb(FundamentalsDataRequest_pb2.FundamentalsDataRequest,
            "reqId:i contract:c reportType fundamentalsDataOptions:m"), "n00", "reqFundamentalsDataProtoBuf")
def req_fundamental_data(sv: int, req_id: int, c: Any, report_type: str, options: Any) -> str:
    # (the gates of servers 40 and 68 lie below the oldest server spoken; the options from 70 always go)
    s = F(2) + F(req_id) + F(c.conId) + F(c.symbol) + F(c.secType) + F(c.exchange) + F(c.primaryExchange)
    s += F(c.currency) + F(c.localSymbol) + F(report_type)
    return s + F(len(options) if options else 0) + F(tag_values_text(options))


@request("cancelFundamentalData", CANCEL_FUNDAMENTAL_DATA, FAIL_SEND_CANFUNDDATA,
         pb(CancelFundamentalsData_pb2.CancelFundamentalsData, "reqId:i"), "n00", "cancelFundamentalsDataProtoBuf",
         catches_client_exception=False)
def cancel_fundamental_data(sv: int, req_id: int) -> str:
    return F(1) + F(req_id)


WITHDRAWN: dict[str, Request] = {n: REQUESTS.pop(n) for n in ("reqFundamentalData", "cancelFundamentalData")}
