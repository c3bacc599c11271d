"""``ibwire quote``, ``positions``, ``orders`` and ``account``: quick looks as terminal tables or JSON.

Output
    On a terminal, with the optional ``rich`` installed, a rich table; otherwise (no ``rich``, or stdout is
    a pipe or a file) a plain table: a header line, a rule, one aligned line per row, numbers right-aligned.
    An empty answer is the header and one line saying so (``no positions``), exit code 0.

``--json``
    One JSON array of objects on one line (``[]`` when empty); ``quote --watch --json`` writes one such
    array per refresh (JSON lines). The keys (:data:`COLUMNS`, in this order; they change between
    releases only by addition):

    * ``quote``: contract, conId, bidSize, bid, ask, askSize, last, lastSize, volume, close, time
      (when the client last heard of the contract);
    * ``positions``: account, contract, conId, secType, currency, position, avgCost;
    * ``orders``: orderId, permId, clientId, account, contract, conId, action, quantity, orderType,
      lmtPrice, auxPrice, tif, status, filled, remaining, avgFillPrice;
    * ``account``: account, tag, value, currency (one row per account summary value).

    ``contract`` is the short name ``ibwire`` shows (``AAPL``, ``ES 202612 FUT``, ``EUR.USD``). Values:

    * numbers are JSON numbers. Quantities, which the API carries as ``Decimal`` (positions, order sizes,
      fills, sizes), are integers when whole and floats otherwise (IB quantities have at most 8 decimals,
      which a double shows exactly as written);
    * a value TWS did not send (a price never quoted, an order's unset limit) is ``null``, never NaN;
    * account values are numbers when TWS's text is a number, the text otherwise (``AccountType``...);
    * times are ISO 8601 in UTC with an explicit offset: ``2026-11-24T15:00:05+00:00`` (what
      ``datetime.fromisoformat`` reads on every Python the package supports).

Exit codes: 0 done (also ``quote --watch`` ended by Ctrl-C, its normal end), 1 failed (gateway, unknown
contract or account), 2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from ..model.const import UNSET_DECIMAL, UNSET_DOUBLE, UNSET_INTEGER
from .common import CliError, EXIT_USAGE, add_connection_options, connected, describe, parse_args, parser, qualify, run

if TYPE_CHECKING:
    from ..facade import IB

__all__ = ["quote", "positions", "orders", "account", "COLUMNS", "Column", "render", "json_value"]

UTC = _dt.timezone.utc


@dataclass(frozen=True)
class Column:
    """One column: its JSON key, its header, and how a terminal shows it (``num``: right-aligned)."""

    key: str
    header: str
    kind: str = "text"  # text | id (a number shown as is) | num | qty | time | clock (time of day)
    digits: int | None = None  # decimals shown for num (None: as the value prints)


def _cols(*spec: tuple[str, str, str] | tuple[str, str, str, int]) -> tuple[Column, ...]:
    return tuple(Column(*s) for s in spec)


#: the keys (JSON) and columns (tables) of each command, in order
COLUMNS: dict[str, tuple[Column, ...]] = {
    "quote": _cols(("contract", "Contract", "text"), ("conId", "ConId", "id"), ("bidSize", "BidSize", "qty"),
                   ("bid", "Bid", "num"), ("ask", "Ask", "num"), ("askSize", "AskSize", "qty"),
                   ("last", "Last", "num"), ("lastSize", "LastSize", "qty"), ("volume", "Volume", "qty"),
                   ("close", "Close", "num"), ("time", "UTC", "clock")),
    "positions": _cols(("account", "Account", "text"), ("contract", "Contract", "text"),
                       ("conId", "ConId", "id"), ("secType", "Type", "text"), ("currency", "Ccy", "text"),
                       ("position", "Position", "qty"), ("avgCost", "AvgCost", "num", 4)),
    "orders": _cols(("orderId", "OrderId", "id"), ("permId", "PermId", "id"),
                    ("clientId", "Client", "id"), ("account", "Account", "text"),
                    ("contract", "Contract", "text"), ("conId", "ConId", "id"), ("action", "Action", "text"),
                    ("quantity", "Qty", "qty"), ("orderType", "Type", "text"), ("lmtPrice", "Limit", "num"),
                    ("auxPrice", "Aux", "num"), ("tif", "TIF", "text"), ("status", "Status", "text"),
                    ("filled", "Filled", "qty"), ("remaining", "Remaining", "qty"),
                    ("avgFillPrice", "AvgPrice", "num")),
    "account": _cols(("account", "Account", "text"), ("tag", "Tag", "text"), ("value", "Value", "num"),
                     ("currency", "Ccy", "text")),
}

#: notices about a stream that do not end it (delayed data shown instead, data farm notices)
_STREAM_WARNINGS = frozenset({10167, 2104, 2106, 2107, 2108, 2119, 2158})

#: what an empty table says
EMPTY = {"quote": "no quotes", "positions": "no positions", "orders": "no open orders",
         "account": "no account values"}


# --- values ---------------------------------------------------------------------------------------------


def json_value(v: Any) -> Any:
    """A value as the JSON output carries it (see the module's documentation)."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, Decimal):
        if not v.is_finite() or v == UNSET_DECIMAL:
            return None
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, int):
        return None if v == UNSET_INTEGER else v
    if isinstance(v, float):
        if not math.isfinite(v) or v == UNSET_DOUBLE:
            return None
        return v
    if isinstance(v, _dt.datetime):
        return (v if v.tzinfo is not None else v.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    return str(v)


def _qty(v: Any) -> Any:
    """A quantity: whole numbers as integers (sizes come as floats or Decimals)."""
    x = json_value(v)
    if isinstance(x, float) and x.is_integer() and abs(x) < 2 ** 53:
        return int(x)
    return x


def _number_or_text(text: str) -> Any:
    try:
        x = float(text)
    except ValueError:
        return text
    if not math.isfinite(x):
        return text
    return int(x) if x.is_integer() and abs(x) < 2 ** 53 and "." not in text and "e" not in text.lower() else x


def _cell(v: Any, col: Column) -> str:
    if v is None:
        return ""
    if col.kind == "time" and isinstance(v, str):
        return v.replace("T", " ")[:19]
    if col.kind == "clock" and isinstance(v, str):
        return v[11:19]  # the time of day (UTC) of an ISO time
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return str(v)
    if col.kind == "id":
        return str(v)
    if col.kind == "qty" or isinstance(v, int):
        return f"{v:,}" if isinstance(v, int) else f"{v:,.8g}"
    if col.digits is not None:
        return f"{v:,.{col.digits}f}"
    return f"{v:,.10g}" if abs(v) < 1e15 else f"{v:.6g}"


# --- rendering ------------------------------------------------------------------------------------------


def plain_table(rows: Sequence[dict[str, Any]], cols: Sequence[Column], empty: str) -> str:
    """An aligned text table (numbers right-aligned); ``empty`` on a line of its own when there are no rows."""
    cells = [[_cell(r.get(c.key), c) for c in cols] for r in rows]
    widths = [max([len(c.header)] + [len(line[i]) for line in cells]) for i, c in enumerate(cols)]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if c.kind != "text" else v.ljust(w) for v, w, c in zip(values, widths, cols)]
        return "  ".join(parts).rstrip()

    out = [line([c.header for c in cols]), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells] if cells else [empty]
    return "\n".join(out) + "\n"


def rich_table(rows: Sequence[dict[str, Any]], cols: Sequence[Column], empty: str, title: str = "") -> Any:
    """The same table as a ``rich`` renderable (needs the optional ``rich``)."""
    from rich.table import Table

    t = Table(title=title or None, header_style="bold", show_edge=False)
    cells = [[_cell(r.get(c.key), c) for c in cols] for r in rows]
    for i, c in enumerate(cols):
        # no value is ever cut short ("229.…"): every column is as wide as its widest cell
        width = max([len(c.header)] + [len(line[i]) for line in cells])
        t.add_column(c.header, justify="left" if c.kind == "text" else "right", no_wrap=True, min_width=width)
    for line in cells:
        t.add_row(*line)
    if not rows:
        t.add_row(f"[dim]{empty}[/dim]", *[""] * (len(cols) - 1))
    return t


def _console(console: Any, table: Any) -> Any:
    """``console``, widened to ``table``'s width if the terminal is narrower (its lines then wrap: a
    terminal shows every digit, where rich would crop the table at its width)."""
    from rich.measure import Measurement

    need = Measurement.get(console, console.options.update(width=10_000), table).maximum
    if need > console.width:
        console.width = need
    return console


def _use_rich(out: IO[str]) -> bool:
    if not out.isatty():
        return False
    try:
        import rich  # noqa: F401
    except ImportError:
        return False
    return True


def render(kind: str, rows: Sequence[dict[str, Any]], as_json: bool, out: IO[str] | None = None) -> None:
    """Write ``rows`` of command ``kind`` as JSON, a rich table (a terminal, rich installed) or a plain one."""
    out = sys.stdout if out is None else out
    if as_json:
        out.write(json.dumps(list(rows), separators=(",", ":"), allow_nan=False) + "\n")
    elif _use_rich(out):
        from rich.console import Console

        table = rich_table(rows, COLUMNS[kind], EMPTY[kind])
        _console(Console(file=out), table).print(table)
    else:
        out.write(plain_table(rows, COLUMNS[kind], EMPTY[kind]))
    out.flush()


# --- rows -----------------------------------------------------------------------------------------------


def _price(v: Any) -> Any:
    x = json_value(v)
    return None if isinstance(x, (int, float)) and x == -1 else x  # TWS's -1: no price


def quote_row(t: Any) -> dict[str, Any]:
    c = t.contract
    return {"contract": describe(c), "conId": c.conId, "bidSize": _qty(t.bidSize), "bid": _price(t.bid),
            "ask": _price(t.ask), "askSize": _qty(t.askSize), "last": _price(t.last), "lastSize": _qty(t.lastSize),
            "volume": _qty(t.volume), "close": _price(t.close), "time": json_value(t.time)}


def position_row(p: Any) -> dict[str, Any]:
    c = p.contract
    return {"account": p.account, "contract": describe(c), "conId": c.conId, "secType": c.secType,
            "currency": c.currency, "position": _qty(p.position), "avgCost": json_value(p.avgCost)}


def order_row(tr: Any) -> dict[str, Any]:
    o, c, st = tr.order, tr.contract, tr.orderStatus
    return {"orderId": o.orderId, "permId": o.permId or st.permId, "clientId": o.clientId, "account": o.account,
            "contract": describe(c), "conId": c.conId, "action": o.action, "quantity": _qty(o.totalQuantity),
            "orderType": o.orderType, "lmtPrice": json_value(o.lmtPrice), "auxPrice": json_value(o.auxPrice),
            "tif": o.tif, "status": st.status, "filled": _qty(st.filled), "remaining": _qty(st.remaining),
            "avgFillPrice": json_value(st.avgFillPrice)}


def account_row(v: Any) -> dict[str, Any]:
    return {"account": v.account, "tag": v.tag, "value": _number_or_text(v.value), "currency": v.currency}


# --- commands -------------------------------------------------------------------------------------------


def _common(prog: str, description: str) -> argparse.ArgumentParser:
    ap = parser(prog, description)
    ap.add_argument("--json", action="store_true", help="write JSON (one array of objects) instead of a table")
    add_connection_options(ap)
    return ap


def _command(prog: str, argv: list[str], ap: argparse.ArgumentParser,
             body: Callable[[argparse.Namespace], int]) -> int:
    args = parse_args(ap, argv)
    return run(prog, lambda: _answered(body, args))


def _answered(body: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """``body(args)``, with TWS's refusals, silence and a lost connection as one-line failures."""
    from ..facade import RequestError

    try:
        return body(args)
    except RequestError as e:
        raise CliError(f"TWS refused the request: {e.message} (error {e.code})") from None
    except TimeoutError:
        raise CliError(f"TWS did not answer within {args.timeout:g} s (--timeout)") from None
    except ConnectionError as e:
        raise CliError(f"the connection to the gateway was lost ({e})") from None


def quote(argv: list[str], prog: str = "ibwire quote") -> int:
    ap = _common(prog, "Show bid, ask, last, sizes, volume and close of contracts: a snapshot, or a view "
                       "refreshed until Ctrl-C with --watch.")
    ap.add_argument("contracts", nargs="+", metavar="SYMBOL",
                    help="a US stock symbol, or KEY=VALUE,... (secType, exchange, currency, expiry, conId...)")
    ap.add_argument("--watch", action="store_true", help="stream and refresh the view until Ctrl-C")
    ap.add_argument("--interval", type=float, default=1.0, help="seconds between refreshes with --watch")
    ap.add_argument("--count", type=int, default=0, help="with --watch: stop after this many refreshes (0: never)")
    ap.add_argument("--delayed", action="store_true", help="ask for delayed data when live data is not subscribed")

    def body(args: argparse.Namespace) -> int:
        if args.interval <= 0:
            raise CliError("--interval must be positive", EXIT_USAGE)
        with connected(args) as ib:
            ib.RequestTimeout = args.timeout
            if args.delayed:
                ib.reqMarketDataType(3)
            contracts = qualify(ib, args.contracts)
            if not args.watch:
                render("quote", [quote_row(t) for t in ib.reqTickers(*contracts)], args.json)
                return 0
            return _watch(ib, contracts, args)

    return _command(prog, argv, ap, body)


def _watch(ib: IB, contracts: list[Any], args: argparse.Namespace) -> int:
    refused: list[str] = []
    ours = {c.conId for c in contracts}

    def on_error(req_id: int, code: int, text: str, contract: Any) -> None:
        # a stream's refusal (354 not subscribed, 10089/10090 needs more, 200...) is only an event
        if contract is not None and contract.conId in ours and code not in _STREAM_WARNINGS:
            refused.append(f"{describe(contract)}: TWS refused the market data: {text} (error {code})")

    ib.errorEvent += on_error
    tickers = [ib.reqMktData(c) for c in contracts]
    live: Any = None
    if not args.json and _use_rich(sys.stdout):
        from rich.console import Console
        from rich.live import Live

        console = Console(file=sys.stdout)
        live = Live(rich_table([], COLUMNS["quote"], "waiting for quotes"), console=console, auto_refresh=False)
        live.start()
    shown = 0
    try:
        while True:
            ib.sleep(args.interval)
            if refused:
                raise CliError(refused[0])
            if not ib.isConnected():
                raise CliError("the connection to the gateway was lost")
            rows = [quote_row(t) for t in tickers]
            if live is not None:
                table = rich_table(rows, COLUMNS["quote"], EMPTY["quote"])
                _console(console, table)
                live.update(table, refresh=True)
            else:
                if not args.json and shown:
                    sys.stdout.write("\n")
                render("quote", rows, args.json)
            shown += 1
            if args.count and shown >= args.count:
                return 0
    except KeyboardInterrupt:
        return 0  # Ctrl-C is how a watch ends
    finally:
        if live is not None:
            live.stop()
        for c in contracts:
            if ib.isConnected():
                ib.cancelMktData(c)


def positions(argv: list[str], prog: str = "ibwire positions") -> int:
    ap = _common(prog, "Show the positions of every account (or of --account).")
    ap.add_argument("--account", default="", help="only this account")

    def body(args: argparse.Namespace) -> int:
        with connected(args) as ib:
            ib.RequestTimeout = args.timeout
            _check_account(ib, args.account)
            found = [p for p in ib.reqPositions() if not args.account or p.account == args.account]
            found.sort(key=lambda p: (p.account, describe(p.contract), p.contract.conId))
            render("positions", [position_row(p) for p in found], args.json)
        return 0

    return _command(prog, argv, ap, body)


def orders(argv: list[str], prog: str = "ibwire orders") -> int:
    ap = _common(prog, "Show the open orders of every API client and of TWS itself (reqAllOpenOrders).")
    ap.add_argument("--account", default="", help="only this account's orders")

    def body(args: argparse.Namespace) -> int:
        with connected(args) as ib:
            ib.RequestTimeout = args.timeout
            _check_account(ib, args.account)
            found = [t for t in ib.reqAllOpenOrders() if not args.account or t.order.account == args.account]
            found.sort(key=lambda t: (t.order.clientId, t.order.orderId, t.order.permId))
            render("orders", [order_row(t) for t in found], args.json)
        return 0

    return _command(prog, argv, ap, body)


def account(argv: list[str], prog: str = "ibwire account") -> int:
    ap = _common(prog, "Show the account summary (net liquidation, cash, buying power, margins...) of every "
                       "account, or of --account.")
    ap.add_argument("--account", default="", help="only this account (when the login manages several)")
    ap.add_argument("--tag", action="append", default=[], metavar="TAG",
                    help="only this tag (repeatable), e.g. --tag NetLiquidation")

    def body(args: argparse.Namespace) -> int:
        with connected(args) as ib:
            ib.RequestTimeout = args.timeout
            _check_account(ib, args.account)
            values = ib.accountSummary(args.account)
            tags = {t.lower() for t in args.tag}
            rows = [account_row(v) for v in values if not tags or v.tag.lower() in tags]
            rows.sort(key=lambda r: (r["account"], r["tag"], r["currency"]))
            render("account", rows, args.json)
        return 0

    return _command(prog, argv, ap, body)


def _check_account(ib: IB, name: str) -> None:
    known = ib.managedAccounts()
    if name and known and name not in known:
        raise CliError(f"unknown account {name!r} (this login manages {', '.join(known)})")
