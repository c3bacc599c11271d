"""Framer and frame-form tests: bytes alone, no sockets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ibwire.protocol.framing import Framer, FrameError, FrameTooLarge, frame, split_frame


def test_many_frames_in_one_chunk_and_split_at_every_byte() -> None:
    bodies = [b"1\x002\x00abc\x00", b"", b"x" * 1000, b"9\x001\x0042\x00"]
    stream = b"".join(frame(b) for b in bodies)
    assert Framer().feed(stream) == bodies
    for cut in range(len(stream) + 1):
        f = Framer()
        got = f.feed(stream[:cut]) + f.feed(stream[cut:])
        assert got == bodies, cut
        assert f.buffered == 0


def test_byte_by_byte() -> None:
    bodies = [bytes([i]) * i for i in range(50)]
    stream = b"".join(frame(b) for b in bodies)
    f = Framer()
    got = []
    for i in range(len(stream)):
        got += f.feed(stream[i : i + 1])
    assert got == bodies


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=300), max_size=20), st.lists(st.integers(1, 500), max_size=40))
def test_any_chunking_gives_the_same_frames(bodies: list[bytes], cuts: list[int]) -> None:
    stream = b"".join(frame(b) for b in bodies)
    f = Framer()
    got: list[bytes] = []
    pos = 0
    for c in cuts:
        got += f.feed(stream[pos : pos + c])
        pos += c
    got += f.feed(stream[pos:])
    assert got == bodies


def test_oversize_length_is_an_error_and_never_allocated() -> None:
    f = Framer()
    good = frame(b"ok\x00")
    out = f.feed(good + (0x1000000).to_bytes(4, "big") + b"zz")
    assert out == [b"ok\x00"]  # frames before the bad prefix still come out
    assert isinstance(f.error, FrameTooLarge) and f.error.size == 0x1000000
    assert f.buffered == 0
    with pytest.raises(FrameTooLarge):
        f.feed(good)


def test_largest_legal_frame_passes() -> None:
    body = b"a" * 0xFFFFFF
    f = Framer()
    data = frame(body)
    out: list[bytes] = []
    for i in range(0, len(data), 1 << 20):
        out += f.feed(data[i : i + (1 << 20)])
    assert out == [body] and f.error is None


def test_split_frame_text_before_201() -> None:
    fr = split_frame(b"9\x001\x0042\x00", 176)
    assert fr.msg_id == 9 and fr.fields == [b"1", b"42"] and fr.proto is None


def test_split_frame_raw_id_from_201() -> None:
    fr = split_frame((9).to_bytes(4, "big") + b"1\x0042\x00", 201)
    assert fr.msg_id == 9 and fr.fields == [b"1", b"42"]
    fr = split_frame((209).to_bytes(4, "big") + b"\x08\x2a", 226)
    assert fr.msg_id == 9 and fr.fields is None and fr.proto == b"\x08\x2a"


@pytest.mark.parametrize("body,sv", [(b"abc\x001\x00", 176), (b"\x00\x01", 226), (b"", 176)])
def test_split_frame_rejects_bad_ids(body: bytes, sv: int) -> None:
    with pytest.raises(FrameError):
        split_frame(body, sv)
