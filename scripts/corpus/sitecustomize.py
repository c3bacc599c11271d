"""Loaded by every corpus program (it is first on PYTHONPATH): sends the program's
connection to the simulator without touching the program, and keeps the
official package's imports inside its own directory.

Programs hardcode the ports of TWS and IB Gateway (7496/7497/4001/4002, and
a few others); any TCP connect to a loopback address goes to the port in
IBCORPUS_SIM_PORT instead.
"""

import os
import socket
import sys

# The official package must not borrow modules it lacks from compat: an editable install of this
# project puts a finder on sys.meta_path that maps every ``ibapi.*`` name to compat's files.
if os.environ.get("IBCORPUS_SIDE") == "official":
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in type(f).__module__.lower()
                        and "editable" not in getattr(f, "__name__", "").lower()
                        and "editable" not in getattr(f, "__module__", "").lower()]

_PORT = int(os.environ.get("IBCORPUS_SIM_PORT", "0") or 0)
_LOOPBACK = {"127.0.0.1", "localhost", "0.0.0.0", "", "::1", "host.docker.internal"}


def _redirect(address):
    if _PORT and isinstance(address, tuple) and len(address) >= 2 and str(address[0]) in _LOOPBACK:
        return ("127.0.0.1", _PORT) + tuple(address[2:])[:0]
    return address


if _PORT:
    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex
    _create_connection = socket.create_connection

    def connect(self, address):
        return _connect(self, _redirect(address))

    def connect_ex(self, address):
        return _connect_ex(self, _redirect(address))

    def create_connection(address, *args, **kwargs):
        return _create_connection(_redirect(address), *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.create_connection = create_connection
