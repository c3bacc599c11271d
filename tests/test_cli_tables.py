"""``ibwire quote``, ``positions``, ``orders`` and ``account`` against the simulator over real sockets:
each table as text (plain, and rich on a terminal) and as JSON checked value by value against the
simulator's own state; empty answers; every bad input as one line and an exit code."""

from __future__ import annotations

import datetime as dt
import io
import json
import socket
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from conftest import place_before_connect

from ibwire.cli import main
from ibwire.cli.tables import COLUMNS, EMPTY, json_value, plain_table, render
from ibwire.sim import Simulator

UTC = dt.timezone.utc
CLOCK = dt.datetime(2026, 11, 24, 15, 30, 12, tzinfo=UTC)
AAPL, MSFT, IBM = 265598, 272093, 8314


def run(capsys: Any, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sim() -> Iterator[Simulator]:
    # two accounts; the market moves only on sim.step(); the clock stands still
    with Simulator(tick_interval=None, clock=lambda: CLOCK, accounts=("DU111", "DU222")) as s:
        yield s


@pytest.fixture
def busy(sim: Simulator) -> Simulator:
    """Another client's filled order (10 IBM) and resting order (5 IBM at 1.00), placed before we connect."""
    place_before_connect(sim, 3)
    return sim


def port(sim: Simulator) -> list[str]:
    return ["--port", str(sim.port)]


def keys(kind: str) -> list[str]:
    return [c.key for c in COLUMNS[kind]]


# --- quote ------------------------------------------------------------------------------------------------


def test_quote_snapshot_as_json_and_as_a_table(sim: Simulator, capsys: Any) -> None:
    code, out, err = run(capsys, "quote", "AAPL", "MSFT", "--json", *port(sim))
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert [r["contract"] for r in rows] == ["AAPL", "MSFT"] and all(list(r) == keys("quote") for r in rows)
    for r, con_id in zip(rows, (AAPL, MSFT)):
        q = sim.market.quotes[con_id]
        assert r["conId"] == con_id
        assert (r["bid"], r["ask"], r["last"], r["close"]) == (q.bid, q.ask, q.last, q.close)
        assert (r["bidSize"], r["askSize"], r["lastSize"], r["volume"]) == (q.bid_size, q.ask_size, q.last_size,
                                                                            q.volume)
        assert all(type(r[k]) is int for k in ("bidSize", "askSize", "lastSize", "volume"))
        assert dt.datetime.fromisoformat(r["time"]).utcoffset() == dt.timedelta(0)
    code, out, _ = run(capsys, "quote", "AAPL", *port(sim))
    header, rule, line = out.splitlines()
    assert header.split() == [c.header for c in COLUMNS["quote"]]
    q = sim.market.quotes[AAPL]
    assert line.startswith("AAPL") and f"{q.bid:.2f}" in line and f"{q.ask:.2f}" in line and str(AAPL) in line
    # numbers right-aligned under their headers: each column ends where its header ends
    assert header.index("Bid ") + 3 == line.index(f"{q.bid:.2f}") + len(f"{q.bid:.2f}")


def test_quote_watch_refreshes(sim: Simulator, capsys: Any) -> None:
    code, out, err = run(capsys, "quote", "AAPL", "--watch", "--count", "3", "--interval", "0.05", "--json",
                         *port(sim))
    assert (code, err) == (0, "")
    frames = [json.loads(line) for line in out.splitlines()]
    assert len(frames) == 3 and all(f[0]["contract"] == "AAPL" and f[0]["conId"] == AAPL for f in frames)
    code, out, _ = run(capsys, "quote", "AAPL", "--watch", "--count", "2", "--interval", "0.05", *port(sim))
    assert code == 0 and out.count("Contract") == 2 and out.count("\nAAPL") == 2


def test_quote_of_a_future_by_its_spec(sim: Simulator, capsys: Any) -> None:
    code, out, err = run(capsys, "quote", "symbol=ES,secType=FUT,exchange=CME,expiry=202612", "--json", *port(sim))
    assert code == 0, err
    (row,) = json.loads(out)
    assert row["contract"].startswith("ES") and "FUT" in row["contract"] and row["bid"] < row["ask"]


# --- positions --------------------------------------------------------------------------------------------


def test_positions_after_an_order_filled(busy: Simulator, capsys: Any) -> None:
    sim = busy
    code, out, err = run(capsys, "positions", "--json", *port(sim))
    assert (code, err) == (0, "")
    (row,) = json.loads(out)
    p = sim.broker.positions[("DU111", IBM)]
    assert list(row) == keys("positions")
    assert row == {"account": "DU111", "contract": "IBM", "conId": IBM, "secType": "STK", "currency": "USD",
                   "position": 10, "avgCost": pytest.approx(float(p.avg_cost))}
    code, out, _ = run(capsys, "positions", *port(sim))
    header, _, line = out.splitlines()
    assert header.split() == ["Account", "Contract", "ConId", "Type", "Ccy", "Position", "AvgCost"]
    assert line.split()[:6] == ["DU111", "IBM", str(IBM), "STK", "USD", "10"]
    code, out, _ = run(capsys, "positions", "--account", "DU222", "--json", *port(sim))
    assert (code, out) == (0, "[]\n")


def test_no_positions_is_a_table_saying_so(sim: Simulator, capsys: Any) -> None:
    code, out, err = run(capsys, "positions", *port(sim))
    assert (code, err) == (0, "")
    assert out.splitlines()[2] == "no positions" and out.splitlines()[0].startswith("Account")
    assert run(capsys, "positions", "--json", *port(sim))[:2] == (0, "[]\n")


# --- orders -----------------------------------------------------------------------------------------------


def test_orders_of_every_client(busy: Simulator, capsys: Any) -> None:
    sim = busy
    code, out, err = run(capsys, "orders", "--json", *port(sim))
    assert (code, err) == (0, "")
    (row,) = json.loads(out)  # the filled order is not open
    assert list(row) == keys("orders")
    assert {k: row[k] for k in ("orderId", "clientId", "account", "contract", "conId", "action", "quantity",
                                "orderType", "lmtPrice", "auxPrice", "status", "filled", "remaining")} == {
        "orderId": 2, "clientId": 3, "account": "DU111", "contract": "IBM", "conId": IBM, "action": "BUY",
        "quantity": 5, "orderType": "LMT", "lmtPrice": 1.0, "auxPrice": None, "status": "Submitted", "filled": 0,
        "remaining": 5}
    assert row["permId"] > 0
    code, out, _ = run(capsys, "orders", *port(sim))
    line = out.splitlines()[2].split()
    assert line[0] == "2" and line[2] == "3" and "LMT" in line and "Submitted" in line


def test_no_open_orders(sim: Simulator, capsys: Any) -> None:
    code, out, _ = run(capsys, "orders", *port(sim))
    assert code == 0 and out.splitlines()[-1] == "no open orders"
    assert run(capsys, "orders", "--json", *port(sim))[:2] == (0, "[]\n")


# --- account ----------------------------------------------------------------------------------------------


def test_account_summary_per_account(busy: Simulator, capsys: Any) -> None:
    sim = busy
    code, out, err = run(capsys, "account", "--json", *port(sim))
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert {r["account"] for r in rows} == {"DU111", "DU222"} and all(list(r) == keys("account") for r in rows)
    by = {(r["account"], r["tag"]): r for r in rows}
    assert by[("DU111", "AccountType")]["value"] == "INDIVIDUAL"  # text stays text
    net = by[("DU111", "NetLiquidation")]
    assert isinstance(net["value"], (int, float)) and net["currency"] == "USD" and net["value"] > 0
    code, out, _ = run(capsys, "account", "--account", "DU222", "--tag", "NetLiquidation", "--json", *port(sim))
    (row,) = json.loads(out)
    assert (row["account"], row["tag"]) == ("DU222", "NetLiquidation")
    code, out, _ = run(capsys, "account", "--account", "DU111", "--tag", "TotalCashValue", *port(sim))
    header, _, line = out.splitlines()
    assert header.split() == ["Account", "Tag", "Value", "Ccy"] and line.split()[:2] == ["DU111", "TotalCashValue"]


def test_no_account_values(sim: Simulator, capsys: Any) -> None:
    code, out, _ = run(capsys, "account", "--tag", "NoSuchTag", *port(sim))
    assert code == 0 and out.splitlines()[-1] == "no account values"


# --- rendering --------------------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_rich_table_on_a_terminal_and_plain_elsewhere() -> None:
    pytest.importorskip("rich")
    rows = [{"account": "DU1", "contract": "IBM", "conId": IBM, "secType": "STK", "currency": "USD",
             "position": 10, "avgCost": 150.25}]
    tty = Terminal()
    render("positions", rows, False, tty)
    text = tty.getvalue()
    assert "IBM" in text and "150.2500" in text and "│" in text and "\x1b[1m" in text  # rich: rules, bold header
    tty = Terminal()
    render("positions", [], False, tty)
    assert "no positions" in tty.getvalue()
    pipe = io.StringIO()
    render("positions", rows, False, pipe)
    assert pipe.getvalue() == plain_table(rows, COLUMNS["positions"], EMPTY["positions"])
    assert "│" not in pipe.getvalue()
    pipe = io.StringIO()
    render("positions", rows, True, pipe)
    assert json.loads(pipe.getvalue()) == rows


def test_quote_watch_on_a_terminal_is_a_live_rich_table(sim: Simulator, monkeypatch: Any) -> None:
    pytest.importorskip("rich")
    import sys

    tty = Terminal()
    monkeypatch.setattr(sys, "stdout", tty)
    assert main(["quote", "AAPL", "--watch", "--count", "2", "--interval", "0.05", *port(sim)]) == 0
    text = tty.getvalue()
    q = sim.market.quotes[AAPL]
    assert "AAPL" in text and f"{q.bid:.2f}" in text and f"{q.close:.2f}" in text and "│" in text
    assert "…" not in text  # an 80-column terminal: wider lines, nothing cut short


def test_plain_table_on_a_terminal_without_rich(monkeypatch: Any) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "rich", None)  # not installed: importing it fails
    tty = Terminal()
    render("orders", [], False, tty)
    assert tty.getvalue() == plain_table([], COLUMNS["orders"], EMPTY["orders"])
    assert tty.getvalue().splitlines()[-1] == "no open orders"


def test_json_values() -> None:
    assert json_value(Decimal("10")) == 10 and type(json_value(Decimal("10"))) is int
    assert json_value(Decimal("0.5")) == 0.5 and json_value(Decimal(2 ** 127 - 1)) is None
    assert json_value(float("nan")) is None and json_value(1.7976931348623157e308) is None
    assert json_value(dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))) == \
        "2026-11-24T15:00:00+00:00"
    assert json_value(2 ** 31 - 1) is None and json_value(7) == 7


# --- bad input --------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("argv, code, message", [
    (["quote", "NOPE"], 1, "ibwire quote: unknown contract 'NOPE': TWS has no security definition for it"),
    (["quote", "symbol=AAPL,colour=red"], 2, "ibwire quote: bad contract field 'colour=red'"),
    (["quote", "AAPL", "--watch", "--interval", "0"], 2, "ibwire quote: --interval must be positive"),
    (["positions", "--account", "DU999"], 1, "ibwire positions: unknown account 'DU999' (this login manages "
                                             "DU111, DU222)"),
    (["orders", "--account", "DU999"], 1, "ibwire orders: unknown account 'DU999'"),
    (["account", "--account", "DU999"], 1, "ibwire account: unknown account 'DU999'"),
], ids=["unknown-symbol", "bad-field", "bad-interval", "positions-account", "orders-account", "account-account"])
def test_bad_input_is_one_line(sim: Simulator, capsys: Any, argv: list[str], code: int, message: str) -> None:
    got, out, err = run(capsys, *argv, *port(sim))
    assert (got, out) == (code, "") and err.count("\n") == 1 and err.startswith(message), err


@pytest.mark.parametrize("watch", [False, True], ids=["snapshot", "watch"])
def test_refused_market_data_is_one_line(sim: Simulator, capsys: Any, watch: bool) -> None:
    def refuse(session: Any, req: Any) -> bool:
        session.error(int(req.message.reqId), 354, "Requested market data is not subscribed.")
        return True

    sim.hooks["reqMktData"] = refuse
    extra = ["--watch", "--interval", "0.05"] if watch else []
    code, out, err = run(capsys, "quote", "AAPL", *extra, *port(sim))
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "Requested market data is not subscribed. (error 354)" in err, err


def test_an_unanswered_request_ends_after_the_timeout(sim: Simulator, capsys: Any) -> None:
    sim.hooks["reqPositions"] = lambda session, req: True  # TWS never answers
    code, out, err = run(capsys, "positions", "--timeout", "0.5", *port(sim))
    assert (code, out, err) == (1, "", "ibwire positions: TWS did not answer within 0.5 s (--timeout)\n")


@pytest.mark.parametrize("command", ["quote", "positions", "orders", "account"])
def test_no_gateway_listening(capsys: Any, command: str) -> None:
    free = _free_port()
    argv = [command, *(["AAPL"] if command == "quote" else []), "--port", str(free)]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (1, "")
    assert err == f"ibwire {command}: no TWS or IB Gateway is listening on 127.0.0.1:{free}; start one (or " \
                  f"`ibwire sim`), or pass --host/--port\n"
