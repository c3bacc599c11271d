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
def test_read_int_reads_as_int_does_with_the_same_errors(x: bytes) -> None:
    from ibwire.protocol._core.base import read_int

    try:
        want: object = int(x)
    except ValueError as e:
        with pytest.raises(ValueError) as got:
            read_int(x)
        assert str(got.value) == str(e)
    else:
        assert read_int(x) == want and type(read_int(x)) is int


_FLOATS = [b"0", b"-0", b"0.0", b"-0.0", b"1.", b".5", b"-.5", b".", b"-", b"", b"105.23", b"0.1", b"0.3",
           b"123456789012345", b"1234567890123456", b"0.000000000000001", b"9007199254740993", b"1.7976931348623157E308",
           b"1e5", b"1E-5", b"inf", b"-Infinity", b"nan", b" 1.5", b"1.5 ", b"1_0.5", b"+5", b"1.2.3", b"--1",
           b"\xff", b"99999999999999.9", b"2.675", b"0.1234567890123456", b"00000000000001.5", b"5e-324"]


@pytest.mark.parametrize("x", _FLOATS)
def test_read_float_reads_as_float_does_with_the_same_errors(x: bytes) -> None:
    import math

    from ibwire.protocol._core.base import read_float

    try:
        want = float(x)
    except ValueError as e:
        with pytest.raises(ValueError) as got:
            read_float(x)
        assert str(got.value) == str(e)
    else:
        got_value = read_float(x)
        assert type(got_value) is float
        assert (math.isnan(want) and math.isnan(got_value)) or \
            (got_value == want and math.copysign(1, got_value) == math.copysign(1, want))


def test_read_float_is_float_bit_for_bit_on_random_decimals() -> None:
    """The division shortcut must round exactly as strtod: 200k random decimals of 1-17 digits, with the
    point anywhere, signs, and leading zeros."""
    import random
    import struct

    from ibwire.protocol._core.base import read_float

    rng = random.Random(15)
    for _ in range(200_000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 17)))
        at = rng.randint(0, len(digits))
        text = ("-" if rng.random() < 0.2 else "") + digits[:at] + "." * (rng.random() < 0.8) + digits[at:]
        x = text.encode()
        want = float(x)
        assert struct.pack("<d", read_float(x)) == struct.pack("<d", want), x


@pytest.mark.parametrize("x", [b"300", b"0", b"007", b"123456789012345678", b"1234567890123456789", b"1.5", b"-3",
                               b"1e3", b"0.0001", b"2147483647", b"abc", b"\xff", b" 5", b"1_0", b"Infinity"])
def test_a_new_size_reads_as_decimal_of_its_text(x: bytes) -> None:
    """Plain digits go through an int: the same Decimal (value, exponent and text), or the same error."""
    from decimal import Decimal

    from ibwire.protocol._core.base import SIZES, new_size

    saved = dict(SIZES)
    try:
        try:
            want = Decimal(x.decode())
        except Exception as e:  # noqa: BLE001 -- whatever the parse raises, new_size must raise the same
            with pytest.raises(type(e)):
                new_size(x)
        else:
            got = new_size(x)
            assert (got, str(got), got.as_tuple()) == (want, str(want), want.as_tuple())
    finally:
        SIZES.clear()
        SIZES.update(saved)


@pytest.mark.parametrize("x", [b"", b"0", b"300", b"0300", b"4095", b"4096", b"123456", b"2147483646", b"2147483647",
                               b"9223372036854775807", b"-9223372036854775808", b"1.7976931348623157E308", b"-1",
                               b"1.5", b"100.05", b"1e3", b"abc", b"\xff"])
def test_size_reads_as_the_cached_reader_does(x: bytes) -> None:
    """Compiled, plain digits skip the cache; the value (the "unset" sentinels included) and the errors are
    the cache's, and small sizes are still one shared object each."""
    from ibwire.protocol._core.base import cached_size, size

    try:
        want = cached_size(x)
    except Exception as e:  # noqa: BLE001 -- the same error either way
        with pytest.raises(type(e)):
            size(x)
    else:
        got = size(x)
        assert (got, str(got)) == (want, str(want))
        if x in (b"0", b"300", b"4095"):
            assert size(x) is got


def test_each_form_binds_its_own_shortcuts() -> None:
    """The compiled form runs its digit loops, the pure form int/float and the size cache: COMPILED_HERE
    agrees with the package's COMPILED (a mismatch would run the slow way in either form)."""
    import ibwire.protocol._core as core
    import ibwire.protocol._core.inbound as inbound
    from ibwire.protocol._core import base

    assert base.COMPILED_HERE is core.COMPILED
    assert (base.read_int is int, base.read_float is float, base.size is base.cached_size) == (not core.COMPILED,) * 3
    assert inbound.deliver is (inbound.deliver_indexed if core.COMPILED else inbound.deliver_iterated)
