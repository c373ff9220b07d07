"""R9 Who is in scope: held the role on any day of the year; mid-year starts owe 12 hours."""

import pytest
from rulecases import Case, case_id, check, director, rec

CASES = [
    Case(
        "a director who started mid-year is in scope, flagged, and owes the full 12 hours",
        [rec("r1", "alet-summer-conference", "2026-06-16", 4)],
        directors=[director("D1", role_start="2026-03-01")],
        summary={
            "D1": {
                "started_mid_year": True,
                "total_hours": 4,
                "hours_needed": 8,
                "status": "not_met",
            }
        },
    ),
    Case(
        "a director who started on October 1 did not start mid-year",
        [],
        directors=[director("D1", role_start="2025-10-01")],
        summary={"D1": {"started_mid_year": False, "hours_needed": 12}},
    ),
    Case(
        "a director who started on October 2 started mid-year",
        [],
        directors=[director("D1", role_start="2025-10-02")],
        summary={"D1": {"started_mid_year": True, "hours_needed": 12}},
    ),
    Case(
        "a director in the role since before the year did not start mid-year",
        [],
        directors=[director("D1", role_start="2021-08-01")],
        summary={"D1": {"started_mid_year": False}},
    ),
    Case(
        "a director who left during the year is in scope",
        [rec("r1", "alet-winter-conference", "2026-02-10", 6)],
        directors=[director("D1", role_start="2018-01-01", role_end="2026-03-31")],
        summary={"D1": {"total_hours": 6, "hours_needed": 6, "status": "not_met"}},
    ),
    Case(
        "a director who left on October 1 held the role one day of the year: in scope",
        [],
        directors=[director("D1", role_start="2018-01-01", role_end="2025-10-01")],
        summary={"D1": {"total_hours": 0}},
    ),
    Case(
        "a director who left on September 30 of the year before is out of scope",
        [],
        directors=[
            director("D1", role_start="2018-01-01", role_end="2025-09-30"),
            director("D2"),
        ],
        summary={"D1": None, "D2": {"total_hours": 0}},
    ),
    Case(
        "a director who starts after the year is out of scope",
        [],
        directors=[director("D1", role_start="2026-10-01"), director("D2")],
        summary={"D1": None, "D2": {"hours_needed": 12}},
    ),
    Case(
        "a director who starts after the as-of date is not in scope yet",
        [],
        as_of="2026-03-01",
        directors=[director("D1", role_start="2026-04-01"), director("D2")],
        summary={"D1": None, "D2": {"hours_needed": 12}},
    ),
    Case(
        "a director who starts on the as-of date is in scope",
        [],
        as_of="2026-03-01",
        directors=[director("D1", role_start="2026-03-01")],
        summary={"D1": {"started_mid_year": True}},
    ),
    Case(
        "each director in scope gets a row, with or without records",
        [rec("r1", "alet-winter-conference", "2026-02-10", 6, director="D2")],
        directors=[director("D1"), director("D2"), director("D3", role_start="2025-12-01")],
        summary={
            "D1": {"total_hours": 0, "hours_needed": 12},
            "D2": {"total_hours": 6, "hours_needed": 6},
            "D3": {"total_hours": 0, "started_mid_year": True},
        },
    ),
    Case(
        # issue 12: ledger and summary agree; the record stays a ledger row, counting 0
        "the records of a director out of scope are still ledger rows, counting 0 (not_in_role)",
        [rec("r1", "alet-winter-conference", "2026-02-10", 6)],
        directors=[director("D1", role_start="2018-01-01", role_end="2025-06-30")],
        ledger={"r1": (0, "not_in_role")},
        summary={"D1": None},
    ),
    Case(
        "a director who starts after the as-of date has no summary row and records count 0",
        [rec("r1", "alet-winter-conference", "2026-02-10", 6)],
        directors=[director("D1", role_start="2026-05-01")],
        as_of="2026-03-31",
        ledger={"r1": (0, "not_in_role")},
        summary={"D1": None},
    ),
    Case(
        "a record dated before role_start in a year the director is in scope counts",
        [
            rec("r1", "alet-winter-conference", "2026-02-10", 5),
            rec("r2", "alet-summer-conference", "2026-06-16", 4),
        ],
        directors=[director("D1", role_start="2026-03-01")],
        ledger={"r1": (5, "counted"), "r2": (4, "counted")},
        summary={"D1": {"total_hours": 9, "started_mid_year": True}},
    ),
    Case(
        "a record dated after role_end in a year the director is in scope counts",
        [rec("r1", "alet-summer-conference", "2026-06-16", 4)],
        directors=[director("D1", role_start="2018-01-01", role_end="2026-01-31")],
        ledger={"r1": (4, "counted")},
        summary={"D1": {"total_hours": 4}},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_scope(case, run_case):
    check(case, run_case(case))
