"""Per-director rules (R9-R11): who is in scope, their year's totals, status and CTO clock."""

from __future__ import annotations

import datetime as dt

import polars as pl

from tdceu_analysis.fiscal import FiscalYear
from tdceu_analysis.policy import Policy
from tdceu_analysis.vocabulary import (
    YEAR_STATUS_CODES,
    hours_phrase,
    hours_text,
)

# the codes R10/R11 emit, as the vocabulary defines them (data-contract order)
YEAR_STATUSES = YEAR_STATUS_CODES

SUMMARY_CONTRACT_COLUMNS = (
    "director_id",
    "name",
    "district_code",
    "fiscal_year",
    "total_hours",
    "alet_hours",
    "external_hours",
    "in_person_hours",
    "hours_needed",
    "status",
    "started_mid_year",
    "cto_academy_status",
    "cto_academy_deadline",
)

_HOURS_DECIMALS = 4


# R9: in scope when they held the role on any day of the year (up to the as-of date)
def in_scope(fiscal_year: FiscalYear, as_of: dt.date) -> pl.Expr:
    started = pl.col("role_start") <= pl.lit(min(fiscal_year.end, as_of))
    not_ended = pl.col("role_end").is_null() | (pl.col("role_end") >= pl.lit(fiscal_year.start))
    return started & not_ended


# R9: flagged when the role started after the first day of the year
def started_mid_year(fiscal_year: FiscalYear) -> pl.Expr:
    return pl.col("role_start") > pl.lit(fiscal_year.start)


def _share_of_year_in_role(fiscal_year: FiscalYear) -> pl.Expr:
    first = pl.max_horizontal("role_start", pl.lit(fiscal_year.start))
    last = pl.min_horizontal(pl.col("role_end").fill_null(fiscal_year.end), pl.lit(fiscal_year.end))
    days_in_role = (last - first).dt.total_days() + 1
    return days_in_role / (fiscal_year.span_days + 1)


# R2/R3/R9: hours owed: the full minimum, or pro-rated by days in the role when switched on
def required(minimum_name: str, policy: Policy, fiscal_year: FiscalYear) -> pl.Expr:
    minimum = pl.lit(policy.hours(minimum_name))
    if not policy.switch("prorate_mid_year_start"):
        return minimum
    # rounded up to the hundredth, so a director never owes less than the share
    return (minimum * _share_of_year_in_role(fiscal_year) * 100).ceil() / 100


# R11: hours_needed = max(required - counted, required ALET - counted ALET), never below 0
def hours_needed() -> pl.Expr:
    return pl.max_horizontal(
        pl.col("required_hours") - pl.col("total_hours"),
        pl.col("required_alet_hours") - pl.col("alet_hours"),
        pl.lit(0.0),
    ).round(_HOURS_DECIMALS)


# R2: met when counted >= annual_minimum_hours and counted ALET >= alet_minimum_hours
def has_met() -> pl.Expr:
    return pl.col("hours_needed") <= 0


# R11: closed year -> met / not_met; open year -> met, critical, on_track or at_risk
def year_status(policy: Policy, closed: bool) -> pl.Expr:
    if closed:
        return pl.when(has_met()).then(pl.lit("met")).otherwise(pl.lit("not_met"))
    critical = (pl.col("hours_needed") >= policy.hours("critical_hours_needed")) & (
        pl.col("days_left") <= int(policy.value("critical_days_left"))
    )
    return (
        pl.when(has_met())
        .then(pl.lit("met"))
        .when(critical)
        .then(pl.lit("critical"))
        .when(pl.col("total_hours") >= pl.col("pace_hours"))
        .then(pl.lit("on_track"))
        .otherwise(pl.lit("at_risk"))
    )


# R10: directors who assumed the role after cto_academy_required_after finish the CTO Academy
# within cto_academy_window_months
def cto_academy_deadline(policy: Policy) -> pl.Expr:
    months = int(policy.value("cto_academy_window_months"))
    required_after = pl.lit(policy.date("cto_academy_required_after"))
    return (
        pl.when(pl.col("role_start") > required_after)
        .then(pl.col("role_start").dt.offset_by(f"{months}mo"))
        .otherwise(None)
    )


# R10: not_required, completed, in_window, due_soon (cto_academy_due_soon_months or less left),
# overdue
def cto_academy_status(policy: Policy, as_of: dt.date) -> pl.Expr:
    deadline = pl.col("cto_academy_deadline")
    due_soon_from = deadline.dt.offset_by(f"-{int(policy.value('cto_academy_due_soon_months'))}mo")
    as_of_lit = pl.lit(as_of)
    return (
        pl.when(deadline.is_null())
        .then(pl.lit("not_required"))
        .when(pl.col("cto_academy_completed") <= as_of_lit)
        .then(pl.lit("completed"))
        .when(as_of_lit > deadline)
        .then(pl.lit("overdue"))
        .when(as_of_lit >= due_soon_from)
        .then(pl.lit("due_soon"))
        .otherwise(pl.lit("in_window"))
    )


def status_explanation() -> pl.Expr:
    """One plain sentence per director: the status and the arithmetic behind it."""
    counted = pl.format(
        "{} counted ({} ALET, {} external)",
        hours_phrase(pl.col("total_hours")),
        hours_text(pl.col("alet_hours")),
        hours_text(pl.col("external_hours")),
    )
    needed = pl.format("{} more needed", hours_phrase(pl.col("hours_needed")))
    alet_part = (
        pl.when(pl.col("alet_hours_needed") > 0)
        .then(pl.format(", {} of them from ALET events", hours_text(pl.col("alet_hours_needed"))))
        .otherwise(pl.lit(""))
    )
    pending = (
        pl.when(pl.col("pending_hours") > 0)
        .then(
            pl.format(
                "; {} pending an assignment or evidence", hours_phrase(pl.col("pending_hours"))
            )
        )
        .otherwise(pl.lit(""))
    )
    texts = {
        "met": pl.format("Met: {} of {} required.", counted, hours_text(pl.col("required_hours"))),
        "not_met": pl.format("Not met: {}; {}{}{}.", counted, needed, alet_part, pending),
        "on_track": pl.format(
            "On track: {}, at or above the pace of {} hours; {}{}{}.",
            counted,
            hours_text(pl.col("pace_hours")),
            needed,
            alet_part,
            pending,
        ),
        "at_risk": pl.format(
            "At risk: {}, behind the pace of {} hours; {}{}{}.",
            counted,
            hours_text(pl.col("pace_hours")),
            needed,
            alet_part,
            pending,
        ),
        "critical": pl.format(
            "Critical: {} with {} days left; {}{}{}.",
            needed,
            pl.col("days_left"),
            counted,
            alet_part,
            pending,
        ),
    }
    expression = pl.lit(None, dtype=pl.String)
    for status, text in texts.items():
        expression = pl.when(pl.col("status") == status).then(text).otherwise(expression)
    return expression


def _hours_where(condition: pl.Expr, column: str = "hours_counted") -> pl.Expr:
    return pl.when(condition).then(pl.col(column)).otherwise(0.0).sum()


def director_totals(ledger: pl.LazyFrame) -> pl.LazyFrame:
    """Counted and pending hours per director for the year, from its ledger."""
    return ledger.group_by("director_id").agg(
        pl.col("hours_counted").sum().alias("total_hours"),
        _hours_where(pl.col("category") == "alet").alias("alet_hours"),
        _hours_where(pl.col("category") == "external").alias("external_hours"),
        _hours_where(pl.col("delivery") == "in_person").alias("in_person_hours"),
        _hours_where(pl.col("pending"), "hours_claimed").alias("pending_hours"),
        _hours_where(pl.col("reason") == "assignment_incomplete", "hours_claimed").alias(
            "pending_assignment_hours"
        ),
        _hours_where(pl.col("reason") == "evidence_missing", "hours_claimed").alias(
            "pending_evidence_hours"
        ),
        pl.len().alias("records"),
    )


def year_summary(
    ledger: pl.LazyFrame,
    directors: pl.DataFrame,
    districts: pl.DataFrame,
    policy: Policy,
    fiscal_year: FiscalYear,
    as_of: dt.date,
) -> pl.LazyFrame:
    """One row per director in scope (R9) with totals, status (R11) and CTO clock (R10)."""
    closed = as_of >= fiscal_year.end
    days_left = (fiscal_year.end - as_of).days
    elapsed = (as_of - fiscal_year.start).days
    hour_columns = [
        "total_hours",
        "alet_hours",
        "external_hours",
        "in_person_hours",
        "pending_hours",
        "pending_assignment_hours",
        "pending_evidence_hours",
    ]
    return (
        directors.lazy()
        .filter(in_scope(fiscal_year, as_of))
        .join(director_totals(ledger), on="director_id", how="left")
        .join(districts.lazy(), on="district_code", how="left")
        .with_columns(
            *[pl.col(c).fill_null(0.0).round(_HOURS_DECIMALS) for c in hour_columns],
            pl.col("records").fill_null(0),
            pl.lit(fiscal_year.fy, dtype=pl.Int32).alias("fiscal_year"),
            pl.lit(as_of).alias("as_of"),
            pl.lit(days_left).alias("days_left"),
            required("annual_minimum_hours", policy, fiscal_year).alias("required_hours"),
            required("alet_minimum_hours", policy, fiscal_year).alias("required_alet_hours"),
            started_mid_year(fiscal_year).alias("started_mid_year"),
            cto_academy_deadline(policy).alias("cto_academy_deadline"),
        )
        .with_columns(
            hours_needed().alias("hours_needed"),
            pl.max_horizontal(pl.col("required_alet_hours") - pl.col("alet_hours"), pl.lit(0.0))
            .round(_HOURS_DECIMALS)
            .alias("alet_hours_needed"),
            pl.max_horizontal(
                pl.lit(policy.hours("external_maximum_hours")) - pl.col("external_hours"),
                pl.lit(0.0),
            )
            .round(_HOURS_DECIMALS)
            .alias("external_budget_left"),
            # R11: straight-line pace, the required hours times the elapsed share of the year
            (pl.col("required_hours") * elapsed / fiscal_year.span_days)
            .round(_HOURS_DECIMALS)
            .alias("pace_hours"),
            cto_academy_status(policy, as_of).alias("cto_academy_status"),
        )
        .with_columns(year_status(policy, closed).alias("status"))
        .with_columns(status_explanation().alias("status_explanation"))
        .select(
            *SUMMARY_CONTRACT_COLUMNS,
            "district_name",
            "district_type",
            "region",
            "role_start",
            "role_end",
            "cto_academy_completed",
            "required_hours",
            "required_alet_hours",
            "alet_hours_needed",
            "external_budget_left",
            "pending_hours",
            "pending_assignment_hours",
            "pending_evidence_hours",
            "records",
            "days_left",
            "pace_hours",
            "as_of",
            "status_explanation",
        )
        .sort("director_id")
    )
