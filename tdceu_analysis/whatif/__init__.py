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

Every number is checked where it is read (a finite number, not negative, within a
sane range for its unit); policy values then go through the policy's own checks
(`Policy.with_overrides`: names, types and units), and the fiscal year's start month
and day must make a day every year has. Catalogue rows are checked by the data
contract's own event checks, attendance against the districts and strands. A
catalogue change replaces `InputData.events` only: records are not checked
again, so a record of a dropped event shows up as `not_approved`, not as a
reject. Synthetic attendance is deterministic: "spread" takes directors evenly
along director_id order, "most_behind" those with the most hours needed under
the scenario's rules without the extra event, then director_id.

`run_what_if(data, scenario, fy, as_of)` evaluates the baseline and the
scenario and returns a `WhatIf` whose frames say who changed status, in which
direction, by region, by strand, and which ledger rows changed reason.

The package, one idea a module: `scenario` (reading and checking a scenario),
`apply` (its policy values and catalogue edits), `attendance` (assumed attendance
as synthetic records), `compare` (the frames of a `WhatIf`) and `run` (the API).
"""

from __future__ import annotations

from tdceu_analysis.whatif.apply import (
    evaluate_scenario,
    scenario_catalog,
    scenario_policy,
)
from tdceu_analysis.whatif.attendance import (
    attendance_records,
)
from tdceu_analysis.whatif.compare import (
    DIRECTIONS,
    STATUS_RANK,
    WhatIf,
    by_region,
    catalog_changes,
    changed_directors,
    compare,
    direction_counts,
    director_changes,
    ledger_changes,
    policy_changes,
    status_counts,
    strand_changes,
    transitions,
)
from tdceu_analysis.whatif.run import (
    as_scenario,
    last_closed_year,
    run_what_if,
)
from tdceu_analysis.whatif.scenario import (
    ATTENDANCE_KEYS,
    ATTENDEE_CHOICES,
    BASELINE,
    CATALOG_ACTIONS,
    EVENT_FIELDS,
    LOAD_TIME_PARAMETERS,
    SCENARIO_KEYS,
    Attendance,
    CatalogChange,
    Scenario,
    check_policy_overrides,
    combine,
    load_scenario,
    scenario_from_dict,
    shipped_scenarios,
)

__all__ = [
    "ATTENDANCE_KEYS",
    "ATTENDEE_CHOICES",
    "BASELINE",
    "CATALOG_ACTIONS",
    "DIRECTIONS",
    "EVENT_FIELDS",
    "LOAD_TIME_PARAMETERS",
    "SCENARIO_KEYS",
    "STATUS_RANK",
    "Attendance",
    "CatalogChange",
    "Scenario",
    "WhatIf",
    "as_scenario",
    "attendance_records",
    "by_region",
    "catalog_changes",
    "changed_directors",
    "check_policy_overrides",
    "combine",
    "compare",
    "direction_counts",
    "director_changes",
    "evaluate_scenario",
    "last_closed_year",
    "ledger_changes",
    "load_scenario",
    "policy_changes",
    "run_what_if",
    "scenario_catalog",
    "scenario_from_dict",
    "scenario_policy",
    "shipped_scenarios",
    "status_counts",
    "strand_changes",
    "transitions",
]
