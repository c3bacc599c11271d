"""The socket: connect, thread-safe whole-frame sends, receives, idempotent close."""

from __future__ import annotations

import socket
import threading

__all__ = ["Connection"]


class Connection:
    """A TCP connection to TWS / IB Gateway.

    ``send`` is safe from any thread: a lock keeps frames whole and
    ``sendall`` keeps partial sends from losing bytes. ``close`` may be called
    from any thread, any number of times; it wakes a reader blocked in ``recv``.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._close_lock = threading.Lock()

    def connect(self, timeout: float | None) -> None:
        """Open the socket; raises ``OSError`` on failure (refused, unreachable, timeout)."""
        sock = socket.create_connection((self.host, self.port), timeout=timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock = sock

    def set_timeout(self, timeout: float | None) -> None:
        if self._sock is not None:
            self._sock.settimeout(timeout)

    def isConnected(self) -> bool:
        return self._sock is not None

    def send(self, data: bytes) -> None:
        """Send one or more whole frames; raises ``ConnectionError`` when closed."""
        with self._lock:
            sock = self._sock
            if sock is None:
                raise ConnectionError("not connected")
            sock.sendall(data)

    def recv(self, size: int = 1 << 16) -> bytes:
        """Bytes as they arrive; ``b""`` once the peer or we closed the socket."""
        sock = self._sock
        if sock is None:
            return b""
        try:
            return sock.recv(size)
        except OSError:
            if self._sock is None:
                return b""  # closed under us: a normal end
            raise

    def close(self) -> bool:
        """Close the socket; True only for the call that actually closed it."""
        with self._close_lock:
            sock, self._sock = self._sock, None
        if sock is None:
            return False
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()
        return True

    # the official Connection's names, which programs call on ``client.conn`` directly

    def disconnect(self) -> None:
        """Close the socket; the client's reader sees the end and reports ``connectionClosed`` once."""
        self.close()

    def sendMsg(self, msg: bytes) -> int:
        """Send whole frames; the number of bytes sent (0 when not connected)."""
        try:
            self.send(msg)
        except ConnectionError:
            return 0
        return len(msg)

    def recvMsg(self) -> bytes:
        """Bytes as they arrive (``b""`` when closed). The client's reader thread reads the same socket:
        bytes taken here are not decoded by it."""
        return self.recv()
