"""Which sessions a director could still attend, and which of them run in parallel.

- `sessions_ahead`: the calendar's sessions dated after the as-of date and within the
  year, with their start and end in minutes and their place in date order.
- `parallel_pairs`: two sessions run in parallel when they are held on the same day and
  their times overlap (the same start time, or one starts before the other ends); a
  session without a start time (a self-paced course) runs in parallel with nothing.
- `remaining_sessions`: per director, the sessions ahead while they hold the role, none
  they already attended, and whether each is in their own region or statewide/online.
- `one_of_each_parallel`: a calendar with no two sessions in parallel (the longest ALET
  session of each overlap kept), for the question "would attending everything suffice?".
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from tdceu_analysis.fiscal import FiscalYear

_MINUTES = pl.col("start_time").str.slice(0, 2).cast(pl.Int32, strict=False) * 60 + pl.col(
    "start_time"
).str.slice(3, 2).cast(pl.Int32, strict=False)


def sessions_ahead(sessions: pl.DataFrame, fiscal: FiscalYear, as_of: dt.date) -> pl.DataFrame:
    """Sessions dated after `as_of` up to the year's last day, in date order (`order`)."""
    return (
        sessions.filter(
            (pl.col("date") > as_of)
            & (pl.col("date") >= fiscal.start)
            & (pl.col("date") <= fiscal.end)
        )
        .with_columns(_MINUTES.alias("start_minutes"))
        .with_columns(
            (pl.col("start_minutes") + (pl.col("hours") * 60).round(0).cast(pl.Int32)).alias(
                "end_minutes"
            )
        )
        .sort("date", pl.col("start_time"), "session_id", nulls_last=True)
        .with_row_index("order")
    )


def parallel_pairs(ahead: pl.DataFrame) -> pl.DataFrame:
    """(session_id, other_id) for every ordered pair of sessions held at the same time."""
    timed = ahead.filter(pl.col("start_minutes").is_not_null()).select(
        "session_id", "date", "start_minutes", "end_minutes"
    )
    return (
        timed.join(timed, on="date", suffix="_other")
        .filter(
            (pl.col("session_id") != pl.col("session_id_other"))
            & (pl.col("start_minutes") < pl.col("end_minutes_other"))
            & (pl.col("start_minutes_other") < pl.col("end_minutes"))
        )
        .select("session_id", pl.col("session_id_other").alias("other_id"))
    )


def attended_sessions(records: pl.DataFrame, ahead: pl.DataFrame) -> pl.DataFrame:
    """(director_id, session_id) of sessions a record already shows attended: the same
    event, day and session title."""
    return (
        records.select("director_id", "event_id", "date", pl.col("session").alias("title"))
        .join(
            ahead.select("session_id", "event_id", "date", "title"),
            on=["event_id", "date", "title"],
        )
        .select("director_id", "session_id")
        .unique()
    )


def remaining_sessions(
    directors: pl.DataFrame, ahead: pl.DataFrame, records: pl.DataFrame
) -> pl.DataFrame:
    """Each director's sessions ahead (`directors`: director_id, region, role_start,
    role_end): dated while they hold the role, not already attended; `preferred` when the
    session is in their own region or statewide/online (no region)."""
    in_role = (pl.col("date") >= pl.col("role_start")) & (
        pl.col("role_end").is_null() | (pl.col("date") <= pl.col("role_end"))
    )
    return (
        directors.select(
            "director_id", pl.col("region").alias("home_region"), "role_start", "role_end"
        )
        .join(ahead, how="cross")
        .filter(in_role)
        .join(attended_sessions(records, ahead), on=["director_id", "session_id"], how="anti")
        .with_columns(
            (pl.col("region").is_null() | (pl.col("region") == pl.col("home_region"))).alias(
                "preferred"
            )
        )
        .drop("home_region", "role_start", "role_end")
    )


def one_of_each_parallel(ahead: pl.DataFrame, alet_events: pl.Series) -> pl.DataFrame:
    """The sessions ahead with no two in parallel: ALET sessions before others, longer
    before shorter, earlier before later, each kept unless it overlaps one kept before."""
    ranked = ahead.sort(
        ~pl.col("event_id").is_in(alet_events.implode()),
        pl.col("hours"),
        "order",
        descending=[False, True, False],
    )
    conflicts: dict[str, set[str]] = {}
    for session_id, other_id in parallel_pairs(ahead).iter_rows():
        conflicts.setdefault(session_id, set()).add(other_id)
    kept: set[str] = set()
    # a greedy pass over the calendar (a few hundred sessions, not the directors' rows)
    for session_id in ranked.get_column("session_id").to_list():
        if not conflicts.get(session_id, set()) & kept:
            kept.add(session_id)
    return ahead.filter(pl.col("session_id").is_in(list(kept)))
