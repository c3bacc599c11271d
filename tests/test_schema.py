"""Our .proto schema describes the same messages as the official client's, field for field."""

from __future__ import annotations

import importlib
import pkgutil

from oracle import run_oracle
from oracle.schema_dump import dump

import ibwire.protocol.proto as P


def test_schema_matches_official() -> None:
    ours = dump(importlib.import_module("ibwire.protocol.proto." + m.name) for m in pkgutil.iter_modules(P.__path__))
    theirs = run_oracle("official_schema.py")
    assert set(ours) == set(theirs)
    diff = {k: (ours[k], theirs[k]) for k in ours if ours[k] != theirs[k]}
    assert not diff, list(diff.items())[:3]
    assert len(ours) >= 200
