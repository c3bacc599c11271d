"""Server version gates (``MIN_SERVER_VER_*``) and the client version range.

ibwire omits gates below version 100 (it never speaks to such servers); programs
that import them still find them here, with their values.
"""

from ibwire.protocol.versions import *  # noqa: F401,F403
from ibwire.protocol.versions import MAX_CLIENT_VER, MIN_CLIENT_VER  # noqa: F401

MIN_SERVER_VER_FUNDAMENTAL_DATA = 40
