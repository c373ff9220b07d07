"""Reading a TalentLMS learning-progress export (or the mapping file): CSV or XLSX as
all-string columns, and headers matched loosely.

Case, spaces, '_' and '-' do not matter in a header, and the usual spellings are known
("Completion date" / completed_on, "Completion status" / completion_status, "Time" /
total_time, "User ID" / login / user, ...). A report downloaded from the portal may carry
title and date lines above its header: the header is the first of the first lines that
names known export columns, and the lines above it are skipped (and counted). A file
that cannot be read is a UserError in words a person can act on.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tdceu_analysis.errors import UserError
from tdceu_analysis.io.sniff import not_a_table

_BARE_CR = re.compile(rb"\r(?!\n)")

# Accepted spellings of each export column, normalised (see `normalise_header`),
# in order of preference: the first one present is used.
EXPORT_HEADERS: dict[str, tuple[str, ...]] = {
    "user": (
        "user id",
        "userid",
        "learner id",
        "login",
        "username",
        "user login",
        "email",
        "user email",
        "user",
        "learner",
    ),
    "course": ("course", "course name", "course title", "coursename"),
    # the course's completion first: an export may also carry the user's account
    # "Status" (Active / Inactive), which says nothing about the course
    "status": (
        "completion status",
        "course completion status",
        "course status",
        "completionstatus",
        "progress status",
        "status",
    ),
    "completed_on": (
        "completion date",
        "completed on",
        "completed at",
        "date completed",
        "completion",
        "completed",
        "completiondate",
    ),
    "time": ("time", "total time", "time spent", "totaltime", "training time", "duration"),
    # the API's Unix seconds beside completed_on: preferred where present
    "completed_timestamp": (
        "completed on timestamp",
        "completion timestamp",
        "completed timestamp",
        "completedontimestamp",
    ),
    # the date of the live (ILT) session attended, where the export carries one
    "session_date": (
        "ilt session date",
        "session date",
        "session start date",
        "session start",
        "ilt date",
        "event date",
    ),
}

# The header is looked for among this many first lines (title and date lines above it)
HEADER_SEARCH_LINES = 10


REQUIRED_EXPORT_FIELDS = ("user", "course", "status", "completed_on")


def normalise_header(name: str) -> str:
    """'Completion_Date ' -> 'completion date' (case, '_', '-' and spaces ignored)."""
    return re.sub(r"[\s_\-]+", " ", name.lstrip("\ufeff").strip().lower()).strip()


def match_headers(
    columns: Sequence[str],
    wanted: Mapping[str, tuple[str, ...]],
    required: Sequence[str],
    file: str,
    overrides: Mapping[str, str] | None = None,
    hint: str = "",
) -> dict[str, str]:
    """field -> the file's column for it; a UserError naming the spellings if one is missing."""
    by_normal: dict[str, str] = {}
    for column in columns:
        by_normal.setdefault(normalise_header(column), column)
    found: dict[str, str] = {}
    for name, spellings in wanted.items():
        override = (overrides or {}).get(name)
        if override:
            column = by_normal.get(normalise_header(override))
            if column is None:
                raise UserError(
                    f"{file} has no column '{override}' (columns: {', '.join(columns)})"
                )
            found[name] = column
            continue
        for spelling in spellings:
            if spelling in by_normal:
                found[name] = by_normal[spelling]
                break
    missing = [name for name in required if name not in found]
    if missing:
        hints = "; ".join(f"{name}: one of {', '.join(wanted[name][:4])}" for name in missing)
        raise UserError(
            f"{file} lacks the column(s) {', '.join(missing)} ({hints}); columns found: "
            f"{', '.join(columns) or 'none'}{hint}"
        )
    return found


def read_any(path: Path, sheet: str | None = None, skip_lines: int = 0) -> pl.DataFrame:
    """A CSV or XLSX file as all-string columns, its header `skip_lines` lines down."""
    if not path.is_file():
        raise UserError(f"'{path}' does not exist or is not a file")
    looks = not_a_table(path)  # a zip, JSON, a web page saved as .csv: say what it is
    if looks:
        raise UserError(looks)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pl.read_csv(
                _line_ends_read(path),
                infer_schema=False,
                encoding="utf8-lossy",
                skip_lines=skip_lines,
            )
        if suffix in (".xlsx", ".xls"):
            options = {"header_row": skip_lines} if skip_lines else None
            if sheet:
                return pl.read_excel(
                    path, sheet_name=sheet, infer_schema_length=0, read_options=options
                )
            return pl.read_excel(path, infer_schema_length=0, read_options=options)
    except Exception as problem:  # polars/fastexcel raise many kinds; all mean "cannot read"
        raise UserError(
            f"{path.name} could not be read: {_read_problem(problem, path, skip_lines)}"
        ) from None
    raise UserError(f"{path.name}: unsupported file type (use .csv or .xlsx)")


def _line_ends_read(path: Path) -> Path | bytes:
    """The file, or its bytes with old Mac line ends (a CR alone) as LF: polars would read
    CR-only text as one line, and the export as no rows."""
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or not _BARE_CR.search(raw):
        return path
    return _BARE_CR.sub(b"\n", raw)


def first_lines(path: Path, sheet: str | None = None) -> list[list[str]]:
    """The first HEADER_SEARCH_LINES lines of a CSV or XLSX as lists of texts (a blank line
    is an empty list), to find the header before the file is read."""
    if not path.is_file():
        raise UserError(f"'{path}' does not exist or is not a file")
    if path.suffix.lower() == ".csv":
        lines: list[list[str]] = []
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            reader = csv.reader(handle)
            first_line = 0  # where the next row starts (a quoted cell may span lines)
            try:
                for row in reader:
                    lines.extend([[]] * (first_line - len(lines)))
                    lines.append(row)
                    first_line = reader.line_num
                    if len(lines) >= HEADER_SEARCH_LINES:
                        break
            except csv.Error:
                pass  # the reader proper says what is wrong
        return lines[:HEADER_SEARCH_LINES]
    if path.suffix.lower() in (".xlsx", ".xls"):
        try:
            top = pl.read_excel(
                path,
                sheet_name=sheet,
                has_header=False,
                infer_schema_length=0,
                read_options={"n_rows": HEADER_SEARCH_LINES},
                drop_empty_rows=False,
            )
        except Exception:  # the reader proper says what is wrong
            return []
        return [[cell or "" for cell in row] for row in top.iter_rows()]
    return []


@dataclass(frozen=True)
class HeaderRow:
    """Where the export's header is: `skipped` lines above it; `note` when none was found."""

    skipped: int
    note: str = ""


def find_header_row(
    lines: Sequence[Sequence[str]], overrides: Mapping[str, str] | None = None
) -> HeaderRow:
    """The first line naming at least two export columns (course, status, completion date,
    user, time, ...); if none does, line 1 (and a note saying where it seems to be)."""
    extra = {normalise_header(name) for name in (overrides or {}).values() if name}

    def fields(row: Sequence[str]) -> set[str]:
        names = {normalise_header(cell) for cell in row if cell}
        found = {field for field, spellings in EXPORT_HEADERS.items() if names & set(spellings)}
        return found | ({"override"} if names & extra else set())

    named = [len(fields(row)) for row in lines]
    for index, count in enumerate(named):
        if count >= 2:
            return HeaderRow(index)
    best = max(range(len(named)), key=lambda i: named[i], default=None)
    if best is not None and named[best] == 1 and best > 0:
        return HeaderRow(0, f"line {best + 1} names one export column, is the header there?")
    shown = min(len(lines), HEADER_SEARCH_LINES)
    return HeaderRow(0, f"none of the first {shown} lines names TalentLMS export columns")


def _read_problem(problem: Exception, path: Path, skip_lines: int = 0) -> str:
    """A reader's error in words a person can act on (only on the error path)."""
    text = str(problem).strip()
    if "more fields than defined" in text:
        line = _first_ragged_line(path, skip_lines)
        where = f"line {line}" if line else "a line"
        return (
            f"{where} has more values than the header has columns: is it a TalentLMS "
            "learning-progress export (one row per user and course), saved as CSV?"
        )
    if "sheet" in text.lower() and "not found" in text.lower():
        return f"{text.splitlines()[0]} (check --sheet)"
    return text.splitlines()[0] if text else type(problem).__name__


def _first_ragged_line(path: Path, skip_lines: int = 0) -> int | None:
    """The first line with more values than the header (csv module: the error path only)."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        for _ in range(skip_lines):
            handle.readline()
        reader = csv.reader(handle)
        width = len(next(reader, []))
        for row in reader:
            if len(row) > width:
                return reader.line_num + skip_lines
    return None
