"""A connection cut at every byte offset of a recorded session.

The server side of a realistic session (handshake reply, then ticks, orders,
executions, bars, errors) is recorded at a text and a protobuf server version.
For every byte offset the peer sends that prefix and closes the connection
in order. The client must deliver exactly the frames complete before the cut
(decoded as ``Decoder.decode`` does: none invented, none lost), call
``connectionClosed`` exactly once, leave no ibwire thread running and never
hang. A cut inside the handshake reply is a failed connect (502).
"""

from __future__ import annotations

import queue
import socket
import threading
import time
from typing import Any

import pytest
from conftest import ibwire_threads
from oracle.normalize import norm
from peer import read_client_hello, session_bodies
from test_fuzz_inbound import Tape

from ibwire import EClient
from ibwire.protocol import handshake
from ibwire.protocol.errors import CONNECT_FAIL
from ibwire.protocol.framing import Framer, frame
from ibwire.protocol.messages import Decoder


class CuttingPeer:
    """One listening socket; each client gets the next prefix of ``data``, then an orderly close.

    The handshake reply goes first; the rest of the prefix follows the client's first
    frame (startApi), as TWS answers it, so what the client sees never depends on timing.
    """

    def __init__(self, data: bytes, hello_len: int) -> None:
        self.data = data
        self.hello_len = hello_len
        self.cuts: queue.Queue[int | None] = queue.Queue()
        self.lsock = socket.create_server(("127.0.0.1", 0))
        self.port = self.lsock.getsockname()[1]
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            while (cut := self.cuts.get()) is not None:
                sock, _ = self.lsock.accept()
                with sock:
                    sock.settimeout(10)
                    self._one(sock, cut)
        except BaseException as e:  # reported by the test
            self.failure = e

    def _one(self, sock: socket.socket, cut: int) -> None:
        framer = Framer()
        frames = read_client_hello(sock, framer)
        sock.sendall(self.data[: min(cut, self.hello_len)])
        if cut >= self.hello_len:
            while len(frames) < 2:  # the client hello, then startApi
                chunk = sock.recv(4096)
                if not chunk:
                    break
                frames += framer.feed(chunk)
            sock.sendall(self.data[self.hello_len : cut])
        sock.shutdown(socket.SHUT_WR)
        while sock.recv(4096):  # until the client closes: no reset can discard what it has not read
            pass

    def close(self) -> None:
        self.cuts.put(None)
        self.thread.join(10)
        self.lsock.close()


@pytest.mark.parametrize("sv,protobuf", [(176, False), (222, True)])
def test_every_cut_delivers_exactly_the_complete_frames(sv: int, protobuf: bool) -> None:
    bodies = session_bodies(sv, protobuf=protobuf)
    hello = handshake.server_hello(sv, "20261124 12:00:00 UTC")
    data = hello + b"".join(frame(b) for b in bodies)
    dec = Decoder(sv)
    # the callbacks of the frames complete at each offset
    ends: list[int] = []
    events: list[list[tuple[str, Any]]] = []
    pos = len(hello)
    for b in bodies:
        pos += 4 + len(b)
        ends.append(pos)
        events.append([(n, norm(list(a))) for n, a in dec.decode(b)])
    peer = CuttingPeer(data, len(hello))
    try:
        for cut in range(len(data) + 1):
            peer.cuts.put(cut)
            tape = Tape()
            client = EClient(tape)
            client.connect("127.0.0.1", peer.port, 0)
            where = f"cut at byte {cut} of {len(data)} (server version {sv})"
            if cut < len(hello):
                assert [n for n, _ in tape.calls] == ["error", "connectionClosed"], where
                assert tape.calls[0][1][2] == CONNECT_FAIL.code(), where
            else:
                runner = threading.Thread(target=client.run, daemon=True)
                runner.start()
                runner.join(10)
                assert not runner.is_alive(), f"run() hangs: {where}"
                want = [("connectAck", [])] + [e for end, evs in zip(ends, events) if end <= cut for e in evs]
                want.append(("connectionClosed", []))
                got = [(n, norm(list(a))) for n, a in tape.calls]
                assert got == want, where
            deadline = time.monotonic() + 5
            while ibwire_threads() and time.monotonic() < deadline:
                time.sleep(0.001)
            assert not ibwire_threads(), f"{ibwire_threads()} left: {where}"
            assert peer.failure is None, (where, peer.failure)
    finally:
        peer.close()
