"""The statement, the plans in short and the projection as the pages show them."""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl
import pytest

from tdceu_analysis import evaluate
from tdceu_analysis._paths import sample_folder
from tdceu_analysis.figures.projection import projection_card
from tdceu_analysis.figures.scope import PageScope
from tdceu_analysis.figures.statement import (
    at_risk_plans,
    director_plan,
    director_statement,
    plans_for,
)
from tdceu_analysis.io.load import load_folder
from tdceu_analysis.vocabulary import BEHIND

AS_OF = dt.date(2026, 11, 28)
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def sample():
    data = load_folder(sample_folder())
    # one director with a name that must come out as text
    directors = data.directors.with_columns(
        pl.when(pl.col("director_id") == "3727").then(pl.lit(XSS)).otherwise("name").alias("name")
    )
    data = dataclasses.replace(data, directors=directors)
    return data, evaluate(data, 2027, AS_OF)


def test_the_picked_statement_is_shown_and_the_others_hidden(sample):
    data, evaluation = sample
    shown = str(director_statement(PageScope(evaluation, director_id="3727", picker=True), data))
    scopes = shown.count("data-tdceu-scope=")
    assert scopes == evaluation.summary.height
    assert shown.count(" hidden>") == scopes - 1
    assert 'data-tdceu-scope="3727">' in shown  # the picked one, not hidden
    assert XSS not in shown and "&lt;img src=x onerror=alert(1)&gt;" in shown
    alone = str(director_statement(PageScope(evaluation, director_id="3727"), data))
    assert "data-tdceu-scope" not in alone and "TD-CEU statement" in alone


def test_page_03_lists_the_plan_of_everyone_behind(sample):
    data, evaluation = sample
    behind = evaluation.summary.filter(pl.col("status").is_in(BEHIND))
    table = at_risk_plans(PageScope(evaluation), data)
    assert table.text.startswith(f"table of {behind.height} rows")
    plans = plans_for(data, evaluation)
    one = plans.status.filter(pl.col("plan_status") == "plan").row(0, named=True)
    if one["director_id"] in behind["director_id"].to_list():
        assert f"{one['plan_sessions']} session" in str(table)
    troy = at_risk_plans(PageScope(evaluation, region="Troy"), data)
    assert troy.text.startswith(f"table of {behind.filter(pl.col('region') == 'Troy').height} rows")


def test_the_projection_shows_for_an_open_year_only(sample):
    data, evaluation = sample
    card = projection_card(evaluation, data)
    assert "If every director behind attends their plan" in str(card)
    assert "Method:" in str(card)
    closed = projection_card(evaluate(data, 2026), data)
    assert str(closed) == ""


def test_page_03_plans_follow_the_exported_pages_region_box(sample):
    data, evaluation = sample
    behind = evaluation.summary.filter(pl.col("status").is_in(BEHIND))
    troy = behind.filter(pl.col("region") == "Troy").height
    shown = str(at_risk_plans(PageScope(evaluation, region="Troy", picker=True), data))
    # every region's rows are there, those of other regions hidden until picked
    assert shown.count("<tr ") == behind.height
    assert shown.count(" hidden>") == behind.height - troy


def test_page_04_shows_the_picked_directors_pending_items_and_plan(sample):
    data, evaluation = sample
    plans = plans_for(data, evaluation)
    row = plans.status.filter(pl.col("plan_status") == "no_plan").row(0, named=True)
    alone = str(director_plan(PageScope(evaluation, director_id=row["director_id"]), data))
    assert row["reason"] in alone and "<h2>Pending for " in alone
    every = str(
        director_plan(PageScope(evaluation, director_id=row["director_id"], picker=True), data)
    )
    assert every.count("data-tdceu-scope=") == evaluation.summary.height
    assert every.count(" hidden>") == evaluation.summary.height - 1
