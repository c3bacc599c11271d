"""The data model against the official classes: same attributes, defaults and text forms."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from typing import Any

import pytest

import ibwire.model as M
from oracle import run_oracle


@pytest.fixture(autouse=True)
def native_printing() -> Any:
    """These tests are about native ibwire: its printouts are the newest form whatever compat did before."""
    M.reset_print_form()
    yield
    M.reset_print_form()

CLASSES = {
    "contract": ["ComboLeg", "DeltaNeutralContract", "Contract", "ContractDetails", "ContractDescription"],
    "order": ["OrderComboLeg", "Order"],
    "order_state": ["OrderAllocation", "OrderState"],
    "order_cancel": ["OrderCancel"],
    "common": ["BarData", "RealTimeBar", "HistogramData", "NewsProvider", "DepthMktDataDescription", "SmartComponent",
               "TickAttrib", "TickAttribBidAsk", "TickAttribLast", "FamilyCode", "PriceIncrement", "HistoricalTick",
               "HistoricalTickBidAsk", "HistoricalTickLast", "HistoricalSession", "WshEventData"],
    "execution": ["Execution", "ExecutionFilter"],
    "commission_and_fees_report": ["CommissionAndFeesReport"],
    "scanner": ["ScannerSubscription"],
    "softdollartier": ["SoftDollarTier"],
    "tag_value": ["TagValue"],
    "ineligibility_reason": ["IneligibilityReason"],
}


def _spec(rng: random.Random, default: Any) -> list[Any] | None:
    if isinstance(default, bool):
        return ["bool", rng.random() < 0.5]
    if isinstance(default, int):
        return ["int", rng.choice([0, -1, 7, 2**31 - 1, 2**63 - 1, rng.randrange(10**9)])]
    if isinstance(default, float):
        return ["float", rng.choice([0.0, 1.5, -2.25, 1.7976931348623157e308, 123.456789123, 1e-9])]
    if isinstance(default, Decimal):
        return ["Decimal", rng.choice(["0", "1.5", "100", "0.00012345", str(2**127 - 1)])]
    if isinstance(default, str):
        return ["str", rng.choice(["", "AAPL", "x y", "SMART"])]
    return None


def _desc(v: Any) -> list[str]:
    if isinstance(v, (list, dict)) or v is None or isinstance(v, (bool, int, float, str, Decimal)):
        return [type(v).__name__, repr(v)]
    return [type(v).__name__, "<object>"]


def test_defaults_and_text_forms_match_official() -> None:
    rng = random.Random(7)
    cases = []
    for mod, names in CLASSES.items():
        for name in names:
            proto = getattr(M, name)()
            for i in range(6):
                attrs = {}
                if i:  # the first case keeps every default
                    for k, v in vars(proto).items():
                        s = _spec(rng, v)
                        if s is not None and rng.random() < 0.7:
                            attrs[k] = s
                cases.append((mod, name, attrs))
    official = run_oracle("official_model.py", stdin=json.dumps(cases))
    conv = {"int": int, "str": str, "bool": bool, "float": float, "Decimal": Decimal}
    bad = []
    for (mod, name, attrs), (defaults, text) in zip(cases, official):
        o = getattr(M, name)()
        mine = {k: _desc(v) for k, v in vars(o).items()}
        # same names in the same order, same default values
        if mine != defaults:
            bad.append((name, "defaults", mine, defaults))
        for k, (t, v) in attrs.items():
            setattr(o, k, conv[t](v))
        if str(o) != text:
            bad.append((name, "str", str(o), text))
    assert not bad, bad[:3]
    assert len(official) == len(cases) > 150


def test_conditions_text_and_factory() -> None:
    p = M.PriceCondition(triggerMethod=2, conId=265598, exch="SMART", isMore=True, price=150.0)
    assert str(p) == "Last price of 265598 on SMART is  >=  150.0  "
    assert M.Create(M.OrderCondition.Volume).type() == 6  # type: ignore[union-attr]
    assert M.Create(99) is None
    t = M.TimeCondition(isMore=False, time="20261124 10:00:00").Or()
    assert str(t) == "time is  <=  20261124 10:00:00 " and not t.isConjunctionConnection


def test_mutable_defaults_are_not_shared() -> None:
    a, b = M.Contract(), M.Contract()
    a.comboLegs.append(M.ComboLeg())
    assert b.comboLegs == []
    assert M.Order().softDollarTier is not M.Order().softDollarTier


def test_every_class_prints_in_every_form() -> None:
    from ibwire.model._base import FORMS, Model

    todo, seen = list(Model.__subclasses__()), 0
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        assert set(cls._compiled) == set(FORMS), cls
        seen += 1
    assert seen > 40
    c = M.Contract(conId=1, symbol="AAPL", strike=0.5)
    texts = {}
    for form in FORMS:
        M.set_print_form(form)
        texts[form] = str(c)
    assert texts["9.81"].startswith("1,AAPL,,,0.5,") and "combo:" in texts["9.81"]
    assert texts["10.30"].startswith("1,AAPL,,,,0.5,")
    assert texts["10.51"].startswith("ConId: 1, Symbol: AAPL,")
    # a form with no text of its own prints like the next newer one (WshEventData came in 10.15)
    M.set_print_form("9.81")
    w9 = str(M.WshEventData(conId=5))
    M.set_print_form("10.30")
    assert w9 == str(M.WshEventData(conId=5))


def test_a_fresh_field_prints_as_its_old_default() -> None:
    M.set_print_form("10.30")
    # 10.30's Contract started with strike 0.0; ours with the unset sentinel
    assert str(M.Contract()).startswith("0,,,,,0,")
    assert str(M.Contract(strike=M.UNSET_DOUBLE + 0)).startswith("0,,,,,,")  # a value set by the program
    M.set_print_form("9.81")
    assert str(M.Order()).startswith("0,0,0:   0@")
    # 9.x details carried TWS's market-data size multiplier (1 since sizes are in shares); a fresh one 0
    cd = M.ContractDetails()
    assert ",0,0,,,,0,None," in str(cd)
    cd.contract.conId = 265598
    assert ",0,1,,,,0,None," in str(cd)
