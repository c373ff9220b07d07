"""Running a what-if: a scenario from whatever the caller has, evaluated and compared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tdceu_analysis.errors import UserError
from tdceu_analysis.fiscal import fiscal_year, fiscal_year_of_date
from tdceu_analysis.io.load import InputData
from tdceu_analysis.policy import Policy, load_policy
from tdceu_analysis.whatif.apply import evaluate_scenario, scenario_catalog
from tdceu_analysis.whatif.compare import WhatIf, compare
from tdceu_analysis.whatif.scenario import (
    BASELINE,
    Scenario,
    combine,
    load_scenario,
    scenario_from_dict,
    shipped_scenarios,
)


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
