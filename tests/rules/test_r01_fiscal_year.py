"""R1 Fiscal year: FY N runs Oct 1 of N-1 .. Sep 30 of N; hours count from 2024-10-01."""

import pytest
from rulecases import Case, case_id, check, rec

CASES = [
    Case(
        "a session on October 1 2025 is the first day of FY26",
        [rec("r1", "alet-winter-conference", "2025-10-01", 3)],
        ledger={"r1": (3, "counted")},
        summary={"D1": {"fiscal_year": 2026, "total_hours": 3, "alet_hours": 3}},
    ),
    Case(
        "a session on September 30 2026 is the last day of FY26",
        [rec("r1", "alet-summer-conference", "2026-09-30", 4)],
        ledger={"r1": (4, "counted")},
        summary={"D1": {"total_hours": 4}},
    ),
    Case(
        "a session on September 30 2025 belongs to FY25 and not to FY26",
        [
            rec("r1", "alet-fall-conference", "2025-09-30", 5),
            rec("r2", "alet-winter-conference", "2025-10-01", 2),
        ],
        # r1 counts in FY25's ledger; FY26 holds only r2: 2 hours
        ledger={"r1": (5, "counted"), "r2": (2, "counted")},
        summary={"D1": {"total_hours": 2, "hours_needed": 10}},
    ),
    Case(
        "the FY26 summary holds FY26 hours only, not FY25 or FY27 hours",
        [
            rec("r1", "alet-cyber-camp", "2025-06-01", 6),
            rec("r2", "alet-cyber-camp", "2026-06-01", 3),
            rec("r3", "alet-cyber-camp", "2026-10-01", 6),
        ],
        ledger={"r1": (6, "counted"), "r2": (3, "counted"), "r3": (6, "counted")},
        summary={"D1": {"total_hours": 3, "alet_hours": 3}},
    ),
    Case(
        "a session on September 30 2024, before the requirement began, counts in no year",
        [
            rec("r1", "alet-fall-conference", "2024-09-30", 3),
            rec("r2", "alet-fall-conference", "2024-10-01", 3),
            rec("r3", "alet-winter-conference", "2023-02-14", 6),
        ],
        fy=2025,
        # r1 and r3 are FY24 and FY23: years before 2024-10-01 have no ledger at all;
        # r2 is FY25's first day: 3 hours
        ledger={"r1": None, "r2": (3, "counted"), "r3": None},
        summary={"D1": {"total_hours": 3}},
    ),
    Case(
        "with the requirement start moved to 2025-01-01, a December 2024 session counts 0",
        [
            rec("r1", "alet-fall-conference", "2024-12-31", 3),
            rec("r2", "alet-winter-conference", "2025-01-01", 3),
        ],
        fy=2025,
        policy={"requirement_start": "2025-01-01"},
        # a what-if: both records are FY25; r1 is before the (moved) start
        ledger={"r1": (0, "before_requirement"), "r2": (3, "counted")},
        summary={"D1": {"total_hours": 3}},
    ),
    Case(
        "an external event before the requirement began is before_requirement, not not_approved",
        [rec("r1", "ext-iste", "2024-12-10", 3)],
        fy=2025,
        policy={"requirement_start": "2025-01-01"},
        # both apply (ISTE is approved for FY26 only); before_requirement comes first
        ledger={"r1": (0, "before_requirement")},
    ),
    Case(
        "February 29 2028 belongs to FY28",
        [rec("r1", "alet-winter-conference", "2028-02-29", 6)],
        fy=2028,
        ledger={"r1": (6, "counted")},
        summary={"D1": {"fiscal_year": 2028, "total_hours": 6, "alet_hours": 6}},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_fiscal_year(case, run_case):
    check(case, run_case(case))
