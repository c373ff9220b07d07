"""R11 Status of a year: met / not_met once closed; met, on_track, at_risk, critical while open.

Pace arithmetic for FY26 (2025-10-01 .. 2026-09-30): elapsed = days since October 1,
days left = days to September 30, pace = 12 x elapsed / (elapsed + days left).
"""

import pytest
from rulecases import Case, case_id, check, rec

CASES = [
    Case(
        "a closed year with 12 hours, 6 of them ALET, is met",
        [rec("r1", "alet-winter-conference", "2026-02-10", 12)],
        as_of="2026-09-30",
        summary={"D1": {"status": "met", "hours_needed": 0}},
    ),
    Case(
        "a closed year short of 12 hours is not met",
        [rec("r1", "alet-winter-conference", "2026-02-10", 9)],
        as_of="2026-09-30",
        summary={"D1": {"status": "not_met", "hours_needed": 3}},
    ),
    Case(
        "an as-of date after the year closes the year",
        [
            rec("r1", "alet-winter-conference", "2026-02-10", 9),
            rec("r2", "alet-fall-conference", "2026-10-20", 3),
        ],
        as_of="2026-12-01",
        # read as of 2026-09-30; r2 is FY27 and adds nothing to FY26: 9 hours, not met
        ledger={"r1": (9, "counted"), "r2": (3, "counted")},
        summary={"D1": {"status": "not_met", "total_hours": 9, "hours_needed": 3}},
    ),
    Case(
        "an open year with 12 hours already counted is met",
        [
            rec("r1", "alet-fall-conference", "2025-10-20", 6),
            rec("r2", "alet-winter-conference", "2026-02-10", 6),
        ],
        as_of="2026-03-01",
        summary={"D1": {"status": "met", "hours_needed": 0}},
    ),
    Case(
        "on April 1 2026 six hours is exactly the pace: on track",
        [rec("r1", "alet-winter-conference", "2026-02-10", 6)],
        as_of="2026-04-01",
        # elapsed 182, left 182: pace 12 x 182 / 364 = 6.0; 6 >= 6
        summary={"D1": {"status": "on_track", "hours_needed": 6}},
    ),
    Case(
        "on April 1 2026 five and three quarter hours is behind the pace: at risk",
        [rec("r1", "alet-winter-conference", "2026-02-10", 5.75)],
        as_of="2026-04-01",
        # pace 6.0 > 5.75
        summary={"D1": {"status": "at_risk", "hours_needed": 6.25}},
    ),
    Case(
        "six hours still needed with 90 days left is critical",
        [rec("r1", "alet-winter-conference", "2026-02-10", 6)],
        as_of="2026-07-02",
        # 2026-07-02 .. 2026-09-30 = 90 days; 12 - 6 = 6 needed
        summary={"D1": {"status": "critical", "hours_needed": 6}},
    ),
    Case(
        "six hours still needed with 91 days left is at risk, not critical",
        [rec("r1", "alet-winter-conference", "2026-02-10", 6)],
        as_of="2026-07-01",
        # 91 days left; pace 12 x 273 / 364 = 9 > 6
        summary={"D1": {"status": "at_risk"}},
    ),
    Case(
        "five and three quarter hours needed with 90 days left is at risk, not critical",
        [rec("r1", "alet-winter-conference", "2026-02-10", 6.25)],
        as_of="2026-07-02",
        # 12 - 6.25 = 5.75 < 6; pace 12 x 274 / 364 = 9.03 > 6.25
        summary={"D1": {"status": "at_risk", "hours_needed": 5.75}},
    ),
    Case(
        "no hours a month before the year ends is critical",
        [],
        as_of="2026-09-01",
        summary={"D1": {"status": "critical", "hours_needed": 12}},
    ),
    Case(
        "on the first day of the year no hours is on track",
        [],
        as_of="2025-10-01",
        # elapsed 0: pace 0
        summary={"D1": {"status": "on_track", "hours_needed": 12}},
    ),
    Case(
        "on January 1 three hours is behind the pace of 3.03",
        [rec("r1", "alet-region-meeting", "2025-12-02", 3)],
        as_of="2026-01-01",
        # elapsed 92, left 272: pace 12 x 92 / 364 = 3.03 > 3
        summary={"D1": {"status": "at_risk"}},
    ),
    Case(
        "records dated after the as-of date are not in the ledger and count nothing",
        [
            rec("r1", "alet-winter-conference", "2026-02-10", 6),
            rec("r2", "alet-winter-conference", "2026-03-01", 2, session="Last day"),
            rec("r3", "alet-summer-conference", "2026-03-02", 6),
        ],
        as_of="2026-03-01",
        # r2 is dated on the as-of date and counts; r3 is the day after
        ledger={"r1": (6, "counted"), "r2": (2, "counted"), "r3": None},
        summary={"D1": {"total_hours": 8, "hours_needed": 4}},
    ),
    Case(
        "hours needed is never below zero",
        [rec("r1", "alet-summer-conference", "2026-06-16", 20)],
        summary={"D1": {"hours_needed": 0, "status": "met"}},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_status(case, run_case):
    check(case, run_case(case))
