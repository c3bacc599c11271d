"""Contracts: Contract, ComboLeg, DeltaNeutralContract, ContractDetails, ContractDescription."""

from ibwire.model import (  # noqa: F401
    ComboLeg,
    Contract,
    ContractDescription,
    ContractDetails,
    DeltaNeutralContract,
    FundAssetType,
    FundDistributionPolicyIndicator,
    decimalMaxString,
    floatMaxString,
    intMaxString,
)
from ibwire.model.const import UNSET_DECIMAL, UNSET_DOUBLE  # noqa: F401

from .enum_implem import Enum  # noqa: F401
from .object_implem import Object  # noqa: F401

SAME_POS, OPEN_POS, CLOSE_POS, UNKNOWN_POS = 0, 1, 2, 3
