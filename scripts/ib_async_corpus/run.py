"""Run real ib_async / ib_insync scripts, unchanged, on ib_async 2.1 and on ibwire's facade, side by side.

Each script of ``manifest.json`` (a public repository, a path, a pinned commit)
is extracted from a local bare mirror of its repository into the corpus
directory (outside this repository: third-party code is never committed), then
run once per side, each against its own ``python -m ibwire.sim`` with a pinned
clock and seed:

* ib_async: ``python -S`` with ``PYTHONPATH=<oracle ib_async>:<site-packages for pandas>`` -- ib_async 2.1
  as installed apart (``$IBWIRE_ORACLE_DIR/ib_async``); ``import ib_insync`` gives ib_async (``shim_insync/``).
* ibwire:   ``PYTHONPATH=shim_ibwire:shim_insync:<this repo>`` -- ``import ib_async`` / ``import ib_insync``
  give ibwire's facade (``shim_ibwire/ib_async.py``). That shim stands for the ONE change a user makes: the
  import line (``from ib_async import *`` -> ``from ibwire import *``); the script is otherwise byte for byte
  as published.

``boot/iacorpus_launch.py`` runs the script as ``__main__`` after redirecting
every TCP connect to an IB port (7496/7497/4001/4002...) or to loopback to the
simulator's port, so scripts keep their hard-coded addresses. A script still
running after its budget gets SIGINT, then SIGKILL; what it printed until then is
compared. A script marked ``"forever": true`` (``ib.run()``, endless loops) is
expected to be stopped so (outcome ``budget``); any other one that has to be
stopped ``hung``, which counts as a failure.

Compared: the outcome (exit code or ``budget``, and the class of the last uncaught
exception; the KeyboardInterrupt of the budget's SIGINT does not count) and the
printed lines (stdout) with times, dates, floats and integers of two or more
digits masked and runs of blanks squeezed (DataFrame columns align by value
width), under the script's rule: ``exact``, ``sorted``, ``set`` (streams repeat
a varying number of times) or ``head:N``. ``"keep_numbers": true`` compares
numbers too (only for output that does not depend on the wall clock).

Verdicts: ``same``; ``ibwire-fails`` (ibwire raised or exited non-zero where
ib_async did not: the exception is the note); ``ib_async-fails`` (the mirror
case); ``differ`` (same kind of outcome, different lines: the first differing
line is the note).

Usage::

    python scripts/ib_async_corpus/run.py [--only NAME ...] [--jobs 2] [--corpus /work/ia_corpus]
                                          [--mirrors /work/.mirror] [--side both|ib_async|ibwire]
                                          [--lenient] [--events-on-wait] [--ibwire-root DIR]
    python scripts/ib_async_corpus/run.py --report | --failures [--diff]   [--lenient] [--events-on-wait]
                                          [--out results.json]

``--lenient`` adds ONE documented line to the ibwire side, ``IB.RaiseRequestErrors = False`` (ibwire raises
``RequestError`` for a refused request by default where ib_async logs it and returns an empty result), to see
what else differs past that deliberate difference.

``--events-on-wait`` adds ONE documented line to the ibwire side, ``ib.EventsOnWait = True`` on every ``IB``
the script makes (by default ibwire runs handlers on its dispatch thread as events happen; with the switch they
run, as in ib_async, on the thread that waits in ``ib.sleep()``/``ib.run()``/a blocking call). Results go to
``results-eow.json`` (``results-lenient-eow.json`` with both).
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CLOCK = "2026-11-24T15:30:12+00:00"


def _load_ibapi_corpus() -> Any:
    """scripts/corpus/run.py (the ibapi program corpus): its extraction and simulator runner serve here too."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("ibapi_corpus_run", ROOT / "scripts" / "corpus" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_ibapi_corpus = _load_ibapi_corpus()
assert _ibapi_corpus.CLOCK == CLOCK
SIDES = ("ib_async", "ibwire")
MAX_BUDGET = 20.0
#: the ibwire tree the ibwire side imports (--ibwire-root: another worktree, to see a branch in progress)
IBWIRE_ROOT = ROOT
#: --lenient: the ibwire side runs with ``IB.RaiseRequestErrors = False`` (ib_async's empty results for refused
#: requests): the script plus that one documented switch
LENIENT = False
#: --events-on-wait: the ibwire side runs with ``ib.EventsOnWait = True`` (ib_async's handler timing)
EVENTS_ON_WAIT = False


# ---------------------------------------------------------------- extraction

def prepare(entry: dict[str, Any], corpus: Path, mirrors: Path) -> Path:
    """The script's files at its commit under corpus/<name>/src."""
    base = corpus / entry["name"]
    src = base / "src"
    stamp = base / "commit"
    if not (src / entry["path"]).exists() or not stamp.exists() or stamp.read_text() != entry["commit"]:
        shutil.rmtree(src, ignore_errors=True)
        _ibapi_corpus.extract(_ibapi_corpus.git_dir(mirrors, entry["repo"]), entry["commit"],
                              entry.get("files") or [entry["path"]], src)
        stamp.write_text(entry["commit"])
    return base


# ---------------------------------------------------------------- one run

def oracle() -> Path:
    """ib_async 2.1 installed apart for this interpreter, which runs it (tests/oracle: oracle_dir)."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from oracle import oracle_dir
    finally:
        sys.path.remove(str(ROOT / "tests"))
    return oracle_dir("ib_async", python=sys.executable)


def side_env(side: str, cwd: Path) -> tuple[list[str], dict[str, str]]:
    """The interpreter command and environment of a side."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME")}
    if side == "ib_async":
        # -S: no site-packages (so no editable ibwire); pandas & co. from the venv's site-packages, after the
        # oracle directory so ib_async, eventkit and numpy are the oracle's own
        path = [str(HERE / "shim_insync"), str(oracle()), sysconfig.get_paths()["purelib"]]
        cmd = [sys.executable, "-S"]
    else:
        path = [str(HERE / "shim_ibwire"), str(HERE / "shim_insync"), str(IBWIRE_ROOT)]
        cmd = [sys.executable]
        if LENIENT:
            env["IACORPUS_LENIENT"] = "1"
        if EVENTS_ON_WAIT:
            env["IACORPUS_EVENTS_ON_WAIT"] = "1"
    env.update(PYTHONPATH=os.pathsep.join([*path, str(cwd)]), PYTHONUNBUFFERED="1", PYTHONDONTWRITEBYTECODE="1",
               MPLBACKEND="Agg", TZ="UTC", COLUMNS="200")
    return cmd, env


def run_once(entry: dict[str, Any], base: Path, side: str) -> dict[str, Any]:
    sim = _ibapi_corpus.Sim(None, "--seed", "1")  # the ibapi corpus' simulator runner, seed 1
    work = Path(tempfile.mkdtemp(prefix=f"{side}-", dir=str(base)))
    try:
        shutil.copytree(base / "src", work, dirs_exist_ok=True)
        cwd = work / (entry.get("cwd") if entry.get("cwd") is not None else str(Path(entry["path"]).parent))
        for d in entry.get("mkdirs", []):
            (cwd / d).mkdir(parents=True, exist_ok=True)
        cmd, env = side_env(side, cwd)
        env["IACORPUS_SIM_PORT"] = str(sim.port)
        cmd += [str(HERE / "boot" / "iacorpus_launch.py"), str(work / entry["path"]), *entry.get("args", [])]
        budget = min(float(entry.get("budget", 10)), MAX_BUDGET)
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, cwd=str(cwd), env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, errors="replace", start_new_session=True)
        stopped = False
        try:
            out, err = p.communicate(timeout=budget)
        except subprocess.TimeoutExpired:
            stopped = True
            p.send_signal(signal.SIGINT)
            try:
                out, err = p.communicate(timeout=4)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                out, err = p.communicate()
        elapsed = time.monotonic() - t0
    finally:
        sim_err = sim.close()
        shutil.rmtree(work, ignore_errors=True)
    return {"rc": p.returncode, "stopped": stopped, "elapsed": round(elapsed, 2), "stdout": out, "stderr": err,
            "outcome": outcome(p.returncode, stopped, err, entry.get("forever", False)), "sim_stderr": sim_err[-2000:]}


def exceptions(stderr: str) -> list[str]:
    """The line that ends each traceback in stderr ("Class: message")."""
    found = []
    in_tb = False
    for line in stderr.splitlines():
        if line.startswith("Traceback (most recent call last)"):
            in_tb = True
            continue
        if in_tb and line and not line[0].isspace():
            found.append(line.strip())
            in_tb = False
    return found


#: what the budget's SIGINT raises: not a failure of the script
STOP_EXCEPTIONS = {"KeyboardInterrupt", "asyncio.exceptions.CancelledError", "CancelledError"}


def outcome(rc: int | None, stopped: bool, stderr: str, forever: bool = False) -> str:
    """``exit N`` or ``budget`` (a ``forever`` script -- ``ib.run()``, an endless loop -- stopped as planned) or
    ``hung`` (a script meant to end by itself that had to be stopped), then the last uncaught exception."""
    exc = [e.split(":")[0] for e in exceptions(stderr)]
    if stopped:
        exc = [e for e in exc if e not in STOP_EXCEPTIONS]
        status = "budget" if forever else "hung"
        status += " (killed)" if rc == -signal.SIGKILL else ""
    else:
        status = f"exit {rc}"
    return f"{status} / {exc[-1] if exc else '-'}"


def failed(o: str) -> bool:
    """An uncaught exception, or a non-zero exit of its own."""
    status, exc = o.rsplit(" / ", 1)
    return exc != "-" or (status.startswith("exit") and status != "exit 0") or "killed" in status \
        or status.startswith("hung")


# ---------------------------------------------------------------- comparison

#: times and dates keep their FORM (an ISO string, IB's "yyyymmdd hh:mm:ss tz", a datetime repr with its tzinfo,
#: a date) and lose their digits: a bar date printed as a string where ib_async prints a datetime is a difference
TIMES = [
    (re.compile(r"0x[0-9a-fA-F]{6,}"), lambda m: "0xADDR"),
    (re.compile(r"datetime\.datetime\(\d+(?:, \d+)*(, tzinfo=[^()]*(?:\([^()]*\))?)?\)"),
     lambda m: f"datetime.datetime(<T>{m.group(1) or ''})"),
    (re.compile(r"datetime\.date\(\d+, \d+, \d+\)"), lambda m: "datetime.date(<D>)"),
    (re.compile(r"Timestamp\('[^']*'(, tz='[^']*')?\)"), lambda m: f"Timestamp(<T>{m.group(1) or ''})"),
    (re.compile(r"\b\d{4}-\d\d-\d\d([ T])\d\d:\d\d(?::\d\d)?(\.\d+)?([+-]\d\d:?\d\d|Z)?"),
     lambda m: f"<ISO{m.group(1).strip()}{'.f' if m.group(2) else ''}{m.group(3) or ''}>"),
    (re.compile(r"\b\d{8}([ -]{1,2})\d\d:\d\d:\d\d(?:\.\d+)?( (?:[A-Z]{3,4}|[A-Za-z]+/[A-Za-z_]+)\b)?"),
     lambda m: f"<IB{m.group(1)}{m.group(2) or ''}>"),
    (re.compile(r"\b\d\d:\d\d:\d\d(?:\.\d+)?"), lambda m: "<HMS>"),
    (re.compile(r"\b\d{4}-\d\d-\d\d\b"), lambda m: "<DATE>"),
    (re.compile(r"\b(?:19|20)\d\d(?:0\d|1[0-2])[0-3]\d\b"), lambda m: "<D8>"),
    # a class printed with its module: the package is the one line the user changed (ib_async -> ibwire)
    (re.compile(r"<class '(?:ib_async|ib_insync|ibwire)(?:\.\w+)*\.(\w+)'>"), lambda m: f"<class '*.{m.group(1)}'>"),
    # ids a side numbers its own way (ib_async takes order ids from the request-id sequence)
    (re.compile(r"\b(orderId|permId|reqId|parentId|OrderId|PermId|ParentId)([=:] ?|\s)\d+"),
     lambda m: f"{m.group(1)}{m.group(2)}<ID>"),
]
NUMBERS = [
    (re.compile(r"-?\b\d+\.\d*(?:[eE][+-]?\d+)?|-?\b\d+[eE][+-]?\d+"), lambda m: "<F>"),
    (re.compile(r"-?\b\d{2,}\b"), lambda m: "<N>"),
]


_PLACEHOLDER = re.compile(r"(<[A-Z][^<>]*>)")


def mask(line: str, keep_numbers: bool = False) -> str:
    for rx, rep in TIMES:
        line = rx.sub(rep, line)
    if not keep_numbers:  # numbers outside the placeholders (a time zone offset stays what it is)
        parts = _PLACEHOLDER.split(line)
        for i in range(0, len(parts), 2):
            for rx, rep in NUMBERS:
                parts[i] = rx.sub(rep, parts[i])
        line = "".join(parts)
    return re.sub(r"[ \t]+", " ", line).strip()


def view(stdout: str, entry: dict[str, Any]) -> list[str]:
    rule = entry.get("compare", "exact")
    for pattern in entry.get("ignore", []):
        stdout = re.sub(pattern, "", stdout, flags=re.M)
    lines = [mask(x, entry.get("keep_numbers", False)) for x in stdout.splitlines()]
    lines = [x for x in lines if x]
    if rule == "sorted":
        return sorted(lines)
    if rule == "set":
        return sorted(set(lines))
    if rule.startswith("head:"):
        return lines[: int(rule.split(":")[1])]
    return lines


def unified(a: list[str], b: list[str], limit: int = 40) -> str:
    """The masked lines of both sides as a unified diff (ib_async first), at most ``limit`` lines."""
    import difflib

    out = list(difflib.unified_diff(a, b, "ib_async", "ibwire", n=0, lineterm=""))
    return "\n".join(x[:400] for x in out[:limit]) + ("\n..." if len(out) > limit else "")


def first_difference(a: list[str], b: list[str]) -> str:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"line {i + 1}: ib_async {x[:220]!r} / ibwire {y[:220]!r}"
    if len(a) != len(b):
        extra = (a if len(a) > len(b) else b)[min(len(a), len(b))]
        return f"lines ib_async {len(a)} / ibwire {len(b)} (first extra: {extra[:200]!r})"
    return ""


def judge(entry: dict[str, Any], runs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    res: dict[str, Any] = {"name": entry["name"], "rule": entry.get("compare", "exact")}
    views = {}
    for side, r in runs.items():
        views[side] = view(r["stdout"], entry)
        res[f"{side}_outcome"] = r["outcome"]
        res[f"{side}_lines"] = len(views[side])
        res[f"{side}_exceptions"] = exceptions(r["stderr"])[-3:]
    if len(runs) < 2:
        return res
    a, w = res["ib_async_outcome"], res["ibwire_outcome"]
    res["same_outcome"] = a == w
    res["same_lines"] = views["ib_async"] == views["ibwire"]
    res["difference"] = first_difference(views["ib_async"], views["ibwire"])
    last = {s: (res[f"{s}_exceptions"] or [""])[-1] for s in SIDES}
    if res["same_outcome"] and res["same_lines"]:
        res["verdict"], res["note"] = "same", ""
    elif failed(w) and not failed(a):
        res["verdict"], res["note"] = "ibwire-fails", last["ibwire"] or w
    elif failed(a) and not failed(w):
        res["verdict"], res["note"] = "ib_async-fails", last["ib_async"] or a
    else:
        res["verdict"] = "differ"
        res["note"] = res["difference"] or f"outcome ib_async [{a}] / ibwire [{w}]"
    return res


# ---------------------------------------------------------------- reports

def report(path: Path) -> None:
    rows = json.loads(path.read_text())
    print("| script | repo path @ commit | verdict | note |")
    print("|---|---|---|---|")
    for r in rows:
        note = (r.get("note") or "").replace("|", "\\|").replace("\n", " ")[:240]
        outcomes = f"ib_async [{r.get('ib_async_outcome')}], ibwire [{r.get('ibwire_outcome')}]"
        print(f"| {r['name']} | {r['repo']} {r['path']} @ {r['commit'][:10]} | {r.get('verdict', '')} | "
              f"{note + '; ' if note else ''}{outcomes} |")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.get("verdict", "?")] = counts.get(r.get("verdict", "?"), 0) + 1
    print("\nverdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + f" (of {len(rows)})")


def last_traceback(stderr: str, lines: int = 8) -> str:
    at = stderr.rfind("Traceback (most recent call last)")
    if at < 0:
        return ""
    tb = stderr[at:].splitlines()
    end = next((i for i, x in enumerate(tb[1:], 1) if x and not x[0].isspace()), len(tb) - 1)
    return "\n".join(tb[max(1, end - lines + 1): end + 1])


MANIFEST: dict[str, dict[str, Any]] = {}


def failures(path: Path, diff: bool = False) -> None:
    for r in json.loads(path.read_text()):
        if r.get("verdict", "same") == "same":
            continue
        print(f"### {r['name']}: {r.get('verdict')}  ({r['repo']} {r['path']})")
        print(f"ib_async: {r.get('ib_async_outcome')} | ibwire: {r.get('ibwire_outcome')}")
        if r.get("difference"):
            print(f"first difference: {r['difference'][:600]}")
        if diff:
            entry = {"compare": r["rule"], **MANIFEST.get(r["name"], {})}
            print(unified(view(r["runs"]["ib_async"]["stdout"], entry), view(r["runs"]["ibwire"]["stdout"], entry)))
        for side in SIDES:
            tb = last_traceback(r["runs"][side]["stderr"])
            if tb:
                print(f"{side} traceback:\n{tb}")
        print()


# ---------------------------------------------------------------- main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--manifest", default=str(HERE / "manifest.json"))
    ap.add_argument("--corpus", default=os.environ.get("IACORPUS_DIR", "/work/ia_corpus"))
    ap.add_argument("--mirrors", default=os.environ.get("IBCORPUS_MIRRORS", "/work/.mirror"))
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--side", choices=["both", *SIDES], default="both")
    ap.add_argument("--out", default=None, help="results file (default <corpus>/results.json)")
    ap.add_argument("--lenient", action="store_true",
                    help="ibwire side with IB.RaiseRequestErrors = False (write results-lenient.json by default)")
    ap.add_argument("--events-on-wait", action="store_true",
                    help="ibwire side with ib.EventsOnWait = True (write results-eow.json by default)")
    ap.add_argument("--ibwire-root", default=None, help="the ibwire tree to import on the ibwire side")
    ap.add_argument("--report", action="store_true", help="print the markdown table of the last results")
    ap.add_argument("--failures", action="store_true", help="each script that is not the same, with tracebacks")
    ap.add_argument("--diff", action="store_true", help="with --failures: the masked lines of both sides as a diff")
    args = ap.parse_args()
    global LENIENT, EVENTS_ON_WAIT, IBWIRE_ROOT
    LENIENT = args.lenient
    EVENTS_ON_WAIT = args.events_on_wait
    if args.ibwire_root:
        IBWIRE_ROOT = Path(args.ibwire_root).resolve()
    stem = "results" + ("-lenient" if LENIENT else "") + ("-eow" if EVENTS_ON_WAIT else "")
    out = Path(args.out) if args.out else Path(args.corpus) / f"{stem}.json"
    if args.report:
        report(out)
        return
    if args.failures:
        MANIFEST.update({e["name"]: e for e in json.loads(Path(args.manifest).read_text())["scripts"]})
        failures(out, args.diff)
        return
    corpus, mirrors = Path(args.corpus), Path(args.mirrors)
    entries = json.loads(Path(args.manifest).read_text())["scripts"]
    if args.only:
        entries = [e for e in entries if e["name"] in args.only]
    sides = list(SIDES) if args.side == "both" else [args.side]
    bases = {e["name"]: prepare(e, corpus, mirrors) for e in entries}
    raw: dict[str, dict[str, dict[str, Any]]] = {e["name"]: {} for e in entries}
    with cf.ThreadPoolExecutor(args.jobs) as pool:
        futs = {pool.submit(run_once, e, bases[e["name"]], s): (e, s) for e in entries for s in sides}
        for f in cf.as_completed(futs):
            e, s = futs[f]
            raw[e["name"]][s] = f.result()
    results = []
    for e in entries:
        r = judge(e, raw[e["name"]])
        r.update(repo=e["repo"], path=e["path"], commit=e["commit"], patterns=e.get("patterns", []))
        r["runs"] = raw[e["name"]]
        results.append(r)
    old = {r["name"]: r for r in json.loads(out.read_text())} if out.exists() else {}
    old.update({r["name"]: r for r in results})
    order = [e["name"] for e in json.loads(Path(args.manifest).read_text())["scripts"]]
    out.write_text(json.dumps([old[n] for n in order if n in old], indent=1))
    for r in results:
        print(f"{r['name']:26} {(r.get('verdict') or '').upper():14} a[{r.get('ib_async_outcome', '')}] "
              f"w[{r.get('ibwire_outcome', '')}] {(r.get('note') or '')[:200]}")


if __name__ == "__main__":
    main()
