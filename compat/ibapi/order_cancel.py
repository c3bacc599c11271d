"""OrderCancel: the manual cancel time and CME tagging of a cancel."""

from ibwire.model import OrderCancel, intMaxString  # noqa: F401
from ibwire.model.const import UNSET_INTEGER  # noqa: F401

from .object_implem import Object  # noqa: F401
