"""Public names of every module of whichever ``ibapi`` is on the path, with their kind, as JSON.

The kinds are ``surface_dump.py``'s (``module:<name>`` for a leaked module, ``class``, ``function``, or the
value's type), so that ``import *`` of every module can be compared name by name, leaked modules included.
"""
import json
import sys

from surface_dump import module_names

mods, _enums, _funcs = module_names()
json.dump(mods, sys.stdout)
