# ibapi 9.8x: printing the data objects (Contract, Order, ContractDetails, BarData) gives that release's text
import sys

from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.order import Order
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)
        self.bars = 0

    def nextValidId(self, orderId):
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "IBM", "STK", "SMART", "USD"
        print("contract", c)
        o = Order()
        o.action, o.orderType, o.totalQuantity, o.lmtPrice = "BUY", "LMT", 100, 210.5
        print("order", o)
        self.contract = c
        self.reqContractDetails(31, c)

    def error(self, reqId, errorCode, errorString):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId, errorCode, errorString)

    def contractDetails(self, reqId, contractDetails):
        print("details", contractDetails)

    def contractDetailsEnd(self, reqId):
        self.reqHistoricalData(32, self.contract, "", "1 D", "1 hour", "TRADES", 0, 1, False, [])

    def historicalData(self, reqId, bar):
        self.bars += 1
        if self.bars == 1:
            print("bar", bar)

    def historicalDataEnd(self, reqId, start, end):
        print("bars", self.bars)
        self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 12)
app.run()
