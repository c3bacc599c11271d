"""OrderState (what-if margins, status) and OrderAllocation."""

from ibwire.model import OrderAllocation, OrderState, decimalMaxString, floatMaxString  # noqa: F401
from ibwire.model.const import UNSET_DECIMAL, UNSET_DOUBLE  # noqa: F401

from .object_implem import Object  # noqa: F401
