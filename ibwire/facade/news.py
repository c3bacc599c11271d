"""News and scanners."""

from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from ..model import ContractDetails
from ..wrapper import EWrapper
from ._core import Core, awaitable, blocking

if TYPE_CHECKING:
    from .ib import IB


class NewsCallbacks(EWrapper):
    """News and scanner answers."""

    ib: IB

    # reference data
    def newsProviders(self, newsProviders: list[Any]) -> None:
        self.ib._finish("newsProviders", newsProviders)

    def newsArticle(self, requestId: int, articleType: int, articleText: str) -> None:
        self.ib._finish(requestId, {"articleType": articleType, "articleText": articleText})

    def historicalNews(self, requestId: int, time: str, providerCode: str, articleId: str, headline: str) -> None:
        self.ib._add(requestId, {"time": time, "providerCode": providerCode, "articleId": articleId,
                                 "headline": headline})

    def historicalNewsEnd(self, requestId: int, hasMore: bool) -> None:
        self.ib._finish(requestId)

    def scannerData(self, reqId: int, rank: int, contractDetails: ContractDetails, distance: str, benchmark: str,
                    projection: str, legsStr: str) -> None:
        self.ib._add(reqId, {"rank": rank, "contractDetails": contractDetails, "distance": distance})

    def scannerDataEnd(self, reqId: int) -> None:
        ib = self.ib
        if ib._get(reqId) is not None:
            ib.client.cancelScannerSubscription(reqId)
        ib._finish(reqId)


class NewsMixin(Core):
    """News and market scanners."""

    def reqNewsProvidersFuture(self) -> Future[list[Any]]:
        return self._request(lambda _: self.client.reqNewsProviders(), key="newsProviders")

    reqNewsProviders = blocking(reqNewsProvidersFuture)
    reqNewsProvidersAsync = awaitable(reqNewsProvidersFuture)

    def reqNewsArticleFuture(self, providerCode: str, articleId: str) -> Future[dict[str, Any]]:
        return self._request(lambda r: self.client.reqNewsArticle(r, providerCode, articleId, []))

    reqNewsArticle = blocking(reqNewsArticleFuture)
    reqNewsArticleAsync = awaitable(reqNewsArticleFuture)

    def reqHistoricalNewsFuture(self, conId: int, providerCodes: str, startDateTime: str, endDateTime: str,
                                totalResults: int) -> Future[list[dict[str, Any]]]:
        return self._request(lambda r: self.client.reqHistoricalNews(r, conId, providerCodes, startDateTime,
                                                                     endDateTime, totalResults, []))

    reqHistoricalNews = blocking(reqHistoricalNewsFuture)
    reqHistoricalNewsAsync = awaitable(reqHistoricalNewsFuture)

    def reqScannerDataFuture(self, subscription: Any, scannerSubscriptionOptions: list[Any] | None = None,
                             scannerSubscriptionFilterOptions: list[Any] | None = None) -> Future[list[dict[str, Any]]]:
        return self._request(lambda r: self.client.reqScannerSubscription(
            r, subscription, scannerSubscriptionOptions or [], scannerSubscriptionFilterOptions or []))

    reqScannerData = blocking(reqScannerDataFuture)
    reqScannerDataAsync = awaitable(reqScannerDataFuture)
