"""FlexReport against a local HTTP server playing the Flex Web Service (SendRequest, then GetStatement polled
while the statement is generated), with a statement written for these tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from ibwire.facade.flexreport import FlexError, FlexObject, FlexReport

STATEMENT = b"""<?xml version="1.0" encoding="UTF-8"?>
<FlexQueryResponse queryName="ibwire tests" type="AF">
<FlexStatements count="1">
<FlexStatement accountId="U7654321" fromDate="20261123" toDate="20261124" period="LastBusinessDay" whenGenerated="20261124;170512">
<Trades>
<Trade accountId="U7654321" currency="USD" assetCategory="STK" symbol="AAPL" conid="265598" cusip="037833100" tradeDate="20261124" dateTime="20261124;153012" quantity="100" tradePrice="227.45" ibCommission="-1.005" buySell="BUY" orderID="4242" notes="" />
<Trade accountId="U7654321" currency="USD" assetCategory="STK" symbol="MSFT" conid="272093" cusip="594918104" tradeDate="20261124" dateTime="20261124;154501" quantity="-20" tradePrice="415" ibCommission="-1" buySell="SELL" orderID="4243" notes="P" />
<Trade accountId="U7654321" currency="EUR" assetCategory="CASH" symbol="EUR.USD" conid="12087792" cusip="" tradeDate="20261124" dateTime="20261124;160000" quantity="25000" tradePrice="1.0487" ibCommission="-2" buySell="BUY" orderID="4244" notes="" fxRateToBase="1.0487" />
</Trades>
<OpenPositions>
<OpenPosition accountId="U7654321" currency="USD" symbol="AAPL" conid="265598" position="100" markPrice="228.1" costBasisPrice="227.46005" fifoPnlUnrealized="63.995" reportDate="20261124" />
<OpenPosition accountId="U7654321" currency="USD" symbol="MSFT" conid="272093" position="-20" markPrice="414.2" costBasisPrice="414.95" fifoPnlUnrealized="15" reportDate="20261124" />
</OpenPositions>
<CashTransactions>
<CashTransaction accountId="U7654321" currency="USD" type="Dividends" symbol="AAPL" conid="265598" amount="25" dateTime="20261120;202000" settleDate="20261120" description="AAPL(US0378331005) CASH DIVIDEND USD 0.25 PER SHARE" />
<CashTransaction accountId="U7654321" currency="USD" type="Broker Interest Received" symbol="" conid="" amount="3.17" dateTime="2026-11-03" settleDate="2026-11-03" description="USD CREDIT INT FOR OCT-2026" />
</CashTransactions>
</FlexStatement>
</FlexStatements>
</FlexQueryResponse>
"""


def _response(status: str, **children: str) -> bytes:
    inner = "".join(f"<{k}>{v}</{k}>" for k, v in children.items())
    return (f"<FlexStatementResponse timestamp='24 November, 2026 05:05 PM EST'><Status>{status}</Status>{inner}"
            f"</FlexStatementResponse>").encode()


IN_PROGRESS = _response("Warn", ErrorCode="1019",
                        ErrorMessage="Statement generation in progress. Please try again shortly.")


class FlexService:
    """The service's two steps on a local port. Tokens pick the behaviour:

    ``good``: SendRequest gives reference ``REF-good``; GetStatement answers in-progress ``busy_polls`` times,
    then the statement. ``bad``: SendRequest refuses with 1015. ``endless``: always in progress.
    ``garbled``: the statement is not XML. ``throttled``: SendRequest answers 1018 once, then as ``good``.
    ``gone``: GetStatement refuses with 1017 (reference code invalid).
    """

    def __init__(self, busy_polls: int = 2) -> None:
        self.busy_polls = busy_polls
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.polls: dict[str, int] = {}
        self.throttled = 0
        self._lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                parts = urllib.parse.urlsplit(self.path)
                params = dict(urllib.parse.parse_qsl(parts.query))
                body = service.answer(parts.path, params)
                self.send_response(200)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/AccountManagement/FlexWebService/SendRequest"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), name="flex-service",
                                       daemon=True)
        self.thread.start()

    def answer(self, path: str, params: dict[str, str]) -> bytes:
        with self._lock:
            self.requests.append((path, params))
            token = params.get("t", "")
            if path.endswith("/SendRequest"):
                if token == "bad":
                    return _response("Fail", ErrorCode="1015", ErrorMessage="Token is invalid.")
                if token == "throttled" and self.throttled == 0:
                    self.throttled += 1
                    return _response("Fail", ErrorCode="1018",
                                     ErrorMessage="Too many requests have been made from this token.")
                return _response("Success", ReferenceCode=f"REF-{token}",
                                 Url=f"http://127.0.0.1:{self.port}/AccountManagement/FlexWebService/GetStatement")
            if path.endswith("/GetStatement"):
                ref = params.get("q", "")
                if ref != f"REF-{token}":
                    return _response("Fail", ErrorCode="1020", ErrorMessage="Invalid request.")
                n = self.polls[ref] = self.polls.get(ref, 0) + 1
                if token == "gone":
                    return _response("Fail", ErrorCode="1017", ErrorMessage="Reference code is invalid.")
                if token == "endless" or n <= self.busy_polls:
                    return IN_PROGRESS
                if token == "garbled":
                    return STATEMENT[:400]
                return STATEMENT
            return b"<html>not found</html>"

    def paths(self) -> list[str]:
        with self._lock:
            return [p.rsplit("/", 1)[1] for p, _ in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def service() -> Iterator[FlexService]:
    s = FlexService()
    yield s
    s.close()


def fast(url: str, timeout: float = 5.0) -> FlexReport:
    r = FlexReport(url=url)
    r.PollInterval = 0.01
    r.PollTimeout = timeout
    return r


def test_download_polls_through_in_progress_and_parses_typed_rows(service: FlexService) -> None:
    r = fast(service.url)
    r.download("good", 987654)
    # one SendRequest, then GetStatement until the statement is ready (two in-progress answers first)
    assert service.paths() == ["SendRequest", "GetStatement", "GetStatement", "GetStatement"]
    send, get = service.requests[0][1], service.requests[1][1]
    assert send == {"t": "good", "q": "987654", "v": "3"}
    assert get == {"q": "REF-good", "t": "good", "v": "3"}
    assert r.data == STATEMENT
    assert r.topics() == {"FlexQueryResponse", "FlexStatements", "FlexStatement", "Trade", "OpenPosition",
                          "CashTransaction"}

    trades = r.extract("Trade")
    assert [t.symbol for t in trades] == ["AAPL", "MSFT", "EUR.USD"]
    aapl, msft, eur = trades
    assert isinstance(aapl, FlexObject) and type(aapl).__name__ == "Trade"
    assert dataclasses.is_dataclass(aapl)
    assert aapl.quantity == 100 and isinstance(aapl.quantity, int)
    assert aapl.tradePrice == 227.45 and isinstance(aapl.tradePrice, float)
    assert aapl.ibCommission == -1.005
    assert aapl.conid == 265598 and aapl.orderID == 4242
    assert aapl.cusip == "037833100"  # leading zero: an identifier, not a number
    assert aapl.tradeDate == dt.date(2026, 11, 24)
    assert aapl.dateTime == dt.datetime(2026, 11, 24, 15, 30, 12)
    assert aapl.notes is None  # empty
    assert msft.quantity == -20 and msft.tradePrice == 415 and msft.notes == "P"
    # a field only one row has: the others have it as None
    assert eur.fxRateToBase == 1.0487 and aapl.fxRateToBase is None and eur.cusip is None
    assert [f.name for f in dataclasses.fields(aapl)][:4] == ["accountId", "currency", "assetCategory", "symbol"]
    with pytest.raises(AttributeError):
        aapl.noSuchField  # noqa: B018

    cash = r.extract("CashTransaction")
    assert [c.amount for c in cash] == [25, 3.17]
    assert cash[0].dateTime == dt.datetime(2026, 11, 20, 20, 20, 0)
    assert cash[1].dateTime == dt.date(2026, 11, 3) and cash[1].settleDate == dt.date(2026, 11, 3)
    assert cash[1].symbol is None and cash[1].conid is None
    assert cash[0].description == "AAPL(US0378331005) CASH DIVIDEND USD 0.25 PER SHARE"

    stmt, = r.extract("FlexStatement")
    assert stmt.accountId == "U7654321" and stmt.fromDate == dt.date(2026, 11, 23)
    assert stmt.whenGenerated == dt.datetime(2026, 11, 24, 17, 5, 12)
    assert r.extract("NoSuchTopic") == []


def test_extract_without_parsing_keeps_the_text(service: FlexService) -> None:
    r = fast(service.url)
    r.download("good", "1")
    pos = r.extract("OpenPosition", parseNumbers=False)
    assert [(p.symbol, p.position, p.markPrice, p.reportDate) for p in pos] == [
        ("AAPL", "100", "228.1", "20261124"), ("MSFT", "-20", "414.2", "20261124")]
    eur = r.extract("Trade", parseNumbers=False)[2]
    assert eur.cusip == "" and eur.fxRateToBase == "1.0487"
    assert r.extract("Trade", parseNumbers=False)[0].fxRateToBase == ""


def test_df_has_a_column_per_field_with_numeric_and_datetime_dtypes(service: FlexService) -> None:
    pd = pytest.importorskip("pandas")
    r = fast(service.url)
    r.download("good", "1")
    frame = r.df("Trade")
    assert list(frame.columns) == [f.name for f in dataclasses.fields(r.extract("Trade")[0])]
    assert len(frame) == 3
    assert pd.api.types.is_integer_dtype(frame["quantity"]) and frame["quantity"].tolist() == [100, -20, 25000]
    assert pd.api.types.is_float_dtype(frame["tradePrice"])
    assert pd.api.types.is_datetime64_any_dtype(frame["dateTime"])
    assert frame["dateTime"].iloc[1] == pd.Timestamp("2026-11-24 15:45:01")
    assert pd.api.types.is_float_dtype(frame["fxRateToBase"]) and frame["fxRateToBase"].isna().tolist() == [
        True, True, False]
    positions = r.df("OpenPosition")
    assert positions["fifoPnlUnrealized"].sum() == pytest.approx(78.995)


def test_constructor_downloads_and_class_settings_apply(service: FlexService, monkeypatch: Any) -> None:
    monkeypatch.setattr(FlexReport, "PollInterval", 0.01)
    r = FlexReport("good", 55, url=service.url)
    assert service.paths().count("GetStatement") == 3
    assert len(r.extract("Trade")) == 3


def test_address_from_the_environment_as_ib_async_users_set_it(service: FlexService, monkeypatch: Any) -> None:
    monkeypatch.setenv("IB_FLEXREPORT_URL", service.url + "?")  # ib_async's form ends in '?'
    r = FlexReport()
    assert r.get_url() == service.url + "?"
    r.PollInterval = 0.01
    r.download("good", "7")
    assert service.requests[0] == ("/AccountManagement/FlexWebService/SendRequest", {"t": "good", "q": "7", "v": "3"})
    monkeypatch.setenv("IB_FLEXREPORT_URL", "not an address")
    with pytest.raises(FlexError, match="invalid Flex Web Service address"):
        FlexReport().get_url()
    monkeypatch.delenv("IB_FLEXREPORT_URL")
    assert FlexReport().get_url().startswith("https://") and FlexReport().get_url().endswith("/SendRequest")


def test_save_and_load_round_trip(service: FlexService, tmp_path: Path) -> None:
    r = fast(service.url)
    r.download("good", "1")
    path = tmp_path / "statement.xml"
    r.save(str(path))
    assert path.read_bytes() == STATEMENT
    again = FlexReport(path=str(path))
    assert again.topics() == r.topics()
    assert again.extract("Trade") != []
    assert [dataclasses.astuple(t) for t in again.extract("Trade")] == [
        dataclasses.astuple(t) for t in r.extract("Trade")]


def test_bad_token_raises_the_services_code_and_message(service: FlexService) -> None:
    with pytest.raises(FlexError) as e:
        fast(service.url).download("bad", "1")
    assert e.value.code == 1015 and e.value.message == "Token is invalid."
    assert str(e.value) == "1015: Token is invalid."
    assert service.paths() == ["SendRequest"]


def test_too_many_requests_on_send_request_is_asked_again(service: FlexService) -> None:
    r = fast(service.url)
    r.download("throttled", "1")
    assert service.paths() == ["SendRequest", "SendRequest", "GetStatement", "GetStatement", "GetStatement"]
    assert len(r.extract("OpenPosition")) == 2


def test_endless_generation_ends_in_a_flex_error_at_the_bound(service: FlexService) -> None:
    r = fast(service.url, timeout=0.5)
    r.PollInterval = 0.05
    t0 = time.monotonic()
    with pytest.raises(FlexError) as e:
        r.download("endless", "1")
    took = time.monotonic() - t0
    assert e.value.code == 1019 and "not ready within 0.5 s" in str(e.value)
    assert took < 0.5 + 1.0
    polls = service.polls["REF-endless"]
    assert 3 <= polls <= 11, polls  # about PollTimeout / PollInterval
    assert not hasattr(r, "root")


def test_a_refusal_while_polling_is_not_retried(service: FlexService) -> None:
    with pytest.raises(FlexError) as e:
        fast(service.url).download("gone", "1")
    assert e.value.code == 1017 and e.value.message == "Reference code is invalid."
    assert service.polls["REF-gone"] == 1


def test_malformed_xml_raises_flex_error(service: FlexService, tmp_path: Path) -> None:
    with pytest.raises(FlexError, match="no valid XML"):
        fast(service.url).download("garbled", "1")
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<FlexQueryResponse><FlexStatements>")
    with pytest.raises(FlexError, match="no valid XML"):
        FlexReport(path=str(bad))
    # an address that answers HTML-ish junk at SendRequest
    with pytest.raises(FlexError):
        fast(f"http://127.0.0.1:{service.port}/elsewhere").download("good", "1")


def test_unreachable_service_and_nothing_loaded(service: FlexService) -> None:
    url = service.url
    service.close()
    r = fast(url)
    r.HttpTimeout = 2
    with pytest.raises(FlexError, match="request failed"):
        r.download("good", "1")
    for call in (r.topics, lambda: r.extract("Trade"), lambda: r.save("/nonexistent/x.xml")):
        with pytest.raises(FlexError, match="no statement"):
            call()
