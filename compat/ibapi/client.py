"""EClient: the official client's methods and thread model, on ibwire.

``connect()`` does the handshake and starts the reader thread; ``run()``
delivers callbacks until ``disconnect()`` (from any thread) ends it. Methods
whose signature changed between ibapi generations take every form:
``cancelOrder(orderId)``, ``cancelOrder(orderId, manualCancelOrderTime)``,
``cancelOrder(orderId, orderCancel)``; ``reqGlobalCancel()`` or with an
``OrderCancel``; ``setConnectionOptions`` (10.10-10.30) and ``setConnectOptions``.
"""

from __future__ import annotations

import logging
from typing import Any

from ibwire import EClient as _CoreClient
from ibwire.connection import Connection  # noqa: F401
from ibwire.model import (  # noqa: F401
    BarData,
    Contract,
    DepthMktDataDescription,
    ExecutionFilter,
    FamilyCode,
    HistogramData,
    HistoricalSession,
    HistoricalTick,
    HistoricalTickBidAsk,
    HistoricalTickLast,
    NewsProvider,
    Order,
    OrderCancel,
    PriceIncrement,
    RealTimeBar,
    ScannerSubscription,
    SmartComponent,
    TickAttrib,
    TickAttribBidAsk,
    TickAttribLast,
    WshEventData,
)
from ibwire.model.const import MAX_MSG_LEN, NO_VALID_ID, UNSET_DECIMAL, UNSET_DOUBLE, UNSET_INTEGER, UNSET_LONG  # noqa: F401
from .errors import *  # noqa: F401,F403
from ibwire.protocol.ids import OUT, PROTOBUF_MSG_ID  # noqa: F401
from .server_versions import *  # noqa: F401,F403

from . import _adapt
from ._protos import *  # noqa: F401,F403
from .common import *  # noqa: F401,F403
from .comm import make_field, make_field_handle_empty  # noqa: F401
from .order import COMPETE_AGAINST_BEST_OFFSET_UP_TO_MID  # noqa: F401
from .utils import (  # noqa: F401
    BadMessage,
    ClientException,
    currentTimeMillis,
    current_fn_name,
    isAsciiPrintable,
    isPegBenchOrder,
    isPegBestOrder,
    isPegMidOrder,
    log_,
)

logger = logging.getLogger(__name__)


class EClient(_CoreClient):
    """The TWS API client. ``EClient(wrapper)``; often ``class App(EWrapper, EClient)``."""

    def __init__(self, wrapper: Any) -> None:
        super().__init__(wrapper)
        _adapt.decide(wrapper)

    def connect(self, host: str, port: int, clientId: int) -> None:
        _adapt.decide(self.wrapper)
        super().connect(host, port, clientId)

    def _callback(self, name: str) -> Any:
        return _adapt.adapt(self.wrapper, name, super()._callback(name))

    def cancelOrder(self, orderId: int, orderCancel: Any = None) -> None:  # type: ignore[override]
        if orderCancel is None:
            orderCancel = OrderCancel()
        elif isinstance(orderCancel, str):  # 10.10-10.30: cancelOrder(orderId, manualCancelOrderTime)
            text, orderCancel = orderCancel, OrderCancel()
            orderCancel.manualOrderCancelTime = text
        super().cancelOrder(orderId, orderCancel)

    def reqGlobalCancel(self, orderCancel: Any = None) -> None:  # type: ignore[override]
        super().reqGlobalCancel(OrderCancel() if orderCancel is None else orderCancel)

    def setConnectionOptions(self, opts: str) -> None:
        """The 10.10-10.30 name of ``setConnectOptions``."""
        self.setConnectOptions(opts)
