"""Names the official client's helpers module provides."""

from ibwire.model import (  # noqa: F401
    ComboLeg,
    Contract,
    ContractCondition,
    Create,
    DeltaNeutralContract,
    ExecutionCondition,
    ExecutionFilter,
    MarginCondition,
    OperatorCondition,
    Order,
    OrderCancel,
    OrderCondition,
    PercentChangeCondition,
    PriceCondition,
    ScannerSubscription,
    TagValue,
    TimeCondition,
    VolumeCondition,
    WshEventData,
    decimalMaxString,
)
from ibwire.model.const import UNSET_DOUBLE  # noqa: F401
from ibwire.protocol.requests import condition_proto, contract_proto, order_proto  # noqa: F401

from ._protos import *  # noqa: F401,F403
from .errors import ERROR_ENCODING_PROTOBUF  # noqa: F401
from .common import TagValueList  # noqa: F401
from .utils import ClientException, isValidDecimalValue, isValidFloatValue, isValidIntValue, isValidLongValue  # noqa: F401
