"""Scenarios: a TOML file or a dict read into a checked `Scenario`.

Policy values are checked by the policy module's own checks (`Policy.with_overrides`,
`policy.check_value`) after the checks every number gets where it is read (a finite
number, not negative, within a sane range); catalogue entries by their keys and
years here and by the data contract's event checks when applied; attendance against
the strands and the record hour limit.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tdceu_analysis._paths import scenarios_folder
from tdceu_analysis.errors import UserError
from tdceu_analysis.io import contract as c
from tdceu_analysis.policy import Parameter, Policy, load_parameters, read_toml_file

SCENARIO_KEYS = ("name", "description", "policy", "catalog", "attendance")
CATALOG_ACTIONS = ("copy", "drop", "change", "add")
# Columns of a catalogue row a scenario may set (the data contract's events columns).
# (`note` is free text for staff: it is not kept in the catalogue, so nothing to change)
EVENT_FIELDS = tuple(
    col.name
    for col in c.INPUT_FILES["events"]
    if col.name not in ("event_id", "fiscal_year", "note")
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


def cell_text(value: Any) -> str:
    """A value as a catalogue cell's text (true/false, blank for None)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


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


# Sane ranges of a scenario's numbers, by unit: not policy values, only the bounds past
# which a value is a typo (and past which dates stop being dates).
HOURS_IN_A_YEAR = dt.timedelta(days=366) / dt.timedelta(hours=1)
MOST_BY_UNIT = {"hours": HOURS_IN_A_YEAR, "months": 1_200, "days": 36_525}  # up to a century
DATE_SPAN_YEARS = 100  # a scenario's date stays within a century of the file's value
FIRST_YEAR, LAST_YEAR = dt.MINYEAR + 1, dt.MAXYEAR - 1  # years whose fiscal year has dates


def finite_number(value: Any, name: str, where: str) -> float:
    """A number that is a number: not a switch, not NaN, not infinite."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UserError(f"{where}: '{name}' must be a number, not {value!r}")
    if not math.isfinite(value):
        raise UserError(f"{where}: '{name}' must be a finite number, not {value!r}")
    return float(value)


def check_year(value: Any, name: str, where: str) -> int:
    """A fiscal year written as a whole number whose dates exist."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not FIRST_YEAR <= value <= LAST_YEAR
    ):
        raise UserError(f"{where}: {name} must be a year like 2026, not {value!r}")
    return value


def _check_read_number(name: str, value: Any, parameter: Parameter, where: str) -> None:
    """Where a scenario's number is read: finite, not negative, within its unit's sane range."""
    number = finite_number(value, name, where)
    if number < 0:
        raise UserError(f"{where}: '{name}' cannot be negative ({value!r})")
    most = MOST_BY_UNIT.get(parameter.unit)
    if most is not None and number > most:
        raise UserError(
            f"{where}: '{name}' {value!r} is out of range (at most {most:g} {parameter.unit})"
        )


def _check_policy_value(name: str, value: Any, parameter: Parameter, where: str) -> Any:
    """A scenario's value for one parameter, checked by the policy module's own checks
    (`Policy.with_overrides`: the type of the value in force, then the unit's rules)."""
    current = parameter.values[-1].value
    if isinstance(value, dt.date):  # a TOML date literal
        value = value.isoformat()
    numbers = [isinstance(v, int | float) and not isinstance(v, bool) for v in (current, value)]
    if all(numbers):
        _check_read_number(name, value, parameter, where)
    try:
        Policy(fy=parameter.values[-1].effective_fy, parameters={name: parameter}).with_overrides(
            {name: value}
        )
    except UserError as refused:
        raise UserError(
            f"{where}: '{name}' must be like {current!r} ({parameter.unit}), not {value!r}: "
            f"{refused}"
        ) from None
    if parameter.unit == "date":
        year, around = dt.date.fromisoformat(value).year, dt.date.fromisoformat(str(current)).year
        if abs(year - around) > DATE_SPAN_YEARS:
            raise UserError(
                f"{where}: '{name}' {value} is out of range (within {DATE_SPAN_YEARS} years "
                f"of {current})"
            )
    return value


def check_year_start(month: Any, day: Any, where: str) -> None:
    """R1: the fiscal year's first day (start month and day) must be a day every year has."""
    try:
        dt.date(FIRST_YEAR, int(month), int(day))  # not a leap year: February 29 is refused
    except (TypeError, ValueError):
        raise UserError(
            f"{where}: fiscal_year_start_month {month!r} with fiscal_year_start_day {day!r} "
            "is not a day every year has (change one of them)"
        ) from None


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
    start = [
        checked.get(name, _latest_value(parameters[name]))
        for name in ("fiscal_year_start_month", "fiscal_year_start_day")
        if name in parameters
    ]
    if len(start) == 2:
        check_year_start(*start, where)
    return checked


def _copy_change(raw: Mapping[str, Any], where: str) -> CatalogChange:
    """Rows of one fiscal year approved again for another (next year's list from this one's)."""
    _check_keys(raw, ("from_fiscal_year", "fiscal_year", "event_id"), where)
    years = [raw.get("from_fiscal_year"), raw.get("fiscal_year")]
    if any(isinstance(y, bool) or not isinstance(y, int) for y in years):
        raise UserError(f"{where}: give from_fiscal_year and fiscal_year as years like 2026")
    for name, year in zip(("from_fiscal_year", "fiscal_year"), years, strict=True):
        check_year(year, name, where)
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
    if fy is not None:
        check_year(fy, "fiscal_year", where)
    values = {key: value for key, value in raw.items() if key not in ("event_id", "fiscal_year")}
    for key, value in values.items():
        if isinstance(value, float):
            finite_number(value, key, where)
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
    return finite_number(raw.get(key), key, where)


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
    raw = read_toml_file(path, f"scenario file '{path}'")
    raw.setdefault("name", path.stem)
    return scenario_from_dict(raw, source=path.name)


def shipped_scenarios() -> dict[str, Path]:
    """The example scenarios in data/scenarios/, by name."""
    folder = scenarios_folder()
    return {path.stem: path for path in sorted(folder.glob("*.toml"))}


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
