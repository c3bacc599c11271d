# ibapi 9.8x style: three-argument error(), constants from ibapi.common
import sys

from ibapi.client import EClient
from ibapi.common import TickerId, UNSET_DOUBLE
from ibapi.contract import Contract, ContractDetails
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, wrapper=self)

    def nextValidId(self, orderId: int):
        c = Contract()
        c.symbol, c.secType, c.exchange, c.currency = "MSFT", "STK", "SMART", "USD"
        self.reqContractDetails(1, c)

    def error(self, reqId: TickerId, errorCode: int, errorString: str):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId, errorCode, errorString)

    def contractDetails(self, reqId: int, contractDetails: ContractDetails):
        c = contractDetails.contract
        print("details", reqId, c.conId, c.symbol, c.primaryExchange, contractDetails.longName, c.strike == UNSET_DOUBLE)

    def contractDetailsEnd(self, reqId: int):
        print("end", reqId)
        self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 1)
app.run()
print("done")
