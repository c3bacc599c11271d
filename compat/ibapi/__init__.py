"""compat: an ``ibapi`` package backed by ibwire, for existing ibapi programs.

Put ``compat`` on the path (``PYTHONPATH=compat:.``) or ``pip install`` ibwire,
and ``import ibapi`` resolves here. The module-by-module mirror of the
official package is built out under the compat issue; see docs/.
"""

from ibwire import __version__ as _ibwire_version

__version__ = "10.51.1"
VERSION = {"major": 10, "minor": 51, "micro": 1}


def get_version_string() -> str:
    return "{major}.{minor}.{micro}".format(**VERSION)


ibwire_version = _ibwire_version
