"""`tdceu statements` on the sample: 151 statements, plans.csv, reminders.csv."""

from __future__ import annotations

import polars as pl

from tdceu_analysis.cli import main
from tdceu_analysis.plans.reminders import PLANS_CSV_COLUMNS, REMINDER_COLUMNS


def test_statements_on_the_sample(tmp_path, capsys):
    out = tmp_path / "st"
    assert main(["statements", "--fy", "2027", "--as-of", "2026-11-28", "--out", str(out)]) == 0
    pages = [path for path in out.glob("*.html") if path.name != "index.html"]
    assert len(pages) == 151
    plans = pl.read_csv(out / "plans.csv", infer_schema=False)
    reminders = pl.read_csv(out / "reminders.csv", infer_schema=False)
    assert tuple(plans.columns) == PLANS_CSV_COLUMNS
    assert tuple(reminders.columns) == REMINDER_COLUMNS
    assert reminders.height == 151
    said = capsys.readouterr().out
    assert "FY27 as of 2026-11-28; data: the shipped sample" in said
    assert "151 statements: 22 met" in said


def test_a_wrong_argument_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["statements", "--out", str(tmp_path)]) == 2
    assert "--fy" in capsys.readouterr().err
    assert main(["statements", "--fy", "2027", "--redact", "--out", str(tmp_path)]) == 2


def test_an_as_of_before_the_year_is_one_line(tmp_path, capsys):
    code = main(["statements", "--fy", "2027", "--as-of", "2025-01-01", "--out", str(tmp_path)])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("tdceu: error:") and err.count("\n") == 1


def test_a_folder_without_sessions_says_no_one_has_a_plan(tmp_path, capsys):
    import shutil

    from tdceu_analysis._paths import sample_folder

    folder = tmp_path / "data"
    shutil.copytree(sample_folder(), folder)
    (folder / "sessions.csv").unlink()
    code = main(
        [
            "statements",
            "--data",
            str(folder),
            "--fy",
            "2027",
            "--as-of",
            "2026-11-28",
            "--out",
            str(tmp_path / "st"),
        ]
    )
    assert code == 0
    said = capsys.readouterr().out
    assert "151 statements: 22 met, 0 with a plan, 129 with no plan" in said
    assert "note: no session of the calendar is dated after the as-of date" in said
