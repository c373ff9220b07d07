"""01 statewide compliance: the frames and titles of the small state (tests/small_state.py)."""

import polars as pl
import pytest
from small_state import years_page

from tdceu_analysis.charts import draw
from tdceu_analysis.errors import UserError
from tdceu_analysis.figures import statewide, statewide_frames
from tdceu_analysis.figures.scope import ALL_REGIONS, PageScope, scoped


def as_dict(frame, key, value):
    return dict(zip(frame[key].to_list(), frame[value].to_list(), strict=True))


def test_status_counts_include_zero_statuses_and_shares(closed_year, open_year):
    closed = scoped(closed_year.summary).frame
    counts = statewide_frames.status_counts(closed, statewide.statuses_for(True))
    assert as_dict(counts, "status", "directors") == {"met": 1, "not_met": 3}
    assert as_dict(counts, "status", "share") == {"met": 0.25, "not_met": 0.75}
    opened = scoped(open_year.summary).frame
    counts = statewide_frames.status_counts(opened, statewide.statuses_for(False))
    # critical is listed with 0 so the chart shows the empty bar
    assert as_dict(counts, "status", "directors") == {
        "met": 0,
        "on_track": 1,
        "at_risk": 3,
        "critical": 0,
    }


def test_picker_scopes_count_every_region_and_the_state(closed_year):
    frame = scoped(closed_year.summary, picker=True).frame
    counts = statewide_frames.status_counts(frame, ("met", "not_met"))
    by_scope = counts.filter(pl.col("status") == "met")
    assert as_dict(by_scope, "scope", "directors") == {ALL_REGIONS: 1, "North": 1, "South": 0}


def test_status_titles_state_the_takeaway(closed_year, open_year):
    chart = draw(statewide.status_figure(PageScope(closed_year))).to_dict()
    assert chart["title"]["text"] == "Statewide: 1 of 4 directors (25%) met FY26; 3 did not"
    chart = draw(statewide.status_figure(PageScope(open_year, region="North"))).to_dict()
    assert chart["title"]["text"] == (
        "North: 1 of 2 directors (50%) have met FY27 or are on pace; 1 is behind"
    )


def test_hours_distribution_bins_each_director_once(closed_year):
    bins = statewide_frames.hours_distribution(scoped(closed_year.summary).frame)
    assert bins["directors"].sum() == 4
    assert as_dict(
        bins.group_by("hours_bin").agg(pl.col("directors").sum()), "hours_bin", "directors"
    ) == {
        0: 1,
        6: 2,
        12: 1,
    }


def test_category_mix_is_per_director_and_rows_sorted(closed_year):
    mix = statewide_frames.category_mix(scoped(closed_year.summary).frame)
    north = mix.filter(pl.col("row") == "North")
    # Ann 12 ALET, Bo 3 ALET + 3 external: per director 7.5 ALET, 1.5 external
    assert as_dict(north, "category", "hours_per_director") == {
        "ALET": 7.5,
        "External": 1.5,
        "Pending": 0.0,
    }
    south = mix.filter(pl.col("row") == "South")
    assert as_dict(south, "category", "hours_per_director")["Pending"] == 1.5
    # North counted 9 per director, South 3: North first
    assert north["order"].unique().to_list() == [1]


def test_pending_credits_name_what_they_wait_on(closed_year):
    pending = statewide_frames.pending_credits(scoped(closed_year.summary).frame)
    assert pending.select("row", "waiting_on", "hours", "directors").rows() == [
        ("South", "ALET Talent assignment", 3.0, 1)
    ]
    title = draw(statewide.pending_figure(PageScope(closed_year))).to_dict()["title"]["text"]
    assert title == (
        "Statewide: 3 claimed hours of 1 director still waited on an assignment or evidence "
        "when the year closed; none would have met the year with them"
    )


def _statewide_years(years):
    """The stacked yearly summaries, statewide (what the year-over-year figures read)."""
    chosen, _ = statewide._years_tables(years_page(years), "years_scoped", lambda chosen: ())
    return chosen


def test_year_over_year_compares_closed_years(years):
    frame = statewide_frames.year_status(_statewide_years(years).frame)
    fy26 = frame.filter(pl.col("fiscal_year") == 2026)
    assert as_dict(fy26, "status", "directors") == {"met": 1, "not_met": 3}
    labels = frame.select("fiscal_year", "year").unique().sort("fiscal_year").rows()
    assert labels[-1] == (2027, "FY27 to 2026-11-28")
    title = draw(statewide.year_over_year_figure(years_page(years))).to_dict()["title"]["text"]
    assert title == "Statewide: 25% met FY26"


def test_monthly_hours_run_in_fiscal_order_and_accumulate(years):
    frame = statewide_frames.monthly_cumulative(
        years.ledger,
        _statewide_years(years).frame,
        years.as_of,
        years.policy.for_year(max(years.fys)),
    )
    fy26 = frame.filter(pl.col("fiscal_year") == 2026)
    assert fy26["month"].to_list()[:3] == ["Oct", "Nov", "Dec"]
    assert fy26["month"].to_list()[-1] == "Sep"
    # 24 counted hours among 4 directors by the end of the year; Fall conference in Nov
    assert fy26["hours_per_director"].to_list()[-1] == pytest.approx(6.0)
    assert fy26.filter(pl.col("month") == "Nov")["hours_per_director"].item() == 1.5
    fy27 = frame.filter(pl.col("fiscal_year") == 2027)
    assert fy27["month"].to_list() == ["Oct", "Nov"]  # nothing after the as-of month


def test_headline_tiles_escape_and_count(closed_year):
    html = str(statewide.headline(PageScope(closed_year)))
    assert "Directors in scope" in html and ">4<" in html
    assert "1 (25%)" in html and "3 (75%)" in html


def test_unknown_region_is_the_users_to_fix(closed_year):
    with pytest.raises(UserError, match="region 'East' is not in the data"):
        statewide.status_figure(PageScope(closed_year, region="East"))
