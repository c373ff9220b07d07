"""The notebooks' parameters: what each name means, and the board a page makes of them.

A page's cell tagged `parameters` sets what a person changes in JupyterLab (the data
folder, the year, the as-of date, and what the page itself takes: 04's `director_id`,
05's `scenario`). `tdceu build` assigns its own values in a cell right after it
(papermill's convention: `data_dir`, `fy`, `as_of`, `live = False`, `built_at`,
`redact`). The next cell makes the page's board of whatever the notebook then holds:

    board = Board.from_parameters("Statewide compliance", globals())

so each name below is read in one place, and a name the notebook does not set keeps
the board's default (a person may add any of them to the parameters cell).
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any, TypeVar

# name -> what it takes; every value may be None (the default said after "None =")
PARAMETERS = {
    "data_dir": "data folder; None = the shipped sample",
    "fy": 'fiscal year, e.g. 2027 or "FY27"; None = the current one',
    "as_of": '"YYYY-MM-DD"; None = today, or the year\'s last day once it is over',
    "region": "a region to start with; None = statewide",
    "district": "a district code to start with; None = all",
    "director_id": "the director shown first; None = the most urgent with records",
    "scenario": "05: a shipped name, a .toml path or a dict; None = the one that changes most",
    "base": "05: compare against this scenario instead of the published policy",
    "live": "True (the default): ipywidgets in JupyterLab; `tdceu build` sets False",
    "built_at": "the build's time, set by `tdceu build`; None = now",
    "redact": "True: a public page, state and region figures only (tdceu build --redact)",
}

BoardType = TypeVar("BoardType")


def _accepted(board_class: type) -> set[str]:
    """The keyword arguments the board class (and the classes it extends) takes."""
    return {
        name
        for klass in board_class.__mro__
        if "__init__" in vars(klass)
        for name in inspect.signature(klass.__init__).parameters
    }


def from_parameters(
    board_class: type[BoardType], title: str, namespace: Mapping[str, Any]
) -> BoardType:
    """The board titled `title` of a notebook whose variables are `namespace`
    (`globals()`): each parameter of `PARAMETERS` it holds, and the board takes, is passed."""
    taken = PARAMETERS.keys() & namespace.keys() & _accepted(board_class)
    return board_class(title, **{name: namespace[name] for name in taken})
