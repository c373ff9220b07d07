"""Who to call first: directors who have not met the year yet, most urgent first.

`at_risk_table(evaluation)` is the frame behind the 03_at_risk notebook and the
`tdceu report at-risk` export. In an open year it lists the directors who are
`critical`, `at_risk` or `on_track` (not yet met); in a closed year those who
did `not_met`. Each row carries a short plain-English reason staff can read out
on the phone.
"""

from __future__ import annotations

import polars as pl

from tdceu_analysis.evaluate import Evaluation
from tdceu_analysis.figures.scope import per_evaluation
from tdceu_analysis.vocabulary import URGENCY, hours_count, hours_text

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
