"""The order status names."""

from enum import Enum  # noqa: F401

from ibwire.model import OrderStatus  # noqa: F401
