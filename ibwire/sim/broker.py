"""The simulator's broker: orders, fills, executions, positions and the account.

Orders work against :class:`~.market.Market`: marketable orders trade against
the book at once (a large order walks it and fills in parts), resting ones are
re-checked on every market tick. Supported: MKT, LMT, STP, STP LMT, TRAIL,
TRAIL LIMIT, MIT, LIT, MOC/LOC (filled by :meth:`Broker.auction`), bracket
orders (children wait for the parent and cancel each other), OCA groups,
TIF DAY/GTC/IOC/FOK, ``transmit=False`` holding, modification, cancel,
global cancel and what-if. The broker reports through callbacks into the
sessions (:class:`Listener`), in the order TWS sends: execDetails,
orderStatus, openOrder, commissionAndFeesReport.
"""

from __future__ import annotations

import copy
import datetime as _dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from ..model import CommissionAndFeesReport, Contract, Execution, Order, OrderState
from ..model.const import UNSET_DECIMAL, UNSET_DOUBLE
from .catalog import Catalog, Instrument
from .market import Market

__all__ = ["Broker", "SimOrder", "Position", "Listener", "OrderReject", "ACCOUNT_TAGS"]

WORKING = ("PreSubmitted", "Submitted")
DONE = ("Filled", "Cancelled", "ApiCancelled", "Inactive")
ORDER_TYPES = ("MKT", "LMT", "STP", "STP LMT", "TRAIL", "TRAIL LIMIT", "MIT", "LIT", "MOC", "LOC",
               # market to limit and its exchange form: the best level fills, the rest rests as a limit there
               "MTL", "BOX TOP",
               # market / stop with protection: as MKT / STP here
               "MKT PRT", "STP PRT",
               # pegged and relative orders: a limit that follows the market (see Broker._peg)
               "REL", "PASSV REL", "PEG MID", "PEG BEST", "PEG MKT", "PEG PRIM", "MIDPRICE",
               # priced from another instrument or a volatility: accepted and working, never filled here
               "PEG STK", "PEG BENCH", "VOL",
               # combo orders (BAG): relative/limit legs + market
               "REL + LMT", "REL + MKT", "LMT + MKT",
               # snapshot orders: filled as market
               "SNAP MKT", "SNAP MID", "SNAP PRIM")
_ALIASES = {"STPLMT": "STP LMT", "TRAILLMT": "TRAIL LIMIT", "TRAILLIMIT": "TRAIL LIMIT", "PEGMID": "PEG MID",
            "PEGBEST": "PEG BEST", "PEGMKT": "PEG MKT", "PEGSTK": "PEG STK", "PEGBENCH": "PEG BENCH",
            "PASSVREL": "PASSV REL", "MKTPRT": "MKT PRT", "STPPRT": "STP PRT", "BOXTOP": "BOX TOP",
            "SNAPMKT": "SNAP MKT", "SNAPMID": "SNAP MID", "SNAPPRIM": "SNAP PRIM"}
#: order types that trigger on a price first (working as PreSubmitted until then)
_TRIGGERED = ("STP", "STP LMT", "TRAIL", "TRAIL LIMIT", "MIT", "LIT", "STP PRT")
#: order types that are a limit following the market
_PEGGED = ("REL", "PASSV REL", "PEG MID", "PEG BEST", "PEG MKT", "PEG PRIM", "MIDPRICE")
#: order types accepted and left working (no model prices them here)
_RESTING = ("PEG STK", "PEG BENCH", "VOL")
#: times in force TWS takes; OPG and AUC wait for an auction (the simulator runs only the closing one)
TIFS = ("", "DAY", "GTC", "IOC", "FOK", "GTD", "OPG", "AUC", "DTC")


class OrderReject(Exception):
    """An order TWS would refuse: the error code and text."""

    def __init__(self, code: int, text: str) -> None:
        super().__init__(code, text)
        self.code = code
        self.text = text


class Listener(Protocol):
    """Where the broker's reports go (the simulator routes them to sessions)."""

    def order_update(self, o: SimOrder, open_order: bool) -> None: ...

    def execution(self, o: SimOrder, e: Execution, report: CommissionAndFeesReport) -> None: ...

    def portfolio_changed(self, account: str, con_id: int) -> None: ...


@dataclass
class SimOrder:
    """One order as the broker keeps it."""

    order: Order
    contract: Contract
    inst: Instrument
    client_id: int
    state: OrderState = field(default_factory=OrderState)
    status: str = "PendingSubmit"
    filled: Decimal = Decimal(0)
    avg_price: float = 0.0
    last_price: float = 0.0
    why_held: str = ""
    trail_stop: float | None = None
    triggered: bool = False
    completed_time: str = ""
    completed_status: str = ""
    fills: int = 0
    #: the limit a market-to-limit order took at its first fill
    mtl_price: float | None = None
    #: its conditions (if any) have not been met yet
    conditional: bool = False
    #: an adjustable stop that has been adjusted
    adjusted: bool = False

    @property
    def order_id(self) -> int:
        return self.order.orderId

    @property
    def remaining(self) -> Decimal:
        return self.order.totalQuantity - self.filled

    @property
    def kind(self) -> str:
        t = self.order.orderType.upper()
        return _ALIASES.get(t, t)


@dataclass
class Position:
    account: str
    contract: Contract
    qty: Decimal = Decimal(0)
    avg_cost: float = 0.0  # per unit, times the multiplier, as TWS reports it
    realized: float = 0.0


ACCOUNT_TAGS = ("AccountType", "NetLiquidation", "TotalCashValue", "SettledCash", "AccruedCash", "BuyingPower",
                "EquityWithLoanValue", "PreviousDayEquityWithLoanValue", "GrossPositionValue", "RegTEquity",
                "RegTMargin", "SMA", "InitMarginReq", "MaintMarginReq", "AvailableFunds", "ExcessLiquidity",
                "Cushion", "FullInitMarginReq", "FullMaintMarginReq", "FullAvailableFunds", "FullExcessLiquidity",
                "LookAheadNextChange", "LookAheadInitMarginReq", "LookAheadMaintMarginReq",
                "LookAheadAvailableFunds", "LookAheadExcessLiquidity", "HighestSeverity", "DayTradesRemaining",
                "Leverage")


def _multiplier(c: Contract) -> float:
    try:
        return float(c.multiplier) if c.multiplier else 1.0
    except ValueError:
        return 1.0


def _commission(c: Contract, qty: Decimal, price: float) -> float:
    n = float(qty)
    if c.secType == "OPT":
        return round(max(1.0, 0.65 * n), 2)
    if c.secType == "FUT":
        return round(2.25 * n, 2)
    if c.secType == "CASH":
        return round(max(2.0, n * price * 0.00002), 2)
    if c.secType == "CRYPTO":
        return round(max(1.75, n * price * 0.0018), 2)
    return round(min(max(1.0, 0.005 * n), n * price * 0.01), 2)


class Broker:
    """Orders and the account of every simulated account, driven by the market."""

    def __init__(self, catalog: Catalog, market: Market, accounts: tuple[str, ...], listener: Listener,
                 cash: float = 1_000_000.0, clock: Callable[[], _dt.datetime] | None = None) -> None:
        self.catalog = catalog
        self.market = market
        self.accounts = accounts
        self.listener = listener
        self.clock = clock or (lambda: _dt.datetime.now(_dt.timezone.utc))
        self.orders: dict[tuple[int, int], SimOrder] = {}  # (clientId, orderId)
        self.held: list[SimOrder] = []  # placed with transmit=False
        self.executions: list[tuple[SimOrder, Execution, CommissionAndFeesReport]] = []
        self.positions: dict[tuple[str, int], Position] = {}
        self.cash: dict[str, float] = {a: cash for a in accounts}
        self.realized: dict[str, float] = {a: 0.0 for a in accounts}
        self.start_value: dict[str, float] = {a: cash for a in accounts}
        self._perm = itertools.count(1_000_001)
        self._exec = itertools.count(1)
        self.next_order_id = 1

    # --- placing ------------------------------------------------------------------------------

    def place(self, client_id: int, order_id: int, contract: Contract, order: Order) -> SimOrder | None:
        """Place or modify; raises :class:`OrderReject`. Returns the order (None for what-if)."""
        found = self.catalog.resolve(contract)
        if isinstance(found, str):
            raise OrderReject(200, found)
        inst = found
        order = copy.copy(order)
        order.orderId = order_id
        order.clientId = client_id
        kind = _ALIASES.get(order.orderType.upper(), order.orderType.upper())
        if order.action.upper() not in ("BUY", "SELL", "SSHORT"):
            raise OrderReject(321, f"Error validating request.-'bN' : cause - Invalid side: {order.action!r}")
        if kind not in ORDER_TYPES:
            raise OrderReject(387, f"Unsupported order type: {order.orderType!r}")
        qty = order.totalQuantity
        if (qty == UNSET_DECIMAL or qty <= 0) and order.hedgeType and order.parentId:
            # a hedge order's size is TWS's to work out from its parent (an FX hedge: the parent's value)
            order.totalQuantity = qty = self._hedge_size(client_id, order, inst)
        if (qty == UNSET_DECIMAL or qty <= 0) and order.cashQty not in (UNSET_DOUBLE, 0.0) and order.cashQty:
            # an order for an amount of cash (FX): the size is that amount in the base currency
            price = order.lmtPrice if order.lmtPrice not in (UNSET_DOUBLE, 0.0) else self.market.quote(inst).last
            order.totalQuantity = qty = Decimal(max(1, round(order.cashQty / price)))
        if qty == UNSET_DECIMAL or qty <= 0:
            raise OrderReject(434, "The order size cannot be zero.")
        if inst.contract.secType == "BAG" and kind == "LMT" and order.lmtPrice == UNSET_DOUBLE \
                and order.orderComboLegs and all(ol.price != UNSET_DOUBLE for ol in order.orderComboLegs):
            # a combo priced leg by leg: its limit is what the legs add up to
            legs = inst.contract.comboLegs
            order.lmtPrice = round(sum(ol.price * leg.ratio * (1 if leg.action.upper() == "BUY" else -1)
                                       for ol, leg in zip(order.orderComboLegs, legs)), 10)
        offset_only = kind == "TRAIL LIMIT" and order.lmtPriceOffset != UNSET_DOUBLE
        if kind in ("LMT", "STP LMT", "LIT", "LOC", "TRAIL LIMIT", "REL + LMT", "LMT + MKT") \
                and order.lmtPrice == UNSET_DOUBLE and not offset_only:
            raise OrderReject(321, "Error validating request.-'bN' : cause - Missing limit price")
        if kind in ("STP", "STP LMT", "MIT", "LIT", "STP PRT") and order.auxPrice == UNSET_DOUBLE:
            raise OrderReject(321, "Error validating request.-'bN' : cause - Missing stop price")
        if kind in ("TRAIL", "TRAIL LIMIT") and order.auxPrice == UNSET_DOUBLE and order.trailingPercent == UNSET_DOUBLE:
            raise OrderReject(321, "Error validating request.-'bN' : cause - Missing trailing amount")
        if kind in ("REL + LMT", "REL + MKT", "LMT + MKT") and inst.contract.secType != "BAG":
            raise OrderReject(387, f"Unsupported order type for this security: {order.orderType!r} (combo orders only)")
        if order.tif.upper() not in TIFS:
            raise OrderReject(321, f"Error validating request.-'bN' : cause - Invalid time in force: {order.tif!r}")
        if not order.account:
            order.account = self.accounts[0]
        elif order.account not in self.accounts:
            raise OrderReject(321, f"Error validating request.-'bN' : cause - Invalid account: {order.account}")
        c = copy.copy(inst.contract)
        if order.whatIf:
            self._what_if(client_id, order, c, inst)
            return None
        existing = self.orders.get((client_id, order_id))
        if existing is not None:
            if existing.status in DONE:
                raise OrderReject(104, f"Can't modify a filled order: {order_id}")
            order.permId = existing.order.permId
            existing.order = order
            self.listener.order_update(existing, True)
            self._work(existing)
            return existing
        order.permId = next(self._perm)
        so = SimOrder(order, c, inst, client_id)
        so.conditional = bool(order.conditions)
        self.next_order_id = max(self.next_order_id, order_id + 1)
        if not order.transmit:
            self.held.append(so)
            return so
        group = [h for h in self.held if self._same_group(h, so)] + [so]
        for h in group[:-1]:
            self.held.remove(h)
        # the whole group is accepted first (children held behind their parent), then it works
        for h in group:
            self._activate(h)
        for h in group:
            self._work(h)
        return so

    def _hedge_size(self, client_id: int, order: Order, inst: Instrument) -> Decimal:
        parents = [h for h in self.held + list(self.orders.values())
                   if h.client_id == client_id and h.order_id == order.parentId]
        if not parents:
            return Decimal(0)
        p = parents[0]
        price = p.order.lmtPrice if p.order.lmtPrice not in (UNSET_DOUBLE, 0.0) else self.market.quote(p.inst).last
        value = float(p.order.totalQuantity) * price * _multiplier(p.contract)
        if inst.contract.secType == "CASH" and inst.contract.symbol != p.contract.currency:
            value /= max(self.market.quote(inst).last, 1e-9)  # the parent's value in the pair's base currency
        return Decimal(max(1, round(value)))

    def _same_group(self, h: SimOrder, so: SimOrder) -> bool:
        if h.client_id != so.client_id:
            return False
        root = so.order.parentId or so.order_id
        return h.order_id == root or h.order.parentId == root

    def _activate(self, so: SimOrder) -> None:
        self.orders[(so.client_id, so.order_id)] = so
        parent = self._parent(so)
        if parent is not None and parent.status != "Filled":
            so.status, so.why_held = "PreSubmitted", "child"
        elif so.kind in _TRIGGERED or so.conditional:
            so.status = "PreSubmitted"
        else:
            so.status = "Submitted"
        so.state.status = so.status
        self.listener.order_update(so, True)

    def _parent(self, so: SimOrder) -> SimOrder | None:
        if not so.order.parentId:
            return None
        return self.orders.get((so.client_id, so.order.parentId))

    def _what_if(self, client_id: int, order: Order, c: Contract, inst: Instrument) -> None:
        q = self.market.quote(inst)
        price = q.ask if order.action.upper() == "BUY" else q.bid
        value = float(order.totalQuantity) * price * _multiplier(c)
        equity = self.net_liquidation(order.account)
        st = OrderState()
        st.status = "PreSubmitted"
        margin = value * (0.25 if c.secType == "STK" else 0.1)
        st.initMarginBefore = st.maintMarginBefore = "0.0"
        st.equityWithLoanBefore = f"{equity:.2f}"
        st.initMarginChange, st.maintMarginChange = f"{margin:.2f}", f"{margin * 0.9:.2f}"
        st.equityWithLoanChange = "0.0"
        st.initMarginAfter, st.maintMarginAfter = f"{margin:.2f}", f"{margin * 0.9:.2f}"
        st.equityWithLoanAfter = f"{equity:.2f}"
        comm = _commission(c, order.totalQuantity, price)
        st.commissionAndFees, st.minCommissionAndFees, st.maxCommissionAndFees = comm, comm, comm
        st.commissionAndFeesCurrency = c.currency
        so = SimOrder(order, c, inst, client_id, state=st, status="PreSubmitted")
        self.listener.order_update(so, True)

    # --- working ----------------------------------------------------------------------------

    def on_tick(self, con_id: int) -> None:
        """Re-check every working order of ``con_id`` after a market tick (conditional ones after any tick)."""
        for so in list(self.orders.values()):
            if so.status in WORKING and (so.inst.con_id == con_id or so.conditional):
                self._work(so)

    def _conditions_met(self, so: SimOrder) -> bool:
        """Whether an order's conditions hold now (each joined to the next by its and/or, left to right)."""
        result: bool | None = None
        joiner_and = True
        for cond in so.order.conditions:
            ok = self._condition(so, cond)
            result = ok if result is None else (result and ok) if joiner_and else (result or ok)
            joiner_and = bool(getattr(cond, "isConjunctionConnection", True))
        return bool(result)

    def _condition(self, so: SimOrder, cond: Any) -> bool:
        kind = type(cond).__name__
        more = bool(getattr(cond, "isMore", True))

        def cmp(value: float, bound: float) -> bool:
            return value >= bound if more else value <= bound

        if kind in ("PriceCondition", "VolumeCondition", "PercentChangeCondition"):
            it = self.catalog.items.get(int(cond.conId or 0))
            if it is None:
                return False
            q = self.market.quote(it)
            if kind == "PriceCondition":
                return cmp(q.last, float(cond.price))
            if kind == "VolumeCondition":
                return cmp(float(q.volume), float(cond.volume))
            return cmp((q.last - q.close) / q.close * 100 if q.close else 0.0, float(cond.changePercent))
        if kind == "TimeCondition":
            when = _parse_time(str(cond.time or ""))
            return when is not None and cmp(self.clock().timestamp(), when.timestamp())
        if kind == "MarginCondition":
            cushion = float(self.account_values(so.order.account)["Cushion"]) * 100
            return cmp(cushion, float(cond.percent))
        if kind == "ExecutionCondition":
            return any(e.side and x.contract.symbol == cond.symbol and (not cond.secType or x.contract.secType == cond.secType)
                       for x, e, _ in self.executions)
        return False

    def _work(self, so: SimOrder) -> None:
        if so.status not in WORKING or so.why_held == "child":
            return
        o = so.order
        if so.conditional:
            if not self._conditions_met(so):
                return
            so.conditional = False
            if o.conditionsCancelOrder:
                self._cancel(so, "Cancelled", 202, "Order Canceled - reason:The order's conditions were met")
                return
            if so.kind not in _TRIGGERED:
                so.status = so.state.status = "Submitted"
                self.listener.order_update(so, False)
        q = self.market.quote(so.inst)
        buy = o.action.upper() == "BUY"
        kind = so.kind
        limit: float | None = None
        if kind in ("MOC", "LOC") or kind in _RESTING or o.tif.upper() in ("OPG", "AUC"):
            return  # the closing auction fills MOC/LOC; the others wait (no model prices them here)
        if o.adjustedOrderType and o.triggerPrice not in (UNSET_DOUBLE, 0.0) and not so.adjusted and not so.triggered:
            self._adjust(so, q.last, buy)
            kind = so.kind
        if kind in _TRIGGERED and not so.triggered:
            if kind.startswith("TRAIL"):
                self._trail(so, q.last)
                stop = so.trail_stop
            else:
                stop = o.auxPrice
            assert stop is not None
            if kind in ("MIT", "LIT"):
                hit = q.last <= stop if buy else q.last >= stop
            else:
                hit = q.last >= stop if buy else q.last <= stop
            if not hit:
                return
            so.triggered = True
            if so.status == "PreSubmitted":
                so.status = so.state.status = "Submitted"
                self.listener.order_update(so, False)
        if kind in _PEGGED:
            limit = self._peg(so, q, buy)
        elif kind in ("MTL", "BOX TOP"):
            if so.mtl_price is None:
                book = q.asks if buy else q.bids
                if not book:
                    return
                so.mtl_price = float(book.keys()[0] if buy else book.keys()[-1])
            limit = so.mtl_price
        if kind in ("LMT", "STP LMT", "LIT", "TRAIL LIMIT", "REL + LMT", "LMT + MKT"):
            limit = o.lmtPrice
            if kind == "TRAIL LIMIT" and so.trail_stop is not None and o.lmtPriceOffset != UNSET_DOUBLE:
                limit = so.trail_stop + (o.lmtPriceOffset if buy else -o.lmtPriceOffset)
        tif = o.tif.upper()
        if tif == "FOK":
            book = q.asks if buy else q.bids
            avail = sum(Decimal(sz) for px, sz in book.items()
                        if limit is None or (px <= limit + 1e-9 if buy else px >= limit - 1e-9))
            if avail < so.remaining:
                self._cancel(so, "Cancelled", 202, "Order Canceled - reason:FOK order not immediately fillable")
                return
        fills = self.market.take(so.inst, "BUY" if buy else "SELL", so.remaining, limit)
        for qty, price in fills:
            self._fill(so, qty, price)
        if kind in ("MTL", "BOX TOP") and so.status in WORKING and fills and o.lmtPrice != so.mtl_price:
            # what did not fill at the best level rests as a limit order there (TWS reports the new limit)
            o.lmtPrice = so.mtl_price if so.mtl_price is not None else o.lmtPrice
            self.listener.order_update(so, True)
        if tif == "IOC" and so.status in WORKING and so.remaining > 0:
            self._cancel(so, "Cancelled", 202, "Order Canceled - reason:IOC order not immediately fillable")

    def _adjust(self, so: SimOrder, last: float, buy: bool) -> None:
        """An adjustable stop: once the market reaches its trigger price, it becomes its adjusted order."""
        o = so.order
        if not (last <= o.triggerPrice if buy else last >= o.triggerPrice):
            return
        so.adjusted = True
        o.orderType = o.adjustedOrderType
        kind = so.kind
        if o.adjustedStopPrice != UNSET_DOUBLE:
            o.auxPrice = o.adjustedStopPrice
        if kind == "STP LMT" and o.adjustedStopLimitPrice != UNSET_DOUBLE:
            o.lmtPrice = o.adjustedStopLimitPrice
        if kind.startswith("TRAIL") and o.adjustedTrailingAmount != UNSET_DOUBLE:
            if o.adjustableTrailingUnit == 1:
                o.trailingPercent, o.auxPrice = o.adjustedTrailingAmount, UNSET_DOUBLE
            else:
                o.auxPrice = o.adjustedTrailingAmount
            so.trail_stop = o.adjustedStopPrice if o.adjustedStopPrice != UNSET_DOUBLE else None
        self.listener.order_update(so, True)

    def _peg(self, so: SimOrder, q: Any, buy: bool) -> float:
        """The limit a pegged or relative order works at now, never beyond its own limit (its cap)."""
        o = so.order
        kind = so.kind
        tick = so.inst.details.minTick or 0.01
        offset = o.auxPrice if o.auxPrice not in (UNSET_DOUBLE,) else 0.0
        mid = (q.bid + q.ask) / 2
        if kind in ("REL", "PEG PRIM"):
            price = q.bid + offset if buy else q.ask - offset
        elif kind == "PASSV REL":
            price = q.ask - offset if buy else q.bid + offset
        elif kind == "PEG MKT":
            price = q.ask - offset if buy else q.bid + offset
        elif kind == "PEG BEST":
            price = q.bid if buy else q.ask
        else:  # PEG MID, MIDPRICE
            price = mid - offset if buy else mid + offset
        price = round(round(price / tick) * tick, 10)
        cap = float(o.lmtPrice)
        if cap != UNSET_DOUBLE and cap:
            price = min(price, cap) if buy else max(price, cap)
        return float(price)

    def _trail(self, so: SimOrder, last: float) -> None:
        o = so.order
        buy = o.action.upper() == "BUY"
        amount = o.auxPrice if o.auxPrice != UNSET_DOUBLE else last * o.trailingPercent / 100
        if o.trailStopPrice != UNSET_DOUBLE and so.trail_stop is None:
            so.trail_stop = o.trailStopPrice
        candidate = last + amount if buy else last - amount
        if so.trail_stop is None or (buy and candidate < so.trail_stop) or (not buy and candidate > so.trail_stop):
            so.trail_stop = round(candidate, 10)

    def auction(self) -> None:
        """The closing auction: MOC orders fill at the last price, LOC ones if their limit allows."""
        for so in list(self.orders.values()):
            if so.status in WORKING and so.kind in ("MOC", "LOC"):
                q = self.market.quote(so.inst)
                buy = so.order.action.upper() == "BUY"
                if so.kind == "LOC" and ((buy and q.last > so.order.lmtPrice) or (not buy and q.last < so.order.lmtPrice)):
                    self._cancel(so, "Cancelled", 202, "Order Canceled - reason:LOC limit not reached in the auction")
                    continue
                self._fill(so, so.remaining, q.last)

    def _fill(self, so: SimOrder, qty: Decimal, price: float) -> None:
        o = so.order
        now = self.clock()
        total = so.filled + qty
        so.avg_price = (so.avg_price * float(so.filled) + price * float(qty)) / float(total)
        so.filled = total
        so.last_price = price
        so.fills += 1
        e = Execution()
        e.orderId, e.clientId, e.permId = so.order_id, so.client_id, o.permId
        e.execId = f"0000{o.permId:08x}.{now:%y%m%d}.{next(self._exec):02d}.01"
        e.time = now.strftime("%Y%m%d %H:%M:%S") + " UTC"
        e.acctNumber = o.account
        e.exchange = so.inst.details.validExchanges.split(",")[-1] if so.contract.exchange == "SMART" else so.contract.exchange
        e.side = "BOT" if o.action.upper() == "BUY" else "SLD"
        e.shares, e.price, e.cumQty, e.avgPrice = qty, price, total, round(so.avg_price, 10)
        e.orderRef, e.lastLiquidity, e.evMultiplier = o.orderRef, 2, 0.0
        comm = _commission(so.contract, qty, price)
        signed = qty if e.side == "BOT" else -qty
        if so.contract.secType == "BAG" and so.contract.comboLegs:
            realized = self._book_legs(o.account, so, signed, price, comm)
        else:
            realized = self._book(o.account, so.contract, signed, price, comm)
        r = CommissionAndFeesReport()
        r.execId, r.commissionAndFees, r.currency = e.execId, comm, so.contract.currency
        r.realizedPNL = realized if realized is not None else UNSET_DOUBLE
        r.yield_, r.yieldRedemptionDate = UNSET_DOUBLE, 0
        self.executions.append((so, e, r))
        done = so.remaining <= 0
        if done:
            so.status = so.state.status = "Filled"
            so.completed_time = e.time
            so.completed_status = "Filled"
        self.listener.execution(so, e, r)
        self.listener.order_update(so, done)
        if so.contract.secType == "BAG" and so.contract.comboLegs:
            for leg in so.contract.comboLegs:
                if leg.conId in self.catalog.items:
                    self.listener.portfolio_changed(o.account, leg.conId)
        else:
            self.listener.portfolio_changed(o.account, so.inst.con_id)
        if so.filled > 0:
            self._oca(so)
        if done:
            for child in self._children(so):
                if child.status == "PreSubmitted" and child.why_held == "child":
                    child.why_held = ""
                    keep_pre = child.kind in _TRIGGERED or child.conditional
                    child.status = child.state.status = "PreSubmitted" if keep_pre else "Submitted"
                    self.listener.order_update(child, False)
                    self._work(child)

    def _children(self, so: SimOrder) -> list[SimOrder]:
        return [c for c in self.orders.values() if c.client_id == so.client_id and c.order.parentId == so.order_id]

    def _oca(self, so: SimOrder) -> None:
        o = so.order
        siblings: list[SimOrder] = []
        if o.ocaGroup:
            siblings += [x for x in self.orders.values() if x is not so and x.order.ocaGroup == o.ocaGroup]
        if o.parentId:
            siblings += [x for x in self.orders.values()
                         if x is not so and x.client_id == so.client_id and x.order.parentId == o.parentId]
        for x in siblings:
            if x.status in WORKING:
                self._cancel(x, "Cancelled", 202, "Order Canceled - reason:")

    def _book_legs(self, account: str, so: SimOrder, signed: Decimal, price: float, comm: float) -> float | None:
        """A combo fill is positions in its legs: each at its own price, moved so the legs add up to the combo's."""
        legs = []
        for leg in so.contract.comboLegs:
            it = self.catalog.items.get(leg.conId)
            if it is None:
                continue
            sign = 1 if (leg.action or "BUY").upper() == "BUY" else -1
            legs.append((it, Decimal(leg.ratio) * sign, self.mark(leg.conId)))
        if not legs:
            return self._book(account, so.contract, signed, price, comm)
        # spread the difference between the combo's price and its legs' marks over the legs
        marks = sum(float(w) * px for _, w, px in legs)
        gross = sum(abs(float(w)) for _, w, _ in legs)
        adjust = (price - marks) / gross if gross else 0.0
        realized: float | None = None
        for i, (it, w, px) in enumerate(legs):
            leg_price = round(px + adjust * (1 if w > 0 else -1), 10)
            r = self._book(account, it.contract, signed * w, leg_price, comm if i == 0 else 0.0)
            if r is not None:
                realized = (realized or 0.0) + r
        return realized

    def _book(self, account: str, c: Contract, signed: Decimal, price: float, comm: float) -> float | None:
        """Update position and cash; the realized P&L when the trade reduces a position."""
        mult = _multiplier(c)
        key = (account, c.conId)
        pos = self.positions.get(key)
        if pos is None:
            pos = self.positions[key] = Position(account, copy.copy(c))
        self.cash[account] -= float(signed) * price * mult + comm
        realized: float | None = None
        if pos.qty == 0 or (pos.qty > 0) == (signed > 0):
            cost = pos.avg_cost * float(pos.qty) + price * mult * float(signed) + comm * (1 if signed > 0 else -1)
            pos.qty += signed
            pos.avg_cost = cost / float(pos.qty) if pos.qty else 0.0
        else:
            closing = min(abs(signed), abs(pos.qty))
            per_unit = price * mult - pos.avg_cost
            realized = per_unit * float(closing) * (1 if pos.qty > 0 else -1) - comm
            pos.realized += realized
            self.realized[account] += realized
            pos.qty += signed
            if pos.qty == 0:
                pos.avg_cost = 0.0
            elif (pos.qty > 0) == (signed > 0):  # flipped through zero
                pos.avg_cost = price * mult
        return realized

    # --- cancelling ------------------------------------------------------------------------------

    def cancel(self, client_id: int, order_id: int) -> None:
        so = self.orders.get((client_id, order_id))
        if so is None:
            held = [h for h in self.held if h.client_id == client_id and h.order_id == order_id]
            if held:
                self.held.remove(held[0])
                return
            raise OrderReject(10147, f"OrderId {order_id} that needs to be cancelled is not found.")
        if so.status not in WORKING:
            raise OrderReject(10148, f"OrderId {order_id} that needs to be cancelled cannot be cancelled, state: {so.status}.")
        self._cancel(so, "Cancelled", 202, "Order Canceled - reason:")
        for child in self._children(so):
            if child.status in WORKING:
                self._cancel(child, "Cancelled", 202, "Order Canceled - reason:")

    def global_cancel(self) -> None:
        for so in list(self.orders.values()):
            if so.status in WORKING:
                self._cancel(so, "Cancelled", 202, "Order Canceled - reason:")
        self.held.clear()

    def _cancel(self, so: SimOrder, status: str, code: int, text: str) -> None:
        so.status = so.state.status = status
        so.completed_time = self.clock().strftime("%Y%m%d %H:%M:%S") + " UTC"
        so.completed_status = status
        self.cancel_notice(so, code, text)
        self.listener.order_update(so, False)

    #: Set by the simulator: how a cancellation is announced (error 202 to the owner).
    cancel_notice: Callable[[SimOrder, int, str], None] = staticmethod(lambda so, code, text: None)

    # --- account -------------------------------------------------------------------------------

    def mark(self, con_id: int) -> float:
        it = self.catalog.items[con_id]
        q = self.market.quote(it)
        return round((q.bid + q.ask) / 2, 10)

    def position_value(self, p: Position) -> tuple[float, float, float]:
        """Market price, market value and unrealized P&L of a position."""
        price = self.mark(p.contract.conId)
        value = float(p.qty) * price * _multiplier(p.contract)
        return price, value, value - float(p.qty) * p.avg_cost

    def net_liquidation(self, account: str) -> float:
        total = self.cash[account]
        for p in self.positions.values():
            if p.account == account and p.qty:
                total += self.position_value(p)[1]
        return total

    def account_values(self, account: str) -> dict[str, str]:
        gross = sum(abs(self.position_value(p)[1]) for p in self.positions.values() if p.account == account and p.qty)
        unreal = sum(self.position_value(p)[2] for p in self.positions.values() if p.account == account and p.qty)
        nlv = self.net_liquidation(account)
        init, maint = gross * 0.25, gross * 0.2
        cash = self.cash[account]
        f = "{:.2f}".format
        return {
            "AccountType": "INDIVIDUAL", "NetLiquidation": f(nlv), "TotalCashValue": f(cash), "SettledCash": f(cash),
            "AccruedCash": "0.00", "BuyingPower": f(max(0.0, (nlv - init) * 4)), "EquityWithLoanValue": f(nlv),
            "PreviousDayEquityWithLoanValue": f(self.start_value[account]), "GrossPositionValue": f(gross),
            "RegTEquity": f(nlv), "RegTMargin": f(gross * 0.5), "SMA": f(max(0.0, nlv - gross * 0.5)),
            "InitMarginReq": f(init), "MaintMarginReq": f(maint), "AvailableFunds": f(nlv - init),
            "ExcessLiquidity": f(nlv - maint), "Cushion": f"{(nlv - maint) / nlv if nlv else 0:.6f}",
            "FullInitMarginReq": f(init), "FullMaintMarginReq": f(maint), "FullAvailableFunds": f(nlv - init),
            "FullExcessLiquidity": f(nlv - maint), "LookAheadNextChange": "0", "LookAheadInitMarginReq": f(init),
            "LookAheadMaintMarginReq": f(maint), "LookAheadAvailableFunds": f(nlv - init),
            "LookAheadExcessLiquidity": f(nlv - maint), "HighestSeverity": "0", "DayTradesRemaining": "-1",
            "Leverage": f"{gross / nlv if nlv else 0:.2f}", "UnrealizedPnL": f(unreal),
            "RealizedPnL": f(self.realized[account]), "CashBalance": f(cash), "Currency": "USD",
            "AccountCode": account, "AccountReady": "true",
        }

    def pnl(self, account: str) -> tuple[float, float, float]:
        """Daily, unrealized and realized P&L of ``account``."""
        unreal = sum(self.position_value(p)[2] for p in self.positions.values() if p.account == account and p.qty)
        real = self.realized[account]
        return unreal + real, unreal, real

    def visible(self, client_id: int, master: int | None) -> list[SimOrder]:
        """Working orders a client sees: its own, or every one for the master client."""
        return [so for so in self.orders.values()
                if so.status in WORKING and (so.client_id == client_id or client_id == master)]

    def completed(self) -> list[SimOrder]:
        return [so for so in self.orders.values() if so.status in DONE]

    def all_orders(self) -> list[SimOrder]:
        return list(self.orders.values())


def _parse_time(text: str) -> _dt.datetime | None:
    """A condition's time: "YYYYMMDD HH:MM:SS [zone]" or "YYYYMMDD-HH:MM:SS" (UTC); None if it does not read."""
    from zoneinfo import ZoneInfo

    text = text.strip()
    try:
        if "-" in text[:9]:
            return _dt.datetime.strptime(text, "%Y%m%d-%H:%M:%S").replace(tzinfo=_dt.timezone.utc)
        parts = text.split(" ")
        when = _dt.datetime.strptime(" ".join(parts[:2]), "%Y%m%d %H:%M:%S")
        zone = parts[2] if len(parts) > 2 else "UTC"
        return when.replace(tzinfo=_dt.timezone.utc if zone in ("UTC", "GMT") else ZoneInfo(zone))
    except (ValueError, KeyError, OSError):
        return None


def describe(so: SimOrder) -> dict[str, Any]:
    """A short summary of an order (for logs and tests)."""
    return {"orderId": so.order_id, "status": so.status, "filled": str(so.filled), "avg": so.avg_price}
