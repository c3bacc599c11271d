# star imports, as many published samples write them
import sys

from ibapi.client import *
from ibapi.common import *
from ibapi.contract import *
from ibapi.order import *
from ibapi.ticktype import *
from ibapi.wrapper import *


class App(EWrapper, EClient):
    def __init__(self):
        EClient.__init__(self, self)

    def nextValidId(self, orderId: OrderId):
        c = Contract()
        c.conId, c.exchange = 265598, "SMART"
        self.reqMarketDataType(3)
        self.reqMktData(1, c, "", True, False, [])

    def marketDataType(self, reqId: TickerId, marketDataType: int):
        print("data type", MarketDataTypeEnum.toStr(marketDataType))

    def tickPrice(self, reqId: TickerId, tickType: TickType, price: float, attrib: TickAttrib):
        if tickType == TickTypeEnum.DELAYED_BID:
            print("delayed bid", TickTypeEnum.toStr(tickType), price > 0)

    def tickSnapshotEnd(self, reqId: int):
        print("snapshot end", reqId, UNSET_DOUBLE > 1e300, Decimal(1) == 1)
        self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 26)
app.run()
