"""The summary page's tiles: each note agrees with its number (0, 1, many)."""

from __future__ import annotations

import dataclasses

import polars as pl
import pytest
from small_state import OPEN

from tdceu_analysis.charts.summary import summary_tiles
from tdceu_analysis.figures.summary import board_summary


@pytest.fixture(scope="module")
def summary(years):
    return board_summary(years, OPEN)


@pytest.mark.parametrize(
    ("directors", "clocks", "said", "not_said"),
    [
        (
            1,
            ["overdue", "due_soon"],
            ["of 1 director,", "clock past its deadline", "clock nearing its deadline"],
            ["of 1 directors", "clocks past", "clocks nearing"],
        ),
        (
            4,
            [],
            ["of 4 directors,", "clocks past their deadline", "clocks nearing their deadline"],
            ["its deadline"],
        ),
        (
            9,
            ["overdue"] * 2 + ["due_soon"] * 3,
            ["of 9 directors,", "clocks past their deadline", "clocks nearing their deadline"],
            ["its deadline"],
        ),
    ],
    ids=[
        "one director and one clock of each are singular",
        "no clock is plural",
        "many directors and clocks are plural",
    ],
)
def test_tile_notes_agree_with_their_numbers(summary, directors, clocks, said, not_said):
    tiny = dataclasses.replace(
        summary,
        behind=pl.DataFrame({"behind": [1], "critical": [0], "directors": [directors]}),
        cto_clocks=pl.DataFrame({"status": clocks}, schema={"status": pl.String}),
    )
    html = str(summary_tiles(tiny))
    for words in said:
        assert words in html
    for words in not_said:
        assert words not in html
