"""EClient: the official client's methods and thread model, on ibwire.

``connect()`` does the handshake and starts the reader thread; ``run()``
delivers callbacks until ``disconnect()`` (from any thread) ends it. Methods
whose signature changed between ibapi generations take every form:
``cancelOrder(orderId)``, ``cancelOrder(orderId, manualCancelOrderTime)``,
``cancelOrder(orderId, orderCancel)``; ``reqGlobalCancel()`` or with an
``OrderCancel``; ``setConnectionOptions`` (10.10-10.30) and ``setConnectOptions``.
"""

from __future__ import annotations

import inspect
import logging
import queue  # noqa: F401
import socket  # noqa: F401
import sys  # noqa: F401
from typing import Any

from ibwire import EClient as _CoreClient
from ibwire.connection import Connection  # noqa: F401
from ibwire.model import (  # noqa: F401
    BarData,
    Contract,
    DepthMktDataDescription,
    ExecutionFilter,
    FamilyCode,
    HistogramData,
    HistoricalSession,
    HistoricalTick,
    HistoricalTickBidAsk,
    HistoricalTickLast,
    NewsProvider,
    Order,
    OrderCancel,
    PriceIncrement,
    RealTimeBar,
    ScannerSubscription,
    SmartComponent,
    TickAttrib,
    TickAttribBidAsk,
    TickAttribLast,
    WshEventData,
)
from ibwire.model.const import MAX_MSG_LEN, NO_VALID_ID, UNSET_DECIMAL, UNSET_DOUBLE, UNSET_INTEGER, UNSET_LONG  # noqa: F401
from .errors import *  # noqa: F401,F403
from ibwire.protocol.ids import PROTOBUF_MSG_ID, request_uses_protobuf  # noqa: F401
from .message import OUT  # noqa: F401
from ibwire.protocol.versions import (
    MIN_SERVER_VER_ADDITIONAL_ORDER_PARAMS_1,
    MIN_SERVER_VER_ADDITIONAL_ORDER_PARAMS_2,
    MIN_SERVER_VER_ATTACHED_ORDERS,
    MIN_SERVER_VER_HEDGE_MAX_SIZE,
    MIN_SERVER_VER_PROTOBUF,
    UNIFIED_VERSION_COND_ORDER_WITH_OVERNIGHT_PARAM,
)
from .server_versions import *  # noqa: F401,F403

from . import _adapt, comm, decoder, reader  # noqa: F401
from ._protos import *  # noqa: F401,F403
from .common import *  # noqa: F401,F403
from .comm import make_field, make_field_handle_empty  # noqa: F401
from .order import COMPETE_AGAINST_BEST_OFFSET_UP_TO_MID  # noqa: F401
from .errors import ALREADY_CONNECTED, INVALID_SYMBOL, NOT_CONNECTED
from .utils import (  # noqa: F401
    BadMessage,
    ClientException,
    currentTimeMillis,
    current_fn_name,
    isAsciiPrintable,
    isPegBenchOrder,
    isPegBestOrder,
    isPegMidOrder,
    log_,
)

logger = logging.getLogger(__name__)


class EClient(_CoreClient):
    """The TWS API client. ``EClient(wrapper)``; often ``class App(EWrapper, EClient)``.

    Besides ibwire's client it has every public attribute and method any ibapi
    generation's had, with their defaults (``asynchronous``, ``extraAuth``,
    ``nKeybIntHard``, ``decode``, ``connectionOptions``, ``REDIRECT``, ``reset()``,
    ``setConnState()``, ``sendMsg()``, ...), and takes every generation's call forms.
    ``twsConnectionTime()`` (and ``connTime``) are bytes, as in every official release.
    """

    #: the official client's fourth connection state (a redirect during the handshake; ibwire never enters it)
    REDIRECT = 3

    def __init__(self, wrapper: Any) -> None:
        super().__init__(wrapper)
        generation = _adapt.decide(wrapper)
        self.nKeybIntHard = 0
        self.extraAuth = False
        self.asynchronous = False
        self.decode: Any = None
        # 9.x-10.2x started with an empty capabilities string, 10.30+ with None (the same on the wire)
        self.optCapab = None if generation == _adapt.MODERN else ""

    def connect(self, host: str, port: int, clientId: int) -> None:
        _adapt.decide(self.wrapper)
        super().connect(host, port, clientId)

    def _callback(self, name: str) -> Any:
        # decided once per connection; a Ctrl-C inside a callback reaches ``_interrupted`` from run()'s loop
        return _adapt.adapt(self.wrapper, name, super()._callback(name))

    # --- attributes under their old names ----------------------------------------------

    @property
    def connectionOptions(self) -> str | None:
        """The 9.x-10.2x name of ``connectOptions``."""
        return self.connectOptions

    @connectionOptions.setter
    def connectionOptions(self, value: str | None) -> None:
        self.connectOptions = value

    @property
    def connTime(self) -> bytes | None:  # type: ignore[override]
        """The server's connection time as the handshake sent it (bytes, as every official release keeps it)."""
        text = self.__dict__.get("_connTime")
        return text.encode() if isinstance(text, str) else text

    @connTime.setter
    def connTime(self, value: str | bytes | None) -> None:
        self.__dict__["_connTime"] = value

    def twsConnectionTime(self) -> bytes | None:  # type: ignore[override]
        """The connection time, bytes (programs call ``.decode()`` on it)."""
        return self.connTime

    # --- state helpers of the official client ------------------------------------------------

    def reset(self) -> None:
        """Back to the state of a new client (the official client does this after a disconnect)."""
        if self.isConnected():
            self.disconnect()  # never orphan a live socket and its reader
        self.nKeybIntHard = 0
        self.conn = None
        self.host = None
        self.port = None
        self.extraAuth = False
        self.clientId = None
        self.serverVersion_ = None
        self.connTime = None
        self.optCapab = None if _adapt.current() == _adapt.MODERN else ""
        self.asynchronous = False
        self.reader = None
        self.decode = None
        self.setConnState(EClient.DISCONNECTED)
        self.connectOptions = None

    def setConnState(self, connState: int) -> None:
        with self._state_lock:
            before, self.connState = self.connState, connState
        logger.debug("%s connState: %s -> %s", id(self), before, connState)

    # an exception in a callback does not end run() (ibwire's invariant; the official loop ended, and the
    # program with it): its traceback goes to ``ibapi.client``, on stderr when logging is unconfigured
    _callback_logger = logger

    def _interrupted(self) -> bool:
        # every official release's loop: Ctrl-C calls the two hooks and the loop goes on (the sixth press,
        # or a program's own keyboardInterrupt that disconnects, ends it)
        self.keyboardInterrupt()
        self.keyboardInterruptHard()
        return True

    def keyboardInterrupt(self) -> None:
        """Hook for a Ctrl-C caught in the message loop (no-op; programs override it)."""

    def keyboardInterruptHard(self) -> None:
        """Counts Ctrl-C presses; the sixth ends the program."""
        self.nKeybIntHard += 1
        if self.nKeybIntHard > 5:
            raise SystemExit()

    def logRequest(self, fnName: str, fnParams: Any) -> None:
        log_(fnName, fnParams, "REQUEST")

    def validateInvalidSymbols(self, host: str | None) -> None:
        """Raise ``ClientException`` (579) if the host, connect options or capabilities are not printable ASCII."""
        for text in (host, self.connectOptions, self.optCapab):
            if text is not None and not isAsciiPrintable(text):
                raise ClientException(INVALID_SYMBOL.code(), INVALID_SYMBOL.msg(), text)

    def checkConnected(self) -> None:
        """Raise ``ClientException`` (501) when already connected."""
        if self.isConnected():
            raise ClientException(ALREADY_CONNECTED.code(), ALREADY_CONNECTED.msg(), "")

    def useProtoBuf(self, msgId: int) -> bool:
        """Whether request ``msgId`` goes as protobuf at the negotiated server version."""
        sv = self.serverVersion()
        return sv is not None and request_uses_protobuf(msgId, sv)

    def validateOrderParameters(self, order: Any) -> str | None:
        """The first field of a protobuf ``Order`` the server version cannot take, or None."""
        return _first_unsupported(self.serverVersion() or 0, order, _ORDER_FIELDS_SINCE)

    def validateAttachedOrdersParameters(self, attachedOrders: Any) -> str | None:
        """The first field of a protobuf ``AttachedOrders`` the server version cannot take, or None."""
        return _first_unsupported(self.serverVersion() or 0, attachedOrders, _ATTACHED_FIELDS_SINCE)

    # --- raw sending ---------------------------------------------------------------------

    def sendMsg(self, *args: Any, msgId: Any = None, msg: Any = None) -> None:
        """Send one message: ``sendMsg(msg)`` (9.x-10.3x: fields with the message id first) or
        ``sendMsg(msgId, msg)`` (10.37+: the id apart, binary from server 201)."""
        if msgId is not None:
            args = (msgId, *args)
        if msg is not None:
            args = (*args, msg)
        if len(args) == 1 and (self.serverVersion() or 0) >= MIN_SERVER_VER_PROTOBUF:
            # the old form at a server version the old client never reached: the id goes apart, as 4 bytes
            head, _, rest = args[0].partition("\0")
            data = comm.make_msg(int(head), True, rest)
        elif len(args) == 1:
            data = comm.make_msg(args[0])
        elif len(args) == 2:
            data = comm.make_msg(args[0], (self.serverVersion() or 0) >= MIN_SERVER_VER_PROTOBUF, args[1])
        else:
            raise TypeError(f"sendMsg takes (msg) or (msgId, msg), not {len(args)} arguments")
        self.sendBytes(data)

    def sendMsgProtoBuf(self, msgId: int, msg: bytes) -> None:
        """Send a serialized protobuf message; ``msgId`` already carries the protobuf offset (200)."""
        self.sendBytes(comm.make_msg_proto(msgId, msg))

    # --- requests whose form changed between generations ------------------------------------

    def cancelOrder(self, orderId: int, orderCancel: Any = None, *,  # type: ignore[override]
                    manualCancelOrderTime: str | None = None) -> None:
        """``cancelOrder(orderId)`` (9.x-10.14), ``cancelOrder(orderId, manualCancelOrderTime)`` (10.15-10.2x)
        or ``cancelOrder(orderId, orderCancel)`` (10.30+)."""
        if manualCancelOrderTime is not None and orderCancel is None:
            orderCancel = manualCancelOrderTime
        if orderCancel is None:
            orderCancel = OrderCancel()
        elif isinstance(orderCancel, str):  # 10.10-10.30: cancelOrder(orderId, manualCancelOrderTime)
            text, orderCancel = orderCancel, OrderCancel()
            orderCancel.manualOrderCancelTime = text
        super().cancelOrder(orderId, orderCancel)

    def reqGlobalCancel(self, orderCancel: Any = None) -> None:  # type: ignore[override]
        super().reqGlobalCancel(OrderCancel() if orderCancel is None else orderCancel)

    def reqWshEventData(self, reqId: int, wshEventData: Any = None,  # type: ignore[override]
                        MIN_SERVER_VER_WSH_EVENT_DATA_FILTERS_DATE: Any = None, *, conId: Any = None) -> None:
        """``reqWshEventData(reqId, wshEventData)``, or the 10.10-10.13 ``reqWshEventData(reqId, conId)``;
        10.30-10.33 had a third parameter that did nothing."""
        if wshEventData is None and conId is not None:
            wshEventData = conId
        if not isinstance(wshEventData, WshEventData) and wshEventData is not None:
            data = WshEventData()
            data.conId = wshEventData  # the old form's only field; the rest keep their defaults
            wshEventData = data
        super().reqWshEventData(reqId, wshEventData)

    def exerciseOptions(self, reqId: int, contract: Contract, exerciseAction: int,  # type: ignore[override]
                        exerciseQuantity: int, account: str, override: int, manualOrderTime: str = "",
                        customerAccount: str = "", professionalCustomer: bool = False) -> None:
        """Exercise or lapse options; 9.x-10.2x programs pass the first six arguments only."""
        super().exerciseOptions(reqId, contract, exerciseAction, exerciseQuantity, account, override,
                                manualOrderTime, customerAccount, professionalCustomer)

    def replaceFA(self, reqId: Any, faData: Any, cxml: Any = None) -> None:  # type: ignore[override]
        """``replaceFA(reqId, faData, cxml)``, or the 9.7x ``replaceFA(faData, cxml)`` (no request id: the
        answer, ``replaceFAEnd``, comes with -1)."""
        if cxml is None and isinstance(faData, str):
            reqId, faData, cxml = NO_VALID_ID, reqId, faData
        super().replaceFA(reqId, faData, cxml)

    def reqFundamentalData(self, reqId: int, contract: Contract, reportType: str,
                           fundamentalDataOptions: Any = None) -> None:
        """Fundamental data (9.x-10.45; IB withdrew the request in 10.50): sent as the program's own release
        sent it (text, or protobuf from server 210); answered by ``fundamentalData`` or, where TWS no
        longer serves the report, by an error such as 430."""
        super().reqFundamentalData(reqId, contract, reportType, fundamentalDataOptions)

    def setConnectionOptions(self, opts: str) -> None:
        """The 10.10-10.30 name of ``setConnectOptions``."""
        self.setConnectOptions(opts)


#: protobuf Order / AttachedOrders fields and the server version that first takes them (validate*Parameters)
_ORDER_FIELDS_SINCE = (
    (MIN_SERVER_VER_ADDITIONAL_ORDER_PARAMS_1, ("deactivate", "postOnly", "allowPreOpen", "ignoreOpenAuction")),
    (MIN_SERVER_VER_ADDITIONAL_ORDER_PARAMS_2, ("routeMarketableToBbo", "seekPriceImprovement", "whatIfType")),
    (MIN_SERVER_VER_HEDGE_MAX_SIZE, ("hedgeMaxSize",)),
    (UNIFIED_VERSION_COND_ORDER_WITH_OVERNIGHT_PARAM, ("conditionsIncludeOvernight",)),
)
_ATTACHED_FIELDS_SINCE = ((MIN_SERVER_VER_ATTACHED_ORDERS, ("slOrderId", "slOrderType", "ptOrderId", "ptOrderType")),)


def _first_unsupported(sv: int, message: Any, table: Any) -> str | None:
    for since, names in table:
        if sv < since:
            for name in names:
                try:
                    if message.HasField(name):
                        return str(name)
                except ValueError:  # not a field of this message
                    continue
    return None


#: the parameter name each generation gave the one argument of ``<request>ProtoBuf`` (ibwire calls it ``message``)
_PROTO_PARAMS = {
    "calculateImpliedVolatilityProtoBuf": "calculateImpliedVolatilityRequestProto",
    "calculateOptionPriceProtoBuf": "calculateOptionPriceRequestProto",
    "cancelAccountSummaryProtoBuf": "cancelAccountSummaryProto",
    "cancelAccountUpdatesMultiProtoBuf": "cancelAccountUpdatesMultiProto",
    "cancelCalculateImpliedVolatilityProtoBuf": "cancelCalculateImpliedVolatilityProto",
    "cancelCalculateOptionPriceProtoBuf": "cancelCalculateOptionPriceProto",
    "cancelContractDataProtoBuf": "cancelContractDataProto",
    "cancelFundamentalsDataProtoBuf": "cancelFundamentalsDataProto",
    "cancelHeadTimestampProtoBuf": "cancelHeadTimestampProto",
    "cancelHistogramDataProtoBuf": "cancelHistogramDataProto",
    "cancelHistoricalDataProtoBuf": "cancelHistoricalDataProto",
    "cancelHistoricalTicksProtoBuf": "cancelHistoricalTicksProto",
    "cancelMarketDataProtoBuf": "cancelMarketDataProto", "cancelMarketDepthProtoBuf": "cancelMarketDepthProto",
    "cancelNewsBulletinsProtoBuf": "cancelNewsBulletinsProto", "cancelOrderProtoBuf": "cancelOrderRequestProto",
    "cancelPnLProtoBuf": "cancelPnLProto", "cancelPnLSingleProtoBuf": "cancelPnLSingleProto",
    "cancelPositionsMultiProtoBuf": "cancelPositionsMultiProto", "cancelPositionsProtoBuf": "cancelPositionsProto",
    "cancelRealTimeBarsProtoBuf": "cancelRealTimeBarsProto",
    "cancelScannerSubscriptionProtoBuf": "cancelScannerSubscriptionProto",
    "cancelTickByTickProtoBuf": "cancelTickByTickProto", "cancelWshEventDataProtoBuf": "cancelWshEventDataProto",
    "cancelWshMetaDataProtoBuf": "cancelWshMetaDataProto", "exerciseOptionsProtoBuf": "exerciseOptionsRequestProto",
    "placeOrderProtoBuf": "placeOrderRequestProto", "queryDisplayGroupsProtoBuf": "queryDisplayGroupsRequestProto",
    "replaceFAProtoBuf": "faReplaceProto", "reqAccountSummaryProtoBuf": "accountSummaryRequestProto",
    "reqAccountUpdatesMultiProtoBuf": "accountUpdatesMultiRequestProto",
    "reqAccountUpdatesProtoBuf": "accountDataRequestProto", "reqAllOpenOrdersProtoBuf": "allOpenOrdersRequestProto",
    "reqAutoOpenOrdersProtoBuf": "autoOpenOrdersRequestProto",
    "reqCompletedOrdersProtoBuf": "completedOrdersRequestProto", "reqConfigProtoBuf": "configRequestProto",
    "reqContractDataProtoBuf": "contractDataRequestProto",
    "reqCurrentTimeInMillisProtoBuf": "currentTimeInMillisRequestProto",
    "reqCurrentTimeProtoBuf": "currentTimeRequestProto", "reqExecutionsProtoBuf": "executionRequestProto",
    "reqFAProtoBuf": "faRequestProto", "reqFamilyCodesProtoBuf": "familyCodesRequestProto",
    "reqFundamentalsDataProtoBuf": "fundamentalsDataRequestProto",
    "reqGlobalCancelProtoBuf": "globalCancelRequestProto", "reqHeadTimestampProtoBuf": "headTimestampRequestProto",
    "reqHistogramDataProtoBuf": "histogramDataRequestProto",
    "reqHistoricalDataProtoBuf": "historicalDataRequestProto",
    "reqHistoricalNewsProtoBuf": "historicalNewsRequestProto",
    "reqHistoricalTicksProtoBuf": "historicalTicksRequestProto", "reqIdsProtoBuf": "idsRequestProto",
    "reqManagedAcctsProtoBuf": "managedAccountsRequestProto", "reqMarketDataProtoBuf": "marketDataRequestProto",
    "reqMarketDataTypeProtoBuf": "marketDataTypeRequestProto",
    "reqMarketDepthExchangesProtoBuf": "marketDepthExchangesRequestProto",
    "reqMarketDepthProtoBuf": "marketDepthRequestProto", "reqMarketRuleProtoBuf": "marketRuleRequestProto",
    "reqMatchingSymbolsProtoBuf": "matchingSymbolsRequestProto", "reqNewsArticleProtoBuf": "newsArticleRequestProto",
    "reqNewsBulletinsProtoBuf": "newsBulletinsRequestProto", "reqNewsProvidersProtoBuf": "newsProvidersRequestProto",
    "reqOpenOrdersProtoBuf": "openOrdersRequestProto", "reqPnLProtoBuf": "pnlRequestProto",
    "reqPnLSingleProtoBuf": "pnlSingleRequestProto", "reqPositionsMultiProtoBuf": "positionsMultiRequestProto",
    "reqPositionsProtoBuf": "positionsRequestProto", "reqRealTimeBarsProtoBuf": "realTimeBarsRequestProto",
    "reqScannerParametersProtoBuf": "scannerParametersRequestProto",
    "reqScannerSubscriptionProtoBuf": "scannerSubscriptionRequestProto",
    "reqSecDefOptParamsProtoBuf": "secDefOptParamsRequestProto",
    "reqSmartComponentsProtoBuf": "smartComponentsRequestProto",
    "reqSoftDollarTiersProtoBuf": "softDollarTiersRequestProto",
    "reqTickByTickDataProtoBuf": "tickByTickRequestProto", "reqUserInfoProtoBuf": "userInfoRequestProto",
    "reqWshEventDataProtoBuf": "wshEventDataRequestProto", "reqWshMetaDataProtoBuf": "wshMetaDataRequestProto",
    "setServerLogLevelProtoBuf": "setServerLogLevelRequestProto", "startApiProtoBuf": "startApiRequestProto",
    "subscribeToGroupEventsProtoBuf": "subscribeToGroupEventsRequestProto",
    "unsubscribeFromGroupEventsProtoBuf": "unsubscribeFromGroupEventsRequestProto",
    "updateConfigProtoBuf": "updateConfigRequestProto",
    "updateDisplayGroupProtoBuf": "updateDisplayGroupRequestProto", "useProtoBuf": "msgId",
    "verifyMessageProtoBuf": "verifyMessageRequestProto", "verifyRequestProtoBuf": "verifyRequestProto",
}


def _named_proto_sender(method: str, param: str) -> Any:
    core = getattr(_CoreClient, method)

    def send(self: EClient, *args: Any, **kwargs: Any) -> None:
        if param in kwargs:
            args, kwargs = (*args, kwargs.pop(param)), kwargs
        core(self, *args, **kwargs)

    send.__name__ = method
    send.__doc__ = core.__doc__
    send.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
        inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter(param, inspect.Parameter.POSITIONAL_OR_KEYWORD),
    ])
    return send


for _method, _param in _PROTO_PARAMS.items():
    if hasattr(_CoreClient, _method) and _method not in vars(EClient):
        setattr(EClient, _method, _named_proto_sender(_method, _param))
