"""The connection handshake, both sides.

Client: ``API\\0`` then one frame ``v{min}..{max}`` (optionally followed by a
space and connect options such as ``+PACEAPI``).
Server: one text frame ``{version}\\0{connection time}\\0``. The official
client skips any frame that does not have exactly those two fields, since
some servers send a notice first; :func:`parse_server_hello` does the same.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .framing import frame
from .versions import MAX_CLIENT_VER, MIN_CLIENT_VER

__all__ = ["API_PREFIX", "ClientHello", "client_hello", "parse_client_hello", "server_hello",
           "parse_server_hello", "negotiate"]

API_PREFIX = b"API\0"


class ClientHello(NamedTuple):
    min_version: int
    max_version: int
    options: str


def client_hello(min_version: int = MIN_CLIENT_VER, max_version: int = MAX_CLIENT_VER,
                 options: str | None = None) -> bytes:
    """Bytes the client sends first."""
    if not MIN_CLIENT_VER <= min_version <= max_version:
        raise ValueError(f"bad version range {min_version}..{max_version}")
    text = f"v{min_version}..{max_version}"
    if options:
        text += " " + options
    return API_PREFIX + frame(text.encode("ascii"))


_HELLO = re.compile(rb"v(\d+)(?:\.\.(\d+))?(?: (.*))?\Z", re.S)


def parse_client_hello(body: bytes) -> ClientHello:
    """Parse the body of the client's version frame (after ``API\\0``)."""
    m = _HELLO.match(body)
    if not m:
        raise ValueError(f"not a version range: {body[:60]!r}")
    lo = int(m.group(1))
    hi = int(m.group(2) or lo)
    return ClientHello(lo, hi, (m.group(3) or b"").decode("ascii", "replace"))


def negotiate(hello: ClientHello, server_min: int, server_max: int) -> int | None:
    """The version a server speaks with this client, or ``None`` when the ranges miss."""
    version = min(hello.max_version, server_max)
    if version < hello.min_version or version < server_min:
        return None
    return version


def server_hello(version: int, conn_time: str) -> bytes:
    """The server's reply frame."""
    return frame(f"{version}\0{conn_time}\0".encode("ascii"))


def parse_server_hello(body: bytes) -> tuple[int, str] | None:
    """``(version, connection time)`` from a reply frame, ``None`` if it is not one."""
    parts = body.split(b"\0")
    if len(parts) != 3:  # two NUL-terminated fields
        return None
    try:
        version = int(parts[0])
    except ValueError:
        return None
    return version, parts[1].decode("ascii", "replace")
