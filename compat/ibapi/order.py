"""Orders: Order, OrderComboLeg and the order constants."""

from ibwire.model import Order, OrderComboLeg, SoftDollarTier, decimalMaxString, floatMaxString  # noqa: F401
from ibwire.model import intMaxString, longMaxString  # noqa: F401
from ibwire.model.const import DOUBLE_INFINITY, UNSET_DECIMAL, UNSET_DOUBLE, UNSET_INTEGER  # noqa: F401

from .object_implem import Object  # noqa: F401

AUCTION_UNSET, AUCTION_MATCH, AUCTION_IMPROVEMENT, AUCTION_TRANSPARENT = 0, 1, 2, 3
CUSTOMER, FIRM, UNKNOWN = 0, 1, 2
COMPETE_AGAINST_BEST_OFFSET_UP_TO_MID = DOUBLE_INFINITY
