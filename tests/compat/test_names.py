"""Star imports from compat give what they give in the official packages (10.51.1 and 9.81.1).

Every public name of every official module must exist in the compat module of
the same name with the same kind (class, function, constant). Leaked module
objects (``sys``, ``logging``...) are not part of the API. The official
client's internal protobuf builders and decoder helpers (``create*Proto``,
``decode*``, ``set*Fields``, ``fill*``) are not provided: ibwire builds and
reads protobuf its own way, and a same-named function doing something else
would be worse than none.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from oracle import SCRIPTS, oracle_dir

ROOT = Path(__file__).resolve().parents[2]
INTERNAL = re.compile(r"(create|decode|set|fill)[A-Z].*")


def names(path: str) -> dict[str, dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = path
    p = subprocess.run([sys.executable, "-B", str(SCRIPTS / "module_names.py")], capture_output=True, text=True,
                       env=env, timeout=120, cwd=str(SCRIPTS))
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def compat() -> dict[str, dict[str, str]]:
    return names(os.pathsep.join([str(ROOT / "compat"), str(ROOT)]))


@pytest.mark.parametrize("generation", ["latest", "v981"])
def test_every_official_name_is_there(compat: dict[str, dict[str, str]], generation: str) -> None:
    official = names(str(oracle_dir(generation)))
    assert official and all("error" not in v for v in official.values())
    missing, wrong_kind = [], []
    for module, members in official.items():
        ours = compat.get(module, {})
        assert "error" not in ours, (module, ours)
        for name, kind in members.items():
            if kind == "module" or INTERNAL.fullmatch(name):
                continue
            if name not in ours:
                missing.append(f"{module}.{name}")
            elif (kind == "class") != (ours[name] == "class") and kind not in ("Enum",):
                wrong_kind.append(f"{module}.{name}: {kind} vs {ours[name]}")
    assert missing == []
    assert wrong_kind == []
