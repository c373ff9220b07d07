"""The plan rules, one small case each: a director in FY26 as of 2025-11-28 (shipped
catalogue and policy: 12 hours, 6 of them ALET, at most 6 external), a few records, a
few sessions ahead, and the plan a person would choose by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from tdceu_analysis import load_frames
from tdceu_analysis.plans import find_plans

AS_OF = dt.date(2025, 11, 28)
FY = 2026


def _data(records: list[tuple], sessions: list[tuple], events: pl.DataFrame | None = None):
    districts = pl.DataFrame(
        {
            "district_code": ["D1", "D2"],
            "district_name": ["Alpha City", "Beta County"],
            "district_type": ["city", "county"],
            "region": ["North", "South"],
        }
    )
    directors = pl.DataFrame(
        {
            "director_id": ["A1"],
            "name": ["Ann Able"],
            "district_code": ["D1"],
            "role_start": ["2015-07-01"],
        }
    )
    record_frame = pl.DataFrame(
        [
            {
                "record_id": f"r{i}",
                "director_id": "A1",
                "event_id": event_id,
                "session": session,
                "date": date,
                "hours": str(hours),
                "strands": strands,
                "assignment_complete": "true",
                "evidence_uploaded": "true",
            }
            for i, (event_id, session, date, hours, strands) in enumerate(records, start=1)
        ]
    )
    session_frame = pl.DataFrame(
        [
            {
                "session_id": session_id,
                "event_id": event_id,
                "title": title,
                "date": date,
                "start_time": start,
                "hours": str(hours),
                "strands": strands,
                "region": region,
            }
            for session_id, event_id, title, date, start, hours, strands, region in sessions
        ],
        schema=dict.fromkeys(
            ("session_id", "event_id", "title", "date", "start_time", "hours", "strands", "region"),
            pl.String,
        ),
    )
    data = load_frames(
        directors=directors,
        districts=districts,
        records=record_frame,
        events=events,
        sessions=session_frame,
    )
    assert data.rejects.height == 0, data.rejects
    return data


ALET_6 = [("alet-winter-conference", "Earlier day", "2025-10-15", 6, "roles")]
ALET_4 = [("alet-winter-conference", "Earlier day", "2025-10-15", 4, "roles")]
ALET_3 = [("alet-winter-conference", "Earlier day", "2025-10-15", 3, "roles")]
EXT_6 = [("ext-cosn-conference", "CoSN", "2025-10-20", 6, "planning")]
EXT_3 = [("ext-k12six", "K12SIX", "2025-10-20", 3, "cyber")]
OLD_LINE = pl.DataFrame(
    {
        "event_id": ["ext-old-summit"],
        "name": ["An FY25-only summit"],
        "category": ["external"],
        "kind": ["external_event"],
        "fiscal_year": ["2025"],
        "max_hours_per_year": ["3"],
        "repeatable": ["true"],
        "requires_assignment": ["true"],
        "requires_evidence": ["true"],
        "delivery": ["in_person"],
    }
)

CASES = [
    pytest.param(
        # 3 ALET + 6 external = 9; need max(12 - 9, 6 - 3) = 3, all ALET; the external room
        # is 6 - 6 = 0, so the earlier K12SIX day counts 0 and the camp's 3 hours close it
        ALET_3 + EXT_6,
        [
            ("s1", "ext-k12six", "K12SIX day", "2026-03-10", "08:00", 3.0, "cyber", None),
            ("s2", "alet-cyber-camp", "Camp morning", "2026-04-15", "09:00", 3.0, "cyber", None),
        ],
        None,
        {"s2"},
        id="external cap: no external session once 6 external hours count",
    ),
    pytest.param(
        # 6 ALET + 3 E-Rate (its line's cap is 3 a year) = 9; need 3 (ALET met); a second
        # E-Rate session counts 0 (line full), K12SIX counts min(3, room 6 - 3 = 3) = 3
        [*ALET_6, ("ext-erate-boot-camp", "E-Rate", "2025-10-20", 3, "planning")],
        [
            ("s1", "ext-erate-boot-camp", "E-Rate 2", "2026-01-13", "08:00", 3.0, "planning", None),
            ("s2", "ext-k12six", "K12SIX day", "2026-03-10", "08:00", 3.0, "cyber", None),
        ],
        None,
        {"s2"},
        id="line cap: a line already at its yearly cap is not planned",
    ),
    pytest.param(
        # 6 ALET + 4 external = 10; need 2; a CoSN workshop counts at most 1 per session
        # (2 claimed -> 1), K12SIX counts min(3, room 6 - 4 = 2, need 2) = 2: one session
        [*ALET_6, ("ext-cosn-conference", "CoSN", "2025-10-20", 4, "planning")],
        [
            ("s1", "ext-cosn-cto-workshops", "Workshop", "2025-12-09", "13:00", 2.0, "data", None),
            ("s2", "ext-k12six", "K12SIX day", "2026-03-10", "08:00", 3.0, "cyber", None),
        ],
        None,
        {"s2"},
        id="session cap: a workshop counts 1 hour, so one longer session is chosen",
    ),
    pytest.param(
        # 4 ALET (2 of them the course 'Privacy' in FY25, credited) + 6 external in FY26:
        # FY26 has 4 ALET + 6 ext = 10; need max(2, 2) = 2; 'Privacy' again counts 0 (R7),
        # 'Budgets' counts 2
        ALET_4 + EXT_6 + [("alet-talent-course", "Privacy", "2025-03-03", 2, "ethics")],
        [
            ("s1", "alet-talent-course", "Privacy", "2025-12-12", None, 2.0, "ethics", None),
            ("s2", "alet-talent-course", "Budgets", "2026-01-16", None, 2.0, "planning", None),
        ],
        None,
        {"s2"},
        id="once-only course: a course credited in an earlier year is not planned again",
    ),
    pytest.param(
        # 6 ALET + 3 external = 9; need 3; the FY25-only summit is not approved in FY26
        # (counts 0), the region meeting counts 3
        ALET_6 + EXT_3,
        [
            ("s1", "ext-old-summit", "Old summit", "2025-12-09", "08:00", 3.0, "cyber", None),
            (
                "s2",
                "alet-region-meeting",
                "North meeting",
                "2026-02-10",
                "10:00",
                3.0,
                "roles",
                "North",
            ),
        ],
        OLD_LINE,
        {"s2"},
        id="approval: an event not on the year's approved list is not planned",
    ),
    pytest.param(
        # 4 ALET + 6 external = 10; need 2 ALET; s1 and s2 run at 09:45 the same day (one
        # of them), s3 at 11:00: s1 (earliest of the two) and s3 = 2 hours
        ALET_4 + EXT_6,
        [
            ("s1", "alet-winter-conference", "Track A", "2026-02-10", "09:45", 1.0, "cyber", None),
            ("s2", "alet-winter-conference", "Track B", "2026-02-10", "09:45", 1.0, "data", None),
            ("s3", "alet-winter-conference", "Track C", "2026-02-10", "11:00", 1.0, "roles", None),
        ],
        None,
        {"s1", "s3"},
        id="parallel: two sessions at the same time are never both in a plan",
    ),
    pytest.param(
        # 6 ALET + 3 external = 9; need 3; a 3-hour meeting in the South (not her region)
        # comes first, the North one (hers) later: hers
        ALET_6 + EXT_3,
        [
            (
                "s1",
                "alet-region-meeting",
                "South meeting",
                "2026-01-13",
                "10:00",
                3.0,
                "roles",
                "South",
            ),
            (
                "s2",
                "alet-region-meeting",
                "North meeting",
                "2026-03-10",
                "10:00",
                3.0,
                "roles",
                "North",
            ),
        ],
        None,
        {"s2"},
        id="preference: her own region before another region",
    ),
    pytest.param(
        # need 3 as above; two statewide/own-region 3-hour sessions: the earlier one
        ALET_6 + EXT_3,
        [
            ("s1", "alet-cyber-camp", "Camp", "2026-04-15", "09:00", 3.0, "cyber", None),
            (
                "s2",
                "alet-region-meeting",
                "North meeting",
                "2026-02-10",
                "10:00",
                3.0,
                "roles",
                "North",
            ),
        ],
        None,
        {"s2"},
        id="preference: the earliest of equally good sessions",
    ),
    pytest.param(
        # need 3 as above; two 1.5-hour courses early or one 3-hour meeting later: one
        # session beats two
        ALET_6 + EXT_3,
        [
            ("s1", "alet-talent-course", "Course A", "2025-12-12", None, 1.5, "cyber", None),
            ("s2", "alet-talent-course", "Course B", "2025-12-19", None, 1.5, "data", None),
            (
                "s3",
                "alet-region-meeting",
                "North meeting",
                "2026-05-12",
                "10:00",
                3.0,
                "roles",
                "North",
            ),
        ],
        None,
        {"s3"},
        id="preference: fewest sessions first",
    ),
]


@pytest.mark.parametrize(("records", "sessions", "events", "expected"), CASES)
def test_plan_rules(records, sessions, events, expected):
    data = _data(records, sessions, events)
    plans = find_plans(data, FY, AS_OF)
    status = plans.status.row(0, named=True)
    assert status["plan_status"] == "plan"
    assert set(plans.plans.get_column("session_id")) == expected


def test_no_plan_says_how_many_alet_hours_remain():
    # 6 external only: need max(12 - 6, 6 - 0) = 6, all ALET; 2 ALET hours remain on the
    # calendar (and an external day that cannot help): no plan, "6 ... 2 remain"
    data = _data(
        EXT_6,
        [
            ("s1", "alet-talent-course", "Course A", "2025-12-12", None, 2.0, "cyber", None),
            ("s2", "ext-k12six", "K12SIX day", "2026-03-10", "08:00", 3.0, "cyber", None),
        ],
    )
    plans = find_plans(data, FY, AS_OF)
    status = plans.status.row(0, named=True)
    assert status["plan_status"] == "no_plan"
    assert status["reason"] == "6 ALET hours still needed; 2 remain on the calendar"
    assert plans.plans.height == 0


def test_a_session_already_attended_is_not_planned():
    # 6 ALET + 3 external = 9; need 3; the camp morning of 2026-04-15 is already in her
    # records (typed early): only the afternoon can be planned
    records = [
        *ALET_6,
        *EXT_3,
        ("alet-cyber-camp", "Camp morning", "2026-04-15", 3, "cyber"),
    ]
    data = _data(
        records,
        [
            ("s1", "alet-cyber-camp", "Camp morning", "2026-04-15", "09:00", 3.0, "cyber", None),
            ("s2", "alet-cyber-camp", "Camp afternoon", "2026-04-15", "13:00", 3.0, "cyber", None),
        ],
    )
    plans = find_plans(data, FY, AS_OF)
    assert set(plans.plans.get_column("session_id")) == {"s2"}


def test_a_director_who_met_needs_no_plan():
    data = _data(
        ALET_6 + EXT_6,
        [("s1", "alet-cyber-camp", "Camp", "2026-04-15", "09:00", 3.0, "cyber", None)],
    )
    plans = find_plans(data, FY, AS_OF)
    assert plans.status.row(0, named=True)["plan_status"] == "met"
    assert plans.plans.height == 0


def test_a_folder_without_a_calendar_has_no_plans_and_says_so():
    # 6 ALET + 3 external = 9: 3 hours still needed, no sessions file at all
    data = _data([*ALET_6, *EXT_3], [])
    plans = find_plans(data, FY, AS_OF)
    status = plans.status.row(0, named=True)
    assert status["plan_status"] == "no_plan"
    assert status["reason"] == "3 hours still needed; none that would count remain on the calendar"


def test_a_closed_year_has_no_plan_and_says_it_is_over():
    # FY26 at its last day with 6 ALET + 3 external = 9: 3 hours short, nothing ahead
    data = _data(
        [*ALET_6, *EXT_3],
        [("s1", "alet-cyber-camp", "Camp", "2026-04-15", "09:00", 3.0, "cyber", None)],
    )
    plans = find_plans(data, FY, dt.date(2026, 9, 30))
    status = plans.status.row(0, named=True)
    assert status["plan_status"] == "no_plan"
    assert status["reason"] == "3 hours still needed; the year ended on 2026-09-30"
