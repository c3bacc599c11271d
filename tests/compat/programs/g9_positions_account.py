# ibapi 9.8x style: float positions, account summary with AccountSummaryTags.AllTags
import sys

from ibapi.account_summary_tags import AccountSummaryTags
from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.order import Order
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)
        self.tags = []

    def nextValidId(self, orderId):
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "TSLA", "STK", "SMART", "USD"
        o = Order()
        o.action, o.orderType, o.totalQuantity = "BUY", "MKT", 7
        self.placeOrder(orderId, c, o)

    def error(self, reqId, errorCode, errorString):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId, errorCode, errorString)

    def orderStatus(self, orderId, status, filled, remaining, *rest):
        if status == "Filled":
            self.reqPositions()

    def position(self, account, contract, position, avgCost):
        print("position", account, contract.symbol, position * 1.0, type(position).__name__, avgCost > 0)

    def positionEnd(self):
        self.cancelPositions()
        self.reqAccountSummary(9001, "All", AccountSummaryTags.AllTags)

    def accountSummary(self, reqId, account, tag, value, currency):
        self.tags.append(tag)

    def accountSummaryEnd(self, reqId):
        print("summary", "NetLiquidation" in self.tags, "BuyingPower" in self.tags)
        self.cancelAccountSummary(reqId)
        self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 5)
app.run()
