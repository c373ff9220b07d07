"""Words and axes that fit every scope a reader can pick (issue 13): the state, a region,
a district, a district of one director. Sentences as a person reads them on the page,
checked against the small state of tests/small_state.py by hand."""

from small_state import CLOSED, OPEN

from tdceu_analysis.charts import draw
from tdceu_analysis.figures import at_risk, statewide, strands
from tdceu_analysis.figures.scope import PageScope
from tdceu_analysis.widgets import Board


def title(figure) -> str:
    return figure.title


def test_status_titles_for_the_state_a_region_and_one_director(closed_year, open_year):
    assert title(statewide.status_figure(PageScope(closed_year))) == (
        "Statewide: 1 of 4 directors (25%) met FY26; 3 did not"
    )
    assert title(statewide.status_figure(PageScope(closed_year, region="North"))) == (
        "North: 1 of 2 directors (50%) met FY26; 1 did not"
    )
    # Alpha City has one director (Ann Able, 12 h, met); Beta County's Bo Brown has 6 h
    assert title(statewide.status_figure(PageScope(closed_year, district="D1"))) == (
        "Alpha City: the one director met FY26"
    )
    assert title(statewide.status_figure(PageScope(closed_year, district="D2"))) == (
        "Beta County: the one director did not meet FY26"
    )
    # FY27 so far: Ann has 2 h on Nov 28 (on pace), Bo none (behind)
    assert title(statewide.status_figure(PageScope(open_year, district="D1"))) == (
        "Alpha City: the one director is on pace for FY27"
    )
    assert title(statewide.status_figure(PageScope(open_year, district="D2"))) == (
        "Beta County: the one director is behind the pace for FY27"
    )


def test_hours_titles_speak_of_the_one_director_not_half_of_them(closed_year, open_year):
    assert title(statewide.hours_figure(PageScope(closed_year, district="D1"))) == (
        "Alpha City: the one director counted 12 hours, at or above the minimum"
    )
    assert title(statewide.hours_figure(PageScope(closed_year, district="D2"))) == (
        "Beta County: the one director counted 6 hours, under the minimum"
    )
    # North: 12 and 6 hours -> the median is 9; Bo ended under the minimum
    assert title(statewide.hours_figure(PageScope(closed_year, region="North"))) == (
        "North: half the directors counted 9 hours or more; 1 ended under the minimum"
    )
    one_open = title(statewide.hours_figure(PageScope(open_year, district="D1")))
    assert one_open.startswith("Alpha City: the one director has 2 hours so far, at or ahead of")
    assert "half the directors" not in one_open


def test_behind_titles_agree_in_number_and_never_say_a_double_negative(closed_year, open_year):
    # Bo Brown needs max(12 - 6, 6 - 3) = 6 hours
    assert title(at_risk.behind_figure(PageScope(closed_year, region="North"))) == (
        "North: 1 director did not meet the year, needing 6 hours in all; in Beta County"
    )
    alpha = title(at_risk.behind_figure(PageScope(closed_year, district="D1")))
    assert alpha == "Alpha City: every director met the year"
    assert "did not" not in alpha
    assert title(at_risk.behind_figure(PageScope(open_year, district="D1"))) == (
        "Alpha City: no director is behind the pace"
    )
    beta = title(at_risk.behind_figure(PageScope(open_year, district="D2")))
    assert beta.startswith("Beta County: 1 director is behind the pace, needing ")


def test_director_count_axes_are_whole_numbers_for_one_director(closed_year):
    spec = draw(statewide.status_figure(PageScope(closed_year, district="D1"))).to_dict()
    axes = [
        channel["axis"]
        for layer in spec.get("layer", [spec])
        for channel in [
            layer.get("encoding", {}).get("x", {}),
            spec.get("encoding", {}).get("x", {}),
        ]
        if channel.get("field") == "Directors" and "axis" in channel
    ]
    assert axes and all(a["format"] == "d" and a["tickMinStep"] == 1 for a in axes)
    histogram = draw(statewide.hours_figure(PageScope(closed_year, district="D1"))).to_dict()
    assert '"format": "d"' in str(histogram).replace("'", '"')


def test_a_region_pick_shows_regions_above_and_its_districts_below(closed_year):
    regions = strands.region_heatmap_figure(PageScope(closed_year, region="North"))
    districts = strands.district_heatmap_figure(PageScope(closed_year, region="North"))
    assert set(regions.frame["row"]) == {"North", "South"}
    assert set(districts.frame["row"]) == {"Alpha City", "Beta County"}
    assert "North is one row here" in regions.subtitle
    # a district pick: the grid's rows are its directors, and the title says so
    one = strands.district_heatmap_figure(PageScope(closed_year, district="D1"))
    assert set(one.frame["row"]) == {"Ann Able"}
    assert "empty squares (a director with no counted hours in a strand)" in title(one)


def test_the_header_counts_the_scope_picked_and_the_state_beside_it(state):
    statewide_board = Board("t", data=state, fy=2026, as_of=CLOSED, live=False)
    assert dict(statewide_board.facts())["Data"] == "4 directors in scope, 6 records this year"
    district = Board("t", data=state, fy=2026, as_of=CLOSED, district="D1", live=False)
    assert dict(district.facts())["Data"] == (
        "1 director in scope in Alpha City, 2 records this year "
        "(statewide: 4 directors in scope, 6 records this year)"
    )
    region = Board("t", data=state, fy=2027, as_of=OPEN, region="South", live=False)
    assert dict(region.facts())["Data"].startswith("2 directors in scope in South, 0 records")
    assert "Policy" not in dict(region.facts())["Data"]  # shipped values: nothing to name


def _axis_labels(spec: dict, title: str) -> list[str]:
    """The tick labels a reader sees on the axis titled `title` of the drawn chart."""
    import re

    import vl_convert

    svg = vl_convert.vegalite_to_svg(spec)
    for axis in re.findall(r'<g class="mark-group role-axis".*?role-axis-title.*?</g>', svg, re.S):
        texts = re.findall(r">([^<>]*)</text>", axis)
        if texts and texts[-1] == title:
            return [t for t in texts[:-1] if t]
    raise AssertionError(f"no axis titled {title!r}")


def test_the_hours_histogram_of_one_or_two_directors_labels_each_count_once(closed_year):
    # Vega placed ticks at 0, 0.5, 1, ... and "d" labelled them "0 1 1 2 2"
    for scope in ({"district": "D1"}, {"region": "North"}):
        spec = draw(statewide.hours_figure(PageScope(closed_year, **scope))).to_dict()
        labels = _axis_labels(spec, "Directors")
        assert labels == sorted(set(labels), key=int), (scope, labels)
        assert all(label.isdigit() for label in labels), (scope, labels)
