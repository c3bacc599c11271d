"""The compiled core's decoders build the same objects the models' constructors build.

Records are made without their ``__init__`` (``__new__`` and attribute stores, or
``records.fresh``): every attribute a constructor sets must be set, with a value of the
constructor's type, and nothing else; the events the core delivers are those of the
reference decoder (the same classes, bound with names).
"""

from __future__ import annotations

from typing import Any

import pytest
from peer import session_bodies
from test_decode_edges import _core_frames, _text_id, by_decode, by_dispatch

from ibwire.model._base import Model
from ibwire.protocol._core.inbound import FAST
from ibwire.protocol.messages import Decoder

VERSIONS = [100, 130, 135, 146, 152, 153, 176, 178, 197, 198, 200, 201, 222]


def _models(x: Any) -> list[Model]:
    if isinstance(x, Model):
        return [x, *(m for v in vars(x).values() for m in _models(v))]
    if isinstance(x, (list, tuple)):
        return [m for v in x for m in _models(v)]
    return []


@pytest.mark.parametrize("sv", VERSIONS)
def test_records_built_without_init_have_every_attribute_of_a_constructed_one(sv: int) -> None:
    dec = Decoder(sv)
    bodies = [b for b in session_bodies(sv, protobuf=False) + _core_frames(sv) if _text_id(sv, b) in FAST]
    seen: set[str] = set()
    for body in bodies:
        events = dec.decode(body)
        assert by_dispatch(dec, body) == by_decode(dec, body)
        for _, args in events:
            for m in _models(args):
                made = type(m)()
                assert set(vars(m)) == set(vars(made)), type(m)
                for k, v in vars(made).items():
                    assert type(getattr(m, k)) is type(v) or v is None, (type(m).__name__, k, getattr(m, k))
                seen.add(type(m).__name__)
    assert {"TickAttribLast", "TickAttribBidAsk", "BarData", "HistoricalTick", "HistoricalTickBidAsk",
            "HistoricalTickLast", "Contract", "Execution"} <= seen


@pytest.mark.parametrize("name", ["APPLE INC", "", "A\\x41B", "caf\u00e9", "caf\u00e9 \\u00e9", "bad \\q", "end \\",
                                  "\\Uhso", "tab\\tx", "\u65e5\u672c \\n", "\\\\"])
def test_a_long_name_reads_as_the_unicode_escape_codec_reads_it(name: str) -> None:
    """The shortcut for plain ASCII changes nothing: every name reads as the codec (or, when the codec
    refuses it, as sent)."""
    import warnings

    from ibwire.protocol._core.records import long_name

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the codec's "invalid escape sequence"
        try:
            want = name.encode().decode("unicode-escape")
        except UnicodeDecodeError:
            want = name
        assert long_name(name) == want


@pytest.mark.parametrize("x", [b"0", b"7", b"0042", b"1023", b"999999999999999999", b"1000000000000000000",
                               b"12345678901234567890123", b"-1", b"+5", b" 12", b"12 ", b"1_000", b"", b"1.5",
                               b"abc", b"\xff", b"12a", b"\x00", b"\xd9\xa3"])
def test_to_int_reads_as_int_does_with_the_same_errors(x: bytes) -> None:
    from ibwire.protocol._core.base import to_int

    try:
        want: object = int(x)
    except ValueError as e:
        with pytest.raises(ValueError) as got:
            to_int(x)
        assert str(got.value) == str(e)
    else:
        assert to_int(x) == want and type(to_int(x)) is int
