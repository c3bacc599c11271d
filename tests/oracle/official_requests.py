"""Oracle server: the official EClient encodes requests given as JSON lines.

stdin, one per line: {"sv": int, "method": str, "args": [spec...]}
stdout, one per line: {"sent": [hex frames], "errors": [[reqId, code, text]], "raised": type name or null}
The client is "connected" to a fake socket that records what it sends ({"offline": true}: it is not).
It runs with every generation's package (9.81 on): the text forms of the older ones are oracles too.
"""

import json
import sys

from ibapi.client import EClient
from ibapi.contract import ComboLeg, Contract, DeltaNeutralContract
from ibapi.execution import ExecutionFilter
from ibapi.order import Order, OrderComboLeg
from ibapi.order_condition import (ExecutionCondition, MarginCondition, PercentChangeCondition, PriceCondition,
                                   TimeCondition, VolumeCondition)
from ibapi.scanner import ScannerSubscription
from ibapi.softdollartier import SoftDollarTier
from ibapi.tag_value import TagValue
from ibapi.wrapper import EWrapper

from spec import build, plain

CLASSES = {c.__name__: c for c in (ComboLeg, Contract, DeltaNeutralContract, ExecutionFilter, Order, OrderComboLeg,
                                   ExecutionCondition, MarginCondition, PercentChangeCondition, PriceCondition,
                                   TimeCondition, VolumeCondition, ScannerSubscription, SoftDollarTier, TagValue)}
# what older generations lack (9.81 and 10.1x-10.3x run this script too, for the text forms)
try:
    from ibapi.order_cancel import OrderCancel
    CLASSES["OrderCancel"] = OrderCancel
except ImportError:
    pass
try:
    from ibapi.common import WshEventData
    CLASSES["WshEventData"] = WshEventData
except ImportError:
    pass
try:
    from ibapi.protobuf.ConfigRequest_pb2 import ConfigRequest
    from ibapi.protobuf.UpdateConfigRequest_pb2 import UpdateConfigRequest
    CLASSES.update(ConfigRequest=ConfigRequest, UpdateConfigRequest=UpdateConfigRequest)
except ImportError:
    pass


class FakeConn:
    def __init__(self):
        self.sent = []

    def isConnected(self):
        return True

    def sendMsg(self, msg):
        self.sent.append(msg)
        return len(msg)


class W(EWrapper):
    def __init__(self):
        self.errors = []

    def error(self, reqId, *args):
        # (reqId, [errorTime,] errorCode, errorString[, advancedOrderRejectJson]) by generation
        if len(args) >= 3 and isinstance(args[1], int):
            args = args[1:]
        errorCode, errorString = args[0], args[1]
        self.errors.append([plain(reqId), errorCode, errorString])


for line in sys.stdin:
    case = json.loads(line)
    w = W()
    c = EClient(w)
    conn = FakeConn()
    if not case.get("offline"):
        c.conn = conn
        c.serverVersion_ = case["sv"]
        c.connState = EClient.CONNECTED
    # offline: as after disconnect(), no connection and no server version
    c.clientId = case.get("clientId", 0)
    raised = None
    try:
        getattr(c, case["method"])(*[build(a, CLASSES) for a in case["args"]])
    except Exception as e:  # noqa: BLE001 - reported to the test
        raised = type(e).__name__
    print(json.dumps({"sent": [m.hex() for m in conn.sent], "errors": w.errors, "raised": raised}), flush=True)
