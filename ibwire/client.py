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
from collections.abc import Callable
from typing import Any

from .connection import Connection
from .model.const import NO_VALID_ID
from .protocol import handshake
from .protocol import requests as rq
from .protocol.errors import (
    ALREADY_CONNECTED,
    CALLBACK_FAILED,
    CONNECT_FAIL,
    NOT_CONNECTED,
    CodeMsgPair,
)
from .protocol.fields import ClientException, is_ascii_printable
from .protocol.framing import Framer
from .protocol.messages import Decoder
from .protocol.versions import MAX_CLIENT_VER, MIN_CLIENT_VER
from .reader import CLOSED, Batch, EReader, now_ms
from .wrapper import EWrapper

__all__ = ["EClient", "Pacer"]

logger = logging.getLogger("ibwire.client")


class Pacer:
    """Token bucket: at most ``rate`` messages per second, bursts up to ``rate``.

    ``rate`` 0 (or less) disables pacing. Thread-safe; ``wait`` blocks the
    sender just long enough.
    """

    def __init__(self, rate: float = 50.0) -> None:
        self._lock = threading.Lock()
        self.set_rate(rate)

    def set_rate(self, rate: float) -> None:
        with self._lock:
            self.rate = float(rate)
            self._tokens = max(self.rate, 0.0)
            self._stamp = time.monotonic()

    def wait(self) -> None:
        if self.rate <= 0:
            return
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.rate, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            if self._tokens < 1.0:
                delay = (1.0 - self._tokens) / self.rate
                time.sleep(delay)
                self._stamp = time.monotonic()
                self._tokens = 1.0
            self._tokens -= 1.0


class EClient:
    """The client side of the TWS API socket protocol, driving an :class:`EWrapper`."""

    (DISCONNECTED, CONNECTING, CONNECTED) = range(3)

    #: Seconds to wait for the TCP connection and for the server's handshake reply.
    connectTimeout: float = 10.0
    handshakeTimeout: float = 10.0

    def __init__(self, wrapper: EWrapper) -> None:
        self.wrapper = wrapper
        self.msg_queue: queue.SimpleQueue[Batch] = queue.SimpleQueue()
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
        self.wrapper.error(reqId, now_ms(), code, text)

    # --- connect / disconnect ---------------------------------------------------

    def connect(self, host: str, port: int, clientId: int) -> None:
        """Connect, negotiate the version and start the API session.

        On failure the wrapper gets ``error(-1, time, 502, ...)`` (or 501 when
        already connected) and ``connectionClosed()``; nothing stays running.
        Wrong argument types raise ``TypeError`` at once.
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
        self.decoder = Decoder(version)
        self.msg_queue = queue.SimpleQueue()
        conn.set_timeout(None)
        with self._state_lock:
            self.connState = EClient.CONNECTED
        self.reader = EReader(conn, framer, self.decoder, self.msg_queue, pending=pending)
        self.reader.start()
        logger.info("connected to %s:%s, server version %d, time %s", self.host, port, version, conn_time)
        self.startApi()
        self.wrapper.connectAck()

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
        self.wrapper.connectionClosed()

    # --- dispatch ----------------------------------------------------------------

    def run(self) -> None:
        """Deliver messages to the wrapper until the connection ends and the queue is drained."""
        q = self.msg_queue
        wrapper = self.wrapper
        handlers: dict[str, Callable[..., Any]] = {}
        try:
            while True:
                try:
                    batch = q.get(timeout=0.2)
                except queue.Empty:
                    self.msgLoopTmo()
                    if self.connState == EClient.DISCONNECTED and (self.reader is None or not self.reader.is_alive()):
                        if q.empty():
                            break
                    continue
                if batch is CLOSED:
                    break
                for name, args in batch:
                    h = handlers.get(name)
                    if h is None:
                        h = handlers[name] = getattr(wrapper, name)
                    try:
                        h(*args)
                    except Exception as e:
                        self._callback_failed(name, e)
                self.msgLoopRec()
        finally:
            self.disconnect()

    def _callback_failed(self, name: str, e: Exception) -> None:
        logger.exception("exception in callback %s", name)
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

    def _request(self, encoder: rq.Encoder, *args: Any, reqId: int = NO_VALID_ID,
                 fail: CodeMsgPair | None = None) -> None:
        """Encode and send one request, reporting refusals the official way."""
        if not self.isConnected():
            self._error(reqId, NOT_CONNECTED.code(), NOT_CONNECTED.msg())
            return
        sv = self.serverVersion_
        assert sv is not None
        try:
            data = encoder(sv, *args)
        except ClientException as ex:
            self._error(ex.req_id if ex.req_id != NO_VALID_ID else reqId, ex.code, ex.msg + ex.text)
            return
        except Exception as ex:
            f = fail or rq.FAIL_CODES[encoder]
            self._error(reqId, f.code(), f.msg() + str(ex))
            return
        try:
            self.sendBytes(data)
        except OSError as ex:
            f = fail or rq.FAIL_CODES[encoder]
            self._error(reqId, f.code(), f.msg() + str(ex))

    # --- requests ------------------------------------------------------------------

    def startApi(self) -> None:
        """Start the API session (sent by :meth:`connect`; TWS then sends nextValidId etc.)."""
        self._request(rq.start_api, self.clientId, self.optCapab)

    def reqCurrentTime(self) -> None:
        """Ask for the server's time; answered by ``currentTime``."""
        self._request(rq.req_current_time)

    def reqCurrentTimeInMillis(self) -> None:
        """Ask for the server's time in ms; answered by ``currentTimeInMillis``."""
        self._request(rq.req_current_time_in_millis)

    def reqIds(self, numIds: int) -> None:
        """Ask for the next valid order id; answered by ``nextValidId``."""
        self._request(rq.req_ids, numIds)

    def reqManagedAccts(self) -> None:
        """Ask for the accounts this login manages; answered by ``managedAccounts``."""
        self._request(rq.req_managed_accts)


class _HandshakeFailed(Exception):
    pass
