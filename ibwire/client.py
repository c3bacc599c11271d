"""EClient: connects, sends requests, and runs the dispatch loop.

Threads: :meth:`EClient.connect` does the handshake on the calling thread,
then starts the reader thread (:mod:`ibwire.reader`). :meth:`EClient.run`
is the dispatch loop; it calls the wrapper's callbacks on whatever thread
runs it and returns when the connection has ended and every message
received before the end has been delivered. Requests may be sent from any
thread; a lock keeps frames whole and a pacer keeps the rate under TWS's
limit (50 messages per second by default).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from typing import Any, cast

from .connection import Connection
from .model.const import NO_VALID_ID
from .protocol import handshake
from .protocol import requests as rq
from .model import Contract, ExecutionFilter, Order, OrderCancel, ScannerSubscription, TagValue, WshEventData
from .protocol.errors import ALREADY_CONNECTED, CALLBACK_FAILED, CONNECT_FAIL, NOT_CONNECTED, CodeMsgPair
from .protocol.ids import request_uses_protobuf
from .protocol.requests import REQUESTS
from .protocol.fields import ClientException, is_ascii_printable
from .protocol.framing import Framer, frame
from .protocol.messages import Decoder, DecodeError
from .protocol.versions import MAX_CLIENT_VER, MIN_CLIENT_VER
from .protocol._core.base import callback_of
from .protocol._core.inbound import Core, Events, deliver, emit
from .reader import CLOSED, BatchQueue, EReader, now_ms
from .wrapper import EWrapper

__all__ = ["EClient", "Pacer", "TagValueList"]

TagValueList = list[TagValue] | None

logger = logging.getLogger("ibwire.client")


class Pacer:
    """At most ``rate`` messages per second as TWS counts them (bursts up to ``rate``).

    A sliding window, not a token bucket: a full bucket lets ``2 x rate`` messages
    through within one second. The window is ``window`` seconds (1.2), longer than
    TWS's second, because frames reach TWS with varying delay: a burst sent early and
    received late must not share TWS's second with the next one. ``rate`` 0 (or
    less) disables pacing. Thread-safe; ``wait`` blocks the sender just long enough.
    """

    #: Seconds over which at most ``rate`` messages are sent.
    window = 1.2

    def __init__(self, rate: float = 50.0) -> None:
        self._lock = threading.Lock()
        self.set_rate(rate)

    def set_rate(self, rate: float) -> None:
        with self._lock:
            self.rate = float(rate)
            self._sent: deque[float] = deque(maxlen=max(int(self.rate), 1))

    def wait(self) -> None:
        if self.rate <= 0:
            return
        with self._lock:
            sent = self._sent
            if len(sent) == sent.maxlen:
                delay = sent[0] + self.window - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            sent.append(time.monotonic())


class EClient:
    """The client side of the TWS API socket protocol, driving an :class:`EWrapper`."""

    (DISCONNECTED, CONNECTING, CONNECTED) = range(3)

    #: Seconds to wait for the TCP connection and for the server's handshake reply.
    connectTimeout: float = 10.0
    handshakeTimeout: float = 10.0

    def __init__(self, wrapper: EWrapper) -> None:
        self.wrapper = wrapper
        self.msg_queue = BatchQueue()
        self.minClientVersion = MIN_CLIENT_VER
        self.maxClientVersion = MAX_CLIENT_VER
        self.connectOptions: str | None = None
        self.optCapab: str | None = None
        self.pacer = Pacer(50.0)
        self.host: str | None = None
        self.port: int | None = None
        self.clientId: int | None = None
        self.serverVersion_: int | None = None
        self.connTime: str | None = None
        self.connState = EClient.DISCONNECTED
        self.conn: Connection | None = None
        self.decoder: Decoder | None = None
        self.reader: EReader | None = None
        # this connection's callbacks: by name, and their names (for failure reports)
        self._bound: dict[str, Callable[..., Any] | None] = {}
        self._names: dict[int, str] = {}
        self._state_lock = threading.RLock()
        self._close_notified = True

    # --- configuration --------------------------------------------------------

    def setConnectOptions(self, opts: str) -> None:
        """Options sent in the handshake, e.g. ``"+PACEAPI"`` (TWS paces for us)."""
        self.connectOptions = opts

    def setOptionalCapabilities(self, optCapab: str) -> None:
        """The optional capabilities string sent with startApi."""
        self.optCapab = optCapab

    def setClientVersions(self, minVersion: int, maxVersion: int) -> None:
        """Offer only server versions ``minVersion..maxVersion`` (default 100..226)."""
        if not MIN_CLIENT_VER <= minVersion <= maxVersion <= MAX_CLIENT_VER:
            raise ValueError(f"versions must satisfy {MIN_CLIENT_VER} <= min <= max <= {MAX_CLIENT_VER}")
        self.minClientVersion, self.maxClientVersion = minVersion, maxVersion

    def setPacing(self, messagesPerSecond: float) -> None:
        """Limit outgoing messages per second; 0 disables pacing."""
        self.pacer.set_rate(messagesPerSecond)

    # --- state ---------------------------------------------------------------

    def isConnected(self) -> bool:
        return self.connState == EClient.CONNECTED and self.conn is not None and self.conn.isConnected()

    def serverVersion(self) -> int | None:
        """The negotiated server version (``None`` before a connection)."""
        return self.serverVersion_

    def twsConnectionTime(self) -> str | None:
        return self.connTime

    def _error(self, reqId: int, code: int, text: str) -> None:
        self._callback("error")(reqId, now_ms(), code, text)

    # --- connect / disconnect ---------------------------------------------------

    def connect(self, host: str, port: int, clientId: int) -> None:
        """Connect, negotiate the version and start the API session.

        On failure the wrapper gets ``error(-1, time, 502, ...)`` (or 501 when
        already connected) and ``connectionClosed()``; nothing stays running.
        Wrong argument types raise ``TypeError`` at once.

        The wrapper's callbacks are looked up here, once per connection. One left at
        :class:`EWrapper`'s default, whose only work is the ``ANSWER`` log, is not called
        at all when that log is off now (``ibwire.wrapper`` below DEBUG; compat:
        ``ibapi.wrapper`` below INFO): turning the log on takes effect from the next connection.
        """
        if not isinstance(host, str) and host is not None:
            raise TypeError(f"host must be str, not {type(host).__name__}")
        for name, val in (("port", port), ("clientId", clientId)):
            if not isinstance(val, int) or isinstance(val, bool):
                raise TypeError(f"{name} must be int, not {type(val).__name__}")
        for text in (host, self.connectOptions, self.optCapab):
            if text is not None and not is_ascii_printable(text):
                from .protocol.errors import INVALID_SYMBOL

                self._error(NO_VALID_ID, INVALID_SYMBOL.code(), INVALID_SYMBOL.msg() + text)
                return
        with self._state_lock:
            if self.connState != EClient.DISCONNECTED:
                self._error(NO_VALID_ID, ALREADY_CONNECTED.code(), ALREADY_CONNECTED.msg())
                return
            self.connState = EClient.CONNECTING
        self.host = host or "127.0.0.1"
        self.port = port
        self.clientId = clientId
        conn = Connection(self.host, port)
        self.conn = conn
        self._close_notified = False
        try:
            conn.connect(self.connectTimeout)
            conn.send(handshake.client_hello(self.minClientVersion, self.maxClientVersion, self.connectOptions))
            framer = Framer()
            version, conn_time, pending = self._await_hello(conn, framer)
        except (OSError, ConnectionError, _HandshakeFailed) as e:
            logger.info("could not connect to %s:%s: %s", self.host, port, e)
            detail = f"\n({e})" if isinstance(e, _HandshakeFailed) else ""
            self._error(NO_VALID_ID, CONNECT_FAIL.code(), CONNECT_FAIL.msg() + detail)
            self.disconnect()
            return
        self.serverVersion_ = version
        self.connTime = conn_time
        decoder = self.decoder = Decoder(version)
        q = self.msg_queue = BatchQueue()
        # callbacks are bound here, once per connection: the reader's core delivers to them directly
        self._bound = {}
        self._names = {}
        core = Core(version, decoder.text, decoder.proto, self._bind, self._slow, q.put_piece)
        conn.set_timeout(None)
        with self._state_lock:
            self.connState = EClient.CONNECTED
        # what the handshake read past its reply is the reader's first data
        first = b"".join([frame(body) for body in pending]) + framer.take_rest()
        self.reader = EReader(conn, core, q, first=first)
        self.reader.start()
        logger.info("connected to %s:%s, server version %d, time %s", self.host, port, version, conn_time)
        self.startApi()
        self._callback("connectAck")()

    def _await_hello(self, conn: Connection, framer: Framer) -> tuple[int, str, list[bytes]]:
        deadline = time.monotonic() + self.handshakeTimeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _HandshakeFailed(f"no handshake reply within {self.handshakeTimeout:g} s")
            conn.set_timeout(left)
            try:
                data = conn.recv()
            except TimeoutError:
                continue
            if not data:
                raise _HandshakeFailed("the server closed the connection during the handshake")
            frames = framer.feed(data)
            if framer.error is not None:
                raise _HandshakeFailed(str(framer.error))
            for i, body in enumerate(frames):
                hello = handshake.parse_server_hello(body)
                if hello is None:
                    logger.debug("ignoring frame before the handshake reply: %r", body[:80])
                    continue
                version, conn_time = hello
                if not self.minClientVersion <= version <= self.maxClientVersion:
                    raise _HandshakeFailed(
                        f"server version {version} is outside the offered "
                        f"{self.minClientVersion}..{self.maxClientVersion}"
                    )
                return version, conn_time, frames[i + 1 :]

    def disconnect(self) -> None:
        """Close the connection; safe from any thread and more than once.

        ``connectionClosed()`` is called once per connection: here, or by
        :meth:`run` when the server ended the connection.
        """
        with self._state_lock:
            self.connState = EClient.DISCONNECTED
            conn, reader = self.conn, self.reader
        self.msg_queue.close()  # a reader waiting for room in the queue must see the close
        if conn is not None:
            conn.close()
        if reader is not None and reader is not threading.current_thread():
            reader.join(5.0)
        self._notify_closed()

    def _notify_closed(self) -> None:
        with self._state_lock:
            if self._close_notified:
                return
            self._close_notified = True
            self.connState = EClient.DISCONNECTED
        self._callback("connectionClosed")()

    # --- dispatch ----------------------------------------------------------------

    def _callback(self, name: str) -> Callable[..., Any]:
        """The wrapper's callback ``name`` (looked up once per connection; compat adapts it here)."""
        return cast(Callable[..., Any], getattr(self.wrapper, name))

    def _bind(self, name: str) -> Callable[..., Any] | None:
        """The callback ``name`` for this connection's reader (asked once per name); None when calling it
        would do nothing: the wrapper leaves it at :class:`EWrapper`'s default, whose only work is the
        answer log, and that log is off now (see :meth:`connect`): ``deliver`` skips its events, and the
        protobuf tick decoders do not make theirs."""
        if name in self._bound:
            return self._bound[name]
        cb: Callable[..., Any] | None = self._callback(name)
        if self._silent(name, cb):
            cb = None
        else:
            self._names[id(cb)] = name
        self._bound[name] = cb
        return cb

    def _silent(self, name: str, cb: object) -> bool:
        w = self.wrapper
        # what the reader would call is exactly EWrapper's default, bound to this wrapper (not a wrapping,
        # not an override on the class or the instance, not an interception by __getattribute__)
        if name == "error" or getattr(cb, "__self__", None) is not w \
                or getattr(cb, "__func__", None) is not getattr(EWrapper, name, None):
            return False
        silent = getattr(w, "_answers_silent", None)
        return callable(silent) and silent() is True

    def _slow(self, body: bytes, whole: bool) -> Events:
        """The events of a frame the reader's fast path did not take, from the reference decoder.

        A frame it cannot read becomes an ``error`` event with four arguments, as the official
        client reports it (``whole`` False: only that, the frame's events were delivered in pieces).
        """
        decoder = self.decoder
        assert decoder is not None
        try:
            events = decoder.decode(body)
        except DecodeError as e:
            logger.warning("%s%s", e.text, f" ({e.detail})" if e.detail else "")
            events = [*(e.events if whole else ()), ("error", (NO_VALID_ID, now_ms(), e.code, e.text))]
        out: Events = []
        for name, args in events:
            emit(out, self._bind(name), args)
        return out

    def run(self) -> None:
        """Deliver messages to the wrapper until the connection ends and the queue is drained."""
        q = self.msg_queue
        failed = self._event_failed
        interrupted = self._interrupted
        try:
            while True:
                try:
                    batch = q.get(timeout=0.2)
                except KeyboardInterrupt:
                    if not self._interrupted():
                        raise
                    continue
                except queue.Empty:
                    self.msgLoopTmo()
                    if self.connState == EClient.DISCONNECTED and (self.reader is None or not self.reader.is_alive()):
                        if q.empty():
                            break
                    continue
                if batch is CLOSED:
                    break
                try:
                    deliver(batch, failed, interrupted)
                finally:
                    q.done()
                self.msgLoopRec()
        finally:
            self.disconnect()

    def _event_failed(self, cb: object, e: Exception) -> None:
        cb = callback_of(cb)
        self._callback_failed(self._names.get(id(cb)) or str(getattr(cb, "__name__", cb)), e)

    #: where a callback's exception is logged with its traceback
    _callback_logger = logger

    def _interrupted(self) -> bool:
        """A Ctrl-C reached ``run``, while it waited or inside a callback: True to go on delivering
        (with the next message), False to end ``run``."""
        return False

    def _callback_failed(self, name: str, e: Exception) -> None:
        self._callback_logger.error("exception in callback %s", name, exc_info=e)
        if name == "error":
            return  # reporting through the failing callback again would loop
        tb = traceback.format_exception_only(type(e), e)[-1].strip()
        try:
            self._error(NO_VALID_ID, CALLBACK_FAILED.code(), f"{CALLBACK_FAILED.msg()}{name}: {tb}")
        except Exception:
            logger.exception("exception in error callback while reporting a callback failure")

    def msgLoopTmo(self) -> None:
        """Hook: the dispatch loop waited 0.2 s with nothing to deliver."""

    def msgLoopRec(self) -> None:
        """Hook: the dispatch loop delivered a batch of messages."""

    # --- sending -------------------------------------------------------------------

    def sendBytes(self, data: bytes) -> None:
        """Send pre-encoded frames (paced, thread-safe)."""
        conn = self.conn
        if conn is None:
            raise ConnectionError("not connected")
        self.pacer.wait()
        conn.send(data)

    def _call(self, name: str, *args: Any) -> None:
        """Encode and send request ``name``, reporting refusals and failures as the official client does."""
        self._request(REQUESTS[name], *args)

    def _request(self, r: rq.Request, *args: Any) -> None:
        sv = self.serverVersion_
        if r.text is not None and (not self.isConnected() or sv is None):
            # Checked before any argument is read, as the official client does once
            # disconnected (it then has no server version and takes the text path);
            # requests with only a protobuf form build their message first, as there.
            self._error(r.arg_id(0, args), NOT_CONNECTED.code(), NOT_CONNECTED.msg())
            return
        if r.proto is not None and (r.text is None or (sv is not None and request_uses_protobuf(r.msg_id, sv))):
            try:
                message = r.proto(*args)
            except ClientException as ex:
                # the official client lets this escape to the caller; we report it instead
                self._error(r.arg_id(1, args), ex.code, ex.msg + ex.text)
                return
            except Exception as ex:
                # A value no protobuf field form can take, even read as TWS read its text
                # (None, "abc" for a price, an object of the wrong class): the official client
                # lets the builder's exception escape with nothing sent; ibwire reports it as
                # the text form's sending error does ("... Sending Error - Cannot send None to TWS").
                self._error(r.arg_id(2, args), r.fail.code(), r.fail.msg() + _build_failure(r, sv, args, ex))
                return
            self._send_proto(r, message)
            return
        assert r.text is not None and sv is not None
        try:
            data = rq.text_frame(r.msg_id, r.text(sv, *args), sv)
        except rq.Refusal as x:
            self._error(x.req_id, x.code, x.text)
            return
        except ClientException as ex:
            if r.catches_client_exception:
                self._error(r.arg_id(1, args), ex.code, ex.msg + ex.text)
            else:
                self._error(r.arg_id(2, args), r.fail.code(), r.fail.msg() + str(ex))
            return
        except Exception as ex:
            self._error(r.arg_id(2, args), r.fail.code(), r.fail.msg() + str(ex))
            return
        self._send_or_report(r.fail, data, r.arg_id(2, args))

    def _send_proto(self, r: rq.Request, message: Any) -> None:
        if message is None:
            return
        req_id = r.message_id(message)
        if not self.isConnected() or self.serverVersion_ is None:
            self._error(req_id, NOT_CONNECTED.code(), NOT_CONNECTED.msg())
            return
        fail = r.proto_fail or r.fail
        try:
            # a proto check reading a message of another kind raises too
            refusal = r.proto_check(self.serverVersion_, message) if r.proto_check is not None else None
            if refusal is None:
                data = rq.proto_frame(r.msg_id, message)
        except Exception as ex:
            self._error(req_id, fail.code(), fail.msg() + str(ex))
            return
        if refusal is not None:
            self._error(refusal.req_id, refusal.code, refusal.text)
            return
        self._send_or_report(fail, data, req_id)

    def _send_or_report(self, fail: CodeMsgPair, data: bytes, req_id: Any) -> None:
        try:
            self.sendBytes(data)
        except OSError as ex:
            conn = self.conn
            if conn is not None and not isinstance(ex, TimeoutError):
                # part of a frame may be out: the stream is no longer whole, so the connection is over
                # (the reader sees the close and the dispatcher reports connectionClosed as usual)
                conn.close()
            self._error(req_id, fail.code(), fail.msg() + str(ex))

    # --- requests (same names and parameters as the official EClient) -------------

    def startApi(self) -> None:
        """Start the API session (sent by :meth:`connect`; TWS then sends nextValidId etc.)."""
        self._call("startApi", self.clientId, self.optCapab)

    def reqCurrentTime(self) -> None:
        """Ask for the server's time; answered by ``currentTime``."""
        self._call("reqCurrentTime")

    def reqCurrentTimeInMillis(self) -> None:
        """Ask for the server's time in ms; answered by ``currentTimeInMillis``."""
        self._call("reqCurrentTimeInMillis")

    def reqIds(self, numIds: int) -> None:
        """Ask for the next valid order id; answered by ``nextValidId``."""
        self._call("reqIds", numIds)

    def reqManagedAccts(self) -> None:
        """Ask for the accounts this login manages; answered by ``managedAccounts``."""
        self._call("reqManagedAccts")

    def calculateImpliedVolatility(
        self,
        reqId: int,
        contract: Contract,
        optionPrice: float,
        underPrice: float,
        implVolOptions: TagValueList,
    ) -> None:
        """Implied volatility for an option price; answered by tickOptionComputation."""
        self._call("calculateImpliedVolatility", reqId, contract, optionPrice, underPrice, implVolOptions)

    def calculateOptionPrice(
        self,
        reqId: int,
        contract: Contract,
        volatility: float,
        underPrice: float,
        optPrcOptions: TagValueList,
    ) -> None:
        """Option price and greeks for a volatility; answered by tickOptionComputation."""
        self._call("calculateOptionPrice", reqId, contract, volatility, underPrice, optPrcOptions)

    def cancelAccountSummary(self, reqId: int) -> None:
        """Stop an account summary subscription."""
        self._call("cancelAccountSummary", reqId)

    def cancelAccountUpdatesMulti(self, reqId: int) -> None:
        """Stop an account updates multi subscription."""
        self._call("cancelAccountUpdatesMulti", reqId)

    def cancelCalculateImpliedVolatility(self, reqId: int) -> None:
        """Cancel an implied volatility calculation."""
        self._call("cancelCalculateImpliedVolatility", reqId)

    def cancelCalculateOptionPrice(self, reqId: int) -> None:
        """Cancel an option price calculation."""
        self._call("cancelCalculateOptionPrice", reqId)

    def cancelContractData(self, reqId: int) -> None:
        """Cancel a contract details request (server 215+)."""
        self._call("cancelContractData", reqId)

    def cancelFundamentalData(self, reqId: int) -> None:
        """Cancel a fundamental data request (see :meth:`reqFundamentalData`)."""
        self._request(rq.WITHDRAWN["cancelFundamentalData"], reqId)

    def cancelHeadTimeStamp(self, reqId: int) -> None:
        """Cancel a head time stamp request."""
        self._call("cancelHeadTimeStamp", reqId)

    def cancelHistogramData(self, tickerId: int) -> None:
        """Cancel a histogram request."""
        self._call("cancelHistogramData", tickerId)

    def cancelHistoricalData(self, reqId: int) -> None:
        """Cancel historical bars, including keepUpToDate updates."""
        self._call("cancelHistoricalData", reqId)

    def cancelHistoricalTicks(self, reqId: int) -> None:
        """Cancel a historical ticks request (server 215+)."""
        self._call("cancelHistoricalTicks", reqId)

    def cancelMktData(self, reqId: int) -> None:
        """Stop streaming market data."""
        self._call("cancelMktData", reqId)

    def cancelMktDepth(self, reqId: int, isSmartDepth: bool) -> None:
        """Stop market depth."""
        self._call("cancelMktDepth", reqId, isSmartDepth)

    def cancelNewsBulletins(self) -> None:
        """Stop news bulletins."""
        self._call("cancelNewsBulletins")

    def cancelOrder(self, orderId: int, orderCancel: OrderCancel | None = None) -> None:
        """Cancel an order; ``orderCancel`` carries manual time and operator."""
        self._call("cancelOrder", orderId, orderCancel)

    def cancelPnL(self, reqId: int) -> None:
        """Stop account P&L updates."""
        self._call("cancelPnL", reqId)

    def cancelPnLSingle(self, reqId: int) -> None:
        """Stop single-position P&L updates."""
        self._call("cancelPnLSingle", reqId)

    def cancelPositions(self) -> None:
        """Stop position updates."""
        self._call("cancelPositions")

    def cancelPositionsMulti(self, reqId: int) -> None:
        """Stop positions multi updates."""
        self._call("cancelPositionsMulti", reqId)

    def cancelRealTimeBars(self, reqId: int) -> None:
        """Stop real-time bars."""
        self._call("cancelRealTimeBars", reqId)

    def cancelScannerSubscription(self, reqId: int) -> None:
        """Stop a scanner subscription."""
        self._call("cancelScannerSubscription", reqId)

    def cancelTickByTickData(self, reqId: int) -> None:
        """Stop tick-by-tick data."""
        self._call("cancelTickByTickData", reqId)

    def cancelWshEventData(self, reqId: int) -> None:
        """Cancel a WSH event data request."""
        self._call("cancelWshEventData", reqId)

    def cancelWshMetaData(self, reqId: int) -> None:
        """Cancel a WSH meta data request."""
        self._call("cancelWshMetaData", reqId)

    def exerciseOptions(
        self,
        reqId: int,
        contract: Contract,
        exerciseAction: int,
        exerciseQuantity: int,
        account: str,
        override: int,
        manualOrderTime: str,
        customerAccount: str,
        professionalCustomer: bool,
    ) -> None:
        """Exercise or lapse options."""
        self._call("exerciseOptions", reqId, contract, exerciseAction, exerciseQuantity, account, override, manualOrderTime, customerAccount, professionalCustomer)

    def placeOrder(self, orderId: int, contract: Contract, order: Order) -> None:
        """Place or modify an order; answered by openOrder / orderStatus (and execDetails on fills)."""
        self._call("placeOrder", orderId, contract, order)

    def queryDisplayGroups(self, reqId: int) -> None:
        """List the display groups; answered by displayGroupList."""
        self._call("queryDisplayGroups", reqId)

    def replaceFA(self, reqId: int, faData: int, cxml: str) -> None:
        """Replace financial advisor configuration XML; answered by replaceFAEnd."""
        self._call("replaceFA", reqId, faData, cxml)

    def reqAccountSummary(self, reqId: int, groupName: str, tags: str) -> None:
        """Subscribe to account summary tags; answered by accountSummary / accountSummaryEnd."""
        self._call("reqAccountSummary", reqId, groupName, tags)

    def reqAccountUpdates(self, subscribe: bool, acctCode: str) -> None:
        """Subscribe to account values and portfolio; answered by updateAccountValue / updatePortfolio."""
        self._call("reqAccountUpdates", subscribe, acctCode)

    def reqAccountUpdatesMulti(self, reqId: int, account: str, modelCode: str, ledgerAndNLV: bool) -> None:
        """Subscribe to account values by account and model."""
        self._call("reqAccountUpdatesMulti", reqId, account, modelCode, ledgerAndNLV)

    def reqAllOpenOrders(self) -> None:
        """All open orders of all clients; answered by openOrder / openOrderEnd."""
        self._call("reqAllOpenOrders")

    def reqAutoOpenOrders(self, bAutoBind: bool) -> None:
        """Bind TWS-placed orders to this client (client id 0 only)."""
        self._call("reqAutoOpenOrders", bAutoBind)

    def reqCompletedOrders(self, apiOnly: bool) -> None:
        """Completed orders; answered by completedOrder / completedOrdersEnd."""
        self._call("reqCompletedOrders", apiOnly)

    def reqContractDetails(self, reqId: int, contract: Contract) -> None:
        """Contract details; answered by contractDetails / contractDetailsEnd."""
        self._call("reqContractDetails", reqId, contract)

    def reqExecutions(self, reqId: int, execFilter: ExecutionFilter) -> None:
        """Executions matching a filter; answered by execDetails / execDetailsEnd."""
        self._call("reqExecutions", reqId, execFilter)

    def reqFamilyCodes(self) -> None:
        """Family codes of the accounts; answered by familyCodes."""
        self._call("reqFamilyCodes")

    def reqFundamentalData(self, reqId: int, contract: Contract, reportType: str,
                           fundamentalDataOptions: TagValueList) -> None:
        """A fundamental data report (XML: ReportSnapshot, ReportsFinSummary, ReportRatios,
        ReportsFinStatements, RESC); answered by fundamentalData, or an error such as 430.

        Sent as ibapi 9.x-10.45 sent it: IB withdrew the request from the API in 10.50,
        and a server that no longer serves it answers with an error.
        """
        self._request(rq.WITHDRAWN["reqFundamentalData"], reqId, contract, reportType, fundamentalDataOptions)

    def reqGlobalCancel(self, orderCancel: OrderCancel | None = None) -> None:
        """Cancel all open orders."""
        self._call("reqGlobalCancel", orderCancel)

    def reqHeadTimeStamp(
        self,
        reqId: int,
        contract: Contract,
        whatToShow: str,
        useRTH: int,
        formatDate: int,
    ) -> None:
        """Earliest available data point; answered by headTimestamp."""
        self._call("reqHeadTimeStamp", reqId, contract, whatToShow, useRTH, formatDate)

    def reqHistogramData(self, tickerId: int, contract: Contract, useRTH: bool, timePeriod: str) -> None:
        """Histogram of volume by price; answered by histogramData."""
        self._call("reqHistogramData", tickerId, contract, useRTH, timePeriod)

    def reqHistoricalData(
        self,
        reqId: int,
        contract: Contract,
        endDateTime: str,
        durationStr: str,
        barSizeSetting: str,
        whatToShow: str,
        useRTH: int,
        formatDate: int,
        keepUpToDate: bool,
        chartOptions: TagValueList,
    ) -> None:
        """Historical bars; answered by historicalData / historicalDataEnd (and updates with keepUpToDate)."""
        self._call("reqHistoricalData", reqId, contract, endDateTime, durationStr, barSizeSetting, whatToShow, useRTH, formatDate, keepUpToDate, chartOptions)

    def reqHistoricalNews(
        self,
        reqId: int,
        conId: int,
        providerCodes: str,
        startDateTime: str,
        endDateTime: str,
        totalResults: int,
        historicalNewsOptions: TagValueList,
    ) -> None:
        """Historical headlines; answered by historicalNews / historicalNewsEnd."""
        self._call("reqHistoricalNews", reqId, conId, providerCodes, startDateTime, endDateTime, totalResults, historicalNewsOptions)

    def reqHistoricalTicks(
        self,
        reqId: int,
        contract: Contract,
        startDateTime: str,
        endDateTime: str,
        numberOfTicks: int,
        whatToShow: str,
        useRth: int,
        ignoreSize: bool,
        miscOptions: TagValueList,
    ) -> None:
        """Historical ticks; answered by historicalTicks / historicalTicksBidAsk / historicalTicksLast."""
        self._call("reqHistoricalTicks", reqId, contract, startDateTime, endDateTime, numberOfTicks, whatToShow, useRth, ignoreSize, miscOptions)

    def reqMarketDataType(self, marketDataType: int) -> None:
        """Switch between live, frozen, delayed and delayed-frozen data."""
        self._call("reqMarketDataType", marketDataType)

    def reqMarketRule(self, marketRuleId: int) -> None:
        """Price increments of a market rule; answered by marketRule."""
        self._call("reqMarketRule", marketRuleId)

    def reqMatchingSymbols(self, reqId: int, pattern: str) -> None:
        """Contracts matching a pattern; answered by symbolSamples."""
        self._call("reqMatchingSymbols", reqId, pattern)

    def reqMktData(
        self,
        reqId: int,
        contract: Contract,
        genericTickList: str,
        snapshot: bool,
        regulatorySnapshot: bool,
        mktDataOptions: TagValueList,
    ) -> None:
        """Stream (or snapshot) market data; answered by tickPrice / tickSize / tick* callbacks."""
        self._call("reqMktData", reqId, contract, genericTickList, snapshot, regulatorySnapshot, mktDataOptions)

    def reqMktDepth(
        self,
        reqId: int,
        contract: Contract,
        numRows: int,
        isSmartDepth: bool,
        mktDepthOptions: TagValueList,
    ) -> None:
        """Market depth; answered by updateMktDepth / updateMktDepthL2."""
        self._call("reqMktDepth", reqId, contract, numRows, isSmartDepth, mktDepthOptions)

    def reqMktDepthExchanges(self) -> None:
        """Exchanges offering depth; answered by mktDepthExchanges."""
        self._call("reqMktDepthExchanges")

    def reqNewsArticle(
        self,
        reqId: int,
        providerCode: str,
        articleId: str,
        newsArticleOptions: TagValueList,
    ) -> None:
        """The body of a news article; answered by newsArticle."""
        self._call("reqNewsArticle", reqId, providerCode, articleId, newsArticleOptions)

    def reqNewsBulletins(self, allMsgs: bool) -> None:
        """Subscribe to news bulletins; answered by updateNewsBulletin."""
        self._call("reqNewsBulletins", allMsgs)

    def reqNewsProviders(self) -> None:
        """The news providers; answered by newsProviders."""
        self._call("reqNewsProviders")

    def reqOpenOrders(self) -> None:
        """Open orders of this client; answered by openOrder / openOrderEnd."""
        self._call("reqOpenOrders")

    def reqPnL(self, reqId: int, account: str, modelCode: str) -> None:
        """Daily P&L of an account; answered by pnl."""
        self._call("reqPnL", reqId, account, modelCode)

    def reqPnLSingle(self, reqId: int, account: str, modelCode: str, conid: int) -> None:
        """Daily P&L of one position; answered by pnlSingle."""
        self._call("reqPnLSingle", reqId, account, modelCode, conid)

    def reqPositions(self) -> None:
        """Positions of all accounts; answered by position / positionEnd."""
        self._call("reqPositions")

    def reqPositionsMulti(self, reqId: int, account: str, modelCode: str) -> None:
        """Positions by account and model; answered by positionMulti / positionMultiEnd."""
        self._call("reqPositionsMulti", reqId, account, modelCode)

    def reqRealTimeBars(
        self,
        reqId: int,
        contract: Contract,
        barSize: int,
        whatToShow: str,
        useRTH: bool,
        realTimeBarsOptions: TagValueList,
    ) -> None:
        """5-second real-time bars; answered by realtimeBar."""
        self._call("reqRealTimeBars", reqId, contract, barSize, whatToShow, useRTH, realTimeBarsOptions)

    def reqScannerParameters(self) -> None:
        """The scanner parameters XML; answered by scannerParameters."""
        self._call("reqScannerParameters")

    def reqScannerSubscription(
        self,
        reqId: int,
        subscription: ScannerSubscription,
        scannerSubscriptionOptions: TagValueList,
        scannerSubscriptionFilterOptions: TagValueList,
    ) -> None:
        """Start a market scanner; answered by scannerData / scannerDataEnd."""
        self._call("reqScannerSubscription", reqId, subscription, scannerSubscriptionOptions, scannerSubscriptionFilterOptions)

    def reqSecDefOptParams(
        self,
        reqId: int,
        underlyingSymbol: str,
        futFopExchange: str,
        underlyingSecType: str,
        underlyingConId: int,
    ) -> None:
        """Option chain parameters; answered by securityDefinitionOptionParameter."""
        self._call("reqSecDefOptParams", reqId, underlyingSymbol, futFopExchange, underlyingSecType, underlyingConId)

    def reqSmartComponents(self, reqId: int, bboExchange: str) -> None:
        """Exchanges behind a SMART routing code; answered by smartComponents."""
        self._call("reqSmartComponents", reqId, bboExchange)

    def reqSoftDollarTiers(self, reqId: int) -> None:
        """Soft dollar tiers; answered by softDollarTiers."""
        self._call("reqSoftDollarTiers", reqId)

    def reqTickByTickData(
        self,
        reqId: int,
        contract: Contract,
        tickType: str,
        numberOfTicks: int,
        ignoreSize: bool,
    ) -> None:
        """Tick-by-tick data; answered by tickByTick* callbacks."""
        self._call("reqTickByTickData", reqId, contract, tickType, numberOfTicks, ignoreSize)

    def reqUserInfo(self, reqId: int) -> None:
        """User info (white branding id); answered by userInfo."""
        self._call("reqUserInfo", reqId)

    def reqWshEventData(self, reqId: int, wshEventData: WshEventData) -> None:
        """Wall Street Horizon events; answered by wshEventData."""
        self._call("reqWshEventData", reqId, wshEventData)

    def reqWshMetaData(self, reqId: int) -> None:
        """Wall Street Horizon meta data; answered by wshMetaData."""
        self._call("reqWshMetaData", reqId)

    def requestFA(self, faData: int) -> None:
        """Financial advisor configuration; answered by receiveFA."""
        self._call("requestFA", faData)

    def setServerLogLevel(self, logLevel: int) -> None:
        """Set the TWS API log level (1 system .. 5 detail)."""
        self._call("setServerLogLevel", logLevel)

    def subscribeToGroupEvents(self, reqId: int, groupId: int) -> None:
        """Follow a display group; answered by displayGroupUpdated."""
        self._call("subscribeToGroupEvents", reqId, groupId)

    def unsubscribeFromGroupEvents(self, reqId: int) -> None:
        """Stop following a display group."""
        self._call("unsubscribeFromGroupEvents", reqId)

    def updateDisplayGroup(self, reqId: int, contractInfo: str) -> None:
        """Change the contract shown by a display group."""
        self._call("updateDisplayGroup", reqId, contractInfo)

    def verifyAndAuthMessage(self, apiData: str, xyzResponse: str) -> None:
        """Answer a verify-and-auth challenge."""
        self._call("verifyAndAuthMessage", apiData, xyzResponse)

    def verifyAndAuthRequest(self, apiName: str, apiVersion: str, opaqueIsvKey: str) -> None:
        """Start verify-and-auth (refused: the intent cannot be expressed at connect)."""
        self._call("verifyAndAuthRequest", apiName, apiVersion, opaqueIsvKey)

    def verifyMessage(self, apiData: str) -> None:
        """Answer a verification challenge."""
        self._call("verifyMessage", apiData)

    def verifyRequest(self, apiName: str, apiVersion: str) -> None:
        """Start API verification."""
        self._call("verifyRequest", apiName, apiVersion)


def _build_failure(r: rq.Request, sv: int | None, args: tuple[Any, ...], ex: Exception) -> str:
    """The text of a protobuf build failure: what the official text form reports for the same call.

    The text encoder meets the arguments in the official client's order, so a None
    contract reads "'NoneType' object has no attribute 'conId'" at every version; where
    the text form takes the value (text for a price), the builder's own reason is given.
    """
    if r.text is not None and sv is not None:
        try:
            r.text(sv, *args)
        except (rq.Refusal, ClientException):
            pass
        except Exception as text_ex:
            return str(text_ex)
    return str(ex)


def _proto_sender(r: rq.Request) -> Callable[[EClient, Any], None]:
    def send(self: EClient, message: Any) -> None:
        self._send_proto(r, message)

    send.__name__ = r.proto_method
    send.__doc__ = f"Send a ready protobuf message of request {r.name} (server 201+)."
    return send


# ``<request>ProtoBuf(message)`` for every request with a protobuf form, as in the official client.
for _r in (*REQUESTS.values(), *rq.WITHDRAWN.values()):
    if _r.proto_method and not hasattr(EClient, _r.proto_method):
        setattr(EClient, _r.proto_method, _proto_sender(_r))


class _HandshakeFailed(Exception):
    pass
