"""``ib_insync`` as whatever ``ib_async`` is on this side (ib_async 2.1 itself, or ibwire's facade).

ib_async is ib_insync under a new name; a script written for ib_insync runs on
it with the import line changed. This module makes that change: ``ib_insync``
and every ``ib_insync.X`` are ``ib_async`` and ``ib_async.X``.
"""

import sys as _sys

import ib_async as _target

for _name, _mod in list(_sys.modules.items()):
    if _name.startswith("ib_async."):
        _sys.modules["ib_insync." + _name[len("ib_async."):]] = _mod
_sys.modules[__name__] = _target
