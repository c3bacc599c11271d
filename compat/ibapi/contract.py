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
from decimal import Decimal  # noqa: F401

import ibapi  # noqa: F401

from enum import Enum  # noqa: F401 - 10.30+ gave Python's Enum here (the base of FundAssetType)
from .object_implem import Object  # noqa: F401
from .utils import getEnumTypeFromString, getEnumTypeName, listOfValues  # noqa: F401

SAME_POS, OPEN_POS, CLOSE_POS, UNKNOWN_POS = 0, 1, 2, 3
