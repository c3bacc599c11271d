"""The convenience facade: ``IB`` (blocking calls and futures on a self-syncing connection) and friends."""

from . import util
from .events import Event
from .ib import IB, ConnectError, RequestError
from .objects import (
    AccountValue,
    BarDataList,
    Bond,
    Crypto,
    DOMLevel,
    Fill,
    Forex,
    Future,
    Index,
    LimitOrder,
    MarketOrder,
    Option,
    OrderStatus,
    PnL,
    PortfolioItem,
    Position,
    Stock,
    StopLimitOrder,
    StopOrder,
    Ticker,
    Trade,
    TradeLogEntry,
)

__all__ = ["IB", "RequestError", "ConnectError", "Event", "util", "Stock", "Forex", "Future", "Option", "Index", "Crypto", "Bond",
           "MarketOrder", "LimitOrder", "StopOrder", "StopLimitOrder", "Trade", "Fill", "TradeLogEntry", "OrderStatus",
           "Ticker", "DOMLevel", "Position", "PortfolioItem", "AccountValue", "PnL", "BarDataList"]
