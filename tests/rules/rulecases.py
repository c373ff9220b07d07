"""Rule cases and the code that runs them through an engine.

A rule case is one sentence (its pytest id), a few records, the case's own event
rows, and what the rules say should come out: hours counted and reason per record,
and/or some summary figures per director. The cases are data files that ALET staff
can read: tests/rules/cases/*.toml, one per rule (see the README there), loaded by
`load_case_file`. The same case runs twice: through the package's engine
(`tdceu_analysis.load_frames` + `evaluate`) and through the plain-Python reading in
tests/reference/plain_rules.py, so a wrong expectation and a wrong engine both show up.

Defaults keep the files short: one director "D1" (in the role since 2019, so no
CTO Academy is required), strand "cyber", assignment done and evidence uploaded,
fiscal year 2026 evaluated as of its last day (2026-09-30).

Python tests that are not table cases (properties, differential, engine views)
build records with `rec(...)` and `director(...)`.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import math
import sys
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NoReturn

from tdceu_analysis.io.schema import column_names

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

# a case's records carry every column of the records file (the data contract's schema);
# its directors and events only the columns the rules read
RECORD_COLUMNS = column_names("records")
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
    why: str = ""  # the arithmetic, in words
    source: str = ""  # the case file it comes from (its stem)

    def __str__(self) -> str:
        return self.name


def case_id(case: Case) -> str:
    return f"{case.source}: {case.name}" if case.source else case.name


# ------------------------------------------------------------------------ case files

CASES_DIR = Path(__file__).resolve().parent / "cases"
REQUIRED_RECORD_KEYS = ("record_id", "event_id", "date", "hours")
REQUIRED_EVENT_KEYS = (
    "event_id",
    "name",
    "category",
    "kind",
    "repeatable",
    "requires_assignment",
    "requires_evidence",
    "delivery",
)
RECORD_DEFAULTS = {
    "director_id": "D1",
    "session": "",
    "strands": "cyber",
    "delivery": "",
    "assignment_complete": "yes",
    "evidence_uploaded": "yes",
}
CASE_KEYS = {
    "name",
    "why",
    "group",
    "fiscal_year",
    "as_of",
    "policy",
    "directors",
    "records",
    "events",
    "rejected",
    "in_no_ledger",
    "out_of_scope",
    "ledger",
    "summary",
}
DEFAULT_FY = 2026


class CaseFileError(Exception):
    """A case file that cannot be read as cases; the message names the file and case."""


def _text(value) -> str:
    """A TOML value as a file cell would hold it (every value a string, blank = "")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}"
    return str(value)


def _rows(raw, what: str, required: tuple[str, ...], allowed, fail) -> list[dict]:
    if not isinstance(raw, list) or not all(isinstance(row, dict) for row in raw):
        fail(f"{what} must be a list of tables")
    for number, row in enumerate(raw, start=1):
        missing = [key for key in required if key not in row]
        if missing:
            fail(f"{what} row {number} has no {', '.join(missing)}")
        unknown = sorted(set(row) - set(allowed))
        if unknown:
            fail(f"{what} row {number} has unknown keys {unknown}")
    return raw


def _case(
    raw: dict, source: str, fail, shipped: dict[str, set[str]], shipped_rows: dict[str, dict]
) -> Case:
    """One [[case]] table as a Case, checked so that only the case's own rows decide."""
    unknown = sorted(set(raw) - CASE_KEYS)
    if unknown:
        fail(f"unknown keys {unknown}")
    for key in ("name", "why"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            fail(f"no {key} (a sentence)")
    records = [
        RECORD_DEFAULTS | {key: _text(value) for key, value in row.items()}
        for row in _rows(raw.get("records"), "records", REQUIRED_RECORD_KEYS, RECORD_COLUMNS, fail)
    ]
    # an event the shipped catalogue has: its shipped row, changed where the case says
    # (what the case tests); another event: every column the case gives, a cap left out
    # is no cap
    raw_events = raw.get("events", [])
    _rows(raw_events, "events", ("event_id",), EVENT_COLUMNS, fail)
    events = []
    for row in raw_events:
        base = shipped_rows.get(_text(row["event_id"]))
        if base is None:
            _rows([row], "events", REQUIRED_EVENT_KEYS, EVENT_COLUMNS, fail)
            base = {}
        events.append(
            {column: _text(row.get(column, base.get(column, ""))) for column in EVENT_COLUMNS}
        )
    directors = [
        director(
            _text(row["director_id"]),
            _text(row["role_start"]),
            _text(row.get("role_end", "")),
            _text(row.get("cto_academy_completed", "")),
        )
        for row in _rows(
            raw.get("directors", []),
            "directors",
            ("director_id", "role_start"),
            ("director_id", "role_start", "role_end", "cto_academy_completed"),
            fail,
        )
    ]
    record_ids = {row["record_id"] for row in records}
    rejected = set(raw.get("rejected", []))
    ledger: dict[str, tuple[float, str] | None] = {}
    for record_id, want in raw.get("ledger", {}).items():
        if not (isinstance(want, dict) and set(want) == {"hours_counted", "reason"}):
            fail(f"ledger.{record_id} must be {{ hours_counted = ..., reason = ... }}")
        ledger[record_id] = (want["hours_counted"], want["reason"])
    ledger |= {record_id: None for record_id in raw.get("in_no_ledger", [])}
    named = set(ledger) | rejected
    if named - record_ids:
        fail(f"expects records the case does not have: {sorted(named - record_ids)}")
    summary: dict[str, dict | None] = {}
    for director_id, want in raw.get("summary", {}).items():
        want = dict(want)
        summary[director_id] = want | {column: None for column in want.pop("blank", [])}
    summary |= {director_id: None for director_id in raw.get("out_of_scope", [])}
    # The case's own event rows decide: a record's event must be one of them (or the
    # record is expected to be rejected for an event no catalogue has), and an event_id
    # the shipped catalogue also has must give a row for every year the shipped one does,
    # so that every shipped row of it is replaced.
    own: dict[str, set[str]] = {}
    for row in events:
        own.setdefault(row["event_id"], set()).add(row["fiscal_year"])
    for row in records:
        event_id = row["event_id"]
        if event_id not in own and (event_id in shipped or row["record_id"] not in rejected):
            fail(f"record {row['record_id']}: event {event_id!r} is not among the case's events")
    for event_id, years in own.items():
        left = shipped.get(event_id, set()) - years
        if left:
            fail(
                f"event {event_id!r} leans on the shipped catalogue's row(s) for year(s) "
                f"{sorted(year or 'every' for year in left)}: give the case its own row for "
                "each, or another event_id"
            )
    return Case(
        name=raw["name"].strip(),
        records=records,
        ledger=ledger,
        summary=summary,
        fy=raw.get("fiscal_year", DEFAULT_FY),
        as_of=_text(raw["as_of"]) if "as_of" in raw else None,
        directors=directors or None,
        events=events,
        rejected=rejected,
        policy=dict(raw.get("policy", {})),
        why=raw["why"].strip(),
        source=source,
    )


def _shipped_years() -> dict[str, set[str]]:
    """event_id -> the fiscal years ("" = every year) of its rows in the shipped catalogue."""
    years: dict[str, set[str]] = {}
    for event_id, fiscal_year in plain_rules.read_catalog():
        years.setdefault(event_id, set()).add(fiscal_year)
    return years


def _shipped_rows() -> dict[str, dict]:
    """event_id -> its row in the shipped catalogue (one row per event_id there)."""
    rows: dict[str, dict] = {}
    for (event_id, _), row in plain_rules.read_catalog().items():
        if event_id in rows:  # two rows: a case must then give every column itself
            rows[event_id] = None
        else:
            rows[event_id] = {column: (row.get(column) or "") for column in EVENT_COLUMNS}
    return {event_id: row for event_id, row in rows.items() if row is not None}


def load_case_file(path: Path) -> list[Case]:
    """The cases of one file; a malformed file raises CaseFileError naming file and case."""
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise CaseFileError(f"{path.name}: not valid TOML: {error}") from None
    unknown = sorted(set(document) - {"case"})
    if unknown or not isinstance(document.get("case"), list) or not document["case"]:
        raise CaseFileError(f"{path.name}: expected [[case]] tables only, found {unknown}")
    shipped = _shipped_years()
    shipped_rows = _shipped_rows()
    cases = []
    for number, raw in enumerate(document["case"], start=1):
        label = f"{path.name}, case {number} ({raw.get('name', 'no name')!r})"

        def fail(message: str, label: str = label) -> NoReturn:
            raise CaseFileError(f"{label}: {message}")

        try:
            cases.append(_case(raw, path.stem, fail, shipped, shipped_rows))
        except CaseFileError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            fail(f"{type(error).__name__}: {error}")
    return cases


def load_cases(folder: Path = CASES_DIR) -> list[Case]:
    """Every case of every case file in `folder`, file by file."""
    return [case for path in sorted(folder.glob("*.toml")) for case in load_case_file(path)]


@dataclass
class Outcome:
    """What an engine produced for a case, in plain Python values."""

    ledger: dict[str, dict]  # record_id -> row (every fiscal year the case touches)
    summary: dict[str, dict]  # director_id -> row (the case's fiscal year)
    rejected: set[str]


@functools.cache
def _shipped_policy() -> dict:
    """The shipped parameters.toml as the reference reads it, parsed once (read-only)."""
    return plain_rules.read_policy()


def _years(case: Case) -> list[int]:
    """The fiscal years a case touches, from the first year that can count (FY25).

    Years before the requirement began have no ledger: records dated then are in
    no year's ledger (the engine refuses to evaluate FY24).
    """
    policy = plain_rules.with_overrides(_shipped_policy(), case.policy)
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
    return plain_rules.fy_end(_shipped_policy(), year)


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
