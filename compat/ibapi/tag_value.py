"""TagValue: one ``tag=value`` option."""

from ibwire.model import TagValue  # noqa: F401

from .object_implem import Object  # noqa: F401
