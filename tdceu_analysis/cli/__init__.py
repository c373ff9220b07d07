"""The `tdceu` command line: parses, calls the package, prints.

Each sub-command lives in its own module of this folder and exposes
`register(subparsers)`, which adds its parser and sets `func=run` where
`run(args) -> int` returns the exit code. Problems with the input or the
arguments raise `UserError`; they become one clear line and exit code 2.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys

from tdceu_analysis import __version__
from tdceu_analysis._paths import docs_folder
from tdceu_analysis.errors import UserError, file_error

# The sub-command modules, in the order `tdceu --help` lists them.
COMMAND_MODULES = (
    "evaluate",
    "build",
    "report",
    "synth",
    "importing",
    "init",
    "check",
    "events",
)


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one line (its default already uses code 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"tdceu: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    docs = docs_folder()
    parser = _Parser(
        prog="tdceu",
        description="ALET technology-director continuing-education (TD-CEU) analysis.",
        # one path a line, never wrapped: a wrapped path (at its hyphen) cannot be copied
        epilog=f"How the rules are read (R1-R12):\n  {docs / 'rules.md'}\n"
        f"Every input and output file:\n  {docs / 'data-contract.md'}\n"
        "(In the project repository: docs/rules.md and docs/data-contract.md.)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tdceu {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"tdceu_analysis.cli.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # a refused argument (2), --help or --version (0): a code
        return stop.code if isinstance(stop.code, int) else 2
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UserError as problem:
        # one line whatever a file put in the message (a value with a line break)
        print(f"tdceu: error: {' '.join(str(problem).split())}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the output went to a pipe that closed (`| head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as problem:
        # a file the checks could not foresee (a disk that fills up, a name too long, a
        # folder removed): one line naming it, never a traceback
        where = problem.filename or "a file"
        doing = "write" if problem.errno != errno.ENOENT or problem.filename is None else "use"
        print(f"tdceu: error: {file_error(where, problem, doing)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tdceu: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
