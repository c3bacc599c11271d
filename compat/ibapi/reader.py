"""EReader: the thread that reads the socket (``connect()`` starts it; programs need not)."""

import logging  # noqa: F401
from threading import Thread  # noqa: F401

from ibwire.reader import EReader  # noqa: F401

from . import comm  # noqa: F401
from .utils import logger  # noqa: F401
