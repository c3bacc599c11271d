"""ScannerSubscription and ScanData."""

from ibwire.model import NO_ROW_NUMBER_SPECIFIED, ScanData, ScannerSubscription  # noqa: F401
from ibwire.model.const import UNSET_DOUBLE, UNSET_INTEGER  # noqa: F401

from .object_implem import Object  # noqa: F401
