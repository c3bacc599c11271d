"""The cookbook's recipes (examples/cookbook/NN_name.py) run as users run them: a fresh interpreter pointed at
a simulator with ``--port``; each test checks what the recipe printed (and, where it matters, what the
simulator saw). Also: every recipe is shown on the cookbook page and passes ``mypy --strict``.

The simulator runs in this process (its clock pinned to a start time, so that the option chain's expiries do
not depend on today's date) and the recipe in a subprocess with this checkout first on its path.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import wait_until
from ibwire.sim import Simulator

ROOT = Path(__file__).resolve().parents[1]
COOKBOOK = ROOT / "examples" / "cookbook"
PAGE = ROOT / "docs" / "cookbook.md"
START = dt.datetime(2026, 11, 24, 15, 30, tzinfo=dt.timezone.utc)
NUM = r"[-+]?\d+(?:\.\d+)?"


def recipe(name: str) -> Path:
    return COOKBOOK / name


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [e.get("PYTHONPATH")])])
    e["PYTHONUNBUFFERED"] = "1"
    return e


def run(name: str, sim: Simulator, *args: str, cwd: Path | None = None, timeout: float = 60) -> str:
    p = subprocess.run([sys.executable, str(recipe(name)), "--port", str(sim.port), *args], capture_output=True,
                       text=True, timeout=timeout, env=env(), cwd=cwd or ROOT)
    assert p.returncode == 0, f"exit {p.returncode}\n--- stdout\n{p.stdout[-3000:]}\n--- stderr\n{p.stderr[-3000:]}"
    assert "Traceback" not in p.stderr, p.stderr[-3000:]
    return p.stdout


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(seed=1, clock=START) as s:
        yield s


def placed(sim: Simulator) -> list[tuple[str, str, float]]:
    """(action, orderType, quantity) of every placeOrder the simulator read."""
    out = []
    for _, req in sim.requests:
        if req.name == "placeOrder":
            assert req.args is not None  # placeOrder's arguments are read in both wire forms
            order = req.args[2]
            out.append((order.action, order.orderType, float(order.totalQuantity)))
    return out


# --------------------------------------------------------------------------------------------- the recipes

def test_01_bars_dataframe(sim: Simulator) -> None:
    pytest.importorskip("pandas")
    out = run("01_bars_dataframe.py", sim, "--duration", "2 D", "--bar", "1 hour")
    lines = out.splitlines()
    assert lines[0].split() == ["date", "open", "high", "low", "close", "volume", "return_pct"], lines[0]
    assert len([ln for ln in lines[1:6] if re.match(r"\d+ \d{4}-\d\d-\d\d ", ln)]) == 5, out
    assert "rows: 9" in lines, out  # regular hours: the 7 of Nov 23, then 09:30 and 10:00 (in progress) of Nov 24
    assert "columns: date, open, high, low, close, volume, average, barCount, return_pct" in lines, out
    m = re.search(rf"close: min ({NUM}) max ({NUM}) mean ({NUM})", out)
    assert m and float(m[1]) <= float(m[3]) <= float(m[2]), out
    out = run("01_bars_dataframe.py", sim, "--symbol", "MSFT", "--duration", "1 D", "--bar", "30 mins")
    assert "rows: 3" in out.splitlines(), out


def test_02_option_chain_has_greeks(sim: Simulator) -> None:
    out = run("02_option_chain_greeks.py", sim, "--strikes", "3")
    assert re.search(r"chain: AAPL x100, 3 expiries, 13 strikes; using \d{8} \[", out), out
    rows = [ln.split() for ln in out.splitlines() if re.match(r"AAPL +\d{6}[CP]\d{8} ", ln)]
    assert len(rows) == 6, out  # 3 strikes, a call and a put each
    for row in rows:
        bid, ask, model, iv, delta, gamma, vega, theta = map(float, row[2:])
        right = row[1][6]
        assert 0 < bid <= ask and model > 0 and 0 < iv < 2 and gamma > 0 and vega > 0 and theta < 0, row
        assert (0 < delta < 1) if right == "C" else (-1 < delta < 0), row
    assert "options: 6, with greeks: 6" in out, out


def test_03_bracket_places_three_orders_and_cleans_up(sim: Simulator) -> None:
    out = run("03_bracket_order.py", sim, "--quantity", "10")
    working, after = out.split("after cleanup:")
    orders = re.findall(r"order +(\d+) parent +(\d+) +(BUY|SELL) +10 (LMT|STP|MKT) +(?:@ ([\d.]+))? +(\w+)", working)
    assert len(orders) == 3, out
    (pid, p_parent, p_act, p_type, p_px, p_st), tp, sl = orders
    assert (p_parent, p_act, p_type, p_st) == ("0", "BUY", "LMT", "Filled"), out
    # the example prints the bracket once every child is working: the take-profit may still be PreSubmitted
    # then, as on TWS, when the parent's fill and its executions come before the child's Submitted (a reader
    # that cuts the stream into small reads shows it; the stop's status was already either)
    assert tp[1:4] == (pid, "SELL", "LMT") and tp[5] in ("PreSubmitted", "Submitted"), out
    assert sl[1:4] == (pid, "SELL", "STP") and sl[5] in ("PreSubmitted", "Submitted"), out
    assert float(sl[4]) < float(p_px) < float(tp[4]), out
    statuses = re.findall(r"order +\d+ parent +\d+ +\w+ +10 (\w+) .*? (\w+)$", after, re.M)
    assert statuses == [("LMT", "Filled"), ("LMT", "Cancelled"), ("STP", "Cancelled"), ("MKT", "Filled")], out
    assert "position now 0" in out, out
    # what TWS got: the three orders of the bracket, then the closing one
    assert placed(sim) == [("BUY", "LMT", 10), ("SELL", "LMT", 10), ("SELL", "STP", 10), ("SELL", "MKT", 10)]


def test_04_trailing_stop_is_hit_by_a_tight_trail(sim: Simulator) -> None:
    out = run("04_trailing_stop.py", sim, "--trail-pct", "0.02", "--seconds", "30")
    assert re.search(rf"bought 100 AAPL at {NUM}", out), out
    assert re.search(rf"trailing stop hit: sold at {NUM}", out), out
    assert out.splitlines()[-1] == "final status of the trailing stop: Filled", out
    assert placed(sim) == [("BUY", "MKT", 100), ("SELL", "TRAIL", 100)]
    assert sim.broker.positions[(sim.accounts[0], 265598)].qty == 0


def test_04_trailing_stop_not_hit_is_cancelled(sim: Simulator) -> None:
    out = run("04_trailing_stop.py", sim, "--trail-pct", "20", "--seconds", "2")
    lines = out.splitlines()
    ticks = [ln for ln in lines if ln.startswith("last ")]
    assert ticks and all(re.fullmatch(rf"last {NUM}  trails at {NUM}  order \d+ (PreSubmitted|Submitted)", ln)
                         for ln in ticks), out
    assert "trailing stop not hit in 2 s: order Cancelled" in lines, out
    assert re.search(rf"closed at market at {NUM}", out), out
    assert lines[-1] == "final status of the trailing stop: Cancelled", out
    assert sim.broker.positions[(sim.accounts[0], 265598)].qty == 0


def test_05_scanner(sim: Simulator) -> None:
    out = run("05_scanner.py", sim, "--rows", "4", "TOP_PERC_GAIN", "MOST_ACTIVE")
    assert "TOP_PERC_GAIN: 4 rows" in out and "MOST_ACTIVE: 4 rows" in out, out
    ranks = re.findall(r"^  #(\d+) +([A-Z]+) ", out, re.M)
    assert [int(r) for r, _ in ranks] == [1, 2, 3, 4] * 2, out
    leaders = re.findall(rf"^  ([A-Z]+) +last ({NUM})  bid ({NUM})  ask ({NUM})$", out, re.M)
    assert [s for s, *_ in leaders] == [s for _, s in ranks[:3]], out
    assert all(0 < float(b) <= float(a) for _, _, b, a in leaders), out
    scans = [r for _, r in sim.requests if r.name == "reqScannerSubscription"]
    assert len(scans) == 2


def test_06_tick_recorder_writes_csv(sim: Simulator, tmp_path: Path) -> None:
    csv_path = tmp_path / "ticks.csv"
    out = run("06_tick_recorder.py", sim, "--seconds", "2", "--out", str(csv_path), "AAPL", "IBM")
    counts = {s: int(n) for s, n in re.findall(r"^(\w+): (\d+) rows$", out, re.M)}
    assert set(counts) == {"AAPL", "IBM"} and all(n > 0 for n in counts.values()), out
    import csv

    with csv_path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert f"wrote {len(rows)} rows to {csv_path}" in out, out
    assert {s: sum(r["symbol"] == s for r in rows) for s in counts} == counts
    assert list(rows[0]) == ["time", "symbol", "bid", "bidSize", "ask", "askSize", "last", "lastSize", "volume"]
    times = [dt.datetime.fromisoformat(r["time"]) for r in rows]
    assert times == sorted(times) and all(t.tzinfo is not None for t in times)
    assert all(0 < float(r["bid"]) <= float(r["ask"]) for r in rows)


@pytest.mark.parametrize("fault", ["drop", "restart"])
def test_07_reconnect_loop_carries_on(fault: str) -> None:
    """The connection is cut (``drop``), or the gateway stops and a new one starts on the same port
    (``restart``), while the loop runs: it skips steps while down, reconnects, and carries on with live
    prices from the resubscribed ticker."""
    sim = Simulator(seed=1, clock=START).start()
    port = sim.port
    lines: list[str] = []
    p = subprocess.Popen([sys.executable, str(recipe("07_reconnect_loop.py")), "--port", str(port),
                          "--seconds", "8", "--step", "0.25"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
    assert p.stdout is not None
    reader = threading.Thread(target=lambda: lines.extend(p.stdout or []), daemon=True)
    reader.start()
    try:
        wait_until(lambda: any(ln.startswith("step 3: ") for ln in lines), 20, lambda: "".join(lines))
        if fault == "drop":
            sim.drop()
        else:
            sim.stop()
            sim = Simulator(seed=2, clock=START, port=port).start()
        assert p.wait(40) == 0, (p.stderr.read() if p.stderr else "") + "".join(lines)
        reader.join(5)
    finally:
        if p.poll() is None:
            p.kill()
        sim.stop()
    out = "".join(lines)
    assert "connection lost; the facade reconnects by itself\n" in lines, out
    assert "reconnected: state resynced, market data resubscribed\n" in lines, out
    after = lines[lines.index("reconnected: state resynced, market data resubscribed\n"):]
    priced = [ln for ln in after if re.match(rf"step \d+: \d\d:\d\d:\d\d AAPL {NUM} ", ln)]
    assert len(priced) >= 3, out  # the loop carries on, with prices
    m = re.search(r"steps: (\d+), skipped while disconnected: (\d+), drops: 1, reconnects: 1, "
                  r"ticker updates since the last reconnect: (\d+)", out)
    assert m and int(m[3]) > 0, out  # the same Ticker is updated again after the resubscription
    if fault == "restart":  # the new gateway saw the loop's subscription again
        assert any(r.name == "reqMktData" for _, r in sim.requests)


def test_08_pnl_monitor(sim: Simulator) -> None:
    out = run("08_pnl_monitor.py", sim, "--seconds", "3", "--demo-trade", "AAPL")
    assert re.search(rf"demo trade: bought 100 AAPL at {NUM}", out), out
    assert "watching DU1234567: 1 open position(s)" in out, out
    totals = re.findall(rf"^DU1234567 +daily +({NUM}) unrealized +({NUM}) realized +({NUM})$", out, re.M)
    singles = re.findall(rf"^  AAPL +pos +100 value +({NUM}) unrealized +({NUM}) daily +({NUM})$", out, re.M)
    assert len(totals) >= 2 and len(singles) == len(totals), out
    for (daily, unreal, real), (value, s_unreal, _) in zip(totals, singles):
        assert abs(float(daily) - (float(unreal) + float(real))) < 0.02, out  # each line is one update
        # the one position is the account's (the two lines may be a market tick apart)
        assert float(value) > 0 and abs(float(unreal) - float(s_unreal)) < 0.005 * float(value), out
    m = re.search(r"updates: account (\d+), positions (\d+)", out)
    assert m and int(m[1]) > 0 and int(m[2]) > 0, out
    assert re.search(rf"demo trade: sold 100 AAPL at {NUM}, realized {NUM}", out), out
    assert [r.name for _, r in sim.requests if r.name in ("reqPnL", "reqPnLSingle")] == ["reqPnL", "reqPnLSingle"]


def test_09_multi_account() -> None:
    accounts = ("DU111111", "DU222222", "DU333333")
    with Simulator(seed=1, clock=START, accounts=accounts) as sim:
        out = run("09_multi_account.py", sim, "--demo-trade", "AAPL")
        book = {a: float(sim.broker.positions[(a, 265598)].qty) for a in accounts}
    assert "managed accounts: DU111111, DU222222, DU333333" in out, out
    for i, a in enumerate(accounts, 1):
        assert re.search(rf"^  {a}: NetLiquidation [\d,.]+, TotalCashValue [\d,.]+, BuyingPower [\d,.]+, "
                         rf"GrossPositionValue [\d,.]+$", out, re.M), out
        assert re.search(rf"^  {a}: AAPL {10 * i} @ {NUM}$", out, re.M), out
        assert re.search(rf"^  {a}: order \d+ BUY {10 * i} AAPL Filled, fills in \['{a}'\]$", out, re.M), out
    assert "closed the demo positions: Filled, Filled, Filled" in out, out
    assert book == {a: 0.0 for a in accounts}


def test_09_multi_account_with_one_account(sim: Simulator) -> None:
    out = run("09_multi_account.py", sim)
    assert "managed accounts: DU1234567" in out, out
    assert re.search(r"^  DU1234567: NetLiquidation 1,000,000.00, ", out, re.M), out
    assert "  DU1234567: no positions" in out, out


def test_10_asyncio(sim: Simulator) -> None:
    out = run("10_asyncio.py", sim, "--seconds", "1.5", "AAPL", "MSFT", "IBM")
    for s in ("AAPL", "MSFT", "IBM"):
        assert re.search(rf"^{s}: 2 hourly bars, last close {NUM}$", out, re.M), out
    assert re.search(rf"^snapshot: AAPL {NUM}, MSFT {NUM}, IBM {NUM}$", out, re.M), out
    m = re.search(r"^streamed updates: AAPL (\d+), MSFT (\d+), IBM (\d+)$", out, re.M)
    assert m and all(int(n) > 0 for n in m.groups()), out
    assert re.search(rf"round trip AAPL: bought at {NUM} \(Filled\), sold at {NUM} \(Filled\)", out), out
    m = re.search(rf"heartbeats: (\d+), longest gap ({NUM}) s", out)
    assert m and int(m[1]) > 10 and float(m[2]) < 1.0, out  # it beat all along, never held up for long
    # the three history requests were in flight together: all sent before the first answer was read
    hist = [i for i, (_, r) in enumerate(sim.requests) if r.name == "reqHistoricalData"]
    assert len(hist) == 3 and hist == list(range(hist[0], hist[0] + 3))


def test_11_whatif_margin_places_nothing(sim: Simulator) -> None:
    out = run("11_whatif_margin.py", sim, "--symbol", "AAPL", "100", "1000")
    rows = re.findall(r"^ +(\d+) +([\d,.]+) +([\d,.]+) +([\d,.]+) +([\d,.]+)$", out, re.M)
    assert [int(q) for q, *_ in rows] == [100, 1000], out
    (init1, maint1, eq1, comm1), (init2, maint2, eq2, comm2) = [[float(x.replace(",", "")) for x in r[1:]] for r in rows]
    assert 0 < maint1 <= init1 and abs(init2 - 10 * init1) / init2 < 0.01, out  # margin scales with the size
    assert eq1 > 0 and comm1 > 0 and comm2 >= comm1, out
    assert "orders placed by the checks: 0" in out, out
    orders = [r.args[2] for _, r in sim.requests if r.name == "placeOrder" and r.args]
    assert len(orders) == 2 and all(o.whatIf for o in orders)
    assert not sim.broker.positions


def test_12_history_paging_merges_pages(sim: Simulator, tmp_path: Path) -> None:
    import csv

    out_csv = tmp_path / "bars.csv"
    out = run("12_history_paging.py", sim, "--pages", "3", "--out", str(out_csv))
    pages = re.findall(r"^page (\d): (\d+) bars .* (\d+) new$", out, re.M)
    assert [p for p, _, _ in pages] == ["1", "2", "3"], out
    assert all(int(n) == 1440 for _, n, _ in pages), out  # a day of 1-minute bars each
    total = sum(int(new) for *_, new in pages)
    with out_csv.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == total and f"wrote {total} bars from " in out, out
    times = [dt.datetime.fromisoformat(r["date"]) for r in rows]
    assert times == sorted(set(times)), "rows unique and in time order"
    assert all(b - a == dt.timedelta(minutes=1) for a, b in zip(times, times[1:])), "no gap between the pages"
    # each request after the first ends where the previous answer began
    ends = [getattr(r.message, "endDateTime", None) for _, r in sim.requests if r.name == "reqHistoricalData"]
    firsts = [ln.split(" bars ")[1].split(" .. ")[0] for ln in out.splitlines() if ln.startswith("page ")]
    assert ends[0] == "" and len(ends) == 3, ends
    assert [dt.datetime.strptime(e, "%Y%m%d %H:%M:%S UTC").replace(tzinfo=dt.timezone.utc) for e in ends[1:]] == \
        [dt.datetime.fromisoformat(f) for f in firsts[:2]], (ends, firsts)


# ------------------------------------------------------------------------------------ the page and the types

def recipes() -> list[Path]:
    return sorted(COOKBOOK.glob("[0-9][0-9]_*.py"))


def test_at_least_ten_recipes_each_run_by_a_test() -> None:
    names = [p.name for p in recipes()]
    assert len(names) >= 10, names
    assert sorted(COOKBOOK.glob("*.py")) == recipes(), "recipe files are named NN_name.py"
    module = Path(__file__).read_text(encoding="utf-8")
    untested = [n for n in names if f'"{n}"' not in module]
    assert not untested, f"recipes no test here runs: {untested}"


def test_every_recipe_is_on_the_cookbook_page() -> None:
    """The page includes each file itself (pymdownx.snippets), so the docs show the code that the tests run."""
    page = PAGE.read_text(encoding="utf-8")
    included = re.findall(r'^--8<-- "examples/cookbook/([^"]+)"$', page, re.M)
    assert included == [p.name for p in recipes()], included


def test_recipes_take_port_and_describe_themselves() -> None:
    for path in recipes():
        text = path.read_text(encoding="utf-8")
        assert text.startswith('"""') and f"python examples/cookbook/{path.name} --port 7497" in text, path.name
        assert 'ap.add_argument("--port", type=int, default=7497)' in text, path.name


def test_recipes_pass_mypy_strict(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    from test_examples_typing import mypy_strict

    files = recipes()
    p = mypy_strict(files, tmp_path)
    assert p.returncode == 0, p.stdout + p.stderr
    assert f"Success: no issues found in {len(files)} source files" in p.stdout, p.stdout
