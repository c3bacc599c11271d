"""Regenerate ibwire/protocol/proto/*_pb2.py(i) from the .proto schema.

Usage (from the repository root)::

    python scripts/gen_proto.py

The generated modules are committed, so users never need protoc; rerun this
after editing a .proto. It installs its own pinned ``grpcio-tools`` (which
bundles ``protoc``) into ``build/`` with ``pip install --target`` and runs it
from there, apart from whatever protobuf this environment has.

Why the pin: generated modules call protobuf's runtime version check at import
and refuse any runtime older than the protoc that made them. ibwire supports
protobuf >= 5.29.5 (the official client's floor), so the modules must come from
a protoc of the 29.x line (gencode "5.29.0"); grpcio-tools 1.69-1.71 bundle
protoc 29.0, 1.72 and later a newer one whose modules would demand protobuf 6
or 7. Newer runtimes accept 5.29 gencode (6.30 and 6.31 with a warning, 6.32
and later silently). The exact pin also makes a rerun reproduce the committed
files byte for byte.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROTO_DIR = ROOT / "ibwire" / "protocol" / "proto"
#: the generator; see the module docstring before changing it
GRPCIO_TOOLS = "grpcio-tools==1.71.2"
#: the protobuf version the generated modules must name (protoc 29.0)
GENCODE_VERSION = "5.29.0"
TOOLS_DIR = ROOT / "build" / f"gen_proto-{GRPCIO_TOOLS.replace('==', '-')}-py{sys.version_info[0]}.{sys.version_info[1]}"


def tools() -> pathlib.Path:
    """The directory holding the pinned grpcio-tools (and its own protobuf), installed on first use."""
    if not (TOOLS_DIR / "grpc_tools" / "protoc.py").exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--target",
             str(TOOLS_DIR), GRPCIO_TOOLS],
            check=True,
        )
    return TOOLS_DIR


def main() -> int:
    files = sorted(str(p.relative_to(ROOT)) for p in PROTO_DIR.glob("*.proto"))
    for old in PROTO_DIR.glob("*_pb2.py*"):
        old.unlink()
    args = ["protoc", f"-I{ROOT}", f"--python_out={ROOT}", f"--pyi_out={ROOT}", *files]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(tools())
    # -S: only the pinned directory, never this environment's grpc_tools or protobuf
    rc = subprocess.run(
        [sys.executable, "-S", "-c", "import sys; from grpc_tools import protoc; sys.exit(protoc.main(sys.argv[1:]))",
         *args],
        cwd=ROOT, env=env,
    ).returncode
    if rc != 0:
        return rc
    made = sorted(PROTO_DIR.glob("*_pb2.py"))
    wrong = [p.name for p in made if f"# Protobuf Python Version: {GENCODE_VERSION}\n" not in p.read_text()]
    if wrong:
        print(f"expected gencode {GENCODE_VERSION}, other in: {', '.join(wrong[:5])}", file=sys.stderr)
        return 1
    print(f"generated {len(made)} modules (gencode {GENCODE_VERSION}) in {PROTO_DIR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
