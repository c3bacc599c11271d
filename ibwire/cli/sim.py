"""``ibwire sim``: the simulated gateway (every option of ``python -m ibwire.sim``)."""

from __future__ import annotations


def main(argv: list[str], prog: str = "ibwire sim") -> int:
    from ..sim.__main__ import main as sim_main

    return sim_main(argv, prog=prog)
