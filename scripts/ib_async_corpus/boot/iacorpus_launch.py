"""Runs one corpus script as ``__main__`` after sending its connection to the simulator.

``python [-S] iacorpus_launch.py SCRIPT ARGS...``: the ib_async side runs with
``-S`` (no site-packages, so no sitecustomize either), hence a launcher rather
than a sitecustomize; both sides use it so both see the same thing.

Scripts hardcode TWS / IB Gateway addresses (127.0.0.1:7497, 4002, a LAN
address ...): every TCP connect to an IB port, or to a loopback address, goes to
``127.0.0.1:$IACORPUS_SIM_PORT`` instead. Nothing else of the script changes.
"""

import os
import runpy
import signal
import socket
import sys

# Ctrl-C raises KeyboardInterrupt, as in a terminal, even when run.py was started in the background (a shell
# without job control starts background commands with SIGINT ignored, and children inherit that)
signal.signal(signal.SIGINT, signal.default_int_handler)

_PORT = int(os.environ.get("IACORPUS_SIM_PORT", "0") or 0)
_IB_PORTS = {7496, 7497, 4001, 4002, 4003, 4004, 7462}
_LOOPBACK = {"127.0.0.1", "localhost", "0.0.0.0", "", "::1"}


def _redirect(address):
    if (_PORT and isinstance(address, tuple) and len(address) >= 2
            and (str(address[0]) in _LOOPBACK or address[1] in _IB_PORTS) and address[1] != _PORT):
        return ("127.0.0.1", _PORT)
    return address


if _PORT:
    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex

    def connect(self, address):
        if self.family == socket.AF_INET6 and _redirect(address) != address:
            # an IPv6 socket for an IB address (localhost may resolve to ::1): the simulator listens on IPv4
            raise OSError(101, "network unreachable (corpus: IPv6 address of an IB port)")
        return _connect(self, _redirect(address))

    def connect_ex(self, address):
        return _connect_ex(self, _redirect(address))

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex


def main():
    script = os.path.abspath(sys.argv[1])
    sys.argv = [script, *sys.argv[2:]]
    sys.path.insert(0, os.path.dirname(script))
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
