"""Helpers with the official names: text of numbers, validity checks, the callback marker, logging helpers."""

from __future__ import annotations

import datetime  # noqa: F401
import inspect
import logging
import sys  # noqa: F401
import time
from decimal import Decimal  # noqa: F401
from typing import Any

from ibwire.model import decimalMaxString, floatMaxString, intMaxString, longMaxString  # noqa: F401
from ibwire.model.const import (  # noqa: F401
    DOUBLE_INFINITY,
    INFINITY_STR,
    UNSET_DECIMAL,
    UNSET_DOUBLE,
    UNSET_INTEGER,
    UNSET_LONG,
)
from ibwire.protocol.fields import ClientException  # noqa: F401

logger = logging.getLogger(__name__)
SHOW_UNSET = True


class BadMessage(Exception):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class LogFunction:
    """Decorator that logs a call's arguments at ``loglevel``."""

    def __init__(self, text: str, loglevel: int) -> None:
        self.text = text
        self.loglevel = loglevel

    def __call__(self, fn: Any) -> Any:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            logger.log(self.loglevel, "%s %s %s %s", self.text, fn.__name__, args[1:], kwargs)
            return fn(*args, **kwargs)

        return wrapped


def current_fn_name(parent_idx: int = 0) -> str:
    return inspect.stack()[1 + parent_idx][3]


def setattr_log(self: Any, var_name: str, var_value: Any) -> None:
    logger.debug("%s %s %s=|%s|", self.__class__, id(self), var_name, var_value)
    super(self.__class__, self).__setattr__(var_name, var_value)


def iswrapper(fn: Any) -> Any:
    """Marks a method as overriding an EWrapper callback (documentation only)."""
    return fn


def log_(func: str, params: dict[str, Any], action: str) -> None:
    if logger.isEnabledFor(logging.INFO):
        if "self" in params:
            params = dict(params)
            del params["self"]
        logger.info("%s %s %s", action, func, params)


def currentTimeMillis() -> int:
    return round(time.time() * 1000)


def getTimeStrFromMillis(time: int) -> str:  # noqa: A002 - the official parameter name
    """``Dec 01, 2026 13:32:48.137`` (local time, milliseconds) for epoch milliseconds; ``""`` for 0 or less."""
    if time <= 0:
        return ""
    return datetime.datetime.fromtimestamp(time / 1000.0).strftime("%b %d, %Y %H:%M:%S.%f")[:-3]


def decode(the_type: Any, fields: Any, show_unset: bool = False, use_unicode: bool = False) -> Any:
    """Read the next field of iterator ``fields`` as ``the_type`` (the old decoder's primitive);
    ``use_unicode`` (9.x-10.2x) reads ``\\uXXXX`` escapes in text."""
    s = next(fields)
    if the_type is str:
        if isinstance(s, bytes):
            return s.decode("unicode-escape" if use_unicode else "UTF-8", errors="backslashreplace")
        return s
    if isinstance(s, bytes):
        s = s.decode()
    if the_type is Decimal:
        return UNSET_DECIMAL if s in ("", "2147483647", "9223372036854775807", "1.7976931348623157E308", "-9223372036854775808") else Decimal(s)
    if the_type is bool:  # read as an int, so an empty field is "unset" (true) with show_unset
        return (int(s) if s else UNSET_INTEGER if show_unset else 0) != 0
    if the_type is float:
        return (UNSET_DOUBLE if show_unset else 0.0) if not s else (DOUBLE_INFINITY if s == INFINITY_STR else float(s))
    if the_type is int:
        return (UNSET_INTEGER if show_unset else 0) if not s else int(s)
    return the_type(s)


def ExerciseStaticMethods(klass: Any) -> None:
    for name in dir(klass):
        if name.startswith("__"):
            continue
        attr = getattr(klass, name)
        if callable(attr) and hasattr(attr, "__func__"):
            pass


def floatToStr(val: float) -> str:
    return str(val) if val != UNSET_DOUBLE else ""


def longToStr(val: int) -> str:
    return str(val) if val != UNSET_LONG else ""


def isAsciiPrintable(val: str) -> bool:
    """Printable ASCII; tab, newline and carriage return count as printable for 10.30+ programs (not before)."""
    from . import _adapt

    extra = "\t\n\r" if _adapt.current() == _adapt.MODERN else ""
    return all(32 <= ord(c) < 127 or c in extra for c in val)


def isValidFloatValue(val: float) -> bool:
    return val != UNSET_DOUBLE


def isValidIntValue(val: int) -> bool:
    return val != UNSET_INTEGER


def isValidLongValue(val: int) -> bool:
    return val != UNSET_LONG


def isValidDecimalValue(val: Decimal) -> bool:
    return val != UNSET_DECIMAL


def isPegBenchOrder(orderType: str) -> bool:
    return orderType in ("PEG BENCH", "PEGBENCH")


def isPegMidOrder(orderType: str) -> bool:
    return orderType in ("PEG MID", "PEGMID")


def isPegBestOrder(orderType: str) -> bool:
    return orderType in ("PEG BEST", "PEGBEST")


def getEnumTypeFromString(cls: Any, stringIn: str) -> Any:
    """The member of enum ``cls`` whose code (``value[0]``) is ``stringIn``; the first member if none is."""
    for item in cls:
        if item.value[0] == stringIn:
            return item
    return listOfValues(cls)[0]


def getEnumTypeName(cls: Any, valueIn: Any) -> str:
    """The display name (``value[1]``) of member ``valueIn``; the first member's if it is not one."""
    for item in cls:
        if item == valueIn:
            return item.value[1]  # type: ignore[no-any-return]
    return listOfValues(cls)[0].value[1]  # type: ignore[no-any-return]


def listOfValues(cls: Any) -> list[Any]:
    """The members of enum ``cls`` in order."""
    return list(cls)


def printProtoSingleLine(header: str, message: Any) -> None:
    """Print ``header`` and the protobuf ``message`` on one line."""
    from google.protobuf import text_format

    print(header, text_format.MessageToString(message, as_one_line=True))


class Message:  # the official utils names this alias of the message base
    pass


from google.protobuf import text_format  # noqa: E402,F401
