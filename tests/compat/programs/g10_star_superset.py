# ibapi 10.1x-10.2x: everything through star imports; TickTypeEnum came with `from ibapi.wrapper import *`
# until 10.30 stopped re-exporting it (compat keeps giving it: the program runs on 10.30's names too)
import sys

from ibapi.client import *  # noqa: F403
from ibapi.wrapper import *  # noqa: F403


class App(EWrapper, EClient):  # noqa: F405
    def __init__(self):
        EWrapper.__init__(self)  # noqa: F405
        EClient.__init__(self, self)  # noqa: F405
        self.seen = []

    def nextValidId(self, orderId):
        c = Contract()  # noqa: F405
        c.symbol, c.secType, c.exchange, c.currency = "GBP", "CASH", "IDEALPRO", "USD"
        self.reqMktData(21, c, "", False, False, [])

    def tickPrice(self, reqId, tickType, price, attrib):
        name = TickTypeEnum.to_str(tickType)  # noqa: F405
        if name not in self.seen:
            self.seen.append(name)
        if len(self.seen) == 2:
            print("ticks", sorted(self.seen))
            self.cancelMktData(reqId)
            self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 9)
app.run()
