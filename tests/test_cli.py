"""The ``ibwire`` command (``ibwire.cli``): one line for a user's mistake, never a traceback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import ibwire
from ibwire.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "ibwire.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env=env)


def test_version_usage_and_unknown_commands() -> None:
    assert main(["--version"]) == 0
    assert main([]) == 2 and main(["--help"]) == 0
    p = run("frobnicate")
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.count("\n") == 1 and "unknown command 'frobnicate'" in p.stderr and "Traceback" not in p.stderr
    assert run("--version").stdout == f"ibwire {ibwire.__version__}\n"


def test_sim_help_shows_the_defaults() -> None:
    p = run("sim", "--help")
    assert p.returncode == 0 and p.stdout.startswith("usage: ibwire sim")
    assert "(default: 7497)" in p.stdout and "(default: 1)" in p.stdout


def test_a_taken_port_is_one_line_with_a_suggestion() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        p = run("sim", "--port", str(port))
        assert p.returncode == 1 and p.stdout == ""
        assert p.stderr == (f"ibwire sim: 127.0.0.1:{port} is in use (a TWS or IB Gateway may be running on "
                            "it); pick another with --port N (--port 0: any free port)\n")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        q = subprocess.run([sys.executable, "-m", "ibwire.sim", "--port", str(port)], capture_output=True,
                           text=True, timeout=30, cwd=ROOT, env=env)
        assert q.returncode == 1 and q.stderr.startswith(f"python -m ibwire.sim: 127.0.0.1:{port} is in use")


def test_sim_listens_first_and_stops_cleanly_on_sigterm() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.Popen([sys.executable, "-m", "ibwire.cli", "sim", "--port", "0", "--clock",
                          "2026-11-24T15:30:12+00:00"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         cwd=ROOT, env=env)
    try:
        assert p.stdout is not None
        first = p.stdout.readline()
        assert first.startswith("listening on 127.0.0.1:")
        port = int(first.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        p.send_signal(signal.SIGTERM)
        assert p.wait(timeout=20) == 0
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


def test_usage_lists_every_command_and_each_resolves_to_a_function() -> None:
    import importlib

    from ibwire.cli import COMMANDS, usage

    text = usage()
    for name, (target, _) in COMMANDS.items():
        assert f"  {name} " in text
        module, function = target.split(":")
        assert callable(getattr(importlib.import_module(f"ibwire.cli.{module}"), function))


def test_contracts_by_symbol_or_by_fields() -> None:
    import pytest

    from ibwire.cli.common import EXIT_USAGE, CliError, describe, parse_contract

    c = parse_contract("aapl")
    assert (c.symbol, c.secType, c.exchange, c.currency) == ("AAPL", "STK", "SMART", "USD")
    c = parse_contract("symbol=ES, secType=fut, exchange=CME, expiry=202612")
    assert (c.symbol, c.secType, c.exchange, c.lastTradeDateOrContractMonth) == ("ES", "FUT", "CME", "202612")
    assert describe(c) == "ES 202612 FUT"
    c = parse_contract("conId=265598")
    assert (c.conId, c.secType, c.exchange, c.currency) == (265598, "", "", "")
    c = parse_contract("Symbol=EUR,secType=CASH,exchange=IDEALPRO,currency=USD")
    assert describe(c) == "EUR.USD"
    for bad, words in [("", "empty contract"), ("symbol=ES,color=red", "bad contract field 'color=red'"),
                       ("conId=abc", "is not a number"), ("exchange=CME", "needs a symbol")]:
        with pytest.raises(CliError) as e:
            parse_contract(bad)
        assert words in str(e.value) and e.value.code == EXIT_USAGE and "\n" not in str(e.value)


def test_connection_and_contract_failures_are_one_line() -> None:
    import argparse

    import pytest

    from ibwire.cli.common import CliError, connected, qualify
    from ibwire.sim import Simulator

    with socket.create_server(("127.0.0.1", 0)) as s:
        free = s.getsockname()[1]
    ns = argparse.Namespace(host="127.0.0.1", port=free, client_id=917, timeout=5.0)
    with pytest.raises(CliError) as e:
        with connected(ns):
            pass
    assert str(e.value) == (f"no TWS or IB Gateway is listening on 127.0.0.1:{free}; start one (or `ibwire sim`), "
                            "or pass --host/--port")
    sim = Simulator("127.0.0.1", 0)
    sim.start()
    try:
        ns.port = sim.port
        with connected(ns) as ib:
            assert [c.conId for c in qualify(ib, ["AAPL", "conId=265598"])] == [265598, 265598]
            with pytest.raises(CliError, match="unknown contract 'ZZZZQ'"):
                qualify(ib, ["ZZZZQ"])
            with pytest.raises(CliError) as e:
                qualify(ib, ["symbol=ES,secType=FUT,exchange=CME"])
            assert "is ambiguous" in str(e.value) and "conId" in str(e.value) and "\n" not in str(e.value)
            with pytest.raises(CliError, match="326"):
                with connected(ns):  # the same client id again
                    pass
        assert not ib.isConnected()
    finally:
        sim.stop()


def _complete(script: str, *words: str) -> list[str]:
    """What bash offers for ``words`` (the last one being completed) with ``script`` loaded."""
    line = " ".join(f"'{w}'" for w in words)
    p = subprocess.run(["bash", "-c", f'{script}\nCOMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; COMPREPLY=(); '
                                      '_ibwire; printf "%s\\n" "${COMPREPLY[@]}"'],
                       capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, p.stderr
    return [w for w in p.stdout.splitlines() if w]


def test_bash_completion_knows_commands_options_and_values() -> None:
    import shutil

    import pytest

    if shutil.which("bash") is None:
        pytest.skip("no bash on this machine")
    p = run("completion", "bash")
    assert p.returncode == 0 and p.stderr == ""
    script = p.stdout
    assert _complete(script, "ibwire", "hi") == ["history"]
    assert set(_complete(script, "ibwire", "")) >= {"sim", "history", "record", "quote", "positions", "orders",
                                                    "account", "completion", "--version"}
    assert _complete(script, "ibwire", "history", "--b") == ["--bar"]
    assert _complete(script, "ibwire", "record", "--what", "") == ["TRADES", "MIDPOINT", "BID", "ASK"]
    assert _complete(script, "ibwire", "sim", "--protobuf", "a") == ["auto", "always"]
    assert _complete(script, "ibwire", "history", "--bar", "") == []  # a value of the user's: nothing offered
    assert "--history-pacing-scale" in _complete(script, "ibwire", "sim", "--hist")
    assert _complete(script, "ibwire", "completion", "") == ["bash", "zsh", "fish", "-h", "--help"]


def test_zsh_and_fish_completion_scripts_name_every_command() -> None:
    from ibwire.cli import COMMANDS

    zsh, fish = run("completion", "zsh").stdout, run("completion", "fish").stdout
    assert zsh.startswith("#compdef ibwire") and "bashcompinit" in zsh and "complete -o default -F _ibwire ibwire" in zsh
    for name in COMMANDS:
        assert f" -a {name} -d " in fish
    assert "-l bar -x" in fish and "-l out -r -F" in fish and "-l protobuf -x -a 'auto always never'" in fish
    bad = run("completion", "tcsh")
    assert bad.returncode == 2 and "invalid choice: 'tcsh'" in bad.stderr and "Traceback" not in bad.stderr


def test_the_command_line_page_names_every_option_and_column() -> None:
    import re

    from ibwire.cli.completion import commands
    from ibwire.cli.store import SCHEMAS

    page = (ROOT / "docs" / "cli.md").read_text()
    for c in commands():
        assert f"ibwire {c.name}" in page, c.name
        for o in c.options:
            if o.flags[-1] not in ("--help", "--verbose"):
                flag = re.escape(o.flags[-1])
                assert re.search(rf"(?<![\w-]){flag}(?![\w-])", page), f"docs/cli.md lacks {o.flags[-1]} of ibwire {c.name}"
    for name, schema in SCHEMAS.items():
        row = re.search(rf"^\| {name} \| (.*) \|$", page, re.M)
        assert row is not None, name
        documented = [re.sub(r" \(.*", "", x.strip()) for x in row.group(1).split(", ")]
        assert documented == [col.name for col in schema.columns if col.name != "symbol"], name
