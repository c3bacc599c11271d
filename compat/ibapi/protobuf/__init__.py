"""``ibapi.protobuf.<Name>_pb2``: the generated protobuf modules under the official names.

The modules are ibwire's own (``ibwire.protocol.proto``); importing one here
returns that very module, so messages built through either name are the same
classes.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
from types import ModuleType

_TARGET = "ibwire.protocol.proto"


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname: str, path: object, target: object = None) -> importlib.machinery.ModuleSpec | None:
        if fullname.startswith(__name__ + ".") and fullname.count(".") == 2:
            name = fullname.rsplit(".", 1)[1]
            if importlib.util.find_spec(f"{_TARGET}.{name}") is not None:
                return importlib.machinery.ModuleSpec(fullname, self)
        return None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = importlib.import_module(f"{_TARGET}.{spec.name.rsplit('.', 1)[1]}")
        sys.modules[spec.name] = module
        return module

    def exec_module(self, module: ModuleType) -> None:
        pass


if not any(isinstance(f, _Alias) for f in sys.meta_path):
    sys.meta_path.insert(0, _Alias())

import importlib.util  # noqa: E402
