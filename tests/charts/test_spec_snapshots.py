"""Snapshots of every chart's vega-lite spec (syrupy): a change to a chart, or to the
frame and words behind it, shows in review as a diff of tests/charts/__snapshots__/.
After an intended change: `pytest tests/charts/test_spec_snapshots.py --snapshot-update`,
and read the diff before committing it."""

import pytest
from small_state import FIGURES, OPEN
from syrupy.extensions.json import JSONSnapshotExtension

from tdceu_analysis.charts import draw
from tdceu_analysis.charts.summary import summary_charts
from tdceu_analysis.figures.summary import board_summary


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


@pytest.mark.parametrize("name", sorted(FIGURES))
@pytest.mark.parametrize("picker", [False, True], ids=["one_scope", "picker"])
def test_chart_spec(name, picker, closed_year, years, snapshot_json):
    assert draw(FIGURES[name](closed_year, years, picker)).to_dict() == snapshot_json


def test_summary_chart_specs(years, snapshot_json):
    summary = board_summary(years, OPEN)
    assert {sentence: chart.to_dict() for sentence, chart in summary_charts(summary)} == (
        snapshot_json
    )
