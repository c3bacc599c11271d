"""The public surface of whichever ``ibapi`` is first on the path, as JSON on stdout.

Run it with only one ibapi on ``PYTHONPATH`` (an installed official release, an
IB source tree, or compat) and ``TZ=UTC``. It records:

- ``modules``: per module of the package, every public name its ``import *``
  gives (no ``__all__`` in any release, so: every name not starting with ``_``)
  with its kind (``module:<name>``, ``class``, ``function``, or the value's type);
- ``enums``: members of the enum objects (``ibapi.enum_implem.Enum`` instances
  and ``enum.Enum`` classes) of every module;
- ``functions``: the parameters of the functions each module defines;
- ``classes``: for ``EClient`` and ``EWrapper``: public class attributes with
  their repr, public instance attributes of ``EClient(EWrapper())`` with the
  repr of their default (the type name for objects without a stable repr), and
  every public method's parameters ``[name, kind, default repr or null]``;
- ``other_classes``: public members of every other class a module defines, with defaults;
- ``probes``: what the ``ibapi.utils`` helpers return for fixed inputs
  (``repr`` of the result, or ``raise <Exception type>``).

``python surface_dump.py`` prints the JSON; the committed files in
``tests/compat/data/`` were made with ``surface_record.py``.
"""
import enum
import importlib
import inspect
import json
import os
import pkgutil
import sys
import types

import ibapi

PRIMITIVE = (type(None), bool, int, float, str, bytes)


def kind_of(v):
    if isinstance(v, types.ModuleType):
        return "module:" + v.__name__
    if isinstance(v, type):
        return "class"
    if isinstance(v, (types.FunctionType, types.BuiltinFunctionType, types.MethodType, staticmethod)):
        return "function"
    if callable(v):
        return "callable:" + type(v).__name__
    return type(v).__name__


def value_repr(v):
    if isinstance(v, PRIMITIVE) or type(v).__name__ == "Decimal":
        return repr(v)
    if isinstance(v, (list, tuple, dict, set)) and not v:
        return repr(v)
    return "<" + type(v).__name__ + ">"


def params(fn):
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    out = []
    for p in sig.parameters.values():
        default = None if p.default is p.empty else value_repr(p.default)
        out.append([p.name, p.kind.name, default])
    return out


def enum_members(v):
    if isinstance(v, type) and issubclass(v, enum.Enum):
        return {name: repr(m.value) for name, m in v.__members__.items()}  # aliases too
    if type(v).__name__ == "Enum" and type(v).__module__.endswith("enum_implem"):
        return {k: repr(x) for k, x in vars(v).items() if not k.startswith("_") and not callable(x)}
    return None


def class_surface(cls, instance):
    class_attrs, methods = {}, {}
    for name in dir(cls):
        if name.startswith("_"):
            continue
        v = inspect.getattr_static(cls, name)
        if isinstance(v, (staticmethod, classmethod)):
            v = v.__func__
        if isinstance(v, (types.FunctionType, types.BuiltinFunctionType)):
            methods[name] = params(getattr(cls, name))
        elif isinstance(v, property):
            class_attrs[name] = "<property>"
        else:
            class_attrs[name] = value_repr(v)
    inst = {}
    if instance is not None:  # instance attributes and properties, as a program reads them
        for k in dir(instance):
            if k.startswith("_") or k in class_attrs and class_attrs[k] != "<property>":
                continue
            v = getattr(instance, k)
            if not callable(v) or k in vars(instance):
                inst[k] = value_repr(v)
    return {"class_attrs": class_attrs, "instance_attrs": inst, "methods": methods}


def other_classes(mods):
    """Public members of the other classes the package defines: ``module.Class`` -> {name: default repr or
    ``<method>``} (instance attributes of ``Class()`` where it can be made without arguments)."""
    out = {}
    skip = {"EClient", "EWrapper", "TWSSyncWrapper"}
    for m, names in mods.items():
        if "error" in names:
            continue
        mod = importlib.import_module("ibapi." + m)
        for k in names:
            v = getattr(mod, k)
            home = getattr(v, "__module__", "") if isinstance(v, type) else ""
            if k in skip or not (home == "ibapi." + m or home.startswith("ibwire")):
                continue
            if issubclass(v, (enum.Enum, BaseException)) or k.endswith("Proto"):
                continue
            members = {}
            for n in dir(v):
                if n.startswith("_"):
                    continue
                a = inspect.getattr_static(v, n)
                members[n] = "<method>" if callable(a) or isinstance(a, (staticmethod, classmethod)) else value_repr(a)
            try:
                obj = v()
            except Exception:  # noqa: BLE001 - needs arguments: class members only
                obj = None
            if obj is not None:
                for n, a in vars(obj).items():
                    if not n.startswith("_"):
                        members[n] = value_repr(a)
            out[m + "." + k] = members
    return out


def module_names():
    names = sorted(m.name for m in pkgutil.iter_modules(ibapi.__path__) if not m.name.startswith("_"))
    mods, enums, funcs = {}, {}, {}
    for m in names:
        if m in ("protobuf",):  # generated protobuf classes: a package of their own
            continue
        try:
            mod = importlib.import_module("ibapi." + m)
        except Exception as e:  # noqa: BLE001 - recorded, the test reports it
            mods[m] = {"error": repr(e)}
            continue
        out = {}
        for k, v in vars(mod).items():
            if k.startswith("_"):
                continue
            out[k] = kind_of(v)
            home = getattr(v, "__module__", None) or ""
            if out[k] == "function" and (home == "ibapi." + m or home.startswith("ibwire")):
                funcs[m + "." + k] = params(v.__func__ if isinstance(v, staticmethod) else v)
            members = enum_members(v)
            if members is not None:
                enums[m + "." + k] = members
        mods[m] = out
    return mods, enums, funcs


#: (function, args) of ``ibapi.utils`` whose result is recorded; a function missing in a release is skipped
PROBES = [
    ("getTimeStrFromMillis", (1796131968137,)), ("getTimeStrFromMillis", (0,)), ("getTimeStrFromMillis", (-5,)),
    ("getTimeStrFromMillis", (1796131968000,)),
    ("floatMaxString", (1.5,)), ("floatMaxString", (1.7976931348623157e308,)), ("floatMaxString", (None,)),
    ("floatMaxString", (0.1 + 0.2,)), ("floatMaxString", (12345678.123456789,)), ("floatMaxString", (100.0,)),
    ("floatMaxString", (float("inf"),)), ("floatMaxString", (1e-9,)),
    ("intMaxString", (5,)), ("intMaxString", (2147483647,)), ("intMaxString", (None,)),
    ("longMaxString", (5,)), ("longMaxString", (9223372036854775807,)), ("longMaxString", (None,)),
    ("decimalMaxString", ("DEC:1.50",)), ("decimalMaxString", ("DEC:170141183460469231731687303715884105727",)),
    ("decimalMaxString", (None,)), ("decimalMaxString", ("DEC:100",)),
    ("floatToStr", (1.5,)), ("floatToStr", (1.7976931348623157e308,)), ("longToStr", (5,)),
    ("longToStr", (9223372036854775807,)),
    ("isAsciiPrintable", ("abc",)), ("isAsciiPrintable", ("ab\u00e9",)), ("isAsciiPrintable", ("a\tb",)),
    ("isAsciiPrintable", ("a\x01b",)), ("isAsciiPrintable", ("",)),
    ("isValidFloatValue", (1.7976931348623157e308,)), ("isValidFloatValue", (1.0,)),
    ("isValidIntValue", (2147483647,)), ("isValidIntValue", (1,)),
    ("isValidLongValue", (9223372036854775807,)), ("isValidLongValue", (1,)),
    ("isValidDecimalValue", ("DEC:170141183460469231731687303715884105727",)), ("isValidDecimalValue", ("DEC:1",)),
    ("isPegBenchOrder", ("PEG BENCH",)), ("isPegBenchOrder", ("PEGBENCH",)), ("isPegBenchOrder", ("LMT",)),
    ("isPegMidOrder", ("PEG MID",)), ("isPegMidOrder", ("PEGMID",)), ("isPegBestOrder", ("PEG BEST",)),
    ("isPegBestOrder", ("PEGBEST",)),
    ("current_fn_name", ()),
] + [
    ("decode", (t, "FIELDS:" + f) + extra)
    for t, f in (("TYPE:int", ""), ("TYPE:int", "5"), ("TYPE:int", "-3"), ("TYPE:float", ""), ("TYPE:float", "1.5"),
                 ("TYPE:float", "Infinity"), ("TYPE:float", "1.7976931348623157E308"), ("TYPE:bool", "1"),
                 ("TYPE:bool", "0"), ("TYPE:bool", ""), ("TYPE:str", "abc"), ("TYPE:str", "caf\\u00e9"),
                 ("TYPE:Decimal", ""), ("TYPE:Decimal", "1.5"), ("TYPE:Decimal", "2147483647"),
                 ("TYPE:Decimal", "9223372036854775807"), ("TYPE:Decimal", "1.7976931348623157E308"))
    for extra in ((), (True,))
]


def _arg(a):
    from decimal import Decimal

    if isinstance(a, str) and a.startswith("DEC:"):
        return Decimal(a[4:])
    if isinstance(a, str) and a.startswith("TYPE:"):
        return {"int": int, "float": float, "bool": bool, "str": str, "Decimal": Decimal}[a[5:]]
    if isinstance(a, str) and a.startswith("FIELDS:"):
        return iter([a[7:].encode()])
    return a


def probes():
    try:
        from ibapi import utils
    except Exception as e:  # noqa: BLE001
        return {"error": repr(e)}
    out = {}
    for name, args in PROBES:
        fn = getattr(utils, name, None)
        if fn is None:
            continue
        key = name + repr(args)
        try:
            out[key] = repr(fn(*[_arg(a) for a in args]))
        except Exception as e:  # noqa: BLE001
            out[key] = "raise " + type(e).__name__
    return out


def make_wrapper(base, form):
    """A plain EWrapper, or (for compat) one whose ``error`` has the 3-, 4- or 5-argument form of a generation."""
    if form == "3":
        class W(base):
            def error(self, reqId, errorCode, errorString):
                pass
    elif form == "4":
        class W(base):
            def error(self, reqId, errorCode, errorString, advancedOrderRejectJson=""):
                pass
    elif form == "5":
        class W(base):
            def error(self, reqId, errorTime, errorCode, errorString, advancedOrderRejectJson=""):
                pass
    else:
        return base()
    W.__name__ = W.__qualname__ = "EWrapper"  # the default's repr names its class, as the official one's does
    return W()


def main():
    from ibapi.client import EClient
    from ibapi.wrapper import EWrapper

    mods, enums, funcs = module_names()
    try:
        from ibapi import server_versions

        max_client = getattr(server_versions, "MAX_CLIENT_VER", None)
    except Exception:  # noqa: BLE001
        max_client = None
    wrapper = make_wrapper(EWrapper, os.environ.get("SURFACE_ERROR_FORM", ""))
    client = EClient(wrapper)
    out = {
        "version": getattr(ibapi, "__version__", None) or (ibapi.get_version_string() if hasattr(ibapi, "get_version_string") else None),
        "max_client_ver": max_client,
        "modules": mods,
        "enums": enums,
        "functions": funcs,
        "classes": {"EClient": class_surface(EClient, client), "EWrapper": class_surface(EWrapper, wrapper)},
        "other_classes": other_classes(mods),
        "probes": probes(),
    }
    # 10.45+: the blocking wrapper (its methods; its instance state is its own business). Only from this package:
    # an editable install elsewhere may answer for a module this package lacks
    if "sync_wrapper" in mods and "error" not in mods["sync_wrapper"]:
        from ibapi.sync_wrapper import TWSSyncWrapper

        out["classes"]["TWSSyncWrapper"] = class_surface(TWSSyncWrapper, None)
    json.dump(out, sys.stdout, indent=None, sort_keys=True)


if __name__ == "__main__":
    main()
