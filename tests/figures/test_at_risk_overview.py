"""03 at risk on the small state (tests/small_state.py)."""

import pytest

from tdceu_analysis.charts import draw
from tdceu_analysis.figures import at_risk_overview
from tdceu_analysis.figures.scope import scoped


def test_cto_clocks_count_months_left(closed_year):
    frame = at_risk_overview.cto_clocks(scoped(closed_year.summary).frame, closed_year.as_of)
    # rounded up, the rule's way: "due within 6 months" is exactly "6 mo left" or fewer
    assert frame.select("label", "cto_status", "months_left", "months_text").rows() == [
        ("<img src=x onerror=alert(1)> (<b>Delta</b> & Co)", "in_window", 15, "15 mo left")
    ]
    title = draw(at_risk_overview.cto_clock_figure(closed_year)).to_dict()["title"]["text"]
    assert title == ("Statewide: 0 overdue and 0 due within 6 months among 1 new director (0 done)")


def test_behind_by_region_orders_the_most_first(closed_year):
    frame = at_risk_overview.behind_by_row(scoped(closed_year.summary).frame)
    assert frame.select("row", "directors", "order").rows() == [
        ("South", 2, 1),
        ("North", 1, 2),
    ]
    title = draw(at_risk_overview.behind_figure(closed_year)).to_dict()["title"]["text"]
    assert title == (
        "Statewide: 3 directors did not meet the year, needing 24 hours in all; most in South"
    )


@pytest.mark.parametrize("region", [None, "South"])
def test_every_figure_builds_for_a_region(closed_year, region):
    for figure in (at_risk_overview.behind_figure, at_risk_overview.cto_clock_figure):
        assert draw(figure(closed_year, region=region)).to_dict()["title"]
