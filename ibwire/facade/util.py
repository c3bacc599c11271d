"""Utilities: ``df`` (objects to a pandas DataFrame) and ``logToConsole``."""

from __future__ import annotations

import dataclasses
import logging
import sys
from collections.abc import Iterable
from typing import Any

__all__ = ["df", "logToConsole", "tree"]


def tree(obj: Any) -> Any:
    """Plain data of an object: dataclasses and model objects become dicts of their attributes."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    if hasattr(obj, "__dict__"):
        return {k: v for k, v in vars(obj).items() if not k.startswith("_")}
    return obj


def df(objs: Iterable[Any], labels: list[str] | None = None) -> Any:
    """A pandas DataFrame with one row per object (bars, fills, positions...); needs ``pandas``."""
    import pandas as pd  # type: ignore[import-untyped]

    rows = [tree(o) for o in objs]
    frame = pd.DataFrame(rows)
    if labels is not None:
        frame = frame[labels]
    return frame


def logToConsole(level: int = logging.INFO) -> None:
    """Log ibwire to stderr at ``level``."""
    logger = logging.getLogger("ibwire")
    logger.setLevel(level)
    if not any(isinstance(h, logging.StreamHandler) and getattr(h, "_ibwire", False) for h in logger.handlers):
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        h._ibwire = True  # type: ignore[attr-defined]
        logger.addHandler(h)
