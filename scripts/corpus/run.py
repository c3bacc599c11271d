"""Run real ibapi programs, unchanged, on compat and on the official package of their generation.

Each program of ``manifest.json`` (a public repository, a path, a pinned commit)
is extracted from a local bare mirror of its repository into the corpus
directory (outside the repository: third-party code is never committed), then
run twice on each side against its own ``python -m ibwire.sim`` with a pinned
clock:

* compat:   ``PYTHONPATH=<this repo>/compat:<this repo>``
* official: ``PYTHONPATH=<official package>`` -- an installed release
  (``$IBWIRE_ORACLE_DIR/<name>``) or IB's own source tree of the same commit
  (``"official": "tree:<dir>"``, e.g. ``source/pythonclient``).

A ``sitecustomize.py`` first on the path sends every loopback connect to the
simulator's port, so programs keep their hardcoded 7497/7496/4001/4002.
A program still running after its budget gets SIGINT (then SIGKILL).

Compared: the outcome (exit code, or ``budget`` when it had to be stopped, and
the class of the last uncaught exception) and the printed lines (stdout) with
times, dates, numbers with a fraction and integers of two or more digits
masked, under the program's rule:

* ``exact``      every masked line, in order
* ``sorted``     the masked lines as a sorted list (threads interleave prints)
* ``set``        the distinct masked lines (streams repeat a varying number of times)
* ``head:N``     the first N masked lines

``ignore`` (a list of regular expressions) removes text that only says how
long the program waited (e.g. "waiting for connection" printed by a polling
loop) before the lines are compared; blank lines are then dropped too.

Each program gets a verdict: ``same`` (outcome and lines), ``better`` (the
official package raised, or had to be stopped, where compat finished, having
printed everything the official one printed), ``worse`` (the mirror case),
``deliberate`` (compat logged a callback's exception and delivered on where
the official ``run()`` ended with it) or ``differ``.

Usage::

    python scripts/corpus/run.py [--only ID ...] [--jobs 3] [--corpus /work/corpus]
                                 [--mirrors /work/.mirror] [--reps 2] [--side both|compat|official]
    python scripts/corpus/run.py --report | --failures | --rejudge   [--out results.json]

Writes ``<corpus>/results.json`` and prints one line per program; ``--report``
prints the markdown table, ``--failures`` each program that is not the same
with its first difference and the end of each side's last traceback.
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
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CLOCK = "2026-11-24T15:30:12+00:00"


# ---------------------------------------------------------------- extraction

def git_dir(mirrors: Path, repo: str) -> Path:
    base = mirrors / repo.replace("/", "+") / "repo"
    if (base / ".git").is_dir():
        return base / ".git"
    if base.is_dir():
        return base
    raise SystemExit(f"no mirror of {repo} under {mirrors} (bring it with the fetch tool first)")


def extract(gdir: Path, commit: str, paths: list[str], dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "--git-dir", str(gdir), "archive", "--format=tar", commit, "--", *paths],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)


def prepare(entry: dict[str, Any], corpus: Path, mirrors: Path) -> Path:
    """The program's files at its commit under corpus/<id>/src (and the official tree, if any)."""
    base = corpus / entry["id"]
    src = base / "src"
    if not (src / entry["path"]).exists():
        shutil.rmtree(src, ignore_errors=True)
        extract(git_dir(mirrors, entry["repo"]), entry["commit"], entry.get("files") or [entry["path"]], src)
    official = entry["official"]
    if official.startswith("tree:"):
        tree = official[5:]
        repo = entry.get("tree_repo", entry["repo"])
        commit = entry.get("tree_commit", entry["commit"])
        dest = base / "official"
        if not (dest / tree / "ibapi" / "__init__.py").exists():
            shutil.rmtree(dest, ignore_errors=True)
            extract(git_dir(mirrors, repo), commit, [tree + "/ibapi"], dest)
    return base


def official_path(entry: dict[str, Any], base: Path) -> Path:
    official = entry["official"]
    if official.startswith("tree:"):
        return base / "official" / official[5:]
    oracles = Path(os.environ.get("IBWIRE_ORACLE_DIR", ROOT / ".oracle"))
    return oracles / official


# ---------------------------------------------------------------- one run

class Sim:
    """The simulator (``ibwire.sim.process.spawn``) on a free port with the pinned clock and ``args``;
    ``close()`` stops it and gives its stderr. (The ib_async corpus runs it too.)"""

    def __init__(self, server_version: int | None = None, *args: str) -> None:
        from ibwire.sim.process import spawn

        extra = ["--server-version", str(server_version)] if server_version else []
        self._sim = spawn("--clock", CLOCK, *args, *extra, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                          cwd=str(ROOT))
        self.port = self._sim.port

    def close(self) -> str:
        self._sim.stop()
        err = self._sim.stderr
        self._sim.__exit__(None, None, None)
        return err


#: the release a generation of the manifest declares with --declare
#: (the official package it is compared with, else its generation)
RELEASE_OF = {"v981": "9.81", "v1019": "10.19", "v1020": "10.20", "v1030": "10.30", "v1037": "10.37",
              "latest": "10.51", "9.8x": "9.81", "10.1x": "10.19", "10.2x": "10.22", "10.3x": "10.33",
              "10.37+": "10.37"}
DECLARE = False


def run_once(entry: dict[str, Any], base: Path, side: str) -> dict[str, Any]:
    pkg = [str(ROOT / "compat"), str(ROOT)] if side == "compat" else [str(official_path(entry, base))]
    sim = Sim(entry.get("server_version"))
    work = Path(tempfile.mkdtemp(prefix=f"{entry['id']}-{side}-", dir=str(base)))
    try:
        shutil.copytree(base / "src", work, dirs_exist_ok=True)
        cwd = work / (entry.get("cwd") if entry.get("cwd") is not None else str(Path(entry["path"]).parent))
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
        env.update(PYTHONPATH=os.pathsep.join([str(HERE), *pkg, str(cwd)]), IBCORPUS_SIM_PORT=str(sim.port), IBCORPUS_SIDE=side,
                   PYTHONUNBUFFERED="1", PYTHONDONTWRITEBYTECODE="1", MPLBACKEND="Agg")
        if side == "compat" and DECLARE:
            # --declare: compat is told the program's release, as its user would (IBWIRE_IBAPI_VERSION)
            env["IBWIRE_IBAPI_VERSION"] = RELEASE_OF.get(entry["official"], RELEASE_OF[entry["generation"]])
        cmd = [sys.executable, str(work / entry["path"]), *[a.replace("{port}", str(sim.port))
                                                            for a in entry.get("args", [])]]
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, cwd=str(cwd), env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, errors="replace", start_new_session=True)
        stopped = False
        try:
            out, err = p.communicate(timeout=entry.get("budget", 8))
        except subprocess.TimeoutExpired:
            stopped = True
            p.send_signal(signal.SIGINT)
            try:
                out, err = p.communicate(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                out, err = p.communicate()
        elapsed = time.monotonic() - t0
    finally:
        sim_err = sim.close()
        shutil.rmtree(work, ignore_errors=True)
    return {"rc": p.returncode, "stopped": stopped, "elapsed": round(elapsed, 2), "stdout": out, "stderr": err,
            "outcome": outcome(p.returncode, stopped, err), "sim_stderr": sim_err[-3000:]}


def exceptions(stderr: str) -> list[str]:
    """The exception lines that end each traceback in stderr ("Class: message", or "Class" alone): the first
    line after a ``Traceback`` header that is not indented (a plain ``Exception`` counts too)."""
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


def outcome(rc: int | None, stopped: bool, stderr: str) -> str:
    exc = exceptions(stderr)
    last = exc[-1].split(":")[0] if exc else "-"
    if stopped:
        # still running at the end of its budget: did SIGINT end it, or did it need SIGKILL?
        status = "budget, SIGINT ignored (killed)" if rc == -signal.SIGKILL else f"budget, SIGINT -> rc {rc}"
    else:
        status = f"exit {rc}"
    return f"{status} / {last}"


# ---------------------------------------------------------------- comparison

MASKS = [
    (re.compile(r"0x[0-9a-fA-F]{6,}"), "0xADDR"),
    (re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d, \d{4} \d\d:\d\d:\d\d(?:\.\d+)?"), "<T>"),
    (re.compile(r"\b\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:?\d\d|Z)?"), "<T>"),
    (re.compile(r"\b\d{8}[ -]{1,2}\d\d:\d\d:\d\d(?:\.\d+)?"), "<T>"),
    (re.compile(r"\b\d\d:\d\d:\d\d(?:\.\d+)?"), "<T>"),
    (re.compile(r"\b\d{4}-\d\d-\d\d\b"), "<D>"),
    (re.compile(r"\b(?:19|20)\d\d(?:0\d|1[0-2])[0-3]\d\b"), "<D>"),
    (re.compile(r"-?\b\d+\.\d*(?:[eE][+-]?\d+)?|-?\b\d+[eE][+-]?\d+"), "<F>"),
    (re.compile(r"-?\b\d{2,}\b"), "<N>"),
]


def mask(line: str) -> str:
    for rx, rep in MASKS:
        line = rx.sub(rep, line)
    return line.rstrip()


def view(stdout: str, rule: str, ignore: list[str] | None = None) -> list[str]:
    for pattern in ignore or []:
        stdout = re.sub(pattern, "", stdout)
    lines = [mask(x) for x in stdout.splitlines()]
    if ignore:
        lines = [x for x in lines if x.strip()]
    if rule == "sorted":
        return sorted(lines)
    if rule == "set":
        return sorted(set(lines))
    if rule.startswith("head:"):
        return lines[: int(rule.split(":")[1])]
    return lines


def first_difference(a: list[str], b: list[str]) -> str:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"line {i + 1}: official {x!r} / compat {y!r}"
    if len(a) != len(b):
        return f"length official {len(a)} / compat {len(b)}"
    return ""


def judge(entry: dict[str, Any], runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    rule = entry.get("compare", "exact")
    res: dict[str, Any] = {"id": entry["id"], "rule": rule}
    views = {}
    for side, rs in runs.items():
        vs = [view(r["stdout"], rule, entry.get("ignore")) for r in rs]
        res[f"{side}_outcome"] = rs[0]["outcome"]
        res[f"{side}_deterministic"] = all(v == vs[0] for v in vs) and all(r["outcome"] == rs[0]["outcome"] for r in rs)
        res[f"{side}_lines"] = len(vs[0])
        res[f"{side}_exceptions"] = sorted(set(exceptions(rs[0]["stderr"])))[:8]
        views[side] = vs[0]
    if "official" in views and "compat" in views:
        res["same_outcome"] = res["official_outcome"] == res["compat_outcome"]
        res["same_lines"] = views["official"] == views["compat"]
        res["same"] = res["same_outcome"] and res["same_lines"]
        res["difference"] = first_difference(views["official"], views["compat"])
        res["compat_callback_exception"] = any("exception in callback" in r["stderr"] for r in runs["compat"])
        res["verdict"] = verdict(res, views["official"], views["compat"], rule)
    return res


CLEAN = "exit 0 / -"


def verdict(res: dict[str, Any], official: list[str], compat: list[str], rule: str) -> str:
    """``same``; ``better`` when the official package failed where compat did not (an exception, or it had to
    be stopped: its reader thread keeps a finished program alive) having printed everything the official one
    printed; ``worse`` for the mirror case, ``deliberate`` when that is a callback's exception compat logged and
    delivered on; else ``differ``."""
    if res["same"]:
        return "same"

    def covers(big: list[str], small: list[str]) -> bool:
        if rule in ("sorted", "set"):
            return set(small) <= set(big)
        return big[: len(small)] == small

    def exc(o: str) -> str:
        return o.rsplit(" / ", 1)[-1]

    def failed(o: str) -> bool:  # an uncaught exception, or a non-zero exit of its own
        return exc(o) != "-" or (o.startswith("exit") and o != CLEAN)

    def better(a: str, b: str, a_lines: list[str], b_lines: list[str]) -> bool:
        """Outcome ``a`` is better than ``b``, having printed everything ``b`` did."""
        if not covers(a_lines, b_lines):
            return False
        if a == CLEAN and b != CLEAN:
            return True  # b failed or had to be stopped
        if failed(b) and not failed(a):
            return True  # b raised (e.g. a name its release dropped, a value it refused); a ran on
        # the same exception, but a ended where b had to be stopped (its non-daemon reader kept it alive)
        return exc(a) == exc(b) != "-" and a.startswith("exit") and b.startswith("budget")

    off, com = res["official_outcome"], res["compat_outcome"]
    if better(com, off, compat, official):
        return "better"
    if better(off, com, official, compat):
        # compat logs a callback's exception and delivers on (ibwire's invariant) where the official run()
        # ended with it: a deliberate difference, not a regression
        same_exc = exc(off) == exc(com) != "-"
        return "deliberate" if same_exc and res.get("compat_callback_exception") else "worse"
    return "differ"


# ---------------------------------------------------------------- main

def rejudge(manifest: Path, path: Path) -> None:
    entries = {e["id"]: e for e in json.loads(manifest.read_text())["programs"]}
    rows = json.loads(path.read_text())
    for r in rows:
        for rs in r["runs"].values():
            for x in rs:
                x["outcome"] = outcome(x["rc"], x["stopped"], x["stderr"])
        r.update(judge(entries[r["id"]], r["runs"]))
    path.write_text(json.dumps(rows, indent=1))


def report(path: Path) -> None:
    """A markdown table of a results file."""
    rows = json.loads(path.read_text())
    print("| id | repo / path @ commit | gen | official (pkg) | official outcome | compat outcome | lines | verdict |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        det = "" if r.get("official_deterministic", True) and r.get("compat_deterministic", True) else " (nondet)"
        print(f"| {r['id']} | {r['repo']} / {r['path']} @ {r['commit'][:10]} | {r['generation']} | {r['official']} | "
              f"{r.get('official_outcome', '')} | {r.get('compat_outcome', '')} | "
              f"{'same' if r.get('same_lines') else 'differ'} ({r['rule']}){det} | {r.get('verdict', '')} |")
    n = sum(1 for r in rows if r.get("same"))
    print(f"\nsame outcome and lines: {n}/{len(rows)}; same lines: {sum(1 for r in rows if r.get('same_lines'))}/{len(rows)}")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.get("verdict", "?")] = counts.get(r.get("verdict", "?"), 0) + 1
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


def last_traceback(stderr: str, lines: int = 6) -> str:
    """The end of the last traceback in stderr (its last ``lines`` lines), or ''."""
    at = stderr.rfind("Traceback (most recent call last)")
    if at < 0:
        return ""
    tb = stderr[at:].splitlines()
    end = next((i for i, x in enumerate(tb[1:], 1) if x and not x[0].isspace()), len(tb) - 1)
    return "\n".join(tb[max(1, end - lines + 1): end + 1])


def failures(path: Path) -> None:
    """Each program whose verdict is not ``same``: outcomes, first difference, each side's last traceback."""
    for r in json.loads(path.read_text()):
        if r.get("verdict", "same") == "same":
            continue
        print(f"### {r['id']} ({r['generation']}, {r['official']}): {r.get('verdict')}")
        print(f"official: {r.get('official_outcome')} | compat: {r.get('compat_outcome')}")
        if r.get("difference"):
            print(f"first difference: {r['difference'][:600]}")
        for side in ("official", "compat"):
            tb = last_traceback(r["runs"][side][0]["stderr"])
            if tb:
                print(f"{side} traceback:\n{tb}")
        print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--manifest", default=str(HERE / "manifest.json"))
    ap.add_argument("--corpus", default=os.environ.get("IBCORPUS_DIR", "/work/corpus"))
    ap.add_argument("--mirrors", default=os.environ.get("IBCORPUS_MIRRORS", "/work/.mirror"))
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--jobs", type=int, default=3)
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--side", choices=["both", "compat", "official"], default="both")
    ap.add_argument("--declare", action="store_true",
                    help="declare each program's release to compat (IBWIRE_IBAPI_VERSION from its generation)")
    ap.add_argument("--out", default=None, help="results file (default <corpus>/results.json)")
    ap.add_argument("--rejudge", action="store_true",
                    help="judge the stored runs again under the manifest's current rules (runs nothing)")
    ap.add_argument("--report", action="store_true", help="print the table of the last results (runs nothing)")
    ap.add_argument("--failures", action="store_true",
                    help="print each program that is not the same: outcomes, difference, tracebacks (runs nothing)")
    args = ap.parse_args()
    global DECLARE
    DECLARE = args.declare

    if args.rejudge:
        rejudge(Path(args.manifest), Path(args.out) if args.out else Path(args.corpus) / "results.json")
        return
    if args.report:
        report(Path(args.out) if args.out else Path(args.corpus) / "results.json")
        return
    if args.failures:
        failures(Path(args.out) if args.out else Path(args.corpus) / "results.json")
        return
    corpus, mirrors = Path(args.corpus), Path(args.mirrors)
    entries = json.loads(Path(args.manifest).read_text())["programs"]
    if args.only:
        entries = [e for e in entries if e["id"] in args.only]
    sides = ["official", "compat"] if args.side == "both" else [args.side]
    bases = {e["id"]: prepare(e, corpus, mirrors) for e in entries}

    jobs = [(e, s, k) for e in entries for s in sides for k in range(args.reps)]
    raw: dict[str, dict[str, list[dict[str, Any]]]] = {e["id"]: {s: [] for s in sides} for e in entries}
    with cf.ThreadPoolExecutor(args.jobs) as pool:
        futs = {pool.submit(run_once, e, bases[e["id"]], s): (e, s) for e, s, _ in jobs}
        for f in cf.as_completed(futs):
            e, s = futs[f]
            raw[e["id"]][s].append(f.result())

    results = []
    for e in entries:
        r = judge(e, raw[e["id"]])
        r.update(repo=e["repo"], path=e["path"], commit=e["commit"], generation=e["generation"],
                 official=e["official"])
        r["runs"] = {s: [{k: v for k, v in x.items()} for x in rs] for s, rs in raw[e["id"]].items()}
        results.append(r)
    out = Path(args.out) if args.out else corpus / "results.json"
    old = {}
    if out.exists() and args.only:
        old = {r["id"]: r for r in json.loads(out.read_text())}
    old.update({r["id"]: r for r in results})
    ordered = [old[e["id"]] for e in json.loads(Path(args.manifest).read_text())["programs"] if e["id"] in old]
    out.write_text(json.dumps(ordered, indent=1))

    for r in results:
        flag = (r.get("verdict") or "").upper()
        det = "".join("" if r.get(f"{s}_deterministic", True) else f" nondet-{s}" for s in sides)
        print(f"{r['id']:28} {r['generation']:6} {flag:6} off[{r.get('official_outcome', '')}] "
              f"compat[{r.get('compat_outcome', '')}]{det} {r.get('difference', '')[:160]}")
    if len(sides) == 2:
        n = sum(1 for r in results if r.get("same"))
        print(f"same: {n}/{len(results)}")


if __name__ == "__main__":
    main()
