"""Every figure and chart of pages 01-04 states the policy in force, not the published
numbers: evaluated under a changed policy, no published number shows where it would
mean the policy, and the new numbers do (issue 11)."""

import datetime as dt
import json

import pytest

from tdceu_analysis import charts, evaluate, evaluate_years, load_folder
from tdceu_analysis._paths import sample_folder
from tdceu_analysis.figures import at_risk_overview, director, statewide, strands
from tdceu_analysis.policy import load_policy

CHANGED = {
    "annual_minimum_hours": 15.0,
    "alet_minimum_hours": 7.0,
    "external_maximum_hours": 8.0,
    "cto_academy_window_months": 36,
    "fiscal_year_start_month": 7,
}
AS_OF = dt.date(2026, 11, 28)
# how the published values read where a page states the policy (a director's "6 external
# hours wait for the assignment" is data, not policy)
PUBLISHED = (
    "12-hour",
    "Met = 12",
    "including at least 6 ALET",
    "At least 6 must",
    "at most 6 external",
    "24 months",
    "24-month",
)
CHANGED_WORDS = (
    "15-hour",
    "Met = 15",
    "including at least 7 ALET",
    "At least 7 must",
    "at most 8 external",
    "36 months",
    "July first",
)


@pytest.fixture(scope="module")
def changed():
    data = load_folder(sample_folder())
    policy = load_policy(2027).with_overrides(CHANGED)
    evaluation = evaluate(data, 2027, AS_OF, policy=policy)
    years = evaluate_years(data, as_of=AS_OF, policy=policy)
    return evaluation, years


def _texts(evaluation, years):
    """Every figure of pages 01-04 as text: chart specs (drawn) and HTML pieces."""
    someone = director.default_director(evaluation)
    shown = [
        statewide.page_lead(evaluation),
        statewide.headline(evaluation),
        statewide.status_figure(evaluation),
        statewide.region_status_figure(evaluation),
        statewide.hours_figure(evaluation),
        statewide.mix_figure(evaluation),
        statewide.pending_figure(evaluation),
        statewide.year_over_year_figure(years),
        statewide.monthly_figure(years),
        strands.region_heatmap_figure(evaluation),
        strands.district_heatmap_figure(evaluation, picker=True),
        strands.least_served_figure(evaluation),
        strands.strand_views_figure(evaluation),
        at_risk_overview.behind_figure(evaluation),
        at_risk_overview.cto_clock_figure(evaluation, picker=True),
        director.director_card(evaluation, someone),
        director.cumulative_figure(evaluation, someone),
        director.director_strands_figure(evaluation, someone),
    ]
    for piece in shown:
        drawn = charts.shown(piece)
        yield json.dumps(drawn.to_dict()) if hasattr(drawn, "to_dict") else str(drawn)


def test_no_published_number_shows_under_a_changed_policy(changed):
    text = "\n".join(_texts(*changed))
    for words in PUBLISHED:
        assert words not in text, words
    assert "October first" not in text  # (an event may be named "... (October 2026)")
    for words in CHANGED_WORDS:
        assert words in text, words


def test_the_minimums_line_and_months_follow_the_policy(changed):
    evaluation, years = changed
    histogram = charts.draw(statewide.hours_figure(evaluation)).to_dict()
    rule = next(d for d in histogram["datasets"].values() if d and "label" in d[0])
    assert rule == [{"x": 15.0, "label": "15 hours"}]  # the dashed line at the new minimum
    months = charts.draw(statewide.monthly_figure(years)).to_dict()["layer"][0]["encoding"]
    assert months["x"]["sort"][:3] == ["Jul", "Aug", "Sep"]
    cto = json.dumps(charts.draw(at_risk_overview.cto_clock_figure(evaluation)).to_dict())
    assert "In its 36-month window" in cto
