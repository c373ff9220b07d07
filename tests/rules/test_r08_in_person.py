"""R8 In-person: online hours count (choice); summaries also report in-person hours."""

import pytest
from rulecases import Case, case_id, check, rec

CASES = [
    Case(
        "online hours count, and in-person hours are reported apart",
        [
            rec("r1", "alet-winter-conference", "2026-02-10", 3),  # in person
            rec("r2", "alet-talent-course", "2026-03-01", 2, session="Zero Trust"),  # online
            rec("r3", "ext-aetc", "2026-02-04", 3),  # in person
            rec("r4", "ext-edtech-connects", "2026-04-14", 2),  # online
        ],
        # total 3 + 2 + 3 + 2 = 10; in person 3 + 3 = 6
        ledger={
            "r1": (3, "counted"),
            "r2": (2, "counted"),
            "r3": (3, "counted"),
            "r4": (2, "counted"),
        },
        summary={"D1": {"total_hours": 10, "in_person_hours": 6, "alet_hours": 5}},
    ),
    Case(
        "a record's own delivery overrides the catalogue: a conference joined online",
        [
            rec("r1", "alet-winter-conference", "2026-02-10", 3, delivery="online"),
            rec("r2", "alet-winter-conference", "2026-02-11", 3, session="Day 2"),
        ],
        # both count; only r2 was in person
        summary={"D1": {"total_hours": 6, "in_person_hours": 3}},
    ),
    Case(
        "a record's own delivery overrides the catalogue: an online course taken in person",
        [rec("r1", "alsde-schoology-module", "2026-03-03", 2, delivery="in_person")],
        summary={"D1": {"total_hours": 2, "in_person_hours": 2}},
    ),
    Case(
        "in-person hours are counted hours: a capped record adds only what it kept",
        [
            rec("r1", "ext-iste", "2026-06-28", 5),
            rec("r2", "ext-k12six", "2026-07-10", 3),
        ],
        # r2 keeps 6 - 5 = 1; in person 5 + 1 = 6 (not 8)
        ledger={"r1": (5, "counted"), "r2": (1, "capped_external")},
        summary={"D1": {"in_person_hours": 6}},
    ),
    Case(
        "hours that count 0 add nothing to in-person hours",
        [
            rec("r1", "alet-winter-conference", "2026-02-10", 3, strands=""),
            rec("r2", "ext-iste", "2026-06-28", 5, evidence="no"),
        ],
        ledger={"r1": (0, "no_strand"), "r2": (0, "evidence_missing")},
        summary={"D1": {"in_person_hours": 0, "total_hours": 0}},
    ),
]

STRICT_CASES = [
    Case(
        "under the strict in-person switch online hours count 0",
        [
            rec("r1", "alet-winter-conference", "2026-02-10", 3),
            rec("r2", "alet-talent-course", "2026-03-01", 2, session="Zero Trust"),
            rec("r3", "alet-winter-conference", "2026-02-11", 3, delivery="online"),
        ],
        policy={"online_hours_count": False},
        ledger={
            "r1": (3, "counted"),
            "r2": (0, "online_not_counted"),
            "r3": (0, "online_not_counted"),
        },
        summary={"D1": {"total_hours": 3, "in_person_hours": 3}},
    ),
    Case(
        "under the strict switch an online record with no strand is still no_strand",
        [rec("r1", "alet-talent-course", "2026-03-01", 2, strands="", session="Zero Trust")],
        policy={"online_hours_count": False},
        # no_strand is checked before online_not_counted
        ledger={"r1": (0, "no_strand")},
    ),
    Case(
        "under the strict switch an online external event is online_not_counted, not pending",
        [rec("r1", "ext-edtech-connects", "2026-04-14", 2, assignment="no")],
        policy={"online_hours_count": False},
        # online_not_counted is checked just before assignment_incomplete
        ledger={"r1": (0, "online_not_counted")},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_in_person(case, run_case):
    check(case, run_case(case))


@pytest.mark.parametrize("case", STRICT_CASES, ids=case_id)
def test_strict_in_person_switch(case, run_case):
    check(case, run_case(case))
