"""Client-side error codes and texts (``CodeMsgPair`` constants)."""

from ibwire.protocol.errors import *  # noqa: F401,F403
from ibwire.protocol.errors import CodeMsgPair  # noqa: F401

# codes of the 9.x client that ibwire never reports (it has no SSL mode, and reports socket failures as 502/509-free closes)
UNSUPPORTED_VERSION = CodeMsgPair(506, "Unsupported version")
SOCKET_EXCEPTION = CodeMsgPair(509, "Exception caught while reading socket - ")
SSL_FAIL = CodeMsgPair(530, "SSL specific error: ")
# sending errors of the fundamental data requests (9.x-10.45; IB withdrew them in 10.50, ibwire still sends them)
from ibwire.protocol.requests import FAIL_SEND_CANFUNDDATA, FAIL_SEND_REQFUNDDATA  # noqa: E402,F401
