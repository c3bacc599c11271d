"""Market scanner subscriptions and results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._base import Model, Renamed
from .const import UNSET_DOUBLE, UNSET_INTEGER

__all__ = ["ScanData", "ScannerSubscription", "NO_ROW_NUMBER_SPECIFIED"]

NO_ROW_NUMBER_SPECIFIED = -1


@dataclass(eq=False, repr=False)
class ScanData(Model):
    """One row of scanner results (``contract`` has symbol, secType and currency)."""

    _template = ("Rank: {rank:n}, Symbol: {contract.symbol}, SecType: {contract.secType}, "
                 "Currency: {contract.currency}, Distance: {distance}, Benchmark: {benchmark}, "
                 "Projection: {projection}, Legs String: {legsStr}, MarketName: {marketName}")
    # the market name came in 10.45
    _templates = {"10.30": "Rank: {rank:n}, Symbol: {contract.symbol}, SecType: {contract.secType}, "
                           "Currency: {contract.currency}, Distance: {distance}, Benchmark: {benchmark}, "
                           "Projection: {projection}, Legs String: {legsStr}"}
    contract: Any = None
    rank: int = 0
    distance: str = ''
    benchmark: str = ''
    projection: str = ''
    legsStr: str = ''
    #: ib_async's name of ``contract`` (the row's ContractDetails)
    contractDetails = Renamed(lambda o: o.contract, "contract")
    marketName: str = ''


@dataclass(eq=False, repr=False)
class ScannerSubscription(Model):
    """What a scanner looks for."""

    _template = "Instrument: {instrument}, LocationCode: {locationCode}, ScanCode: {scanCode}"
    numberOfRows: int = -1
    instrument: str = ''
    locationCode: str = ''
    scanCode: str = ''
    abovePrice: float = UNSET_DOUBLE
    belowPrice: float = UNSET_DOUBLE
    aboveVolume: int = UNSET_INTEGER
    marketCapAbove: float = UNSET_DOUBLE
    marketCapBelow: float = UNSET_DOUBLE
    moodyRatingAbove: str = ''
    moodyRatingBelow: str = ''
    spRatingAbove: str = ''
    spRatingBelow: str = ''
    maturityDateAbove: str = ''
    maturityDateBelow: str = ''
    couponRateAbove: float = UNSET_DOUBLE
    couponRateBelow: float = UNSET_DOUBLE
    excludeConvertible: bool = False
    averageOptionVolumeAbove: int = UNSET_INTEGER
    scannerSettingPairs: str = ''
    stockTypeFilter: str = ''

