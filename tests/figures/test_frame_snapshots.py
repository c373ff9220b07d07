"""Snapshots of every figure's frame, title and subtitle (syrupy) on the small state: a
change to the numbers or words behind a chart shows in review as a diff of
tests/figures/__snapshots__/. After an intended change: `pytest
tests/figures/test_frame_snapshots.py --snapshot-update`, and read the diff."""

import json

import pytest
from small_state import FIGURES
from syrupy.extensions.json import JSONSnapshotExtension

from tdceu_analysis.figures.figure import Picker


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


def _title(title):
    if isinstance(title, Picker):
        return {"picker": title.name, "value": title.value, "titles": dict(title.titles)}
    return title


@pytest.mark.parametrize("name", sorted(FIGURES))
@pytest.mark.parametrize("picker", [False, True], ids=["one_scope", "picker"])
def test_figure_frame(name, picker, closed_year, years, snapshot_json):
    figure = FIGURES[name](closed_year, years, picker)
    shown = {
        "chart": figure.chart,
        "title": _title(figure.title),
        "subtitle": figure.subtitle,
        "columns": {column: str(dtype) for column, dtype in figure.frame.schema.items()},
        "rows": json.loads(figure.frame.write_json()),
    }
    assert shown == snapshot_json
