"""The compiled core: hot-path modules written for mypyc, each also a plain-Python module.

Every ``*.py`` here whose name does not start with ``_`` is a *core module*. ``pip install .`` compiles them
with mypyc when it can (``setup.py``), writing a build record, ``_built.json``: the SHA-256 of each module's
source, keyed by the file name of the extension built from it. Which of the two forms an import gets is
decided here, once, when this package is imported, and holds for the whole process:

- compiled, when this interpreter has an extension module for every core module and each one's source is
  still the one it was built from (a compiled module never runs stale: an edited ``.py`` in an editable
  install is caught here), and the environment does not say ``IBWIRE_PURE=1``;
- pure otherwise: with ``IBWIRE_PURE=1``, or when the compiled modules are stale, incomplete or fail to
  load (then one ``RuntimeWarning`` says why). Where extension modules are present, a finder put first on
  ``sys.meta_path`` loads each core module from its ``.py`` (an extension module would win a normal
  import), when it is first imported, as any import would.

``COMPILED`` says which form the core modules have; ``MODULES`` names them.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

__all__ = ["COMPILED", "MODULES"]

_DIR = os.path.dirname(os.path.abspath(__file__))
#: the build record setup.py writes beside a compiled build
RECORD = "_built.json"
#: the shared library mypyc puts the compiled code of all core modules in (each module's extension is a shim
#: that loads it)
LIBRARY = __name__ + "._native__mypyc"


def _extension(name: str, files: set[str]) -> str | None:
    """The file name of the extension module a normal import of core module ``name`` would load here."""
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        if name + suffix in files:
            return name + suffix
    return None


def _sha256(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def _problems(modules: tuple[str, ...], extensions: dict[str, str | None], files: set[str]) -> list[str]:
    """Why the compiled modules here must not run (empty when they may)."""
    try:
        with open(os.path.join(_DIR, RECORD), encoding="utf-8") as f:
            record = json.load(f)
        built = record["modules"]
        if not isinstance(built, dict):
            raise TypeError(f"modules is a {type(built).__name__}")
    except (OSError, ValueError, KeyError, TypeError) as e:
        return [f"no usable build record {RECORD} ({e})"]
    problems = []
    for name in modules:
        ext = extensions[name]
        if ext is None:
            problems.append(f"{name}.py has no compiled module for this Python")
        elif ext not in built:
            problems.append(f"{ext} is not in the build record")
        elif name + ".py" in files and built[ext] != _sha256(os.path.join(_DIR, name + ".py")):
            problems.append(f"{name}.py changed since it was compiled")
    if not problems:
        try:
            importlib.import_module(LIBRARY)
        except ImportError as e:
            problems.append(f"{LIBRARY} does not load ({e})")
    return problems


class _PureFinder:
    """Finds the core modules as their ``.py`` files, ahead of the extension modules beside them."""

    def __init__(self, modules: tuple[str, ...]) -> None:
        self.names = {f"{__name__}.{m}": os.path.join(_DIR, m + ".py") for m in modules}

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        source = self.names.get(fullname)
        return importlib.util.spec_from_file_location(fullname, source) if source else None

    def invalidate_caches(self) -> None:
        pass


def _decide() -> tuple[tuple[str, ...], bool]:
    files = set(os.listdir(_DIR))
    names = {f[:-3] for f in files if f.endswith(".py")}
    names |= {f.split(".", 1)[0] for f in files if any(f.endswith(s) for s in importlib.machinery.EXTENSION_SUFFIXES)}
    modules = tuple(sorted(n for n in names if not n.startswith("_") and n.isidentifier()))
    extensions = {name: _extension(name, files) for name in modules}
    if not any(extensions.values()):
        return modules, False  # a pure build: a normal import finds the .py files
    problems = [] if os.environ.get("IBWIRE_PURE") == "1" else _problems(modules, extensions, files)
    if os.environ.get("IBWIRE_PURE") != "1" and not problems:
        return modules, True
    if problems:
        warnings.warn(f"ibwire: running the pure-Python core, not the compiled one: {'; '.join(problems)} "
                      "(rebuild: IBWIRE_COMPILE=1 pip install -e ., or see docs/build.md)", RuntimeWarning,
                      stacklevel=2)
    sys.meta_path.insert(0, _PureFinder(tuple(m for m in modules if m + ".py" in files)))
    return modules, False


MODULES: tuple[str, ...]
#: True iff the core modules imported in this process are the compiled ones
COMPILED: bool
MODULES, COMPILED = _decide()
