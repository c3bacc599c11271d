"""Build probe: the smallest core module, compiled like the others (see ``docs/build.md``).

It keeps the build's mypyc path exercised while the real core modules come and go; ``tests/test_build.py``
imports it to tell a compiled build from a pure one.
"""

from __future__ import annotations


def split_fields(payload: bytes) -> list[bytes]:
    """The NUL-terminated fields of a message payload, without their terminators (bytes after the last NUL,
    an unterminated tail, are dropped)."""
    return payload.split(b"\x00")[:-1]
