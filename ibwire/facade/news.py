"""News and scanners: providers, articles, historical headlines, bulletins; scans, one-off or streaming."""

from __future__ import annotations

import datetime as _dt
import logging
from concurrent.futures import Future
from typing import TYPE_CHECKING

from ..model import ContractDetails, NewsProvider, ScanData, ScannerSubscription, TagValue
from ..wrapper import EWrapper
from ._core import Core, awaitable, blocking
from ._time import parseIBDatetime, to_ib_datetime
from .contract import details_as_shown
from .events import Event
from .objects import HistoricalNews, NewsArticle, NewsBulletin, ScanDataList

if TYPE_CHECKING:
    from .ib import IB

__all__: list[str] = []

logger = logging.getLogger("ibwire.ib")


def _news_time(text: str) -> _dt.datetime:
    """A headline's time ("2026-11-24 15:30:00.0", IB's form, or epoch) as an aware UTC datetime."""
    try:
        t = parseIBDatetime(text.replace("-", "").replace(".0", "") if text[:4].isdigit() and "-" in text[:8]
                            else text)
    except ValueError:
        logger.warning("unreadable news time %r", text)
        return _dt.datetime.fromtimestamp(0, _dt.timezone.utc)
    if not isinstance(t, _dt.datetime):
        t = _dt.datetime(t.year, t.month, t.day)
    return t.replace(tzinfo=_dt.timezone.utc) if t.tzinfo is None else t.astimezone(_dt.timezone.utc)


class NewsCallbacks(EWrapper):
    """News and scanner answers."""

    ib: IB

    def newsProviders(self, newsProviders: list[NewsProvider]) -> None:
        self.ib._finish("newsProviders", list(newsProviders))

    def newsArticle(self, requestId: int, articleType: int, articleText: str) -> None:
        self.ib._finish(requestId, NewsArticle(articleType, articleText))

    def historicalNews(self, requestId: int, time: str, providerCode: str, articleId: str, headline: str) -> None:
        self.ib._add(requestId, HistoricalNews(_news_time(time), providerCode, articleId, headline))

    def historicalNewsEnd(self, requestId: int, hasMore: bool) -> None:
        self.ib._finish(requestId)

    def updateNewsBulletin(self, msgId: int, msgType: int, newsMessage: str, originExch: str) -> None:
        bulletin = NewsBulletin(msgId, msgType, newsMessage, originExch)
        self.ib._bulletins[msgId] = bulletin
        self.ib.newsBulletinEvent.emit(bulletin)

    def scannerParameters(self, xml: str) -> None:
        self.ib._finish("scannerParameters", xml)

    def scannerData(self, reqId: int, rank: int, contractDetails: ContractDetails, distance: str, benchmark: str,
                    projection: str, legsStr: str) -> None:
        row = ScanData()
        row.rank, row.distance, row.benchmark, row.projection, row.legsStr = \
            rank, distance, benchmark, projection, legsStr
        row.contract = details_as_shown(contractDetails)
        ib = self.ib
        live = ib._scans.get(reqId)
        if live is not None:
            if reqId not in ib._scans_filling:  # the first row of a new scan replaces the last one
                ib._scans_filling.add(reqId)
                live.clear()
            live.append(row)
        else:
            ib._add(reqId, row)

    def scannerDataEnd(self, reqId: int) -> None:
        ib = self.ib
        live = ib._scans.get(reqId)
        if live is not None:
            if reqId not in ib._scans_filling:  # a scan with no rows
                live.clear()
            ib._scans_filling.discard(reqId)
            ib.scannerDataEvent.emit(live)
            live.updateEvent.emit(live)
            return
        p = ib._get(reqId)
        if p is not None:  # a one-off scan: its subscription ends with its first answer
            ib.client.cancelScannerSubscription(reqId)
            rows = ScanDataList(p.items, reqId=reqId, subscription=p.variant[0], scannerSubscriptionOptions=p.variant[1],
                                scannerSubscriptionFilterOptions=p.variant[2])
            ib.scannerDataEvent.emit(rows)
            ib._finish(reqId, rows)  # after the event: the caller returns to handlers that saw the rows


class NewsMixin(Core):
    """News and market scanners."""

    def __init__(self) -> None:
        super().__init__()
        self.newsBulletinEvent = Event("newsBulletinEvent")
        self.scannerDataEvent = Event("scannerDataEvent")

    def _reset(self) -> None:
        super()._reset()
        self._bulletins: dict[int, NewsBulletin] = {}
        self._scans: dict[int, ScanDataList] = {}
        self._scans_filling: set[int] = set()  # live scans whose rows are arriving
        self._bulletin_sub: bool | None = None  # allMessages of the live bulletin subscription

    def _is_stream(self, reqId: int) -> bool:
        return reqId in self._scans or super()._is_stream(reqId)

    def _resubscribe_streams(self, reconnected: bool) -> None:
        super()._resubscribe_streams(reconnected)
        c = self.client
        self._renumber(self._scans, None if reconnected else lambda old, s: c.cancelScannerSubscription(old),
                       self._send_scan)
        if reconnected and self._bulletin_sub is not None:
            c.reqNewsBulletins(self._bulletin_sub)

    def _send_scan(self, req: int, rows: ScanDataList) -> None:
        rows.reqId = req
        self.client.reqScannerSubscription(req, rows.subscription, rows.scannerSubscriptionOptions,
                                           rows.scannerSubscriptionFilterOptions)

    # --- news -----------------------------------------------------------------------------------------

    def reqNewsProvidersFuture(self) -> Future[list[NewsProvider]]:
        """The news providers of the account (code and name)."""
        return self._request(lambda _: self.client.reqNewsProviders(), key="newsProviders")

    reqNewsProviders = blocking(reqNewsProvidersFuture)
    reqNewsProvidersAsync = awaitable(reqNewsProvidersFuture)

    def reqNewsArticleFuture(self, providerCode: str, articleId: str,
                             newsArticleOptions: list[TagValue] | None = None) -> Future[NewsArticle]:
        """The body of a news article (``articleType`` 0 text, 1 base64-encoded PDF)."""
        return self._request(lambda r: self.client.reqNewsArticle(r, providerCode, articleId,
                                                                  newsArticleOptions or []), name="reqNewsArticle")

    reqNewsArticle = blocking(reqNewsArticleFuture)
    reqNewsArticleAsync = awaitable(reqNewsArticleFuture)

    def reqHistoricalNewsFuture(self, conId: int, providerCodes: str, startDateTime: str | _dt.date,
                                endDateTime: str | _dt.date, totalResults: int,
                                historicalNewsOptions: list[TagValue] | None = None) -> Future[list[HistoricalNews]]:
        """Headlines of a contract between two times (``datetime``, ``date`` or IB's text), newest first;
        ``providerCodes`` like ``"BRFG+DJNL"``."""
        start, end = to_ib_datetime(startDateTime), to_ib_datetime(endDateTime)
        return self._request(lambda r: self.client.reqHistoricalNews(
            r, conId, providerCodes, start, end, totalResults, historicalNewsOptions or []), name="reqHistoricalNews")

    reqHistoricalNews = blocking(reqHistoricalNewsFuture)
    reqHistoricalNewsAsync = awaitable(reqHistoricalNewsFuture)

    def reqNewsBulletins(self, allMessages: bool) -> None:
        """Subscribe to IB's news bulletins (``newsBulletins()``, ``newsBulletinEvent``); with ``allMessages``
        the day's earlier ones come too."""
        self._require_connected()
        self._bulletin_sub = allMessages
        self._stream(lambda: self.client.reqNewsBulletins(allMessages), lambda: None)

    def cancelNewsBulletins(self) -> None:
        """End the bulletin subscription."""
        self._bulletin_sub = None
        if self.client.isConnected():
            self.client.cancelNewsBulletins()

    def newsBulletins(self) -> list[NewsBulletin]:
        """The bulletins received, one per message id."""
        return list(self._bulletins.values())

    # --- scanners -------------------------------------------------------------------------------------

    def reqScannerParametersFuture(self) -> Future[str]:
        """The XML of every scan code, instrument, location and filter TWS offers."""
        return self._request(lambda _: self.client.reqScannerParameters(), key="scannerParameters",
                             name="reqScannerParameters")

    reqScannerParameters = blocking(reqScannerParametersFuture)
    reqScannerParametersAsync = awaitable(reqScannerParametersFuture)

    def reqScannerDataFuture(self, subscription: ScannerSubscription,
                             scannerSubscriptionOptions: list[TagValue] | None = None,
                             scannerSubscriptionFilterOptions: list[TagValue] | None = None) -> Future[ScanDataList]:
        """One scan: its rows (rank, contractDetails, distance...), then the subscription is cancelled."""
        opts, filters = scannerSubscriptionOptions or [], scannerSubscriptionFilterOptions or []
        return self._request(lambda r: self.client.reqScannerSubscription(r, subscription, opts, filters),
                             name="reqScannerData", variant=(subscription, opts, filters))

    reqScannerData = blocking(reqScannerDataFuture)
    reqScannerDataAsync = awaitable(reqScannerDataFuture)

    def reqScannerSubscription(self, subscription: ScannerSubscription,
                               scannerSubscriptionOptions: list[TagValue] | None = None,
                               scannerSubscriptionFilterOptions: list[TagValue] | None = None) -> ScanDataList:
        """A live scan: a :class:`ScanDataList` whose rows are replaced at each new scan
        (``updateEvent(rows)``, ``scannerDataEvent``) until ``cancelScannerSubscription``."""
        self._require_connected()
        req = self._req_id()
        rows = ScanDataList(reqId=req, subscription=subscription,
                            scannerSubscriptionOptions=scannerSubscriptionOptions or [],
                            scannerSubscriptionFilterOptions=scannerSubscriptionFilterOptions or [])
        self._scans[req] = rows
        self._stream(lambda: self._send_scan(req, rows), lambda: self._scans.pop(req, None))
        return rows

    def cancelScannerSubscription(self, dataList: ScanDataList) -> None:
        """End a live scan from ``reqScannerSubscription``."""
        if self._scans.pop(dataList.reqId, None) is not None and self.client.isConnected():
            self.client.cancelScannerSubscription(dataList.reqId)
