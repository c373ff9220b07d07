"""R4 External hours: approved per fiscal year, a cap per line, 6 a year, pending work."""

import pytest
from rulecases import Case, approval, case_id, check, rec

CASES = [
    Case(
        "an approved FY26 external event counts with its assignment done",
        [rec("r1", "ext-aetc", "2026-02-04", 3)],
        ledger={"r1": (3, "counted")},
        summary={"D1": {"total_hours": 3, "external_hours": 3, "alet_hours": 0}},
    ),
    Case(
        "an event approved for FY26 does not count in FY25",
        [rec("r1", "ext-aetc", "2025-02-04", 3)],
        fy=2025,
        # the catalogue approves ext-aetc for fiscal year 2026 only
        ledger={"r1": (0, "not_approved")},
        summary={"D1": {"total_hours": 0, "external_hours": 0}},
    ),
    Case(
        "an event approved for FY26 does not count in FY27 unless approved again",
        [rec("r1", "ext-iste", "2027-06-28", 4)],
        fy=2027,
        ledger={"r1": (0, "not_approved")},
        summary={"D1": {"external_hours": 0}},
    ),
    Case(
        "a folder's events file approving the line for FY27 makes it count in FY27",
        [rec("r1", "ext-iste", "2027-06-28", 4)],
        fy=2027,
        events=[approval("ext-iste", 2027)],
        ledger={"r1": (4, "counted")},
        summary={"D1": {"external_hours": 4}},
    ),
    Case(
        "a folder's events row for the same event and year replaces the shipped cap",
        [
            rec("r1", "ext-aetc", "2026-02-04", 2, session="Day 1"),
            rec("r2", "ext-aetc", "2026-02-05", 2, session="Day 2"),
        ],
        events=[{**approval("ext-aetc", 2026), "max_hours_per_year": "2"}],
        # the folder's FY26 row says 2 hours a year instead of 3: r2 finds the line full
        ledger={"r1": (2, "counted"), "r2": (0, "capped_line")},
    ),
    Case(
        "an external event with its Talent assignment not complete is pending",
        [rec("r1", "ext-aetc", "2026-02-04", 3, assignment="no")],
        ledger={"r1": (0, "assignment_incomplete")},
        summary={"D1": {"total_hours": 0, "external_hours": 0}},
    ),
    Case(
        "a blank assignment_complete means the assignment is not complete",
        [rec("r1", "ext-erate-boot-camp", "2025-11-18", 2, assignment="")],
        ledger={"r1": (0, "assignment_incomplete")},
    ),
    Case(
        "assignment and evidence flags accept yes/no, true/false, 1/0 and y/n in any case",
        [
            rec("r1", "ext-iste", "2026-06-28", 1, assignment="Y", evidence="TRUE"),
            rec("r2", "ext-iste", "2026-06-29", 1, assignment="1", evidence="Yes"),
            rec("r3", "ext-iste", "2026-06-30", 1, assignment="N", evidence="yes"),
            rec("r4", "ext-iste", "2026-07-01", 1, assignment="true", evidence="0"),
            rec("r5", "ext-iste", "2026-07-02", 1, assignment="False", evidence="true"),
        ],
        ledger={
            "r1": (1, "counted"),
            "r2": (1, "counted"),
            "r3": (0, "assignment_incomplete"),
            "r4": (0, "evidence_missing"),
            "r5": (0, "assignment_incomplete"),
        },
    ),
    Case(
        "an event that requires evidence counts 0 until it is uploaded",
        [rec("r1", "ext-iste", "2026-06-29", 5, evidence="no")],
        ledger={"r1": (0, "evidence_missing")},
        summary={"D1": {"external_hours": 0}},
    ),
    Case(
        "with neither assignment nor evidence the assignment is reported first",
        [rec("r1", "ext-iste", "2026-06-29", 5, assignment="no", evidence="")],
        ledger={"r1": (0, "assignment_incomplete")},
    ),
    Case(
        "an event that does not require evidence counts without it",
        [rec("r1", "ext-edtech-region-meetings", "2026-01-27", 2, evidence="no")],
        # requires_evidence is false for the ALSDE region meetings
        ledger={"r1": (2, "counted")},
    ),
    Case(
        "ALET events need neither assignment nor evidence",
        [rec("r1", "alet-winter-conference", "2026-02-10", 3, assignment="", evidence="")],
        ledger={"r1": (3, "counted")},
    ),
    Case(
        "an 'up to 3 hours' line counts at most 3 hours a year over its sessions",
        [
            rec("r1", "ext-edtech-region-meetings", "2025-11-04", 2),
            rec("r2", "ext-edtech-region-meetings", "2026-02-03", 2),
            rec("r3", "ext-edtech-region-meetings", "2026-05-05", 2),
        ],
        # 2 + 2 = 4 > 3: r2 keeps 1; r3 finds the line full: 0
        ledger={"r1": (2, "counted"), "r2": (1, "capped_line"), "r3": (0, "capped_line")},
        summary={"D1": {"external_hours": 3}},
    ),
    Case(
        "a '4 hours' line is a cap: 5 claimed hours count 4",
        [rec("r1", "ext-cbt-network-plus", "2026-04-01", 5)],
        ledger={"r1": (4, "capped_line")},
    ),
    Case(
        "a '3 hours' event attended in part counts the part claimed",
        [rec("r1", "ext-gov-digital-summit", "2025-11-13", 1.5)],
        ledger={"r1": (1.5, "counted")},
    ),
    Case(
        "CoSN workshops count 1 hour each: a 2-hour workshop counts 1",
        [rec("r1", "ext-cosn-cto-workshops", "2026-01-15", 2, session="Budgeting")],
        ledger={"r1": (1, "capped_session")},
    ),
    Case(
        "CoSN workshops count at most 3 hours a year: the fourth counts 0",
        [
            rec("r1", "ext-cosn-cto-workshops", "2025-10-15", 1, session="W1"),
            rec("r2", "ext-cosn-cto-workshops", "2025-12-15", 1, session="W2"),
            rec("r3", "ext-cosn-cto-workshops", "2026-02-15", 1, session="W3"),
            rec("r4", "ext-cosn-cto-workshops", "2026-04-15", 1, session="W4"),
        ],
        # 1 + 1 + 1 = 3 = the yearly cap; r4 finds the line full
        ledger={
            "r1": (1, "counted"),
            "r2": (1, "counted"),
            "r3": (1, "counted"),
            "r4": (0, "capped_line"),
        },
        summary={"D1": {"external_hours": 3}},
    ),
    Case(
        "at most 6 external hours count a year, all lines together",
        [
            rec("r1", "ext-aetc", "2026-02-04", 3),
            rec("r2", "ext-k12six", "2026-03-10", 3),
            rec("r3", "ext-southeast-cyber-summit", "2026-04-20", 3),
        ],
        # 3 + 3 = 6 external: r3 finds the 6-hour budget spent
        ledger={"r1": (3, "counted"), "r2": (3, "counted"), "r3": (0, "capped_external")},
        summary={"D1": {"external_hours": 6, "total_hours": 6}},
    ),
    Case(
        "2 + 3 + 2 external hours: the third record keeps 1",
        [
            rec("r1", "ext-gemini-for-educators", "2025-10-21", 2),
            rec("r2", "ext-light-brigade-fiber", "2026-01-12", 3),
            rec("r3", "ext-google-cert-level-1", "2026-03-02", 2),
        ],
        # 2 + 3 + 2 = 7 external, capped at 6: the third record keeps 1
        ledger={"r1": (2, "counted"), "r2": (3, "counted"), "r3": (1, "capped_external")},
        summary={"D1": {"external_hours": 6}},
    ),
    Case(
        "pending external records take no room under the 6-hour cap",
        [
            rec("r1", "ext-fetc", "2026-01-14", 6, evidence="no"),
            rec("r2", "ext-iste", "2026-06-29", 6),
        ],
        # r1 is pending (0 hours), so ISTE's 6 hours fit: 0 + 6 = 6
        ledger={"r1": (0, "evidence_missing"), "r2": (6, "counted")},
        summary={"D1": {"external_hours": 6}},
    ),
    Case(
        "an unapproved event takes no room under the caps",
        [
            rec("r1", "ext-aetc", "2025-09-10", 3),
            rec("r2", "ext-aetc", "2025-10-10", 3),
        ],
        # r1 is FY25, where ext-aetc is not approved; r2 (FY26) keeps the full 3-hour line
        ledger={"r1": (0, "not_approved"), "r2": (3, "counted")},
        summary={"D1": {"external_hours": 3}},
    ),
    Case(
        "a record of an event missing from the catalogue is rejected, not counted",
        [
            rec("r1", "ext-not-in-the-catalogue", "2026-02-04", 3),
            rec("r2", "alet-winter-conference", "2026-02-10", 3),
        ],
        rejected={"r1"},
        ledger={"r2": (3, "counted")},
        summary={"D1": {"total_hours": 3}},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_external(case, run_case):
    check(case, run_case(case))
