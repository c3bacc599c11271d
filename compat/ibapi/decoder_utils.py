"""Names the official decoder's helpers module provides."""

from ibwire.model import *  # noqa: F401,F403
from ibwire.protocol.incoming_pb import decode_contract as decodeContract  # noqa: F401
from ibwire.protocol.orders_pb import decode_contract_details as decodeContractDetails  # noqa: F401
from ibwire.protocol.orders_pb import decode_order as decodeOrder  # noqa: F401
from ibwire.protocol.orders_pb import decode_order_state as decodeOrderState  # noqa: F401

from ._protos import *  # noqa: F401,F403
from .common import SmartComponentMap  # noqa: F401
from .order_state import OrderAllocation  # noqa: F401

# the official module spells this alias so
OrderAllocatiionProto = OrderAllocationProto  # noqa: F405
from .utils import getEnumTypeFromString, isValidIntValue  # noqa: F401
from decimal import Decimal  # noqa: F401,E402
