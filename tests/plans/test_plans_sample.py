"""Every director in scope on the sample (FY27 as of 2026-11-28): the plans checked by
the engine from records built by hand from each plan, one evaluation per check."""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl
import pytest

from tdceu_analysis import evaluate
from tdceu_analysis._paths import sample_folder
from tdceu_analysis.io.load import RECORD_TYPED_SCHEMA, load_folder
from tdceu_analysis.plans import find_plans

AS_OF = dt.date(2026, 11, 28)
YEAR_END = dt.date(2027, 9, 30)


@pytest.fixture(scope="module")
def sample():
    data = load_folder(sample_folder())
    return data, find_plans(data, 2027, AS_OF)


def _attending(data, rows: pl.DataFrame):
    """`data` with a record for each (director_id, session_id) row, assignment and
    evidence done, and without records dated after the as-of date."""
    sessions = data.sessions
    added = (
        rows.join(sessions, on="session_id")
        .select(
            pl.format("test-{}-{}", "director_id", "session_id").alias("record_id"),
            "director_id",
            "event_id",
            pl.col("title").alias("session"),
            "date",
            "hours",
            "strands",
            "delivery",
            pl.lit(True).alias("assignment_complete"),
            pl.lit(True).alias("evidence_uploaded"),
            pl.lit("test").alias("file"),
            pl.lit(None, dtype=pl.Int64).alias("line"),
        )
        .cast(RECORD_TYPED_SCHEMA)
    )
    records = pl.concat([data.records.filter(pl.col("date") <= AS_OF), added])
    return dataclasses.replace(data, records=records)


def _needed_at_year_end(data, rows: pl.DataFrame) -> dict[str, float]:
    summary = evaluate(_attending(data, rows), 2027, YEAR_END).summary
    return dict(summary.select("director_id", "hours_needed").iter_rows())


def test_every_director_in_scope_has_a_status(sample):
    data, plans = sample
    evaluation = evaluate(data, 2027, AS_OF)
    assert plans.status.height == evaluation.summary.height == 151
    met = set(evaluation.summary.filter(pl.col("hours_needed") <= 0)["director_id"])
    assert set(plans.status.filter(pl.col("plan_status") == "met")["director_id"]) == met
    assert not set(plans.plans["director_id"]) & met
    # most of those behind have a plan, a few have none
    counts = dict(plans.status.group_by("plan_status").len().iter_rows())
    assert counts["plan"] > 100 and 0 < counts["no_plan"] < 10


def test_attending_the_plan_meets_the_year(sample):
    data, plans = sample
    needed = _needed_at_year_end(data, plans.plans.select("director_id", "session_id"))
    planned = plans.status.filter(pl.col("plan_status") == "plan")["director_id"]
    assert planned.len() > 0
    assert {d: needed[d] for d in planned if needed[d] > 0} == {}


def test_leaving_out_any_one_session_does_not_meet(sample):
    data, plans = sample
    ranked = plans.plans.with_columns(pl.int_range(pl.len()).over("director_id").alias("k"))
    for k in range(int(ranked["k"].max()) + 1):
        # every director's plan without its k-th session, evaluated together
        without = ranked.filter(pl.col("k") != k)
        who = ranked.filter(pl.col("k") == k)["director_id"].to_list()
        needed = _needed_at_year_end(data, without.select("director_id", "session_id"))
        still_meet = [d for d in who if needed[d] <= 0]
        assert still_meet == [], f"session {k} of these plans is not needed"


def test_no_plan_directors_cannot_meet_even_attending_every_remaining_session(sample):
    data, plans = sample
    no_plan = plans.status.filter(pl.col("plan_status") == "no_plan")
    summary = plans.evaluation.summary.filter(
        pl.col("director_id").is_in(no_plan["director_id"].implode())
    )
    ahead = data.sessions.filter((pl.col("date") > AS_OF) & (pl.col("date") <= YEAR_END))
    # every session ahead while they hold the role, parallel ones too (more than anyone
    # can attend): still short
    everything = (
        summary.select("director_id", "role_end")
        .join(ahead, how="cross")
        .filter(pl.col("role_end").is_null() | (pl.col("date") <= pl.col("role_end")))
    )
    needed = _needed_at_year_end(data, everything.select("director_id", "session_id"))
    assert all(needed[d] > 0 for d in no_plan["director_id"])
    assert no_plan["reason"].str.contains("still needed").all()


def test_no_two_plan_sessions_run_in_parallel(sample):
    _, plans = sample
    timed = (
        plans.plans.filter(pl.col("start_time").is_not_null())
        .with_columns(
            (
                pl.col("start_time").str.slice(0, 2).cast(pl.Int32) * 60
                + pl.col("start_time").str.slice(3, 2).cast(pl.Int32)
            ).alias("start"),
        )
        .with_columns((pl.col("start") + pl.col("hours") * 60).alias("end"))
    )
    pairs = timed.join(timed, on=["director_id", "date"], suffix="_b").filter(
        (pl.col("session_id") < pl.col("session_id_b"))
        & (pl.col("start") < pl.col("end_b"))
        & (pl.col("start_b") < pl.col("end"))
    )
    assert pairs.height == 0


def test_plan_sessions_are_ahead_in_the_year_and_not_attended(sample):
    data, plans = sample
    assert plans.plans["date"].min() > AS_OF
    assert plans.plans["date"].max() <= YEAR_END
    attended = data.records.select(
        "director_id", "event_id", "date", pl.col("session").alias("title")
    )
    assert plans.plans.join(attended, on=["director_id", "event_id", "date", "title"]).height == 0
    # each plan's counted hours are the engine's, and a session counts something
    assert (plans.plans["hours_counted"] > 0).all()


def _fewest(hours: list[float], needed: float) -> int:
    """The fewest of `hours` (largest first) that add up to `needed`."""
    total, count = 0.0, 0
    for value in sorted(hours, reverse=True):
        if total >= needed - 1e-9:
            break
        total, count = total + value, count + 1
    return count


def test_every_plan_has_the_fewest_sessions_possible(sample):
    # a lower bound no plan can beat: the largest ALET sessions must cover the ALET hours
    # still needed, and the largest sessions (an external one at most its caps and the
    # external room left) the hours still needed; every plan reaches it
    _, plans = sample
    ahead = plans.sessions
    alet = ahead.filter(pl.col("category") == "alet")["hours"].to_list()
    external = (
        ahead.filter(pl.col("category") == "external")
        .select(
            pl.min_horizontal(
                "hours", pl.col("session_cap").fill_null(24.0), pl.col("year_cap").fill_null(24.0)
            )
        )["hours"]
        .to_list()
    )
    rows = plans.evaluation.summary.join(plans.status, on="director_id").filter(
        pl.col("plan_status") == "plan"
    )
    for row in rows.iter_rows(named=True):
        room = row["external_budget_left"]
        bound = max(
            _fewest(alet, row["alet_hours_needed"]),
            _fewest(alet + [min(hours, room) for hours in external], row["hours_needed"]),
        )
        assert row["plan_sessions"] == bound, row["director_id"]
