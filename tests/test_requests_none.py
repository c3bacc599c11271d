"""None in every argument and every object attribute, at every server version, online and offline.

The official client 10.51 reports a None its text encoder meets as the request's sending
error, e.g. ``cancelMktData(None)`` -> ``error(None, <time>, 511, "Cancel Market Data
Sending Error - Cannot send None to TWS")``, and sends nothing. Where the request goes as
protobuf it raises instead (its builders set the field to None); ibwire then reports
exactly what the official text form reports for the same call: the same reqId, code and
text. Offline (after ``disconnect()``) the official client has no server version and
reports 504 "Not connected" before reading any argument; so does ibwire.
"""

from __future__ import annotations

import copy
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from test_requests_hostile import ATTRS, METHODS, NESTED, OBJECTS, annotations, base_arg, check_case
from test_requests_oracle import LAST_TEXT, VERSIONS, Oracle, form, ours

import ibwire.protocol.requests as rq

#: every version for attributes too (an Order has ~150 of them: about 40,000 vectors for placeOrder)
ATTR_VERSIONS = VERSIONS
OUTCOMES: Counter[str] = Counter()


@pytest.fixture(scope="module")
def oracle() -> Any:
    o = Oracle()
    yield o
    o.close()
    if "IBWIRE_NONE_COUNTS" in os.environ:
        Path(os.environ["IBWIRE_NONE_COUNTS"]).write_text(json.dumps(OUTCOMES, indent=1, sort_keys=True))


def argument_cases(method: str) -> list[list[Any]]:
    """The valid arguments with one of them None."""
    anns = annotations(method)
    out = []
    for i in range(len(anns)):
        args = [base_arg(a) for a in anns]
        args[i] = None
        out.append(args)
    return out


def attribute_cases(method: str) -> list[list[Any]]:
    """The valid arguments with one attribute of one object argument None (nested objects too)."""
    anns = annotations(method)
    out = []
    for i, ann in enumerate(anns):
        cls = OBJECTS.get(ann)
        if cls is None:
            continue
        for attr in ATTRS[cls]:
            args = [base_arg(a) for a in anns]
            base = args[i] if isinstance(args[i], dict) else {"$": cls}
            obj = {"$": cls, "a": dict(base.get("a", {}))}
            obj["a"][attr] = None
            args[i] = obj
            out.append(args)
            nested = NESTED.get(attr)
            if nested is None:
                continue
            for inner_attr in ATTRS[nested]:
                args = copy.deepcopy(args)
                inner = {"$": nested, "a": {inner_attr: None}}
                args[i]["a"][attr] = [inner] if attr.endswith("Legs") else inner
                if attr == "comboLegs":
                    args[i]["a"]["secType"] = "BAG"
                out.append(args)
    return out


def check_none(oracle: Oracle, case: dict[str, Any]) -> None:
    method = case["method"]
    outcome = check_case(oracle, case)
    OUTCOMES[outcome.split(":")[0]] += 1
    if not outcome.startswith("deviation:proto") or form(method, LAST_TEXT) != "text":
        return
    # the official client raised at a protobuf version: ibwire reports what its text form reports
    text = oracle.ask(dict(case, sv=LAST_TEXT))
    r = rq.REQUESTS[method]
    if text["raised"] is None and [e[1] for e in text["errors"]] == [r.fail.code()]:
        mine = ours(case, sans_io=False)
        assert mine["errors"] == text["errors"], (case, mine, text)
        OUTCOMES["as-official-text-form"] += 1


@pytest.mark.parametrize("method", METHODS)
def test_none_in_every_argument_at_every_version(oracle: Oracle, method: str) -> None:
    for args in argument_cases(method):
        for sv in VERSIONS:
            check_none(oracle, {"sv": sv, "method": method, "args": args, "clientId": 0})


@pytest.mark.parametrize("method", [m for m in METHODS if any(a in OBJECTS for a in annotations(m))])
def test_none_in_every_attribute(oracle: Oracle, method: str) -> None:
    for args in attribute_cases(method):
        for sv in ATTR_VERSIONS:
            check_none(oracle, {"sv": sv, "method": method, "args": args, "clientId": 0})


@pytest.mark.parametrize("sv", [100, 176, 200, 201, 226])
def test_none_offline(oracle: Oracle, sv: int) -> None:
    # ibwire keeps the server version it had; the official client forgets it on disconnect
    n = 0
    for method in METHODS:
        for args in argument_cases(method) + attribute_cases(method)[:40]:
            case = {"sv": sv, "method": method, "args": args, "clientId": 0, "offline": True}
            check_none(oracle, case)
            n += 1
    assert n > 500


def test_the_documented_examples(oracle: Oracle) -> None:
    # the issue's own example, at a text and at a protobuf version: one callback, word for word
    for sv in (176, 226):
        mine = ours({"sv": sv, "method": "cancelMktData", "args": [None]}, sans_io=False)
        assert mine == {"sent": [], "raised": None, "errors": [
            [None, 511, "Cancel Market Data Sending Error - Cannot send None to TWS"]]}, mine
    mine = ours({"sv": 226, "method": "cancelMktData", "args": [None], "offline": True}, sans_io=False)
    assert mine["errors"] == [[None, 504, "Not connected"]] and mine["sent"] == []
