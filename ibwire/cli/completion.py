"""``ibwire completion bash|zsh|fish``: a shell completion script for the ``ibwire`` command.

The script is static — generated from the commands' own parsers, so it knows every command, option and
choice without starting Python on each TAB::

    ibwire completion bash > ~/.local/share/bash-completion/completions/ibwire
    ibwire completion zsh > "${fpath[1]}/_ibwire"        # or: source <(ibwire completion zsh)
    ibwire completion fish > ~/.config/fish/completions/ibwire.fish

Options that take a path (``--out``) complete file names; options with a fixed set of values complete
those values.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from .common import parser, run

SHELLS = ("bash", "zsh", "fish")
#: options whose value is a file or directory
_PATHS = frozenset({"--out"})


@dataclass
class Option:
    flags: list[str]
    help: str
    takes_value: bool
    choices: list[str] = field(default_factory=list)


@dataclass
class Command:
    name: str
    summary: str
    options: list[Option]
    #: the values a positional argument takes, where they are a fixed set (``completion``'s shells)
    words: list[str] = field(default_factory=list)


class _Parser(Exception):
    def __init__(self, ap: argparse.ArgumentParser) -> None:
        self.ap = ap


@contextmanager
def _catching_parsers() -> Iterator[None]:
    # each command builds its parser inside its function; parsing is its first act, so stopping there
    # hands the parser over with nothing else done (no connection, no file)
    original = argparse.ArgumentParser.parse_args

    def catch(self: argparse.ArgumentParser, *args: object, **kwargs: object) -> argparse.Namespace:
        raise _Parser(self)

    argparse.ArgumentParser.parse_args = catch  # type: ignore[assignment, method-assign]
    try:
        yield
    finally:
        argparse.ArgumentParser.parse_args = original  # type: ignore[method-assign]


def commands() -> list[Command]:
    """Every command of :data:`ibwire.cli.COMMANDS` with its options, read from its parser."""
    from . import COMMANDS

    out: list[Command] = []
    for name, (target, summary) in COMMANDS.items():
        module, function = target.split(":")
        fn = getattr(importlib.import_module(f"{__package__}.{module}"), function)
        with _catching_parsers():
            try:
                fn([], prog=f"ibwire {name}")
            except _Parser as got:
                ap = got.ap
            else:  # pragma: no cover - a command that parses nothing
                raise RuntimeError(f"ibwire {name} did not build a parser")
        options = [Option(list(a.option_strings), (a.help or "").split("(default")[0].strip(), a.nargs != 0,
                          [str(c) for c in a.choices] if a.choices else [])
                   for a in ap._actions if a.option_strings]
        words = [str(c) for a in ap._actions if not a.option_strings and a.choices for c in a.choices]
        out.append(Command(name, summary, options, words))
    return out


def bash(cmds: list[Command]) -> str:
    top = " ".join([c.name for c in cmds] + ["--help", "--version"])
    lines = ["# ibwire completion for bash (ibwire completion bash)", "_ibwire() {",
             '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" opts=""',
             '    if [ "$COMP_CWORD" -eq 1 ]; then',
             f'        COMPREPLY=($(compgen -W "{top}" -- "$cur")); return',
             "    fi",
             '    case "${COMP_WORDS[1]}:$prev" in']
    for c in cmds:
        for o in c.options:
            if o.choices:
                action = f'COMPREPLY=($(compgen -W "{" ".join(o.choices)}" -- "$cur")); return'
            elif set(o.flags) & _PATHS:
                action = 'COMPREPLY=($(compgen -f -- "$cur")); return'
            elif o.takes_value:
                action = "return"  # a value of the user's own: nothing to offer
            else:
                continue
            lines.append(f"        {'|'.join(f'{c.name}:{f}' for f in o.flags)}) {action};;")
    lines += ["    esac", '    case "${COMP_WORDS[1]}" in']
    for c in cmds:
        lines.append(f'        {c.name}) opts="{" ".join(c.words + [f for o in c.options for f in o.flags])}";;')
    lines += ["    esac", '    COMPREPLY=($(compgen -W "$opts" -- "$cur"))', "}",
              "complete -o default -F _ibwire ibwire", ""]
    return "\n".join(lines)


def zsh(cmds: list[Command]) -> str:
    return ("#compdef ibwire\n# ibwire completion for zsh (ibwire completion zsh): the bash one through bashcompinit\n"
            "autoload -U +X bashcompinit && bashcompinit\n" + bash(cmds))


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def fish(cmds: list[Command]) -> str:
    names = " ".join(c.name for c in cmds)
    lines = ["# ibwire completion for fish (ibwire completion fish)", "complete -c ibwire -f",
             f"complete -c ibwire -n 'not __fish_seen_subcommand_from {names}' -l version -d 'show the version'"]
    for c in cmds:
        lines.append(f"complete -c ibwire -n 'not __fish_seen_subcommand_from {names}' -a {c.name} "
                     f"-d {_fish_quote(c.summary)}")
    for c in cmds:
        if c.words:
            lines.append(f"complete -c ibwire -n '__fish_seen_subcommand_from {c.name}' -a {_fish_quote(' '.join(c.words))}")
        for o in c.options:
            parts = [f"complete -c ibwire -n '__fish_seen_subcommand_from {c.name}'"]
            for f in o.flags:
                parts.append(f"-l {f[2:]}" if f.startswith("--") else f"-s {f[1:]}")
            if o.choices:
                parts.append(f"-x -a {_fish_quote(' '.join(o.choices))}")
            elif o.flags[-1] in _PATHS:
                parts.append("-r -F")
            elif o.takes_value:
                parts.append("-x")
            if o.help:
                parts.append(f"-d {_fish_quote(o.help)}")
            lines.append(" ".join(parts))
    return "\n".join(lines) + "\n"


_WRITERS = {"bash": bash, "zsh": zsh, "fish": fish}


def main(argv: list[str], prog: str = "ibwire completion") -> int:
    ap = parser(prog, "Print a shell completion script for the ibwire command (see the module's docs for "
                      "where to put it).")
    ap.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    args = ap.parse_args(argv)

    def body() -> int:
        sys.stdout.write(_WRITERS[args.shell](commands()))
        return 0

    return run(prog, body)

