"""The event catalogue: the shipped ALET event kinds and approved external lists,
plus a data folder's own `events` file.

A folder's rows add to the shipped catalogue or replace the shipped row with
the same (event_id, fiscal_year); ALET rows have a blank fiscal year (every
year), and a blank matches a blank.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tdceu_analysis._paths import catalog_file

SHIPPED_CATALOG_NAME = "catalog/events.csv"


def shipped_catalog_path() -> Path:
    """Where the package's own events.csv is (inside the installed package)."""
    return catalog_file()


def merge_catalog(shipped: pl.DataFrame, folder_events: pl.DataFrame | None) -> pl.DataFrame:
    """Shipped rows, less those the folder replaces, plus the folder's rows."""
    if folder_events is None or folder_events.height == 0:
        return shipped
    key = ["event_id", "fiscal_year"]
    kept = shipped.join(folder_events.select(key), on=key, how="anti", nulls_equal=True)
    return pl.concat([kept, folder_events], how="vertical_relaxed").sort(
        "event_id", "fiscal_year", nulls_last=False
    )


# Columns shown for a record even when its event is not approved this year (R4).
_DISPLAY_COLUMNS = ("name", "category", "kind", "delivery")


def rows_in_force(events: pl.DataFrame, years: pl.Series | list[int]) -> pl.DataFrame:
    """The catalogue row in force for every event_id and each of `years`.

    A row for that fiscal year wins; otherwise the every-year row (blank fiscal
    year). `approved` is false for an event_id with rows only for other years
    (R4: not approved this year); its name, category, kind and delivery then
    come from its latest row, for display, and its caps stay blank. The choice is
    made once per (event_id, fiscal year) pair, a small table joined to the records
    in one pass (`join_rows_in_force`).
    """
    years = pl.DataFrame({"fiscal_year": years}, schema={"fiscal_year": pl.Int32})
    pairs = events.select(pl.col("event_id").unique()).join(years, how="cross")
    return _rows_in_force(events, pairs.lazy()).collect()


def join_rows_in_force(records: pl.LazyFrame, resolved: pl.DataFrame) -> pl.LazyFrame:
    """Records with their row of `rows_in_force` (a year not in it: not approved).

    `rows_in_force` holds one row for every (event_id, year) pair, so a record's row is
    found by arithmetic: event_id's rank times the number of years, plus the year's
    offset. Each catalogue column is then gathered by that position, which is several
    times quicker than a join keeping the records' order; a record with an event_id or
    a year outside the table gets no row, as in a left join.
    """
    table = resolved.sort("event_id", "fiscal_year")
    event_ids = table.get_column("event_id").unique(maintain_order=True)
    years = table.get_column("fiscal_year").unique().sort()
    dense = (
        event_ids.null_count() == 0
        and years.null_count() == 0
        and table.height == len(event_ids) * len(years)
        and len(years) > 0
        and years.max() - years.min() + 1 == len(years)
    )
    if not dense:  # not the shape rows_in_force makes: join instead
        return records.join(
            resolved.lazy(),
            on=["event_id", "fiscal_year"],
            how="left",
            nulls_equal=True,
            maintain_order="left",
        ).with_columns(pl.col("approved").fill_null(False))
    event_rank = pl.col("event_id").replace_strict(
        event_ids, pl.Series(range(len(event_ids)), dtype=pl.Int64), default=None
    )
    year_offset = pl.col("fiscal_year").cast(pl.Int64) - years.min()
    position = (
        pl.when(year_offset.is_between(0, len(years) - 1))
        .then(event_rank * len(years) + year_offset)
        .alias("_catalog_row")
    )
    catalog_columns = table.drop("event_id", "fiscal_year")
    return (
        records.with_columns(position)
        .with_columns(
            [
                pl.lit(catalog_columns.get_column(name)).gather(pl.col("_catalog_row")).alias(name)
                for name in catalog_columns.columns
            ]
        )
        .drop("_catalog_row")
        .with_columns(pl.col("approved").fill_null(False))
    )


def _rows_in_force(events: pl.DataFrame, records: pl.LazyFrame) -> pl.LazyFrame:
    """`rows_in_force` for (event_id, fiscal_year) rows, by three joins."""
    columns = [c for c in events.columns if c not in ("event_id", "fiscal_year")]
    dated = events.filter(pl.col("fiscal_year").is_not_null()).lazy()
    every_year = events.filter(pl.col("fiscal_year").is_null()).drop("fiscal_year").lazy()
    latest = (
        events.sort("fiscal_year", nulls_last=False)
        .group_by("event_id")
        .agg([pl.col(c).last().alias(f"{c}__any") for c in _DISPLAY_COLUMNS])
        .lazy()
    )
    joined = (
        records.join(
            dated.rename({c: f"{c}__dated" for c in columns}),
            on=["event_id", "fiscal_year"],
            how="left",
            maintain_order="left",
        )
        .join(
            every_year.rename({c: f"{c}__every" for c in columns}),
            on="event_id",
            how="left",
            maintain_order="left",
        )
        .join(latest, on="event_id", how="left", maintain_order="left")
    )
    has_dated = pl.col("name__dated").is_not_null()
    has_every = pl.col("name__every").is_not_null()
    chosen = [
        pl.when(has_dated).then(pl.col(f"{c}__dated")).otherwise(pl.col(f"{c}__every")).alias(c)
        for c in columns
    ]
    return (
        joined.with_columns(*chosen, (has_dated | has_every).alias("approved"))
        .with_columns([pl.coalesce(c, f"{c}__any").alias(c) for c in _DISPLAY_COLUMNS])
        .drop(
            [f"{c}__dated" for c in columns]
            + [f"{c}__every" for c in columns]
            + [f"{c}__any" for c in _DISPLAY_COLUMNS]
        )
    )
