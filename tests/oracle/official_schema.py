"""Oracle script: print the official protobuf schema (messages, fields, numbers, types, oneofs) as JSON."""

import importlib
import json
import pkgutil

import ibapi.protobuf as P
from schema_dump import dump

print(json.dumps(dump(importlib.import_module("ibapi.protobuf." + m.name) for m in pkgutil.iter_modules(P.__path__))))
