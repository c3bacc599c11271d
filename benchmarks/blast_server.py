"""Benchmark peer: answers the handshake and startApi, then blasts a workload, once per connection.

    python blast_server.py WORKLOAD [--scale S] [--repeat N]   # prints "port N" when ready

Listens on an ephemeral loopback port. ``--repeat N`` sends the workload N times on each connection
(the memory benchmark's long stream). The server exits when its stdin reaches end of file, so it
never outlives the benchmark that started it with a pipe on stdin.
"""

from __future__ import annotations

import os
import socket
import stat
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


def serve(conn: socket.socket, version: int, body: bytes, repeat: int) -> None:
    try:
        framer = Framer()
        data = b""
        while len(data) < 4:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
        frames = framer.feed(data[4:])
        while not frames:
            chunk = conn.recv(4096)
            if not chunk:
                return
            frames += framer.feed(chunk)
        hello = handshake.parse_client_hello(frames[0])
        sv = min(version, hello.max_version)
        conn.sendall(handshake.server_hello(sv, "20261124 12:00:00 UTC"))
        # wait for startApi, then greet (text form, which every client reads) and blast
        while len(frames) < 2:
            chunk = conn.recv(4096)
            if not chunk:
                return
            frames += framer.feed(chunk)
        conn.sendall(text_message(sv, IN.NEXT_VALID_ID, 1, 1) + text_message(sv, IN.MANAGED_ACCTS, 1, "DU1"))
        for _ in range(repeat):
            conn.sendall(body)
        while conn.recv(65536):
            pass
    except OSError:
        pass
    finally:
        conn.close()


def main() -> None:
    name = sys.argv[1]
    scale = float(sys.argv[sys.argv.index("--scale") + 1]) if "--scale" in sys.argv else 1.0
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 1
    version, body, _, _ = build(name, scale)
    ls = socket.create_server(("127.0.0.1", 0))
    print(f"port {ls.getsockname()[1]}", flush=True)

    def watch_stdin() -> None:
        while sys.stdin.buffer.read(4096):
            pass
        os._exit(0)

    if stat.S_ISFIFO(os.fstat(0).st_mode):  # started with a pipe: stop when it closes
        threading.Thread(target=watch_stdin, daemon=True).start()
    while True:
        conn, _ = ls.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=serve, args=(conn, version, body, repeat), daemon=True).start()


if __name__ == "__main__":
    main()
