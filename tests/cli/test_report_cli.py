"""`tdceu report state` and `tdceu report at-risk` as staff run them: in a process of its own
once (the first test), through the command line's `main` in this process for the rest."""

import csv
import io
from pathlib import Path

import openpyxl
from shared import tdceu, tdceu_process

CAP_FOLDER = Path(__file__).resolve().parents[1] / "whatif" / "cap-folder"


def read_rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_state_report_of_a_closed_year_as_xlsx(tmp_path):
    out = tmp_path / "state.xlsx"
    result = tdceu_process(
        "report", "state", "--data", str(CAP_FOLDER), "--fy", "FY26", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "met: 1, not met: 8" in result.stdout
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Met", "Not met", "About"]
    met = workbook["Met"]
    assert met["A1"].value.startswith("ALET TD-CEU report to ALSDE: FY26")
    assert "as of 2026-09-30" in met["A1"].value
    assert met["A2"].value == "Final: the fiscal year is closed."
    ids = [row[1] for row in met.iter_rows(min_row=7, values_only=True)]
    assert ids == ["C1"]


def test_state_report_refuses_an_open_year_in_one_line(tmp_path):
    out = tmp_path / "state.csv"
    args = ["report", "state", "--data", str(CAP_FOLDER), "--fy", "2027", "--as-of", "2026-11-28"]
    refused = tdceu(*args, "--out", str(out))
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1
    assert "FY27 is still open on 2026-11-28" in refused.stderr
    assert "--provisional" in refused.stderr
    assert not out.exists()

    allowed = tdceu(*args, "--out", str(out), "--provisional")
    assert allowed.returncode == 0, allowed.stderr
    assert "PROVISIONAL" in allowed.stdout
    rows = read_rows(tmp_path / "state-not-met.csv")
    assert {r["provisional"] for r in rows} == {"true"}
    about = {r["item"]: r["value"] for r in read_rows(tmp_path / "state-about.csv")}
    assert about["provisional"].startswith("yes")
    assert about["as of"] == "2026-11-28"


def test_redact_leaves_no_name_in_the_files(tmp_path):
    out = tmp_path / "state.csv"
    args = ["report", "state", "--data", str(CAP_FOLDER), "--fy", "2026", "--redact"]
    result = tdceu(*args, "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = "".join(p.read_text(encoding="utf-8-sig") for p in tmp_path.glob("state*.csv"))
    for name in ("Cap Only", "Already Met", "Mid Year"):
        assert name not in text
    assert [r["name"] for r in read_rows(out)] == ["C1"]


def test_at_risk_list_sorted_by_urgency(tmp_path):
    out = tmp_path / "risk.csv"
    result = tdceu(
        "report", "at-risk", "--data", str(CAP_FOLDER), "--fy", "2026", "--as-of", "2026-07-15",
        "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = read_rows(out)
    # the pages' words for people, the code in an extra column for scripts
    assert [(r["director_id"], r["status"], r["status_code"], r["hours_needed"]) for r in rows] == [
        ("M1", "At risk", "at_risk", "5.0"),
        ("B1", "At risk", "at_risk", "3.0"),
        ("B5", "At risk", "at_risk", "3.0"),
        ("B2", "On track", "on_track", "2.0"),
        ("A2", "On track", "on_track", "2.0"),
        ("B4", "On track", "on_track", "2.0"),
        ("A1", "On track", "on_track", "1.0"),
        ("B3", "On track", "on_track", "1.0"),
    ]
    assert {r["data_folder"] for r in rows} == {CAP_FOLDER.name}
    assert {r["days_left"] for r in rows} == {"77"}
    assert rows[5]["reason"] == (
        "needs 2 more hours, 1 of them from ALET events; 3 external hours wait for evidence"
    )


def test_report_arguments_are_checked_before_any_work(tmp_path):
    bad_suffix = tdceu(
        "report", "at-risk", "--data", str(CAP_FOLDER), "--fy", "2026", "--out",
        str(tmp_path / "risk.txt"),
    )  # fmt: skip
    assert bad_suffix.returncode == 2
    assert (
        bad_suffix.stderr.strip()
        == "tdceu: error: 'risk.txt': write the export to a .csv or .xlsx file"
    )
    no_report = tdceu("report")
    assert no_report.returncode == 2
    assert "REPORT" in no_report.stderr


def _folder_with_policy(tmp_path: Path) -> Path:
    """The cap folder with the shipped example policy.toml (15 hours, 8 external, FY26 on)."""
    import shutil

    from tdceu_analysis._paths import policy_file

    folder = tmp_path / "data"
    shutil.copytree(CAP_FOLDER, folder)
    shutil.copy(policy_file().with_name("example-policy.toml"), folder / "policy.toml")
    return folder


def test_state_report_writes_the_folder_policy_into_the_about_sheet(tmp_path):
    out = tmp_path / "state.csv"
    args = ["report", "state", "--data", str(_folder_with_policy(tmp_path)), "--fy", "FY26"]
    result = tdceu(*args, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Policy: shipped values, with 2 values from the folder's policy.toml" in result.stdout
    about = {r["item"]: r["value"] for r in read_rows(tmp_path / "state-about.csv")}
    assert "annual_minimum_hours = 15 from FY26" in about["policy"]
    assert "external_maximum_hours = 8 from FY26" in about["policy"]
    rows = read_rows(out) + read_rows(tmp_path / "state-not-met.csv")
    assert rows and {r["policy"] for r in rows} == {about["policy"]}


def test_evaluate_prints_which_policy_values_came_from_the_folder(tmp_path):
    out = tmp_path / "out"
    args = ["evaluate", "--data", str(_folder_with_policy(tmp_path)), "--fy", "2026"]
    result = tdceu(*args, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (
        "Policy: shipped values, with 2 values from the folder's policy.toml: "
        "annual_minimum_hours = 15 from FY26, external_maximum_hours = 8 from FY26"
    ) in result.stdout
    # the files stay exactly the data contract's
    header = (out / "summary.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",")[-4:] == [
        "status",
        "started_mid_year",
        "cto_academy_status",
        "cto_academy_deadline",
    ]
    plain = tdceu("evaluate", "--data", str(CAP_FOLDER), "--fy", "2026", "--out", str(out))
    assert "Policy: shipped values\n" in plain.stdout
