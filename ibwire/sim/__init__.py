"""ibwire.sim: a simulated IB Gateway speaking the TWS API from the server side.

Run it with ``python -m ibwire.sim`` or embed it::

    with Simulator() as sim:
        app.connect("127.0.0.1", sim.port, clientId=1)
"""

from .server import Simulator

__all__ = ["Simulator"]
