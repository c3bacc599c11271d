"""Public names of every module of whichever ``ibapi`` is on the path, with their kind, as JSON."""
import importlib, json, sys, pkgutil, types
import ibapi
out = {}
for m in sorted(x.name for x in pkgutil.iter_modules(ibapi.__path__)):
    try:
        mod = importlib.import_module("ibapi." + m)
    except Exception as e:
        out[m] = {"error": repr(e)}; continue
    names = {}
    for k, v in vars(mod).items():
        if k.startswith("_"): continue
        kind = "module" if isinstance(v, types.ModuleType) else "class" if isinstance(v, type) else "function" if callable(v) else type(v).__name__
        names[k] = kind
    out[m] = names
print(json.dumps(out))
