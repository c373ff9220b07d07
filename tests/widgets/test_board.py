"""tdceu_analysis.widgets.board: a pick redraws what it changes, and only that."""

import pytest
from small_state import CLOSED, OPEN

from tdceu_analysis.figures.html import Html
from tdceu_analysis.figures.scope import PageScope
from tdceu_analysis.widgets import Board

pytest.importorskip("anywidget")


@pytest.fixture
def shell():
    """An IPython shell, so a live board's display has handles to redraw."""
    from IPython.core.interactiveshell import InteractiveShell

    return InteractiveShell.instance()


def test_a_pick_redraws_only_the_figures_whose_part_of_the_page_changed(state, shell):
    board = Board("t", data=state, fy=2026, as_of=CLOSED, live=True)
    calls: list[tuple] = []

    def of_the_year(evaluation):
        calls.append(("year", evaluation.fy))
        return Html(f"<p>{evaluation.fy}</p>", str(evaluation.fy))

    def of_the_page(page: PageScope):
        calls.append(("page", page.evaluation.fy, page.region, page.district))
        return Html(f"<p>{page.region}</p>", str(page.region))

    def of_the_board():  # takes nothing: reads the board itself, as the header does
        calls.append(("board",))
        return Html(f"<p>{board.region}</p>", str(board.region))

    for figure in (of_the_year, of_the_page, of_the_board):
        board.show(figure)
    calls.clear()
    board.region = "North"
    board.refresh()
    assert sorted(calls) == [("board",), ("page", 2026, "North", None)]
    calls.clear()
    board.refresh()  # nothing changed: only what reads the board is drawn again
    assert calls == [("board",)]
    calls.clear()
    board.fy, board.as_of = 2027, OPEN
    board.refresh()
    assert sorted(calls) == [("board",), ("page", 2027, "North", None), ("year", 2027)]


def test_the_page_holds_every_choice_and_the_years(state):
    board = Board("t", data=state, fy=2026, as_of=CLOSED, region="North", live=False)
    page = board.page
    assert (page.evaluation, page.region, page.district, page.picker) == (
        board.evaluation,
        "North",
        None,
        True,
    )
    assert page.years is board.years and page.shows_the_same(board.page)
    assert not page.shows_the_same(PageScope(board.evaluation, region="South", picker=True))


def test_a_figure_may_take_single_choices_instead_of_the_page(state):
    # page 05's comparison table takes `picker` alone (the export's select box)
    board = Board("t", data=state, fy=2026, as_of=CLOSED, region="North", live=False)

    def takes(region, picker, everyone):
        return region, picker, everyone

    assert board.arguments(takes, {}) == {"region": "North", "picker": True, "everyone": False}
