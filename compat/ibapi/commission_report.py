"""CommissionReport, the pre-10.37 name: the same report with ``commission`` for ``commissionAndFees``."""

from __future__ import annotations

from ibwire.model import CommissionAndFeesReport, floatMaxString, intMaxString  # noqa: F401

from . import utils  # noqa: F401

from .object_implem import Object  # noqa: F401


class CommissionReport(CommissionAndFeesReport):
    """The report under its old name; ``commission`` reads and writes ``commissionAndFees``."""

    @property
    def commission(self) -> float:
        return self.commissionAndFees

    @commission.setter
    def commission(self, value: float) -> None:
        self.commissionAndFees = value

    @classmethod
    def of(cls, report: CommissionAndFeesReport) -> CommissionReport:
        new = cls()
        new.__dict__.update(vars(report))
        return new
