"""R2 Annual minimum (12 hours) and R3 ALET-offered hours (at least 6 of them)."""

import pytest
from rulecases import Case, case_id, check, rec

CASES = [
    Case(
        "twelve hours of ALET conferences meet the year",
        [
            rec("r1", "alet-winter-conference", "2026-02-10", 6),
            rec("r2", "alet-summer-conference", "2026-06-15", 6),
        ],
        # 6 + 6 = 12 ALET hours: 12 >= 12 and 12 >= 6
        ledger={"r1": (6, "counted"), "r2": (6, "counted")},
        summary={
            "D1": {
                "total_hours": 12,
                "alet_hours": 12,
                "external_hours": 0,
                "hours_needed": 0,
                "status": "met",
            }
        },
    ),
    Case(
        "six ALET hours and six external hours meet the year",
        [
            rec("r1", "alet-cyber-camp", "2025-11-05", 6),
            rec("r2", "ext-cosn-conference", "2026-03-10", 6),
        ],
        # 6 ALET + 6 external = 12
        ledger={"r1": (6, "counted"), "r2": (6, "counted")},
        summary={
            "D1": {
                "total_hours": 12,
                "alet_hours": 6,
                "external_hours": 6,
                "hours_needed": 0,
                "status": "met",
            }
        },
    ),
    Case(
        "five ALET hours and six external hours fall one hour short",
        [
            rec("r1", "alet-region-meeting", "2025-12-02", 5),
            rec("r2", "ext-iste", "2026-06-29", 6),
        ],
        # 5 + 6 = 11: max(12 - 11, 6 - 5, 0) = 1 hour needed
        ledger={"r1": (5, "counted"), "r2": (6, "counted")},
        summary={"D1": {"total_hours": 11, "hours_needed": 1, "status": "not_met"}},
    ),
    Case(
        "eleven and three quarter hours do not meet the year",
        [
            rec("r1", "alet-winter-conference", "2026-02-10", 6),
            rec("r2", "alet-summer-conference", "2026-06-15", 5.75),
        ],
        # 6 + 5.75 = 11.75 < 12: 0.25 hour needed
        summary={"D1": {"total_hours": 11.75, "hours_needed": 0.25, "status": "not_met"}},
    ),
    Case(
        "ALET hours above six have no cap and all count toward twelve",
        [
            rec("r1", "alet-winter-conference", "2026-02-10", 8),
            rec("r2", "alet-summer-conference", "2026-06-15", 7.5),
        ],
        # 8 + 7.5 = 15.5, no ALET cap
        ledger={"r1": (8, "counted"), "r2": (7.5, "counted")},
        summary={"D1": {"total_hours": 15.5, "alet_hours": 15.5, "hours_needed": 0}},
    ),
    Case(
        "CTO Academy sessions, Talent courses and Schoology modules are ALET hours",
        [
            rec("r1", "alet-cto-academy", "2025-11-12", 3, session="Module 1"),
            rec("r2", "alet-talent-course", "2026-01-20", 2, session="Cyber Hygiene 101"),
            rec("r3", "alsde-schoology-module", "2026-03-03", 1, session="Data Privacy"),
        ],
        # 3 + 2 + 1 = 6 ALET hours
        ledger={"r1": (3, "counted"), "r2": (2, "counted"), "r3": (1, "counted")},
        summary={"D1": {"alet_hours": 6, "external_hours": 0, "hours_needed": 6}},
    ),
    Case(
        "surplus hours of FY25 do not carry over to FY26",
        [
            rec("r1", "alet-winter-conference", "2025-02-10", 10),
            rec("r2", "alet-summer-conference", "2025-06-15", 10),
            rec("r3", "alet-winter-conference", "2026-02-09", 4),
        ],
        # FY25 had 20 hours (8 more than needed); FY26 has only its own 4: 12 - 4 = 8 needed
        ledger={"r1": (10, "counted"), "r2": (10, "counted"), "r3": (4, "counted")},
        summary={"D1": {"total_hours": 4, "hours_needed": 8, "status": "not_met"}},
    ),
    Case(
        "a director with no records has zero hours and needs twelve",
        [],
        summary={
            "D1": {
                "total_hours": 0,
                "alet_hours": 0,
                "external_hours": 0,
                "in_person_hours": 0,
                "hours_needed": 12,
                "status": "not_met",
            }
        },
    ),
    Case(
        "external hours alone never meet the year",
        [
            rec("r1", "ext-iste", "2026-06-29", 6),
            rec("r2", "ext-fetc", "2026-01-14", 6),
        ],
        # FETC (Jan) counts 6, ISTE (June) finds the 6-hour external budget spent;
        # total 6, ALET 0: max(12 - 6, 6 - 0, 0) = 6 needed
        ledger={"r1": (0, "capped_external"), "r2": (6, "counted")},
        summary={"D1": {"total_hours": 6, "alet_hours": 0, "hours_needed": 6, "status": "not_met"}},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_minimums(case, run_case):
    check(case, run_case(case))
