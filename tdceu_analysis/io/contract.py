"""The data contract (docs/data-contract.md) as code.

How to read a date, a yes/no value, an hour count, a time of day or a strand name, and
the input files' column lists (taken from `io/schema.py`, their one declaration).
Parsers here are polars expressions that return null for a value they cannot read, so
that the loader can name the value and the line in its reject reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from tdceu_analysis.io import schema

# ---------------------------------------------------------------------------
# Files and columns
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    must_exist: bool  # the column must be in the file
    value_required: bool  # every row needs a value


# Every list below is read from the one declaration of the input files (`io/schema.py`).
INPUT_FILES: dict[str, tuple[Column, ...]] = {
    kind: tuple(Column(field.name, field.must_exist, field.value_required) for field in file.fields)
    for kind, file in schema.SCHEMAS.items()
}

REQUIRED_FILES = schema.REQUIRED_FILES
FILE_SUFFIXES = (".csv", ".xlsx", ".parquet")

# The row id a reject names, per file (the contract's rejects column is record_id).
ROW_ID_COLUMN = {kind: file.row_id for kind, file in schema.SCHEMAS.items()}

# "true/false, yes/no, 1/0, y/n (any case); blank = false"
BOOLEAN_WORDS: dict[str, bool] = {
    "true": True,
    "false": False,
    "yes": True,
    "no": False,
    "1": True,
    "0": False,
    "y": True,
    "n": False,
    # spreadsheets and Parquet write numbers as 1.0 / 0.0
    "1.0": True,
    "0.0": False,
}

_ISO_DATE = r"^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$"

# ---------------------------------------------------------------------------
# Parsers: expressions returning null where a value cannot be read
# ---------------------------------------------------------------------------


def blank_to_null(column: str) -> pl.Expr:
    """Trimmed text; an empty cell becomes null."""
    text = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(text.str.len_chars() > 0).then(text).otherwise(None)


def trimmed_text(frame: pl.DataFrame, column: str) -> pl.Series:
    """`blank_to_null(column)` of a text column of `frame`, computed so that the file's own
    strings are kept when trimming changes none of them (the usual file).

    A trimmed copy of a text longer than 12 bytes is a new string buffer: 20-40 bytes a
    row for event ids and session titles, which every frame taken from these columns
    (the records, the ledger) would then hold, where the file's strings share one
    dictionary. Trimming only shortens a value, so equal total lengths mean no change.
    """
    text = frame.get_column(column).cast(pl.String)
    stripped = text.str.strip_chars()
    if stripped.str.len_bytes().sum() == text.str.len_bytes().sum():
        stripped = text  # nothing trimmed: the original strings
    if not (stripped.str.len_bytes() == 0).any():
        return stripped.alias(column)  # no empty cell either: no copy at all
    return pl.select(pl.when(stripped.str.len_bytes() > 0).then(stripped)).to_series().alias(column)


def parse_date(column: str, dtype: pl.DataType) -> pl.Expr:
    """ISO YYYY-MM-DD (a spreadsheet's 'YYYY-MM-DD 00:00:00' too); null if unreadable."""
    if dtype == pl.Date:
        return pl.col(column)
    if isinstance(dtype, pl.Datetime):
        return pl.col(column).dt.date()
    text = blank_to_null(column).str.extract(_ISO_DATE, 1)
    return text.str.to_date("%Y-%m-%d", strict=False)


# HH:MM (or H:MM), seconds allowed when they are 00 (a spreadsheet's 09:00:00)
_TIME_OF_DAY = r"^([01]?\d|2[0-3]):([0-5]\d)(?::00(?:\.0+)?)?$"


def parse_time(column: str, dtype: pl.DataType) -> pl.Expr:
    """A time of day as 'HH:MM' text ('9:30' -> '09:30'); null if unreadable."""
    if dtype == pl.Time:
        return pl.col(column).dt.strftime("%H:%M")
    if isinstance(dtype, pl.Datetime):
        return pl.col(column).dt.strftime("%H:%M")
    text = blank_to_null(column)
    hour = text.str.extract(_TIME_OF_DAY, 1).str.zfill(2)
    minute = text.str.extract(_TIME_OF_DAY, 2)
    return pl.when(hour.is_not_null()).then(pl.concat_str([hour, minute], separator=":"))


def finite(number: pl.Expr) -> pl.Expr:
    """`number` where it is a real number; null for NaN and infinity ('nan', 'inf' in a cell
    read as floats, and a NaN would pass every comparison: a cap of NaN would act as 0)."""
    return pl.when(number.is_finite()).then(number).otherwise(None)


def parse_hours(column: str, dtype: pl.DataType) -> pl.Expr:
    """A decimal number of hours; null if unreadable, NaN or infinite."""
    if dtype.is_numeric():
        return finite(pl.col(column).cast(pl.Float64))
    return finite(blank_to_null(column).cast(pl.Float64, strict=False))


# A fiscal year is written with four digits (or two: 'FY26'); anything else is no year,
# and keeps a huge number from overflowing the year's integer type.
YEAR_DIGITS_RANGE = (1000, 9999)


def parse_integer(column: str, dtype: pl.DataType) -> pl.Expr:
    """A fiscal year: 2026, 'FY26', '26' or 2026.0; null if unreadable or not four digits."""
    low, high = YEAR_DIGITS_RANGE
    if dtype.is_integer():
        whole = pl.col(column).cast(pl.Int64, strict=False)
    else:
        if dtype.is_numeric():
            number = finite(pl.col(column).cast(pl.Float64))
        else:
            text = blank_to_null(column).str.replace(r"(?i)^fy", "")
            number = finite(text.cast(pl.Float64, strict=False))
        in_range = number.is_between(0, high)  # before the cast: 1e30 has no integer
        whole = pl.when(in_range & (number == number.round(0))).then(number).cast(pl.Int64)
    # 'FY26' and '26' mean 2026
    year = pl.when(whole.is_between(0, 99)).then(whole + 2000).otherwise(whole)
    return pl.when(year.is_between(low, high)).then(year).cast(pl.Int32)


def parse_boolean(column: str, dtype: pl.DataType) -> pl.Expr:
    """true/false, yes/no, 1/0, y/n in any case; blank = false; null if unreadable."""
    if dtype == pl.Boolean:
        return pl.col(column).fill_null(False)
    text = blank_to_null(column).str.to_lowercase()
    parsed = text.replace_strict(
        list(BOOLEAN_WORDS), list(BOOLEAN_WORDS.values()), default=None, return_dtype=pl.Boolean
    )
    return pl.when(text.is_null()).then(False).otherwise(parsed)


def text_id(column: str, dtype: pl.DataType) -> pl.Expr:
    """An identifier as text (a spreadsheet's 101.0 reads as '101')."""
    if dtype.is_float():
        value = pl.col(column)
        return (
            pl.when(value == value.round(0))
            .then(value.cast(pl.Int64).cast(pl.String))
            .otherwise(value.cast(pl.String))
        )
    return blank_to_null(column)


def strand_lookup(strands: Mapping[str, str]) -> dict[str, str]:
    """Every accepted spelling (code or published name, lower case) -> strand code."""
    lookup: dict[str, str] = {}
    for code, name in strands.items():
        lookup[code.lower()] = code
        lookup[name.lower()] = code
    return lookup


def parse_strand_text(text: str | None, lookup: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """'cyber; Teaching and Learning' -> (['cyber', 'teaching'], []), unknown names second.

    Called once per distinct strands value of a file (there are few), not per row.
    """
    codes: list[str] = []
    unknown: list[str] = []
    for part in (text or "").split(";"):
        name = part.strip()
        if not name:
            continue
        code = lookup.get(name.lower())
        if code is None:
            unknown.append(name)
        elif code not in codes:
            codes.append(code)
    return codes, unknown
