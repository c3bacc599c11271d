# ibapi 10.37+: a program that never overrides error(): EWrapper.error logs "ERROR reqId time code text" at ERROR
# (on stderr: logging is left unconfigured); the program ends on the answer of a later request
import sys

from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)

    def nextValidId(self, orderId):
        bad = Contract()
        bad.symbol, bad.secType, bad.exchange, bad.currency = "NOSUCH", "STK", "SMART", "USD"
        self.reqContractDetails(7, bad)
        good = Contract()
        good.symbol, good.secType, good.exchange, good.currency = "IBM", "STK", "SMART", "USD"
        self.reqContractDetails(8, good)

    def contractDetailsEnd(self, reqId):
        print("end", reqId)
        self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 7)
app.run()
print("done")
