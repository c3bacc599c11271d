"""The reader thread: socket bytes to decoded events on the dispatch queue.

Each ``recv`` is framed and decoded here, off the dispatch thread, and the
events of one read go onto the queue as one list, so a burst of thousands of
frames costs one queue operation, not thousands. Order is kept: frames are
decoded in arrival order and a failed frame becomes an ``error`` event in
its place. When the stream ends, for whatever reason, a single
:data:`CLOSED` marker follows the last event.
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
from .protocol.errors import BAD_LENGTH
from .protocol.framing import Framer
from .protocol.messages import Decoder, DecodeError, Event

__all__ = ["EReader", "CLOSED", "Batch"]

logger = logging.getLogger("ibwire.reader")

#: End-of-stream marker put on the queue after the last batch.
CLOSED: Final = None
Batch = list[Event] | None


def now_ms() -> int:
    return int(time.time() * 1000)


def error_event(code: int, text: str, req_id: int = NO_VALID_ID) -> Event:
    return ("error", (req_id, now_ms(), code, text, ""))


class EReader(threading.Thread):
    """Reads ``conn`` until it closes; ``on_end`` runs once on this thread at the end."""

    #: Bytes per ``recv`` (measured: larger reads do not help under bursts).
    recv_size = 1 << 16

    def __init__(
        self,
        conn: Connection,
        framer: Framer,
        decoder: Decoder,
        out: queue.SimpleQueue[Batch] | queue.Queue[Batch],
        on_end: Callable[[], Any] | None = None,
        pending: list[bytes] | None = None,
    ) -> None:
        super().__init__(name="ibwire-reader", daemon=True)
        self.conn = conn
        self.framer = framer
        self.decoder = decoder
        self.out = out
        self.on_end = on_end
        # frames already split off during the handshake
        self._pending = pending or []

    def decode_frames(self, frames: list[bytes]) -> list[Event]:
        events: list[Event] = []

        def on_error(e: DecodeError) -> None:
            # what could be read first, then the report of what could not
            logger.warning("%s", e.text)
            events.extend(e.events)
            events.append(error_event(e.code, e.text))

        self.decoder.decode_all(frames, events, on_error)
        return events

    def run(self) -> None:
        put = self.out.put
        try:
            if self._pending:
                put(self.decode_frames(self._pending))
            recv = self.conn.recv
            feed = self.framer.feed
            while True:
                data = recv(self.recv_size)
                if not data:
                    if self.framer.buffered:
                        logger.warning("connection closed inside a frame (%d bytes unread)", self.framer.buffered)
                    break
                events = self.decode_frames(feed(data))
                err = self.framer.error
                if err is not None:
                    events.append(error_event(BAD_LENGTH.code(), f"{BAD_LENGTH.msg()}: {err}; closing the connection"))
                    put(events)
                    break
                if events:
                    put(events)
        except Exception:
            logger.exception("reader failed; closing the connection")
        finally:
            self.conn.close()
            put(CLOSED)
            if self.on_end is not None:
                self.on_end()
