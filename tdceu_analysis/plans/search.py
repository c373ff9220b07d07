"""Each director's plan: sessions ahead that, if attended, meet the year.

`find_plans(data, fy, as_of)` works for every director at once, in four steps, each a
batched call of the package's own rules (`hypothesis.evaluate_variants`):

1. *What is left.* Every director behind attends every remaining session (one of each
   set of parallel sessions): whoever still does not meet has no plan, and the hours that
   remain say why. The same evaluation, with the parallel ones too, marks the sessions
   that can never count for a director (not on the year's approved list, a once-only
   course already credited, no strand): they are not candidates.
2. *A first choice.* Greedy, all directors together, a round per session: each director
   takes the candidate that closes most of what is still needed (its hours after the
   session cap, the line's yearly room and the external room; an external session only
   helps beyond the ALET minimum), then their own region or statewide/online, then the
   earliest. A session parallel to one taken is no longer a candidate.
3. *Check and trim.* Each plan is evaluated with and without each of its sessions: a plan
   that does not meet the year gets more sessions (step 2 again from where the engine
   says it stands); a session whose removal still meets is dropped (the least preferred
   first: another region, then the latest); until every plan meets and none can lose a
   session.
4. The result: the plans, each session with the hours the engine counts for it, and a
   status per director: `met`, `plan` or `no_plan` (with the reason in words).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl

from tdceu_analysis.catalog import rows_in_force
from tdceu_analysis.evaluate import Evaluation, evaluate
from tdceu_analysis.io.load import InputData
from tdceu_analysis.plans.candidates import (
    one_of_each_parallel,
    parallel_pairs,
    remaining_sessions,
    sessions_ahead,
)
from tdceu_analysis.plans.hypothesis import evaluate_variants
from tdceu_analysis.rules.ledger import hours_text

PLAN_STATUSES = ("met", "plan", "no_plan")
# the ledger reasons of a session that still counts something in some plan: the rest
# (not approved, a course already credited, no strand, ...) never count for that director
COUNTING_REASONS = ("counted", "capped_session", "capped_line", "capped_external")
_GREEDY_ROUNDS = 40  # more sessions than any plan needs (12 hours in quarter-hour sessions)
_CHECKS = 12  # check-and-trim rounds; each drops at most one session per plan
_EPSILON = 1e-9


@dataclasses.dataclass(frozen=True)
class Plans:
    """`evaluation`: the year at the as-of date. `sessions`: the calendar ahead (with the
    event's name and category). `plans`: one row per (director, session) of a plan, in
    date order, with `hours_counted` under the plan. `status`: one row per director in
    scope: plan_status, plan_sessions, plan_hours, plan_hours_counted, reason (why no
    plan), remaining_hours / remaining_alet_hours (what attending everything left would
    count)."""

    evaluation: Evaluation
    sessions: pl.DataFrame
    plans: pl.DataFrame
    status: pl.DataFrame


def calendar_of(data: InputData) -> pl.DataFrame:
    """The folder's `sessions` (the loader's typed frame; empty without a sessions file)."""
    return data.sessions


def _calendar_ahead(data: InputData, evaluation: Evaluation) -> pl.DataFrame:
    """Sessions ahead with their catalogue row in force (name, category, caps)."""
    ahead = sessions_ahead(calendar_of(data), evaluation.fiscal_year, evaluation.as_of)
    catalogue = rows_in_force(data.events.drop("source", "origin"), [evaluation.fy]).select(
        "event_id",
        pl.col("name").alias("event_name"),
        "category",
        pl.col("max_hours_per_session").alias("session_cap"),
        pl.col("max_hours_per_year").alias("year_cap"),
    )
    return ahead.join(catalogue, on="event_id", how="left", maintain_order="left")


def _variants(
    pairs: pl.DataFrame, kind: str, directors: pl.Series | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(variants, attendance): one variant per director attending all their `pairs`;
    `directors` adds a variant (attending nothing more) for those without a pair."""
    variant_id = pl.format(f"{kind}:{{}}", "director_id").alias("variant_id")
    ids = pairs.get_column("director_id")
    if directors is not None:
        ids = pl.concat([directors, ids])
    variants = (
        ids.unique(maintain_order=True).to_frame("director_id").select(variant_id, "director_id")
    )
    return variants, pairs.select(variant_id, "session_id")


def _state(summary: pl.DataFrame) -> pl.DataFrame:
    """What a director has counted and owes, as the greedy step tracks it."""
    return summary.select(
        "director_id",
        "total_hours",
        "alet_hours",
        "external_hours",
        "required_hours",
        "required_alet_hours",
    )


def _line_used(ledger: pl.DataFrame) -> pl.DataFrame:
    """Hours counted per (director, event) this year: what each line's yearly cap has left."""
    return ledger.group_by("director_id", "event_id").agg(
        pl.col("hours_counted").sum().alias("used")
    )


def _greedy(
    candidates: pl.DataFrame,
    state: pl.DataFrame,
    line_used: pl.DataFrame,
    conflicts: pl.DataFrame,
    external_maximum: float,
) -> pl.DataFrame:
    """Step 2: (director_id, session_id) picked, a round at a time for all directors."""
    picks = []
    for _ in range(_GREEDY_ROUNDS):
        needs = state.with_columns(
            pl.max_horizontal(
                pl.col("required_hours") - pl.col("total_hours"),
                pl.col("required_alet_hours") - pl.col("alet_hours"),
                pl.lit(0.0),
            ).alias("need_total"),
            pl.max_horizontal(
                pl.col("required_alet_hours") - pl.col("alet_hours"), pl.lit(0.0)
            ).alias("need_alet"),
            pl.max_horizontal(
                pl.lit(external_maximum) - pl.col("external_hours"), pl.lit(0.0)
            ).alias("external_room"),
        )
        alet = pl.col("category") == "alet"
        line = pl.min_horizontal(
            pl.col("hours"),
            pl.col("session_cap").fill_null(float("inf")),
            (pl.col("year_cap") - pl.col("used").fill_null(0.0)).fill_null(float("inf")),
        ).clip(lower_bound=0.0)
        scored = (
            candidates.join(needs, on="director_id")
            .join(line_used, on=["director_id", "event_id"], how="left")
            .with_columns(line.alias("line_hours"))
            .with_columns(
                pl.when(alet)
                .then(pl.col("line_hours"))
                .otherwise(pl.min_horizontal("line_hours", "external_room"))
                .alias("counted")
            )
            .with_columns(
                pl.when(alet)
                .then(pl.min_horizontal("counted", "need_total"))
                .otherwise(
                    pl.min_horizontal("counted", pl.col("need_total") - pl.col("need_alet")).clip(
                        lower_bound=0.0
                    )
                )
                .alias("useful")
            )
            .filter((pl.col("need_total") > _EPSILON) & (pl.col("useful") > _EPSILON))
        )
        if scored.is_empty():
            break
        best = (
            scored.sort(
                "director_id",
                pl.col("useful").round(6),
                "preferred",
                "order",
                descending=[False, True, True, False],
            )
            .group_by("director_id", maintain_order=True)
            .first()
        )
        picks.append(best.select("director_id", "session_id"))
        gained = best.select(
            "director_id",
            pl.col("counted").alias("gained"),
            (pl.col("category") == "alet").alias("is_alet"),
        )
        state = (
            state.join(gained, on="director_id", how="left")
            .with_columns(
                pl.col("gained").fill_null(0.0),
                pl.col("is_alet").fill_null(False),
            )
            .with_columns(
                (pl.col("total_hours") + pl.col("gained")).alias("total_hours"),
                pl.when(pl.col("is_alet"))
                .then(pl.col("alet_hours") + pl.col("gained"))
                .otherwise(pl.col("alet_hours"))
                .alias("alet_hours"),
                pl.when(pl.col("is_alet"))
                .then(pl.col("external_hours"))
                .otherwise(pl.col("external_hours") + pl.col("gained"))
                .alias("external_hours"),
            )
            .drop("gained", "is_alet")
        )
        line_used = (
            pl.concat(
                [
                    line_used,
                    best.select("director_id", "event_id", pl.col("line_hours").alias("used")),
                ]
            )
            .group_by("director_id", "event_id")
            .agg(pl.col("used").sum())
        )
        taken = best.select("director_id", "session_id")
        parallel = taken.join(conflicts, on="session_id").select(
            "director_id", pl.col("other_id").alias("session_id")
        )
        candidates = candidates.join(
            pl.concat([taken, parallel]), on=["director_id", "session_id"], how="anti"
        )
    if not picks:
        return pl.DataFrame(schema={"director_id": pl.String, "session_id": pl.String})
    return pl.concat(picks)


def _without_parallel(
    candidates: pl.DataFrame, plan: pl.DataFrame, conflicts: pl.DataFrame
) -> pl.DataFrame:
    """Candidates that are not in `plan` and not parallel to a session of it."""
    parallel = plan.join(conflicts, on="session_id").select(
        "director_id", pl.col("other_id").alias("session_id")
    )
    return candidates.join(
        pl.concat([plan.select("director_id", "session_id"), parallel]),
        on=["director_id", "session_id"],
        how="anti",
    )


def _check_variants(plan: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A variant per plan (`full:`) and one per plan without each session (`drop:`);
    `variants` names the session each `drop:` variant leaves out (`dropped_id`)."""
    full_variants, full_attendance = _variants(plan, "full")
    dropped = plan.select("director_id", pl.col("session_id").alias("dropped_id")).with_columns(
        pl.format("drop:{}:{}", pl.int_range(pl.len()), "director_id").alias("variant_id")
    )
    drop_attendance = (
        dropped.join(plan, on="director_id")
        .filter(pl.col("session_id") != pl.col("dropped_id"))
        .select("variant_id", "session_id")
    )
    variants = pl.concat(
        [
            full_variants.with_columns(pl.lit(None, dtype=pl.String).alias("dropped_id")),
            dropped.select("variant_id", "director_id", "dropped_id"),
        ]
    )
    return variants, pl.concat([full_attendance, drop_attendance])


def _no_plan_reason(
    summary: pl.DataFrame, everything: pl.DataFrame, fy_end: dt.date, closed: bool = False
) -> pl.DataFrame:
    """Why attending every remaining session still falls short, in words."""
    after = everything.select(
        "director_id",
        pl.col("total_hours").alias("all_total"),
        pl.col("alet_hours").alias("all_alet"),
        pl.col("alet_hours_needed").alias("all_alet_needed"),
    )
    remaining_alet = (pl.col("all_alet") - pl.col("alet_hours")).clip(lower_bound=0.0)
    remaining_total = (pl.col("all_total") - pl.col("total_hours")).clip(lower_bound=0.0)

    def remain(hours: pl.Expr, what: str) -> pl.Expr:
        return (
            pl.when(hours <= _EPSILON)
            .then(pl.lit(f"none {what}"))
            .otherwise(pl.format(f"{{}} {what}", hours_text(hours)))
        )

    role_ended = pl.col("role_end").is_not_null() & (pl.col("role_end") < pl.lit(fy_end))
    while_in_role = (
        pl.when(role_ended)
        .then(pl.format(" while in the role (it ended on {})", pl.col("role_end")))
        .otherwise(pl.lit(""))
    )
    alet_short = pl.format(
        "{} ALET hours still needed; {}{}",
        hours_text(pl.col("alet_hours_needed")),
        remain(remaining_alet, "remain on the calendar"),
        while_in_role,
    )
    total_short = pl.format(
        "{} hours still needed; {}{}",
        hours_text(pl.col("hours_needed")),
        remain(remaining_total, "that would count remain on the calendar"),
        while_in_role,
    )
    # a closed year: nothing is left to attend
    year_over = pl.format(
        "{} hours still needed; the year ended on {}",
        hours_text(pl.col("hours_needed")),
        pl.lit(fy_end),
    )
    return (
        summary.join(after, on="director_id", how="inner")
        .with_columns(
            pl.when(pl.lit(closed))
            .then(year_over)
            .when(pl.col("all_alet_needed") > _EPSILON)
            .then(alet_short)
            .otherwise(total_short)
            .alias("reason"),
            remaining_total.alias("remaining_hours"),
            remaining_alet.alias("remaining_alet_hours"),
        )
        .select("director_id", "reason", "remaining_hours", "remaining_alet_hours")
    )


def _as_director(frame: pl.DataFrame, variants: pl.DataFrame) -> pl.DataFrame:
    return frame.join(variants, on="variant_id", how="inner")


def find_plans(
    data: InputData,
    fy: int,
    as_of: dt.date | None = None,
    *,
    evaluation: Evaluation | None = None,
) -> Plans:
    """Every director's plan for `fy` at `as_of` (see the module docstring)."""
    evaluation = evaluation or evaluate(data, fy, as_of)
    fy, as_of = evaluation.fy, evaluation.as_of
    fy_end = evaluation.fiscal_year.end
    summary = evaluation.summary
    ahead = _calendar_ahead(data, evaluation)
    conflicts = parallel_pairs(ahead)
    behind = summary.filter(pl.col("hours_needed") > 0)
    remaining = remaining_sessions(behind, ahead, data.records)
    alet_events = ahead.filter(pl.col("category") == "alet").get_column("event_id").unique()
    kept = one_of_each_parallel(ahead, alet_events).get_column("session_id")

    # step 1: everything left, with and without the parallel sessions
    all_variants, all_attendance = _variants(
        remaining.filter(pl.col("session_id").is_in(kept.implode())),
        "all",
        behind.get_column("director_id"),
    )
    any_variants, any_attendance = _variants(remaining, "any")
    first = evaluate_variants(
        data,
        fy,
        as_of,
        pl.concat([all_variants, any_variants]),
        pl.concat([all_attendance, any_attendance]),
        ahead,
    )
    everything = _as_director(first.summary, all_variants)
    counting = _as_director(first.sessions, any_variants).filter(
        pl.col("reason").is_in(COUNTING_REASONS)
    )
    short = everything.filter(pl.col("hours_needed") > 0).get_column("director_id")
    reasons = _no_plan_reason(
        behind.filter(pl.col("director_id").is_in(short.implode())),
        everything,
        fy_end,
        evaluation.closed,
    )
    candidates = remaining.join(
        counting.select("director_id", "session_id"), on=["director_id", "session_id"], how="semi"
    ).filter(~pl.col("director_id").is_in(short.implode()))

    # step 2: a first choice for everyone who can meet
    external_maximum = evaluation.policy.hours("external_maximum_hours")
    line_used = _line_used(evaluation.ledger)
    to_plan = behind.filter(~pl.col("director_id").is_in(short.implode()))
    plan = _greedy(candidates, _state(to_plan), line_used, conflicts, external_maximum)

    # step 3: check with the rules, add where short, trim what is not needed
    checked = None
    for _ in range(_CHECKS):
        if plan.is_empty():
            break
        variants, attendance = _check_variants(plan)
        result = evaluate_variants(
            data, fy, as_of, variants.select("variant_id", "director_id"), attendance, ahead
        )
        met = result.summary.select(
            "variant_id", (pl.col("hours_needed") <= 0).alias("meets")
        ).join(variants, on="variant_id")
        full_met = met.filter(pl.col("dropped_id").is_null())
        failing = full_met.filter(~pl.col("meets")).get_column("director_id")
        droppable = (
            met.filter(pl.col("dropped_id").is_not_null() & pl.col("meets"))
            .rename({"dropped_id": "session_id"})
            .filter(~pl.col("director_id").is_in(failing.implode()))
            .join(
                remaining.select("director_id", "session_id", "preferred", "order", "hours"),
                on=["director_id", "session_id"],
            )
            .sort(
                "director_id", "preferred", "order", "hours", descending=[False, False, True, False]
            )
            .group_by("director_id", maintain_order=True)
            .first()
            .select("director_id", "session_id")
        )
        if failing.is_empty() and droppable.is_empty():
            checked = result
            break
        plan = plan.join(droppable, on=["director_id", "session_id"], how="anti")
        if not failing.is_empty():
            # more sessions, from where the engine says each failing plan stands
            full_of = _as_director(result.summary, variants).filter(
                pl.col("dropped_id").is_null() & pl.col("director_id").is_in(failing.implode())
            )
            attended = _as_director(result.sessions, variants).filter(
                pl.col("dropped_id").is_null()
            )
            useless = attended.filter(pl.col("hours_counted") <= 0).select(
                "director_id", "session_id"
            )
            plan = plan.join(useless, on=["director_id", "session_id"], how="anti")
            used = _line_used(
                pl.concat(
                    [
                        evaluation.ledger.select("director_id", "event_id", "hours_counted"),
                        attended.select("director_id", "event_id", "hours_counted"),
                    ]
                )
            )
            pool = _without_parallel(
                candidates.filter(pl.col("director_id").is_in(failing.implode())),
                pl.concat([plan, useless]),
                conflicts,
            )
            added = _greedy(pool, _state(full_of), used, conflicts, external_maximum)
            # a failing plan the calendar cannot extend is left out: no plan was found
            stuck = failing.filter(~failing.is_in(added.get_column("director_id").implode()))
            plan = pl.concat([plan, added]).filter(~pl.col("director_id").is_in(stuck.implode()))
    if checked is None and not plan.is_empty():
        # the rounds ran out: the plans as they stand, checked once more (those that meet
        # are kept; a session of theirs might still be one too many)
        variants, attendance = _check_variants(plan)
        checked = evaluate_variants(
            data, fy, as_of, variants.select("variant_id", "director_id"), attendance, ahead
        )

    plans_frame, verified_met = _plan_rows(plan, checked, ahead)
    unverified = to_plan.filter(~pl.col("director_id").is_in(verified_met.implode())).get_column(
        "director_id"
    )
    status = _status(summary, plans_frame, reasons, unverified)
    plans_frame = (
        plans_frame.filter(~pl.col("director_id").is_in(unverified.implode()))
        .join(
            remaining.select("director_id", "session_id", "preferred"),
            on=["director_id", "session_id"],
            how="left",
            maintain_order="left",
        )
        .select(PLAN_COLUMNS)
    )
    return Plans(evaluation=evaluation, sessions=ahead, plans=plans_frame, status=status)


PLAN_COLUMNS = (
    "director_id",
    "session_id",
    "event_id",
    "event_name",
    "category",
    "title",
    "date",
    "start_time",
    "hours",
    "hours_counted",
    "strands",
    "region",
    "delivery",
    "preferred",
)
# what the check and the ranking add to a plan row; the rest are the session's own columns
_FOUND = ("director_id", "hours_counted", "preferred")


def _plan_rows(
    plan: pl.DataFrame, checked: object, ahead: pl.DataFrame
) -> tuple[pl.DataFrame, pl.Series]:
    """The verified plans' rows (hours counted from the check) and who they meet for."""
    empty = pl.DataFrame(
        schema={"director_id": pl.String, "session_id": pl.String, "hours_counted": pl.Float64}
    )
    if checked is None or plan.is_empty():
        rows, met = empty, pl.Series("director_id", [], dtype=pl.String)
    else:
        full = checked.summary.filter(
            pl.col("variant_id").str.starts_with("full:") & (pl.col("hours_needed") <= 0)
        )
        met = full.select(pl.col("variant_id").str.strip_prefix("full:").alias("director_id"))
        rows = (
            checked.sessions.filter(pl.col("variant_id").str.starts_with("full:"))
            .select(
                pl.col("variant_id").str.strip_prefix("full:").alias("director_id"),
                "session_id",
                "hours_counted",
            )
            .join(met, on="director_id", how="semi")
        )
        met = met.get_column("director_id")
    sessions = ahead.select(*(name for name in PLAN_COLUMNS if name not in _FOUND), "order")
    frame = (
        rows.join(sessions, on="session_id")
        .join(plan.select("director_id", "session_id").unique(), on=["director_id", "session_id"])
        .sort("director_id", "order")
    )
    return frame, met


def _status(
    summary: pl.DataFrame,
    plans: pl.DataFrame,
    reasons: pl.DataFrame,
    unverified: pl.Series,
) -> pl.DataFrame:
    per_plan = plans.group_by("director_id").agg(
        pl.len().cast(pl.Int64).alias("plan_sessions"),
        pl.col("hours").sum().alias("plan_hours"),
        pl.col("hours_counted").sum().alias("plan_hours_counted"),
    )
    searched = pl.col("director_id").is_in(unverified.implode())
    return (
        summary.select("director_id", "hours_needed")
        .join(per_plan, on="director_id", how="left")
        .join(reasons, on="director_id", how="left")
        .with_columns(
            pl.when(pl.col("hours_needed") <= 0)
            .then(pl.lit("met"))
            .when(pl.col("reason").is_not_null() | searched)
            .then(pl.lit("no_plan"))
            .otherwise(pl.lit("plan"))
            .alias("plan_status"),
            pl.when(pl.col("reason").is_null() & searched)
            .then(pl.lit("no choice of the remaining sessions was found that meets the year"))
            .otherwise(pl.col("reason"))
            .alias("reason"),
            pl.col("plan_sessions").fill_null(0),
            pl.col("plan_hours").fill_null(0.0),
            pl.col("plan_hours_counted").fill_null(0.0),
        )
        .select(
            "director_id",
            "plan_status",
            "plan_sessions",
            "plan_hours",
            "plan_hours_counted",
            "reason",
            "remaining_hours",
            "remaining_alet_hours",
        )
    )
