"""Reading a TalentLMS learning-progress export (or the mapping file): CSV or XLSX as
all-string columns, and headers matched loosely.

Case, spaces, '_' and '-' do not matter in a header, and the usual spellings are known
("Completion date" / completed_on, "Status" / completion_status, "Time" / total_time,
"User ID" / login / user, ...). A file that cannot be read is a UserError in words a
person can act on.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl

from tdceu_analysis.errors import UserError

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
    "status": (
        "status",
        "completion status",
        "course status",
        "progress status",
        "completionstatus",
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
}


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


def read_any(path: Path, sheet: str | None = None) -> pl.DataFrame:
    """A CSV or XLSX file as all-string columns."""
    if not path.is_file():
        raise UserError(f"'{path}' does not exist or is not a file")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
        if suffix in (".xlsx", ".xls"):
            if sheet:
                return pl.read_excel(path, sheet_name=sheet, infer_schema_length=0)
            return pl.read_excel(path, infer_schema_length=0)
    except Exception as problem:  # polars/fastexcel raise many kinds; all mean "cannot read"
        raise UserError(f"{path.name} could not be read: {_read_problem(problem, path)}") from None
    raise UserError(f"{path.name}: unsupported file type (use .csv or .xlsx)")


def _read_problem(problem: Exception, path: Path) -> str:
    """A reader's error in words a person can act on (only on the error path)."""
    text = str(problem).strip()
    if "more fields than defined" in text:
        line = _first_ragged_line(path)
        where = f"line {line}" if line else "a line"
        return (
            f"{where} has more values than the header has columns: is it a TalentLMS "
            "learning-progress export (one row per user and course), saved as CSV?"
        )
    if "sheet" in text.lower() and "not found" in text.lower():
        return f"{text.splitlines()[0]} (check --sheet)"
    return text.splitlines()[0] if text else type(problem).__name__


def _first_ragged_line(path: Path) -> int | None:
    """The first line with more values than the header (csv module: the error path only)."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        width = len(next(reader, []))
        for row in reader:
            if len(row) > width:
                return reader.line_num
    return None
