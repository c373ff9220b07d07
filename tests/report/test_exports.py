"""State report and at-risk export: contents, open-year refusal, formula injection, redaction."""

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from tdceu_analysis import evaluate, load_folder, load_frames
from tdceu_analysis.errors import UserError
from tdceu_analysis.figures.at_risk import AT_RISK_COLUMNS
from tdceu_analysis.report.spreadsheet_export import (
    STATE_MET_COLUMNS,
    at_risk_export,
    state_report,
    write_export,
)

CAP_FOLDER = Path(__file__).resolve().parents[1] / "whatif" / "cap-folder"
YEAR_END = dt.date(2026, 9, 30)


@pytest.fixture(scope="module")
def closed_year():
    return evaluate(load_folder(CAP_FOLDER), 2026, YEAR_END)


@pytest.fixture(scope="module")
def open_year():
    return evaluate(load_folder(CAP_FOLDER), 2026, dt.date(2026, 7, 15))


def read_csv_file(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte-order mark"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def sheet_rows(path: Path, sheet: str) -> list[dict]:
    """A sheet's table as dicts (title lines above the header skipped)."""
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(rows) if row and row[0] == "fiscal_year")
    header = rows[header_at]
    return [dict(zip(header, row, strict=True)) for row in rows[header_at + 1 :]]


# ---------------------------------------------------------------------------
# State report
# ---------------------------------------------------------------------------


def test_state_report_of_a_closed_year_is_the_summarys_met_rows(closed_year):
    report = state_report(closed_year)
    met = closed_year.summary.filter(pl.col("status") == "met")
    expected = met.select(STATE_MET_COLUMNS).sort("director_id").rows()
    assert report.sheet("Met").select(STATE_MET_COLUMNS).sort("director_id").rows() == expected
    assert report.sheet("Met").get_column("director_id").to_list() == ["C1"]
    not_met = report.sheet("Not met")
    assert sorted(not_met.get_column("director_id").to_list()) == sorted(
        closed_year.summary.filter(pl.col("status") != "met")["director_id"].to_list()
    )
    b5 = not_met.filter(pl.col("director_id") == "B5").row(0, named=True)
    assert (b5["total_hours"], b5["hours_needed"], b5["alet_hours_needed"]) == (9.0, 3.0, 1.0)


def test_state_report_says_what_it_is_on_its_face(closed_year):
    report = state_report(closed_year)
    for sheet in report.sheets.values():
        assert set(sheet.get_column("as_of").to_list()) <= {YEAR_END}
        assert set(sheet.get_column("provisional").to_list()) <= {False}
        assert set(sheet.get_column("data_folder").to_list()) <= {CAP_FOLDER.name}
    assert report.heading[0].startswith("ALET TD-CEU report to ALSDE: FY26")
    assert "as of 2026-09-30" in report.heading[0]
    about = dict(report.about.iter_rows())
    assert about["fiscal year"] == "FY26"
    assert about["provisional"] == "no"
    assert about["data folder"] == CAP_FOLDER.name  # no machine path


def test_an_open_year_is_refused_unless_provisional(open_year):
    with pytest.raises(UserError) as refused:
        state_report(open_year)
    assert "FY26 is still open on 2026-07-15" in str(refused.value)
    assert "--provisional" in str(refused.value)
    report = state_report(open_year, provisional=True)
    assert set(report.sheet("Not met")["provisional"].to_list()) == {True}
    assert report.heading[1].startswith("PROVISIONAL")
    assert dict(report.about.iter_rows())["provisional"].startswith("yes")


def test_a_year_before_the_requirement_has_no_state_report():
    before = evaluate(load_folder(CAP_FOLDER), 2024, dt.date(2024, 9, 30))
    with pytest.raises(UserError, match="ended before TD-CEU hours began on 2024-10-01"):
        state_report(before)


def test_provisional_asked_for_a_closed_year_gives_the_final_list(closed_year):
    report = state_report(closed_year, provisional=True)
    assert set(report.sheet("Met")["provisional"].to_list()) == {False}


def test_state_report_csv_and_xlsx_hold_the_same_rows(closed_year, tmp_path):
    report = state_report(closed_year)
    paths = write_export(report, tmp_path / "state.csv")
    assert [p.name for p in paths] == ["state.csv", "state-not-met.csv", "state-about.csv"]
    csv_met = read_csv_file(paths[0])
    assert [(r["director_id"], r["total_hours"], r["as_of"]) for r in csv_met] == [
        ("C1", "14.0", "2026-09-30")
    ]
    (xlsx,) = write_export(report, tmp_path / "state.xlsx")
    workbook = openpyxl.load_workbook(xlsx)
    assert workbook.sheetnames == ["Met", "Not met", "About"]
    assert workbook["Met"]["A1"].value.startswith("ALET TD-CEU report to ALSDE: FY26")
    xlsx_met = sheet_rows(xlsx, "Met")
    assert [(r["director_id"], r["total_hours"]) for r in xlsx_met] == [("C1", 14)]
    assert len(sheet_rows(xlsx, "Not met")) == len(read_csv_file(paths[1])) == 8


# ---------------------------------------------------------------------------
# At-risk export
# ---------------------------------------------------------------------------


def test_at_risk_export_is_the_at_risk_table_with_year_and_date(open_year, tmp_path):
    export = at_risk_export(open_year)
    sheet = export.sheet("At risk")
    assert sheet.columns == [
        "fiscal_year",
        *AT_RISK_COLUMNS,
        "status_code",
        "cto_academy_status_code",
        "as_of",
        "data_folder",
    ]
    assert sheet.get_column("status").to_list()[0] == "At risk"  # the pages' words
    assert sheet.get_column("director_id").to_list()[:2] == ["M1", "B1"]
    rows = read_csv_file(write_export(export, tmp_path / "risk.csv")[0])
    assert [r["director_id"] for r in rows] == sheet.get_column("director_id").to_list()
    assert rows[0]["reason"] == "needs 5 more hours, 2 of them from ALET events; started 2026-04-01"


def test_an_export_goes_to_csv_or_xlsx_only(closed_year, tmp_path):
    with pytest.raises(UserError, match=r"\.csv or \.xlsx"):
        write_export(state_report(closed_year), tmp_path / "state.txt")


# ---------------------------------------------------------------------------
# Formula injection and redaction
# ---------------------------------------------------------------------------

DANGEROUS_NAMES = {
    "X1": "=1+1",
    "X2": "+SUM(A1:A9)",
    "X3": "-2+3",
    "X4": '@HYPERLINK("http://example.com","x")',
    "X5": "Zoë Ñúñez-Çelik",
}


@pytest.fixture(scope="module")
def dangerous():
    directors = pl.DataFrame(
        {
            "director_id": list(DANGEROUS_NAMES),
            "name": list(DANGEROUS_NAMES.values()),
            "district_code": ["D01"] * 5,
            "role_start": ["2018-07-01"] * 5,
        }
    )
    districts = pl.DataFrame(
        {
            "district_code": ["D01"],
            "district_name": ["=cmd|' /C calc'!A0"],
            "district_type": ["county"],
            "region": ["North"],
        }
    )
    records = pl.DataFrame(
        {
            "record_id": [f"r{i}" for i in range(5)],
            "director_id": list(DANGEROUS_NAMES),
            "event_id": ["alet-summer-conference"] * 5,
            "date": ["2026-06-20"] * 5,
            "hours": ["12", "12", "3", "3", "3"],
            "strands": ["roles"] * 5,
        }
    )
    data = load_frames(directors=directors, districts=districts, records=records)
    return evaluate(data, 2026, YEAR_END)


def test_csv_cells_that_look_like_formulas_start_with_an_apostrophe(dangerous, tmp_path):
    paths = write_export(state_report(dangerous), tmp_path / "state.csv")
    rows = read_csv_file(paths[0]) + read_csv_file(paths[1])
    names = {r["director_id"]: r["name"] for r in rows}
    assert names == {
        "X1": "'=1+1",
        "X2": "'+SUM(A1:A9)",
        "X3": "'-2+3",
        "X4": '\'@HYPERLINK("http://example.com","x")',
        "X5": "Zoë Ñúñez-Çelik",
    }
    assert {r["district_name"] for r in rows} == {"'=cmd|' /C calc'!A0"}
    assert {r["total_hours"] for r in rows} == {"12.0", "3.0"}  # numbers untouched


def test_xlsx_cells_that_look_like_formulas_are_text_not_formulas(dangerous, tmp_path):
    (path,) = write_export(state_report(dangerous), tmp_path / "state.xlsx")
    workbook = openpyxl.load_workbook(path)
    cells = [
        cell
        for sheet in ("Met", "Not met")
        for row in workbook[sheet].iter_rows()
        for cell in row
        if cell.value in DANGEROUS_NAMES.values()
    ]
    assert sorted(cell.value for cell in cells) == sorted(DANGEROUS_NAMES.values())
    for cell in cells:
        assert cell.data_type == "s", cell.value
        assert cell.quotePrefix == (cell.value[0] in "=+-@"), cell.value
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        assert not any(b"<f>" in archive.read(name) for name in sheets), "no formula cells"


def test_redact_replaces_every_name_with_the_id(dangerous, tmp_path):
    for build in (state_report, at_risk_export):
        export = build(dangerous, redact=True)
        for suffix in (".csv", ".xlsx"):
            paths = write_export(export, tmp_path / f"{export.kind}{suffix}")
            for path in paths:
                if suffix == ".csv":
                    text = path.read_bytes().decode("utf-8-sig")
                else:
                    with zipfile.ZipFile(path) as archive:
                        text = "".join(archive.read(n).decode("utf-8") for n in archive.namelist())
                for name in ("Zoë", "SUM(A1", "HYPERLINK"):
                    assert name not in text, (path.name, name)
        for sheet in export.sheets.values():
            assert sheet.get_column("name").to_list() == sheet.get_column("director_id").to_list()
        assert "redacted" in dict(export.about.iter_rows())["names"]


def test_redact_shows_only_the_data_folders_own_name(closed_year, tmp_path):
    # a full path names a person's home folder; the folder's own name says which data it was
    export = state_report(closed_year, redact=True)
    assert set(export.sheet("Met")["data_folder"].to_list()) == {"cap-folder"}
    for path in write_export(export, tmp_path / "state.csv"):
        assert str(CAP_FOLDER.parent) not in path.read_bytes().decode("utf-8-sig")


# --- a data folder's own policy.toml (issue 11) ---------------------------------------------


@pytest.fixture(scope="module")
def folder_policy_year(tmp_path_factory):
    """The cap folder with a policy.toml of 15 hours and 8 external hours from FY26."""
    import shutil

    from tdceu_analysis._paths import policy_file

    folder = tmp_path_factory.mktemp("exports") / "cap-folder-15"
    shutil.copytree(CAP_FOLDER, folder)
    shutil.copy(policy_file().with_name("example-policy.toml"), folder / "policy.toml")
    return evaluate(load_folder(folder), 2026, YEAR_END)


def test_the_state_report_says_the_folder_policy_and_its_numbers(folder_policy_year):
    report = state_report(folder_policy_year)
    heading = "\n".join(report.heading)
    assert (
        "Met = at least 15 counted hours, at least 6 of them from ALET events; "
        "external events count at most 8."
    ) in heading
    # the published minimum is nowhere (the data folder's own path may hold any digits)
    assert "12" not in heading.replace(folder_policy_year.source, "")
    origin = (
        "Policy: shipped values, with 2 values from the folder's policy.toml: "
        "annual_minimum_hours = 15 from FY26, external_maximum_hours = 8 from FY26"
    )
    assert origin in report.heading
    about = dict(report.about.iter_rows())
    assert about["policy"] == origin
    assert about["report"].startswith("directors who met the 15-hour TD-CEU requirement")
    for sheet in report.sheets.values():  # a CSV that travels alone says it too
        assert set(sheet.get_column("policy")) == {origin}


def test_the_at_risk_list_says_the_folder_policy(folder_policy_year):
    export = at_risk_export(folder_policy_year)
    assert any(line.startswith("Policy: shipped values, with 2") for line in export.heading)
    assert "external_maximum_hours = 8" in dict(export.about.iter_rows())["policy"]


def test_the_published_policy_adds_no_policy_column(closed_year):
    report = state_report(closed_year)
    assert "policy" not in report.sheet("Met").columns
    assert dict(report.about.iter_rows())["policy"] == "as published (data/policy/parameters.toml)"
    assert not any(line.startswith("Policy:") for line in report.heading)
