"""Parsing an export's values as polars expressions: null where a value cannot be read
(the import names each such row), never a guess."""

from __future__ import annotations

import html

import polars as pl


def text_value(column: str) -> pl.Expr:
    """The column's text, stripped; null where it is blank."""
    text = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(text.str.len_chars() > 0).then(text)


def user_id_value(column: str) -> pl.Expr:
    """User ids as text; a spreadsheet's '3001.0' reads as '3001'."""
    return text_value(column).str.replace(r"^(\d+)\.0+$", "${1}")


def unescape_entities(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """HTML entities in a text column written out ('Q&amp;A' -> 'Q&A'), as TalentLMS
    exports some course names; each distinct text is looked at once."""
    texts = frame.get_column(column).drop_nulls().unique()
    escaped = texts.filter(texts.str.contains("&")).to_list()
    lookup = {text: html.unescape(text) for text in escaped}
    if not lookup:
        return frame
    return frame.with_columns(pl.col(column).replace(lookup))


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
