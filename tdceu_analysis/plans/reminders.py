"""What ALET sends: plans.csv and reminders.csv (data contract), and the plan in short.

Frames only; the command line writes them with the formula-safe writer.
"""

from __future__ import annotations

import polars as pl

from tdceu_analysis.io.load import InputData
from tdceu_analysis.plans.search import Plans
from tdceu_analysis.rules.ledger import hours_phrase, hours_text

PLANS_CSV_COLUMNS = ("director_id", "session_id", "event_id", "date", "hours", "strands")
REMINDER_COLUMNS = (
    "director_id",
    "name",
    "email",
    "district_name",
    "status",
    "hours_needed",
    "alet_hours_needed",
    "external_hours_allowed",
    "days_left",
    "cto_academy_deadline",
    "plan_status",
    "plan_sessions",
    "plan_hours",
    "subject",
    "message",
)


def session_label() -> pl.Expr:
    """A plan session as people read it: "event: title", or the title alone when it
    already starts with the event's name."""
    return (
        pl.when(pl.col("title").str.starts_with(pl.col("event_name")))
        .then(pl.col("title"))
        .otherwise(pl.format("{}: {}", pl.col("event_name"), pl.col("title")))
    )


def plans_csv(plans: Plans) -> pl.DataFrame:
    """One row a session of each director's plan (contract columns)."""
    return plans.plans.select(PLANS_CSV_COLUMNS)


def _day(column: str) -> pl.Expr:
    """'Feb 9' (a session's day in a short list)."""
    return pl.col(column).dt.strftime("%b %-d")


def plan_in_short(plans: Plans) -> pl.DataFrame:
    """director_id, plan_short: "3 sessions, 5 h: ALET Winter Conference Feb 9, ..." for a
    plan; the reason for no plan; empty for a director who met."""
    listed = plans.plans.group_by("director_id", maintain_order=True).agg(
        pl.format("{} {}", "event_name", _day("date")).str.join(", ").alias("listed")
    )
    short = pl.format(
        "{} {}, {} h: {}",
        pl.col("plan_sessions"),
        pl.when(pl.col("plan_sessions") == 1).then(pl.lit("session")).otherwise(pl.lit("sessions")),
        hours_text(pl.col("plan_hours")),
        pl.col("listed"),
    )
    return (
        plans.status.join(listed, on="director_id", how="left")
        .with_columns(
            pl.when(pl.col("plan_status") == "plan")
            .then(short)
            .when(pl.col("plan_status") == "no_plan")
            .then(pl.format("No plan: {}", pl.col("reason")))
            .otherwise(pl.lit(""))
            .alias("plan_short")
        )
        .select("director_id", "plan_status", "plan_short")
    )


def _text_if(condition: pl.Expr, text: pl.Expr) -> pl.Expr:
    """`text` where `condition` holds, an empty string elsewhere (a part of a sentence)."""
    return pl.when(condition).then(text).otherwise(pl.lit(""))


def _plan_lines(plans: Plans) -> pl.DataFrame:
    """director_id, plan_lines: one line per session, "- Feb 9, 2027 (09:45): title, hours"."""
    time = _text_if(pl.col("start_time").is_not_null(), pl.format(" ({})", pl.col("start_time")))
    line = pl.format(
        "- {}{}: {}, {}",
        pl.col("date").dt.strftime("%B %-d, %Y"),
        time,
        session_label(),
        hours_phrase(pl.col("hours")),
    )
    return plans.plans.group_by("director_id", maintain_order=True).agg(
        line.str.join("\n").alias("plan_lines")
    )


def reminders(plans: Plans, data: InputData) -> pl.DataFrame:
    """One row per director in scope (contract columns): who, where they stand, the plan,
    and a subject and plain message for a mail merge."""
    evaluation = plans.evaluation
    label = evaluation.fiscal_year.label
    deadline = evaluation.fiscal_year.end.strftime("%B %-d, %Y")
    as_of = evaluation.as_of.strftime("%B %-d, %Y")
    emails = (
        data.directors.select("director_id", pl.col("email").cast(pl.String))
        if "email" in data.directors.columns
        else data.directors.select("director_id", pl.lit(None, dtype=pl.String).alias("email"))
    )
    standing = pl.format(
        "As of {}, {} count toward your {} TD-CEU requirement ({} from ALET events) "
        "of the {} required ({} from ALET events).",
        pl.lit(as_of),
        hours_phrase(pl.col("total_hours")),
        pl.lit(label),
        hours_text(pl.col("alet_hours")),
        hours_text(pl.col("required_hours")),
        hours_text(pl.col("required_alet_hours")),
    )
    alet_part = _text_if(
        pl.col("alet_hours_needed") > 0,
        pl.format(", {} of them from ALET events,", hours_text(pl.col("alet_hours_needed"))),
    )
    needed = pl.format(
        "You still need {}{} by {}.",
        hours_phrase(pl.col("hours_needed")),
        alet_part,
        pl.lit(deadline),
    )
    pending = _text_if(
        pl.col("pending_hours") > 0,
        pl.format(
            "\n\n{} already attended wait for the ALET Talent course assignment or the "
            "evidence of attendance: finish them in ALET Talent and they count.",
            hours_phrase(pl.col("pending_hours")),
        ),
    )
    body = (
        pl.when(pl.col("plan_status") == "met")
        .then(pl.format("{} You have met the year: nothing more is needed.", standing))
        .when(pl.col("plan_status") == "plan")
        .then(
            pl.format(
                "{} {}\n\nAttending these sessions would complete your year:\n{}{}",
                standing,
                needed,
                pl.col("plan_lines"),
                pending,
            )
        )
        .otherwise(
            pl.format(
                "{} {}\n\nNo choice of the sessions left on the calendar completes the year: "
                "{}. Please contact ALET about what else could count.{}",
                standing,
                needed,
                pl.col("reason"),
                pending,
            )
        )
    )
    subject = (
        pl.when(pl.col("plan_status") == "met")
        .then(pl.lit(f"{label} TD-CEU hours: your year is met"))
        .otherwise(
            pl.format(
                "{} TD-CEU hours: {} still needed by {}",
                pl.lit(label),
                hours_phrase(pl.col("hours_needed")),
                pl.lit(deadline),
            )
        )
    )
    return (
        evaluation.summary.join(plans.status, on="director_id", how="left")
        .join(_plan_lines(plans), on="director_id", how="left")
        .join(emails, on="director_id", how="left")
        .with_columns(
            pl.col("external_budget_left").alias("external_hours_allowed"),
            subject.alias("subject"),
            pl.format("{},\n\n{}\n\nALET", pl.col("name"), body).alias("message"),
        )
        .sort("district_name", "name", "director_id")
        .select(REMINDER_COLUMNS)
    )
