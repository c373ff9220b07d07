"""What-if scenarios on hand-made folders: who changes status, and why.

`cap-folder/README.md` describes each director of the folder the cap tests use.
"""

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tdceu_analysis import load_folder
from tdceu_analysis.errors import UserError
from tdceu_analysis.whatif import (
    evaluate_scenario,
    load_scenario,
    run_what_if,
    scenario_from_dict,
    shipped_scenarios,
)

HERE = Path(__file__).resolve().parent
CAP_FOLDER = HERE / "cap-folder"
HAND_MADE = HERE.parents[1] / "examples" / "hand-made"
YEAR_END = dt.date(2026, 9, 30)

ALET_4 = scenario_from_dict({"name": "alet-4", "policy": {"alet_minimum_hours": 4}})
CAP_8 = {"name": "cap-8", "policy": {"external_maximum_hours": 8}}


@pytest.fixture(scope="module")
def cap_data():
    return load_folder(CAP_FOLDER)


@pytest.fixture(scope="module")
def hand_made():
    return load_folder(HAND_MADE)


def statuses(result) -> dict[str, tuple[str, str]]:
    return {
        row["director_id"]: (row["status_baseline"], row["status_scenario"])
        for row in result.directors.iter_rows(named=True)
    }


def ledger_change_rows(result) -> dict[str, tuple]:
    return {
        row["record_id"]: (
            row["reason_baseline"],
            row["reason_scenario"],
            row["hours_counted_baseline"],
            row["hours_counted_scenario"],
        )
        for row in result.ledger_changes.iter_rows(named=True)
    }


# ---------------------------------------------------------------------------
# The external cap 6 -> 8 (the "done when")
# ---------------------------------------------------------------------------

# director: (status with ALET minimum 4, with ALET minimum 4 and external cap 8) -- why
CAP_CASES = {
    "A1": ("not_met", "met"),  # ALET 5 >= 4; 11 hours, CoSN cut 3 -> 1 by the cap; 8 gives 13
    "A2": ("not_met", "met"),  # ALET 4; FETC's 2 cut to 0; cap 8 gives exactly 12
    "B1": ("not_met", "not_met"),  # ALET 3 < 4: short of ALET hours too
    "B2": ("not_met", "not_met"),  # the cap cut 1 hour, 2 are needed
    "B3": ("not_met", "not_met"),  # cut by the K12SIX line cap, not the external cap
    "B4": ("not_met", "not_met"),  # short because 3 hours wait for evidence
    "B5": ("not_met", "not_met"),  # nothing capped
    "C1": ("met", "met"),  # already met
    "M1": ("not_met", "not_met"),  # 7 hours, nothing capped
}


def test_raising_the_external_cap_turns_into_met_exactly_those_short_only_by_the_cap(cap_data):
    result = run_what_if(cap_data, CAP_8, 2026, YEAR_END, base=ALET_4)
    assert statuses(result) == CAP_CASES
    assert result.changed.get_column("director_id").to_list() == ["A1", "A2"]
    directions = dict(result.directions.iter_rows())
    assert directions["newly_met"] == 2
    assert sum(n for d, n in directions.items() if d not in ("newly_met", "unchanged")) == 0
    counts = {row["status"]: row for row in result.status_counts.iter_rows(named=True)}
    assert (counts["met"]["baseline"], counts["met"]["scenario"], counts["met"]["change"]) == (
        1,
        3,
        2,
    )


def test_who_flips_is_who_had_met_the_alet_minimum_and_lost_enough_hours_to_the_cap(cap_data):
    """The same set, found from the baseline's own frames as a person would check it."""
    before = evaluate_scenario(cap_data, ALET_4, 2026, YEAR_END)
    cut_by_cap = (
        before.ledger.filter(pl.col("reason") == "capped_external")
        .group_by("director_id")
        .agg((pl.col("hours_claimed") - pl.col("hours_counted")).sum().alias("cut"))
    )
    extra_room = 8 - 6
    expected = (
        before.summary.join(cut_by_cap, on="director_id", how="left")
        .filter(
            pl.col("status") == "not_met",
            pl.col("alet_hours_needed") == 0,
            pl.col("hours_needed") <= pl.min_horizontal(pl.col("cut").fill_null(0), extra_room),
        )
        .get_column("director_id")
        .to_list()
    )
    result = run_what_if(cap_data, CAP_8, 2026, YEAR_END, base=ALET_4)
    assert sorted(expected) == ["A1", "A2"]
    assert sorted(result.changed.get_column("director_id").to_list()) == sorted(expected)


def test_with_the_published_minimums_the_cap_alone_moves_hours_but_no_status(cap_data):
    # 12 required - 6 ALET minimum = 6 = the cap: anyone cut by it already has 12 once ALET is met
    result = run_what_if(cap_data, CAP_8, 2026, YEAR_END)
    assert result.changed.height == 0
    assert ledger_change_rows(result) == {
        "a1-3": ("capped_external", "counted", 1.0, 3.0),
        "a2-3": ("capped_external", "counted", 0.0, 2.0),
        "b1-3": ("capped_external", "capped_external", 0.0, 2.0),
        "b2-3": ("capped_external", "counted", 0.0, 1.0),
        "c1-3": ("capped_external", "counted", 0.0, 2.0),
    }
    assert result.policy_changes.rows() == [("external_maximum_hours", "hours", "R4", "6", "8")]


def test_hand_made_folder_cap_8_changes_only_the_iste_record(hand_made):
    result = run_what_if(hand_made, CAP_8, 2026, YEAR_END)
    assert result.changed.height == 0
    assert ledger_change_rows(result) == {"r4": ("capped_external", "counted", 3.0, 5.0)}
    strands = {row["strand"]: row["hours_change"] for row in result.strands.iter_rows(named=True)}
    assert strands == {
        "roles": 0.0,
        "teaching": 2.0,
        "planning": 0.0,
        "ethics": 0.0,
        "cyber": 0.0,
        "data": 0.0,
    }
    region = {row["region"]: row["hours_change"] for row in result.by_region.iter_rows(named=True)}
    assert region == {"Region 3": 2.0, "Region 4": 0.0}
    assert "0 of 3 directors change status" in result.describe()


# ---------------------------------------------------------------------------
# Other policy values
# ---------------------------------------------------------------------------


def test_prorating_switch_brings_the_mid_year_starter_over_a_smaller_requirement(cap_data):
    result = run_what_if(cap_data, {"policy": {"prorate_mid_year_start": True}}, 2026, YEAR_END)
    # M1 held the role 183 of 365 days: owes 6.02 hours (3.01 ALET) and has 7 (4 ALET)
    assert result.changed.get_column("director_id").to_list() == ["M1"]
    assert statuses(result)["M1"] == ("not_met", "met")
    assert result.ledger_changes.height == 0


def test_a_policy_override_reaches_the_earlier_years_evaluated_for_repeats(hand_made):
    # strict in-person: T2's online course counts 0 in FY25 too, so it was never credited
    # and its FY26 repeat is stopped by the online rule instead of the repeat rule (R7)
    result = run_what_if(hand_made, {"policy": {"online_hours_count": False}}, 2026, YEAR_END)
    assert ledger_change_rows(result) == {"r9": ("repeat_course", "online_not_counted", 0.0, 0.0)}
    assert result.result.policy.value("online_hours_count") is False


# ---------------------------------------------------------------------------
# Catalogue changes
# ---------------------------------------------------------------------------


def test_dropping_an_event_makes_its_records_not_approved_and_checks_nothing_else(hand_made):
    drop = {"catalog": {"drop": [{"event_id": "ext-iste", "fiscal_year": 2026}]}}
    result = run_what_if(hand_made, drop, 2026, YEAR_END)
    assert ledger_change_rows(result) == {"r4": ("capped_external", "not_approved", 3.0, 0.0)}
    assert result.result.ledger.height == result.baseline.ledger.height
    assert result.result.rejects.height == result.baseline.rejects.height
    assert result.catalog_changes.select("event_id", "fiscal_year", "change").rows() == [
        ("ext-iste", 2026, "dropped")
    ]
    assert statuses(result)["T1"] == ("met", "met")  # 9 ALET + 3 workshop hours = 12


def test_changing_a_line_cap_moves_hours_between_lines(cap_data):
    change = {
        "catalog": {
            "change": [{"event_id": "ext-iste", "fiscal_year": 2026, "max_hours_per_year": 4}]
        }
    }
    result = run_what_if(cap_data, change, 2026, YEAR_END)
    rows = ledger_change_rows(result)
    # A1: ISTE 5 -> 4 (line cap), so CoSN's 3 fit 2 under the 6-hour cap instead of 1
    assert rows["a1-2"] == ("counted", "capped_line", 5.0, 4.0)
    assert rows["a1-3"] == ("capped_external", "capped_external", 1.0, 2.0)
    detail = result.catalog_changes.filter(pl.col("event_id") == "ext-iste")["detail"].item()
    assert detail == "max_hours_per_year: 6.0 -> 4.0"


def test_next_years_list_copied_from_this_years_approves_fy27_records(cap_data):
    result = run_what_if(
        cap_data, shipped_scenarios()["fy27-approved-list"], 2027, dt.date(2026, 11, 28)
    )
    assert ledger_change_rows(result) == {
        "a1-27a": ("not_approved", "counted", 0.0, 3.0),
        "a1-27b": ("not_approved", "counted", 0.0, 2.0),
    }
    changes = result.catalog_changes.group_by("change").len().rows()
    assert changes == [("added", 20)]  # 20 FY26 lines - Gemini + the new workshop, for FY27


def test_copying_a_year_keeps_the_rows_the_target_year_already_has(cap_data):
    copy_back = {"catalog": {"copy": [{"from_fiscal_year": 2026, "fiscal_year": 2026}]}}
    result = run_what_if(cap_data, copy_back, 2026, YEAR_END)
    assert result.catalog_changes.height == 0
    assert result.ledger_changes.height == 0


# ---------------------------------------------------------------------------
# Assumed attendance: an extra event in a region
# ---------------------------------------------------------------------------

CAMP = {
    "event_id": "alet-cyber-camp",
    "region": "South",
    "hours": 6,
    "strands": ["cyber"],
    "attendance_rate": 0.5,
    "date": "2026-07-15",
}


def test_extra_cyber_camp_adds_records_for_a_spread_share_of_the_region(cap_data):
    result = run_what_if(cap_data, {"name": "camp", "attendance": [CAMP]}, 2026, YEAR_END)
    added = result.ledger_changes.filter(pl.col("change") == "added")
    # South, in director_id order: A2 B2 B4 C1 M1; half of 5 rounds to 3, every other one
    assert added.get_column("director_id").to_list() == ["A2", "B4", "M1"]
    assert set(added.get_column("date").to_list()) == {dt.date(2026, 7, 15)}
    # staff's list: by direction, region, then name (Exactly Twelve, Mid Year, Pending Evidence)
    assert result.changed.select("director_id", "direction").rows() == [
        ("A2", "newly_met"),
        ("M1", "newly_met"),
        ("B4", "newly_met"),
    ]
    cyber = result.strands.filter(pl.col("strand") == "cyber").row(0, named=True)
    assert cyber["hours_change"] == 18.0
    regions = {row["region"]: row["newly_met"] for row in result.by_region.iter_rows(named=True)}
    assert regions == {"North": 0, "South": 3}


def test_attendance_is_deterministic(cap_data):
    first = run_what_if(cap_data, {"attendance": [CAMP]}, 2026, YEAR_END)
    second = run_what_if(cap_data, {"attendance": [CAMP]}, 2026, YEAR_END)
    assert_frame_equal(first.result.ledger, second.result.ledger)


def test_most_behind_attendees_are_those_needing_most_hours(cap_data):
    camp = CAMP | {"attendance_rate": 0.4, "attendees": "most_behind"}
    result = run_what_if(cap_data, {"attendance": [camp]}, 2026, YEAR_END)
    added = result.ledger_changes.filter(pl.col("change") == "added")
    # needs in South: M1 5, A2 2, B2 2, B4 2, C1 0 -> 2 of 5: M1, then A2 (id order on ties)
    assert sorted(added.get_column("director_id").to_list()) == ["A2", "M1"]


def test_attendance_without_a_date_is_placed_on_the_as_of_date(cap_data):
    camp = {k: v for k, v in CAMP.items() if k != "date"}
    result = run_what_if(cap_data, {"attendance": [camp]}, 2026, dt.date(2026, 8, 1))
    added = result.ledger_changes.filter(pl.col("change") == "added")
    assert set(added.get_column("date").to_list()) == {dt.date(2026, 8, 1)}


def test_attendance_in_an_unknown_region_names_the_regions(cap_data):
    with pytest.raises(UserError, match=r"region 'Troy' is not in the districts file.*North"):
        run_what_if(cap_data, {"attendance": [CAMP | {"region": "Troy"}]}, 2026, YEAR_END)


# ---------------------------------------------------------------------------
# Scenario files
# ---------------------------------------------------------------------------


def test_a_scenario_file_reads_like_the_same_dict(tmp_path, cap_data):
    path = tmp_path / "camp.toml"
    path.write_text(
        'description = "camp"\n'
        "[policy]\nexternal_maximum_hours = 8\n"
        "[[attendance]]\n"
        'event_id = "alet-cyber-camp"\nregion = "South"\nhours = 6\n'
        'strands = ["IT Management and Cybersecurity"]\nattendance_rate = 0.5\n'
        "date = 2026-07-15\n",
        encoding="utf-8",
    )
    from_file = load_scenario(path)
    from_dict = scenario_from_dict(
        {
            "name": "camp",
            "description": "camp",
            "policy": {"external_maximum_hours": 8},
            "attendance": [CAMP],
        }
    )
    assert from_file == from_dict


@pytest.mark.parametrize("name", sorted(shipped_scenarios()))
def test_every_shipped_scenario_runs_on_its_year(name, cap_data):
    scenario = load_scenario(shipped_scenarios()[name])
    if scenario.attendance:  # the shipped camp is in a sample region
        scenario = scenario_from_dict(
            {"name": name, "attendance": [CAMP | {"region": "North", "date": "2026-09-01"}]}
        )
    fy, as_of = (2027, dt.date(2026, 11, 28)) if "fy27" in name else (2026, YEAR_END)
    result = run_what_if(cap_data, scenario, fy, as_of)
    assert result.directors.height == result.baseline.summary.height
    assert scenario.description or scenario.attendance
