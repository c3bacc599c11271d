# ibapi 10.x: a market depth book kept from insert/update/delete operations
import sys

from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EClient.__init__(self, self)
        self.book = {0: [], 1: []}
        self.ops = 0

    def nextValidId(self, orderId):
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "AAPL", "STK", "SMART", "USD"
        self.reqMktDepth(2001, c, 5, False, [])

    def error(self, reqId, errorCode, errorString, advancedOrderRejectJson=""):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId, errorCode, errorString)

    def updateMktDepth(self, reqId, position, operation, side, price, size):
        rows = self.book[side]
        if operation == 0:
            rows.insert(position, (price, size))
        elif operation == 1:
            rows[position] = (price, size)
        else:
            del rows[position]
        self.ops += 1
        if self.ops >= 40:
            bids, asks = self.book[1], self.book[0]
            print("levels", len(bids), len(asks), "crossed", bids[0][0] >= asks[0][0],
                  "sorted", bids == sorted(bids, reverse=True) and asks == sorted(asks))
            self.cancelMktDepth(reqId, False)
            self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 14)
app.run()
