"""The plumbing every part of ``IB`` shares: requests in flight and their futures, sending, waiting."""

from __future__ import annotations

import asyncio
import datetime as _dt
import functools
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import Future, InvalidStateError
from concurrent.futures import TimeoutError as FutureTimeoutError
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from ..client import EClient
from . import events

if TYPE_CHECKING:
    from ..model import Contract
    from .ticker import Ticker

logger = logging.getLogger("ibwire.ib")

_P = ParamSpec("_P")
_R = TypeVar("_R")
_S = TypeVar("_S", bound="Core")
_V = TypeVar("_V")


def blocking(fn: Callable[Concatenate[_S, _P], Future[_R]]) -> Callable[Concatenate[_S, _P], _R]:
    """The blocking face of ``xFuture``: waits for its result (on any thread but the dispatch thread).

    Also from inside a running event loop (a coroutine, a Jupyter cell): the call blocks that loop's
    thread until the answer is in (the dispatch thread delivers it meanwhile); ``await xAsync(...)``
    there lets the loop run on instead.
    """

    @functools.wraps(fn)
    def call(self: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with events.internal():
            f = fn(self, *args, **kwargs)
        return self._wait(f)

    call.__name__ = call.__qualname__ = fn.__name__.removesuffix("Future")
    return call


def awaitable(fn: Callable[Concatenate[_S, _P], Future[_R]]) -> Callable[Concatenate[_S, _P], Coroutine[Any, Any, _R]]:
    """The asyncio face of ``xFuture``: a coroutine to await on any running event loop.

    The request is sent when the coroutine starts; it ends as the Future does (its result, a
    ``RequestError``, the ``TimeoutError`` of the request timeout, a ``ConnectionError``). Cancelling
    the awaiting task abandons this caller's wait only: a request shared with other callers goes on.
    """

    @functools.wraps(fn)
    async def call(self: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with events.internal():
            f = fn(self, *args, **kwargs)
        return await asyncio.wrap_future(_follow(f))  # cancelling cancels the follower, never ``f``

    call.__name__ = call.__qualname__ = fn.__name__.removesuffix("Future") + "Async"
    return call


class RequestError(Exception):
    """TWS refused a request: ``reqId``, ``code`` and ``message`` as the error callback gave them (and the
    ``advancedOrderRejectJson`` of an order's rejection, else empty)."""

    def __init__(self, reqId: int, code: int, message: str, advancedOrderRejectJson: str = "") -> None:
        super().__init__(f"Error {code}, reqId {reqId}: {message}")
        self.reqId, self.code, self.message = reqId, code, message
        self.advancedOrderRejectJson = advancedOrderRejectJson


class ConnectError(ConnectionError):
    """The connection could not be made or was ended by TWS: ``code`` and ``message`` as TWS (or the client) gave them."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"Error {code}: {message}")
        self.code, self.message = code, message


class _Pending:
    """One request in flight; callers asking the same keyed question meanwhile share it."""

    __slots__ = ("future", "items", "deadline", "name", "variant", "empty", "contract")

    def __init__(self, name: str, deadline: float | None, variant: Any = None,
                 empty: Callable[[], Any] = list, contract: Contract | None = None) -> None:
        self.future: Future[Any] = Future()
        self.items: list[Any] = []
        self.deadline = deadline
        self.name = name
        self.variant = variant
        self.empty = empty
        self.contract = contract


def _follow(src: Future[Any]) -> Future[Any]:
    """A future of its own for one caller, settled like ``src`` (cancelling it leaves ``src`` alone)."""
    out: Future[Any] = Future()
    src.add_done_callback(lambda f: _settle(out, f))
    return out


def _when_all(futures: list[Future[Any]], combine: Callable[[list[Future[Any]]], Any]) -> Future[Any]:
    """A future of ``combine(futures)`` once every one of ``futures`` is done (its exception if it raises)."""
    out: Future[Any] = Future()
    left = [len(futures)]
    lock = threading.Lock()

    def finish() -> None:
        try:
            out.set_result(combine(futures))
        except Exception as e:  # noqa: BLE001 - delivered to the caller through the future
            out.set_exception(e)

    def done(_: Future[Any]) -> None:
        with lock:
            left[0] -= 1
            if left[0]:
                return
        finish()

    if not futures:
        finish()
    for f in futures:
        f.add_done_callback(done)
    return out


def _settle(out: Future[Any], f: Future[Any]) -> None:
    """Settle ``out`` like the finished ``f``."""
    if out.done():
        return
    e = f.exception()
    try:
        if e is None:
            out.set_result(f.result())
        else:
            out.set_exception(e)
    except InvalidStateError:
        pass


class _SendScope:
    """The errors the client reports on this thread while a facade call sends."""

    __slots__ = ("errors",)

    def __init__(self) -> None:
        self.errors: list[RequestError] = []


def _streams(t: Ticker) -> bool:
    """A Ticker fed by a subscription (not a snapshot)."""
    return getattr(t, "_sub", None) is not None


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


class Core:
    """State and request plumbing; the concern mixins build on it.

    Each mixin adds its own state in ``_reset`` (called for every new connection) and its own
    streams in ``_is_stream`` / ``_resubscribe_streams``, calling ``super()``.
    """

    #: Default seconds a blocking call, Future or awaitable waits before failing with TimeoutError.
    RequestTimeout: float = 30.0
    #: A request TWS refuses raises :class:`RequestError` (True, the default). False gives ib_async's
    #: behaviour: the call returns the empty result ib_async returns (an empty list for most) and the
    #: error is only logged (and emitted on ``errorEvent``). Connection loss and timeouts always raise.
    RaiseRequestErrors: bool = True

    client: EClient

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._ids = itertools.count(1)
        self._thread: threading.Thread | None = None  # the dispatch thread
        self._tl = threading.local()  # the send scope of the facade call running on this thread
        self._timers: set[threading.Timer] = set()  # requests held back by historical pacing
        self._deadlines: dict[Future[Any], tuple[float, str]] = {}  # callers sharing a request: their own
        self._deferral = events.Deferral()
        self._reset()

    @property
    def EventsOnWait(self) -> bool:
        """Where users' event handlers run. False (the default): on the connection's thread, as each event
        happens. True: ib_async's way -- events are held and handed, in order, to the handlers connected
        by then, on the thread that waits in ``ib.sleep()``, ``ib.run()``, ``waitOnUpdate`` or a
        blocking call (so a ``trade.fillEvent += h`` written right after ``placeOrder`` still sees the
        fill, and handlers never run beside your code). Handlers connected inside a running event loop
        run on that loop either way; state (tickers, trades, positions) is always current."""
        return self._deferral.on

    @EventsOnWait.setter
    def EventsOnWait(self, on: bool) -> None:
        self._deferral.on = bool(on)

    def _pump(self, until: Callable[[], bool] | None, timeout: float | None) -> None:
        """Deliver held events on this thread until ``until()`` is true or ``timeout`` seconds passed
        (None: no limit); with neither, only what is held now."""
        if threading.current_thread() is self._thread:
            return  # the dispatch thread never waits for its own events
        q = self._deferral.queue
        box = events.running_inbox()  # handlers bound to this thread's loop run here too (Jupyter)
        end = None if timeout is None else time.monotonic() + timeout
        while True:
            if until is not None and until():
                until, end = None, None  # done: hand out what is held by now (it came first), then return
            left = None if end is None else end - time.monotonic()
            if (left is not None and left <= 0) or (until is None and end is None):
                left = 0.0
            try:
                item = q.get(timeout=left) if left != 0.0 else q.get_nowait()
            except queue.Empty:
                if left == 0.0 or until is None:
                    return
                continue
            if item is not None:
                item[0]._deliver(item[1])
                if box is not None:
                    box.run()

    def _wake(self, _: object = None) -> None:
        """Wake a thread waiting in :meth:`_pump` (its condition may hold now)."""
        self._deferral.queue.put(None)

    def _reset(self) -> None:
        self._pending: dict[Any, _Pending] = {}

    def _is_stream(self, reqId: int) -> bool:
        """Whether ``reqId`` is a live subscription's."""
        return False

    def _resubscribe_streams(self, reconnected: bool) -> None:
        """Request every live subscription again (see ``SessionMixin._resubscribe``)."""

    def _start(self, key: Any, timeout: float | None = None, name: str = "", variant: Any = None,
               empty: Callable[[], Any] = list, contract: Contract | None = None) -> _Pending:
        """Register a request in flight under ``key`` (see :meth:`_request` for ``empty`` and ``contract``)."""
        t = self.RequestTimeout if timeout is None else timeout
        p = _Pending(name or str(key), time.monotonic() + t if t else None, variant, empty, contract)
        with self._lock:
            self._pending[key] = p
        return p

    def _get(self, key: Any) -> _Pending | None:
        with self._lock:
            return self._pending.get(key)

    def _add(self, key: Any, item: Any) -> None:
        p = self._get(key)
        if p is not None:
            p.items.append(item)

    def _finish(self, key: Any, value: Any = None) -> None:
        with self._lock:
            p = self._pending.pop(key, None)
        if p is not None and not p.future.done():
            p.future.set_result(list(p.items) if value is None else value)

    def _waited_for(self, key: Any) -> bool:
        """Whether a caller still waits for request ``key`` (its answer would settle a Future)."""
        p = self._get(key)
        return p is not None and not p.future.done()

    def _fail(self, key: Any, exc: BaseException) -> bool:
        """Fail the request ``key``; whether there was one to fail.

        A :class:`RequestError` with ``RaiseRequestErrors`` off settles it with its empty result instead
        (and logs the error), as ib_async does.
        """
        with self._lock:
            p = self._pending.pop(key, None)
        if p is None or p.future.done():
            return False
        if isinstance(exc, RequestError) and not self.RaiseRequestErrors:
            logger.error("%s refused: %s", p.name, exc)
            try:
                empty = p.empty()
            except Exception as e:  # noqa: BLE001 - a broken factory: the caller gets its error
                p.future.set_exception(e)
            else:
                p.future.set_result(empty)
            return True
        p.future.set_exception(exc)
        return True

    def _contract_of(self, reqId: int) -> Contract | None:
        """The contract request ``reqId`` is about (for ``errorEvent``), None when unknown.

        Cooperative: a mixin that knows more (tickers, bars, trades by order id) answers for its own
        ids and otherwise returns ``super()._contract_of(reqId)``.
        """
        p = self._get(reqId)
        return p.contract if p is not None else None

    def _ticks(self, reqId: int, ticks: list[Any], done: bool) -> None:
        self._add(reqId, ticks)
        if done:
            p = self._get(reqId)
            if p is not None:
                self._finish(reqId, [t for chunk in p.items for t in chunk])

    def _req_id(self) -> int:
        return next(self._ids) + 100_000

    def _sending(self) -> _SendScope | None:
        scope: _SendScope | None = getattr(self._tl, "scope", None)
        return scope

    def _send(self, fn: Callable[[], None]) -> RequestError | ConnectError | None:
        """Run ``fn`` (which sends); the first error the client reported while sending, if any.

        A send that failed because the connection is gone is a :class:`ConnectError` (a ``ConnectionError``,
        as when the call finds it gone before sending), with the client's code.
        """
        scope = _SendScope()
        self._tl.scope = scope
        try:
            fn()
        finally:
            self._tl.scope = None
        if not scope.errors:
            return None
        err = scope.errors[0]
        return err if self.client.isConnected() else ConnectError(err.code, err.message)

    def _require_connected(self) -> None:
        if not self.client.isConnected():
            raise ConnectionError("not connected")

    def _request(self, send: Callable[[int], None], key: Any = None, timeout: float | None = None,
                 name: str = "", variant: Any = None, empty: Callable[[], Any] = list,
                 contract: Contract | None = None) -> Future[Any]:
        """Send a request and return the future of its answer.

        Requests TWS answers without a request id are ``key``-ed by kind: a caller asking while the
        same question (``variant``) is in flight shares its answer; a different variant waits for it.

        ``empty`` makes the result a refused request gives when ``RaiseRequestErrors`` is off: pass
        what ib_async returns for that call -- ``list`` (the default) for calls that return lists,
        e.g. ``empty=lambda: None`` for one object, ``empty=str`` for text, ``empty=BarDataList`` for
        bars. ``contract`` is the contract the request is about: ``errorEvent`` reports it with the
        request's errors (as ib_async does).
        """
        req = self._req_id()
        k = req if key is None else key
        t = self.RequestTimeout if timeout is None else timeout
        with self._lock:
            p = self._pending.get(k) if key is not None else None
            if p is not None:
                if p.variant == variant:
                    if p.deadline is not None:
                        p.deadline = None if not t else max(p.deadline, time.monotonic() + t)
                    return self._own_deadline(_follow(p.future), t, p.name)
                out: Future[Any] = Future()

                def then(_: Future[Any]) -> None:
                    nxt = self._request(send, key, timeout, name, variant, empty, contract)
                    nxt.add_done_callback(lambda f: _settle(out, f))

                p.future.add_done_callback(then)
                return self._own_deadline(out, t, name or str(k))  # the wait in the queue counts too
            p = _Pending(name or str(k), time.monotonic() + t if t else None, variant, empty, contract)
            self._pending[k] = p
            connected = self.client.isConnected()  # checked after registering: a close meanwhile fails p
        mine = self._own_deadline(_follow(p.future), t, p.name)
        if not connected:
            self._fail(k, ConnectionError("not connected"))
            return mine
        try:
            err = self._send(lambda: send(req))
        except Exception as e:  # noqa: BLE001 - e.g. a wrong argument type: the caller gets it
            self._fail(k, e)
        else:
            if err is not None:
                self._fail(k, err)
        return mine

    def _own_deadline(self, f: Future[Any], timeout: float, name: str) -> Future[Any]:
        """``f`` times out after ``timeout`` seconds even if the request it follows waits longer."""
        if timeout:
            with self._lock:
                self._deadlines[f] = (time.monotonic() + timeout, name)
            f.add_done_callback(self._forget_deadline)
        return f

    def _forget_deadline(self, f: Future[Any]) -> None:
        with self._lock:
            self._deadlines.pop(f, None)

    def _wait(self, f: Future[_R], timeout: float | None = None) -> _R:
        if threading.current_thread() is self._thread:
            raise RuntimeError("a blocking call on the dispatch thread would wait for itself; use the Future variant")
        if self._deferral.on:  # held events reach their handlers while the call waits
            f.add_done_callback(self._wake)
            self._pump(f.done, timeout)
        else:
            box = events.running_inbox()
            if box is not None:  # blocking a running loop (a Jupyter cell): its handlers run while we wait
                f.add_done_callback(box.wake)
                events.pump_inbox(box, f.done, timeout)
        try:
            return f.result(None if timeout is None else timeout)
        except FutureTimeoutError:  # Python 3.10's own class; the builtin one from 3.11 on, as callers catch
            raise TimeoutError(f"no answer within {timeout} s") from None

    def _renumber(self, table: dict[int, _V], cancel: Callable[[int, _V], None] | None,
                  send: Callable[[int, _V], None], which: Callable[[_V], bool] = lambda _: True) -> None:
        """Request each stream of ``table`` (``which`` are streams) again under a new id, ``cancel``-ing the
        old one first; in place, as other threads may be adding to ``table``."""
        for old, obj in list(table.items()):
            if not which(obj):
                continue
            del table[old]
            if cancel is not None:
                cancel(old, obj)
            req = self._req_id()
            table[req] = obj
            send(req, obj)

    def _stream(self, send: Callable[[], None], undo: Callable[[], Any]) -> None:
        """Send a subscription; if the client could not send it, forget it and raise the error."""
        try:
            err = self._send(send)
        except BaseException:
            undo()
            raise
        if err is not None:
            undo()
            raise err
