"""Benchmark peer: answers the handshake and startApi, then blasts a workload, once per connection.

    python blast_server.py WORKLOAD [--scale S]   # prints "port N" when ready
"""

from __future__ import annotations

import socket
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from workloads import build  # noqa: E402

from ibwire.protocol import handshake  # noqa: E402
from ibwire.protocol.framing import Framer  # noqa: E402
from ibwire.protocol.ids import IN  # noqa: E402
from ibwire.protocol.server import text_message  # noqa: E402


def serve(conn: socket.socket, version: int, body: bytes) -> None:
    framer = Framer()
    data = b""
    while len(data) < 4:
        data += conn.recv(4096)
    frames = framer.feed(data[4:])
    while not frames:
        frames += framer.feed(conn.recv(4096))
    hello = handshake.parse_client_hello(frames[0])
    sv = min(version, hello.max_version)
    conn.sendall(handshake.server_hello(sv, "20261124 12:00:00 UTC"))
    # wait for startApi, then greet (text form, which every client reads) and blast
    while len(frames) < 2:
        frames += framer.feed(conn.recv(4096))
    conn.sendall(text_message(sv, IN.NEXT_VALID_ID, 1, 1) + text_message(sv, IN.MANAGED_ACCTS, 1, "DU1"))
    conn.sendall(body)
    try:
        while conn.recv(65536):
            pass
    except OSError:
        pass
    conn.close()


def main() -> None:
    name = sys.argv[1]
    scale = float(sys.argv[sys.argv.index("--scale") + 1]) if "--scale" in sys.argv else 1.0
    version, body, _, _ = build(name, scale)
    ls = socket.create_server(("127.0.0.1", 0))
    print(f"port {ls.getsockname()[1]}", flush=True)
    while True:
        conn, _ = ls.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=serve, args=(conn, version, body), daemon=True).start()


if __name__ == "__main__":
    main()
