"""04 one director's year on the small state (tests/small_state.py)."""

import datetime as dt

import pytest

from tdceu_analysis.charts import draw
from tdceu_analysis.errors import UserError
from tdceu_analysis.figures import director
from tdceu_analysis.figures.scope import PageScope


def test_records_in_date_order_with_reason_words(closed_year):
    records = director.director_records(closed_year, ["C1"])
    assert records["record_id"].to_list() == ["r5", "r6"]
    assert records["reason"].to_list() == ["Counted", "Pending: ALET Talent assignment"]
    assert records["counts"].to_list() == [True, False]
    both = director.director_records(closed_year, ["A1"])
    assert both["strands"].to_list()[1] == "Teaching and Learning; IT Management and Cybersecurity"


def test_cumulative_hours_end_at_the_total_and_pace_reaches_the_minimum(closed_year):
    chosen = director.choose_directors(PageScope(closed_year, director_id="A1"))
    steps, pace = director.cumulative_hours(closed_year, chosen.labels)
    assert steps["date"].to_list() == [
        dt.date(2025, 10, 1),
        dt.date(2026, 2, 10),
        dt.date(2026, 3, 1),
        dt.date(2026, 9, 30),
    ]
    assert steps["hours"].to_list() == [0.0, 8.0, 12.0, 12.0]
    assert steps["alet_hours"].to_list()[-1] == 12.0
    assert pace.rows() == [("A1", dt.date(2025, 10, 1), 0.0), ("A1", dt.date(2026, 9, 30), 12.0)]


def test_strand_coverage_lists_all_six_strands(closed_year):
    chosen = director.choose_directors(PageScope(closed_year, director_id="B1"))
    frame = director.strand_coverage(closed_year, chosen.labels)
    assert frame.height == 6
    assert dict(zip(frame["strand"], frame["hours"], strict=True))["planning"] == 3.0
    title = draw(
        director.director_strands_figure(PageScope(closed_year, director_id="B1"))
    ).to_dict()["title"]["text"]
    assert title == "Bo Brown: 2 of 6 strands covered"  # a closed year: no "so far"


def test_default_director_is_the_most_urgent_with_counted_hours(closed_year):
    # X1 needs most (12) but has nothing on file; B1 and C1 need 6 each
    first = director.default_director(closed_year)
    assert first in {"B1", "C1"}
    assert first != "X1"


def test_picker_carries_every_director_sorted_by_label(closed_year):
    chosen = director.choose_directors(PageScope(closed_year, director_id="A1", picker=True))
    # labels are "District: Name"; "<b>Delta..." sorts before "Alpha City"
    assert chosen.labels["director_id"].to_list() == ["X1", "A1", "B1", "C1"]
    title = chosen.title({"A1": "Ann", "B1": "Bo"})
    assert title.value == "A1" and title.options == ("X1", "A1", "B1", "C1")
    assert title.labels[0] == "<b>Delta</b> & Co: <img src=x onerror=alert(1)>"
    assert title.titles["A1"] == "Ann" and title.titles["C1"] == "C1"


def test_a_director_not_in_scope_is_the_users_to_fix(closed_year):
    with pytest.raises(UserError, match="director 'Z9' is not in scope in FY26"):
        director.cumulative_figure(PageScope(closed_year, director_id="Z9"))


def test_card_escapes_the_name(closed_year):
    html = str(director.director_card(PageScope(closed_year, director_id="X1")))
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;Delta&lt;/b&gt; &amp; Co" in html
    assert "deadline 2027-12-01" in html


def test_card_with_picker_shows_only_the_chosen_director(closed_year):
    html = str(director.director_card(PageScope(closed_year, director_id="B1", picker=True)))
    assert html.count('class="tdceu tdceu-card"') == 4
    assert html.count(" hidden>") == 3
    assert 'data-tdceu-scope="B1">' in html
