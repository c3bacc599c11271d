# ibapi 10.x: tick-by-tick trades and quotes
import sys

from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EClient.__init__(self, self)
        self.seen = set()

    def nextValidId(self, orderId):
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "NVDA", "STK", "SMART", "USD"
        self.reqTickByTickData(1, c, "AllLast", 0, False)
        self.reqTickByTickData(2, c, "BidAsk", 0, True)
        self.reqTickByTickData(3, c, "MidPoint", 0, False)

    def error(self, reqId, errorCode, errorString, advancedOrderRejectJson=""):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId, errorCode, errorString)

    def _hit(self, kind):
        if kind not in self.seen:
            self.seen.add(kind)
            print("tick", kind)
        if len(self.seen) == 3:
            for r in (1, 2, 3):
                self.cancelTickByTickData(r)
            self.disconnect()

    def tickByTickAllLast(self, reqId, tickType, time, price, size, tickAttribLast, exchange, specialConditions):
        self._hit("last")

    def tickByTickBidAsk(self, reqId, time, bidPrice, askPrice, bidSize, askSize, tickAttribBidAsk):
        self._hit("bidask")

    def tickByTickMidPoint(self, reqId, time, midPoint):
        self._hit("mid")


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 13)
app.run()
print("kinds", sorted(app.seen))
