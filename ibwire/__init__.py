"""ibwire: a complete, fast, typed client for the Interactive Brokers TWS / IB Gateway API."""

import logging as _logging

# a library logs, the application decides where it goes (no "last resort" printing of our records)
_logging.getLogger("ibwire").addHandler(_logging.NullHandler())

from .client import EClient  # noqa: E402
from .model import *  # noqa: F403  (the data classes are the public API)
from .model import __all__ as _model_all
from .wrapper import EWrapper

# the facade (imported after the core it builds on)
from .facade import *  # noqa: E402,F403
from .facade import __all__ as _facade_all  # noqa: E402

__version__ = "0.1.0"
__version_info__ = tuple(int(part) for part in __version__.split("."))
__all__ = ["EClient", "EWrapper", *_model_all, *_facade_all]
