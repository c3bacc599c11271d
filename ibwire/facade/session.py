"""The connection and its sync: connect, initial sync, reconnect with resync, disconnect."""

from __future__ import annotations

import datetime as _dt
import logging
import threading
import time
from concurrent.futures import Future, InvalidStateError
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ..client import EClient
from ..protocol.errors import CLIENT_CODES, CONNECTION_ENDING_CODES, NOTICE_CODES
from ..wrapper import EWrapper
from ._core import ConnectError, Core, RequestError, awaitable, blocking
from .events import Event

if TYPE_CHECKING:
    from .ib import IB

logger = logging.getLogger("ibwire.ib")

_Self = TypeVar("_Self", bound="SessionMixin")


class SessionCallbacks(EWrapper):
    """Session messages: ids, accounts, time, errors, the end of the connection."""

    ib: IB

    # session
    def nextValidId(self, orderId: int) -> None:
        ib = self.ib
        ib._next_order_id = max(ib._next_order_id, orderId)
        ib._finish("nextValidId", orderId)

    def managedAccounts(self, accountsList: str) -> None:
        self.ib._accounts = [a for a in accountsList.split(",") if a]
        self.ib._finish("managedAccounts", self.ib._accounts)

    def currentTime(self, time: int) -> None:
        self.ib._finish("currentTime", _dt.datetime.fromtimestamp(time, _dt.timezone.utc))

    def error(self, reqId: int, errorTime: int, errorCode: int, errorString: str,
              advancedOrderRejectJson: str = "") -> None:
        ib = self.ib
        failure = errorCode not in NOTICE_CODES
        exc = RequestError(reqId, errorCode, errorString)
        sending = ib._sending()
        # a request that could not be sent fails its caller at once (the error may name no request id)
        answered = False
        if failure and errorCode in CLIENT_CODES and sending is not None:
            sending.errors.append(exc)
            answered = True
        # request ids and order ids are counted apart and may meet: a request's error is not the order's
        is_request = ib._get(reqId) is not None or ib._is_stream(reqId)
        if failure:
            answered = ib._fail(reqId, exc) or answered
        if reqId == -1 and errorCode in CONNECTION_ENDING_CODES:
            ib._close_reason = ConnectError(errorCode, errorString)
        if not answered:
            # the caller that gets the RequestError is told; everything else is logged here, once
            super().error(reqId, errorTime, errorCode, errorString, advancedOrderRejectJson)
        if reqId >= 0 and not is_request:
            ib._order_error(reqId, errorCode, errorString, exc)
        if errorCode == 1101:
            ib._resubscribe()  # TWS restored its link to IB but dropped every market data subscription
        ib.errorEvent.emit(reqId, errorCode, errorString, advancedOrderRejectJson)

    def connectionClosed(self) -> None:
        self.ib._closed()


class SessionMixin(Core):
    """Connecting, keeping in sync, reconnecting."""

    #: First and longest wait between reconnect attempts (seconds; doubling in between).
    ReconnectDelay: float = 0.5
    ReconnectMaxDelay: float = 30.0

    def __init__(self) -> None:
        super().__init__()
        self.connectedEvent = Event("connectedEvent")
        self.disconnectedEvent = Event("disconnectedEvent")
        self.errorEvent = Event("errorEvent")
        self._watchdog: threading.Thread | None = None
        self._stop = threading.Event()
        self._params: tuple[str, int, int, float, bool, str] = ("127.0.0.1", 7497, 1, 4.0, False, "")
        self._reconnect = False
        self._reconnector: threading.Thread | None = None
        self._reconnecting = False  # a reconnect loop runs (at most one)
        self._need_reconnect = False  # the connection dropped since the loop last connected
        self._close_reason: ConnectError | None = None

    def _reset(self) -> None:
        super()._reset()
        self._accounts: list[str] = []

    def __enter__(self: _Self) -> _Self:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.disconnect()

    def isConnected(self) -> bool:
        return self.client.isConnected()

    def connect(self: _Self, host: str = "127.0.0.1", port: int = 7497, clientId: int = 1, timeout: float = 4,
                readonly: bool = False, account: str = "", reconnect: bool = True) -> _Self:
        """Connect and return once the initial sync is done (accounts, positions, orders, executions, account).

        ``timeout`` bounds each step (TCP connect, handshake, each sync request). Raises
        :class:`ConnectError` (with TWS's code, e.g. 326 for a client id in use) or ``TimeoutError``.
        With ``reconnect`` (the default) a lost connection is re-established with backoff, the state
        resynced, market data and keepUpToDate bars resubscribed, and executions missed meanwhile merged.
        """
        if self.isConnected():
            raise ConnectionError("already connected; disconnect() first")
        self._stop.set()  # end what an earlier connection left (a reconnect loop, the watchdog)
        self.client.disconnect()
        self._join_threads()
        self._reset()
        self._params = (host, port, clientId, timeout, readonly, account)
        self._reconnect = reconnect
        self._stop.clear()
        try:
            self._open_session()
        except BaseException:
            self.disconnect()
            raise
        self.connectedEvent.emit()
        return self

    def _open_session(self) -> None:
        ib = cast("IB", self)
        host, port, clientId, timeout, readonly, account = self._params
        self._wait_dispatch_ended()
        before = list(ib._trades.values())
        self._close_reason = None
        first = self._start("nextValidId", timeout)
        accounts = self._start("managedAccounts", timeout)
        self.client.connectTimeout = self.client.handshakeTimeout = timeout
        self.client.connect(host, port, clientId)
        # past the handshake even if TWS has closed again already: its last words (326...) are queued
        # and the dispatch thread delivers them, failing this session's requests with TWS's reason
        if self.client.connState != EClient.CONNECTED:
            with self._lock:
                self._pending.clear()
            reason = self._close_reason
            if reason is not None:
                raise ConnectError(reason.code, f"could not connect to {host}:{port} (clientId {clientId}): "
                                                f"{reason.message.splitlines()[0]}")
            raise ConnectionError(f"could not connect to {host}:{port} (clientId {clientId})")
        self._thread = threading.Thread(target=self.client.run, name="ibwire-dispatch", daemon=True)
        self._thread.start()
        if self._watchdog is None or not self._watchdog.is_alive():
            self._watchdog = threading.Thread(target=self._watch, name="ibwire-timeouts", daemon=True)
            self._watchdog.start()
        first.future.result(timeout)
        accts = accounts.future.result(timeout)
        account = account or (accts[0] if len(accts) == 1 else "")
        syncs: list[Future[Any]] = [ib.reqPositionsFuture()]
        if not readonly:
            syncs += [ib.reqOpenOrdersFuture(), ib.reqCompletedOrdersFuture(False)]
        if account:
            syncs.append(ib.reqAccountUpdatesFuture(account))
        results = [f.result(timeout) for f in syncs]
        ib.reqExecutionsFuture().result(timeout)
        if not readonly:
            ib._reconcile(before, results[1], results[2])

    def _run_reconnect(self) -> None:
        """The one reconnect loop: runs until connected (and still connected) or stopped."""
        try:
            while True:
                with self._lock:
                    if self._stop.is_set() or not self._need_reconnect:
                        self._reconnecting = False
                        return
                delay = self.ReconnectDelay
                while not self._stop.wait(delay):
                    with self._lock:
                        self._need_reconnect = False  # a drop of this very attempt sets it again
                    try:
                        self._open_session()
                    except Exception as e:  # noqa: BLE001 - try again later
                        logger.info("reconnect failed: %s", e)
                        self.client.disconnect()
                        delay = min(delay * 2, self.ReconnectMaxDelay)
                        continue
                    if self._stop.is_set():  # disconnect() was called while this attempt was under way
                        self.client.disconnect()
                        break
                    self._resubscribe(reconnected=True)
                    logger.info("reconnected")
                    self.connectedEvent.emit()
                    break
        finally:
            with self._lock:
                self._reconnecting = False

    def _resubscribe(self, reconnected: bool = False) -> None:
        """Request every live subscription again (after a new socket, or after TWS lost market data: 1101).

        Each keeps its object (Ticker, BarDataList, PnL) under a new request id; after 1101 the old
        subscription is cancelled first, as the connection that holds it lives on.
        """
        if not self.client.isConnected():
            return
        self._resubscribe_streams(reconnected)

    def disconnect(self) -> None:
        """Close the connection: pending requests fail at once with ConnectionError, no ibwire thread stays."""
        self._stop.set()
        self.client.disconnect()
        self._fail_all(ConnectionError("disconnected"))
        self._join_threads()

    def _join_threads(self) -> None:
        me = threading.current_thread()
        for _ in range(100):  # a reconnect attempt may be opening a socket right now: close it again
            alive = [t for t in (self._reconnector, self._thread, self._watchdog)
                     if t is not None and t is not me and t.is_alive()]
            if not alive:
                break
            if self._stop.is_set():
                self.client.disconnect()
            for t in alive:
                t.join(0.1)
        with self._lock:
            timers, self._timers = self._timers, set()
        for timer in timers:
            timer.cancel()

    def _wait_dispatch_ended(self) -> None:
        """The previous connection's dispatch thread ends before a new one starts (one dispatcher at a time)."""
        t = self._thread
        if t is not None and t is not threading.current_thread():
            while t.is_alive() and not self._stop.is_set():
                t.join(0.1)

    def _closed(self) -> None:
        reason = self._close_reason
        self._fail_all(ConnectError(reason.code, reason.message) if reason is not None
                       else ConnectionError("connection closed"))
        self.disconnectedEvent.emit()
        if not self._reconnect or self._stop.is_set():
            return
        with self._lock:
            self._need_reconnect = True
            if self._reconnecting:
                return  # the running loop sees the flag
            self._reconnecting = True
            t = self._reconnector = threading.Thread(target=self._run_reconnect, name="ibwire-reconnect",
                                                     daemon=True)
        t.start()

    def _fail_all(self, err: BaseException) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
            timers, self._timers = self._timers, set()
        for timer in timers:
            timer.cancel()
        for p in pending.values():
            if not p.future.done():
                p.future.set_exception(err)

    def _watch(self) -> None:
        while not self._stop.wait(0.05):
            now = time.monotonic()
            with self._lock:
                late = [(k, p) for k, p in self._pending.items() if p.deadline is not None and p.deadline < now]
                for k, _ in late:
                    del self._pending[k]
                late_followers = [(f, name) for f, (d, name) in self._deadlines.items() if d < now]
            for _, p in late:
                if not p.future.done():
                    p.future.set_exception(TimeoutError(f"{p.name}: no answer within the timeout"))
            for f, name in late_followers:
                try:
                    f.set_exception(TimeoutError(f"{name}: no answer within the timeout"))
                except InvalidStateError:
                    pass  # answered meanwhile

    def managedAccounts(self) -> list[str]:
        return list(self._accounts)

    def reqCurrentTimeFuture(self) -> Future[_dt.datetime]:
        return self._request(lambda _: self.client.reqCurrentTime(), key="currentTime")

    reqCurrentTime = blocking(reqCurrentTimeFuture)
    reqCurrentTimeAsync = awaitable(reqCurrentTimeFuture)

    def sleep(self, seconds: float) -> None:
        """Wait (the live objects keep updating meanwhile, on the dispatch thread)."""
        time.sleep(seconds)
