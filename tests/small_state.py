"""A small state every figure and chart test can check by hand (`small_state()`; the
fixtures `state`, `closed_year`, `open_year`, `years`, `closed_years` of tests/conftest.py
evaluate it once per session).

Regions North (Alpha City, Beta County) and South (Gamma County, "<b>Delta</b> & Co").

FY26 (closed, as of 2026-09-30):
- A1 Ann Able, Alpha City: ALET 8 h (roles) + ALET online 4 h (teaching; cyber) -> 12, met
- B1 Bo Brown, Beta County: ALET 3 h (planning) + ISTE 3 h (external, complete) -> 6, not met
- C1 Cy Cole, Gamma County: ALET 6 h (ethics) + K12SIX 3 h waiting on the assignment
  -> 6 counted, 3 pending, not met
- X1 "<img src=x onerror=alert(1)>", Delta: started 2025-12-01, nothing -> 0, not met,
  CTO Academy clock to 2027-12-01
FY27 (open, as of 2026-11-28): A1 has ALET 2 h (data) on 2026-10-20, nobody else.
"""

import datetime as dt

import polars as pl

from tdceu_analysis import load_frames
from tdceu_analysis.figures import at_risk, director, statewide, strands
from tdceu_analysis.figures.scope import PageScope

XSS = "<img src=x onerror=alert(1)>"
CLOSED = dt.date(2026, 9, 30)
OPEN = dt.date(2026, 11, 28)


def small_state():
    districts = pl.DataFrame(
        {
            "district_code": ["D1", "D2", "D3", "D4"],
            "district_name": ["Alpha City", "Beta County", "Gamma County", "<b>Delta</b> & Co"],
            "district_type": ["city", "county", "county", "charter"],
            "region": ["North", "North", "South", "South"],
        }
    )
    directors = pl.DataFrame(
        {
            "director_id": ["A1", "B1", "C1", "X1"],
            "name": ["Ann Able", "Bo Brown", "Cy Cole", XSS],
            "district_code": ["D1", "D2", "D3", "D4"],
            "role_start": ["2019-07-01", "2018-01-01", "2017-03-01", "2025-12-01"],
        }
    )
    rows = [
        # record_id, director, event, session, date, hours, strands, assignment, evidence
        ("r1", "A1", "alet-winter-conference", "Keynote", "2026-02-10", "8", "roles", "", ""),
        ("r2", "A1", "alet-talent-course", "Budget", "2026-03-01", "4", "teaching;cyber", "", ""),
        ("r3", "B1", "alet-summer-conference", "", "2026-06-20", "3", "planning", "", ""),
        ("r4", "B1", "ext-iste", "Day 1", "2026-06-29", "3", "teaching", "yes", "yes"),
        ("r5", "C1", "alet-fall-conference", "", "2025-11-05", "6", "ethics", "", ""),
        ("r6", "C1", "ext-k12six", "", "2026-04-01", "3", "cyber", "no", "yes"),
        ("r7", "A1", "alet-region-meeting", "Oct", "2026-10-20", "2", "data", "", ""),
    ]
    columns = [
        "record_id",
        "director_id",
        "event_id",
        "session",
        "date",
        "hours",
        "strands",
        "assignment_complete",
        "evidence_uploaded",
    ]
    records = pl.DataFrame(rows, schema=columns, orient="row")
    return load_frames(directors=directors, districts=districts, records=records)


def years_page(years, **choices) -> PageScope:
    """The page of the latest of `years` (what the year-over-year figures read), with
    `choices` (region, district, picker)."""
    return PageScope(years.year(max(years.fys)), years=years, **choices)


# Every chart figure of pages 01-04 by chart name, as (evaluation, years, picker) -> Figure
# on the small state (director A1 on page 04): the chart and snapshot tests go through it.
FIGURES = {
    "status_counts": lambda e, y, p: statewide.status_figure(PageScope(e, picker=p)),
    "status_by_region": lambda e, y, p: statewide.region_status_figure(PageScope(e, picker=p)),
    "hours_distribution": lambda e, y, p: statewide.hours_figure(PageScope(e, picker=p)),
    "alet_external_mix": lambda e, y, p: statewide.mix_figure(PageScope(e, picker=p)),
    "pending_credits": lambda e, y, p: statewide.pending_figure(PageScope(e, picker=p)),
    "year_over_year": lambda e, y, p: statewide.year_over_year_figure(years_page(y, picker=p)),
    "hours_by_month": lambda e, y, p: statewide.monthly_figure(years_page(y, picker=p)),
    "strands_by_region": lambda e, y, p: strands.region_heatmap_figure(PageScope(e)),
    "strands_by_district": lambda e, y, p: strands.district_heatmap_figure(PageScope(e, picker=p)),
    "least_served_strands": lambda e, y, p: strands.least_served_figure(PageScope(e, picker=p)),
    "strand_views": lambda e, y, p: strands.strand_views_figure(PageScope(e, picker=p)),
    "behind_by_region": lambda e, y, p: at_risk.behind_figure(PageScope(e, picker=p)),
    "cto_academy_clocks": lambda e, y, p: at_risk.cto_clock_figure(PageScope(e, picker=p)),
    "cumulative_hours": lambda e, y, p: director.cumulative_figure(
        PageScope(e, director_id="A1", picker=p)
    ),
    "director_strands": lambda e, y, p: director.director_strands_figure(
        PageScope(e, director_id="A1", picker=p)
    ),
}
