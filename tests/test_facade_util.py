"""ibwire.facade.util: every function of ib_async 2.1's util, same meaning, on threads.

The differential part runs ib_async (installed apart, see tests/oracle) in a subprocess on the same
inputs and compares what each gives; the differences we keep on purpose are listed and asserted
both ways. Waits are checked against instants computed from the clock, never against luck.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import datetime as dt
import enum
import json
import logging
import math
import os
import signal
import subprocess
import sys
import threading
import time
import zoneinfo
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from conftest import wait_until
from oracle import oracle_dir, oracle_python

from ibwire.facade import util
from ibwire.facade._data import DataMixin
from ibwire.facade._time import (UnknownTimeZoneError, bar_date, epoch_datetime, formatIBDatetime, ib_time,
                                 parseIBDatetime, to_ib_datetime, tws_timezone, zone_of_conn_time)
from ibwire.model import BarData

UTC = dt.timezone.utc
ET = zoneinfo.ZoneInfo("America/New_York")

#: the public functions of ib_async 2.1's util (the brief's list)
IB_ASYNC_UTIL = ("allowCtrlC barplot dataclassAsDict dataclassAsTuple dataclassNonDefaults dataclassRepr "
                 "dataclassUpdate df formatIBDatetime formatSI getLoop isNan isnamedtupleinstance logToConsole "
                 "logToFile parseIBDatetime patchAsyncio run schedule sleep startLoop timeRange timeRangeAsync "
                 "timeit tree useQt waitUntil waitUntilAsync").split()


def ib_async(code: str, payload: Any) -> Any:
    """Run ``code`` with ib_async importable (only it: ``python -S``), ``payload`` as JSON on stdin; its
    JSON stdout back."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(oracle_dir("ib_async"))
    p = subprocess.run([*oracle_python(), "-B", "-c", code], input=json.dumps(payload), capture_output=True,
                       text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout)


# ------------------------------------------------------------------------------------------ names


def test_every_util_function_of_ib_async_is_here() -> None:
    theirs = ib_async("import json, inspect, sys\nfrom ib_async import util\n"
                      "print(json.dumps(sorted(n for n, v in vars(util).items() if not n.startswith('_') and "
                      "(inspect.isfunction(v) or inspect.isclass(v)) and v.__module__ == util.__name__)))", None)
    assert sorted(IB_ASYNC_UTIL) == theirs
    missing = [n for n in theirs if not callable(getattr(util, n, None)) or n not in util.__all__]
    assert missing == []


def test_loop_plumbing_is_harmless_and_documented() -> None:
    assert set(util.ASYNCIO_PLUMBING) == {"startLoop", "patchAsyncio", "useQt"}
    for name, equivalent in util.ASYNCIO_PLUMBING.items():
        fn = getattr(util, name)
        assert fn.__doc__ and "ASYNCIO_PLUMBING" in fn.__doc__ and len(equivalent) > 40
    util.startLoop()
    util.patchAsyncio()
    util.useQt("PySide6")
    # nothing here imports nest_asyncio or needs a loop at import
    p = subprocess.run([sys.executable, "-c", "import sys, ibwire.facade.util as u; u.startLoop(); u.patchAsyncio(); "
                        "print('nest_asyncio' in sys.modules)"], capture_output=True, text=True, timeout=60,
                       cwd=str(Path(__file__).resolve().parents[1]))
    assert p.stdout.strip() == "False", p.stderr
    with pytest.raises(RuntimeError, match="Unknown Qt library"):
        util.useQt("Tk")


# ------------------------------------------------------------------------ differential: parse/format

PARSE_INPUTS = [
    "20241122", "20240229", "20230229", "00000000", "12345678", "abcdefgh", "2024112", "0", "1700000000",
    "1700000000123", "99999999999999999999", "-1700", "", " ", "abc", " 20241122", "20241122 ",
    "20241122 09:30:00", "20241122  09:30:00", "20241122 9:30:00", "20241122 09:30", "20241122 24:00:00",
    "2024-11-22 09:30:00.0", "2024-11-22 09:30:00",
    "20241122 09:30:00 US/Eastern", "20241122 09:30:00 America/New_York", "20241122 09:30:00 EST",
    "20241122 09:30:00 EST5EDT", "20241122 09:30:00 Etc/UTC", "20241122 09:30:00 UTC", "20241122 09:30:00 GMT",
    "20241122 09:30:00 MET", "20241122 09:30:00 Japan", "20241122 09:30:00 Etc/GMT+5",
    "20241122 23:59:59 Asia/Hong_Kong", "20240310 02:30:00 US/Eastern", "20241103 01:30:00 US/Eastern",
    "20241122 09:30:00 Foo/Bar", "20241122 09:30:00 ../etc", "20241122-14:30:00", "20241122-14:30:00 UTC",
    "20241122  09:30:00 US/Eastern", "20241122 09:30:00  US/Eastern", "20241122 09:30:00 CST",
    "20241122 09:30:00 PST", "2024-11-22 09:30:00 UTC",
]

#: where we answer on purpose otherwise than ib_async (it drops a zone the string states, or cannot
#: read a zone a TWS uses): input -> our answer
PARSE_DIFFERENCES: dict[str, Any] = {
    "20241122-14:30:00": dt.datetime(2024, 11, 22, 14, 30, tzinfo=UTC),
    "20241122-14:30:00 UTC": dt.datetime(2024, 11, 22, 14, 30, tzinfo=zoneinfo.ZoneInfo("UTC")),
    "20241122  09:30:00 US/Eastern": dt.datetime(2024, 11, 22, 9, 30, tzinfo=zoneinfo.ZoneInfo("US/Eastern")),
    "20241122 09:30:00  US/Eastern": dt.datetime(2024, 11, 22, 9, 30, tzinfo=zoneinfo.ZoneInfo("US/Eastern")),
    "20241122 09:30:00 CST": dt.datetime(2024, 11, 22, 9, 30, tzinfo=zoneinfo.ZoneInfo("America/Chicago")),
    "20241122 09:30:00 PST": dt.datetime(2024, 11, 22, 9, 30, tzinfo=zoneinfo.ZoneInfo("America/Los_Angeles")),
    "2024-11-22 09:30:00 UTC": dt.datetime(2024, 11, 22, 9, 30, tzinfo=zoneinfo.ZoneInfo("UTC")),
}

PARSE_SCRIPT = r"""
import json, sys
from ib_async import util
out = []
for s in json.load(sys.stdin):
    try:
        v = util.parseIBDatetime(s)
        out.append(["ok", repr(v), v.isoformat()])
    except Exception as e:
        out.append(["raise", type(e).__name__, str(e)])
print(json.dumps(out))
"""


def test_parseIBDatetime_matches_ib_async() -> None:
    theirs = ib_async(PARSE_SCRIPT, PARSE_INPUTS)
    assert len(theirs) == len(PARSE_INPUTS)
    compared = 0
    for s, (kind, shown, iso) in zip(PARSE_INPUTS, theirs):
        if s in PARSE_DIFFERENCES:
            ours = parseIBDatetime(s)
            want = PARSE_DIFFERENCES[s]
            assert isinstance(ours, dt.datetime) and ours == want, s
            assert str(ours.tzinfo) == str(want.tzinfo), s
            # and ib_async really answers otherwise (naive, or raising)
            assert kind == "raise" or "tzinfo" not in shown, (s, shown)
            continue
        if kind == "raise":
            with pytest.raises(ValueError):  # ours: always a ValueError (ZoneInfoNotFoundError for zones too)
                parseIBDatetime(s)
            if shown == "ZoneInfoNotFoundError":
                with pytest.raises(zoneinfo.ZoneInfoNotFoundError):
                    parseIBDatetime(s)
        else:
            ours = parseIBDatetime(s)
            assert (repr(ours), ours.isoformat()) == (shown, iso), s
        compared += 1
    assert compared >= 35


def test_parse_each_form_ib_sends() -> None:
    assert parseIBDatetime("20241122") == dt.date(2024, 11, 22)
    assert type(parseIBDatetime("20241122")) is dt.date
    assert parseIBDatetime("20241122  09:30:00") == dt.datetime(2024, 11, 22, 9, 30)
    naive = parseIBDatetime("20241122 09:30:00")
    assert isinstance(naive, dt.datetime) and naive.tzinfo is None
    eastern = parseIBDatetime("20241122 09:30:00 US/Eastern")
    assert isinstance(eastern, dt.datetime) and eastern.astimezone(UTC) == dt.datetime(2024, 11, 22, 14, 30,
                                                                                           tzinfo=UTC)
    assert parseIBDatetime("20241122-14:30:00") == eastern
    assert parseIBDatetime("1700000000") == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    # summer: the region's daylight time
    summer = parseIBDatetime("20240701 09:30:00 US/Eastern")
    assert isinstance(summer, dt.datetime) and summer.utcoffset() == dt.timedelta(hours=-4)
    with pytest.raises(UnknownTimeZoneError):
        parseIBDatetime("20241122 09:30:00 Nowhere/Special")


FORMAT_INPUTS = [
    "None", "''", "'20241122 09:30:00'", "' 20241122 '", "'20241122-14:30:00'", "dt.date(2024, 11, 22)",
    "dt.date(2024, 7, 1)", "dt.datetime(2024, 11, 22, 9, 30)", "dt.datetime(2024, 11, 22, 9, 30, 15, 999999)",
    "dt.datetime(2024, 11, 22, 9, 30, tzinfo=dt.timezone.utc)",
    "dt.datetime(2024, 11, 22, 9, 30, tzinfo=ZoneInfo('US/Eastern'))",
    "dt.datetime(2024, 7, 1, 9, 30, tzinfo=ZoneInfo('US/Eastern'))",
    "dt.datetime(2024, 11, 22, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))",
    "dt.datetime(2024, 11, 22, 0, 30, tzinfo=ZoneInfo('Asia/Tokyo'))",
    "dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)",
]

VALUE_SCRIPT = r"""
import json, sys, datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo
from dataclasses import dataclass, field
from ib_async import util
nan = float('nan'); inf = float('inf')
fn, exprs, prelude = json.load(sys.stdin)
exec(prelude)
out = []
for e in exprs:
    try:
        out.append(["ok", repr(getattr(util, fn)(eval(e)))])
    except Exception as x:
        out.append(["raise", type(x).__name__])
print(json.dumps(out))
"""


def ours_on(fn: str, exprs: list[str], prelude: str = "") -> list[list[str]]:
    scope: dict[str, Any] = {"dt": dt, "Decimal": Decimal, "ZoneInfo": zoneinfo.ZoneInfo, "nan": math.nan,
                             "inf": math.inf, "dataclass": dataclasses.dataclass, "field": dataclasses.field}
    exec(prelude, scope)
    out: list[list[str]] = []
    for e in exprs:
        try:
            out.append(["ok", repr(getattr(util, fn)(eval(e, scope)))])
        except Exception as x:  # noqa: BLE001
            out.append(["raise", type(x).__name__])
    return out


def test_formatIBDatetime_matches_ib_async() -> None:
    theirs = ib_async(VALUE_SCRIPT, ["formatIBDatetime", FORMAT_INPUTS, ""])
    assert ours_on("formatIBDatetime", FORMAT_INPUTS) == theirs
    assert formatIBDatetime(dt.datetime(2024, 11, 22, 9, 30, tzinfo=ET)) == "20241122 14:30:00 UTC"


SI_INPUTS = ["0", "1", "7", "999", "1000", "1001", "1234", "999999", "1000000", "123456789", "0.0", "1.0", "0.5",
             "12.345", "999.4", "999.5", "999.9999", "0.001", "0.000999", "1e-9", "1e-21", "1e-22", "1e-23",
             "1.5e-24", "1e24", "1e26", "9.98e26", "-1234.5", "-0.25", "-1e6", "True", "Decimal('0.5')",
             "10**12", "2**31 - 1", "1.7976931348623157e+20", "3.14159"]
#: ib_async: negative integers below 1000 lose their sign (it prints "5 " for -5); NaN, infinities and values
#: from 1000 Y up fail an assertion; Decimals (ibwire's sizes) raise TypeError
SI_DIFFERENCES = {"-5": "'-5 '", "-999": "'-999 '", "nan": "'nan '", "inf": "'inf '", "-inf": "'-inf '",
                  "1e27": "'1000 Y'", "5e30": "'5000000 Y'", "Decimal('1234')": "'1.23 k'"}


def test_formatSI_matches_ib_async() -> None:
    theirs = ib_async(VALUE_SCRIPT, ["formatSI", SI_INPUTS + list(SI_DIFFERENCES), ""])
    ours = ours_on("formatSI", SI_INPUTS + list(SI_DIFFERENCES))
    assert ours[:len(SI_INPUTS)] == theirs[:len(SI_INPUTS)]
    for (expr, want), mine, other in zip(SI_DIFFERENCES.items(), ours[len(SI_INPUTS):], theirs[len(SI_INPUTS):]):
        assert mine == ["ok", want], expr
        assert other != mine, expr  # ib_async really differs there
    assert util.formatSI(1234) == "1.23 k" and util.formatSI(0.0005) == "500 u"


NAN_INPUTS = ["nan", "inf", "-inf", "0.0", "-0.0", "1e308", "1.7976931348623157e308", "0", "Decimal('NaN')",
              "Decimal('1.5')", "float('nan') * 0", "inf - inf"]


def test_isNan_matches_ib_async() -> None:
    theirs = ib_async(VALUE_SCRIPT, ["isNan", NAN_INPUTS, ""])
    assert ours_on("isNan", NAN_INPUTS) == theirs
    assert [r[1] for r in theirs].count("True") == 4


DATACLASS_PRELUDE = """
@dataclass
class Simple:
    symbol: str = ''
    conId: int = 0
    price: float = nan
    size: float = nan
    note: object = None
    tags: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    flag: bool = False

@dataclass
class Required:
    name: str
    count: int = 3
"""
#: inputs on which the two default rules agree (NaN/None/empty defaults, plain values)
REPR_INPUTS = ["Simple()", "Simple(symbol='AAPL')", "Simple(conId=265598, price=1.5)", "Simple(price=nan)",
               "Simple(size=0.0)", "Simple(tags=[1, 2])", "Simple(tags=[])", "Simple(extra={'a': 1})",
               "Simple(note='x', flag=True)", "Simple(symbol='a\\'b', price=-0.0)", "Required('x')",
               "Required('x', 4)", "Simple(price=inf, size=1e308)"]


def test_dataclassRepr_matches_ib_async() -> None:
    theirs = ib_async(VALUE_SCRIPT, ["dataclassRepr", REPR_INPUTS, DATACLASS_PRELUDE])
    ours = ours_on("dataclassRepr", REPR_INPUTS, DATACLASS_PRELUDE)
    assert ours == theirs
    assert theirs[0] == ["ok", "'Simple()'"] and theirs[2] == ["ok", "'Simple(conId=265598, price=1.5)'"]


def test_dataclassNonDefaults_where_ib_async_hides_real_values() -> None:
    """ib_async drops every None and NaN even when the default is a number, and shows default_factory
    fields holding a fresh default; ours compares with the default."""
    prelude = DATACLASS_PRELUDE + """
@dataclass
class Inner:
    x: int = 0

@dataclass
class Odd:
    qty: float = 0.0
    limit: object = 5
    inner: Inner = field(default_factory=Inner)
"""
    exprs = ["Odd(qty=nan)", "Odd(limit=None)", "Odd()", "Odd(inner=Inner(1))"]
    theirs = ib_async(VALUE_SCRIPT, ["dataclassRepr", exprs, prelude])
    assert ours_on("dataclassRepr", exprs, prelude) == [
        ["ok", "'Odd(qty=nan)'"], ["ok", "'Odd(limit=None)'"], ["ok", "'Odd()'"],
        ["ok", "'Odd(inner=Inner(x=1))'"]]
    assert theirs == [["ok", "'Odd(inner=Inner(x=0))'"]] * 3 + [["ok", "'Odd(inner=Inner(x=1))'"]]


# --------------------------------------------------------------------------------------- _time helpers


def test_tws_timezone() -> None:
    assert tws_timezone("US/Eastern") == zoneinfo.ZoneInfo("US/Eastern")
    assert tws_timezone("America/New_York") == ET
    for name in ("EST", "EDT", "est", " Eastern Standard Time "):
        z = tws_timezone(name)
        assert z == ET, name
        assert dt.datetime(2024, 7, 1, 12, tzinfo=z).utcoffset() == dt.timedelta(hours=-4)
    assert tws_timezone("CST") == zoneinfo.ZoneInfo("America/Chicago")
    assert tws_timezone("China Standard Time") == zoneinfo.ZoneInfo("Asia/Shanghai")
    assert tws_timezone("Etc/UTC") == zoneinfo.ZoneInfo("Etc/UTC")
    assert dt.datetime(2024, 1, 1, tzinfo=tws_timezone("UTC")).utcoffset() == dt.timedelta(0)
    assert tws_timezone("Etc/GMT+5") == zoneinfo.ZoneInfo("Etc/GMT+5")
    assert tws_timezone("CET") == zoneinfo.ZoneInfo("CET")
    assert tws_timezone("GMT+08:00") == dt.timezone(dt.timedelta(hours=8))
    assert tws_timezone("UTC-5") == dt.timezone(dt.timedelta(hours=-5))
    assert tws_timezone("+0530") == dt.timezone(dt.timedelta(hours=5, minutes=30))
    assert tws_timezone("Nowhere", default=UTC) is UTC and tws_timezone("", default=ET) is ET
    for bad in ("", "Nowhere/Special", "UTC+99", "../../etc/passwd"):
        with pytest.raises(UnknownTimeZoneError) as info:
            tws_timezone(bad)
        assert isinstance(info.value, ValueError) and isinstance(info.value, zoneinfo.ZoneInfoNotFoundError)


def test_zone_of_conn_time() -> None:
    assert zone_of_conn_time("20241122 09:30:00 EST") == ET
    assert zone_of_conn_time("20241122 09:30:00 China Standard Time") == zoneinfo.ZoneInfo("Asia/Shanghai")
    assert zone_of_conn_time("20241122 09:30:00") is None
    assert zone_of_conn_time("20241122 09:30:00 Nowhere") is None
    assert zone_of_conn_time(None) is None and zone_of_conn_time("") is None


def test_to_ib_datetime() -> None:
    assert to_ib_datetime(None) == "" and to_ib_datetime("") == ""
    assert to_ib_datetime(" 20241122-14:30:00 ") == "20241122-14:30:00"
    assert to_ib_datetime(dt.datetime(2024, 11, 22, 9, 30, tzinfo=ET)) == "20241122 14:30:00 UTC"
    assert to_ib_datetime(dt.datetime(2024, 7, 1, 9, 30, tzinfo=ET)) == "20240701 13:30:00 UTC"
    # naive values: in the zone given (the TWS's), else local time as ib_async
    assert to_ib_datetime(dt.datetime(2024, 11, 22, 9, 30), ET) == "20241122 14:30:00 UTC"
    assert to_ib_datetime(dt.date(2024, 11, 22), ET) == "20241123 04:59:59 UTC"
    local = dt.datetime(2024, 11, 22, 9, 30).astimezone(UTC).strftime("%Y%m%d %H:%M:%S UTC")
    assert to_ib_datetime(dt.datetime(2024, 11, 22, 9, 30)) == local == formatIBDatetime(dt.datetime(2024, 11, 22,
                                                                                                     9, 30))
    # what it makes reads back to the same instant
    t = dt.datetime(2024, 3, 10, 6, 59, 59, tzinfo=UTC)
    assert parseIBDatetime(to_ib_datetime(t.astimezone(ET))) == t


def test_bar_date_per_formatDate() -> None:
    assert bar_date("20241122", 1) == dt.date(2024, 11, 22) and bar_date("20241122", 2) == dt.date(2024, 11, 22)
    intraday = bar_date("20241122 09:30:00 US/Eastern", 1)
    assert isinstance(intraday, dt.datetime) and intraday.tzinfo == zoneinfo.ZoneInfo("US/Eastern")
    epoch = bar_date("1732285800", 2)
    assert isinstance(epoch, dt.datetime) and epoch == intraday and epoch.tzinfo is UTC
    old = bar_date("20241122  09:30:00", 1)
    assert isinstance(old, dt.datetime) and old.tzinfo is None  # ib_async's answer without a zone
    assert bar_date("20241122  09:30:00", 1, ET) == intraday  # with the TWS zone
    named = bar_date("20241122 09:30:00 US/Eastern", 1, UTC)  # a zone the server names wins
    assert isinstance(named, dt.datetime) and named.tzinfo == zoneinfo.ZoneInfo("US/Eastern")
    assert bar_date(" 20241122 ", 1) == dt.date(2024, 11, 22)
    with pytest.raises(ValueError):
        bar_date("20241122", 3)
    with pytest.raises(ValueError):
        bar_date("yesterday", 1)


def test_epoch_datetime() -> None:
    assert epoch_datetime(1700000000) == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert epoch_datetime("1700000000").tzinfo is UTC
    assert epoch_datetime(1700000000, ET).tzinfo is ET and epoch_datetime(1700000000, ET).hour == 17
    rt = epoch_datetime("1348075471534", millis=True)  # an RT_VOLUME tick's milliseconds
    assert rt == dt.datetime(2012, 9, 19, 17, 24, 31, 534000, tzinfo=UTC)
    assert epoch_datetime("1700000000.5").microsecond == 500000
    for bad in ("", "x", "1e400", "99999999999999999999"):
        with pytest.raises(ValueError):
            epoch_datetime(bad)


def test_ib_time() -> None:
    eastern = dt.datetime(2024, 11, 22, 14, 30, tzinfo=UTC)
    assert ib_time("20241122 09:30:00 US/Eastern") == eastern
    assert ib_time("20241122 09:30:00 US/Eastern").tzinfo is UTC
    assert ib_time("20241122 09:30:00 US/Eastern", to=None).tzinfo == zoneinfo.ZoneInfo("US/Eastern")
    assert ib_time("20241122  09:30:00", ET) == eastern  # naive: in the TWS zone
    assert ib_time("20241122  09:30:00") == dt.datetime(2024, 11, 22, 9, 30).astimezone()  # else local
    assert ib_time("20241122-14:30:00") == eastern
    assert ib_time("20241122", ET, to=ET) == dt.datetime(2024, 11, 22, tzinfo=ET)
    with pytest.raises(ValueError):
        ib_time("soon")


# ---------------------------------------------------------------------------------- dataclass helpers


@dataclasses.dataclass(repr=False)
class Quote(DataMixin):
    symbol: str = ""
    bid: float = math.nan
    ask: float = math.nan
    size: Decimal = Decimal(0)
    ticks: list[int] = dataclasses.field(default_factory=list)


class Pos(NamedTuple):
    account: str
    position: float


def test_dataclass_helpers_and_mixin() -> None:
    q = Quote("AAPL", bid=1.5)
    assert repr(q) == "Quote(symbol='AAPL', bid=1.5)" and str(q) == repr(q)
    assert q.dict() == {"symbol": "AAPL", "bid": 1.5, "ask": q.ask, "size": Decimal(0), "ticks": []}
    assert q.tuple()[:2] == ("AAPL", 1.5) and math.isnan(q.tuple()[2])
    assert q.nonDefaults() == {"symbol": "AAPL", "bid": 1.5}
    assert q.update(ask=1.6, ticks=[1]) is q and q.ask == 1.6 and q.ticks == [1]
    assert repr(q) == "Quote(symbol='AAPL', bid=1.5, ask=1.6, ticks=[1])"
    q.update(Quote(size=Decimal(3)))
    assert repr(q) == "Quote(size=Decimal('3'))"  # every field of the source, defaults included
    assert repr(Quote(bid=math.nan)) == "Quote()"  # NaN where the default is NaN is a default
    assert util.dataclassAsDict(q) == q.dict() and util.dataclassAsTuple(q) == q.tuple()
    for fn in (util.dataclassAsDict, util.dataclassAsTuple, util.dataclassNonDefaults, util.dataclassRepr):
        with pytest.raises(TypeError):
            fn(Pos("a", 1.0))
        with pytest.raises(TypeError):
            fn(Quote)  # the class, not an instance

    @dataclasses.dataclass(frozen=True)
    class Frozen:
        a: int = 0
    f = Frozen()
    assert util.dataclassUpdate(f, a=5) is f and f.a == 5
    assert util.dataclassRepr(BarData(date="20241122", close=1.5)) == "BarData(date='20241122', close=1.5)"


def test_isnamedtupleinstance() -> None:
    assert util.isnamedtupleinstance(Pos("a", 1.0))
    assert not util.isnamedtupleinstance(("a", 1.0))
    assert not util.isnamedtupleinstance(Pos)
    assert not util.isnamedtupleinstance(Quote())

    class Sub(Pos):
        pass
    assert util.isnamedtupleinstance(Sub("a", 1.0))  # one base, fields inherited: as ib_async

    class Fake(tuple):  # type: ignore[type-arg]
        _fields = ("a", 1)
    assert not util.isnamedtupleinstance(Fake())


# ------------------------------------------------------------------------------------------ tree, df


def test_tree_is_plain_data() -> None:
    class Plain:
        def __init__(self) -> None:
            self.name = "x"
            self._hidden = 1
            self.when = dt.date(2024, 11, 22)
            self.back: Any = None

    class Side(enum.Enum):
        BUY = "BUY"

    p = Plain()
    p.back = p
    assert util.tree([Side.BUY, enum, 3]) == [str(Side.BUY), str(enum), 3]
    data = {"q": Quote("AAPL", bid=1.5, ticks=[1, 2]), "pos": [Pos("a", 2.0)], "s": {3}, "d": Decimal("1.25"),
            "t": (dt.datetime(2024, 11, 22, 9, 30, tzinfo=UTC), dt.time(9, 30)), "none": None, "p": p}
    got = util.tree(data)
    assert got == {"q": {"Quote": {"symbol": "AAPL", "bid": 1.5, "ticks": [1, 2]}},
                   "pos": [{"account": "a", "position": 2.0}], "s": [3], "d": 1.25,
                   "t": ["2024-11-22T09:30:00+00:00", "09:30:00"], "none": None,
                   "p": {"test_tree_is_plain_data.<locals>.Plain": {"name": "x", "when": "2024-11-22",
                                                                    "back": str(p)}}}
    json.dumps(got)


@pytest.fixture
def pd() -> Any:
    return pytest.importorskip("pandas")


def test_df_dtypes(pd: Any) -> None:
    bars = [BarData(date="20241122 09:30:00 US/Eastern", open=1.0, high=2.0, low=0.5, close=1.5,
                    volume=Decimal(100), wap=Decimal("1.25"), barCount=3),
            BarData(date="20241122 09:31:00 US/Eastern", open=1.5, high=2.0, low=1.0, close=1.0)]
    frame = util.df(bars)
    assert list(frame.columns) == ["date", "open", "high", "low", "close", "volume", "wap", "barCount"]
    assert isinstance(frame["date"].dtype, pd.DatetimeTZDtype) and str(frame["date"].dt.tz) == "US/Eastern"
    assert frame["date"][0] == pd.Timestamp("2024-11-22 14:30", tz="UTC")
    assert frame["volume"].dtype == "float64" and frame["volume"][0] == 100.0 and math.isnan(frame["volume"][1])
    assert frame["wap"].dtype == "float64" and frame["barCount"].dtype == "int64"
    daily = util.df([BarData(date="20241122"), BarData(date="20241125")])
    assert pd.api.types.is_datetime64_dtype(daily["date"]) and daily["date"][1] == pd.Timestamp("2024-11-25")
    assert list(util.df(bars, labels=["close", "date", "nope"]).columns) == ["date", "close"]


def test_df_other_rows(pd: Any) -> None:
    empty = util.df([])
    assert isinstance(empty, pd.DataFrame) and len(empty) == 0
    assert list(util.df([], labels=["a", "b"]).columns) == ["a", "b"]
    tuples = util.df([Pos("a", 1.0), Pos("b", 2.5)])
    assert list(tuples.columns) == ["account", "position"] and tuples["position"].dtype == "float64"

    class Fill:
        def __init__(self, shares: Decimal, time: dt.datetime) -> None:
            self.shares, self.time, self._private = shares, time, 0

    fills = util.df([Fill(Decimal("1.5"), dt.datetime(2024, 1, 1, 9, tzinfo=ET)),
                     Fill(Decimal(2), dt.datetime(2024, 1, 1, 15, tzinfo=UTC))])
    assert list(fills.columns) == ["shares", "time"] and fills["shares"].tolist() == [1.5, 2.0]
    assert str(fills["time"].dtype).endswith("UTC]")  # two zones: one UTC column
    assert fills["time"][0] == pd.Timestamp("2024-01-01 14:00", tz="UTC")
    mixed = util.df([{"t": dt.datetime(2024, 1, 1)}, {"t": dt.datetime(2024, 1, 1, tzinfo=UTC)}])
    assert mixed["t"].dtype == object
    odd = util.df([{"x": Decimal(1)}, {"x": "n/a"}])
    assert odd["x"].dtype == object  # not all numbers: left as they are
    quotes = util.df([Quote("A", bid=1.0), Quote("B")])
    assert quotes["size"].dtype == "float64" and quotes["ticks"].tolist() == [[], []]


def test_df_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"ibwire\[pandas\]"):
        util.df([Pos("a", 1.0)])


def test_barplot(pd: Any) -> None:
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    import matplotlib.pyplot as plt

    bars = [BarData(date="20241122", open=1.0, high=2.0, low=0.5, close=1.5),
            BarData(date="20241125", open=1.5, high=1.6, low=0.9, close=1.0),
            BarData(date="20241126", open=1.0, high=1.2, low=0.9, close=1.1)]
    for given in (bars, util.df(bars)):
        fig = util.barplot(given, title="AAPL", upColor="green", downColor="red")
        try:
            ax = fig.axes[0]
            assert ax.get_title() == "AAPL" and len(ax.patches) == 3 and len(ax.lines) == 6
            colours = [p.get_facecolor()[:3] for p in ax.patches]
            assert colours == [mpl.colors.to_rgb(c) for c in ("green", "red", "green")]
            assert ax.patches[1].get_height() == pytest.approx(0.5)  # type: ignore[attr-defined]
        finally:
            plt.close(fig)
    with pytest.raises(ImportError, match="matplotlib"):
        saved = {k: v for k, v in sys.modules.items() if k == "matplotlib" or k.startswith("matplotlib.")}
        try:
            for k in saved:
                sys.modules[k] = None  # type: ignore[assignment]
            util.barplot(bars)
        finally:
            sys.modules.update(saved)


# -------------------------------------------------------------------------------------------- waits


def test_sleep_and_timeit(capsys: pytest.CaptureFixture[str]) -> None:
    t0 = time.monotonic()
    assert util.sleep(0.05) is True
    assert time.monotonic() - t0 >= 0.05
    assert util.sleep(-1) is True
    with util.timeit("block") as timer:
        time.sleep(0.01)
    assert timer.elapsed >= 0.01
    out = capsys.readouterr().out
    assert out.startswith("block took ") and out.rstrip().endswith("s")


def test_waitUntil_datetime_and_time() -> None:
    target = dt.datetime.now() + dt.timedelta(seconds=0.15)
    assert util.waitUntil(target) is True
    assert dt.datetime.now() >= target
    aware = dt.datetime.now(ET) + dt.timedelta(seconds=0.1)
    util.waitUntil(aware)
    assert dt.datetime.now(UTC) >= aware
    t0 = time.monotonic()
    util.waitUntil(dt.datetime.now() - dt.timedelta(hours=1))  # past: at once
    assert time.monotonic() - t0 < 1
    soon = dt.datetime.now() + dt.timedelta(seconds=0.1)
    if soon.date() == dt.date.today():  # a time of day means today
        util.waitUntil(soon.time())
        assert dt.datetime.now() >= soon


def test_waitUntilAsync() -> None:
    target = dt.datetime.now(UTC) + dt.timedelta(seconds=0.1)

    async def main() -> bool:
        ticks = 0

        async def other() -> None:
            nonlocal ticks
            while dt.datetime.now(UTC) < target:
                ticks += 1
                await asyncio.sleep(0.01)
        side = asyncio.ensure_future(other())
        ok = await util.waitUntilAsync(target)
        await side
        return ok and ticks > 0  # the loop kept running meanwhile

    assert asyncio.run(main()) is True
    assert dt.datetime.now(UTC) >= target


def check_range(got: list[tuple[dt.datetime, dt.datetime]], start: dt.datetime, end: dt.datetime,
                step: float, began: dt.datetime) -> None:
    """Points on the start + k*step grid, none before the range began, each yielded once the clock reached
    it, the last the grid's last point up to ``end`` (none at all only when the clock had passed ``end``
    before the first was asked for: then they were all in the past)."""
    if not got:
        assert dt.datetime.now(end.tzinfo) > end, "no points although the range was not over"
        return
    delta = dt.timedelta(seconds=step)
    points = [t for t, _ in got]
    assert all((t - start) % delta == dt.timedelta(0) for t in points)
    assert all(b - a == delta for a, b in zip(points, points[1:]))
    assert points[0] >= began - delta and points[-1] <= end < points[-1] + delta
    assert all(seen >= t for t, seen in got)


def test_timeRange_waits_for_each_point() -> None:
    began = dt.datetime.now()
    start = began - dt.timedelta(seconds=10)  # the past points are skipped
    end = began + dt.timedelta(seconds=0.45)
    got = [(t, dt.datetime.now()) for t in util.timeRange(start, end, 0.1)]
    check_range(got, start, end, 0.1, began)
    assert all(t >= began for t, _ in got)
    began = dt.datetime.now(UTC)
    start = began.astimezone(ET) + dt.timedelta(seconds=0.05)
    end = start + dt.timedelta(seconds=0.3)
    got = [(t, dt.datetime.now(UTC)) for t in util.timeRange(start, end, 0.1)]
    check_range(got, start, end, 0.1, began)
    with pytest.raises(ValueError):
        next(util.timeRange(start, end, 0))
    assert list(util.timeRange(began - dt.timedelta(hours=2), began - dt.timedelta(hours=1), 1)) == []


def test_timeRangeAsync() -> None:
    began = dt.datetime.now(UTC)
    start = began - dt.timedelta(seconds=1)
    end = began + dt.timedelta(seconds=0.3)

    async def collect() -> list[tuple[dt.datetime, dt.datetime]]:
        return [(t, dt.datetime.now(UTC)) async for t in util.timeRangeAsync(start, end, 0.1)]

    got = asyncio.run(collect())
    check_range(got, start, end, 0.1, began)


def test_schedule_on_a_timer_thread() -> None:
    calls: list[tuple[Any, ...]] = []
    at = dt.datetime.now() + dt.timedelta(seconds=0.1)
    handle = util.schedule(at, lambda *a: calls.append((*a, dt.datetime.now(), threading.current_thread())), 1, 2)
    assert isinstance(handle, threading.Timer) and handle.daemon
    wait_until(lambda: calls, 5, "scheduled call")
    (a, b, when, thread), = calls
    assert (a, b) == (1, 2) and when >= at and thread is not threading.current_thread()
    cancelled: list[int] = []
    later = util.schedule(dt.datetime.now(UTC) + dt.timedelta(seconds=0.2), cancelled.append, 1)
    later.cancel()
    assert isinstance(later, threading.Timer)
    later.join(5)
    assert not later.is_alive() and cancelled == []
    past = util.schedule(dt.datetime.now() - dt.timedelta(hours=1), calls.append, "late")
    wait_until(lambda: len(calls) == 2, 5, "a past time runs at once")
    assert isinstance(past, threading.Timer)


def test_schedule_on_a_running_loop() -> None:
    async def main() -> tuple[bool, bool]:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[threading.Thread] = loop.create_future()
        handle = util.schedule(dt.datetime.now() + dt.timedelta(seconds=0.05),
                               lambda: done.set_result(threading.current_thread()))
        thread = await asyncio.wait_for(done, 5)
        return isinstance(handle, asyncio.TimerHandle), thread is threading.current_thread()

    assert asyncio.run(main()) == (True, True)


# ------------------------------------------------------------------------------------ run, getLoop


@pytest.fixture
def fresh_loop() -> Any:
    """No event loop set on this thread before; the one made during the test closed after."""
    asyncio.set_event_loop(None)
    yield
    loop = asyncio.get_event_loop_policy().get_event_loop() if sys.version_info < (3, 12) else None
    if loop is not None and not loop.is_closed():
        loop.close()
    asyncio.set_event_loop(None)


def test_getLoop(fresh_loop: None) -> None:
    loop = util.getLoop()
    assert util.getLoop() is loop and not loop.is_running()
    loop.close()
    again = util.getLoop()
    assert again is not loop and not again.is_closed()

    async def inside() -> bool:
        return util.getLoop() is asyncio.get_running_loop()

    assert again.run_until_complete(inside())


def test_run(fresh_loop: None) -> None:
    async def double(x: int, delay: float = 0.0) -> int:
        await asyncio.sleep(delay)
        return 2 * x

    assert util.run(double(3)) == 6
    assert util.run(double(1), double(2)) == [2, 4]
    loop = util.getLoop()
    made = loop.create_future()
    loop.call_soon(made.set_result, "same loop")
    assert util.run(made) == "same loop"  # the loop is kept between calls, as ib_async
    with pytest.raises(asyncio.TimeoutError):
        util.run(double(1, 5), timeout=0.05)
    # ibwire's *Future results: waited for, no loop involved
    fut: concurrent.futures.Future[str] = concurrent.futures.Future()
    threading.Timer(0.05, fut.set_result, ("from a thread",)).start()
    assert util.run(fut) == "from a thread"
    never: concurrent.futures.Future[str] = concurrent.futures.Future()
    with pytest.raises(asyncio.TimeoutError):
        util.run(never, timeout=0.05)
    mixed: concurrent.futures.Future[int] = concurrent.futures.Future()
    mixed.set_result(7)
    assert util.run(mixed, double(4)) == [7, 8]

    async def nested() -> None:
        coro = double(1)
        try:
            util.run(coro)
        finally:
            coro.close()

    with pytest.raises(RuntimeError, match="await"):
        loop.run_until_complete(nested())


def test_run_forever_until_stopped(fresh_loop: None) -> None:
    loop = util.getLoop()
    started: list[bool] = []

    async def lingering() -> None:
        started.append(True)
        await asyncio.sleep(3600)

    task = loop.create_task(lingering())
    loop.call_later(0.05, loop.stop)
    assert util.run() is None
    assert started == [True] and task.cancelled()  # left-over tasks are cancelled

    async def inside() -> Any:
        return util.run()

    assert loop.run_until_complete(inside()) is None  # already running: returns at once


# ------------------------------------------------------------------------------------------ logging


@pytest.fixture
def clean_root() -> Any:
    root = logging.getLogger()
    saved = (root.level, list(root.handlers), logging.getLogger("ibwire").level)
    yield root
    for h in root.handlers:
        if h not in saved[1]:
            root.removeHandler(h)
            h.close()
    root.setLevel(saved[0])
    logging.getLogger("ibwire").setLevel(saved[2])


def test_logToFile(clean_root: logging.Logger, tmp_path: Path) -> None:
    path = tmp_path / "ib.log"
    had_handlers = bool(clean_root.handlers)
    handler = util.logToFile(str(path), logging.DEBUG)
    assert handler in clean_root.handlers
    if had_handlers:
        assert logging.getLogger("ibwire").level == logging.DEBUG
    else:
        assert clean_root.level == logging.DEBUG
    logging.getLogger("ibwire.test").debug("hello %s", "file")
    handler.flush()
    text = path.read_text()
    assert "ibwire.test DEBUG hello file" in text


def test_logToConsole(clean_root: logging.Logger) -> None:
    for h in list(clean_root.handlers):
        if type(h) is logging.StreamHandler and h.stream is sys.stderr:
            clean_root.removeHandler(h)
    handler = util.logToConsole(logging.WARNING)
    assert handler in clean_root.handlers and clean_root.level == logging.WARNING
    assert type(handler) is logging.StreamHandler and handler.stream is sys.stderr
    again = util.logToConsole(logging.DEBUG)  # a second call reuses it and sets ibwire's level only
    assert again is handler and clean_root.level == logging.WARNING
    assert logging.getLogger("ibwire").level == logging.DEBUG
    assert sum(type(h) is logging.StreamHandler and h.stream is sys.stderr for h in clean_root.handlers) == 1


def test_allowCtrlC() -> None:
    saved = signal.getsignal(signal.SIGINT)
    try:
        signal.signal(signal.SIGINT, lambda *a: None)
        util.allowCtrlC()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_DFL
    finally:
        signal.signal(signal.SIGINT, saved)
