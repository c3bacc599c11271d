# ibapi 9.8x, written the way IB's Testbed is: connectAck reads self.asynchronous, the order goes to the account
# managedAccounts named (float quantity), and Ctrl-C (sent here by the program itself once quotes flow) ends the
# session through keyboardInterrupt
import os
import signal
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "testbed"))

from contract_samples import ContractSamples  # noqa: E402
from ibapi.client import EClient  # noqa: E402
from ibapi.common import *  # noqa: E402,F403
from ibapi.utils import iswrapper  # noqa: E402
from ibapi.wrapper import EWrapper  # noqa: E402
from ibapi.order import Order  # noqa: E402


class TestApp(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, wrapper=self)
        self.nKeybInt = 0
        self.account = None
        self.nextOrderId = None
        self.started = False
        self.ticks = 0

    @iswrapper
    def connectAck(self):
        if self.asynchronous:
            self.startApi()
        print("connectAck asynchronous", self.asynchronous)

    @iswrapper
    def managedAccounts(self, accountsList: str):
        self.account = accountsList.split(",")[0]
        print("managedAccounts", accountsList)
        self.start()

    @iswrapper
    def nextValidId(self, orderId: int):
        self.nextOrderId = orderId
        self.start()

    def start(self):
        # the operations need both the first order id and the account
        if self.started or self.account is None or self.nextOrderId is None:
            return
        self.started = True
        order = Order()
        order.action, order.orderType, order.totalQuantity, order.lmtPrice = "BUY", "LMT", 100, 50.0  # it rests
        order.account = self.account
        self.placeOrder(self.nextOrderId, ContractSamples.USStock(), order)

    @iswrapper
    def error(self, reqId: TickerId, errorCode: int, errorString: str):  # noqa: F405
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId, errorCode, errorString)

    @iswrapper
    def openOrder(self, orderId, contract, order, orderState):
        print("openOrder", orderId - self.nextOrderId, contract.symbol, order.action, order.orderType,
              order.totalQuantity, type(order.totalQuantity).__name__, order.lmtPrice, order.account, orderState.status)

    @iswrapper
    def orderStatus(self, orderId, status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice,
                    clientId, whyHeld, mktCapPrice):
        print("orderStatus", orderId - self.nextOrderId, status, filled, remaining)
        if status == "Submitted" and self.ticks == 0:
            self.reqMktData(1001, ContractSamples.EurUsdFx(), "", False, False, [])

    @iswrapper
    def tickPrice(self, reqId, tickType, price, attrib):
        self.ticks += 1
        if self.ticks == 2:
            print("quotes flow; Ctrl-C")
            os.kill(os.getpid(), signal.SIGINT)

    def keyboardInterrupt(self):
        self.nKeybInt += 1
        print("keyboardInterrupt", self.nKeybInt)
        if self.nKeybInt == 1:
            self.stop()

    def stop(self):
        self.cancelMktData(1001)
        self.disconnect()


app = TestApp()
app.connect("127.0.0.1", int(sys.argv[1]), clientId=0)
print("serverVersion", app.serverVersion() > 100)
app.run()
print("run ended; interrupts", app.nKeybInt)
