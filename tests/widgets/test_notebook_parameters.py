"""A notebook's board from its variables (`Board.from_parameters(title, globals())`): each
parameter the notebook holds reaches the board, one it does not hold keeps the board's
default, and any other variable of the notebook is left alone."""

import datetime as dt

from tdceu_analysis.widgets import Board, WhatIfBoard
from tdceu_analysis.widgets.parameters import PARAMETERS, _accepted


def test_what_tdceu_build_injects_reaches_the_board():
    # the values `tdceu build` assigns after the parameters cell (report/parameters.py)
    injected = {
        "data_dir": None,
        "fy": "FY26",
        "as_of": "2026-09-30",
        "live": False,
        "built_at": "2026-11-28 12:00 UTC",
        "redact": True,
    }
    board = Board.from_parameters("Statewide compliance", injected)
    assert board.title == "Statewide compliance"
    assert (board.fy, board.as_of) == (2026, dt.date(2026, 9, 30))
    assert (board.live, board.built_at, board.redact) == (False, "2026-11-28 12:00 UTC", True)


def test_a_parameter_the_notebook_does_not_set_keeps_the_boards_default():
    board = Board.from_parameters("t", {"fy": 2026, "as_of": "2026-09-30", "live": False})
    assert (board.region, board.district, board.director_id, board.redact) == (
        None,
        None,
        None,
        False,
    )
    assert Board.from_parameters("t", {"fy": 2026, "as_of": "2026-09-30"}).live is True


def test_a_person_may_add_a_start_choice_and_other_variables_are_left_alone():
    namespace = {
        "fy": 2026,
        "as_of": "2026-09-30",
        "live": False,
        "region": "North",
        "district": "D012",
        "director_id": "1920",
        "scenario": "external-cap-8",  # 05's: a Board does not take it
        "pages": [],  # the summary's, read by the notebook itself
        "board": None,
    }
    board = Board.from_parameters("t", namespace)
    assert (board.region, board.district, board.director_id) == ("North", "D012", "1920")


def test_every_parameter_is_taken_by_the_board_of_the_page_that_uses_it():
    assert set(PARAMETERS) - {"scenario", "base"} <= _accepted(Board)
    assert set(PARAMETERS) <= _accepted(WhatIfBoard)
