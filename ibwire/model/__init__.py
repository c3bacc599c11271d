"""The data model: plain typed objects with the official names, defaults and text forms.

Everything here is data; no I/O and no protocol logic. Attribute names follow
the official package exactly so existing programs and compat can use them.
"""

from ._base import Model, decimalMaxString, floatMaxString, intMaxString, longMaxString
from .condition import (
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
from .const import (
    DOUBLE_INFINITY,
    INFINITY_STR,
    MAX_MSG_LEN,
    NO_VALID_ID,
    UNSET_DECIMAL,
    UNSET_DOUBLE,
    UNSET_INTEGER,
    UNSET_LONG,
)
from .contract import (
    ComboLeg,
    Contract,
    ContractDescription,
    ContractDetails,
    DeltaNeutralContract,
    FundAssetType,
    FundDistributionPolicyIndicator,
)
from .execution import CommissionAndFeesReport, Execution, ExecutionFilter, OptionExerciseType
from .market import (
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
)
from .misc import IneligibilityReason, SoftDollarTier, TagValue
from .order import Order, OrderAllocation, OrderCancel, OrderComboLeg, OrderState, OrderStatus
from .scanner import NO_ROW_NUMBER_SPECIFIED, ScanData, ScannerSubscription

__all__ = [name for name in dir() if not name.startswith("_")]
