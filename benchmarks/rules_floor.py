"""The rules floor (issue 22): the least work any reading of the caps (R5) needs.

R5 caps a director's external hours and each line's hours per fiscal year, in date order.
Whatever else a reading does, it must put each director's records in date order, keep a
running sum over the director's year and one over each line's year, and total the year:
that is this query, on the four columns it needs. `evaluate_years` (explain off) and
`load_folder` + `evaluate_years` are measured against it in the same run (section 2).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from tdceu_analysis.fiscal import fiscal_year_of
from tdceu_analysis.policy import Policy

RULES_FLOOR_NOTE = (
    "director_id, event_id, date, hours sorted by director and date; a running sum of hours "
    "over each director's year and one over each line's (director, event) year; a group-by "
    "(director, year)"
)


def rules_floor_query(records: pl.LazyFrame, policy: Policy) -> pl.LazyFrame:
    """Sorted by director and date, two running sums, a group-by: R5's least work."""
    year = ["director_id", "fiscal_year"]
    return (
        records.select("director_id", "event_id", "date", "hours")
        .with_columns(fiscal_year_of(pl.col("date"), policy).alias("fiscal_year"))
        .sort("director_id", "date")
        .with_columns(
            pl.col("hours").cum_sum().over(year).alias("director_used"),
            pl.col("hours").cum_sum().over([*year, "event_id"]).alias("line_used"),
        )
        .group_by(year)
        .agg(
            pl.col("hours").sum(),
            pl.col("director_used").max(),
            pl.col("line_used").max(),
        )
    )


def rules_floor_rows(row, section: str, size: str, result: dict[str, Any]) -> list[Any]:
    """The floor and the two ratios the issue sets goals for (`row` is run.py's)."""
    floor, floor_scan = result["rules_floor_s"], result["rules_floor_scan_s"]
    bare, load = result["evaluate_years_bare_s"], result["load_median_s"]
    return [
        row(section, "rules floor, in memory", size, floor, "s", note=RULES_FLOOR_NOTE),
        row(
            section,
            "rules floor from scan_parquet (the records file)",
            size,
            floor_scan,
            "s",
            note="the same query reading only its four columns of records.parquet",
        ),
        row(
            section,
            "ratio evaluate_years (explain off) / rules floor (same frame)",
            size,
            bare / floor,
            "x",
            ("<=", 2),
            note=f"full rules R1-R11 without the per-record sentences: {bare:.3g} s; "
            "medians, interleaved with the floor",
        ),
        row(
            section,
            "ratio load_folder + evaluate_years (explain off) / rules floor from the file",
            size,
            (load + bare) / floor_scan,
            "x",
            ("<=", 3),
            note=f"files to summaries: load_folder {load:.3g} s (median) + evaluate_years",
        ),
    ]
