"""Printouts in the form of the program's generation (issue 12 item 6).

The official packages' ``str()``/``repr()`` of every data class, in the states of
``printouts_cases.py``, are recorded in ``data/printouts_<generation>.json``; compat, with the
generation decided from a program's wrapper as ``EClient`` does, must print the same text.
Each detected class prints as the last release of its range (9.81, 10.30, 10.51); the releases in
between are compared too and their known differences listed in ``BETWEEN`` (docs/migration.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from printouts_cases import DATA, GENERATIONS, cases, digest  # noqa: E402

#: the release each detected class prints as
REPRESENTATIVE = {"9.x": "v981", "10.10-10.30": "v1030", "10.37+": "latest"}




def program(ibapi: Any, generation: str) -> Any:
    """A program's EClient whose wrapper has the error callback of that generation."""
    from ibapi.client import EClient
    from ibapi.wrapper import EWrapper

    error = {
        "9.x": lambda self, reqId, errorCode, errorString: None,
        "10.10-10.30": lambda self, reqId, errorCode, errorString, advancedOrderRejectJson="": None,
        "10.37+": lambda self, reqId, errorTime, errorCode, errorString, advancedOrderRejectJson="": None,
    }[generation]
    wrapper = type("App", (EWrapper,), {"error": error, "__module__": "user_program"})()
    return EClient(wrapper)


def recorded(name: str) -> dict[str, Any]:
    data = json.loads((DATA / f"printouts_{name}.json").read_text())
    assert data["cases"] == digest(cases()), "stale data: run python tests/compat/printouts_cases.py"
    return data


def compare(ibapi: Any, name: str, form: str | None = None) -> tuple[int, list[tuple[str, str, Any, Any]]]:
    """(comparisons made, mismatches) of compat against one recorded package (printing as ``form`` when
    given, as its release is declared)."""
    import printouts_dump as dump  # noqa: F401  (tests/oracle is on sys.path via conftest)

    program(ibapi, GENERATIONS[name])
    if form is not None:
        from ibwire.model import set_print_form

        set_print_form(form)
    want = recorded(name)["results"]
    n, bad = 0, []
    # through JSON like the oracle's input: values are new objects, not our default sentinels
    for cls, state, args, attrs, calls in json.loads(json.dumps(cases())):
        key = f"{cls}/{state}"
        theirs = want[key]
        if theirs.get("absent"):
            continue
        mine = dump.record(cls, args, attrs, calls)
        for kind in ("str", "repr"):
            n += 1
            t, m = theirs[kind], mine[kind]
            if isinstance(t, dict):
                # the official package raises here: compat prints instead (documented), or raises the same
                if isinstance(m, dict) and m != t:
                    bad.append((key, kind, m, t))
                continue
            if m != t:
                bad.append((key, kind, m, t))
    return n, bad


@pytest.fixture(scope="module", autouse=True)
def _oracle_path() -> Any:
    sys.path.insert(0, str(HERE.parent / "oracle"))
    yield
    sys.path.remove(str(HERE.parent / "oracle"))


@pytest.mark.parametrize("name", sorted(set(REPRESENTATIVE.values())))
def test_prints_like_the_representative_release(ibapi: Any, name: str) -> None:
    n, bad = compare(ibapi, name)
    assert n > 500
    assert not bad, f"{len(bad)} of {n} differ, e.g. {bad[:4]}"


#: releases between the representatives: the classes whose text differs from the representative's,
#: and why (docs/migration.md "Printouts")
BETWEEN = {
    # 10.30 added Contract.lastTradeDate, ContractDetails' ineligibility reasons and Execution's
    # pendingPriceRevision to the text
    "v1019": {"Contract", "ContractDetails", "Execution"},
    "v1020": {"Contract", "ContractDetails", "Execution"},
    # 10.37 printed a float size through Decimal(float) (1.1 as 1.100000000000000088817841970012523...);
    # ContractDetails gained fields in 10.45 and 10.50, ScanData its market name in 10.45
    "v1037": {"ContractDetails", "ScanData", "BarData", "RealTimeBar", "HistogramData", "HistoricalTickBidAsk",
              "HistoricalTickLast", "Order", "OrderAllocation", "Execution"},
    "v1045": {"ContractDetails"},
    "v1050": set(),
}


@pytest.mark.parametrize("name", ["v1019", "v1020"])
def test_a_declared_10_2x_release_prints_like_it(ibapi: Any, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """IBWIRE_IBAPI_VERSION=10.19 (or 10.20, 10.22...) selects 10.20's form: the releases before 10.30 exactly."""
    from ibapi import _adapt

    monkeypatch.setenv(_adapt.DECLARED, "10.19")
    assert _adapt.print_form_of(_adapt.LEGACY4) == "10.20"
    monkeypatch.setenv(_adapt.DECLARED, "10.30")
    assert _adapt.print_form_of(_adapt.LEGACY4) == "10.30"
    n, bad = compare(ibapi, name, form="10.20")
    assert n > 500
    assert not bad, f"{len(bad)} of {n} differ, e.g. {bad[:4]}"


@pytest.mark.parametrize("name", sorted(BETWEEN))
def test_releases_between_differ_only_where_documented(ibapi: Any, name: str) -> None:
    n, bad = compare(ibapi, name)
    assert n > 500
    classes = {key.split("/")[0] for key, *_ in bad}
    assert classes <= BETWEEN[name], sorted(classes - BETWEEN[name])
    if name == "v1037":  # its float-size expansion is the only difference outside ContractDetails/ScanData
        assert all(key.endswith("/pyfloat_sizes") for key, *_ in bad
                   if not key.startswith(("ContractDetails/", "ScanData/"))), bad


def test_recorded_generations_cover_every_class(ibapi: Any) -> None:
    import printouts_dump as dump

    names = {c[0] for c in cases()}
    assert len(names) >= 40
    for name in names:  # compat has every class the cases print, under the official modules
        assert dump.find_class(name) is not None, name
    for name in GENERATIONS:
        assert recorded(name)["results"].keys() == {f"{c[0]}/{c[1]}" for c in cases()}


def run_program(source: str) -> list[str]:
    """Run a small ibapi program on compat (its own process: the form is process-wide); its output lines."""
    root = HERE.parents[1]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = os.pathsep.join([str(root / "compat"), str(root)])
    p = subprocess.run([sys.executable, "-c", textwrap.dedent(source)], capture_output=True, text=True, env=env,
                       timeout=60, cwd=str(root))
    assert p.returncode == 0, p.stderr
    return p.stdout.splitlines()


PROGRAM = """
    from decimal import Decimal
    from ibapi.client import EClient
    from ibapi.contract import Contract
    from ibapi.order import Order
    from ibapi.order_state import OrderState
    from ibapi.wrapper import EWrapper

    class App(EWrapper, EClient):
        def __init__(self):
            EClient.__init__(self, self)

        {error}

    c = Contract()
    c.symbol, c.secType, c.exchange, c.currency = "AAPL", "STK", "SMART", "USD"
    o = Order()
    o.action, o.orderType, o.totalQuantity, o.lmtPrice = "BUY", "LMT", 100, 1.1
    print(c)                       # before the EClient exists
    print(o)
    app = App()
    print(c)                       # after
    print(repr(OrderState())[:36])
"""


#: the lines are what the official 9.81.1, 10.30.1 and 10.51.1 print for this program (run on each)
@pytest.mark.parametrize("error, contract, order, state", [
    ("def error(self, reqId, errorCode, errorString): pass",
     "0,AAPL,STK,,0.0,,,SMART,,USD,,,False,,combo:", "0,0,0: LMT BUY 100@1.100000 ", "<ibapi.order_state.OrderState object"),
    ("def error(self, reqId, errorCode, errorString, advancedOrderRejectJson=''): pass",
     "0,AAPL,STK,,,0,,,SMART,,USD,,,False,,,,combo:", "0,0,0: LMT BUY 100.000000@1.1 ",
     "<ibapi.order_state.OrderState object"),
    ("def error(self, reqId, errorTime, errorCode, errorString, advancedOrderRejectJson=''): pass",
     "ConId: 0, Symbol: AAPL, SecType: STK, LastTradeDateOrContractMonth: , Strike: , Right: , Multiplier: , "
     "Exchange: SMART, PrimaryExchange: , Currency: USD, LocalSymbol: , TradingClass: , IncludeExpired: False, "
     "SecIdType: , SecId: , Description: , IssuerId: Combo:", "0,0,0: LMT BUY 100@1.1 ",
     "<ibapi.order_state.OrderState object"),
])
def test_a_program_prints_in_its_form_before_and_after_its_eclient(error: str, contract: str, order: str,
                                                                  state: str) -> None:
    lines = run_program(PROGRAM.replace("{error}", error))
    assert lines == [contract, order, contract, state]


def test_a_program_without_a_wrapper_class_yet_prints_as_the_newest() -> None:
    lines = run_program("""
        from ibapi.client import EClient
        from ibapi.order import OrderComboLeg
        from ibapi.wrapper import EWrapper
        leg = OrderComboLeg()
        leg.price = 1.1
        print(leg)
        class App(EWrapper, EClient):
            def error(self, reqId, errorCode, errorString): pass
        print(leg)
    """)
    # nothing to go by at the first printout: 10.51; the 9.x wrapper class decides the next one
    assert lines == ["1.1", "1.100000"]


def test_native_ibwire_prints_the_newest_form_with_its_own_names() -> None:
    import ibwire.model as M

    M.reset_print_form()
    assert M.print_form() == M.FORMS[-1] == "10.51"
    assert str(M.OrderComboLeg(price=1.1)) == "1.1"
    assert repr(M.OrderState()).startswith("<ibwire.model.order.OrderState object at 0x")
    with pytest.raises(ValueError):
        M.set_print_form("10.19")
    try:
        M.set_print_form("9.81")
        assert str(M.OrderComboLeg(price=1.1)) == "1.100000"
        assert repr(M.OrderState()).startswith("<ibapi.order_state.OrderState object at 0x")
    finally:
        M.reset_print_form()
    assert str(M.OrderComboLeg(price=1.1)) == "1.1"
