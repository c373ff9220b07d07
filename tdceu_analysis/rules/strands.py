"""R6 strand coverage: spread each record's counted hours over its strands."""

from __future__ import annotations

import polars as pl

STRAND_VIEWS = ("equal_split", "full")


# R6: an hour aligned to k strands adds 1/k to each ("equal_split") or 1 to each ("full")
def strand_hours(ledger: pl.DataFrame | pl.LazyFrame, view: str = "equal_split") -> pl.LazyFrame:
    """`record_id, director_id, fiscal_year, strand, hours`: one row per record and strand."""
    if view not in STRAND_VIEWS:
        raise ValueError(f"strand view must be one of {STRAND_VIEWS}, not {view!r}")
    share = 1.0 if view == "full" else 1.0 / pl.col("strands").list.len()
    return (
        ledger.lazy()
        .filter(pl.col("hours_counted") > 0)
        .with_columns((pl.col("hours_counted") * share).alias("hours"))
        .explode("strands")
        .rename({"strands": "strand"})
        .select("record_id", "director_id", "fiscal_year", "strand", "hours")
    )
