# ibapi 10.1x-10.2x: values of the wrong Python type that the text protocol sent as they were and TWS read fine --
# a limit price as str, an expiry as int, a conId as str
import sys

from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.order import Order
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)
        self.expiries, self.pending = [], 3

    def nextValidId(self, orderId):
        self.oid = orderId
        stock = Contract()
        stock.symbol, stock.secType, stock.exchange, stock.currency = "IBM", "STK", "SMART", "USD"
        o = Order()
        o.action, o.orderType, o.totalQuantity = "SELL", "LMT", 10
        o.lmtPrice = "1.10"  # read from a text file, never converted: marketable, it fills
        self.placeOrder(orderId, stock, o)
        fut = Contract()
        fut.symbol, fut.secType, fut.exchange, fut.currency = "ES", "FUT", "CME", "USD"
        fut.lastTradeDateOrContractMonth = 202612  # an int
        self.reqContractDetails(41, fut)
        self.reqSecDefOptParams(42, "AAPL", "", "STK", "265598")  # the conId as str

    def error(self, reqId, errorCode, errorString, advancedOrderRejectJson=""):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId, errorCode, errorString)
            self.done()  # a refused request ends its part too

    def orderStatus(self, orderId, status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice, clientId, whyHeld, mktCapPrice):
        if status == "Filled":
            print("order", orderId - self.oid, status, filled, avgFillPrice > 100)
            self.done()

    def contractDetails(self, reqId, contractDetails):
        self.expiries.append(contractDetails.contract.lastTradeDateOrContractMonth)

    def contractDetailsEnd(self, reqId):
        print("details", reqId, self.expiries)
        self.done()

    def securityDefinitionOptionParameter(self, reqId, exchange, underlyingConId, tradingClass, multiplier, expirations, strikes):
        if exchange == "SMART":
            print("chain", reqId, underlyingConId, tradingClass, multiplier, len(expirations) > 0, len(strikes) > 0)

    def securityDefinitionOptionParameterEnd(self, reqId):
        self.done()

    def done(self):
        self.pending -= 1
        if self.pending == 0:
            self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 13)
app.run()
print("pending", app.pending)
