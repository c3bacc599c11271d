"""EWrapper: every callback of the official wrapper, as overridable no-ops that log.

Programs from any ibapi generation subclass it; their overridden signatures
decide how callbacks reach them (see ``_adapt``). Calling up to these defaults
works with the old argument lists too.
"""

from __future__ import annotations

import inspect  # noqa: F401
import logging
from decimal import Decimal  # noqa: F401
from typing import Any

from ibwire import EWrapper as _CoreWrapper
from ibwire.model import (  # noqa: F401
    BarData,
    CommissionAndFeesReport,
    Contract,
    ContractDetails,
    DeltaNeutralContract,
    DepthMktDataDescription,
    Execution,
    FamilyCode,
    HistogramData,
    HistoricalTick,
    HistoricalTickBidAsk,
    HistoricalTickLast,
    NewsProvider,
    Order,
    OrderState,
    PriceIncrement,
    RealTimeBar,
    SmartComponent,
    TickAttrib,
    TickAttribBidAsk,
    TickAttribLast,
)
from ibwire.model.const import MAX_MSG_LEN, NO_VALID_ID, UNSET_DOUBLE, UNSET_INTEGER, UNSET_LONG  # noqa: F401

from . import _adapt
from ._protos import *  # noqa: F401,F403
from .commission_report import CommissionReport  # noqa: F401
from .common import *  # noqa: F401,F403
from .object_implem import Object  # noqa: F401
from .ticktype import TickType, TickTypeEnum  # noqa: F401
from .utils import (  # noqa: F401
    BadMessage,
    ClientException,
    ExerciseStaticMethods,
    LogFunction,
    SHOW_UNSET,
    current_fn_name,
    decode,
    floatToStr,
    isAsciiPrintable,
    iswrapper,
    log_,
    longMaxString,
    longToStr,
    setattr_log,
)

logger = logging.getLogger(__name__)


class EWrapper(_CoreWrapper):
    """The callbacks; override the ones you need."""

    def logAnswer(self, fnName: str, *args: Any, fnParams: Any = None) -> None:
        """Programs call it as ``logAnswer(current_fn_name(), vars())``; the defaults with their arguments."""
        if fnParams is not None:
            args = (*args, fnParams)
        if logger.isEnabledFor(logging.INFO):
            if len(args) == 1 and isinstance(args[0], dict):
                args = ({k: v for k, v in args[0].items() if k != "self"},)
            logger.info("ANSWER %s %s", fnName, args)

    def _answers_silent(self) -> bool:
        return getattr(self.logAnswer, "__func__", None) is EWrapper.logAnswer \
            and not logger.isEnabledFor(logging.INFO)

    def error(self, reqId: int, *args: Any, errorTime: Any = None, errorCode: Any = None,  # type: ignore[override]
              errorString: Any = None, advancedOrderRejectJson: Any = None) -> None:
        """Any generation's form: (reqId, [errorTime,] errorCode, errorString[, advancedOrderRejectJson]),
        positional or by keyword."""
        if errorCode is not None or errorString is not None or errorTime is not None:
            # some arguments by keyword: the positional ones fill the form from its start
            modern = errorTime is not None or (errorCode is not None and len(args) == 1) \
                or (len(args) >= 2 and isinstance(args[1], int))
            names = ("errorTime", "errorCode", "errorString", "advancedOrderRejectJson") if modern \
                else ("errorCode", "errorString", "advancedOrderRejectJson")
            given = {**dict(zip(names, args)), **{k: v for k, v in (
                ("errorTime", errorTime), ("errorCode", errorCode), ("errorString", errorString),
                ("advancedOrderRejectJson", advancedOrderRejectJson)) if v is not None}}
            _report(reqId, given.get("errorTime", 0), given.get("errorCode", 0),
                    str(given.get("errorString", "")), str(given.get("advancedOrderRejectJson", "")))
            return
        if advancedOrderRejectJson is not None:
            args = (*args, advancedOrderRejectJson)
        if len(args) >= 3 and isinstance(args[1], int):
            _report(reqId, *args)  # the 10.37+ form: errorTime, errorCode, errorString[, json]
        else:  # 9.x (errorCode, errorString) or 10.10-10.30 (errorCode, errorString, json)
            code = args[0] if args else 0
            text = str(args[1]) if len(args) > 1 else ""
            _report(reqId, 0, code, text, str(args[2]) if len(args) > 2 else "")

    def orderBound(self, permId: Any = None, clientId: Any = None, orderId: Any = None, *,  # type: ignore[override]
                   reqId: Any = None, apiClientId: Any = None, apiOrderId: Any = None) -> None:
        """``orderBound(permId, clientId, orderId)``; 9.x-10.2x named them ``reqId, apiClientId, apiOrderId``."""
        super().orderBound(permId if reqId is None else reqId, clientId if apiClientId is None else apiClientId,
                           orderId if apiOrderId is None else apiOrderId)

    def commissionReport(self, commissionReport: CommissionReport) -> None:
        """The pre-10.37 name of ``commissionAndFeesReport``."""
        self.logAnswer("commissionReport", vars())

    def fundamentalData(self, reqId: int, data: str) -> None:
        """The XML report of ``EClient.reqFundamentalData`` (9.x-10.45; IB withdrew the request in 10.50)."""
        self.logAnswer("fundamentalData", vars())

    def fundamentalsDataProtoBuf(self, fundamentalsDataProto: Any) -> None:
        """10.45's protobuf form of :meth:`fundamentalData` (server 210+), called before it."""
        self.logAnswer("fundamentalsDataProtoBuf", vars())


def _report(reqId: Any, errorTime: Any, errorCode: Any, errorString: Any, advancedOrderRejectJson: Any = "") -> None:
    """The default ``error``: as the program's own release did, every code at ERROR on this module's logger
    (with logging left unconfigured, Python writes it to stderr), in that release's layout."""
    if not logger.isEnabledFor(logging.ERROR):
        return
    head: tuple[Any, ...] = (reqId, errorCode, errorString) if _adapt.current() != _adapt.MODERN \
        else (reqId, errorTime, errorCode, errorString)
    if advancedOrderRejectJson and _adapt.current() != _adapt.LEGACY3:
        head += (advancedOrderRejectJson,)
    logger.error("ERROR" + " %s" * len(head), *head)


def logAnswer(fnName: str, fnParams: dict[str, Any]) -> None:
    logger.info("ANSWER %s %s", fnName, fnParams)
