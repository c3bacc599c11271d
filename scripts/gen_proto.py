"""Regenerate ibwire/protocol/proto/*_pb2.py(i) from the .proto schema.

Usage (from the repository root, with the ``dev`` extra installed)::

    python scripts/gen_proto.py

Needs ``grpcio-tools`` (it bundles ``protoc``). The generated modules are
committed, so users never need protoc; rerun this after editing a .proto.
"""

from __future__ import annotations

import pathlib
import sys

from grpc_tools import protoc

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROTO_DIR = ROOT / "ibwire" / "protocol" / "proto"


def main() -> int:
    files = sorted(str(p.relative_to(ROOT)) for p in PROTO_DIR.glob("*.proto"))
    for old in PROTO_DIR.glob("*_pb2.py*"):
        old.unlink()
    args = ["protoc", f"-I{ROOT}", f"--python_out={ROOT}", f"--pyi_out={ROOT}", *files]
    rc = protoc.main(args)
    if rc == 0:
        print(f"generated {len(files)} modules in {PROTO_DIR.relative_to(ROOT)}")
    return int(rc)


if __name__ == "__main__":
    sys.exit(main())
