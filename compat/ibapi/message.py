"""Message ids: ``IN`` (from TWS) and ``OUT`` (to TWS), with the official names of every generation.

ibwire's ids plus the names older releases had: ``IN.COMMISSION_REPORT`` (the pre-10.37 name of
``COMMISSION_AND_FEES_REPORT``) and the fundamental data messages IB withdrew in 10.50.
"""

from enum import IntEnum  # noqa: F401

from ibwire.protocol import ids as _ids

IN = IntEnum("IN", [*((m.name, m.value) for m in _ids.IN), ("COMMISSION_REPORT", _ids.IN.COMMISSION_AND_FEES_REPORT),
                    ("FUNDAMENTAL_DATA", 51)], module=__name__)
OUT = IntEnum("OUT", [*((m.name, m.value) for m in _ids.OUT), ("REQ_FUNDAMENTAL_DATA", 52),
                      ("CANCEL_FUNDAMENTAL_DATA", 53)], module=__name__)

# field kinds of the old message tables
INT, STR, FLT = 1, 2, 3
