"""``FlexReport``: account statements through IB's Flex Web Service, parsed into objects and DataFrames.

The service works in two steps: ``SendRequest`` (the Flex token and the id of a Flex query set up in the
account's web portal) answers a reference code and the address to fetch the statement from; that
address (``GetStatement``, with the reference code and the token) answers the statement XML, or, while
IB is still generating it, error 1019 ("statement generation in progress"), asked again after
``PollInterval`` seconds for at most ``PollTimeout`` seconds.

The statement's rows are XML elements whose tag is their topic (``Trade``, ``OpenPosition``,
``CashTransaction``...) and whose attributes are the fields: :meth:`FlexReport.extract` turns each into an
object of a dataclass made for the topic, :meth:`FlexReport.df` into a DataFrame.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import keyword
import logging
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, ClassVar, Final, Union

from . import util

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]

__all__ = ["FlexReport", "FlexError", "FlexObject"]

logger = logging.getLogger("ibwire.flexreport")

#: the service's first step; ``FlexReport.url`` or the environment variable ``IB_FLEXREPORT_URL`` replace it
FLEXREPORT_URL: Final = "https://ndcdyn.interactivebrokers.com/AccountManagement/FlexWebService/SendRequest"

#: what a parsed field holds (``None``: the attribute was empty)
FlexValue = Union[str, int, float, _dt.date, _dt.datetime, None]


class FlexError(Exception):
    """The service refused (``code`` and ``message`` are its ErrorCode and ErrorMessage), did not answer in
    time, or answered something that is not a statement."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(f"{code}: {message}" if code is not None else message)
        self.code = code
        self.message = message


class FlexObject:
    """Base of the classes :meth:`FlexReport.extract` makes, one per topic: a dataclass whose fields are the
    topic's XML attributes (``obj.symbol``, ``obj.tradeDate``...), each a :data:`FlexValue`."""

    # the fields are made at run time: to a type checker each is a FlexValue; at run time this is only
    # reached for a name that is not a field
    def __getattr__(self, name: str) -> FlexValue:
        raise AttributeError(f"{type(self).__name__} has no field {name!r}")


_INT = re.compile(r"[-+]?(?:0|[1-9]\d*)")
_FLOAT = re.compile(r"[-+]?(?:(?:0|[1-9]\d*)(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_DATE8 = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATETIME = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:[;T ]|, ?)(\d{2}):?(\d{2}):?(\d{2})")


def _is_date_field(name: str) -> bool:
    low = name.lower()
    return "date" in low or "time" in low or low.startswith("when") or low in ("expiry", "lasttradingday")


def _parse(name: str, text: str) -> FlexValue:
    """A field's value: empty -> None, dates and times -> date/datetime (naive: the statement's own time
    zone), numbers -> int/float; a number written with leading zeros (a CUSIP...) stays a string."""
    if text == "":
        return None
    try:
        m = _DATETIME.fullmatch(text)
        if m:
            y, mo, d, h, mi, sec = map(int, m.groups())
            return _dt.datetime(y, mo, d, h, mi, sec)
        m = _DATE_ISO.fullmatch(text)
        if m:
            return _dt.date(*map(int, m.groups()))
        m = _DATE8.fullmatch(text)
        if m and _is_date_field(name):
            return _dt.date(*map(int, m.groups()))
    except ValueError:
        pass  # not a calendar date after all
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text


def _field_name(attr: str) -> str:
    name = re.sub(r"\W", "_", attr) or "_"
    if name[0].isdigit():
        name = "_" + name
    if keyword.iskeyword(name):
        name += "_"
    return name


def _with_query(url: str, params: dict[str, str]) -> str:
    query = urllib.parse.urlencode(params)
    if url.endswith(("?", "&")):
        return url + query
    return f"{url}{'&' if '?' in url else '?'}{query}"


def _text(root: ET.Element, tag: str) -> str:
    el = root.find(tag)
    return (el.text or "").strip() if el is not None else ""


class FlexReport:
    """A Flex statement: ``FlexReport(token, queryId)`` downloads one, ``FlexReport(path=...)`` loads a saved one.

    ``url`` (the ``SendRequest`` address) defaults to the environment variable ``IB_FLEXREPORT_URL``, else
    the service's own. ``PollInterval``/``PollTimeout`` pace and bound the wait for a statement still being
    generated (and for the service's "too many requests"); ``HttpTimeout`` bounds each HTTP request.
    """

    #: the ``SendRequest`` address; ``None``: ``IB_FLEXREPORT_URL`` or the service's
    url: str | None = None
    #: the service's protocol version
    Version: ClassVar[int] = 3
    PollInterval: float = 1.0
    PollTimeout: float = 300.0
    HttpTimeout: float = 60.0
    #: the service's codes that mean "not yet, ask again shortly" (1019: statement generation in progress,
    #: 1018: too many requests)
    RetryCodes: frozenset[int] = frozenset({1001, 1004, 1005, 1006, 1007, 1008, 1009, 1018, 1019, 1021})

    data: bytes
    root: ET.Element

    def __init__(self, token: str | None = None, queryId: str | int | None = None, path: str | None = None,
                 url: str | None = None) -> None:
        if url is not None:
            self.url = url
        self._classes: dict[tuple[str, tuple[str, ...]], type[FlexObject]] = {}
        if token and queryId:
            self.download(token, queryId)
        elif path:
            self.load(path)

    # --- getting the XML ---------------------------------------------------------------------------

    def get_url(self) -> str:
        """The ``SendRequest`` address in use."""
        url = self.url or os.environ.get("IB_FLEXREPORT_URL") or FLEXREPORT_URL
        parts = urllib.parse.urlparse(url)
        if not (parts.scheme and parts.netloc):
            raise FlexError(f"invalid Flex Web Service address {url!r} (FlexReport.url or IB_FLEXREPORT_URL)")
        return url

    def _fetch(self, url: str) -> ET.Element:
        req = urllib.request.Request(url, headers={"User-Agent": "ibwire"})
        try:
            with urllib.request.urlopen(req, timeout=self.HttpTimeout) as resp:
                data: bytes = resp.read()
        except (urllib.error.URLError, OSError) as e:
            raise FlexError(f"Flex Web Service request failed: {e}") from e
        self._last = data
        return self._parse_xml(data)

    @staticmethod
    def _parse_xml(data: bytes) -> ET.Element:
        try:
            return ET.fromstring(data)
        except ET.ParseError as e:
            raise FlexError(f"the Flex Web Service answered no valid XML: {e}") from e

    @staticmethod
    def _refusal(root: ET.Element) -> FlexError | None:
        """The service's error in an answer, or ``None`` when the answer is not one."""
        if root.tag == "FlexStatementResponse":
            if _text(root, "Status") == "Success":
                return None
            code = _text(root, "ErrorCode")
            return FlexError(_text(root, "ErrorMessage") or "no error message",
                             int(code) if code.isdigit() else None)
        if len(root) and root[0].tag == "code":  # an older form: the message alone
            msg = (root[0].text or "").strip()
            return FlexError(msg, 1019 if msg.startswith("Statement generation in progress") else None)
        return None

    def _ask(self, url: str, deadline: float, first_wait: float) -> ET.Element:
        """``url``'s answer once it is not a "try again shortly"; FlexError on a refusal or past ``deadline``."""
        wait = first_wait
        while True:
            if wait > 0:
                time.sleep(wait)
            root = self._fetch(url)
            err = self._refusal(root)
            if err is None:
                return root
            if err.code not in self.RetryCodes:
                raise err
            if time.monotonic() + self.PollInterval > deadline:
                raise FlexError(f"statement not ready within {self.PollTimeout:g} s: {err.message}", err.code)
            logger.info("Flex Web Service: %s; asking again", err)
            wait = self.PollInterval

    def download(self, token: str, queryId: str | int) -> None:
        """Download the statement of Flex query ``queryId`` with the Flex ``token``; FlexError when refused."""
        deadline = time.monotonic() + self.PollTimeout
        params = {"t": str(token), "q": str(queryId), "v": str(self.Version)}
        root = self._ask(_with_query(self.get_url(), params), deadline, 0)
        code = _text(root, "ReferenceCode")
        if not code:
            raise FlexError("the Flex Web Service answered no reference code")
        base = _text(root, "Url") or self.get_url().split("?")[0].replace("SendRequest", "GetStatement")
        logger.info("Flex statement %s is being prepared", code)
        root = self._ask(_with_query(base, {"q": code, "t": str(token), "v": str(self.Version)}), deadline,
                         self.PollInterval)
        self.data, self.root = self._last, root
        self._classes.clear()
        logger.info("Flex statement %s retrieved", code)

    def load(self, path: str) -> None:
        """Load a statement saved as XML; FlexError when it is not XML."""
        with open(path, "rb") as f:
            data = f.read()
        self.root = self._parse_xml(data)
        self.data = data
        self._classes.clear()

    def save(self, path: str) -> None:
        """Save the statement's XML as received."""
        self._loaded()  # before the file is opened (and emptied)
        with open(path, "wb") as f:
            f.write(self.data)

    def _loaded(self) -> ET.Element:
        root: ET.Element | None = getattr(self, "root", None)
        if root is None:
            raise FlexError("no statement: download() or load() one first")
        return root

    # --- reading it ----------------------------------------------------------------------------------

    def topics(self) -> set[str]:
        """The topics :meth:`extract` can give: the tags of the elements that have attributes."""
        return {el.tag for el in self._loaded().iter() if el.attrib}

    def _class(self, topic: str, attrs: tuple[str, ...]) -> type[FlexObject]:
        key = (topic, attrs)
        cls = self._classes.get(key)
        if cls is None:
            fields = [(_field_name(a), FlexValue, dataclasses.field(default=None)) for a in attrs]
            cls = dataclasses.make_dataclass(_field_name(topic), fields, bases=(FlexObject,))
            self._classes[key] = cls
        return cls

    def extract(self, topic: str, parseNumbers: bool = True) -> list[FlexObject]:
        """The rows of ``topic`` (an XML tag such as ``Trade``, ``OpenPosition``, ``CashTransaction``) as objects
        of one dataclass per topic, with a field per attribute seen in any of the rows.

        With ``parseNumbers`` numbers become int/float, dates and times date/datetime and empty values
        ``None``; without, every value is the attribute's text ("" when empty or absent from the row).
        """
        nodes = list(self._loaded().iter(topic))
        names = self._attrs(nodes)
        cls = self._class(topic, names)
        fields = [_field_name(a) for a in names]
        out: list[FlexObject] = []
        for el in nodes:
            if parseNumbers:
                values: dict[str, FlexValue] = {f: _parse(a, el.attrib[a]) if a in el.attrib else None
                                                for f, a in zip(fields, names)}
            else:
                values = {f: el.attrib.get(a, "") for f, a in zip(fields, names)}
            out.append(cls(**values))
        return out

    def df(self, topic: str, parseNumbers: bool = True) -> pd.DataFrame:
        """:meth:`extract` as a pandas DataFrame (a column per field)."""
        return util.df(self.extract(topic, parseNumbers))

    @staticmethod
    def _attrs(nodes: list[ET.Element]) -> tuple[str, ...]:
        """Every attribute name of ``nodes``, in the order first seen."""
        attrs: dict[str, None] = {}
        for el in nodes:
            attrs.update(dict.fromkeys(el.attrib))
        return tuple(attrs)

    def __repr__(self) -> str:
        root = getattr(self, "root", None)
        if root is None:
            return "FlexReport()"
        return f"FlexReport({root.tag}, {len(self.data)} bytes, topics={sorted(self.topics())})"
