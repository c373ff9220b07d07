"""Hypothetical attendance, evaluated by the package's own rules in one batch.

A *variant* is one director attending a set of sessions. Many variants (every director's
plan, the plan without each of its sessions, every remaining session) are evaluated in
one `evaluate` call: each variant becomes a copy of its director under the variant's id,
with a copy of that director's records up to the as-of date (every year: once-only
courses credited earlier count 0, R7) and one record per session, assignment and
evidence done. The year is evaluated at its last day, so the summary says whether the
variant meets the year and the ledger how each session's hours count.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl

from tdceu_analysis.evaluate import evaluate
from tdceu_analysis.fiscal import fiscal_year
from tdceu_analysis.io.load import RECORD_TYPED_SCHEMA, InputData

# a hypothetical record's file: ledger rows of attended sessions carry it
SESSION_FILE = "sessions"
_SEPARATOR = "\u241f"  # joins a variant's id and a record id: never typed in a record id


def session_records(attendance: pl.DataFrame, sessions: pl.DataFrame) -> pl.DataFrame:
    """One record per (variant_id, session_id), as loaded records are typed; `director_id`
    is the variant's id, the session's title its `session`."""
    rows = attendance.join(sessions, on="session_id", how="inner")
    return rows.select(
        (pl.col("variant_id") + pl.lit(_SEPARATOR + "plan-") + pl.col("session_id")).alias(
            "record_id"
        ),
        pl.col("variant_id").alias("director_id"),
        "event_id",
        pl.col("title").alias("session"),
        "date",
        "hours",
        "strands",
        "delivery",
        pl.lit(True).alias("assignment_complete"),
        pl.lit(True).alias("evidence_uploaded"),
        pl.lit(SESSION_FILE).alias("file"),
        pl.lit(None, dtype=pl.Int64).alias("line"),
    ).cast(RECORD_TYPED_SCHEMA)


def _copied_records(records: pl.DataFrame, variants: pl.DataFrame) -> pl.DataFrame:
    """Each variant's copy of its director's records (ids prefixed alike, so the R5 order
    among them is the original one)."""
    return (
        variants.join(records, on="director_id", how="inner")
        .with_columns(
            (pl.col("variant_id") + pl.lit(_SEPARATOR) + pl.col("record_id")).alias("record_id"),
            pl.col("variant_id").alias("director_id"),
        )
        .select(RECORD_TYPED_SCHEMA.keys())
    )


@dataclasses.dataclass(frozen=True)
class HypothesisResult:
    """`summary`: one row per variant (variant_id and the engine's summary columns);
    `sessions`: one ledger row per attended session (variant_id, session_id, reason,
    hours_counted, ...)."""

    summary: pl.DataFrame
    sessions: pl.DataFrame


def evaluate_variants(
    data: InputData,
    fy: int,
    as_of: dt.date,
    variants: pl.DataFrame,
    attendance: pl.DataFrame,
    sessions: pl.DataFrame,
) -> HypothesisResult:
    """Evaluate every variant (`variants`: variant_id, director_id) attending its sessions
    (`attendance`: variant_id, session_id) on top of the records dated up to `as_of`."""
    base = data.records.filter(pl.col("date") <= as_of)
    copies = variants.join(data.directors, on="director_id", how="inner")
    directors = copies.with_columns(pl.col("variant_id").alias("director_id")).select(
        data.directors.columns
    )
    records = pl.concat([_copied_records(base, variants), session_records(attendance, sessions)])
    hypothetical = dataclasses.replace(data, directors=directors, records=records)
    # at the year's last day: what the year comes to if the sessions are attended
    year_end = fiscal_year(fy, data.policy.for_year(fy)).end
    evaluation = evaluate(hypothetical, fy, year_end, explain=False)
    summary = evaluation.summary.rename({"director_id": "variant_id"})
    attended = (
        evaluation.ledger.filter(pl.col("file") == SESSION_FILE)
        .with_columns(
            pl.col("record_id").str.split(_SEPARATOR + "plan-").list.last().alias("session_id")
        )
        .rename({"director_id": "variant_id"})
    )
    return HypothesisResult(summary=summary, sessions=attended)
