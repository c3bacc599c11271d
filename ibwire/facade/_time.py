"""IB's date and time strings, both ways, and the time zones a TWS names.

What IB sends, and what :func:`parseIBDatetime` makes of it (ib_async 2.1's answer in every case except
the two marked *differs*, where ib_async loses the zone the string states):

=====================================  ===================================================================
``"20241122"``                          ``date(2024, 11, 22)`` (daily bars, head timestamps of daily data)
``"1700000000"`` (all digits)           aware ``datetime`` in UTC (``formatDate=2`` intraday bars, ticks)
``"20241122 09:30:00 US/Eastern"``      aware ``datetime`` in the named zone (the zone kept as IB spells it)
``"20241122 09:30:00"``                 naive ``datetime`` (TWS local time; older servers)
``"20241122  09:30:00"``                naive ``datetime`` (two spaces: what servers before 10.x sent)
``"2024-11-22 09:30:00.0"``             naive ``datetime`` (fractional part dropped)
``"20241122-14:30:00"``                 *differs*: aware ``datetime`` in UTC -- IB defines this form as UTC;
                                        ib_async returns it naive
``"20241122  09:30:00 US/Eastern"``     *differs*: aware in the zone; ib_async drops the zone (naive)
``"2024-11-22 09:30:00 UTC"``           *differs*: aware; ib_async raises ``ValueError``
=====================================  ===================================================================

A zone name the time-zone database does not know (``"CST"``, ``"PST"``, ``"China Standard Time"``...) is
read by :func:`tws_timezone`; ib_async raises ``ZoneInfoNotFoundError`` there.  A string that is none of
the forms above raises :class:`ValueError`, as in ib_async.

The other way, :func:`formatIBDatetime` is ib_async's: a ``datetime`` is sent as
``"yyyymmdd HH:MM:SS UTC"`` (a naive one taken as this machine's local time), a ``date`` as the last
second of that local day, a string as it is, ``None`` or ``""`` as ``""``.  :func:`to_ib_datetime` is
the same with a zone for naive values (the facade passes the TWS zone).

Bar dates (:func:`bar_date`): ib_async parses every bar date with ``parseIBDatetime`` whatever
``formatDate`` was, so daily bars are ``date``, ``formatDate=2`` intraday bars are UTC datetimes and
``formatDate=1`` intraday bars are datetimes in the zone the server names (naive only when the server
names none -- old servers; :func:`bar_date` then applies the TWS zone when one is known).

Instants: :func:`epoch_datetime` for the epoch seconds (or milliseconds) of real-time bars, ticks and
``reqCurrentTime``; :func:`ib_time` for time strings that are instants (executions, news), naive ones
taken in the TWS zone -- both in UTC by default, ib_async's default zone.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from functools import lru_cache

__all__ = [
    "UnknownTimeZoneError",
    "bar_date",
    "epoch_datetime",
    "ib_time",
    "formatIBDatetime",
    "parseIBDatetime",
    "to_ib_datetime",
    "tws_timezone",
    "zone_of_conn_time",
]

UTC = dt.timezone.utc


class UnknownTimeZoneError(zoneinfo.ZoneInfoNotFoundError, ValueError):
    """A zone name neither the time-zone database nor :func:`tws_timezone`'s table knows.

    It is a ``ZoneInfoNotFoundError`` (what ib_async raises) and a ``ValueError`` (what callers that
    parse IB strings catch)."""


#: Names a TWS or its host may use that are not keys of the time-zone database, or are keys meaning
#: something else than a TWS user means (``EST``, ``MST`` and ``HST`` are fixed offsets there, without
#: daylight saving; a TWS names its zone by the abbreviation in force, and means the region).
#: Lower-case keys. Ambiguous abbreviations take the reading most common among IB's users:
#: CST is US Central (China Standard Time is spelled out), IST is India.
_ALIASES: dict[str, str] = {
    # North America
    "est": "America/New_York", "edt": "America/New_York", "et": "America/New_York",
    "eastern standard time": "America/New_York", "eastern daylight time": "America/New_York",
    "eastern time": "America/New_York",
    "cst": "America/Chicago", "cdt": "America/Chicago", "ct": "America/Chicago",
    "central standard time": "America/Chicago", "central daylight time": "America/Chicago",
    "central time": "America/Chicago",
    "mst": "America/Denver", "mdt": "America/Denver", "mt": "America/Denver",
    "mountain standard time": "America/Denver", "mountain daylight time": "America/Denver",
    "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pt": "America/Los_Angeles",
    "pacific standard time": "America/Los_Angeles", "pacific daylight time": "America/Los_Angeles",
    "akst": "America/Anchorage", "akdt": "America/Anchorage",
    "hst": "Pacific/Honolulu", "hawaiian standard time": "Pacific/Honolulu",
    "ast": "America/Halifax", "adt": "America/Halifax", "atlantic standard time": "America/Halifax",
    "brt": "America/Sao_Paulo", "e. south america standard time": "America/Sao_Paulo",
    "art": "America/Argentina/Buenos_Aires",
    # Europe
    "gmt": "Etc/GMT", "utc": "Etc/UTC", "z": "Etc/UTC", "coordinated universal time": "Etc/UTC",
    "greenwich mean time": "Europe/London", "gmt standard time": "Europe/London",
    "bst": "Europe/London", "british summer time": "Europe/London",
    "cest": "Europe/Berlin", "mez": "Europe/Berlin", "mesz": "Europe/Berlin",
    "central european time": "Europe/Berlin", "central european standard time": "Europe/Warsaw",
    "central european summer time": "Europe/Berlin", "w. europe standard time": "Europe/Berlin",
    "central europe standard time": "Europe/Budapest", "romance standard time": "Europe/Paris",
    "eest": "Europe/Helsinki", "eastern european time": "Europe/Helsinki",
    "e. europe standard time": "Europe/Chisinau", "fle standard time": "Europe/Helsinki",
    "west": "Europe/Lisbon", "msk": "Europe/Moscow", "russian standard time": "Europe/Moscow",
    # Asia, Oceania, Africa
    "ist": "Asia/Kolkata", "india standard time": "Asia/Kolkata",
    "jst": "Asia/Tokyo", "tokyo standard time": "Asia/Tokyo", "japan standard time": "Asia/Tokyo",
    "kst": "Asia/Seoul", "korea standard time": "Asia/Seoul",
    "hkt": "Asia/Hong_Kong", "hong kong time": "Asia/Hong_Kong", "hong kong standard time": "Asia/Hong_Kong",
    "china standard time": "Asia/Shanghai", "sgt": "Asia/Singapore", "singapore standard time": "Asia/Singapore",
    "singapore time": "Asia/Singapore",
    "aest": "Australia/Sydney", "aedt": "Australia/Sydney", "aus eastern standard time": "Australia/Sydney",
    "nzst": "Pacific/Auckland", "nzdt": "Pacific/Auckland", "new zealand standard time": "Pacific/Auckland",
    "sast": "Africa/Johannesburg", "south africa standard time": "Africa/Johannesburg",
}

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


@lru_cache(maxsize=256)
def _zone(key: str) -> zoneinfo.ZoneInfo | None:
    """The database's zone for ``key``, None if it has none (or the key is not a valid key)."""
    try:
        return zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def tws_timezone(name: str, default: dt.tzinfo | None = None) -> dt.tzinfo:
    """The zone a TWS names: ``"US/Eastern"``, ``"America/New_York"``, ``"Etc/UTC"``, ``"EST"``,
    ``"CET"``, ``"Eastern Standard Time"``, ``"GMT+08:00"``...

    Abbreviations and long names a TWS reports (see ``_ALIASES``) are read as the region they name, so
    ``"EST"`` and ``"EDT"`` are both ``America/New_York`` (daylight saving applied) -- the database's own
    ``EST`` is a fixed UTC-5. Other names go to the time-zone database as they are (``"Etc/GMT+5"``,
    ``"Japan"``), then with spaces as underscores; offsets (``"+0800"``, ``"UTC-5"``) become fixed zones.
    No network is used. An unknown or empty name gives ``default`` when one is passed, else raises
    :class:`UnknownTimeZoneError`.
    """
    text = name.strip()
    alias = _ALIASES.get(text.lower())
    if alias is not None:
        z = _zone(alias)
        if z is not None:
            return z
    if text:
        z = _zone(text) or _zone(text.replace(" ", "_"))
        if z is not None:
            return z
        m = _OFFSET.match(text)
        if m is not None:
            hours, minutes = int(m.group(2)), int(m.group(3) or 0)
            if hours < 24 and minutes < 60:
                delta = dt.timedelta(hours=hours, minutes=minutes)
                return dt.timezone(-delta if m.group(1) == "-" else delta)
    if default is not None:
        return default
    raise UnknownTimeZoneError(f"unknown time zone {name!r}")


def _named_zone(name: str) -> dt.tzinfo:
    """A zone named in a date string: the database's zone under that very key when it has one (as
    ib_async: ``"EST"`` stays the fixed ``EST``, so the same string gives the same instant), else
    :func:`tws_timezone`'s reading."""
    return _zone(name) or tws_timezone(name)


def zone_of_conn_time(conn_time: str | None) -> dt.tzinfo | None:
    """The zone named at the end of the connection time a TWS sends in its handshake
    (``"20241122 09:30:00 EST"`` -> America/New_York); None when it names none or one we cannot read."""
    if not conn_time:
        return None
    parts = conn_time.strip().split(None, 2)
    if len(parts) < 3:
        return None
    try:
        return tws_timezone(parts[2])
    except UnknownTimeZoneError:
        return None


def parseIBDatetime(s: str) -> dt.date | dt.datetime:
    """A date or time string as IB sends it, as a ``date`` or ``datetime`` (the table in the module's
    docstring). Raises ``ValueError`` for strings of no IB form (``UnknownTimeZoneError``, also a
    ``ValueError``, for a zone nobody knows)."""
    if len(s) == 8 and s.isdigit():
        return dt.date(int(s[0:4]), int(s[4:6]), int(s[6:8]))
    if s.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(s), UTC)
        except (OverflowError, OSError) as e:
            raise ValueError(f"epoch seconds out of range: {s!r}") from e
    if len(s) > 8 and s[8] == "-" and s[:8].isdigit():
        # yyyymmdd-HH:MM:SS, which IB defines as UTC (an optional trailing zone names it again)
        head, _, zone = s.partition(" ")
        t = dt.datetime.strptime(head, "%Y%m%d-%H:%M:%S")
        return t.replace(tzinfo=_named_zone(zone.strip()) if zone.strip() else UTC)
    parts = s.split()
    if len(parts) >= 3:
        # yyyymmdd HH:MM:SS Zone (the zone may hold spaces: "Eastern Standard Time")
        t = dt.datetime.strptime(parts[0].replace("-", "") + parts[1].partition(".")[0], "%Y%m%d%H:%M:%S")
        return t.replace(tzinfo=_named_zone(" ".join(parts[2:])))
    # yyyymmdd HH:MM:SS with one or two spaces, or yyyy-mm-dd HH:MM:SS.f
    compact = s.replace(" ", "").replace("-", "")[:16]
    return dt.datetime.strptime(compact, "%Y%m%d%H:%M:%S")


def formatIBDatetime(t: dt.date | dt.datetime | str | None) -> str:
    """``t`` as IB takes it in requests: ``"yyyymmdd HH:MM:SS UTC"`` for a datetime (a naive one is
    this machine's local time, as in ib_async), the last second of the local day for a date, a string
    unchanged, ``""`` for ``None``/``""``."""
    if isinstance(t, str):
        return t
    return to_ib_datetime(t)


def to_ib_datetime(value: dt.datetime | dt.date | str | None, tz: dt.tzinfo | None = None) -> str:
    """``endDateTime``/``startDateTime`` for a request, from a ``datetime``, ``date``, IB string or None.

    An aware datetime is converted to UTC and sent as ``"yyyymmdd HH:MM:SS UTC"``. A naive datetime is
    taken in ``tz`` (the TWS zone, when the caller knows it), else in this machine's local zone as
    ib_async does. A ``date`` means the end of that day (23:59:59) in the same zone. A string is sent
    as it is (stripped); ``None`` and ``""`` give ``""`` (now, for IB)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime):
        t = value
    else:
        t = dt.datetime(value.year, value.month, value.day, 23, 59, 59)
    if t.tzinfo is None and tz is not None:
        t = t.replace(tzinfo=tz)
    return t.astimezone(UTC).strftime("%Y%m%d %H:%M:%S UTC")


def bar_date(s: str, formatDate: int = 1, tz: dt.tzinfo | None = None) -> dt.date | dt.datetime:
    """A historical bar's date string as ib_async gives it: ``date`` for daily and longer bars, an
    aware ``datetime`` for intraday bars -- in the zone the server names for ``formatDate=1``, in UTC
    for ``formatDate=2`` (epoch seconds). ``formatDate`` only tells what to expect: the string's own
    form decides, as in ib_async. A naive time (a server naming no zone) gets ``tz`` when given (the
    TWS zone) and stays naive otherwise (ib_async's answer)."""
    if formatDate not in (1, 2):
        raise ValueError(f"formatDate must be 1 or 2, not {formatDate!r}")
    t = parseIBDatetime(s.strip())
    if isinstance(t, dt.datetime) and t.tzinfo is None and tz is not None:
        t = t.replace(tzinfo=tz)
    return t


def epoch_datetime(seconds: int | float | str, tz: dt.tzinfo = UTC, millis: bool = False) -> dt.datetime:
    """Seconds since the epoch (milliseconds with ``millis``, as in an RT_VOLUME tick's time) as an aware
    datetime in ``tz`` -- ib_async's ``datetime.fromtimestamp(t, defaultTimezone)`` for real-time bars,
    historical ticks, tick-by-tick data, ``reqCurrentTime`` and timestamp ticks (its default zone is UTC).
    Raises ``ValueError`` for a value that is no number or out of range."""
    try:
        value = float(seconds) if isinstance(seconds, str) and not seconds.strip().lstrip("-").isdigit() \
            else int(seconds)
        return dt.datetime.fromtimestamp(value / 1000 if millis else value, tz)
    except (OverflowError, OSError, TypeError) as e:
        raise ValueError(f"not a time since the epoch: {seconds!r}") from e


def ib_time(s: str, tws_tz: dt.tzinfo | None = None, to: dt.tzinfo | None = UTC) -> dt.datetime:
    """An IB time string that should be an instant (an execution's time, a news item's time, a
    completed order's time) as an aware datetime, as ib_async makes an execution's time: parsed with
    :func:`parseIBDatetime`; a naive result is in ``tws_tz`` (the TWS zone), else in this machine's
    local zone; then converted to ``to`` (ib_async's default zone, UTC; None keeps the parsed zone).
    A bare date means its midnight. Raises ``ValueError`` as :func:`parseIBDatetime` does."""
    t = parseIBDatetime(s.strip())
    if not isinstance(t, dt.datetime):
        t = dt.datetime(t.year, t.month, t.day)
    if t.tzinfo is None:
        t = t.replace(tzinfo=tws_tz) if tws_tz is not None else t.astimezone()
    return t if to is None else t.astimezone(to)
