"""The statement pages, the index and the two CSV files of `tdceu statements`."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest

from tdceu_analysis import evaluate, load_frames
from tdceu_analysis._paths import sample_folder
from tdceu_analysis.io.load import load_folder
from tdceu_analysis.plans import find_plans
from tdceu_analysis.plans.reminders import PLANS_CSV_COLUMNS, REMINDER_COLUMNS
from tdceu_analysis.report.statements import safe_file_name, write_statements

AS_OF = dt.date(2026, 11, 28)
XSS = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://x","y")'
BOX = re.compile(r"<div><b>([^<]*)</b> <span>([^<]*)</span></div>")


@pytest.fixture(scope="module")
def sample_plans():
    data = load_folder(sample_folder())
    return data, find_plans(data, 2027, AS_OF)


@pytest.fixture(scope="module")
def written(sample_plans, tmp_path_factory):
    data, plans = sample_plans
    out = tmp_path_factory.mktemp("statements")
    write_statements(plans, data, out, "the shipped sample", progress=False)
    return out


def test_every_director_gets_a_page_and_the_index_links_them(sample_plans, written):
    _, plans = sample_plans
    ids = plans.evaluation.summary["director_id"].to_list()
    pages = sorted(path.name for path in written.glob("*.html") if path.name != "index.html")
    assert len(pages) == len(ids) == 151
    index = (written / "index.html").read_text(encoding="utf-8")
    for director_id in ids:
        assert f'href="{safe_file_name(director_id)}"' in index


def test_a_statements_hours_equal_the_summary_row(sample_plans, written):
    # an evaluation of its own, not the one the pages were built from
    data, _ = sample_plans
    summary = evaluate(data, 2027, AS_OF).summary
    for row in summary.iter_rows(named=True):
        page = (written / safe_file_name(row["director_id"])).read_text(encoding="utf-8")
        boxes = {label: value for value, label in BOX.findall(page)}
        assert boxes["hours counted"] == f"{row['total_hours']:g} of {row['required_hours']:g}"
        assert boxes["from ALET events"] == (
            f"{row['alet_hours']:g} of {row['required_alet_hours']:g}"
        )
        assert boxes["external hours that may still count"].startswith(
            f"{row['external_budget_left']:g} of "
        )
        assert boxes["hours in person"] == f"{row['in_person_hours']:g}"
        assert boxes["hours still needed"] == f"{row['hours_needed']:g}"


def test_pages_say_year_as_of_and_data_and_load_nothing(written):
    page = (written / "index.html").read_text(encoding="utf-8")
    for path in [written / "index.html", *list(written.glob("1*.html"))[:5]]:
        page = path.read_text(encoding="utf-8")
        assert "FY27 (2026-10-01 to 2027-09-30)" in page
        assert "as of 2026-11-28" in page and "data: the shipped sample" in page
        assert "default-src 'none'" in page and "script-src 'none'" in page
        assert "<script" not in page and "http://" not in page and "https://" not in page


def test_a_no_plan_statement_says_why(sample_plans, written):
    _, plans = sample_plans
    row = plans.status.filter(pl.col("plan_status") == "no_plan").row(0, named=True)
    page = (written / safe_file_name(row["director_id"])).read_text(encoding="utf-8")
    assert "No choice of the sessions left on the calendar meets the year" in page
    assert row["reason"] in page


def _small_folder_data():
    """Two directors named to break things, FY27 with one session ahead."""
    districts = pl.DataFrame(
        {
            "district_code": ["D1", "D2"],
            "district_name": ["Alpha City", "@Beta County"],
            "district_type": ["city", "county"],
            "region": ["North", "South"],
        }
    )
    directors = pl.DataFrame(
        {
            "director_id": ["A/1", "B1"],
            "name": [FORMULA, XSS],
            "district_code": ["D1", "D2"],
            "role_start": ["2015-07-01", "2016-07-01"],
        }
    )
    records = pl.DataFrame(
        {
            "record_id": ["r1"],
            "director_id": ["A/1"],
            "event_id": ["alet-winter-conference"],
            "session": ["-Opening"],
            "date": ["2026-10-15"],
            "hours": ["9"],
            "strands": ["roles"],
        }
    )
    sessions = pl.DataFrame(
        {
            "session_id": ["s1", "s2"],
            "event_id": ["alet-cyber-camp", "alet-cyber-camp"],
            "title": ["+Camp morning", "Camp afternoon"],
            "date": ["2027-04-14", "2027-04-14"],
            "start_time": ["09:00", "13:00"],
            "hours": ["3", "3"],
            "strands": ["cyber", "cyber"],
        }
    )
    data = load_frames(directors=directors, districts=districts, records=records, sessions=sessions)
    assert data.rejects.height == 0, data.rejects
    return data


def test_csv_files_have_the_contract_columns_and_are_formula_safe(tmp_path):
    data = _small_folder_data()
    plans = find_plans(data, 2027, AS_OF)
    write_statements(plans, data, tmp_path, "test folder", progress=False)
    plans_csv = (tmp_path / "plans.csv").read_text(encoding="utf-8-sig")
    reminders_csv = (tmp_path / "reminders.csv").read_bytes()
    assert reminders_csv.startswith("\ufeff".encode())
    assert plans_csv.splitlines()[0] == ",".join(PLANS_CSV_COLUMNS)
    reminders = pl.read_csv(reminders_csv, infer_schema=False)
    assert tuple(reminders.columns) == REMINDER_COLUMNS
    by_id = {row["director_id"]: row for row in reminders.iter_rows(named=True)}
    # A/1 has 9 ALET hours: 3 more of anything, the camp morning; B1 needs 12, 6 of them
    # ALET: the camp's two blocks give 6 of the 12, so no plan ("12 hours still needed;
    # 6 that would count remain")
    assert by_id["A/1"]["name"] == "'" + FORMULA
    assert by_id["A/1"]["plan_status"] == "plan"
    assert (
        by_id["A/1"]["subject"] == "FY27 TD-CEU hours: 3 hours still needed by September 30, 2027"
    )
    assert "+Camp morning" in by_id["A/1"]["message"]
    assert "September 30, 2027" in by_id["A/1"]["message"]
    assert by_id["B1"]["plan_status"] == "no_plan"
    assert (
        "12 hours still needed; 6 that would count remain on the calendar" in by_id["B1"]["message"]
    )
    assert by_id["B1"]["district_name"] == "'@Beta County"
    for column in reminders.columns:
        assert not reminders[column].drop_nulls().str.contains(r"^[=+\-@]").any(), column
    # a page per director, names escaped, file names safe
    page = (tmp_path / safe_file_name("B1")).read_text(encoding="utf-8")
    assert XSS not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert (tmp_path / safe_file_name("A/1")).is_file()
    assert "/" not in safe_file_name("A/1") and safe_file_name("A/1") != safe_file_name("A_1")


@pytest.mark.slow
def test_each_statement_prints_on_one_page(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("weasyprint")
    data = load_folder(sample_folder())
    plans = find_plans(data, 2027, AS_OF)
    # the ten directors with the most records and the longest plans, and the no-plan ones
    records = plans.evaluation.ledger.group_by("director_id").len()
    longest = (
        plans.status.join(records, on="director_id", how="left")
        .sort(pl.col("len").fill_null(0) + pl.col("plan_sessions"), descending=True)
        .head(10)
        .get_column("director_id")
    )
    chosen = pl.concat(
        [longest, plans.status.filter(pl.col("plan_status") == "no_plan")["director_id"]]
    )
    keep = pl.col("director_id").is_in(chosen.implode())
    subset = type(plans)(
        evaluation=type(plans.evaluation)(
            **{**plans.evaluation.__dict__, "summary": plans.evaluation.summary.filter(keep)}
        ),
        sessions=plans.sessions,
        plans=plans.plans.filter(keep),
        status=plans.status.filter(keep),
    )
    written = write_statements(
        subset, data, tmp_path, "the shipped sample", pdf=True, progress=False
    )
    reader = pypdf.PdfReader(written.pdf)
    assert len(reader.pages) == written.pages == chosen.unique().len()
    names = subset.evaluation.summary.sort("district_name", "name", "director_id")["name"]
    for page, name in zip(reader.pages, names, strict=True):
        assert name in page.extract_text()
