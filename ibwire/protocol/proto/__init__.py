"""Generated protobuf modules of the TWS API schema (``scripts/gen_proto.py``). Do not edit."""
