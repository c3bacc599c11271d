"""The simulator's network side: listening socket, sessions, the market clock, faults.

Each session does the server half of the handshake, reads request frames,
turns each into an :class:`~ibwire.protocol.server_requests.Incoming` and
hands it to the handler of its kind (:mod:`.handlers`); handlers answer
through the session's :class:`~ibwire.protocol.server.SessionEncoder`. One
lock guards the whole engine, so handlers, the market clock and fault
injection never interleave; answers go into each session's own bounded
outbound queue, written by that session's writer thread, so no socket is
ever waited on under the lock. Sessions record every frame they receive
(``Session.received``) and the simulator every request (``Simulator.requests``).
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from ..model import CommissionAndFeesReport, Execution
from ..protocol import handshake
from ..protocol.framing import Framer
from ..protocol.server import SessionEncoder
from ..protocol.server_requests import BY_ID, Incoming, RequestError, read_request
from ..protocol.versions import MAX_CLIENT_VER, MIN_CLIENT_VER
from .broker import Broker, SimOrder
from .catalog import Catalog
from .market import Market

__all__ = ["Simulator", "Session"]

logger = logging.getLogger("ibwire.sim")

#: Requests per second a client may send before TWS answers error 100.
MAX_REQUESTS_PER_SECOND = 50
#: Bytes that may wait to be written to one client before it is disconnected (a history of
#: 200,000 bars, the most one request may ask, is about 14 MB).
MAX_QUEUE_BYTES = 32 << 20
#: Seconds a new connection has to send ``API\0`` and its version range.
HANDSHAKE_TIMEOUT = 10.0
#: Connections served at once; more are closed as they arrive.
MAX_CONNECTIONS = 64
#: Seconds a closing session may spend writing what is still queued.
_FLUSH_TIMEOUT = 5.0
#: The writer hands the socket up to this many bytes of queued messages at once.
_WRITE_BATCH = 1 << 16
#: Seconds a connection asking for a client id in use waits for the holder to go, when the holder's
#: client has closed but its session has not yet seen it (a reconnect right after a disconnect).
CLAIM_GRACE = 1.0
_TCP_ESTABLISHED = 1


def _peer_closed(sock: socket.socket) -> bool:
    """Whether the peer of ``sock`` has closed its end (a FIN arrived), without reading anything."""
    try:
        if hasattr(socket, "TCP_INFO"):
            # the kernel's TCP state: anything but ESTABLISHED is a connection going away
            return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1)[0] != _TCP_ESTABLISHED
        if hasattr(socket, "MSG_DONTWAIT"):
            return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    return False


class Session:
    """One connected client: its socket, version, subscriptions, and its own outbound queue.

    Two threads serve it: the reader (:meth:`serve`) reads and handles requests;
    the writer drains the outbound queue. :meth:`send` only enqueues, so a
    handler holding the engine lock never waits for a socket, and a client that
    stops reading (or is stalled) holds up nobody but itself.
    """

    def __init__(self, sim: Simulator, sock: socket.socket) -> None:
        self.sim = sim
        self.sock = sock
        self.peer = _address(sock)
        self.version = 0
        self.client_id: int | None = None
        self.enc: SessionEncoder | None = None
        self.received: list[bytes] = []
        self.market_data_type = 1
        self.mkt: dict[int, tuple[int, int]] = {}  # reqId -> (conId, data type)
        self.bars: dict[int, tuple[int, Any]] = {}  # keepUpToDate reqId -> (conId, last bar)
        self.pnl: dict[int, str] = {}
        self.pnl_single: dict[int, tuple[str, int]] = {}
        self.depth: dict[int, tuple[int, int, bool, dict[int, list[tuple[float, int]]]]] = {}
        self.tbt: dict[int, tuple[int, int]] = {}  # reqId -> (conId, kind)
        self.rtb: dict[int, tuple[int, list[float]]] = {}
        self.account_updates: str | None = None
        self.account_updates_multi: dict[int, tuple[str, str]] = {}  # reqId -> (account, model code)
        self.positions = False
        self.auto_open_orders = False
        self._recent: deque[float] = deque()
        # the outbound queue; the condition's lock guards everything below it
        self._out_ready = threading.Condition(threading.Lock())
        self._out: deque[bytes] = deque()
        self._queued = 0
        self._stalled_until = 0.0
        self._closing = False  # close once the queue is written
        self._closed = False  # closed: nothing more is queued or written
        self._writer: threading.Thread | None = None
        self._pending: list[bytes] = []  # requests that came with the handshake
        self._peer_gone = False  # the reader saw the client close (its client id is free to claim)

    @property
    def enc_(self) -> SessionEncoder:
        """The encoder bound to this session's version (after the handshake)."""
        if self.enc is None:
            raise RuntimeError("handshake not done")
        return self.enc

    def __str__(self) -> str:
        return f"client {self.client_id} ({self.peer})"

    # --- outbound ------------------------------------------------------------------------------

    def send(self, data: bytes) -> None:
        """Queue ``data`` for the writer; a client too far behind is disconnected instead."""
        bound = self.sim.max_queue_bytes
        with self._out_ready:
            if self._closed or self._closing:
                return
            # one message larger than the bound still goes when nothing waits before it
            if not self._out or self._queued + len(data) <= bound:
                self._out.append(data)
                self._queued += len(data)
                self._out_ready.notify()
                return
            behind = self._queued
        logger.warning("%s is %d bytes behind, over the bound of %d bytes (max_queue_bytes): disconnecting",
                       self, behind + len(data), bound)
        self.close()

    @property
    def queued(self) -> int:
        """Bytes queued for this client and not yet handed to the socket."""
        with self._out_ready:
            return self._queued

    def stall(self, until: float) -> None:
        """Hold this client's messages until ``until`` (``time.monotonic()``); they stay queued."""
        with self._out_ready:
            self._stalled_until = until
            self._out_ready.notify()

    @property
    def stalled_until(self) -> float:
        return self._stalled_until

    def error(self, req_id: int, code: int, text: str, json: str = "") -> None:
        self.send(self.enc_.error(req_id, code, text, json, when_ms=self.now_ms()))

    def close(self) -> None:
        """Close the connection abruptly: what is still queued is dropped."""
        with self._out_ready:
            self._closed = True
            self._out.clear()
            self._queued = 0
            self._out_ready.notify()
        try:
            # wakes the reader in recv() and the writer in sendall(); the reader closes the socket
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def close_after_flush(self) -> None:
        """Close the connection once what is queued has been written (after a refusal, say)."""
        with self._out_ready:
            self._closing = True
            self._out_ready.notify()
            if self._writer is not None:
                return
        self.close()

    def _start_writer(self) -> None:
        self._writer = threading.Thread(target=self._write, name=f"ibwire-sim-writer:{self.sim.port}<-{self.peer}", daemon=True)
        self._writer.start()

    def _next_batch(self) -> bytes | None:
        """The next bytes to write, waiting out a stall; ``None`` when the session is over."""
        with self._out_ready:
            while True:
                if self._closed:
                    return None
                delay = self._stalled_until - time.monotonic()
                if self._out and delay <= 0:
                    break
                if not self._out and self._closing:
                    return None
                self._out_ready.wait(delay if delay > 0 else None)
            batch = [self._out.popleft()]
            size = len(batch[0])
            while self._out and size < _WRITE_BATCH:
                batch.append(self._out.popleft())
                size += len(batch[-1])
            self._queued -= size
        return b"".join(batch)

    def _write(self) -> None:
        try:
            while (data := self._next_batch()) is not None:
                self.sock.sendall(data)
        except OSError:
            pass
        self.close()

    # --- inbound ------------------------------------------------------------------------------

    def now_ms(self) -> int:
        return int(self.sim.now().timestamp() * 1000)

    def serve(self) -> None:
        try:
            framer = Framer()
            hello = self._handshake(framer)
            if hello is None:
                return
            self.sock.settimeout(None)
            version = handshake.negotiate(hello, self.sim.min_version, self.sim.server_version)
            if version is None:
                logger.info("no common version with client range %s..%s", hello.min_version, hello.max_version)
                return
            self.version = version
            self._start_writer()
            self.send(handshake.server_hello(version, self.sim.now().strftime("%Y%m%d %H:%M:%S UTC")))
            # only now may notices and market data be queued: the server hello goes first
            self.enc = SessionEncoder(version, self.sim.protobuf)
            for body in self._pending:
                self._handle(body)
            while True:
                chunk = self.sock.recv(1 << 16)
                if not chunk:
                    self._gone()
                    break
                for body in framer.feed(chunk):
                    self._handle(body)
                if framer.error is not None:
                    logger.warning("%s sent %s; closing", self, framer.error)
                    break
        except OSError:
            self._gone()
        except Exception:  # the last resort: a simulator bug ends this session only, and says so
            logger.exception("%s: session failed", self)
        finally:
            self.close_after_flush()
            if self._writer is not None:
                self._writer.join(_FLUSH_TIMEOUT)
                self.close()  # a peer that takes nothing more does not keep the writer
                self._writer.join()
            self.close()
            self.sock.close()
            self.sim._ended(self)

    def _gone(self) -> None:
        with self.sim.lock:
            self._peer_gone = True
            self.sim._clients_changed.notify_all()

    def peer_closed(self) -> bool:
        """Whether this session's client has closed its end of the connection."""
        return self._peer_gone or _peer_closed(self.sock)

    def _handshake(self, framer: Framer) -> handshake.ClientHello | None:
        """Read ``API\\0`` and the version frame within the handshake timeout; ``None``: give up."""
        limit = self.sim.handshake_timeout
        deadline = None if limit is None else time.monotonic() + limit
        head = b""
        frames: list[bytes] = []
        try:
            while len(head) < len(handshake.API_PREFIX) or not frames:
                if deadline is not None:
                    self.sock.settimeout(max(deadline - time.monotonic(), 0.001))
                chunk = self.sock.recv(4096)
                if not chunk:
                    return None
                if len(head) < len(handshake.API_PREFIX):
                    head += chunk
                    if len(head) < len(handshake.API_PREFIX):
                        continue
                    if not head.startswith(handshake.API_PREFIX):
                        logger.warning("%s is not an API client: %r", self.peer, head[:20])
                        return None
                    chunk = head[len(handshake.API_PREFIX):]
                frames = framer.feed(chunk)
                if framer.error is not None:
                    logger.warning("%s sent %s in the handshake; closing", self.peer, framer.error)
                    return None
        except TimeoutError:
            logger.warning("handshake from %s not completed within %s s (handshake_timeout): closing",
                           self.peer, limit)
            return None
        self._pending = frames[1:]
        try:
            return handshake.parse_client_hello(frames[0])
        except ValueError as e:
            logger.warning("%s is not an API client: %s", self.peer, e)
            return None

    def _handle(self, body: bytes) -> None:
        self.received.append(body)
        try:
            self._dispatch(body)
        except Exception:  # the last resort (the request's own failures are reported by name below)
            logger.exception("%s: request failed", self)
            self.error(-1, 10000, "Simulator failed to handle the request")

    def _dispatch(self, body: bytes) -> None:
        try:
            req = read_request(body, self.version)
        except RequestError as e:
            logger.warning("%s: unreadable request: %s", self, e)
            self.error(e.req_id, 320, f"Error reading request. {e}")
            return
        now = time.monotonic()
        self._recent.append(now)
        while self._recent and now - self._recent[0] > 1.0:
            self._recent.popleft()
        from .handlers import HANDLERS

        with self.sim.lock:
            self.sim.requests.append((self.client_id, req))
            if len(self._recent) > self.sim.max_rate:
                self.error(-1, 100, f"Max rate of messages per second has been exceeded:max={self.sim.max_rate} "
                                    f"rec={len(self._recent)}")
                return
            if self.client_id is None and req.name != "startApi":
                # TWS serves a connection only once its API session started (a refused client id never does)
                logger.info("%s: %s before the API session started: ignored", self, req.name)
                return
            handler = HANDLERS.get(req.name)
            hook = self.sim.hooks.get(req.name)
            try:
                if hook is not None and hook(self, req):
                    return
                if handler is None:
                    logger.info("request %s not simulated", req.name)
                    return
                handler(self, req)
            except Exception:  # a simulator bug (or a test's hook) must not take the session down
                logger.exception("handler %s failed", req.name)
                self.error(_request_id(req), 10000, f"Simulator failed to handle {req.name}")

    def drop_market_data(self) -> None:
        """Forget every market-data subscription, as TWS does when it reports 1101 (data lost)."""
        for subs in (self.mkt, self.bars, self.depth, self.tbt, self.rtb):
            subs.clear()


def _request_id(req: Incoming) -> int:
    """The id a request carries (its order id for placeOrder), -1 if none: what its error is reported under."""
    try:
        if req.name == "placeOrder" and req.args:
            return int(req.args[0])
        r = BY_ID.get(req.msg_id)
        return r.message_id(req.message) if r is not None and req.message is not None else -1
    except Exception:  # whatever the message holds, reporting goes on
        return -1


def _address(sock: socket.socket) -> str:
    try:
        host, port = sock.getpeername()[:2]
    except OSError:
        return "?"
    return f"{host}:{port}"


Clock = Callable[[], _dt.datetime]


def _clock(clock: _dt.datetime | Clock | None) -> Clock:
    """The simulator's wall clock: the real one, one that starts at a given time, or the caller's."""
    if clock is None and os.environ.get("IBWIRE_SIM_CLOCK"):
        clock = _dt.datetime.fromisoformat(os.environ["IBWIRE_SIM_CLOCK"].replace("Z", "+00:00"))
    if clock is None:
        return lambda: _dt.datetime.now(_dt.timezone.utc)
    if isinstance(clock, _dt.datetime):
        start = clock if clock.tzinfo is not None else clock.replace(tzinfo=_dt.timezone.utc)
        t0 = time.monotonic()
        return lambda: start + _dt.timedelta(seconds=time.monotonic() - t0)
    return clock


class Simulator:
    """A simulated gateway on ``host:port`` (port 0 picks a free one).

    ``server_version`` is the highest version it speaks (it negotiates down to
    the client's range); ``protobuf`` selects how session messages are encoded
    (see :class:`~ibwire.protocol.server.ServerEncoder`). ``seed`` makes the
    market reproducible; ``tick_interval`` is the market clock in seconds
    (``None``: the market only moves on :meth:`step`). ``master_client_id``
    sees every client's orders.

    ``clock`` is the wall clock of everything the simulator stamps (current
    time, the connection time, history end "now", fills, ticks): ``None`` for
    the real one, a ``datetime`` to start there and advance in real time
    (naive means UTC), or a callable returning aware datetimes
    (``lambda: fixed`` pins it). ``max_queue_bytes`` bounds what may wait to be
    written to one client: a client further behind is disconnected.
    ``handshake_timeout`` (seconds, ``None``: no limit) closes a connection
    that does not complete the handshake in time; ``max_connections`` caps
    the connections served at once (more are closed at once).
    ``history_pacing_scale`` multiplies the windows of IB's historical pacing rules (0.01: 60 requests
    per 6 s instead of 10 minutes, 6 per 20 ms per contract...): a test can download years of bars
    quickly and still be paced. With ``clock=None`` the environment variable ``IBWIRE_SIM_CLOCK`` (an
    ISO time, UTC unless it has an offset) starts the wall clock there, for programs that embed a
    simulator.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, server_version: int = MAX_CLIENT_VER,
                 accounts: tuple[str, ...] = ("DU1234567",), protobuf: bool | None = None, seed: int = 1,
                 tick_interval: float | None = 0.25, master_client_id: int | None = None,
                 cash: float = 1_000_000.0, clock: _dt.datetime | Clock | None = None,
                 max_queue_bytes: int = MAX_QUEUE_BYTES, handshake_timeout: float | None = HANDSHAKE_TIMEOUT,
                 max_connections: int = MAX_CONNECTIONS, history_pacing_scale: float = 1.0) -> None:
        self.host = host
        self.server_version = server_version
        self.min_version = MIN_CLIENT_VER
        self.accounts = accounts
        self.protobuf = protobuf
        self.tick_interval = tick_interval
        self.master_client_id = master_client_id
        self.max_rate = MAX_REQUESTS_PER_SECOND
        self.max_queue_bytes = max_queue_bytes
        self.handshake_timeout = handshake_timeout
        self.max_connections = max_connections
        #: the wall clock (aware UTC datetimes)
        self.now: Clock = _clock(clock)
        #: IB's historical pacing rules (error 162); tests that hammer history turn it off
        self.history_pacing = True
        #: the pacing windows (15 s identical, 2 s per contract, 10 minutes) times this; the counts stay
        self.history_pacing_scale = history_pacing_scale
        #: the clock the pacing rules measure with (seconds; a test may put a fake one here)
        self.pacing_clock: Callable[[], float] = time.monotonic
        #: (request key, message) of every historical request refused for pacing (error 162)
        self.history_violations: list[tuple[tuple[Any, ...], str]] = []
        #: serve reqFundamentalData with a report written for the tests (TWS today answers error 430)
        self.fundamentals = False
        self.lock = threading.RLock()
        self._clients_changed = threading.Condition(self.lock)
        # expiries count from the simulator's own clock (a fixed day when it runs on the real one, so that
        # the universe is the same whatever the date)
        self.catalog = Catalog(self.now().date() if clock is not None else None)
        self.market = Market(seed)
        self.broker = Broker(self.catalog, self.market, accounts, _Router(self), cash, clock=self.now)
        self.broker.cancel_notice = self._cancel_notice
        self.sessions: list[Session] = []
        self.requests: list[tuple[int | None, Incoming]] = []
        #: request name -> hook(session, request) -> handled; runs before the built-in handler
        self.hooks: dict[str, Callable[[Session, Incoming], bool]] = {}
        #: (when, request key, contract/exchange/what key) of the historical requests in the pacing window
        self.history_log: deque[tuple[float, tuple[Any, ...], tuple[Any, ...]]] = deque()
        self._clients: dict[int, Session] = {}
        self._lsock = socket.create_server((host, port))
        self.port: int = self._lsock.getsockname()[1]
        self._thread: threading.Thread | None = None
        self._clock: threading.Thread | None = None
        self._workers: list[threading.Thread] = []  # session readers and restart timers
        self._stopped = threading.Event()

    @property
    def next_order_id(self) -> int:
        return self.broker.next_order_id

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> Simulator:
        self._thread = threading.Thread(target=self._accept, name=f"ibwire-sim-accept:{self.port}", daemon=True)
        self._thread.start()
        if self.tick_interval:
            self._clock = threading.Thread(target=self._run_clock, name=f"ibwire-sim-clock:{self.port}", daemon=True)
            self._clock.start()
        return self

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop listening, close every session and wait for every simulator thread to end.

        (Its threads are named ``ibwire-sim-<role>:<port>``, sessions' with ``<-<client address>``.)
        """
        self._stopped.set()
        try:
            # shutdown wakes a thread blocked in accept(); close alone does not on Linux
            self._lsock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._lsock.close()
        for t in (self._thread, self._clock):
            if t is not None:
                t.join(5)
        with self.lock:
            sessions = list(self.sessions)
        for s in sessions:
            s.close()
        for t in list(self._workers):
            if isinstance(t, threading.Timer):
                t.cancel()
            t.join(5)

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                sock, _ = self._lsock.accept()
            except OSError:
                return
            with self.lock:
                served = len(self.sessions)
                self._workers = [t for t in self._workers if t.is_alive()]
            if served >= self.max_connections:
                logger.warning("connection from %s refused: %d connections already (max_connections)",
                               _address(sock), served)
                sock.close()
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            s = Session(self, sock)
            t = threading.Thread(target=s.serve, name=f"ibwire-sim-session:{self.port}<-{s.peer}", daemon=True)
            with self.lock:  # a session is listed with its thread running
                self.sessions.append(s)
                self._workers.append(t)
                t.start()

    def _claim(self, s: Session, client_id: int) -> bool:
        """Give ``client_id`` to ``s``; ``False``: a live session holds it (TWS's error 326).

        A holder whose client has already closed gives the id up, and a claim waits up to
        :data:`CLAIM_GRACE` for a holder to show that it is going: a client that disconnects and at
        once connects again with the same id is served, as TWS serves it once it has seen the close.
        """
        deadline = time.monotonic() + CLAIM_GRACE
        with self.lock:
            while (holder := self._clients.get(client_id)) is not None and holder is not s:
                if holder.peer_closed():
                    del self._clients[client_id]
                    holder.close()
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                # the holder's reader announces the close; the poll catches a close it has not read yet
                self._clients_changed.wait(min(left, 0.02))
            self._clients[client_id] = s
            s.client_id = client_id
            return True

    def _ended(self, s: Session) -> None:
        with self.lock:
            if s.client_id is not None and self._clients.get(s.client_id) is s:
                del self._clients[s.client_id]
            if s in self.sessions:
                self.sessions.remove(s)
            self._clients_changed.notify_all()

    def session(self, client_id: int) -> Session | None:
        with self.lock:
            return self._clients.get(client_id)

    # --- the market clock --------------------------------------------------------------------

    def _run_clock(self) -> None:
        assert self.tick_interval
        while not self._stopped.wait(self.tick_interval):
            self.step()

    def step(self, n: int = 1) -> None:
        """Advance the market ``n`` ticks: prices move, orders work, subscribers hear of it."""
        from .handlers import after_tick

        for _ in range(n):
            with self.lock:
                for con_id in list(self.market.quotes):
                    self.market.step(con_id)
                    self.broker.on_tick(con_id)
                after_tick(self)

    def auction(self) -> None:
        """Run the closing auction (fills MOC/LOC orders)."""
        with self.lock:
            self.broker.auction()

    # --- fault injection ------------------------------------------------------------------------

    def _targets(self, client_id: int | None) -> list[Session]:
        with self.lock:
            return [s for s in self.sessions if client_id is None or s.client_id == client_id]

    def drop(self, client_id: int | None = None) -> None:
        """Close one client's connection (or every one) abruptly."""
        for s in self._targets(client_id):
            s.close()

    def stall(self, seconds: float, client_id: int | None = None) -> None:
        """Hold every message to the client(s) for ``seconds`` (the socket stays open).

        Only the stalled clients wait: their messages queue up (up to
        ``max_queue_bytes``), everybody else is served as usual.
        """
        until = time.monotonic() + seconds
        for s in self._targets(client_id):
            s.stall(until)

    def send_raw(self, data: bytes, client_id: int | None = None) -> None:
        """Send bytes as they are (a malformed frame, say) to the client(s)."""
        for s in self._targets(client_id):
            s.send(data)

    def restart(self, down: float = 0.5, data_lost: bool = False, wait: bool = True) -> None:
        """Simulate TWS losing its connection to IB: 1100, then after ``down`` seconds 1101 or 1102.

        With ``data_lost`` (1101) every session's market-data subscriptions are
        dropped, as TWS drops them: clients must request them again; with 1102
        they go on. The engine lock is never held while waiting; ``wait=False``
        returns at once and sends the second notice from a timer thread.
        """
        self._notify(1100, "Connectivity between IB and Trader Workstation has been lost.")
        if not wait:
            t = threading.Timer(down, self._restored, (data_lost,))
            t.name = f"ibwire-sim-restart:{self.port}"
            t.daemon = True
            with self.lock:
                self._workers.append(t)
            t.start()
            return
        time.sleep(down)
        self._restored(data_lost)

    def _restored(self, data_lost: bool) -> None:
        if self._stopped.is_set():
            return
        if not data_lost:
            self._notify(1102, "Connectivity between IB and Trader Workstation has been restored - data maintained.")
            return
        with self.lock:  # no tick for a dropped subscription may follow the notice
            for s in self.sessions:
                s.drop_market_data()
            self._notify(1101, "Connectivity between IB and Trader Workstation has been restored - data lost.")

    def _notify(self, code: int, text: str) -> None:
        for s in self._targets(None):
            if s.enc is not None:
                s.error(-1, code, text)

    # --- routing broker reports -------------------------------------------------------------------

    def order_sessions(self, so: SimOrder) -> list[Session]:
        """The sessions that hear of an order: its owner, the master client, auto-bound client 0."""
        out = []
        for s in self.sessions:
            if s.enc is None or s.client_id is None:
                continue
            if s.client_id == so.client_id or s.client_id == self.master_client_id or s.auto_open_orders:
                out.append(s)
        return out

    def _cancel_notice(self, so: SimOrder, code: int, text: str) -> None:
        owner = self._clients.get(so.client_id)
        if owner is not None:
            owner.error(so.order_id, code, text)


class _Router:
    """Broker reports to the sessions that should see them."""

    def __init__(self, sim: Simulator) -> None:
        self.sim = sim
        self._pending_reports: list[tuple[SimOrder, CommissionAndFeesReport]] = []

    def order_update(self, so: SimOrder, open_order: bool) -> None:
        for s in self.sim.order_sessions(so):
            enc = s.enc_
            data = b""
            if open_order:
                data += enc.open_order(so.order, so.contract, so.state)
            if so.order.whatIf:
                s.send(data)
                continue
            data += enc.order_status(so.order_id, so.status, so.filled, so.remaining, so.avg_price,
                                     so.order.permId, so.order.parentId, so.last_price, so.client_id, so.why_held)
            s.send(data)

    def execution(self, so: SimOrder, e: Execution, report: CommissionAndFeesReport) -> None:
        for s in self.sim.order_sessions(so):
            s.send(s.enc_.exec_details(-1, so.contract, e))
        self._pending_reports.append((so, report))

    def portfolio_changed(self, account: str, con_id: int) -> None:
        from .handlers import push_account

        # the commission report follows the order's status, as TWS sends it
        pending, self._pending_reports[:] = list(self._pending_reports), []
        for so, report in pending:
            for s in self.sim.order_sessions(so):
                s.send(s.enc_.commission_report(report))
        push_account(self.sim, account, con_id)

