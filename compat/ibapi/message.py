"""Message ids: ``IN`` (from TWS) and ``OUT`` (to TWS), with the official names."""

from enum import IntEnum  # noqa: F401

from ibwire.protocol.ids import IN, OUT  # noqa: F401

# field kinds of the old message tables
INT, STR, FLT = 1, 2, 3
