"""``Enum(*names)``: attributes numbered in order, ``toStr(i)`` back to the name."""

from __future__ import annotations


class Enum:
    def __init__(self, *names: str) -> None:
        self.idx2name: dict[int, str] = {}
        for i, name in enumerate(names):
            setattr(self, name, i)
            self.idx2name[i] = name

    def toStr(self, idx: int) -> str:
        return self.idx2name.get(idx, "NOTFOUND")

    def to_str(self, idx: int) -> str:
        """The 9.x name of :meth:`toStr`."""
        return self.toStr(idx)
