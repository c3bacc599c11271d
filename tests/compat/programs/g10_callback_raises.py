# ibapi 10.1x-10.2x: a bug in one callback. On compat the exception is logged with its traceback (stderr),
# reported as error 599 and delivery goes on; the official run() ended with it (the program exited 1).
import sys

from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)
        self.rows = []

    def nextValidId(self, orderId):
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "ES", "FUT", "CME", "USD"
        self.reqContractDetails(11, c)

    def error(self, reqId, errorCode, errorString, advancedOrderRejectJson=""):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId, errorCode, errorString)

    def contractDetails(self, reqId, contractDetails):
        self.rows.append(contractDetails.contract.lastTradeDateOrContractMonth)
        if len(self.rows) == 2:
            raise ValueError("unexpected expiry " + contractDetails.contract.localSymbol)
        print("future", len(self.rows))

    def contractDetailsEnd(self, reqId):
        print("end", reqId, len(self.rows))
        self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 8)
app.run()
print("run ended")
