"""What every ``ibwire`` subcommand shares: its parser, the connection, contracts, one-line errors.

A subcommand builds its parser with :func:`parser`, adds :func:`add_connection_options` if it talks to
TWS, and runs its body under :func:`run`, which turns :class:`CliError` (a user's mistake or an
unreachable gateway) into one line on stderr and an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING

from ..model import Contract

if TYPE_CHECKING:
    from ..facade import IB

#: the client id the subcommands connect with unless told otherwise (one a trading program rarely uses)
DEFAULT_CLIENT_ID = 917

#: exit codes: 0 done, 1 the command failed (gateway, data, files), 2 bad usage, 130 interrupted
EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 1, 2, 130


class CliError(Exception):
    """A failure to report as one line (``ibwire CMD: message``) with exit code ``code``."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def parser(prog: str, description: str) -> argparse.ArgumentParser:
    """An argument parser whose ``--help`` shows each option's default."""
    return argparse.ArgumentParser(prog=prog, description=description,
                                   formatter_class=argparse.ArgumentDefaultsHelpFormatter)


def parse_args(ap: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """``ap.parse_args(argv)`` (shell completion is ``ibwire completion``, generated from the parsers)."""
    return ap.parse_args(argv)


def add_connection_options(ap: argparse.ArgumentParser) -> None:
    g = ap.add_argument_group("connection")
    g.add_argument("--host", default="127.0.0.1", help="TWS or IB Gateway host")
    g.add_argument("--port", type=int, default=7497, help="its API port (paper TWS 7497, live 7496, "
                                                          "Gateway 4002/4001, ibwire sim 7497)")
    g.add_argument("--client-id", type=int, default=DEFAULT_CLIENT_ID, help="API client id to connect with")
    g.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for the gateway per step")


def run(prog: str, body: Callable[[], int]) -> int:
    """Run ``body``; a :class:`CliError`, Ctrl-C or a closed stdout ends with one line and an exit code."""
    try:
        return body()
    except CliError as e:
        print(f"{prog}: {e}", file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `ibwire positions | head`: the reader left, nothing to report
        return 0


def need(module: str, extra: str = "cli") -> ModuleType:
    """Import an optional dependency or fail with the command that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise CliError(f"this needs the optional package {module.split('.')[0]!r}: "
                       f"pip install 'ibwire[{extra}]'") from None


@contextmanager
def connected(args: argparse.Namespace, *, readonly: bool = True) -> Iterator[IB]:
    """An :class:`~ibwire.facade.IB` connected per the connection options; disconnected on the way out."""
    from ..facade import IB, ConnectError

    ib = IB()
    where = f"{args.host}:{args.port}"
    nobody = f"no TWS or IB Gateway is listening on {where}; start one (or `ibwire sim`), or pass --host/--port"
    try:
        ib.connect(args.host, args.port, clientId=args.client_id, timeout=args.timeout, readonly=readonly,
                   reconnect=False)
    except ConnectError as e:
        if e.code == 502:  # what TWS's clients call a refused TCP connection
            raise CliError(nobody) from None
        hint = "; pick another with --client-id N" if e.code == 326 else ""
        raise CliError(f"{e}{hint}") from None
    except ConnectionRefusedError:
        raise CliError(nobody) from None
    except TimeoutError:
        raise CliError(f"{where} did not answer within {args.timeout:g} s (is it a TWS API port? "
                       "is the API enabled in its settings?)") from None
    except OSError as e:
        raise CliError(f"cannot connect to {where}: {e.strerror or e}") from None
    try:
        yield ib
    finally:
        ib.disconnect()


#: the spelled-out contract fields ``KEY=VALUE`` may set (short aliases on the right)
_FIELDS = {
    "symbol": "symbol", "sectype": "secType", "exchange": "exchange", "currency": "currency",
    "primaryexchange": "primaryExchange", "primary": "primaryExchange", "localsymbol": "localSymbol",
    "tradingclass": "tradingClass", "multiplier": "multiplier", "right": "right", "strike": "strike",
    "conid": "conId", "expiry": "lastTradeDateOrContractMonth",
    "lasttradedateorcontractmonth": "lastTradeDateOrContractMonth",
}


def parse_contract(text: str) -> Contract:
    """A contract from ``SYMBOL`` (a US stock routed SMART) or ``KEY=VALUE,...`` (secType, exchange...).

    ``AAPL``; ``symbol=ES,secType=FUT,exchange=CME,expiry=202612``; ``conId=265598``;
    ``symbol=EUR,secType=CASH,exchange=IDEALPRO,currency=USD``. Keys are case-insensitive.
    """
    text = text.strip()
    if not text:
        raise CliError("an empty contract; give a SYMBOL or KEY=VALUE,... (e.g. symbol=ES,secType=FUT,"
                       "exchange=CME,expiry=202612)", EXIT_USAGE)
    c = Contract()
    if "=" not in text:
        c.symbol, c.secType, c.exchange, c.currency = text.upper(), "STK", "SMART", "USD"
        return c
    c.secType, c.exchange, c.currency = "STK", "SMART", "USD"
    for part in text.split(","):
        key, sep, value = part.partition("=")
        name = _FIELDS.get(key.strip().lower())
        if not sep or name is None:
            raise CliError(f"bad contract field {part.strip()!r} in {text!r} (keys: "
                           f"{', '.join(sorted(set(_FIELDS.values())))})", EXIT_USAGE)
        value = value.strip()
        try:
            if name == "conId":
                c.conId = int(value)
            elif name == "strike":
                c.strike = float(value)
            else:
                setattr(c, name, value.upper() if name in ("secType", "right", "symbol") else value)
        except ValueError:
            raise CliError(f"{key.strip()}={value!r} is not a number", EXIT_USAGE) from None
    if c.conId:
        c.secType = c.secType if "sectype=" in text.lower() else ""
        c.exchange = c.exchange if "exchange=" in text.lower() else ""
        c.currency = c.currency if "currency=" in text.lower() else ""
    elif not c.symbol and not c.localSymbol:
        raise CliError(f"contract {text!r} needs a symbol, localSymbol or conId", EXIT_USAGE)
    return c


def describe(c: Contract) -> str:
    """A short human name: ``AAPL``, ``ES 202612 FUT``, ``EUR.USD``..."""
    if c.secType == "CASH":
        return f"{c.symbol}.{c.currency}"
    parts = [c.localSymbol or c.symbol]
    if c.secType not in ("STK", ""):
        parts += [c.lastTradeDateOrContractMonth, f"{c.strike:g}{c.right}" if c.right else "", c.secType]
    return " ".join(p for p in parts if p) or f"conId {c.conId}"


def qualify(ib: IB, texts: list[str]) -> list[Contract]:
    """Each ``text`` parsed and resolved by TWS (conId filled in); one unknown or ambiguous contract fails."""
    contracts = [parse_contract(t) for t in texts]
    found = ib.qualifyContracts(*contracts, returnAll=True)
    out: list[Contract] = []
    for text, c in zip(texts, found):
        if c is None:
            raise CliError(f"unknown contract {text!r}: TWS has no security definition for it")
        if isinstance(c, list):
            choices = "; ".join(sorted({f"{describe(x)} on {x.primaryExchange or x.exchange} (conId {x.conId})"
                                        for x in c}))
            raise CliError(f"contract {text!r} is ambiguous; name one by conId=N or more fields: {choices}")
        out.append(c)
    return out
