"""Loose values at text server versions, against the official package of each older generation.

Programs of the text-protocol era (9.81, 10.19/10.20, 10.30, 10.37) gave prices as text,
expiries as ints, conIds as text and flags as 1: their own package sent ``str(value)``.
At a server version below 201 ibwire sends those requests as text too, and must send
the very bytes that generation's package sent for the same call. A call the older
package cannot make (a signature it lacks, a None its methods let escape) is left out,
and so is one where that package encodes even the typed value unlike 10.51 (a field added
or dropped at the same server version): 10.51 is the reference for those.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from test_requests_hostile import METHODS
from oracle.spec import BAD
from test_requests_oracle import Oracle, ours, same_frames, typed_case
from test_requests_versions import argument_sets

#: generation -> the server versions its text forms are compared at (up to the newest it speaks)
GENERATIONS = {"v981": [100, 101, 103, 111, 124, 137, 145, 151, 157],
               "v1020": [100, 104, 145, 157, 163, 170, 176],
               "v1030": [100, 145, 163, 176, 183, 187],
               "v1037": [100, 145, 163, 176, 187, 193, 200]}


#: cases compared, by generation and argument set (written to $IBWIRE_GENERATION_COUNTS)
COMPARED: Counter[str] = Counter()


@pytest.fixture(scope="module")
def latest() -> Any:
    o = Oracle()
    yield o
    o.close()
    if "IBWIRE_GENERATION_COUNTS" in os.environ:
        Path(os.environ["IBWIRE_GENERATION_COUNTS"]).write_text(json.dumps(COMPARED, indent=1, sort_keys=True))


@pytest.mark.parametrize("generation", sorted(GENERATIONS))
def test_loose_values_as_text_match_their_generation(latest: Oracle, generation: str) -> None:
    old = Oracle(generation)
    compared = 0
    try:
        for method in METHODS:
            for name, args in argument_sets(method).items():
                for sv in GENERATIONS[generation]:
                    case = {"sv": sv, "method": method, "args": args, "clientId": 5}
                    theirs = old.ask(case)
                    if theirs["raised"] is not None:
                        COMPARED[f"{generation}:skipped:the package raised"] += 1
                        continue
                    # where the generation's encoder differs from 10.51's for the typed value (a field
                    # added or dropped at the same server version), 10.51 is the reference
                    t = typed_case(case)
                    if t is BAD or old.ask(t) != latest.ask(t):
                        COMPARED[f"{generation}:skipped:typed value encoded unlike 10.51"] += 1
                        continue
                    mine = ours(case, sans_io=False)
                    assert mine["raised"] is None, (generation, case, mine)
                    assert mine["errors"] == theirs["errors"], (generation, name, case, mine, theirs)
                    assert same_frames(mine["sent"], theirs["sent"]), (generation, name, case, mine, theirs)
                    compared += 1
                    COMPARED[f"{generation}:{name}"] += 1
    finally:
        old.close()
    assert compared > 200, compared
