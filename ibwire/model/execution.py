"""Executions, their filters and commission reports."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Optional

from ._base import Model
from .const import UNSET_DECIMAL, UNSET_INTEGER

__all__ = ["Execution", "ExecutionFilter", "OptionExerciseType", "CommissionAndFeesReport"]


class OptionExerciseType(Enum):
    """How an option position was exercised or lapsed: ``(code, name)``."""

    NoneItem = (-1, "None")
    Exercise = (1, "Exercise")
    Lapse = (2, "Lapse")
    DoNothing = (3, "DoNothing")
    Assigned = (100, "Assigned ")
    AutoexerciseClearing = (101, "AutoexerciseClearing")
    Expired = (102, "Expired")
    Netting = (103, "Netting")
    AutoexerciseTrading = (200, "AutoexerciseTrading")


def _exercise_name(v: object) -> str:
    # unknown values print as the first member's name, as the official class does
    return v.value[1] if isinstance(v, OptionExerciseType) else OptionExerciseType.NoneItem.value[1]


@dataclass(eq=False, repr=False)
class Execution(Model):
    """One fill."""

    _template = (
        "ExecId: {execId}, Time: {time}, Account: {acctNumber}, Exchange: {exchange}, Side: {side}, "
        "Shares: {shares:d}, Price: {price:f}, PermId: {permId:l}, ClientId: {clientId:i}, "
        "OrderId: {orderId:i}, Liquidation: {liquidation:i}, CumQty: {cumQty:d}, AvgPrice: {avgPrice:f}, "
        "OrderRef: {orderRef}, EvRule: {evRule}, EvMultiplier: {evMultiplier:f}, ModelCode: {modelCode}, "
        "LastLiquidity: {lastLiquidity:i}, PendingPriceRevision: {pendingPriceRevision}, "
        "Submitter: {submitter}, OptExerciseOrLapseType: {exerciseName}"
    )
    _templates = {
        "9.81": "ExecId: {execId}, Time: {time}, Account: {acctNumber}, Exchange: {exchange}, Side: {side}, "
                "Shares: {shares:F}, Price: {price:F}, PermId: {permId:n}, ClientId: {clientId:n}, "
                "OrderId: {orderId:n}, Liquidation: {liquidation:n}, CumQty: {cumQty:F}, AvgPrice: {avgPrice:F}, "
                "OrderRef: {orderRef}, EvRule: {evRule}, EvMultiplier: {evMultiplier:F}, ModelCode: {modelCode}, "
                "LastLiquidity: {lastLiquidity:n}",
        # 10.19-10.2x: no pending price revision yet
        "10.20": "ExecId: {execId}, Time: {time}, Account: {acctNumber}, Exchange: {exchange}, Side: {side}, "
                 "Shares: {shares:d}, Price: {price:f}, PermId: {permId:i}, ClientId: {clientId:i}, "
                 "OrderId: {orderId:i}, Liquidation: {liquidation:i}, CumQty: {cumQty:d}, AvgPrice: {avgPrice:f}, "
                 "OrderRef: {orderRef}, EvRule: {evRule}, EvMultiplier: {evMultiplier:f}, ModelCode: {modelCode}, "
                 "LastLiquidity: {lastLiquidity:i}",
        "10.30": "ExecId: {execId}, Time: {time}, Account: {acctNumber}, Exchange: {exchange}, Side: {side}, "
                 "Shares: {shares:d}, Price: {price:f}, PermId: {permId:i}, ClientId: {clientId:i}, "
                 "OrderId: {orderId:i}, Liquidation: {liquidation:i}, CumQty: {cumQty:d}, AvgPrice: {avgPrice:f}, "
                 "OrderRef: {orderRef}, EvRule: {evRule}, EvMultiplier: {evMultiplier:f}, ModelCode: {modelCode}, "
                 "LastLiquidity: {lastLiquidity:i}, PendingPriceRevision: {pendingPriceRevision}",
    }
    _computed = {"exerciseName": lambda self: _exercise_name(self.optExerciseOrLapseType)}
    _older_defaults = {"9.81": {"shares": 0.0, "cumQty": 0.0}}
    execId: str = ''
    time: str = ''
    acctNumber: str = ''
    exchange: str = ''
    side: str = ''
    shares: Decimal = UNSET_DECIMAL
    price: float = 0.0
    permId: int = 0
    clientId: int = 0
    orderId: int = 0
    liquidation: int = 0
    cumQty: Decimal = UNSET_DECIMAL
    avgPrice: float = 0.0
    orderRef: str = ''
    evRule: str = ''
    evMultiplier: float = 0.0
    modelCode: str = ''
    lastLiquidity: int = 0
    pendingPriceRevision: bool = False
    submitter: str = ''
    optExerciseOrLapseType: OptionExerciseType = OptionExerciseType.NoneItem


@dataclass(eq=False, repr=False)
class ExecutionFilter(Model):
    """Which executions reqExecutions returns."""

    _template = "Object"
    clientId: int = 0
    acctCode: str = ''
    time: str = ''
    symbol: str = ''
    secType: str = ''
    exchange: str = ''
    side: str = ''
    lastNDays: int = UNSET_INTEGER
    specificDates: Optional[list[str]] = None

@dataclass(eq=False, repr=False)
class CommissionAndFeesReport(Model):
    """Commission, fees and realized P&L of one execution."""

    _template = (
        "ExecId: {execId}, CommissionAndFees: {commissionAndFees:f}, Currency: {currency}, "
        "RealizedPnL: {realizedPNL:f}, Yield: {yield_:f}, YieldRedemptionDate: {yieldRedemptionDate:i}"
    )
    # before 10.37 the report was CommissionReport and printed its ``commission``
    _templates = {
        "9.81": "ExecId: {execId}, Commission: {commissionAndFees:F}, Currency: {currency}, "
                "RealizedPnL: {realizedPNL:r}, Yield: {yield_:r}, YieldRedemptionDate: {yieldRedemptionDate:n}",
        "10.30": "ExecId: {execId}, Commission: {commissionAndFees:f}, Currency: {currency}, "
                 "RealizedPnL: {realizedPNL:f}, Yield: {yield_:f}, YieldRedemptionDate: {yieldRedemptionDate:i}",
    }
    execId: str = ''
    commissionAndFees: float = 0.0
    currency: str = ''
    realizedPNL: float = 0.0
    yield_: float = 0.0
    yieldRedemptionDate: int = 0

