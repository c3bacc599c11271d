"""ibwire: a complete, fast, typed client for the Interactive Brokers TWS / IB Gateway API."""

from .client import EClient
from .model import *  # noqa: F403  (the data classes are the public API)
from .model import __all__ as _model_all
from .wrapper import EWrapper

__version__ = "0.1.0"
__all__ = ["EClient", "EWrapper", *_model_all]
