"""A scenario is checked like the policy itself: a bad one fails with one clear line."""

import datetime as dt
import math
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
    saved_by_an_old_editor = tmp_path / "latin1.toml"
    saved_by_an_old_editor.write_bytes('description = "caf\u00e9"\n'.encode("latin-1"))
    with pytest.raises(UserError, match=r"latin1\.toml' is not UTF-8 text"):
        load_scenario(saved_by_an_old_editor)


# Issue 12: every number a scenario gives is checked where it is read (NaN, infinity, sign,
# range), and a value the policy's own unit checks refuse is refused with one line.
# (sentence, scenario, part of the message)
BAD_NUMBERS = [
    (
        "a NaN minimum is not a number of hours",
        {"policy": {"annual_minimum_hours": math.nan}},
        "'annual_minimum_hours' must be a finite number, not nan",
    ),
    (
        "an infinite external cap is not a number of hours",
        {"policy": {"external_maximum_hours": math.inf}},
        "'external_maximum_hours' must be a finite number, not inf",
    ),
    (
        "a negative ALET minimum is refused",
        {"policy": {"alet_minimum_hours": -0.5}},
        "'alet_minimum_hours' cannot be negative",
    ),
    (
        "a minimum of more hours than a year has is refused",
        {"policy": {"annual_minimum_hours": 1e308}},
        "'annual_minimum_hours' 1e+308 is out of range (at most 8784 hours)",
    ),
    (
        "a window of a billion months is refused",
        {"policy": {"cto_academy_window_months": 10**9}},
        "'cto_academy_window_months' 1000000000 is out of range (at most 1200 months)",
    ),
    (
        "a due-soon span of a billion months is refused",
        {"policy": {"cto_academy_due_soon_months": 10**9}},
        "'cto_academy_due_soon_months' 1000000000 is out of range",
    ),
    (
        "a critical span of a trillion days is refused",
        {"policy": {"critical_days_left": 10**12}},
        "'critical_days_left' 1000000000000 is out of range (at most 36525 days)",
    ),
    (
        "a month 13 is refused by the policy's own unit check",
        {"policy": {"fiscal_year_start_month": 13}},
        "policy 'fiscal_year_start_month' must be a month from 1 to 12",
    ),
    (
        "a fiscal year starting on February 31 is refused",
        {"policy": {"fiscal_year_start_month": 2, "fiscal_year_start_day": 31}},
        "fiscal_year_start_month 2 with fiscal_year_start_day 31 is not a day every year has",
    ),
    (
        "a fiscal year starting on February 29 is refused (most years lack it)",
        {"policy": {"fiscal_year_start_month": 2, "fiscal_year_start_day": 29}},
        "is not a day every year has",
    ),
    (
        "a day 31 is refused when the file's start month has 30 days",
        {"policy": {"fiscal_year_start_month": 9, "fiscal_year_start_day": 31}},
        "fiscal_year_start_month 9 with fiscal_year_start_day 31",
    ),
    (
        "a requirement start in the year 9999 is refused",
        {"policy": {"requirement_start": "9999-12-31"}},
        "'requirement_start' 9999-12-31 is out of range (within 100 years of 2024-10-01)",
    ),
    (
        "a catalogue year 99999 is refused",
        {"catalog": {"copy": [{"from_fiscal_year": 2026, "fiscal_year": 99999}]}},
        "fiscal_year must be a year like 2026, not 99999",
    ),
    (
        "a dropped row's year 99999 is refused",
        {"catalog": {"drop": [{"event_id": "ext-iste", "fiscal_year": 99999}]}},
        "fiscal_year must be a year like 2026, not 99999",
    ),
    (
        "a NaN cap in a catalogue change is refused",
        {"catalog": {"change": [{"event_id": "ext-iste", "max_hours_per_year": math.nan}]}},
        "'max_hours_per_year' must be a finite number, not nan",
    ),
    (
        "NaN attendance hours are refused",
        {"attendance": [CAMP | {"hours": math.nan}]},
        "'hours' must be a finite number, not nan",
    ),
    (
        "a NaN attendance rate is refused",
        {"attendance": [CAMP | {"attendance_rate": math.nan}]},
        "'attendance_rate' must be a finite number, not nan",
    ),
]


@pytest.mark.parametrize(
    ("raw", "message"), [c[1:] for c in BAD_NUMBERS], ids=[c[0] for c in BAD_NUMBERS]
)
def test_a_bad_number_in_a_scenario_is_refused_where_it_is_read(raw, message):
    with pytest.raises(UserError) as problem:
        scenario_from_dict({"name": "bad", **raw})
    assert message in str(problem.value)
    assert str(problem.value).startswith("scenario 'bad'")
    assert "\n" not in str(problem.value)


def test_the_largest_sane_values_still_run(cap_data):
    # the bounds refuse typos, not long but real values (a century of months; a whole year of days)
    scenario = {
        "name": "long",
        "policy": {"cto_academy_window_months": 1200, "critical_days_left": 366},
    }
    result = run_what_if(cap_data, scenario, 2026, YEAR_END)
    assert result.directors.height == 9


def test_a_year_start_that_fits_the_file_but_not_the_given_policy_is_refused_when_applied(cap_data):
    # the scenario's day 30 makes a date with the file's October, but not with a February
    february = load_policy(2026).with_overrides({"fiscal_year_start_month": 2})
    scenario = scenario_from_dict({"name": "day-30", "policy": {"fiscal_year_start_day": 30}})
    with pytest.raises(UserError, match="fiscal_year_start_month 2 with fiscal_year_start_day 30"):
        run_what_if(cap_data, scenario, 2026, YEAR_END, policy=february)


# (sentence, keyword arguments of run_what_if, part of the message)
BAD_ARGUMENTS = [
    ("a scenario given as a list is refused", {"scenario": [1, 2]}, "scenario must be a Scenario"),
    ("a scenario given as a number is refused", {"scenario": 5}, "not int"),
    ("a base given as a number is refused", {"base": 5.0}, "base must be a Scenario"),
    ("a fiscal year given as text is refused", {"fy": "2026"}, "fy must be a fiscal year"),
    ("a fiscal year given as a switch is refused", {"fy": True}, "fy must be a fiscal year"),
    ("a huge fiscal year is refused", {"fy": 99999}, "FY99999 is not a fiscal year"),
    ("an as-of date given as text is refused", {"as_of": "2026-09-30"}, "as_of must be a date"),
    ("data that is not a loaded folder is refused", {"data": "folder"}, "data must be a loaded"),
    ("a policy that is not a Policy is refused", {"policy": {"x": 1}}, "policy must be a Policy"),
]


@pytest.mark.parametrize(
    ("arguments", "message"), [c[1:] for c in BAD_ARGUMENTS], ids=[c[0] for c in BAD_ARGUMENTS]
)
def test_a_wrong_argument_to_run_what_if_is_a_one_line_error(arguments, message, cap_data):
    given = {"data": cap_data, "scenario": {"name": "ok"}, "fy": 2026, "as_of": YEAR_END}
    with pytest.raises(UserError) as problem:
        run_what_if(**(given | arguments))
    assert message in str(problem.value)
    assert "\n" not in str(problem.value)
