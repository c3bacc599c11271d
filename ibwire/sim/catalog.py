"""The simulator's contract catalogue: what it knows, and how requests resolve against it.

A fixed, deterministic universe: US stocks and ETFs, FX pairs, index, futures
with quarterly expiries, option chains on AAPL and SPY, a bond and crypto.
Every instrument has full :class:`ContractDetails` and a reference price the
market model starts from. Resolution follows TWS: a description matching
nothing is error 200 "No security definition", one matching several where
one is needed is error 200 "ambiguous".
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal

from ..model import Contract, ContractDetails, TagValue
from ..model.const import UNSET_DOUBLE

__all__ = ["Instrument", "Catalog", "NO_SECURITY", "AMBIGUOUS"]

NO_SECURITY = "No security definition has been found for the request"
AMBIGUOUS = "The contract description specified for {} is ambiguous."

_STK_ORDER_TYPES = ("ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AON,AVGCOST,BASKET,BENCHPX,COND,CONDORDER,DARKONLY,DAY,"
                    "DEACT,DEACTDIS,DEACTEOD,DIS,GAT,GTC,GTD,GTT,HID,IBKRATS,ICE,IMB,IOC,LIT,LMT,LOC,MIDPX,MIT,MKT,"
                    "MOC,MTL,NGCOMB,NODARK,NONALGO,OCA,OPG,OPGREROUT,PEGBENCH,PEGMID,POSTATS,POSTONLY,PREOPGRTH,"
                    "REL,RPI,RTH,SCALE,SCALEODD,SCALERST,SNAPMID,SNAPMKT,SNAPREL,STP,STPLMT,SWEEP,TRAIL,TRAILLIT,"
                    "TRAILLMT,TRAILMIT,WHATIF")
_US_HOURS = "{d}:0400-{d}:2000;{n}:0400-{n}:2000"
_US_LIQUID = "{d}:0930-{d}:1600;{n}:0930-{n}:1600"


@dataclass
class Instrument:
    """One tradable thing: its details, reference price and tick size."""

    details: ContractDetails
    price: float

    @property
    def contract(self) -> Contract:
        return self.details.contract

    @property
    def con_id(self) -> int:
        return self.details.contract.conId


def _details(con_id: int, symbol: str, sec_type: str, exchange: str, primary: str, currency: str, local: str,
             trading_class: str, long_name: str, min_tick: float, *, expiry: str = "", strike: float = UNSET_DOUBLE,
             right: str = "", multiplier: str = "", valid: str = "SMART", tz: str = "US/Eastern",
             under_con_id: int = 0, industry: str = "", category: str = "", stock_type: str = "",
             isin: str = "", order_types: str = _STK_ORDER_TYPES, hours: tuple[str, str] = (_US_HOURS, _US_LIQUID),
             day: _dt.date | None = None) -> ContractDetails:
    cd = ContractDetails()
    c = cd.contract
    c.conId, c.symbol, c.secType, c.exchange, c.primaryExchange = con_id, symbol, sec_type, exchange, primary
    c.currency, c.localSymbol, c.tradingClass = currency, local, trading_class
    c.lastTradeDateOrContractMonth, c.strike, c.right, c.multiplier = expiry, strike, right, multiplier
    cd.marketName, cd.minTick, cd.longName, cd.validExchanges = trading_class, min_tick, long_name, valid
    cd.orderTypes, cd.priceMagnifier, cd.underConId, cd.timeZoneId = order_types, 1, under_con_id, tz
    cd.industry, cd.category, cd.stockType = industry, category, stock_type
    d = day or _dt.date(2026, 11, 24)
    ds, ns = d.strftime("%Y%m%d"), (d + _dt.timedelta(days=1)).strftime("%Y%m%d")
    cd.tradingHours = hours[0].format(d=ds, n=ns)
    cd.liquidHours = hours[1].format(d=ds, n=ns)
    cd.minSize, cd.sizeIncrement, cd.suggestedSizeIncrement = Decimal("0.0001"), Decimal("0.0001"), Decimal(100)
    cd.marketRuleIds = ",".join(["26"] * len(valid.split(",")))
    cd.aggGroup = 1
    if isin:
        cd.secIdList = [TagValue("ISIN", isin)]
    if expiry:
        cd.contractMonth = expiry[:6]
        cd.realExpirationDate = expiry
        cd.lastTradeTime = "16:00:00"
    return cd


_STOCKS = (
    # conId, symbol, primary, long name, price, industry, category, ISIN
    (265598, "AAPL", "NASDAQ", "APPLE INC", 229.87, "Technology", "Computers", "US0378331005"),
    (272093, "MSFT", "NASDAQ", "MICROSOFT CORP", 417.0, "Technology", "Software", "US5949181045"),
    (8314, "IBM", "NYSE", "INTL BUSINESS MACHINES CORP", 222.4, "Technology", "Computers", "US4592001014"),
    (76792991, "TSLA", "NASDAQ", "TESLA INC", 341.0, "Consumer, Cyclical", "Auto Manufacturers", "US88160R1014"),
    (4815747, "NVDA", "NASDAQ", "NVIDIA CORP", 141.9, "Technology", "Semiconductors", "US67066G1040"),
)
_ETFS = (
    (756733, "SPY", "ARCA", "SPDR S&P 500 ETF TRUST", 595.5, "US78462F1030"),
    (320227571, "QQQ", "NASDAQ", "INVESCO QQQ TRUST SERIES 1", 505.8, "US46090E1038"),
)
_FX = ((12087792, "EUR", "USD", 1.0487), (12087797, "GBP", "USD", 1.2571), (15016059, "USD", "JPY", 154.3))
_FUTURES = (("ES", "CME", 50.0, "E-mini S&P 500", 5990.0, 0.25, 11004968), ("NQ", "CME", 20.0, "E-mini Nasdaq-100", 20900.0, 0.25, 11004958))


def _quarterly(start: _dt.date, n: int) -> list[str]:
    """Third Fridays of the next ``n`` quarter months (Mar/Jun/Sep/Dec)."""
    out: list[str] = []
    y, m = start.year, start.month
    while len(out) < n:
        if m % 3 == 0:
            first = _dt.date(y, m, 1)
            friday = first + _dt.timedelta(days=(4 - first.weekday()) % 7 + 14)
            if friday >= start:
                out.append(friday.strftime("%Y%m%d"))
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def _monthly(start: _dt.date, n: int) -> list[str]:
    out: list[str] = []
    y, m = start.year, start.month
    while len(out) < n:
        first = _dt.date(y, m, 1)
        friday = first + _dt.timedelta(days=(4 - first.weekday()) % 7 + 14)
        if friday >= start:
            out.append(friday.strftime("%Y%m%d"))
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


class Catalog:
    """All instruments, indexed for resolution."""

    def __init__(self, today: _dt.date | None = None) -> None:
        self.today = today or _dt.date(2026, 11, 24)
        self.items: dict[int, Instrument] = {}
        day = self.today
        for con_id, sym, primary, name, price, ind, cat, isin in _STOCKS:
            self._add(_details(con_id, sym, "STK", "SMART", primary, "USD", sym, "NMS", name, 0.01,
                               valid="SMART,AMEX,NYSE,ARCA,BATS,ISLAND,IEX", industry=ind, category=cat,
                               stock_type="COMMON", isin=isin, day=day), price)
        for con_id, sym, primary, name, price, isin in _ETFS:
            self._add(_details(con_id, sym, "STK", "SMART", primary, "USD", sym, sym, name, 0.01,
                               valid="SMART,AMEX,NYSE,ARCA,BATS,ISLAND,IEX", stock_type="ETF", isin=isin, day=day),
                      price)
        for con_id, base, quote, price in _FX:
            self._add(_details(con_id, base, "CASH", "IDEALPRO", "", quote, f"{base}.{quote}", f"{base}.{quote}",
                               f"{base}/{quote}", 0.00005 if quote != "JPY" else 0.005, valid="IDEALPRO",
                               order_types="ACTIVETIM,AD,ADJUST,ALERT,ALLOC,AVGCOST,BASKET,COND,CONDORDER,DAY,"
                               "DEACT,GAT,GTC,GTD,GTT,IOC,LMT,MKT,NONALGO,OCA,STP,STPLMT,TRAIL,WHATIF",
                               tz="US/Eastern", hours=("{d}:1715-{n}:1700", "{d}:1715-{n}:1700"), day=day), price)
        self._add(_details(416904, "SPX", "IND", "CBOE", "", "USD", "SPX", "SPX", "S&P 500 Stock Index", 0.01,
                           valid="CBOE", order_types="", day=day), 5969.3)
        for sym, exch, mult, name, fprice, tick, first_id in _FUTURES:
            for i, expiry in enumerate(_quarterly(day, 4)):
                month = expiry[:6]
                code = "HMUZ"[(int(month[4:]) // 3) - 1]
                self._add(_details(first_id + i, sym, "FUT", exch, "", "USD", f"{sym}{code}{month[3]}", sym, name, tick,
                                   expiry=expiry, multiplier=f"{mult:g}", valid=exch, tz="US/Central",
                                   hours=("{d}:1700-{n}:1600", "{d}:0830-{d}:1500"), day=day), fprice + 12.5 * i)
        for und in (265598, 756733):
            self._option_chain(self.items[und], day)
        bond = _details(147554578, "IBM", "BOND", "SMART", "", "USD", "IBM 3.3 01/27/27", "IBM", "IBM 3 3/10 01/27/27",
                        0.001, valid="SMART", order_types="ACTIVETIM,AD,ALERT,COND,DAY,GTC,GTD,LMT,WHATIF", day=day)
        bond.cusip, bond.coupon, bond.maturity, bond.issueDate = "459200JR3", 3.3, "20270127", "20170127"
        bond.ratings, bond.bondType, bond.couponType, bond.descAppend = "A-", "CORP", "FIXED", "IBM 3 3/10 01/27/27"
        self._add(bond, 99.2)
        self._add(_details(479624278, "BTC", "CRYPTO", "PAXOS", "", "USD", "BTC.USD", "BTC", "Bitcoin", 0.25,
                           valid="PAXOS", order_types="DAY,IOC,LMT,MKT,WHATIF",
                           hours=("{d}:0000-{n}:0000", "{d}:0000-{n}:0000"), day=day), 94500.0)

    def _add(self, cd: ContractDetails, price: float) -> None:
        self.items[cd.contract.conId] = Instrument(cd, price)

    def _option_chain(self, und: Instrument, day: _dt.date) -> None:
        sym = und.contract.symbol
        step = 5.0 if und.price < 300 else 10.0
        atm = round(und.price / step) * step
        strikes = [atm + step * k for k in range(-6, 7)]
        for e_i, expiry in enumerate(_monthly(day, 3)):
            for s_i, strike in enumerate(strikes):
                for r_i, right in enumerate("CP"):
                    con_id = 700_000_000 + und.con_id % 1000 * 10_000 + e_i * 1000 + s_i * 10 + r_i
                    local = f"{sym:<6}{expiry[2:]}{right}{int(strike * 1000):08d}"
                    intrinsic = max(0.0, und.price - strike) if right == "C" else max(0.0, strike - und.price)
                    price = round(intrinsic + und.price * 0.02 * (1 + e_i * 0.5), 2)
                    self._add(_details(con_id, sym, "OPT", "SMART", "", "USD", local, sym, sym, 0.01, expiry=expiry,
                                       strike=strike, right=right, multiplier="100",
                                       valid="SMART,AMEX,BOX,CBOE,ISE,MIAX,PHLX", under_con_id=und.con_id, day=day),
                              price)

    # --- resolution -----------------------------------------------------------------------

    def find(self, c: Contract) -> list[Instrument]:
        """Every instrument the description matches (TWS rules: blank fields match anything)."""
        if c.conId:
            it = self.items.get(c.conId)
            return [it] if it is not None else []
        out = []
        for it in self.items.values():
            k = it.contract
            if c.symbol and c.symbol.upper() != k.symbol and c.localSymbol != k.localSymbol:
                continue
            if not c.symbol and c.localSymbol and c.localSymbol != k.localSymbol:
                continue
            if c.secType and c.secType.upper() != k.secType:
                continue
            if c.currency and c.currency.upper() != k.currency:
                continue
            if c.exchange and c.exchange.upper() not in ("SMART", k.exchange) and \
                    c.exchange.upper() not in it.details.validExchanges.split(","):
                continue
            if c.primaryExchange and c.primaryExchange != k.primaryExchange:
                continue
            if c.lastTradeDateOrContractMonth and not k.lastTradeDateOrContractMonth.startswith(
                    c.lastTradeDateOrContractMonth):
                continue
            if c.strike not in (UNSET_DOUBLE, 0.0) and abs(c.strike - k.strike) > 1e-9:
                continue
            if c.right and c.right.upper()[:1] != k.right:
                continue
            if c.multiplier and k.multiplier and float(c.multiplier) != float(k.multiplier):
                continue
            if c.tradingClass and c.tradingClass != k.tradingClass:
                continue
            if c.localSymbol and c.localSymbol != k.localSymbol:
                continue
            out.append(it)
        return out

    def resolve(self, c: Contract) -> Instrument | str:
        """The one instrument ``c`` names, or the error text TWS gives."""
        found = self.find(c)
        if len(found) == 1:
            return found[0]
        if not found:
            return NO_SECURITY
        return AMBIGUOUS.format(c.symbol or c.localSymbol)

    def by_symbol(self, symbol: str, sec_type: str = "STK") -> Instrument:
        for it in self.items.values():
            if it.contract.symbol == symbol and it.contract.secType == sec_type:
                return it
        raise KeyError(symbol)
