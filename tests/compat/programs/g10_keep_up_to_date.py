# ibapi 10.x: keepUpToDate bars, updates arrive in historicalDataUpdate
import sys

from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EClient.__init__(self, self)
        self.bars, self.updates = 0, 0

    def nextValidId(self, orderId):
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "QQQ", "STK", "SMART", "USD"
        self.reqHistoricalData(7, c, "", "1800 S", "1 min", "TRADES", 0, 1, True, [])

    def error(self, reqId, errorCode, errorString, advancedOrderRejectJson=""):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId, errorCode, errorString)

    def historicalData(self, reqId, bar):
        self.bars += 1

    def historicalDataEnd(self, reqId, start, end):
        print("history", self.bars)

    def historicalDataUpdate(self, reqId, bar):
        self.updates += 1
        if self.updates == 3:
            print("updates", reqId, type(bar.volume).__name__, bar.close > 0)
            self.cancelHistoricalData(reqId)
            self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 12)
app.run()
