"""A data folder's own policy.toml (issue 11): a copy of the shipped sample whose policy says
15 hours a year and up to 8 external hours from FY26. A person checking this would run the
sample both ways and recount who met the year by hand from each summary's hours.
"""

from __future__ import annotations

import datetime as dt
import shutil

import polars as pl
import pytest

from tdceu_analysis._paths import policy_file, sample_folder
from tdceu_analysis.evaluate import evaluate, evaluate_years
from tdceu_analysis.io.load import load_folder
from tdceu_analysis.policy import policy_origin

YEAR_END = dt.date(2026, 9, 30)  # FY26 closed


@pytest.fixture(scope="module")
def shipped():
    return load_folder(sample_folder())


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The sample with the shipped example policy.toml (15 hours, 8 external, from FY26)."""
    path = tmp_path_factory.mktemp("policy-folder") / "sample"
    shutil.copytree(sample_folder(), path)
    shutil.copy(policy_file().with_name("example-policy.toml"), path / "policy.toml")
    return load_folder(path)


def _met_by_hand(summary: pl.DataFrame, minimum: float, alet_minimum: float) -> set[str]:
    return {
        row["director_id"]
        for row in summary.iter_rows(named=True)
        if row["total_hours"] >= minimum and row["alet_hours"] >= alet_minimum
    }


def test_the_folder_policy_travels_with_the_data_and_says_where_it_came_from(shipped, folder):
    assert shipped.policy.folder_values() == []
    assert policy_origin(shipped.policy) == "Policy: shipped values"
    rows = {(row.parameter, row.effective_fy, row.value) for row in folder.policy.folder_values()}
    assert rows == {("annual_minimum_hours", 2026, 15.0), ("external_maximum_hours", 2026, 8.0)}
    assert policy_origin(folder.policy) == (
        "Policy: shipped values, with 2 values from the folder's policy.toml: "
        "annual_minimum_hours = 15 from FY26, external_maximum_hours = 8 from FY26"
    )
    # FY25 keeps the published values; FY26 and later years take the folder's
    assert folder.policy.for_year(2025).hours("annual_minimum_hours") == 12
    assert folder.policy.for_year(2027).hours("external_maximum_hours") == 8


def test_statuses_follow_the_folder_policy(shipped, folder):
    before = evaluate(shipped, 2026, YEAR_END).summary
    after = evaluate(folder, 2026, YEAR_END).summary
    assert before.get_column("director_id").to_list() == after.get_column("director_id").to_list()
    met_before = set(before.filter(pl.col("status") == "met").get_column("director_id"))
    met_after = set(after.filter(pl.col("status") == "met").get_column("director_id"))
    # the statuses are what a person counts from the hours: 12 and 6 before, 15 and 6 after
    assert met_before == _met_by_hand(before, 12, 6)
    assert met_after == _met_by_hand(after, 15, 6)
    assert len(met_after) < len(met_before)
    # a higher external cap only adds hours, so nobody who met before fails for lack of
    # external room: those who drop out had between 12 and 15 hours (ALET minimum kept)
    dropped = before.filter(pl.col("director_id").is_in(list(met_before - met_after)))
    assert dropped.height == len(met_before) - len(met_after) > 0
    assert all(hours >= 12 for hours in dropped.get_column("total_hours"))
    # and nobody newly meets it: short of 12 with 6 external hours means short of 6 ALET hours
    assert met_after <= met_before
    assert set(after.get_column("hours_needed").filter(after["status"] == "met")) == {0.0}


def test_the_external_cap_moves_only_external_hours(shipped, folder):
    before = evaluate(shipped, 2026, YEAR_END).summary.sort("director_id")
    after = evaluate(folder, 2026, YEAR_END).summary.sort("director_id")
    assert after.get_column("external_hours").max() <= 8
    assert before.get_column("external_hours").max() <= 6
    assert after.get_column("external_hours").max() > 6  # somebody was cut at 6 before
    # ALET hours do not change; total hours change by exactly the external hours' change
    assert before.get_column("alet_hours").to_list() == after.get_column("alet_hours").to_list()
    for old, new in zip(before.iter_rows(named=True), after.iter_rows(named=True), strict=True):
        gained = new["external_hours"] - old["external_hours"]
        assert gained >= 0
        assert new["total_hours"] - old["total_hours"] == pytest.approx(gained)
        if gained:  # only somebody cut by the published cap can gain
            assert old["external_hours"] == 6


def test_explanations_say_15_and_8_not_12_and_6(folder):
    evaluation = evaluate(folder, 2026, YEAR_END)
    capped = evaluation.ledger.filter(pl.col("reason") == "capped_external")
    assert capped.height > 0
    assert all("at most 8 hours a year" in text for text in capped.get_column("explanation"))
    sentences = " ".join(evaluation.summary.get_column("status_explanation"))
    assert "of 15 required" in sentences
    assert "of 12 required" not in sentences
    # (an event line's own yearly cap, from the catalogue, may still be 6: that is not policy)
    explanations = " ".join(evaluation.ledger.get_column("explanation"))
    assert "external events count at most 8 hours a year" in explanations
    assert "external events count at most 6" not in explanations


def test_a_year_before_the_folder_values_is_evaluated_as_published(shipped, folder):
    before = evaluate(shipped, 2025, dt.date(2025, 9, 30))
    after = evaluate(folder, 2025, dt.date(2025, 9, 30))
    assert after.summary.equals(before.summary)
    assert after.ledger.equals(before.ledger)


def test_evaluate_years_uses_the_folder_policy_for_each_year(folder):
    years = evaluate_years(folder, [2025, 2026], dt.date(2026, 9, 30))
    assert years.year(2025).policy.hours("annual_minimum_hours") == 12
    assert years.year(2026).policy.hours("annual_minimum_hours") == 15
    fy26 = years.summary.filter(pl.col("fiscal_year") == 2026)
    assert set(fy26.get_column("required_hours")) == {15.0}
    assert fy26.equals(evaluate(folder, 2026, YEAR_END).summary)


def test_an_explicit_policy_still_wins(shipped, folder):
    published = shipped.policy.for_year(2026)
    assert evaluate(folder, 2026, YEAR_END, policy=published).summary.equals(
        evaluate(shipped, 2026, YEAR_END).summary
    )
