"""Reference data: contract details and qualification, option chains, market rules, FA, WSH, fundamentals."""

from __future__ import annotations

import copy
import logging
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Literal, overload

from ..model import (
    Contract,
    ContractDescription,
    ContractDetails,
    DepthMktDataDescription,
    FamilyCode,
    PriceIncrement,
    SmartComponent,
    SoftDollarTier,
    TagValue,
    WshEventData,
)
from ..wrapper import EWrapper
from ._core import Core, RequestError, _when_all, awaitable, blocking
from .events import Event
from .contract import as_shown, details_as_shown
from .objects import OptionChain

if TYPE_CHECKING:
    from .ib import IB

__all__: list[str] = []

logger = logging.getLogger("ibwire.ib")

#: TWS's answer to a contract it does not know
_UNKNOWN_CONTRACT = 200


class ReferenceCallbacks(EWrapper):
    """Answers to reference-data requests."""

    ib: IB

    def contractDetails(self, reqId: int, contractDetails: ContractDetails) -> None:
        self.ib._add(reqId, details_as_shown(contractDetails))

    bondContractDetails = contractDetails

    def contractDetailsEnd(self, reqId: int) -> None:
        self.ib._finish(reqId)

    def symbolSamples(self, reqId: int, contractDescriptions: list[ContractDescription]) -> None:
        for d in contractDescriptions:
            if d.contract is not None:
                as_shown(d.contract)
        self.ib._finish(reqId, list(contractDescriptions))

    def securityDefinitionOptionParameter(self, reqId: int, exchange: str, underlyingConId: int, tradingClass: str,
                                          multiplier: str, expirations: set[str], strikes: set[float]) -> None:
        self.ib._add(reqId, OptionChain(exchange, underlyingConId, tradingClass, multiplier, sorted(expirations),
                                        sorted(strikes)))

    def securityDefinitionOptionParameterEnd(self, reqId: int) -> None:
        self.ib._finish(reqId)

    def marketRule(self, marketRuleId: int, priceIncrements: list[PriceIncrement]) -> None:
        self.ib._finish(("marketRule", marketRuleId), list(priceIncrements))

    def userInfo(self, reqId: int, whiteBrandingId: str) -> None:
        self.ib._finish(reqId, whiteBrandingId)

    def familyCodes(self, familyCodes: list[FamilyCode]) -> None:
        self.ib._finish("familyCodes", list(familyCodes))

    def softDollarTiers(self, reqId: int, tiers: list[SoftDollarTier]) -> None:
        self.ib._finish(reqId, list(tiers))

    def mktDepthExchanges(self, depthMktDataDescriptions: list[DepthMktDataDescription]) -> None:
        self.ib._finish("mktDepthExchanges", list(depthMktDataDescriptions))

    def smartComponents(self, reqId: int, smartComponentMap: list[SmartComponent]) -> None:  # type: ignore[override]
        self.ib._finish(reqId, list(smartComponentMap))

    def receiveFA(self, faData: int, cxml: str) -> None:
        self.ib._finish(("fa", faData), cxml)

    def replaceFAEnd(self, reqId: int, text: str) -> None:
        self.ib._finish(reqId, text)

    def fundamentalData(self, reqId: int, data: str) -> None:
        self.ib._finish(reqId, data)

    def wshMetaData(self, reqId: int, dataJson: str) -> None:
        self.ib.wshMetaEvent.emit(dataJson)
        self.ib._finish(reqId, dataJson)

    def wshEventData(self, reqId: int, dataJson: str) -> None:
        self.ib.wshEvent.emit(dataJson)
        self.ib._finish(reqId, dataJson)


def _adopt(contract: Contract, found: Contract) -> Contract:
    """Fill ``contract`` in place from ``found`` (a SMART exchange asked for stays SMART)."""
    smart = contract.exchange == "SMART"
    for attr, val in vars(found).items():
        setattr(contract, attr, copy.copy(val))
    if smart:
        contract.exchange = "SMART"
    return contract


class ReferenceMixin(Core):
    """Requests about contracts, exchanges and the account's setup."""

    def __init__(self) -> None:
        super().__init__()
        self.wshMetaEvent = Event("wshMetaEvent")
        self.wshEvent = Event("wshEvent")

    def _reset(self) -> None:
        super()._reset()
        self._wsh_meta_req = 0
        self._wsh_event_req = 0

    def reqContractDetailsFuture(self, contract: Contract) -> Future[list[ContractDetails]]:
        """Every contract matching ``contract``, with its details (empty: none matches)."""
        return self._request(lambda r: self.client.reqContractDetails(r, contract), name="reqContractDetails")

    reqContractDetails = blocking(reqContractDetailsFuture)
    reqContractDetailsAsync = awaitable(reqContractDetailsFuture)

    def _qualify(self, contracts: tuple[Contract, ...],
                 returnAll: bool) -> Future[list[Contract | list[Contract] | None]]:
        def qualify(futures: list[Future[list[ContractDetails]]]) -> list[Contract | list[Contract] | None]:
            out: list[Contract | list[Contract] | None] = []
            for c, f in zip(contracts, futures):
                try:
                    details = f.result()
                except RequestError as e:
                    # a timeout or a lost connection propagates: the caller must know
                    if e.code != _UNKNOWN_CONTRACT:
                        raise
                    details = []
                found = [d.contract for d in details if d.contract is not None]
                if len(found) > 1 and c.secType:
                    # TWS may add contracts of another kind (EC beside FOP): keep the kind asked for
                    same = [x for x in found if x.secType == c.secType]
                    found = same if len(same) == 1 else found
                if len(found) == 1:
                    out.append(_adopt(c, found[0]))
                elif not found:
                    logger.warning("unknown contract: %r", c)
                    out.append(None)
                else:
                    logger.warning("ambiguous contract: %r, %d matches", c, len(found))
                    out.append(found if returnAll else None)
            return out

        return _when_all([self.reqContractDetailsFuture(c) for c in contracts], qualify)

    @overload
    def qualifyContractsFuture(self, *contracts: Contract,
                               returnAll: Literal[False] = False) -> Future[list[Contract | None]]: ...

    @overload
    def qualifyContractsFuture(self, *contracts: Contract,
                               returnAll: bool) -> Future[list[Contract | list[Contract] | None]]: ...

    def qualifyContractsFuture(self, *contracts: Contract,
                               returnAll: bool = False) -> Future[list[Any]]:
        """Fill in each contract, in place, from its details (conId and all; an exchange of SMART stays).

        The result has one entry per contract, in order: the contract itself once qualified, None for a
        contract TWS does not know (error 200, logged) or one that matches several (logged; with
        ``returnAll`` the list of candidates instead). A timeout or a lost connection raises.
        """
        return self._qualify(contracts, returnAll)

    @overload
    def qualifyContracts(self, *contracts: Contract, returnAll: Literal[False] = False) -> list[Contract | None]: ...

    @overload
    def qualifyContracts(self, *contracts: Contract, returnAll: bool) -> list[Contract | list[Contract] | None]: ...

    def qualifyContracts(self, *contracts: Contract, returnAll: bool = False) -> list[Any]:
        """Blocking :meth:`qualifyContractsFuture`."""
        return self._wait(self._qualify(contracts, returnAll))

    @overload
    async def qualifyContractsAsync(self, *contracts: Contract,
                                    returnAll: Literal[False] = False) -> list[Contract | None]: ...

    @overload
    async def qualifyContractsAsync(self, *contracts: Contract,
                                    returnAll: bool) -> list[Contract | list[Contract] | None]: ...

    async def qualifyContractsAsync(self, *contracts: Contract, returnAll: bool = False) -> list[Any]:
        """Awaitable :meth:`qualifyContractsFuture`."""
        import asyncio

        return await asyncio.wrap_future(self._qualify(contracts, returnAll))

    def reqMatchingSymbolsFuture(self, pattern: str) -> Future[list[ContractDescription]]:
        """Contracts whose symbol or name starts like ``pattern``."""
        return self._request(lambda r: self.client.reqMatchingSymbols(r, pattern), name="reqMatchingSymbols")

    reqMatchingSymbols = blocking(reqMatchingSymbolsFuture)
    reqMatchingSymbolsAsync = awaitable(reqMatchingSymbolsFuture)

    def reqSecDefOptParamsFuture(self, underlyingSymbol: str, futFopExchange: str, underlyingSecType: str,
                                 underlyingConId: int) -> Future[list[OptionChain]]:
        """The option chains of an underlying: one :class:`OptionChain` per exchange and trading class."""
        return self._request(lambda r: self.client.reqSecDefOptParams(r, underlyingSymbol, futFopExchange,
                                                                      underlyingSecType, underlyingConId),
                             name="reqSecDefOptParams")

    reqSecDefOptParams = blocking(reqSecDefOptParamsFuture)
    reqSecDefOptParamsAsync = awaitable(reqSecDefOptParamsFuture)

    def reqMarketRuleFuture(self, marketRuleId: int) -> Future[list[PriceIncrement]]:
        """The price increments of a market rule (the ids come with contract details)."""
        return self._request(lambda _: self.client.reqMarketRule(marketRuleId), key=("marketRule", marketRuleId))

    reqMarketRule = blocking(reqMarketRuleFuture)
    reqMarketRuleAsync = awaitable(reqMarketRuleFuture)

    def reqUserInfoFuture(self) -> Future[str]:
        """The white-branding id of the user ('' for IB's own)."""
        return self._request(lambda r: self.client.reqUserInfo(r), name="reqUserInfo")

    reqUserInfo = blocking(reqUserInfoFuture)
    reqUserInfoAsync = awaitable(reqUserInfoFuture)

    def reqFamilyCodesFuture(self) -> Future[list[FamilyCode]]:
        """The family codes of the accounts."""
        return self._request(lambda _: self.client.reqFamilyCodes(), key="familyCodes")

    reqFamilyCodes = blocking(reqFamilyCodesFuture)
    reqFamilyCodesAsync = awaitable(reqFamilyCodesFuture)

    def reqSoftDollarTiersFuture(self) -> Future[list[SoftDollarTier]]:
        """The soft-dollar tiers of the account."""
        return self._request(lambda r: self.client.reqSoftDollarTiers(r), name="reqSoftDollarTiers")

    reqSoftDollarTiers = blocking(reqSoftDollarTiersFuture)
    reqSoftDollarTiersAsync = awaitable(reqSoftDollarTiersFuture)

    def reqMktDepthExchangesFuture(self) -> Future[list[DepthMktDataDescription]]:
        """The exchanges that offer market depth."""
        return self._request(lambda _: self.client.reqMktDepthExchanges(), key="mktDepthExchanges")

    reqMktDepthExchanges = blocking(reqMktDepthExchangesFuture)
    reqMktDepthExchangesAsync = awaitable(reqMktDepthExchangesFuture)

    def reqSmartComponentsFuture(self, bboExchange: str) -> Future[list[SmartComponent]]:
        """The exchanges behind a SMART routing code (a market-data ``bboExchange``)."""
        return self._request(lambda r: self.client.reqSmartComponents(r, bboExchange), name="reqSmartComponents")

    reqSmartComponents = blocking(reqSmartComponentsFuture)
    reqSmartComponentsAsync = awaitable(reqSmartComponentsFuture)

    def requestFAFuture(self, faDataType: int) -> Future[str]:
        """The FA configuration XML: 1 groups, 3 account aliases."""
        return self._request(lambda _: self.client.requestFA(faDataType), key=("fa", faDataType))

    requestFA = blocking(requestFAFuture)
    requestFAAsync = awaitable(requestFAFuture)

    def replaceFAFuture(self, faDataType: int, xml: str) -> Future[str]:
        """Replace the FA configuration; the Future gives TWS's confirmation text."""
        return self._request(lambda r: self.client.replaceFA(r, faDataType, xml), name="replaceFA")

    def replaceFA(self, faDataType: int, xml: str) -> None:
        """Replace the FA configuration (sent; TWS confirms later, see :meth:`replaceFAFuture`)."""
        self._require_connected()
        err = self._send(lambda: self.client.replaceFA(self._req_id(), faDataType, xml))
        if err is not None:
            raise err

    def reqFundamentalDataFuture(self, contract: Contract, reportType: str,
                                 fundamentalDataOptions: list[TagValue] | None = None) -> Future[str]:
        """A fundamental data report as XML (ReportSnapshot, ReportsFinSummary, ReportsFinStatements, RESC...).

        IB withdrew fundamentals from its API (ibapi 10.47 dropped the call): today's TWS refuses with
        error 430, which raises :class:`RequestError`; a server that still has them answers.
        """
        return self._request(lambda r: self.client.reqFundamentalData(r, contract, reportType,
                                                                      fundamentalDataOptions or []),
                             name="reqFundamentalData")

    reqFundamentalData = blocking(reqFundamentalDataFuture)
    reqFundamentalDataAsync = awaitable(reqFundamentalDataFuture)

    # --- Wall Street Horizon -------------------------------------------------------------------------

    def reqWshMetaData(self) -> None:
        """Ask for WSH metadata; it arrives as ``wshMetaEvent(json)`` (:meth:`getWshMetaData` waits for it)."""
        if self._wsh_meta_req:
            logger.warning("reqWshMetaData already active")
            return
        self._require_connected()
        self._wsh_meta_req = req = self._req_id()
        self._stream(lambda: self.client.reqWshMetaData(req), self._forget_wsh_meta)

    def _forget_wsh_meta(self) -> None:
        self._wsh_meta_req = 0

    def cancelWshMetaData(self) -> None:
        req, self._wsh_meta_req = self._wsh_meta_req, 0
        if not req:
            logger.warning("reqWshMetaData not active")
        elif self.client.isConnected():
            self.client.cancelWshMetaData(req)

    def reqWshEventData(self, data: WshEventData) -> None:
        """Ask for WSH event data; it arrives as ``wshEvent(json)`` (:meth:`getWshEventData` waits for it)."""
        if self._wsh_event_req:
            logger.warning("reqWshEventData already active")
            return
        self._require_connected()
        self._wsh_event_req = req = self._req_id()
        self._stream(lambda: self.client.reqWshEventData(req, data), self._forget_wsh_event)

    def _forget_wsh_event(self) -> None:
        self._wsh_event_req = 0

    def cancelWshEventData(self) -> None:
        req, self._wsh_event_req = self._wsh_event_req, 0
        if not req:
            logger.warning("reqWshEventData not active")
        elif self.client.isConnected():
            self.client.cancelWshEventData(req)

    def getWshMetaDataFuture(self) -> Future[str]:
        """WSH metadata (the filters and event types) as JSON."""
        return self._request(lambda r: self.client.reqWshMetaData(r), name="getWshMetaData")

    getWshMetaData = blocking(getWshMetaDataFuture)
    getWshMetaDataAsync = awaitable(getWshMetaDataFuture)

    def getWshEventDataFuture(self, data: WshEventData) -> Future[str]:
        """WSH corporate events selected by ``data`` (conId or a JSON filter) as JSON."""
        return self._request(lambda r: self.client.reqWshEventData(r, data), name="getWshEventData")

    getWshEventData = blocking(getWshEventDataFuture)
    getWshEventDataAsync = awaitable(getWshEventDataFuture)
