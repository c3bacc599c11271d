"""Official clients of every generation send the simulator what IB's Testbed sample sends (run apart).

Each generation talks its own protocol (9.81 up to server 148, 10.19 up to 163, 10.30, 10.37 text
placeOrder, 10.51 protobuf): a margin condition, a percent TWS cannot read, market to limit, option
calculations in the older form, sample contracts, a combo, fundamentals; every step is answered for
its own id and the session stays up.
"""

from __future__ import annotations

import datetime as dt

import pytest
from oracle import run_oracle

from ibwire.sim import Simulator

CLOCK = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("generation", ["v981", "v1019", "v1030", "v1037", "latest"])
def test_testbed_requests_of_every_generation_are_answered(generation: str) -> None:
    with Simulator(tick_interval=None, clock=CLOCK) as sim:
        out = run_oracle("official_sample_flow.py", str(sim.port), name=generation, timeout=120)
    steps = out["steps"]
    want = {"start": "nextValidId", "margin condition": "openOrder", "fractional margin": "error 320",
            "MTL": "Filled", "implied volatility": "tickOptionComputation", "EUR.GBP": "contractDetailsEnd",
            "combo snapshot": "tickSnapshotEnd", "alive": "currentTime"}
    if generation != "latest":
        want["fundamentals"] = "error 430"  # reqFundamentalData left the API after these releases
    if generation in ("v1037", "latest"):
        # these send placeOrder as protobuf, where the percent is an int32: the release refuses 30.5 itself
        want["fractional margin"] = {"v1037": "raised TypeError", "latest": "raised ClientException"}[generation]
    assert steps == want
    assert sorted(e[1] for e in out["errors"]) == sorted(
        ([320] if want["fractional margin"] == "error 320" else []) + ([430] if "fundamentals" in want else []))
