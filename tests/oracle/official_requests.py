"""Oracle server: the official EClient encodes requests given as JSON lines.

stdin, one per line: {"sv": int, "method": str, "args": [spec...]}
stdout, one per line: {"sent": [hex frames], "errors": [[reqId, code, text]], "raised": type name or null}
The client is "connected" to a fake socket that records what it sends.
"""

import json
import sys

from ibapi.client import EClient
from ibapi.contract import ComboLeg, Contract, DeltaNeutralContract
from ibapi.execution import ExecutionFilter
from ibapi.order import Order, OrderComboLeg
from ibapi.order_cancel import OrderCancel
from ibapi.order_condition import (ExecutionCondition, MarginCondition, PercentChangeCondition, PriceCondition,
                                   TimeCondition, VolumeCondition)
from ibapi.scanner import ScannerSubscription
from ibapi.softdollartier import SoftDollarTier
from ibapi.tag_value import TagValue
from ibapi.common import WshEventData
from ibapi.wrapper import EWrapper

from ibapi.protobuf.ConfigRequest_pb2 import ConfigRequest
from ibapi.protobuf.UpdateConfigRequest_pb2 import UpdateConfigRequest
from spec import build, plain

CLASSES = {c.__name__: c for c in (ComboLeg, Contract, DeltaNeutralContract, ExecutionFilter, Order, OrderComboLeg,
                                   OrderCancel, ExecutionCondition, MarginCondition, PercentChangeCondition,
                                   PriceCondition, TimeCondition, VolumeCondition, ScannerSubscription,
                                   SoftDollarTier, TagValue, WshEventData, ConfigRequest, UpdateConfigRequest)}


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

    def error(self, reqId, errorTime, errorCode, errorString, advancedOrderRejectJson=""):
        self.errors.append([plain(reqId), errorCode, errorString])


for line in sys.stdin:
    case = json.loads(line)
    w = W()
    c = EClient(w)
    conn = FakeConn()
    c.conn = conn
    c.serverVersion_ = case["sv"]
    c.connState = EClient.CONNECTED
    c.clientId = case.get("clientId", 0)
    raised = None
    try:
        getattr(c, case["method"])(*[build(a, CLASSES) for a in case["args"]])
    except Exception as e:  # noqa: BLE001 - reported to the test
        raised = type(e).__name__
    print(json.dumps({"sent": [m.hex() for m in conn.sent], "errors": w.errors, "raised": raised}), flush=True)
