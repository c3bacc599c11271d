"""The connection and its sync: connect (blocking, Future, asyncio), initial sync, reconnect with resync,
disconnect; the session's clock: updates, idle timeout, the TWS time zone; waiting helpers."""

from __future__ import annotations

import asyncio
import datetime as _dt
import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, InvalidStateError
from concurrent.futures import TimeoutError as FutureTimeoutError
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, cast

from ..client import EClient
from ..protocol.errors import CLIENT_CODES, CONNECTION_ENDING_CODES, NOTICE_CODES
from ..wrapper import EWrapper
from . import events as _events
from . import util
from ._core import ConnectError, Core, RequestError, _follow, awaitable, blocking
from ._time import zone_of_conn_time
from .events import Event
from .objects import StartupFetch, StartupFetchALL

if TYPE_CHECKING:
    from .ib import IB

logger = logging.getLogger("ibwire.ib")

_Self = TypeVar("_Self", bound="SessionMixin")


_P = ParamSpec("_P")
_R = TypeVar("_R")
_V = TypeVar("_V")


class _ClassOrInstance(Generic[_P, _R]):
    """A function that is static on the class and a method on an instance (ib_async's ``IB.sleep``)."""

    def __init__(self, on_class: Callable[_P, _R], on_instance: Callable[Concatenate[Any, _P], _R]) -> None:
        self.on_class, self.on_instance = on_class, on_instance
        self.__doc__ = on_instance.__doc__

    def __get__(self, obj: object, owner: type | None = None) -> Callable[_P, _R]:
        if obj is None:
            return self.on_class
        return functools.partial(self.on_instance, obj)


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
        exc = RequestError(reqId, errorCode, errorString, advancedOrderRejectJson)
        contract = ib._contract_of(reqId) if reqId >= 0 else None  # before the request is settled
        sending = ib._sending()
        # a request that could not be sent fails its caller at once (the error may name no request id)
        answered = False
        if failure and errorCode in CLIENT_CODES and sending is not None:
            sending.errors.append(exc)
            answered = True
        # request ids and order ids are counted apart and may meet: a request's error is not the order's
        is_request = ib._get(reqId) is not None or ib._is_stream(reqId)
        waiting = failure and ib._waited_for(reqId)
        if reqId == -1 and errorCode in CONNECTION_ENDING_CODES:
            ib._close_reason = ConnectError(errorCode, errorString)
        if not (answered or waiting):
            # the caller that gets the RequestError is told; everything else is logged here, once
            super().error(reqId, errorTime, errorCode, errorString, advancedOrderRejectJson)
        if reqId >= 0 and not is_request:
            ib._order_error(reqId, errorCode, errorString, exc, advancedOrderRejectJson)
        if errorCode == 1101:
            ib._resubscribe()  # TWS restored its link to IB but dropped every market data subscription
        ib.errorEvent.emit(reqId, errorCode, errorString, contract)
        # the caller is released last, as ib_async's awaiting caller resumes only after this callback: when its
        # call raises, the error's state changes and errorEvent's handlers are done (with EventsOnWait, held
        # for it to hand out before it returns)
        if failure:
            if not ib._fail(reqId, exc) and waiting:
                super().error(reqId, errorTime, errorCode, errorString, advancedOrderRejectJson)  # timed out meanwhile
            if reqId >= 0 and not is_request:
                ib._fail(("order", reqId), exc)

    def connectionClosed(self) -> None:
        self.ib._closed()


class SessionMixin(Core):
    """Connecting, keeping in sync, reconnecting; the session's updates, idle timeout and time zone."""

    #: First and longest wait between reconnect attempts (seconds; doubling in between).
    ReconnectDelay: float = 0.5
    ReconnectMaxDelay: float = 30.0
    #: At connect, accounts' updates are also requested one by one (reqAccountUpdatesMulti) when there
    #: are at most this many accounts (as ib_async).
    MaxSyncedSubAccounts: int = 50
    #: The time zone TWS runs in (a time-zone name). Learned at each connect from the handshake's
    #: connection time unless set to something else by the user; "" (before a connect, or when TWS
    #: named no zone we know) means the local zone, as ib_async assumes.
    TimezoneTWS: str = ""

    def __init__(self) -> None:
        super().__init__()
        self.connectedEvent = Event("connectedEvent")
        self.disconnectedEvent = Event("disconnectedEvent")
        self.errorEvent = Event("errorEvent")
        self.timeoutEvent = Event("timeoutEvent")
        self.updateEvent = Event("updateEvent")
        # updates handed to the user's side (with EventsOnWait: on the waiting thread, like users' handlers)
        self._updates_seen = 0
        self.updateEvent._add(self._update_seen, None, True)
        self._watchdog: threading.Thread | None = None
        self._stop = threading.Event()
        self._params: tuple[str, int, int, float, bool, str] = ("127.0.0.1", 7497, 1, 4.0, False, "")
        self._fetch: StartupFetch = StartupFetchALL
        self._reconnect = False
        self._reconnector: threading.Thread | None = None
        self._connector: threading.Thread | None = None  # connectFuture's thread
        self._reconnecting = False  # a reconnect loop runs (at most one)
        self._need_reconnect = False  # the connection dropped since the loop last connected
        self._close_reason: ConnectError | None = None
        self._updates = 0  # batches delivered (waitOnUpdate waits for the next)
        self._update_cond = threading.Condition()
        self._update_waiters = 0  # threads in waitOnUpdate (guarded by _update_cond)
        self._last_data = time.monotonic()  # when data last arrived (the idle timeout counts from here)
        self._idle_timeout = 0.0
        self._tz_learned = ""  # the zone the last connect learned (a user's own TimezoneTWS is kept)

    def _reset(self) -> None:
        super()._reset()
        self._accounts: list[str] = []

    def __enter__(self: _Self) -> _Self:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.disconnect()

    def __repr__(self) -> str:
        c = self.client
        conn = (f"connected to {c.host}:{c.port} clientId={c.clientId}" if self.isConnected() else "not connected")
        return f"<{type(self).__qualname__} {conn}>"

    def isConnected(self) -> bool:
        return self.client.isConnected()

    def connect(self: _Self, host: str = "127.0.0.1", port: int = 7497, clientId: int = 1, timeout: float | None = 4,
                readonly: bool = False, account: str = "", raiseSyncErrors: bool = False,
                fetchFields: StartupFetch = StartupFetchALL, reconnect: bool = True) -> _Self:
        """Connect and return once the initial sync is done (accounts, positions, orders, executions, account).

        ``timeout`` bounds each step (TCP connect, handshake, each sync request); 0 or None: no bound.
        Raises :class:`ConnectError` (with TWS's code, e.g. 326 for a client id in use), ``ConnectionError``
        or ``TimeoutError`` when the connection cannot be made. A sync request that TWS refuses or that
        times out is logged, as ib_async does; with ``raiseSyncErrors`` it raises ``ConnectionError``
        instead. ``fetchFields`` (:class:`StartupFetch` flags) chooses what the sync loads (every flag is
        honoured; ib_async 2.1 loads positions even without ``POSITIONS``). ``TimezoneTWS`` is learned
        from the handshake.
        With ``reconnect`` (the default) a lost connection is re-established with backoff, the state
        resynced, market data and keepUpToDate bars resubscribed, and executions missed meanwhile merged.

        Blocking; from inside a running event loop ``await connectAsync(...)`` (same parameters) lets the
        loop run on meanwhile.
        """
        if self.isConnected():
            raise ConnectionError("already connected; disconnect() first")
        self._stop.set()  # end what an earlier connection left (a reconnect loop, the watchdog)
        self.client.disconnect()
        self._join_threads()
        self._reset()
        self._params = (host, port, clientId, timeout or 0.0, readonly, account)
        self._fetch = fetchFields
        self._reconnect = reconnect
        self._stop.clear()
        try:
            with _events.internal():
                self._open_session(strict=raiseSyncErrors)
        except BaseException:
            self.disconnect()
            raise
        self.connectedEvent.emit()
        return self

    def connectFuture(self: _Self, host: str = "127.0.0.1", port: int = 7497, clientId: int = 1,
                      timeout: float | None = 4, readonly: bool = False, account: str = "",
                      raiseSyncErrors: bool = False, fetchFields: StartupFetch = StartupFetchALL,
                      reconnect: bool = True) -> Future[_Self]:
        """:meth:`connect` on a thread of its own: the Future of this ``IB`` once connected and synced."""
        out: Future[_Self] = Future()

        def work() -> None:
            try:
                self.connect(host, port, clientId, timeout, readonly, account, raiseSyncErrors, fetchFields,
                             reconnect)
            except BaseException as e:  # noqa: BLE001 - delivered through the Future
                out.set_exception(e)
            else:
                out.set_result(self)

        t = threading.Thread(target=work, name="ibwire-connect", daemon=True)
        self._connector = t
        t.start()
        return out

    async def connectAsync(self: _Self, host: str = "127.0.0.1", port: int = 7497, clientId: int = 1,
                           timeout: float | None = 4, readonly: bool = False, account: str = "",
                           raiseSyncErrors: bool = False, fetchFields: StartupFetch = StartupFetchALL,
                           reconnect: bool = True) -> _Self:
        """:meth:`connect` for a running event loop: the loop runs on while a thread connects and syncs.

        No nested loops (nest_asyncio) are involved. Cancelling the awaiting task abandons the attempt:
        its socket is closed at once and whatever the attempt got to is closed when it ends.
        """
        f = self.connectFuture(host, port, clientId, timeout, readonly, account, raiseSyncErrors, fetchFields,
                               reconnect)
        try:
            return await asyncio.wrap_future(_follow(f))
        except asyncio.CancelledError:
            self._stop.set()  # no reconnect loop for this attempt; the attempt fails where it is
            self.client.disconnect()
            f.add_done_callback(lambda _: self.disconnect())  # and whatever it got to is closed when it ends
            raise

    def _open_session(self, strict: bool = True) -> None:
        """Connect and sync. ``strict``: a sync request that fails or times out fails the whole attempt
        (reconnects are strict: a partial resync would miss fills); else it is logged and skipped."""
        ib = cast("IB", self)
        host, port, clientId, timeout, readonly, account = self._params
        fetch = self._fetch
        wait = timeout or None
        self._wait_dispatch_ended()
        before = list(ib._trades.values())
        self._close_reason = None
        first = self._start("nextValidId", timeout)
        accounts = self._start("managedAccounts", timeout)
        self.client.connectTimeout = self.client.handshakeTimeout = timeout or 3600.0
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
        self._learn_timezone()
        self._last_data = time.monotonic()
        self._thread = threading.Thread(target=self.client.run, name="ibwire-dispatch", daemon=True)
        _events._dispatch_threads.add(self._thread)
        self._thread.start()
        if self._watchdog is None or not self._watchdog.is_alive():
            self._watchdog = threading.Thread(target=self._watch, name="ibwire-timeouts", daemon=True)
            self._watchdog.start()
        first.future.result(wait)
        accts = accounts.future.result(wait)
        auto: Callable[[bool], None] | None = getattr(ib, "reqAutoOpenOrders", None)
        if clientId == 0 and auto is not None:
            auto(True)  # client 0 binds orders placed in TWS, as ib_async does
        account = account or (accts[0] if len(accts) == 1 else "")
        syncs: dict[str, Future[Any]] = {}
        if fetch & StartupFetch.POSITIONS:
            syncs["positions"] = ib.reqPositionsFuture()
        if not readonly and fetch & StartupFetch.ORDERS_OPEN:
            syncs["open orders"] = ib.reqOpenOrdersFuture()
        if not readonly and fetch & StartupFetch.ORDERS_COMPLETE:
            syncs["completed orders"] = ib.reqCompletedOrdersFuture(False)
        if account and fetch & StartupFetch.ACCOUNT_UPDATES:
            syncs["account updates"] = ib.reqAccountUpdatesFuture(account)
        multi: Callable[[str], Future[Any]] | None = getattr(ib, "reqAccountUpdatesMultiFuture", None)
        if multi is not None and fetch & StartupFetch.SUB_ACCOUNT_UPDATES and len(accts) <= self.MaxSyncedSubAccounts:
            for acc in accts:
                syncs[f"account updates for {acc}"] = multi(acc)
        results = {name: self._sync_result(name, f, wait, strict) for name, f in syncs.items()}
        if fetch & StartupFetch.EXECUTIONS:  # after the orders, so that fills find their trades
            self._sync_result("executions", ib.reqExecutionsFuture(), wait, strict)
        if not self.client.isConnected():
            raise ConnectionError(f"the connection to {host}:{port} ended during the sync")
        open_orders, completed = results.get("open orders"), results.get("completed orders")
        if isinstance(open_orders, list) and isinstance(completed, list):
            ib._reconcile(before, open_orders, completed)

    def _sync_result(self, name: str, f: Future[Any], wait: float | None, strict: bool) -> Any:
        """The result of one sync request; its refusal or timeout raised (``strict``) or logged (None)."""
        try:
            return f.result(wait)
        except (RequestError, TimeoutError, FutureTimeoutError) as e:  # FutureTimeoutError: its own class on 3.10
            if strict:
                raise ConnectionError(f"{name} request failed during the sync: {e}") from e
            logger.error("%s request failed during the sync: %s", name, e or type(e).__name__)
            return None

    def _learn_timezone(self) -> None:
        """TWS's zone from the connection time of its handshake, unless the user chose one."""
        if self.TimezoneTWS and self.TimezoneTWS != self._tz_learned:
            return
        zone = zone_of_conn_time(self.client.twsConnectionTime())
        self.TimezoneTWS = self._tz_learned = "" if zone is None else str(zone)

    def _run_reconnect(self) -> None:
        """The one reconnect loop: runs until connected (and still connected) or stopped."""
        _events.defer_on_this_thread(self._deferral)
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
                        with _events.internal():
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
        self._idle_timeout = 0.0  # as ib_async: the idle timeout is per connection
        self.client.disconnect()
        self._fail_all(ConnectionError("disconnected"))
        self._wake()  # a thread handing out held events (ib.run()) sees the end
        self._wake_waiters()
        self._join_threads()

    def _join_threads(self) -> None:
        me = threading.current_thread()
        for _ in range(100):  # a reconnect attempt may be opening a socket right now: close it again
            alive = [t for t in (self._reconnector, self._thread, self._watchdog, self._connector)
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
            self._wake_waiters()
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
        _events.defer_on_this_thread(self._deferral)
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

    # --- updates and waiting --------------------------------------------------------------------------------

    def _on_batch(self) -> None:
        """A batch of messages was delivered (on the dispatch thread): ``updateEvent`` and its waiters."""
        self._last_data = time.monotonic()
        self._updates += 1  # only this thread writes it
        if self._update_waiters:  # (read after the count: a waiter counts itself before it looks)
            with self._update_cond:
                self._update_cond.notify_all()
        self.updateEvent.emit()

    def _on_idle(self) -> None:
        """The dispatch thread found nothing to deliver for a while: the idle timeout, if it is due."""
        idle = time.monotonic() - self._last_data
        if self._idle_timeout and idle >= self._idle_timeout:
            self._idle_timeout = 0.0  # fires once; setTimeout again to re-arm
            self.timeoutEvent.emit(idle)

    def _closed_for_good(self) -> bool:
        """Disconnected, and no reconnect will follow (``disconnect()``, never connected, or ``reconnect`` off)."""
        return self._stop.is_set() or (not self._reconnect and not self.client.isConnected())

    def _wake_waiters(self) -> None:
        with self._update_cond:
            self._update_cond.notify_all()

    def setTimeout(self, timeout: float = 60) -> None:
        """Emit ``timeoutEvent(idleSeconds)`` when no data arrives from TWS for ``timeout`` seconds.

        It fires once (set it again to re-arm), counting from now or the last data; 0 turns it off;
        ``disconnect()`` turns it off too. Like IB's other events it is emitted on the dispatch thread
        (which checks whenever it has had nothing to deliver for 0.2 s), while connected.
        """
        self._last_data = time.monotonic()
        self._idle_timeout = float(timeout)

    def waitOnUpdate(self, timeout: float = 0) -> bool:
        """Block until the next batch of messages has been handled (``updateEvent``); True, or False when
        ``timeout`` seconds (0: no limit) passed first or the connection is closed for good (disconnect,
        or lost without ``reconnect``). While a reconnect is under way it keeps waiting.

        As in ib_async, use events rather than a ``waitOnUpdate`` loop to see every tick. Not on the
        dispatch thread (it would wait for itself); from a coroutine ``await ib.updateEvent`` instead.
        """
        if threading.current_thread() is self._thread:
            raise RuntimeError("waitOnUpdate on the dispatch thread would wait for itself")
        end = time.monotonic() + timeout if timeout else None
        if self._deferral.on:  # updates are handed out here, on this thread, with their held events
            first = self._updates_seen
            self._pump(lambda: self._updates_seen != first or self._closed_for_good(), timeout or None)
            self._pump(None, None)  # and what else is held by now, as one turn of ib_async's loop
            return self._updates_seen != first
        with self._update_cond:
            self._update_waiters += 1
            try:
                start = self._updates
                while self._updates == start:
                    if self._closed_for_good():
                        return False
                    left = None if end is None else end - time.monotonic()
                    if left is not None and left <= 0:
                        return False
                    self._update_cond.wait(left if left is not None else 1.0)
            finally:
                self._update_waiters -= 1
        return True

    def loopUntil(self, condition: Callable[[], _V] | None = None, timeout: float = 0) -> Iterator[_V | bool | None]:
        """Iterate until ``condition()`` is true, re-testing it after every update; with ``timeout`` (seconds,
        0: none). Yields the condition's value after each update and ends with its true value, or with
        False when the timeout passed (as ib_async)."""
        end = time.monotonic() + timeout
        while True:
            test = condition() if condition is not None else None
            if test:
                yield test
                return
            if timeout and time.monotonic() > end:
                yield False
                return
            yield test
            if not self.waitOnUpdate(max(end - time.monotonic(), 1e-6) if timeout else 0) and self._closed_for_good():
                yield False  # no update will ever come
                return

    def _update_seen(self) -> None:
        self._updates_seen += 1

    def _sleep(self, secs: float = 0.02) -> bool:
        """Wait ``secs`` seconds; returns True. State keeps updating meanwhile; with ``EventsOnWait`` the
        events held meanwhile reach their handlers here, on this thread."""
        if threading.current_thread() is not self._thread:
            if self._deferral.on:
                self._pump(None, max(0.0, secs))
                return True
            box = _events.running_inbox()
            if box is not None:  # a Jupyter cell blocks its loop: the loop's handlers run while we sleep
                _events.pump_inbox(box, None, max(0.0, secs))
                return True
        return util.sleep(secs)

    def _run(self, *awaitables: Any, timeout: float | None = None) -> Any:
        """ib_async's ``run``: with awaitables, run them to completion (:func:`util.run`); without, keep
        the script alive until Ctrl-C (with ``EventsOnWait``, handing held events to their handlers)."""
        if not awaitables and self._deferral.on and threading.current_thread() is not self._thread:
            self._pump(lambda: self._stop.is_set(), None)
            return None
        return util.run(*awaitables, timeout=timeout)

    # static in ib_async (``IB.sleep(1)``); on an instance they also hand out events held by EventsOnWait
    sleep = _ClassOrInstance(util.sleep, _sleep)
    run = _ClassOrInstance(util.run, _run)

    def managedAccounts(self) -> list[str]:
        return list(self._accounts)

    def reqCurrentTimeFuture(self) -> Future[_dt.datetime]:
        return self._request(lambda _: self.client.reqCurrentTime(), key="currentTime", empty=lambda: None)

    reqCurrentTime = blocking(reqCurrentTimeFuture)
    reqCurrentTimeAsync = awaitable(reqCurrentTimeFuture)

    # ib_async's helpers on IB, from util: on threads, and on a running loop where they are async
    schedule = staticmethod(util.schedule)
    timeRange = staticmethod(util.timeRange)
    timeRangeAsync = staticmethod(util.timeRangeAsync)
    waitUntil = staticmethod(util.waitUntil)
