"""Star imports from compat give what they give in every installed official package.

Every public name of every official module (leaked modules such as ``sys`` and
``math`` and helpers such as ``Decimal`` included: programs use them through
``import *``) must exist in the compat module of the same name with the same
kind, recomputed here from the installed packages (``test_surface.py`` checks
the same against the recorded data of every generation, IB source trees
included). The official client's internal protobuf builders and decoder
helpers (``create*Proto``, ``decode*``, ``set*Fields``, ``fill*``) are not
provided: ibwire builds and reads protobuf its own way, and a same-named
function doing something else would be worse than none.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from oracle import ORACLES, SCRIPTS, oracle_dir, oracle_python
from test_surface import NOT_PROVIDED, same_kind

ROOT = Path(__file__).resolve().parents[2]
INTERNAL = re.compile(r"(create|decode|set|fill)[A-Z].*")


def names(path: str, official: bool = True) -> dict[str, dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = path
    python = oracle_python() if official else [sys.executable]  # compat needs ibwire's dependencies
    p = subprocess.run([*python, "-B", str(SCRIPTS / "module_names.py")], capture_output=True, text=True,
                       env=env, timeout=120, cwd=str(SCRIPTS))
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def compat() -> dict[str, dict[str, str]]:
    return names(os.pathsep.join([str(ROOT / "compat"), str(ROOT)]), official=False)


@pytest.mark.parametrize("generation", [g for g in ORACLES if g != "ib_async"])
def test_every_official_name_is_there(compat: dict[str, dict[str, str]], generation: str) -> None:
    official = names(str(oracle_dir(generation)))
    assert official and all("error" not in v for v in official.values())
    missing, wrong_kind = [], []
    for module, members in official.items():
        ours = compat.get(module, {})
        assert "error" not in ours, (module, ours)
        for name, kind in members.items():
            if name in NOT_PROVIDED or kind in ("function", "callable:staticmethod") and INTERNAL.fullmatch(name):
                continue
            if name not in ours:
                missing.append(f"{module}.{name}")
            elif not same_kind(kind, ours[name]):
                wrong_kind.append(f"{module}.{name}: {kind} vs {ours[name]}")
    assert missing == []
    assert wrong_kind == []
