# ibapi 9.8x style: BarData.average, integer volumes
import sys

from ibapi.client import EClient
from ibapi.common import BarData
from ibapi.contract import Contract
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, wrapper=self)
        self.volume = 0

    def nextValidId(self, orderId):
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "AAPL", "STK", "SMART", "USD"
        self.reqHistoricalData(4001, c, "", "1 D", "1 hour", "TRADES", 0, 1, False, [])

    def error(self, reqId, errorCode, errorString):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId, errorCode, errorString)

    def historicalData(self, reqId: int, bar: BarData):
        self.volume += bar.volume  # an int in 9.x
        print("bar", reqId, bar.date, bar.open, bar.close, type(bar.volume).__name__, round(bar.average, 2) > 0)

    def historicalDataEnd(self, reqId: int, start: str, end: str):
        print("end", reqId, self.volume > 0)
        self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 2)
app.run()
