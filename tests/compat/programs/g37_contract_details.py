# ibapi 10.37+: five-argument error, contract details of a future chain
import sys

from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)
        self.expiries = []

    def nextValidId(self, orderId):
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "ES", "FUT", "CME", "USD"
        self.reqContractDetails(101, c)
        bad = Contract()
        bad.symbol, bad.secType = "NOSUCH", "STK"
        self.reqContractDetails(102, bad)

    def error(self, reqId, errorTime, errorCode, errorString, advancedOrderRejectJson=""):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId, errorCode, errorString, errorTime > 0)
            self.disconnect()

    def contractDetails(self, reqId, contractDetails):
        self.expiries.append(contractDetails.contract.lastTradeDateOrContractMonth)

    def contractDetailsEnd(self, reqId):
        print("futures", reqId, len(self.expiries), self.expiries == sorted(self.expiries))


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 21)
app.run()
