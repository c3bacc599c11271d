"""``ib_async`` as ibwire's facade: what a user gets by changing ONE line of a script.

The user's only change is the import line::

    from ib_async import *            ->  from ibwire import *
    import ib_async as ibi            ->  import ibwire as ibi
    from ib_async.contract import X   ->  from ibwire import X

This module stands for that edit, so the fetched scripts run byte for byte as
published: the package namespace is ``ibwire``'s (``from ibwire import *`` plus
``util``), and every submodule a script may name (``ib_async.ib``,
``ib_async.contract``, ...) is that same namespace, as a user who replaced the
line would write ``from ibwire import X`` for any of them. ``ib_async.util`` is
the facade's ``util`` module itself.
"""

import sys as _sys
import types as _types

import ibwire as _ibwire
from ibwire import *  # noqa: F403
from ibwire import util  # noqa: F401

__all__ = list(_ibwire.__all__)

#: ib_async 2.1's submodules (the ones a script can import by name)
SUBMODULES = ("client", "connection", "contract", "decoder", "flexreport", "ib", "ibcontroller", "objects",
              "order", "ticker", "version", "wrapper")

for _name in SUBMODULES:
    _mod = _types.ModuleType(f"{__name__}.{_name}", f"ibwire's namespace, standing for ib_async.{_name}")
    _mod.__dict__.update({k: getattr(_ibwire, k) for k in _ibwire.__all__ if hasattr(_ibwire, k)})
    _sys.modules[_mod.__name__] = _mod
    globals()[_name] = _mod
_sys.modules[f"{__name__}.util"] = util

if __import__("os").environ.get("IACORPUS_LENIENT"):
    # run.py --lenient: the script plus the documented switch to ib_async's behaviour for refused requests
    IB.RaiseRequestErrors = False  # noqa: F405

if __import__("os").environ.get("IACORPUS_EVENTS_ON_WAIT"):
    # run.py --events-on-wait: the script plus ``ib.EventsOnWait = True`` right after each ``ib = IB()``
    # (ib_async's handler timing: handlers run on the thread that waits, never beside the script's code)
    _init = IB.__init__  # noqa: F405

    def _init_events_on_wait(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        _init(self, *args, **kwargs)
        self.EventsOnWait = True

    IB.__init__ = _init_events_on_wait  # noqa: F405
