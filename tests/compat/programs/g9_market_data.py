# ibapi 9.8x style: sizes are numbers you can do float arithmetic with
import sys

from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.ticktype import TickTypeEnum
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)
        self.ticks = 0

    def nextValidId(self, orderId):
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "EUR", "CASH", "IDEALPRO", "USD"
        self.reqMktData(1101, c, "", False, False, [])

    def error(self, reqId, errorCode, errorString):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId, errorCode, errorString)

    def tickPrice(self, reqId, tickType, price, attrib):
        self.ticks += 1
        if self.ticks <= 2:
            print("price", reqId, TickTypeEnum.to_str(tickType), price > 1)
        if self.ticks >= 8:
            self.cancelMktData(reqId)
            self.disconnect()

    def tickSize(self, reqId, tickType, size):
        lots = size / 100.0  # float arithmetic on a 9.x size
        if self.ticks <= 2:
            print("size", reqId, TickTypeEnum.to_str(tickType), type(size).__name__, lots >= 0)


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 3)
app.run()
print("ticks", app.ticks >= 8)
