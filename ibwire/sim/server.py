"""The simulator's network side: listening socket, one session thread per client.

Each session does the server half of the handshake, reads request frames and
hands them to a handler table keyed by request id; handlers answer through
the session's :class:`~ibwire.protocol.server.ServerEncoder`. Sessions record
every frame they receive (``Session.received``) for tests and scenarios.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from ..protocol import handshake
from ..protocol.framing import Framer
from ..protocol.ids import OUT
from ..protocol.proto import StartApiRequest_pb2
from ..protocol.server import ServerEncoder, read_request
from ..protocol.versions import MAX_CLIENT_VER, MIN_CLIENT_VER

__all__ = ["Simulator", "Session"]

logger = logging.getLogger("ibwire.sim")

#: Notices TWS sends to every new API session.
GREETING_NOTICES = (
    (2104, "Market data farm connection is OK:usfarm"),
    (2106, "HMDS data farm connection is OK:ushmds"),
    (2158, "Sec-def data farm connection is OK:secdefnj"),
)


class Session:
    """One connected client."""

    def __init__(self, sim: Simulator, sock: socket.socket) -> None:
        self.sim = sim
        self.sock = sock
        self.version = 0
        self.client_id: int | None = None
        self.enc: ServerEncoder | None = None
        self.received: list[bytes] = []
        self._send_lock = threading.Lock()

    def send(self, data: bytes) -> None:
        with self._send_lock:
            self.sock.sendall(data)

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()

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
            self.enc = ServerEncoder(version, self.sim.protobuf)
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
            msg_id, fields, proto = read_request(body, self.version)
        except ValueError as e:
            logger.warning("unreadable request: %s", e)
            return
        handler = HANDLERS.get(msg_id)
        if handler is None:
            logger.info("request %d not simulated", msg_id)
            return
        handler(self, fields, proto)

    @property
    def encoder(self) -> ServerEncoder:
        """The encoder bound to this session's version (after the handshake)."""
        if self.enc is None:
            raise RuntimeError("handshake not done")
        return self.enc

    def now_ms(self) -> int:
        return int(time.time() * 1000)


Handler = Callable[[Session, "list[bytes] | None", "bytes | None"], None]


def _start_api(s: Session, fields: list[bytes] | None, proto: bytes | None) -> None:
    enc = s.encoder
    if proto is not None:
        client_id = StartApiRequest_pb2.StartApiRequest.FromString(proto).clientId
    else:
        assert fields is not None
        client_id = int(fields[1])
    if not s.sim._claim(s, client_id):
        text = "Unable to connect as the client id is already in use. Retry with a unique client id."
        s.send(enc.error(-1, 326, text, when_ms=s.now_ms()))
        s.close()
        return
    s.send(enc.next_valid_id(s.sim.next_order_id))
    s.send(enc.managed_accounts(",".join(s.sim.accounts)))
    for code, text in GREETING_NOTICES:
        s.send(enc.error(-1, code, text, when_ms=s.now_ms()))


def _req_ids(s: Session, fields: list[bytes] | None, proto: bytes | None) -> None:
    s.send(s.encoder.next_valid_id(s.sim.next_order_id))


def _req_current_time(s: Session, fields: list[bytes] | None, proto: bytes | None) -> None:
    s.send(s.encoder.current_time(int(time.time())))


def _req_current_time_in_millis(s: Session, fields: list[bytes] | None, proto: bytes | None) -> None:
    s.send(s.encoder.current_time_in_millis(s.now_ms()))


def _req_managed_accts(s: Session, fields: list[bytes] | None, proto: bytes | None) -> None:
    s.send(s.encoder.managed_accounts(",".join(s.sim.accounts)))


HANDLERS: dict[int, Handler] = {
    OUT.START_API: _start_api,
    OUT.REQ_IDS: _req_ids,
    OUT.REQ_CURRENT_TIME: _req_current_time,
    OUT.REQ_CURRENT_TIME_IN_MILLIS: _req_current_time_in_millis,
    OUT.REQ_MANAGED_ACCTS: _req_managed_accts,
}


class Simulator:
    """A simulated gateway on ``host:port`` (port 0 picks a free one).

    ``server_version`` is the highest version it speaks (it negotiates down
    to the client's range); ``protobuf`` is passed to
    :class:`~ibwire.protocol.server.ServerEncoder`.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, server_version: int = MAX_CLIENT_VER,
                 accounts: tuple[str, ...] = ("DU1234567",), protobuf: bool | None = None) -> None:
        self.host = host
        self.server_version = server_version
        self.min_version = MIN_CLIENT_VER
        self.accounts = accounts
        self.protobuf = protobuf
        self.next_order_id = 1
        self.sessions: list[Session] = []
        self._clients: dict[int, Session] = {}
        self._lock = threading.Lock()
        self._lsock = socket.create_server((host, port))
        self.port: int = self._lsock.getsockname()[1]
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()

    def start(self) -> Simulator:
        self._thread = threading.Thread(target=self._accept, name="ibwire-sim-accept", daemon=True)
        self._thread.start()
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
        with self._lock:
            sessions = list(self.sessions)
        for s in sessions:
            s.close()
        if self._thread is not None:
            self._thread.join(5)

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                sock, _ = self._lsock.accept()
            except OSError:
                return
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            s = Session(self, sock)
            with self._lock:
                self.sessions.append(s)
            threading.Thread(target=s.serve, name="ibwire-sim-session", daemon=True).start()

    def _claim(self, s: Session, client_id: int) -> bool:
        with self._lock:
            if client_id in self._clients and self._clients[client_id] is not s:
                return False
            self._clients[client_id] = s
            s.client_id = client_id
            return True

    def _ended(self, s: Session) -> None:
        with self._lock:
            if s.client_id is not None and self._clients.get(s.client_id) is s:
                del self._clients[s.client_id]
            if s in self.sessions:
                self.sessions.remove(s)
