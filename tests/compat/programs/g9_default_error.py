# ibapi 9.8x: the program's error() handles what it knows and passes the rest to EWrapper.error, which logs
# "ERROR reqId code text" at ERROR (on stderr: logging is left unconfigured)
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

    def error(self, reqId, errorCode, errorString):
        if errorCode == 200:
            print("no such contract", reqId)
            self.disconnect()
        super().error(reqId, errorCode, errorString)


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 7)
app.run()
print("done")
