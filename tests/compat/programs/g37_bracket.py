# ibapi 10.37+: commissionAndFeesReport, cancelOrder(orderId, OrderCancel()), Decimal quantities
import sys
from decimal import Decimal

from ibapi.client import EClient
from ibapi.commission_and_fees_report import CommissionAndFeesReport
from ibapi.contract import Contract
from ibapi.order import Order
from ibapi.order_cancel import OrderCancel
from ibapi.wrapper import EWrapper


def bracket(parent_id, action, qty, limit, take_profit, stop):
    parent = Order()
    parent.orderId, parent.action, parent.orderType = parent_id, action, "LMT"
    parent.totalQuantity, parent.lmtPrice, parent.transmit = Decimal(qty), limit, False
    tp = Order()
    tp.orderId, tp.action, tp.orderType = parent_id + 1, "SELL" if action == "BUY" else "BUY", "LMT"
    tp.totalQuantity, tp.lmtPrice, tp.parentId, tp.transmit = Decimal(qty), take_profit, parent_id, False
    sl = Order()
    sl.orderId, sl.action, sl.orderType = parent_id + 2, tp.action, "STP"
    sl.totalQuantity, sl.auxPrice, sl.parentId, sl.transmit = Decimal(qty), stop, parent_id, True
    return [parent, tp, sl]


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)
        self.status, self.fees = {}, []

    def nextValidId(self, orderId):
        self.first = orderId
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "AAPL", "STK", "SMART", "USD"
        for o in bracket(orderId, "BUY", 50, 100000.0, 100001.0, 1.0):
            self.placeOrder(o.orderId, c, o)

    def error(self, reqId, errorTime, errorCode, errorString, advancedOrderRejectJson=""):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId - self.first, errorCode)

    def orderStatus(self, orderId, status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice, clientId, whyHeld, mktCapPrice):
        k = orderId - self.first
        if self.status.get(k) != status:
            self.status[k] = status
            print("status", k, status, filled, type(filled).__name__)
            if k == 0 and status == "Filled":
                self.cancelOrder(self.first + 2, OrderCancel())
            if k == 2 and status == "Cancelled":
                self.disconnect()

    def commissionAndFeesReport(self, commissionAndFeesReport: CommissionAndFeesReport):
        self.fees.append(commissionAndFeesReport.commissionAndFees)


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 22)
app.run()
print("fees", len(app.fees), all(f > 0 for f in app.fees))
