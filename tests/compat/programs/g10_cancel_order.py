# ibapi 10.10-10.30: cancelOrder(orderId, manualCancelOrderTime), setConnectionOptions, 4-argument error
import sys

from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.order import Order
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EClient.__init__(self, self)

    def nextValidId(self, orderId):
        self.oid = orderId
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "SPY", "STK", "SMART", "USD"
        o = Order()
        o.action, o.orderType, o.totalQuantity, o.lmtPrice = "BUY", "LMT", 10, 1.0
        self.placeOrder(orderId, c, o)

    def orderStatus(self, orderId, status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice, clientId, whyHeld, mktCapPrice):
        print("status", orderId - self.oid, status, remaining)
        if status == "Submitted":
            self.cancelOrder(orderId, "")
        elif status == "Cancelled":
            self.disconnect()

    def error(self, reqId, errorCode, errorString, advancedOrderRejectJson):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId - self.oid, errorCode, errorString.split(" - ")[0], repr(advancedOrderRejectJson))


app = App()
app.setConnectionOptions("+PACEAPI")
app.connect("127.0.0.1", int(sys.argv[1]), 16)
app.run()
