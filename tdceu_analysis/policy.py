"""Dated policy values with their sources (rules as data, OpenFisca style).

The values live in `data/policy/parameters.toml`. Each parameter has a unit,
the rule it serves and a list of values, each with the fiscal year it takes
effect and the sentence of ALET's page it comes from. `load_policy(fy)` gives
the values in force in that fiscal year: the latest entry whose
`effective_fy` is on or before it.

A data folder may hold its own `policy.toml` (`load_folder_policy`): entries in the
same format that add a dated value or replace the shipped one of the same parameter
and `effective_fy`, checked exactly like the shipped file. Each value remembers where
it came from (`ParameterValue.origin`), so every output can say which values are the
folder's (`Policy.folder_values`, `policy_origin`).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import difflib
import functools
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from tdceu_analysis._paths import policy_file
from tdceu_analysis.errors import UserError

FOLDER_POLICY_FILE = "policy.toml"
SHIPPED = "shipped"


@dataclass(frozen=True)
class ParameterValue:
    effective_fy: int
    value: Any
    source: str
    # where the value was read: SHIPPED, or the folder's policy.toml it came from
    origin: str = SHIPPED

    @property
    def from_folder(self) -> bool:
        return self.origin != SHIPPED


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    rule: str
    values: tuple[ParameterValue, ...]
    choices: tuple[str, ...] = ()

    def value_for(self, fy: int) -> ParameterValue:
        """The latest value in force in `fy`; a year before the first value uses the first,
        so years before the requirement can still be read (R1 counts their records 0)."""
        in_force = [entry for entry in self.values if entry.effective_fy <= fy]
        if not in_force:
            return self.values[0]
        return max(in_force, key=lambda entry: entry.effective_fy)


def _policy_text(path: Path | None) -> str:
    if path is not None:
        return Path(path).read_text(encoding="utf-8")
    return policy_file().read_text(encoding="utf-8")


# Physical bounds, not policy values: a year has at most this many hours and days, and
# no clock in the rules runs longer than a century of months.
_HOURS_IN_A_YEAR = dt.timedelta(days=366) / dt.timedelta(hours=1)
_DAYS_IN_A_YEAR = dt.timedelta(days=366).days
_MONTHS_IN_A_CENTURY = 100 * len(range(1, 13))
_WHOLE_NUMBER_UNITS = {
    "months": (0, _MONTHS_IN_A_CENTURY),
    "days": (0, _DAYS_IN_A_YEAR),
    "month": (1, 12),
    "day": (1, 31),
}


def check_value(name: str, unit: str, value: Any, choices: tuple[str, ...] = ()) -> None:
    """A value must fit its parameter's unit (the file's and a what-if's alike)."""

    def refuse(expected: str) -> None:
        raise UserError(f"policy '{name}' must be {expected}, not {value!r}")

    if unit == "date":
        if isinstance(value, dt.date):
            return
        if not isinstance(value, str):
            refuse("a date")
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            refuse("a date written YYYY-MM-DD")
    elif unit == "hours":
        # NaN and infinity are numbers to TOML and Python: refused here, where they are read
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value < 0
        ):
            refuse("a number of hours, 0 or more")
        if value > _HOURS_IN_A_YEAR:
            refuse(f"a number of hours a year can hold (at most {_HOURS_IN_A_YEAR:g})")
    elif unit in _WHOLE_NUMBER_UNITS:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            refuse(f"a whole number of {unit}")
        low, high = _WHOLE_NUMBER_UNITS[unit]
        if not low <= value <= high:
            refuse(
                f"a {unit} from {low} to {high}"
                if low
                else f"a whole number of {unit} from {low} to {high}"
            )
    elif unit == "switch":
        if not isinstance(value, bool):
            refuse("true or false")
    elif unit == "strand list":
        if not isinstance(value, Mapping) or not value:
            refuse("a table of strand code = strand name")
        if not all(isinstance(k, str) and isinstance(v, str) and v for k, v in value.items()):
            refuse("a table of strand code = strand name")
    elif unit == "choice" and (not isinstance(value, str) or (choices and value not in choices)):
        refuse("one of " + ", ".join(choices) if choices else "a word")


def parse_parameters(raw: Mapping[str, Any]) -> dict[str, Parameter]:
    """Check and index the raw TOML: every value needs a year, a source, and one entry a year."""
    parameters: dict[str, Parameter] = {}
    for name, spec in raw.items():
        if not isinstance(spec, Mapping):
            raise UserError(f"policy '{name}' is not a table")
        for key in ("description", "unit", "rule", "values"):
            if key not in spec:
                raise UserError(f"policy '{name}' has no '{key}'")
        values: list[ParameterValue] = []
        for entry in spec["values"]:
            if "effective_fy" not in entry or "value" not in entry:
                raise UserError(f"policy '{name}' has a value without 'effective_fy' or 'value'")
            year = entry["effective_fy"]
            if isinstance(year, bool) or not isinstance(year, int):
                raise UserError(f"policy '{name}' has an effective_fy that is not a year: {year!r}")
            source = str(entry.get("source", "")).strip()
            if not source:
                raise UserError(
                    f"policy '{name}' FY{int(entry['effective_fy']) % 100:02d} has no source"
                )
            check_value(name, str(spec["unit"]), entry["value"], tuple(spec.get("choices", ())))
            values.append(ParameterValue(int(entry["effective_fy"]), entry["value"], source))
        years = [entry.effective_fy for entry in values]
        if len(set(years)) != len(years):
            raise UserError(f"policy '{name}' defines a value twice for the same fiscal year")
        parameters[name] = Parameter(
            name=name,
            description=str(spec["description"]),
            unit=str(spec["unit"]),
            rule=str(spec["rule"]),
            values=tuple(sorted(values, key=lambda entry: entry.effective_fy)),
            choices=tuple(spec.get("choices", ())),
        )
    return parameters


def load_parameters(path: Path | None = None) -> dict[str, Parameter]:
    """All parameters with all their dated values (the shipped file unless `path`)."""
    return dict(_parsed_parameters(_policy_text(path)))


@functools.lru_cache(maxsize=8)
def _parsed_parameters(text: str) -> dict[str, Parameter]:
    """The checked parameters of one policy text, parsed once per process.
    Why: a widget's year pick asks for the policy several times; the file is still read
    each time, so an edited file is seen. Callers get their own dict, but the parameters
    in it are shared: frozen, except a table value such as the strands, which is read-only
    by convention (`Policy.strands` hands out a copy)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as bad:
        raise UserError(f"policy file is not valid TOML: {bad}") from None
    return parse_parameters(raw)


class FolderValue(NamedTuple):
    """One dated value a data folder's policy.toml gave (a row for pages and reports)."""

    parameter: str
    effective_fy: int
    value: Any
    source: str


def value_text(value: Any) -> str:
    """A policy value as a person writes it: 15 (not 15.0), a date, true/false, a list."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, Mapping):
        return ", ".join(str(name) for name in value.values())
    return str(value)


@dataclass(frozen=True)
class Policy:
    """The policy values in force for one fiscal year."""

    fy: int
    parameters: Mapping[str, Parameter]
    overrides: Mapping[str, Any] = field(default_factory=dict)

    def value(self, name: str) -> Any:
        if name in self.overrides:
            return self.overrides[name]
        if name not in self.parameters:
            raise UserError(f"unknown policy parameter '{name}'")
        return self.parameters[name].value_for(self.fy).value

    def source(self, name: str) -> str:
        if name in self.overrides:
            return "(what-if scenario override)"
        return self.parameters[name].value_for(self.fy).source

    def origin(self, name: str) -> str:
        """Where this year's value of `name` was read: 'shipped', a folder's policy.toml,
        or 'what-if' for a scenario's override."""
        if name in self.overrides:
            return "what-if"
        return self.parameters[name].value_for(self.fy).origin

    def hours(self, name: str) -> float:
        return float(self.value(name))

    def date(self, name: str) -> dt.date:
        return dt.date.fromisoformat(str(self.value(name)))

    def switch(self, name: str) -> bool:
        value = self.value(name)
        if not isinstance(value, bool):
            raise UserError(f"policy '{name}' must be true or false, not {value!r}")
        return value

    @property
    def strands(self) -> dict[str, str]:
        """Strand code -> published strand name, in the published order."""
        return dict(self.value("strands"))

    @property
    def first_fy(self) -> int:
        """The first fiscal year any value takes effect (the policy's own first year)."""
        return first_effective_fy(self.parameters)

    def for_year(self, fy: int) -> Policy:
        return dataclasses.replace(self, fy=fy)

    def with_overrides(self, overrides: Mapping[str, Any]) -> Policy:
        """A what-if policy: some values replaced; names and types checked against the file."""
        merged = dict(self.overrides)
        for name, value in overrides.items():
            if name not in self.parameters:
                raise UserError(f"scenario changes unknown policy parameter '{name}'")
            parameter = self.parameters[name]
            current = parameter.value_for(self.fy).value
            if isinstance(current, bool) != isinstance(value, bool) or (
                isinstance(current, int | float) and not isinstance(value, int | float)
            ):
                raise UserError(
                    f"scenario value for '{name}' must be like {current!r}, not {value!r}"
                )
            check_value(name, parameter.unit, value, parameter.choices)
            merged[name] = copy.deepcopy(value)
        return dataclasses.replace(self, overrides=merged)

    def table(self) -> list[dict[str, Any]]:
        """Every value in force this year with unit, rule and source (for explanations)."""
        return [
            {
                "parameter": name,
                "value": self.value(name),
                "unit": parameter.unit,
                "rule": parameter.rule,
                "effective_fy": parameter.value_for(self.fy).effective_fy,
                "source": self.source(name),
            }
            for name, parameter in self.parameters.items()
        ]

    def folder_values(self) -> list[FolderValue]:
        """Every dated value a data folder's policy.toml gave, whatever year it is in force
        (parameter order of the shipped file, then year)."""
        return [
            FolderValue(name, entry.effective_fy, entry.value, entry.source)
            for name, parameter in self.parameters.items()
            for entry in parameter.values
            if entry.from_folder
        ]


def policy_origin(policy: Policy) -> str:
    """One sentence for a page header, a report or the command line: which values are the
    shipped ones and which came from the data folder's policy.toml."""
    rows = policy.folder_values()
    if not rows:
        return "Policy: shipped values"
    listed = ", ".join(
        f"{row.parameter} = {value_text(row.value)} from FY{row.effective_fy % 100:02d}"
        for row in rows
    )
    count = f"{len(rows)} value" + ("" if len(rows) == 1 else "s")
    return f"Policy: shipped values, with {count} from the folder's {FOLDER_POLICY_FILE}: {listed}"


def first_effective_fy(parameters: Mapping[str, Parameter]) -> int:
    """The first fiscal year any of `parameters`' values takes effect."""
    return min(
        entry.effective_fy for parameter in parameters.values() for entry in parameter.values
    )


def load_policy(fy: int, path: Path | None = None) -> Policy:
    """The policy in force in fiscal year `fy` (e.g. 2026 for FY26)."""
    return Policy(fy=fy, parameters=load_parameters(path))


def shipped_policy(path: Path | None = None) -> Policy:
    """The shipped policy without naming a year: at its first effective year. Use it where
    any year's values will do (to find a date's fiscal year, the requirement's start) and
    `for_year` where one year's values matter."""
    parameters = load_parameters(path)
    return Policy(fy=first_effective_fy(parameters), parameters=parameters)


# ---------------------------------------------------------------------------
# A data folder's policy.toml
# ---------------------------------------------------------------------------

_ENTRY_KEYS = ("effective_fy", "value", "source")


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _folder_entry(
    path: Path, name: str, index: int, entry: Any, parameter: Parameter, first_fy: int
) -> ParameterValue:
    """One `[[NAME.values]]` entry of a folder's policy.toml, checked like the shipped file."""
    where = f"{path}: [[{name}.values]] entry {index}"

    def refuse(problem: str) -> UserError:
        return UserError(f"{where}: {problem}")

    if not isinstance(entry, Mapping):
        raise refuse("is not a table of effective_fy, value and source")
    for key in entry:
        if key not in _ENTRY_KEYS:
            raise refuse(f"unknown key '{key}'{_did_you_mean(key, list(_ENTRY_KEYS))}")
    for key in _ENTRY_KEYS:
        if key not in entry:
            raise refuse(
                f"has no '{key}'" + (" (say where the value comes from)" if key == "source" else "")
            )
    year = entry["effective_fy"]
    if isinstance(year, bool) or not isinstance(year, int):
        raise refuse(f"effective_fy must be a fiscal year such as {first_fy}, not {year!r}")
    where = f"{path}: [[{name}.values]] FY{year % 100:02d}"
    # a value may not take effect before the policy's own first year, nor absurdly late
    if not first_fy <= year <= first_fy + 100:
        raise refuse(f"effective_fy {year} must be from {first_fy} to {first_fy + 100}")
    source = entry["source"]
    if not isinstance(source, str) or not source.strip():
        raise refuse("has no source (say where the value comes from)")
    try:
        check_value(name, parameter.unit, entry["value"], parameter.choices)
    except UserError as problem:
        raise refuse(str(problem)) from None
    value = entry["value"]
    if parameter.unit == "hours":
        value = float(value)
    return ParameterValue(year, copy.deepcopy(value), source.strip(), origin=str(path))


def merge_folder_values(
    parameters: Mapping[str, Parameter], raw: Mapping[str, Any], path: Path
) -> dict[str, Parameter]:
    """`parameters` with a folder's entries: a new year adds a dated value, a year the
    parameter already has replaces that value. Nothing else of a parameter can change."""
    first_fy = first_effective_fy(parameters)
    merged = dict(parameters)
    for name, spec in raw.items():
        if name not in parameters:
            raise UserError(
                f"{path}: unknown policy parameter '{name}'{_did_you_mean(name, list(parameters))}"
            )
        if not isinstance(spec, Mapping) or set(spec) != {"values"}:
            others = sorted(set(spec) - {"values"}) if isinstance(spec, Mapping) else []
            problem = (
                f"only [[{name}.values]] entries may be given (not {', '.join(others)}): "
                "the description, unit and rule are the shipped ones"
                if others
                else f"give its values as [[{name}.values]] entries"
            )
            raise UserError(f"{path}: policy '{name}': {problem}")
        entries = spec["values"]
        if not isinstance(entries, list):
            raise UserError(
                f"{path}: policy '{name}': give its values as [[{name}.values]] entries"
            )
        parameter = parameters[name]
        added = [
            _folder_entry(path, name, index, entry, parameter, first_fy)
            for index, entry in enumerate(entries, start=1)
        ]
        years = [entry.effective_fy for entry in added]
        twice = sorted({year for year in years if years.count(year) > 1})
        if twice:
            raise UserError(
                f"{path}: [[{name}.values]] FY{twice[0] % 100:02d} is given twice: keep one"
            )
        kept = [entry for entry in parameter.values if entry.effective_fy not in years]
        merged[name] = dataclasses.replace(
            parameter,
            values=tuple(sorted([*kept, *added], key=lambda entry: entry.effective_fy)),
        )
    _check_together(merged, path)
    return merged


def _check_together(parameters: Mapping[str, Parameter], path: Path) -> None:
    """Values that must fit each other, in every year any of them changes."""
    years = sorted({entry.effective_fy for p in parameters.values() for entry in p.values})
    policy = Policy(fy=years[0], parameters=parameters)
    for year in years:
        in_force = policy.for_year(year)
        # R1: the fiscal year's first day must exist in every year (no February 29)
        month = in_force.value("fiscal_year_start_month")
        day = in_force.value("fiscal_year_start_day")
        try:
            dt.date(1, month, day)  # year 1 is not a leap year
        except ValueError:
            raise UserError(
                f"{path}: in FY{year % 100:02d} the fiscal year would start on month {month}, "
                f"day {day}, which is not a day of every year"
            ) from None
        # R2/R3: the ALET minimum is part of the annual minimum
        if in_force.hours("alet_minimum_hours") > in_force.hours("annual_minimum_hours"):
            raise UserError(
                f"{path}: in FY{year % 100:02d} alet_minimum_hours "
                f"({value_text(in_force.value('alet_minimum_hours'))}) is more than "
                f"annual_minimum_hours ({value_text(in_force.value('annual_minimum_hours'))})"
            )


def read_toml_file(path: Path, named: str) -> dict[str, Any]:
    """A TOML file a person wrote (a folder's policy.toml, a what-if scenario): missing,
    not UTF-8 or not TOML, it is one line naming it as `named`."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{named} does not exist") from None
    except UnicodeDecodeError:
        raise UserError(f"{named} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as bad:
        raise UserError(f"{named} is not valid TOML: {bad}") from None


def load_folder_policy(folder: str | Path, shipped: Path | None = None) -> Policy:
    """The shipped policy merged with `folder/policy.toml` when there is one (absent: the
    shipped values only), at its first effective year (use `for_year`)."""
    parameters = load_parameters(shipped)
    path = Path(folder) / FOLDER_POLICY_FILE
    if path.is_file():
        parameters = merge_folder_values(parameters, read_toml_file(path, str(path)), path)
    return Policy(fy=first_effective_fy(parameters), parameters=parameters)
