"""The ``ibwire`` command: ``ibwire sim`` (the simulated gateway) and ``ibwire --version``.

User mistakes end with one line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from . import __version__

USAGE = """usage: ibwire [--version] COMMAND [ARGS...]

commands:
  sim     run the simulated IB Gateway (ibwire sim --help for its options)
"""


def _sim(argv: list[str]) -> int:
    from .sim.__main__ import main as sim_main

    return sim_main(argv, prog="ibwire sim")


#: command -> what runs it (argv after the command name)
COMMANDS: dict[str, Callable[[list[str]], int]] = {"sim": _sim}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help", "help"):
        print(USAGE, end="")
        return 0 if args else 2
    if args[0] == "--version":
        print(f"ibwire {__version__}")
        return 0
    command = COMMANDS.get(args[0])
    if command is None:
        print(f"ibwire: unknown command {args[0]!r} (commands: {', '.join(COMMANDS)}); see ibwire --help",
              file=sys.stderr)
        return 2
    return command(args[1:])


if __name__ == "__main__":
    raise SystemExit(main())
