"""Protobuf decoders of the frequent market messages for the compiled core (server 201+).

Each fires its ``*ProtoBuf`` callback with the parsed message first, then the
classic callbacks, as the official client does; its event is appended before the
values are converted, so a value that fails to convert still leaves it (the
reference decoder delivers it with the error report). A value that is absent from the
message reads as the classic "unset" value; a value set to zero is zero.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from ...model.const import NO_VALID_ID, UNSET_DECIMAL, UNSET_DOUBLE, UNSET_INTEGER
from ..proto.TickPrice_pb2 import TickPrice
from ..proto.TickSize_pb2 import TickSize
from .base import SIZE_OF_PRICE, Bind, Events, PDec, PriceLater, remember_decimal

__all__ = ["TickPricePb", "TickSizePb", "PB_DECIMALS", "DECODERS", "pb_size"]

#: Sizes as protobuf text -> Decimal (bounded like the text decoders' cache).
PB_DECIMALS: Final[dict[str, Decimal]] = {}

_NOT_SET: Final = 111


def pb_size(m: Any, name: str = "size") -> Decimal:
    """A size sent as text in field ``name`` of ``m`` (absent: ``UNSET_DECIMAL``), shared through the bounded
    cache :data:`PB_DECIMALS` (the reference protobuf decoder reads its sizes here too)."""
    x = getattr(m, name)
    if x or m.HasField(name):
        d = PB_DECIMALS.get(x)
        return d if d is not None else remember_decimal(PB_DECIMALS, x, Decimal(x))
    return UNSET_DECIMAL


class TickPricePb(PDec):
    def __init__(self, sv: int, bind: Bind) -> None:
        self.pb_cb = bind("tickPriceProtoBuf")
        price = bind("tickPrice")
        self.price_cb = None if price is None else PriceLater(price).call
        self.size_cb = bind("tickSize")
        self.size_of = SIZE_OF_PRICE

    def decode(self, body: bytes, out: Events) -> None:
        m = TickPrice.FromString(body)
        if self.pb_cb is not None:  # left silent: the message need not outlive this read
            out.extend((1, self.pb_cb, m))
        req_id = m.reqId if m.reqId or m.HasField("reqId") else NO_VALID_ID
        kind = m.tickType if m.tickType or m.HasField("tickType") else UNSET_INTEGER
        size = pb_size(m)  # converted before any callback, as the official client does
        mask = m.attrMask if m.attrMask or m.HasField("attrMask") else UNSET_INTEGER
        price = m.price if m.price or m.HasField("price") else UNSET_DOUBLE
        out.extend((4, self.price_cb, req_id, kind, price, mask & 7))
        if 0 <= kind < 128:
            st = self.size_of[kind]
            if st >= 0:
                out.extend((3, self.size_cb, req_id, st, size))


class TickSizePb(PDec):
    def __init__(self, sv: int, bind: Bind) -> None:
        self.pb_cb = bind("tickSizeProtoBuf")
        self.size_cb = bind("tickSize")

    def decode(self, body: bytes, out: Events) -> None:
        m = TickSize.FromString(body)
        if self.pb_cb is not None:  # left silent: the message need not outlive this read
            out.extend((1, self.pb_cb, m))
        req_id = m.reqId if m.reqId or m.HasField("reqId") else NO_VALID_ID
        kind = m.tickType if m.tickType or m.HasField("tickType") else UNSET_INTEGER
        size = pb_size(m)
        if kind != _NOT_SET:
            out.extend((3, self.size_cb, req_id, kind, size))


#: Message id -> (decoder class, protobuf message class).
DECODERS: Final[dict[int, tuple[type[PDec], type[Any]]]] = {1: (TickPricePb, TickPrice), 2: (TickSizePb, TickSize)}
