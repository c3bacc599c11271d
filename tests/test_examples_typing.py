"""A user's script on ibwire passes ``mypy --strict``: every examples/*.py and the notebook's code.

The notebook's code cells are written out as one module (IPython's ``%`` and ``!`` lines
commented out) and checked with the scripts in one mypy run. Only errors in the examples
count here (imported modules are followed for their types, silently: ibwire's own check is
tests/test_typing.py). pandas is untyped unless pandas-stubs is installed; without them
mypy is told so, for pandas alone, and pandas values are ``Any`` to it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
NOTEBOOK = EXAMPLES / "notebook.ipynb"


def notebook_source(path: Path) -> str:
    """The notebook's code cells as one module, in order."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    parts = []
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        lines = [f"# (IPython) {ln}" if ln.lstrip().startswith(("%", "!")) else ln for ln in src.splitlines()]
        parts.append(f"# --- cell {i}\n" + "\n".join(lines) + "\n")
    return "\n".join(parts)


def pandas_typed() -> bool:
    return importlib.util.find_spec("pandas-stubs") is not None or any(
        (Path(p) / "pandas-stubs").is_dir() for p in sys.path if p)


def mypy_strict(files: list[Path], workdir: Path) -> subprocess.CompletedProcess[str]:
    config = workdir / "mypy.ini"
    text = ("[mypy]\nstrict = True\npython_version = 3.10\nfollow_imports = silent\nshow_error_codes = True\n"
            "cache_dir = " + str(workdir / ".mypy_cache") + "\n"
            "[mypy-ibwire.protocol.proto.*]\nignore_errors = True\n")
    if not pandas_typed():
        text += "[mypy-pandas.*]\nignore_missing_imports = True\n"
    config.write_text(text)
    env = dict(os.environ)
    env["MYPYPATH"] = str(ROOT)  # this checkout's ibwire, whatever is installed
    return subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(config), *map(str, files)],
                          cwd=workdir, capture_output=True, text=True, env=env)


def test_there_are_examples_to_check() -> None:
    scripts = sorted(EXAMPLES.glob("*.py"))
    assert len(scripts) >= 2, scripts
    assert "from ibwire" in notebook_source(NOTEBOOK)
    assert "# (IPython) %matplotlib inline" in notebook_source(NOTEBOOK)


def test_examples_pass_mypy_strict(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    nb = tmp_path / "notebook_cells.py"
    nb.write_text(notebook_source(NOTEBOOK), encoding="utf-8")
    files = [*sorted(EXAMPLES.glob("*.py")), nb]
    p = mypy_strict(files, tmp_path)
    assert p.returncode == 0, p.stdout + p.stderr
    assert re.search(rf"Success: no issues found in {len(files)} source files", p.stdout), p.stdout


def test_the_check_finds_errors(tmp_path: Path) -> None:
    """The same run fails on a script that misuses the facade's types (so a pass means something)."""
    pytest.importorskip("mypy")
    bad = tmp_path / "bad.py"
    bad.write_text("from ibwire import IB, Stock\n\n"
                   "def f(ib: IB) -> str:\n"
                   "    return ib.qualifyContracts(Stock('AAPL', 'SMART', 'USD'))\n\n"
                   "def g(x):\n"
                   "    return x\n")
    p = mypy_strict([bad], tmp_path)
    assert p.returncode == 1, p.stdout + p.stderr
    assert "bad.py:4: error: Incompatible return value type" in p.stdout, p.stdout
    assert "bad.py:6: error: Function is missing a type annotation" in p.stdout, p.stdout
