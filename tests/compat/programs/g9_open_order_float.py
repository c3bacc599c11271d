# ibapi 9.8x: an order's quantities are floats (openOrder's order.totalQuantity is 2000.0), cancelOrder(orderId)
import sys

from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.order import Order
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)
        self.listed = False

    def nextValidId(self, orderId):
        self.oid = orderId
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "IBM", "STK", "SMART", "USD"
        o = Order()
        o.action, o.orderType, o.totalQuantity, o.lmtPrice = "BUY", "LMT", 2000, 50.0  # rests below the market
        self.placeOrder(orderId, c, o)

    def error(self, reqId, errorCode, errorString):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId - self.oid, errorCode, errorString)

    def openOrder(self, orderId, contract, order, orderState):
        print("openOrder", orderId - self.oid, contract.symbol, order.action, order.totalQuantity,
              type(order.totalQuantity).__name__, order.lmtPrice, orderState.status)
        print("lots", order.totalQuantity / 100)

    def openOrderEnd(self):
        print("openOrderEnd")
        self.cancelOrder(self.oid)

    def orderStatus(self, orderId, status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice, clientId, whyHeld, mktCapPrice):
        print("orderStatus", orderId - self.oid, status, filled, remaining, type(remaining).__name__)
        if status == "Submitted" and not self.listed:
            self.listed = True
            self.reqOpenOrders()
        if status == "Cancelled":
            self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 6)
app.run()
