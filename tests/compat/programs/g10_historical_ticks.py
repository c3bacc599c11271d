# ibapi 10.x: historical ticks, head timestamp, histogram
import sys

from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EClient.__init__(self, self)
        self.left = 3

    def nextValidId(self, orderId):
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "IBM", "STK", "SMART", "USD"
        self.reqHistoricalTicks(1, c, "", "20261124 15:00:00 US/Eastern", 25, "BID_ASK", 1, True, [])
        self.reqHeadTimeStamp(2, c, "TRADES", 1, 1)
        self.reqHistogramData(3, c, True, "3 days")

    def error(self, reqId, errorCode, errorString, advancedOrderRejectJson=""):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId, errorCode, errorString)

    def _done(self):
        self.left -= 1
        if not self.left:
            self.disconnect()

    def historicalTicksBidAsk(self, reqId, ticks, done):
        print("bidask", len(ticks), done, ticks[0].priceBid < ticks[0].priceAsk)
        self._done()

    def headTimestamp(self, reqId, headTimestamp):
        print("head", headTimestamp[:8])
        self._done()

    def histogramData(self, reqId, items):
        print("histogram", len(items))
        self._done()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 17)
app.run()
