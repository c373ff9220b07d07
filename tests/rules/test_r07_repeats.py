"""R7 No repeats: starred courses count once; the same record twice is one record."""

import pytest
from rulecases import Case, approval, case_id, check, director, rec

TALENT = "alet-talent-course"
SCHOOLOGY = "alsde-schoology-module"
ATIM = "ext-atim-pluacld1185"

CASES = [
    # --- courses that count once (repeatable = false) -------------------------------
    Case(
        "a Talent course credited in FY25 counts 0 when completed again in FY26",
        [
            rec("r1", TALENT, "2025-03-01", 2, session="Cyber Hygiene 101"),
            rec("r2", TALENT, "2026-03-01", 2, session="Cyber Hygiene 101"),
        ],
        ledger={"r1": (2, "counted"), "r2": (0, "repeat_course")},
        summary={"D1": {"total_hours": 0}},
    ),
    Case(
        "a Schoology module credited in FY25 counts 0 in FY27 too",
        [
            rec("r1", SCHOOLOGY, "2025-01-15", 1, session="Data Privacy"),
            rec("r2", SCHOOLOGY, "2027-01-15", 1, session="Data Privacy"),
        ],
        fy=2027,
        ledger={"r1": (1, "counted"), "r2": (0, "repeat_course")},
    ),
    Case(
        "a course recorded without a title is the same course as another without one",
        [
            rec("r1", TALENT, "2025-03-01", 2),
            rec("r2", TALENT, "2026-03-01", 2),
        ],
        # identity is (director, event, session); a blank session equals a blank session
        ledger={"r1": (2, "counted"), "r2": (0, "repeat_course")},
    ),
    Case(
        "another Talent course (a different session title) is not a repeat",
        [
            rec("r1", TALENT, "2025-03-01", 2, session="Cyber Hygiene 101"),
            rec("r2", TALENT, "2026-03-01", 2, session="Cyber Hygiene 201"),
        ],
        ledger={"r1": (2, "counted"), "r2": (2, "counted")},
    ),
    Case(
        "the same course completed twice in one year is not a repeat_course",
        [
            rec("r1", TALENT, "2025-11-01", 2, session="Cyber Hygiene 101"),
            rec("r2", TALENT, "2026-04-01", 2, session="Cyber Hygiene 101"),
        ],
        # rules.md: a completion "in a later fiscal year" counts 0; both are FY26
        ledger={"r1": (2, "counted"), "r2": (2, "counted")},
    ),
    Case(
        "a course whose earlier completion had no strand was not credited, so it counts now",
        [
            rec("r1", TALENT, "2025-03-01", 2, strands="", session="Cyber Hygiene 101"),
            rec("r2", TALENT, "2026-03-01", 2, session="Cyber Hygiene 101"),
        ],
        ledger={"r1": (0, "no_strand"), "r2": (2, "counted")},
    ),
    Case(
        "a module completed before the requirement began was not credited",
        [
            rec("r1", SCHOOLOGY, "2024-05-01", 1, session="Data Privacy"),
            rec("r2", SCHOOLOGY, "2025-05-01", 1, session="Data Privacy"),
        ],
        fy=2025,
        # r1 (FY24) earned nothing: hours count from 2024-10-01 (FY24 has no ledger)
        ledger={"r1": None, "r2": (1, "counted")},
    ),
    Case(
        "the ATiM course credited in FY26 counts 0 in FY27 even where approved again",
        [
            rec("r1", ATIM, "2026-01-20", 3),
            rec("r2", ATIM, "2027-01-20", 3),
        ],
        fy=2027,
        events=[approval(ATIM, 2027)],
        ledger={"r1": (3, "counted"), "r2": (0, "repeat_course")},
    ),
    Case(
        "the ATiM course taken again in FY27 without an FY27 approval is not_approved",
        [
            rec("r1", ATIM, "2026-01-20", 3),
            rec("r2", ATIM, "2027-01-20", 3),
        ],
        fy=2027,
        # both not_approved and repeat_course apply; not_approved comes first
        ledger={"r1": (3, "counted"), "r2": (0, "not_approved")},
    ),
    Case(
        "the ATiM course left pending in FY26 counts when completed in FY27",
        [
            rec("r1", ATIM, "2026-01-20", 3, assignment="no"),
            rec("r2", ATIM, "2027-01-20", 3),
        ],
        fy=2027,
        events=[approval(ATIM, 2027)],
        ledger={"r1": (0, "assignment_incomplete"), "r2": (3, "counted")},
    ),
    Case(
        "the ATiM course cut to 0 by the external cap in FY26 was not credited",
        [
            rec("r1", "ext-fetc", "2026-01-14", 6),
            rec("r2", ATIM, "2026-03-20", 3),
            rec("r3", ATIM, "2027-01-20", 3),
        ],
        fy=2027,
        events=[approval(ATIM, 2027)],
        # FY26: FETC fills the 6 external hours, ATiM counts 0; FY27: ATiM counts 3
        ledger={"r1": (6, "counted"), "r2": (0, "capped_external"), "r3": (3, "counted")},
    ),
    Case(
        "a repeat of a credited course is repeat_course even without a strand",
        [
            rec("r1", TALENT, "2025-03-01", 2, session="Cyber Hygiene 101"),
            rec("r2", TALENT, "2026-03-01", 2, strands="", session="Cyber Hygiene 101"),
        ],
        # repeat_course comes before no_strand in the order of reasons
        ledger={"r1": (2, "counted"), "r2": (0, "repeat_course")},
    ),
    Case(
        "another director taking the same course is not a repeat",
        [
            rec("r1", TALENT, "2025-03-01", 2, session="Cyber Hygiene 101", director="D1"),
            rec("r2", TALENT, "2026-03-01", 2, session="Cyber Hygiene 101", director="D2"),
        ],
        directors=[director("D1"), director("D2")],
        ledger={"r1": (2, "counted"), "r2": (2, "counted")},
    ),
    Case(
        "ALET conferences can be attended every year",
        [
            rec("r1", "alet-winter-conference", "2025-02-11", 6, session="Keynote"),
            rec("r2", "alet-winter-conference", "2026-02-10", 6, session="Keynote"),
        ],
        ledger={"r1": (6, "counted"), "r2": (6, "counted")},
    ),
    # --- the same record twice ------------------------------------------------------
    Case(
        "the same director, event, date and session twice counts once",
        [
            rec("r1", "alet-winter-conference", "2026-02-10", 3, session="Keynote"),
            rec("r2", "alet-winter-conference", "2026-02-10", 3, session="Keynote"),
        ],
        ledger={"r1": (3, "counted"), "r2": (0, "duplicate")},
        summary={"D1": {"total_hours": 3}},
    ),
    Case(
        "of two duplicates the smaller record id in natural order is kept: r9 before r10",
        [
            rec("r10", "alet-winter-conference", "2026-02-10", 3, session="Keynote"),
            rec("r9", "alet-winter-conference", "2026-02-10", 2, session="Keynote"),
        ],
        # r9 < r10 as numbers: r9 is kept with its 2 hours
        ledger={"r9": (2, "counted"), "r10": (0, "duplicate")},
        summary={"D1": {"total_hours": 2}},
    ),
    Case(
        "a blank session equals a blank session: the second record is a duplicate",
        [
            rec("r1", "alet-region-meeting", "2026-01-06", 2),
            rec("r2", "alet-region-meeting", "2026-01-06", 2),
            rec("r3", "alet-region-meeting", "2026-01-06", 2),
        ],
        ledger={"r1": (2, "counted"), "r2": (0, "duplicate"), "r3": (0, "duplicate")},
    ),
    Case(
        "different sessions of one conference on one day are different records",
        [
            rec("r1", "alet-summer-conference", "2026-06-16", 1.5, session="Zero trust"),
            rec("r2", "alet-summer-conference", "2026-06-16", 1.5, session="E-Rate update"),
        ],
        ledger={"r1": (1.5, "counted"), "r2": (1.5, "counted")},
        summary={"D1": {"total_hours": 3}},
    ),
    Case(
        "the same session on two days is two records",
        [
            rec("r1", "alet-cyber-camp", "2026-07-14", 3, session="Lab"),
            rec("r2", "alet-cyber-camp", "2026-07-15", 3, session="Lab"),
        ],
        ledger={"r1": (3, "counted"), "r2": (3, "counted")},
    ),
    Case(
        "two directors at the same session are not duplicates",
        [
            rec("r1", "alet-winter-conference", "2026-02-10", 3, session="Keynote", director="D1"),
            rec("r2", "alet-winter-conference", "2026-02-10", 3, session="Keynote", director="D2"),
        ],
        directors=[director("D1"), director("D2")],
        ledger={"r1": (3, "counted"), "r2": (3, "counted")},
    ),
    Case(
        "a duplicate is reported as duplicate before any other reason",
        [
            rec("r1", "ext-iste", "2026-06-29", 4, assignment="no"),
            rec("r2", "ext-iste", "2026-06-29", 4, strands=""),
        ],
        # r2 would also be no_strand; duplicate comes first
        ledger={"r1": (0, "assignment_incomplete"), "r2": (0, "duplicate")},
    ),
    Case(
        "a duplicate takes no room under the external cap",
        [
            rec("r1", "ext-iste", "2026-06-29", 4),
            rec("r2", "ext-iste", "2026-06-29", 4),
            rec("r3", "ext-aetc", "2026-07-01", 2),
        ],
        # r2 is a duplicate (0); 4 + 2 = 6 fits the external cap
        ledger={"r1": (4, "counted"), "r2": (0, "duplicate"), "r3": (2, "counted")},
        summary={"D1": {"external_hours": 6}},
    ),
    Case(
        "a row repeating a record id is rejected, not a ledger row",
        [
            rec("r1", "alet-winter-conference", "2026-02-10", 3, session="Keynote"),
            rec("r1", "alet-summer-conference", "2026-06-16", 3, session="Keynote"),
        ],
        rejected={"r1"},
        ledger={"r1": (3, "counted")},
        summary={"D1": {"total_hours": 3}},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_repeats(case, run_case):
    check(case, run_case(case))
