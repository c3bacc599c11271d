"""End-to-end decode throughput (issue 15): loopback server -> client -> callbacks, side by side.

    nice -n 19 python benchmarks/bench_decode.py --json /tmp/bench15.json      # everything, ~10 min
    nice -n 19 python benchmarks/bench_decode.py --quick                       # smoke: scale 0.1, 1 round

One server process per workload blasts pre-encoded frames (benchmarks/workloads.py) on an ephemeral
loopback port; every client run is its own process (benchmarks/run_client.py) with only its own
packages on the path; the clock runs from ``connect`` to the last expected callback. Rounds are
interleaved (each round runs every client once per workload, the order rotated by one each round),
figures are medians over the rounds, ratios are taken within this one run. Every run must deliver
exactly the expected callbacks and no error callback, or it counts as failed; a client that does not
finish within ``--timeout`` is killed and counts as failed; any failure makes the exit status 1.

Clients:
  floor        read, split frames and fields in one thread, nothing else (protobuf: parse each message)
  ibwire       a native program: ``ibwire.EClient`` + an ``ibwire.EWrapper`` subclass (this tree)
  compat       the same program written for ibapi (``from ibapi.client import EClient``) on compat
  ibwire-pure, compat-pure   the same with IBWIRE_PURE=1 (only when this tree has a compiled core)
  base         ibwire native on main before issue 15 (a git worktree of --base-ref, made on first use)
  official     the same ibapi program on the official ibapi 10.51.1 (slow; only with --official)
  ib_async     ib_async 2.1's low-level ``Client`` (text workloads: it speaks at most server version 178)

Profiles: ``empty`` callbacks only count; ``io`` callbacks also write a 32-byte line per callback with
``os.write`` to a file (a syscall that releases the GIL), run on ticks for ibwire, base, compat,
ib_async (and the pure variants). Then the memory check (benchmarks/bench_memory.py: 10M tick frames
through ibwire's reader and dispatcher, RSS at start/middle/end) at ``--memory-scale``.

Output: Markdown tables on stdout (progress on stderr), everything raw with ``--json FILE``.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(HERE))
from oracle import oracle_dir  # noqa: E402
from workloads import SIZES, WORKLOADS, expected, items  # noqa: E402

BASE_REF = "28f09ae"  # main before issue 15
LABEL = {"ticks": "500k ticks, v176", "ticks_pb": "500k ticks, protobuf v222", "bars": "200k bars in one message, v176",
         "details": "20k contract details, v176", "tbt": "500k tick-by-tick AllLast, v176"}
#: issue 15's targets: (x ib_async, share of floor) per workload; None: no target
TARGETS: dict[str, tuple[float | None, float | None]] = {
    "ticks": (3.0, 0.50), "bars": (3.0, 0.50), "details": (3.0, 0.40), "ticks_pb": (None, 0.50), "tbt": (None, None)}
ALL_CLIENTS = ("floor", "ibwire", "compat", "ibwire-pure", "compat-pure", "base", "official", "ib_async")
DEFAULT_CLIENTS = "floor,ibwire,compat,ibwire-pure,compat-pure,base,ib_async"
IO_CLIENTS = "ibwire,compat,ibwire-pure,compat-pure,base,ib_async"


@dataclass
class Client:
    name: str
    impl: str  # run_client.py's IMPL
    path: str  # PYTHONPATH
    module: str  # the imported package must live under this directory
    core: str | None = None  # the core state the run must report (None: not checked)
    pure: bool = False
    isolated: bool = False  # python -S: only PYTHONPATH, no site-packages (the oracle dirs hold their deps)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def sh(*cmd: str, cwd: Path | None = None) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=120).stdout.strip()


def clean_env(pythonpath: str, pure: bool = False) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "IBWIRE_PURE")}
    env["PYTHONPATH"] = pythonpath
    if pure:
        env["IBWIRE_PURE"] = "1"
    return env


def probe_core(root: Path) -> str:
    """'compiled', 'pure' or 'pre-15': which core ``import ibwire`` from ``root`` loads (IBWIRE_PURE unset)."""
    code = "from workloads import core_state; print(core_state())"  # cwd: this directory
    p = subprocess.run([sys.executable, "-c", code], env=clean_env(str(root)), capture_output=True, text=True,
                       timeout=120, cwd=str(HERE))
    if p.returncode != 0:
        raise SystemExit(f"cannot import ibwire from {root}:\n{p.stderr[-2000:]}")
    return p.stdout.strip()


def ensure_base(base: Path, ref: str) -> str:
    """A detached worktree of ``ref`` at ``base`` (made once); returns its commit."""
    want = sh("git", "rev-parse", f"{ref}^{{commit}}", cwd=ROOT)
    if not want:
        raise SystemExit(f"base ref {ref} not found in {ROOT}")
    if not (base / "ibwire" / "__init__.py").exists():
        log(f"making the base worktree: git worktree add --detach {base} {ref}")
        p = subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), ref],
                           capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            raise SystemExit(f"git worktree add failed:\n{p.stderr}")
    have = sh("git", "rev-parse", "HEAD", cwd=base)
    if have != want:
        raise SystemExit(f"{base} is at {have[:10]}, not {ref} ({want[:10]}): remove it or pass --base-dir")
    if sh("git", "status", "--porcelain", "--untracked-files=no", cwd=base):
        raise SystemExit(f"{base} has local changes")
    return have


def start_server(workload: str, scale: float, repeat: int = 1) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(HERE / "blast_server.py"), workload, "--scale", str(scale),
                             "--repeat", str(repeat)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            env=clean_env(str(ROOT)), start_new_session=True)


def server_port(server: subprocess.Popen[str], workload: str, deadline: float) -> int:
    assert server.stdout is not None
    ready, _, _ = select.select([server.stdout], [], [], max(0.0, deadline - time.monotonic()))
    line = server.stdout.readline() if ready else ""
    if not line.startswith("port "):
        raise SystemExit(f"the {workload} server did not start (exit {server.poll()}): {line!r}")
    return int(line.split()[1])


def stop(proc: subprocess.Popen[str]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def run_one(c: Client, workload: str, port: int, profile: str, scale: float, timeout: float,
            io_dir: str) -> dict[str, Any]:
    """One client run in its own process; a dict with ok=False and a reason when it failed or hung."""
    cmd = [sys.executable, *(["-S"] if c.isolated else []), str(HERE / "run_client.py"), c.impl, workload, str(port),
           "--scale", str(scale), "--profile", profile, "--timeout", str(timeout), "--io-dir", io_dir]
    p = subprocess.Popen(cmd, env=clean_env(c.path, c.pure), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, cwd=str(HERE), start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout + min(30.0, timeout))
    except subprocess.TimeoutExpired:
        stop(p)  # the whole process group: a hung client is not waited on
        return {"ok": False, "reason": f"hung: killed after {timeout + min(30.0, timeout):.0f} s"}
    except BaseException:  # Ctrl-C: the client goes too
        stop(p)
        raise
    try:
        r: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"ok": False, "reason": f"exit {p.returncode}, no result: {err.strip()[-600:]}"}
    _, frames, want = expected(workload, scale)
    if c.impl == "floor":
        want = {"frames": frames}
    reasons = []
    if r["counts"] != want:
        reasons.append(f"callbacks {r['counts']} != expected {want}")
    if r["errors"]:
        reasons.append(f"{len(r['errors'])} error callback(s), the first: {r['errors'][0][:160]!r}")
    if p.returncode != 0 and not reasons:
        reasons.append(f"exit {p.returncode}: {err.strip()[-600:]}")
    if c.module and not str(Path(r["module"]).resolve()).startswith(str(Path(c.module).resolve())):
        reasons.append(f"imported {r['module']}, not from {c.module}")
    if c.core is not None and r["core"] != c.core:
        reasons.append(f"core {r['core']!r}, expected {c.core!r}")
    if reasons:
        r.update(ok=False, reason="; ".join(reasons))
    n = items(workload, scale)
    if r.get("ok"):
        r["rate"] = n / r["seconds"]
        r["cpu_rate"] = n / r["cpu_seconds"] if r["cpu_seconds"] > 0 else 0.0
    return r


def uptime() -> str:
    try:
        return sh("uptime")
    except (OSError, subprocess.SubprocessError):
        return "?"


def fmt_rate(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f}"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def fmt_x(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}x"


def fmt_pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    good = [r for r in runs if r.get("ok")]
    failed = [r for r in runs if not r.get("ok")]
    if failed or not good:
        return {"failed": True, "reasons": [r.get("reason", "?") for r in failed], "rounds": len(runs)}
    return {"failed": False, "rate": statistics.median(r["rate"] for r in good),
            "cpu_rate": statistics.median(r["cpu_rate"] for r in good),
            "rss_mb": statistics.median(r["rss_mb"] for r in good), "rates": [r["rate"] for r in good],
            "rss": [r["rss_mb"] for r in good], "rounds": len(runs)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="workload size factor (default 1: 500k ticks...)")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds; figures are medians (default 3)")
    ap.add_argument("--quick", action="store_true", help="smoke run: --scale 0.1 --rounds 1")
    ap.add_argument("--only", default=",".join(WORKLOADS), help=f"workloads (default {','.join(WORKLOADS)})")
    ap.add_argument("--clients", default=DEFAULT_CLIENTS, help=f"clients of the empty profile (default {DEFAULT_CLIENTS})")
    ap.add_argument("--official", action="store_true", help="also the official ibapi 10.51.1 (slow)")
    ap.add_argument("--profile", choices=("empty", "io", "both"), default="both",
                    help="consumer profile(s): empty callbacks, io callbacks (ticks), or both (default)")
    ap.add_argument("--io-clients", default=IO_CLIENTS, help=f"clients of the io profile (default {IO_CLIENTS})")
    ap.add_argument("--io-only", default="ticks", help="workloads of the io profile (default ticks)")
    ap.add_argument("--tree", type=Path, default=ROOT,
                    help="the ibwire tree measured as ibwire/compat (default: the one holding this script)")
    ap.add_argument("--base-dir", type=Path, default=ROOT.parent / "wt-base15",
                    help="worktree of --base-ref (made if missing; default ../wt-base15 beside this tree)")
    ap.add_argument("--base-ref", default=BASE_REF, help=f"the commit measured as 'base' (default {BASE_REF})")
    ap.add_argument("--timeout", type=float, default=300, help="seconds before a client run is killed (official: x4)")
    ap.add_argument("--memory-scale", type=float, default=None,
                    help="memory check size factor of 10M frames (default --scale; 0 skips it)")
    ap.add_argument("--json", type=Path, help="write every run and the summary to this file")
    ap.add_argument("--by", choices=("wall", "cpu"), default="wall",
                    help="ratios and targets from wall-clock items/s (default) or items per CPU second")
    ap.add_argument("--report", type=Path, metavar="JSON", help="only print the tables of a saved --json run")
    a = ap.parse_args()
    if a.report:
        print(render(json.loads(a.report.read_text()), a.by))
        return
    if a.quick:
        a.scale, a.rounds = 0.1, 1
    memory_scale = a.scale if a.memory_scale is None else a.memory_scale
    workloads = [w for w in a.only.split(",") if w]
    for w in workloads + [w for w in a.io_only.split(",") if w]:
        if w not in WORKLOADS:
            raise SystemExit(f"unknown workload {w} (one of {', '.join(WORKLOADS)})")
    profiles = ["empty", "io"] if a.profile == "both" else [a.profile]
    wanted = [c for c in a.clients.split(",") if c]
    if a.official and "official" not in wanted:
        wanted.append("official")
    io_wanted = [c for c in a.io_clients.split(",") if c]
    for c in wanted + io_wanted:
        if c not in ALL_CLIENTS:
            raise SystemExit(f"unknown client {c} (one of {', '.join(ALL_CLIENTS)})")

    # SIGTERM (and SIGINT, which a shell's background job ignores) unwind like Ctrl-C: servers and the client go
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    notes: list[str] = []
    start_load = uptime()
    tree = a.tree.resolve()
    commit = sh("git", "rev-parse", "HEAD", cwd=tree)
    # the measured code: a change to the benchmarks themselves does not count
    dirty = bool(sh("git", "status", "--porcelain", "--untracked-files=no", "--", "ibwire", "compat", cwd=tree))
    core = probe_core(tree)
    log(f"tree {tree} at {commit[:10]}{' (modified)' if dirty else ''}; core: {core}; load: {start_load}")
    clients: dict[str, Client] = {
        "floor": Client("floor", "floor", str(tree), ""),
        "ibwire": Client("ibwire", "ibwire", str(tree), str(tree / "ibwire"), core),
        "compat": Client("compat", "compat", f"{tree / 'compat'}{os.pathsep}{tree}", str(tree / "compat" / "ibapi"), core),
        "ibwire-pure": Client("ibwire-pure", "ibwire", str(tree), str(tree / "ibwire"), "pure", pure=True),
        "compat-pure": Client("compat-pure", "compat", f"{tree / 'compat'}{os.pathsep}{tree}",
                              str(tree / "compat" / "ibapi"), "pure", pure=True),
    }
    need = set(wanted) | (set(io_wanted) if "io" in profiles else set())
    if core != "compiled" and need & {"ibwire-pure", "compat-pure"}:
        why = "no core yet (pre-15)" if core == "pre-15" else f"the core is not compiled ({core}): ibwire already runs pure"
        notes.append(f"ibwire-pure, compat-pure skipped: {why}")
        wanted = [c for c in wanted if not c.endswith("-pure")]
        io_wanted = [c for c in io_wanted if not c.endswith("-pure")]
    base_commit = ""
    if "base" in need:
        base_commit = ensure_base(a.base_dir.resolve(), a.base_ref)
        b = a.base_dir.resolve()
        clients["base"] = Client("base", "ibwire", str(b), str(b / "ibwire"), "pre-15")
    if "official" in need:
        d = oracle_dir("latest", python=sys.executable)
        clients["official"] = Client("official", "official", str(d), str(d), isolated=True)
    if "ib_async" in need:
        d = oracle_dir("ib_async", python=sys.executable)
        clients["ib_async"] = Client("ib_async", "ib_async", str(d), str(d), isolated=True)

    plan: dict[str, dict[str, list[str]]] = {}  # profile -> workload -> clients
    if "empty" in profiles:
        plan["empty"] = {w: [c for c in wanted if not (c == "ib_async" and SIZES[w][2] > 178)] for w in workloads}
        if "ib_async" in wanted and any(SIZES[w][2] > 178 for w in workloads):
            notes.append("ib_async skipped on protobuf ticks: it speaks at most server version 178")
    if "io" in profiles:
        plan["io"] = {w: [c for c in io_wanted if not (c == "ib_async" and SIZES[w][2] > 178)]
                      for w in a.io_only.split(",") if w}
    servers: dict[str, subprocess.Popen[str]] = {}
    ports: dict[str, int] = {}
    runs: list[dict[str, Any]] = []
    io_dir = tempfile.mkdtemp(prefix="bench15-io-")
    t_start = time.monotonic()
    try:
        for w in sorted({w for p in plan.values() for w in p}):
            servers[w] = start_server(w, a.scale)
        deadline = time.monotonic() + 300
        for w, s in servers.items():
            ports[w] = server_port(s, w, deadline)

        def revive(w: str) -> bool:
            """Start workload ``w``'s server again if it is gone (killed from outside); whether it was."""
            code = servers[w].poll()
            if code is None:
                return False
            msg = f"the {w} server had exited ({code}) and was started again"
            log(msg)
            notes.append(msg)
            servers[w] = start_server(w, a.scale)
            ports[w] = server_port(servers[w], w, time.monotonic() + 300)
            return True
        for rnd in range(a.rounds):
            for profile, by_wl in plan.items():
                for w, names in by_wl.items():
                    k = rnd % len(names) if names else 0
                    for name in names[k:] + names[:k]:
                        c = clients[name]
                        timeout = a.timeout * (4 if name == "official" else 1)
                        revive(w)
                        r = run_one(c, w, ports[w], profile, a.scale, timeout, io_dir)
                        if not r.get("ok") and revive(w):  # the server died under the run: once more
                            r = run_one(c, w, ports[w], profile, a.scale, timeout, io_dir)
                        r.update(client=name, workload=w, profile=profile, round=rnd + 1)
                        runs.append(r)
                        status = f"{r['rate']:>12,.0f}/s  {r['rss_mb']:5.0f} MiB" if r.get("ok") else f"FAILED: {r['reason']}"
                        log(f"round {rnd + 1}/{a.rounds} {profile:5} {w:8} {name:12} {status}")
    finally:
        for s in servers.values():
            stop(s)
        for f in Path(io_dir).glob("*"):
            f.unlink()
        os.rmdir(io_dir)
    elapsed = time.monotonic() - t_start

    summary: dict[str, dict[str, dict[str, Any]]] = {}
    for profile, by_wl in plan.items():
        for w, names in by_wl.items():
            summary.setdefault(profile, {})[w] = {
                n: summarize([r for r in runs if r["profile"] == profile and r["workload"] == w and r["client"] == n])
                for n in names}

    memory: dict[str, Any] | None = None
    if memory_scale > 0:
        memory = run_memory(memory_scale, a.timeout, tree)
    end_load = uptime()

    failures = [f"{r['profile']} {r['workload']} {r['client']} round {r['round']}: {r['reason']}"
                for r in runs if not r.get("ok")]
    if memory is not None and not memory.get("ok"):
        failures.append(f"memory: {memory.get('reason')}")
    data = {"meta": {"tree": str(tree), "commit": commit, "modified": dirty, "core": core, "base_ref": a.base_ref,
                     "base_commit": base_commit, "scale": a.scale, "rounds": a.rounds, "python": sys.version,
                     "load_before": start_load, "load_after": end_load, "seconds": elapsed, "argv": sys.argv[1:],
                     "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())},
            "summary": summary, "memory": memory, "notes": notes, "failures": failures, "runs": runs}
    if a.json:
        a.json.write_text(json.dumps(data, indent=1))
    print(render(data, a.by))
    if failures:
        log("FAILED:\n  " + "\n  ".join(failures))
        raise SystemExit(1)


def render(data: dict[str, Any], by: str = "wall") -> str:
    """The Markdown report of one run (``data`` as written by ``--json``); ratios from wall-clock or CPU rates."""
    key = "rate" if by == "wall" else "cpu_rate"
    m, summary, memory = data["meta"], data["summary"], data["memory"]
    out = [f"- tree {m.get('tree', '')} at {m['commit'][:10]}{' (modified)' if m['modified'] else ''}, core: "
           f"{m['core']}; base: {m['base_ref']} ({m['base_commit'][:10] or 'not run'})",
           f"- scale {m['scale']:g}, medians of {m['rounds']} interleaved round(s), {m['date']}, {m['seconds'] / 60:.1f} "
           f"min; ratios by {'wall clock' if by == 'wall' else 'CPU time (items per CPU second)'}",
           f"- load before: `{m['load_before']}`", f"- load after: `{m['load_after']}`"]
    if "empty" in summary:
        out.append("\n### Empty callbacks: items/s (wall clock, connect -> last callback)\n")
        out.append("| workload | client | items/s | × ib_async | % of floor | × base | items/CPU-s | peak RSS MiB | rounds, items/s |")
        out.append("|---|---|---|---|---|---|---|---|---|")
        for w, per in summary["empty"].items():
            ref = {k: v.get(key) for k, v in per.items() if not v["failed"]}
            for n, s in per.items():
                if s["failed"]:
                    out.append(f"| {LABEL[w]} | {n} | **FAILED** | | | | | | {'; '.join(s['reasons'])[:400]} |")
                    continue
                x_async = ratio(s[key], ref.get("ib_async")) if n != "ib_async" else None
                floor = ratio(s[key], ref.get("floor")) if n != "floor" else None
                x_base = ratio(s[key], ref.get("base")) if n != "base" else None
                out.append(f"| {LABEL[w]} | {n} | {fmt_rate(s['rate'])} | {fmt_x(x_async)} | {fmt_pct(floor)} | "
                           f"{fmt_x(x_base)} | {fmt_rate(s['cpu_rate'])} | {s['rss_mb']:.0f} | "
                           f"{', '.join(f'{x / 1000:,.0f}k' for x in s['rates'])} |")
        out.extend(targets_table(summary["empty"], key))
    if "io" in summary:
        out.append("\n### io profile: every callback writes 32 bytes to a file (os.write), items/s\n")
        out.append("| workload | client | items/s | × base | × ib_async | items/CPU-s | peak RSS MiB | rounds, items/s |")
        out.append("|---|---|---|---|---|---|---|---|")
        for w, per in summary["io"].items():
            ref = {k: v.get(key) for k, v in per.items() if not v["failed"]}
            for n, s in per.items():
                if s["failed"]:
                    out.append(f"| {LABEL[w]} | {n} | **FAILED** | | | | | {'; '.join(s['reasons'])[:400]} |")
                    continue
                out.append(f"| {LABEL[w]} | {n} | {fmt_rate(s['rate'])} | "
                           f"{fmt_x(ratio(s[key], ref.get('base')) if n != 'base' else None)} | "
                           f"{fmt_x(ratio(s[key], ref.get('ib_async')) if n != 'ib_async' else None)} | "
                           f"{fmt_rate(s['cpu_rate'])} | {s['rss_mb']:.0f} | "
                           f"{', '.join(f'{x / 1000:,.0f}k' for x in s['rates'])} |")
    if memory is not None:
        out.append("\n### Memory: ibwire native over a long tick stream\n")
        if "rss_start" in memory:
            out.append(f"{memory['frames']:,} frames ({memory['callbacks']:,} callbacks) in {memory['seconds']:.1f} s "
                       f"({memory['rate']:,.0f} frames/s), core {memory['core']}: RSS MiB before connect "
                       f"{memory['rss_before']:.0f}, start {memory['rss_start']:.0f}, after the first 500k frames "
                       f"{memory['rss_first_round']:.0f}, middle {memory['rss_middle']:.0f}, end {memory['rss_end']:.0f}, "
                       f"peak {memory['rss_peak']:.0f}; at most {memory.get('queued_max', -1)} batches queued for the "
                       "dispatcher (-1: not known).")
        out.append("Flat, every callback delivered." if memory.get("ok") else f"**FAILED**: {memory.get('reason')}")
    if data["notes"]:
        out.append("\nNotes: " + "; ".join(data["notes"]) + ".")
    if data["failures"]:
        out.append("\n**FAILED runs**:\n" + "\n".join(f"- {f[:300]}" for f in data["failures"]))
    return "\n".join(out)


def targets_table(per_wl: dict[str, dict[str, Any]], key: str = "rate") -> list[str]:
    """Issue 15's targets beside the figures, for the native and compat paths (and the pure fallback vs base)."""
    out = ["\n### Targets (issue 15)\n",
           "| workload | client | × ib_async (target) | % of floor (target) | × base (pure: ≥ 1.00x) | compat / ibwire | peak RSS vs ib_async |",
           "|---|---|---|---|---|---|---|"]

    def mark(ok: bool) -> str:
        return "✓" if ok else "✗"

    for w, per in per_wl.items():
        rate = {k: v.get(key) for k, v in per.items() if not v["failed"]}
        rss = {k: v.get("rss_mb") for k, v in per.items() if not v["failed"]}
        t_async, t_floor = TARGETS[w]
        for n in ("ibwire", "compat", "ibwire-pure", "compat-pure"):
            if n not in rate:
                continue
            pure = n.endswith("-pure")
            xa = ratio(rate[n], rate.get("ib_async"))
            fl = ratio(rate[n], rate.get("floor"))
            xb = ratio(rate[n], rate.get("base"))
            a_cell = "—" if xa is None else (f"{xa:.2f}x" + (f" (≥ {t_async:g}x) {mark(xa >= t_async)}"
                                                              if t_async and not pure else ""))
            f_cell = "—" if fl is None else (f"{100 * fl:.0f}%" + (f" (≥ {100 * t_floor:.0f}%) {mark(fl >= t_floor)}"
                                                                   if t_floor and not pure else ""))
            b_cell = "—" if xb is None else f"{xb:.2f}x" + (f" {mark(xb >= 1.0)}" if pure else "")
            partner = {"compat": "ibwire", "compat-pure": "ibwire-pure"}.get(n)
            c_cell = fmt_x(ratio(rate[n], rate.get(partner))) if partner else ""
            r_cell = ""
            if w == "bars" and rss.get("ib_async"):
                r_cell = f"{rss[n]:.0f} vs {rss['ib_async']:.0f} MiB {mark(rss[n] <= rss['ib_async'])}"
            out.append(f"| {LABEL[w]} | {n} | {a_cell} | {f_cell} | {b_cell} | {c_cell} | {r_cell} |")
    return out


def run_memory(scale: float, timeout: float, tree: Path) -> dict[str, Any]:
    """benchmarks/bench_memory.py in its own process (ibwire native from ``tree``)."""
    with tempfile.TemporaryDirectory(prefix="bench15-mem-") as d:
        out = Path(d) / "memory.json"
        cmd = [sys.executable, str(HERE / "bench_memory.py"), "--scale", str(scale), "--json", str(out),
               "--tree", str(tree)]
        log(f"memory check: {' '.join(cmd[1:])}")
        p = subprocess.Popen(cmd, env=clean_env(str(tree)), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, cwd=str(HERE), start_new_session=True)
        limit = max(timeout, 600 * scale)
        try:
            so, se = p.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            stop(p)
            return {"ok": False, "reason": f"hung: killed after {limit:.0f} s"}
        log(so.strip())
        if not out.exists():
            return {"ok": False, "reason": f"exit {p.returncode}: {se.strip()[-800:]}"}
        r: dict[str, Any] = json.loads(out.read_text())
        if p.returncode != 0 and r.get("ok"):
            r.update(ok=False, reason=f"exit {p.returncode}: {se.strip()[-800:]}")
        return r


if __name__ == "__main__":
    main()
