"""Client-side error codes and texts (``CodeMsgPair`` constants)."""

from ibwire.protocol.errors import *  # noqa: F401,F403
from ibwire.protocol.errors import CodeMsgPair  # noqa: F401

# codes of the 9.x client that ibwire never reports (it has no SSL mode, and reports socket failures as 502/509-free closes)
UNSUPPORTED_VERSION = CodeMsgPair(506, "Unsupported version")
SOCKET_EXCEPTION = CodeMsgPair(509, "Exception caught while reading socket - ")
SSL_FAIL = CodeMsgPair(530, "SSL specific error: ")
# fundamental data requests (withdrawn by IB in 10.50; compat reports them as not sent, see EClient.reqFundamentalData)
FAIL_SEND_REQFUNDDATA = CodeMsgPair(532, "Request Fundamental Data Sending Error - ")
FAIL_SEND_CANFUNDDATA = CodeMsgPair(533, "Cancel Fundamental Data Sending Error - ")
