"""CommissionAndFeesReport (10.37+); programs written for older releases use ``commission_report``."""

from ibwire.model import CommissionAndFeesReport, floatMaxString, intMaxString  # noqa: F401

from .object_implem import Object  # noqa: F401
