# ibapi 10.37+: daily P&L and single-position P&L subscriptions
import sys
from decimal import Decimal

from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.order import Order
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)
        self.updates = 0

    def managedAccounts(self, accountsList):
        self.account = accountsList.split(",")[0]

    def nextValidId(self, orderId):
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "AAPL", "STK", "SMART", "USD"
        o = Order()
        o.action, o.orderType, o.totalQuantity = "BUY", "MKT", Decimal(100)
        self.placeOrder(orderId, c, o)

    def orderStatus(self, orderId, status, *rest):
        if status == "Filled":
            self.reqPnL(1, self.account, "")
            self.reqPnLSingle(2, self.account, "", 265598)

    def pnl(self, reqId, dailyPnL, unrealizedPnL, realizedPnL):
        self.updates += 1

    def pnlSingle(self, reqId, pos, dailyPnL, unrealizedPnL, realizedPnL, value):
        self.updates += 1
        if self.updates >= 4:
            print("pnl single", pos, type(pos).__name__, value > 0)
            self.cancelPnL(1)
            self.cancelPnLSingle(2)
            self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 28)
app.run()
