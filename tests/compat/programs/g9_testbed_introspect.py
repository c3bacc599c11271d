# Testbed style: @iswrapper methods calling up to EWrapper and logAnswer(current_fn_name(), vars())
import sys

from ibapi.client import EClient
from ibapi.utils import current_fn_name, iswrapper
from ibapi.wrapper import EWrapper


class TestWrapper(EWrapper):
    def __init__(self):
        EWrapper.__init__(self)
        self.calls = []

    @iswrapper
    def nextValidId(self, orderId: int):
        super().nextValidId(orderId)
        self.logAnswer(current_fn_name(), vars())
        self.calls.append(current_fn_name())
        self.client.reqCurrentTime()

    @iswrapper
    def currentTime(self, time: int):
        super().currentTime(time)
        self.calls.append(current_fn_name())
        print("time", time > 1_700_000_000)
        self.client.disconnect()

    @iswrapper
    def error(self, reqId, errorCode, errorString):
        super().error(reqId, errorCode, errorString)
        self.calls.append("error:%d" % errorCode)


class TestClient(EClient):
    def __init__(self, wrapper):
        EClient.__init__(self, wrapper)


class TestApp(TestWrapper, TestClient):
    def __init__(self):
        TestWrapper.__init__(self)
        TestClient.__init__(self, wrapper=self)
        self.client = self


app = TestApp()
app.connect("127.0.0.1", int(sys.argv[1]), clientId=6)
print("server version", app.serverVersion() >= 100, "conn time", bool(app.twsConnectionTime()))
app.run()
print("calls", app.calls)
