"""Packaging shim: setup.cfg holds the metadata; this maps compat/ibapi to ``ibapi`` and compiles the core.

The core modules (every ``ibwire/protocol/_core/*.py`` whose name does not start with ``_``) are compiled with
mypyc into one shared library, ``ibwire/protocol/_core/_native__mypyc``, and one small extension per module
that loads it; the ``.py`` files ship as well. When the build cannot compile — no mypyc, no working C compiler
or Python headers, a mypy error, a failed compile or link — it prints one line, ``ibwire: building the
pure-Python version: <why>``, and installs the pure modules: ``pip install .`` never fails for want of a
compiler (pip shows the line with ``-v``). Editable installs (``pip install -e .``) build pure unless
``IBWIRE_COMPILE=1``; then the extensions are built in place, beside the sources. ``IBWIRE_PURE=1`` (or
``IBWIRE_COMPILE=0``) builds pure in every case. A pure editable build leaves the extensions of an earlier
in-place build where they are (they run while their sources are unchanged; ``IBWIRE_PURE=1`` at run time
or ``git clean -fX ibwire/protocol/_core`` sets them aside).

A compiled build writes ``_built.json`` beside the extensions: each extension's file name with the SHA-256 of
the source it was compiled from. ``ibwire/protocol/_core/__init__.py`` checks it at import and runs the pure
modules, with a warning, when a source has changed since (see docs/build.md).
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import platform
import shutil
import sys
import sysconfig
import tempfile
from typing import Any

from setuptools import Extension, find_packages, setup
from setuptools.command.build_ext import build_ext

CORE_PACKAGE = "ibwire.protocol._core"
CORE_DIR = os.path.join(*CORE_PACKAGE.split("."))
#: mypyc's group: the shared library holding the compiled code of every core module
GROUP = CORE_PACKAGE + "._native"
LIBRARY = GROUP + "__mypyc"
RECORD = "_built.json"
OPT_LEVEL = "3"


def core_modules() -> list[str]:
    """The source paths of the core modules, relative to this directory."""
    here = os.path.dirname(os.path.abspath(__file__))
    paths = sorted(glob.glob(os.path.join(here, CORE_DIR, "*.py")))
    return [os.path.relpath(p, here) for p in paths if not os.path.basename(p).startswith("_")]


def module_name(path: str) -> str:
    return CORE_PACKAGE + "." + os.path.splitext(os.path.basename(path))[0]


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class BuildCore(build_ext):
    """Compiles the core modules with mypyc, or builds nothing (the pure version) when that cannot be done.

    ``ext_modules`` holds one placeholder per extension mypyc makes (the names are known in advance), so that
    setuptools lays the build out for them; mypyc itself (type checking and C generation, tens of seconds) runs
    only here, when the extensions are really built, and fills the placeholders in.
    """

    def run(self) -> None:
        if not self.extensions:
            return
        why = self.why_pure()
        if why is None:
            try:
                self.compile_core()
                return
            except (Exception, SystemExit) as e:  # mypyc exits on a type error; a compile fails in many ways
                self.remove_outputs()
                why = ("mypyc failed (its messages are above)" if isinstance(e, SystemExit)
                       else f"{type(e).__name__}: {str(e).strip() or 'see the lines above'}")
        say("ibwire: building the pure-Python version: " + why.splitlines()[0][:300])
        self.extensions = []

    def why_pure(self) -> str | None:
        compile_env = os.environ.get("IBWIRE_COMPILE")
        if os.environ.get("IBWIRE_PURE") == "1":
            return "IBWIRE_PURE=1"
        if compile_env == "0":
            return "IBWIRE_COMPILE=0"
        if (self.inplace or self.editable_mode) and compile_env != "1":
            return "an editable or in-place build (IBWIRE_COMPILE=1 compiles it)"
        if platform.python_implementation() != "CPython":
            return f"mypyc needs CPython, not {platform.python_implementation()}"
        try:
            import mypyc.build  # noqa: F401
        except ImportError as e:
            return f"mypyc is not importable ({e})"
        return self.compiler_problem()

    def compiler_problem(self) -> str | None:
        """Why no C extension can be compiled here (no compiler, no Python headers), checked in a second
        before mypyc spends a minute."""
        from setuptools._distutils.ccompiler import new_compiler
        from setuptools._distutils.sysconfig import customize_compiler

        tmp = tempfile.mkdtemp(prefix="ibwire-cc-")
        try:
            src = os.path.join(tmp, "probe.c")
            with open(src, "w") as f:
                f.write("#include <Python.h>\nint ibwire_probe(void) { return 0; }\n")
            cc: Any = new_compiler(compiler=self.compiler, verbose=False)
            customize_compiler(cc)
            cc.compile([src], output_dir=tmp, include_dirs=[sysconfig.get_paths()["include"]])
        except Exception as e:
            return f"no working C compiler ({type(e).__name__}: {str(e).strip()})"
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return None

    def compile_core(self) -> None:
        from mypyc.build import mypycify

        paths = core_modules()
        hashes = {p: hashlib.sha256(open(p, "rb").read()).hexdigest() for p in paths}  # what mypyc compiles
        say(f"ibwire: compiling {len(paths)} core module(s) with mypyc (opt_level {OPT_LEVEL})")
        built = mypycify(
            # errors only in the core modules (the project's own mypy run checks the rest), and no third-party
            # package: the core imports only the standard library and ibwire, and without site-packages the
            # compiled code is the same whatever the build environment holds (and mypy takes seconds, not the
            # half minute that following ibwire's optional imports into numpy, IPython, matplotlib... costs)
            ["--follow-imports=silent", "--no-site-packages", "--cache-dir", os.devnull, *paths],
            opt_level=OPT_LEVEL, group_name=GROUP, target_dir=os.path.join(self.build_temp, "mypyc"))
        placeholders = {ext.name: ext for ext in self.extensions}
        if sorted(e.name for e in built) != sorted(placeholders):
            raise RuntimeError(f"mypyc made {sorted(e.name for e in built)}, not {sorted(placeholders)}")
        for ext in built:
            placeholders[ext.name].__dict__.update({k: v for k, v in vars(ext).items() if not k.startswith("_")})
        super().run()
        record = {"modules": {os.path.basename(self.get_ext_filename(module_name(p))): hashes[p] for p in paths}}
        targets = [os.path.join(self.build_lib, CORE_DIR)]
        if self.inplace or self.editable_mode:
            targets.append(self.get_finalized_command("build_py").get_package_dir(CORE_PACKAGE))
        for d in targets:
            write_record(d, record)

    def remove_outputs(self) -> None:
        """What a failed compile left in the build directory (an in-place build only copies its extensions
        beside the sources once all are built: those of an earlier build stay, checked at import)."""
        for ext in self.extensions:
            path = os.path.join(self.build_lib, self.get_ext_filename(ext.name))
            if os.path.exists(path):
                os.remove(path)
        write_record(os.path.join(self.build_lib, CORE_DIR), None)


def write_record(directory: str, record: dict[str, Any] | None) -> None:
    """Merge ``record`` into ``directory``'s build record (None: drop this Python's extensions from it); the
    record of an in-place tree may hold the builds of several Pythons."""
    path = os.path.join(directory, RECORD)
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ""
    try:
        with open(path, encoding="utf-8") as f:
            old = json.load(f)["modules"]
    except (OSError, ValueError, KeyError, TypeError):
        old = {}
    modules = {k: v for k, v in old.items() if not k.endswith(suffix)} if isinstance(old, dict) else {}
    if record is not None:
        modules.update(record["modules"])
    if not modules:
        if os.path.exists(path):
            os.remove(path)
        return
    os.makedirs(directory, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({**(record or {}), "modules": dict(sorted(modules.items()))}, f, indent=1)
        f.write("\n")


core = core_modules()
compat = ["ibapi"] + ["ibapi." + p for p in find_packages("compat/ibapi")]
setup(
    packages=find_packages(include=["ibwire", "ibwire.*"]) + compat,
    package_dir={"ibapi": "compat/ibapi"},
    # placeholders, filled in by BuildCore (an empty list when there is no core module)
    ext_modules=[Extension(name, sources=[]) for name in [LIBRARY] * bool(core) + [module_name(p) for p in core]],
    cmdclass={"build_ext": BuildCore},
)
