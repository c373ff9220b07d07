"""A year taken out of `evaluate_years` is the year `evaluate` gives (the dashboards
take it from there so a year pick evaluates once)."""

from __future__ import annotations

import datetime as dt

import pytest

from tdceu_analysis._paths import sample_folder
from tdceu_analysis.errors import UserError
from tdceu_analysis.evaluate import evaluate, evaluate_years, years_with_records
from tdceu_analysis.io.load import load_folder
from tdceu_analysis.policy import load_policy
from tdceu_analysis.widgets import Board


@pytest.fixture(scope="module")
def sample():
    return load_folder(sample_folder())


@pytest.mark.parametrize("as_of", [dt.date(2026, 9, 30), dt.date(2026, 11, 28)])
def test_each_year_of_evaluate_years_equals_evaluate_of_that_year(sample, as_of):
    years = evaluate_years(sample, as_of=as_of)
    for fy in years.fys:
        alone = evaluate(sample, fy, as_of)
        taken = years.year(fy)
        assert taken.as_of == alone.as_of
        assert taken.fiscal_year == alone.fiscal_year
        assert taken.policy == alone.policy
        assert taken.ledger.equals(alone.ledger)
        assert taken.summary.equals(alone.summary)


def test_a_year_not_evaluated_is_refused(sample):
    years = evaluate_years(sample, [2025, 2026], as_of=dt.date(2026, 9, 30))
    with pytest.raises(UserError, match="FY27"):
        years.year(2027)


def test_the_years_a_reader_can_pick_are_those_begun_with_records(sample):
    policy = load_policy(2026)
    # the sample has records in FY25, FY26 and FY27 (up to 2026-11-28)
    assert years_with_records(sample, dt.date(2026, 11, 28), policy) == [2025, 2026, 2027]
    assert years_with_records(sample, dt.date(2026, 9, 30), policy) == [2025, 2026]
    assert years_with_records(sample, dt.date(2024, 12, 1), policy) == [2025]
    assert years_with_records(sample, dt.date(2024, 9, 30), policy) == []


def test_a_board_year_pick_shows_what_evaluate_gives(sample):
    board = Board("test", data=sample, fy=2027, as_of="2026-11-28")
    board.fy = 2026
    alone = evaluate(sample, 2026, dt.date(2026, 11, 28))
    assert board.evaluation.as_of == dt.date(2026, 9, 30)
    assert board.evaluation.summary.equals(alone.summary)
    assert board.evaluation.ledger.equals(alone.ledger)
    assert board.years.fys == (2025, 2026)
    assert board.fiscal_years() == [2025, 2026, 2027]
