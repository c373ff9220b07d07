"""01 statewide compliance, the frames: small aggregated tables of a scoped summary
(see `scope.scoped`), one builder per chart, and the constants they share.

Each builder takes the rows of one or more scopes (a `scope` column) and keeps them
apart, so one call serves every scope of a picker. Policy values come from the
`Policy` passed in (the evaluation's).
"""

from __future__ import annotations

import calendar
import datetime as dt

import polars as pl

from tdceu_analysis.evaluate import YearsEvaluation
from tdceu_analysis.figures.figure import SCOPE
from tdceu_analysis.figures.scope import ROW, scope_name
from tdceu_analysis.fiscal import fiscal_year
from tdceu_analysis.policy import Policy
from tdceu_analysis.vocabulary import BEHIND, STATUS_ORDER

CATEGORIES = ("ALET", "External", "Pending")  # the kinds of hours of `category_mix`
MONTHS_IN_YEAR = len(calendar.month_abbr) - 1


def histogram_top(policy: Policy) -> int:
    """The last 1-hour bin of the hours histogram (holding everyone from there up): twice
    the year's minimum (R2), so the minimum's line sits mid-chart."""
    return int(2 * policy.hours("annual_minimum_hours"))


def fiscal_months(policy: Policy) -> tuple[str, ...]:
    """Month abbreviations in fiscal order, from the policy's first month (R1)."""
    first = int(policy.value("fiscal_year_start_month"))
    names = calendar.month_abbr[1:]
    return tuple(names[(first - 1 + i) % MONTHS_IN_YEAR] for i in range(MONTHS_IN_YEAR))


def status_counts(
    frame: pl.DataFrame, statuses: tuple[str, ...], by: tuple[str, ...] = (SCOPE,)
) -> pl.DataFrame:
    """Directors per status in each group of `by`, zeros included: [*by], status,
    directors, share (of the group)."""
    groups = frame.select(by).unique()
    grid = groups.join(pl.DataFrame({"status": list(statuses)}), how="cross")
    counts = frame.group_by([*by, "status"]).agg(pl.len().cast(pl.Int64).alias("directors"))
    return (
        grid.join(counts, on=[*by, "status"], how="left")
        .with_columns(pl.col("directors").fill_null(0))
        .with_columns((pl.col("directors") / pl.col("directors").sum().over(by)).alias("share"))
        .with_columns(pl.col("share").fill_nan(0.0))
        .sort([*by, pl.col("status").replace_strict({s: i for i, s in enumerate(statuses)})])
    )


def scope_totals(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per scope: directors, per-status counts, hours and pace, for titles and tiles."""

    def count(*statuses: str) -> pl.Expr:
        return pl.col("status").is_in(list(statuses)).sum().cast(pl.Int64)

    return (
        frame.group_by(SCOPE, maintain_order=True)
        .agg(
            pl.len().cast(pl.Int64).alias("directors"),
            *[count(status).alias(status) for status in STATUS_ORDER],
            count(*BEHIND).alias("behind"),
            pl.col("total_hours").median().alias("median_hours"),
            (pl.col("total_hours") < pl.col("required_hours")).sum().alias("under_minimum"),
            pl.col("total_hours").sum().alias("total_hours"),
            pl.col("alet_hours").sum().alias("alet_hours"),
            pl.col("external_hours").sum().alias("external_hours"),
            pl.col("pending_hours").sum().alias("pending_hours"),
            (pl.col("pending_hours") > 0).sum().alias("pending_directors"),
            (
                (pl.col("pending_hours") > 0)
                & (pl.col("hours_needed") > 0)
                & (pl.col("pending_hours") >= pl.col("hours_needed"))
            )
            .sum()
            .alias("pending_would_meet"),
            pl.col("pace_hours").max().alias("pace_hours"),
        )
        .with_columns(scope_name(pl.col(SCOPE)).alias("scope_name"))
    )


def hours_distribution(frame: pl.DataFrame, top: int | None = None) -> pl.DataFrame:
    """Directors per 1-hour bin of counted hours, by status: scope, hours_bin, status,
    directors. The last bin, `top`, holds everyone above it (default: twice the largest
    hours required of a director in `frame`, as `histogram_top`)."""
    if top is None:
        top = int(2 * (frame.get_column("required_hours").max() or 0)) if frame.height else 0
    return (
        frame.with_columns(
            pl.col("total_hours").floor().clip(0, top).cast(pl.Int64).alias("hours_bin")
        )
        .group_by(SCOPE, "hours_bin", "status")
        .agg(pl.len().cast(pl.Int64).alias("directors"))
        .sort(SCOPE, "hours_bin", "status")
    )


def row_order(frame: pl.DataFrame, value: pl.Expr, descending: bool = True) -> pl.DataFrame:
    """Adds `order` (1 = first row shown) inside each scope, by `value` then row name."""
    keys = frame.group_by(SCOPE, ROW).agg(value.alias("_key"))
    ranked = keys.sort([SCOPE, "_key", ROW], descending=[False, descending, False]).with_columns(
        pl.int_range(1, pl.len() + 1).over(SCOPE).alias("order")
    )
    return frame.join(ranked.select(SCOPE, ROW, "order"), on=[SCOPE, ROW], how="left")


def status_by_row(frame: pl.DataFrame, statuses: tuple[str, ...]) -> pl.DataFrame:
    """Share of each row's directors by status: scope, row, status, directors, share,
    behind_share, order (rows with the largest share behind first)."""
    counts = status_counts(frame, statuses, by=(SCOPE, ROW))
    behind = (
        pl.when(pl.col("status").is_in(list(BEHIND))).then(pl.col("share")).otherwise(0.0)
    ).sum()
    with_behind = counts.with_columns(behind.over(SCOPE, ROW).alias("behind_share"))
    return row_order(with_behind, pl.col("behind_share").first())


def category_mix(frame: pl.DataFrame) -> pl.DataFrame:
    """Counted ALET, external and pending hours per director of each row:
    scope, row, category, hours, directors, hours_per_director, order."""
    per_row = frame.group_by(SCOPE, ROW).agg(
        pl.len().cast(pl.Int64).alias("directors"),
        pl.col("alet_hours").sum().alias("ALET"),
        pl.col("external_hours").sum().alias("External"),
        pl.col("pending_hours").sum().alias("Pending"),
    )
    long = per_row.unpivot(
        index=[SCOPE, ROW, "directors"],
        on=list(CATEGORIES),
        variable_name="category",
        value_name="hours",
    ).with_columns((pl.col("hours") / pl.col("directors")).alias("hours_per_director"))
    counted = pl.when(pl.col("category") != "Pending").then(pl.col("hours_per_director"))
    return row_order(long, counted.sum()).sort(SCOPE, "order", "category")


def pending_credits(frame: pl.DataFrame) -> pl.DataFrame:
    """Claimed hours waiting on an ALET Talent assignment or on evidence, by row:
    scope, row, waiting_on, hours, directors, order."""
    long = (
        frame.unpivot(
            index=[SCOPE, ROW],
            on=["pending_assignment_hours", "pending_evidence_hours"],
            variable_name="waiting_on",
            value_name="hours",
        )
        .filter(pl.col("hours") > 0)
        .with_columns(
            pl.col("waiting_on").replace_strict(
                {
                    "pending_assignment_hours": "ALET Talent assignment",
                    "pending_evidence_hours": "Evidence of attendance",
                }
            )
        )
        .group_by(SCOPE, ROW, "waiting_on")
        .agg(pl.col("hours").sum(), pl.len().cast(pl.Int64).alias("directors"))
    )
    return row_order(long, pl.col("hours").sum()).sort(SCOPE, "order", "waiting_on")


def year_label(fiscal_year: pl.Expr, as_of: pl.Expr, end: pl.Expr) -> pl.Expr:
    """ "FY26" for a closed year, "FY27 to 2026-11-28" for one still open."""
    label = pl.format("FY{}", (fiscal_year % 100).cast(pl.String).str.zfill(2))
    return (
        pl.when(as_of >= end)
        .then(label)
        .otherwise(pl.format("{} to {}", label, as_of.dt.strftime("%Y-%m-%d")))
    )


def year_ends(years: YearsEvaluation) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "fiscal_year": list(years.fys),
            "year_end": [fiscal_year(fy, years.policy.for_year(fy)).end for fy in years.fys],
        },
        schema={"fiscal_year": pl.Int32, "year_end": pl.Date},
    )


def year_status(frame: pl.DataFrame) -> pl.DataFrame:
    """Directors by status in each fiscal year: scope, fiscal_year, year, closed, status,
    directors, share. `frame`: a scoped stack of yearly summaries."""
    counts = status_counts(frame, STATUS_ORDER, by=(SCOPE, "fiscal_year"))
    labels = frame.select("fiscal_year", "year", "closed").unique()
    present = frame.select(SCOPE, "fiscal_year", "status").unique()
    return (
        counts.join(labels, on="fiscal_year")
        .join(present, on=[SCOPE, "fiscal_year", "status"], how="semi")
        .sort(SCOPE, "fiscal_year")
    )


def monthly_cumulative(
    ledger: pl.DataFrame,
    summary: pl.DataFrame,
    as_of: dict[int, dt.date],
    policy: Policy,
) -> pl.DataFrame:
    """Counted hours per director, cumulative by fiscal month, for each year:
    scope, fiscal_year, year, month, month_index, hours_per_director.

    `summary` is scoped (scope, director_id, fiscal_year); months after a year's
    as-of date are left out. Months start at the policy's first month of the fiscal
    year (R1), in `policy` (the evaluation's, of the latest year).
    """
    first = int(policy.value("fiscal_year_start_month"))
    months = pl.DataFrame({"month": list(fiscal_months(policy))}).with_row_index(
        "month_index", offset=1
    )
    directors = summary.group_by(SCOPE, "fiscal_year", "year").agg(
        pl.len().cast(pl.Int64).alias("directors")
    )
    last_month = pl.DataFrame(
        {
            "fiscal_year": list(as_of),
            "last_index": [(day.month - first) % MONTHS_IN_YEAR + 1 for day in as_of.values()],
        },
        schema={"fiscal_year": pl.Int32, "last_index": pl.UInt32},
    )
    hours = (
        ledger.filter(pl.col("hours_counted") > 0)
        .join(
            summary.select(SCOPE, "director_id", "fiscal_year"), on=["director_id", "fiscal_year"]
        )
        .with_columns(
            ((pl.col("date").dt.month() - first) % MONTHS_IN_YEAR + 1)
            .cast(pl.UInt32)
            .alias("month_index")
        )
        .group_by(SCOPE, "fiscal_year", "month_index")
        .agg(pl.col("hours_counted").sum().alias("hours"))
    )
    return (
        directors.join(months, how="cross")
        .join(last_month, on="fiscal_year")
        .filter(pl.col("month_index") <= pl.col("last_index"))
        .join(hours, on=[SCOPE, "fiscal_year", "month_index"], how="left")
        .with_columns(pl.col("hours").fill_null(0.0))
        .sort(SCOPE, "fiscal_year", "month_index")
        .with_columns(
            (pl.col("hours").cum_sum().over(SCOPE, "fiscal_year") / pl.col("directors")).alias(
                "hours_per_director"
            )
        )
        .select(SCOPE, "fiscal_year", "year", "month", "month_index", "hours_per_director")
    )
