"""OrderDecoder: order decoding is done by ibwire's table-driven decoders; kept for imports."""

from ibwire.model import ComboLeg, DeltaNeutralContract, OrderAllocation, OrderComboLeg, SoftDollarTier, TagValue  # noqa: F401
from ibwire.model.const import UNSET_DOUBLE, UNSET_INTEGER, UNSET_LONG  # noqa: F401
from .server_versions import *  # noqa: F401,F403

from . import order_condition  # noqa: F401
from .object_implem import Object  # noqa: F401
from .utils import *  # noqa: F401,F403


class OrderDecoder(Object):
    """Holds the contract, order and state being decoded (ibwire's decoders fill them)."""

    def __init__(self, contract: object, order: object, orderState: object, version: int, serverVersion: int) -> None:
        self.contract, self.order, self.orderState = contract, order, orderState
        self.version, self.serverVersion = version, serverVersion
