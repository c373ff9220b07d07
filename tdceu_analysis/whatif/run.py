"""Running a what-if: a scenario from whatever the caller has, evaluated and compared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tdceu_analysis.errors import UserError
from tdceu_analysis.evaluate import Evaluation
from tdceu_analysis.fiscal import fiscal_year, fiscal_year_of_date
from tdceu_analysis.io.load import InputData
from tdceu_analysis.policy import Policy, shipped_policy
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
    probe = policy or shipped_policy()
    current = fiscal_year_of_date(day, probe)
    return current if day >= fiscal_year(current, probe.for_year(current)).end else current - 1


SCENARIO_KINDS = (
    "a Scenario, a dict like a scenario file, a shipped scenario's name or a .toml path"
)


def as_scenario(
    scenario: Scenario | Mapping[str, Any] | str | Path, argument: str = "scenario"
) -> Scenario:
    """A Scenario from itself, a dict in the scenario-file layout, a shipped scenario's
    name (see `shipped_scenarios`) or a TOML file's path."""
    if not isinstance(scenario, Scenario | Mapping | str | Path):
        raise UserError(f"{argument} must be {SCENARIO_KINDS}, not {type(scenario).__name__}")
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


# the base evaluations of the last few what-ifs: 05 compares every shipped scenario with
# the same base (the published policy), for the same data, year and as-of date
_BASES: list[tuple[tuple[Any, ...], Evaluation]] = []
_BASES_KEPT = 4


def _base_evaluation(
    data: InputData,
    base: Scenario,
    fy: int,
    as_of: dt.date | None,
    policy: Policy,
    today: dt.date | None,
) -> Evaluation:
    """`evaluate_scenario(data, base, ...)`, once for the same data and policy objects, an
    equal base and the same year and dates (an as-of date left to today: today's)."""
    key = (data, base, fy, as_of, policy, today or (dt.date.today() if as_of is None else None))
    for known, evaluation in list(_BASES):  # (a copy: the live page's prefetch threads add too)
        if all(
            a is b if isinstance(a, InputData | Policy) else a == b
            for a, b in zip(known, key, strict=True)
        ):
            return evaluation
    evaluation = evaluate_scenario(data, base, fy, as_of, policy=policy, today=today)
    _BASES.insert(0, (key, evaluation))
    del _BASES[_BASES_KEPT:]
    return evaluation


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

    `scenario` and `base` may be anything `as_scenario` takes; `policy` defaults to the
    data's own (`data.policy`: the shipped values with the folder's policy.toml).
    """
    if not isinstance(data, InputData):
        raise UserError(f"data must be a loaded folder (load_folder), not {type(data).__name__}")
    if isinstance(fy, bool) or not isinstance(fy, int):
        raise UserError(f"fy must be a fiscal year like 2026, not {fy!r}")
    if as_of is not None and (isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date)):
        raise UserError(f"as_of must be a date like datetime.date(2026, 9, 30), not {as_of!r}")
    if policy is not None and not isinstance(policy, Policy):
        raise UserError(f"policy must be a Policy (load_policy), not {type(policy).__name__}")
    scenario = as_scenario(scenario)
    base = as_scenario(base, "base") if base is not None else BASELINE
    both = combine(base, scenario, name=scenario.name)
    policy = policy or data.policy
    before = _base_evaluation(data, base, fy, as_of, policy, today)
    after = evaluate_scenario(data, both, fy, as_of, policy=policy, today=today)
    catalogs = (scenario_catalog(data.events, base), scenario_catalog(data.events, both))
    return compare(before, after, scenario, catalogs=catalogs)
