"""Order conditions: price, time, margin, execution, volume, percent change."""

from ibwire.model import (  # noqa: F401
    ContractCondition,
    Create,
    ExecutionCondition,
    MarginCondition,
    OperatorCondition,
    OrderCondition,
    PercentChangeCondition,
    PriceCondition,
    TimeCondition,
    VolumeCondition,
)
from ibwire.model.const import UNSET_DOUBLE  # noqa: F401

from . import comm  # noqa: F401
from .enum_implem import Enum  # noqa: F401
from .object_implem import Object  # noqa: F401
from .utils import decode  # noqa: F401
