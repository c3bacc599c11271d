"""Oracle script: an official client of any generation sends what IB's Testbed sample sends to the simulator.

argv: port. Each step waits (with a deadline) for its answer: a callback for its id, or an error for it.
Prints {"steps": {name: what answered}, "errors": [[reqId, code]]} as JSON.
"""

import json
import sys
import threading
import time

from ibapi.client import EClient
from ibapi.contract import ComboLeg, Contract
from ibapi.order import Order
from ibapi.order_condition import Create, OrderCondition
from ibapi.wrapper import EWrapper

port = int(sys.argv[1])
lock = threading.Condition()
seen = {}  # id -> first answer name
errors = []


def note(key, name):
    with lock:
        seen.setdefault(key, name)
        lock.notify_all()


def wait(key, timeout=10.0):
    end = time.monotonic() + timeout
    with lock:
        while key not in seen and time.monotonic() < end:
            lock.wait(end - time.monotonic())
        return seen.get(key, "timeout")


class W(EWrapper):
    def nextValidId(self, orderId):
        note("start", "nextValidId")

    def error(self, reqId, *a):
        # 9.8x: (code, text); 10.1x-10.3x: (code, text, json); 10.37+: (time, code, text, json)
        code = a[1] if len(a) >= 4 else a[0]
        if code in (2104, 2106, 2158):
            return
        errors.append([reqId, code])
        note(reqId, f"error {code}")

    def openOrder(self, orderId, contract, order, orderState):
        note(("open", orderId), "openOrder")

    def orderStatus(self, orderId, status, *a):
        if status == "Filled":
            note(("filled", orderId), "Filled")
        note(("status", orderId), status)

    def tickOptionComputation(self, reqId, *a):
        note(reqId, "tickOptionComputation")

    def contractDetailsEnd(self, reqId):
        note(reqId, "contractDetailsEnd")

    def tickSnapshotEnd(self, reqId):
        note(reqId, "tickSnapshotEnd")

    def currentTime(self, t):
        note("time", "currentTime")


def step(name, key, send):
    """Send, then wait for the answer; a client that refuses the request itself raises: noted as such."""
    try:
        send()
    except Exception as e:  # noqa: BLE001 - the release's own refusal is the answer
        steps[name] = f"raised {type(e).__name__}"
        return
    steps[name] = wait(key)


def stock(symbol):
    c = Contract()
    c.symbol, c.secType, c.exchange, c.currency = symbol, "STK", "SMART", "USD"
    return c


def order(action, kind, qty, **kw):
    o = Order()
    o.action, o.orderType, o.totalQuantity = action, kind, qty
    for k, v in kw.items():
        setattr(o, k, v)
    return o


def margin(percent):
    cond = Create(OrderCondition.Margin)
    cond.isMore, cond.percent = True, percent
    return cond


def flow():
    # conditionSamples: a margin condition among others, as text below server version 203
    o = order("BUY", "LMT", 1, lmtPrice=50.0)
    o.conditions.append(margin(30))
    step("margin condition", ("open", 10), lambda: app.placeOrder(10, stock("AAPL"), o))
    # a fraction TWS cannot read: an error for that order, and the session goes on
    o2 = order("BUY", "LMT", 1, lmtPrice=50.0)
    o2.conditions.append(margin(30.5))
    step("fractional margin", 11, lambda: app.placeOrder(11, stock("AAPL"), o2))
    # market to limit
    step("MTL", ("filled", 12), lambda: app.placeOrder(12, stock("AAPL"), order("BUY", "MTL", 1)))
    # option calculations (older releases send the options as a count and a list)
    opt = Contract()
    opt.symbol, opt.secType, opt.exchange, opt.currency = "AAPL", "OPT", "SMART", "USD"
    opt.lastTradeDateOrContractMonth, opt.strike, opt.right, opt.multiplier = "20261218", 230.0, "C", "100"
    step("implied volatility", 5001, lambda: app.calculateImpliedVolatility(5001, opt, 8.0, 229.87, []))
    # the Testbed's contracts
    fx = Contract()
    fx.symbol, fx.secType, fx.currency, fx.exchange = "EUR", "CASH", "GBP", "IDEALPRO"
    step("EUR.GBP", 211, lambda: app.reqContractDetails(211, fx))
    bag = Contract()
    bag.symbol, bag.secType, bag.currency, bag.exchange = "IBKR,MCD", "BAG", "USD", "SMART"
    bag.comboLegs = []  # (None in 9.8x)
    for con_id, action in ((43645865, "BUY"), (9408, "SELL")):
        leg = ComboLeg()
        leg.conId, leg.ratio, leg.action, leg.exchange = con_id, 1, action, "SMART"
        bag.comboLegs.append(leg)
    step("combo snapshot", 1001, lambda: app.reqMktData(1001, bag, "", True, False, []))
    if hasattr(app, "reqFundamentalData"):
        step("fundamentals", 8001, lambda: app.reqFundamentalData(8001, stock("IBM"), "ReportsFinSummary", []))
    step("alive", "time", app.reqCurrentTime)


app = EClient(W())
app.connect("127.0.0.1", port, 0)
threading.Thread(target=app.run, daemon=True).start()
steps = {"start": wait("start")}
try:
    flow()
finally:
    app.disconnect()  # also on a failure: the release's reader thread would keep the process up
print(json.dumps({"steps": steps, "errors": errors}))

