"""01 statewide compliance: who met the year (or is on pace), where, with which hours.

Frame builders (`status_counts`, `hours_distribution`, ...) take a scoped summary
(see `scope.scoped`) and return small aggregated frames; figure functions
(`*_figure`) take an evaluation and the page's choices and return a `Figure` (frames,
title, words; `tdceu_analysis.charts` draws it). Every number of the policy that a
title, subtitle or line states comes from the evaluation's policy.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from typing import Any

import polars as pl

from tdceu_analysis.evaluate import Evaluation, YearsEvaluation
from tdceu_analysis.figures.figure import SCOPE, Figure
from tdceu_analysis.figures.html import Html, kpi_tiles
from tdceu_analysis.figures.scope import (
    ROW,
    Scoped,
    count_text,
    hours_text,
    pct,
    per_evaluation,
    scope_name,
    scope_tables,
    titles_from,
)
from tdceu_analysis.fiscal import fiscal_year, fy_label
from tdceu_analysis.policy import Policy
from tdceu_analysis.vocabulary import (
    BEHIND,
    CLOSED_STATUSES,
    OPEN_STATUSES,
    STATUS_LABELS,
    STATUS_ORDER,
)

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


def requirement_phrase(policy: Policy) -> str:
    """ "the 12-hour TD-CEU requirement (6 hours from ALET events)", from the policy."""
    total = policy.hours("annual_minimum_hours")
    alet = policy.hours("alet_minimum_hours")
    return f"the {total:g}-hour TD-CEU requirement ({alet:g} hours from ALET events)"


def page_lead(evaluation: Evaluation) -> str:
    """The statewide page's one-line summary, in the words of the policy in force."""
    return (
        f"Who met {requirement_phrase(evaluation.policy)}, who is on pace, "
        "where, and with which hours."
    )


def statuses_for(closed: bool) -> tuple[str, ...]:
    return CLOSED_STATUSES if closed else OPEN_STATUSES


def year_phrase(evaluation: Evaluation) -> str:
    label = evaluation.fiscal_year.label
    if evaluation.closed:
        return f"{label} (closed year)"
    return f"{label} as of {evaluation.as_of:%b} {evaluation.as_of.day}, {evaluation.as_of.year}"


# ---------------------------------------------------------------------------
# Frames
# ---------------------------------------------------------------------------


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
    """ "FY26" for a closed year, "FY27 to Nov 28" for one still open."""
    label = pl.format("FY{}", (fiscal_year % 100).cast(pl.String).str.zfill(2))
    return (
        pl.when(as_of >= end)
        .then(label)
        .otherwise(pl.format("{} to {}", label, as_of.dt.strftime("%b %-d")))
    )


def _year_ends(years: YearsEvaluation) -> pl.DataFrame:
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


# ---------------------------------------------------------------------------
# Titles (each chart says its takeaway)
# ---------------------------------------------------------------------------


def _are(column: str) -> pl.Expr:
    """ "1 is", "3 are"."""
    count = pl.col(column)
    return pl.format(
        "{} {}", count, pl.when(count == 1).then(pl.lit("is")).otherwise(pl.lit("are"))
    )


def status_titles(totals: pl.DataFrame, evaluation: Evaluation) -> dict[str, str]:
    label = evaluation.fiscal_year.label
    name = pl.col("scope_name")
    if evaluation.closed:
        text = pl.format(
            "{}: {} of {} directors ({}%) met {}; {} did not",
            name,
            "met",
            "directors",
            pct(pl.col("met"), pl.col("directors")),
            pl.lit(label),
            "not_met",
        )
    else:
        good = pl.col("met") + pl.col("on_track")
        text = pl.format(
            "{}: {} of {} directors ({}%) have met {} or are on pace; {} behind",
            name,
            good,
            "directors",
            pct(good, pl.col("directors")),
            pl.lit(label),
            _are("behind"),
        )
    return titles_from(totals, text)


def hours_titles(totals: pl.DataFrame, evaluation: Evaluation) -> dict[str, str]:
    name = pl.col("scope_name")
    median = hours_text(pl.col("median_hours"))
    if evaluation.closed:
        text = pl.format(
            "{}: half the directors counted {} hours or more; {} ended under the minimum",
            name,
            median,
            "under_minimum",
        )
    else:
        text = pl.format(
            "{}: half the directors have {} hours or more so far; {} below the {}-hour pace",
            name,
            median,
            _are("behind"),
            hours_text(pl.col("pace_hours").round(1)),
        )
    return titles_from(totals, text)


def mix_titles(totals: pl.DataFrame) -> dict[str, str]:
    counted = pl.col("total_hours")
    text = pl.format(
        "{}: ALET events gave {}% of counted hours, approved external events {}%",
        pl.col("scope_name"),
        pct(pl.col("alet_hours"), counted),
        pct(pl.col("external_hours"), counted),
    )
    return titles_from(totals, text)


def pending_titles(totals: pl.DataFrame) -> dict[str, str]:
    text = (
        pl.when(pl.col("pending_hours") > 0)
        .then(
            pl.format(
                "{}: {} claimed hours of {} wait on an assignment or evidence; "
                "{} would then meet the year",
                pl.col("scope_name"),
                hours_text(pl.col("pending_hours")),
                count_text(pl.col("pending_directors"), "director", "directors"),
                pl.when(pl.col("pending_would_meet") == 0)
                .then(pl.lit("none"))
                .otherwise(pl.col("pending_would_meet").cast(pl.String)),
            )
        )
        .otherwise(pl.format("{}: no claimed hours are waiting", pl.col("scope_name")))
    )
    return titles_from(totals, text)


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def _tables(
    evaluation: Evaluation,
    name: str,
    build: Callable[[Scoped], Any],
    region: str | None,
    district: str | None,
    picker: bool,
) -> tuple[Scoped, Any]:
    """The chosen scope and `build(chosen)`, built once per evaluation for every region."""
    return scope_tables(evaluation, name, evaluation.summary, build, region, district, picker)


def headline(
    evaluation: Evaluation, region: str | None = None, district: str | None = None
) -> Html:
    """Tiles with the year's counts: directors in scope and each status."""
    chosen, totals = _tables(
        evaluation, "headline", lambda c: scope_totals(c.frame), region, district, False
    )
    row = totals.row(0, named=True) if totals.height else {"directors": 0}
    tiles: list[tuple[str, str, str | None]] = [("Directors in scope", str(row["directors"]), None)]
    for status in statuses_for(evaluation.closed):
        count = int(row.get(status, 0) or 0)
        share = f"{round(100 * count / row['directors'])}%" if row["directors"] else "–"
        tiles.append((STATUS_LABELS[status], f"{count} ({share})", status))
    pending = float(row.get("pending_hours", 0) or 0)
    tiles.append(("Pending hours", f"{pending:g}", None))
    scope = chosen.value if chosen.value != "All regions" else "Statewide"
    return kpi_tiles(tiles, caption=f"{scope}, {year_phrase(evaluation)}")


def status_figure(
    evaluation: Evaluation,
    region: str | None = None,
    district: str | None = None,
    picker: bool = False,
) -> Figure:
    statuses = statuses_for(evaluation.closed)
    chosen, (frame, titles) = _tables(
        evaluation,
        "status_figure",
        lambda c: (
            status_counts(c.frame, statuses),
            status_titles(scope_totals(c.frame), evaluation),
        ),
        region,
        district,
        picker,
    )
    policy = evaluation.policy
    subtitle = (
        f"{year_phrase(evaluation)}. Met = {policy.hours('annual_minimum_hours'):g} counted "
        f"hours including {policy.hours('alet_minimum_hours'):g} ALET hours."
        + ("" if evaluation.closed else " On track = at or above the straight-line pace.")
    )
    return Figure("status_counts", frame, chosen.title(titles), subtitle)


def _region_status_tables(
    chosen: Scoped, evaluation: Evaluation
) -> tuple[pl.DataFrame, dict[str, str]]:
    frame = status_by_row(chosen.frame, statuses_for(evaluation.closed))
    totals = scope_totals(chosen.frame)
    worst = (
        frame.filter(pl.col("order") == 1)
        .group_by(SCOPE)
        .agg(pl.col(ROW).first(), pl.col("behind_share").first())
    )
    titles = titles_from(
        totals.join(worst, on=SCOPE, how="left"),
        pl.when(pl.col("behind_share") > 0)
        .then(
            pl.format(
                "{}: {} has the largest share behind ({}%)",
                pl.col("scope_name"),
                pl.col(ROW),
                pct(pl.col("behind_share"), pl.lit(1.0)),
            )
        )
        .otherwise(pl.format("{}: no one is behind", pl.col("scope_name"))),
    )
    return frame, titles


def region_status_figure(
    evaluation: Evaluation,
    region: str | None = None,
    district: str | None = None,
    picker: bool = False,
) -> Figure:
    chosen, (frame, titles) = _tables(
        evaluation,
        "region_status_figure",
        lambda c: _region_status_tables(c, evaluation),
        region,
        district,
        picker,
    )
    return Figure(
        "status_by_region",
        frame,
        chosen.title(titles),
        f"Share of directors by status, {year_phrase(evaluation)}",
    )


def hours_figure(
    evaluation: Evaluation,
    region: str | None = None,
    district: str | None = None,
    picker: bool = False,
) -> Figure:
    top = histogram_top(evaluation.policy)
    chosen, (frame, titles) = _tables(
        evaluation,
        "hours_figure",
        lambda c: (
            hours_distribution(c.frame, top),
            hours_titles(scope_totals(c.frame), evaluation),
        ),
        region,
        district,
        picker,
    )
    required = evaluation.policy.hours("annual_minimum_hours")  # R2
    return Figure(
        "hours_distribution",
        frame,
        chosen.title(titles),
        f"Counted hours per director, {year_phrase(evaluation)}; dashed line: the "
        f"{required:g}-hour minimum (the last bar holds {top} hours and more)",
        {"required_hours": required, "top": top},
    )


def mix_figure(
    evaluation: Evaluation,
    region: str | None = None,
    district: str | None = None,
    picker: bool = False,
) -> Figure:
    chosen, (frame, titles) = _tables(
        evaluation,
        "mix_figure",
        lambda c: (category_mix(c.frame), mix_titles(scope_totals(c.frame))),
        region,
        district,
        picker,
    )
    alet = evaluation.policy.hours("alet_minimum_hours")  # R3
    external = evaluation.policy.hours("external_maximum_hours")  # R4
    return Figure(
        "alet_external_mix",
        frame,
        chosen.title(titles),
        f"Hours per director, {year_phrase(evaluation)}. At least {alet:g} must be ALET "
        f"hours; at most {external:g} external hours count. Pending: claimed, not yet counted.",
    )


def pending_figure(
    evaluation: Evaluation,
    region: str | None = None,
    district: str | None = None,
    picker: bool = False,
) -> Figure:
    chosen, (frame, titles) = _tables(
        evaluation,
        "pending_figure",
        lambda c: (pending_credits(c.frame), pending_titles(scope_totals(c.frame))),
        region,
        district,
        picker,
    )
    return Figure(
        "pending_credits",
        frame,
        chosen.title(titles),
        "External hours count once the ALET Talent course assignment is complete and, "
        "where required, evidence of attendance is uploaded",
    )


def _years_summary(years: YearsEvaluation) -> pl.DataFrame:
    """The yearly summaries with each year's label and whether it is closed."""
    return years.summary.join(_year_ends(years), on="fiscal_year").with_columns(
        year_label(pl.col("fiscal_year"), pl.col("as_of"), pl.col("year_end")).alias("year"),
        (pl.col("as_of") >= pl.col("year_end")).alias("closed"),
    )


def _years_scoped(
    years: YearsEvaluation, region: str | None, district: str | None, picker: bool
) -> Scoped:
    """The stacked yearly summaries, scoped (see `scope.scoped`)."""
    chosen, _ = _years_tables(years, "years_scoped", lambda chosen: (), region, district, picker)
    return chosen


def _years_tables(
    years: YearsEvaluation,
    name: str,
    build: Callable[[Scoped], Any],
    region: str | None,
    district: str | None,
    picker: bool,
) -> tuple[Scoped, Any]:
    """The chosen scope of the stacked years and `build(chosen)` (see `scope_tables`)."""
    summary = per_evaluation(years, "years_summary", lambda: _years_summary(years))
    if district is not None:
        # a district only exists in the years it had a director: keep those years
        summary = summary.filter(pl.col("district_code") == district)
    return scope_tables(years, name, summary, build, region, district, picker)


def _year_over_year_tables(chosen: Scoped) -> tuple[pl.DataFrame, dict[str, str]]:
    frame = year_status(chosen.frame)
    met = (
        frame.filter(pl.col("closed"))
        .group_by(SCOPE, "fiscal_year", "year")
        .agg(pl.col("share").filter(pl.col("status") == "met").sum())
        .sort("fiscal_year")
        .group_by(SCOPE, maintain_order=True)
        .agg(
            pl.col("share").last().alias("last"),
            pl.col("year").last().alias("last_year"),
            pl.col("share").reverse().get(1, null_on_oob=True).alias("before"),
            pl.col("year").reverse().get(1, null_on_oob=True).alias("before_year"),
        )
        .with_columns(scope_name(pl.col(SCOPE)).alias("scope_name"))
    )
    change = (
        pl.when(pl.col("last") > pl.col("before"))
        .then(pl.lit("up from"))
        .when(pl.col("last") < pl.col("before"))
        .then(pl.lit("down from"))
        .otherwise(pl.lit("as in"))
    )
    titles = titles_from(
        met,
        pl.when(pl.col("before").is_not_null())
        .then(
            pl.format(
                "{}: {}% met {}, {} {}% in {}",
                "scope_name",
                pct(pl.col("last"), pl.lit(1.0)),
                "last_year",
                change,
                pct(pl.col("before"), pl.lit(1.0)),
                "before_year",
            )
        )
        .otherwise(
            pl.format("{}: {}% met {}", "scope_name", pct(pl.col("last"), pl.lit(1.0)), "last_year")
        ),
    )
    return frame, titles


def year_over_year_figure(
    years: YearsEvaluation,
    region: str | None = None,
    district: str | None = None,
    picker: bool = False,
) -> Figure:
    chosen, (frame, titles) = _years_tables(
        years, "year_over_year_figure", _year_over_year_tables, region, district, picker
    )
    open_years = frame.filter(~pl.col("closed")).height > 0
    subtitle = "Share of directors in scope each fiscal year by status" + (
        "; the open year shows progress so far" if open_years else ""
    )
    return Figure("year_over_year", frame, chosen.title(titles), subtitle)


def _latest_policy(years: YearsEvaluation) -> Policy:
    """The policy in force in the latest of the years."""
    return years.policy.for_year(max(years.fys))


def _monthly_tables(years: YearsEvaluation, chosen: Scoped) -> tuple[pl.DataFrame, dict[str, str]]:
    frame = monthly_cumulative(years.ledger, chosen.frame, years.as_of, _latest_policy(years))
    latest = max(years.fys)
    compare = (
        frame.filter(pl.col("fiscal_year") == latest)
        .group_by(SCOPE)
        .agg(pl.col("month_index").max(), pl.col("hours_per_director").last().alias("now"))
        .join(
            frame.filter(pl.col("fiscal_year") == latest - 1).select(
                SCOPE, "month_index", pl.col("hours_per_director").alias("before")
            ),
            on=[SCOPE, "month_index"],
            how="left",
        )
        .with_columns(scope_name(pl.col(SCOPE)).alias("scope_name"))
    )
    this, last = fy_label(latest), fy_label(latest - 1)
    titles = titles_from(
        compare,
        pl.when(pl.col("before").is_null())
        .then(
            pl.format(
                "{}: {} hours per director so far in {}",
                pl.col("scope_name"),
                hours_text(pl.col("now")),
                pl.lit(this),
            )
        )
        .when(pl.col("now") >= pl.col("before"))
        .then(
            pl.format(
                "{}: {} is ahead of {} at the same month ({} vs {} hours per director)",
                pl.col("scope_name"),
                pl.lit(this),
                pl.lit(last),
                hours_text(pl.col("now")),
                hours_text(pl.col("before")),
            )
        )
        .otherwise(
            pl.format(
                "{}: {} is behind {} at the same month ({} vs {} hours per director)",
                pl.col("scope_name"),
                pl.lit(this),
                pl.lit(last),
                hours_text(pl.col("now")),
                hours_text(pl.col("before")),
            )
        ),
    )
    return frame, titles


def monthly_figure(
    years: YearsEvaluation,
    region: str | None = None,
    district: str | None = None,
    picker: bool = False,
    required_hours: float | None = None,
) -> Figure:
    """Counted hours per director by month, a line per year, against `required_hours`
    (default: the latest year's minimum, R2)."""
    chosen, (frame, titles) = _years_tables(
        years, "monthly_figure", lambda c: _monthly_tables(years, c), region, district, picker
    )
    policy = _latest_policy(years)
    if required_hours is None:
        required_hours = policy.hours("annual_minimum_hours")
    first = calendar.month_name[int(policy.value("fiscal_year_start_month"))]
    return Figure(
        "hours_by_month",
        frame,
        chosen.title(titles),
        f"Counted hours per director, cumulative by month of the fiscal year ({first} first); "
        f"dashed line: {required_hours:g} hours",
        {"required_hours": required_hours, "months": fiscal_months(policy)},
    )
