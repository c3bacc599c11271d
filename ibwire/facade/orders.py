"""Orders and trades: placing, modifying, cancelling; trades, fills and executions kept in sync."""

from __future__ import annotations

import copy
from concurrent.futures import Future
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..model import CommissionAndFeesReport, Contract, Execution, ExecutionFilter, Order, OrderCancel, OrderState
from ..wrapper import EWrapper
from ..model.const import UNSET_DECIMAL
from ..protocol.errors import CLIENT_CODES, NOTICE_CODES
from ._core import Core, RequestError, _follow, _now, awaitable, blocking
from .events import Event
from .objects import Fill, OrderStatus, Trade, TradeLogEntry
from .order import LimitOrder, StopOrder

if TYPE_CHECKING:
    from .ib import IB


#: Errors naming an order that do not end it: cancel notices and refused cancels
#: (161 not cancellable, 10147 not found, 10148 cannot be cancelled), warnings.
_NOT_A_FAILURE_FOR_ORDERS = frozenset({161, 202, 10147, 10148, 399, 10167})


class OrderCallbacks(EWrapper):
    """Order, status and execution messages into trades and fills."""

    ib: IB

    # orders
    def openOrder(self, orderId: int, contract: Contract, order: Order, orderState: OrderState) -> None:
        ib = self.ib
        if order.whatIf:
            ib._finish(("whatIf", orderId), orderState)
            return
        key = orderId if order.clientId == ib.client.clientId and orderId else ("perm", order.permId)
        trade = ib._trades.get(key)
        if trade is None:
            trade = Trade(contract, order, OrderStatus(orderId=orderId, status=orderState.status))
            ib._trades[key] = trade
            ib.newOrderEvent.emit(trade)
        else:
            trade.order.permId = order.permId
            trade.contract = contract
        trade.orderState = orderState
        if order.permId:
            ib._by_perm[order.permId] = trade
        p = ib._get("openOrders")
        if p is not None:
            p.items.append(trade)
        ib.openOrderEvent.emit(trade)

    def openOrderEnd(self) -> None:
        self.ib._finish("openOrders")

    def orderStatus(self, orderId: int, status: str, filled: Decimal, remaining: Decimal, avgFillPrice: float,
                    permId: int, parentId: int, lastFillPrice: float, clientId: int, whyHeld: str,
                    mktCapPrice: float) -> None:
        ib = self.ib
        trade = ib._trades.get(orderId) if clientId == ib.client.clientId else None
        if trade is None and permId:
            trade = ib._by_perm.get(permId)
        if trade is None:
            return
        if permId and not trade.order.permId:
            trade.order.permId = permId
            ib._by_perm[permId] = trade
        st = trade.orderStatus
        old = st.status
        st.orderId, st.status, st.filled, st.remaining = orderId, status, filled, remaining
        st.avgFillPrice, st.permId, st.parentId, st.lastFillPrice = avgFillPrice, permId, parentId, lastFillPrice
        st.clientId, st.whyHeld, st.mktCapPrice = clientId, whyHeld, mktCapPrice
        if old != status:
            trade.log.append(TradeLogEntry(_now(), status))
        ib._finish(("order", orderId), trade)
        ib.orderStatusEvent.emit(trade)
        trade.statusEvent.emit(trade)
        if status == "Filled" and old != "Filled":
            trade.filledEvent.emit(trade)
        elif status in ("Cancelled", "ApiCancelled") and old != status:
            trade.cancelledEvent.emit(trade)

    def completedOrder(self, contract: Contract, order: Order, orderState: OrderState) -> None:
        p = self.ib._get("completedOrders")
        if p is not None:
            p.items.append(Trade(contract, order, OrderStatus(status=orderState.status), orderState=orderState))

    def completedOrdersEnd(self) -> None:
        self.ib._finish("completedOrders")

    def execDetails(self, reqId: int, contract: Contract, execution: Execution) -> None:
        ib = self.ib
        fill = ib._fills.get(execution.execId)
        if fill is None:
            fill = Fill(contract, execution, CommissionAndFeesReport(), _now())
            ib._fills[execution.execId] = fill
            trade = ib._by_perm.get(execution.permId) if execution.permId else None
            if trade is None and execution.clientId == ib.client.clientId:
                trade = ib._trades.get(execution.orderId)
                if trade is not None and execution.permId and not trade.order.permId:
                    trade.order.permId = execution.permId  # its acknowledgement was lost
                    ib._by_perm[execution.permId] = trade
            if trade is not None and all(f.execution.execId != execution.execId for f in trade.fills):
                trade.fills.append(fill)
                trade.fillEvent.emit(trade, fill)
            ib.execDetailsEvent.emit(trade, fill)
        if reqId >= 0:
            ib._add(reqId, fill)

    def execDetailsEnd(self, reqId: int) -> None:
        self.ib._finish(reqId)

    def commissionAndFeesReport(self, commissionAndFeesReport: CommissionAndFeesReport) -> None:
        ib = self.ib
        fill = ib._fills.get(commissionAndFeesReport.execId)
        if fill is not None:
            fill.commissionReport = commissionAndFeesReport
            trade = ib._by_perm.get(fill.execution.permId) if fill.execution.permId else None
            ib.commissionReportEvent.emit(trade, fill, commissionAndFeesReport)


class OrdersMixin(Core):
    """Orders, trades, fills."""

    def __init__(self) -> None:
        super().__init__()
        self.orderStatusEvent = Event("orderStatusEvent")
        self.openOrderEvent = Event("openOrderEvent")
        self.newOrderEvent = Event("newOrderEvent")
        self.execDetailsEvent = Event("execDetailsEvent")
        self.commissionReportEvent = Event("commissionReportEvent")

    def _reset(self) -> None:
        super()._reset()
        self._next_order_id = 1
        self._trades: dict[Any, Trade] = {}
        self._by_perm: dict[int, Trade] = {}
        self._fills: dict[str, Fill] = {}

    def _order_error(self, reqId: int, errorCode: int, errorString: str, exc: RequestError) -> None:
        """An error naming ``reqId`` as an order id: logged on its trade; a refusal ends the order."""
        failure = errorCode not in NOTICE_CODES
        trade = self._trades.get(reqId)
        if trade is not None:
            trade.log.append(TradeLogEntry(_now(), trade.orderStatus.status, errorString, errorCode))
            if failure and errorCode not in _NOT_A_FAILURE_FOR_ORDERS and errorCode not in CLIENT_CODES \
                    and not trade.isDone():
                # rejected by TWS, which sends no status for an order it refused
                trade.orderStatus.status = "Cancelled" if errorCode != 201 else "Inactive"
                self.orderStatusEvent.emit(trade)
                trade.statusEvent.emit(trade)
                trade.cancelledEvent.emit(trade)
            if failure:
                self._fail(("order", reqId), exc)

    def _reconcile(self, trades: list[Trade], open_trades: list[Trade], completed: list[Trade]) -> None:
        """After a resync, each trade we knew before it takes the state TWS reports for it.

        Open orders brought their own status. A trade that is not open any more is matched to its
        completed order by permId; a trade whose acknowledgement was lost (permId still 0) learns its
        permId from its executions (orderId and clientId), or else is not known to TWS at all.
        """
        open_trades_ = {id(t) for t in open_trades}
        open_perms = {t.order.permId for t in open_trades if t.order.permId}
        done = {t.order.permId: t for t in completed if t.order.permId}
        for trade in trades:
            if trade.isDone() or id(trade) in open_trades_ or trade.order.permId in open_perms:
                continue
            if not trade.order.permId:
                for f in trade.fills:
                    if f.execution.permId:
                        trade.order.permId = f.execution.permId
                        self._by_perm[f.execution.permId] = trade
                        break
            final = done.get(trade.order.permId) if trade.order.permId else None
            total = trade.order.totalQuantity
            if final is not None:
                status = final.orderStatus.status
                filled = final.order.filledQuantity
                if not isinstance(filled, Decimal) or filled == UNSET_DECIMAL or filled < 0:
                    filled = trade.filled()
            else:
                filled = trade.filled()
                # not open and not among TWS's completed orders: filled if the executions say so,
                # otherwise TWS no longer works it (or never received it)
                status = "Filled" if filled >= total else "Cancelled"
            st = trade.orderStatus
            if (status, filled) != (st.status, st.filled) or st.remaining != total - filled:
                old = st.status
                st.status, st.filled, st.remaining = status, filled, total - filled
                trade.log.append(TradeLogEntry(_now(), status, "resynced after reconnect"))
                self.orderStatusEvent.emit(trade)
                trade.statusEvent.emit(trade)
                if status == "Filled" and old != "Filled":
                    trade.filledEvent.emit(trade)
                elif status in ("Cancelled", "ApiCancelled", "Inactive") and old != status:
                    trade.cancelledEvent.emit(trade)

    def placeOrder(self, contract: Contract, order: Order) -> Trade:
        """Place (or modify, when ``order.orderId`` is a live trade's) and return the live :class:`Trade`.

        Raises ``ConnectionError`` when not connected and :class:`RequestError` when the client could
        not send the order; nothing is recorded then.
        """
        self._require_connected()
        with self._lock:
            if not order.orderId:
                order.orderId = self._next_order_id
                self._next_order_id += 1
            else:
                self._next_order_id = max(self._next_order_id, order.orderId + 1)
        order.clientId = self.client.clientId or 0
        trade = self._trades.get(order.orderId)
        new = trade is None
        if trade is None:
            trade = Trade(contract, order, OrderStatus(orderId=order.orderId, status="PendingSubmit"))
            self._trades[order.orderId] = trade  # before sending: the acknowledgement may come at once
        try:
            err = self._send(lambda: self.client.placeOrder(order.orderId, contract, order))
        except BaseException:
            if new:
                self._trades.pop(order.orderId, None)
            raise
        if err is not None:
            if new:
                self._trades.pop(order.orderId, None)
            raise err
        if new:
            trade.log.append(TradeLogEntry(_now(), "PendingSubmit"))
            self.newOrderEvent.emit(trade)
        else:
            trade.order = order
            trade.log.append(TradeLogEntry(_now(), trade.orderStatus.status, "Modify"))
        return trade

    def cancelOrder(self, order: Order, manualCancelOrderTime: str = "") -> Trade | None:
        """Ask TWS to cancel; the Trade turns Cancelled when TWS says so (``cancelledEvent``).

        Raises ``ConnectionError`` / :class:`RequestError` when the request could not be sent.
        """
        self._require_connected()
        oc = OrderCancel()
        oc.manualOrderCancelTime = manualCancelOrderTime
        err = self._send(lambda: self.client.cancelOrder(order.orderId, oc))
        if err is not None:
            raise err
        return self._trades.get(order.orderId)

    def reqGlobalCancel(self) -> None:
        self._require_connected()
        err = self._send(lambda: self.client.reqGlobalCancel(OrderCancel()))
        if err is not None:
            raise err

    def bracketOrder(self, action: str, quantity: float | Decimal, limitPrice: float, takeProfitPrice: float,
                     stopLossPrice: float, **kw: Any) -> list[Order]:
        """Parent limit order with a take-profit and a stop-loss child (place all three, in order)."""
        with self._lock:
            pid = self._next_order_id
            self._next_order_id += 3
        close = "SELL" if action.upper() == "BUY" else "BUY"
        parent = LimitOrder(action, quantity, limitPrice, orderId=pid, transmit=False, **kw)
        tp = LimitOrder(close, quantity, takeProfitPrice, orderId=pid + 1, parentId=pid, transmit=False, **kw)
        sl = StopOrder(close, quantity, stopLossPrice, orderId=pid + 2, parentId=pid, transmit=True, **kw)
        return [parent, tp, sl]

    @staticmethod
    def oneCancelsAll(orders: list[Order], ocaGroup: str, ocaType: int = 1) -> list[Order]:
        for o in orders:
            o.ocaGroup, o.ocaType = ocaGroup, ocaType
        return orders

    def whatIfOrderFuture(self, contract: Contract, order: Order) -> Future[OrderState]:
        """Margin and commission of an order, without placing it."""
        o = copy.copy(order)
        o.whatIf = True
        with self._lock:
            o.orderId = self._next_order_id
            self._next_order_id += 1
        p = self._start(("whatIf", o.orderId), None, "whatIfOrder")
        with self._lock:
            self._pending[o.orderId] = p  # errors name the order id
        if not self.client.isConnected():
            self._fail(o.orderId, ConnectionError("not connected"))
        else:
            err = self._send(lambda: self.client.placeOrder(o.orderId, contract, o))
            if err is not None:
                self._fail(o.orderId, err)
        return _follow(p.future)

    whatIfOrder = blocking(whatIfOrderFuture)
    whatIfOrderAsync = awaitable(whatIfOrderFuture)

    def reqOpenOrdersFuture(self) -> Future[list[Trade]]:
        return self._request(lambda _: self.client.reqOpenOrders(), key="openOrders", name="reqOpenOrders")

    reqOpenOrders = blocking(reqOpenOrdersFuture)
    reqOpenOrdersAsync = awaitable(reqOpenOrdersFuture)

    def reqAllOpenOrdersFuture(self) -> Future[list[Trade]]:
        # answered with the same openOrderEnd as reqOpenOrders: one of the two kinds in flight at a time
        """The open orders of every client and of TWS itself."""
        return self._request(lambda _: self.client.reqAllOpenOrders(), key="openOrders", name="reqAllOpenOrders",
                             variant="all")

    reqAllOpenOrders = blocking(reqAllOpenOrdersFuture)
    reqAllOpenOrdersAsync = awaitable(reqAllOpenOrdersFuture)

    def reqCompletedOrdersFuture(self, apiOnly: bool = False) -> Future[list[Trade]]:
        return self._request(lambda _: self.client.reqCompletedOrders(apiOnly), key="completedOrders",
                             name="reqCompletedOrders", variant=apiOnly)

    reqCompletedOrders = blocking(reqCompletedOrdersFuture)
    reqCompletedOrdersAsync = awaitable(reqCompletedOrdersFuture)

    def reqExecutionsFuture(self, execFilter: ExecutionFilter | None = None) -> Future[list[Fill]]:
        return self._request(lambda r: self.client.reqExecutions(r, execFilter or ExecutionFilter()))

    reqExecutions = blocking(reqExecutionsFuture)
    reqExecutionsAsync = awaitable(reqExecutionsFuture)

    def trades(self) -> list[Trade]:
        return list(self._trades.values())

    def openTrades(self) -> list[Trade]:
        return [t for t in list(self._trades.values()) if not t.isDone()]

    def orders(self) -> list[Order]:
        return [t.order for t in self.trades()]

    def openOrders(self) -> list[Order]:
        return [t.order for t in self.openTrades()]

    def fills(self) -> list[Fill]:
        return list(self._fills.values())

    def executions(self) -> list[Execution]:
        return [f.execution for f in self.fills()]
