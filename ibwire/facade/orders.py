"""Orders and trades: placing, modifying, cancelling; trades, fills and executions kept in sync.

What a user sees follows ib_async 2.1: the same status sequence and trade log (``TradeLogEntry``
status and message as ib_async writes them: ``""`` for a status change, ``"Modify"``/``"Modified"``,
``"Fill 100.0@150.25"``, ``"Error 202, reqId 7: ..."``), the same events, float sizes in
``OrderStatus`` and a commission report whose unset realized P&L reads 0. Where ib_async is wrong we
differ, on purpose (see the notes at ``_order_error``).
"""

from __future__ import annotations

import copy
import datetime as _dt
from concurrent.futures import Future
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from ..model import CommissionAndFeesReport, Contract, Execution, ExecutionFilter, Order, OrderCancel, OrderState
from ..model.const import UNSET_DECIMAL, UNSET_DOUBLE
from ..protocol.errors import CLIENT_CODES, NOTICE_CODES
from ..wrapper import EWrapper
from ._core import Core, RequestError, _follow, _now, awaitable, blocking
from ._time import ib_time
from .contract import recreate_contract
from .events import Event
from .objects import CommissionReport, Fill, OrderStatus, Trade, TradeLogEntry
from .objects import Execution as FillExecution
from .order import BracketOrder, LimitOrder, StopOrder, order_as_shown

if TYPE_CHECKING:
    from .ib import IB

__all__: list[str] = []

_O = TypeVar("_O", bound=Order)

#: Codes ib_async treats as warnings for an order (the order stays live): its status turns
#: ``ValidationError`` and the warning is logged. Notices (2100-2199) count too.
_WARNINGS = frozenset({105, 110, 165, 321, 329, 399, 404, 434, 492, 10167})
#: Warnings that refuse the request itself: for an order TWS never acknowledged (still PendingSubmit)
#: they are a rejection, and the order is over (ib_async leaves it ValidationError forever).
_REFUSALS = frozenset({321, 434})
#: Errors naming an order that do not end it: refused cancels (161 not cancellable, 10147 not found,
#: 10148 cannot be cancelled). ib_async marks the order Cancelled, which it is not (it may fill).
_CANCEL_REFUSED = frozenset({161, 10147, 10148})


def _size(x: Any) -> float:
    """A size as ib_async gives it: a float (an unset size is 0)."""
    if isinstance(x, Decimal):
        return 0.0 if x == UNSET_DECIMAL or not x.is_finite() else float(x)
    return float(x)


def _exec_time(ib: Any, text: str) -> _dt.datetime:
    """An execution's time as an aware UTC datetime, as ib_async gives it (a time without a zone is in the
    TWS zone); the current time when it cannot be read."""
    tz = getattr(ib, "TimezoneTWS", None)
    try:
        return ib_time(text, tz if isinstance(tz, _dt.tzinfo) else None)
    except ValueError:
        return _now()


def _set(value: str) -> bool:
    """Whether a what-if margin value is set (TWS sends an unset one first for some orders)."""
    try:
        return float(value) != UNSET_DOUBLE
    except (TypeError, ValueError):
        return False


class OrderCallbacks(EWrapper):
    """Order, status and execution messages into trades and fills."""

    ib: IB

    # orders
    def openOrder(self, orderId: int, contract: Contract, order: Order, orderState: OrderState) -> None:
        ib = self.ib
        if order.whatIf:
            # the answer to whatIfOrder; TWS may first send one without the margins
            if _set(orderState.initMarginChange):
                ib._finish(("whatIf", orderId), orderState)
            return
        trade = ib._trade_for(order.clientId, orderId, order.permId)
        if trade is None:
            trade = Trade(recreate_contract(contract), order_as_shown(order),
                          OrderStatus(orderId=orderId, status=orderState.status))
            key: Any = orderId if order.clientId == ib.client.clientId and orderId > 0 else ("perm", order.permId)
            ib._trades[key] = trade
        else:
            if order.permId and not trade.order.permId:
                ib._claim(trade, order.permId)
            # the user's order object stays; TWS's view of what may change in a modification is taken over
            o = trade.order
            o.permId, o.totalQuantity, o.lmtPrice, o.auxPrice = order.permId, order.totalQuantity, order.lmtPrice, \
                order.auxPrice
            o.orderType, o.orderRef = order.orderType, order.orderRef
        trade.orderState = orderState
        if order.permId:
            ib._by_perm.setdefault(order.permId, trade)
        with ib._lock:
            # order ids this client issues stay above every id seen (other clients' too): no duplicate ids
            ib._next_order_id = max(ib._next_order_id, orderId + 1)
        p = ib._get("openOrders")
        if p is not None:
            # an answer to reqOpenOrders / reqAllOpenOrders (no event, as in ib_async), each trade once
            # (an order's own openOrder may arrive meanwhile)
            if all(t is not trade for t in p.items):
                p.items.append(trade)
        else:
            ib.openOrderEvent.emit(trade)

    def openOrderEnd(self) -> None:
        self.ib._finish("openOrders")

    def orderStatus(self, orderId: int, status: str, filled: Decimal, remaining: Decimal, avgFillPrice: float,
                    permId: int, parentId: int, lastFillPrice: float, clientId: int, whyHeld: str,
                    mktCapPrice: float) -> None:
        ib = self.ib
        trade = ib._trade_for(clientId, orderId, permId)
        if trade is None:
            return
        if permId and not trade.order.permId:
            ib._claim(trade, permId)
        st = trade.orderStatus
        old = st.status
        new = (orderId, status, _size(filled), _size(remaining), avgFillPrice, permId, parentId, lastFillPrice,
               clientId, whyHeld, mktCapPrice)
        cur = (st.orderId, st.status, st.filled, st.remaining, st.avgFillPrice, st.permId, st.parentId,
               st.lastFillPrice, st.clientId, st.whyHeld, st.mktCapPrice)
        if new != cur:
            (st.orderId, st.status, st.filled, st.remaining, st.avgFillPrice, st.permId, st.parentId,
             st.lastFillPrice, st.clientId, st.whyHeld, st.mktCapPrice) = new
            msg: str | None = ""
        elif status == "Submitted" and trade.log and trade.log[-1].message == "Modify":
            msg = "Modified"  # TWS acknowledged a modification that changed nothing it reports
        else:
            msg = None
        if msg is not None:
            trade.log.append(TradeLogEntry(_now(), status, msg))
            ib.orderStatusEvent.emit(trade)
            trade.statusEvent.emit(trade)
            if status != old:
                if status == "Filled":
                    trade.filledEvent.emit(trade)
                elif status in ("Cancelled", "ApiCancelled"):
                    trade.cancelledEvent.emit(trade)
        ib._finish(("order", orderId), trade)

    def completedOrder(self, contract: Contract, order: Order, orderState: OrderState) -> None:
        ib = self.ib
        trade = Trade(recreate_contract(contract), order_as_shown(order),
                      OrderStatus(orderId=order.orderId, status=orderState.status), orderState=orderState)
        ib._add("completedOrders", trade)
        if order.permId and order.permId not in ib._by_perm:
            # an order done before this session: a trade of its own (ib.trades() lists it, as in ib_async)
            ib._trades[("perm", order.permId)] = trade
            ib._by_perm[order.permId] = trade

    def completedOrdersEnd(self) -> None:
        self.ib._finish("completedOrders")

    def execDetails(self, reqId: int, contract: Contract, execution: Execution) -> None:
        ib = self.ib
        live = ib._get(reqId) is None  # not an answer to reqExecutions
        trade = ib._trade_for(execution.clientId, execution.orderId, execution.permId)
        if trade is not None and execution.permId and trade.order.permId != execution.permId:
            if trade.order.permId:
                trade = ib._by_perm.get(execution.permId)  # an order of an earlier session with the same id
            else:
                ib._claim(trade, execution.permId)  # ours, its acknowledgement lost
        contract = trade.contract if trade is not None and contract == trade.contract else recreate_contract(contract)
        fill = ib._fills.get(execution.execId)
        if fill is None:
            exec_time = _exec_time(ib, execution.time)
            fill = Fill(contract, FillExecution.fromExecution(execution, exec_time), CommissionReport(),
                        _now() if live else exec_time)
            ib._fills[execution.execId] = fill
            if trade is not None and all(f.execution.execId != execution.execId for f in trade.fills):
                trade.fills.append(fill)
                trade.log.append(TradeLogEntry(fill.time, trade.orderStatus.status,
                                               f"Fill {_size(execution.shares)}@{execution.price}"))
                # announced live and when merged after a reconnect (ib_async: live only)
                ib.execDetailsEvent.emit(trade, fill)
                trade.fillEvent.emit(trade, fill)
        if not live:
            ib._add(reqId, fill)

    def execDetailsEnd(self, reqId: int) -> None:
        self.ib._finish(reqId)

    def commissionAndFeesReport(self, commissionAndFeesReport: CommissionAndFeesReport) -> None:
        ib = self.ib
        fill = ib._fills.get(commissionAndFeesReport.execId)
        if fill is None:
            return  # not an execution of this client
        # unset realized P&L (an opening fill) and yield read 0, as in ib_async
        report = fill.commissionReport.updateFrom(commissionAndFeesReport)
        trade = ib._by_perm.get(fill.execution.permId) if fill.execution.permId else None
        if trade is not None:
            ib.commissionReportEvent.emit(trade, fill, report)
            trade.commissionReportEvent.emit(trade, fill, report)


class OrdersMixin(Core):
    """Orders, trades, fills."""

    def __init__(self) -> None:
        super().__init__()
        self.newOrderEvent = Event("newOrderEvent")
        self.orderModifyEvent = Event("orderModifyEvent")
        self.cancelOrderEvent = Event("cancelOrderEvent")
        self.openOrderEvent = Event("openOrderEvent")
        self.orderStatusEvent = Event("orderStatusEvent")
        self.execDetailsEvent = Event("execDetailsEvent")
        self.commissionReportEvent = Event("commissionReportEvent")

    def _reset(self) -> None:
        super()._reset()
        self._next_order_id = 1
        self._trades: dict[Any, Trade] = {}  # own orders by orderId, others' by ("perm", permId)
        self._by_perm: dict[int, Trade] = {}
        self._fills: dict[str, Fill] = {}
        self._exercises: dict[int, Trade] = {}  # exercise requests by their order id (not among the trades)

    def _trade_for(self, clientId: int, orderId: int, permId: int) -> Trade | None:
        """The trade of an order: ours by order id, any by permId."""
        trade = None
        if orderId > 0 and clientId == self.client.clientId:
            trade = self._trades.get(orderId) or self._exercises.get(orderId)
        if trade is None and permId:
            trade = self._by_perm.get(permId) or self._trades.get(("perm", permId))
        return trade

    def _claim(self, trade: Trade, permId: int) -> None:
        """``trade`` (ours, whose acknowledgement was lost) is the order ``permId``; a trade taken for that
        order meanwhile (from the completed orders) is dropped."""
        trade.order.permId = permId
        self._by_perm[permId] = trade
        other = self._trades.get(("perm", permId))
        if other is not None and other is not trade:
            del self._trades[("perm", permId)]

    def _order_error(self, reqId: int, errorCode: int, errorString: str, exc: RequestError,
                     advancedOrderRejectJson: str = "") -> None:
        """An error naming ``reqId`` as an order id, onto its trade as ib_async does, except where it errs.

        A warning (ib_async's list, and notices) leaves the order live: status ``ValidationError`` and a
        log entry. Any other error ends an order that is not done (``Cancelled``, log entry with the
        code, ``advancedError`` from TWS's JSON). Differences from ib_async, on purpose: a refused
        cancel (161, 10147, 10148) is logged but does not mark the order cancelled (it may still fill);
        a refusal of a new order that TWS never acknowledged (321, 434 while PendingSubmit) ends it
        (ib_async leaves it ``ValidationError``, an active state, for good); error 201 (rejected) ends it
        ``Inactive``.

        A call waiting on the order (whatIfOrder) is failed by ``error`` afterwards, once errorEvent ran.
        """
        trade = self._trades.get(reqId) or self._exercises.get(reqId)
        if trade is None or errorCode in CLIENT_CODES:
            return
        st = trade.orderStatus
        warning = errorCode in _WARNINGS or errorCode in NOTICE_CODES or 2100 <= errorCode < 2200
        if errorCode == 110 and st.status == "PendingSubmit":
            warning = False  # a new order at a price off the tick grid is refused
        if warning and errorCode in _REFUSALS and st.status == "PendingSubmit":
            warning = False
        msg = f"{'Warning' if warning else 'Error'} {errorCode}, reqId {reqId}: {errorString}"
        if warning:
            st.status = "ValidationError"
            trade.log.append(TradeLogEntry(_now(), st.status, msg, errorCode))
            self.orderStatusEvent.emit(trade)
            trade.statusEvent.emit(trade)
            return
        advanced = advancedOrderRejectJson or getattr(exc, "advancedOrderRejectJson", "")
        if advanced:
            trade.advancedError = advanced
        if trade.isDone():
            return
        if errorCode in _CANCEL_REFUSED:
            trade.log.append(TradeLogEntry(_now(), st.status, msg, errorCode))
            return
        st.status = "Inactive" if errorCode == 201 else "Cancelled"
        trade.log.append(TradeLogEntry(_now(), st.status, msg, errorCode))
        self.orderStatusEvent.emit(trade)
        trade.statusEvent.emit(trade)
        trade.cancelledEvent.emit(trade)

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
                        self._claim(trade, f.execution.permId)
                        break
            final = done.get(trade.order.permId) if trade.order.permId else None
            total = _size(trade.order.totalQuantity)
            if final is not None:
                status = final.orderStatus.status
                fq = final.order.filledQuantity
                known = isinstance(fq, Decimal) and fq.is_finite() and fq != UNSET_DECIMAL and fq >= 0
                filled = _size(fq) if known else _size(trade.filled())
            else:
                filled = _size(trade.filled())
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

    def _take_order_id(self, count: int = 1) -> int:
        with self._lock:
            first = self._next_order_id
            self._next_order_id += count
        return first

    def placeOrder(self, contract: Contract, order: Order) -> Trade:
        """Place a new order, or modify the live one with this ``order.orderId``; the live :class:`Trade`.

        A new order gets the next order id and this client's id, and its trade starts ``PendingSubmit``
        (``newOrderEvent``); a modification logs ``Modify`` (``trade.modifyEvent``, ``orderModifyEvent``)
        and TWS's acknowledgement ``Modified``. Raises ``ConnectionError`` when not connected and
        :class:`RequestError` when the client could not send the order; nothing is recorded then.
        """
        self._require_connected()
        if order.orderId:
            with self._lock:
                self._next_order_id = max(self._next_order_id, order.orderId + 1)
        orderId = order.orderId or self._take_order_id()
        trade = self._trades.get(orderId)
        new = trade is None
        if trade is None:
            order.clientId = self.client.clientId or 0
            order.orderId = orderId
            trade = Trade(contract, order, OrderStatus(orderId=orderId, status="PendingSubmit"))
            trade.log.append(TradeLogEntry(_now(), "PendingSubmit"))
            self._trades[orderId] = trade  # before sending: the acknowledgement may come at once
            entry = None
        else:
            # logged before sending, so that TWS's acknowledgement ("Modified") and fills come after it
            entry = TradeLogEntry(_now(), trade.orderStatus.status, "Modify")
            trade.log.append(entry)
        err: BaseException | None
        try:
            err = self._send(lambda: self.client.placeOrder(orderId, contract, order))
        except BaseException as e:  # noqa: BLE001 - undone below, then raised
            err = e
        if err is not None:
            if new:
                self._trades.pop(orderId, None)
            else:
                trade.log[:] = [x for x in trade.log if x is not entry]
            raise err
        if new:
            self.newOrderEvent.emit(trade)
        else:
            trade.order = order
            trade.modifyEvent.emit(trade)
            self.orderModifyEvent.emit(trade)
        return trade

    def cancelOrder(self, order: Order, manualCancelOrderTime: str = "") -> Trade | None:
        """Ask TWS to cancel; the order's Trade (None if unknown) turns ``PendingCancel`` at once and
        ``Cancelled`` when TWS says so (``cancelledEvent``). An order never transmitted (``transmit=False``
        and still PendingSubmit) or Inactive is Cancelled at once, as in ib_async.

        Raises ``ConnectionError`` / :class:`RequestError` when the request could not be sent.
        """
        self._require_connected()
        oc = OrderCancel()
        oc.manualOrderCancelTime = manualCancelOrderTime
        trade = self._trade_for(order.clientId or self.client.clientId or 0, order.orderId, order.permId)
        # the trade turns PendingCancel before the request leaves: TWS's answer (Cancelled, error 202) is read on
        # another thread and may come before this call returns; it must come after, as in ib_async
        entry: TradeLogEntry | None = None
        old = ""
        if trade is not None and not trade.isDone():
            old = trade.orderStatus.status
            held = old == "PendingSubmit" and not order.transmit
            new = "Cancelled" if held or old == "Inactive" else "PendingCancel"
            entry = TradeLogEntry(_now(), new)
            trade.log.append(entry)
            trade.orderStatus.status = new
            trade.cancelEvent.emit(trade)
            trade.statusEvent.emit(trade)
            self.cancelOrderEvent.emit(trade)
            self.orderStatusEvent.emit(trade)
            if new == "Cancelled":
                trade.cancelledEvent.emit(trade)
        err = self._send(lambda: self.client.cancelOrder(order.orderId, oc))
        if err is not None:
            if trade is not None and entry is not None and trade.orderStatus.status == entry.status:
                # not sent: the trade is as it was, and its listeners hear so
                trade.orderStatus.status = old
                trade.log.remove(entry)
                trade.statusEvent.emit(trade)
                self.orderStatusEvent.emit(trade)
            raise err
        return trade

    def reqGlobalCancel(self) -> None:
        """Cancel every active order, of every client and of TWS itself."""
        self._require_connected()
        err = self._send(lambda: self.client.reqGlobalCancel(OrderCancel()))
        if err is not None:
            raise err

    def bracketOrder(self, action: str, quantity: float | Decimal, limitPrice: float, takeProfitPrice: float,
                     stopLossPrice: float, **kwargs: Any) -> BracketOrder:
        """A limit entry with a take-profit limit and a stop-loss stop exit, with order ids taken now;
        place all three, in order (``for o in bracket: ib.placeOrder(contract, o)``)."""
        if action not in ("BUY", "SELL"):
            raise ValueError(f"action must be 'BUY' or 'SELL', not {action!r}")
        pid = self._take_order_id(3)
        close = "SELL" if action == "BUY" else "BUY"
        parent = LimitOrder(action, quantity, limitPrice, orderId=pid, transmit=False, **kwargs)
        tp = LimitOrder(close, quantity, takeProfitPrice, orderId=pid + 1, transmit=False, parentId=pid, **kwargs)
        sl = StopOrder(close, quantity, stopLossPrice, orderId=pid + 2, transmit=True, parentId=pid, **kwargs)
        return BracketOrder(parent, tp, sl)

    @staticmethod
    def oneCancelsAll(orders: list[_O], ocaGroup: str, ocaType: int) -> list[_O]:
        """Put ``orders`` in one One-Cancels-All group (in place); returns them."""
        for o in orders:
            o.ocaGroup, o.ocaType = ocaGroup, ocaType
        return orders

    def whatIfOrderFuture(self, contract: Contract, order: Order) -> Future[OrderState]:
        """Margin and commission of an order, without placing it (``order`` is left as it is)."""
        o = copy.copy(order)
        o.whatIf = True
        o.orderId = self._take_order_id()
        p = self._start(("whatIf", o.orderId), None, "whatIfOrder")
        with self._lock:
            self._pending[o.orderId] = p  # errors name the order id
        if not self.client.isConnected():
            self._fail(o.orderId, ConnectionError("not connected"))
        else:
            err = self._send(lambda: self.client.placeOrder(o.orderId, contract, o))
            if err is not None:
                self._fail(o.orderId, err)
        def forget(_: Future[Any]) -> None:  # whichever key answered, the other goes too
            with self._lock:
                for k in (o.orderId, ("whatIf", o.orderId)):
                    if self._pending.get(k) is p:
                        del self._pending[k]

        p.future.add_done_callback(forget)
        return _follow(p.future)

    whatIfOrder = blocking(whatIfOrderFuture)
    whatIfOrderAsync = awaitable(whatIfOrderFuture)

    def reqOpenOrdersFuture(self) -> Future[list[Trade]]:
        """This client's open orders (and TWS's, for client id 0) as trades, also kept in :meth:`openTrades`."""
        return self._request(lambda _: self.client.reqOpenOrders(), key="openOrders", name="reqOpenOrders")

    reqOpenOrders = blocking(reqOpenOrdersFuture)
    reqOpenOrdersAsync = awaitable(reqOpenOrdersFuture)

    def reqAllOpenOrdersFuture(self) -> Future[list[Trade]]:
        """The open orders of every client and of TWS itself (others' are not kept in sync afterwards)."""
        # answered with the same openOrderEnd as reqOpenOrders: one of the two kinds in flight at a time
        return self._request(lambda _: self.client.reqAllOpenOrders(), key="openOrders", name="reqAllOpenOrders",
                             variant="all")

    reqAllOpenOrders = blocking(reqAllOpenOrdersFuture)
    reqAllOpenOrdersAsync = awaitable(reqAllOpenOrdersFuture)

    def reqCompletedOrdersFuture(self, apiOnly: bool = False) -> Future[list[Trade]]:
        """Orders done (filled or cancelled) as trades; ``apiOnly``: only those placed through the API."""
        return self._request(lambda _: self.client.reqCompletedOrders(apiOnly), key="completedOrders",
                             name="reqCompletedOrders", variant=apiOnly)

    reqCompletedOrders = blocking(reqCompletedOrdersFuture)
    reqCompletedOrdersAsync = awaitable(reqCompletedOrdersFuture)

    def reqExecutionsFuture(self, execFilter: ExecutionFilter | None = None) -> Future[list[Fill]]:
        """The fills of today that match ``execFilter`` (all without one); :meth:`fills` has them too."""
        return self._request(lambda r: self.client.reqExecutions(r, execFilter or ExecutionFilter()),
                             name="reqExecutions")

    reqExecutions = blocking(reqExecutionsFuture)
    reqExecutionsAsync = awaitable(reqExecutionsFuture)

    def reqAutoOpenOrders(self, autoBind: bool = True) -> None:
        """Bind orders placed in TWS to this client (client id 0 only; TWS's setting must allow it)."""
        self._require_connected()
        err = self._send(lambda: self.client.reqAutoOpenOrders(autoBind))
        if err is not None:
            raise err

    def exerciseOptions(self, contract: Contract, exerciseAction: int, exerciseQuantity: int, account: str,
                        override: int) -> Trade:
        """Exercise (``exerciseAction`` 1) or let lapse (2) ``exerciseQuantity`` options of ``contract``.

        TWS takes the request under an order id; the returned :class:`Trade` (ib_async returns None)
        follows it: its order has ``action`` ``EXERCISE`` or ``LAPSE`` and ``orderType`` ``EXERCISE``, its
        log the request and what TWS reports under that id; a refusal (e.g. 321) ends it ``Cancelled``
        with TWS's code in the log entry (and ``errorEvent``). It is not one of :meth:`trades` (TWS books
        the exercise in the positions). Raises ``ConnectionError`` / :class:`RequestError` when it could
        not be sent.
        """
        self._require_connected()
        orderId = self._take_order_id()
        o = Order()
        o.orderId, o.clientId, o.account = orderId, self.client.clientId or 0, account
        o.action = "EXERCISE" if exerciseAction == 1 else "LAPSE"
        o.orderType, o.totalQuantity = "EXERCISE", Decimal(exerciseQuantity)
        trade = Trade(contract, o, OrderStatus(orderId=orderId, status="PendingSubmit"))
        trade.log.append(TradeLogEntry(_now(), "PendingSubmit", o.action.capitalize()))
        self._exercises[orderId] = trade
        err = self._send(lambda: self.client.exerciseOptions(orderId, contract, exerciseAction, exerciseQuantity,
                                                             account, override, "", "", False))
        if err is not None:
            self._exercises.pop(orderId, None)
            raise err
        return trade

    def trades(self) -> list[Trade]:
        """Every trade of this session (orders placed, others' seen, completed ones fetched)."""
        return list(self._trades.values())

    def openTrades(self) -> list[Trade]:
        """The trades not done yet."""
        return [t for t in list(self._trades.values()) if not t.isDone()]

    def orders(self) -> list[Order]:
        """The order of every trade."""
        return [t.order for t in self.trades()]

    def openOrders(self) -> list[Order]:
        """The orders of the trades not done yet."""
        return [t.order for t in self.openTrades()]

    def fills(self) -> list[Fill]:
        """Every fill of this session."""
        return list(self._fills.values())

    def executions(self) -> list[FillExecution]:
        """The execution of every fill (time an aware datetime, sizes floats, as ib_async)."""
        return [f.execution for f in self.fills()]
