"""compat has the public surface of every recorded ibapi generation.

``tests/compat/data/surface_<source>.json`` hold, per official release or IB
source tree (``tests/oracle/surface_record.py`` made them; ``source`` in each
file says where it came from), what ``tests/oracle/surface_dump.py`` sees:
every module's ``import *`` names with their kind, enum members, module
function parameters, ``EClient``/``EWrapper`` attributes with their defaults
and method parameters, and what ``ibapi.utils`` helpers return for fixed inputs.
The same script is run on compat once per ``error`` form (the generation
``_adapt`` decides from a program's wrapper), and each recorded source is
checked against compat serving a program of that source's generation.

What compat does not provide or does differently is listed here, each with why.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from oracle import SCRIPTS

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
SOURCES = sorted(p.stem[len("surface_"):] for p in DATA.glob("surface_*.json"))

#: the official client's protobuf builders and decoder helpers: ibwire builds and reads protobuf its own way, and
#: a same-named function doing something else would be worse than none
INTERNAL = re.compile(r"(create|decode|set|fill)[A-Z]\w*")

#: names compat does not give, with the reason
NOT_PROVIDED: set[str] = set()

#: (class, attribute) -> why compat's default differs from the recorded one
ATTRIBUTE_DIFFERENCES = {
    ("EClient", "msg_queue"): "ibwire's queue (a SimpleQueue of decoded batches); get/put/empty/qsize are there",
}

#: (source, what) -> why compat differs for a program of that source's generation
GENERATION_DIFFERENCES = {
    # 10.30's (and 10.32's) error() has the 10.14-10.2x form, so compat serves them as 10.1x-10.2x, whose defaults these are
    ("v1030", "EClient.optCapab"): "10.30 set None; the 10.1x-10.2x programs it shares a form with had ''",
    ("v1030", "isAsciiPrintable('a\\tb',)"): "10.30 took a tab as printable; 10.1x-10.2x did not",
    # 10.33's error() already has the 10.37+ form; these helpers changed in 10.37
    ("v1033", "getTimeStrFromMillis(1796131968137,)"): "10.33 printed 20261201-13:32:48; 10.37+ 'Dec 01, 2026 ...'",
    ("v1033", "getTimeStrFromMillis(1796131968000,)"): "as above",
    # 9.x had no Decimal fields: its decode() read an empty one as Decimal(0) and raised on any other
    ("v981", "decode('TYPE:Decimal', 'FIELDS:')"): "compat reads every Decimal field as 10.10+ does (unset: UNSET_DECIMAL)",
}

#: probes where an older release raised and compat answers as the newer ones do (a program that ran on its own
#: release never made the call; one written later is not broken by it)
NO_LONGER_RAISES = {
    "floatMaxString(None,)": "'' as 10.37+ (10.10-10.33 raised TypeError)",
    "decode('TYPE:Decimal'": "9.x raised on every Decimal field; compat reads them as 10.10+",
}

#: enum members whose value is a sentinel that moves with every release (the number after the last tick type)
SENTINELS = {"NOT_SET", "idx2name", "N/A"}


@cache
def load(source: str) -> dict[str, Any]:
    return json.loads((DATA / f"surface_{source}.json").read_text())  # type: ignore[no-any-return]


def error_form(surface: dict[str, Any]) -> str:
    """``3``, ``4`` or ``5``: which ``error`` a program of this source overrides (what compat decides on)."""
    names = [p[0] for p in surface["classes"]["EWrapper"]["methods"]["error"]][1:]
    return "5" if "errorTime" in names else "4" if len(names) == 4 else "3"


@cache
def compat(form: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PYTHONPATH=os.pathsep.join([str(ROOT / "compat"), str(ROOT)]), TZ="UTC", SURFACE_ERROR_FORM=form)
    p = subprocess.run([sys.executable, "-B", str(SCRIPTS / "surface_dump.py")], capture_output=True, text=True,
                       env=env, timeout=300, cwd=str(SCRIPTS))
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout)  # type: ignore[no-any-return]


def same_kind(theirs: str, ours: str) -> bool:
    if theirs == "function":
        return ours == "function" or ours.startswith("callable:")
    if theirs.startswith("callable:"):
        return ours == "function" or ours.startswith("callable:")
    return theirs == ours


def test_every_generation_is_recorded() -> None:
    versions = {load(s)["max_client_ver"] for s in SOURCES}
    # 9.81, 10.10 .. 10.22 (IB history), 10.19, 10.30, 10.33, 10.37, 10.41, 10.42, 10.45, 10.50/10.51
    assert {157, 163, 166, 177, 176, 187, 195, 203, 217, 218, 223, 226} <= versions, versions


def missing_names(source: str) -> tuple[list[str], list[str]]:
    theirs, ours = load(source), compat(error_form(load(source)))
    missing, wrong = [], []
    for module, names in theirs["modules"].items():
        assert "error" not in names, (module, names)
        mine = ours["modules"].get(module)
        if mine is None:
            missing.append(f"module {module}")
            continue
        assert "error" not in mine, (module, mine)
        for name, kind in names.items():
            if name in NOT_PROVIDED or (kind == "function" or kind.startswith("callable")) and INTERNAL.fullmatch(name):
                continue
            if name not in mine:
                missing.append(f"{module}.{name} ({kind})")
            elif not same_kind(kind, mine[name]):
                wrong.append(f"{module}.{name}: {kind}, compat {mine[name]}")
    return missing, wrong


@pytest.mark.parametrize("source", SOURCES)
def test_star_import_names(source: str) -> None:
    """Every name ``from ibapi.X import *`` gave, leaked modules and helpers included, with the same kind."""
    missing, wrong = missing_names(source)
    assert missing == []
    assert wrong == []


@pytest.mark.parametrize("source", SOURCES)
def test_enum_members(source: str) -> None:
    theirs, ours = load(source), compat(error_form(load(source)))
    bad = []
    for name, members in theirs["enums"].items():
        mine = ours["enums"].get(name)
        if mine is None:
            bad.append(f"{name} missing")
            continue
        for member, value in members.items():
            if member in SENTINELS:
                continue
            if mine.get(member) != value:
                bad.append(f"{name}.{member}: {value}, compat {mine.get(member)}")
    assert bad == []


@pytest.mark.parametrize("source", SOURCES)
def test_client_and_wrapper_attributes(source: str) -> None:
    """Every public attribute of ``EClient(EWrapper())`` and of the classes, with the recorded default."""
    theirs, ours = load(source), compat(error_form(load(source)))
    bad = []
    for cls in ("EClient", "EWrapper"):
        t, o = theirs["classes"][cls], ours["classes"][cls]
        for kind in ("instance_attrs", "class_attrs"):
            for name, value in t[kind].items():
                mine = o["instance_attrs"].get(name, o["class_attrs"].get(name))
                if mine == value or (cls, name) in ATTRIBUTE_DIFFERENCES:
                    continue
                if (source, f"{cls}.{name}") in GENERATION_DIFFERENCES:
                    continue
                bad.append(f"{cls}.{name}: {value}, compat {mine}")
    assert bad == []


def signature(params: list[list[Any]]) -> inspect.Signature:
    return inspect.Signature([
        inspect.Parameter(n, getattr(inspect.Parameter, k), default=inspect.Parameter.empty if d is None else d)
        for n, k, d in params
    ])


def call_forms(params: list[list[Any]]) -> list[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    plain = [p for p in params if p[1] in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")]
    required = [p for p in plain if p[2] is None]
    return [
        ("positional, required", tuple(p[0] for p in required), {}),
        ("positional, all", tuple(p[0] for p in plain), {}),
        ("keywords, required", (), {p[0]: 1 for p in required if p[1] != "POSITIONAL_ONLY"}),
        ("keywords, all", (), {p[0]: 1 for p in plain if p[1] != "POSITIONAL_ONLY"}),
    ]


def signature_problems(theirs: dict[str, Any], ours: dict[str, Any], what: str) -> list[str]:
    bad = []
    for name, params in theirs.items():
        if params is None:
            continue
        mine = ours.get(name)
        if mine is None:
            bad.append(f"{what}{name} missing")
            continue
        sig = signature(mine)
        for label, args, kwargs in call_forms(params):
            try:
                sig.bind(*args, **kwargs)
            except TypeError as e:
                bad.append(f"{what}{name} {label} {[p[0] for p in params]}: {e}")
        # a positional argument must land on the parameter of the same meaning (the same name, or *args)
        mine_plain = [p[0] for p in mine if p[1] in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")]
        star = any(p[1] == "VAR_POSITIONAL" for p in mine)
        for i, p in enumerate(x for x in params if x[1] in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")):
            if i < len(mine_plain):
                if mine_plain[i] != p[0] and p[0] not in POSITION_ALIASES.get(mine_plain[i], ()):
                    bad.append(f"{what}{name}: argument {i} is {p[0]}, compat {mine_plain[i]}")
            elif not star:
                bad.append(f"{what}{name}: no argument {i} ({p[0]})")
    return bad


#: compat parameter -> the names other generations gave the argument at that position (same meaning; compat
#: takes each of them as a keyword too, and maps a value of the old kind onto today's call)
POSITION_ALIASES = {
    "orderCancel": ("manualCancelOrderTime",),  # 10.15-10.2x passed the manual cancel time as a str
    "wshEventData": ("conId",),  # 10.10-10.13 passed the conId as an int
    "permId": ("reqId",),  # orderBound(reqId, apiClientId, apiOrderId) before 10.2x
    "clientId": ("apiClientId",),
    "orderId": ("apiOrderId",),
}


@pytest.mark.parametrize("source", SOURCES)
def test_method_signatures(source: str) -> None:
    """Every public method of every generation takes that generation's calls, positional and by keyword."""
    theirs, ours = load(source), compat(error_form(load(source)))
    bad = []
    for cls in theirs["classes"]:  # EClient, EWrapper and (10.45+) TWSSyncWrapper
        bad += signature_problems(theirs["classes"][cls]["methods"], ours["classes"][cls]["methods"], cls + ".")
    assert bad == []


@pytest.mark.parametrize("source", SOURCES)
def test_module_function_signatures(source: str) -> None:
    theirs, ours = load(source), compat(error_form(load(source)))
    picked = {k: v for k, v in theirs["functions"].items()
              if not INTERNAL.fullmatch(k.split(".")[1]) and k.split(".")[1] not in NOT_PROVIDED}
    mine = {k: v for k, v in ours["functions"].items()}
    # compat defines some helpers once and re-exports them: look the name up wherever compat defines it
    for k in picked:
        if k not in mine:
            short = k.split(".")[1]
            elsewhere = [v for kk, v in ours["functions"].items() if kk.split(".")[1] == short]
            if elsewhere:
                mine[k] = elsewhere[0]
            elif ours["modules"].get(k.split(".")[0], {}).get(short, "").startswith("callable"):
                mine[k] = [["args", "VAR_POSITIONAL", None], ["kwargs", "VAR_KEYWORD", None]]
    assert signature_problems(picked, mine, "") == []


@pytest.mark.parametrize("source", SOURCES)
def test_utils_behave_as_the_generation(source: str) -> None:
    theirs, ours = load(source), compat(error_form(load(source)))
    bad = []
    for probe, value in theirs["probes"].items():
        if probe.startswith("current_fn_name"):
            continue
        if ours["probes"].get(probe) == value or (source, probe) in GENERATION_DIFFERENCES:
            continue
        if value.startswith("raise ") and any(probe.startswith(p) for p in NO_LONGER_RAISES):
            continue
        bad.append(f"{probe}: {value}, compat {ours['probes'].get(probe)}")
    assert bad == []


def test_the_listed_differences_are_real() -> None:
    """Each documented difference still exists: a fixed one must leave the lists."""
    for (source, what), _ in GENERATION_DIFFERENCES.items():
        theirs, ours = load(source), compat(error_form(load(source)))
        if what.startswith("EClient."):
            name = what.split(".", 1)[1]
            t = theirs["classes"]["EClient"]["instance_attrs"][name]
            assert ours["classes"]["EClient"]["instance_attrs"].get(name) != t, what
        else:
            assert ours["probes"].get(what) != theirs["probes"][what], what


@pytest.mark.parametrize("installed", ["v981", "v1019", "v1030", "v1037", "v1045", "v1050"])
def test_recorded_data_is_what_the_installed_release_gives(installed: str) -> None:
    """The recorded files of the installed releases are still what those releases show (the recorder's check)."""
    from oracle import oracle_dir, oracle_python

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PYTHONPATH=os.pathsep.join([str(oracle_dir(installed)), str(oracle_dir("latest"))]), TZ="UTC")
    p = subprocess.run([*oracle_python(), "-B", str(SCRIPTS / "surface_dump.py")], capture_output=True, text=True,
                       env=env, timeout=300, cwd=str(SCRIPTS))
    assert p.returncode == 0, p.stderr[-3000:]
    now = json.loads(p.stdout)
    recorded = {k: v for k, v in load(installed).items() if k != "source"}
    assert now == recorded


#: the official decoding machinery: ibwire decodes its own way (compat keeps the class names for imports)
DECODING_MACHINERY = ("decoder.Decoder", "decoder_utils.", "orderdecoder.OrderDecoder", "reader.EReader")

#: members of data classes that ibwire.model does not have yet (compat re-exports ibwire's classes, and TWS
#: fills ibwire's): listed so that the list only shrinks; each is a request to ibwire/model
MODEL_GAPS = {
    *(f"order_condition.{c}.{m}" for c in ("OrderCondition", "OperatorCondition", "ContractCondition",
                                           "PriceCondition", "TimeCondition", "MarginCondition",
                                           "ExecutionCondition", "VolumeCondition", "PercentChangeCondition")
      for m in ("make_fields", "decode")),
}


def missing_class_members(source: str) -> list[str]:
    theirs, ours = load(source), compat(error_form(load(source)))
    mine = ours["other_classes"]
    byname = {}
    for key, members in mine.items():
        byname.setdefault(key.split(".")[1], members)
    missing = []
    for key, members in theirs["other_classes"].items():
        if key.startswith(DECODING_MACHINERY):
            continue
        have = mine.get(key) or ours["enums"].get(key) or byname.get(key.split(".")[1])
        if have is None:
            missing.append(f"{key} (class)")
            continue
        missing += [f"{key}.{n}" for n in members if n not in have and f"{key}.{n}" not in MODEL_GAPS]
    return missing


@pytest.mark.parametrize("source", SOURCES)
def test_other_classes_have_every_member(source: str) -> None:
    """Every public member of the other classes (Contract, Order, AccountSummaryTags, ...) is there."""
    assert missing_class_members(source) == []


def test_model_gaps_are_still_gaps() -> None:
    """A member ibwire.model gains must leave MODEL_GAPS (the list only shrinks)."""
    recorded = set()
    for source in SOURCES:
        theirs = load(source)["other_classes"]
        recorded |= {f"{k}.{n}" for k, members in theirs.items() for n in members}
    assert MODEL_GAPS <= recorded
    ours = compat("5")["other_classes"]
    byname = {k.split(".")[1]: v for k, v in ours.items()}
    present = {g for g in MODEL_GAPS if g.rsplit(".", 1)[1] in byname.get(g.split(".")[1], {})}
    assert present == set()
