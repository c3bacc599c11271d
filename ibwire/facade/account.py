"""Account and portfolio: positions, portfolio, account values and summary, PnL."""

from __future__ import annotations

from concurrent.futures import Future
from decimal import Decimal
from typing import TYPE_CHECKING

from ..model import Contract
from ..wrapper import EWrapper
from ._core import Core, awaitable, blocking
from .events import Event
from .objects import AccountValue, PnL, PortfolioItem, Position

if TYPE_CHECKING:
    from .ib import IB


class AccountCallbacks(EWrapper):
    """Account messages into positions, portfolio, values and PnL."""

    ib: IB

    # account
    def updateAccountValue(self, key: str, val: str, currency: str, accountName: str) -> None:
        v = AccountValue(accountName, key, val, currency)
        self.ib._account_values[(accountName, key, currency)] = v
        self.ib.accountValueEvent.emit(v)

    def updatePortfolio(self, contract: Contract, position: Decimal, marketPrice: float, marketValue: float,
                        averageCost: float, unrealizedPNL: float, realizedPNL: float, accountName: str) -> None:
        item = PortfolioItem(contract, position, marketPrice, marketValue, averageCost, unrealizedPNL, realizedPNL,
                             accountName)
        key = (accountName, contract.conId)
        if position == 0:
            self.ib._portfolio.pop(key, None)
        else:
            self.ib._portfolio[key] = item
        self.ib.updatePortfolioEvent.emit(item)

    def accountDownloadEnd(self, accountName: str) -> None:
        self.ib._finish("accountUpdates")

    def updateAccountTime(self, timeStamp: str) -> None:
        pass

    def position(self, account: str, contract: Contract, position: Decimal, avgCost: float) -> None:
        p = Position(account, contract, position, avgCost)
        key = (account, contract.conId)
        if position == 0:
            self.ib._positions.pop(key, None)
        else:
            self.ib._positions[key] = p
        self.ib._add("positions", p)
        self.ib.positionEvent.emit(p)

    def positionEnd(self) -> None:
        self.ib._finish("positions")

    def accountSummary(self, reqId: int, account: str, tag: str, value: str, currency: str) -> None:
        v = AccountValue(account, tag, value, currency)
        self.ib._summary[(account, tag, currency)] = v
        self.ib._add(reqId, v)

    def accountSummaryEnd(self, reqId: int) -> None:
        self.ib._finish(reqId)

    def pnl(self, reqId: int, dailyPnL: float, unrealizedPnL: float, realizedPnL: float) -> None:
        p = self.ib._pnl.get(reqId)
        if p is not None:
            p.dailyPnL, p.unrealizedPnL, p.realizedPnL = dailyPnL, unrealizedPnL, realizedPnL
            self.ib.pnlEvent.emit(p)


class AccountMixin(Core):
    """The account's state and its requests."""

    def __init__(self) -> None:
        super().__init__()
        self.positionEvent = Event("positionEvent")
        self.accountValueEvent = Event("accountValueEvent")
        self.updatePortfolioEvent = Event("updatePortfolioEvent")
        self.pnlEvent = Event("pnlEvent")

    def _reset(self) -> None:
        super()._reset()
        self._positions: dict[tuple[str, int], Position] = {}
        self._portfolio: dict[tuple[str, int], PortfolioItem] = {}
        self._account_values: dict[tuple[str, str, str], AccountValue] = {}
        self._summary: dict[tuple[str, str, str], AccountValue] = {}
        self._pnl: dict[int, PnL] = {}

    def _is_stream(self, reqId: int) -> bool:
        return reqId in self._pnl or super()._is_stream(reqId)

    def _resubscribe_streams(self, reconnected: bool) -> None:
        super()._resubscribe_streams(reconnected)
        if reconnected:  # account data survives 1101
            c = self.client
            self._renumber(self._pnl, None, lambda req, p: c.reqPnL(req, p.account, p.modelCode))

    def reqPositionsFuture(self) -> Future[list[Position]]:
        return self._request(lambda _: self.client.reqPositions(), key="positions")

    reqPositions = blocking(reqPositionsFuture)
    reqPositionsAsync = awaitable(reqPositionsFuture)

    def reqAccountUpdatesFuture(self, account: str = "") -> Future[None]:
        return self._request(lambda _: self.client.reqAccountUpdates(True, account), key="accountUpdates",
                             name="reqAccountUpdates", variant=account)

    def reqAccountSummaryFuture(self, group: str = "All", tags: str = "") -> Future[list[AccountValue]]:
        tags = tags or ("AccountType,NetLiquidation,TotalCashValue,SettledCash,AccruedCash,BuyingPower,"
                        "EquityWithLoanValue,GrossPositionValue,InitMarginReq,MaintMarginReq,AvailableFunds,"
                        "ExcessLiquidity,Cushion,Leverage")

        def send(req: int) -> None:
            self.client.reqAccountSummary(req, group, tags)

        return self._request(send, name="reqAccountSummary")

    reqAccountSummary = blocking(reqAccountSummaryFuture)
    reqAccountSummaryAsync = awaitable(reqAccountSummaryFuture)

    def reqPnL(self, account: str, modelCode: str = "") -> PnL:
        self._require_connected()
        req = self._req_id()
        p = PnL(account, modelCode)
        self._pnl[req] = p
        self._stream(lambda: self.client.reqPnL(req, account, modelCode), lambda: self._pnl.pop(req, None))
        return p

    def positions(self, account: str = "") -> list[Position]:
        return [p for (a, _), p in list(self._positions.items()) if not account or a == account]

    def portfolio(self, account: str = "") -> list[PortfolioItem]:
        return [p for (a, _), p in list(self._portfolio.items()) if not account or a == account]

    def accountValues(self, account: str = "") -> list[AccountValue]:
        return [v for v in list(self._account_values.values()) if not account or v.account == account]

    def accountSummary(self, account: str = "") -> list[AccountValue]:
        return [v for v in list(self._summary.values()) if not account or v.account == account]

    def pnl(self, account: str = "") -> list[PnL]:
        return [p for p in list(self._pnl.values()) if not account or p.account == account]
