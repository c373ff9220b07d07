"""Tables built once per evaluation (figures.scope.scope_tables): a widget pick only filters
them, and what it shows is what building the one scope from scratch shows."""

import datetime as dt
import gc
import json

import pytest
from small_state import CLOSED, years_page

from tdceu_analysis import charts
from tdceu_analysis.figures import at_risk, director, scope, statewide, strands
from tdceu_analysis.figures.scope import PageScope
from tdceu_analysis.widgets import Board

OPEN = dt.date(2026, 11, 28)

REGION_FIGURES = [
    statewide.headline,
    statewide.status_figure,
    statewide.region_status_figure,
    statewide.hours_figure,
    statewide.mix_figure,
    statewide.pending_figure,
    strands.region_heatmap_figure,
    strands.district_heatmap_figure,
    strands.least_served_figure,
    strands.strand_views_figure,
    at_risk.behind_figure,
    at_risk.cto_clock_figure,
]
YEARS_FIGURES = [statewide.year_over_year_figure, statewide.monthly_figure]


def shown(figure) -> str:
    """What the notebook displays: the chart's validated vega-lite spec, or the HTML."""
    figure = charts.shown(figure)  # a `Figure` as the board shows it: its chart
    if hasattr(figure, "to_dict"):
        return json.dumps(figure.to_dict(validate=True), sort_keys=True)
    return figure._repr_html_()


def from_scratch(owner, name, summary, build, region=None, district=None, picker=False, **kw):
    """scope_tables without the per-evaluation tables: the chosen scope built on its own."""
    chosen = scope.scoped(summary, region, district, picker, kw.get("include_all", True))
    return chosen, build(chosen)


def page(owner, **choices) -> PageScope:
    """The page of an evaluation, or of the latest of a YearsEvaluation's years."""
    if hasattr(owner, "fys"):
        return years_page(owner, **choices)
    return PageScope(owner, **choices)


def uncache(monkeypatch) -> None:
    """Every figure's tables built from scratch (scope_tables, as the figures reach it)."""
    for module in (scope, statewide):
        monkeypatch.setattr(module, "scope_tables", from_scratch)


@pytest.fixture
def uncached(monkeypatch):
    uncache(monkeypatch)


@pytest.mark.parametrize("region", [None, "North", "South"])
@pytest.mark.parametrize("figure", REGION_FIGURES + YEARS_FIGURES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("year", ["closed", "open"])
def test_a_pick_shows_what_building_its_scope_from_scratch_shows(
    figure, region, year, request, monkeypatch
):
    evaluation = request.getfixturevalue(
        ("closed_years" if year == "closed" else "years")
        if figure in YEARS_FIGURES
        else ("closed_year" if year == "closed" else "open_year")
    )
    cached = shown(figure(page(evaluation, region=region)))
    uncache(monkeypatch)
    assert cached == shown(figure(page(evaluation, region=region)))


@pytest.mark.parametrize("figure", REGION_FIGURES, ids=lambda f: f.__name__)
def test_going_back_to_a_region_shows_the_same_figure(figure, closed_year):
    first = shown(figure(page(closed_year, region="North")))
    shown(figure(page(closed_year, region="South")))
    shown(figure(page(closed_year)))
    assert shown(figure(page(closed_year, region="North"))) == first


def test_a_district_or_the_exported_picker_builds_directly(closed_year, uncached):
    # the direct path is the only one here: these are the reference figures
    direct = shown(statewide.status_figure(PageScope(closed_year, district="D2")))
    picker = shown(statewide.status_figure(PageScope(closed_year, picker=True)))
    assert "Beta County" in direct and "All regions" in picker


def test_director_page_defaults_and_labels_do_not_change_with_the_pick(closed_year):
    first = director.default_director(closed_year)
    for director_id in ("A1", "B1", "C1", "X1"):
        shown(director.cumulative_figure(PageScope(closed_year, director_id=director_id)))
    assert director.default_director(closed_year) == first
    spec = shown(director.cumulative_figure(PageScope(closed_year, director_id="C1")))
    assert spec == shown(
        director.cumulative_figure(PageScope(closed_year, director_id="C1", region="South"))
    )


def test_changing_the_fiscal_year_redraws_from_that_years_evaluation(state):
    board = Board("t", data=state, fy=2026, as_of=CLOSED, region="North")
    fy26 = shown(board.render(statewide.status_figure))
    board.fy, board.as_of = 2027, OPEN
    fy27 = shown(board.render(statewide.status_figure))
    fresh = Board("t", data=state, fy=2027, as_of=OPEN, region="North")
    assert fy27 == shown(fresh.render(statewide.status_figure))
    assert fy27 != fy26 and "FY27" in fy27 and "FY27" not in fy26


def test_the_tables_go_with_their_evaluation(state):
    from tdceu_analysis import evaluate

    evaluation = evaluate(state, 2026, CLOSED)
    statewide.status_figure(PageScope(evaluation, region="North"))
    key = id(evaluation)
    assert key in scope._PER_EVALUATION
    del evaluation
    gc.collect()
    assert key not in scope._PER_EVALUATION


def test_an_unknown_region_is_still_the_users_to_fix(closed_year):
    from tdceu_analysis.errors import UserError

    with pytest.raises(UserError, match="region 'Nowhere'"):
        statewide.status_figure(PageScope(closed_year, region="Nowhere"))


def test_the_first_scope_picked_is_built_alone_and_every_scope_from_the_second_on(state):
    from tdceu_analysis import evaluate

    evaluation = evaluate(state, 2026, CLOSED)  # its own, so nothing is built yet
    built: list[tuple[str, ...]] = []

    def build(chosen):
        built.append(chosen.options)
        return chosen.frame.select(scope.SCOPE, "director_id")

    def pick(region):
        return scope.scope_tables(evaluation, "t", evaluation.summary, build, region=region)

    assert pick("North")[1].get_column("director_id").to_list() == ["A1", "B1"]
    pick("North")  # the same scope again: nothing new to build
    assert built == [("North",)]
    chosen, tables = pick("South")  # a second scope: every scope, once
    assert built[-1] == ("All regions", "North", "South")
    assert chosen.value == "South" and tables.get_column("director_id").to_list() == ["C1", "X1"]
    pick(None)
    pick("North")
    assert len(built) == 2


@pytest.mark.parametrize("figure", REGION_FIGURES + YEARS_FIGURES, ids=lambda f: f.__name__)
def test_picks_of_a_new_year_show_what_building_each_scope_from_scratch_shows(
    figure, state, monkeypatch
):
    from tdceu_analysis import evaluate, evaluate_years

    # a new year's evaluation: the first pick is built alone, the next ones from every scope
    owner = (
        evaluate_years(state, [2026, 2027], as_of=OPEN)
        if figure in YEARS_FIGURES
        else evaluate(state, 2027, OPEN)
    )
    picks = [None, "North", "South", None, "North"]
    seen = [shown(figure(page(owner, region=region))) for region in picks]
    districts = ["D1", "D2", "D1", "D3"]  # a second district: every district built once
    seen_districts = [shown(figure(page(owner, district=code))) for code in districts]
    uncache(monkeypatch)
    assert seen == [shown(figure(page(owner, region=region))) for region in picks]
    assert seen_districts == [shown(figure(page(owner, district=code))) for code in districts]
