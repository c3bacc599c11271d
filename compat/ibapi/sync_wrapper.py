"""TWSSyncWrapper: blocking calls over the threaded client, with the official method names.

Results have the official shapes (positions by account, account summary by
account and tag, open orders by order id, order status as a dict of the
orderStatus arguments). Each call registers a pending request (a ``concurrent.futures.Future``)
*before* sending, so an answer can never arrive unobserved, and ends with the
result, a ``ResponseTimeout``, or an exception carrying the TWS error
(``(reqId, code, text)``) — never a hang, never a shared flag.
"""

from __future__ import annotations

import threading
import time  # noqa: F401
from concurrent.futures import Future
from concurrent.futures import TimeoutError as _FutureTimeout
from decimal import Decimal  # noqa: F401
from typing import Any

from ibwire.model import BarData, Contract, ContractDetails, Execution, ExecutionFilter, Order, OrderCancel  # noqa: F401
from ibwire.model import OrderState  # noqa: F401
from ibwire.protocol.errors import NOTICE_CODES

from .account_summary_tags import AccountSummaryTags  # noqa: F401
from .client import EClient
from .common import OrderId, TickerId  # noqa: F401
from .ticktype import TickTypeEnum  # noqa: F401
from .wrapper import EWrapper

__all__ = ["TWSSyncWrapper", "ResponseTimeout"]

# notices, and the cancel confirmation (202), are not failures of a request
_INFO = NOTICE_CODES | {202}


class ResponseTimeout(Exception):
    """No answer within the timeout."""


class TWSError(Exception):
    """TWS refused the request: ``code`` and ``text`` as in the error callback."""

    def __init__(self, req_id: int, code: int, text: str) -> None:
        super().__init__(req_id, code, text)
        self.req_id, self.code, self.text = req_id, code, text


class _Pending:
    def __init__(self) -> None:
        self.future: Future[Any] = Future()
        self.items: list[Any] = []


class TWSSyncWrapper(EWrapper, EClient):
    """Connect, then call ``get_*`` / ``*_sync`` methods; each blocks until its answer."""

    def __init__(self, timeout: float = 30) -> None:
        EWrapper.__init__(self)
        EClient.__init__(self, self)
        self.timeout = timeout
        self._lock = threading.Lock()
        self._pending: dict[Any, _Pending] = {}
        self._req = 10_000
        self.next_valid_id_value: int | None = None
        self.api_thread: threading.Thread | None = None
        self.errors: dict[int, list[tuple[int, str]]] = {}

    # --- plumbing ----------------------------------------------------------------------------

    def _new_id(self) -> int:
        with self._lock:
            self._req += 1
            return self._req

    def _open(self, key: Any) -> _Pending:
        p = _Pending()
        with self._lock:
            self._pending[key] = p
        return p

    def _get(self, key: Any) -> _Pending | None:
        with self._lock:
            return self._pending.get(key)

    def _finish(self, key: Any, value: Any = None) -> None:
        with self._lock:
            p = self._pending.pop(key, None)
        if p is not None and not p.future.done():
            p.future.set_result(p.items if value is None else value)

    def _wait(self, key: Any, p: _Pending, timeout: float | None) -> Any:
        try:
            return p.future.result(self.timeout if timeout is None else timeout)
        except _FutureTimeout:
            with self._lock:
                self._pending.pop(key, None)
            raise ResponseTimeout(f"no answer to request {key} within {timeout or self.timeout} s") from None

    def connect_and_start(self, host: str, port: int, client_id: int) -> bool:
        p = self._open("nextValidId")
        self.connect(host, port, client_id)
        if not self.isConnected():
            return False
        self.api_thread = threading.Thread(target=self.run, name="ibapi-sync-run", daemon=True)
        self.api_thread.start()
        try:
            self._wait("nextValidId", p, 10)
        except ResponseTimeout:
            return False
        return True

    def disconnect_and_stop(self) -> None:
        self.disconnect()
        if self.api_thread is not None and self.api_thread is not threading.current_thread():
            self.api_thread.join(5)

    # --- callbacks ------------------------------------------------------------------------------

    def nextValidId(self, orderId: int) -> None:
        self.next_valid_id_value = orderId
        self._finish("nextValidId", orderId)

    def error(self, reqId: int, errorTime: int, errorCode: int, errorString: str,  # type: ignore[override]
              advancedOrderRejectJson: str = "") -> None:
        super().error(reqId, errorTime, errorCode, errorString, advancedOrderRejectJson)
        self.errors.setdefault(reqId, []).append((errorCode, errorString))
        if errorCode in _INFO or reqId < 0:
            return
        with self._lock:
            p = self._pending.pop(reqId, None)
        if p is not None and not p.future.done():
            p.future.set_exception(TWSError(reqId, errorCode, errorString))

    def currentTime(self, time_value: int) -> None:
        self._finish("currentTime", time_value)

    def contractDetails(self, reqId: int, contractDetails: ContractDetails) -> None:
        p = self._get(reqId)
        if p is not None:
            p.items.append(contractDetails)

    def contractDetailsEnd(self, reqId: int) -> None:
        self._finish(reqId)

    def historicalData(self, reqId: int, bar: BarData) -> None:
        p = self._get(reqId)
        if p is not None:
            p.items.append(bar)

    def historicalDataEnd(self, reqId: int, start: str, end: str) -> None:
        self._finish(reqId)

    def tickPrice(self, reqId: int, tickType: int, price: float, attrib: Any) -> None:
        p = self._get(reqId)
        if p is not None:
            p.items.append(("price", tickType, price))

    def tickSize(self, reqId: int, tickType: int, size: Decimal) -> None:
        p = self._get(reqId)
        if p is not None:
            p.items.append(("size", tickType, size))

    def tickNews(self, reqId: int, timeStamp: int, providerCode: str, articleId: str, headline: str,  # type: ignore[override]
                 extraData: str) -> None:
        """News ticks of a snapshot go under ``"News"`` (the parameter is ``reqId`` here, as in the official)."""
        p = self._get(reqId)
        if p is not None:
            p.items.append(("news", None, {"timeStamp": timeStamp, "providerCode": providerCode,
                                           "articleId": articleId, "headline": headline, "extraData": extraData}))

    def tickSnapshotEnd(self, reqId: int) -> None:
        p = self._get(reqId)
        if p is not None:
            data: dict[str, Any] = {}
            for kind, tick, value in p.items:
                if kind == "news":
                    data.setdefault("News", []).append(value)
                    continue
                data[TickTypeEnum.toStr(tick)] = value
            self._finish(reqId, data)

    def orderStatus(self, orderId: int, status: str, filled: Decimal, remaining: Decimal, avgFillPrice: float,
                    permId: int, parentId: int, lastFillPrice: float, clientId: int, whyHeld: str,
                    mktCapPrice: float) -> None:
        p = self._get(("order", orderId))
        if p is not None and status in ("Submitted", "PreSubmitted", "Filled", "Cancelled", "ApiCancelled",
                                        "Inactive"):
            self._finish(("order", orderId), {
                "orderId": orderId, "status": status, "filled": filled, "remaining": remaining,
                "avgFillPrice": avgFillPrice, "permId": permId, "parentId": parentId, "lastFillPrice": lastFillPrice,
                "clientId": clientId, "whyHeld": whyHeld, "mktCapPrice": mktCapPrice})

    def openOrder(self, orderId: int, contract: Contract, order: Order, orderState: OrderState) -> None:
        p = self._get("openOrders")
        if p is not None:
            p.items.append({"orderId": orderId, "contract": contract, "order": order, "orderState": orderState})

    def openOrderEnd(self) -> None:
        p = self._get("openOrders")
        if p is not None:
            self._finish("openOrders", {o["orderId"]: o for o in p.items})  # by order id, as the official

    def execDetails(self, reqId: int, contract: Contract, execution: Execution) -> None:
        p = self._get(reqId)
        if p is not None:
            p.items.append({"contract": contract, "execution": execution})

    def execDetailsEnd(self, reqId: int) -> None:
        self._finish(reqId)

    def updatePortfolio(self, contract: Contract, position: Decimal, marketPrice: float, marketValue: float,
                        averageCost: float, unrealizedPNL: float, realizedPNL: float, accountName: str) -> None:
        p = self._get("portfolio")
        if p is not None:
            p.items.append({"contract": contract, "position": position, "marketPrice": marketPrice,
                            "marketValue": marketValue, "averageCost": averageCost,
                            "unrealizedPNL": unrealizedPNL, "realizedPNL": realizedPNL, "accountName": accountName})

    def accountDownloadEnd(self, accountName: str) -> None:
        self._finish("portfolio")

    def position(self, account: str, contract: Contract, position: Decimal, avgCost: float) -> None:
        p = self._get("positions")
        if p is not None:
            p.items.append((account, {"contract": contract, "position": position, "avgCost": avgCost}))

    def positionEnd(self) -> None:
        p = self._get("positions")
        if p is not None:
            by_account: dict[str, list[dict[str, Any]]] = {}
            for account, item in p.items:
                by_account.setdefault(account, []).append(item)
            self._finish("positions", by_account)  # account -> positions, as the official

    def accountSummary(self, reqId: int, account: str, tag: str, value: str, currency: str) -> None:
        p = self._get(reqId)
        if p is not None:
            p.items.append((account, tag, value, currency))

    def accountSummaryEnd(self, reqId: int) -> None:
        p = self._get(reqId)
        if p is not None:
            summary: dict[str, dict[str, dict[str, str]]] = {}
            for account, tag, value, currency in p.items:
                summary.setdefault(account, {})[tag] = {"value": value, "currency": currency}
            self._finish(reqId, summary)  # account -> tag -> value and currency, as the official

    # --- blocking calls --------------------------------------------------------------------------

    def get_next_valid_id(self, timeout: float | None = None) -> int:
        p = self._open("nextValidId")
        self.reqIds(1)
        return int(self._wait("nextValidId", p, timeout))

    def get_current_time(self, timeout: float | None = 5) -> int:
        p = self._open("currentTime")
        self.reqCurrentTime()
        return int(self._wait("currentTime", p, timeout))

    def get_contract_details(self, contract: Contract, timeout: float | None = 10) -> list[ContractDetails]:
        req = self._new_id()
        p = self._open(req)
        self.reqContractDetails(req, contract)
        return list(self._wait(req, p, timeout))

    def get_historical_data(self, contract: Contract, end_date_time: str, duration_str: str, bar_size_setting: str,
                            what_to_show: str, use_rth: bool = True, format_date: int = 1,
                            timeout: float | None = None, keep_up_to_date: bool = False,
                            chart_options: Any = None) -> list[BarData]:
        req = self._new_id()
        p = self._open(req)
        self.reqHistoricalData(req, contract, end_date_time, duration_str, bar_size_setting, what_to_show,
                               int(use_rth), format_date, keep_up_to_date, chart_options or [])
        return list(self._wait(req, p, timeout))

    def get_market_data_snapshot(self, contract: Contract, generic_tick_list: str = "", snapshot: bool = True,
                                 timeout: float | None = None) -> dict[str, Any]:
        req = self._new_id()
        p = self._open(req)
        self.reqMktData(req, contract, generic_tick_list, snapshot, False, [])
        return dict(self._wait(req, p, timeout))

    def place_order_sync(self, contract: Contract, order: Order, timeout: float | None = None) -> dict[str, Any]:
        order_id = self.get_next_valid_id()
        order.orderId = order_id
        p = self._open(("order", order_id))
        with self._lock:
            self._pending[order_id] = p  # an error on the order id fails the call too
        self.placeOrder(order_id, contract, order)
        try:
            return dict(self._wait(("order", order_id), p, timeout))
        finally:
            with self._lock:
                self._pending.pop(order_id, None)

    def cancel_order_sync(self, order_id: int, orderCancel: Any = None, timeout: float | None = 5) -> dict[str, Any]:
        p = self._open(("order", order_id))
        self.cancelOrder(order_id, orderCancel)
        return dict(self._wait(("order", order_id), p, timeout))

    def get_open_orders(self, timeout: float | None = 5) -> dict[int, dict[str, Any]]:
        p = self._open("openOrders")
        self.reqOpenOrders()
        return dict(self._wait("openOrders", p, timeout))

    def get_executions(self, exec_filter: ExecutionFilter | None = None,
                       timeout: float | None = 10) -> list[dict[str, Any]]:
        req = self._new_id()
        p = self._open(req)
        self.reqExecutions(req, exec_filter or ExecutionFilter())
        return list(self._wait(req, p, timeout))

    def get_portfolio(self, account_code: str = "", timeout: float | None = None) -> list[dict[str, Any]]:
        p = self._open("portfolio")
        self.reqAccountUpdates(True, account_code)
        try:
            return list(self._wait("portfolio", p, timeout))
        finally:
            self.reqAccountUpdates(False, account_code)

    def get_positions(self, timeout: float | None = 10) -> dict[str, list[dict[str, Any]]]:
        p = self._open("positions")
        self.reqPositions()
        try:
            return dict(self._wait("positions", p, timeout))
        finally:
            self.cancelPositions()

    def get_account_summary(self, tags: str, group: str = "All",
                            timeout: float | None = 5) -> dict[str, dict[str, dict[str, str]]]:
        req = self._new_id()
        p = self._open(req)
        self.reqAccountSummary(req, group, tags)
        try:
            return dict(self._wait(req, p, timeout))
        finally:
            self.cancelAccountSummary(req)
