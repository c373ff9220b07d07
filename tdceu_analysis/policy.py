"""Dated policy values with their sources (rules as data, OpenFisca style).

The values live in `data/policy/parameters.toml`. Each parameter has a unit,
the rule it serves and a list of values, each with the fiscal year it takes
effect and the sentence of ALET's page it comes from. `load_policy(fy)` gives
the values in force in that fiscal year: the latest entry whose
`effective_fy` is on or before it.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tdceu_analysis._paths import policy_file
from tdceu_analysis.errors import UserError

POLICY_FILE = "parameters.toml"


@dataclass(frozen=True)
class ParameterValue:
    effective_fy: int
    value: Any
    source: str


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


_WHOLE_NUMBER_UNITS = {"months": None, "days": None, "month": (1, 12), "day": (1, 31)}


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
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            refuse("a number of hours, 0 or more")
    elif unit in _WHOLE_NUMBER_UNITS:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            refuse(f"a whole number of {unit}")
        bounds = _WHOLE_NUMBER_UNITS[unit]
        if bounds and not bounds[0] <= value <= bounds[1]:
            refuse(f"a {unit} from {bounds[0]} to {bounds[1]}")
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

    def for_year(self, fy: int) -> Policy:
        return Policy(fy=fy, parameters=self.parameters, overrides=self.overrides)

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
        return Policy(fy=self.fy, parameters=self.parameters, overrides=merged)

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


def load_policy(fy: int, path: Path | None = None) -> Policy:
    """The policy in force in fiscal year `fy` (e.g. 2026 for FY26)."""
    return Policy(fy=fy, parameters=load_parameters(path))
