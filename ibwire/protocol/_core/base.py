"""What the compiled core's modules share: the event shape and the decoder base class."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Final, TypeVar

from ...model.const import UNSET_DECIMAL
from ...model.market import TickAttrib

__all__ = ["SEP", "ZERO", "Events", "emit", "pairs", "Bind", "Sink", "TextDecode", "ProtoDecode", "FIELD_CAP",
           "NeedFields", "Dec", "PDec", "SIZE_OF_PRICE", "PRICE_SIZE", "size", "SIZES",
           "DECIMALS_MAX", "DECIMAL_TEXT_MAX", "remember_decimal", "Later", "PriceLater", "tick_attrib",
           "callback_of", "read_int", "read_float",
           "plain_digits", "new_size", "cached_size", "COMPILED_HERE"]

_K = TypeVar("_K", bytes, str)

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

#: Ready events, flat and without a tuple per event: for each, its argument count, the callback (or a
#: :class:`Later`'s method that makes the callback's model object), then its arguments
#: (``[4, tickPrice, 7, 1, 101.25, 0, 3, tickSize, 7, 0, size, ...]``). Flat because the reader makes them and
#: the dispatcher frees them later: every tuple living across that handoff was a tracked object the cyclic GC
#: visited (measured: collections were a fifth of the tick path's CPU).
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
        cb = events[i + 1]
        args = tuple(events[i + 2 : i + 2 + k])
        later = getattr(cb, "__self__", None)
        if isinstance(later, Later):  # the event as its callback gets it
            cb, args = later.cb, later.expand(args)
        got.append((cb, args))
        i += 2 + k
    return got


#: The callable (or, for the reference decoder, the name) a callback name is bound to; None for a callback
#: left at a default that does nothing (its events are dropped: see ``EClient.connect``).
Bind = Callable[[str], object]
TextDecode = Callable[[list[bytes]], list[tuple[str, tuple[object, ...]]]]
ProtoDecode = Callable[[bytes], list[tuple[str, tuple[object, ...]]]]
#: Where pieces of a huge message go (the reader's queue).
Sink = Callable[[Events], None]

#: Size text -> its Decimal, shared by the text decoders here and the reference decoder. Sizes repeat a lot
#: (round lots) and a Decimal is immutable, so a parsed size is kept: the common case is one dict lookup
#: (compiled, a size of plain digits skips it: see :func:`size`). The "unset" sentinels are in it from the
#: start.
SIZES: Final[dict[bytes, Decimal]] = {t: UNSET_DECIMAL for t in (
    b"", b"2147483647", b"9223372036854775807", b"1.7976931348623157E308", b"-9223372036854775808")}
#: Entries of the size caches, and the longest text they keep: every real size is short, so together they
#: bound a cache by bytes (about 1 MiB at most), whatever a peer sends. Small on purpose: a hit must stay in
#: the CPU's cache to beat parsing (measured on 3.11: with 64k entries a lookup of random sizes cost more
#: than ``Decimal(text)``, and 4k entries made the tick path 25% faster).
DECIMALS_MAX: Final = 1 << 12
DECIMAL_TEXT_MAX: Final = 24


def remember_decimal(cache: dict[_K, Decimal], key: _K, d: Decimal) -> Decimal:
    """``d``, kept in ``cache`` under ``key`` while the cache's bounds allow."""
    if len(key) <= DECIMAL_TEXT_MAX and len(cache) < DECIMALS_MAX:
        cache[key] = d
    return d


def plain_digits(x: bytes) -> int:
    """The value of ``x`` when it is 1 to 18 ASCII digits and nothing else; -1 otherwise."""
    n = len(x)
    if n == 0 or n > 18:
        return -1
    v = 0
    for i in range(n):
        c = x[i]
        if c < 48 or c > 57:
            return -1
        v = v * 10 + (c - 48)
    return v


def read_int(x: bytes) -> int:
    """``int(x)``, the same value or the same error. Compiled, plain digits are read by
    :func:`plain_digits`, a tenth of ``int()``'s cost, most of which is its argument parsing; anything
    else (a sign, a space, an underscore, no number) goes to ``int()``. The pure form is ``int`` itself
    (see :data:`COMPILED_HERE`)."""
    v = plain_digits(x)
    return v if v >= 0 else int(x)


#: Exact powers of ten as floats (10**22 is the last one a double holds exactly).
_POW10: Final[list[float]] = [10.0**k for k in range(23)]


def read_float(x: bytes) -> float:
    """``float(x)``, the same value or the same error. Compiled, plain decimals of up to 15 digits (a
    price) are read as digits over a power of ten: both exact in a double, the one division is correctly
    rounded, so the result is the correctly rounded value ``float()`` gives (the fast path of strtod).
    Anything else, and the pure form (see :data:`COMPILED_HERE`), is ``float`` itself."""
    n = len(x)
    if n == 0 or n > 17:
        return float(x)
    i = 0
    neg = x[0] == 45  # "-"
    if neg:
        i = 1
    m = 0
    digits = 0
    scale = -1  # digits after the point; -1 while no point was read
    while i < n:
        c = x[i]
        if 48 <= c <= 57:
            m = m * 10 + (c - 48)
            digits += 1
            if scale >= 0:
                scale += 1
        elif c == 46 and scale < 0:  # "."
            scale = 0
        else:
            return float(x)  # an exponent, "inf", a space, an underscore, or no number
        i += 1
    if digits == 0 or digits > 15:
        return float(x)
    v = float(m)
    if scale > 0:
        v = v / _POW10[scale]
    return -v if neg else v


def new_size(x: bytes) -> Decimal:
    """``Decimal(x.decode())`` for a size not in :data:`SIZES` (the same value or the same error), kept
    there while its bounds allow. Compiled, plain digits go through an int: ``Decimal(int)`` is the cheaper
    parse (the pure form parses the text: see :data:`COMPILED_HERE`)."""
    v = plain_digits(x)
    return remember_decimal(SIZES, x, Decimal(v) if v >= 0 else Decimal(x.decode()))


#: The Decimals of the sizes 0-4095, made when first read (compiled :func:`size`).
_SMALL: Final[list[Decimal | None]] = [None] * 4096


def size(x: bytes) -> Decimal:
    """A size field: ``Decimal(text)``, or ``UNSET_DECIMAL`` for an "unset" text. Compiled, plain digits are
    read as an int: below 4096 a shared Decimal by index, up to the first sentinel (2**31 - 1) a new one
    (a dict look-up of the text cost more: hashing it, then a cache miss); anything else, and the pure form
    (see :data:`COMPILED_HERE`), goes through the shared bounded cache :data:`SIZES`."""
    v = plain_digits(x)
    if 0 <= v < 4096:
        d = _SMALL[v]
        if d is None:
            d = _SMALL[v] = Decimal(v)
        return d
    if 0 <= v < 2147483647:
        return Decimal(v)
    return cached_size(x)


def cached_size(x: bytes) -> Decimal:
    """A size field through the shared bounded cache :data:`SIZES` (the pure form's :func:`size`)."""
    d = SIZES.get(x)
    if d is None:
        d = new_size(x)
    return d


class Later:
    """An event's callable that makes the callback's model object when it is called, on the dispatch thread.

    Made there and freed right after the call, the object is never alive across the handoff between the
    threads, where a tracked object made on the reader counts toward the cyclic GC until the dispatcher frees
    it (measured on ticks: most of the collections). ``cb`` is the callback; :meth:`expand` turns the event's
    arguments into the callback's (what ``pairs`` shows).
    """

    def __init__(self, cb: object) -> None:
        self.cb: Callable[..., object] = cb  # type: ignore[assignment]

    @abstractmethod
    def expand(self, args: Sequence[object]) -> tuple[object, ...]:
        """The callback's arguments for the event's ``args``."""


def callback_of(cb: object) -> object:
    """The callback an event's callable ``cb`` calls: itself, or a :class:`Later`'s callback."""
    later = getattr(cb, "__self__", None)
    return later.cb if isinstance(later, Later) else cb


def tick_attrib(flags: int) -> TickAttrib:
    """A price tick's attributes from its flags: bit 0 canAutoExecute, 1 pastLimit, 2 preOpen."""
    return TickAttrib((flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0)


class PriceLater(Later):
    """``tickPrice(reqId, tickType, price, attrib)`` from ``(reqId, tickType, price, flags)``."""

    def call(self, req_id: object, tick_type: object, price: object, flags: int) -> None:
        self.cb(req_id, tick_type, price, tick_attrib(flags))

    def expand(self, args: Sequence[object]) -> tuple[object, ...]:
        flags: int = args[3]  # type: ignore[assignment]
        return (args[0], args[1], args[2], tick_attrib(flags))


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


def _new_size_text(x: bytes) -> Decimal:
    return remember_decimal(SIZES, x, Decimal(x.decode()))


#: Whether this module runs compiled. Some of its functions are shortcuts that only pay compiled (a loop
#: over digits); the pure form replaces them with the plain way, which interpreted is the faster one.
#: Both forms give the same values and errors (the same tests run on both).
COMPILED_HERE: Final = __file__.endswith((".so", ".pyd"))
if not COMPILED_HERE:
    globals().update(read_int=int, read_float=float, new_size=_new_size_text, size=cached_size)
