"""Small value objects shared by several messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._base import Model

__all__ = ["TagValue", "SoftDollarTier", "IneligibilityReason"]


class TagValue(Model):
    """A ``tag=value`` pair (algo parameters, options lists).

    Its text form ``tag=value;`` is also what goes on the wire for option lists.
    Like the official class, both parts are stored as text (``None`` becomes ``"None"``).
    """

    _template = "{tag}={value};"

    def __init__(self, tag: Any = None, value: Any = None) -> None:
        self.tag = str(tag)
        self.value = str(value)


@dataclass(eq=False, repr=False)
class SoftDollarTier(Model):
    """A soft-dollar tier an order may be charged to."""

    _template = "Name: {name}, Value: {val}, DisplayName: {displayName}"
    name: str = ""
    val: str = ""
    displayName: str = ""


class IneligibilityReason(Model):
    """Why a contract cannot be traded by this account."""

    _template = "[id: {id_}, description: {description}];"

    def __init__(self, id_: Any = None, description: Any = None) -> None:
        self.id_ = str(id_)
        self.description = str(description)
