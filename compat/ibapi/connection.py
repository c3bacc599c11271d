"""Connection: the socket under an EClient (the official class name)."""

import logging  # noqa: F401
import socket  # noqa: F401
import sys  # noqa: F401
import threading  # noqa: F401

from ibwire.connection import Connection  # noqa: F401
from ibwire.model.const import MAX_MSG_LEN, NO_VALID_ID, UNSET_DOUBLE, UNSET_INTEGER, UNSET_LONG  # noqa: F401
from .errors import *  # noqa: F401,F403

from .common import *  # noqa: F401,F403
from .utils import currentTimeMillis, logger  # noqa: F401
