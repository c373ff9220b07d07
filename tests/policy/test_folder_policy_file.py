"""A data folder's policy.toml is checked exactly like the shipped file; a bad one is one line
that names the file and the entry, from the library and from the command line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tdceu_analysis._paths import policy_file
from tdceu_analysis.errors import UserError
from tdceu_analysis.io.load import load_folder
from tdceu_analysis.policy import load_folder_policy, load_policy

CAP_FOLDER = Path(__file__).resolve().parents[1] / "whatif" / "cap-folder"


def entry(name: str, value: str, fy: int = 2026, source: str | None = "board, 2025-06-12") -> str:
    lines = [f"[[{name}.values]]", f"effective_fy = {fy}", f"value = {value}"]
    if source is not None:
        lines.append(f'source = "{source}"')
    return "\n".join(lines) + "\n"


def folder_with(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(CAP_FOLDER, folder)
    (folder / "policy.toml").write_text(text, encoding="utf-8")
    return folder


BAD_FILES = {
    "unknown parameter": (
        entry("anual_minimum_hours", "15.0"),
        "unknown policy parameter 'anual_minimum_hours' (did you mean 'annual_minimum_hours'?)",
    ),
    "missing source": (
        entry("annual_minimum_hours", "15.0", source=None),
        "[[annual_minimum_hours.values]] entry 1: has no 'source'",
    ),
    "blank source": (
        entry("annual_minimum_hours", "15.0", source="  "),
        "[[annual_minimum_hours.values]] FY26: has no source",
    ),
    "NaN": (
        entry("external_maximum_hours", "nan"),
        "[[external_maximum_hours.values]] FY26: policy 'external_maximum_hours' must be a "
        "number of hours, 0 or more, not nan",
    ),
    "infinity": (
        entry("annual_minimum_hours", "inf"),
        "must be a number of hours, 0 or more, not inf",
    ),
    "negative hours": (
        entry("alet_minimum_hours", "-3.0"),
        "[[alet_minimum_hours.values]] FY26: policy 'alet_minimum_hours' must be a number of "
        "hours, 0 or more, not -3.0",
    ),
    "more hours than a year has": (
        entry("annual_minimum_hours", "9000.0"),
        "must be a number of hours a year can hold",
    ),
    "month 13": (
        entry("fiscal_year_start_month", "13"),
        "[[fiscal_year_start_month.values]] FY26: policy 'fiscal_year_start_month' must be a "
        "month from 1 to 12, not 13",
    ),
    "a day no month has": (
        entry("fiscal_year_start_month", "2") + entry("fiscal_year_start_day", "30"),
        "in FY26 the fiscal year would start on month 2, day 30",
    ),
    "wrong unit: words for hours": (
        entry("annual_minimum_hours", '"fifteen"'),
        "must be a number of hours, 0 or more, not 'fifteen'",
    ),
    "wrong unit: a fraction of months": (
        entry("cto_academy_window_months", "18.5"),
        "must be a whole number of months, not 18.5",
    ),
    "wrong unit: a word for a switch": (
        entry("online_hours_count", '"no"'),
        "must be true or false, not 'no'",
    ),
    "a date that does not exist": (
        entry("requirement_start", '"2025-02-30"'),
        "must be a date written YYYY-MM-DD",
    ),
    "a misspelt key": (
        "[[annual_minimum_hours.values]]\neffective_year = 2026\nvalue = 15.0\nsource = 's'\n",
        "unknown key 'effective_year' (did you mean 'effective_fy'?)",
    ),
    "a year that is no year": (
        entry("annual_minimum_hours", "15.0", fy=26),
        "effective_fy 26 must be from 2025 to 2125",
    ),
    "the same year twice": (
        entry("annual_minimum_hours", "15.0") + entry("annual_minimum_hours", "14.0"),
        "[[annual_minimum_hours.values]] FY26 is given twice",
    ),
    "a unit changed": (
        "[annual_minimum_hours]\nunit = 'days'\n" + entry("annual_minimum_hours", "15.0"),
        "only [[annual_minimum_hours.values]] entries may be given (not unit)",
    ),
    "an ALET minimum above the annual one": (
        entry("alet_minimum_hours", "14.0"),
        "in FY26 alet_minimum_hours (14) is more than annual_minimum_hours (12)",
    ),
    "TOML syntax error": (
        "[[annual_minimum_hours.values]]\neffective_fy = 2026\nvalue = = 15\n",
        "is not valid TOML: ",
    ),
}


@pytest.mark.parametrize(("text", "message"), BAD_FILES.values(), ids=list(BAD_FILES))
def test_a_bad_policy_toml_is_one_line_naming_the_file(tmp_path, text, message):
    folder = folder_with(tmp_path, text)
    with pytest.raises(UserError) as refused:
        load_folder(folder)
    problem = str(refused.value)
    assert problem.startswith(f"{folder / 'policy.toml'}: ") or problem.startswith(
        f"{folder / 'policy.toml'} is not valid TOML"
    )
    assert message in problem
    assert "\n" not in problem


def test_the_command_line_prints_the_bad_entry_in_one_line_and_exits_2(tmp_path):
    folder = folder_with(tmp_path, entry("external_maximum_hours", "nan"))
    args = ["evaluate", "--data", str(folder), "--fy", "2026", "--out", str(tmp_path / "out")]
    result = subprocess.run(
        [sys.executable, "-m", "tdceu_analysis.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert str(folder / "policy.toml") in result.stderr
    assert "external_maximum_hours" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_no_policy_toml_means_the_shipped_values():
    policy = load_folder_policy(CAP_FOLDER)
    assert policy.folder_values() == []
    assert policy.for_year(2026).table() == load_policy(2026).table()


def test_a_folder_value_replaces_the_shipped_one_of_the_same_year(tmp_path):
    text = entry("annual_minimum_hours", "10.0", fy=2025, source="board: 10 in the first year")
    policy = load_folder_policy(folder_with(tmp_path, text))
    parameter = policy.parameters["annual_minimum_hours"]
    assert [(v.effective_fy, v.value) for v in parameter.values] == [(2025, 10.0)]
    assert policy.for_year(2026).hours("annual_minimum_hours") == 10
    assert policy.for_year(2026).source("annual_minimum_hours") == "board: 10 in the first year"
    assert policy.for_year(2026).origin("annual_minimum_hours").endswith("policy.toml")
    # the shipped parameters (cached per process) are untouched
    assert load_policy(2026).hours("annual_minimum_hours") == 12
    assert load_policy(2026).origin("annual_minimum_hours") == "shipped"


def test_a_whole_number_of_hours_is_read_as_hours(tmp_path):
    policy = load_folder_policy(folder_with(tmp_path, entry("external_maximum_hours", "8")))
    assert policy.for_year(2026).value("external_maximum_hours") == 8.0
    assert isinstance(policy.for_year(2026).value("external_maximum_hours"), float)


def test_the_shipped_example_is_a_valid_folder_policy(tmp_path):
    text = policy_file().with_name("example-policy.toml").read_text(encoding="utf-8")
    policy = load_folder_policy(folder_with(tmp_path, text)).for_year(2026)
    assert policy.hours("annual_minimum_hours") == 15
    assert policy.hours("external_maximum_hours") == 8
    assert policy.for_year(2025).hours("annual_minimum_hours") == 12
