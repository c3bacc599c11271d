"""The complex placeOrder call timed by bench_encode.py; runs under either client.

Usage: python placeorder_workload.py SERVER_VERSION N  (prints JSON: seconds, calls, bytes)
The ``ibapi``-or-``ibwire`` choice is made by the caller's PYTHONPATH / --ibwire flag.
"""

import json
import sys
import time

USE_IBWIRE = "--ibwire" in sys.argv
args = [a for a in sys.argv[1:] if a != "--ibwire"]
sv, n = int(args[0]), int(args[1])

if USE_IBWIRE:
    from ibwire import ComboLeg, Contract, EClient, EWrapper, Order, OrderComboLeg, PriceCondition, TagValue, TimeCondition
else:
    from ibapi.client import EClient
    from ibapi.contract import ComboLeg, Contract
    from ibapi.order import Order, OrderComboLeg
    from ibapi.order_condition import PriceCondition, TimeCondition
    from ibapi.tag_value import TagValue
    from ibapi.wrapper import EWrapper


class Sink:
    def __init__(self):
        self.bytes = 0

    def isConnected(self):
        return True

    def sendMsg(self, msg):  # official connection API
        self.bytes += len(msg)

    def send(self, msg):  # ibwire connection API
        self.bytes += len(msg)


def complex_order():
    c = Contract()
    c.symbol, c.secType, c.exchange, c.currency = "SPY", "BAG", "SMART", "USD"
    for con_id, action in ((756733, "BUY"), (756734, "SELL"), (756735, "BUY")):
        leg = ComboLeg()
        leg.conId, leg.ratio, leg.action, leg.exchange = con_id, 1, action, "SMART"
        c.comboLegs.append(leg)
    o = Order()
    o.action, o.orderType, o.totalQuantity, o.lmtPrice, o.tif = "BUY", "LMT", 10, 1.25, "GTC"
    o.orderComboLegs = []
    for p in (1.0, 2.0, 3.0):
        ocl = OrderComboLeg()
        ocl.price = p
        o.orderComboLegs.append(ocl)
    o.smartComboRoutingParams = [TagValue("NonGuaranteed", "1")]
    o.algoStrategy = "Adaptive"
    o.algoParams = [TagValue("adaptivePriority", "Normal")]
    o.orderMiscOptions = [TagValue("a", "b"), TagValue("c", "d")]
    o.conditions = [PriceCondition(2, 756733, "SMART", True, 450.0), TimeCondition(False, "20261124 16:00:00 US/Eastern")]
    o.account, o.orderRef, o.outsideRth = "DU1234567", "bench", True
    return c, o


client = EClient(EWrapper())
sink = Sink()
client.conn = sink
client.serverVersion_ = sv
client.connState = EClient.CONNECTED
if USE_IBWIRE:
    client.setPacing(0)
contract, order = complex_order()
client.placeOrder(1, contract, order)  # warm up
sink.bytes = 0
t0 = time.perf_counter()
for i in range(n):
    client.placeOrder(i, contract, order)
dt = time.perf_counter() - t0
print(json.dumps({"seconds": dt, "calls": n, "bytes": sink.bytes}))
