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
from ibwire.protocol.server import ServerEncoder, SessionEncoder, proto_message, text_message
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


# --- recorded sessions and mutated frames (the fault campaign's material) --------------------------


def session_bodies(sv: int, protobuf: bool | None = None) -> list[bytes]:
    """Frame bodies of a realistic stretch of a session at ``sv``: ticks, bars, orders, fills, errors.

    ``protobuf`` as for :class:`SessionEncoder` (True: every kind that has a protobuf form uses it).
    """
    from decimal import Decimal

    from ibwire.model import (
        BarData, CommissionAndFeesReport, Contract, Execution, HistoricalTickLast, Order, OrderState, TickAttribLast,
    )

    enc = SessionEncoder(sv, protobuf=protobuf)
    c = Contract()
    c.conId, c.symbol, c.secType, c.exchange, c.currency, c.localSymbol = 265598, "AAPL", "STK", "SMART", "USD", "AAPL"
    o = Order()
    o.orderId, o.clientId, o.permId, o.action, o.totalQuantity, o.orderType = 7, 0, 1001, "BUY", Decimal(10), "LMT"
    o.lmtPrice, o.account = 190.5, "DU111111"
    st = OrderState()
    st.status = "Submitted"
    ex = Execution()
    ex.execId, ex.orderId, ex.time, ex.acctNumber, ex.exchange, ex.side = "0001.01", 7, "20261124 09:30:01", "DU111111", \
        "ISLAND", "BOT"
    ex.shares, ex.price, ex.permId, ex.cumQty, ex.avgPrice = Decimal(10), 190.5, 1001, Decimal(10), 190.5
    cr = CommissionAndFeesReport()
    cr.execId, cr.commissionAndFees, cr.currency, cr.realizedPNL = "0001.01", 1.0, "USD", 0.0
    bars = []
    for i in range(3):
        b = BarData()
        b.date, b.open, b.high, b.low, b.close = f"2026112{i} 09:30:00", 1.0 + i, 2.0 + i, 0.5, 1.5
        b.volume, b.wap, b.barCount = Decimal(100 + i), Decimal("1.25"), 7
        bars.append(b)
    tick = HistoricalTickLast()
    tick.time, tick.price, tick.size, tick.exchange, tick.tickAttribLast = 1764000000, 1.5, Decimal(3), "ARCA", \
        TickAttribLast()
    raw = [
        enc.next_valid_id(1),
        enc.managed_accounts("DU111111,DU222222"),
        enc.error(-1, 2104, "Market data farm connection is OK:usfarm", "", 1700000000000),
        enc.tick_price(1, 1, 190.25, 300, 1),
        enc.tick_price(1, 2, 190.5, 200, 0),
        enc.tick_size(1, 8, 12345),
        enc.tick_string(1, 45, "1764000000"),
        enc.tick_generic(1, 49, 0.0),
        enc.open_order(o, c, st),
        enc.order_status(7, "Submitted", Decimal(0), Decimal(10), 0.0, 1001, 0, 0.0, 0),
        enc.exec_details(-1, c, ex),
        enc.commission_report(cr),
        enc.order_status(7, "Filled", Decimal(10), Decimal(0), 190.5, 1001, 0, 190.5, 0),
        enc.historical_data(2, bars, "20261120 09:30:00", "20261122 09:30:00"),
        enc.historical_ticks_last(3, [tick, tick], True),
        enc.position("DU111111", c, Decimal(10), 190.5),
        enc.account_value("NetLiquidation", "100000.00", "USD", "DU111111"),
        enc.error(7, 202, "Order Canceled - reason:", "", 1700000000001),
        enc.tick_price(1, 4, 190.5, 100, 2),
        enc.current_time(1764000000),
    ]
    bodies: list[bytes] = []
    framer = Framer()
    for data in raw:
        bodies += framer.feed(data)
    assert not framer.buffered
    return bodies


#: Field values a broken or hostile peer might send.
GARBAGE = [b"", b"x", b"-1", b"1e999", b"nan", b"-0", b"1.5", b"2147483648", b"99999999999999999999",
           b"9" * 5000, b"\xff\xfe\xc3", b"caf\xe9", b"\x80", b" 1", b"1_0", b"0x10", b"Infinity", b"-Infinity",
           b"\\u00e9", b"\\", b"1" * 30]


def mutate(rng: Any, body: bytes, sv: int) -> bytes:
    """One mutation of frame ``body`` (the same ``rng`` state gives the same result)."""
    raw_ids = sv >= MIN_SERVER_VER_PROTOBUF
    if raw_ids:
        head, rest = body[:4], body[4:]
    else:
        i = body.find(b"\0") + 1
        head, rest = body[:i], body[i:]
    proto = raw_ids and int.from_bytes(head, "big") > PROTOBUF_MSG_ID
    kind = rng.randrange(12)
    if kind == 0:  # the id alone, terminated or not
        return head if rng.random() < 0.5 else head.rstrip(b"\0")
    if kind == 1:  # cut at any byte
        return body[: rng.randrange(len(body) + 1)]
    if kind == 2:  # another message's id on this body
        mid = rng.choice([rng.randrange(0, 110), rng.randrange(0, 250)])
        return (mid.to_bytes(4, "big") if raw_ids else str(mid).encode() + b"\0") + rest
    if kind == 3:  # a few bytes flipped
        b = bytearray(body)
        for _ in range(rng.randrange(1, 4)):
            if b:
                b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    if kind == 4:  # extra bytes or fields at the end
        extra = b"\0".join(rng.choice(GARBAGE) for _ in range(rng.randrange(1, 6))) + b"\0"
        return body + extra
    if proto:
        if kind == 5:
            return head + rest[: rng.randrange(len(rest) + 1)]
        if kind == 6:
            return head + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 20)))
        return head + rest + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
    fields = rest.split(b"\0")
    tail = fields.pop()  # what follows the last NUL (normally nothing)
    if kind == 5 and fields:  # the last fields missing
        del fields[-rng.randrange(1, len(fields) + 1):]
    elif kind == 6 and fields:  # one field replaced
        fields[rng.randrange(len(fields))] = rng.choice(GARBAGE)
    elif kind == 7 and fields:  # one field dropped from the middle
        del fields[rng.randrange(len(fields))]
    elif kind == 8:  # one field inserted
        fields.insert(rng.randrange(len(fields) + 1), rng.choice(GARBAGE))
    elif kind == 9:  # the last NUL missing
        return head + b"\0".join(fields) + tail
    elif kind == 10 and fields:  # several fields replaced
        for _ in range(rng.randrange(2, 6)):
            fields[rng.randrange(len(fields))] = rng.choice(GARBAGE)
    elif fields:  # a long field, now and then a very long one
        n = 70000 if rng.random() < 0.03 else rng.randrange(100, 2000)
        fields[rng.randrange(len(fields))] = rng.choice([b"7", b"a"]) * n
    return head + b"".join(f + b"\0" for f in fields) + tail


def accept_client(lsock: socket.socket, version: int, timeout: float = 5.0) -> socket.socket:
    """Accept one client on ``lsock`` and answer its handshake at ``version`` (no startApi reply)."""
    sock, _ = lsock.accept()
    sock.settimeout(timeout)
    read_client_hello(sock)
    sock.sendall(handshake.server_hello(version, "20261124 12:00:00 UTC"))
    return sock


def read_client_hello(sock: socket.socket, framer: Framer | None = None) -> list[bytes]:
    """Read the API prefix and the client's hello frame; the frames read so far (the hello first)."""
    framer = framer or Framer()
    buf = b""
    while len(buf) < 4:
        buf += sock.recv(4096)
    frames = framer.feed(buf[4:])
    while not frames:
        frames = framer.feed(sock.recv(4096))
    return frames
