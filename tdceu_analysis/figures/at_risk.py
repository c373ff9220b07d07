"""03 at risk: who to call first, where the directors behind are, and the CTO Academy
clocks of new directors (R10).

`at_risk_table(evaluation)` is the frame behind the page's list and the
`tdceu report at-risk` export. In an open year it lists the directors who are
`critical`, `at_risk` or `on_track` (not yet met); in a closed year those who
did `not_met`. Each row carries a short plain-English reason staff can read out
on the phone. The figures (`behind_figure`, `cto_clock_figure`) take the page's
`PageScope`.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from tdceu_analysis.evaluate import Evaluation
from tdceu_analysis.figures.figure import SCOPE, Figure
from tdceu_analysis.figures.scope import (
    ROW,
    PageScope,
    Scoped,
    per_evaluation,
    scope_name,
    titles_from,
)
from tdceu_analysis.figures.statewide import year_phrase
from tdceu_analysis.figures.statewide_frames import MONTHS_IN_YEAR, row_order
from tdceu_analysis.vocabulary import (
    BEHIND,
    URGENCY,
    count_text,
    cto_labels,
    hours_count,
    hours_text,
)

AT_RISK_COLUMNS = (
    "director_id",
    "name",
    "district_code",
    "district_name",
    "region",
    "status",
    "hours_needed",
    "days_left",
    "alet_hours_needed",
    "external_budget_left",
    "pending_assignment_hours",
    "pending_evidence_hours",
    "cto_academy_status",
    "cto_academy_deadline",
    "reason",
)


def _part(condition: pl.Expr, text: pl.Expr) -> pl.Expr:
    return pl.when(condition).then(text).otherwise(None)


def at_risk_reason() -> pl.Expr:
    """'needs 4.5 more hours, 3 of them from ALET events; 3 external hours wait for evidence; ...'

    The ALET share is what must come from ALET events: the ALET hours still
    needed, or more when the external budget left cannot cover the rest.
    """
    needed = pl.col("hours_needed")
    alet = pl.max_horizontal(
        pl.col("alet_hours_needed"), needed - pl.col("external_budget_left"), pl.lit(0.0)
    )
    need = pl.concat_str(
        pl.lit("needs "),
        hours_count(needed, " more hour", " more hours"),
        pl.when(alet >= needed)
        .then(pl.lit(", all from ALET events"))
        .when(alet > 0)
        .then(pl.format(", {} of them from ALET events", hours_text(alet)))
        .otherwise(pl.lit("")),
    )
    evidence = pl.col("pending_evidence_hours")
    assignment = pl.col("pending_assignment_hours")
    deadline = pl.col("cto_academy_deadline").dt.to_string("%Y-%m-%d")
    cto = pl.col("cto_academy_status")
    parts = [
        need,
        _part(
            evidence > 0,
            pl.concat_str(
                hours_count(evidence, " external hour waits", " external hours wait"),
                pl.lit(" for evidence"),
            ),
        ),
        _part(
            assignment > 0,
            pl.concat_str(
                hours_count(assignment, " external hour waits", " external hours wait"),
                pl.lit(" for the ALET Talent assignment"),
            ),
        ),
        _part(cto == "due_soon", pl.format("CTO Academy due {}", deadline)),
        _part(cto == "overdue", pl.format("CTO Academy overdue since {}", deadline)),
        _part(pl.col("started_mid_year"), pl.format("started {}", pl.col("role_start"))),
        _part(pl.col("role_end").is_not_null(), pl.format("left the role {}", pl.col("role_end"))),
    ]
    return pl.concat_str(parts, separator="; ", ignore_nulls=True)


def at_risk_table(evaluation: Evaluation) -> pl.DataFrame:
    """Directors not yet met (closed year: not met), most urgent first, with a reason each.

    Order: status (critical, at_risk, on_track / not_met), then hours needed
    (most first), days left (fewest first), ALET hours needed (most first), CTO
    Academy deadline (soonest first), name. Built once per evaluation (every pick of
    the at-risk and director pages reads it).
    """
    return per_evaluation(evaluation, "at_risk_table", lambda: _at_risk_table(evaluation))


def _at_risk_table(evaluation: Evaluation) -> pl.DataFrame:
    rank = {status: index for index, status in enumerate(URGENCY)}
    # who left the role by the as-of date: listed after those who can still act (their
    # status stands, no pro-rating, but a call changes nothing)
    left = pl.col("role_end").is_not_null() & (pl.col("role_end") < pl.lit(evaluation.as_of))
    return (
        evaluation.summary.filter(pl.col("status").is_in(list(URGENCY)))
        .with_columns(
            at_risk_reason().alias("reason"),
            pl.when(left).then(pl.col("role_end")).alias("left_on"),
        )
        .sort(
            pl.col("left_on").is_not_null(),
            pl.col("status").replace_strict(rank, return_dtype=pl.Int8),
            "hours_needed",
            "days_left",
            "alet_hours_needed",
            "cto_academy_deadline",
            "name",
            "director_id",
            descending=[False, False, True, False, True, False, False, False],
            nulls_last=True,
        )
        .select(*AT_RISK_COLUMNS, "left_on")
    )


# ---------------------------------------------------------------------------
# Where the directors behind are; the CTO Academy clocks
# ---------------------------------------------------------------------------

AT_RISK_HEADINGS = {
    "name": "Director",
    "district_name": "District",
    "region": "Region",
    "status": "Status",
    "hours_needed": "Hours needed",
    "days_left": "Days left",
    "alet_hours_needed": "ALET hours needed",
    "external_budget_left": "External hours still allowed",
    "pending": "Pending hours",
    "cto": "CTO Academy",
    "reason": "Why",
}


def behind_by_row(frame: pl.DataFrame) -> pl.DataFrame:
    """Directors behind (at risk, critical, not met) per row and status:
    scope, row, status, directors, hours_needed, order."""
    behind = (
        frame.filter(pl.col("status").is_in(list(BEHIND)))
        .group_by(SCOPE, ROW, "status")
        .agg(pl.len().cast(pl.Int64).alias("directors"), pl.col("hours_needed").sum())
    )
    return row_order(behind, pl.col("directors").sum()).sort(SCOPE, "order", "status")


def _behind_tables(evaluation: Evaluation, chosen: Scoped) -> tuple[pl.DataFrame, dict[str, str]]:
    frame = behind_by_row(chosen.frame)
    per = (
        pl.DataFrame({SCOPE: list(chosen.options)})
        .join(
            frame.group_by(SCOPE).agg(
                pl.col("directors").sum().alias("behind"),
                pl.col("hours_needed").sum(),
                pl.col(ROW).sort_by("order").first().alias("first"),
            ),
            on=SCOPE,
            how="left",
        )
        .with_columns(pl.col("behind").fill_null(0), scope_name(pl.col(SCOPE)).alias("scope_name"))
    )
    one = pl.col("behind") == 1
    if evaluation.closed:
        word = pl.lit("did not meet the year")
        nobody = pl.format("{}: every director met the year", "scope_name")
    else:
        word = (
            pl.when(one).then(pl.lit("is behind the pace")).otherwise(pl.lit("are behind the pace"))
        )
        nobody = pl.format("{}: no director is behind the pace", "scope_name")
    titles = titles_from(
        per,
        pl.when(pl.col("behind") > 0)
        .then(
            pl.format(
                "{}: {} {}, needing {} {} in all; {} {}",
                "scope_name",
                count_text(pl.col("behind"), "director", "directors"),
                word,
                hours_text(pl.col("hours_needed")),
                pl.when(pl.col("hours_needed") == 1)
                .then(pl.lit("hour"))
                .otherwise(pl.lit("hours")),
                pl.when(one).then(pl.lit("in")).otherwise(pl.lit("most in")),
                "first",
            )
        )
        .otherwise(nobody),
    )
    return frame, titles


def page_title(evaluation: Evaluation) -> str:
    """03's title: an open year's at-risk page; a closed year's list of who did not meet."""
    return "Who did not meet" if evaluation.closed else "At risk"


def page_lead(evaluation: Evaluation) -> str:
    """03's one-line summary, in the tense of the year."""
    if evaluation.closed:
        return (
            f"The directors who did not meet {evaluation.fiscal_year.label}, with how many hours "
            "they were short and why, and the CTO Academy deadlines of new directors."
        )
    return (
        "Directors who have not met the year yet, most urgent first, with what they still "
        "need, and the CTO Academy deadlines of new directors."
    )


def behind_figure(page: PageScope) -> Figure:
    evaluation = page.evaluation
    return page.figure(
        "behind_by_region",
        lambda chosen: _behind_tables(evaluation, chosen),
        f"Directors behind by status, {year_phrase(evaluation)}",
    )


def cto_months_left(deadline: pl.Expr, as_of: dt.date) -> pl.Expr:
    """Months from `as_of` to `deadline`, rounded up as R10 counts them: "due within 6
    months" (the deadline less 6 calendar months is on or before the as-of date) is
    exactly 6 or fewer. Negative (whole months) once the deadline has passed."""
    whole = (
        (deadline.dt.year() - as_of.year) * MONTHS_IN_YEAR
        + deadline.dt.month()
        - as_of.month
        - (deadline.dt.day() < as_of.day).cast(pl.Int32)
    )
    # one more month when the deadline less the whole months is still after the as-of date
    part = (whole >= 0) & (
        deadline.dt.offset_by(pl.format("-{}mo", whole.clip(lower_bound=0))) > pl.lit(as_of)
    )
    return whole + part.cast(pl.Int32)


def cto_clocks(frame: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    """Directors on a CTO Academy clock (R10) who are still in the role at `as_of`:
    scope, label, role_start, deadline, cto_status, months_left, months_text, order
    (soonest deadline first).

    `months_left` is rounded up, the rule's way: "due within 6 months" (R10: the
    deadline less 6 calendar months is on or before the as-of date) is exactly
    "6 mo left" or fewer. A director who left has no clock running."""
    deadline = pl.col("cto_academy_deadline")
    months_left = cto_months_left(deadline, as_of)
    status = pl.col("cto_academy_status")
    months_text = (
        pl.when(status == "completed")
        .then(pl.lit("done"))
        .when(status == "overdue")
        .then(pl.lit("overdue"))
        .otherwise(pl.format("{} mo left", months_left))
    )
    return (
        frame.filter(
            (status != "not_required")
            & (pl.col("role_end").is_null() | (pl.col("role_end") >= pl.lit(as_of)))
        )
        .select(
            SCOPE,
            pl.format("{} ({})", "name", "district_name").alias("label"),
            "role_start",
            deadline.alias("deadline"),
            status.alias("cto_status"),
            months_left.alias("months_left"),
            months_text.alias("months_text"),
        )
        .sort(SCOPE, "deadline", "label")
        .with_columns(pl.int_range(1, pl.len() + 1).over(SCOPE).alias("order"))
    )


def _cto_clock_tables(
    evaluation: Evaluation, chosen: Scoped
) -> tuple[pl.DataFrame, dict[str, str]]:
    frame = cto_clocks(chosen.frame, evaluation.as_of)
    soon = evaluation.policy.value("cto_academy_due_soon_months")  # R10
    per = (
        pl.DataFrame({SCOPE: list(chosen.options)})
        .join(
            frame.group_by(SCOPE).agg(
                pl.len().alias("clocks"),
                (pl.col("cto_status") == "overdue").sum().alias("overdue"),
                (pl.col("cto_status") == "due_soon").sum().alias("due_soon"),
                (pl.col("cto_status") == "completed").sum().alias("completed"),
            ),
            on=SCOPE,
            how="left",
        )
        .with_columns(
            pl.col("clocks", "overdue", "due_soon", "completed").fill_null(0),
            scope_name(pl.col(SCOPE)).alias("scope_name"),
        )
    )
    titles = titles_from(
        per,
        pl.when(pl.col("clocks") == 0)
        .then(pl.format("{}: no director is on a CTO Academy clock", "scope_name"))
        .otherwise(
            pl.format(
                "{}: {} overdue and {} due within {} months among {} ({} done)",
                "scope_name",
                "overdue",
                "due_soon",
                pl.lit(str(soon)),
                count_text(pl.col("clocks"), "new director", "new directors"),
                "completed",
            )
        ),
    )
    return frame, titles


def cto_clock_figure(page: PageScope) -> Figure:
    evaluation = page.evaluation
    policy = evaluation.policy  # R10: the date and the window in force
    after = policy.date("cto_academy_required_after").isoformat()
    window = policy.value("cto_academy_window_months")
    return page.figure(
        "cto_academy_clocks",
        lambda chosen: _cto_clock_tables(evaluation, chosen),
        f"Directors who took the role after {after} finish the CTO Academy within {window} "
        f"months; bars run from the start date to the deadline; dashed: {evaluation.as_of}",
        {"as_of": evaluation.as_of, "labels": cto_labels(policy)},
    )
