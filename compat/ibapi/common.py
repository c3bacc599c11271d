"""Common types, aliases and enums, as the official ``ibapi.common`` (9.x programs import constants from here)."""

from __future__ import annotations

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
from ibwire.model.const import MAX_MSG_LEN, NO_VALID_ID, UNSET_DECIMAL, UNSET_DOUBLE, UNSET_INTEGER, UNSET_LONG  # noqa: F401
from ibwire.protocol.ids import OUT, PROTOBUF_MSG_ID  # noqa: F401
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
from .object_implem import Object  # noqa: F401

TickerId = int
OrderId = int
TagValueList = list
FaDataType = int
FaDataTypeEnum = Enum("N/A", "GROUPS", "N/A", "ALIASES")
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


def getServerVersionForMessage(msgId: int) -> int:
    """The server version from which request ``msgId`` goes as protobuf (0 if it never does)."""
    from ibwire.protocol.ids import PROTOBUF_SINCE

    return PROTOBUF_SINCE.get(msgId, 0)
