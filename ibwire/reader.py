"""The reader thread: socket bytes to ready-to-deliver events on the dispatch queue.

Each ``recv`` is handed to the connection's :class:`~ibwire.protocol._core.inbound.Core`,
which cuts it into frames and decodes them into a flat list of events (bound
callback, arguments, ...); the events of one read go onto the queue as one
batch, so a burst of thousands of frames costs one queue operation. The
dispatch thread only calls the callbacks. Bad frames are found and reported
here: a frame that cannot be decoded becomes an ``error`` event in its place,
an impossible frame length an ``error`` event and the end of the stream. When
the stream ends, for whatever reason, a single :data:`CLOSED` marker follows
the last batch.

The queue is bounded (:class:`BatchQueue`): when callbacks fall behind, the
reader waits and the data waits in the socket buffers, so memory stays flat
however slow the program; a huge message (a 200k-bar history) is queued in
pieces, at most :attr:`BatchQueue.piece_limit` at a time.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any, Final

from .connection import Connection
from .model.const import NO_VALID_ID
from .protocol._core.inbound import Core, Events, emit
from .protocol.errors import BAD_LENGTH

__all__ = ["EReader", "CLOSED", "Batch", "BatchQueue", "now_ms"]

logger = logging.getLogger("ibwire.reader")

#: End-of-stream marker put on the queue after the last batch.
CLOSED: Final = None
#: Ready events of one read (see :data:`~ibwire.protocol._core.base.Events`), or :data:`CLOSED`.
Batch = Events | None


def now_ms() -> int:
    return int(time.time() * 1000)


class BatchQueue:
    """Batches from the reader to the dispatcher, at most :attr:`limit` of them undelivered.

    ``put`` waits while the limit is reached (never for :data:`CLOSED`, never once
    :meth:`close` was called); the dispatcher calls :meth:`done` after delivering each
    batch it got. ``get``, ``empty`` and ``qsize`` are ``queue.SimpleQueue``'s.
    """

    #: Undelivered batches before the reader waits (a batch is one read: up to 64 KiB of frames).
    limit = 32
    #: Undelivered pieces of a huge message before the reader waits: what bounds its peak memory.
    piece_limit = 2

    def __init__(self) -> None:
        self._q: queue.SimpleQueue[Batch] = queue.SimpleQueue()
        self._cond = threading.Condition(threading.Lock())
        self._queued = 0
        self._closed = False
        self.get = self._q.get
        self.empty = self._q.empty
        self.qsize = self._q.qsize

    def put(self, batch: Batch, block: bool = True, timeout: float | None = None) -> None:
        self._put(batch, self.limit)

    def put_piece(self, batch: Events) -> None:
        """Queue a piece of a huge message (a tighter limit)."""
        self._put(batch, self.piece_limit)

    def _put(self, batch: Batch, limit: int) -> None:
        if batch is not CLOSED:
            with self._cond:
                # (a timed wait: close() may come from a thread that holds no reference to wake us)
                while self._queued >= limit and not self._closed:
                    self._cond.wait(0.5)
                self._queued += 1
        self._q.put(batch)

    def done(self) -> None:
        """One batch was delivered."""
        with self._cond:
            self._queued -= 1
            self._cond.notify()

    def close(self) -> None:
        """Stop bounding: the connection is closing, the reader must not wait any more."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()


class EReader(threading.Thread):
    """Reads ``conn`` until it closes; ``on_end`` runs once on this thread at the end."""

    #: Bytes per ``recv`` (measured: larger reads do not help under bursts).
    recv_size = 1 << 16

    def __init__(
        self,
        conn: Connection,
        core: Core,
        out: BatchQueue,
        on_end: Callable[[], Any] | None = None,
        first: bytes = b"",
    ) -> None:
        super().__init__(name="ibwire-reader", daemon=True)
        self.conn = conn
        self.core = core
        self.out = out
        self.on_end = on_end
        # bytes read during the handshake, after its reply
        self._first = first

    def run(self) -> None:
        put = self.out.put
        core = self.core
        try:
            recv = self.conn.recv
            feed = core.feed
            size = self.recv_size
            data = self._first
            while True:
                if not data:
                    data = recv(size)
                if not data:
                    if core.buffered:
                        logger.warning("connection closed inside a frame (%d bytes unread)", core.buffered)
                    break
                out: Events = []
                feed(data, out)
                data = b""
                if core.broken:
                    logger.error("%s; closing the connection", core.broken)
                    emit(out, core.bind("error"), (NO_VALID_ID, now_ms(), BAD_LENGTH.code(),
                                                    f"{BAD_LENGTH.msg()}: {core.broken}; closing the connection", ""))
                    put(out)
                    break
                if out:
                    put(out)
        except OSError as e:
            # the peer reset or the network failed: an everyday event, not a bug
            logger.warning("connection lost: %s: %s", type(e).__name__, e)
        except Exception:
            logger.exception("reader failed; closing the connection")
        finally:
            self.conn.close()
            self.out.put(CLOSED)
            if self.on_end is not None:
                self.on_end()
