"""Thread-safe events: ``event += handler``, ``event -= handler``, ``event.emit(*args)``.

Handlers run on the thread that emits — for IB events that is the dispatch
thread of the connection — in subscription order. A handler that raises is
logged and the others still run.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["Event"]

logger = logging.getLogger("ibwire.events")


class Event:
    """A named list of handlers."""

    def __init__(self, name: str = "") -> None:
        self.name = name
        self._handlers: list[Callable[..., Any]] = []
        self._lock = threading.Lock()

    def connect(self, handler: Callable[..., Any]) -> Event:
        with self._lock:
            self._handlers = [*self._handlers, handler]
        return self

    def disconnect(self, handler: Callable[..., Any]) -> Event:
        with self._lock:
            self._handlers = [h for h in self._handlers if h != handler]
        return self

    __iadd__ = connect
    __isub__ = disconnect

    def emit(self, *args: Any) -> None:
        for h in self._handlers:  # a snapshot: the list is replaced, never mutated
            try:
                h(*args)
            except Exception:
                logger.exception("handler of %s failed", self.name or "event")

    def __len__(self) -> int:
        return len(self._handlers)

    def __repr__(self) -> str:
        return f"Event({self.name!r}, {len(self._handlers)} handlers)"
