"""Comparing two evaluations: who changed status, which way, where, and which ledger rows moved.

Every frame of a `WhatIf` is built here from a baseline and a scenario `Evaluation`
of the same fiscal year and as-of date; `WhatIf.describe()` says it in a sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from tdceu_analysis.errors import UserError
from tdceu_analysis.evaluate import Evaluation
from tdceu_analysis.io.load import EVENT_TYPED_SCHEMA
from tdceu_analysis.policy import Policy
from tdceu_analysis.rules.status import YEAR_STATUSES
from tdceu_analysis.rules.strands import strand_hours
from tdceu_analysis.vocabulary import STATUS_RANK  # worst to best, for a change's direction
from tdceu_analysis.whatif.scenario import BASELINE, Scenario, cell_text

DIRECTIONS = (
    "newly_met",
    "no_longer_met",
    "improved",
    "worsened",
    "entered_scope",
    "left_scope",
    "unchanged",
)
_HOURS_DECIMALS = 4


_IDENTITY = ("director_id", "name", "district_code", "district_name", "region")
_MEASURES = ("status", "total_hours", "alet_hours", "external_hours", "hours_needed")


def _side(evaluation: Evaluation, suffix: str) -> pl.DataFrame:
    return evaluation.summary.select(
        *_IDENTITY, *[pl.col(m).alias(f"{m}_{suffix}") for m in _MEASURES]
    )


def _direction() -> pl.Expr:
    before, after = pl.col("status_baseline"), pl.col("status_scenario")
    rank_before = before.replace_strict(STATUS_RANK, default=None, return_dtype=pl.Int8)
    rank_after = after.replace_strict(STATUS_RANK, default=None, return_dtype=pl.Int8)
    return (
        pl.when(before.eq_missing(after))
        .then(pl.lit("unchanged"))
        .when(before.is_null())
        .then(pl.lit("entered_scope"))
        .when(after.is_null())
        .then(pl.lit("left_scope"))
        .when(after == "met")
        .then(pl.lit("newly_met"))
        .when(before == "met")
        .then(pl.lit("no_longer_met"))
        .when(rank_after > rank_before)
        .then(pl.lit("improved"))
        .otherwise(pl.lit("worsened"))
    )


def director_changes(before: Evaluation, after: Evaluation) -> pl.DataFrame:
    """Every director of either evaluation: status and hours on both sides, and the direction."""
    joined = _side(before, "baseline").join(
        _side(after, "scenario"), on="director_id", how="full", coalesce=True, suffix="_s"
    )
    return (
        joined.with_columns(
            *[pl.coalesce(name, f"{name}_s").alias(name) for name in _IDENTITY[1:]],
            (
                pl.col("total_hours_scenario").fill_null(0.0)
                - pl.col("total_hours_baseline").fill_null(0.0)
            )
            .round(_HOURS_DECIMALS)
            .alias("hours_change"),
        )
        .with_columns(_direction().alias("direction"))
        .select(
            *_IDENTITY,
            "direction",
            *[f"{m}_{side}" for m in _MEASURES for side in ("baseline", "scenario")],
            "hours_change",
        )
        .sort("director_id")
    )


def _status_order(column: str) -> pl.Expr:
    return pl.col(column).replace_strict(
        {status: index for index, status in enumerate(YEAR_STATUSES)}, default=99
    )


def status_counts(changes: pl.DataFrame) -> pl.DataFrame:
    """status, baseline, scenario, change: directors per status on each side."""
    counts = [
        changes.group_by(pl.col(f"status_{side}").alias("status")).agg(pl.len().alias(side))
        for side in ("baseline", "scenario")
    ]
    return (
        counts[0]
        .join(counts[1], on="status", how="full", coalesce=True)
        .filter(pl.col("status").is_not_null())
        .with_columns(pl.col("baseline", "scenario").fill_null(0).cast(pl.Int64))
        .with_columns((pl.col("scenario") - pl.col("baseline")).alias("change"))
        .sort(_status_order("status"))
    )


def transitions(changes: pl.DataFrame) -> pl.DataFrame:
    """from_status, to_status, directors: each status pair (unchanged ones too)."""
    return (
        changes.group_by(
            pl.col("status_baseline").alias("from_status"),
            pl.col("status_scenario").alias("to_status"),
        )
        .agg(pl.len().cast(pl.Int64).alias("directors"))
        .with_columns(pl.col("from_status").ne_missing(pl.col("to_status")).alias("changed"))
        .sort(_status_order("from_status"), _status_order("to_status"))
    )


def direction_counts(changes: pl.DataFrame) -> pl.DataFrame:
    """direction, directors: how many changed status each way (every direction listed)."""
    every = pl.DataFrame({"direction": list(DIRECTIONS)})
    counts = changes.group_by("direction").agg(pl.len().cast(pl.Int64).alias("directors"))
    return every.join(counts, on="direction", how="left", maintain_order="left").with_columns(
        pl.col("directors").fill_null(0)
    )


def changed_directors(changes: pl.DataFrame) -> pl.DataFrame:
    """The directors whose status changed, for staff: direction, region, then name."""
    order = {direction: index for index, direction in enumerate(DIRECTIONS)}
    return changes.filter(pl.col("direction") != "unchanged").sort(
        pl.col("direction").replace_strict(order), "region", "name", "director_id"
    )


def by_region(changes: pl.DataFrame) -> pl.DataFrame:
    """Per region: directors, met on each side, status changes each way, counted hours."""
    direction = pl.col("direction")
    return (
        changes.group_by("region")
        .agg(
            pl.len().cast(pl.Int64).alias("directors"),
            (pl.col("status_baseline") == "met").sum().cast(pl.Int64).alias("met_baseline"),
            (pl.col("status_scenario") == "met").sum().cast(pl.Int64).alias("met_scenario"),
            *[
                (direction == name).sum().cast(pl.Int64).alias(name)
                for name in ("newly_met", "no_longer_met", "improved", "worsened")
            ],
            pl.col("total_hours_baseline").sum().round(2).alias("hours_baseline"),
            pl.col("total_hours_scenario").sum().round(2).alias("hours_scenario"),
        )
        .with_columns(
            (pl.col("hours_scenario") - pl.col("hours_baseline")).round(2).alias("hours_change")
        )
        .sort("region", nulls_last=True)
    )


def strand_changes(
    before: Evaluation, after: Evaluation, *, per_region: bool = False
) -> pl.DataFrame:
    """Counted hours per strand on each side (R6 view of the baseline policy), and the change."""
    view = str(before.policy.value("strand_coverage_view"))
    names = before.policy.strands
    keys = ["region", "strand"] if per_region else ["strand"]
    regions = before.summary.select("director_id", "region")

    def totals(evaluation: Evaluation, side: str) -> pl.DataFrame:
        hours = strand_hours(evaluation.ledger, view=view).collect()
        if per_region:
            hours = hours.join(regions, on="director_id", how="left")
        return hours.group_by(keys).agg(pl.col("hours").sum().alias(f"hours_{side}"))

    every = pl.DataFrame({"strand": list(names), "strand_name": list(names.values())})
    if per_region:
        every = regions.select("region").unique().join(every, how="cross")
    return (
        every.join(totals(before, "baseline"), on=keys, how="left")
        .join(totals(after, "scenario"), on=keys, how="left")
        .with_columns(pl.col("hours_baseline", "hours_scenario").fill_null(0.0).round(2))
        .with_columns(
            (pl.col("hours_scenario") - pl.col("hours_baseline")).round(2).alias("hours_change")
        )
        .sort(
            *(["region"] if per_region else []),
            pl.col("strand").replace_strict(
                {code: index for index, code in enumerate(names)}, default=99
            ),
        )
    )


_LEDGER_SIDE = ("director_id", "event_id", "event_name", "date", "hours_claimed")


def ledger_changes(before: Evaluation, after: Evaluation) -> pl.DataFrame:
    """Ledger rows whose reason or counted hours differ; rows only one side has (added events)."""
    left = before.ledger.select(
        "record_id", *_LEDGER_SIDE, "hours_counted", "reason", "explanation"
    )
    right = after.ledger.select(
        "record_id", *_LEDGER_SIDE, "hours_counted", "reason", "explanation"
    )
    joined = left.join(right, on="record_id", how="full", coalesce=True, suffix="_scenario")
    names = (
        pl.concat([before.summary, after.summary], how="vertical_relaxed")
        .select("director_id", "name", "region")
        .unique("director_id")
    )
    change = (
        pl.when(pl.col("reason").is_null())
        .then(pl.lit("added"))
        .when(pl.col("reason_scenario").is_null())
        .then(pl.lit("removed"))
        .when(pl.col("reason") != pl.col("reason_scenario"))
        .then(pl.lit("reason_changed"))
        .when(pl.col("hours_counted") != pl.col("hours_counted_scenario"))
        .then(pl.lit("hours_changed"))
        .otherwise(None)
    )
    return (
        joined.with_columns(
            *[pl.coalesce(name, f"{name}_scenario").alias(name) for name in _LEDGER_SIDE],
            change.alias("change"),
        )
        .filter(pl.col("change").is_not_null())
        .join(names, on="director_id", how="left")
        .select(
            "record_id",
            "director_id",
            "name",
            "region",
            "event_id",
            "event_name",
            "date",
            "hours_claimed",
            "change",
            pl.col("hours_counted").alias("hours_counted_baseline"),
            "hours_counted_scenario",
            pl.col("reason").alias("reason_baseline"),
            "reason_scenario",
            pl.col("explanation_scenario").alias("explanation"),
        )
        .sort("director_id", "date", "record_id")
    )


def _text(value: Any) -> str:
    if isinstance(value, Mapping):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:g}"
    return cell_text(value)


def policy_changes(before: Policy, after: Policy) -> pl.DataFrame:
    """parameter, unit, rule, baseline, scenario: the values the scenario changes."""
    rows = [
        {
            "parameter": name,
            "unit": parameter.unit,
            "rule": parameter.rule,
            "baseline": _text(before.value(name)),
            "scenario": _text(after.value(name)),
        }
        for name, parameter in after.parameters.items()
        if before.value(name) != after.value(name)
    ]
    schema = dict.fromkeys(("parameter", "unit", "rule", "baseline", "scenario"), pl.String)
    return pl.DataFrame(rows, schema=schema)


_COMPARED_EVENT_FIELDS = tuple(
    name
    for name in EVENT_TYPED_SCHEMA
    if name not in ("event_id", "fiscal_year", "source", "origin")
)


def catalog_changes(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """event_id, fiscal_year, name, change (added/dropped/changed), detail."""
    key = ["event_id", "fiscal_year"]

    def long(events: pl.DataFrame) -> pl.DataFrame:
        return events.select(
            *key, *[pl.col(name).cast(pl.String) for name in _COMPARED_EVENT_FIELDS]
        ).unpivot(index=key, variable_name="field")

    names = pl.concat([before, after]).select(*key, "name").unique(key, keep="last")
    added = after.join(before, on=key, how="anti", nulls_equal=True).select(
        *key, pl.lit("added").alias("change"), pl.lit(None, dtype=pl.String).alias("detail")
    )
    dropped = before.join(after, on=key, how="anti", nulls_equal=True).select(
        *key, pl.lit("dropped").alias("change"), pl.lit(None, dtype=pl.String).alias("detail")
    )
    changed = (
        long(before)
        .join(long(after), on=[*key, "field"], how="inner", nulls_equal=True, suffix="_scenario")
        .filter(pl.col("value").ne_missing(pl.col("value_scenario")))
        .group_by(key, maintain_order=True)
        .agg(
            pl.format(
                "{}: {} -> {}",
                "field",
                pl.col("value").fill_null("blank"),
                pl.col("value_scenario").fill_null("blank"),
            )
            .str.join("; ")
            .alias("detail")
        )
        .select(*key, pl.lit("changed").alias("change"), "detail")
    )
    return (
        pl.concat([added, dropped, changed])
        .join(names, on=key, how="left", nulls_equal=True)
        .select(*key, "name", "change", "detail")
        .sort("event_id", "fiscal_year", nulls_last=False)
    )


@dataclass(frozen=True)
class WhatIf:
    """A scenario compared with its baseline; every frame is ready for a table or chart."""

    scenario: Scenario
    baseline: Evaluation
    result: Evaluation
    directors: pl.DataFrame
    status_counts: pl.DataFrame
    transitions: pl.DataFrame
    directions: pl.DataFrame
    changed: pl.DataFrame
    by_region: pl.DataFrame
    strands: pl.DataFrame
    ledger_changes: pl.DataFrame
    policy_changes: pl.DataFrame
    catalog_changes: pl.DataFrame

    def describe(self) -> str:
        """A few sentences: what was changed and what it did."""
        counts = dict(self.directions.iter_rows())
        moved = self.changed.height
        parts = [
            f"{counts[d]} {d.replace('_', ' ')}"
            for d in DIRECTIONS
            if d != "unchanged" and counts[d]
        ]
        reasons = self.ledger_changes.get_column("change").value_counts(sort=True)
        ledger = ", ".join(f"{n} {change.replace('_', ' ')}" for change, n in reasons.iter_rows())
        label = self.baseline.fiscal_year.label
        return (
            f"Scenario '{self.scenario.name}' for {label} as of {self.result.as_of.isoformat()}: "
            f"{moved} of {self.directors.height} directors change status"
            + (f" ({', '.join(parts)})" if parts else "")
            + f"; ledger rows changed: {ledger or 'none'}."
        )


def compare(
    before: Evaluation,
    after: Evaluation,
    scenario: Scenario = BASELINE,
    *,
    catalogs: tuple[pl.DataFrame, pl.DataFrame] | None = None,
) -> WhatIf:
    """Side by side: two evaluations of the same fiscal year and as-of date.

    `catalogs` (baseline, scenario events) fills `catalog_changes`; without it, it is empty.
    """
    if (before.fy, before.as_of) != (after.fy, after.as_of):
        raise UserError(
            f"cannot compare {before.fiscal_year.label} as of {before.as_of} with "
            f"{after.fiscal_year.label} as of {after.as_of}: use the same year and date"
        )
    changes = director_changes(before, after)
    return WhatIf(
        scenario=scenario,
        baseline=before,
        result=after,
        directors=changes,
        status_counts=status_counts(changes),
        transitions=transitions(changes),
        directions=direction_counts(changes),
        changed=changed_directors(changes),
        by_region=by_region(changes),
        strands=strand_changes(before, after),
        ledger_changes=ledger_changes(before, after),
        policy_changes=policy_changes(before.policy, after.policy),
        catalog_changes=catalog_changes(*catalogs)
        if catalogs is not None
        else catalog_changes(
            pl.DataFrame(schema=EVENT_TYPED_SCHEMA), pl.DataFrame(schema=EVENT_TYPED_SCHEMA)
        ),
    )
