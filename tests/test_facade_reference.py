"""Reference data, news and scanners through the IB facade, on the simulator over real sockets."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator

import pytest

from ibwire import IB, Contract, Option, RequestError, Stock
from ibwire.facade.objects import HistoricalNews, NewsArticle, NewsBulletin, OptionChain, ScanDataList
from ibwire.model import (
    ContractDescription,
    FamilyCode,
    PriceIncrement,
    ScanData,
    ScannerSubscription,
    SmartComponent,
    WshEventData,
)
from ibwire.sim import Simulator

CLOCK = dt.datetime(2026, 11, 24, 15, 30, 12, tzinfo=dt.timezone.utc)


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(tick_interval=None, clock=CLOCK) as s:
        yield s


@pytest.fixture
def ib(sim: Simulator) -> Iterator[IB]:
    ib = IB()
    ib.RequestTimeout = 10
    ib.connect("127.0.0.1", sim.port, clientId=3)
    yield ib
    ib.disconnect()


def wait(pred: object, timeout: float = 5.0) -> None:
    import time

    end = time.monotonic() + timeout
    while not pred():  # type: ignore[operator]
        assert time.monotonic() < end, "condition not reached"
        time.sleep(0.01)


def test_qualify_keeps_each_contracts_place_and_smart(ib: IB) -> None:
    aapl, nope, msft = Stock("AAPL", "SMART", "USD"), Stock("NOPE"), Stock("MSFT")
    assert ib.qualifyContracts(aapl, nope, msft) == [aapl, None, msft]
    assert aapl.conId == 265598 and aapl.exchange == "SMART" and aapl.primaryExchange
    assert msft.conId == 272093 and nope.conId == 0


def test_qualify_ambiguous_gives_none_or_the_candidates(ib: IB) -> None:
    many = Option("AAPL", exchange="SMART")
    assert ib.qualifyContracts(many) == [None]
    [candidates] = ib.qualifyContracts(Option("AAPL", exchange="SMART"), returnAll=True)
    assert isinstance(candidates, list) and len(candidates) > 1
    assert all(isinstance(c, Contract) and c.secType == "OPT" and c.conId for c in candidates)


def test_qualify_async_and_future(ib: IB) -> None:
    a, b = Stock("AAPL"), Stock("MSFT")
    assert ib.qualifyContractsFuture(a).result(5) == [a]

    async def main() -> list[Contract | None]:
        return await ib.qualifyContractsAsync(b)

    assert asyncio.run(main()) == [b] and b.conId == 272093


def test_reference_results_are_typed(ib: IB) -> None:
    chains = ib.reqSecDefOptParams("AAPL", "", "STK", 265598)
    assert chains and all(isinstance(c, OptionChain) for c in chains)
    assert chains[0].expirations == sorted(chains[0].expirations) and chains[0].underlyingConId == 265598
    assert all(isinstance(d, ContractDescription) for d in ib.reqMatchingSymbols("MS"))
    assert all(isinstance(p, PriceIncrement) for p in ib.reqMarketRule(26))
    assert all(isinstance(f, FamilyCode) for f in ib.reqFamilyCodes())
    comps = ib.reqSmartComponents("9c0001")
    assert comps and all(isinstance(c, SmartComponent) and c.exchange for c in comps)
    assert "ListOfAccountAliases" in ib.requestFA(3)


def test_fundamentals_refused_as_tws_does_then_served(ib: IB, sim: Simulator) -> None:
    with pytest.raises(RequestError) as e:
        ib.reqFundamentalData(Stock("AAPL"), "ReportSnapshot")
    assert e.value.code == 430
    sim.fundamentals = True
    xml = ib.reqFundamentalData(Stock("AAPL"), "ReportsFinSummary")
    assert xml.startswith("<?xml") and "<ReportsFinSummary" in xml and "AAPL" in xml
    with pytest.raises(RequestError) as e:
        ib.reqFundamentalData(Stock("NOPE"), "ReportSnapshot")
    assert e.value.code == 200


def test_news_calls_are_typed_with_aware_times(ib: IB) -> None:
    news = ib.reqHistoricalNews(265598, "BRFG", "", "", 3)
    assert len(news) == 3 and all(isinstance(n, HistoricalNews) for n in news)
    assert all(n.time.tzinfo is not None for n in news)
    article = ib.reqNewsArticle("BRFG", news[0].articleId)
    assert isinstance(article, NewsArticle) and article.articleType == 0 and article.articleText
    start = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    assert len(ib.reqHistoricalNews(265598, "BRFG", start, CLOCK, 2)) == 2  # datetimes accepted


def test_news_bulletins(ib: IB) -> None:
    seen: list[NewsBulletin] = []
    ib.newsBulletinEvent += seen.append
    ib.reqNewsBulletins(True)
    wait(lambda: ib.newsBulletins())
    [b] = ib.newsBulletins()
    assert isinstance(b, NewsBulletin) and b.msgId == 1 and b.message and seen == [b]
    ib.cancelNewsBulletins()


def _scan(rows: int = 3) -> ScannerSubscription:
    sub = ScannerSubscription()
    sub.instrument, sub.locationCode, sub.scanCode, sub.numberOfRows = "STK", "STK.US.MAJOR", "MOST_ACTIVE", rows
    return sub


def test_scanner_one_off_and_parameters(ib: IB) -> None:
    rows = ib.reqScannerData(_scan())
    assert isinstance(rows, ScanDataList) and [r.rank for r in rows] == [0, 1, 2]
    assert all(isinstance(r, ScanData) and r.contractDetails.contract.symbol for r in rows)
    assert rows.subscription.scanCode == "MOST_ACTIVE"
    assert "<ScanParameterResponse>" in ib.reqScannerParameters()


def test_scanner_subscription_streams_until_cancelled(ib: IB, sim: Simulator) -> None:
    got: list[ScanDataList] = []
    cancels: list[int] = []
    sim.hooks["cancelScannerSubscription"] = lambda session, req: cancels.append(int(req.message.reqId)) is None
    ib.scannerDataEvent += got.append
    rows = ib.reqScannerSubscription(_scan(2))
    wait(lambda: got)
    assert got[0] is rows and [r.rank for r in rows] == [0, 1]
    ib.cancelScannerSubscription(rows)
    wait(lambda: cancels == [rows.reqId])
    assert rows.reqId not in ib._scans


def test_wsh_calls(ib: IB) -> None:
    metas: list[str] = []
    ib.wshMetaEvent += metas.append
    assert '"validated"' in ib.getWshMetaData()
    ib.reqWshMetaData()
    wait(lambda: len(metas) == 2)
    ib.cancelWshMetaData()
    d = WshEventData()
    d.conId = 265598
    assert ib.getWshEventData(d) == "[]"


def test_replace_fa_confirms(ib: IB) -> None:
    assert ib.replaceFAFuture(1, "<ListOfGroups/>").result(5) == "Success"
    ib.replaceFA(1, "<ListOfGroups/>")  # fire and forget, as ib_async


def test_trading_and_liquid_sessions(ib: IB) -> None:
    [d] = ib.reqContractDetails(Stock("AAPL"))
    d.tradingHours = "20261124:0400-20261124:2000;20261126:CLOSED;20261127:0400-20261127:1300"
    d.liquidHours = "20261124:0930-20261124:1600"
    d.timeZoneId = "US/Eastern"
    s = d.tradingSessions()
    assert [(x.start.isoformat(), x.end.isoformat()) for x in s] == [
        ("2026-11-24T04:00:00-05:00", "2026-11-24T20:00:00-05:00"),
        ("2026-11-27T04:00:00-05:00", "2026-11-27T13:00:00-05:00")]
    [liquid] = d.liquidSessions()
    assert liquid.start.astimezone(dt.timezone.utc).hour == 14 and liquid.end.hour == 16
    d.timeZoneId = ""
    assert d.tradingSessions() == []
