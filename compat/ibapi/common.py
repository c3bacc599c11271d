"""Common types, aliases and enums, as the official ``ibapi.common`` (9.x programs import constants from here)."""

from __future__ import annotations

# names the official module's ``import *`` gave by accident (its own imports); programs use them
import math  # noqa: F401
import sys  # noqa: F401
from decimal import Decimal  # noqa: F401

import ibapi  # noqa: F401

from ibwire.model import (  # noqa: F401
    BarData,
    DepthMktDataDescription,
    FamilyCode,
    HistogramData,
    HistoricalSession,
    HistoricalTick,
    HistoricalTickBidAsk,
    HistoricalTickLast,
    NewsProvider,
    PriceIncrement,
    RealTimeBar,
    SmartComponent,
    TickAttrib,
    TickAttribBidAsk,
    TickAttribLast,
    WshEventData,
    decimalMaxString,
    floatMaxString,
    intMaxString,
)
from ibwire.model.const import (  # noqa: F401
    DOUBLE_INFINITY,
    INFINITY_STR,
    MAX_MSG_LEN,
    NO_VALID_ID,
    UNSET_DECIMAL,
    UNSET_DOUBLE,
    UNSET_INTEGER,
    UNSET_LONG,
)
from ibwire.protocol.ids import PROTOBUF_MSG_ID, PROTOBUF_SINCE  # noqa: F401
from ibwire.protocol.versions import (  # noqa: F401
    MIN_SERVER_VER_PROTOBUF,
    MIN_SERVER_VER_PROTOBUF_ACCOUNTS_POSITIONS,
    MIN_SERVER_VER_PROTOBUF_COMPLETED_ORDER,
    MIN_SERVER_VER_PROTOBUF_CONTRACT_DATA,
    MIN_SERVER_VER_PROTOBUF_HISTORICAL_DATA,
    MIN_SERVER_VER_PROTOBUF_MARKET_DATA,
    MIN_SERVER_VER_PROTOBUF_NEWS_DATA,
    MIN_SERVER_VER_PROTOBUF_PLACE_ORDER,
    MIN_SERVER_VER_PROTOBUF_REST_MESSAGES_1,
    MIN_SERVER_VER_PROTOBUF_REST_MESSAGES_2,
    MIN_SERVER_VER_PROTOBUF_REST_MESSAGES_3,
    MIN_SERVER_VER_PROTOBUF_SCAN_DATA,
)

from .enum_implem import Enum
from .message import OUT  # noqa: F401
from .object_implem import Object  # noqa: F401

TickerId = int
OrderId = int
TagValueList = list
FaDataType = int
FaDataTypeEnum = Enum("N/A", "GROUPS", "N/A", "ALIASES")
FaDataTypeEnum.PROFILES = 2  # FA profiles until IB dropped them (server 177); the code is free since
MarketDataType = int
MarketDataTypeEnum = Enum("N/A", "REALTIME", "FROZEN", "DELAYED", "DELAYED_FROZEN")
Liquidities = int
LiquiditiesEnum = Enum("None", "Added", "Remove", "RoudedOut")
SetOfString = set
SetOfFloat = set
ListOfOrder = list
ListOfFamilyCode = list
ListOfContractDescription = list
ListOfDepthExchanges = list
ListOfNewsProviders = list
SmartComponentMap = dict
HistogramDataList = list
ListOfPriceIncrements = list
ListOfHistoricalTick = list
ListOfHistoricalTickBidAsk = list
ListOfHistoricalTickLast = list
ListOfHistoricalSessions = list


#: request id -> the first server version that takes it as protobuf (10.37-10.45 had this table public)
PROTOBUF_MSG_IDS: dict[int, int] = {OUT(k): v for k, v in sorted(PROTOBUF_SINCE.items())}


def getServerVersionForMessage(msgId: int) -> float:
    """The server version from which request ``msgId`` goes as protobuf (infinity if it never does)."""
    return PROTOBUF_SINCE.get(msgId, float("inf"))
