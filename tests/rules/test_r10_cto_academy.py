"""R10 CTO Academy: directors who took the role after 2024-10-01 finish it within 24 months."""

import pytest
from rulecases import Case, case_id, check, director

CASES = [
    Case(
        "a director in the role since 2019 does not need the CTO Academy",
        [],
        directors=[director("D1", role_start="2019-07-01")],
        summary={"D1": {"cto_academy_status": "not_required", "cto_academy_deadline": None}},
    ),
    Case(
        "a director who started on October 1 2024 itself does not need it (after, not on)",
        [],
        directors=[director("D1", role_start="2024-10-01")],
        summary={"D1": {"cto_academy_status": "not_required", "cto_academy_deadline": None}},
    ),
    Case(
        "a director not required to attend who attended anyway is still not_required",
        [],
        directors=[director("D1", role_start="2020-01-06", cto_completed="2025-04-01")],
        summary={"D1": {"cto_academy_status": "not_required", "cto_academy_deadline": None}},
    ),
    Case(
        "a director who started on October 2 2024 is due by October 2 2026",
        [],
        directors=[director("D1", role_start="2024-10-02")],
        # deadline 2024-10-02 + 24 months = 2026-10-02; on 2026-09-30 two days are left
        summary={"D1": {"cto_academy_status": "due_soon", "cto_academy_deadline": "2026-10-02"}},
    ),
    Case(
        "more than six months before the deadline the director is in the window",
        [],
        directors=[director("D1", role_start="2025-07-15")],
        # deadline 2027-07-15; due soon from 2027-01-15; as of 2026-09-30: in the window
        summary={"D1": {"cto_academy_status": "in_window", "cto_academy_deadline": "2027-07-15"}},
    ),
    Case(
        "a completion on or before the as-of date is completed",
        [],
        directors=[director("D1", role_start="2025-07-15", cto_completed="2026-01-10")],
        summary={"D1": {"cto_academy_status": "completed", "cto_academy_deadline": "2027-07-15"}},
    ),
    Case(
        "a completion on the as-of date itself is completed",
        [],
        as_of="2026-01-10",
        directors=[director("D1", role_start="2025-07-15", cto_completed="2026-01-10")],
        summary={"D1": {"cto_academy_status": "completed"}},
    ),
    Case(
        "a completion after the as-of date does not count yet",
        [],
        as_of="2026-03-01",
        directors=[director("D1", role_start="2025-07-15", cto_completed="2026-05-01")],
        summary={"D1": {"cto_academy_status": "in_window"}},
    ),
    Case(
        "a completion after the deadline is still completed",
        [],
        fy=2027,
        directors=[director("D1", role_start="2024-11-01", cto_completed="2027-02-01")],
        summary={"D1": {"cto_academy_status": "completed"}},
    ),
    Case(
        "past the deadline without a completion is overdue",
        [],
        fy=2027,
        as_of="2027-01-15",
        directors=[director("D1", role_start="2024-11-01")],
        # deadline 2026-11-01 < 2027-01-15
        summary={"D1": {"cto_academy_status": "overdue", "cto_academy_deadline": "2026-11-01"}},
    ),
    Case(
        "on the deadline day itself the academy is due soon, not overdue",
        [],
        fy=2027,
        as_of="2027-01-15",
        directors=[director("D1", role_start="2025-01-15")],
        summary={"D1": {"cto_academy_status": "due_soon", "cto_academy_deadline": "2027-01-15"}},
    ),
    Case(
        "the day after the deadline the academy is overdue",
        [],
        fy=2027,
        as_of="2027-01-16",
        directors=[director("D1", role_start="2025-01-15")],
        summary={"D1": {"cto_academy_status": "overdue"}},
    ),
    Case(
        "exactly six months before the deadline is due soon (month ends clamp)",
        [],
        directors=[director("D1", role_start="2025-03-31")],
        # deadline 2027-03-31; six months earlier is 2026-09-31 -> 2026-09-30
        summary={"D1": {"cto_academy_status": "due_soon", "cto_academy_deadline": "2027-03-31"}},
    ),
    Case(
        "a day more than six months before the deadline is in the window",
        [],
        as_of="2026-09-29",
        directors=[director("D1", role_start="2025-03-31")],
        summary={"D1": {"cto_academy_status": "in_window"}},
    ),
    Case(
        "a start on February 29 has its deadline on February 28 two years later",
        [],
        fy=2028,
        directors=[director("D1", role_start="2028-02-29")],
        # 2028-02-29 + 24 months = 2030-02-29, which does not exist: 2030-02-28
        summary={"D1": {"cto_academy_status": "in_window", "cto_academy_deadline": "2030-02-28"}},
    ),
    Case(
        "an as-of date after the year is read as the year's last day",
        [],
        as_of="2027-06-01",
        directors=[director("D1", role_start="2024-10-15")],
        # deadline 2026-10-15; as of 2026-09-30 (FY26's end), not 2027-06-01: due soon
        summary={"D1": {"cto_academy_status": "due_soon", "cto_academy_deadline": "2026-10-15"}},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_cto_academy(case, run_case):
    check(case, run_case(case))
