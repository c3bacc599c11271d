"""The example notebook runs top to bottom in a real Jupyter kernel (nbclient) against the simulator."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "notebook.ipynb"


def test_notebook_runs_in_a_kernel() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = {i: c.get("outputs", []) for i, c in enumerate(nb.cells) if c.cell_type == "code"}
    text = {i: "".join(o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in outs)
            for i, outs in outputs.items()}
    assert "['DU1234567']" in text[1]
    assert "close" in text[3] and "volume" in text[3]
    assert text[4].strip() == "120"  # 5 days of hourly bars plotted
    from decimal import Decimal

    bid, ask, last, volume = eval(text[6], {"Decimal": Decimal})  # noqa: S307 - our own notebook's tuple output
    assert 0 < bid <= ask and last > 0
    assert text[7].strip() == "True"
    assert not any(o.get("output_type") == "error" for outs in outputs.values() for o in outs)
