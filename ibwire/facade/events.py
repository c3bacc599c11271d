"""Thread-safe events, for threads and asyncio alike.

``event += handler`` (or ``event.connect(handler)``), ``event -= handler``, ``event.emit(*args)``, as
ib_async's events (eventkit). Where a handler runs depends on where it was connected:

* connected outside a running event loop (a script, a thread): it runs on the thread that emits -- for IB
  events the connection's dispatch thread -- in subscription order;
* connected from inside a running event loop (a coroutine, a Jupyter cell): it runs ON THAT LOOP, handed
  over with ``loop.call_soon_threadsafe`` (a slow loop never holds up the dispatch thread). A handler that
  returns an awaitable (an ``async def`` handler) has it run as a task on that loop;
* an ``async def`` handler connected outside a running loop belongs to its thread's event loop (made if
  the thread has none, as ``util.getLoop``) and runs whenever that loop runs (``ib.run()``), as in ib_async.

A handler that raises is logged (and the event's ``error`` listeners told); the others still run.

An event can also be awaited for its next emission (``args = await event``) and iterated asynchronously
(``async for args in event``), on any running loop; ``event.wait(timeout)`` is the same for a thread. A
single emitted argument comes as itself, several as a tuple, none as :data:`NO_VALUE` (as eventkit).

Bound methods are held weakly (as eventkit): a handler ``obj.method`` goes away with ``obj``; pass
``keep_ref=True`` to hold it strongly. Functions, lambdas and other callables are held strongly.

Not offered: eventkit's operator pipelines (``map``, ``filter``, ``pipe``, ``fork``, timers...) and its
static ``Event.wait(awaitable)`` constructor -- ``wait`` here waits on this event.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import queue
import threading
import types
import warnings
import weakref
from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import Any, Final, TypeVar

__all__ = ["Event", "NO_VALUE"]

logger = logging.getLogger("ibwire.events")

#: the type of an event (``Event`` or a subclass) that ``+=``/``connect`` give back
_E = TypeVar("_E", bound="Event")


class _NoValue:
    """What an emission without arguments gives to ``await`` and ``async for`` (false, as eventkit's)."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "<NoValue>"

    __str__ = __repr__


NO_VALUE: Final = _NoValue()

_local = threading.local()


class Deferral:
    """Where a connection's threads put the emissions its users' handlers get later, on the thread that
    waits (``IB.EventsOnWait``): ``on`` says whether they do; ``queue`` holds ``(event, args)``."""

    __slots__ = ("on", "queue")

    def __init__(self) -> None:
        self.on = False
        self.queue: queue.SimpleQueue[tuple[Event, tuple[Any, ...]] | None] = queue.SimpleQueue()


class _Inbox:
    """Handler calls for one event loop: the loop runs them (one callback per batch), or -- while that loop's
    thread is blocked in the facade (``ib.sleep``, a blocking call in a Jupyter cell) -- the wait does."""

    __slots__ = ("loop", "queue", "_lock", "_scheduled", "__weakref__")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.queue: queue.SimpleQueue[tuple[Callable[..., Any], tuple[Any, ...]] | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._scheduled = False

    def put(self, fn: Callable[..., Any], *args: Any) -> bool:
        """Queue ``fn(*args)``; False if the loop is closed."""
        self.queue.put((fn, args))
        with self._lock:
            if self._scheduled:
                return True
            self._scheduled = True
        try:
            self.loop.call_soon_threadsafe(self.run)
        except RuntimeError:
            return False
        return True

    def run(self) -> None:
        """Run the queued calls (on the loop's thread)."""
        with self._lock:
            self._scheduled = False
        while True:
            try:
                item = self.queue.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                item[0](*item[1])

    def wake(self, _: object = None) -> None:
        self.queue.put(None)


_inboxes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Inbox] = weakref.WeakKeyDictionary()
_inboxes_lock = threading.Lock()


def _inbox_of(loop: asyncio.AbstractEventLoop) -> _Inbox:
    box = _inboxes.get(loop)
    if box is None:
        with _inboxes_lock:
            box = _inboxes.setdefault(loop, _Inbox(loop))
    return box


def running_inbox() -> _Inbox | None:
    """The inbox of the loop running on this thread, if one runs (a Jupyter cell, a coroutine)."""
    loop = _running_loop()
    return None if loop is None else _inbox_of(loop)


def pump_inbox(box: _Inbox, until: Callable[[], bool] | None, timeout: float | None) -> None:
    """Run ``box``'s handler calls here, on its loop's thread that the facade blocks, until ``until()`` is
    true or ``timeout`` passed; then what is queued by then."""
    import time

    end = None if timeout is None else time.monotonic() + timeout
    while True:
        if until is not None and until():
            box.run()
            return
        left = None if end is None else end - time.monotonic()
        if left is not None and left <= 0:
            box.run()
            return
        try:
            item = box.queue.get(timeout=left)
        except queue.Empty:
            box.run()
            return
        if item is not None:
            item[0](*item[1])


def defer_on_this_thread(deferral: Deferral | None) -> None:
    """Emissions on this thread go to ``deferral`` while it is on (a connection's own threads call this)."""
    _local.defer = deferral
#: the connections' dispatch threads: a blocking ``wait`` there would wait for itself
_dispatch_threads: weakref.WeakSet[threading.Thread] = weakref.WeakSet()


@contextlib.contextmanager
def internal() -> Iterator[None]:
    """Handlers connected on this thread meanwhile run where the event is emitted, even inside a running loop.

    The facade's faces (blocking, Future, asyncio) call their implementation in this scope, so the
    handlers the facade connects for itself never wait for a user's event loop.
    """
    depth = getattr(_local, "internal", 0)
    _local.internal = depth + 1
    try:
        yield
    finally:
        _local.internal = depth


def _running_loop() -> asyncio.AbstractEventLoop | None:
    return asyncio.events._get_running_loop()


def _thread_loop() -> asyncio.AbstractEventLoop:
    """This thread's event loop (not running now), made and set when it has none or it is closed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            loop: asyncio.AbstractEventLoop | None = asyncio.get_event_loop_policy().get_event_loop()
    except RuntimeError:
        loop = None
    if loop is None or loop.is_closed():
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
    return loop


def _unpack(args: tuple[Any, ...]) -> Any:
    return args[0] if len(args) == 1 else args if args else NO_VALUE


class _Slot:
    """One connected handler: its function, its object (or a weak reference to it), its loop."""

    __slots__ = ("obj", "ref", "func", "loop", "alive", "direct", "internal", "__weakref__")

    def __init__(self, obj: Any, ref: weakref.ref[Any] | None, func: Callable[..., Any] | None,
                 loop: asyncio.AbstractEventLoop | None, internal: bool = False) -> None:
        self.obj, self.ref, self.func, self.loop = obj, ref, func, loop
        self.alive = True
        self.internal = internal  # the facade's own: runs at the emit, never deferred
        # what emit calls at once (held strongly, no loop), else None for the general path
        direct: Callable[..., Any] | None = None
        if loop is None and ref is None:
            direct = obj if func is None else func if obj is None else types.MethodType(func, obj)
        self.direct = direct

    def owner(self) -> Any:
        return self.ref() if self.ref is not None else self.obj

    def matches(self, obj: Any, func: Callable[..., Any] | None) -> bool:
        return self.owner() is obj and self.func is func


def _split(c: Callable[..., Any]) -> tuple[Any, Callable[..., Any] | None]:
    """(object, function) of a callable: bound methods by their object, other callables as themselves."""
    if isinstance(c, types.FunctionType):
        return None, c
    if isinstance(c, types.MethodType):
        return c.__self__, c.__func__
    if isinstance(c, Event):
        return c, None
    if callable(c):
        return c, None
    raise ValueError(f"not a callable: {c!r}")


class Event:
    """A named list of handlers; emit to call them all (see the module's description for where they run)."""

    NO_VALUE: Final = NO_VALUE

    __slots__ = ("_name", "_slots", "_lock", "_value", "_done", "_error_listeners", "_done_listeners",
                 "_iterators", "__weakref__")

    def __init__(self, name: str = "") -> None:
        self._name = name or "Event"
        self._slots: tuple[_Slot, ...] = ()  # replaced, never mutated: emit iterates a snapshot
        # reentrant: a weak reference's callback (or an iterator's __del__) may run inside a locked section
        self._lock = threading.RLock()
        self._value: tuple[Any, ...] | None = None
        self._done = False
        self._error_listeners: tuple[Callable[[Event, BaseException], Any], ...] = ()
        self._done_listeners: tuple[Callable[[Event], Any], ...] = ()
        self._iterators: weakref.WeakSet[_EventIterator] = weakref.WeakSet()

    # --- connecting ---------------------------------------------------------------------------------------

    def connect(self: _E, listener: Callable[..., Any], error: Callable[[Event, BaseException], Any] | None = None,
                done: Callable[[Event], Any] | None = None, keep_ref: bool = False) -> _E:
        """Call ``listener(*args)`` on every emit (as often as it is connected).

        Connected from inside a running event loop, it runs on that loop; else on the emitting thread.
        ``error(event, exception)`` is called when a listener raises, ``done(event)`` when the event ends
        (:meth:`set_done`). A bound method is held weakly unless ``keep_ref``. Another ``Event`` can be
        connected: it re-emits what this one emits.
        """
        loop = None
        inside = bool(getattr(_local, "internal", 0))
        if not inside:
            loop = _running_loop()
            if loop is None and inspect.iscoroutinefunction(listener):
                loop = _thread_loop()
        self._add(listener, loop, keep_ref, inside)
        with self._lock:
            if error is not None:
                self._error_listeners = (*self._error_listeners, error)
            if done is not None:
                self._done_listeners = (*self._done_listeners, done)
        return self

    def _connect_direct(self, listener: Callable[..., Any]) -> _Slot:
        """For facade code: ``listener`` runs on the emitting thread wherever it was connected (held strongly)."""
        return self._add(listener, None, True, True)

    def _add(self, listener: Callable[..., Any], loop: asyncio.AbstractEventLoop | None, keep_ref: bool,
             internal: bool = False) -> _Slot:
        obj, func = _split(listener)
        ref: weakref.ref[Any] | None = None
        if obj is not None and func is not None and not keep_ref:
            try:
                ref = weakref.ref(obj, self._finalized)
                obj = None
            except TypeError:
                ref = None  # an object without weak references is held strongly
        slot = _Slot(obj, ref, func, loop, internal)
        with self._lock:
            self._slots = (*self._slots, slot)
        return slot

    def _finalized(self, ref: weakref.ref[Any]) -> None:
        with self._lock:
            gone = [s for s in self._slots if s.ref is ref]
            self._slots = tuple(s for s in self._slots if s.ref is not ref)
        for s in gone:
            s.alive = False

    def _remove_slot(self, slot: _Slot) -> None:
        slot.alive = False
        with self._lock:
            self._slots = tuple(s for s in self._slots if s is not slot)

    def disconnect(self: _E, listener: Callable[..., Any], error: Callable[[Event, BaseException], Any] | None = None,
                   done: Callable[[Event], Any] | None = None) -> _E:
        """Remove ``listener`` (every connection of it; nothing if it is not connected), and ``error``/``done``."""
        obj, func = _split(listener)
        with self._lock:
            gone = [s for s in self._slots if s.matches(obj, func)]
            self._slots = tuple(s for s in self._slots if not s.matches(obj, func))
            if error is not None:
                self._error_listeners = tuple(e for e in self._error_listeners if e != error)
            if done is not None:
                self._done_listeners = tuple(d for d in self._done_listeners if d != done)
        for s in gone:
            s.alive = False  # a call already handed to a loop is skipped
        return self

    def disconnect_obj(self, obj: Any) -> None:
        """Remove every listener that is ``obj`` or a method of ``obj``."""
        with self._lock:
            gone = [s for s in self._slots if s.owner() is obj]
            self._slots = tuple(s for s in self._slots if s.owner() is not obj)
            self._error_listeners = tuple(e for e in self._error_listeners if _split(e)[0] is not obj)
            self._done_listeners = tuple(d for d in self._done_listeners if _split(d)[0] is not obj)
        for s in gone:
            s.alive = False

    def clear(self) -> None:
        """Remove every listener."""
        with self._lock:
            gone, self._slots = self._slots, ()
        for s in gone:
            s.alive = False

    def __iadd__(self: _E, listener: Callable[..., Any]) -> _E:
        return self.connect(listener)

    def __isub__(self: _E, listener: Callable[..., Any]) -> _E:
        return self.disconnect(listener)

    def __contains__(self, listener: Callable[..., Any]) -> bool:
        obj, func = _split(listener)
        return any(s.matches(obj, func) for s in self._slots)

    # --- emitting -----------------------------------------------------------------------------------------

    def emit(self, *args: Any) -> None:
        """Call every listener with ``args`` (from any thread; listeners bound to a loop are handed to it)."""
        self._value = args
        defer: Deferral | None = getattr(_local, "defer", None)
        if defer is not None and defer.on:
            # ib_async's order of things: the facade's own handlers now, the users' when a thread waits
            for slot in self._slots:
                if slot.internal:
                    self._call(slot, args)
            defer.queue.put((self, args))
            return
        self._deliver(args, True)

    def _deliver(self, args: tuple[Any, ...], internal: bool = False) -> None:
        """Call the listeners with ``args``: all of them, or (a deferred emission) the users' only."""
        for slot in self._slots:
            if not internal and slot.internal:
                continue
            fn = slot.direct
            if fn is not None:  # the common case, kept short: a handler run right here
                try:
                    result = fn(*args)
                except Exception as e:
                    self._failed(fn, e)
                    continue
                if result is not None and hasattr(result, "__await__"):
                    self._schedule(slot, result)
                continue
            loop = slot.loop
            if loop is None:
                self._call(slot, args)
                continue
            if _running_loop() is loop:
                self._call(slot, args)
                continue
            if not _inbox_of(loop).put(self._call, slot, args):  # closed: its listeners can never run again
                self._remove_slot(slot)

    __call__ = emit

    def emit_threadsafe(self, *args: Any) -> None:
        """The same as :meth:`emit` (emit is thread-safe here)."""
        self.emit(*args)

    def _call(self, slot: _Slot, args: tuple[Any, ...]) -> None:
        if not slot.alive:
            return
        func, ref = slot.func, slot.ref
        try:
            if ref is not None:
                obj = ref()
                if obj is None:
                    self._remove_slot(slot)
                    return
                result = func(obj, *args)  # type: ignore[misc]
            elif func is None:
                result = slot.obj(*args)
            elif slot.obj is None:
                result = func(*args)
            else:
                result = func(slot.obj, *args)
            if result is not None and hasattr(result, "__await__"):
                self._schedule(slot, result)
        except Exception as e:
            self._failed(func or slot.obj, e)

    def _failed(self, handler: Any, e: Exception) -> None:
        logger.error("handler %r of %s failed", handler, self._name, exc_info=e)
        for err in self._error_listeners:
            try:
                err(self, e)
            except Exception:
                logger.exception("error listener of %s failed", self._name)

    def _schedule(self, slot: _Slot, aw: Awaitable[Any]) -> None:
        loop = slot.loop or _running_loop()
        if loop is None:
            logger.error("handler of %s returned an awaitable but was connected outside a running event loop: "
                         "connect it from the loop that should run it", self._name)
            close = getattr(aw, "close", None)
            if close is not None:
                close()
            return
        task = asyncio.ensure_future(aw, loop=loop)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Future[Any]) -> None:
        if not task.cancelled() and task.exception() is not None:
            e = task.exception()
            logger.error("async handler of %s failed", self._name, exc_info=e)
            for err in self._error_listeners:
                try:
                    err(self, e)  # type: ignore[arg-type]
                except Exception:
                    logger.exception("error listener of %s failed", self._name)

    # --- state --------------------------------------------------------------------------------------------

    def name(self) -> str:
        """This event's name."""
        return self._name

    def value(self) -> Any:
        """The last emitted value (one argument as itself, several as a tuple), :data:`NO_VALUE` before any."""
        v = self._value
        return NO_VALUE if v is None else _unpack(v)

    def done(self) -> bool:
        """Whether the event has ended (:meth:`set_done`)."""
        return self._done

    def set_done(self) -> None:
        """End the event: ``done`` listeners are told and asynchronous iterations over it finish."""
        with self._lock:
            if self._done:
                return
            self._done = True
            listeners = self._done_listeners
            iterators = list(self._iterators)
        for it in iterators:
            it._end()
        for d in listeners:
            try:
                d(self)
            except Exception:
                logger.exception("done listener of %s failed", self._name)

    def __len__(self) -> int:
        return len(self._slots)

    def __reduce__(self) -> tuple[type[Event], tuple[str]]:
        return Event, (self._name,)  # a copy (or an unpickled event) starts without listeners, as eventkit's

    def __bool__(self) -> bool:
        return True  # an event with no listeners is still an event (not a falsy container)

    def __repr__(self) -> str:
        return f"Event<{self._name}, {len(self._slots)} listeners>"

    @staticmethod
    def init(obj: object, event_names: Iterable[str]) -> None:
        """Give ``obj`` an attribute ``Event(name)`` for each of ``event_names``."""
        for name in event_names:
            setattr(obj, name, Event(name))

    # --- waiting ------------------------------------------------------------------------------------------

    def __await__(self) -> Any:
        """``await event``: the next emission's value (on any running loop; the wait starts at the ``await``)."""
        if self._done:
            raise ValueError(f"{self._name} is done: no emission will come")
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[Any] = loop.create_future()
        holder: list[_Slot] = []

        def settle(value: Any) -> None:
            if not fut.done():
                fut.set_result(value)

        def on_emit(*args: Any) -> None:
            if holder:
                self._remove_slot(holder[0])  # once is enough
            try:
                loop.call_soon_threadsafe(settle, _unpack(args))
            except RuntimeError:
                pass  # the loop is closed; nobody waits any more

        holder.append(self._connect_direct(on_emit))
        fut.add_done_callback(lambda _: self._remove_slot(holder[0]))
        return fut.__await__()

    def wait(self, timeout: float | None = None) -> Any:
        """Block this thread until the next emission and return its value (as ``await event`` does).

        Raises ``TimeoutError`` after ``timeout`` seconds; ``RuntimeError`` on a connection's dispatch
        thread (which emits, so it would wait for itself). In a coroutine use ``await event`` instead.
        """
        if threading.current_thread() in _dispatch_threads:
            raise RuntimeError(f"waiting for {self._name} on the dispatch thread would wait for itself")
        got: list[tuple[Any, ...]] = []
        flag = threading.Event()

        def on_emit(*args: Any) -> None:
            if not got:
                got.append(args)
                flag.set()

        slot = self._connect_direct(on_emit)
        try:
            if not flag.wait(timeout):
                raise TimeoutError(f"{self._name}: no emission within {timeout} s")
        finally:
            self._remove_slot(slot)
        return _unpack(got[0])

    def aiter(self, skip_to_last: bool = False, tuples: bool = False) -> _EventIterator:
        """An asynchronous iterator over the emissions from now on (``async for args in event.aiter()``).

        ``skip_to_last``: a consumer that falls behind gets only the latest value; ``tuples``: always
        yield the arguments as a tuple. The emitting thread never waits for the consumer: values queue
        up on the consumer's loop. The iteration ends when the event is done (:meth:`set_done`); leaving
        the loop (``break``) disconnects it.
        """
        return _EventIterator(self, skip_to_last, tuples)

    def __aiter__(self) -> _EventIterator:
        return self.aiter()


_END: Final = object()


class _EventIterator:
    """``async for`` over an event: emissions are queued on the consumer's loop."""

    def __init__(self, event: Event, skip_to_last: bool, tuples: bool) -> None:
        self._event = event
        self._skip = skip_to_last
        self._tuples = tuples
        self._slot: _Slot | None = None
        self._queue: asyncio.Queue[Any] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ended = False
        loop = _running_loop()
        if loop is not None:
            self._bind(loop)

    def _bind(self, loop: asyncio.AbstractEventLoop) -> None:
        q: asyncio.Queue[Any] = asyncio.Queue()
        skip, tuples = self._skip, self._tuples
        self._queue, self._loop = q, loop

        def put(item: Any) -> None:  # on the loop
            if skip and item is not _END:
                while not q.empty():
                    q.get_nowait()
            q.put_nowait(item)

        def on_emit(*args: Any) -> None:  # on the emitting thread; holds the queue, not the iterator
            try:
                loop.call_soon_threadsafe(put, args if tuples else _unpack(args))
            except RuntimeError:
                pass  # the loop is closed

        self._put = put
        self._slot = self._event._connect_direct(on_emit)
        self._event._iterators.add(self)
        if self._event.done():
            self._end()

    def _end(self) -> None:
        loop = self._loop
        if loop is None or self._ended:
            return
        self._ended = True
        try:
            loop.call_soon_threadsafe(self._put, _END)
        except RuntimeError:
            pass
        self._disconnect()

    def _disconnect(self) -> None:
        slot, self._slot = self._slot, None
        if slot is not None:
            self._event._remove_slot(slot)

    def __aiter__(self) -> _EventIterator:
        return self

    async def __anext__(self) -> Any:
        if self._queue is None:
            self._bind(asyncio.get_running_loop())
        assert self._queue is not None
        item = await self._queue.get()
        if item is _END:
            raise StopAsyncIteration
        return item

    async def aclose(self) -> None:
        """Stop iterating: the event forgets this iterator."""
        self._disconnect()

    def __del__(self) -> None:
        self._disconnect()
