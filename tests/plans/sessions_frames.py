"""Typed `sessions` frames for the tests, as the loader hands them (`InputData.sessions`):
session_id, event_id, title, date (Date), start_time ("HH:MM" or null), hours (f64),
strands (list of strand codes), region (null = statewide/online), delivery (resolved
against the catalogue), fiscal_year."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tdceu_analysis.catalog import rows_in_force
from tdceu_analysis.fiscal import fiscal_year_of
from tdceu_analysis.io.load import InputData


def typed_sessions(raw: pl.DataFrame, data: InputData) -> pl.DataFrame:
    """Raw (text or typed) session rows as the loader types them."""
    frame = raw.with_columns(
        pl.col("date").cast(pl.String).str.to_date(),
        pl.col("hours").cast(pl.Float64),
    )
    if frame.schema["strands"] == pl.String:
        frame = frame.with_columns(
            pl.col("strands")
            .fill_null("")
            .str.split(";")
            .list.eval(pl.element().filter(pl.element() != ""))
        )
    for name in ("start_time", "region", "delivery"):
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(name))
    frame = frame.with_columns(
        pl.col("start_time").cast(pl.String),
        pl.col("region").cast(pl.String),
        pl.col("delivery").cast(pl.String),
        fiscal_year_of(pl.col("date"), data.policy).alias("fiscal_year"),
    )
    years = frame.get_column("fiscal_year").unique().to_list() or [2027]
    catalogue = rows_in_force(data.events.drop("source", "origin"), years).select(
        "event_id", "fiscal_year", pl.col("delivery").alias("catalogue_delivery")
    )
    return (
        frame.join(catalogue, on=["event_id", "fiscal_year"], how="left")
        .with_columns(pl.coalesce("delivery", "catalogue_delivery").alias("delivery"))
        .select(
            "session_id",
            "event_id",
            "title",
            "date",
            "start_time",
            "hours",
            "strands",
            "region",
            "delivery",
            "fiscal_year",
        )
    )


def with_sessions(data: InputData, folder: Path) -> InputData:
    """`data` with its folder's sessions.csv, unless the loader already read one."""
    if getattr(data, "sessions", None) is None:
        raw = pl.read_csv(folder / "sessions.csv", infer_schema=False)
        data.sessions = typed_sessions(raw, data)
    return data
