"""Account and portfolio: positions, portfolio, account values and summary, PnL.

As in ib_async 2.1: ``AccountValue``, ``Position`` and ``PortfolioItem`` are named tuples with float
sizes; account values of ``reqAccountUpdates`` and ``reqAccountUpdatesMulti`` share one table (keyed by
account, tag, currency and model code); ``accountSummary()`` fetches the summary on first use; ``PnL``
and ``PnLSingle`` objects are updated in place and resubscribed after a reconnect.
"""

from __future__ import annotations

from concurrent.futures import Future
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..model import Contract
from ..model.const import UNSET_DECIMAL
from ..wrapper import EWrapper
from ._core import Core, awaitable, blocking
from .contract import recreate_contract
from .events import Event
from .objects import AccountValue, PnL, PnLSingle, PortfolioItem, Position

if TYPE_CHECKING:
    from .ib import IB

__all__: list[str] = []

#: The tags ``reqAccountSummary`` asks for unless told otherwise (ib_async's list).
ACCOUNT_SUMMARY_TAGS = (
    "AccountType,NetLiquidation,TotalCashValue,SettledCash,AccruedCash,BuyingPower,EquityWithLoanValue,"
    "PreviousDayEquityWithLoanValue,GrossPositionValue,RegTEquity,RegTMargin,SMA,InitMarginReq,MaintMarginReq,"
    "AvailableFunds,ExcessLiquidity,Cushion,FullInitMarginReq,FullMaintMarginReq,FullAvailableFunds,"
    "FullExcessLiquidity,LookAheadNextChange,LookAheadInitMarginReq,LookAheadMaintMarginReq,"
    "LookAheadAvailableFunds,LookAheadExcessLiquidity,HighestSeverity,DayTradesRemaining,DayTradesRemainingT+1,"
    "DayTradesRemainingT+2,DayTradesRemainingT+3,DayTradesRemainingT+4,Leverage,$LEDGER:ALL")


def _size(x: Any) -> float:
    """A position as ib_async gives it: a float (unset reads 0)."""
    if isinstance(x, Decimal):
        return 0.0 if x == UNSET_DECIMAL or not x.is_finite() else float(x)
    return float(x)


def _none(f: Future[Any]) -> Future[None]:
    """Settled like ``f``, with None for its value (the calls that only say when they are done)."""
    out: Future[None] = Future()

    def done(g: Future[Any]) -> None:
        e = g.exception()
        if e is not None:
            out.set_exception(e)
        else:
            out.set_result(None)

    f.add_done_callback(done)
    return out


class AccountCallbacks(EWrapper):
    """Account messages into positions, portfolio, values and PnL."""

    ib: IB

    # account
    def updateAccountValue(self, key: str, val: str, currency: str, accountName: str) -> None:
        v = AccountValue(accountName, key, val, currency, "")
        self.ib._account_values[(accountName, key, currency, "")] = v
        self.ib.accountValueEvent.emit(v)

    def accountUpdateMulti(self, reqId: int, account: str, modelCode: str, key: str, value: str,
                           currency: str) -> None:
        v = AccountValue(account, key, value, currency, modelCode)
        self.ib._account_values[(account, key, currency, modelCode)] = v
        self.ib.accountValueEvent.emit(v)

    def accountUpdateMultiEnd(self, reqId: int) -> None:
        self.ib._finish(reqId)

    def updatePortfolio(self, contract: Contract, position: Decimal, marketPrice: float, marketValue: float,
                        averageCost: float, unrealizedPNL: float, realizedPNL: float, accountName: str) -> None:
        size = _size(position)
        contract = recreate_contract(contract)  # a Stock, Option... as in ib_async
        item = PortfolioItem(contract, size, marketPrice, marketValue, averageCost, unrealizedPNL, realizedPNL,
                             accountName)
        key = (accountName, contract.conId)
        if size == 0:
            self.ib._portfolio.pop(key, None)
        else:
            self.ib._portfolio[key] = item
        self.ib.updatePortfolioEvent.emit(item)

    def accountDownloadEnd(self, accountName: str) -> None:
        self.ib._finish("accountUpdates")

    def updateAccountTime(self, timeStamp: str) -> None:
        pass

    def position(self, account: str, contract: Contract, position: Decimal, avgCost: float) -> None:
        size = _size(position)
        p = Position(account, recreate_contract(contract), size, avgCost)
        key = (account, contract.conId)
        if size == 0:
            self.ib._positions.pop(key, None)
        else:
            self.ib._positions[key] = p
        self.ib._add("positions", p)
        self.ib.positionEvent.emit(p)

    def positionEnd(self) -> None:
        self.ib._finish("positions")

    def accountSummary(self, reqId: int, account: str, tag: str, value: str, currency: str) -> None:
        v = AccountValue(account, tag, value, currency, "")
        self.ib._summary[(account, tag, currency)] = v
        self.ib._add(reqId, v)
        self.ib.accountSummaryEvent.emit(v)

    def accountSummaryEnd(self, reqId: int) -> None:
        self.ib._finish(reqId)

    def pnl(self, reqId: int, dailyPnL: float, unrealizedPnL: float, realizedPnL: float) -> None:
        p = self.ib._pnl.get(reqId)
        if p is not None:
            p.dailyPnL, p.unrealizedPnL, p.realizedPnL = dailyPnL, unrealizedPnL, realizedPnL
            self.ib.pnlEvent.emit(p)

    def pnlSingle(self, reqId: int, pos: Decimal, dailyPnL: float, unrealizedPnL: float, realizedPnL: float,
                  value: float) -> None:
        p = self.ib._pnl_single.get(reqId)
        if p is not None:
            p.position = _size(pos)
            p.dailyPnL, p.unrealizedPnL, p.realizedPnL, p.value = dailyPnL, unrealizedPnL, realizedPnL, value
            self.ib.pnlSingleEvent.emit(p)


class AccountMixin(Core):
    """The account's state and its requests."""

    def __init__(self) -> None:
        super().__init__()
        self.updatePortfolioEvent = Event("updatePortfolioEvent")
        self.positionEvent = Event("positionEvent")
        self.accountValueEvent = Event("accountValueEvent")
        self.accountSummaryEvent = Event("accountSummaryEvent")
        self.pnlEvent = Event("pnlEvent")
        self.pnlSingleEvent = Event("pnlSingleEvent")

    def _reset(self) -> None:
        super()._reset()
        self._positions: dict[tuple[str, int], Position] = {}
        self._portfolio: dict[tuple[str, int], PortfolioItem] = {}
        self._account_values: dict[tuple[str, str, str, str], AccountValue] = {}
        self._summary: dict[tuple[str, str, str], AccountValue] = {}
        self._pnl: dict[int, PnL] = {}
        self._pnl_single: dict[int, PnLSingle] = {}

    def _is_stream(self, reqId: int) -> bool:
        return reqId in self._pnl or reqId in self._pnl_single or super()._is_stream(reqId)

    def _resubscribe_streams(self, reconnected: bool) -> None:
        super()._resubscribe_streams(reconnected)
        if reconnected:  # account data survives 1101
            c = self.client
            self._renumber(self._pnl, None, lambda req, p: c.reqPnL(req, p.account, p.modelCode))
            self._renumber(self._pnl_single, None,
                           lambda req, p: c.reqPnLSingle(req, p.account, p.modelCode, p.conId))

    def reqPositionsFuture(self) -> Future[list[Position]]:
        """Every position of every account (also kept in :meth:`positions`)."""
        return self._request(lambda _: self.client.reqPositions(), key="positions", name="reqPositions")

    reqPositions = blocking(reqPositionsFuture)
    reqPositionsAsync = awaitable(reqPositionsFuture)

    def reqAccountUpdatesFuture(self, account: str = "") -> Future[None]:
        """Subscribe to the values and portfolio of ``account``; done when both have arrived.

        ``connect`` makes this subscription for its account: there is no need to call it again.
        """
        return _none(self._request(lambda _: self.client.reqAccountUpdates(True, account), key="accountUpdates",
                                   name="reqAccountUpdates", variant=account))

    reqAccountUpdates = blocking(reqAccountUpdatesFuture)
    reqAccountUpdatesAsync = awaitable(reqAccountUpdatesFuture)

    def reqAccountUpdatesMultiFuture(self, account: str = "", modelCode: str = "") -> Future[None]:
        """Values of ``account`` (all with ``""``) by model into :meth:`accountValues`; done when they arrived."""
        def send(req: int) -> None:
            self.client.reqAccountUpdatesMulti(req, account, modelCode, False)

        return _none(self._request(send, name="reqAccountUpdatesMulti"))

    reqAccountUpdatesMulti = blocking(reqAccountUpdatesMultiFuture)
    reqAccountUpdatesMultiAsync = awaitable(reqAccountUpdatesMultiFuture)

    def reqAccountSummaryFuture(self, group: str = "All", tags: str = "") -> Future[list[AccountValue]]:
        """Subscribe to the account summary (ib_async's tags unless ``tags`` are given); the values once all
        have arrived. :meth:`accountSummary` keeps them, updated."""
        tags = tags or ACCOUNT_SUMMARY_TAGS

        def send(req: int) -> None:
            self.client.reqAccountSummary(req, group, tags)

        return self._request(send, name="reqAccountSummary")

    reqAccountSummary = blocking(reqAccountSummaryFuture)
    reqAccountSummaryAsync = awaitable(reqAccountSummaryFuture)

    def accountSummaryFuture(self, account: str = "") -> Future[list[AccountValue]]:
        """The account summary of ``account`` (all with ``""``); the first call subscribes and waits for it."""
        def pick() -> list[AccountValue]:
            return [v for v in list(self._summary.values()) if not account or v.account == account]

        out: Future[list[AccountValue]] = Future()
        if self._summary:
            out.set_result(pick())
            return out
        sub = self.reqAccountSummaryFuture()

        def done(f: Future[list[AccountValue]]) -> None:
            e = f.exception()
            if e is not None:
                out.set_exception(e)
            else:
                out.set_result(pick())

        sub.add_done_callback(done)
        return out

    def accountSummary(self, account: str = "") -> list[AccountValue]:
        """The account summary of ``account`` (all with ``""``), kept up to date; the first call subscribes
        and waits for it (later calls do not wait, so they may be made from an event handler too)."""
        if self._summary:
            return [v for v in list(self._summary.values()) if not account or v.account == account]
        return self._wait(self.accountSummaryFuture(account))

    accountSummaryAsync = awaitable(accountSummaryFuture)

    def reqPnL(self, account: str, modelCode: str = "") -> PnL:
        """Subscribe to the daily P&L of ``account`` (and model): a :class:`PnL` updated in place
        (``pnlEvent``), also in :meth:`pnl`. Asking again for the same gives the same object."""
        self._require_connected()
        for p in list(self._pnl.values()):
            if (p.account, p.modelCode) == (account, modelCode):
                return p
        req = self._req_id()
        p = PnL(account, modelCode)
        self._pnl[req] = p
        self._stream(lambda: self.client.reqPnL(req, account, modelCode), lambda: self._pnl.pop(req, None))
        return p

    def cancelPnL(self, account: str, modelCode: str = "") -> None:
        """End the P&L subscription of ``account`` (and model); nothing to end is no error."""
        for req, p in list(self._pnl.items()):
            if (p.account, p.modelCode) == (account, modelCode):
                del self._pnl[req]
                if self.client.isConnected():
                    self.client.cancelPnL(req)
                return

    def reqPnLSingle(self, account: str, modelCode: str, conId: int) -> PnLSingle:
        """Subscribe to the daily P&L of one position: a :class:`PnLSingle` updated in place
        (``pnlSingleEvent``), also in :meth:`pnlSingle`. Asking again for the same gives the same object."""
        self._require_connected()
        for p in list(self._pnl_single.values()):
            if (p.account, p.modelCode, p.conId) == (account, modelCode, conId):
                return p
        req = self._req_id()
        p = PnLSingle(account, modelCode, conId)
        self._pnl_single[req] = p
        self._stream(lambda: self.client.reqPnLSingle(req, account, modelCode, conId),
                     lambda: self._pnl_single.pop(req, None))
        return p

    def cancelPnLSingle(self, account: str, modelCode: str, conId: int) -> None:
        """End the P&L subscription of one position."""
        for req, p in list(self._pnl_single.items()):
            if (p.account, p.modelCode, p.conId) == (account, modelCode, conId):
                del self._pnl_single[req]
                if self.client.isConnected():
                    self.client.cancelPnLSingle(req)
                return

    def positions(self, account: str = "") -> list[Position]:
        """Positions of ``account`` (all with ``""``), kept up to date."""
        return [p for (a, _), p in list(self._positions.items()) if not account or a == account]

    def portfolio(self, account: str = "") -> list[PortfolioItem]:
        """Portfolio of ``account`` (all with ``""``), kept up to date."""
        return [p for (a, _), p in list(self._portfolio.items()) if not account or a == account]

    def accountValues(self, account: str = "") -> list[AccountValue]:
        """Account values of ``account`` (all with ``""``), kept up to date."""
        return [v for v in list(self._account_values.values()) if not account or v.account == account]

    def pnl(self, account: str = "", modelCode: str = "") -> list[PnL]:
        """The P&L subscriptions, those of ``account`` and ``modelCode`` when given."""
        return [p for p in list(self._pnl.values())
                if (not account or p.account == account) and (not modelCode or p.modelCode == modelCode)]

    def pnlSingle(self, account: str = "", modelCode: str = "", conId: int = 0) -> list[PnLSingle]:
        """The single-position P&L subscriptions, filtered by whichever of the arguments are given."""
        return [p for p in list(self._pnl_single.values())
                if (not account or p.account == account) and (not modelCode or p.modelCode == modelCode)
                and (not conId or p.conId == conId)]
