"""The simulator's network side: listening socket, sessions, the market clock, faults.

Each session does the server half of the handshake, reads request frames,
turns each into an :class:`~ibwire.protocol.server_requests.Incoming` and
hands it to the handler of its kind (:mod:`.handlers`); handlers answer
through the session's :class:`~ibwire.protocol.server.SessionEncoder`. One
lock guards the whole engine, so handlers, the market clock and fault
injection never interleave. Sessions record every frame they receive
(``Session.received``) and the simulator every request (``Simulator.requests``).
"""

from __future__ import annotations

import datetime as _dt
import logging
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
from ..protocol.server_requests import Incoming, RequestError, read_request
from ..protocol.versions import MAX_CLIENT_VER, MIN_CLIENT_VER
from .broker import Broker, SimOrder
from .catalog import Catalog
from .market import Market

__all__ = ["Simulator", "Session"]

logger = logging.getLogger("ibwire.sim")

#: Requests per second a client may send before TWS answers error 100.
MAX_REQUESTS_PER_SECOND = 50


class Session:
    """One connected client: its socket, version, subscriptions."""

    def __init__(self, sim: Simulator, sock: socket.socket) -> None:
        self.sim = sim
        self.sock = sock
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
        self.positions = False
        self.auto_open_orders = False
        self._send_lock = threading.Lock()
        self._recent: deque[float] = deque()
        self.stalled_until = 0.0

    @property
    def enc_(self) -> SessionEncoder:
        """The encoder bound to this session's version (after the handshake)."""
        if self.enc is None:
            raise RuntimeError("handshake not done")
        return self.enc

    def send(self, data: bytes) -> None:
        delay = self.stalled_until - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        with self._send_lock:
            try:
                self.sock.sendall(data)
            except OSError:
                pass

    def error(self, req_id: int, code: int, text: str, json: str = "") -> None:
        self.send(self.enc_.error(req_id, code, text, json, when_ms=self.now_ms()))

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()

    def now_ms(self) -> int:
        return int(time.time() * 1000)

    def serve(self) -> None:
        framer = Framer()
        try:
            head = b""
            while len(head) < len(handshake.API_PREFIX):
                chunk = self.sock.recv(4096)
                if not chunk:
                    return
                head += chunk
            if not head.startswith(handshake.API_PREFIX):
                logger.warning("not an API client: %r", head[:20])
                return
            frames = framer.feed(head[len(handshake.API_PREFIX):])
            while not frames:
                chunk = self.sock.recv(4096)
                if not chunk:
                    return
                frames = framer.feed(chunk)
            hello = handshake.parse_client_hello(frames[0])
            version = handshake.negotiate(hello, self.sim.min_version, self.sim.server_version)
            if version is None:
                logger.info("no common version with client range %s..%s", hello.min_version, hello.max_version)
                return
            self.version = version
            self.enc = SessionEncoder(version, self.sim.protobuf)
            self.send(handshake.server_hello(version, time.strftime("%Y%m%d %H:%M:%S UTC", time.gmtime())))
            for body in frames[1:]:
                self._handle(body)
            while True:
                chunk = self.sock.recv(1 << 16)
                if not chunk:
                    break
                for body in framer.feed(chunk):
                    self._handle(body)
                if framer.error is not None:
                    logger.warning("client sent %s; closing", framer.error)
                    break
        except OSError:
            pass
        finally:
            self.close()
            self.sim._ended(self)

    def _handle(self, body: bytes) -> None:
        self.received.append(body)
        try:
            req = read_request(body, self.version)
        except RequestError as e:
            logger.warning("unreadable request: %s", e)
            self.error(-1, 320, f"Error reading request. {e}")
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
            hook = self.sim.hooks.get(req.name)
            if hook is not None and hook(self, req):
                return
            handler = HANDLERS.get(req.name)
            if handler is None:
                logger.info("request %s not simulated", req.name)
                return
            try:
                handler(self, req)
            except Exception:  # a simulator bug must not take the session down
                logger.exception("handler %s failed", req.name)
                self.error(-1, 10000, f"Simulator failed to handle {req.name}")


class Simulator:
    """A simulated gateway on ``host:port`` (port 0 picks a free one).

    ``server_version`` is the highest version it speaks (it negotiates down to
    the client's range); ``protobuf`` selects how session messages are encoded
    (see :class:`~ibwire.protocol.server.ServerEncoder`). ``seed`` makes the
    market reproducible; ``tick_interval`` is the market clock in seconds
    (``None``: the market only moves on :meth:`step`). ``master_client_id``
    sees every client's orders.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, server_version: int = MAX_CLIENT_VER,
                 accounts: tuple[str, ...] = ("DU1234567",), protobuf: bool | None = None, seed: int = 1,
                 tick_interval: float | None = 0.25, master_client_id: int | None = None,
                 cash: float = 1_000_000.0) -> None:
        self.host = host
        self.server_version = server_version
        self.min_version = MIN_CLIENT_VER
        self.accounts = accounts
        self.protobuf = protobuf
        self.tick_interval = tick_interval
        self.master_client_id = master_client_id
        self.max_rate = MAX_REQUESTS_PER_SECOND
        #: IB's historical pacing rules (error 162); tests that hammer history turn it off
        self.history_pacing = True
        self.lock = threading.RLock()
        self.catalog = Catalog()
        self.market = Market(seed)
        self.broker = Broker(self.catalog, self.market, accounts, _Router(self), cash)
        self.broker.cancel_notice = self._cancel_notice
        self.sessions: list[Session] = []
        self.requests: list[tuple[int | None, Incoming]] = []
        #: request name -> hook(session, request) -> handled; runs before the built-in handler
        self.hooks: dict[str, Callable[[Session, Incoming], bool]] = {}
        self.history_log: deque[tuple[float, tuple[Any, ...]]] = deque()
        self._clients: dict[int, Session] = {}
        self._lsock = socket.create_server((host, port))
        self.port: int = self._lsock.getsockname()[1]
        self._thread: threading.Thread | None = None
        self._clock: threading.Thread | None = None
        self._stopped = threading.Event()

    @property
    def next_order_id(self) -> int:
        return self.broker.next_order_id

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> Simulator:
        self._thread = threading.Thread(target=self._accept, name="ibwire-sim-accept", daemon=True)
        self._thread.start()
        if self.tick_interval:
            self._clock = threading.Thread(target=self._run_clock, name="ibwire-sim-clock", daemon=True)
            self._clock.start()
        return self

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop listening and close every session."""
        self._stopped.set()
        try:
            # shutdown wakes a thread blocked in accept(); close alone does not on Linux
            self._lsock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._lsock.close()
        with self.lock:
            sessions = list(self.sessions)
        for s in sessions:
            s.close()
        for t in (self._thread, self._clock):
            if t is not None:
                t.join(5)

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                sock, _ = self._lsock.accept()
            except OSError:
                return
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            s = Session(self, sock)
            with self.lock:
                self.sessions.append(s)
            threading.Thread(target=s.serve, name="ibwire-sim-session", daemon=True).start()

    def _claim(self, s: Session, client_id: int) -> bool:
        with self.lock:
            if client_id in self._clients and self._clients[client_id] is not s:
                return False
            self._clients[client_id] = s
            s.client_id = client_id
            return True

    def _ended(self, s: Session) -> None:
        with self.lock:
            if s.client_id is not None and self._clients.get(s.client_id) is s:
                del self._clients[s.client_id]
            if s in self.sessions:
                self.sessions.remove(s)

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

    def drop(self, client_id: int | None = None) -> None:
        """Close one client's connection (or every one) abruptly."""
        with self.lock:
            targets = [s for s in self.sessions if client_id is None or s.client_id == client_id]
        for s in targets:
            s.close()

    def stall(self, seconds: float, client_id: int | None = None) -> None:
        """Hold every message to the client(s) for ``seconds`` (the socket stays open)."""
        until = time.monotonic() + seconds
        with self.lock:
            for s in self.sessions:
                if client_id is None or s.client_id == client_id:
                    s.stalled_until = until

    def send_raw(self, data: bytes, client_id: int | None = None) -> None:
        """Send bytes as they are (a malformed frame, say) to the client(s)."""
        with self.lock:
            targets = [s for s in self.sessions if client_id is None or s.client_id == client_id]
        for s in targets:
            s.send(data)

    def restart(self, down: float = 0.5, data_lost: bool = False) -> None:
        """Simulate TWS losing its connection to IB: 1100, then after ``down`` seconds 1101 or 1102."""
        self._notify(1100, "Connectivity between IB and Trader Workstation has been lost.")
        time.sleep(down)
        if data_lost:
            self._notify(1101, "Connectivity between IB and Trader Workstation has been restored - data lost.")
        else:
            self._notify(1102, "Connectivity between IB and Trader Workstation has been restored - data maintained.")

    def _notify(self, code: int, text: str) -> None:
        with self.lock:
            sessions = list(self.sessions)
        for s in sessions:
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


def utc_now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)
