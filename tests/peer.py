"""A scripted TWS stand-in for the core tests: real loopback sockets, exact bytes.

It accepts one or more clients, does the server side of the handshake, records
every frame the client sends, and answers startApi like TWS (nextValidId,
managedAccounts, farm notices). Tests push raw bytes or frames at any time
and can make it misbehave (close mid-frame, never answer, refuse).
"""

from __future__ import annotations

import queue
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from ibwire.protocol import handshake
from ibwire.protocol.framing import Framer, frame
from ibwire.protocol.ids import IN, OUT, PROTOBUF_MSG_ID
from ibwire.protocol.server import ServerEncoder, proto_message, text_message
from ibwire.protocol.versions import MIN_SERVER_VER_PROTOBUF


def text_msg(sv: int, msg_id: int, *fields: object) -> bytes:
    return text_message(sv, msg_id, *fields)


def proto_msg(msg_id: int, message: Any) -> bytes:
    return proto_message(msg_id, message)


def error_msg(sv: int, req_id: int, code: int, text: str, json: str = "", when: int = 1700000000000) -> bytes:
    return ServerEncoder(sv, protobuf=False).error(req_id, code, text, json, when)


@dataclass
class Session:
    sock: socket.socket
    version: int = 0
    hello_raw: bytes = b""
    frames: "queue.Queue[bytes]" = field(default_factory=queue.Queue)
    closed: threading.Event = field(default_factory=threading.Event)

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def next_frame(self, timeout: float = 5.0) -> bytes:
        return self.frames.get(timeout=timeout)

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


class Peer:
    """Listen on 127.0.0.1; serve each client on its own thread.

    ``mode``: "normal", "silent" (accept, never answer the handshake),
    "close_in_hello" (close half-way through the reply frame).
    ``protobuf``: answer startApi with protobuf messages (server >= 201).
    """

    def __init__(self, version: int = 226, mode: str = "normal", protobuf: bool = False,
                 accounts: str = "DU111111,DU222222", greet: bool = True) -> None:
        self.server_version = version
        self.mode = mode
        self.protobuf = protobuf
        self.accounts = accounts
        self.greet = greet
        self.sessions: "queue.Queue[Session]" = queue.Queue()
        self._lsock = socket.create_server(("127.0.0.1", 0))
        self.port = self._lsock.getsockname()[1]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        t = threading.Thread(target=self._accept, daemon=True)
        t.start()
        self._threads.append(t)

    def __enter__(self) -> "Peer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        try:
            self._lsock.shutdown(socket.SHUT_RDWR)  # wakes accept()
        except OSError:
            pass
        self._lsock.close()

    def session(self, timeout: float = 5.0) -> Session:
        return self.sessions.get(timeout=timeout)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                sock, _ = self._lsock.accept()
            except OSError:
                return
            t = threading.Thread(target=self._serve, args=(Session(sock),), daemon=True)
            t.start()
            self._threads.append(t)

    def _serve(self, s: Session) -> None:
        sock = s.sock
        framer = Framer()
        buf = b""
        try:
            while len(buf) < 4:
                chunk = sock.recv(4096)
                if not chunk:
                    return
                buf += chunk
            assert buf[:4] == handshake.API_PREFIX, buf
            frames = framer.feed(buf[4:])
            while not frames:
                chunk = sock.recv(4096)
                if not chunk:
                    return
                frames = framer.feed(chunk)
            s.hello_raw = handshake.API_PREFIX + frame(frames[0])
            rest = frames[1:]
            if self.mode == "silent":
                self.sessions.put(s)
                while sock.recv(4096):
                    pass
                return
            hello = handshake.parse_client_hello(frames[0])
            version = handshake.negotiate(hello, 100, self.server_version)
            if version is None:
                self.sessions.put(s)
                s.close()
                return
            s.version = version
            reply = handshake.server_hello(version, "20261124 12:00:00 UTC")
            if self.mode == "close_in_hello":
                sock.sendall(reply[: len(reply) // 2])
                self.sessions.put(s)
                s.close()
                return
            sock.sendall(reply)
            self.sessions.put(s)
            for f in rest:
                self._on_frame(s, f)
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                for f in framer.feed(chunk):
                    self._on_frame(s, f)
        except OSError:
            pass
        finally:
            s.closed.set()

    def _msg_id(self, s: Session, body: bytes) -> int:
        if s.version >= MIN_SERVER_VER_PROTOBUF:
            return int.from_bytes(body[:4], "big")
        return int(body.split(b"\0", 1)[0])

    def _on_frame(self, s: Session, body: bytes) -> None:
        s.frames.put(body)
        mid = self._msg_id(s, body)
        sv = s.version
        enc = ServerEncoder(sv, protobuf=self.protobuf)
        if mid % PROTOBUF_MSG_ID == OUT.START_API and self.greet:
            s.send(enc.next_valid_id(1))
            s.send(enc.managed_accounts(self.accounts))
            s.send(enc.error(-1, 2104, "Market data farm connection is OK:usfarm", when_ms=1700000000000))
        elif mid % PROTOBUF_MSG_ID == OUT.REQ_CURRENT_TIME:
            s.send(enc.current_time(int(time.time())))
