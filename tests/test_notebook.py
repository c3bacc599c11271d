"""The example notebook runs top to bottom in a real Jupyter kernel (nbclient) against the simulator,
shows its plot inline (a PNG, not a figure drawn off-screen), and is committed with the outputs it
gives: the simulator runs on a pinned clock and its market moves only when stepped, so a fresh run
must give the committed text outputs again.

After changing the notebook (or what it shows), store its outputs again: ``python tests/test_notebook.py``.
"""

from __future__ import annotations

import base64
import copy
import os
import struct
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "notebook.ipynb"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PLOT_CELL = 4  # index among the notebook's cells (markdown included)


def execute(nb: Any) -> Any:
    """Run ``nb`` in a fresh python3 kernel that imports this checkout's ibwire; it is changed in place."""
    import nbclient

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("MPLBACKEND", None)  # the kernel's own choice (inline), whatever this process uses
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=False,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute(env=env)
    return nb


def texts(nb: Any) -> dict[int, str]:
    """Each code cell's text output (its result and printed text; displays such as figures aside), by cell index."""
    return {i: "".join(o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in c.get("outputs", [])
                       if o.get("output_type") != "display_data")
            for i, c in enumerate(nb.cells) if c.cell_type == "code"}


def pngs(cell: Any) -> list[bytes]:
    return [base64.b64decode(o["data"]["image/png"]) for o in cell.get("outputs", [])
            if "image/png" in o.get("data", {})]


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header, which must be a PNG's."""
    assert png[:8] == PNG_SIGNATURE, png[:8]
    assert png[12:16] == b"IHDR", png[12:16]
    width, height = struct.unpack(">II", png[16:24])
    return width, height


@pytest.fixture(scope="module")
def committed() -> Any:
    nbformat = pytest.importorskip("nbformat")
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def executed(committed: Any) -> Any:
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    nb = copy.deepcopy(committed)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return execute(nb)


def test_notebook_runs_in_a_kernel(executed: Any) -> None:
    text = texts(executed)
    assert "['DU1234567']" in text[1]
    assert "close" in text[3] and "volume" in text[3]
    assert "2026-11-20" in text[3]  # the last bars end at the simulator's pinned clock
    assert text[4].strip() == "35"  # 5 regular sessions of hourly bars plotted (7 a session, 09:30-16:00)
    bid, ask, last, volume = eval(text[6], {"Decimal": Decimal})  # noqa: S307 - our own notebook's tuple output
    assert 0 < bid <= ask and last > 0 and volume > 0
    assert text[7].strip() == "True"
    assert not any(o.get("output_type") == "error" for c in executed.cells for o in c.get("outputs", []))


def test_the_plot_is_shown_inline(executed: Any) -> None:
    images = pngs(executed.cells[PLOT_CELL])
    assert len(images) == 1, [o.get("output_type") for o in executed.cells[PLOT_CELL].outputs]
    width, height = png_size(images[0])
    assert width > height > 100  # the 8 x 3 inch figure, drawn
    assert len(images[0]) > 5000  # a line chart with axes, not an empty canvas
    # no other cell draws, and the figure is shown once
    assert sum(len(pngs(c)) for c in executed.cells) == 1


def test_committed_notebook_carries_the_outputs_a_run_gives(committed: Any, executed: Any) -> None:
    width, height = png_size(pngs(committed.cells[PLOT_CELL])[0])  # readers see the plot
    assert width > height
    stored = texts(committed)
    assert all(stored[i] for i in stored if i != len(committed.cells) - 1), stored  # every cell but the last shows something
    assert texts(executed) == stored


if __name__ == "__main__":
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    execute(nb)
    nbformat.write(nb, NOTEBOOK)
    print(f"{NOTEBOOK}: outputs stored", file=sys.stderr)
