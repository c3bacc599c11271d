"""The simulator's messages read back through the client decoders at every server version.

The client decoders are checked against the official client; every layout the
server writes must come back as the values it was given, up to the message's
last field (so a misaligned group cannot hide).
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle.spec import build
from test_requests_oracle import CLASSES, STRATEGIES, VERSIONS

from ibwire.model import BarData, CommissionAndFeesReport, Contract, ContractDetails, Execution, OrderState, TagValue
from ibwire.protocol.fields import ClientException
from ibwire.protocol.messages import Decoder
from ibwire.protocol.server import SessionEncoder
from ibwire.protocol.versions import MIN_SERVER_VER_PEGGED_TO_BENCHMARK as PEGGED_TO_BENCHMARK

EXAMPLES = int(os.environ.get("IBWIRE_EXAMPLES", "25"))
#: the request tests' strategies for contracts and orders, their typed values
contracts, orders = STRATEGIES[False]["Contract"], STRATEGIES[False]["Order"]


def events(sv: int, data: bytes) -> list[tuple[str, tuple[Any, ...]]]:
    d = Decoder(sv)
    out = []
    while data:
        n = int.from_bytes(data[:4], "big")
        out += [e for e in d.decode(data[4:4 + n]) if not e[0].endswith("ProtoBuf")]
        data = data[4 + n:]
    return out


# protobuf forms exist from server 201: each version in text, the protobuf ones in both forms
FORMS = [(sv, False) for sv in VERSIONS] + [(sv, True) for sv in VERSIONS if sv >= 201]


def stock() -> Contract:
    c = Contract()
    c.conId, c.symbol, c.secType, c.exchange, c.primaryExchange, c.currency = 265598, "AAPL", "STK", "SMART", "NASDAQ", "USD"
    c.localSymbol, c.tradingClass, c.multiplier = "AAPL", "NMS", ""
    return c


@pytest.mark.parametrize("sv,protobuf", FORMS)
def test_market_data_contract_history_account_messages(sv: int, protobuf: bool) -> None:
    enc = SessionEncoder(sv, protobuf=protobuf)
    c = stock()
    cd = ContractDetails()
    cd.contract = c
    cd.marketName, cd.minTick, cd.orderTypes, cd.validExchanges, cd.longName = "NMS", 0.01, "LMT,MKT", "SMART,ISLAND", "APPLE INC"
    cd.timeZoneId, cd.tradingHours, cd.secIdList = "US/Eastern", "20261124:0930-20261124:1600", [TagValue("ISIN", "US0378331005")]
    cd.stockType, cd.minSize, cd.sizeIncrement, cd.suggestedSizeIncrement = "COMMON", Decimal("0.0001"), Decimal("0.0001"), Decimal(100)
    bar = BarData()
    bar.date, bar.open, bar.high, bar.low, bar.close, bar.volume, bar.wap, bar.barCount = (
        "20261124 09:30:00", 100.5, 101.0, 100.0, 100.75, Decimal(1200), Decimal("100.6"), 12)
    e = Execution()
    e.orderId, e.execId, e.time, e.acctNumber, e.exchange, e.side = 7, "0001.01", "20261124 10:00:00", "DU1", "ISLAND", "BOT"
    e.shares, e.price, e.permId, e.clientId, e.cumQty, e.avgPrice = Decimal(100), 100.5, 99, 3, Decimal(100), 100.5
    r = CommissionAndFeesReport()
    r.execId, r.commissionAndFees, r.currency, r.realizedPNL, r.yield_, r.yieldRedemptionDate = "0001.01", 1.0, "USD", 0.0, 0.0, 0
    data = (enc.tick_price(1, 1, 100.25, Decimal(300), 1) + enc.tick_size(1, 8, Decimal(1000)) + enc.tick_string(1, 45, "1700000000")
            + enc.tick_generic(1, 49, 0.0) + enc.market_data_type(1, 3) + enc.contract_data(4, cd) + enc.contract_data_end(4)
            + enc.historical_data(5, [bar, bar], "s", "e") + enc.historical_data_update(5, bar)
            + enc.order_status(7, "Filled", Decimal(100), Decimal(0), 100.5, 99, 0, 100.5, 3)
            + enc.exec_details(-1, c, e) + enc.commission_report(r) + enc.account_value("NetLiquidation", "100000", "USD", "DU1")
            + enc.portfolio(c, Decimal(100), 101.0, 10100.0, 100.5, 50.0, 0.0, "DU1") + enc.position("DU1", c, Decimal(100), 100.5)
            + enc.position_end() + enc.account_summary(9, "DU1", "NetLiquidation", "100000", "USD") + enc.account_summary_end(9)
            + enc.pnl(10, 1.0, 2.0, 3.0) + enc.next_valid_id(8) + enc.error(7, 201, "Order rejected", when_ms=1))
    got = events(sv, data)
    names = [n for n, _ in got]
    assert names == ["tickPrice", "tickSize", "tickSize", "tickString", "tickGeneric", "marketDataType", "contractDetails",
                     "contractDetailsEnd", "historicalData", "historicalData", "historicalDataEnd", "historicalDataUpdate",
                     "orderStatus", "execDetails", "commissionAndFeesReport", "updateAccountValue", "updatePortfolio",
                     "position", "positionEnd", "accountSummary", "accountSummaryEnd", "pnl", "nextValidId", "error"]
    a = dict(got)
    d2 = a["contractDetails"][1]
    assert (d2.contract.conId, d2.contract.symbol, d2.longName, d2.validExchanges) == (265598, "AAPL", "APPLE INC", "SMART,ISLAND")
    assert d2.secIdList[0].value == "US0378331005"
    if sv >= 164:
        assert d2.minSize == Decimal("0.0001") and d2.suggestedSizeIncrement == Decimal(100)
    b2 = a["historicalData"][1]
    assert (b2.date, b2.open, b2.close, b2.volume, b2.wap, b2.barCount) == (bar.date, 100.5, 100.75, Decimal(1200), Decimal("100.6"), 12)
    assert a["historicalDataUpdate"][1].close == 100.75
    assert a["orderStatus"][:4] == (7, "Filled", Decimal(100), Decimal(0))
    rid, c2, e2 = a["execDetails"]
    assert (c2.conId, e2.execId, e2.shares, e2.price, e2.cumQty) == (265598, "0001.01", Decimal(100), 100.5, Decimal(100))
    assert a["commissionAndFeesReport"][0].commissionAndFees == 1.0
    assert a["updatePortfolio"][1:] == (Decimal(100), 101.0, 10100.0, 100.5, 50.0, 0.0, "DU1")
    assert a["position"][2:] == (Decimal(100), 100.5)
    assert a["accountSummary"] == (9, "DU1", "NetLiquidation", "100000", "USD")
    assert a["error"][2] == 201


@pytest.mark.parametrize("sv,protobuf", FORMS)
def test_open_and_completed_orders_read_back(sv: int, protobuf: bool) -> None:
    enc = SessionEncoder(sv, protobuf=protobuf)

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
              derandomize="IBWIRE_RANDOM" not in os.environ, database=None)
    @given(contracts, orders, st.sampled_from(["Submitted", "Filled", "PreSubmitted"]))
    def check(cspec: Any, ospec: Any, status: str) -> None:
        c, o = build(cspec, CLASSES), build(ospec, CLASSES)
        for leg in c.comboLegs or []:
            leg.exemptCode = leg.exemptCode if leg.exemptCode != 0 else -1
        state = OrderState()
        state.status = status
        o.orderId, o.clientId, o.permId = 11, 2, 12345
        if sv >= 200:
            o.submitter = "me"
        try:
            data = enc.open_order(o, c, state) + enc.completed_order(o, c, state)
        except (TypeError, ValueError, ClientException):
            return  # values the wire cannot carry (None in a text field, a condition protobuf cannot hold)
        (n1, (oid, c1, o1, s1)), (n2, (c2, o2, s2)) = events(sv, data)
        assert (n1, n2) == ("openOrder", "completedOrder")
        for cc, oo, ss in ((c1, o1, s1), (c2, o2, s2)):
            # protobuf leaves "unset" numbers out, so they read back as 0 (as with the official client)
            con_id = 0 if protobuf and c.conId == 2147483647 else c.conId
            assert (cc.conId, cc.symbol, cc.secType, cc.currency) == (con_id, c.symbol, c.secType, c.currency)
            assert (oo.action, oo.totalQuantity, oo.orderType, oo.tif, oo.account) == (
                o.action, o.totalQuantity, o.orderType, o.tif, o.account)
            assert (oo.algoStrategy, len(oo.conditions), oo.permId, ss.status) == (
                o.algoStrategy, len(o.conditions) if sv >= PEGGED_TO_BENCHMARK else 0, 12345, status)
            if sv >= 200:
                assert oo.submitter == "me"  # the last field: every group before it lined up
        assert (oid, o1.clientId) == (11, 2)

    check()
