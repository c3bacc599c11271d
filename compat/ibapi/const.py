"""Sentinels and limits, as the official ``ibapi.const``."""

import math  # noqa: F401  (re-exported by the official module)
import sys  # noqa: F401
from decimal import Decimal  # noqa: F401

from ibwire.model.const import (  # noqa: F401
    DOUBLE_INFINITY,
    INFINITY_STR,
    MAX_MSG_LEN,
    NO_VALID_ID,
    UNSET_DECIMAL,
    UNSET_DOUBLE,
    UNSET_INTEGER,
    UNSET_LONG,
)
