"""The live notebooks' tables from an evaluation of the shipped sample: 03's at-risk list
(those behind by default, everyone not yet met with the switch) and 04's ledger (every
record, full event names, reasons in words)."""

import datetime as dt

import polars as pl
import pytest

from tdceu_analysis import tables
from tdceu_analysis._paths import sample_folder
from tdceu_analysis.evaluate import evaluate
from tdceu_analysis.figures.scope import PageScope
from tdceu_analysis.io.load import load_folder
from tdceu_analysis.rules.ledger import REASON_CODES
from tdceu_analysis.vocabulary import STATUS_LABELS


@pytest.fixture(scope="module")
def evaluation():
    return evaluate(load_folder(sample_folder()), 2027, dt.date(2026, 11, 28))


def test_the_at_risk_list_shows_those_behind_unless_asked_for_everyone(evaluation):
    summary = evaluation.summary
    behind = summary.filter(pl.col("status").is_in(["at_risk", "critical"])).height
    not_met = summary.filter(pl.col("status") != "met").height
    shown = tables.at_risk(PageScope(evaluation))
    everyone = tables.at_risk(PageScope(evaluation), everyone=True)
    assert shown.frame.height == behind > 0
    assert everyone.frame.height == not_met > behind
    words = {STATUS_LABELS["at_risk"], "Critical"}
    # the status says when someone left the role: "At risk, left 2026-10-24"
    assert {status.split(", left ")[0] for status in shown.frame.get_column("Status")} <= words
    left = shown.frame.filter(pl.col("Status").str.contains(", left "))
    assert left.height > 0 and shown.frame.tail(left.height).equals(left)  # kept apart, last
    assert f"{behind} of the {not_met} directors" in shown.caption


def test_the_at_risk_list_of_a_region_holds_its_directors_only(evaluation):
    region = evaluation.summary.get_column("region").drop_nulls().sort().first()
    shown = tables.at_risk(PageScope(evaluation, region=region), everyone=True)
    assert set(shown.frame.get_column("Region")) == {region}


def test_the_ledger_holds_every_record_with_full_names_and_reasons_in_words(evaluation):
    director = evaluation.ledger.group_by("director_id").len().sort("len").row(-1)[0]
    table = tables.ledger(PageScope(evaluation, director_id=director))
    records = evaluation.ledger.filter(pl.col("director_id") == director)
    assert table.frame.height == records.height
    names = set(records.get_column("event_name").drop_nulls())
    assert all(any(name in event for event in table.frame.get_column("Event")) for name in names)
    assert not any("…" in event for event in table.frame.get_column("Event"))
    assert not set(table.frame.get_column("Reason")) & set(REASON_CODES)
    assert table.frame.get_column("Why").is_not_null().all()
