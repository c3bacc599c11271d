# ibapi 10.37+: account summary, account updates and positions, run() on a thread
import sys
import threading
import time

from ibapi.account_summary_tags import AccountSummaryTags
from ibapi.client import EClient
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)
        self.summary, self.values, self.done = {}, {}, threading.Event()

    def accountSummary(self, reqId, account, tag, value, currency):
        self.summary[tag] = value

    def accountSummaryEnd(self, reqId):
        self.reqAccountUpdates(True, "")

    def updateAccountValue(self, key, val, currency, accountName):
        self.values[key] = val

    def accountDownloadEnd(self, accountName):
        print("account", accountName, "values", len(self.values) > 20)
        self.done.set()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 23)
thread = threading.Thread(target=app.run, daemon=True)
thread.start()
time.sleep(0.2)
app.reqAccountSummary(9002, "All", "NetLiquidation,TotalCashValue,BuyingPower")
assert app.done.wait(10)
print("summary", sorted(app.summary), float(app.summary["NetLiquidation"]) > 0)
app.disconnect()
thread.join(5)
print("run ended", not thread.is_alive())
