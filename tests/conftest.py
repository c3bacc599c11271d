from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from ibwire import EClient, EWrapper  # noqa: E402


class Recorder(EWrapper):
    """Records every callback as (name, args) and lets tests wait for them."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.cond = threading.Condition()
        self.threads: set[str] = set()

    def __getattribute__(self, name: str) -> Any:
        attr = object.__getattribute__(self, name)
        if name.startswith("_") or not callable(attr) or name in Recorder.__dict__ or name == "logAnswer":
            return attr
        if name not in EWrapper.__dict__:
            return attr

        def record(*args: Any) -> Any:
            with self.cond:
                self.calls.append((name, args))
                self.threads.add(threading.current_thread().name)
                self.cond.notify_all()
            return attr(*args)

        return record

    def names(self) -> list[str]:
        with self.cond:
            return [n for n, _ in self.calls]

    def of(self, name: str) -> list[tuple[Any, ...]]:
        with self.cond:
            return [a for n, a in self.calls if n == name]

    def wait_for(self, pred: Callable[[], bool] | str, timeout: float = 5.0) -> None:
        if isinstance(pred, str):
            name = pred
            pred = lambda: any(n == name for n, _ in self.calls)  # noqa: E731
        with self.cond:
            if not self.cond.wait_for(pred, timeout):
                raise AssertionError(f"timed out; calls so far: {[n for n, _ in self.calls]}")


class App:
    """An EClient + Recorder with run() on a thread, as users wire them up."""

    def __init__(self, wrapper: Recorder | None = None) -> None:
        self.w = wrapper or Recorder()
        self.c = EClient(self.w)
        self.thread: threading.Thread | None = None

    def connect(self, port: int, client_id: int = 0) -> None:
        self.c.connect("127.0.0.1", port, client_id)
        self.thread = threading.Thread(target=self.c.run, name="dispatch", daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.c.disconnect()
        if self.thread is not None:
            self.thread.join(5)
            assert not self.thread.is_alive(), "run() did not return after disconnect()"


@pytest.fixture
def app() -> Any:
    a = App()
    yield a
    a.close()


def ibwire_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("ibwire")]


def wait_no_threads(timeout: float = 5.0) -> None:
    end = time.monotonic() + timeout
    while ibwire_threads() and time.monotonic() < end:
        time.sleep(0.01)
    assert not ibwire_threads(), ibwire_threads()
