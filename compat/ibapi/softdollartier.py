"""SoftDollarTier."""

from ibwire.model import SoftDollarTier  # noqa: F401

from .object_implem import Object  # noqa: F401
