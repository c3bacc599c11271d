# ibapi 9.8x without an error() of its own (nothing in the class says which release it was written for): fills
# and quantities came as floats, and printing a Contract gave 9.81's comma-separated text
import sys

from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.order import Order
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)

    def nextValidId(self, orderId):
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "EUR", "CASH", "IDEALPRO", "USD"
        print("contract", c)
        o = Order()
        o.action, o.orderType, o.totalQuantity = "BUY", "MKT", 20000
        self.placeOrder(orderId, c, o)

    def execDetails(self, reqId, contract, execution):
        self.fills = getattr(self, "fills", 0) + 1
        if self.fills == 1:
            print("execution", contract.symbol, execution.side, execution.shares, type(execution.shares).__name__)

    def orderStatus(self, orderId, status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice, clientId, whyHeld, mktCapPrice):
        if status == "Filled":
            print("filled", filled, type(filled).__name__, "in several executions", self.fills > 1)
            self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 15)
app.run()
