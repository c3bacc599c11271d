"""The parity suite in pytest: every scenario of ``tests/parity`` through ib_async 2.1 and through ibwire.

A scenario passes when what a user observes is the same in both (see ``tests/parity/__init__.py`` for the one
allowance: fields only ibwire's objects have). Skipped only when ib_async 2.1 is not installed apart.
"""

from __future__ import annotations

import pytest
from parity import SCENARIOS, compare, oracle_available, report

pytestmark = pytest.mark.skipif(oracle_available() is None,
                                reason="ib_async 2.1 is not installed apart (IBWIRE_ORACLE_DIR/ib_async)")


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_ibwire_observes_what_ib_async_does(name: str) -> None:
    c = compare(name)
    assert c.same, report(c)


@pytest.mark.parametrize("name", ["ticker_stream", "depth", "bracket"])
def test_a_scenario_observes_the_same_every_time(name: str) -> None:
    """Nothing is left to chance: the same library twice observes the same thing (seed, clock and stepping)."""
    c = compare(name, sides=("ib_async", "ib_async"))
    assert c.same, report(c)
