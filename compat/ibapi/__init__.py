"""compat: an ``ibapi`` package backed by ibwire, for existing ibapi programs.

``pip install ibwire`` (or ``PYTHONPATH=compat``) and ``import ibapi``
resolves here: the official module layout and names, ibwire underneath.
Programs written for 9.7x-9.8x, 10.10-10.30 and 10.37+ run unchanged; how the
differences are bridged is in ``docs/migration.md``.
"""

from ibwire import __version__ as ibwire_version  # noqa: F401

from . import _adapt  # noqa: F401  (printouts follow the program's generation from the first import)

__version__ = "10.51.1"
VERSION = {"major": 10, "minor": 51, "micro": 1}


def get_version_string() -> str:
    return "{major}.{minor}.{micro}".format(**VERSION)
