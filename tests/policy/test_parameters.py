"""The policy file: every value dated, sourced and defined once a year (rules as data)."""

import os
from pathlib import Path

import pytest

from tdceu_analysis.errors import UserError
from tdceu_analysis.policy import load_parameters, load_policy, parse_parameters

PACKAGE = Path(__file__).resolve().parents[2] / "tdceu_analysis"
SHIPPED_POLICY = PACKAGE / "data" / "policy" / "parameters.toml"
SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "alet-td-ceu-requirements.txt"


def test_every_value_has_a_source_a_unit_and_a_rule():
    for name, parameter in load_parameters().items():
        assert parameter.unit, name
        assert parameter.rule, name
        for entry in parameter.values:
            assert entry.source.strip(), f"{name} FY{entry.effective_fy} has no source"


def test_sources_quote_the_published_page_or_say_choice():
    # A source is either a sentence of ALET's page or marked as a choice / the data contract.
    # CI runs in a clone with shared/ beside it, so there a missing page is a failure;
    # only a checkout outside CI (no shared/ folder) may skip.
    if not SEED.exists():
        message = f"the published page is not beside the checkout: {SEED} does not exist"
        if os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}:
            pytest.fail(f"{message} (CI must copy shared/ beside the clone)", pytrace=False)
        pytest.skip(message)
    page = " ".join(SEED.read_text(encoding="utf-8").split())
    for name, parameter in load_parameters().items():
        for entry in parameter.values:
            if entry.source.startswith(("(choice)", "(data contract)")):
                continue
            first_sentence = entry.source.split(":")[0].split("...")[0].strip()
            assert first_sentence in page, f"{name}: '{first_sentence}' is not on the page"


def test_the_published_numbers_are_the_values_in_force_in_fy26():
    policy = load_policy(2026)
    assert policy.hours("annual_minimum_hours") == 12
    assert policy.hours("alet_minimum_hours") == 6
    assert policy.hours("external_maximum_hours") == 6
    assert policy.value("cto_academy_window_months") == 24
    assert policy.date("requirement_start").isoformat() == "2024-10-01"
    assert len(policy.strands) == 6


def test_a_year_without_its_own_entry_uses_the_latest_earlier_value():
    raw = {
        "annual_minimum_hours": {
            "description": "d",
            "unit": "hours",
            "rule": "R2",
            "values": [
                {"effective_fy": 2025, "value": 12.0, "source": "FY25 page"},
                {"effective_fy": 2027, "value": 15.0, "source": "FY27 page"},
            ],
        }
    }
    parameter = parse_parameters(raw)["annual_minimum_hours"]
    assert parameter.value_for(2026).value == 12.0  # FY26 has no entry: FY25's value
    assert parameter.value_for(2027).value == 15.0
    assert parameter.value_for(2031).value == 15.0  # FY31: the latest earlier, FY27's
    assert parameter.value_for(2024).value == 12.0  # before the first entry: the first


def test_a_value_without_a_source_is_refused():
    raw = {
        "x": {
            "description": "d",
            "unit": "hours",
            "rule": "R2",
            "values": [{"effective_fy": 2025, "value": 1}],
        }
    }
    with pytest.raises(UserError, match="has no source"):
        parse_parameters(raw)


def test_a_value_defined_twice_for_one_year_is_refused():
    raw = {
        "x": {
            "description": "d",
            "unit": "hours",
            "rule": "R2",
            "values": [
                {"effective_fy": 2026, "value": 1, "source": "a"},
                {"effective_fy": 2026, "value": 2, "source": "b"},
            ],
        }
    }
    with pytest.raises(UserError, match="twice"):
        parse_parameters(raw)


def test_a_what_if_override_must_name_a_parameter_and_keep_its_type():
    policy = load_policy(2026)
    assert policy.with_overrides({"external_maximum_hours": 8}).hours("external_maximum_hours") == 8
    with pytest.raises(UserError, match="unknown policy parameter"):
        policy.with_overrides({"external_max": 8})
    with pytest.raises(UserError, match="must be like"):
        policy.with_overrides({"prorate_mid_year_start": "yes"})


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("requirement_start", 5, "must be a date"),
        ("requirement_start", "2024-13-01", "must be a date written YYYY-MM-DD"),
        ("cto_academy_window_months", 18.5, "must be a whole number of months"),
        ("external_maximum_hours", -3, "must be a number of hours, 0 or more"),
        ("strands", "x", "must be a table of strand code = strand name"),
        ("strand_coverage_view", "half", "must be one of equal_split, full"),
        ("fiscal_year_start_month", 13, "must be a month from 1 to 12"),
    ],
    ids=lambda value: str(value),
)
def test_a_what_if_value_that_does_not_fit_its_unit_is_refused(name, value, message):
    with pytest.raises(UserError, match=message):
        load_policy(2026).with_overrides({name: value})


def test_a_file_value_that_does_not_fit_its_unit_is_refused():
    raw = {
        "x": {
            "description": "d",
            "unit": "hours",
            "rule": "R2",
            "values": [{"effective_fy": 2025, "value": "twelve", "source": "s"}],
        }
    }
    with pytest.raises(UserError, match="must be a number of hours"):
        parse_parameters(raw)


def test_an_edited_policy_file_is_read_again_and_each_caller_gets_its_own_table(tmp_path):
    # the parsed file is kept per process: the cache must never hide an edit or be shared
    shipped = load_parameters()
    assert load_parameters() is not shipped and load_parameters() == shipped
    shipped.pop("strands")
    assert "strands" in load_parameters()

    policy_file = tmp_path / "parameters.toml"
    text = SHIPPED_POLICY.read_text(encoding="utf-8")
    policy_file.write_text(text, encoding="utf-8")
    assert load_policy(2026, policy_file).hours("annual_minimum_hours") == 12
    policy_file.write_text(text.replace("value = 12.0", "value = 15.0", 1), encoding="utf-8")
    assert load_policy(2026, policy_file).hours("annual_minimum_hours") == 15
    assert load_policy(2026).hours("annual_minimum_hours") == 12
