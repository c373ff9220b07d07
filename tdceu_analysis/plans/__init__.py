"""Plans: the sessions ahead that would make each director meet the year.

- `find_plans(data, fy, as_of)`: every director's plan (or why there is none), found by
  running the package's own rules on the hypothetical attendance (`plans/search.py`).
- `project_year(...)`: the year's end projected for leadership (`plans/projection.py`).

Layering: above `evaluate` (it calls the engine), beside `whatif`, `synth` and `checks`.
"""

from tdceu_analysis.plans.search import PLAN_COLUMNS, PLAN_STATUSES, Plans, calendar_of, find_plans

__all__ = ["PLAN_COLUMNS", "PLAN_STATUSES", "Plans", "calendar_of", "find_plans"]
