"""The board's one-page summary: small frames and one takeaway sentence per figure.

`board_summary(years, as_of)` takes every evaluated year and says: the last closed
year's result, the met share over the years, the open year's pace, how many are
behind and critical, the least-served strands, and the CTO Academy clocks overdue
or due soon. Every number in a sentence comes from the frames beside it, and every
policy value from the evaluation's `Policy`; nothing here draws or writes HTML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from tdceu_analysis.evaluate import Evaluation, YearsEvaluation
from tdceu_analysis.fiscal import fiscal_year
from tdceu_analysis.policy import Policy
from tdceu_analysis.rules.status import cto_academy_status
from tdceu_analysis.rules.strands import strand_hours
from tdceu_analysis.vocabulary import (
    BEHIND_PACE,
    CLOSED_STATUSES,
    OPEN_STATUSES,
    counted,
    hours_number,
)

CLOCK_STATUSES = ("overdue", "due_soon")
FIGURES = ("closed_result", "trend", "pace", "behind", "least_served", "cto_clocks")


@dataclass(frozen=True)
class BoardSummary:
    """The summary's figures as frames and one takeaway sentence per figure (`FIGURES`).

    closed_result: status, directors, share (of the last closed year; empty if none)
    trend:         fiscal_year, year, closed, directors, met, share_met (every year)
    pace:          status, directors, share (of the open year; empty if none)
    behind:        behind, critical, directors (of the open year; one row, or empty)
    least_served:  strand, strand_name, hours, directors, hours_per_director, rank
                   (1 = least served; of `strands_year`)
    cto_clocks:    director_id, name, district_name, region, role_start, deadline,
                   status, months_left (overdue or due soon at `as_of`, soonest first)
    """

    as_of: dt.date
    closed_year: int | None
    open_year: int | None
    strands_year: int | None
    closed_result: pl.DataFrame
    trend: pl.DataFrame
    pace: pl.DataFrame
    behind: pl.DataFrame
    least_served: pl.DataFrame
    cto_clocks: pl.DataFrame
    sentences: dict[str, str] = field(default_factory=dict)


def _percent(part: int, whole: int) -> int:
    return round(part * 100 / whole) if whole else 0


def _date(day: dt.date) -> str:
    """One date style on every page: the facts' YYYY-MM-DD."""
    return day.isoformat()


def status_counts(summary: pl.DataFrame, statuses: tuple[str, ...]) -> pl.DataFrame:
    """Directors per status, zeros included, in `statuses` order: status, directors, share."""
    order = pl.DataFrame({"status": list(statuses)}, schema={"status": pl.String})
    order = order.with_row_index("order")
    counts = summary.group_by("status").agg(pl.len().cast(pl.Int64).alias("directors"))
    total = summary.height
    return (
        order.join(counts, on="status", how="left")
        .with_columns(pl.col("directors").fill_null(0))
        .with_columns((pl.col("directors") / max(total, 1)).alias("share"))
        .sort("order")
        .select("status", "directors", "share")
    )


def met_trend(years: YearsEvaluation) -> pl.DataFrame:
    """Directors in scope and met per year: fiscal_year, year, closed, directors, met,
    share_met (an open year's met so far)."""
    closed = pl.DataFrame(
        {
            "fiscal_year": list(years.fys),
            "closed": [years.year(fy).closed for fy in years.fys],
        },
        schema={"fiscal_year": pl.Int32, "closed": pl.Boolean},
    )
    return (
        years.summary.group_by("fiscal_year")
        .agg(
            pl.len().cast(pl.Int64).alias("directors"),
            (pl.col("status") == "met").sum().cast(pl.Int64).alias("met"),
        )
        .with_columns(pl.col("fiscal_year").cast(pl.Int32))
        .join(closed, on="fiscal_year", how="right")
        .with_columns(
            pl.col("directors", "met").fill_null(0),
            pl.format("FY{}", (pl.col("fiscal_year") % 100).cast(pl.String).str.zfill(2)).alias(
                "year"
            ),
        )
        .with_columns(
            pl.when(pl.col("directors") > 0)
            .then(pl.col("met") / pl.col("directors"))
            .otherwise(0.0)
            .alias("share_met")
        )
        .sort("fiscal_year")
        .select("fiscal_year", "year", "closed", "directors", "met", "share_met")
    )


# R6: counted strand hours per director in scope, every strand (zeros included), least first
def least_served_strands(evaluation: Evaluation) -> pl.DataFrame:
    """strand, strand_name, hours, directors, hours_per_director, rank (1 = least served;
    ties in the published order), spread by the policy's strand view."""
    names = evaluation.policy.strands
    view = str(evaluation.policy.value("strand_coverage_view"))
    directors = evaluation.summary.height
    in_scope = evaluation.summary.select("director_id")
    hours = (
        strand_hours(evaluation.ledger, view)
        .join(in_scope.lazy(), on="director_id", how="semi")
        .group_by("strand")
        .agg(pl.col("hours").sum().round(9))
        .collect()
    )
    return (
        pl.DataFrame({"strand": list(names), "strand_name": list(names.values())})
        .with_row_index("strand_index")
        .join(hours, on="strand", how="left")
        .with_columns(
            pl.col("hours").fill_null(0.0),
            pl.lit(directors, dtype=pl.Int64).alias("directors"),
        )
        .with_columns(
            (pl.col("hours") / max(directors, 1)).alias("hours_per_director"),
        )
        .with_columns(
            pl.struct("hours_per_director", "strand_index")
            .rank("ordinal")
            .cast(pl.Int64)
            .alias("rank")
        )
        .sort("rank")
        .select("strand", "strand_name", "hours", "directors", "hours_per_director", "rank")
    )


# R10: the CTO Academy clocks at `as_of` of the directors still in the role, overdue or due soon
def cto_clocks_due(evaluation: Evaluation, as_of: dt.date) -> pl.DataFrame:
    """director_id, name, district_name, region, role_start, deadline, status, months_left
    (months from `as_of` to the deadline, rounded up as R10 counts them; negative when
    overdue), soonest first."""
    from tdceu_analysis.figures.at_risk import cto_months_left  # one rounding

    months_left = cto_months_left(pl.col("deadline"), as_of)
    in_role = pl.col("role_end").is_null() | (pl.col("role_end") >= pl.lit(as_of))
    return (
        evaluation.summary.filter(in_role)
        .with_columns(cto_academy_status(evaluation.policy, as_of).alias("status"))
        .filter(pl.col("status").is_in(list(CLOCK_STATUSES)))
        .rename({"cto_academy_deadline": "deadline"})
        .with_columns(months_left.cast(pl.Int64).alias("months_left"))
        .sort("deadline", "director_id")
        .select(
            "director_id",
            "name",
            "district_name",
            "region",
            "role_start",
            "deadline",
            "status",
            "months_left",
        )
    )


def _last(fys: list[int]) -> int | None:
    return max(fys) if fys else None


def board_summary(years: YearsEvaluation, as_of: dt.date, shown: int = 3) -> BoardSummary:
    """The one-page summary of `years` at `as_of`: the last closed year, the open year (the
    one `as_of` falls in), their figures and a takeaway sentence each. `shown`: how many
    least-served strands the sentence names."""
    closed_years = [fy for fy in years.fys if years.year(fy).closed]
    open_years = [
        fy
        for fy in years.fys
        if not years.year(fy).closed and fiscal_year(fy, years.policy.for_year(fy)).start <= as_of
    ]
    closed_fy, open_fy = _last(closed_years), _last(open_years)
    closed = years.year(closed_fy) if closed_fy is not None else None
    current = years.year(open_fy) if open_fy is not None else None
    # the least-served strands of the last whole year; before one closes, of the open year
    strands_of = closed or current
    latest = current or closed

    empty_counts = status_counts(pl.DataFrame({"status": []}, schema={"status": pl.String}), ())
    closed_result = status_counts(closed.summary, CLOSED_STATUSES) if closed else empty_counts
    pace = status_counts(current.summary, OPEN_STATUSES) if current else empty_counts
    behind = (
        current.summary.select(
            pl.col("status").is_in(list(BEHIND_PACE)).sum().cast(pl.Int64).alias("behind"),
            (pl.col("status") == "critical").sum().cast(pl.Int64).alias("critical"),
            pl.len().cast(pl.Int64).alias("directors"),
        )
        if current
        else pl.DataFrame(schema={"behind": pl.Int64, "critical": pl.Int64, "directors": pl.Int64})
    )
    least = least_served_strands(strands_of) if strands_of else pl.DataFrame()
    clocks = cto_clocks_due(latest, as_of) if latest else pl.DataFrame()
    trend = met_trend(years)

    summary = BoardSummary(
        as_of=as_of,
        closed_year=closed_fy,
        open_year=open_fy,
        strands_year=strands_of.fy if strands_of else None,
        closed_result=closed_result,
        trend=trend,
        pace=pace,
        behind=behind,
        least_served=least,
        cto_clocks=clocks,
    )
    label = {fy: years.year(fy).fiscal_year.label for fy in years.fys}
    sentences = {
        "closed_result": closed_sentence(
            label.get(closed_fy), closed_result, closed.policy if closed else years.policy
        ),
        "trend": trend_sentence(trend),
        "pace": pace_sentence(
            label.get(open_fy),
            pace,
            current.as_of if current else as_of,
            int(current.summary["days_left"].max() or 0) if current else 0,
            as_of,
        ),
        "behind": behind_sentence(
            label.get(open_fy), behind, current.policy if current else years.policy
        ),
        "least_served": least_sentence(
            strands_of.fiscal_year.label if strands_of else None,
            least,
            strands_of.summary.height if strands_of else 0,
            shown,
        ),
        "cto_clocks": clock_sentence(clocks, as_of, latest.policy if latest else None),
    }
    return BoardSummary(**{**summary.__dict__, "sentences": sentences})


def _by_status(counts: pl.DataFrame) -> dict[str, int]:
    return dict(zip(counts["status"].to_list(), counts["directors"].to_list(), strict=True))


def _verb(count: int, one: str, many: str) -> str:
    """The verb after a count: "1 is", "3 are"."""
    return one if count == 1 else many


def _requirement(policy: Policy) -> str:
    return (
        f"the {hours_number(policy.hours('annual_minimum_hours'))}-hour requirement "
        f"({hours_number(policy.hours('alet_minimum_hours'))} from ALET events)"
    )


def closed_sentence(label: str | None, counts: pl.DataFrame, policy: Policy) -> str:
    """The last closed year's result (`counts`: `status_counts` of `CLOSED_STATUSES`)."""
    if label is None:
        return "No fiscal year has closed yet, so no year's result is final."
    by = _by_status(counts)
    total = sum(by.values())
    if total == 0:
        return f"{label} closed with no director in scope."
    met, not_met = by["met"], by["not_met"]
    return (
        f"In {label} (closed), {met} of {counted(total, 'director', 'directors')} "
        f"({_percent(met, total)}%) met {_requirement(policy)}; {not_met} did not."
    )


def trend_sentence(trend: pl.DataFrame) -> str:
    """The met share of the last two closed years (`trend`: `met_trend`)."""
    closed = trend.filter(pl.col("closed") & (pl.col("directors") > 0))
    if closed.height == 0:
        return "No year has closed yet, so there is no trend to show."
    shares = [_percent(met, n) for met, n in zip(closed["met"], closed["directors"], strict=True)]
    labels = closed["year"].to_list()
    if closed.height == 1:
        return f"{labels[0]} is the only closed year so far: {shares[0]}% of directors met."
    before, after = shares[-2], shares[-1]
    if after == before:
        change = f"held at {after}%"
    else:
        verb = "rose" if after > before else "fell"
        change = f"{verb} from {before}% in {labels[-2]} to {after}%"
    return f"The share of directors who met {change} in {labels[-1]}."


def pace_sentence(
    label: str | None, counts: pl.DataFrame, year_as_of: dt.date, days_left: int, as_of: dt.date
) -> str:
    """The open year's pace (`counts`: `status_counts` of `OPEN_STATUSES`)."""
    if label is None:
        return f"No fiscal year is open on {_date(as_of)}."
    by = _by_status(counts)
    total = sum(by.values())
    if total == 0:
        return f"In {label} as of {_date(year_as_of)} no director is in scope."
    met, on_pace = by["met"], by["on_track"]
    behind = by["at_risk"] + by["critical"]
    # "1 of 4 directors has": the verb agrees with the count, not with "directors"
    return (
        f"In {label} as of {_date(year_as_of)}, {met} of "
        f"{counted(total, 'director', 'directors')} {_verb(met, 'has', 'have')} already met, "
        f"{on_pace} {_verb(on_pace, 'is', 'are')} on pace and {behind} "
        f"{_verb(behind, 'is', 'are')} behind it, with {counted(days_left, 'day', 'days')} left."
    )


def behind_sentence(label: str | None, behind: pl.DataFrame, policy: Policy) -> str:
    """How many directors of the open year are behind the pace, and critical
    (`behind`: one row of behind, critical, directors)."""
    if label is None or behind.height == 0:
        return "No year is open, so no director is behind the pace."
    row = behind.row(0, named=True)
    # R11: critical is the policy's hours still needed with its days or fewer left
    critical_rule = (
        f"{hours_number(policy.hours('critical_hours_needed'))} or more hours still needed with "
        f"{counted(int(policy.value('critical_days_left')), 'day', 'days')} or fewer left"
    )
    if row["behind"] == 0:
        return f"No director is behind the pace in {label}."
    lead = f"{counted(row['behind'], 'director is', 'directors are')} behind the pace in {label}"
    if row["behind"] == 1:
        state = "critical" if row["critical"] else "not critical"
        return f"{lead}, and is {state} ({critical_rule})."
    return (
        f"{lead}; {row['critical']} of them {_verb(row['critical'], 'is', 'are')} critical "
        f"({critical_rule})."
    )


def least_sentence(label: str | None, least: pl.DataFrame, in_scope: int, shown: int) -> str:
    """The `shown` least-served strands (`least`: `least_served_strands`); `in_scope`: the
    year's directors in scope."""
    if label is None or least.height == 0:
        return "No year has counted hours to spread over the strands."
    if in_scope == 0:
        return f"No director was in scope in {label}."
    named = least.head(shown)
    parts = [
        f"{name} ({hours_number(hours)} h)"
        for name, hours in zip(named["strand_name"], named["hours_per_director"], strict=True)
    ]
    if len(parts) == 1:
        return (
            f"The least-served strand in {label} was {parts[0]}: "
            "counted hours per director in scope."
        )
    listed = ", ".join(parts[:-1]) + " and " + parts[-1]
    return (
        f"The least-served strands in {label} were {listed}: counted hours per director in scope."
    )


def clock_sentence(clocks: pl.DataFrame, as_of: dt.date, policy: Policy | None) -> str:
    """The CTO Academy clocks overdue or due soon at `as_of` (`clocks`: `cto_clocks_due`);
    `policy`: the latest year's (None when no year is evaluated)."""
    if policy is None:
        return "No director is on a CTO Academy clock."
    window = counted(int(policy.value("cto_academy_window_months")), "month", "months")
    soon = counted(int(policy.value("cto_academy_due_soon_months")), "month", "months")
    # R10: the rule the clocks run on, said beside them
    rule = f"new directors finish the CTO Academy within {window} of starting"
    if clocks.height == 0:
        return f"On {_date(as_of)} no CTO Academy clock is overdue or due within {soon} ({rule})."
    overdue = clocks.filter(pl.col("status") == "overdue").height
    due_soon = clocks.height - overdue
    return (
        f"On {_date(as_of)}, {counted(overdue, 'CTO Academy clock is', 'CTO Academy clocks are')} "
        f"overdue and {due_soon} {_verb(due_soon, 'is', 'are')} due within {soon} ({rule})."
    )


__all__ = [
    "FIGURES",
    "BoardSummary",
    "behind_sentence",
    "board_summary",
    "clock_sentence",
    "closed_sentence",
    "cto_clocks_due",
    "least_sentence",
    "least_served_strands",
    "met_trend",
    "pace_sentence",
    "status_counts",
    "trend_sentence",
]
