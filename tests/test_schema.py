"""Our .proto schema describes the same messages as the official client's, field for field."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from oracle import run_oracle
from oracle.schema_dump import dump

import ibwire.protocol.proto as P

#: the messages of the fundamental data requests IB withdrew in 10.50: compared with 10.45, the last release
#: that had them (ibwire still sends them for programs of the releases that did)
WITHDRAWN = {"CancelFundamentalsData", "FundamentalsData", "FundamentalsDataRequest",
             "FundamentalsDataRequest.FundamentalsDataOptionsEntry"}


def _ours() -> dict[str, Any]:
    return dump(importlib.import_module("ibwire.protocol.proto." + m.name)  # type: ignore[no-any-return]
                for m in pkgutil.iter_modules(P.__path__))


def test_schema_matches_official() -> None:
    ours = {k: v for k, v in _ours().items() if k not in WITHDRAWN}
    theirs = run_oracle("official_schema.py")
    assert set(ours) == set(theirs)
    diff = {k: (ours[k], theirs[k]) for k in ours if ours[k] != theirs[k]}
    assert not diff, list(diff.items())[:3]
    assert len(ours) >= 200


def test_withdrawn_messages_match_1045() -> None:
    ours = _ours()
    theirs = run_oracle("official_schema.py", name="v1045")
    assert WITHDRAWN <= set(theirs) and WITHDRAWN <= set(ours)
    assert {k: ours[k] for k in WITHDRAWN} == {k: theirs[k] for k in WITHDRAWN}
