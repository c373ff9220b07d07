"""The year-end projection and its back-test on the sample."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from tdceu_analysis import evaluate
from tdceu_analysis._paths import sample_folder
from tdceu_analysis.io.load import load_folder
from tdceu_analysis.plans import find_plans
from tdceu_analysis.plans.projection import backtest, project_year, wilson


@pytest.fixture(scope="module")
def data():
    return load_folder(sample_folder())


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # 8 of 10 at 90 % (z^2 = 2.7057): centre (0.8 + 0.1353) / 1.2706 = 0.7361,
        # half 1.6449 * sqrt(0.016 + 0.00676) / 1.2706 = 0.1953
        (8, 10, 0.5408, 0.9314),
        (0, 10, 0.0, 0.2129),  # none: the range still reaches up
        (10, 10, 0.7871, 1.0),
    ],
)
def test_wilson_interval(k, n, low, high):
    got = wilson(k, n)
    assert got == pytest.approx((low, high), abs=1e-3)


def test_projection_of_fy27(data):
    plans = find_plans(data, 2027, dt.date(2026, 11, 28))
    projection = project_year(data, plans)
    summary = plans.evaluation.summary
    met = summary.filter(pl.col("hours_needed") <= 0).height
    with_plan = plans.status.filter(pl.col("plan_status") == "plan").height
    assert projection.met_now == met and projection.in_scope == summary.height
    rows = {row["way"]: row for row in projection.frame.iter_rows(named=True)}
    assert rows["attend their plans"]["low"] == met + with_plan
    pace = rows["last year's pace"]
    assert met <= pace["low"] <= pace["high"] <= summary.height
    assert f"{met + with_plan} of {summary.height} meet FY27" in projection.sentence
    assert f"about {pace['low']}-{pace['high']}" in projection.sentence
    assert "Method:" in projection.sentence


def test_backtest_fy26_from_its_own_november_state(data):
    # FY26 as of 2025-11-28, projected at FY25's pace from 2024-11-28, against how FY26
    # ended for the same directors (the README's numbers)
    result = backtest(data, 2026, dt.date(2025, 11, 28)).row(0, named=True)
    then = evaluate(data, 2026, dt.date(2025, 11, 28)).summary
    assert result["in_scope"] == then.height
    assert result["met_then"] == then.filter(pl.col("hours_needed") <= 0).height
    assert result["low"] <= result["met_at_end"] <= result["high"]
    assert (result["low"], result["high"], result["met_at_end"]) == (120, 136, 129)
