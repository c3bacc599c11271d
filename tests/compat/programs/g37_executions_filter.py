# ibapi 10.37+: executions with a filter after two fills
import sys
from decimal import Decimal

from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.execution import ExecutionFilter
from ibapi.order import Order
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)
        self.filled, self.rows = 0, []

    def nextValidId(self, orderId):
        for i, (sym, action) in enumerate((("GBP", "BUY"), ("IBM", "SELL"))):
            c = Contract()
            c.symbol, c.exchange, c.currency = sym, "SMART" if sym == "IBM" else "IDEALPRO", "USD"
            c.secType = "STK" if sym == "IBM" else "CASH"
            o = Order()
            o.action, o.orderType, o.totalQuantity = action, "MKT", Decimal(20000 if sym == "GBP" else 10)
            self.placeOrder(orderId + i, c, o)

    def orderStatus(self, orderId, status, filled, remaining, *rest):
        if status == "Filled":
            self.filled += 1
            if self.filled == 2:
                f = ExecutionFilter()
                f.secType = "STK"
                self.reqExecutions(3, f)

    def execDetails(self, reqId, contract, execution):
        if reqId == 3:
            self.rows.append((contract.symbol, execution.side, execution.shares))

    def execDetailsEnd(self, reqId):
        print("executions", self.rows)
        self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 27)
app.run()
