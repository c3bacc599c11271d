"""Sentinel values of the wire protocol ("unset" numbers, infinity, limits)."""

from __future__ import annotations

import math
import sys
from decimal import Decimal

NO_VALID_ID = -1
#: Largest frame body the protocol allows (16 MiB - 1).
MAX_MSG_LEN = 0xFFFFFF
UNSET_INTEGER = 2**31 - 1
UNSET_DOUBLE = float(sys.float_info.max)
UNSET_LONG = 2**63 - 1
UNSET_DECIMAL = Decimal(2**127 - 1)
DOUBLE_INFINITY = math.inf
INFINITY_STR = "Infinity"
