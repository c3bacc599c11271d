"""``<Name>Proto`` aliases of every protobuf message class, as the official client and wrapper modules import them."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import ibwire.protocol.proto as _pkg

_names: dict[str, Any] = {}
for _info in pkgutil.iter_modules(_pkg.__path__):
    if _info.name.endswith("_pb2"):
        _base = _info.name[:-4]
        _mod = importlib.import_module(f"{_pkg.__name__}.{_info.name}")
        _cls = getattr(_mod, _base, None)
        if _cls is not None:
            _names[_base + "Proto"] = _cls
globals().update(_names)
__all__ = sorted(_names)
