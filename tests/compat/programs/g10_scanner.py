# ibapi 10.x: scanner parameters and a subscription
import sys

from ibapi.client import EClient
from ibapi.scanner import ScannerSubscription
from ibapi.tag_value import TagValue
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EClient.__init__(self, self)
        self.rows = []

    def nextValidId(self, orderId):
        self.reqScannerParameters()

    def error(self, reqId, errorCode, errorString, advancedOrderRejectJson=""):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId, errorCode, errorString)

    def scannerParameters(self, xml):
        print("params", "TOP_PERC_GAIN" in xml)
        sub = ScannerSubscription()
        sub.instrument, sub.locationCode, sub.scanCode = "STK", "STK.US.MAJOR", "TOP_PERC_GAIN"
        self.reqScannerSubscription(5, sub, [], [TagValue("usdMarketCapAbove", "1000")])

    def scannerData(self, reqId, rank, contractDetails, distance, benchmark, projection, legsStr):
        self.rows.append((rank, contractDetails.contract.symbol))

    def scannerDataEnd(self, reqId):
        print("rows", len(self.rows), self.rows[0][0])
        self.cancelScannerSubscription(reqId)
        self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 15)
app.run()
