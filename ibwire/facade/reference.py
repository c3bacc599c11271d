"""Reference data: contract details and qualification, option parameters, market rules, FA, WSH."""

from __future__ import annotations

import copy
import logging
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from ..model import Contract, ContractDetails
from ..wrapper import EWrapper
from ._core import Core, RequestError, _when_all, awaitable, blocking

if TYPE_CHECKING:
    from .ib import IB

logger = logging.getLogger("ibwire.ib")


class ReferenceCallbacks(EWrapper):
    """Answers to reference-data requests."""

    ib: IB

    # contracts
    def contractDetails(self, reqId: int, contractDetails: ContractDetails) -> None:
        self.ib._add(reqId, contractDetails)

    bondContractDetails = contractDetails

    def contractDetailsEnd(self, reqId: int) -> None:
        self.ib._finish(reqId)

    def symbolSamples(self, reqId: int, contractDescriptions: list[Any]) -> None:
        self.ib._finish(reqId, contractDescriptions)

    def securityDefinitionOptionParameter(self, reqId: int, exchange: str, underlyingConId: int, tradingClass: str,
                                          multiplier: str, expirations: set[str], strikes: set[float]) -> None:
        self.ib._add(reqId, {"exchange": exchange, "underlyingConId": underlyingConId, "tradingClass": tradingClass,
                             "multiplier": multiplier, "expirations": sorted(expirations),
                             "strikes": sorted(strikes)})

    def securityDefinitionOptionParameterEnd(self, reqId: int) -> None:
        self.ib._finish(reqId)

    def marketRule(self, marketRuleId: int, priceIncrements: list[Any]) -> None:
        self.ib._finish(("marketRule", marketRuleId), priceIncrements)

    def userInfo(self, reqId: int, whiteBrandingId: str) -> None:
        self.ib._finish(reqId, whiteBrandingId)

    def familyCodes(self, familyCodes: list[Any]) -> None:
        self.ib._finish("familyCodes", familyCodes)

    def softDollarTiers(self, reqId: int, tiers: list[Any]) -> None:
        self.ib._finish(reqId, tiers)

    def mktDepthExchanges(self, depthMktDataDescriptions: list[Any]) -> None:
        self.ib._finish("mktDepthExchanges", depthMktDataDescriptions)

    def smartComponents(self, reqId: int, smartComponentMap: Any) -> None:
        self.ib._finish(reqId, smartComponentMap)

    def receiveFA(self, faData: int, cxml: str) -> None:
        self.ib._finish(("fa", faData), cxml)

    def wshMetaData(self, reqId: int, dataJson: str) -> None:
        self.ib._finish(reqId, dataJson)

    def wshEventData(self, reqId: int, dataJson: str) -> None:
        self.ib._finish(reqId, dataJson)


class ReferenceMixin(Core):
    """Requests about contracts, exchanges and the account's setup."""

    def reqContractDetailsFuture(self, contract: Contract) -> Future[list[ContractDetails]]:
        return self._request(lambda r: self.client.reqContractDetails(r, contract), name="reqContractDetails")

    reqContractDetails = blocking(reqContractDetailsFuture)
    reqContractDetailsAsync = awaitable(reqContractDetailsFuture)

    def qualifyContractsFuture(self, *contracts: Contract) -> Future[list[Contract]]:
        """Fill in each contract from its details (conId and all); returns the ones that resolved to one."""
        def qualify(futures: list[Future[Any]]) -> list[Contract]:
            qualified = []
            for c, f in zip(contracts, futures):
                try:
                    details = f.result()
                except RequestError as e:
                    if e.code != 200:
                        raise
                    logger.warning("cannot qualify %s: %s", c.symbol or c.conId, e)  # unknown: stays unqualified
                    continue
                # a timeout or a lost connection propagates: the caller must know
                if len(details) != 1:
                    logger.warning("%s is ambiguous: %d matches", c.symbol, len(details))
                    continue
                found = details[0].contract
                for attr, val in vars(found).items():
                    setattr(c, attr, copy.copy(val))
                qualified.append(c)
            return qualified

        return _when_all([self.reqContractDetailsFuture(c) for c in contracts], qualify)

    qualifyContracts = blocking(qualifyContractsFuture)
    qualifyContractsAsync = awaitable(qualifyContractsFuture)

    def reqMatchingSymbolsFuture(self, pattern: str) -> Future[list[Any]]:
        return self._request(lambda r: self.client.reqMatchingSymbols(r, pattern), name="reqMatchingSymbols")

    reqMatchingSymbols = blocking(reqMatchingSymbolsFuture)
    reqMatchingSymbolsAsync = awaitable(reqMatchingSymbolsFuture)

    def reqSecDefOptParamsFuture(self, underlyingSymbol: str, futFopExchange: str, underlyingSecType: str,
                                 underlyingConId: int) -> Future[list[dict[str, Any]]]:
        return self._request(lambda r: self.client.reqSecDefOptParams(r, underlyingSymbol, futFopExchange,
                                                                      underlyingSecType, underlyingConId))

    reqSecDefOptParams = blocking(reqSecDefOptParamsFuture)
    reqSecDefOptParamsAsync = awaitable(reqSecDefOptParamsFuture)

    def reqMarketRuleFuture(self, marketRuleId: int) -> Future[list[Any]]:
        return self._request(lambda _: self.client.reqMarketRule(marketRuleId), key=("marketRule", marketRuleId))

    reqMarketRule = blocking(reqMarketRuleFuture)
    reqMarketRuleAsync = awaitable(reqMarketRuleFuture)

    def reqUserInfoFuture(self) -> Future[str]:
        return self._request(lambda r: self.client.reqUserInfo(r))

    reqUserInfo = blocking(reqUserInfoFuture)
    reqUserInfoAsync = awaitable(reqUserInfoFuture)

    def reqFamilyCodesFuture(self) -> Future[list[Any]]:
        return self._request(lambda _: self.client.reqFamilyCodes(), key="familyCodes")

    reqFamilyCodes = blocking(reqFamilyCodesFuture)
    reqFamilyCodesAsync = awaitable(reqFamilyCodesFuture)

    def reqSoftDollarTiersFuture(self) -> Future[list[Any]]:
        return self._request(lambda r: self.client.reqSoftDollarTiers(r))

    reqSoftDollarTiers = blocking(reqSoftDollarTiersFuture)
    reqSoftDollarTiersAsync = awaitable(reqSoftDollarTiersFuture)

    def reqMktDepthExchangesFuture(self) -> Future[list[Any]]:
        return self._request(lambda _: self.client.reqMktDepthExchanges(), key="mktDepthExchanges")

    reqMktDepthExchanges = blocking(reqMktDepthExchangesFuture)
    reqMktDepthExchangesAsync = awaitable(reqMktDepthExchangesFuture)

    def reqSmartComponentsFuture(self, bboExchange: str) -> Future[Any]:
        return self._request(lambda r: self.client.reqSmartComponents(r, bboExchange))

    reqSmartComponents = blocking(reqSmartComponentsFuture)
    reqSmartComponentsAsync = awaitable(reqSmartComponentsFuture)

    def requestFAFuture(self, faDataType: int) -> Future[str]:
        return self._request(lambda _: self.client.requestFA(faDataType), key=("fa", faDataType))

    requestFA = blocking(requestFAFuture)
    requestFAAsync = awaitable(requestFAFuture)

    def reqWshMetaDataFuture(self) -> Future[str]:
        return self._request(lambda r: self.client.reqWshMetaData(r))

    reqWshMetaData = blocking(reqWshMetaDataFuture)
    reqWshMetaDataAsync = awaitable(reqWshMetaDataFuture)

    def reqWshEventDataFuture(self, data: Any) -> Future[str]:
        return self._request(lambda r: self.client.reqWshEventData(r, data))

    reqWshEventData = blocking(reqWshEventDataFuture)
    reqWshEventDataAsync = awaitable(reqWshEventDataFuture)
