# ibapi 9.8x style: commissionReport, float fills, cancelOrder(orderId)
import sys

from ibapi.client import EClient
from ibapi.commission_report import CommissionReport
from ibapi.contract import Contract
from ibapi.order import Order
from ibapi.wrapper import EWrapper


def order(action, kind, qty, **kw):
    o = Order()
    o.action, o.orderType, o.totalQuantity = action, kind, qty
    for k, v in kw.items():
        setattr(o, k, v)
    return o


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)
        self.status = {}
        self.commissions = 0.0

    def nextValidId(self, orderId):
        self.first = orderId
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "IBM", "STK", "SMART", "USD"
        self.contract = c
        self.placeOrder(orderId, c, order("BUY", "MKT", 100, transmit=False))
        self.placeOrder(orderId + 1, c, order("SELL", "LMT", 100, lmtPrice=9999.0, parentId=orderId, transmit=False))
        self.placeOrder(orderId + 2, c, order("SELL", "STP", 100, auxPrice=1.0, parentId=orderId, transmit=True))

    def error(self, reqId, errorCode, errorString):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId - self.first, errorCode, errorString)

    def orderStatus(self, orderId, status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice, clientId, whyHeld, mktCapPrice):
        key = orderId - self.first
        if self.status.get(key) == status:
            return
        self.status[key] = status
        print("status", key, status, filled + 0.0, type(filled).__name__)
        if key == 0 and status == "Filled":
            self.cancelOrder(self.first + 2)  # 9.x: one argument
        if key == 2 and status == "Cancelled":
            self.disconnect()

    def commissionReport(self, commissionReport: CommissionReport):
        self.commissions += commissionReport.commission
        print("commission", commissionReport.commission > 0, commissionReport.currency)


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 4)
app.run()
print("total commissions", app.commissions > 0)
