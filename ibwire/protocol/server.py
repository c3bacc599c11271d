"""The server side of the codec: what a gateway sends and how it reads requests.

Used by :mod:`ibwire.sim` and by tests. Messages are encoded in the form a
client at ``server_version`` expects: raw 4-byte ids from 201, text fields
before, and protobuf bodies for the kinds listed in :data:`PROTOBUF_MSG_SINCE`
(the simulator's choice of when a message kind goes as protobuf; the
official decoder accepts either form at any version >= 201).
"""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from ..model.const import UNSET_DOUBLE
from . import server_pb as P
from . import versions as v
from .fields import size_text
from .framing import Frame, frame, split_frame
from .ids import IN, PROTOBUF_MSG_ID
from .proto import CurrentTimeInMillis_pb2, CurrentTime_pb2, ErrorMessage_pb2, ManagedAccounts_pb2, NextValidId_pb2

__all__ = ["text_message", "proto_message", "read_request", "ServerEncoder", "SessionEncoder", "PROTOBUF_MSG_SINCE"]


def text_message(server_version: int, msg_id: int, *fields: Any) -> bytes:
    """A text message frame; each field is written with ``str()`` (bools as 0/1)."""
    body = "".join(f"{int(f) if isinstance(f, bool) else f}\0" for f in fields).encode()
    if server_version >= v.MIN_SERVER_VER_PROTOBUF:
        return frame(msg_id.to_bytes(4, "big") + body)
    return frame(f"{msg_id}\0".encode() + body)


def enum_code(item: Any) -> str:
    """The code a fund enum travels as ("N", "004"); "None" for none."""
    code = item.value[0]
    return code if isinstance(code, str) else str(code[0])


def proto_message(msg_id: int, message: Message) -> bytes:
    return frame((msg_id + PROTOBUF_MSG_ID).to_bytes(4, "big") + message.SerializeToString())


def read_request(body: bytes, server_version: int) -> Frame:
    """Split a request frame body: the request id and its fields or protobuf body."""
    return split_frame(body, server_version)


#: From which server version the simulator sends each kind as protobuf.
PROTOBUF_MSG_SINCE: dict[int, int] = {
    IN.ERR_MSG: v.MIN_SERVER_VER_PROTOBUF_REST_MESSAGES_3,
    IN.NEXT_VALID_ID: v.MIN_SERVER_VER_PROTOBUF_REST_MESSAGES_3,
    IN.MANAGED_ACCTS: v.MIN_SERVER_VER_PROTOBUF_ACCOUNTS_POSITIONS,
    IN.CURRENT_TIME: v.MIN_SERVER_VER_PROTOBUF_REST_MESSAGES_3,
    IN.CURRENT_TIME_IN_MILLIS: v.MIN_SERVER_VER_PROTOBUF_REST_MESSAGES_3,
}


class ServerEncoder:
    """Encoders of server messages bound to one negotiated version.

    ``protobuf``: ``None`` follows :data:`PROTOBUF_MSG_SINCE`; ``False`` sends
    every kind as text and ``True`` every kind as protobuf (from 201), to test
    clients on both paths.
    """

    def __init__(self, server_version: int, protobuf: bool | None = None) -> None:
        self.sv = server_version
        if server_version < v.MIN_SERVER_VER_PROTOBUF or protobuf is False:
            self._pb: set[int] = set()
        elif protobuf:
            from .server_pb import PROTO_BODIES

            self._pb = set(PROTOBUF_MSG_SINCE) | set(_simple_table()) | set(_TICKS) | PROTO_BODIES
        else:
            self._pb = {k for k, since in PROTOBUF_MSG_SINCE.items() if server_version >= since}

    def uses_protobuf(self, msg_id: int) -> bool:
        return msg_id in self._pb

    def next_valid_id(self, order_id: int) -> bytes:
        if IN.NEXT_VALID_ID in self._pb:
            return proto_message(IN.NEXT_VALID_ID, NextValidId_pb2.NextValidId(orderId=order_id))
        return text_message(self.sv, IN.NEXT_VALID_ID, 1, order_id)

    def managed_accounts(self, accounts: str) -> bytes:
        if IN.MANAGED_ACCTS in self._pb:
            return proto_message(IN.MANAGED_ACCTS, ManagedAccounts_pb2.ManagedAccounts(accountsList=accounts))
        return text_message(self.sv, IN.MANAGED_ACCTS, 1, accounts)

    def current_time(self, seconds: int) -> bytes:
        if IN.CURRENT_TIME in self._pb:
            return proto_message(IN.CURRENT_TIME, CurrentTime_pb2.CurrentTime(currentTime=seconds))
        return text_message(self.sv, IN.CURRENT_TIME, 1, seconds)

    def current_time_in_millis(self, millis: int) -> bytes:
        if IN.CURRENT_TIME_IN_MILLIS in self._pb:
            return proto_message(
                IN.CURRENT_TIME_IN_MILLIS, CurrentTimeInMillis_pb2.CurrentTimeInMillis(currentTimeInMillis=millis)
            )
        return text_message(self.sv, IN.CURRENT_TIME_IN_MILLIS, millis)

    def error(self, req_id: int, code: int, text: str, json: str = "", when_ms: int = 0) -> bytes:
        if IN.ERR_MSG in self._pb:
            m = ErrorMessage_pb2.ErrorMessage(id=req_id, errorCode=code, errorMsg=text, errorTime=when_ms)
            if json:
                m.advancedOrderRejectJson = json
            return proto_message(IN.ERR_MSG, m)
        fields: list[Any] = [] if self.sv >= v.MIN_SERVER_VER_ERROR_TIME else [2]
        fields += [req_id, code, text]
        if self.sv >= v.MIN_SERVER_VER_ADVANCED_ORDER_REJECT:
            fields.append(json)
        if self.sv >= v.MIN_SERVER_VER_ERROR_TIME:
            fields.append(when_ms)
        return text_message(self.sv, IN.ERR_MSG, *fields)


# --- the messages of a session ----------------------------------------------------------------
# Text layouts mirror the client decoders in ``incoming`` (tests/test_server_messages.py
# reads every one back through them at every server version).


def _strike(c: Any) -> float:
    """A contract's strike as its text fields carry it: 0 when unset."""
    return 0.0 if c.strike == UNSET_DOUBLE else c.strike


def _simple_table() -> dict[int, tuple[Any, str, str, tuple[tuple[Any, ...], ...]]]:
    from .incoming_pb import SIMPLE

    return SIMPLE


def _tick_classes() -> dict[int, tuple[Any, tuple[str, ...]]]:
    from .proto import TickGeneric_pb2, TickPrice_pb2, TickSize_pb2, TickString_pb2

    return {
        IN.TICK_PRICE: (TickPrice_pb2.TickPrice, ("reqId", "tickType", "price", "size", "attrMask")),
        IN.TICK_SIZE: (TickSize_pb2.TickSize, ("reqId", "tickType", "size")),
        IN.TICK_STRING: (TickString_pb2.TickString, ("reqId", "tickType", "value")),
        IN.TICK_GENERIC: (TickGeneric_pb2.TickGeneric, ("reqId", "tickType", "value")),
    }


_TICKS = _tick_classes()


class SessionEncoder(ServerEncoder):
    """Every message the simulator sends, for one negotiated version.

    Text by default; with ``protobuf=True`` (from server 201) the plain
    messages (``incoming_pb.SIMPLE``, read back by the same rows) and the
    market data ticks go as protobuf.
    """

    def _t(self, msg_id: int, *fields: Any) -> bytes:
        return text_message(self.sv, msg_id, *fields)

    def _simple(self, msg_id: int, args: tuple[Any, ...], text: tuple[Any, ...]) -> bytes:
        """The protobuf form of a plain message when this encoder uses it, else ``text`` as fields."""
        if msg_id not in self._pb:
            return self._t(msg_id, *text)
        cls, _, _, rows = _simple_table()[msg_id]
        m = cls()
        for row, arg in zip(rows, args):
            if arg is None or arg == row[1]:
                continue  # absent reads back as the default
            setattr(m, row[0], size_text(arg) if len(row) > 2 else arg)
        return proto_message(msg_id, m)

    def _tick(self, msg_id: int, text: tuple[Any, ...], *args: Any) -> bytes:
        if msg_id not in self._pb:
            return self._t(msg_id, *text)
        cls, names = _TICKS[msg_id]
        m = cls()
        for name, arg in zip(names, args):
            setattr(m, name, arg)
        return proto_message(msg_id, m)

    # market data
    def tick_price(self, req_id: int, tick_type: int, price: float, size: Any, mask: int = 0) -> bytes:
        return self._tick(IN.TICK_PRICE, (6, req_id, tick_type, price, size_text(size), mask),
                          req_id, tick_type, price, size_text(size), mask)

    def tick_size(self, req_id: int, tick_type: int, size: Any) -> bytes:
        return self._tick(IN.TICK_SIZE, (6, req_id, tick_type, size_text(size)), req_id, tick_type, size_text(size))

    def tick_string(self, req_id: int, tick_type: int, value: str) -> bytes:
        return self._tick(IN.TICK_STRING, (6, req_id, tick_type, value), req_id, tick_type, value)

    def tick_generic(self, req_id: int, tick_type: int, value: float) -> bytes:
        return self._tick(IN.TICK_GENERIC, (6, req_id, tick_type, value), req_id, tick_type, value)

    def market_data_type(self, req_id: int, kind: int) -> bytes:
        return self._simple(IN.MARKET_DATA_TYPE, (req_id, kind), (1, req_id, kind))

    def tick_snapshot_end(self, req_id: int) -> bytes:
        return self._simple(IN.TICK_SNAPSHOT_END, (req_id,), (1, req_id))

    def tick_req_params(self, req_id: int, min_tick: float, bbo: str, permissions: int) -> bytes:
        if IN.TICK_REQ_PARAMS in self._pb:
            return proto_message(IN.TICK_REQ_PARAMS, P.tick_req_params_message(req_id, min_tick, bbo, permissions))
        return self._t(IN.TICK_REQ_PARAMS, req_id, min_tick, bbo, permissions)

    # contracts
    def contract_data(self, req_id: int, cd: Any) -> bytes:
        if IN.CONTRACT_DATA in self._pb:
            return proto_message(IN.CONTRACT_DATA, P.contract_details_message(req_id, cd))
        sv = self.sv
        c = cd.contract
        size_rules = sv >= v.MIN_SERVER_VER_SIZE_RULES
        f: list[Any] = [] if size_rules else [8]
        f += [req_id, c.symbol, c.secType,
              c.lastTradeDateOrContractMonth + (f" {cd.lastTradeTime}" if cd.lastTradeTime else "")]
        if sv >= v.MIN_SERVER_VER_LAST_TRADE_DATE:
            f.append(c.lastTradeDate)
        f += [_strike(c), c.right, c.exchange, c.currency, c.localSymbol,
              cd.marketName, c.tradingClass, c.conId, cd.minTick]
        if v.MIN_SERVER_VER_MD_SIZE_MULTIPLIER <= sv < v.MIN_SERVER_VER_SIZE_RULES:
            f.append(1)
        f += [c.multiplier, cd.orderTypes, cd.validExchanges, cd.priceMagnifier, cd.underConId,
              cd.longName.encode("unicode-escape").decode() if sv >= v.MIN_SERVER_VER_ENCODE_MSG_ASCII7 else cd.longName,
              c.primaryExchange, cd.contractMonth, cd.industry, cd.category, cd.subcategory, cd.timeZoneId,
              cd.tradingHours, cd.liquidHours, cd.evRule, cd.evMultiplier]
        tags = cd.secIdList or []
        f.append(len(tags))
        for t in tags:
            f += [t.tag, t.value]
        if sv >= v.MIN_SERVER_VER_AGG_GROUP:
            f.append(cd.aggGroup)
        if sv >= v.MIN_SERVER_VER_UNDERLYING_INFO:
            f += [cd.underSymbol, cd.underSecType]
        if sv >= v.MIN_SERVER_VER_MARKET_RULES:
            f.append(cd.marketRuleIds)
        if sv >= v.MIN_SERVER_VER_REAL_EXPIRATION_DATE:
            f.append(cd.realExpirationDate)
        if sv >= v.MIN_SERVER_VER_STOCK_TYPE:
            f.append(cd.stockType)
        if v.MIN_SERVER_VER_FRACTIONAL_SIZE_SUPPORT <= sv < v.MIN_SERVER_VER_SIZE_RULES:
            f.append(size_text(cd.sizeIncrement))
        if size_rules:
            f += [size_text(cd.minSize), size_text(cd.sizeIncrement), size_text(cd.suggestedSizeIncrement)]
        if sv >= v.MIN_SERVER_VER_FUND_DATA_FIELDS and c.secType == "FUND":
            f += [cd.fundName, cd.fundFamily, cd.fundType, cd.fundFrontLoad, cd.fundBackLoad,
                  cd.fundBackLoadTimeInterval, cd.fundManagementFee, cd.fundClosed, cd.fundClosedForNewInvestors,
                  cd.fundClosedForNewMoney, cd.fundNotifyAmount, cd.fundMinimumInitialPurchase,
                  cd.fundSubsequentMinimumPurchase, cd.fundBlueSkyStates, cd.fundBlueSkyTerritories,
                  enum_code(cd.fundDistributionPolicyIndicator), enum_code(cd.fundAssetType)]
        if sv >= v.MIN_SERVER_VER_INELIGIBILITY_REASONS:
            reasons = cd.ineligibilityReasonList or []
            f.append(len(reasons))
            for r in reasons:
                f += [r.id_, r.description]
        return self._t(IN.CONTRACT_DATA, *f)

    def contract_data_end(self, req_id: int) -> bytes:
        return self._simple(IN.CONTRACT_DATA_END, (req_id,), (1, req_id))

    # history
    def historical_data(self, req_id: int, bars: list[Any], start: str, end: str) -> bytes:
        """The bars, and from server 196 the separate end message."""
        if IN.HISTORICAL_DATA in self._pb:
            return proto_message(IN.HISTORICAL_DATA, P.bars_message(req_id, bars)) + self._simple(
                IN.HISTORICAL_DATA_END, (req_id, start, end), (req_id, start, end))
        sv = self.sv
        f: list[Any] = [] if sv >= v.MIN_SERVER_VER_SYNT_REALTIME_BARS else [6]
        f.append(req_id)
        if sv < v.MIN_SERVER_VER_HISTORICAL_DATA_END:
            f += [start, end]
        f.append(len(bars))
        for b in bars:
            f += [b.date, b.open, b.high, b.low, b.close, size_text(b.volume), size_text(b.wap)]
            if sv < v.MIN_SERVER_VER_SYNT_REALTIME_BARS:
                f.append("false")
            f.append(b.barCount)
        out = self._t(IN.HISTORICAL_DATA, *f)
        if sv >= v.MIN_SERVER_VER_HISTORICAL_DATA_END:
            out += self._simple(IN.HISTORICAL_DATA_END, (req_id, start, end), (req_id, start, end))
        return out

    def historical_data_update(self, req_id: int, b: Any) -> bytes:
        if IN.HISTORICAL_DATA_UPDATE in self._pb:
            return proto_message(IN.HISTORICAL_DATA_UPDATE, P.bar_update_message(req_id, b))
        return self._t(IN.HISTORICAL_DATA_UPDATE, req_id, b.barCount, b.date, b.open, b.close, b.high, b.low,
                       size_text(b.wap), size_text(b.volume))

    def head_timestamp(self, req_id: int, stamp: str) -> bytes:
        return self._simple(IN.HEAD_TIMESTAMP, (req_id, stamp), (req_id, stamp))

    # orders
    def order_status(self, order_id: int, status: str, filled: Any, remaining: Any, avg_price: float, perm_id: int,
                     parent_id: int, last_price: float, client_id: int, why_held: str = "",
                     mkt_cap_price: float = 0.0) -> bytes:
        f: list[Any] = [] if self.sv >= v.MIN_SERVER_VER_MARKET_CAP_PRICE else [6]
        f += [order_id, status, size_text(filled), size_text(remaining), avg_price, perm_id, parent_id, last_price, client_id,
              why_held]
        if self.sv >= v.MIN_SERVER_VER_MARKET_CAP_PRICE:
            f.append(mkt_cap_price)
        return self._simple(IN.ORDER_STATUS, (order_id, status, filled, remaining, avg_price, perm_id, parent_id,
                                              last_price, client_id, why_held, mkt_cap_price), tuple(f))

    def open_order(self, order: Any, contract: Any, state: Any) -> bytes:
        if IN.OPEN_ORDER in self._pb:
            return proto_message(IN.OPEN_ORDER, P.open_order_message(order, contract, state))
        from .orders_out import open_order

        return self._t(IN.OPEN_ORDER, *open_order(self.sv, order, contract, state))

    def open_order_end(self) -> bytes:
        return self._simple(IN.OPEN_ORDER_END, (), (1,))

    def completed_order(self, order: Any, contract: Any, state: Any) -> bytes:
        if IN.COMPLETED_ORDER in self._pb:
            return proto_message(IN.COMPLETED_ORDER, P.completed_order_message(order, contract, state))
        from .orders_out import completed_order

        return self._t(IN.COMPLETED_ORDER, *completed_order(self.sv, order, contract, state))

    def completed_orders_end(self) -> bytes:
        return self._simple(IN.COMPLETED_ORDERS_END, (), ())

    def exec_details(self, req_id: int, c: Any, e: Any) -> bytes:
        if IN.EXECUTION_DATA in self._pb:
            return proto_message(IN.EXECUTION_DATA, P.execution_message(req_id, c, e))
        sv = self.sv
        liquidity = sv >= v.MIN_SERVER_VER_LAST_LIQUIDITY
        f: list[Any] = [] if liquidity else [10]
        f += [req_id, e.orderId, c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth,
              _strike(c), c.right, c.multiplier, c.exchange, c.currency,
              c.localSymbol, c.tradingClass, e.execId, e.time, e.acctNumber, e.exchange, e.side, size_text(e.shares),
              e.price, e.permId, e.clientId, e.liquidation, size_text(e.cumQty), e.avgPrice, e.orderRef, e.evRule,
              e.evMultiplier]
        if sv >= v.MIN_SERVER_VER_MODELS_SUPPORT:
            f.append(e.modelCode)
        if liquidity:
            f.append(e.lastLiquidity)
        if sv >= v.MIN_SERVER_VER_PENDING_PRICE_REVISION:
            f.append(e.pendingPriceRevision)
        if sv >= v.MIN_SERVER_VER_SUBMITTER:
            f.append(e.submitter)
        return self._t(IN.EXECUTION_DATA, *f)

    def exec_details_end(self, req_id: int) -> bytes:
        return self._simple(IN.EXECUTION_DATA_END, (req_id,), (1, req_id))

    def commission_report(self, r: Any) -> bytes:
        if IN.COMMISSION_AND_FEES_REPORT in self._pb:
            return proto_message(IN.COMMISSION_AND_FEES_REPORT, P.commission_message(r))
        return self._t(IN.COMMISSION_AND_FEES_REPORT, 1, r.execId, r.commissionAndFees, r.currency, r.realizedPNL,
                       r.yield_, r.yieldRedemptionDate)

    # account
    def account_value(self, key: str, value: str, currency: str, account: str) -> bytes:
        return self._simple(IN.ACCT_VALUE, (key, value, currency, account), (2, key, value, currency, account))

    def portfolio(self, c: Any, position: Any, market_price: float, market_value: float, avg_cost: float,
                  unrealized: float, realized: float, account: str) -> bytes:
        if IN.PORTFOLIO_VALUE in self._pb:
            return proto_message(IN.PORTFOLIO_VALUE, P.portfolio_message(c, position, market_price, market_value, avg_cost, unrealized, realized, account))
        return self._t(IN.PORTFOLIO_VALUE, 8, c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth,
                       _strike(c), c.right, c.multiplier, c.primaryExchange,
                       c.currency, c.localSymbol, c.tradingClass, size_text(position), market_price, market_value,
                       avg_cost, unrealized, realized, account)

    def account_time(self, stamp: str) -> bytes:
        return self._simple(IN.ACCT_UPDATE_TIME, (stamp,), (1, stamp))

    def account_download_end(self, account: str) -> bytes:
        return self._simple(IN.ACCT_DOWNLOAD_END, (account,), (1, account))

    def position(self, account: str, c: Any, pos: Any, avg_cost: float) -> bytes:
        if IN.POSITION_DATA in self._pb:
            return proto_message(IN.POSITION_DATA, P.position_message(account, c, pos, avg_cost))
        return self._t(IN.POSITION_DATA, 3, account, c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth,
                       _strike(c), c.right, c.multiplier, c.exchange, c.currency,
                       c.localSymbol, c.tradingClass, size_text(pos), avg_cost)

    def position_end(self) -> bytes:
        return self._simple(IN.POSITION_END, (), (1,))

    def account_summary(self, req_id: int, account: str, tag: str, value: str, currency: str) -> bytes:
        return self._simple(IN.ACCOUNT_SUMMARY, (req_id, account, tag, value, currency),
                            (1, req_id, account, tag, value, currency))

    def account_summary_end(self, req_id: int) -> bytes:
        return self._simple(IN.ACCOUNT_SUMMARY_END, (req_id,), (1, req_id))

    def pnl(self, req_id: int, daily: float, unrealized: float, realized: float) -> bytes:
        f: list[Any] = [req_id, daily]
        if self.sv >= v.MIN_SERVER_VER_UNREALIZED_PNL:
            f.append(unrealized)
        if self.sv >= v.MIN_SERVER_VER_REALIZED_PNL:
            f.append(realized)
        return self._simple(IN.PNL, (req_id, daily, unrealized, realized), tuple(f))

    def plain(self, msg_id: int, *args: Any) -> bytes:
        """A plain message (version field, then one field per callback argument; see ``incoming.WRAP``)."""
        from .incoming import WRAP

        name, kinds = WRAP[msg_id]
        if len(args) != len(kinds):
            raise TypeError(f"{name} takes {len(kinds)} fields, got {len(args)}")
        return self._simple(msg_id, args, (1, *args)) if msg_id in _simple_table() else self._t(msg_id, 1, *args)

    def position_multi(self, req_id: int, account: str, model: str, c: Any, pos: Any, avg_cost: float) -> bytes:
        if IN.POSITION_MULTI in self._pb:
            return proto_message(IN.POSITION_MULTI, P.position_multi_message(req_id, account, model, c, pos, avg_cost))
        return self._t(IN.POSITION_MULTI, 1, req_id, account, c.conId, c.symbol, c.secType,
                       c.lastTradeDateOrContractMonth, _strike(c), c.right,
                       c.multiplier, c.exchange, c.currency, c.localSymbol, c.tradingClass, size_text(pos), avg_cost, model)

    def bare(self, msg_id: int, *args: Any) -> bytes:
        """A message with no version field: one field per callback argument."""
        return self._simple(msg_id, args, args) if msg_id in _simple_table() else self._t(msg_id, *args)

    def tick_option_computation(self, req_id: int, tick_type: int, attrib: int, iv: float | None,
                                delta: float | None, price: float | None, pv: float | None, gamma: float | None,
                                vega: float | None, theta: float | None, und: float | None) -> bytes:
        if IN.TICK_OPTION_COMPUTATION in self._pb:
            return proto_message(IN.TICK_OPTION_COMPUTATION, P.option_computation_message(req_id, tick_type, attrib, iv, delta, price, pv, gamma, vega, theta, und))
        def n(x: float | None, missing: float) -> float:
            return missing if x is None else x

        f: list[Any] = [] if self.sv >= v.MIN_SERVER_VER_PRICE_BASED_VOLATILITY else [6]
        f.append(req_id)
        f.append(tick_type)
        if self.sv >= v.MIN_SERVER_VER_PRICE_BASED_VOLATILITY:
            f.append(attrib)
        f += [n(iv, -1), n(delta, -2), n(price, -1), n(pv, -1), n(gamma, -2), n(vega, -2), n(theta, -2), n(und, -1)]
        return self._t(IN.TICK_OPTION_COMPUTATION, *f)

    def market_depth(self, req_id: int, position: int, operation: int, side: int, price: float, size: Any) -> bytes:
        if IN.MARKET_DEPTH in self._pb:
            return proto_message(IN.MARKET_DEPTH, P.depth_message(req_id, position, operation, side, price, size))
        return self._t(IN.MARKET_DEPTH, 1, req_id, position, operation, side, price, size_text(size))

    def market_depth_l2(self, req_id: int, position: int, maker: str, operation: int, side: int, price: float,
                        size: Any, smart: bool) -> bytes:
        if IN.MARKET_DEPTH_L2 in self._pb:
            return proto_message(IN.MARKET_DEPTH_L2, P.depth_message(req_id, position, operation, side, price, size, maker, smart))
        f: list[Any] = [1, req_id, position, maker, operation, side, price, size_text(size)]
        if self.sv >= v.MIN_SERVER_VER_SMART_DEPTH:
            f.append(smart)
        return self._t(IN.MARKET_DEPTH_L2, *f)

    def tick_by_tick_last(self, req_id: int, kind: int, t: int, price: float, size: Any, past_limit: bool,
                          unreported: bool, exchange: str, conditions: str) -> bytes:
        if IN.TICK_BY_TICK in self._pb:
            from ..model import HistoricalTickLast, TickAttribLast

            tick = HistoricalTickLast(t, TickAttribLast(past_limit, unreported), price, size, exchange, conditions)
            return proto_message(IN.TICK_BY_TICK, P.tick_by_tick_message(req_id, kind, tick))
        return self._t(IN.TICK_BY_TICK, req_id, kind, t, price, size_text(size), past_limit | unreported << 1, exchange,
                       conditions)

    def tick_by_tick_bid_ask(self, req_id: int, t: int, bid: float, ask: float, bid_size: Any, ask_size: Any,
                             bid_past_low: bool, ask_past_high: bool) -> bytes:
        if IN.TICK_BY_TICK in self._pb:
            from ..model import HistoricalTickBidAsk, TickAttribBidAsk

            tick = HistoricalTickBidAsk(t, TickAttribBidAsk(bid_past_low, ask_past_high), bid, ask, bid_size, ask_size)
            return proto_message(IN.TICK_BY_TICK, P.tick_by_tick_message(req_id, 3, tick))
        return self._t(IN.TICK_BY_TICK, req_id, 3, t, bid, ask, size_text(bid_size), size_text(ask_size),
                       bid_past_low | ask_past_high << 1)

    def tick_by_tick_mid(self, req_id: int, t: int, mid: float) -> bytes:
        if IN.TICK_BY_TICK in self._pb:
            from ..model import HistoricalTick

            return proto_message(IN.TICK_BY_TICK, P.tick_by_tick_message(req_id, 4, HistoricalTick(t, mid)))
        return self._t(IN.TICK_BY_TICK, req_id, 4, t, mid)

    def realtime_bar(self, req_id: int, t: int, o: float, h: float, lo: float, c: float, volume: Any, wap: Any,
                     count: int) -> bytes:
        return self._simple(IN.REAL_TIME_BARS, (req_id, t, o, h, lo, c, volume, wap, count),
                            (3, req_id, t, o, h, lo, c, size_text(volume), size_text(wap), count))

    def histogram(self, req_id: int, items: list[Any]) -> bytes:
        if IN.HISTOGRAM_DATA in self._pb:
            return proto_message(IN.HISTOGRAM_DATA, P.histogram_message(req_id, items))
        f: list[Any] = [req_id, len(items)]
        for it in items:
            f += [it.price, size_text(it.size)]
        return self._t(IN.HISTOGRAM_DATA, *f)

    def historical_ticks(self, req_id: int, ticks: list[Any], done: bool) -> bytes:
        if IN.HISTORICAL_TICKS in self._pb:
            return proto_message(IN.HISTORICAL_TICKS, P.historical_ticks_message(IN.HISTORICAL_TICKS, req_id, ticks, done))
        f: list[Any] = [req_id, len(ticks)]
        for t in ticks:
            f += [t.time, 0, t.price, size_text(t.size)]
        return self._t(IN.HISTORICAL_TICKS, *f, done)

    def historical_ticks_bid_ask(self, req_id: int, ticks: list[Any], done: bool) -> bytes:
        if IN.HISTORICAL_TICKS_BID_ASK in self._pb:
            return proto_message(IN.HISTORICAL_TICKS_BID_ASK, P.historical_ticks_message(IN.HISTORICAL_TICKS_BID_ASK, req_id, ticks, done))
        f: list[Any] = [req_id, len(ticks)]
        for t in ticks:
            a = t.tickAttribBidAsk
            f += [t.time, a.askPastHigh | a.bidPastLow << 1, t.priceBid, t.priceAsk, size_text(t.sizeBid), size_text(t.sizeAsk)]
        return self._t(IN.HISTORICAL_TICKS_BID_ASK, *f, done)

    def historical_ticks_last(self, req_id: int, ticks: list[Any], done: bool) -> bytes:
        if IN.HISTORICAL_TICKS_LAST in self._pb:
            return proto_message(IN.HISTORICAL_TICKS_LAST, P.historical_ticks_message(IN.HISTORICAL_TICKS_LAST, req_id, ticks, done))
        f: list[Any] = [req_id, len(ticks)]
        for t in ticks:
            a = t.tickAttribLast
            f += [t.time, a.pastLimit | a.unreported << 1, t.price, size_text(t.size), t.exchange, t.specialConditions]
        return self._t(IN.HISTORICAL_TICKS_LAST, *f, done)

    def historical_schedule(self, req_id: int, start: str, end: str, tz: str, sessions: list[Any]) -> bytes:
        if IN.HISTORICAL_SCHEDULE in self._pb:
            return proto_message(IN.HISTORICAL_SCHEDULE, P.schedule_message(req_id, start, end, tz, sessions))
        f: list[Any] = [req_id, start, end, tz, len(sessions)]
        for s in sessions:
            f += [s.startDateTime, s.endDateTime, s.refDate]
        return self._t(IN.HISTORICAL_SCHEDULE, *f)

    def sec_def_opt_params(self, req_id: int, exchange: str, und_con_id: int, trading_class: str, multiplier: str,
                           expirations: list[str], strikes: list[float]) -> bytes:
        if IN.SECURITY_DEFINITION_OPTION_PARAMETER in self._pb:
            return proto_message(IN.SECURITY_DEFINITION_OPTION_PARAMETER, P.sec_def_message(req_id, exchange, und_con_id, trading_class, multiplier, expirations, strikes))
        return self._t(IN.SECURITY_DEFINITION_OPTION_PARAMETER, req_id, exchange, und_con_id, trading_class,
                       multiplier, len(expirations), *expirations, len(strikes), *strikes)

    def symbol_samples(self, req_id: int, descriptions: list[Any]) -> bytes:
        if IN.SYMBOL_SAMPLES in self._pb:
            return proto_message(IN.SYMBOL_SAMPLES, P.symbol_samples_message(req_id, descriptions))
        f: list[Any] = [req_id, len(descriptions)]
        for d in descriptions:
            c = d.contract
            f += [c.conId, c.symbol, c.secType, c.primaryExchange, c.currency, len(d.derivativeSecTypes),
                  *d.derivativeSecTypes]
            if self.sv >= v.MIN_SERVER_VER_BOND_ISSUERID:
                f += [c.description, c.issuerId]
        return self._t(IN.SYMBOL_SAMPLES, *f)

    def news_providers(self, providers: list[tuple[str, str]]) -> bytes:
        if IN.NEWS_PROVIDERS in self._pb:
            return proto_message(IN.NEWS_PROVIDERS, P.news_providers_message(providers))
        return self._t(IN.NEWS_PROVIDERS, len(providers), *[x for p in providers for x in p])

    def scanner_data(self, req_id: int, rows: list[tuple[int, Any, str, str, str, str]]) -> bytes:
        """Rows of (rank, contract details, distance, benchmark, projection, legs); the end is implied."""
        if IN.SCANNER_DATA in self._pb:
            return proto_message(IN.SCANNER_DATA, P.scanner_message(req_id, rows))
        f: list[Any] = [3, req_id, len(rows)]
        for rank, cd, distance, benchmark, projection, legs in rows:
            c = cd.contract
            f += [rank, c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth,
                  _strike(c), c.right, c.exchange, c.currency, c.localSymbol,
                  cd.marketName, c.tradingClass, distance, benchmark, projection, legs]
        return self._t(IN.SCANNER_DATA, *f)

    def pnl_single(self, req_id: int, pos: Any, daily: float, unrealized: float, realized: float,
                   value: float) -> bytes:
        f: list[Any] = [req_id, size_text(pos), daily]
        if self.sv >= v.MIN_SERVER_VER_UNREALIZED_PNL:
            f.append(unrealized)
        if self.sv >= v.MIN_SERVER_VER_REALIZED_PNL:
            f.append(realized)
        f.append(value)
        return self._simple(IN.PNL_SINGLE, (req_id, pos, daily, unrealized, realized, value), tuple(f))

    def bond_contract_data(self, req_id: int, cd: Any) -> bytes:
        sv = self.sv
        c = cd.contract
        size_rules = sv >= v.MIN_SERVER_VER_SIZE_RULES
        maturity = " ".join(x for x in (cd.maturity, cd.lastTradeTime, cd.timeZoneId) if x)
        f: list[Any] = [] if size_rules else [6]
        f += [req_id, c.symbol, c.secType, cd.cusip, cd.coupon, maturity, cd.issueDate, cd.ratings, cd.bondType,
              cd.couponType, cd.convertible, cd.callable, cd.putable, cd.descAppend, c.exchange, c.currency,
              cd.marketName, c.tradingClass, c.conId, cd.minTick]
        if v.MIN_SERVER_VER_MD_SIZE_MULTIPLIER <= sv < v.MIN_SERVER_VER_SIZE_RULES:
            f.append(1)
        f += [cd.orderTypes, cd.validExchanges, cd.nextOptionDate, cd.nextOptionType, cd.nextOptionPartial, cd.notes,
              cd.longName]
        if sv >= v.MIN_SERVER_VER_BOND_TRADING_HOURS:
            f += [cd.timeZoneId, cd.tradingHours, cd.liquidHours]
        f += [cd.evRule, cd.evMultiplier]
        tags = cd.secIdList or []
        f.append(len(tags))
        for t in tags:
            f += [t.tag, t.value]
        if sv >= v.MIN_SERVER_VER_AGG_GROUP:
            f.append(cd.aggGroup)
        if sv >= v.MIN_SERVER_VER_MARKET_RULES:
            f.append(cd.marketRuleIds)
        if size_rules:
            f += [size_text(cd.minSize), size_text(cd.sizeIncrement), size_text(cd.suggestedSizeIncrement)]
        return self._t(IN.BOND_CONTRACT_DATA, *f)
