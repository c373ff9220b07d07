"""Page 05's board in a kernel (tdceu_analysis.widgets.whatif): what a pick reads from its
caches still says what a board built for that choice says."""

from __future__ import annotations

import contextlib
import io

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from shared import AS_OF

pytest.importorskip("ipywidgets")


def board(live: bool = False, **choices):
    from tdceu_analysis.widgets import WhatIfBoard

    return WhatIfBoard("what-if", fy=2026, as_of=AS_OF, live=live, **choices)


@pytest.fixture(scope="module")
def picked():
    """A live board with its pickers (altair's renderer put back afterwards)."""
    import altair as alt

    renderer = alt.renderers.active
    shown = board(live=True)
    with contextlib.redirect_stdout(io.StringIO()):  # (displays print outside a notebook)
        shown.controls()
    shown.prefetching.join()
    yield shown
    alt.renderers.enable(renderer)


def test_the_comparison_of_a_region_is_what_a_board_of_that_region_compares(picked):
    region = picked.pickers["region"].options[2][1]
    with contextlib.redirect_stdout(io.StringIO()):
        picked.pickers["region"].value = region
    fresh = board(region=region).comparison()
    assert_frame_equal(picked.comparison(), fresh)
    assert fresh.height == len(picked.shipped)
    # the region's counts are not the state's
    statewide = board().comparison()
    assert not picked.comparison().equals(statewide)


def test_a_scenario_pick_reads_the_same_comparison_and_names_the_scenario(picked):
    before = picked.comparison()
    other = next(name for name in picked.shipped if name != picked.scenario)
    with contextlib.redirect_stdout(io.StringIO()):
        picked.pickers["scenario"].value = other
    assert picked.scenario == other
    assert picked.comparison() is before  # one frame per year and region, not one per pick
    assert_frame_equal(before, board(region=picked.region, scenario=other).comparison())
    described = before.filter(pl.col("scenario") == other).get_column("description")
    assert described.len() == 1
