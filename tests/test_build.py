"""The compiled core: what ``pip`` builds and which form of the core modules an import gets (docs/build.md).

The core modules (``ibwire/protocol/_core/*.py`` whose name does not start with ``_``) are compiled with mypyc
when the build can, and run pure otherwise. Three kinds of test:

- this process: ``COMPILED`` says what was loaded, and, where the environment says a compiled build was
  expected (``IBWIRE_EXPECT_COMPILED=1``, set by ``.ci/run`` after ``IBWIRE_COMPILE=1 pip install -e .``),
  that it is the one running unless ``IBWIRE_PURE=1`` — a build that silently fell back cannot pass as
  compiled;
- the import-time decision of ``_core/__init__.py`` on fake trees (a copy of it, its modules, and extension
  files that are not loadable): which problems send it to the pure modules, with which warning;
- builds (marked ``build``; about a minute in all on two cores): a wheel without a C compiler, one whose core
  does not type-check, and a compiled one, which then runs compiled, pure under ``IBWIRE_PURE=1``, and pure
  with a warning once a source is edited.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

import ibwire.protocol._core as core

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "ibwire" / "protocol" / "_core"
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]  # what setuptools names this Python's extensions with
PURE_LINE = "ibwire: building the pure-Python version: "


def _clean_env(**extra: str) -> dict[str, str]:
    """This environment without the variables that steer the build or the core, nor a PYTHONPATH."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("IBWIRE_PURE", "IBWIRE_COMPILE", "PYTHONPATH", "CC", "LDSHARED")}
    env.update(extra)
    return env


def test_compiled_as_expected() -> None:
    if os.environ.get("IBWIRE_EXPECT_COMPILED") != "1":
        pytest.skip("IBWIRE_EXPECT_COMPILED=1 not set: no compiled build is expected here")
    assert core.COMPILED == (os.environ.get("IBWIRE_PURE") != "1"), (core.COMPILED, os.environ.get("IBWIRE_PURE"))


def test_core_modules_are_the_form_compiled_says() -> None:
    """Every core module imports, as an extension module iff ``COMPILED``; ``MODULES`` names the sources."""
    sources = sorted(p.stem for p in CORE.glob("*.py") if not p.name.startswith("_"))
    assert "probe" in sources
    assert list(core.MODULES) == sources
    for name in core.MODULES:
        module = importlib.import_module(f"{core.__name__}.{name}")
        assert module.__file__ is not None
        assert module.__file__.endswith(".py") != core.COMPILED, module.__file__
    from ibwire.protocol._core import probe

    assert probe.split_fields(b"8\x001\x00AAPL\x00tail") == [b"8", b"1", b"AAPL"]


def test_pure_switch_in_a_compiled_tree() -> None:
    """``IBWIRE_PURE=1`` gives the ``.py`` modules even where this tree holds a fresh compiled build."""
    if not any(CORE.glob(f"*{SUFFIX}")):
        pytest.skip("no compiled build in this tree (IBWIRE_COMPILE=1 pip install -e . makes one)")
    code = ("import json, ibwire.protocol._core as c, ibwire.protocol._core.probe as p\n"
            "print(json.dumps([c.COMPILED, p.__file__]))")
    for pure, compiled in (("1", False), ("0", True)):
        p = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True,
                           cwd=str(ROOT), env=_clean_env(IBWIRE_PURE=pure, PYTHONPATH=str(ROOT)), timeout=120)
        assert p.returncode == 0, p.stderr[-3000:]
        got, file = json.loads(p.stdout)
        if compiled and not got:
            pytest.skip("this tree's compiled build is stale; see test_stale_source_runs_pure")
        assert (got, file.endswith(".py")) == (compiled, not compiled)


# --- the import-time decision, on fake trees -------------------------------------------------------------

_REPORT = """
import json, sys, warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import {pkg}._core as c
    files = {{m: __import__("{pkg}._core." + m, fromlist=["_"]).__file__ for m in c.MODULES}}
print(json.dumps({{"compiled": c.COMPILED, "modules": list(c.MODULES), "files": files,
                  "warnings": [(w.category.__name__, str(w.message)) for w in caught]}}))
"""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fake_tree(tmp_path: Path, modules: tuple[str, ...] = ("probe", "other"), compiled: tuple[str, ...] = ("probe",
               "other"), record: dict[str, str] | None = None) -> Path:
    """``tmp_path/fakepkg/_core``: ``_core/__init__.py``, the probe, ``other.py`` and, for the ``compiled``
    ones, extension files that are not loadable (so importing one fails loudly); ``record`` is the build
    record's modules (default: every extension with its source's hash)."""
    pkg = tmp_path / "fakepkg"
    d = pkg / "_core"
    d.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    shutil.copy2(CORE / "__init__.py", d / "__init__.py")
    for name in modules:
        if name == "probe":
            shutil.copy2(CORE / "probe.py", d / "probe.py")
        else:
            (d / f"{name}.py").write_text(f"def which() -> str:\n    return {name!r}\n")
    for name in compiled:
        (d / f"{name}{SUFFIX}").write_bytes(b"not an extension module")
    if compiled:
        (d / f"_native__mypyc{SUFFIX}").write_bytes(b"not an extension module either")
    if record is None:
        record = {f"{m}{SUFFIX}": _sha256(d / f"{m}.py") for m in compiled}
    (d / "_built.json").write_text(json.dumps({"modules": record}))
    return d


def _import_fake(tmp_path: Path, **env: str) -> dict[str, Any]:
    p = subprocess.run([sys.executable, "-c", _REPORT.format(pkg="fakepkg")], capture_output=True, text=True,
                       cwd=str(tmp_path), env=_clean_env(PYTHONPATH=str(tmp_path), **env), timeout=60)
    assert p.returncode == 0, p.stderr[-3000:]
    result: dict[str, Any] = json.loads(p.stdout)
    return result


def _assert_pure(result: dict[str, Any], modules: tuple[str, ...] = ("other", "probe")) -> None:
    assert result["compiled"] is False
    assert result["modules"] == list(modules)
    assert all(f.endswith(".py") for f in result["files"].values()), result["files"]


def test_fake_tree_pure_switch_loads_the_sources(tmp_path: Path) -> None:
    """With ``IBWIRE_PURE=1`` the finder loads each ``.py``, quietly, though an extension file sits beside it
    (a normal import would pick the extension file and fail on it)."""
    _fake_tree(tmp_path)
    result = _import_fake(tmp_path, IBWIRE_PURE="1")
    _assert_pure(result)
    assert result["warnings"] == []


def test_fake_tree_without_extensions_is_a_quiet_pure_build(tmp_path: Path) -> None:
    d = _fake_tree(tmp_path, compiled=(), record={})
    (d / "_built.json").unlink()
    result = _import_fake(tmp_path)
    _assert_pure(result)
    assert result["warnings"] == []


@pytest.mark.parametrize("case, why", [
    ("edited", "probe.py changed since it was compiled"),
    ("no record", "no usable build record _built.json"),
    ("not in record", f"other{SUFFIX} is not in the build record"),
    ("one not compiled", "other.py has no compiled module for this Python"),
    ("library", "fakepkg._core._native__mypyc does not load"),
])
def test_fake_tree_problem_runs_pure_with_one_warning(tmp_path: Path, case: str, why: str) -> None:
    """Every reason not to trust the compiled modules ends in the pure ones and one RuntimeWarning naming it;
    the last case is a build that is fresh but cannot load."""
    d = _fake_tree(tmp_path, compiled=("probe",) if case == "one not compiled" else ("probe", "other"))
    if case == "edited":
        with open(d / "probe.py", "a") as f:
            f.write("# edited after the build\n")
    elif case == "no record":
        (d / "_built.json").unlink()
    elif case == "not in record":
        (d / "_built.json").write_text(json.dumps({"modules": {f"probe{SUFFIX}": _sha256(d / "probe.py")}}))
    result = _import_fake(tmp_path)
    _assert_pure(result)
    ((category, message),) = result["warnings"]
    assert category == "RuntimeWarning"
    assert message.startswith("ibwire: running the pure-Python core, not the compiled one: ")
    assert why in message, message
    if case == "library":
        assert "changed" not in message


# --- builds -------------------------------------------------------------------------------------------------


def _have_mypyc() -> bool:
    try:
        import mypyc.build  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of what the build reads, without any in-place build (as a fresh clone has)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("setup.py", "setup.cfg", "pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    for name in ("ibwire", "compat"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns(
            "__pycache__", "*.egg-info", "*.so", "*.pyd", "_built.json"))
    return src


def _wheel(src: Path, out: Path, **env: str) -> tuple[Path, str]:
    """``pip wheel`` of ``src`` with this environment's setuptools and mypy (no build isolation: quicker, and
    no package index needed): the wheel and pip's verbose output, which holds the build's own lines."""
    p = subprocess.run([sys.executable, "-m", "pip", "wheel", "-v", "--disable-pip-version-check", "--no-deps",
                        "--no-build-isolation", str(src), "-w", str(out)],
                       capture_output=True, text=True, cwd=str(src), env=_clean_env(**env), timeout=900)
    assert p.returncode == 0, (p.stdout + p.stderr)[-5000:]
    (wheel,) = out.glob("ibwire-*.whl")
    return wheel, p.stdout + p.stderr


def _core_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        return {n.rsplit("/", 1)[1] for n in z.namelist() if n.startswith("ibwire/protocol/_core/")}


def _pure_lines(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if PURE_LINE in line]


@pytest.mark.build
def test_wheel_without_a_compiler_is_pure(source: Path, tmp_path: Path) -> None:
    """No working C compiler: the build says so in one line and makes a pure wheel, exit status 0."""
    wheel, output = _wheel(source, tmp_path, CC="false")
    (line,) = _pure_lines(output)
    if _have_mypyc():
        assert line.startswith(PURE_LINE + "no working C compiler"), line
    names = _core_names(wheel)
    assert {"__init__.py", "probe.py"} <= names
    assert not any(n.endswith((".so", ".pyd")) for n in names) and "_built.json" not in names, names


@pytest.mark.build
def test_core_that_does_not_type_check_builds_pure(source: Path, tmp_path: Path) -> None:
    """mypyc refusing the core (a type error) is a failed compile like any other: a pure wheel."""
    if not _have_mypyc():
        pytest.skip("mypyc is not importable here")
    src = tmp_path / "src"
    shutil.copytree(source, src)
    with open(src / "ibwire" / "protocol" / "_core" / "probe.py", "a") as f:
        f.write("\n\ndef broken() -> int:\n    return 'not an int'\n")
    wheel, output = _wheel(src, tmp_path / "out")
    assert _pure_lines(output) == [PURE_LINE + "mypyc failed (its messages are above)"], output[-3000:]
    assert 'Incompatible return value type (got "str", expected "int")' in output
    assert not any(n.endswith((".so", ".pyd")) for n in _core_names(wheel))


@pytest.fixture(scope="module")
def compiled_site(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The compiled wheel, unpacked: a directory to put on PYTHONPATH."""
    if not _have_mypyc():
        if os.environ.get("IBWIRE_EXPECT_COMPILED") == "1":
            pytest.fail("IBWIRE_EXPECT_COMPILED=1 but mypyc is not importable")
        pytest.skip("mypyc is not importable here")
    wheel, output = _wheel(source, tmp_path_factory.mktemp("wheel"))
    assert _pure_lines(output) == [], output[-3000:]
    assert "ibwire: compiling " in output
    names = _core_names(wheel)
    modules = sorted(p.stem for p in (source / "ibwire/protocol/_core").glob("*.py") if not p.name.startswith("_"))
    for m in modules:
        assert {f"{m}.py", f"{m}{SUFFIX}"} <= names, names
    assert {"__init__.py", "_built.json", f"_native__mypyc{SUFFIX}"} <= names, names
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    record = json.loads((site / "ibwire/protocol/_core/_built.json").read_text())["modules"]
    assert record == {f"{m}{SUFFIX}": _sha256(source / f"ibwire/protocol/_core/{m}.py") for m in modules}
    return site


_RUN = """
import json, warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import ibwire, ibwire.protocol._core as c
    from ibwire.protocol._core import probe
assert ibwire.__file__.startswith(sys.argv[1]), ibwire.__file__
print(json.dumps([c.COMPILED, probe.__file__, [f.decode() for f in probe.split_fields(b"a\\0b\\0")],
                  [str(w.message) for w in caught]]))
""".replace("import json,", "import sys, json,")


def _run_site(site: Path, *flags: str, **env: str) -> list[Any]:
    p = subprocess.run([sys.executable, *flags, "-c", _RUN, str(site)], capture_output=True, text=True,
                       cwd=str(site), env=_clean_env(PYTHONPATH=str(site), **env), timeout=120)
    assert p.returncode == 0, p.stderr[-3000:]
    result: list[Any] = json.loads(p.stdout)
    return result


@pytest.mark.build
def test_compiled_wheel_runs_compiled_or_pure_on_request(compiled_site: Path) -> None:
    compiled, file, fields, caught = _run_site(compiled_site, "-W", "error")
    assert (compiled, file.endswith(SUFFIX), fields, caught) == (True, True, ["a", "b"], [])
    compiled, file, fields, caught = _run_site(compiled_site, "-W", "error", IBWIRE_PURE="1")
    assert (compiled, file.endswith("probe.py"), fields, caught) == (False, True, ["a", "b"], [])


@pytest.mark.build
def test_stale_source_runs_pure(compiled_site: Path, tmp_path: Path) -> None:
    """An edited core module (as in an editable install, built in place, then edited) is never run stale."""
    site = tmp_path / "site"
    shutil.copytree(compiled_site, site)
    with open(site / "ibwire/protocol/_core/probe.py", "a") as f:
        f.write("# edited after the build\n")
    compiled, file, fields, caught = _run_site(site)
    assert (compiled, file.endswith("probe.py"), fields) == (False, True, ["a", "b"])
    (message,) = caught
    assert "probe.py changed since it was compiled" in message
