"""02 strand coverage (R6) on the small state."""

import polars as pl
import pytest

from tdceu_analysis.charts import draw
from tdceu_analysis.figures import strands
from tdceu_analysis.figures.scope import PageScope, scoped


def matrix(evaluation, view, **choice):
    names = strands.strand_names(evaluation)
    frame = scoped(evaluation.summary, **choice).frame
    return strands.strand_matrix(evaluation.ledger, frame, names, view)


def test_equal_split_adds_up_to_counted_hours(closed_year):
    equal = matrix(closed_year, "equal_split")
    assert equal["hours"].sum() == pytest.approx(closed_year.summary["total_hours"].sum())
    north = equal.filter(pl.col("row") == "North")
    hours = dict(zip(north["strand"], north["hours"], strict=True))
    # Ann: 8 roles + 4 over teaching;cyber (2 each); Bo: 3 planning + 3 teaching
    assert hours == {
        "roles": 8.0,
        "teaching": 5.0,
        "planning": 3.0,
        "ethics": 0.0,
        "cyber": 2.0,
        "data": 0.0,
    }
    assert north["hours_per_director"].to_list()[0] == 4.0  # 8 roles hours / 2 directors


def test_full_view_gives_the_whole_hour_to_each_strand(closed_year):
    full = matrix(closed_year, "full").filter(pl.col("row") == "North")
    hours = dict(zip(full["strand"], full["hours"], strict=True))
    assert hours["teaching"] == 7.0 and hours["cyber"] == 4.0


def test_every_strand_is_listed_in_published_order(closed_year):
    south = matrix(closed_year, "equal_split").filter(pl.col("row") == "South")
    assert south["strand_name"].to_list() == list(closed_year.policy.strands.values())
    assert south.filter(pl.col("strand") == "ethics")["hours"].item() == 6.0


def test_least_served_ranks_within_each_scope(closed_year):
    names = strands.strand_names(closed_year)
    frame = scoped(closed_year.summary, picker=True).frame
    ranked = strands.scope_strands(closed_year.ledger, frame, names, "equal_split")
    south = ranked.filter(pl.col("scope") == "South").sort("rank")
    assert south["rank"].to_list() == [1, 2, 3, 4, 5, 6]
    assert south["strand"].to_list()[-1] == "ethics"  # the only strand South counted
    table = str(strands.least_served_table(closed_year))
    assert "Statewide" in table and "Least served" in table


def test_titles_name_least_and_most_served(closed_year):
    title = draw(strands.least_served_figure(PageScope(closed_year, region="North"))).to_dict()[
        "title"
    ]["text"]
    assert title == (
        "North: Ethics, Laws, and Policies is the least-served strand, 0 h per director (most: 4 h)"
    )


def test_views_title_says_how_much_full_count_adds(closed_year):
    title = draw(strands.strand_views_figure(PageScope(closed_year))).to_dict()["title"]["text"]
    # 24 counted hours; the 4-hour teaching;cyber course counts 4 to each strand in full: +4
    assert title == (
        "Statewide: full counting adds 17% to strand hours; "
        "Data Management and Governance stays least served"
    )
