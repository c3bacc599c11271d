"""The simulator's contract catalogue: what it knows, and how requests resolve against it.

A fixed, deterministic universe, the one sample programs ask for: US and
European stocks and ETFs, FX pairs, indices, futures (CME, CBOT, EUREX) with
quarterly expiries, option chains (AAPL, SPY, MSFT, SPX index options, ES and
Bund futures options), bonds (corporate and a Treasury, by CUSIP, ISIN or
conId), crypto, a commodity, a mutual fund, warrants, CFDs, and combos (BAG)
built from their legs. Expiries are counted from the catalogue's day, which is
the simulator's clock (a fixed day when none is given). Every instrument has
full :class:`ContractDetails` and a reference price the market model starts
from. Resolution follows TWS: a description matching nothing is error 200
"No security definition", one matching several where one is needed is error
200 "ambiguous".
"""

from __future__ import annotations

import copy
import datetime as _dt
import math
from dataclasses import dataclass
from decimal import Decimal

from ..model import Contract, ContractDetails, FundAssetType, FundDistributionPolicyIndicator, TagValue
from ..model.const import UNSET_DOUBLE

__all__ = ["Instrument", "OptionModel", "Catalog", "NO_SECURITY", "AMBIGUOUS", "black_scholes", "smile_vol", "RATE"]

NO_SECURITY = "No security definition has been found for the request"
AMBIGUOUS = "The contract description specified for {} is ambiguous."

_STK_ORDER_TYPES = ("ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AON,AVGCOST,BASKET,BENCHPX,COND,CONDORDER,DARKONLY,DAY,"
                    "DEACT,DEACTDIS,DEACTEOD,DIS,GAT,GTC,GTD,GTT,HID,IBKRATS,ICE,IMB,IOC,LIT,LMT,LOC,MIDPX,MIT,MKT,"
                    "MOC,MTL,NGCOMB,NODARK,NONALGO,OCA,OPG,OPGREROUT,PEGBENCH,PEGMID,POSTATS,POSTONLY,PREOPGRTH,"
                    "REL,RPI,RTH,SCALE,SCALEODD,SCALERST,SNAPMID,SNAPMKT,SNAPREL,STP,STPLMT,SWEEP,TRAIL,TRAILLIT,"
                    "TRAILLMT,TRAILMIT,WHATIF")
_US_HOURS = "{d}:0400-{d}:2000;{n}:0400-{n}:2000"
_US_LIQUID = "{d}:0930-{d}:1600;{n}:0930-{n}:1600"


#: the simulator's risk-free rate (continuously compounded, a year)
RATE = 0.04


def _n(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def black_scholes(spot: float, strike: float, years: float, vol: float, call: bool) -> tuple[float, ...]:
    """Price, delta, gamma, vega (per 1%), theta (per day) of a European option (no dividends)."""
    years = max(years, 1 / 365)
    d1 = (math.log(spot / strike) + (RATE + vol * vol / 2) * years) / (vol * math.sqrt(years))
    d2 = d1 - vol * math.sqrt(years)
    pdf = math.exp(-d1 * d1 / 2) / math.sqrt(2 * math.pi)
    disc = math.exp(-RATE * years)
    if call:
        price = spot * _n(d1) - strike * disc * _n(d2)
        delta = _n(d1)
        theta = -spot * pdf * vol / (2 * math.sqrt(years)) - RATE * strike * disc * _n(d2)
    else:
        price = strike * disc * _n(-d2) - spot * _n(-d1)
        delta = _n(d1) - 1
        theta = -spot * pdf * vol / (2 * math.sqrt(years)) + RATE * strike * disc * _n(-d2)
    gamma = pdf / (spot * vol * math.sqrt(years))
    vega = spot * pdf * math.sqrt(years) / 100
    return price, delta, gamma, vega, theta / 365


def smile_vol(strike: float, spot: float) -> float:
    """The simulator's volatility smile: 25% at the money, more the further the strike is from the spot."""
    return 0.25 + 0.1 * abs(math.log(strike / spot))


@dataclass(frozen=True)
class OptionModel:
    """How an option (or futures option) of the catalogue is priced: Black-Scholes on its underlying's price,
    with :func:`smile_vol`, counting the time to expiry from the catalogue's day (``today``) unless a day is
    given (a historical bar's)."""

    under: Instrument
    strike: float
    call: bool
    expiry: _dt.date
    today: _dt.date

    def years(self, day: _dt.date | None = None) -> float:
        """Years to expiry from ``day`` (the catalogue's day by default): whole days, at least one."""
        return max(1, (self.expiry - (day or self.today)).days) / 365

    def vol(self, spot: float) -> float:
        return smile_vol(self.strike, spot)

    def greeks(self, spot: float, day: _dt.date | None = None) -> tuple[float, ...]:
        """Price, delta, gamma, vega, theta at the underlying price ``spot`` (see :func:`black_scholes`)."""
        return black_scholes(spot, self.strike, self.years(day), self.vol(spot), self.call)

    def price(self, spot: float, day: _dt.date | None = None) -> float:
        return self.greeks(spot, day)[0] if spot > 0 else 0.0


@dataclass
class Instrument:
    """One tradable thing: its details, reference price and tick size; an option also its pricing model
    (its quotes follow the model on its underlying's price)."""

    details: ContractDetails
    price: float
    option: OptionModel | None = None

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
    (139673266, "AAL", "NASDAQ", "AMERICAN AIRLINES GROUP INC", 14.82, "Consumer, Cyclical", "Airlines",
     "US02376R1023"),
    (43645865, "IBKR", "NASDAQ", "INTERACTIVE BROKERS GRO-CL A", 192.3, "Financial", "Diversified Finan Serv",
     "US45841N1072"),
    (9408, "MCD", "NYSE", "MCDONALD'S CORP", 295.1, "Consumer, Cyclical", "Retail", "US5801351017"),
    (208813720, "GOOG", "NASDAQ", "ALPHABET INC-CL C", 170.2, "Communications", "Internet", "US02079K1079"),
)
#: FIGIs the catalogue answers a lookup by (secIdType "FIGI")
_FIGI = {"BBG000B9XRY4": 265598, "BBG000BPH459": 272093}
_EU_STOCKS = (
    # conId, symbol, primary, long name, price, time zone, ISIN
    (14094, "BMW", "IBIS", "BAYERISCHE MOTOREN WERKE AG", 72.4, "MET", "DE0005190003"),
    (36172590, "NOKIA", "HEX", "NOKIA OYJ", 4.12, "EET", "FI0009000681"),
)
_EU_HOURS = ("{d}:0800-{d}:2200", "{d}:0900-{d}:1730")
_ETFS = (
    (756733, "SPY", "ARCA", "SPDR S&P 500 ETF TRUST", 595.5, "US78462F1030"),
    (320227571, "QQQ", "NASDAQ", "INVESCO QQQ TRUST SERIES 1", 505.8, "US46090E1038"),
)
_FX = ((12087792, "EUR", "USD", 1.0487), (12087797, "GBP", "USD", 1.2571), (15016059, "USD", "JPY", 154.3),
       (12087807, "EUR", "GBP", 0.8342))
_FUTURES = (("ES", "CME", 50.0, "E-mini S&P 500", 5990.0, 0.25, 11004968), ("NQ", "CME", 20.0, "E-mini Nasdaq-100", 20900.0, 0.25, 11004958))
#: futures beyond the CME equity ones: symbol, exchange, currency, multiplier, long name, price, tick, first conId,
#: trading class, time zone, (trading hours, liquid hours), local symbol style ("cme": ZNZ6, "eurex": FGBL DEC 26)
_MORE_FUTURES = (
    ("ZN", "CBOT", "USD", 1000.0, "10-Year T-Note", 110.53125, 0.015625, 815824200, "ZN", "US/Central",
     ("{d}:1700-{n}:1600", "{d}:0720-{d}:1400"), "cme"),
    ("GBL", "EUREX", "EUR", 1000.0, "Euro Bund (8,5 - 10,5 Years)", 132.4, 0.01, 642351200, "FGBL", "MET",
     ("{d}:0100-{d}:2200", "{d}:0800-{d}:2200"), "eurex"),
    ("DAX", "EUREX", "EUR", 25.0, "DAX Index", 19520.0, 1.0, 642351300, "FDAX", "MET",
     ("{d}:0100-{d}:2200", "{d}:0800-{d}:2200"), "eurex"),
    ("DAX", "EUREX", "EUR", 1.0, "DAX Index", 19520.0, 1.0, 642351400, "FDXS", "MET",
     ("{d}:0100-{d}:2200", "{d}:0800-{d}:2200"), "eurex"),
)
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_ALL_DAY = ("{d}:0000-{n}:0000", "{d}:0000-{n}:0000")
#: the conId TWS gives every combo (BAG) contract
BAG_CON_ID = 28812380


def _with(c: Contract, **changes: object) -> Contract:
    out = copy.copy(c)
    for k, val in changes.items():
        setattr(out, k, val)
    return out


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
        self._combos: dict[tuple[tuple[int, int, int], ...], Instrument] = {}
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
        self._samples(day)

    def _add(self, cd: ContractDetails, price: float, option: OptionModel | None = None) -> None:
        if cd.contract.conId in self.items:
            raise ValueError(f"catalogue: conId {cd.contract.conId} given twice")
        self.items[cd.contract.conId] = Instrument(cd, price, option)

    def _samples(self, day: _dt.date) -> None:
        """What sample programs (IB's Testbed among them) ask for beyond the core universe."""
        us_valid = "SMART,AMEX,NYSE,ARCA,BATS,ISLAND,IEX,JEFFALGO,CSFBALGO,IBKRATS"
        for it in self.items.values():
            if it.contract.secType == "STK" and it.contract.currency == "USD":
                it.details.validExchanges = us_valid
                it.details.marketRuleIds = ",".join(["26"] * len(us_valid.split(",")))
        for con_id, sym, primary, name, price, tz, isin in _EU_STOCKS:
            self._add(_details(con_id, sym, "STK", "SMART", primary, "EUR", sym, sym, name, 0.01 if price > 10 else 0.001,
                               valid=f"SMART,{primary},TGATE,CHIXEN,BATEEN", tz=tz, stock_type="COMMON", isin=isin,
                               hours=_EU_HOURS, day=day), price)
        self._add(_details(825711, "DAX", "IND", "EUREX", "", "EUR", "DAX", "DAX", "DAX 40 Index", 0.01,
                           valid="EUREX", order_types="", tz="MET", hours=_EU_HOURS, day=day), 19510.0)
        for (sym, exch, ccy, mult, name, price, tick, first_id, tclass, tz, hours, style) in _MORE_FUTURES:
            for i, expiry in enumerate(_quarterly(day, 4)):
                month = int(expiry[4:6])
                if style == "cme":
                    local = f"{sym}{'FGHJKMNQUVXZ'[month - 1]}{expiry[3]}"
                else:
                    local = f"{tclass} {_MONTHS[month - 1]} {expiry[2:4]}"
                self._add(_details(first_id + i, sym, "FUT", exch, "", ccy, local, tclass, name, tick, expiry=expiry,
                                   multiplier=f"{mult:g}", valid=exch, tz=tz, hours=hours, day=day), price * (1 + 0.002 * i))
        # option chains: stock, index and futures options
        self._option_chain(self.items[272093], day)
        self._option_chain(self.items[416904], day, exchange="CBOE", valid="SMART,CBOE", step=25.0)
        # futures options on the first two expiries: each future's options expire after the one before it
        for tclass, kw in (("ES", dict(exchange="CME", valid="CME", step=25.0, multiplier="50", tz="US/Central",
                                       hours=("{d}:1700-{n}:1600", "{d}:0830-{d}:1500"))),
                           ("FGBL", dict(exchange="EUREX", valid="EUREX", step=0.5, multiplier="1000",
                                         trading_class="OGBL", tz="MET", hours=_EU_HOURS))):
            futures = sorted((it for it in self.items.values() if it.contract.secType == "FUT"
                              and it.contract.tradingClass == tclass),
                             key=lambda it: it.contract.lastTradeDateOrContractMonth)
            after = ""
            for fut in futures[:2]:
                self._option_chain(fut, day, sec_type="FOP", after=after, **kw)  # type: ignore[arg-type]
                after = fut.contract.lastTradeDateOrContractMonth
        # bonds: a Treasury note by its CUSIP as symbol, a corporate one by conId
        maturity = day.replace(year=day.year + 5, day=min(day.day, 28)).strftime("%Y%m%d")
        ust = _details(456467716, "912828C57", "BOND", "SMART", "", "USD", "912828C57", "T", "T 2 1/4 " + maturity[4:6]
                       + "/" + maturity[6:] + "/" + maturity[2:4], 0.0001, valid="SMART",
                       order_types="ACTIVETIM,AD,ALERT,COND,DAY,GTC,GTD,LMT,WHATIF", isin="US912828C574", day=day)
        ust.cusip, ust.coupon, ust.maturity, ust.issueDate = "912828C57", 2.25, maturity, "20140331"
        ust.ratings, ust.bondType, ust.couponType, ust.descAppend = "AAA", "GOVT", "FIXED", ust.longName
        self._add(ust, 97.35)
        self._add(_details(495759171, "ETH", "CRYPTO", "PAXOS", "", "USD", "ETH.USD", "ETH", "Ethereum", 0.05,
                           valid="PAXOS", order_types="DAY,IOC,LMT,MKT,WHATIF", hours=_ALL_DAY, day=day), 3610.0)
        self._add(_details(69067924, "XAUUSD", "CMDTY", "SMART", "", "USD", "XAUUSD", "XAUUSD", "London Gold Spot",
                           0.01, valid="SMART,IBMETAL", order_types="ALERT,DAY,GTC,IOC,LMT,MKT,STP,STPLMT,WHATIF",
                           hours=("{d}:1800-{n}:1700", "{d}:1800-{n}:1700"), day=day), 2651.4)
        fund = _details(14229178, "VINIX", "FUND", "FUNDSERV", "", "USD", "VINIX", "VINIX",
                        "VANGUARD INSTITUTIONAL INDEX FUND-INST", 0.01, valid="FUNDSERV",
                        order_types="DAY,MKT,WHATIF", isin="US9220401007", day=day)
        fund.fundName, fund.fundFamily, fund.fundType = "Vanguard Institutional Index Fund", "Vanguard", "Equity"
        fund.fundFrontLoad, fund.fundBackLoad, fund.fundBackLoadTimeInterval = "0", "0", ""
        fund.fundManagementFee, fund.fundNotifyAmount = "0.035", "0"
        fund.fundMinimumInitialPurchase, fund.fundSubsequentMinimumPurchase = "5000000", "0"
        fund.fundBlueSkyStates, fund.fundBlueSkyTerritories = "ALL", "ALL"
        fund.fundDistributionPolicyIndicator = FundDistributionPolicyIndicator.IncomeFund
        fund.fundAssetType = FundAssetType.Equity
        self._add(fund, 482.16)
        expiry = _monthly(day.replace(year=day.year + 1), 1)[0]
        self._add(_details(563458224, "GOOG", "WAR", "FWB", "", "EUR", "GOOG WAR C 200 " + expiry, "GOOG",
                           "ALPHABET CALL WARRANT", 0.001, expiry=expiry, strike=200.0, right="C", multiplier="0.01",
                           valid="FWB", tz="MET", hours=_EU_HOURS, day=day), 0.21)
        self._add(_details(563458225, "ING", "IOPT", "SBF", "", "EUR", "B881G", "B881G", "ING TURBO LONG", 0.01,
                           expiry=expiry, strike=11.0, right="C", multiplier="1", valid="SBF", tz="MET",
                           hours=_EU_HOURS, day=day), 2.35)
        # news feeds as contracts (secType NEWS): market data on them is headlines (tickNews), no prices
        for con_id, sym, exch, name in ((90000001, "BRFG:BRFG_ALL", "BRFG", "Briefing.com General Market Columns"),
                                        (90000002, "BRFUPDN:BRFUPDN_ALL", "BRFUPDN", "Briefing.com Analyst Actions"),
                                        (90000003, "BRF:BRF_ALL", "BRF", "Briefing Trader"),
                                        (90000004, "BZ:BZ_ALL", "BZ", "Benzinga Pro"),
                                        (90000005, "FLY:FLY_ALL", "FLY", "Fly on the Wall"),
                                        (90000006, "DJ-RT:DJ-RT_ALL", "DJ-RT", "Dow Jones Trader News")):
            self._add(_details(con_id, sym, "NEWS", exch, "", "", sym, exch, name, 0.01, valid=exch, order_types="",
                               hours=_ALL_DAY, day=day), 1.0)
        for con_id, sym, ccy, name, price in ((151214016, "IBDE30", "EUR", "GERMANY 40 CFD", 19505.0),
                                              (118239047, "IBM", "USD", "INTL BUSINESS MACHINES CORP CFD", 222.4),
                                              (118239048, "BMW", "EUR", "BAYERISCHE MOTOREN WERKE AG CFD", 72.4),
                                              (143916318, "EUR", "USD", "EUR.USD CFD", 1.0487)):
            self._add(_details(con_id, sym, "CFD", "SMART", "", ccy, sym, sym, name, 0.01 if price > 10 else 0.00005,
                               valid="SMART", order_types="DAY,GTC,IOC,LMT,MKT,STP,STPLMT,TRAIL,WHATIF",
                               tz="MET" if ccy == "EUR" else "US/Eastern", day=day), price)

    def _option_chain(self, und: Instrument, day: _dt.date, *, sec_type: str = "OPT", exchange: str = "SMART",
                      valid: str = "SMART,AMEX,BOX,CBOE,ISE,MIAX,PHLX", step: float | None = None,
                      multiplier: str = "100", trading_class: str = "", tz: str = "US/Eastern",
                      hours: tuple[str, str] = (_US_HOURS, _US_LIQUID), after: str = "") -> None:
        """Three monthly expiries of 13 strikes around the underlying's price, calls and puts."""
        sym = und.contract.symbol
        tclass = trading_class or und.contract.tradingClass if sec_type == "FOP" else trading_class or sym
        if step is None:
            step = 5.0 if und.price < 300 else 10.0
        atm = round(und.price / step) * step
        strikes = [atm + step * k for k in range(-6, 7)]
        ccy = und.contract.currency
        tick = 0.01 if und.price > 10 else 0.001
        base = 700_000_000 + und.con_id % 1000 * 10_000 if sec_type == "OPT" else 750_000_000 + und.con_id % 10_000 * 1000
        # futures options expire with (or before) their future
        last = und.contract.lastTradeDateOrContractMonth
        expiries = [e for e in _monthly(day, 6) if (not last or e <= last) and e > after][:3] or [last]
        for e_i, expiry in enumerate(expiries):
            for s_i, strike in enumerate(strikes):
                for r_i, right in enumerate("CP"):
                    con_id = base + e_i * (1000 if sec_type == "OPT" else 100) + s_i * (10 if sec_type == "OPT" else 2) + r_i
                    if sec_type == "OPT":
                        local = f"{sym:<6}{expiry[2:]}{right}{int(strike * 1000):08d}"
                    else:
                        local = f"{tclass} {_MONTHS[int(expiry[4:6]) - 1]}{expiry[2:4]} {strike:g} {right}"
                    model = OptionModel(und, strike, right == "C", _dt.datetime.strptime(expiry, "%Y%m%d").date(),
                                        day)
                    # the reference price: the model's on the underlying's reference price
                    price = max(tick, round(model.price(und.price) / tick) * tick)
                    self._add(_details(con_id, sym, sec_type, exchange, "", ccy, local, tclass, sym, tick,
                                       expiry=expiry, strike=strike, right=right, multiplier=multiplier, valid=valid,
                                       under_con_id=und.con_id, tz=tz, hours=hours, day=day),
                              round(price, 10), model)

    # --- resolution -----------------------------------------------------------------------

    def find(self, c: Contract) -> list[Instrument]:
        """Every instrument the description matches (TWS rules: blank fields match anything)."""
        if (c.secType or "").upper() == "BAG":
            combo = self.combo(c)
            return [combo] if combo is not None else []
        if c.conId:
            it = self.items.get(c.conId)
            return [it] if it is not None else []
        if c.secIdType and c.secId:
            return self._by_sec_id(c)
        sec_type = (c.secType or "").upper()
        if sec_type in ("CONTFUT", "FUT+CONTFUT"):
            # the continuous future is the front month; "FUT+CONTFUT" lists every expiry too
            futures = self.find(_with(c, secType="FUT", lastTradeDateOrContractMonth=""))
            by_class: dict[str, list[Instrument]] = {}
            for it in futures:
                by_class.setdefault(it.contract.tradingClass, []).append(it)
            fronts = [min(v, key=lambda it: it.contract.lastTradeDateOrContractMonth) for v in by_class.values()]
            return fronts if sec_type == "CONTFUT" else futures
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

    def _by_sec_id(self, c: Contract) -> list[Instrument]:
        kind, sid = c.secIdType.upper(), c.secId.strip().upper()
        out = []
        for it in self.items.values():
            d = it.details
            if kind == "ISIN":
                hit = any(tv.tag == "ISIN" and tv.value == sid for tv in (d.secIdList or []))
            elif kind == "CUSIP":
                hit = d.cusip == sid or (it.contract.secType == "BOND" and it.contract.symbol == sid)
            elif kind == "FIGI":
                hit = _FIGI.get(sid) == it.con_id
            else:
                hit = False
            if hit and (not c.secType or c.secType.upper() == it.contract.secType) \
                    and (not c.currency or c.currency.upper() == it.contract.currency):
                out.append(it)
        return out

    def combo(self, c: Contract) -> Instrument | None:
        """A BAG contract as one instrument: its legs must all be known; priced from them (None: a leg is not)."""
        legs = c.comboLegs or []
        if not legs:
            return None
        parts = []
        for leg in legs:
            it = self.items.get(leg.conId)
            if it is None or leg.ratio <= 0:
                return None
            parts.append((it, leg.ratio, 1 if (leg.action or "BUY").upper() == "BUY" else -1))
        key = tuple((it.con_id, ratio, sign) for it, ratio, sign in parts)
        found = self._combos.get(key)
        if found is not None:
            return found
        first = parts[0][0].contract
        price = sum(it.price * ratio * sign for it, ratio, sign in parts)
        # a combo's own conId stays internal (TWS reports every BAG as 28812380): one per set of legs
        con_id = 900_000_000 + len(self._combos)
        cd = _details(con_id, c.symbol or first.symbol, "BAG", c.exchange or "SMART", "", c.currency or first.currency,
                      "", "COMB", "Combo", min(it.details.minTick for it, _, _ in parts), valid=c.exchange or "SMART",
                      day=self.today)
        cd.contract.comboLegs = [copy.copy(leg) for leg in legs]
        cd.contract.comboLegsDescrip = ",".join(f"{leg.conId}|{leg.ratio}" for leg in legs)
        inst = Instrument(cd, abs(price) or parts[0][0].price)
        self._combos[key] = inst
        self.items[con_id] = inst
        return inst

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
