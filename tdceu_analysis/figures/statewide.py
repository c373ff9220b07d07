"""01 statewide compliance: who met the year (or is on pace), where, with which hours.

Figure functions (`*_figure`) take an evaluation and the page's choices and return a
`Figure` (frames, title, words; `tdceu_analysis.charts` draws it). The frames are built
in `statewide_frames`, the titles in `statewide_titles` (both re-exported here). Every
number of the policy that a title, subtitle or line states comes from the evaluation's
policy.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from typing import Any

import polars as pl

from tdceu_analysis.evaluate import Evaluation, YearsEvaluation
from tdceu_analysis.figures.figure import PICKER_PREFIX, SCOPE, Figure
from tdceu_analysis.figures.html import Html, esc, kpi_tiles
from tdceu_analysis.figures.scope import (
    ALL_REGIONS,
    ROW,
    PageScope,
    Scoped,
    pct,
    per_evaluation,
    scope_name,
    scope_tables,
    titles_from,
)
from tdceu_analysis.figures.statewide_frames import (
    category_mix,
    fiscal_months,
    histogram_top,
    hours_distribution,
    monthly_cumulative,
    pending_credits,
    scope_totals,
    status_by_row,
    status_counts,
    year_ends,
    year_label,
    year_status,
)
from tdceu_analysis.figures.statewide_titles import (
    hours_titles,
    mix_titles,
    monthly_titles,
    pending_titles,
    status_titles,
    year_over_year_titles,
)
from tdceu_analysis.fiscal import fy_label
from tdceu_analysis.policy import Policy
from tdceu_analysis.vocabulary import CLOSED_STATUSES, OPEN_STATUSES, STATUS_LABELS


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
    return f"{label} as of {evaluation.as_of.isoformat()}"  # one date style: YYYY-MM-DD


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def headline(page: PageScope) -> Html:
    """Tiles with the year's counts: directors in scope and each status. With a picker
    (the exported page) the tiles of every region are there and follow the region box,
    so the tiles above a chart say the same scope as the chart."""
    evaluation = page.evaluation
    chosen, totals = page.tables("headline", lambda c: scope_totals(c.frame))
    follow = page.picker and len(chosen.options) > 1
    scopes = chosen.options if follow else (chosen.value,)
    pieces = [_headline_tiles(evaluation, totals, scope) for scope in scopes]
    if not follow:
        return pieces[0]
    name = f"{PICKER_PREFIX}region"
    markup = "".join(
        f'<div data-tdceu-picker="{esc(name)}" data-tdceu-scope="{esc(scope)}"'
        f"{'' if scope == chosen.value else ' hidden'}>{piece.markup}</div>"
        for scope, piece in zip(scopes, pieces, strict=True)
    )
    return Html(markup, pieces[scopes.index(chosen.value)].text)


def _headline_tiles(evaluation: Evaluation, totals: pl.DataFrame, scope: str) -> Html:
    """The tiles of one scope (a region, or all regions)."""
    rows = totals.filter(pl.col(SCOPE) == scope) if SCOPE in totals.columns else totals
    row = rows.row(0, named=True) if rows.height else {"directors": 0}
    tiles: list[tuple[str, str, str | None]] = [("Directors in scope", str(row["directors"]), None)]
    for status in statuses_for(evaluation.closed):
        count = int(row.get(status, 0) or 0)
        share = f"{round(100 * count / row['directors'])}%" if row["directors"] else "–"
        tiles.append((STATUS_LABELS[status], f"{count} ({share})", status))
    pending = float(row.get("pending_hours", 0) or 0)
    tiles.append(("Pending hours", f"{pending:g}", None))
    name = scope if scope != ALL_REGIONS else "Statewide"
    return kpi_tiles(tiles, caption=f"{name}, {year_phrase(evaluation)}")


def status_figure(page: PageScope) -> Figure:
    evaluation = page.evaluation
    statuses = statuses_for(evaluation.closed)
    policy = evaluation.policy
    return page.figure(
        "status_counts",
        lambda c: (
            status_counts(c.frame, statuses),
            status_titles(scope_totals(c.frame), evaluation),
        ),
        f"{year_phrase(evaluation)}. Met = {policy.hours('annual_minimum_hours'):g} counted "
        f"hours including at least {policy.hours('alet_minimum_hours'):g} ALET hours."
        + ("" if evaluation.closed else " On track = at or above the straight-line pace."),
    )


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


def region_status_figure(page: PageScope) -> Figure:
    evaluation = page.evaluation
    return page.figure(
        "status_by_region",
        lambda c: _region_status_tables(c, evaluation),
        f"Share of directors by status, {year_phrase(evaluation)}",
    )


def hours_figure(page: PageScope) -> Figure:
    evaluation = page.evaluation
    top = histogram_top(evaluation.policy)
    required = evaluation.policy.hours("annual_minimum_hours")  # R2
    return page.figure(
        "hours_distribution",
        lambda c: (
            hours_distribution(c.frame, top),
            hours_titles(scope_totals(c.frame), evaluation),
        ),
        f"Counted hours per director, {year_phrase(evaluation)}; dashed line: the "
        f"{required:g}-hour minimum (the last bar holds {top} hours and more)",
        {"required_hours": required, "top": top},
    )


def mix_figure(page: PageScope) -> Figure:
    evaluation = page.evaluation
    alet = evaluation.policy.hours("alet_minimum_hours")  # R3
    external = evaluation.policy.hours("external_maximum_hours")  # R4
    return page.figure(
        "alet_external_mix",
        lambda c: (category_mix(c.frame), mix_titles(scope_totals(c.frame), evaluation.closed)),
        f"Hours per director, {year_phrase(evaluation)}. At least {alet:g} must be ALET "
        f"hours; at most {external:g} external hours count. Pending: claimed, not yet counted.",
    )


def pending_figure(page: PageScope) -> Figure:
    closed = page.evaluation.closed
    return page.figure(
        "pending_credits",
        lambda c: (pending_credits(c.frame), pending_titles(scope_totals(c.frame), closed)),
        "External hours count once the ALET Talent course assignment is complete and, "
        "where required, evidence of attendance is uploaded",
    )


def _years_summary(years: YearsEvaluation) -> pl.DataFrame:
    """The yearly summaries with each year's label and whether it is closed."""
    return years.summary.join(year_ends(years), on="fiscal_year").with_columns(
        year_label(pl.col("fiscal_year"), pl.col("as_of"), pl.col("year_end")).alias("year"),
        (pl.col("as_of") >= pl.col("year_end")).alias("closed"),
    )


def _years_tables(page: PageScope, name: str, build: Callable[[Scoped], Any]) -> tuple[Scoped, Any]:
    """The chosen scope of the stacked years and `build(chosen)` (see `scope_tables`)."""
    years = page.every_year()
    # (a district's scope holds only its rows: the years it had a director)
    summary = per_evaluation(years, "years_summary", lambda: _years_summary(years))
    return scope_tables(years, name, summary, build, page.region, page.district, page.picker)


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
    return frame, year_over_year_titles(met)


def year_over_year_figure(page: PageScope) -> Figure:
    chosen, (frame, titles) = _years_tables(page, "year_over_year", _year_over_year_tables)
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
    closed = years.year(latest).closed
    return frame, monthly_titles(compare, fy_label(latest), fy_label(latest - 1), closed)


def monthly_figure(page: PageScope, required_hours: float | None = None) -> Figure:
    """Counted hours per director by month, a line per year, against `required_hours`
    (default: the latest year's minimum, R2)."""
    years = page.every_year()
    chosen, (frame, titles) = _years_tables(page, "monthly", lambda c: _monthly_tables(years, c))
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
