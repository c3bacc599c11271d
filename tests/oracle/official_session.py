"""Oracle script: the official client connects, sends a fixed set of requests, disconnects.

argv: port clientId [connectOptions|-] [optCapab|-]
Prints the callbacks it received as JSON.
"""

import json
import sys
import threading
import time

from ibapi.client import EClient
from ibapi.wrapper import EWrapper

port, client_id = int(sys.argv[1]), int(sys.argv[2])
opts = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] != "-" else None
cap = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] != "-" else None
calls = []


class W(EWrapper):
    def nextValidId(self, orderId):
        calls.append(["nextValidId", [orderId]])

    def managedAccounts(self, accountsList):
        calls.append(["managedAccounts", [accountsList]])

    def error(self, reqId, errorTime, errorCode, errorString, advancedOrderRejectJson=""):
        calls.append(["error", [reqId, errorCode, errorString, advancedOrderRejectJson]])


app = EClient(W())
if opts:
    app.setConnectOptions(opts)
if cap:
    app.optCapab = cap
app.connect("127.0.0.1", port, client_id)
t = threading.Thread(target=app.run, daemon=True)
t.start()
time.sleep(0.3)
app.reqCurrentTime()
app.reqIds(-1)
app.reqIds(5)
app.reqIds(2147483647)
app.reqManagedAccts()
app.reqCurrentTimeInMillis()
time.sleep(0.5)
app.disconnect()
t.join(3)
print(json.dumps(calls))
