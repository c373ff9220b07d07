"""What the sub-commands share: how a command is declared (its words are its `run`'s
docstring), the arguments every data command takes (--data, --fy, --as-of), --out, numbers
checked where they are read, switches, and output paths checked before the work."""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import math
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tdceu_analysis._paths import sample_folder
from tdceu_analysis.errors import UserError, file_error
from tdceu_analysis.evaluate import Evaluation, evaluate
from tdceu_analysis.fiscal import current_fiscal_year, fiscal_year, fy_label, parse_fiscal_year
from tdceu_analysis.io.load import InputData, load_folder
from tdceu_analysis.io.write import NAME_MAX
from tdceu_analysis.policy import shipped_policy


def parse_date_argument(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (write YYYY-MM-DD)") from None


# a school year written as its two calendar years: 2026-27, 2026-2027, 2026/27
SCHOOL_YEAR = re.compile(r"^\s*(?:FY\s*)?(\d{4})\s*[-/\u2013]\s*(\d{2}|\d{4})\s*$", re.IGNORECASE)


def school_year(text: str) -> int | None:
    """The fiscal year of a school year written 2026-27 (or 2026-2027): FY27, the year
    it ends in; None when `text` is not written so. Two years that do not follow each
    other are an error."""
    match = SCHOOL_YEAR.match(text)
    if match is None:
        return None
    first, second = int(match.group(1)), match.group(2)
    end = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if end < first:  # 1999-00
        end += 100
    if end != first + 1:
        raise UserError(
            f"'{text}' is not a school year: write two years that follow each other, "
            f"e.g. {first}-{(first + 1) % 100:02d}, or {fy_label(first + 1)}"
        )
    return end


def parse_fy_argument(text: str) -> int:
    """2026, FY26, or a school year 2026-27 (read as FY27, and said so on stderr)."""
    try:
        year = school_year(text)
        if year is None:
            return parse_fiscal_year(text)
    except UserError as problem:
        raise argparse.ArgumentTypeError(str(problem)) from None
    print(f"tdceu: note: --fy {text} is read as {fy_label(year)}", file=sys.stderr)
    return year


def fy_help() -> str:
    """ "fiscal year, e.g. 2026 or FY26 (FY26 = 2025-10-01 .. 2026-09-30)": the example is
    the current fiscal year, its dates from the shipped policy (R1)."""
    policy = shipped_policy()
    year = max(policy.first_fy, current_fiscal_year(policy=policy))
    dates = fiscal_year(year, policy.for_year(year))
    label = fy_label(year)
    return (
        f"fiscal year, e.g. {year}, {label} or {year - 1}-{year % 100:02d} "
        f"({label} = {dates.start} .. {dates.end})"
    )


Run = Callable[[argparse.Namespace], int]


def _words(doc: str | None) -> tuple[str, str]:
    """(summary, description) of a docstring: its first paragraph, the line `tdceu --help`
    gives the command, and the rest, what `tdceu COMMAND --help` says (argparse re-wraps it)."""
    summary, _, description = inspect.cleandoc(doc or "").partition("\n\n")
    return " ".join(summary.split()), " ".join(description.split())


def add_command(subparsers: argparse._SubParsersAction, name: str, run: Run) -> Any:
    """The parser of the sub-command `name`, which `run` runs; `run`'s docstring is its help."""
    summary, description = _words(run.__doc__)
    parser = subparsers.add_parser(name, help=summary, description=description)
    parser.set_defaults(func=run)
    return parser


def add_command_group(
    subparsers: argparse._SubParsersAction, name: str, doc: str | None, metavar: str
) -> argparse._SubParsersAction:
    """A sub-command made of actions (`tdceu report state`): `doc` is its help (as for
    `add_command`); each action is added to the returned subparsers with `add_command`."""
    summary, description = _words(doc)
    parser = subparsers.add_parser(name, help=summary, description=description)
    return parser.add_subparsers(
        dest=metavar.lower(), metavar=metavar, parser_class=type(parser), required=True
    )


def add_switch(parser: Any, flag: str, help: str) -> None:
    """An option without a value, off unless given (`--pdf`)."""
    parser.add_argument(flag, action="store_true", help=help)


def add_number_argument(
    parser: Any,
    flag: str,
    kind: type[int] | type[float],
    help: str,
    default: float | None = None,
    **limits: float,
) -> None:
    """An option taking a number, checked where it is read (`number_argument`)."""
    parser.add_argument(flag, type=number_argument(kind, **limits), default=default, help=help)


def add_out_argument(parser: Any, help: str, default: Path | None = None) -> None:
    """--out: where the command writes; required unless it has a default."""
    parser.add_argument("--out", type=Path, required=default is None, default=default, help=help)


def add_data_arguments(parser: argparse.ArgumentParser, fy_required: bool = True) -> None:
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="data folder (districts, directors, records.csv and any records-NAME.csv, "
        "optional events and sessions); "
        "default: the shipped sample",
    )
    parser.add_argument(
        "--fy",
        type=parse_fy_argument,
        required=fy_required,
        default=None,
        help=fy_help() + ("" if fy_required else "; default: the current fiscal year"),
    )
    parser.add_argument(
        "--as-of",
        type=parse_date_argument,
        default=None,
        help="count records dated on or before this day (YYYY-MM-DD); "
        "default: today, or the year's last day when it is over",
    )


def data_from_args(args: argparse.Namespace) -> InputData:
    return load_folder(args.data if args.data is not None else sample_folder())


def fy_from_args(args: argparse.Namespace) -> int:
    """--fy, or the current fiscal year without it."""
    return args.fy if args.fy is not None else current_fiscal_year()


def evaluation_from_args(args: argparse.Namespace) -> Evaluation:
    # the commands write the contract's columns and summaries: no per-record sentences
    return evaluate(data_from_args(args), fy_from_args(args), args.as_of, explain=False)


# ---------------------------------------------------------------------------
# Numbers and output paths: checked where they are read, before any work
# ---------------------------------------------------------------------------


def number_argument(
    kind: type[int] | type[float],
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    above: float | None = None,
) -> Callable[[str], int | float]:
    """An argparse `type` for a finite number in range (NaN, inf and '-5' are refused)."""

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a {kind.__name__}") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"'{text}' is not a finite number")
        if above is not None and value <= above:
            raise argparse.ArgumentTypeError(f"'{text}' must be more than {above:g}")
        if minimum is not None and value < minimum:
            raise argparse.ArgumentTypeError(f"'{text}' must be at least {minimum:g}")
        if maximum is not None and value > maximum:
            raise argparse.ArgumentTypeError(f"'{text}' must be at most {maximum:g}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its messages
    return parse


def _writable_folder(folder: Path, option: str) -> None:
    """`folder` exists or can be made, and a file can be made in it; nothing is left behind,
    so a run that fails later (a bad data folder) does not leave an empty output folder."""
    for parent in (folder, *folder.parents):
        if parent.exists() and not parent.is_dir():
            raise UserError(f"{option} {folder}: '{parent}' is a file, not a folder")
    nearest = next(parent for parent in (folder, *folder.parents) if parent.exists())
    try:
        # a file made where the first missing folder would go proves it can be made
        with tempfile.TemporaryFile(dir=nearest):
            pass
    except OSError as problem:
        reason = problem.strerror or type(problem).__name__
        raise UserError(
            f"{option} {folder} cannot be written ({reason.lower()}): choose another folder"
        ) from None


@contextmanager
def _checking(path: Path, option: str) -> Iterator[None]:
    """A name too long or a path the system cannot look at is one line, not a traceback."""
    for part in path.parts:
        if len(os.fsencode(part)) > NAME_MAX:
            raise UserError(
                f"{option}: the name '{part[:24]}...' is too long ({len(part)} characters; "
                f"a file name may have {NAME_MAX}): choose a shorter one"
            )
    try:
        yield
    except OSError as problem:
        reason = (problem.strerror or type(problem).__name__).lower()
        raise UserError(f"{option} {path} cannot be written ({reason}): choose another") from None


def check_output_folder(folder: Path, option: str = "--out") -> Path:
    """Refuse, before the work starts, an output folder that cannot be written."""
    with _checking(folder, option):
        _writable_folder(folder, option)
    return folder


def check_output_file(path: Path, option: str = "--out") -> Path:
    """Refuse, before the work starts, an output file that cannot be written."""
    with _checking(path, option):
        _check_output_file(path, option)
    return path


def _check_output_file(path: Path, option: str) -> None:
    if path.is_dir():
        raise UserError(f"{option} {path} is a folder: give a file name")
    if path.exists() and not os.access(path, os.W_OK):
        raise UserError(f"{option} {path} cannot be written (permission denied)")
    if path.exists() and not path.is_file():
        raise UserError(f"{option} {path} is not a regular file: give a file name")
    _writable_folder(path.parent, option)


@contextmanager
def writing(path: Path, option: str = "--out") -> Iterator[None]:
    """A write that fails after the checks (disk full, a file locked by Excel) is one line."""
    try:
        yield
    except OSError as problem:
        where = problem.filename or path
        raise UserError(f"{option} {path}: {file_error(where, problem)}") from None
