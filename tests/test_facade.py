"""The IB facade on ibwire.sim over real sockets: sync, every blocking call, errors, timeouts, live state."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from decimal import Decimal
from typing import Any

import pytest
from conftest import step_clock

from ibwire import IB, LimitOrder, MarketOrder, Option, RequestError, Stock, util
from ibwire.model import ExecutionFilter, ScannerSubscription
from ibwire.sim import Simulator


@pytest.fixture
def sim() -> Any:
    with Simulator(tick_interval=0.05) as s:
        yield s


@pytest.fixture
def ib(sim: Simulator) -> Any:
    ib = IB()
    ib.RequestTimeout = 10
    ib.connect("127.0.0.1", sim.port, clientId=7)
    yield ib
    ib.disconnect()


def wait(pred: Any, timeout: float = 5) -> None:
    end = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > end:
            raise AssertionError("condition not reached")
        time.sleep(0.02)


def test_connect_syncs_state_and_refuses_a_dead_port() -> None:
    with Simulator(tick_interval=None) as sim:
        # state that exists before we connect: a position and a working order of ours
        from ibwire.model import Contract, Order

        c = Contract()
        c.symbol, c.secType = "IBM", "STK"
        o = Order()
        o.action, o.orderType, o.totalQuantity = "BUY", "MKT", Decimal(10)
        sim.broker.place(7, 1, c, o)
        o2 = Order()
        o2.action, o2.orderType, o2.totalQuantity, o2.lmtPrice = "BUY", "LMT", Decimal(5), 1.0
        sim.broker.place(7, 2, c, o2)
        with IB().connect("127.0.0.1", sim.port, clientId=7) as ib:
            assert ib.managedAccounts() == ["DU1234567"]
            assert [(p.contract.symbol, p.position) for p in ib.positions()] == [("IBM", Decimal(10))]
            assert [(p.contract.symbol, p.position) for p in ib.portfolio()] == [("IBM", Decimal(10))]
            assert any(v.tag == "NetLiquidation" for v in ib.accountValues())
            assert [t.order.orderId for t in ib.openTrades()] == [2]
            assert len(ib.fills()) == 1 and ib.fills()[0].execution.shares == 10
    with Simulator() as sim:
        port = sim.port
    with pytest.raises(ConnectionError):
        IB().connect("127.0.0.1", port, clientId=1, timeout=2)


def test_reference_data_calls(ib: IB) -> None:
    aapl = Stock("AAPL")
    assert ib.qualifyContracts(aapl, Stock("NOPE")) == [aapl, None] and aapl.conId == 265598
    assert [d.contract.conId for d in ib.reqContractDetails(Stock("MSFT"))] == [272093]
    assert ib.reqCurrentTime().year >= 2026
    assert [d.contract.symbol for d in ib.reqMatchingSymbols("MS")] == ["MSFT"]
    chains = ib.reqSecDefOptParams("AAPL", "", "STK", 265598)
    assert [c.exchange for c in chains] == ["SMART", "CBOE"] and len(chains[0].strikes) == 13
    assert ib.reqMarketRule(26)[0].increment == 0.01
    assert ib.reqUserInfo() == ""
    assert [p.code for p in ib.reqNewsProviders()][:1] == ["BRFG"]
    news = ib.reqHistoricalNews(265598, "BRFG", "", "", 3)
    assert len(news) == 3 and ib.reqNewsArticle("BRFG", news[0].articleId).articleText
    sub = ScannerSubscription()
    sub.instrument, sub.locationCode, sub.scanCode, sub.numberOfRows = "STK", "STK.US.MAJOR", "MOST_ACTIVE", 3
    rows = ib.reqScannerData(sub)
    assert [r.rank for r in rows] == [0, 1, 2] and rows[0].contractDetails.contract.symbol


def test_history_calls(ib: IB) -> None:
    aapl = Stock("AAPL")
    bars = ib.reqHistoricalData(aapl, "", "2 D", "1 hour", "TRADES", False)
    assert len(bars) == 48 and all(b.high >= b.low for b in bars)
    frame = util.df(bars)
    assert list(frame.columns[:5]) == ["date", "open", "high", "low", "close"] and len(frame) == 48
    assert ib.reqHeadTimeStamp(aapl, "TRADES", True).year == 2004
    assert len(ib.reqHistoricalTicks(aapl, "", "20261124 15:00:00 UTC", 40, "TRADES", True)) == 40
    assert len(ib.reqHistogramData(aapl, True, "1 week")) == 21
    live = ib.reqHistoricalData(aapl, "", "1800 S", "1 min", "TRADES", False, keepUpToDate=True)
    seen: list[bool] = []
    live.updateEvent += lambda bars, new: seen.append(new)
    wait(lambda: len(seen) >= 3)
    n = len(seen)
    ib.cancelHistoricalData(live)
    time.sleep(0.3)
    assert len(seen) <= n + 1


def test_market_data_tickers_depth_and_snapshots(ib: IB, sim: Simulator) -> None:
    aapl = Stock("AAPL")
    t = ib.reqMktData(aapl)
    threads: set[str] = set()
    updates: list[Any] = []
    ib.pendingTickersEvent += lambda tickers: (updates.append(tickers), threads.add(threading.current_thread().name))
    # three cycles, and the fields a step fills (a step's messages may come in more than one read, so in more
    # cycles than steps: counting cycles alone raced the volume tick)
    wait(lambda: len(updates) >= 3 and t.bid > 0 and t.volume > 0 and t.close > 0)
    q = sim.market.quotes[265598]
    assert t.bid <= t.ask and t.bid > 0 and t.volume > 0 and t.close > 0
    assert threads == {"ibwire-dispatch"}
    ib.cancelMktData(t)
    depth = ib.reqMktDepth(Stock("MSFT"), 5)
    wait(lambda: len(depth.domBids) == 5 and len(depth.domAsks) == 5)
    assert depth.domBids[0].price < depth.domAsks[0].price
    assert [d.price for d in depth.domBids] == sorted((d.price for d in depth.domBids), reverse=True)
    (snap,) = ib.reqTickers(Stock("SPY"))
    assert snap.bid > 0 and snap.ask > 0 and snap.last > 0
    call = Option("AAPL", "202612", 230, "C")
    ib.qualifyContracts(call)
    priced = ib.calculateOptionPrice(call, 0.3, 230.0)
    iv = ib.calculateImpliedVolatility(call, priced.optPrice, 230.0)
    assert abs(iv.impliedVol - 0.3) < 1e-3
    assert q is sim.market.quotes[265598]


def test_orders_bracket_fills_and_live_state(ib: IB) -> None:
    aapl = Stock("AAPL")
    ib.qualifyContracts(aapl)
    statuses: list[tuple[int, str]] = []
    fills: list[Any] = []
    ib.orderStatusEvent += lambda trade: statuses.append((trade.order.orderId, trade.orderStatus.status))
    ib.execDetailsEvent += lambda trade, fill: fills.append(fill)
    (snap,) = ib.reqTickers(aapl)
    parent, tp, sl = ib.bracketOrder("BUY", 100, snap.ask + 5, snap.ask + 500, snap.bid - 500)
    trades = [ib.placeOrder(aapl, o) for o in (parent, tp, sl)]
    wait(lambda: trades[0].orderStatus.status == "Filled" and trades[0].fills
         and trades[0].fills[0].commissionReport.commissionAndFees > 0)
    wait(lambda: [p.position for p in ib.positions()] == [Decimal(100)])
    wait(lambda: [p.position for p in ib.portfolio()] == [Decimal(100)])
    # the children are released after the parent's fill is booked: their statuses come after the portfolio
    wait(lambda: trades[1].orderStatus.status == "Submitted" and trades[2].orderStatus.status == "PreSubmitted")
    assert {t.order.orderId for t in ib.openTrades()} == {tp.orderId, sl.orderId}
    tp.lmtPrice = snap.bid - 50  # modify into the market: it fills, the stop is cancelled
    ib.placeOrder(aapl, tp)
    wait(lambda: trades[1].orderStatus.status == "Filled" and trades[2].orderStatus.status == "Cancelled")
    wait(lambda: ib.positions() == [] and ib.portfolio() == [])
    assert [e.status for e in trades[0].log][:2] == ["PendingSubmit", "Submitted"]
    assert len(ib.fills()) == 2 and len(fills) == 2
    assert (tp.orderId, "Filled") in statuses and (sl.orderId, "Cancelled") in statuses
    done = ib.reqCompletedOrders()
    assert sorted(t.orderStatus.status for t in done) == ["Cancelled", "Filled", "Filled"]
    f = ExecutionFilter()
    f.side = "BUY"
    assert [x.execution.side for x in ib.reqExecutions(f)] == ["BOT"]
    state = ib.whatIfOrder(aapl, MarketOrder("BUY", 10))
    assert float(state.initMarginAfter) > 0
    resting = ib.placeOrder(aapl, LimitOrder("BUY", 1, 1.0))
    wait(lambda: resting.orderStatus.status == "Submitted")
    ib.cancelOrder(resting.order)
    wait(lambda: resting.orderStatus.status == "Cancelled")
    assert any(e.errorCode == 202 for e in resting.log)
    summary = ib.reqAccountSummary()
    assert {"NetLiquidation", "BuyingPower"} <= {v.tag for v in summary}
    pnl = ib.reqPnL("DU1234567")
    wait(lambda: pnl.realizedPnL == pnl.realizedPnL)  # not NaN any more


def test_errors_reach_the_caller_with_the_tws_code(ib: IB) -> None:
    with pytest.raises(RequestError) as e:
        ib.reqContractDetails(Stock("NOPE"))
    assert e.value.code == 200
    with pytest.raises(RequestError) as e:
        ib.reqHistoricalData(Stock("AAPL"), "", "1 D", "7 mins", "TRADES", True)
    assert e.value.code == 162
    with pytest.raises(RequestError) as e:
        ib.whatIfOrder(Stock("NOPE"), MarketOrder("BUY", 1))
    assert e.value.code == 200
    # the trade's state is written on the dispatch thread, its status before its log entry: wait for the
    # status event, emitted once both are written (attached before the order, which is refused at once)
    cancelled = threading.Event()
    ib.orderStatusEvent += lambda t: t.orderStatus.status == "Cancelled" and cancelled.set()
    rejected = ib.placeOrder(Stock("AAPL"), MarketOrder("HOLD", 1))
    assert cancelled.wait(5)
    assert rejected.orderStatus.status == "Cancelled" and rejected.log[-1].errorCode == 321
    errors: list[int] = []
    ib.errorEvent += lambda reqId, code, text, json: errors.append(code)
    with pytest.raises(RequestError):
        ib.reqContractDetails(Stock("NOPE2"))
    assert errors == [200]


def slow(record: list[Any]) -> Any:
    """A handler that takes its time before it records (as user code may): a caller released before it
    finished would find nothing recorded."""
    def handler(*args: Any) -> None:
        time.sleep(0.2)
        record.append(args)
    return handler


@pytest.mark.parametrize("events_on_wait", [False, True])
def test_a_refused_call_raises_after_its_error_event_and_order_state(ib: IB, events_on_wait: bool) -> None:
    """As in ib_async (whose awaiting caller resumes after the callback): the caller gets the RequestError once
    errorEvent's handlers ran, on the dispatch thread or handed out by the call itself. The Future used to be
    failed first, so the caller raced the handlers (found by pausing the dispatch thread after it settles a
    Future)."""
    ib.EventsOnWait = events_on_wait
    errors: list[Any] = []
    ib.errorEvent += slow(errors)
    with pytest.raises(RequestError):
        ib.reqContractDetails(Stock("NOPE"))
    assert [a[1] for a in errors] == [200]
    with pytest.raises(RequestError):  # a refused whatIfOrder: failed under its order id
        ib.whatIfOrder(Stock("NOPE"), MarketOrder("BUY", 1))
    assert [a[1] for a in errors] == [200, 200]


def test_a_one_off_scan_returns_after_scanner_data_event(ib: IB) -> None:
    """reqScannerData returns once scannerDataEvent's handlers saw its rows (it was settled before the event)."""
    seen: list[Any] = []
    ib.scannerDataEvent += slow(seen)
    sub = ScannerSubscription()
    sub.instrument, sub.locationCode, sub.scanCode, sub.numberOfRows = "STK", "STK.US.MAJOR", "MOST_ACTIVE", 3
    rows = ib.reqScannerData(sub)
    assert len(seen) == 1 and seen[0][0] is rows


def test_timeouts_never_hang(ib: IB, sim: Simulator) -> None:
    sim.hooks["reqContractDetails"] = lambda session, req: True  # the server never answers
    sim.hooks["reqHistoricalData"] = lambda session, req: True
    ib.RequestTimeout = 0.5
    t0 = time.monotonic()
    with pytest.raises(TimeoutError):
        ib.reqContractDetails(Stock("AAPL"))
    f: Future[Any] = ib.reqHistoricalDataFuture(Stock("AAPL"), "", "1 D", "1 hour", "TRADES", True)
    with pytest.raises(TimeoutError):
        f.result(5)  # the future itself fails at the request timeout
    assert time.monotonic() - t0 < 3


def test_disconnect_fails_pending_requests_and_blocking_on_the_dispatch_thread_is_refused(ib: IB,
                                                                                          sim: Simulator) -> None:
    sim.hooks["reqContractDetails"] = lambda session, req: True
    f = ib.reqContractDetailsFuture(Stock("AAPL"))
    refused: list[BaseException] = []

    def handler(*_: Any) -> None:
        try:
            ib.reqCurrentTime()
        except RuntimeError as e:
            refused.append(e)

    ib.errorEvent += handler
    sim.send_raw(sim.sessions[0].enc_.error(-1, 1100, "lost", when_ms=1))
    wait(lambda: refused)
    closed: list[bool] = []
    ib.disconnectedEvent += lambda: closed.append(True)
    sim.drop()
    with pytest.raises(ConnectionError):
        f.result(5)
    wait(lambda: closed == [True])
    assert not ib.isConnected()


def test_reconnect_resyncs_resubscribes_and_merges_fills_made_while_away() -> None:
    with Simulator(tick_interval=None) as sim:
        ib = IB()
        ib.ReconnectDelay = 0.2
        ib.historyPacing.identical = 1.0  # the resubscription repeats the request: wait 1 s, not IB's 15
        sim.history_pacing = False  # (and the simulator does not hold it to 15 s either)
        ib.connect("127.0.0.1", sim.port, clientId=7)
        try:
            connected: list[bool] = []
            ib.connectedEvent += lambda: connected.append(True)
            aapl = Stock("AAPL")
            ticker = ib.reqMktData(aapl)
            ticker_updates: list[object] = []
            ticker.updateEvent += ticker_updates.append  # the tick lists hold one cycle: count the cycles
            bars = ib.reqHistoricalData(aapl, "", "1800 S", "1 min", "TRADES", False, keepUpToDate=True)
            updates: list[bool] = []
            bars.updateEvent += lambda b, new: updates.append(new)
            q = sim.market.quote(sim.catalog.by_symbol("AAPL"))
            resting = ib.placeOrder(aapl, LimitOrder("BUY", 100, q.ask + 1000, tif="GTC"))  # fills at once
            wait(lambda: resting.orderStatus.status == "Filled")
            away = ib.placeOrder(aapl, LimitOrder("SELL", 100, q.bid - 0.02))  # may fill on the next ticks
            wait(lambda: away.orderStatus.status in ("Submitted", "Filled"))
            sim.drop()
            wait(lambda: not ib.isConnected())
            for _ in range(200):  # the market moves while we are away, the sell fills
                sim.step()
                if sim.broker.orders[(7, away.order.orderId)].status == "Filled":
                    break
            assert sim.broker.orders[(7, away.order.orderId)].status == "Filled"
            wait(lambda: connected == [True] and ib.isConnected(), timeout=10)
            wait(lambda: away.orderStatus.status == "Filled" and len(away.fills) >= 1)
            assert sum(f.execution.shares for f in away.fills) == 100
            assert len({f.execution.execId for f in ib.fills()}) == len(ib.fills()) == 1 + len(away.fills)
            assert ib.positions() == []
            wait(lambda: any(s.mkt and s.bars for s in sim.sessions))  # the resubscriptions arrived
            n_ticks, n_bars = len(ticker_updates), len(updates)
            sim.step(3)
            wait(lambda: len(ticker_updates) > n_ticks and len(updates) > n_bars)  # resubscribed
            assert len(bars) == 30
        finally:
            ib.disconnect()


def test_historical_pacing_spaces_identical_requests_instead_of_failing(ib: IB, sim: Simulator) -> None:
    ib.historyPacing.identical = 1.0
    sim.history_pacing = False
    t0 = time.monotonic()
    a = ib.reqHistoricalData(Stock("IBM"), "", "1 D", "1 hour", "TRADES", False)
    b = ib.reqHistoricalData(Stock("IBM"), "", "1 D", "1 hour", "TRADES", False)  # would be error 162 at once
    assert len(a) == len(b) == 24 and time.monotonic() - t0 >= 1.0


def _calls() -> list[tuple[str, str, Any]]:
    """(name, request the simulator sees, the blocking call) for every request-response call."""
    aapl = Stock("AAPL")
    sub = ScannerSubscription()
    sub.instrument, sub.locationCode, sub.scanCode = "STK", "STK.US.MAJOR", "MOST_ACTIVE"
    call = Option("AAPL", "202612", 230, "C")  # resolves to one catalogue option as it is
    return [
        ("reqContractDetails", "reqContractDetails", lambda ib: ib.reqContractDetails(aapl)),
        ("qualifyContracts", "reqContractDetails", lambda ib: ib.qualifyContractsFuture(aapl).result(3)),
        ("reqCurrentTime", "reqCurrentTime", lambda ib: ib.reqCurrentTime()),
        ("reqMatchingSymbols", "reqMatchingSymbols", lambda ib: ib.reqMatchingSymbols("AA")),
        ("reqSecDefOptParams", "reqSecDefOptParams", lambda ib: ib.reqSecDefOptParams("AAPL", "", "STK", 265598)),
        ("reqMarketRule", "reqMarketRule", lambda ib: ib.reqMarketRule(26)),
        ("reqUserInfo", "reqUserInfo", lambda ib: ib.reqUserInfo()),
        ("reqHistoricalData", "reqHistoricalData",
         lambda ib: ib.reqHistoricalData(aapl, "", "1 D", "1 hour", "TRADES", True)),
        ("reqHeadTimeStamp", "reqHeadTimeStamp", lambda ib: ib.reqHeadTimeStamp(aapl, "TRADES", True)),
        ("reqHistoricalTicks", "reqHistoricalTicks",
         lambda ib: ib.reqHistoricalTicks(aapl, "", "20261124 15:00:00 UTC", 10, "TRADES", True)),
        ("reqHistogramData", "reqHistogramData", lambda ib: ib.reqHistogramData(aapl, True, "1 week")),
        ("reqTickers", "reqMktData", lambda ib: ib.reqTickers(aapl)),
        ("calculateOptionPrice", "calculateOptionPrice", lambda ib: ib.calculateOptionPrice(call, 0.3, 230.0)),
        ("calculateImpliedVolatility", "calculateImpliedVolatility",
         lambda ib: ib.calculateImpliedVolatility(call, 10.0, 230.0)),
        ("whatIfOrder", "placeOrder", lambda ib: ib.whatIfOrder(aapl, MarketOrder("BUY", 1))),
        ("reqOpenOrders", "reqOpenOrders", lambda ib: ib.reqOpenOrders()),
        ("reqCompletedOrders", "reqCompletedOrders", lambda ib: ib.reqCompletedOrders()),
        ("reqExecutions", "reqExecutions", lambda ib: ib.reqExecutions()),
        ("reqPositions", "reqPositions", lambda ib: ib.reqPositions()),
        ("reqAccountSummary", "reqAccountSummary", lambda ib: ib.reqAccountSummary()),
        ("reqNewsProviders", "reqNewsProviders", lambda ib: ib.reqNewsProviders()),
        ("reqNewsArticle", "reqNewsArticle", lambda ib: ib.reqNewsArticle("BRFG", "x")),
        ("reqHistoricalNews", "reqHistoricalNews", lambda ib: ib.reqHistoricalNews(265598, "BRFG", "", "", 2)),
        ("reqScannerData", "reqScannerSubscription", lambda ib: ib.reqScannerData(sub)),
        ("reqFamilyCodes", "reqFamilyCodes", lambda ib: ib.reqFamilyCodes()),
        ("reqSoftDollarTiers", "reqSoftDollarTiers", lambda ib: ib.reqSoftDollarTiers()),
        ("reqMktDepthExchanges", "reqMktDepthExchanges", lambda ib: ib.reqMktDepthExchanges()),
        ("reqSmartComponents", "reqSmartComponents", lambda ib: ib.reqSmartComponents("9c0001")),
        ("requestFA", "requestFA", lambda ib: ib.requestFA(3)),
        ("getWshMetaData", "reqWshMetaData", lambda ib: ib.getWshMetaData()),
        ("getWshEventData", "reqWshEventData", lambda ib: ib.getWshEventData(_wsh())),
        ("historicalSchedule", "reqHistoricalData",
         lambda ib: ib.reqHistoricalData(aapl, "", "1 D", "1 day", "SCHEDULE", True)),
    ]


def _wsh() -> Any:
    from ibwire.model import WshEventData

    d = WshEventData()
    d.conId = 265598
    return d


CALLS = _calls()


@pytest.mark.parametrize("name,request_name,call", CALLS, ids=[c[0] for c in CALLS])
def test_every_blocking_call_answers_times_out_and_fails(ib: IB, sim: Simulator, name: str, request_name: str,
                                                         call: Any) -> None:
    ib.historyPacing.identical = 0  # the same request three times in a row
    sim.history_pacing = False
    assert call(ib) is not None  # answered
    ib.RequestTimeout = 0.3
    sim.hooks[request_name] = lambda session, req: True  # the server stays silent
    t0 = time.monotonic()
    with pytest.raises(TimeoutError):
        call(ib)
    assert time.monotonic() - t0 < 2.5

    def refuse(session: Any, req: Any) -> bool:
        m = req.message
        req_id = next((getattr(m, f) for f in ("reqId", "orderId") if f in m.DESCRIPTOR.fields_by_name), -1)
        session.error(int(req_id), 10197, "No market data during competing live session")
        return True

    sim.hooks[request_name] = refuse
    ib.RequestTimeout = 1.0
    try:
        call(ib)
    except RequestError as e:
        assert e.code == 10197
    except TimeoutError:
        # answers keyed by the request itself (not by an id the error can name) cannot be failed by an
        # error; TWS sends none for them either, so these end by timeout
        assert name in ("reqCurrentTime", "reqMarketRule", "reqOpenOrders", "reqCompletedOrders",
                        "reqPositions", "reqNewsProviders", "reqFamilyCodes", "reqMktDepthExchanges", "requestFA")
    else:
        raise AssertionError(f"{name} succeeded although the server refused it")


def test_real_time_bars_grow(ib: IB, sim: Simulator) -> None:
    step_clock(sim, sim.now())  # 5 s of simulated time per market tick: a real-time bar per tick
    bars = ib.reqRealTimeBars(Stock("AAPL"))
    seen: list[int] = []
    bars.updateEvent += lambda b, new: seen.append(len(b))
    wait(lambda: len(bars) >= 3)
    assert bars[-1].close > 0 and bars[-1].time.timestamp() % 5 == 0 and seen[:2] == [1, 2]
    ib.cancelRealTimeBars(bars)


def test_an_error_for_a_request_id_equal_to_a_live_order_id_leaves_the_order_alone(ib: IB) -> None:
    import itertools

    trade = ib.placeOrder(Stock("AAPL", "SMART", "USD"), LimitOrder("BUY", 5, 1.0))
    wait(lambda: trade.orderStatus.status == "Submitted")
    # the facade's request ids and TWS's order ids are counted apart: make them meet
    ib._ids = itertools.count(trade.order.orderId - 100_000)
    with pytest.raises(RequestError) as e:
        ib.reqContractDetails(Stock("NOSUCHSYM", "SMART", "USD"))
    assert e.value.code == 200 and e.value.reqId == trade.order.orderId
    assert trade.orderStatus.status == "Submitted" and trade in ib.openTrades()


def test_library_loggers_print_nothing_unless_configured() -> None:
    import logging

    assert any(isinstance(h, logging.NullHandler) for h in logging.getLogger("ibwire").handlers)


def test_a_refused_client_id_is_reported_with_its_code_even_when_the_close_comes_first(sim: Simulator) -> None:
    from ibwire import ConnectError

    first = IB().connect("127.0.0.1", sim.port, clientId=3)
    other = IB()
    # connect() returns only after TWS's 326 and its close have both arrived (a busy machine does this)
    other.wrapper.connectAck = lambda: time.sleep(0.5)  # type: ignore[method-assign]
    before = set(threading.enumerate())
    with pytest.raises(ConnectError) as e:
        other.connect("127.0.0.1", sim.port, clientId=3, timeout=5)
    assert e.value.code == 326 and "already in use" in e.value.message
    assert not [t.name for t in set(threading.enumerate()) - before
                if t.name.startswith("ibwire-") and not t.name.startswith("ibwire-sim")]
    first.disconnect()


def test_an_order_whose_send_fails_raises_connection_error_and_ends_the_connection(sim: Simulator) -> None:
    import socket

    from ibwire import ConnectError

    class Broken:
        """The connection's socket, whose writes now fail as on a reset connection."""

        def __init__(self, sock: socket.socket) -> None:
            self.sock = sock

        def sendall(self, data: bytes) -> None:
            raise BrokenPipeError(32, "Broken pipe")

        def __getattr__(self, name: str) -> Any:
            return getattr(self.sock, name)

    ib = IB()
    ib.connect("127.0.0.1", sim.port, clientId=4, reconnect=False)
    conn = ib.client.conn
    assert conn is not None and conn._sock is not None
    conn._sock = Broken(conn._sock)  # type: ignore[assignment]
    with pytest.raises(ConnectError) as e:
        ib.placeOrder(Stock("AAPL"), LimitOrder("BUY", 1, 1.0))
    assert e.value.code == 512
    assert ib.trades() == []  # nothing recorded for an order that was not sent
    wait(lambda: not ib.isConnected())
    with pytest.raises(ConnectionError):
        ib.reqCurrentTime()
    ib.disconnect()
