"""Oracle script: build official data objects and report their defaults and text forms.

stdin: JSON list of [module, class, {attr: [type, value]}]. For each, prints
[defaults, str(obj with attrs set)] where defaults maps attr -> [type, repr].
"""

import importlib
import json
import sys
from decimal import Decimal


def val(spec):
    t, v = spec
    return {"int": int, "str": str, "bool": bool, "none": lambda _: None, "float": float, "Decimal": Decimal}[t](v)


def desc(v):
    if isinstance(v, (list, dict)) or v is None or isinstance(v, (bool, int, float, str, Decimal)):
        return [type(v).__name__, repr(v)]
    return [type(v).__name__, "<object>"]


out = []
for mod, cls, attrs in json.load(sys.stdin):
    C = getattr(importlib.import_module("ibapi." + mod), cls)
    o = C()
    defaults = {k: desc(v) for k, v in vars(o).items()}
    for k, spec in attrs.items():
        setattr(o, k, val(spec))
    out.append([defaults, str(o)])
print(json.dumps(out))
