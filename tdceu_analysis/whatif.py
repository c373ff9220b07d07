"""Policy what-if: change policy values or catalogue rows, re-run the rules, compare.

A scenario is data, not code: a small TOML file or a dict with up to four parts,

```toml
name = "external-cap-8"
description = "Raise the external cap from 6 to 8 hours"

[policy]                      # parameters of data/policy/parameters.toml
external_maximum_hours = 8.0

[[catalog.copy]]              # next year's list from this one's (lines it lacks; event_id: one)
from_fiscal_year = 2026
fiscal_year = 2027

[[catalog.drop]]              # an approved line removed (fiscal_year: that year only)
event_id = "ext-fetc"
fiscal_year = 2026

[[catalog.change]]            # a catalogue row changed ("" clears a cap)
event_id = "ext-cosn-conference"
fiscal_year = 2026
max_hours_per_year = 3

[[catalog.add]]               # a new row, every column of the data contract's events
event_id = "ext-new-summit"
...

[[attendance]]                # an extra event with assumed attendance (synthetic records)
event_id = "alet-cyber-camp"
region = "Troy"               # omitted: every region
hours = 6
strands = ["cyber"]
attendance_rate = 0.5         # share of the region's directors who attend
date = 2026-07-15             # omitted: the evaluation's as-of date
attendees = "spread"          # or "most_behind" (those needing most hours first)
```

Policy values are checked against the policy file the way the policy itself is
(`Policy.with_overrides`: names and types), catalogue rows by the data
contract's own event checks, attendance against the districts and strands. A
catalogue change replaces `InputData.events` only: records are not checked
again, so a record of a dropped event shows up as `not_approved`, not as a
reject. Synthetic attendance is deterministic: "spread" takes directors evenly
along director_id order, "most_behind" those with the most hours needed under
the scenario's rules without the extra event, then director_id.

`run_what_if(data, scenario, fy, as_of)` evaluates the baseline and the
scenario and returns a `WhatIf` whose frames say who changed status, in which
direction, by region, by strand, and which ledger rows changed reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from tdceu_analysis._paths import scenarios_folder
from tdceu_analysis.catalog import merge_catalog
from tdceu_analysis.errors import UserError
from tdceu_analysis.evaluate import Evaluation, evaluate
from tdceu_analysis.fiscal import fiscal_year, fiscal_year_of_date, resolve_as_of
from tdceu_analysis.io import contract as c
from tdceu_analysis.io.load import (
    EVENT_TYPED_SCHEMA,
    RECORD_TYPED_SCHEMA,
    InputData,
    validate_events,
)
from tdceu_analysis.policy import Parameter, Policy, load_parameters, load_policy
from tdceu_analysis.rules.status import YEAR_STATUSES
from tdceu_analysis.rules.strands import strand_hours

SCENARIO_KEYS = ("name", "description", "policy", "catalog", "attendance")
CATALOG_ACTIONS = ("copy", "drop", "change", "add")
# Columns of a catalogue row a scenario may set (the data contract's events columns).
EVENT_FIELDS = tuple(
    col.name for col in c.INPUT_FILES["events"] if col.name not in ("event_id", "fiscal_year")
)
ATTENDANCE_KEYS = (
    "event_id",
    "hours",
    "strands",
    "attendance_rate",
    "region",
    "date",
    "session",
    "attendees",
)
ATTENDEE_CHOICES = ("spread", "most_behind")
# Parameters used while reading the data folder: a what-if on loaded data cannot change them.
LOAD_TIME_PARAMETERS = ("max_hours_per_record", "strands")

# Order of statuses from worst to best, to name the direction of a change.
STATUS_RANK = {"not_met": 0, "critical": 1, "at_risk": 2, "on_track": 3, "met": 4}
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


# ---------------------------------------------------------------------------
# Scenarios: parsing and checking
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogChange:
    """One catalogue edit: drop rows, change some columns of rows, or add a row."""

    action: str
    event_id: str
    fiscal_year: int | None = None
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Attendance:
    """An extra event with an assumed share of a region's directors attending."""

    event_id: str
    hours: float
    strands: tuple[str, ...]
    attendance_rate: float
    region: str | None = None
    date: dt.date | None = None
    session: str | None = None
    attendees: str = "spread"


@dataclass(frozen=True)
class Scenario:
    """A what-if: policy overrides, catalogue edits and assumed attendance."""

    name: str
    description: str = ""
    policy: Mapping[str, Any] = field(default_factory=dict)
    catalog: tuple[CatalogChange, ...] = ()
    attendance: tuple[Attendance, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.policy or self.catalog or self.attendance)


BASELINE = Scenario(name="baseline", description="the policy and catalogue as published")


def _unknown_key(key: str, allowed: Sequence[str], where: str) -> UserError:
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else f" (use {', '.join(allowed)})"
    return UserError(f"{where}: unknown key '{key}'{hint}")


def _check_keys(raw: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
    for key in raw:
        if key not in allowed:
            raise _unknown_key(str(key), allowed, where)


def _latest_value(parameter: Parameter) -> Any:
    return parameter.values[-1].value


def _check_policy_value(name: str, value: Any, parameter: Parameter, where: str) -> Any:
    """The type of the value in force (numbers, switches, dates, text); hours never negative."""
    current = _latest_value(parameter)
    if isinstance(value, dt.date):  # a TOML date literal
        value = value.isoformat()
    bad = UserError(f"{where}: '{name}' must be like {current!r} ({parameter.unit}), not {value!r}")
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise bad
    elif isinstance(current, int | float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad
        if isinstance(current, int) and not float(value).is_integer():
            raise bad
        if value < 0:
            raise UserError(f"{where}: '{name}' cannot be negative ({value!r})")
    elif isinstance(current, str):
        if not isinstance(value, str):
            raise bad
        if parameter.unit == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise bad from None
    elif type(value) is not type(current):
        raise bad
    return value


def check_policy_overrides(
    overrides: Mapping[str, Any], parameters: Mapping[str, Parameter] | None = None, where: str = ""
) -> dict[str, Any]:
    """Names and types of a scenario's policy values, checked against the policy file."""
    parameters = parameters if parameters is not None else load_parameters()
    where = where or "scenario policy"
    checked: dict[str, Any] = {}
    for name, value in overrides.items():
        if name not in parameters:
            raise _unknown_key(str(name), list(parameters), where)
        if name in LOAD_TIME_PARAMETERS:
            raise UserError(
                f"{where}: '{name}' is applied when the data folder is read; a what-if on "
                "loaded data cannot change it (change the policy file and load again)"
            )
        checked[name] = _check_policy_value(name, value, parameters[name], where)
    return checked


def _copy_change(raw: Mapping[str, Any], where: str) -> CatalogChange:
    """Rows of one fiscal year approved again for another (next year's list from this one's)."""
    _check_keys(raw, ("from_fiscal_year", "fiscal_year", "event_id"), where)
    years = [raw.get("from_fiscal_year"), raw.get("fiscal_year")]
    if any(isinstance(y, bool) or not isinstance(y, int) for y in years):
        raise UserError(f"{where}: give from_fiscal_year and fiscal_year as years like 2026")
    return CatalogChange(
        action="copy",
        event_id=str(raw.get("event_id", "*")).strip() or "*",
        fiscal_year=years[1],
        values={"from_fiscal_year": years[0]},
    )


def _catalog_change(action: str, raw: Any, where: str) -> CatalogChange:
    if not isinstance(raw, Mapping):
        raise UserError(f"{where}: each entry must be a table with at least 'event_id'")
    if action == "copy":
        return _copy_change(raw, where)
    allowed = (
        ("event_id", "fiscal_year")
        if action == "drop"
        else ("event_id", "fiscal_year", *EVENT_FIELDS)
    )
    _check_keys(raw, allowed, where)
    event_id = str(raw.get("event_id", "")).strip()
    if not event_id:
        raise UserError(f"{where}: 'event_id' is missing")
    fy = raw.get("fiscal_year")
    if fy is not None and (isinstance(fy, bool) or not isinstance(fy, int)):
        raise UserError(f"{where}: fiscal_year must be a year like 2026, not {fy!r}")
    values = {key: value for key, value in raw.items() if key not in ("event_id", "fiscal_year")}
    if action == "change" and not values:
        raise UserError(f"{where}: '{event_id}' changes nothing (give a column and its new value)")
    return CatalogChange(action=action, event_id=event_id, fiscal_year=fy, values=values)


def _strand_codes(value: Any, strands: Mapping[str, str], where: str) -> tuple[str, ...]:
    text = ";".join(str(item) for item in value) if isinstance(value, list | tuple) else str(value)
    codes, unknown = c.parse_strand_text(text, c.strand_lookup(strands))
    if unknown:
        raise UserError(
            f"{where}: unknown strand '{'; '.join(unknown)}' "
            f"(use {', '.join(strands)} or the full name)"
        )
    if not codes:
        raise UserError(f"{where}: give at least one strand (hours without a strand count 0)")
    return tuple(codes)


def _number(raw: Mapping[str, Any], key: str, where: str) -> float:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UserError(f"{where}: '{key}' must be a number, not {value!r}")
    return float(value)


def _attendance(raw: Any, parameters: Mapping[str, Parameter], where: str) -> Attendance:
    if not isinstance(raw, Mapping):
        raise UserError(f"{where}: each attendance entry must be a table")
    _check_keys(raw, ATTENDANCE_KEYS, where)
    for key in ("event_id", "hours", "strands", "attendance_rate"):
        if key not in raw:
            raise UserError(f"{where}: '{key}' is missing")
    hours = _number(raw, "hours", where)
    most = float(_latest_value(parameters["max_hours_per_record"]))
    if not 0 < hours <= most:
        raise UserError(f"{where}: hours {hours:g} is out of range (more than 0, at most {most:g})")
    rate = _number(raw, "attendance_rate", where)
    if not 0 <= rate <= 1:
        raise UserError(f"{where}: attendance_rate {rate:g} must be between 0 and 1 (a share)")
    date = raw.get("date")
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise UserError(f"{where}: date '{date}' is not a date (write YYYY-MM-DD)") from None
    if date is not None and (isinstance(date, dt.datetime) or not isinstance(date, dt.date)):
        raise UserError(f"{where}: date must be a day like 2026-07-15, not {date!r}")
    attendees = str(raw.get("attendees", "spread"))
    if attendees not in ATTENDEE_CHOICES:
        raise UserError(f"{where}: attendees must be one of {', '.join(ATTENDEE_CHOICES)}")
    region = raw.get("region")
    return Attendance(
        event_id=str(raw["event_id"]).strip(),
        hours=hours,
        strands=_strand_codes(raw["strands"], _latest_value(parameters["strands"]), where),
        attendance_rate=rate,
        region=str(region).strip() if region is not None else None,
        date=date,
        session=str(raw["session"]) if raw.get("session") is not None else None,
        attendees=attendees,
    )


def scenario_from_dict(raw: Mapping[str, Any], *, source: str = "scenario") -> Scenario:
    """A scenario from a dict (the same layout as a scenario file), fully checked."""
    if not isinstance(raw, Mapping):
        raise UserError(f"{source}: a scenario is a table of name, description, policy, ...")
    _check_keys(raw, SCENARIO_KEYS, source)
    name = str(raw.get("name") or Path(source).stem or "scenario")
    where = f"scenario '{name}'"
    parameters = load_parameters()
    policy = raw.get("policy", {})
    if not isinstance(policy, Mapping):
        raise UserError(f"{where}: 'policy' must be a table of parameter = value")
    catalog = raw.get("catalog", {})
    if not isinstance(catalog, Mapping):
        raise UserError(f"{where}: 'catalog' must be a table with drop, change or add lists")
    _check_keys(catalog, CATALOG_ACTIONS, f"{where} catalog")
    changes = []
    for action in CATALOG_ACTIONS:  # applied in this order: copy, drop, change, add
        entries = catalog.get(action, [])
        if isinstance(entries, Mapping):
            entries = [entries]
        for number, entry in enumerate(entries, start=1):
            changes.append(_catalog_change(action, entry, f"{where} catalog.{action} #{number}"))
    attendance = raw.get("attendance", [])
    if isinstance(attendance, Mapping):
        attendance = [attendance]
    return Scenario(
        name=name,
        description=str(raw.get("description", "")).strip(),
        policy=check_policy_overrides(policy, parameters, f"{where} policy"),
        catalog=tuple(changes),
        attendance=tuple(
            _attendance(entry, parameters, f"{where} attendance #{number}")
            for number, entry in enumerate(attendance, start=1)
        ),
    )


def load_scenario(path: str | Path) -> Scenario:
    """A scenario file (TOML); its name defaults to the file's stem."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"scenario file '{path}' does not exist") from None
    except tomllib.TOMLDecodeError as bad:
        raise UserError(f"scenario file '{path.name}' is not valid TOML: {bad}") from None
    raw.setdefault("name", path.stem)
    return scenario_from_dict(raw, source=path.name)


def shipped_scenarios() -> dict[str, Path]:
    """The example scenarios in data/scenarios/, by name."""
    folder = scenarios_folder()
    return {path.stem: path for path in sorted(folder.glob("*.toml"))}


def last_closed_year(as_of: dt.date | str | None = None, policy: Policy | None = None) -> int:
    """The latest fiscal year over at `as_of` (default today): a what-if's natural year,
    since last year's records show what a policy change would have done."""
    if isinstance(as_of, str):
        try:
            as_of = dt.date.fromisoformat(as_of)
        except ValueError:
            raise UserError(f"'{as_of}' is not a date (write YYYY-MM-DD)") from None
    day = as_of or dt.date.today()
    probe = policy or load_policy(2025)
    current = fiscal_year_of_date(day, probe)
    return current if day >= fiscal_year(current, probe.for_year(current)).end else current - 1


def combine(*scenarios: Scenario, name: str | None = None) -> Scenario:
    """Scenarios applied one after the other (later policy values win)."""
    policy: dict[str, Any] = {}
    for scenario in scenarios:
        policy.update(scenario.policy)
    named = [s for s in scenarios if not s.is_empty] or list(scenarios)
    return Scenario(
        name=name or " + ".join(s.name for s in named),
        description="; ".join(s.description for s in scenarios if s.description),
        policy=policy,
        catalog=tuple(change for s in scenarios for change in s.catalog),
        attendance=tuple(entry for s in scenarios for entry in s.attendance),
    )


# ---------------------------------------------------------------------------
# Applying a scenario
# ---------------------------------------------------------------------------


def scenario_policy(scenario: Scenario, policy: Policy) -> Policy:
    """The policy with the scenario's values (checked again by `Policy.with_overrides`)."""
    return policy.with_overrides(scenario.policy) if scenario.policy else policy


def _cell_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _matching(events: pl.DataFrame, change: CatalogChange) -> pl.Expr:
    match = pl.col("event_id") == change.event_id
    if change.fiscal_year is not None:
        match = match & (pl.col("fiscal_year") == change.fiscal_year)
    return match


def _validated_rows(rows: pl.DataFrame, where: str) -> pl.DataFrame:
    """Catalogue rows checked by the data contract's own event checks."""
    typed, rejects = validate_events(rows, where)
    if rejects.height:
        first = rejects.row(0, named=True)
        raise UserError(f"{where}: {first['reason']}")
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


def scenario_catalog(events: pl.DataFrame, scenario: Scenario) -> pl.DataFrame:
    """The catalogue after the scenario's copies, drops, changes and additions (in that order)."""
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
            frame = pl.DataFrame({k: [_cell_text(v)] for k, v in row.items()})
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
            *[pl.lit(_cell_text(v)).alias(k) for k, v in change.values.items()],
            pl.lit(f"(what-if scenario '{scenario.name}')").alias("source"),
        )
        as_text = edited.with_columns(pl.all().cast(pl.String))
        events = pl.concat([rest, _validated_rows(as_text, label)], how="vertical_relaxed")
    return events.cast(EVENT_TYPED_SCHEMA).sort("event_id", "fiscal_year", nulls_last=False)


def _eligible_directors(data: InputData, region: str | None, date: dt.date) -> pl.DataFrame:
    """Directors holding the role on `date`, in `region` (every region when None)."""
    held = (pl.col("role_start") <= date) & (
        pl.col("role_end").is_null() | (pl.col("role_end") >= date)
    )
    frame = data.directors.join(
        data.districts.select("district_code", "region"), on="district_code", how="left"
    ).filter(held)
    return frame.filter(pl.col("region") == region) if region is not None else frame


def _chosen(frame: pl.DataFrame, rate: float, attendees: str) -> pl.DataFrame:
    """`rate` of the rows, rounded half up: evenly spread, or the first ones (most behind)."""
    index = pl.int_range(pl.len())
    if attendees == "most_behind":
        keep = index < (pl.len() * rate + 0.5).floor()
    else:
        keep = ((index + 1) * rate + 0.5).floor() - (index * rate + 0.5).floor() >= 1
    return frame.filter(keep)


def attendance_records(
    data: InputData,
    events: pl.DataFrame,
    scenario: Scenario,
    as_of: dt.date,
    need: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Synthetic records of the scenario's assumed attendance (typed like loaded records).

    `need` (director_id, hours_needed) orders the "most_behind" attendees.
    """
    frames = [pl.DataFrame(schema=RECORD_TYPED_SCHEMA)]
    regions = set(data.districts.get_column("region").to_list())
    for number, entry in enumerate(scenario.attendance, start=1):
        where = f"scenario '{scenario.name}' attendance #{number}"
        names = events.filter(pl.col("event_id") == entry.event_id).get_column("name")
        if names.len() == 0:
            raise UserError(f"{where}: event '{entry.event_id}' is not in the catalogue")
        if entry.region is not None and entry.region not in regions:
            raise UserError(
                f"{where}: region '{entry.region}' is not in the districts file "
                f"(regions: {', '.join(sorted(r for r in regions if r))})"
            )
        date = entry.date or as_of
        eligible = _eligible_directors(data, entry.region, date)
        if entry.attendees == "most_behind":
            if need is None:
                raise UserError(f"{where}: 'most_behind' needs the directors' hours needed")
            eligible = eligible.join(need, on="director_id", how="left").sort(
                pl.col("hours_needed").fill_null(0.0), "director_id", descending=[True, False]
            )
        else:
            eligible = eligible.sort("director_id")
        place = f" in {entry.region}" if entry.region else ""
        session = entry.session or f"What-if: {names[-1]}{place}"
        frames.append(
            _chosen(eligible, entry.attendance_rate, entry.attendees).select(
                pl.format(f"whatif-{number}-{{}}", "director_id").alias("record_id"),
                "director_id",
                pl.lit(entry.event_id).alias("event_id"),
                pl.lit(session).alias("session"),
                pl.lit(date).alias("date"),
                pl.lit(entry.hours).alias("hours"),
                pl.lit(list(entry.strands), dtype=pl.List(pl.String)).alias("strands"),
                pl.lit(None, dtype=pl.String).alias("delivery"),
                pl.lit(True).alias("assignment_complete"),
                pl.lit(True).alias("evidence_uploaded"),
                pl.lit(f"scenario:{scenario.name}").alias("file"),
                pl.lit(number, dtype=pl.Int64).alias("line"),
            )
        )
    return pl.concat(frames).cast(RECORD_TYPED_SCHEMA)


def evaluate_scenario(
    data: InputData,
    scenario: Scenario,
    fy: int,
    as_of: dt.date | None = None,
    *,
    policy: Policy | None = None,
    today: dt.date | None = None,
) -> Evaluation:
    """`evaluate` under the scenario: its policy values, catalogue and extra records."""
    base_policy = policy or load_policy(fy)
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


# ---------------------------------------------------------------------------
# Comparing two evaluations
# ---------------------------------------------------------------------------

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
    return _cell_text(value)


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


def as_scenario(scenario: Scenario | Mapping[str, Any] | str | Path) -> Scenario:
    """A Scenario from itself, a dict in the scenario-file layout, a shipped scenario's
    name (see `shipped_scenarios`) or a TOML file's path."""
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, Mapping):
        return scenario_from_dict(scenario)
    shipped = shipped_scenarios()
    if isinstance(scenario, str) and scenario in shipped:
        return load_scenario(shipped[scenario])
    path = Path(scenario)
    if not path.exists():
        raise UserError(
            f"no scenario '{scenario}': give a .toml file or one of {', '.join(shipped)}"
        )
    return load_scenario(path)


def run_what_if(
    data: InputData,
    scenario: Scenario | Mapping[str, Any] | str | Path,
    fy: int,
    as_of: dt.date | None = None,
    *,
    base: Scenario | Mapping[str, Any] | str | Path | None = None,
    policy: Policy | None = None,
    today: dt.date | None = None,
) -> WhatIf:
    """Evaluate `data` for `fy` as published (or under `base`) and under `scenario`; compare.

    `scenario` and `base` may be anything `as_scenario` takes.
    """
    scenario = as_scenario(scenario)
    base = as_scenario(base) if base is not None else BASELINE
    both = combine(base, scenario, name=scenario.name)
    before = evaluate_scenario(data, base, fy, as_of, policy=policy, today=today)
    after = evaluate_scenario(data, both, fy, as_of, policy=policy, today=today)
    catalogs = (scenario_catalog(data.events, base), scenario_catalog(data.events, both))
    return compare(before, after, scenario, catalogs=catalogs)
