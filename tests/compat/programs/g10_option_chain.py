# ibapi 10.10-10.30 style: error(reqId, errorCode, errorString, advancedOrderRejectJson)
import sys

from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EClient.__init__(self, self)
        self.expirations = []

    def nextValidId(self, orderId):
        self.reqSecDefOptParams(1, "SPY", "", "STK", 756733)

    def error(self, reqId, errorCode, errorString, advancedOrderRejectJson=""):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId, errorCode, errorString, advancedOrderRejectJson)

    def securityDefinitionOptionParameter(self, reqId, exchange, underlyingConId, tradingClass, multiplier, expirations, strikes):
        if exchange == "SMART":
            self.expirations = sorted(expirations)
            print("chain", exchange, underlyingConId, tradingClass, multiplier, len(expirations), len(strikes))

    def securityDefinitionOptionParameterEnd(self, reqId):
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "SPY", "OPT", "SMART", "USD"
        c.lastTradeDateOrContractMonth = self.expirations[0]
        c.right = "P"
        self.reqContractDetails(2, c)

    def contractDetails(self, reqId, contractDetails):
        self.n = getattr(self, "n", 0) + 1

    def contractDetailsEnd(self, reqId):
        print("puts", self.n)
        self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 11)
app.run()
