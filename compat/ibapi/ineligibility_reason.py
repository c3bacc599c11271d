"""IneligibilityReason."""

from ibwire.model import IneligibilityReason  # noqa: F401

from .object_implem import Object  # noqa: F401
