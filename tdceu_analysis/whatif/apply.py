"""Applying a scenario: its policy values, its catalogue edits and its assumed attendance.

A catalogue change replaces `InputData.events` only: records are not checked again,
so a record of a dropped event shows up as `not_approved`, not as a reject.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl

from tdceu_analysis.catalog import merge_catalog
from tdceu_analysis.errors import UserError
from tdceu_analysis.evaluate import Evaluation, evaluate
from tdceu_analysis.fiscal import fiscal_year, resolve_as_of
from tdceu_analysis.io.load import EVENT_TYPED_SCHEMA, InputData, validate_events
from tdceu_analysis.policy import Policy
from tdceu_analysis.whatif.attendance import attendance_records
from tdceu_analysis.whatif.scenario import CatalogChange, Scenario, cell_text, check_year_start


def scenario_policy(scenario: Scenario, policy: Policy) -> Policy:
    """The policy with the scenario's values (checked again by `Policy.with_overrides`)."""
    if not scenario.policy:
        return policy
    changed = policy.with_overrides(scenario.policy)
    # R1: the year's start month and day, one maybe from the file, must make a date
    check_year_start(
        changed.value("fiscal_year_start_month"),
        changed.value("fiscal_year_start_day"),
        f"scenario '{scenario.name}' policy",
    )
    return changed


def _matching(events: pl.DataFrame, change: CatalogChange) -> pl.Expr:
    match = pl.col("event_id") == change.event_id
    if change.fiscal_year is not None:
        match = match & (pl.col("fiscal_year") == change.fiscal_year)
    return match


def _validated_rows(rows: pl.DataFrame, where: str) -> pl.DataFrame:
    """Catalogue rows checked by the data contract's own event checks."""
    typed, rejects = validate_events(rows, where)
    if rejects.height:  # the first problem, named as the scenario names the rows
        raise UserError(f"{where}: {rejects.item(0, 'reason')}")
    return typed


def _copied_rows(
    events: pl.DataFrame, change: CatalogChange, scenario: str, label: str
) -> pl.DataFrame:
    source_year = int(change.values["from_fiscal_year"])
    rows = events.filter(pl.col("fiscal_year") == source_year)
    if change.event_id != "*":
        rows = rows.filter(pl.col("event_id") == change.event_id)
    if rows.height == 0:
        raise UserError(f"{label}: the catalogue has no rows for FY{source_year % 100:02d}")
    # a line the target year already has keeps its own row
    rows = rows.join(
        events.filter(pl.col("fiscal_year") == change.fiscal_year).select("event_id"),
        on="event_id",
        how="anti",
    )
    copied = rows.drop("origin").with_columns(
        pl.lit(change.fiscal_year).alias("fiscal_year"),
        pl.lit(f"(what-if scenario '{scenario}': as approved for FY{source_year % 100:02d})").alias(
            "source"
        ),
    )
    return _validated_rows(copied.with_columns(pl.all().cast(pl.String)), label)


# the catalogues of the last few (events, scenario) asked for: a what-if needs its
# scenario's catalogue twice (to evaluate, to compare), 05 runs every shipped scenario for
# each year it shows, and a catalogue does not depend on the year (its rows are validated
# by the data contract's event checks: the most costly part of a what-if)
_CATALOGS: list[tuple[pl.DataFrame, Scenario, pl.DataFrame]] = []
_CATALOGS_KEPT = 24


def scenario_catalog(events: pl.DataFrame, scenario: Scenario) -> pl.DataFrame:
    """The catalogue after the scenario's copies, drops, changes and additions (in that order).
    Made once for the same `events` object and an equal scenario (kept for re-use)."""
    for known, same, catalog in list(_CATALOGS):  # (a copy: prefetch threads add too)
        if known is events and same == scenario:
            return catalog
    catalog = _scenario_catalog(events, scenario)
    _CATALOGS.insert(0, (events, scenario, catalog))
    del _CATALOGS[_CATALOGS_KEPT:]
    return catalog


def _scenario_catalog(events: pl.DataFrame, scenario: Scenario) -> pl.DataFrame:
    where = f"scenario '{scenario.name}'"
    for change in scenario.catalog:
        label = f"{where} catalog.{change.action} '{change.event_id}'" + (
            f" FY{change.fiscal_year % 100:02d}" if change.fiscal_year else ""
        )
        if change.action == "copy":
            events = merge_catalog(events, _copied_rows(events, change, scenario.name, label))
            continue
        if change.action == "add":
            row = {"event_id": change.event_id, "fiscal_year": change.fiscal_year}
            row |= dict(change.values)
            row["source"] = row.get("source") or f"(what-if scenario '{scenario.name}')"
            frame = pl.DataFrame({k: [cell_text(v)] for k, v in row.items()})
            events = merge_catalog(events, _validated_rows(frame, label))
            continue
        matched = events.filter(_matching(events, change))
        if matched.height == 0:
            raise UserError(f"{label}: no such row in the catalogue")
        rest = events.filter(~_matching(events, change).fill_null(False))
        if change.action == "drop":
            events = rest
            continue
        edited = matched.drop("origin").with_columns(
            *[pl.lit(cell_text(v)).alias(k) for k, v in change.values.items()],
            pl.lit(f"(what-if scenario '{scenario.name}')").alias("source"),
        )
        as_text = edited.with_columns(pl.all().cast(pl.String))
        events = pl.concat([rest, _validated_rows(as_text, label)], how="vertical_relaxed")
    return events.cast(EVENT_TYPED_SCHEMA).sort("event_id", "fiscal_year", nulls_last=False)


def evaluate_scenario(
    data: InputData,
    scenario: Scenario,
    fy: int,
    as_of: dt.date | None = None,
    *,
    policy: Policy | None = None,
    today: dt.date | None = None,
) -> Evaluation:
    """`evaluate` under the scenario: its policy values, catalogue and extra records.
    `policy` defaults to the data's own (the shipped values with the folder's policy.toml)."""
    base_policy = (policy or data.policy).for_year(fy)
    changed_policy = scenario_policy(scenario, base_policy)
    events = scenario_catalog(data.events, scenario) if scenario.catalog else data.events
    source = data.source if scenario.is_empty else f"{data.source} (what-if '{scenario.name}')"
    changed = dataclasses.replace(data, events=events, source=source)
    if not scenario.attendance:
        return evaluate(changed, fy, as_of, policy=changed_policy, today=today)
    year_policy = changed_policy.for_year(fy)
    year_as_of = resolve_as_of(fiscal_year(fy, year_policy), as_of, today)
    need = None
    if any(entry.attendees == "most_behind" for entry in scenario.attendance):
        before = evaluate(changed, fy, as_of, policy=changed_policy, today=today)
        need = before.summary.select("director_id", "hours_needed")
    extra = attendance_records(changed, events, scenario, year_as_of, need)
    with_extra = dataclasses.replace(changed, records=pl.concat([changed.records, extra]))
    return evaluate(with_extra, fy, as_of, policy=changed_policy, today=today)
