"""Everything the package shows or writes states the policy in force, not the published
numbers (issue 11). Evaluated under a policy where every value that a page, sentence or
file states is changed, no published value shows where it would mean the policy, and the
changed ones do: every figure of pages 01-04 (as the notebooks show them, live and
exported), page 05's card, tiles, tables and charts, the board summary, the engine's own
sentences (ledger explanations, status explanations), the exports of `tdceu report` and
the evaluate command's lines.

This replaces three source scanners that looked for the numbers 12, 6, 24, 90 and October
in the code: a number written into code shows up here as a published value in the output,
wherever it is written (tests/report/test_folder_policy_build.py does the same for the
built HTML pages under a folder's policy.toml)."""

import datetime as dt
import importlib
import json
import re
from pathlib import Path

import pytest
from shared import AS_OF_DATE as AS_OF

from tdceu_analysis import charts, evaluate, evaluate_years, load_folder
from tdceu_analysis.figures import at_risk, statewide
from tdceu_analysis.figures.scope import PageScope
from tdceu_analysis.policy import load_policy

NOTEBOOKS = Path(__file__).resolve().parents[2] / "tdceu_analysis" / "notebooks"
# every value a page or a sentence states, changed (the published value in the comment)
CHANGED = {
    "annual_minimum_hours": 15.0,  # 12
    "alet_minimum_hours": 7.0,  # 6
    "external_maximum_hours": 8.0,  # 6
    "cto_academy_window_months": 36,  # 24
    "cto_academy_due_soon_months": 4,  # 6
    "critical_hours_needed": 5.0,  # 6
    "critical_days_left": 80,  # 90
    "fiscal_year_start_month": 7,  # October
}
# how the published values read where something states the policy (a director's "6
# external hours wait for the assignment" is data, not policy)
PUBLISHED = (
    "12-hour",
    "Met = 12",
    "of 12 required",
    "including at least 6 ALET",
    "6 from ALET events",
    "At least 6 must",
    "at most 6 external",
    "at most 6 hours a year",
    "6-hour external cap",
    "24 months",
    "24-month",
    "Due within 6 months",
    "6 or more hours still needed",
    "90 days or fewer",
    "October first",
)
# the same places under the changed policy (each must show somewhere)
CHANGED_WORDS = (
    "15-hour",
    "Met = 15",
    "including at least 7 ALET",
    "At least 7 must",
    "at most 8 external",
    "at most 8 hours a year",
    "36 months",
    "36-month",
    "Due within 4 months",
    "7 from ALET events",
    "5 or more hours still needed",
    "80 days or fewer",
    "July first",
)


def notebook_figures(page: str) -> list:
    """The figure functions notebook `page` shows with `board.show(module.function)`."""
    text = next(NOTEBOOKS.glob(f"{page}_*.py")).read_text(encoding="utf-8")
    return [
        getattr(importlib.import_module(f"tdceu_analysis.figures.{module}"), name)
        for module, name in re.findall(r"board\.show\((\w+)\.(\w+)\)", text)
        if module != "tables"
    ]


@pytest.fixture(scope="module")
def changed(sample):
    data = load_folder(sample)
    policy = load_policy(2027).with_overrides(CHANGED)
    evaluation = evaluate(data, 2027, AS_OF, policy=policy)
    years = evaluate_years(data, as_of=AS_OF, policy=policy)
    return data, policy, evaluation, years


def _shown(piece) -> str:
    drawn = charts.shown(piece)
    return json.dumps(drawn.to_dict()) if hasattr(drawn, "to_dict") else str(drawn)


def _page_texts(evaluation, years):
    """Every figure of pages 01-04 as the notebooks show it, live and exported."""
    for page in ("01", "02", "03", "04"):
        figures = notebook_figures(page)
        assert figures, page
        for figure in figures:
            takes = figure.__code__.co_varnames[: figure.__code__.co_argcount]
            for picker in (False, True):
                page = PageScope(evaluation, picker=picker, years=years)
                yield _shown(figure(page) if takes[0] == "page" else figure(evaluation))


def _what_if_texts(data, policy):
    from tdceu_analysis.charts import whatif as whatif_charts
    from tdceu_analysis.figures import whatif as whatif_figures
    from tdceu_analysis.whatif import run_what_if, shipped_scenarios

    for name in sorted(shipped_scenarios()):
        result = run_what_if(data, name, 2027, AS_OF, policy=policy)
        for module in (whatif_charts, whatif_figures):
            for function in vars(module).values():
                if callable(function) and getattr(function, "__module__", "") == module.__name__:
                    args = function.__code__.co_varnames[: function.__code__.co_argcount]
                    if args[:1] == ("result",) and len(args) <= 2:
                        yield _shown(function(result))


def _summary_texts(years):
    from tdceu_analysis.charts.summary import summary_charts, summary_tiles
    from tdceu_analysis.figures.summary import board_summary

    summary = board_summary(years, AS_OF)
    yield from summary.sentences.values()
    yield from (_shown(chart) for _, chart in summary_charts(summary))
    yield str(summary_tiles(summary))


def _engine_texts(evaluation):
    for frame, column in (
        (evaluation.ledger, "explanation"),
        (evaluation.summary, "status_explanation"),
    ):
        yield "\n".join(frame.get_column(column).drop_nulls().unique().sort().to_list())


def _export_texts(evaluation):
    from tdceu_analysis.report.spreadsheet_export import at_risk_export, state_report

    for export in (state_report(evaluation, provisional=True), at_risk_export(evaluation)):
        yield "\n".join(str(value) for row in export.about.iter_rows() for value in row)
        for sheet in export.sheets.values():
            yield sheet.write_csv()


@pytest.fixture(scope="module")
def every_text(changed) -> dict[str, str]:
    data, policy, evaluation, years = changed
    return {
        "pages 01-04": "\n".join(_page_texts(evaluation, years)),
        "page 05": "\n".join(_what_if_texts(data, policy)),
        "summary": "\n".join(_summary_texts(years)),
        "engine": "\n".join(_engine_texts(evaluation)),
        "exports": "\n".join(_export_texts(evaluation)),
    }


def test_no_published_value_shows_under_a_changed_policy(every_text):
    found = {
        (where, words) for where, text in every_text.items() for words in PUBLISHED if words in text
    }
    assert found == set()


def test_the_changed_values_show(every_text):
    text = "\n".join(every_text.values())
    assert [words for words in CHANGED_WORDS if words not in text] == []


def test_the_evaluate_and_report_commands_state_the_policy_in_force(sample, tmp_path, capsys):
    import shutil

    from tdceu_analysis._paths import policy_file
    from tdceu_analysis.cli import main

    folder = tmp_path / "data"
    shutil.copytree(sample, folder)
    shutil.copy(policy_file().with_name("example-policy.toml"), folder / "policy.toml")
    given = ["--data", str(folder), "--fy", "2027", "--as-of", AS_OF.isoformat()]
    assert main(["evaluate", *given, "--out", str(tmp_path / "out")]) == 0
    evaluate_said = capsys.readouterr().out
    out = ["--provisional", "--out", str(tmp_path / "state.csv")]
    assert main(["report", "state", *given, *out]) == 0
    report_said = capsys.readouterr().out
    for said in (evaluate_said, report_said):
        assert "annual_minimum_hours = 15 from FY26" in said, said
        assert "12 hours" not in said and "12-hour" not in said, said


def test_the_minimums_line_and_months_follow_the_policy(changed):
    _, _, evaluation, years = changed
    histogram = charts.draw(statewide.hours_figure(PageScope(evaluation))).to_dict()
    rule = next(d for d in histogram["datasets"].values() if d and "label" in d[0])
    assert rule == [{"x": 15.0, "label": "15 hours"}]  # the dashed line at the new minimum
    months = charts.draw(statewide.monthly_figure(PageScope(evaluation, years=years))).to_dict()[
        "layer"
    ][0]["encoding"]
    assert months["x"]["sort"][:3] == ["Jul", "Aug", "Sep"]
    cto = json.dumps(charts.draw(at_risk.cto_clock_figure(PageScope(evaluation))).to_dict())
    assert "In its 36-month window" in cto


def test_the_engine_applies_the_changed_values(changed):
    _, _, evaluation, _ = changed
    summary = evaluation.summary
    full_year = summary.filter(~summary.get_column("started_mid_year"))
    assert set(full_year.get_column("required_hours").to_list()) == {15.0}
    assert summary.get_column("external_hours").max() <= 8.0
    assert evaluation.fiscal_year.start == dt.date(2026, 7, 1)
