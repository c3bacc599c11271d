"""Record the public surface of every ibapi generation into ``tests/compat/data/surface_<name>.json``.

Run once by hand when a source is added (the tests read the recorded files and
need neither the IB source trees nor every installed release)::

    IBWIRE_ORACLE_DIR=/work/main/.oracle python tests/oracle/surface_record.py [--src NAME=DIR ...]

Sources:

- the official packages installed by ``tests/oracle`` (``v981`` ... ``latest``);
- IB source trees given as ``--src NAME=DIR`` (``DIR`` holds the ``ibapi``
  package): for releases the package index lacks, taken from IB's own history
  as mirrored in public repositories (see ``SOURCES`` for the ones recorded).

Each file holds what ``surface_dump.py`` prints, plus ``source`` (where the
package came from). A source whose surface equals the previous one's (apart
from its version) is not written again.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = ROOT / "tests" / "compat" / "data"
sys.path.insert(0, str(HERE.parent))

from oracle import oracle_dir, oracle_python  # noqa: E402

#: the installed official packages, oldest first
INSTALLED = ["v981", "v1019", "v1020", "v1030", "v1037", "v1045", "v1050", "latest"]

#: IB source trees recorded from public mirrors (name -> where it came from). Not recorded: the vendored
#: 10.28.2 in aixohub/aixohub-trading (edited by its owner: its ibapi/__init__.py does not import), and the
#: 10.34/10.35 tree (MAX_CLIENT_VER 201) in tusharxoxoxo/traderworkstation (no snapshot could be had), the 10.32
#: copy in saltzmanjoelh/ibapi 03d9dc4 (incomplete: no const.py, order_cancel.py, ineligibility_reason.py).
#: Cross-checks (same surface, not recorded twice): IB's 10.30.1 tree in Napo2k/qtrad e99b3c8 equals the
#: installed 10.30.1; the 10.22 copy in dycw/ibapi b20c05e equals ib-s177
SOURCES = {
    "ib-s163": "quantrocket-llc/ibapi c815d745 source/pythonclient (IB history, MAX_CLIENT_VER 163, 10.10)",
    "ib-s164": "quantrocket-llc/ibapi 74a41e97 source/pythonclient (MAX_CLIENT_VER 164)",
    "ib-s165": "quantrocket-llc/ibapi 2eb1f439 source/pythonclient (MAX_CLIENT_VER 165)",
    "ib-s166": "quantrocket-llc/ibapi 6469fba6 source/pythonclient (MAX_CLIENT_VER 166, advanced order reject)",
    "ib-s167": "quantrocket-llc/ibapi 6a134a32 source/pythonclient (MAX_CLIENT_VER 167)",
    "ib-s169": "quantrocket-llc/ibapi 46ca0dc0 source/pythonclient (MAX_CLIENT_VER 169)",
    "ib-s170": "quantrocket-llc/ibapi b3f6c3de source/pythonclient (MAX_CLIENT_VER 170)",
    "ib-s171": "quantrocket-llc/ibapi d7d8e51b source/pythonclient (MAX_CLIENT_VER 171)",
    "ib-s172": "quantrocket-llc/ibapi 46bf72f3 source/pythonclient (MAX_CLIENT_VER 172)",
    "ib-s173": "quantrocket-llc/ibapi d5a189ea source/pythonclient (MAX_CLIENT_VER 173)",
    "ib-s174": "quantrocket-llc/ibapi bc2e2f7a source/pythonclient (MAX_CLIENT_VER 174)",
    "ib-s175": "quantrocket-llc/ibapi 6777d62b source/pythonclient (MAX_CLIENT_VER 175)",
    "ib-s176": "quantrocket-llc/ibapi 28bbfd89 source/pythonclient (MAX_CLIENT_VER 176)",
    "ib-s177": "quantrocket-llc/ibapi 5cb24aea source/pythonclient (MAX_CLIENT_VER 177, FA profiles desupport)",
    "v1033": "tes23/ibkr 8928961 ibapi (a vendored copy of 10.33.2, MAX_CLIENT_VER 195)",
    "v1041": "saltzmanjoelh/ibapi cf0d0f5 ibapi (a copy of 10.41, MAX_CLIENT_VER 217)",
    "v1042": "saltzmanjoelh/ibapi 2d54623 ibapi (a copy of 10.42, MAX_CLIENT_VER 218)",
}


def dump(path: str) -> dict:
    # as the oracles run (-S: no site-packages, so no editable install answering for modules a release lacks);
    # a source tree takes its dependencies (protobuf) from the newest installed release, behind its own ibapi
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PYTHONPATH=os.pathsep.join([path, str(oracle_dir("latest"))]), TZ="UTC")
    p = subprocess.run([*oracle_python(), "-B", str(HERE / "surface_dump.py")], capture_output=True, text=True,
                       env=env, timeout=300, cwd=str(HERE))
    if p.returncode != 0:
        raise RuntimeError(f"surface_dump failed for {path}:\n{p.stderr[-3000:]}")
    return json.loads(p.stdout)  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", action="append", default=[], help="NAME=DIR of an IB source tree (DIR holds ibapi/)")
    ap.add_argument("--installed", action="store_true", help="also record the installed official packages")
    a = ap.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    jobs = [(n, str(oracle_dir(n)), f"official package ({n})") for n in INSTALLED] if a.installed else []
    for spec in a.src:
        name, _, d = spec.partition("=")
        jobs.append((name, d, SOURCES.get(name, d)))
    previous = None
    for name, path, source in jobs:
        surface = dump(path)
        same = {k: v for k, v in surface.items() if k not in ("version", "max_client_ver")}
        if same == previous:
            print(f"{name}: same surface as the previous source, not written")
            continue
        previous = same
        surface["source"] = source
        out = DATA / f"surface_{name}.json"
        out.write_text(json.dumps(surface, sort_keys=True, indent=0) + "\n")
        print(f"{name}: {out.relative_to(ROOT)} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
