"""R5 Order of caps: date order (ties by record id), session cap, line cap, 6-hour cap."""

import pytest
from rulecases import Case, approval, case_id, check, director, rec

CASES = [
    Case(
        "caps go by date, not by record id: the later session is the one cut",
        [
            rec("r1", "ext-aetc", "2026-03-01", 2),
            rec("r2", "ext-aetc", "2026-01-01", 2),
        ],
        # r2 (January) first: 2; then r1 (March): 3 - 2 = 1 left
        ledger={"r2": (2, "counted"), "r1": (1, "capped_line")},
    ),
    Case(
        "same-day records go by record id in natural order: r2 before r10",
        [
            rec("r10", "ext-k12six", "2026-03-10", 2, session="Keynote"),
            rec("r2", "ext-k12six", "2026-03-10", 2, session="Panel"),
        ],
        # r2 < r10 as numbers (not as text): r2 counts 2, r10 keeps 3 - 2 = 1
        ledger={"r2": (2, "counted"), "r10": (1, "capped_line")},
    ),
    Case(
        "the session cap applies before the line cap",
        [
            rec("r1", "ext-cosn-cto-workshops", "2025-10-15", 2, session="W1"),
            rec("r2", "ext-cosn-cto-workshops", "2025-12-15", 2, session="W2"),
            rec("r3", "ext-cosn-cto-workshops", "2026-02-15", 2, session="W3"),
            rec("r4", "ext-cosn-cto-workshops", "2026-04-15", 2, session="W4"),
        ],
        # each 2 -> 1 by the session cap; 1 + 1 + 1 = 3 fills the line; r4: 1 -> 0 by the line
        ledger={
            "r1": (1, "capped_session"),
            "r2": (1, "capped_session"),
            "r3": (1, "capped_session"),
            "r4": (0, "capped_line"),
        },
        summary={"D1": {"external_hours": 3}},
    ),
    Case(
        "a session-capped record that still fits its line keeps the session code",
        [
            rec("r1", "ext-cosn-cto-workshops", "2025-10-15", 1, session="W1"),
            rec("r2", "ext-cosn-cto-workshops", "2025-12-15", 1.5, session="W2"),
        ],
        # r2: 1.5 -> 1 by the session cap; the line has 3 - 1 = 2 left, so the line does not cut
        ledger={"r1": (1, "counted"), "r2": (1, "capped_session")},
    ),
    Case(
        "a record cut by its line and then by the 6-hour cap carries capped_external",
        [
            rec("r1", "ext-iste", "2025-10-05", 5),
            rec("r2", "ext-aetc", "2026-02-04", 4),
        ],
        # r2: 4 -> 3 by the line cap, then 6 - 5 = 1 external hour left: 1, the last cut
        ledger={"r1": (5, "counted"), "r2": (1, "capped_external")},
        summary={"D1": {"external_hours": 6}},
    ),
    Case(
        "a record cut by the line cap that fits the external budget carries capped_line",
        [
            rec("r1", "ext-iste", "2025-10-05", 2),
            rec("r2", "ext-aetc", "2026-02-04", 4),
        ],
        # r2: 4 -> 3 by the line cap; 6 - 2 = 4 external left, no further cut
        ledger={"r1": (2, "counted"), "r2": (3, "capped_line")},
    ),
    Case(
        "once 6 external hours are counted, a line with room left counts 0 (external cap)",
        [
            rec("r1", "ext-iste", "2025-10-05", 4),
            rec("r2", "ext-aetc", "2026-02-04", 3, session="Day 1"),
            rec("r3", "ext-aetc", "2026-02-05", 1, session="Day 2"),
        ],
        # r2: line allows 3, external 6 - 4 = 2: keeps 2 (capped_external).
        # r3: the AETC line has counted 2 of its 3 hours, so the line does not cut;
        # the external budget is spent: 0, capped_external
        ledger={"r1": (4, "counted"), "r2": (2, "capped_external"), "r3": (0, "capped_external")},
        summary={"D1": {"external_hours": 6}},
    ),
    Case(
        "a record that crosses the line cap counts only the part below it",
        [
            rec("r1", "ext-southeast-cyber-summit", "2026-04-20", 2.5, session="A"),
            rec("r2", "ext-southeast-cyber-summit", "2026-04-21", 1, session="B"),
        ],
        # 2.5 + 1 = 3.5 > 3: r2 keeps 0.5
        ledger={"r1": (2.5, "counted"), "r2": (0.5, "capped_line")},
    ),
    Case(
        "the 6-hour cap counts quarter hours exactly",
        [
            rec("r1", "ext-iste", "2026-06-28", 5.75),
            rec("r2", "ext-k12six", "2026-07-10", 0.5),
            rec("r3", "ext-k12six", "2026-07-11", 0.25, session="Closing"),
        ],
        # 5.75 + 0.5 = 6.25 > 6: r2 keeps 0.25; r3 finds the budget spent
        ledger={
            "r1": (5.75, "counted"),
            "r2": (0.25, "capped_external"),
            "r3": (0, "capped_external"),
        },
        summary={"D1": {"external_hours": 6}},
    ),
    Case(
        "caps are counted per director",
        [
            rec("r1", "ext-aetc", "2026-02-04", 3, director="D1"),
            rec("r2", "ext-aetc", "2026-02-04", 3, director="D2"),
        ],
        directors=[director("D1"), director("D2")],
        # each director has their own 3-hour AETC line
        ledger={"r1": (3, "counted"), "r2": (3, "counted")},
        summary={"D1": {"external_hours": 3}, "D2": {"external_hours": 3}},
    ),
    Case(
        "line caps start again each fiscal year",
        [
            rec("r1", "ext-aetc", "2026-02-04", 3),
            rec("r2", "ext-aetc", "2027-02-03", 3),
        ],
        fy=2027,
        events=[approval("ext-aetc", 2027)],
        # FY26: 3 of 3; FY27 is a new year with its own 3 hours
        ledger={"r1": (3, "counted"), "r2": (3, "counted")},
        summary={"D1": {"external_hours": 3}},
    ),
    Case(
        "records that count 0 for another reason take no room under the line cap",
        [
            rec("r1", "ext-aetc", "2026-02-04", 3, strands=""),
            rec("r2", "ext-aetc", "2026-02-05", 3, assignment="no"),
            rec("r3", "ext-aetc", "2026-02-06", 3),
        ],
        # r1 (no strand) and r2 (pending) count 0 and use nothing: r3 gets the full 3
        ledger={
            "r1": (0, "no_strand"),
            "r2": (0, "assignment_incomplete"),
            "r3": (3, "counted"),
        },
    ),
    Case(
        "ALET hours are never capped, however many",
        [
            rec("r1", "alet-winter-conference", "2026-02-10", 8, session="Day 1"),
            rec("r2", "alet-winter-conference", "2026-02-11", 8, session="Day 2"),
            rec("r3", "ext-iste", "2026-06-29", 6),
        ],
        # 8 + 8 = 16 ALET, plus 6 external = 22
        ledger={"r1": (8, "counted"), "r2": (8, "counted"), "r3": (6, "counted")},
        summary={"D1": {"total_hours": 22, "alet_hours": 16, "external_hours": 6}},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_cap_order(case, run_case):
    check(case, run_case(case))
