"""What the compiled core's modules share: the event shape and the decoder base class."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Final

from ..fields import _DECIMALS, remember_decimal

__all__ = ["SEP", "ZERO", "Events", "emit", "pairs", "Bind", "Sink", "TextDecode", "ProtoDecode", "FIELD_CAP",
           "NeedFields", "Dec", "PDec", "SIZE_OF_PRICE", "PRICE_SIZE", "size"]

SEP: Final = b"\0"
ZERO: Final = b"0"

#: Fields of a text frame split at first (see ``messages.FIELD_CAP``, the same number).
FIELD_CAP: Final = 1024

#: Price tick type -> the size tick type TWS folds into its tickPrice (bid, ask, last and their delayed forms).
PRICE_SIZE: Final[dict[int, int]] = {1: 0, 2: 3, 4: 5, 66: 69, 67: 70, 68: 71}
#: :data:`PRICE_SIZE` as a list indexed 0-127, -1 for none.
SIZE_OF_PRICE: Final[list[int]] = [-1] * 128
for _price, _size in PRICE_SIZE.items():
    SIZE_OF_PRICE[_price] = _size

#: Ready events, flat and without a tuple per event: for each, its argument count, the callback, then its
#: arguments (``[4, tickPrice, 7, 1, 101.25, attrib, 3, tickSize, 7, 0, size, ...]``). Flat because the
#: reader makes them and the dispatcher frees them later: every tuple living across that handoff was a
#: tracked object the cyclic GC visited (measured: collections were a fifth of the tick path's CPU).
Events = list[object]


def emit(out: Events, cb: object, args: Sequence[object]) -> None:
    """Append the event ``cb(*args)`` to ``out`` (the hot decoders write theirs inline)."""
    out.append(len(args))
    out.append(cb)
    out.extend(args)


def pairs(events: Events) -> list[tuple[object, tuple[object, ...]]]:
    """``events`` as ``(callback, args)`` pairs; ValueError if they are not well formed."""
    got: list[tuple[object, tuple[object, ...]]] = []
    i = 0
    n = len(events)
    while i < n:
        k = events[i]
        if not isinstance(k, int) or isinstance(k, bool) or k < 0 or i + 2 + k > n:
            raise ValueError(f"bad event at {i}: argument count {k!r} in {n} items")
        got.append((events[i + 1], tuple(events[i + 2 : i + 2 + k])))
        i += 2 + k
    return got


#: The callable (or, for the reference decoder, the name) a callback name is bound to; None for a callback
#: left at a default that does nothing (its events are dropped: see ``EClient.connect``).
Bind = Callable[[str], object]
TextDecode = Callable[[list[bytes]], list[tuple[str, tuple[object, ...]]]]
ProtoDecode = Callable[[bytes], list[tuple[str, tuple[object, ...]]]]
#: Where pieces of a huge message go (the reader's queue).
Sink = Callable[[Events], None]

# the cache under a name bound by assignment: interpreted, ``_SIZES.get(x)`` is then a fast method call
# (CPython 3.11 does not specialise it on a name bound by an import), some 90 ns less per size
_SIZES: Final[dict[bytes, Decimal]] = _DECIMALS


def size(x: bytes) -> Decimal:
    """A size field (the shared bounded cache of ``fields.dec_decimal``)."""
    d = _SIZES.get(x)
    if d is None:
        d = remember_decimal(_SIZES, x, x.decode())
    return d


class NeedFields(IndexError):
    """A count in the frame calls for more fields than the frame's field list holds.

    Raised before any record is built, so a frame claiming millions of records costs
    nothing; ``short`` is how many more fields at least were needed.
    """

    def __init__(self, what: str, need: int, have: int) -> None:
        super().__init__(f"{what} need {need} fields, {have} left")
        self.short = need - have


class Dec:
    """A decoder of one message kind, bound to a server version and to its callbacks.

    ``decode(f, at, out)`` reads the message's fields from ``f[at]`` on and appends its
    events to ``out``; it appends nothing until every field it needs was read. ``cap``:
    how many fields to split at first (-1: all, for messages with repeated groups).
    """

    cap: int = FIELD_CAP

    def __init__(self, sv: int, bind: Bind) -> None:
        """Bind to server version ``sv`` and to the callbacks ``bind(name)`` gives."""

    @abstractmethod
    def decode(self, f: list[bytes], at: int, out: Events) -> None:
        """Append the events of the message in ``f[at:]`` to ``out``."""

    def pieces(self, body: bytes, at: int, sink: Sink) -> bool:
        """Deliver a huge message in bounded pieces to ``sink``; False: this kind has no pieces."""
        return False


class PDec:
    """A decoder of one protobuf message kind: ``decode(body, out)`` appends its events to ``out``."""

    def __init__(self, sv: int, bind: Bind) -> None:
        """Bind to server version ``sv`` and to the callbacks ``bind(name)`` gives."""

    @abstractmethod
    def decode(self, body: bytes, out: Events) -> None:
        """Append the events of the protobuf message ``body`` to ``out``."""
