"""What a user installing ibwire gets: a quiet import, a complete wheel, generated modules that load on every
protobuf the package accepts.

Each test runs under the interpreter running the suite; ``scripts/ci_matrix.py`` runs the suite under every
Python 3.10-3.13 on the machine, so these hold on each of them. The oldest protobuf is checked here without a
venv: its wheel (abi3, pure enough for every Python) is installed once with ``pip install --target`` into
pytest's cache and the generated modules imported from it with site-packages shut out (``-S``). The CI script
also runs the protobuf-heavy tests in a venv with that protobuf.
"""

from __future__ import annotations

import configparser
import email.parser
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

import ibwire

ROOT = Path(__file__).resolve().parent.parent
PROTO_DIR = ROOT / "ibwire" / "protocol" / "proto"


def _requirement_floor(name: str) -> str:
    """The ``>=`` floor setup.cfg's install_requires gives ``name``."""
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    for line in cfg["options"]["install_requires"].split("\n"):
        m = re.fullmatch(rf"\s*{re.escape(name)}\s*>=\s*([0-9.]+)\s*", line)
        if m:
            return m.group(1)
    raise AssertionError(f"no {name}>= in setup.cfg install_requires")


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split("."))


def _gencode_versions() -> set[str]:
    return {m.group(1) for p in PROTO_DIR.glob("*_pb2.py")
            for m in [re.search(r"^# Protobuf Python Version: (\S+)$", p.read_text(), re.M)] if m}


def _env(pythonpath: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PROTOCOL_BUFFERS"))}
    env["PYTHONPATH"] = pythonpath
    return env


def test_import_prints_no_warnings() -> None:
    """The package, the facade, the simulator and compat's ``ibapi`` import without a warning (``-W error``
    makes any warning an exception) and print nothing."""
    p = subprocess.run([sys.executable, "-W", "error", "-c", "import ibwire, ibwire.facade, ibwire.sim, ibapi"],
                       capture_output=True, text=True, cwd=str(ROOT),
                       env=_env(os.pathsep.join([str(ROOT / "compat"), str(ROOT)])), timeout=120)
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "")


def test_library_logs_nowhere_by_default() -> None:
    """ibwire's logger has a NullHandler: a record of an unconfigured program reaches no handler, so logging's
    last-resort handler does not print it on stderr; a configured root logger still gets it."""
    code = ("import logging, ibwire, sys\n"
            "assert any(isinstance(h, logging.NullHandler) for h in logging.getLogger('ibwire').handlers)\n"
            "logging.getLogger('ibwire.client').warning('unconfigured')\n"
            "logging.basicConfig(stream=sys.stdout, format='%(name)s %(message)s')\n"
            "logging.getLogger('ibwire.client').warning('configured')\n")
    p = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, cwd=str(ROOT),
                       env=_env(str(ROOT)), timeout=120)
    assert (p.returncode, p.stdout, p.stderr) == (0, "ibwire.client configured\n", "")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel pip builds, from a copy of what the build reads (building in the tree would write build/ and
    egg-info there, and two pytest-xdist workers building at once would share them)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("setup.py", "setup.cfg", "pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    for name in ("ibwire", "compat"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = tmp_path_factory.mktemp("wheel")
    p = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "--no-deps",
                        str(src), "-w", str(out)], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    (built,) = out.glob("ibwire-*.whl")
    return built


def _metadata(wheel: Path) -> Any:
    with zipfile.ZipFile(wheel) as z:
        (name,) = [n for n in z.namelist() if re.fullmatch(r"ibwire-[^/]+\.dist-info/METADATA", n)]
        return email.parser.Parser().parsestr(z.read(name).decode())


def test_wheel_has_typing_marker_license_and_schema(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
    assert "ibwire/py.typed" in names
    assert any(re.fullmatch(r"ibwire-[^/]+\.dist-info/(licenses/)?LICENSE", n) for n in names), sorted(names)[:20]
    # every generated module with its stub and schema; compat ships as ``ibapi`` with its subpackages; no tests
    for p in PROTO_DIR.glob("*.proto"):
        for suffix in (".proto", "_pb2.py", "_pb2.pyi"):
            assert f"ibwire/protocol/proto/{p.stem}{suffix}" in names
    for p in (ROOT / "compat").rglob("*.py"):
        assert p.relative_to(ROOT / "compat").as_posix() in names
    assert not any(n.startswith(("tests/", "compat/", "scripts/")) for n in names)


def test_wheel_metadata_matches_package(wheel: Path) -> None:
    meta = _metadata(wheel)
    assert meta["Version"] == ibwire.__version__
    assert wheel.name.startswith(f"ibwire-{ibwire.__version__}-")
    assert meta["Requires-Python"] == ">=3.10"
    requires = [r.replace(" ", "") for r in meta.get_all("Requires-Dist")]
    assert f"protobuf>={_requirement_floor('protobuf')}" in requires


def test_protobuf_floor_covers_the_generated_modules() -> None:
    """The generated modules refuse a protobuf runtime older than the protoc that made them: the floor users get
    must not be below it (and all modules come from one protoc)."""
    (gencode,) = _gencode_versions()
    assert _version(_requirement_floor("protobuf")) >= _version(gencode)


@pytest.fixture(scope="session")
def oldest_protobuf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """protobuf at setup.cfg's floor (and sortedcontainers, ibwire's other dependency), installed apart once
    (kept in pytest's cache directory between sessions where the cache plugin is on)."""
    floor = _requirement_floor("protobuf")
    req = f"sortedcontainers>={_requirement_floor('sortedcontainers')}"
    name = f"protobuf-{floor}-py{sys.version_info[0]}.{sys.version_info[1]}"
    cache = getattr(request.config, "cache", None)
    base = Path(cache.mkdir(name)) if cache is not None else tmp_path_factory.mktemp(name)
    if not (base / "google" / "protobuf" / "__init__.py").exists():
        p = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                            "--target", str(base), "--upgrade", f"protobuf=={floor}", req],
                           capture_output=True, text=True, timeout=600)
        assert p.returncode == 0, p.stderr[-3000:]
    return base


_IMPORT_ALL = """
import importlib, pathlib, sys
import google.protobuf, ibwire.protocol.proto as proto
assert google.protobuf.__version__ == sys.argv[1], (google.protobuf.__version__, google.protobuf.__file__)
names = sorted(p.stem for p in pathlib.Path(proto.__path__[0]).glob('*_pb2.py'))
for n in names:
    importlib.import_module('ibwire.protocol.proto.' + n)
import ibwire, ibwire.facade, ibwire.sim
from ibwire.protocol.proto import Order_pb2
o = Order_pb2.Order(orderId=7, action='BUY', totalQuantity='100', lmtPrice=1.5)
assert Order_pb2.Order.FromString(o.SerializeToString()) == o
print(len(names))
"""


def test_generated_modules_import_with_oldest_protobuf(oldest_protobuf: Path) -> None:
    """Every ``*_pb2`` module (and ibwire itself) imports, without a warning, on the oldest protobuf accepted."""
    p = subprocess.run([sys.executable, "-S", "-W", "error", "-c", _IMPORT_ALL, _requirement_floor("protobuf")],
                       capture_output=True, text=True, cwd=str(ROOT),
                       env=_env(os.pathsep.join([str(oldest_protobuf), str(ROOT)])), timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    assert int(p.stdout) == len(list(PROTO_DIR.glob("*.proto")))


def test_generated_modules_import_with_this_protobuf() -> None:
    """The same on the protobuf of this environment (the newest, in the main run)."""
    import google.protobuf

    p = subprocess.run([sys.executable, "-W", "error", "-c", _IMPORT_ALL, google.protobuf.__version__],
                       capture_output=True, text=True, cwd=str(ROOT), env=_env(str(ROOT)), timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    assert int(p.stdout) == len(list(PROTO_DIR.glob("*.proto")))
