"""The simulator's catalogue answers what sample programs ask for (IB's Testbed among them).

Contracts as the samples describe them (by symbol and exchange, by local
symbol, by conId, by ISIN/CUSIP/FIGI, continuous futures, combos) resolve to
sensible details; market data, history and option chains come back for
them; expiries count from the simulator's clock, never from today's date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import App
from test_sim_engine import errors

from ibwire.model import ComboLeg, Contract
from ibwire.sim import Simulator

CLOCK = dt.datetime(2027, 3, 10, 15, 0, tzinfo=dt.timezone.utc)


def contract(**kw: Any) -> Contract:
    c = Contract()
    for k, val in kw.items():
        setattr(c, k, val)
    return c


@pytest.fixture(scope="module")
def sim() -> Any:
    with Simulator(tick_interval=None, server_version=176, clock=CLOCK) as s:
        yield s


@pytest.fixture
def app(sim: Simulator) -> Any:
    a = App()
    a.connect(sim.port, 1)
    a.w.wait_for(lambda: len(a.w.of("error")) >= 3, timeout=20)
    yield a
    a.close()


def details(a: App, req_id: int, c: Contract) -> list[Any]:
    """The contract details of ``c`` (empty: an error for ``req_id``)."""
    a.c.reqContractDetails(req_id, c)
    a.w.wait_for(lambda: any(x[0] == req_id for x in a.w.of("contractDetailsEnd"))
                 or any(e[0] == req_id for e in a.w.of("error")), timeout=20)
    return [d for r, d in a.w.of("contractDetails") + a.w.of("bondContractDetails") if r == req_id]


SAMPLES: dict[str, tuple[Contract, dict[str, Any]]] = {
    "EUR.GBP": (contract(symbol="EUR", secType="CASH", currency="GBP", exchange="IDEALPRO"),
                {"localSymbol": "EUR.GBP", "conId": 12087807}),
    "DAX index": (contract(symbol="DAX", secType="IND", currency="EUR", exchange="EUREX"), {"conId": 825711}),
    "CFD": (contract(symbol="IBDE30", secType="CFD", currency="EUR", exchange="SMART"), {"secType": "CFD"}),
    "BMW on IBIS": (contract(symbol="BMW", secType="STK", currency="EUR", exchange="SMART", primaryExchange="IBIS"),
                    {"primaryExchange": "IBIS"}),
    "NOKIA on HEX": (contract(symbol="NOKIA", secType="STK", currency="EUR", exchange="SMART", primaryExchange="HEX"),
                     {"currency": "EUR"}),
    "bond by CUSIP": (contract(symbol="912828C57", secType="BOND", exchange="SMART", currency="USD"),
                      {"conId": 456467716}),
    "bond by conId": (contract(conId=456467716, exchange="SMART"), {"secType": "BOND"}),
    "mutual fund": (contract(symbol="VINIX", secType="FUND", exchange="FUNDSERV", currency="USD"), {"secType": "FUND"}),
    "commodity": (contract(symbol="XAUUSD", secType="CMDTY", exchange="SMART", currency="USD"), {"conId": 69067924}),
    "SPY at ARCA": (contract(symbol="SPY", secType="STK", currency="USD", exchange="ARCA"), {"conId": 756733}),
    "SPY primary ARCA": (contract(symbol="SPY", secType="STK", currency="USD", exchange="SMART", primaryExchange="ARCA"),
                         {"conId": 756733}),
    "AAL": (contract(symbol="AAL", secType="STK", currency="USD", exchange="SMART"), {"conId": 139673266}),
    "by ISIN": (contract(secIdType="ISIN", secId="US45841N1072", exchange="SMART", currency="USD", secType="STK"),
                {"symbol": "IBKR"}),
    "by FIGI": (contract(secIdType="FIGI", secId="BBG000B9XRY4", exchange="SMART"), {"symbol": "AAPL"}),
    "by conId (FX)": (contract(secType="CASH", conId=12087792, exchange="IDEALPRO"), {"symbol": "EUR"}),
    "crypto ETH": (contract(symbol="ETH", secType="CRYPTO", currency="USD", exchange="PAXOS"), {"conId": 495759171}),
    "crypto BTC": (contract(symbol="BTC", secType="CRYPTO", currency="USD", exchange="PAXOS"), {"conId": 479624278}),
    "Jefferies algo": (contract(symbol="AAPL", secType="STK", exchange="JEFFALGO", currency="USD"), {"conId": 265598}),
    "IBKRATS": (contract(symbol="SPY", secType="STK", currency="USD", exchange="IBKRATS"), {"conId": 756733}),
    "Dutch warrant": (contract(localSymbol="B881G", secType="IOPT", exchange="SBF", currency="EUR"),
                      {"secType": "IOPT"}),
    "ZN front": (contract(symbol="ZN", secType="FUT", exchange="CBOT", currency="USD", lastTradeDateOrContractMonth="202703"),
                 {"localSymbol": "ZNH7", "multiplier": "1000"}),
    "Bund by local symbol": (contract(secType="FUT", exchange="EUREX", currency="EUR", localSymbol="FGBL MAR 27"),
                             {"symbol": "GBL", "multiplier": "1000"}),
    "DAX future, multiplier 1": (contract(symbol="DAX", secType="FUT", exchange="EUREX", currency="EUR",
                                          lastTradeDateOrContractMonth="202703", multiplier="1"),
                                 {"tradingClass": "FDXS"}),
    "continuous Bund": (contract(symbol="GBL", secType="CONTFUT", exchange="EUREX"),
                        {"lastTradeDateOrContractMonth": "20270319"}),
}


def test_every_sample_contract_resolves_to_sensible_details(app: App) -> None:
    for i, (name, (c, want)) in enumerate(SAMPLES.items()):
        found = details(app, 100 + i, c)
        assert len(found) == 1, (name, errors(app))
        cd = found[0]
        got = {k: getattr(cd.contract, k) for k in want}
        assert got == want, name
        assert cd.contract.conId and cd.longName and cd.minTick > 0 and cd.validExchanges, name
        assert cd.timeZoneId or cd.contract.secType == "BOND", name  # (the bond message carries no time zone)
    assert errors(app) == []


def test_expired_and_unknown_contracts_are_error_200_as_tws(app: App) -> None:
    expired = contract(symbol="GBL", secType="FUT", exchange="EUREX", currency="EUR", lastTradeDateOrContractMonth="202303")
    assert details(app, 1, expired) == []
    assert errors(app) == [(1, 200)]


def test_expiries_count_from_the_simulator_clock() -> None:
    for clock, front in ((CLOCK, "20270319"), (dt.datetime(2029, 6, 1, tzinfo=dt.timezone.utc), "20290615")):
        with Simulator(tick_interval=None, clock=clock) as sim:
            es = [it.contract.lastTradeDateOrContractMonth for it in sim.catalog.items.values()
                  if it.contract.symbol == "ES" and it.contract.secType == "FUT"]
            assert min(es) == front
            opts = {it.contract.lastTradeDateOrContractMonth for it in sim.catalog.items.values()
                    if it.contract.secType in ("OPT", "FOP", "WAR", "IOPT")}
            assert all(e >= clock.strftime("%Y%m%d") for e in opts)
            ust = sim.catalog.items[456467716].details
            assert ust.maturity > clock.strftime("%Y%m%d")
            # futures options expire with or before their future, and after the future before it
            futs = sorted(e for e in es)
            fops = [it for it in sim.catalog.items.values() if it.contract.secType == "FOP" and it.contract.symbol == "ES"]
            unders = {sim.catalog.items[it.details.underConId].contract.lastTradeDateOrContractMonth for it in fops}
            assert unders == set(futs[:2])
            for it in fops:
                und = sim.catalog.items[it.details.underConId].contract.lastTradeDateOrContractMonth
                before = [f for f in futs if f < und]
                assert it.contract.lastTradeDateOrContractMonth <= und
                assert not before or it.contract.lastTradeDateOrContractMonth > before[-1]


@pytest.mark.parametrize("symbol, sec_type, exchange, multiplier", [("MSFT", "STK", "", "100"), ("SPX", "IND", "", "100"),
                                                                    ("ES", "FUT", "CME", "50")])
def test_option_chains_beyond_aapl_and_spy(app: App, symbol: str, sec_type: str, exchange: str, multiplier: str) -> None:
    und = contract(symbol=symbol, secType=sec_type, currency="USD", exchange="CME" if sec_type == "FUT" else "SMART")
    if sec_type == "FUT":
        und.lastTradeDateOrContractMonth = "202703"
    if sec_type == "IND":
        und.exchange = "CBOE"
    (ud,) = details(app, 1, und)
    app.c.reqSecDefOptParams(2, symbol, exchange, sec_type, ud.contract.conId)
    app.w.wait_for("securityDefinitionOptionParameterEnd", timeout=20)
    params = app.w.of("securityDefinitionOptionParameter")
    assert params and all(p[2] == ud.contract.conId and p[4] == multiplier for p in params)
    exps, strikes = params[0][5], params[0][6]
    assert exps and all(e >= "20270310" for e in exps) and len(strikes) >= 10
    # one of the chain's options resolves and quotes
    sec = "FOP" if sec_type == "FUT" else "OPT"
    strike = sorted(strikes)[len(strikes) // 2]
    opt = contract(symbol=symbol, secType=sec, exchange=params[0][1], currency="USD",
                   lastTradeDateOrContractMonth=sorted(exps)[0], strike=strike, right="C", multiplier=multiplier)
    (od,) = details(app, 3, opt)
    assert od.underConId == ud.contract.conId and od.contract.multiplier == multiplier
    app.c.reqMktData(4, od.contract, "", True, False, [])
    app.w.wait_for(lambda: any(t[0] == 4 for t in app.w.of("tickSnapshotEnd")), timeout=20)
    prices = {t[1]: t[2] for t in app.w.of("tickPrice") if t[0] == 4}
    assert prices.get(1, 0) > 0 and prices.get(2, 0) >= prices[1]
    assert errors(app) == []


@pytest.mark.parametrize("name", ["EUR.GBP", "BMW on IBIS", "ZN front", "crypto ETH", "commodity", "CFD"])
def test_market_data_and_history_for_sample_contracts(app: App, name: str) -> None:
    c = SAMPLES[name][0]
    app.c.reqMktData(1, c, "", True, False, [])
    app.w.wait_for("tickSnapshotEnd", timeout=20)
    prices = {t[1]: t[2] for t in app.w.of("tickPrice") if t[0] == 1}
    assert prices.get(1, 0) > 0 and prices.get(2, 0) > prices[1]
    app.c.reqHistoricalData(2, c, "", "2 D", "1 hour", "MIDPOINT", 0, 1, False, [])
    app.w.wait_for("historicalDataEnd", timeout=20)
    bars = [b for r, b in app.w.of("historicalData") if r == 2]
    assert len(bars) >= 24 and all(b.low <= b.close <= b.high for b in bars)
    assert errors(app) == []


@pytest.mark.parametrize("version", [176, 226])
def test_combo_contracts_quote_and_trade(version: int) -> None:
    with Simulator(tick_interval=None, server_version=version, clock=CLOCK) as sim:
        app = App()
        app.connect(sim.port, 1)
        app.w.wait_for(lambda: len(app.w.of("error")) >= 3, timeout=20)
        try:
            _combo(app)
        finally:
            app.close()


def _combo(app: App) -> None:
    bag = contract(symbol="IBKR,MCD", secType="BAG", currency="USD", exchange="SMART")
    for con_id, action in ((43645865, "BUY"), (9408, "SELL")):
        leg = ComboLeg()
        leg.conId, leg.ratio, leg.action, leg.exchange = con_id, 1, action, "SMART"
        bag.comboLegs.append(leg)
    app.c.reqMktData(1, bag, "", True, False, [])
    app.w.wait_for("tickSnapshotEnd", timeout=20)
    assert any(t[0] == 1 and t[1] in (1, 2) for t in app.w.of("tickPrice"))
    app.c.reqHistoricalData(3, bag, "", "1 D", "1 hour", "TRADES", 0, 1, False, [])
    app.w.wait_for("historicalDataEnd", timeout=20)
    assert [r for r, _ in app.w.of("historicalData")].count(3) >= 7
    from test_sim_engine import order

    app.c.placeOrder(7, bag, order("BUY", "MKT", 1))
    app.w.wait_for(lambda: any(s[0] == 7 and s[1] == "Filled" for s in app.w.of("orderStatus")), timeout=20)
    echoed = next(x for x in app.w.of("openOrder") if x[0] == 7)[1]
    assert echoed.secType == "BAG" and [leg.conId for leg in echoed.comboLegs] == [43645865, 9408]
    # the fill is positions in the legs: long IBKR, short MCD
    app.c.reqPositions()
    app.w.wait_for("positionEnd", timeout=20)
    held = {p[1].conId: p[2] for p in app.w.of("position")}
    assert held == {43645865: 1, 9408: -1}
    unknown = contract(symbol="X", secType="BAG", currency="USD", exchange="SMART")
    leg = ComboLeg()
    leg.conId, leg.ratio, leg.action = 1, 1, "BUY"
    unknown.comboLegs.append(leg)
    app.c.reqMktData(2, unknown, "", True, False, [])
    app.w.wait_for(lambda: any(e[0] == 2 for e in app.w.of("error")), timeout=20)
    assert errors(app) == [(2, 200)]


@pytest.mark.parametrize("version", [176, 226])
def test_news_feeds_and_news_ticks(version: int) -> None:
    with Simulator(tick_interval=None, server_version=version, clock=CLOCK) as sim:
        app = App()
        app.connect(sim.port, 1)
        app.w.wait_for(lambda: len(app.w.of("error")) >= 3, timeout=20)
        (feed,) = details(app, 1, contract(secType="NEWS", exchange="BRFG"))
        assert feed.contract.symbol == "BRFG:BRFG_ALL"
        app.c.reqMktData(2, contract(symbol="BZ:BZ_ALL", secType="NEWS", exchange="BZ"), "mdoff,292", False, False, [])
        aapl = contract(symbol="AAPL", secType="STK", exchange="SMART", currency="USD")
        app.c.reqMktData(3, aapl, "mdoff,292:BRFG+DJNL", False, False, [])
        app.w.wait_for(lambda: len(app.w.of("tickNews")) == 9, timeout=20)
        news = app.w.of("tickNews")
        assert {(n[0], n[2]) for n in news} == {(2, "BZ"), (3, "BRFG"), (3, "DJNL")}
        assert all(n[1] <= int(CLOCK.timestamp() * 1000) + 60_000 and n[3] and n[4] for n in news)
        assert [t for t in app.w.of("tickPrice") if t[0] in (2, 3)] == []  # market data off: headlines only
        assert errors(app) == []
        app.close()


@pytest.mark.parametrize("version", [176, 190, 226])
def test_a_mutual_fund_has_its_fund_details(version: int) -> None:
    with Simulator(tick_interval=None, server_version=version, clock=CLOCK) as sim:
        app = App()
        app.connect(sim.port, 1)
        app.w.wait_for(lambda: len(app.w.of("error")) >= 3, timeout=20)
        (cd,) = details(app, 1, contract(symbol="VINIX", secType="FUND", exchange="FUNDSERV", currency="USD"))
        assert errors(app) == []
        if version >= 179:  # the fund fields travel from server 179
            assert (cd.fundFamily, cd.fundManagementFee, cd.fundMinimumInitialPurchase) == ("Vanguard", "0.035",
                                                                                           "5000000")
            assert cd.fundDistributionPolicyIndicator.name == "IncomeFund" and cd.fundAssetType.name == "Equity"
        else:
            assert cd.fundFamily == ""
        app.close()
