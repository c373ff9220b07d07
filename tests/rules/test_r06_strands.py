"""R6 Strands: every counted hour aligns to at least one of the six CTO Academy strands."""

import pytest
from rulecases import Case, case_id, check, rec

CASES = [
    Case(
        "a session aligned to one strand counts",
        [rec("r1", "alet-cyber-camp", "2026-07-14", 6, strands="cyber")],
        ledger={"r1": (6, "counted")},
    ),
    Case(
        "a session aligned to several strands counts its hours once",
        [rec("r1", "alet-fall-conference", "2025-10-20", 3, strands="planning;data;ethics")],
        # three strands, still 3 hours (not 9)
        ledger={"r1": (3, "counted")},
        summary={"D1": {"total_hours": 3}},
    ),
    Case(
        "each strand code counts",
        [
            rec("r1", "alet-region-meeting", "2025-10-07", 1, strands="roles"),
            rec("r2", "alet-region-meeting", "2025-11-04", 1, strands="teaching"),
            rec("r3", "alet-region-meeting", "2025-12-02", 1, strands="planning"),
            rec("r4", "alet-region-meeting", "2026-01-06", 1, strands="ethics"),
            rec("r5", "alet-region-meeting", "2026-02-03", 1, strands="cyber"),
            rec("r6", "alet-region-meeting", "2026-03-03", 1, strands="data"),
        ],
        ledger={f"r{n}": (1, "counted") for n in range(1, 7)},
        summary={"D1": {"total_hours": 6}},
    ),
    Case(
        "published strand names count like their codes",
        [
            rec(
                "r1",
                "alet-winter-conference",
                "2026-02-10",
                2,
                strands="IT Management and Cybersecurity",
            ),
            rec(
                "r2",
                "alet-winter-conference",
                "2026-02-11",
                2,
                strands="Ethics, Laws, and Policies;Data Management and Governance",
            ),
        ],
        ledger={"r1": (2, "counted"), "r2": (2, "counted")},
    ),
    Case(
        "a session with no strand counts 0",
        [rec("r1", "alet-winter-conference", "2026-02-10", 3, strands="")],
        ledger={"r1": (0, "no_strand")},
        summary={"D1": {"total_hours": 0, "alet_hours": 0}},
    ),
    Case(
        "an external event with no strand counts 0 even with its assignment done",
        [rec("r1", "ext-iste", "2026-06-29", 4, strands="")],
        ledger={"r1": (0, "no_strand")},
    ),
    Case(
        "no strand is reported before a pending assignment",
        [rec("r1", "ext-iste", "2026-06-29", 4, strands="", assignment="no", evidence="no")],
        ledger={"r1": (0, "no_strand")},
    ),
    Case(
        "an unknown strand name is a data error: the record is rejected",
        [
            rec("r1", "alet-winter-conference", "2026-02-10", 3, strands="networking"),
            rec("r2", "alet-winter-conference", "2026-02-11", 3, strands="cyber"),
        ],
        rejected={"r1"},
        ledger={"r2": (3, "counted")},
        summary={"D1": {"total_hours": 3}},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_strands(case, run_case):
    check(case, run_case(case))
