"""The objects whose printouts compat must reproduce, in the states programs put them in.

Each case is ``[class, state, ctor args, attrs, calls]`` with values encoded for
``tests/oracle/printouts_dump.py`` (``{"$D": "1.5"}`` a Decimal, ``{"$obj": name, ...}`` a nested object).
The field types come from ``ibwire.model`` (the same cases go to every generation).

Regenerate the recorded outputs of the official packages (``data/printouts_<generation>.json``) with
``python tests/compat/printouts_cases.py`` from the repository root.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import ibwire.model as M
from ibwire.model.const import UNSET_DECIMAL, UNSET_DOUBLE, UNSET_INTEGER, UNSET_LONG

DATA = Path(__file__).resolve().parent / "data"
#: the official packages recorded (tests/oracle/__init__.py ORACLES) -> the generation class compat detects
GENERATIONS = {"v981": "9.x", "v1019": "10.10-10.30", "v1020": "10.10-10.30", "v1030": "10.10-10.30",
               "v1037": "10.37+", "v1045": "10.37+", "v1050": "10.37+", "latest": "10.37+"}

DATACLASSES = ["ComboLeg", "DeltaNeutralContract", "Contract", "ContractDetails", "ContractDescription",
               "OrderComboLeg", "Order", "OrderAllocation", "OrderState", "OrderCancel", "BarData", "RealTimeBar",
               "HistogramData", "NewsProvider", "DepthMktDataDescription", "SmartComponent", "TickAttrib",
               "TickAttribBidAsk", "TickAttribLast", "FamilyCode", "PriceIncrement", "HistoricalTick",
               "HistoricalTickBidAsk", "HistoricalTickLast", "HistoricalSession", "WshEventData", "Execution",
               "ExecutionFilter", "CommissionAndFeesReport", "ScannerSubscription", "ScanData", "SoftDollarTier"]

STRINGS = {"symbol": "AAPL", "secType": "STK", "exchange": "SMART", "primaryExchange": "NASDAQ",
           "currency": "USD", "localSymbol": "AAPL", "tradingClass": "NMS", "action": "BUY", "orderType": "LMT",
           "tif": "DAY", "right": "C", "multiplier": "100", "lastTradeDateOrContractMonth": "20261218",
           "date": "20261124 09:30:00", "time": "20261124 09:30:00 US/Eastern", "status": "Submitted",
           "execId": "0000e0d5.6747.01.01", "acctNumber": "DU123456", "account": "DU123456", "side": "BOT",
           "initMarginBefore": "1000.5", "commissionAndFeesCurrency": "USD", "marketName": "NMS"}
INTS = {"conId": 265598, "orderId": 7, "clientId": 1, "permId": 1234567890123, "time": 1700000000, "rank": 1,
        "barCount": 12, "count": 12, "bitNumber": 3, "yieldRedemptionDate": 20261124}


def D(v: str) -> dict[str, str]:
    return {"$D": v}


def obj(name: str, args: list[Any] | None = None, attrs: dict[str, Any] | None = None,
        calls: list[str] | None = None) -> dict[str, Any]:
    return {"$obj": name, "args": args or [], "attrs": attrs or {}, "calls": calls or []}


def _nested(state: str) -> dict[str, Any]:
    """Values of the fields that hold objects or lists (by field name)."""
    contract = obj("Contract", attrs=_fill("Contract", "typical"))
    return {
        "comboLegs": [obj("ComboLeg", attrs=_fill("ComboLeg", "typical")),
                      obj("ComboLeg", attrs={"conId": 1, "ratio": 2, "action": "SELL", "exchange": "CBOE"})],
        "deltaNeutralContract": obj("DeltaNeutralContract", attrs={"conId": 12, "delta": 0.5, "price": 10.25}),
        "contract": contract,
        "secIdList": [obj("TagValue", ["ISIN", "US0378331005"]), obj("TagValue", ["CUSIP", "037833100"])],
        "ineligibilityReasonList": [obj("IneligibilityReason", ["1", "no permission"])],
        "softDollarTier": obj("SoftDollarTier", attrs={"name": "n", "val": "v", "displayName": "d"}),
        "algoParams": [obj("TagValue", ["maxPctVol", "0.1"])],
        "smartComboRoutingParams": [obj("TagValue", ["NonGuaranteed", "1"])],
        "orderMiscOptions": [obj("TagValue", ["a", "b"])],
        "orderComboLegs": [obj("OrderComboLeg", attrs={"price": 1.5}), obj("OrderComboLeg")],
        "conditions": [obj("PriceCondition", [], _COND_ATTRS["PriceCondition"]),
                       obj("TimeCondition", [], _COND_ATTRS["TimeCondition"], ["Or"])],
        "orderAllocations": [obj("OrderAllocation", attrs=_fill("OrderAllocation", "typical"))],
        "specificDates": ["20261124", "20261125"],
        "derivativeSecTypes": ["OPT", "WAR"],
        "tickAttribBidAsk": obj("TickAttribBidAsk", attrs={"bidPastLow": True}),
        "tickAttribLast": obj("TickAttribLast", attrs={"unreported": True}),
    }


_FLOATS = [1.1, 1e-7, 0.1 + 0.2, 123456789.123456789, 2.5]
_DECIMALS = ["1.1", "0.00012345", "1E+3", "-0.5", "12345678.9"]


def _value(name: str, default: Any, state: str, i: int) -> Any:
    """The value a field of this default's type gets in a state (``...`` leaves it alone)."""
    if isinstance(default, bool):
        return {"typical": True, "zeros": False}.get(state, ...)
    if isinstance(default, int):
        return {"typical": INTS.get(name, 3), "unset": UNSET_INTEGER, "unset_long": UNSET_LONG, "zeros": 0,
                "negative": -1}.get(state, ...)
    if isinstance(default, float):
        return {"typical": 150.25, "unset": UNSET_DOUBLE, "floats": _FLOATS[i % 5], "ints": 150, "zeros": 0.0,
                "negative": -2.5, "pyfloat_sizes": 1e-7, "unset_long": UNSET_DOUBLE}.get(state, ...)
    if isinstance(default, Decimal):
        return {"typical": D("100"), "unset": D(str(UNSET_DECIMAL)), "floats": D(_DECIMALS[i % 5]), "ints": 100,
                "zeros": D("0"), "negative": D("-3"), "pyfloat_sizes": [1.5, 1.1][i % 2],
                "unset_long": D(str(UNSET_DECIMAL))}.get(state, ...)
    if isinstance(default, str):
        return STRINGS.get(name, name) if state == "typical" else ...
    return ...


def _fill(cls: str, state: str) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    proto = getattr(M, cls)()
    fields = [f.name for f in dataclasses.fields(proto)]
    for i, name in enumerate(fields):
        default = getattr(proto, name)
        v = _value(name, default, state, i)
        if v is not ...:
            attrs[name] = v
    return attrs


_COND_ATTRS: dict[str, dict[str, Any]] = {
    "PriceCondition": {"triggerMethod": 2, "conId": 265598, "exchange": "SMART", "isMore": True, "price": 150.25},
    "TimeCondition": {"isMore": False, "time": "20261124 10:00:00"},
    "MarginCondition": {"isMore": True, "percent": 30},
    "ExecutionCondition": {"secType": "STK", "exchange": "SMART", "symbol": "AAPL"},
    "VolumeCondition": {"conId": 265598, "exchange": "SMART", "isMore": True, "volume": 100000},
    "PercentChangeCondition": {"conId": 265598, "exchange": "SMART", "isMore": False, "changePercent": 5.5},
}
_COND_VALUE = {"PriceCondition": "price", "MarginCondition": "percent", "PercentChangeCondition": "changePercent"}
STATES = ["defaults", "typical", "unset", "unset_long", "floats", "ints", "pyfloat_sizes", "zeros", "negative",
          "none", "empty"]


def cases() -> list[list[Any]]:
    out: list[list[Any]] = []
    for cls in DATACLASSES:
        for state in STATES:
            if state in ("none", "empty"):
                attrs = _fill(cls, "typical")
                proto = getattr(M, cls)()
                lists = {k for k, v in vars(proto).items() if v is None or isinstance(v, list)}
                lists &= set(_nested(state))
                if not lists:
                    continue
                for k in lists:
                    attrs[k] = None if state == "none" else []
            else:
                attrs = _fill(cls, state)
                if state == "typical":
                    proto = getattr(M, cls)()
                    attrs.update({k: v for k, v in _nested(state).items() if hasattr(proto, k)})
                elif cls == "ScanData" and state != "defaults":  # a row always has its contract
                    attrs["contract"] = _nested(state)["contract"]
            # the 9.x names of two fields (compat's bars for 9.x programs carry both)
            for new, old in {"BarData": [("wap", "average")], "HistogramData": [("size", "count")]}.get(cls, []):
                if new in attrs:
                    attrs[old] = attrs[new]
            if cls == "ContractDetails" and state == "typical":
                attrs["mdSizeMultiplier"] = 1  # what 9.x read from TWS for a described contract
            out.append([cls, state, [], attrs, []])
        if cls == "CommissionAndFeesReport":  # the same report under its 10.36-and-before name
            for case in out[-len(STATES):]:
                if case[0] == cls:
                    attrs = dict(case[3])
                    if "commissionAndFees" in attrs:
                        attrs["commission"] = attrs["commissionAndFees"]
                    out.append(["CommissionReport", case[1], [], attrs, []])
    for cls in ["TagValue", "IneligibilityReason"]:
        out.append([cls, "defaults", [], {}, []])
        out.append([cls, "typical", ["ISIN", "US0378331005"] if cls == "TagValue" else ["1", "no permission"], {}, []])
        out.append([cls, "ints", [1, 2.5], {}, []])
    out.append(["Object", "defaults", [], {}, []])
    out.append(["OrderStatus", "typical", ["Filled"], {}, []])
    out.append(["OrderStatus", "unknown", ["Unknown"], {}, []])
    out.append(["OperatorCondition", "defaults", [], {}, []])
    out.append(["OperatorCondition", "typical", [6, True], {}, []])
    out.append(["ContractCondition", "defaults", [], {}, []])
    out.append(["ContractCondition", "typical", [1, 265598, "SMART", False], {}, []])
    out.append(["OrderCondition", "typical", [1], {}, []])
    out.append(["OrderCondition", "or", [1], {}, ["Or"]])
    for cls, attrs in _COND_ATTRS.items():
        out.append([cls, "defaults", [], {}, []])
        out.append([cls, "typical", [], attrs, []])
        out.append([cls, "or", [], attrs, ["Or"]])
        if cls in _COND_VALUE:
            for state, v in [("floats", 1.1), ("tiny", 1e-7), ("unset", UNSET_DOUBLE), ("ints", 30)]:
                out.append([cls, state, [], dict(attrs, **{_COND_VALUE[cls]: v}), []])
    return out


def digest(cs: list[list[Any]]) -> str:
    return hashlib.sha256(json.dumps(cs, sort_keys=True).encode()).hexdigest()[:16]


def regenerate() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from oracle import run_oracle

    cs = cases()
    DATA.mkdir(exist_ok=True)
    for name in GENERATIONS:
        got = run_oracle("printouts_dump.py", stdin=json.dumps(cs), name=name, timeout=300)
        got["cases"] = digest(cs)
        (DATA / f"printouts_{name}.json").write_text(json.dumps(got, indent=0, sort_keys=True) + "\n")
        print(name, got["version"], len(got["results"]))


if __name__ == "__main__":
    regenerate()
