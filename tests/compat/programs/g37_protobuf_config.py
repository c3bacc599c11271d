# ibapi 10.37+: protobuf requests and *ProtoBuf callbacks
import sys

from ibapi.client import EClient
from ibapi.protobuf.ConfigRequest_pb2 import ConfigRequest
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)

    def nextValidId(self, orderId):
        req = ConfigRequest()
        req.reqId = 77
        self.reqConfigProtoBuf(req)

    def configResponseProtoBuf(self, configResponseProto):
        print("config", configResponseProto.reqId, type(configResponseProto).__name__)
        self.reqCurrentTime()

    def currentTimeProtoBuf(self, currentTimeProto):
        print("protobuf time", currentTimeProto.currentTime > 0)

    def currentTime(self, time):
        print("time", time > 0)
        self.disconnect()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 24)
app.run()
