"""Callbacks left at EWrapper's default are not called when their only work, the ANSWER log, is off at
connect; everything a program can observe stays as it was: the log when it is on, overrides on the class
or the instance, a logAnswer override, interception by __getattribute__, and compat's INFO log.
Over real sockets, against the simulator, in text (176) and protobuf (226) form."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from test_sim_engine import stk

from ibwire import EClient, EWrapper
from ibwire.model import TickAttrib
from ibwire.sim import Simulator

VERSIONS = [(176, None), (226, True)]


class PricesOnly(EWrapper):
    """Overrides tickPrice and the end of the snapshot; tickSize and the rest keep their defaults."""

    def __init__(self) -> None:
        super().__init__()
        self.prices: list[tuple[int, int, float]] = []
        self.answers: list[str] = []
        self.done = threading.Event()

    def tickPrice(self, reqId: int, tickType: int, price: float, attrib: TickAttrib) -> None:
        self.prices.append((reqId, tickType, price))

    def tickSnapshotEnd(self, reqId: int) -> None:
        self.done.set()


def snapshot(sim: Simulator, w: Any, done: threading.Event, before_run: Any = None, client: Any = EClient) -> Any:
    """A market-data snapshot through ``client(w)`` over a real socket, until tickSnapshotEnd."""
    c = client(w)
    c.connect("127.0.0.1", sim.port, 1)
    if before_run is not None:
        before_run(c)
    t = threading.Thread(target=c.run, daemon=True)
    t.start()
    c.reqMktData(1, stk(), "", True, False, [])
    assert done.wait(20), "no tickSnapshotEnd"
    c.disconnect()
    t.join(10)
    assert not t.is_alive()
    return c


@pytest.fixture(params=VERSIONS, ids=["v176", "v226-protobuf"])
def sim(request: Any) -> Iterator[Simulator]:
    version, protobuf = request.param
    with Simulator(tick_interval=None, server_version=version, protobuf=protobuf) as s:
        yield s


def answers(caplog: pytest.LogCaptureFixture, name: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.getMessage().startswith(f"ANSWER {name} ")]


# (caplog.set_level puts each logger's level back after the test)
def test_log_on_at_connect_every_default_answers(sim: Simulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ibwire.wrapper")
    w = PricesOnly()
    snapshot(sim, w, w.done)
    assert w.prices and answers(caplog, "tickSize") and not answers(caplog, "tickPrice")
    if sim.protobuf:
        assert answers(caplog, "tickPriceProtoBuf")


def test_log_off_at_connect_defaults_are_not_called_and_the_rest_arrives(
        sim: Simulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ibwire.wrapper")
    w = PricesOnly()
    # the log turned on after connect: the decision stands for this connection (as documented)
    c = snapshot(sim, w, w.done, lambda c: caplog.set_level(logging.DEBUG, logger="ibwire.wrapper"))
    assert w.prices and not answers(caplog, "tickSize")
    assert c._bound["tickSize"] is None and c._bound["tickPrice"] is not None
    assert all(c._bound.get(n) is None for n in ("tickPriceProtoBuf", "tickSizeProtoBuf"))


def test_overrides_loganswer_and_interception_still_get_every_callback(
        sim: Simulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ibwire.wrapper")

    # an override on the instance
    w1 = PricesOnly()
    sizes: list[tuple[Any, ...]] = []
    w1.tickSize = lambda *a: sizes.append(a)  # type: ignore[method-assign]
    snapshot(sim, w1, w1.done)
    assert sizes

    # logAnswer overridden: the defaults' answers are the program's
    class Logs(PricesOnly):
        def logAnswer(self, fnName: str, *args: Any) -> None:
            self.answers.append(fnName)

    w2 = Logs()
    snapshot(sim, w2, w2.done)
    assert "tickSize" in w2.answers and ("tickPriceProtoBuf" in w2.answers) == bool(sim.protobuf)

    # every callback intercepted by __getattribute__
    class Intercepts(PricesOnly):
        def __getattribute__(self, name: str) -> Any:
            attr = object.__getattribute__(self, name)
            if name in ("tickSize", "tickSizeProtoBuf"):
                def seen(*args: Any) -> Any:
                    object.__getattribute__(self, "answers").append(name)
                    return attr(*args)
                return seen
            return attr

    w3 = Intercepts()
    snapshot(sim, w3, w3.done)
    assert "tickSize" in w3.answers and ("tickSizeProtoBuf" in w3.answers) == bool(sim.protobuf)


def test_a_protobuf_callback_overridden_gets_the_message(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ibwire.wrapper")

    class Proto(PricesOnly):
        def __init__(self) -> None:
            super().__init__()
            self.protos: list[Any] = []

        def tickPriceProtoBuf(self, tickPriceProto: Any) -> None:
            self.protos.append(tickPriceProto)

    with Simulator(tick_interval=None, server_version=226, protobuf=True) as s:
        w = Proto()
        snapshot(s, w, w.done)
    assert len(w.protos) == len(w.prices) > 0
    assert [(p.reqId, p.tickType, p.price) for p in w.protos] == w.prices


def test_compat_defaults_answer_at_info_as_the_official_client(ibapi: Any, sim: Simulator,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    from ibapi.client import EClient as CompatClient
    from ibapi.wrapper import EWrapper as CompatWrapper

    class App(CompatWrapper):
        def __init__(self) -> None:
            CompatWrapper.__init__(self)
            self.done = threading.Event()

        def tickSnapshotEnd(self, reqId: int) -> None:
            self.done.set()

    caplog.set_level(logging.INFO, logger="ibapi.wrapper")
    app = App()
    snapshot(sim, app, app.done, client=CompatClient)
    assert answers(caplog, "tickPrice") and answers(caplog, "tickSize")
