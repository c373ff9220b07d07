"""`explain=False` (what the command line uses) changes nothing but the sentences.

A person checking this would evaluate the shipped sample both ways and compare the
ledgers and summaries column by column.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from tdceu_analysis._paths import sample_folder
from tdceu_analysis.evaluate import evaluate, evaluate_years
from tdceu_analysis.io.load import load_folder


@pytest.fixture(scope="module")
def sample():
    return load_folder(sample_folder())


@pytest.mark.parametrize(
    ("fy", "as_of"),
    [(2025, dt.date(2025, 9, 30)), (2026, dt.date(2026, 9, 30)), (2027, dt.date(2026, 11, 28))],
)
def test_a_year_without_sentences_has_the_same_hours_reasons_and_statuses(sample, fy, as_of):
    explained = evaluate(sample, fy, as_of)
    bare = evaluate(sample, fy, as_of, explain=False)
    assert "explanation" in explained.ledger.columns
    assert "explanation" not in bare.ledger.columns
    assert bare.ledger.equals(explained.ledger.drop("explanation"))
    assert bare.summary.equals(explained.summary)
    # every accepted record dated in the year up to the as-of date is still there
    in_year = pl.col("date").is_between(dt.date(fy - 1, 10, 1), as_of)
    assert bare.ledger.height == sample.records.filter(in_year).height > 0
    assert bare.ledger.filter(pl.col("reason") != "counted").height > 0


def test_several_years_without_sentences_match_too(sample):
    explained = evaluate_years(sample, [2025, 2026, 2027], as_of=dt.date(2026, 11, 28))
    bare = evaluate_years(sample, [2025, 2026, 2027], as_of=dt.date(2026, 11, 28), explain=False)
    assert bare.ledger.equals(explained.ledger.drop("explanation"))
    assert bare.summary.equals(explained.summary)
