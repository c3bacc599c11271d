"""Market data objects: bars, ticks, attributes, depth, rules and sessions."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ._base import Model, Renamed
from .const import UNSET_DECIMAL, UNSET_INTEGER


def _unset_as(value: Any, old: Any) -> Any:
    # a size still unset prints as the 0 that 9.x objects started from
    return old if value is UNSET_DECIMAL else value

__all__ = ["BarData", "RealTimeBar", "HistogramData", "NewsProvider", "DepthMktDataDescription",
           "SmartComponent", "TickAttrib", "TickAttribBidAsk", "TickAttribLast", "FamilyCode",
           "PriceIncrement", "HistoricalTick", "HistoricalTickBidAsk", "HistoricalTickLast",
           "HistoricalSession", "WshEventData"]


@dataclass(eq=False, repr=False)
class BarData(Model):
    """One historical bar."""

    _template = ("Date: {date}, Open: {open:f}, High: {high:f}, Low: {low:f}, Close: {close:f}, "
                 "Volume: {volume:d}, WAP: {wap:d}, BarCount: {barCount:i}")
    _templates = {"9.81": "Date: {date}, Open: {open:F}, High: {high:F}, Low: {low:F}, Close: {close:F}, "
                          "Volume: {volume:n}, Average: {average:F}, BarCount: {barCount:n}"}
    # 9.x called the average price ``average`` (compat gives 9.x programs bars with both names); sizes
    # started at 0 there
    average = Renamed(lambda self: _unset_as(self.wap, 0.0), "wap")
    _older_defaults = {"9.81": {"volume": 0}}
    date: str = ''
    open: float = 0.0
    high: float = 0.0
    low: float = 0.0
    close: float = 0.0
    volume: Decimal = UNSET_DECIMAL
    wap: Decimal = UNSET_DECIMAL
    barCount: int = 0

@dataclass(eq=False, repr=False)
class RealTimeBar(Model):
    """One 5-second real-time bar."""

    _template = ("Time: {time:i}, Open: {open_:f}, High: {high:f}, Low: {low:f}, Close: {close:f}, "
                 "Volume: {volume:d}, WAP: {wap:d}, Count: {count:i}")
    _templates = {"9.81": "Time: {time:n}, Open: {open_:F}, High: {high:F}, Low: {low:F}, Close: {close:F}, "
                          "Volume: {volume:n}, WAP: {wap:F}, Count: {count:n}"}
    _older_defaults = {"9.81": {"volume": 0, "wap": 0.0}}
    time: int = 0
    endTime: int = -1
    open_: float = 0.0
    high: float = 0.0
    low: float = 0.0
    close: float = 0.0
    volume: Decimal = UNSET_DECIMAL
    wap: Decimal = UNSET_DECIMAL
    count: int = 0

@dataclass(eq=False, repr=False)
class HistogramData(Model):
    """Volume traded at one price."""

    _template = "Price: {price:f}, Size: {size:d}"
    # 9.x called the size ``count``
    _templates = {"9.81": "Price: {price:F}, Count: {count:n}"}
    count = Renamed(lambda self: _unset_as(self.size, 0), "size")
    price: float = 0.0
    size: Decimal = UNSET_DECIMAL

@dataclass(eq=False, repr=False)
class NewsProvider(Model):
    """A news source."""

    _template = "Code: {code}, Name: {name}"
    code: str = ''
    name: str = ''

@dataclass(eq=False, repr=False)
class DepthMktDataDescription(Model):
    """An exchange offering market depth."""

    _template = ("Exchange: {exchange}, SecType: {secType}, ListingExchange: {listingExch}, "
                 "ServiceDataType: {serviceDataType}, AggGroup: {aggGroup:i}, ")
    exchange: str = ''
    secType: str = ''
    listingExch: str = ''
    serviceDataType: str = ''
    aggGroup: int = UNSET_INTEGER

@dataclass(eq=False, repr=False)
class SmartComponent(Model):
    """An exchange SMART routing may use."""

    _template = "BitNumber: {bitNumber:n}, Exchange: {exchange}, ExchangeLetter: {exchangeLetter}"
    bitNumber: int = 0
    exchange: str = ''
    exchangeLetter: str = ''

@dataclass(eq=False, repr=False)
class TickAttrib(Model):
    """Flags of a price tick."""

    _template = "CanAutoExecute: {canAutoExecute:n}, PastLimit: {pastLimit:n}, PreOpen: {preOpen:n}"
    canAutoExecute: bool = False
    pastLimit: bool = False
    preOpen: bool = False

@dataclass(eq=False, repr=False)
class TickAttribBidAsk(Model):
    """Flags of a bid/ask tick."""

    _template = "BidPastLow: {bidPastLow:n}, AskPastHigh: {askPastHigh:n}"
    bidPastLow: bool = False
    askPastHigh: bool = False

@dataclass(eq=False, repr=False)
class TickAttribLast(Model):
    """Flags of a trade tick."""

    _template = "PastLimit: {pastLimit:n}, Unreported: {unreported:n}"
    pastLimit: bool = False
    unreported: bool = False

@dataclass(eq=False, repr=False)
class FamilyCode(Model):
    """An account family code."""

    _template = "AccountId: {accountID}, FamilyCodeStr: {familyCodeStr}"
    accountID: str = ''
    familyCodeStr: str = ''

@dataclass(eq=False, repr=False)
class PriceIncrement(Model):
    """One step of a market rule: the tick size from a price up."""

    _template = "LowEdge: {lowEdge:f}, Increment: {increment:f}"
    _templates = {"9.81": "LowEdge: {lowEdge:F}, Increment: {increment:F}"}
    lowEdge: float = 0.0
    increment: float = 0.0

@dataclass(eq=False, repr=False)
class HistoricalTick(Model):
    """A historical midpoint tick."""

    _template = "Time: {time:i}, Price: {price:f}, Size: {size:d}"
    _templates = {"9.81": "Time: {time:n}, Price: {price:F}, Size: {size:n}"}
    _older_defaults = {"9.81": {"size": 0}}
    time: int = 0
    price: float = 0.0
    size: Decimal = UNSET_DECIMAL

@dataclass(eq=False, repr=False)
class HistoricalTickBidAsk(Model):
    """A historical bid/ask tick."""

    _template = ("Time: {time:i}, TickAttriBidAsk: {tickAttribBidAsk}, PriceBid: {priceBid:f}, "
                 "PriceAsk: {priceAsk:f}, SizeBid: {sizeBid:d}, SizeAsk: {sizeAsk:d}")
    _templates = {"9.81": "Time: {time:n}, TickAttriBidAsk: {tickAttribBidAsk}, PriceBid: {priceBid:F}, "
                          "PriceAsk: {priceAsk:F}, SizeBid: {sizeBid:n}, SizeAsk: {sizeAsk:n}"}
    _older_defaults = {"9.81": {"sizeBid": 0, "sizeAsk": 0}}
    time: int = 0
    tickAttribBidAsk: TickAttribBidAsk = field(default_factory=TickAttribBidAsk)
    priceBid: float = 0.0
    priceAsk: float = 0.0
    sizeBid: Decimal = UNSET_DECIMAL
    sizeAsk: Decimal = UNSET_DECIMAL

@dataclass(eq=False, repr=False)
class HistoricalTickLast(Model):
    """A historical trade tick."""

    _template = ("Time: {time:i}, TickAttribLast: {tickAttribLast}, Price: {price:f}, Size: {size:d}, "
                 "Exchange: {exchange}, SpecialConditions: {specialConditions}")
    _templates = {"9.81": "Time: {time:n}, TickAttribLast: {tickAttribLast}, Price: {price:F}, Size: {size:n}, "
                          "Exchange: {exchange}, SpecialConditions: {specialConditions}"}
    _older_defaults = {"9.81": {"size": 0}}
    time: int = 0
    tickAttribLast: TickAttribLast = field(default_factory=TickAttribLast)
    price: float = 0.0
    size: Decimal = UNSET_DECIMAL
    exchange: str = ''
    specialConditions: str = ''

@dataclass(eq=False, repr=False)
class HistoricalSession(Model):
    """One trading session of a historical schedule."""

    _template = "Start: {startDateTime}, End: {endDateTime}, Ref Date: {refDate}"
    startDateTime: str = ''
    endDateTime: str = ''
    refDate: str = ''

@dataclass(eq=False, repr=False)
class WshEventData(Model):
    """Parameters of a Wall Street Horizon event request."""

    _template = ("WshEventData. ConId: {conId:i}, Filter: {filter}, Fill Watchlist: {fillWatchlist:n}, "
                 "Fill Portfolio: {fillPortfolio:n}, Fill Competitors: {fillCompetitors:n}")
    conId: int = UNSET_INTEGER
    filter: str = ''
    fillWatchlist: bool = False
    fillPortfolio: bool = False
    fillCompetitors: bool = False
    startDate: str = ''
    endDate: str = ''
    totalLimit: int = UNSET_INTEGER

