"""EWrapper: the callbacks a program overrides to receive what TWS sends.

Every callback of the official 10.51 package is here, with the same name and
parameters, including the ``*ProtoBuf`` variants that deliver the raw
protobuf message (server 201+) just before the classic callback. Callbacks
run on the thread that calls :meth:`EClient.run`.

The defaults only log: each answer at DEBUG (``ANSWER name args``), and
``error`` at a level that fits the code — informational notices such as
2104/2106/2158 ("data farm connection is OK") at INFO, warnings (other
2100-2199 codes, 1100/1101 connectivity, 10167 delayed data) at WARNING,
the rest at ERROR.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .model import (
    BarData,
    CommissionAndFeesReport,
    Contract,
    ContractDetails,
    DeltaNeutralContract,
    Execution,
    HistogramData,
    Order,
    OrderState,
    TickAttrib,
    TickAttribBidAsk,
    TickAttribLast,
)

if TYPE_CHECKING:
    from .protocol.proto import (
        AccountDataEnd_pb2,
        AccountSummaryEnd_pb2,
        AccountSummary_pb2,
        AccountUpdateMultiEnd_pb2,
        AccountUpdateMulti_pb2,
        AccountUpdateTime_pb2,
        AccountValue_pb2,
        CommissionAndFeesReport_pb2,
        CompletedOrder_pb2,
        CompletedOrdersEnd_pb2,
        ConfigResponse_pb2,
        ContractDataEnd_pb2,
        ContractData_pb2,
        CurrentTimeInMillis_pb2,
        CurrentTime_pb2,
        DisplayGroupList_pb2,
        DisplayGroupUpdated_pb2,
        ErrorMessage_pb2,
        ExecutionDetails_pb2,
        FamilyCodes_pb2,
        FundamentalsData_pb2,
        HeadTimestamp_pb2,
        HistogramData_pb2,
        HistoricalDataEnd_pb2,
        HistoricalDataUpdate_pb2,
        HistoricalData_pb2,
        HistoricalNewsEnd_pb2,
        HistoricalNews_pb2,
        HistoricalSchedule_pb2,
        HistoricalTicksBidAsk_pb2,
        HistoricalTicksLast_pb2,
        HistoricalTicks_pb2,
        ManagedAccounts_pb2,
        MarketDataType_pb2,
        MarketDepthExchanges_pb2,
        MarketDepthL2_pb2,
        MarketDepth_pb2,
        MarketRule_pb2,
        NewsArticle_pb2,
        NewsBulletin_pb2,
        NewsProviders_pb2,
        NextValidId_pb2,
        OpenOrder_pb2,
        OpenOrdersEnd_pb2,
        OrderBound_pb2,
        OrderStatus_pb2,
        PnLSingle_pb2,
        PnL_pb2,
        PortfolioValue_pb2,
        PositionEnd_pb2,
        PositionMultiEnd_pb2,
        PositionMulti_pb2,
        Position_pb2,
        RealTimeBarTick_pb2,
        ReceiveFA_pb2,
        ReplaceFAEnd_pb2,
        RerouteMarketDataRequest_pb2,
        RerouteMarketDepthRequest_pb2,
        ScannerData_pb2,
        ScannerParameters_pb2,
        SecDefOptParameterEnd_pb2,
        SecDefOptParameter_pb2,
        SmartComponents_pb2,
        SoftDollarTiers_pb2,
        SymbolSamples_pb2,
        TickByTickData_pb2,
        TickGeneric_pb2,
        TickNews_pb2,
        TickOptionComputation_pb2,
        TickPrice_pb2,
        TickReqParams_pb2,
        TickSize_pb2,
        TickSnapshotEnd_pb2,
        TickString_pb2,
        UpdateConfigResponse_pb2,
        UserInfo_pb2,
        VerifyCompleted_pb2,
        VerifyMessageApi_pb2,
        WshEventData_pb2,
        WshMetaData_pb2,
    )

__all__ = ["EWrapper", "INFO_CODES", "WARNING_CODES", "error_level"]

logger = logging.getLogger("ibwire.wrapper")

#: Notices that report normal operation; logged at INFO by default.
INFO_CODES = frozenset({1102, 2104, 2106, 2107, 2108, 2119, 2158, 2168, 2169})
#: Conditions worth a warning, not an error (beyond the 2100-2199 range).
WARNING_CODES = frozenset({1100, 1101, 10167, 10197, 399, 404, 434})


def error_level(code: int) -> int:
    """The logging level the default ``error`` callback uses for ``code``."""
    if code in INFO_CODES:
        return logging.INFO
    if code in WARNING_CODES or 2100 <= code < 2200:
        return logging.WARNING
    return logging.ERROR


class EWrapper:
    """Receiver of every message; subclass it and override what you need."""

    def __init__(self) -> None:
        pass

    def logAnswer(self, fnName: str, *args: Any) -> None:
        """Log one received answer at DEBUG (the default body of every callback)."""
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("ANSWER %s %s", fnName, args)

    def _answers_silent(self) -> bool:
        """Whether the default callbacks do nothing now: ``logAnswer`` is this class's and its log is off.

        The client asks once per connection and does not call a callback left at its default then.
        """
        return getattr(self.logAnswer, "__func__", None) is EWrapper.logAnswer \
            and not logger.isEnabledFor(logging.DEBUG)

    def error(
        self,
        reqId: int,
        errorTime: int,
        errorCode: int,
        errorString: str,
        advancedOrderRejectJson: str = "",
    ) -> None:
        """An error or notice from TWS, or from the client itself (codes 5xx)."""
        level = error_level(errorCode)
        if logger.isEnabledFor(level):
            extra = f" {advancedOrderRejectJson}" if advancedOrderRejectJson else ""
            logger.log(level, "ERROR %s %s %s %s%s", reqId, errorTime, errorCode, errorString, extra)

    def winError(self, text: str, lastError: int) -> None:
        self.logAnswer("winError", text, lastError)

    def connectAck(self) -> None:
        """The handshake completed; the client is connected."""
        self.logAnswer("connectAck")

    def connectionClosed(self) -> None:
        """The connection ended (called once per connection)."""
        self.logAnswer("connectionClosed")

    def accountDataEndProtoBuf(self, accountDataEndProto: AccountDataEnd_pb2.AccountDataEnd) -> None:
        self.logAnswer("accountDataEndProtoBuf", accountDataEndProto)

    def accountDownloadEnd(self, accountName: str) -> None:
        self.logAnswer("accountDownloadEnd", accountName)

    def accountSummary(self, reqId: int, account: str, tag: str, value: str, currency: str) -> None:
        self.logAnswer("accountSummary", reqId, account, tag, value, currency)

    def accountSummaryEnd(self, reqId: int) -> None:
        self.logAnswer("accountSummaryEnd", reqId)

    def accountSummaryEndProtoBuf(
        self,
        accountSummaryEndProto: AccountSummaryEnd_pb2.AccountSummaryEnd,
    ) -> None:
        self.logAnswer("accountSummaryEndProtoBuf", accountSummaryEndProto)

    def accountSummaryProtoBuf(self, accountSummaryProto: AccountSummary_pb2.AccountSummary) -> None:
        self.logAnswer("accountSummaryProtoBuf", accountSummaryProto)

    def accountUpdateMulti(
        self,
        reqId: int,
        account: str,
        modelCode: str,
        key: str,
        value: str,
        currency: str,
    ) -> None:
        self.logAnswer("accountUpdateMulti", reqId, account, modelCode, key, value, currency)

    def accountUpdateMultiEnd(self, reqId: int) -> None:
        self.logAnswer("accountUpdateMultiEnd", reqId)

    def accountUpdateMultiEndProtoBuf(
        self,
        accountUpdateMultiEndProto: AccountUpdateMultiEnd_pb2.AccountUpdateMultiEnd,
    ) -> None:
        self.logAnswer("accountUpdateMultiEndProtoBuf", accountUpdateMultiEndProto)

    def accountUpdateMultiProtoBuf(
        self,
        accountUpdateMultiProto: AccountUpdateMulti_pb2.AccountUpdateMulti,
    ) -> None:
        self.logAnswer("accountUpdateMultiProtoBuf", accountUpdateMultiProto)

    def bondContractDataProtoBuf(self, contractDataProto: ContractData_pb2.ContractData) -> None:
        self.logAnswer("bondContractDataProtoBuf", contractDataProto)

    def bondContractDetails(self, reqId: int, contractDetails: ContractDetails) -> None:
        self.logAnswer("bondContractDetails", reqId, contractDetails)

    def commissionAndFeesReport(self, commissionAndFeesReport: CommissionAndFeesReport) -> None:
        self.logAnswer("commissionAndFeesReport", commissionAndFeesReport)

    def commissionAndFeesReportProtoBuf(
        self,
        commissionAndFeesReportProto: CommissionAndFeesReport_pb2.CommissionAndFeesReport,
    ) -> None:
        self.logAnswer("commissionAndFeesReportProtoBuf", commissionAndFeesReportProto)

    def completedOrder(self, contract: Contract, order: Order, orderState: OrderState) -> None:
        self.logAnswer("completedOrder", contract, order, orderState)

    def completedOrderProtoBuf(self, completedOrderProto: CompletedOrder_pb2.CompletedOrder) -> None:
        self.logAnswer("completedOrderProtoBuf", completedOrderProto)

    def completedOrdersEnd(self) -> None:
        self.logAnswer("completedOrdersEnd")

    def completedOrdersEndProtoBuf(
        self,
        completedOrdersEndProto: CompletedOrdersEnd_pb2.CompletedOrdersEnd,
    ) -> None:
        self.logAnswer("completedOrdersEndProtoBuf", completedOrdersEndProto)

    def configResponseProtoBuf(self, configResponseProto: ConfigResponse_pb2.ConfigResponse) -> None:
        self.logAnswer("configResponseProtoBuf", configResponseProto)

    def contractDataEndProtoBuf(self, contractDataEndProto: ContractDataEnd_pb2.ContractDataEnd) -> None:
        self.logAnswer("contractDataEndProtoBuf", contractDataEndProto)

    def contractDataProtoBuf(self, contractDataProto: ContractData_pb2.ContractData) -> None:
        self.logAnswer("contractDataProtoBuf", contractDataProto)

    def contractDetails(self, reqId: int, contractDetails: ContractDetails) -> None:
        self.logAnswer("contractDetails", reqId, contractDetails)

    def contractDetailsEnd(self, reqId: int) -> None:
        self.logAnswer("contractDetailsEnd", reqId)

    def currentTime(self, time: int) -> None:
        self.logAnswer("currentTime", time)

    def currentTimeInMillis(self, timeInMillis: int) -> None:
        self.logAnswer("currentTimeInMillis", timeInMillis)

    def currentTimeInMillisProtoBuf(
        self,
        currentTimeInMillisProto: CurrentTimeInMillis_pb2.CurrentTimeInMillis,
    ) -> None:
        self.logAnswer("currentTimeInMillisProtoBuf", currentTimeInMillisProto)

    def currentTimeProtoBuf(self, currentTimeProto: CurrentTime_pb2.CurrentTime) -> None:
        self.logAnswer("currentTimeProtoBuf", currentTimeProto)

    def deltaNeutralValidation(self, reqId: int, deltaNeutralContract: DeltaNeutralContract) -> None:
        self.logAnswer("deltaNeutralValidation", reqId, deltaNeutralContract)

    def displayGroupList(self, reqId: int, groups: str) -> None:
        self.logAnswer("displayGroupList", reqId, groups)

    def displayGroupListProtoBuf(self, displayGroupListProto: DisplayGroupList_pb2.DisplayGroupList) -> None:
        self.logAnswer("displayGroupListProtoBuf", displayGroupListProto)

    def displayGroupUpdated(self, reqId: int, contractInfo: str) -> None:
        self.logAnswer("displayGroupUpdated", reqId, contractInfo)

    def displayGroupUpdatedProtoBuf(
        self,
        displayGroupUpdatedProto: DisplayGroupUpdated_pb2.DisplayGroupUpdated,
    ) -> None:
        self.logAnswer("displayGroupUpdatedProtoBuf", displayGroupUpdatedProto)

    def errorProtoBuf(self, errorMessageProto: ErrorMessage_pb2.ErrorMessage) -> None:
        self.logAnswer("errorProtoBuf", errorMessageProto)

    def execDetails(self, reqId: int, contract: Contract, execution: Execution) -> None:
        self.logAnswer("execDetails", reqId, contract, execution)

    def execDetailsEnd(self, reqId: int) -> None:
        self.logAnswer("execDetailsEnd", reqId)

    def executionDetailsEndProtoBuf(
        self,
        executionDetailsProto: ExecutionDetails_pb2.ExecutionDetails,
    ) -> None:
        self.logAnswer("executionDetailsEndProtoBuf", executionDetailsProto)

    def executionDetailsProtoBuf(self, executionDetailsProto: ExecutionDetails_pb2.ExecutionDetails) -> None:
        self.logAnswer("executionDetailsProtoBuf", executionDetailsProto)

    def familyCodes(self, familyCodes: list[Any]) -> None:
        self.logAnswer("familyCodes", familyCodes)

    def familyCodesProtoBuf(self, familyCodesProto: FamilyCodes_pb2.FamilyCodes) -> None:
        self.logAnswer("familyCodesProtoBuf", familyCodesProto)

    def fundamentalData(self, reqId: int, data: str) -> None:
        """The XML report of ``reqFundamentalData`` (a request IB withdrew in ibapi 10.50)."""
        self.logAnswer("fundamentalData", reqId, data)

    def fundamentalsDataProtoBuf(self, fundamentalsDataProto: FundamentalsData_pb2.FundamentalsData) -> None:
        self.logAnswer("fundamentalsDataProtoBuf", fundamentalsDataProto)

    def headTimestamp(self, reqId: int, headTimestamp: str) -> None:
        self.logAnswer("headTimestamp", reqId, headTimestamp)

    def headTimestampProtoBuf(self, headTimestampProto: HeadTimestamp_pb2.HeadTimestamp) -> None:
        self.logAnswer("headTimestampProtoBuf", headTimestampProto)

    def histogramData(self, reqId: int, items: list[HistogramData]) -> None:
        self.logAnswer("histogramData", reqId, items)

    def histogramDataProtoBuf(self, histogramDataProto: HistogramData_pb2.HistogramData) -> None:
        self.logAnswer("histogramDataProtoBuf", histogramDataProto)

    def historicalData(self, reqId: int, bar: BarData) -> None:
        self.logAnswer("historicalData", reqId, bar)

    def historicalDataEnd(self, reqId: int, start: str, end: str) -> None:
        self.logAnswer("historicalDataEnd", reqId, start, end)

    def historicalDataEndProtoBuf(
        self,
        historicalDataEndProto: HistoricalDataEnd_pb2.HistoricalDataEnd,
    ) -> None:
        self.logAnswer("historicalDataEndProtoBuf", historicalDataEndProto)

    def historicalDataProtoBuf(self, historicalDataProto: HistoricalData_pb2.HistoricalData) -> None:
        self.logAnswer("historicalDataProtoBuf", historicalDataProto)

    def historicalDataUpdate(self, reqId: int, bar: BarData) -> None:
        self.logAnswer("historicalDataUpdate", reqId, bar)

    def historicalDataUpdateProtoBuf(
        self,
        historicalDataUpdateProto: HistoricalDataUpdate_pb2.HistoricalDataUpdate,
    ) -> None:
        self.logAnswer("historicalDataUpdateProtoBuf", historicalDataUpdateProto)

    def historicalNews(
        self,
        requestId: int,
        time: str,
        providerCode: str,
        articleId: str,
        headline: str,
    ) -> None:
        self.logAnswer("historicalNews", requestId, time, providerCode, articleId, headline)

    def historicalNewsEnd(self, requestId: int, hasMore: bool) -> None:
        self.logAnswer("historicalNewsEnd", requestId, hasMore)

    def historicalNewsEndProtoBuf(
        self,
        historicalNewsEndProto: HistoricalNewsEnd_pb2.HistoricalNewsEnd,
    ) -> None:
        self.logAnswer("historicalNewsEndProtoBuf", historicalNewsEndProto)

    def historicalNewsProtoBuf(self, historicalNewsProto: HistoricalNews_pb2.HistoricalNews) -> None:
        self.logAnswer("historicalNewsProtoBuf", historicalNewsProto)

    def historicalSchedule(
        self,
        reqId: int,
        startDateTime: str,
        endDateTime: str,
        timeZone: str,
        sessions: list[Any],
    ) -> None:
        self.logAnswer("historicalSchedule", reqId, startDateTime, endDateTime, timeZone, sessions)

    def historicalScheduleProtoBuf(
        self,
        historicalScheduleProto: HistoricalSchedule_pb2.HistoricalSchedule,
    ) -> None:
        self.logAnswer("historicalScheduleProtoBuf", historicalScheduleProto)

    def historicalTicks(self, reqId: int, ticks: list[Any], done: bool) -> None:
        self.logAnswer("historicalTicks", reqId, ticks, done)

    def historicalTicksBidAsk(self, reqId: int, ticks: list[Any], done: bool) -> None:
        self.logAnswer("historicalTicksBidAsk", reqId, ticks, done)

    def historicalTicksBidAskProtoBuf(
        self,
        historicalTicksBidAskProto: HistoricalTicksBidAsk_pb2.HistoricalTicksBidAsk,
    ) -> None:
        self.logAnswer("historicalTicksBidAskProtoBuf", historicalTicksBidAskProto)

    def historicalTicksLast(self, reqId: int, ticks: list[Any], done: bool) -> None:
        self.logAnswer("historicalTicksLast", reqId, ticks, done)

    def historicalTicksLastProtoBuf(
        self,
        historicalTicksLastProto: HistoricalTicksLast_pb2.HistoricalTicksLast,
    ) -> None:
        self.logAnswer("historicalTicksLastProtoBuf", historicalTicksLastProto)

    def historicalTicksProtoBuf(self, historicalTicksProto: HistoricalTicks_pb2.HistoricalTicks) -> None:
        self.logAnswer("historicalTicksProtoBuf", historicalTicksProto)

    def managedAccounts(self, accountsList: str) -> None:
        self.logAnswer("managedAccounts", accountsList)

    def managedAccountsProtoBuf(self, managedAccountsProto: ManagedAccounts_pb2.ManagedAccounts) -> None:
        self.logAnswer("managedAccountsProtoBuf", managedAccountsProto)

    def marketDataType(self, reqId: int, marketDataType: int) -> None:
        self.logAnswer("marketDataType", reqId, marketDataType)

    def marketDepthExchangesProtoBuf(
        self,
        marketDepthExchangesProto: MarketDepthExchanges_pb2.MarketDepthExchanges,
    ) -> None:
        self.logAnswer("marketDepthExchangesProtoBuf", marketDepthExchangesProto)

    def marketRule(self, marketRuleId: int, priceIncrements: list[Any]) -> None:
        self.logAnswer("marketRule", marketRuleId, priceIncrements)

    def marketRuleProtoBuf(self, marketRuleProto: MarketRule_pb2.MarketRule) -> None:
        self.logAnswer("marketRuleProtoBuf", marketRuleProto)

    def mktDepthExchanges(self, depthMktDataDescriptions: list[Any]) -> None:
        self.logAnswer("mktDepthExchanges", depthMktDataDescriptions)

    def newsArticle(self, requestId: int, articleType: int, articleText: str) -> None:
        self.logAnswer("newsArticle", requestId, articleType, articleText)

    def newsArticleProtoBuf(self, newsArticleProto: NewsArticle_pb2.NewsArticle) -> None:
        self.logAnswer("newsArticleProtoBuf", newsArticleProto)

    def newsProviders(self, newsProviders: list[Any]) -> None:
        self.logAnswer("newsProviders", newsProviders)

    def newsProvidersProtoBuf(self, newsProvidersProto: NewsProviders_pb2.NewsProviders) -> None:
        self.logAnswer("newsProvidersProtoBuf", newsProvidersProto)

    def nextValidId(self, orderId: int) -> None:
        self.logAnswer("nextValidId", orderId)

    def nextValidIdProtoBuf(self, nextValidIdProto: NextValidId_pb2.NextValidId) -> None:
        self.logAnswer("nextValidIdProtoBuf", nextValidIdProto)

    def openOrder(self, orderId: int, contract: Contract, order: Order, orderState: OrderState) -> None:
        self.logAnswer("openOrder", orderId, contract, order, orderState)

    def openOrderEnd(self) -> None:
        self.logAnswer("openOrderEnd")

    def openOrderProtoBuf(self, openOrderProto: OpenOrder_pb2.OpenOrder) -> None:
        self.logAnswer("openOrderProtoBuf", openOrderProto)

    def openOrdersEndProtoBuf(self, openOrdersEndProto: OpenOrdersEnd_pb2.OpenOrdersEnd) -> None:
        self.logAnswer("openOrdersEndProtoBuf", openOrdersEndProto)

    def orderBound(self, permId: int, clientId: int, orderId: int) -> None:
        self.logAnswer("orderBound", permId, clientId, orderId)

    def orderBoundProtoBuf(self, orderBoundProto: OrderBound_pb2.OrderBound) -> None:
        self.logAnswer("orderBoundProtoBuf", orderBoundProto)

    def orderStatus(
        self,
        orderId: int,
        status: str,
        filled: Decimal,
        remaining: Decimal,
        avgFillPrice: float,
        permId: int,
        parentId: int,
        lastFillPrice: float,
        clientId: int,
        whyHeld: str,
        mktCapPrice: float,
    ) -> None:
        self.logAnswer("orderStatus", orderId, status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice, clientId, whyHeld, mktCapPrice)

    def orderStatusProtoBuf(self, orderStatusProto: OrderStatus_pb2.OrderStatus) -> None:
        self.logAnswer("orderStatusProtoBuf", orderStatusProto)

    def pnl(self, reqId: int, dailyPnL: float, unrealizedPnL: float, realizedPnL: float) -> None:
        self.logAnswer("pnl", reqId, dailyPnL, unrealizedPnL, realizedPnL)

    def pnlProtoBuf(self, pnlProto: PnL_pb2.PnL) -> None:
        self.logAnswer("pnlProtoBuf", pnlProto)

    def pnlSingle(
        self,
        reqId: int,
        pos: Decimal,
        dailyPnL: float,
        unrealizedPnL: float,
        realizedPnL: float,
        value: float,
    ) -> None:
        self.logAnswer("pnlSingle", reqId, pos, dailyPnL, unrealizedPnL, realizedPnL, value)

    def pnlSingleProtoBuf(self, pnlSingleProto: PnLSingle_pb2.PnLSingle) -> None:
        self.logAnswer("pnlSingleProtoBuf", pnlSingleProto)

    def position(self, account: str, contract: Contract, position: Decimal, avgCost: float) -> None:
        self.logAnswer("position", account, contract, position, avgCost)

    def positionEnd(self) -> None:
        self.logAnswer("positionEnd")

    def positionEndProtoBuf(self, positionEndProto: PositionEnd_pb2.PositionEnd) -> None:
        self.logAnswer("positionEndProtoBuf", positionEndProto)

    def positionMulti(
        self,
        reqId: int,
        account: str,
        modelCode: str,
        contract: Contract,
        pos: Decimal,
        avgCost: float,
    ) -> None:
        self.logAnswer("positionMulti", reqId, account, modelCode, contract, pos, avgCost)

    def positionMultiEnd(self, reqId: int) -> None:
        self.logAnswer("positionMultiEnd", reqId)

    def positionMultiEndProtoBuf(self, positionMultiEndProto: PositionMultiEnd_pb2.PositionMultiEnd) -> None:
        self.logAnswer("positionMultiEndProtoBuf", positionMultiEndProto)

    def positionMultiProtoBuf(self, positionMultiProto: PositionMulti_pb2.PositionMulti) -> None:
        self.logAnswer("positionMultiProtoBuf", positionMultiProto)

    def positionProtoBuf(self, positionProto: Position_pb2.Position) -> None:
        self.logAnswer("positionProtoBuf", positionProto)

    def realTimeBarTickProtoBuf(self, realTimeBarTickProto: RealTimeBarTick_pb2.RealTimeBarTick) -> None:
        self.logAnswer("realTimeBarTickProtoBuf", realTimeBarTickProto)

    def realtimeBar(
        self,
        reqId: int,
        time: int,
        open_: float,
        high: float,
        low: float,
        close: float,
        volume: Decimal,
        wap: Decimal,
        count: int,
    ) -> None:
        self.logAnswer("realtimeBar", reqId, time, open_, high, low, close, volume, wap, count)

    def receiveFA(self, faData: int, cxml: str) -> None:
        self.logAnswer("receiveFA", faData, cxml)

    def receiveFAProtoBuf(self, receiveFAProto: ReceiveFA_pb2.ReceiveFA) -> None:
        self.logAnswer("receiveFAProtoBuf", receiveFAProto)

    def replaceFAEnd(self, reqId: int, text: str) -> None:
        self.logAnswer("replaceFAEnd", reqId, text)

    def replaceFAEndProtoBuf(self, replaceFAEndProto: ReplaceFAEnd_pb2.ReplaceFAEnd) -> None:
        self.logAnswer("replaceFAEndProtoBuf", replaceFAEndProto)

    def rerouteMarketDataRequestProtoBuf(
        self,
        rerouteMarketDataRequestProto: RerouteMarketDataRequest_pb2.RerouteMarketDataRequest,
    ) -> None:
        self.logAnswer("rerouteMarketDataRequestProtoBuf", rerouteMarketDataRequestProto)

    def rerouteMarketDepthRequestProtoBuf(
        self,
        rerouteMarketDepthRequestProto: RerouteMarketDepthRequest_pb2.RerouteMarketDepthRequest,
    ) -> None:
        self.logAnswer("rerouteMarketDepthRequestProtoBuf", rerouteMarketDepthRequestProto)

    def rerouteMktDataReq(self, reqId: int, conId: int, exchange: str) -> None:
        self.logAnswer("rerouteMktDataReq", reqId, conId, exchange)

    def rerouteMktDepthReq(self, reqId: int, conId: int, exchange: str) -> None:
        self.logAnswer("rerouteMktDepthReq", reqId, conId, exchange)

    def scannerData(
        self,
        reqId: int,
        rank: int,
        contractDetails: ContractDetails,
        distance: str,
        benchmark: str,
        projection: str,
        legsStr: str,
    ) -> None:
        self.logAnswer("scannerData", reqId, rank, contractDetails, distance, benchmark, projection, legsStr)

    def scannerDataEnd(self, reqId: int) -> None:
        self.logAnswer("scannerDataEnd", reqId)

    def scannerDataProtoBuf(self, scannerDataProto: ScannerData_pb2.ScannerData) -> None:
        self.logAnswer("scannerDataProtoBuf", scannerDataProto)

    def scannerParameters(self, xml: str) -> None:
        self.logAnswer("scannerParameters", xml)

    def scannerParametersProtoBuf(
        self,
        scannerParametersProto: ScannerParameters_pb2.ScannerParameters,
    ) -> None:
        self.logAnswer("scannerParametersProtoBuf", scannerParametersProto)

    def secDefOptParameterEndProtoBuf(
        self,
        secDefOptParameterEndProto: SecDefOptParameterEnd_pb2.SecDefOptParameterEnd,
    ) -> None:
        self.logAnswer("secDefOptParameterEndProtoBuf", secDefOptParameterEndProto)

    def secDefOptParameterProtoBuf(
        self,
        secDefOptParameterProto: SecDefOptParameter_pb2.SecDefOptParameter,
    ) -> None:
        self.logAnswer("secDefOptParameterProtoBuf", secDefOptParameterProto)

    def securityDefinitionOptionParameter(
        self,
        reqId: int,
        exchange: str,
        underlyingConId: int,
        tradingClass: str,
        multiplier: str,
        expirations: set[Any],
        strikes: set[Any],
    ) -> None:
        self.logAnswer("securityDefinitionOptionParameter", reqId, exchange, underlyingConId, tradingClass, multiplier, expirations, strikes)

    def securityDefinitionOptionParameterEnd(self, reqId: int) -> None:
        self.logAnswer("securityDefinitionOptionParameterEnd", reqId)

    def smartComponents(self, reqId: int, smartComponentMap: dict[Any, Any]) -> None:
        self.logAnswer("smartComponents", reqId, smartComponentMap)

    def smartComponentsProtoBuf(self, smartComponentsProto: SmartComponents_pb2.SmartComponents) -> None:
        self.logAnswer("smartComponentsProtoBuf", smartComponentsProto)

    def softDollarTiers(self, reqId: int, tiers: list[Any]) -> None:
        self.logAnswer("softDollarTiers", reqId, tiers)

    def softDollarTiersProtoBuf(self, softDollarTiersProto: SoftDollarTiers_pb2.SoftDollarTiers) -> None:
        self.logAnswer("softDollarTiersProtoBuf", softDollarTiersProto)

    def symbolSamples(self, reqId: int, contractDescriptions: list[Any]) -> None:
        self.logAnswer("symbolSamples", reqId, contractDescriptions)

    def symbolSamplesProtoBuf(self, symbolSamplesProto: SymbolSamples_pb2.SymbolSamples) -> None:
        self.logAnswer("symbolSamplesProtoBuf", symbolSamplesProto)

    def tickByTickAllLast(
        self,
        reqId: int,
        tickType: int,
        time: int,
        price: float,
        size: Decimal,
        tickAttribLast: TickAttribLast,
        exchange: str,
        specialConditions: str,
    ) -> None:
        self.logAnswer("tickByTickAllLast", reqId, tickType, time, price, size, tickAttribLast, exchange, specialConditions)

    def tickByTickBidAsk(
        self,
        reqId: int,
        time: int,
        bidPrice: float,
        askPrice: float,
        bidSize: Decimal,
        askSize: Decimal,
        tickAttribBidAsk: TickAttribBidAsk,
    ) -> None:
        self.logAnswer("tickByTickBidAsk", reqId, time, bidPrice, askPrice, bidSize, askSize, tickAttribBidAsk)

    def tickByTickDataProtoBuf(self, tickByTickDataProto: TickByTickData_pb2.TickByTickData) -> None:
        self.logAnswer("tickByTickDataProtoBuf", tickByTickDataProto)

    def tickByTickMidPoint(self, reqId: int, time: int, midPoint: float) -> None:
        self.logAnswer("tickByTickMidPoint", reqId, time, midPoint)

    def tickEFP(
        self,
        reqId: int,
        tickType: int,
        basisPoints: float,
        formattedBasisPoints: str,
        totalDividends: float,
        holdDays: int,
        futureLastTradeDate: str,
        dividendImpact: float,
        dividendsToLastTradeDate: float,
    ) -> None:
        self.logAnswer("tickEFP", reqId, tickType, basisPoints, formattedBasisPoints, totalDividends, holdDays, futureLastTradeDate, dividendImpact, dividendsToLastTradeDate)

    def tickGeneric(self, reqId: int, tickType: int, value: float) -> None:
        self.logAnswer("tickGeneric", reqId, tickType, value)

    def tickGenericProtoBuf(self, tickGenericProto: TickGeneric_pb2.TickGeneric) -> None:
        self.logAnswer("tickGenericProtoBuf", tickGenericProto)

    def tickNews(
        self,
        tickerId: int,
        timeStamp: int,
        providerCode: str,
        articleId: str,
        headline: str,
        extraData: str,
    ) -> None:
        self.logAnswer("tickNews", tickerId, timeStamp, providerCode, articleId, headline, extraData)

    def tickNewsProtoBuf(self, tickNewsProto: TickNews_pb2.TickNews) -> None:
        self.logAnswer("tickNewsProtoBuf", tickNewsProto)

    def tickOptionComputation(
        self,
        reqId: int,
        tickType: int,
        tickAttrib: int,
        impliedVol: float,
        delta: float,
        optPrice: float,
        pvDividend: float,
        gamma: float,
        vega: float,
        theta: float,
        undPrice: float,
    ) -> None:
        self.logAnswer("tickOptionComputation", reqId, tickType, tickAttrib, impliedVol, delta, optPrice, pvDividend, gamma, vega, theta, undPrice)

    def tickOptionComputationProtoBuf(
        self,
        tickOptionComputationProto: TickOptionComputation_pb2.TickOptionComputation,
    ) -> None:
        self.logAnswer("tickOptionComputationProtoBuf", tickOptionComputationProto)

    def tickPrice(self, reqId: int, tickType: int, price: float, attrib: TickAttrib) -> None:
        self.logAnswer("tickPrice", reqId, tickType, price, attrib)

    def tickPriceProtoBuf(self, tickPriceProto: TickPrice_pb2.TickPrice) -> None:
        self.logAnswer("tickPriceProtoBuf", tickPriceProto)

    def tickReqParams(
        self,
        tickerId: int,
        minTick: float,
        bboExchange: str,
        snapshotPermissions: int,
    ) -> None:
        self.logAnswer("tickReqParams", tickerId, minTick, bboExchange, snapshotPermissions)

    def tickReqParamsProtoBuf(self, tickReqParamsProto: TickReqParams_pb2.TickReqParams) -> None:
        self.logAnswer("tickReqParamsProtoBuf", tickReqParamsProto)

    def tickSize(self, reqId: int, tickType: int, size: Decimal) -> None:
        self.logAnswer("tickSize", reqId, tickType, size)

    def tickSizeProtoBuf(self, tickSizeProto: TickSize_pb2.TickSize) -> None:
        self.logAnswer("tickSizeProtoBuf", tickSizeProto)

    def tickSnapshotEnd(self, reqId: int) -> None:
        self.logAnswer("tickSnapshotEnd", reqId)

    def tickSnapshotEndProtoBuf(self, tickSnapshotEndProto: TickSnapshotEnd_pb2.TickSnapshotEnd) -> None:
        self.logAnswer("tickSnapshotEndProtoBuf", tickSnapshotEndProto)

    def tickString(self, reqId: int, tickType: int, value: str) -> None:
        self.logAnswer("tickString", reqId, tickType, value)

    def tickStringProtoBuf(self, tickStringProto: TickString_pb2.TickString) -> None:
        self.logAnswer("tickStringProtoBuf", tickStringProto)

    def updateAccountTime(self, timeStamp: str) -> None:
        self.logAnswer("updateAccountTime", timeStamp)

    def updateAccountTimeProtoBuf(
        self,
        accountUpdateTimeProto: AccountUpdateTime_pb2.AccountUpdateTime,
    ) -> None:
        self.logAnswer("updateAccountTimeProtoBuf", accountUpdateTimeProto)

    def updateAccountValue(self, key: str, val: str, currency: str, accountName: str) -> None:
        self.logAnswer("updateAccountValue", key, val, currency, accountName)

    def updateAccountValueProtoBuf(self, accountValueProto: AccountValue_pb2.AccountValue) -> None:
        self.logAnswer("updateAccountValueProtoBuf", accountValueProto)

    def updateConfigResponseProtoBuf(
        self,
        updateConfigResponseProto: UpdateConfigResponse_pb2.UpdateConfigResponse,
    ) -> None:
        self.logAnswer("updateConfigResponseProtoBuf", updateConfigResponseProto)

    def updateMarketDataTypeProtoBuf(self, marketDataTypeProto: MarketDataType_pb2.MarketDataType) -> None:
        self.logAnswer("updateMarketDataTypeProtoBuf", marketDataTypeProto)

    def updateMarketDepthL2ProtoBuf(self, marketDepthL2Proto: MarketDepthL2_pb2.MarketDepthL2) -> None:
        self.logAnswer("updateMarketDepthL2ProtoBuf", marketDepthL2Proto)

    def updateMarketDepthProtoBuf(self, marketDepthProto: MarketDepth_pb2.MarketDepth) -> None:
        self.logAnswer("updateMarketDepthProtoBuf", marketDepthProto)

    def updateMktDepth(
        self,
        reqId: int,
        position: int,
        operation: int,
        side: int,
        price: float,
        size: Decimal,
    ) -> None:
        self.logAnswer("updateMktDepth", reqId, position, operation, side, price, size)

    def updateMktDepthL2(
        self,
        reqId: int,
        position: int,
        marketMaker: str,
        operation: int,
        side: int,
        price: float,
        size: Decimal,
        isSmartDepth: bool,
    ) -> None:
        self.logAnswer("updateMktDepthL2", reqId, position, marketMaker, operation, side, price, size, isSmartDepth)

    def updateNewsBulletin(self, msgId: int, msgType: int, newsMessage: str, originExch: str) -> None:
        self.logAnswer("updateNewsBulletin", msgId, msgType, newsMessage, originExch)

    def updateNewsBulletinProtoBuf(self, newsBulletinProto: NewsBulletin_pb2.NewsBulletin) -> None:
        self.logAnswer("updateNewsBulletinProtoBuf", newsBulletinProto)

    def updatePortfolio(
        self,
        contract: Contract,
        position: Decimal,
        marketPrice: float,
        marketValue: float,
        averageCost: float,
        unrealizedPNL: float,
        realizedPNL: float,
        accountName: str,
    ) -> None:
        self.logAnswer("updatePortfolio", contract, position, marketPrice, marketValue, averageCost, unrealizedPNL, realizedPNL, accountName)

    def updatePortfolioProtoBuf(self, portfolioValueProto: PortfolioValue_pb2.PortfolioValue) -> None:
        self.logAnswer("updatePortfolioProtoBuf", portfolioValueProto)

    def userInfo(self, reqId: int, whiteBrandingId: str) -> None:
        self.logAnswer("userInfo", reqId, whiteBrandingId)

    def userInfoProtoBuf(self, userInfoProto: UserInfo_pb2.UserInfo) -> None:
        self.logAnswer("userInfoProtoBuf", userInfoProto)

    def verifyAndAuthCompleted(self, isSuccessful: bool, errorText: str) -> None:
        self.logAnswer("verifyAndAuthCompleted", isSuccessful, errorText)

    def verifyAndAuthMessageAPI(self, apiData: str, xyzChallange: str) -> None:
        self.logAnswer("verifyAndAuthMessageAPI", apiData, xyzChallange)

    def verifyCompleted(self, isSuccessful: bool, errorText: str) -> None:
        self.logAnswer("verifyCompleted", isSuccessful, errorText)

    def verifyCompletedProtoBuf(self, verifyCompletedProto: VerifyCompleted_pb2.VerifyCompleted) -> None:
        self.logAnswer("verifyCompletedProtoBuf", verifyCompletedProto)

    def verifyMessageAPI(self, apiData: str) -> None:
        self.logAnswer("verifyMessageAPI", apiData)

    def verifyMessageApiProtoBuf(self, verifyMessageApiProto: VerifyMessageApi_pb2.VerifyMessageApi) -> None:
        self.logAnswer("verifyMessageApiProtoBuf", verifyMessageApiProto)

    def wshEventData(self, reqId: int, dataJson: str) -> None:
        self.logAnswer("wshEventData", reqId, dataJson)

    def wshEventDataProtoBuf(self, wshEventDataProto: WshEventData_pb2.WshEventData) -> None:
        self.logAnswer("wshEventDataProtoBuf", wshEventDataProto)

    def wshMetaData(self, reqId: int, dataJson: str) -> None:
        self.logAnswer("wshMetaData", reqId, dataJson)

    def wshMetaDataProtoBuf(self, wshMetaDataProto: WshMetaData_pb2.WshMetaData) -> None:
        self.logAnswer("wshMetaDataProtoBuf", wshMetaDataProto)
