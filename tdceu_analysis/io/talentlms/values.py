"""Parsing an export's values as polars expressions: null where a value cannot be read
(the import names each such row), never a guess."""

from __future__ import annotations

import datetime as dt

import polars as pl

from tdceu_analysis.errors import UserError


def text_value(column: str) -> pl.Expr:
    """The column's text, stripped; null where it is blank."""
    text = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(text.str.len_chars() > 0).then(text)


def user_id_value(column: str) -> pl.Expr:
    """User ids as text; a spreadsheet's '3001.0' reads as '3001'."""
    return text_value(column).str.replace(r"^(\d+)\.0+$", "${1}")


def parse_completion_date(column: str, date_format: str | None = None) -> pl.Expr:
    """ISO dates (a time after them is ignored), else US month/day/year, else `date_format`."""
    text = text_value(column)
    day_part = text.str.extract(r"^([^,T ]+)", 1)
    if date_format:
        return day_part.str.to_date(date_format, strict=False)
    iso = text.str.extract(r"^(\d{4}-\d{2}-\d{2})", 1).str.to_date("%Y-%m-%d", strict=False)
    us = day_part.str.to_date("%m/%d/%Y", strict=False)
    return pl.coalesce(iso, us)


def check_date_format(date_format: str) -> None:
    """A --date-format must read back a whole date (day, month and year), else a UserError."""
    probe = dt.date(2001, 12, 31)  # day, month and year all differ: a swap shows
    try:
        text = probe.strftime(date_format)
        ok = dt.datetime.strptime(text, date_format).date() == probe
    except ValueError:
        ok = False
    if not ok:
        raise UserError(
            f"--date-format '{date_format}' does not read a whole date: write it with %d, %m "
            "(or %b) and %Y (or %y), e.g. %d/%m/%Y"
        )


def parse_time_spent(column: str) -> pl.Expr:
    """Hours spent, from '1h 25m', '2h 3m 10s', '45m', '01:25:00', '1:25' or minutes ('85')."""
    text = text_value(column).str.to_lowercase()

    def unit(pattern: str) -> pl.Expr:
        return text.str.extract(pattern, 1).cast(pl.Float64, strict=False).fill_null(0.0)

    has_units = text.str.contains(r"\d\s*[hms]")
    units = (
        unit(r"(\d+(?:\.\d+)?)\s*h")
        + unit(r"(\d+(?:\.\d+)?)\s*m(?:in|ins|inutes?)?\b") / 60
        + unit(r"(\d+(?:\.\d+)?)\s*s(?:ec|ecs|econds?)?\b") / 3600
    )
    clock = text.str.extract_groups(r"^(\d+):(\d{1,2})(?::(\d{1,2}))?$")
    clock_hours = (
        clock.struct.field("1").cast(pl.Float64)
        + clock.struct.field("2").cast(pl.Float64) / 60
        + clock.struct.field("3").cast(pl.Float64).fill_null(0.0) / 3600
    )
    minutes = text.cast(pl.Float64, strict=False) / 60
    return (
        pl.when(has_units)
        .then(units)
        .when(text.str.contains(":"))
        .then(clock_hours)
        .otherwise(minutes)
    )
