"""The convenience facade: ``IB`` (blocking calls, futures and awaitables on a self-syncing connection) and friends.

Each module lists its public names in ``__all__``; this package exports them all.
"""

from . import util
from .contract import *  # noqa: F403
from .contract import __all__ as _contract_all
from .events import Event
from .ib import IB, ConnectError, RequestError
from .objects import *  # noqa: F403
from .objects import __all__ as _objects_all
from .order import *  # noqa: F403
from .order import __all__ as _order_all
from .ticker import *  # noqa: F403
from .ticker import __all__ as _ticker_all
from .flexreport import FlexError, FlexObject, FlexReport
from .watchdog import IBC, Watchdog

__all__ = ["IB", "RequestError", "ConnectError", "Event", "util", *_contract_all, *_order_all, *_objects_all,
           *_ticker_all, "FlexError", "FlexObject", "FlexReport", "IBC", "Watchdog"]
