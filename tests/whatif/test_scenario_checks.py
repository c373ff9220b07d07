"""A scenario is checked like the policy itself: a bad one fails with one clear line."""

import datetime as dt
from pathlib import Path

import pytest

from tdceu_analysis import load_folder, load_policy
from tdceu_analysis.errors import UserError
from tdceu_analysis.whatif import load_scenario, run_what_if, scenario_from_dict

CAP_FOLDER = Path(__file__).resolve().parent / "cap-folder"
YEAR_END = dt.date(2026, 9, 30)
CAMP = {"event_id": "alet-cyber-camp", "hours": 6, "strands": ["cyber"], "attendance_rate": 0.5}

# (scenario, part of the message)
BAD_SCENARIOS = [
    ({"policy": {"external_maximum_hour": 8}}, "did you mean 'external_maximum_hours'"),
    ({"policy": {"external_maximum_hours": "8"}}, "'external_maximum_hours' must be like 6.0"),
    ({"policy": {"external_maximum_hours": -1}}, "cannot be negative"),
    ({"policy": {"online_hours_count": 1}}, "'online_hours_count' must be like True"),
    ({"policy": {"cto_academy_window_months": 18.5}}, "must be like 24"),
    ({"policy": {"requirement_start": "2024-13-01"}}, "'requirement_start' must be like"),
    ({"policy": {"max_hours_per_record": 30.0}}, "applied when the data folder is read"),
    ({"polcy": {}}, "did you mean 'policy'"),
    ({"catalog": {"remove": []}}, "unknown key 'remove'"),
    ({"catalog": {"change": [{"event_id": "ext-iste"}]}}, "changes nothing"),
    ({"catalog": {"drop": [{"event_id": "ext-iste", "max_hours_per_year": 3}]}}, "unknown key"),
    ({"catalog": {"drop": [{"fiscal_year": 2026}]}}, "'event_id' is missing"),
    ({"catalog": {"copy": [{"fiscal_year": 2027}]}}, "give from_fiscal_year and fiscal_year"),
    ({"attendance": [CAMP | {"strands": ["cybr"]}]}, "unknown strand 'cybr'"),
    ({"attendance": [CAMP | {"strands": []}]}, "give at least one strand"),
    ({"attendance": [CAMP | {"attendance_rate": 1.5}]}, "between 0 and 1"),
    ({"attendance": [CAMP | {"hours": 30}]}, "hours 30 is out of range"),
    ({"attendance": [CAMP | {"date": "15/07/2026"}]}, "is not a date"),
    ({"attendance": [CAMP | {"attendees": "random"}]}, "attendees must be one of"),
    ({"attendance": [{k: v for k, v in CAMP.items() if k != "strands"}]}, "'strands' is missing"),
]


@pytest.mark.parametrize(("raw", "message"), BAD_SCENARIOS)
def test_a_bad_scenario_is_refused_with_a_clear_line(raw, message):
    with pytest.raises(UserError) as problem:
        scenario_from_dict({"name": "bad", **raw})
    assert message in str(problem.value)
    assert "\n" not in str(problem.value)


@pytest.fixture(scope="module")
def cap_data():
    return load_folder(CAP_FOLDER)


# Checked when applied to a catalogue and data (by the data contract's own event checks)
BAD_ON_DATA = [
    ({"catalog": {"drop": [{"event_id": "ext-nowhere"}]}}, "no such row in the catalogue"),
    (
        {"catalog": {"change": [{"event_id": "ext-iste", "max_hours_per_year": "lots"}]}},
        "max_hours_per_year 'lots' is not a number of hours",
    ),
    (
        {"catalog": {"change": [{"event_id": "ext-iste", "max_hours_per_year": 0}]}},
        "max_hours_per_year must be more than 0",
    ),
    (
        {
            "catalog": {
                "add": [
                    {
                        "event_id": "ext-new",
                        "name": "New",
                        "category": "partner",
                        "kind": "external_event",
                        "fiscal_year": 2026,
                        "repeatable": True,
                        "requires_assignment": True,
                        "requires_evidence": True,
                        "delivery": "in_person",
                    }
                ]
            }
        },
        "category",
    ),
    (
        {"catalog": {"add": [{"event_id": "ext-new", "name": "New", "category": "external"}]}},
        "no column",
    ),
    ({"attendance": [CAMP | {"event_id": "alet-moon-camp"}]}, "is not in the catalogue"),
    (
        {"catalog": {"copy": [{"from_fiscal_year": 2019, "fiscal_year": 2027}]}},
        "no rows for FY19",
    ),
]


@pytest.mark.parametrize(("raw", "message"), BAD_ON_DATA)
def test_a_catalogue_change_is_checked_like_an_events_file(raw, message, cap_data):
    with pytest.raises(UserError) as problem:
        run_what_if(cap_data, {"name": "bad", **raw}, 2026, YEAR_END)
    assert message in str(problem.value)
    assert "scenario 'bad'" in str(problem.value)


def test_policy_overrides_are_checked_again_by_the_policy_itself():
    # the scenario's own checks run first; Policy.with_overrides refuses what slips past
    with pytest.raises(UserError, match="unknown policy parameter"):
        load_policy(2026).with_overrides({"no_such_value": 1})


def test_a_toml_date_literal_is_a_date_value(tmp_path):
    path = tmp_path / "late-start.toml"
    path.write_text("[policy]\nrequirement_start = 2025-10-01\n", encoding="utf-8")
    scenario = load_scenario(path)
    assert scenario.name == "late-start"
    assert scenario.policy == {"requirement_start": "2025-10-01"}


def test_a_broken_scenario_file_names_the_file(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[policy\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"broken\.toml"):
        load_scenario(path)
    with pytest.raises(UserError, match="does not exist"):
        load_scenario(tmp_path / "missing.toml")
