"""The convenience facade: ``IB`` (blocking calls, futures and awaitables on a self-syncing connection) and friends.

``__all__`` is spelled out (type checkers read only a literal list); a test keeps it in step with each
module's own ``__all__``.
"""

from . import util
from .contract import (
    CFD,
    Bag,
    Bond,
    Commodity,
    ContFuture,
    Crypto,
    Forex,
    Future,
    FuturesOption,
    Index,
    MutualFund,
    Option,
    Stock,
    Warrant,
)
from .events import Event
from .flexreport import FlexError, FlexObject, FlexReport
from .ib import IB, ConnectError, RequestError
from .objects import (
    AccountValue,
    BarDataList,
    CommissionReport,
    ConnectionStats,
    Dividends,
    Fill,
    FundamentalRatios,
    HistoricalNews,
    HistoricalSchedule,
    IBDefaults,
    MktDepthData,
    NewsArticle,
    NewsBulletin,
    NewsTick,
    OptionChain,
    OptionComputation,
    OrderStatus,
    PnL,
    PnLSingle,
    PortfolioItem,
    Position,
    RealTimeBarList,
    ScanDataList,
    StartupFetch,
    StartupFetchALL,
    StartupFetchNONE,
    TickByTickAllLast,
    TickByTickBidAsk,
    TickByTickMidPoint,
    TickData,
    Trade,
    TradeLogEntry,
)
from .order import BracketOrder, LimitOrder, MarketOrder, OrderStateNumeric, StopLimitOrder, StopOrder
from .ticker import DOMLevel, Ticker
from .watchdog import IBC, Watchdog

__all__ = [
    "IB", "RequestError", "ConnectError", "Event", "util",
    # contract.py
    "Stock", "Option", "Future", "ContFuture", "Forex", "Index", "CFD", "Commodity", "Bond", "FuturesOption",
    "MutualFund", "Warrant", "Bag", "Crypto",
    # order.py
    "MarketOrder", "LimitOrder", "StopOrder", "StopLimitOrder", "BracketOrder", "OrderStateNumeric",
    # objects.py
    "OrderStatus", "CommissionReport", "Fill", "TradeLogEntry", "Trade", "Position", "PortfolioItem", "AccountValue",
    "PnL", "PnLSingle", "TickData", "TickByTickAllLast", "TickByTickBidAsk", "TickByTickMidPoint", "MktDepthData",
    "HistoricalSchedule", "OptionComputation", "OptionChain", "Dividends", "NewsArticle", "HistoricalNews",
    "NewsTick", "NewsBulletin", "ConnectionStats", "FundamentalRatios", "IBDefaults", "StartupFetch",
    "StartupFetchNONE", "StartupFetchALL", "BarDataList", "RealTimeBarList", "ScanDataList",
    # ticker.py
    "Ticker", "DOMLevel",
    # operations
    "FlexError", "FlexObject", "FlexReport", "IBC", "Watchdog",
]
