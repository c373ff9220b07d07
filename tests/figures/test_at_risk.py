"""03 at risk: the table (who is listed, in which order, and the reason staff read out),
then the figures on the small state (tests/small_state.py)."""

import datetime as dt
import io

import polars as pl
import pytest

from tdceu_analysis import evaluate, load_frames
from tdceu_analysis.charts import draw
from tdceu_analysis.figures import at_risk
from tdceu_analysis.figures.at_risk import AT_RISK_COLUMNS, at_risk_table
from tdceu_analysis.figures.scope import PageScope, scoped


def frame(text: str) -> pl.DataFrame:
    return pl.read_csv(io.StringIO(text), infer_schema=False)


DISTRICTS = frame(
    """district_code,district_name,district_type,region
D01,North County,county,North
D02,South City,city,South
"""
)
DIRECTORS = frame(
    """director_id,name,district_code,role_start,role_end,cto_academy_completed
P1,Pending Evidence,D01,2018-07-01,,
P2,Pending Assignment,D02,2018-07-01,,
P3,Due Soon,D01,2024-12-01,,
P5,Left Role,D02,2018-07-01,2026-05-31,
P6,New Hire,D01,2026-03-01,,
P7,Overdue,D02,2024-10-15,,
P8,Already Met,D01,2018-07-01,,
P9,On Track,D02,2018-07-01,,
"""
)
RECORDS = frame(
    """record_id,director_id,event_id,session,date,hours,strands,assignment_complete,evidence_uploaded
p1-1,P1,alet-summer-conference,,2026-06-20,6,roles,,
p1-2,P1,ext-iste,,2026-06-29,3,teaching,yes,no
p2-1,P2,alet-summer-conference,,2026-06-20,8,roles,,
p2-2,P2,ext-k12six,,2026-04-01,1,cyber,no,yes
p3-1,P3,alet-winter-conference,,2026-02-10,3,roles,,
p3-2,P3,ext-iste,,2026-06-29,6,teaching,yes,yes
p5-1,P5,alet-winter-conference,,2026-02-10,2,roles,,
p7-1,P7,alet-winter-conference,,2026-02-10,12,roles,,
p8-1,P8,alet-summer-conference,,2026-06-20,12,data,,
p9-1,P9,alet-summer-conference,,2026-06-20,6,data,,
p9-2,P9,ext-iste,,2026-06-29,4,teaching,yes,yes
"""
)


@pytest.fixture(scope="module")
def data():
    return load_frames(directors=DIRECTORS, districts=DISTRICTS, records=RECORDS)


def test_open_year_lists_those_not_yet_met_most_urgent_first(data):
    # 2026-07-15: 77 days left (critical = 6+ hours needed with 90 days or fewer left)
    table = at_risk_table(evaluate(data, 2026, dt.date(2026, 7, 15)))
    assert table.columns == [*AT_RISK_COLUMNS, "left_on"]
    assert table.select("director_id", "status", "hours_needed").rows() == [
        ("P6", "critical", 12.0),
        ("P1", "critical", 6.0),
        ("P2", "at_risk", 4.0),
        ("P3", "at_risk", 3.0),
        ("P9", "on_track", 2.0),
        ("P5", "critical", 10.0),  # left 2026-05-31: kept apart from those who can act
    ]
    assert set(table.get_column("days_left").to_list()) == {77}


REASONS = {
    "P6": "needs 12 more hours, 6 of them from ALET events; started 2026-03-01",
    "P5": "needs 10 more hours, 4 of them from ALET events; left the role 2026-05-31",
    "P1": "needs 6 more hours; 3 external hours wait for evidence",
    "P2": "needs 4 more hours; 1 external hour waits for the ALET Talent assignment",
    "P3": "needs 3 more hours, all from ALET events; CTO Academy due 2026-12-01",
    "P9": "needs 2 more hours",
}


def test_each_row_says_why_in_plain_words(data):
    table = at_risk_table(evaluate(data, 2026, dt.date(2026, 7, 15)))
    assert dict(table.select("director_id", "reason").iter_rows()) == REASONS


def test_the_row_carries_what_staff_need_for_the_call(data):
    table = at_risk_table(evaluate(data, 2026, dt.date(2026, 7, 15)))
    p3 = table.filter(pl.col("director_id") == "P3").row(0, named=True)
    assert {k: p3[k] for k in AT_RISK_COLUMNS if k != "reason"} == {
        "director_id": "P3",
        "name": "Due Soon",
        "district_code": "D01",
        "district_name": "North County",
        "region": "North",
        "status": "at_risk",
        "hours_needed": 3.0,
        "days_left": 77,
        "alet_hours_needed": 3.0,
        "external_budget_left": 0.0,
        "pending_assignment_hours": 0.0,
        "pending_evidence_hours": 0.0,
        "cto_academy_status": "due_soon",
        "cto_academy_deadline": dt.date(2026, 12, 1),
    }


def test_closed_year_lists_only_not_met_by_hours_needed(data):
    table = at_risk_table(evaluate(data, 2026, dt.date(2026, 9, 30)))
    assert table.select("director_id", "status", "hours_needed").rows() == [
        ("P6", "not_met", 12.0),
        ("P1", "not_met", 6.0),
        ("P2", "not_met", 4.0),
        ("P3", "not_met", 3.0),
        ("P9", "not_met", 2.0),
        ("P5", "not_met", 10.0),  # left the role during the year: after those who can act
    ]
    assert set(table.get_column("days_left").to_list()) == {0}


def test_an_overdue_cto_academy_is_named_with_its_deadline(data):
    # FY27, as of 2026-11-28: P7 started 2024-10-15, so the Academy was due 2026-10-15
    table = at_risk_table(evaluate(data, 2027, dt.date(2026, 11, 28)))
    p7 = table.filter(pl.col("director_id") == "P7").row(0, named=True)
    assert p7["cto_academy_status"] == "overdue"
    assert p7["reason"] == (
        "needs 12 more hours, 6 of them from ALET events; CTO Academy overdue since 2026-10-15"
    )
    assert "P8" in table.get_column("director_id").to_list()  # met last year, not this year


def test_nobody_behind_gives_an_empty_table_with_the_columns(data):
    met_only = load_frames(
        directors=DIRECTORS.filter(pl.col("director_id") == "P8"),
        districts=DISTRICTS,
        records=RECORDS.filter(pl.col("director_id") == "P8"),
    )
    table = at_risk_table(evaluate(met_only, 2026, dt.date(2026, 9, 30)))
    assert table.height == 0
    assert table.columns == [*AT_RISK_COLUMNS, "left_on"]


# -- the figures (small state) ------------------------------------------------------------


def test_cto_clocks_count_months_left(closed_year):
    frame = at_risk.cto_clocks(scoped(closed_year.summary).frame, closed_year.as_of)
    # rounded up, the rule's way: "due within 6 months" is exactly "6 mo left" or fewer
    assert frame.select("label", "cto_status", "months_left", "months_text").rows() == [
        ("<img src=x onerror=alert(1)> (<b>Delta</b> & Co)", "in_window", 15, "15 mo left")
    ]
    title = draw(at_risk.cto_clock_figure(PageScope(closed_year))).to_dict()["title"]["text"]
    assert title == ("Statewide: 0 overdue and 0 due within 6 months among 1 new director (0 done)")


def test_behind_by_region_orders_the_most_first(closed_year):
    frame = at_risk.behind_by_row(scoped(closed_year.summary).frame)
    assert frame.select("row", "directors", "order").rows() == [
        ("South", 2, 1),
        ("North", 1, 2),
    ]
    title = draw(at_risk.behind_figure(PageScope(closed_year))).to_dict()["title"]["text"]
    assert title == (
        "Statewide: 3 directors did not meet the year, needing 24 hours in all; most in South"
    )


@pytest.mark.parametrize("region", [None, "South"])
def test_every_figure_builds_for_a_region(closed_year, region):
    for figure in (at_risk.behind_figure, at_risk.cto_clock_figure):
        assert draw(figure(PageScope(closed_year, region=region))).to_dict()["title"]
