from __future__ import annotations

import contextlib
import importlib
import sys
import threading
import time
from pathlib import Path
from collections.abc import Iterator
from typing import Any, Callable

import pytest

ROOT = Path(__file__).resolve().parent.parent
_COMPAT = str(ROOT / "compat")
sys.path.insert(0, str(ROOT / "tests"))

from ibwire import EClient, EWrapper  # noqa: E402


@pytest.fixture(scope="module")
def ibapi() -> Iterator[Any]:
    """compat imported into the test process: its package is named ``ibapi``, so it is taken from ``compat/``
    explicitly (whatever ``ibapi`` was imported before); the printout form is reset afterwards."""
    sys.path.insert(0, _COMPAT)
    try:
        for name in [m for m in sys.modules if m == "ibapi" or m.startswith("ibapi.")]:
            del sys.modules[name]
        pkg = importlib.import_module("ibapi")
        assert str(Path(pkg.__file__).resolve()).startswith(_COMPAT)
        yield pkg
    finally:
        sys.path.remove(_COMPAT)
        from ibapi import _adapt

        _adapt.reset()
        from ibwire.model import reset_print_form

        reset_print_form()


@pytest.fixture(autouse=True)
def _native_printouts() -> Any:
    """compat switches the process-wide printout form when a program's generation is decided; in-process
    compat tests must not leave it switched for the tests after them."""
    yield
    import ibwire.model

    ibwire.model.reset_print_form()
    mod = sys.modules.get("ibapi._adapt")
    if mod is not None:
        mod._current = mod.MODERN  # type: ignore[attr-defined]


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


@contextlib.contextmanager
def SimProcess(*args: str) -> Iterator[Any]:
    """``ibwire.sim.process.spawn(ARGS...)``; at the end SIGTERM, and the simulator must exit 0."""
    from ibwire.sim.process import spawn

    with spawn(*args) as p:
        yield p
        assert p.stop() == 0, p.stderr


def step_clock(sim: Any, start: Any, seconds: float = 5.0) -> None:
    """Make ``sim``'s wall clock simulated time that advances ``seconds`` per market step (from ``start``, an
    aware datetime) and stands still between steps: real-time bars (one per 5 s of simulated time) then come
    one per step, with times that do not depend on real time passing."""
    import datetime as _dt

    now = [start]
    step = sim.step

    def stepped(n: int = 1) -> None:
        for _ in range(n):
            now[0] += _dt.timedelta(seconds=seconds)
            step()

    sim.now = lambda: now[0]
    sim.step = stepped


class FakeClock:
    """A monotonic clock a test moves by hand (``clock.t += 2``): pacing rules checked instantly."""

    def __init__(self, t: float = 1000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t

    def sleep(self, s: float) -> None:
        """A sleep on this clock: time passes at once."""
        self.t += max(0.0, s)


def ibwire_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("ibwire")]


def wait_no_threads(timeout: float = 5.0) -> None:
    end = time.monotonic() + timeout
    while ibwire_threads() and time.monotonic() < end:
        time.sleep(0.01)
    assert not ibwire_threads(), ibwire_threads()


# --- helpers for the facade under faults and concurrency (test_facade_faults, test_facade_concurrency, soak) ---

import random  # noqa: E402
import socket  # noqa: E402
import struct  # noqa: E402
from collections import Counter  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402


def wait_until(cond: Callable[[], Any], timeout: float = 5.0, what: str | Callable[[], str] = "condition") -> None:
    """Poll ``cond`` until it is true; fail the test with ``what`` (a text, or a function giving it then) when
    ``timeout`` passes first."""
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise AssertionError(f"not reached within {timeout:g} s: {what if isinstance(what, str) else what()}")
        time.sleep(0.01)


def facade_threads() -> list[threading.Thread]:
    """The client side's ibwire threads (dispatch, reader, watchdog, reconnect), not the simulator's."""
    return [t for t in threading.enumerate() if t.name.startswith("ibwire") and not t.name.startswith("ibwire-sim")]


def threads_named(name: str) -> int:
    return sum(1 for t in threading.enumerate() if t.name == name and t.is_alive())


class ThreadCensus:
    """Samples how many threads of each ibwire name run at once; ``peak[name]`` is the most seen together."""

    def __init__(self, interval: float = 0.005) -> None:
        self.peak: Counter[str] = Counter()
        self._stop = threading.Event()
        self._interval = interval
        self._thread = threading.Thread(target=self._run, name="census", daemon=True)

    def __enter__(self) -> ThreadCensus:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            now = Counter(t.name for t in facade_threads() if t.is_alive())
            for name, n in now.items():
                if n > self.peak[name]:
                    self.peak[name] = n


class Gate:
    """A loopback TCP relay in front of a server that a test can cut (FIN or RST) and close to new clients.

    While ``refuse`` is set, new connections are accepted and closed at once: a client's connect fails in its
    handshake without ever being connected, which the simulator alone cannot do.
    """

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.refuse = False
        self._lsock = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._lsock.getsockname()[1]
        self._lock = threading.Lock()
        self._relays: list[tuple[threading.Thread, dict[str, str]]] = []
        threading.Thread(target=self._accept, name="gate-accept", daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._lsock.accept()
            except OSError:
                return
            if self.refuse:
                client.close()
                continue
            try:
                server = socket.create_connection(("127.0.0.1", self.upstream_port))
            except OSError:
                client.close()
                continue
            order: dict[str, str] = {}
            t = threading.Thread(target=self._relay, args=(client, server, order), name="gate-relay", daemon=True)
            with self._lock:
                self._relays.append((t, order))
            t.start()

    @staticmethod
    def _relay(client: socket.socket, server: socket.socket, order: dict[str, str]) -> None:
        # one thread per connection, and it alone closes the sockets: a close from another thread while this
        # one is in recv() would send nothing on Linux
        import selectors

        sel = selectors.DefaultSelector()
        sel.register(client, selectors.EVENT_READ, server)
        sel.register(server, selectors.EVENT_READ, client)
        try:
            while "close" not in order:
                for key, _ in sel.select(0.02):
                    src: socket.socket = key.fileobj  # type: ignore[assignment]
                    data = src.recv(1 << 16)
                    if not data:
                        order.setdefault("close", "fin")
                        break
                    key.data.sendall(data)
        except OSError:
            order.setdefault("close", "fin")
        sel.close()
        if order["close"] == "rst":
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        for s in (client, server):
            if order["close"] == "fin":
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            s.close()

    def cut(self, reset: bool = False) -> None:
        """Close every relayed connection; with ``reset`` the client sees a connection reset (RST)."""
        with self._lock:
            relays, self._relays = self._relays, []
        for t, order in relays:
            order.setdefault("close", "rst" if reset else "fin")
        for t, _ in relays:
            t.join(5)

    def close(self) -> None:
        try:
            self._lsock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._lsock.close()
        self.cut()


@pytest.fixture
def gate_factory() -> Any:
    gates: list[Gate] = []

    def make(port: int) -> Gate:
        g = Gate(port)
        gates.append(g)
        return g

    yield make
    for g in gates:
        g.close()


def place_before_connect(sim: Any, client_id: int) -> None:
    """A position (10 IBM, filled: order 1) and a resting order (id 2) of ``client_id``, so answers have content."""
    from decimal import Decimal

    from ibwire.model import Contract, Order

    c = Contract()
    c.symbol, c.secType = "IBM", "STK"
    filled = Order()
    filled.action, filled.orderType, filled.totalQuantity = "BUY", "MKT", Decimal(10)
    sim.broker.place(client_id, 1, c, filled)
    resting = Order()
    resting.action, resting.orderType, resting.totalQuantity, resting.lmtPrice = "BUY", "LMT", Decimal(5), 1.0
    sim.broker.place(client_id, 2, c, resting)


# --- a mix of blocking facade calls, each with a check that the answer is the caller's own ----------------


@dataclass
class Call:
    """One blocking facade call: ``run(ib)`` makes it, ``check(result)`` says what is wrong with the answer."""

    name: str
    run: Callable[[Any], Any]
    check: Callable[[Any], str | None]


HISTORY_END = "20261124 15:00:00 UTC"  # a fixed end: the bar counts do not depend on today


def market_rule_hook(sim: Any) -> None:
    """Let the simulator answer each market rule id with its own increment (id / 10000), so answers can be told
    apart by caller."""
    from ibwire.protocol.ids import IN

    def answer(session: Any, req: Any) -> bool:
        rule = int(req.message.marketRuleId)
        session.send(session.enc_.bare(IN.MARKET_RULE, rule, 1, 0.0, rule / 10000))
        return True

    sim.hooks["reqMarketRule"] = answer


def call_mix(ib: Any, expected_bars: dict[str, int] | None = None) -> list[Call]:
    """Blocking calls of every shape: keyed (no request id) and by request id, each checked for its own answer.

    ``expected_bars`` (bar size -> count at ``HISTORY_END``) is filled on first use when empty.
    """
    import datetime as _dt

    from ibwire import Stock
    from ibwire.facade.objects import Fill, Position, Trade

    def is_list_of(kind: type) -> Callable[[Any], str | None]:
        return lambda r: None if isinstance(r, list) and all(isinstance(x, kind) for x in r) else f"not a list of {kind.__name__}: {r!r:.200}"

    def details_of(symbol: str) -> Callable[[Any], str | None]:
        def check(r: Any) -> str | None:
            got = {d.contract.symbol for d in r}
            return None if r and got == {symbol} else f"details for {got}, asked for {symbol}"
        return check

    def rule_of(rule: int) -> Callable[[Any], str | None]:
        def check(r: Any) -> str | None:
            got = [x.increment for x in r]
            return None if got == [rule / 10000] else f"increments {got}, asked for rule {rule}"
        return check

    def fa_of(kind: int) -> Callable[[Any], str | None]:
        tag = {1: "ListOfGroups", 3: "ListOfAccountAliases"}[kind]
        return lambda r: None if isinstance(r, str) and tag in r else f"FA {kind}: {r!r:.100}"

    bars_expected = expected_bars if expected_bars is not None else {}

    def bars_of(size: str) -> Call:
        def run(ib: Any) -> Any:
            return ib.reqHistoricalData(Stock("AAPL"), HISTORY_END, "1 D", size, "TRADES", False)

        def check(r: Any) -> str | None:
            want = bars_expected.get(size)
            return None if want is None or len(r) == want else f"{len(r)} bars of {size}, expected {want}"

        return Call(f"reqHistoricalData({size})", run, check)

    def summary(r: Any) -> str | None:
        return None if "NetLiquidation" in {v.tag for v in r} else f"account summary without NetLiquidation: {r!r:.100}"

    calls = [
        Call("reqCurrentTime", lambda ib: ib.reqCurrentTime(),
             lambda r: None if isinstance(r, _dt.datetime) else f"not a datetime: {r!r}"),
        Call("reqPositions", lambda ib: ib.reqPositions(), is_list_of(Position)),
        Call("reqOpenOrders", lambda ib: ib.reqOpenOrders(), is_list_of(Trade)),
        Call("reqCompletedOrders", lambda ib: ib.reqCompletedOrders(), is_list_of(Trade)),
        Call("reqExecutions", lambda ib: ib.reqExecutions(), is_list_of(Fill)),
        Call("reqAccountSummary", lambda ib: ib.reqAccountSummary(), summary),
        Call("reqFamilyCodes", lambda ib: ib.reqFamilyCodes(),
             lambda r: None if isinstance(r, list) and len(r) >= 1 else f"family codes {r!r:.100}"),
        Call("reqMktDepthExchanges", lambda ib: ib.reqMktDepthExchanges(),
             lambda r: None if isinstance(r, list) and r else f"depth exchanges {r!r:.100}"),
        Call("reqNewsProviders", lambda ib: ib.reqNewsProviders(),
             lambda r: None if isinstance(r, list) and r else f"news providers {r!r:.100}"),
        Call("reqUserInfo", lambda ib: ib.reqUserInfo(), lambda r: None if isinstance(r, str) else f"user info {r!r}"),
    ]
    for symbol in ("AAPL", "MSFT", "IBM", "SPY"):
        calls.append(Call(f"reqContractDetails({symbol})", lambda ib, s=symbol: ib.reqContractDetails(Stock(s)),
                          details_of(symbol)))
    for rule in (26, 32, 110):
        calls.append(Call(f"reqMarketRule({rule})", lambda ib, r=rule: ib.reqMarketRule(r), rule_of(rule)))
    for kind in (1, 3):
        calls.append(Call(f"requestFA({kind})", lambda ib, k=kind: ib.requestFA(k), fa_of(kind)))
    for size in ("1 hour", "30 mins"):
        calls.append(bars_of(size))
    if not bars_expected:
        for size in ("1 hour", "30 mins"):
            bars_expected[size] = len(ib.reqHistoricalData(Stock("AAPL"), HISTORY_END, "1 D", size, "TRADES", False))
    return calls


@dataclass
class CallLog:
    """What the calling threads saw: calls made, how each ended, the slowest, and what went wrong."""

    limit: float  # every call must end within this many seconds
    made: int = 0
    ended: Counter[str] = field(default_factory=Counter)
    max_latency: float = 0.0
    failures: list[str] = field(default_factory=list)
    in_flight: dict[str, tuple[str, float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def call(self, ib: Any, c: Call, allowed: frozenset[str]) -> str:
        """Make the call; returns how it ended ("ok" or the exception's kind)."""
        from ibwire import RequestError

        me = threading.current_thread().name
        t0 = time.monotonic()
        with self.lock:
            self.made += 1
            self.in_flight[me] = (c.name, t0)
        problem: str | None = None
        try:
            result = c.run(ib)
        except RequestError as e:
            kind = "RequestError"
            problem = None if kind in allowed else f"{e}"
        except ConnectionError as e:
            kind = "ConnectionError"
            problem = None if kind in allowed else f"{e}"
        except TimeoutError as e:
            kind = "TimeoutError"
            problem = None if kind in allowed else f"{e}"
        except Exception as e:  # noqa: BLE001 - anything else is a failure of the facade, recorded
            kind = type(e).__name__
            problem = f"unexpected {kind}: {e}"
        else:
            kind = "ok"
            problem = c.check(result)
        took = time.monotonic() - t0
        with self.lock:
            del self.in_flight[me]
            self.ended[kind] += 1
            self.max_latency = max(self.max_latency, took)
            if problem is not None:
                self.failures.append(f"{c.name} -> {kind}: {problem}")
            if took > self.limit:
                self.failures.append(f"{c.name} -> {kind} after {took:.1f} s (limit {self.limit:g} s)")
        return kind

    def hung(self, now: float | None = None) -> list[str]:
        """Calls still in flight longer than the limit."""
        now = time.monotonic() if now is None else now
        with self.lock:
            return [f"{name} in {thread} for {now - t0:.1f} s" for thread, (name, t0) in self.in_flight.items()
                    if now - t0 > self.limit]


def run_callers(ib: Any, calls: list[Call], log: CallLog, n: int, stop: threading.Event, seed: int,
                allowed: frozenset[str]) -> list[threading.Thread]:
    """``n`` threads making random calls of ``calls`` until ``stop``."""

    def loop(rng: random.Random) -> None:
        while not stop.is_set():
            if log.call(ib, rng.choice(calls), allowed) == "ConnectionError":
                stop.wait(0.05)  # disconnected calls fail at once: do not spin while the facade reconnects

    threads = [threading.Thread(target=loop, args=(random.Random(seed * 1000 + i),), name=f"caller-{i}", daemon=True)
               for i in range(n)]
    for t in threads:
        t.start()
    return threads


def join_callers(threads: list[threading.Thread], log: CallLog, deadline: float) -> None:
    """Join the calling threads by ``deadline`` (monotonic); a thread still in a call then is a hang."""
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    alive = [t.name for t in threads if t.is_alive()]
    if alive:
        with log.lock:
            stuck = [f"{name} in {th} for {time.monotonic() - t0:.1f} s" for th, (name, t0) in log.in_flight.items()]
        log.failures.append(f"calls that never ended: {stuck or alive}")
