"""Compact rule cases and the code that runs them through an engine.

A rule case is one sentence (its pytest id), a few records written with `rec(...)`,
and what the rules say should come out: hours counted and reason per record, and/or
some summary figures per director. The same case runs twice: through the package's
engine (`tdceu_analysis.load_frames` + `evaluate`) and through the plain-Python
reading in tests/reference/plain_rules.py, so a wrong expectation and a wrong
engine both show up.

Defaults keep the tables short: one director "D1" (in the role since 2019, so no
CTO Academy is required), strand "cyber", assignment done and evidence uploaded,
fiscal year 2026 evaluated as of its last day (2026-09-30).
"""

from __future__ import annotations

import contextlib
import importlib.util
import math
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

_REFERENCE_FILE = Path(__file__).resolve().parents[1] / "reference" / "plain_rules.py"


def _load_reference():
    if "plain_rules" not in sys.modules:
        spec = importlib.util.spec_from_file_location("plain_rules", _REFERENCE_FILE)
        module = importlib.util.module_from_spec(spec)
        sys.modules["plain_rules"] = module
        spec.loader.exec_module(module)
    return sys.modules["plain_rules"]


plain_rules = _load_reference()

# The words of rules.md (reason codes; R10 and R11 statuses).
REASON_CODES = {
    "counted",
    "capped_session",
    "capped_line",
    "capped_external",
    "not_approved",
    "before_requirement",
    "no_strand",
    "repeat_course",
    "duplicate",
    "assignment_incomplete",
    "evidence_missing",
    "not_in_role",
}
YEAR_STATUSES = {"met", "not_met", "on_track", "at_risk", "critical"}
CTO_STATUSES = {"not_required", "completed", "in_window", "due_soon", "overdue"}

RECORD_COLUMNS = (
    "record_id",
    "director_id",
    "event_id",
    "session",
    "date",
    "hours",
    "strands",
    "delivery",
    "assignment_complete",
    "evidence_uploaded",
)
DIRECTOR_COLUMNS = (
    "director_id",
    "name",
    "district_code",
    "role_start",
    "role_end",
    "cto_academy_completed",
)
EVENT_COLUMNS = (
    "event_id",
    "name",
    "category",
    "kind",
    "fiscal_year",
    "max_hours_per_session",
    "max_hours_per_year",
    "repeatable",
    "requires_assignment",
    "requires_evidence",
    "delivery",
)
DISTRICTS = [
    {
        "district_code": "001",
        "district_name": "Test County",
        "district_type": "county",
        "region": "1",
    }
]


def rec(
    record_id: str,
    event_id: str,
    day: str,
    hours: float,
    strands: str = "cyber",
    *,
    session: str = "",
    director: str = "D1",
    delivery: str = "",
    assignment: str = "yes",
    evidence: str = "yes",
) -> dict:
    """One records row, as a file would hold it (every value a string)."""
    return {
        "record_id": record_id,
        "director_id": director,
        "event_id": event_id,
        "session": session,
        "date": day,
        "hours": f"{hours:g}",
        "strands": strands,
        "delivery": delivery,
        "assignment_complete": assignment,
        "evidence_uploaded": evidence,
    }


def director(
    director_id: str = "D1",
    role_start: str = "2019-07-01",
    role_end: str = "",
    cto_completed: str = "",
) -> dict:
    return {
        "director_id": director_id,
        "name": f"Director {director_id}",
        "district_code": "001",
        "role_start": role_start,
        "role_end": role_end,
        "cto_academy_completed": cto_completed,
    }


def approval(event_id: str, fiscal_year: int) -> dict:
    """A catalogue row approving a shipped external line again for another year."""
    shipped = plain_rules.read_catalog()[(event_id, "2026")]
    return {
        **{column: shipped[column] for column in EVENT_COLUMNS},
        "fiscal_year": str(fiscal_year),
    }


@dataclass
class Case:
    """One rule case. `ledger`: record_id -> (hours counted, reason), or None for a
    record that must not be in any ledger (dated after the as-of date). When given,
    it lists every record of the case that is not in `rejected`. `summary`:
    director_id -> {column: value}; a director mapped to None must not be in scope."""

    name: str
    records: list[dict]
    ledger: dict[str, tuple[float, str] | None] = field(default_factory=dict)
    summary: dict[str, dict | None] = field(default_factory=dict)
    fy: int = 2026
    as_of: str | None = None
    directors: list[dict] | None = None
    events: list[dict] = field(default_factory=list)
    rejected: set[str] = field(default_factory=set)
    policy: dict = field(default_factory=dict)  # policy values changed for this case (what-if)

    def __str__(self) -> str:
        return self.name


def case_id(case: Case) -> str:
    return case.name


@dataclass
class Outcome:
    """What an engine produced for a case, in plain Python values."""

    ledger: dict[str, dict]  # record_id -> row (every fiscal year the case touches)
    summary: dict[str, dict]  # director_id -> row (the case's fiscal year)
    rejected: set[str]


def _years(case: Case) -> list[int]:
    """The fiscal years a case touches, from the first year that can count (FY25).

    Years before the requirement began have no ledger: records dated then are in
    no year's ledger (the engine refuses to evaluate FY24).
    """
    policy = plain_rules.with_overrides(plain_rules.read_policy(), case.policy)
    start = date.fromisoformat(plain_rules.policy_value(policy, "requirement_start", case.fy))
    first = plain_rules.fiscal_year_of(policy, start)
    years = {case.fy}
    for row in case.records:
        with contextlib.suppress(ValueError):  # a bad date is a reject, not a year
            years.add(plain_rules.fiscal_year_of(policy, date.fromisoformat(row["date"])))
    return sorted(year for year in years if year >= first)


def _as_of(case: Case, year: int) -> date | None:
    if year == case.fy and case.as_of:
        return date.fromisoformat(case.as_of)
    return plain_rules.fy_end(plain_rules.read_policy(), year)


def run_reference(case: Case) -> Outcome:
    directors = case.directors or [director()]
    ledger, summary, rejected = {}, {}, set()
    for year in _years(case):
        result = plain_rules.evaluate(
            directors,
            DISTRICTS,
            case.records,
            year,
            _as_of(case, year),
            events=case.events,
            overrides=case.policy,
        )
        ledger.update({row["record_id"]: row for row in result.ledger})
        rejected |= set(result.rejected)
        if year == case.fy:
            summary = {row["director_id"]: row for row in result.summary}
    return Outcome(ledger, summary, rejected)


def _frame(rows: list[dict], columns: tuple[str, ...]):
    import polars as pl

    return pl.DataFrame(
        {column: [row.get(column) or None for row in rows] for column in columns},
        schema={column: pl.String for column in columns},
    )


def engine_inputs(directors, records, events=()):
    """load_frames(...) on string frames built from compact rows."""
    import tdceu_analysis

    return tdceu_analysis.load_frames(
        directors=_frame(directors, DIRECTOR_COLUMNS),
        districts=_frame(DISTRICTS, tuple(DISTRICTS[0])),
        records=_frame(records, RECORD_COLUMNS),
        events=_frame(list(events), EVENT_COLUMNS) if events else None,
        source="memory",
    )


def engine_evaluate(data, fy: int, as_of: date | None, policy: dict | None = None):
    import tdceu_analysis

    if policy:
        scenario = tdceu_analysis.load_policy(fy).with_overrides(policy)
        return tdceu_analysis.evaluate(data, fy=fy, as_of=as_of, policy=scenario)
    return tdceu_analysis.evaluate(data, fy=fy, as_of=as_of)


def run_engine(case: Case) -> Outcome:
    data = engine_inputs(case.directors or [director()], case.records, case.events)
    ledger, summary, rejected = {}, {}, set()
    for year in _years(case):
        result = engine_evaluate(data, year, _as_of(case, year), case.policy)
        ledger.update({row["record_id"]: row for row in result.ledger.to_dicts()})
        rejected |= {row["record_id"] for row in result.rejects.to_dicts()}
        if year == case.fy:
            summary = {row["director_id"]: row for row in result.summary.to_dicts()}
    return Outcome(ledger, summary, rejected)


RUNNERS = {"reference": run_reference, "engine": run_engine}


def _same(actual, expected) -> bool:
    if isinstance(expected, bool) or expected is None:
        return actual == expected
    if isinstance(expected, int | float):
        return actual is not None and math.isclose(actual, expected, abs_tol=1e-9)
    if isinstance(actual, date):
        actual = actual.isoformat()
    return actual == expected


def check(case: Case, outcome: Outcome) -> None:
    """Assert that `outcome` is what `case` expects, with a readable message."""
    problems = []
    for record_id in sorted(case.rejected):
        if record_id not in outcome.rejected:
            problems.append(f"{record_id}: expected a reject")
    if case.ledger:
        expected_ids = {rid for rid, want in case.ledger.items() if want is not None}
        for rid, want in sorted(case.ledger.items()):
            row = outcome.ledger.get(rid)
            if want is None:
                if row is not None:
                    problems.append(f"{rid}: expected in no ledger, got {row['reason']}")
                continue
            if row is None:
                problems.append(f"{rid}: missing from the ledger")
                continue
            got = (row["hours_counted"], row["reason"])
            if not (_same(got[0], want[0]) and got[1] == want[1]):
                problems.append(f"{rid}: expected {want}, got {got}")
        extra = set(outcome.ledger) - expected_ids
        if extra:
            problems.append(f"unexpected ledger rows: {sorted(extra)}")
    for director_id, want in case.summary.items():
        row = outcome.summary.get(director_id)
        if want is None:
            if row is not None:
                problems.append(f"{director_id}: expected out of scope, found in summary")
            continue
        if row is None:
            problems.append(f"{director_id}: missing from the summary")
            continue
        for column, value in want.items():
            if not _same(row.get(column), value):
                got = row.get(column)
                problems.append(f"{director_id}.{column}: expected {value!r}, got {got!r}")
    assert not problems, f"{case.name}:\n  " + "\n  ".join(problems)
