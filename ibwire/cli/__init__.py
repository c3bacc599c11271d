"""The ``ibwire`` command: the simulator, bulk history, a recorder and quick looks at an account.

Each subcommand is a function ``(argv, prog) -> exit code`` in a module of its own; this module only
dispatches (and imports nothing a command does not need, so ``ibwire sim`` starts without the extras).
User mistakes end with one line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import importlib
import sys

from .. import __version__

#: command -> ("module:function" under ibwire.cli that runs it, one-line summary)
COMMANDS: dict[str, tuple[str, str]] = {
    "sim": ("sim:main", "run the simulated IB Gateway"),
    "history": ("history:main", "download historical bars into Parquet, CSV or SQLite (resumable)"),
    "record": ("record:main", "record ticks, 5-second bars or depth into rolling files"),
    "quote": ("tables:quote", "show quotes for contracts"),
    "positions": ("tables:positions", "show positions"),
    "orders": ("tables:orders", "show open orders"),
    "account": ("tables:account", "show account values"),
    "completion": ("completion:main", "print a shell completion script (bash, zsh, fish)"),
}


def usage() -> str:
    width = max(map(len, COMMANDS))
    lines = [f"  {name:<{width}}  {summary}" for name, (_, summary) in COMMANDS.items()]
    return ("usage: ibwire [--version] COMMAND [ARGS...]\n\ncommands:\n" + "\n".join(lines) +
            "\n\nibwire COMMAND --help shows a command's options and their defaults.\n")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help", "help"):
        print(usage(), end="")
        return 0 if args else 2
    if args[0] == "--version":
        print(f"ibwire {__version__}")
        return 0
    entry = COMMANDS.get(args[0])
    if entry is None:
        print(f"ibwire: unknown command {args[0]!r} (commands: {', '.join(COMMANDS)}); see ibwire --help",
              file=sys.stderr)
        return 2
    module, function = entry[0].split(":")
    code: int = getattr(importlib.import_module(f"{__name__}.{module}"), function)(args[1:], prog=f"ibwire {args[0]}")
    return code
