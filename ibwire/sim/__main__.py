"""``python -m ibwire.sim``: run the simulated gateway until SIGINT/SIGTERM.

The first line printed (and flushed) is ``listening on HOST:PORT``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import errno
import inspect
import logging
import signal
import sys
import threading
from types import FrameType

from ..protocol.versions import MAX_CLIENT_VER, MIN_CLIENT_VER
from .server import HANDSHAKE_TIMEOUT, MAX_CONNECTIONS, MAX_QUEUE_BYTES, MAX_REQUESTS_PER_SECOND, Simulator


def _instant(text: str) -> _dt.datetime:
    try:
        when = _dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO time: {text!r} (e.g. 2026-11-24T15:30:00)") from None
    return when if when.tzinfo is not None else when.replace(tzinfo=_dt.timezone.utc)


def _accounts(text: str) -> tuple[str, ...]:
    """``DU111,DU222`` as a tuple of account names; ``ValueError`` (a one-line reason) for a bad list."""
    names = tuple(n.strip() for n in text.split(","))
    if any(not n for n in names):
        raise ValueError(f"an empty account name in {text!r} (e.g. --accounts DU111111,DU222222)")
    spaced = [n for n in names if any(ch.isspace() for ch in n)]
    if spaced:
        raise ValueError(f"an account name with a space: {spaced[0]!r}")
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"an account given twice: {', '.join(twice)}")
    return names


#: the account the simulator manages when none are named (``Simulator``'s own default)
_DEFAULT_ACCOUNTS: tuple[str, ...] = inspect.signature(Simulator).parameters["accounts"].default


def main(argv: list[str] | None = None, prog: str = "python -m ibwire.sim") -> int:
    ap = argparse.ArgumentParser(prog=prog, description="Simulated IB Gateway.",
                                 formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7497, help="0 picks a free port")
    ap.add_argument("--server-version", type=int, default=MAX_CLIENT_VER,
                    help=f"highest version to speak ({MIN_CLIENT_VER}..{MAX_CLIENT_VER})")
    ap.add_argument("--seed", type=int, default=1, help="market seed (same seed, same prices)")
    ap.add_argument("--tick-interval", type=float, default=0.25, help="seconds per market tick (0: frozen)")
    ap.add_argument("--master-client-id", type=int, default=None, help="the client id that sees every order")
    ap.add_argument("--protobuf", choices=("auto", "always", "never"), default="auto",
                    help="message encoding from server version 201 (auto: the simulator's choice per kind)")
    ap.add_argument("--clock", type=_instant, default=None, metavar="ISO-TIME",
                    help="start the simulated wall clock at this time (UTC unless it has an offset); "
                         "it advances in real time")
    ap.add_argument("--max-queue-bytes", type=int, default=MAX_QUEUE_BYTES,
                    help="bytes that may wait for one client before it is disconnected as too slow")
    ap.add_argument("--handshake-timeout", type=float, default=HANDSHAKE_TIMEOUT,
                    help="seconds a new connection has to complete the handshake (0: no limit)")
    ap.add_argument("--max-connections", type=int, default=MAX_CONNECTIONS,
                    help="connections served at once; more are closed as they arrive")
    ap.add_argument("--fundamentals", action="store_true",
                    help="answer reqFundamentalData with a test report (TWS today refuses with error 430)")
    ap.add_argument("--history-pacing-scale", type=float, default=1.0, metavar="F",
                    help="multiply the windows of IB's historical pacing rules by F (0.01: 60 requests per 6 s "
                         "instead of 10 minutes, same counts), e.g. to test a bulk download quickly")
    ap.add_argument("--max-rate", type=int, default=MAX_REQUESTS_PER_SECOND, metavar="N",
                    help="messages a second a client may send before error 100 (TWS: 50)")
    ap.add_argument("--accounts", default=",".join(_DEFAULT_ACCOUNTS), metavar="ACCOUNT,...",
                    help="the accounts this login manages (comma-separated; orders go to order.account, "
                         "the first when unset)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    try:
        accounts = _accounts(args.accounts)
    except ValueError as e:
        # one line, like the other mistakes a user makes on the command line (no usage block)
        print(f"{prog}: error: argument --accounts: {e}", file=sys.stderr)
        return 2
    if args.history_pacing_scale <= 0:
        ap.error("--history-pacing-scale must be positive")
    if not MIN_CLIENT_VER <= args.server_version <= MAX_CLIENT_VER:
        ap.error(f"--server-version must be in {MIN_CLIENT_VER}..{MAX_CLIENT_VER}")
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)
    done = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        done.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    protobuf = {"auto": None, "always": True, "never": False}[args.protobuf]
    try:  # binds the port
        sim = Simulator(args.host, args.port, server_version=args.server_version, seed=args.seed,
                        tick_interval=args.tick_interval or None, master_client_id=args.master_client_id,
                        protobuf=protobuf, clock=args.clock, max_queue_bytes=args.max_queue_bytes,
                        handshake_timeout=args.handshake_timeout or None, max_connections=args.max_connections,
                        history_pacing_scale=args.history_pacing_scale, accounts=accounts)
    except OSError as e:
        # a user's mistake or a busy port, not a bug: one line, and what to do
        why = {errno.EADDRINUSE: "is in use (a TWS or IB Gateway may be running on it)",
               errno.EACCES: "needs privileges this user lacks",
               errno.EADDRNOTAVAIL: "is not an address of this machine"}.get(e.errno or 0, f"cannot be opened: {e}")
        print(f"{prog}: {args.host}:{args.port} {why}; pick another with --port N (--port 0: any free port)",
              file=sys.stderr)
        return 1
    sim.start()
    try:
        sim.fundamentals = args.fundamentals
        sim.max_rate = args.max_rate
        print(f"listening on {sim.host}:{sim.port}", flush=True)
        while not done.wait(0.5):
            pass
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
