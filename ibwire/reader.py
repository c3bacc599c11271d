"""The reader thread: socket bytes to frames on the dispatch queue.

Each ``recv`` is split into frame bodies here and the bodies of one read go
onto the queue as one list, so a burst of thousands of frames costs one
queue operation, not thousands. Decoding happens on the dispatch thread
(:meth:`Decoder.dispatch`), right before the callbacks. The reader's own
reports (an impossible frame length) are queued as ``error`` events in
their place. When the stream ends, for whatever reason, a single
:data:`CLOSED` marker follows the last batch.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any, Final, cast

from .connection import Connection
from .protocol.errors import BAD_LENGTH
from .protocol.framing import Framer
from .model.const import MAX_MSG_LEN, NO_VALID_ID
from .protocol.messages import Event

__all__ = ["EReader", "CLOSED", "Batch", "now_ms", "error_event", "split_whole"]

logger = logging.getLogger("ibwire.reader")

#: End-of-stream marker put on the queue after the last batch.
CLOSED: Final = None
#: Frame bodies in arrival order, with the reader's own reports as events.
Batch = list[bytes | Event] | None


def now_ms() -> int:
    return int(time.time() * 1000)


def error_event(code: int, text: str, req_id: int = NO_VALID_ID) -> Event:
    """An ``error`` callback event, stamped now."""
    return ("error", (req_id, now_ms(), code, text, ""))


def split_whole(data: bytes) -> tuple[list[bytes | Event], int]:
    """The bodies of the whole frames at the start of ``data``, and where the first other one starts.

    The reader's fast path for a read that begins on a frame boundary (the framer holds nothing):
    one slice per frame, straight from the read. It stops at a frame that is incomplete or longer
    than :data:`MAX_MSG_LEN` (the reader's framer's limit); the reader hands the rest to the
    framer, which holds or rejects it exactly as if it had been given the whole read.
    """
    n = len(data)
    pos = 0
    out: list[bytes | Event] = []
    append = out.append
    while n - pos >= 4:
        size = int.from_bytes(data[pos : pos + 4], "big")
        end = pos + 4 + size
        if end > n or size > MAX_MSG_LEN:
            break
        append(data[pos + 4 : end])
        pos = end
    return out, pos


class EReader(threading.Thread):
    """Reads ``conn`` until it closes; ``on_end`` runs once on this thread at the end."""

    #: Bytes per ``recv`` (measured: larger reads do not help under bursts).
    recv_size = 1 << 16

    def __init__(
        self,
        conn: Connection,
        framer: Framer,
        out: queue.SimpleQueue[Batch] | queue.Queue[Batch],
        on_end: Callable[[], Any] | None = None,
        pending: list[bytes] | None = None,
    ) -> None:
        super().__init__(name="ibwire-reader", daemon=True)
        self.conn = conn
        self.framer = framer
        self.out = out
        self.on_end = on_end
        # frames already split off during the handshake
        self._pending = pending or []

    def run(self) -> None:
        put = self.out.put
        framer = self.framer
        try:
            if self._pending:
                put(list(self._pending))
            recv = self.conn.recv
            feed = framer.feed
            while True:
                data = recv(self.recv_size)
                if not data:
                    if framer.buffered:
                        logger.warning("connection closed inside a frame (%d bytes unread)", framer.buffered)
                    break
                items: list[bytes | Event]
                if framer.buffered:
                    items = cast("list[bytes | Event]", feed(data))
                else:
                    # the everyday read: whole frames, nothing held back from the last one
                    items, done = split_whole(data)
                    if done == len(data):
                        put(items)  # (a read holds at least one byte, so at least one frame here)
                        continue
                    items += feed(data[done:] if done else data)
                err = framer.error
                if err is not None:
                    items.append(error_event(BAD_LENGTH.code(), f"{BAD_LENGTH.msg()}: {err}; closing the connection"))
                    put(items)
                    break
                if items:
                    put(items)
        except OSError as e:
            # the peer reset or the network failed: an everyday event, not a bug
            logger.warning("connection lost: %s: %s", type(e).__name__, e)
        except Exception:
            logger.exception("reader failed; closing the connection")
        finally:
            self.conn.close()
            put(CLOSED)
            if self.on_end is not None:
                self.on_end()
