"""The documentation site builds with ``mkdocs build --strict``: every page in the nav, no broken link or
anchor, the cookbook page showing the recipe files themselves, the API reference rendered from the
docstrings without a griffe warning. Skipped only when the docs packages (the ``docs`` extra: mkdocs,
mkdocs-material, mkdocstrings[python]) are not installed.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NEEDED = ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python")


def need_docs_packages() -> None:
    missing = [m for m in NEEDED if importlib.util.find_spec(m.split(".")[0]) is None
               or importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(f"the docs packages are not installed ({', '.join(missing)}): pip install -e '.[docs]'")


def build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    # from the repository root: the snippets (the cookbook's included recipes) are found relative to it
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)


def text_of(page: Path) -> str:
    """A built page's text: tags (the code highlighter's spans among them) dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def test_site_builds_strict(tmp_path: Path) -> None:
    need_docs_packages()
    site = tmp_path / "site"
    p = build(ROOT / "mkdocs.yml", site)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-5000:]
    assert "WARNING" not in p.stderr, p.stderr[-5000:]

    pages = {"index", "shapes", "facade", "simulator", "migration", "migration_ib_async", "cli", "cookbook",
             "benchmarks", "api/facade", "api/objects", "api/util", "api/client", "api/sim", "api/model"}
    for name in pages:
        assert (site / name / "index.html").is_file() or name == "index" and (site / "index.html").is_file(), name

    # the cookbook page shows every recipe's own code, whole
    cookbook = text_of(site / "cookbook" / "index.html")
    recipes = sorted((ROOT / "examples" / "cookbook").glob("[0-9][0-9]_*.py"))
    assert len(recipes) >= 10
    for recipe in recipes:
        code = recipe.read_text(encoding="utf-8")
        for line in (ln.strip() for ln in code.splitlines()):
            if line and not line.startswith(("#", '"""')):
                assert html.unescape(line) in cookbook, f"{recipe.name}: {line!r} is not on the cookbook page"

    # the API reference is rendered from the docstrings, reST roles shown as code
    api = (site / "api" / "facade" / "index.html").read_text(encoding="utf-8")
    for anchor in ("ibwire.facade.ib.IB.reqHistoricalData", "ibwire.facade.ib.IB.reqHistoricalDataFuture",
                   "ibwire.facade.ib.IB.connectAsync", "ibwire.facade.ib.IB.placeOrder",
                   "ibwire.facade.ib.IB.bracketOrder", "ibwire.facade.ib.RequestError"):
        assert f'id="{anchor}"' in api, anchor
    client = (site / "api" / "client" / "index.html").read_text(encoding="utf-8")
    assert 'id="ibwire.client.EClient.reqMktData"' in client and 'id="ibwire.wrapper.EWrapper.tickPrice"' in client
    objects = (site / "api" / "objects" / "index.html").read_text(encoding="utf-8")
    assert 'id="ibwire.facade.ticker.Ticker.marketPrice"' in objects and 'id="ibwire.facade.objects.Trade"' in objects
    assert 'id="ibwire.facade.util.df"' in (site / "api" / "util" / "index.html").read_text(encoding="utf-8")
    sim = (site / "api" / "sim" / "index.html").read_text(encoding="utf-8")
    assert 'id="ibwire.sim.Simulator.restart"' in sim
    for page in site.glob("api/*/index.html"):
        assert not re.search(r":(class|meth|func|attr):", text_of(page)), page


def test_a_broken_link_fails_the_build(tmp_path: Path) -> None:
    """The strict build is a check: a link to a page that does not exist fails it."""
    need_docs_packages()
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    with (docs / "index.md").open("a", encoding="utf-8") as f:
        f.write("\nSee [the missing page](no_such_page.md).\n")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: docs\n", f"docs_dir: {docs}\n").replace("  - docs/hooks.py", f"  - {docs}/hooks.py")
    config = config.replace("paths: [.]", f"paths: [{ROOT}]")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    p = build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert p.returncode != 0, p.stderr[-3000:]
    assert "no_such_page.md" in p.stderr, p.stderr[-3000:]


def connecting_examples() -> list[tuple[str, str]]:
    """The pages' Python examples that are complete programs connecting to a gateway: on port 7497 (run
    against a simulator on another port), or to a ``Simulator`` of their own."""
    out = []
    for page in sorted((ROOT / "docs").glob("*.md")):
        for i, m in enumerate(re.finditer(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)):
            code = m.group(1)
            if "connect(" in code and ("7497" in code or "Simulator(" in code) and "..." not in code:
                out.append((f"{page.name}#{i}", code))
    return out


@pytest.mark.parametrize("name,code", connecting_examples(), ids=[n for n, _ in connecting_examples()])
def test_docs_examples_run(name: str, code: str, tmp_path: Path) -> None:
    """Each complete example on the pages runs as written against a simulator (7497 becomes its port)."""
    pytest.importorskip("pandas")
    from ibwire.sim import Simulator

    script = tmp_path / "example.py"
    with Simulator(seed=1) as sim:
        script.write_text(code.replace("7497", str(sim.port)), encoding="utf-8")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
        p = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, env=env,
                           cwd=tmp_path)
    assert p.returncode == 0, f"{name}\n{code}\n--- stderr\n{p.stderr[-3000:]}"
    assert "Traceback" not in p.stderr and p.stdout.strip(), f"{name}: {p.stdout[-2000:]}{p.stderr[-2000:]}"


def test_there_are_examples_to_run() -> None:
    names = [n for n, _ in connecting_examples()]
    assert {n.split("#")[0] for n in names} >= {"index.md", "shapes.md", "facade.md", "migration_ib_async.md",
                                                  "simulator.md"}, names
