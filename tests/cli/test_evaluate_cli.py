"""`tdceu evaluate` as a person runs it: in a process of its own once (the first test),
through the command line's `main` in this process for the rest (tests/shared.py)."""

import csv
from pathlib import Path

import pytest
from shared import tdceu, tdceu_process

HAND_MADE = Path(__file__).resolve().parents[2] / "examples" / "hand-made"

SUMMARY_COLUMNS = (
    "director_id,name,district_code,fiscal_year,total_hours,alet_hours,external_hours,"
    "in_person_hours,hours_needed,status,started_mid_year,cto_academy_status,cto_academy_deadline"
)
LEDGER_COLUMNS = (
    "record_id,director_id,event_id,date,fiscal_year,hours_claimed,hours_counted,reason"
)
REJECT_COLUMNS = "file,line,record_id,reason"


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_evaluate_writes_the_three_files_with_the_contract_columns(tmp_path):
    result = tdceu_process(
        "evaluate",
        "--data",
        str(HAND_MADE),
        "--fy",
        "2026",
        "--as-of",
        "2026-09-30",
        "--out",
        str(tmp_path / "out"),
    )
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert (out / "summary.csv").read_text().splitlines()[0] == SUMMARY_COLUMNS
    assert (out / "ledger.csv").read_text().splitlines()[0] == LEDGER_COLUMNS
    assert (out / "rejects.csv").read_text().splitlines()[0] == REJECT_COLUMNS
    summary = {row["director_id"]: row for row in read_rows(out / "summary.csv")}
    # T1: ALET 2 + 3 + 4 = 9; external 1 + 1 + 1 (workshops) + 3 of ISTE's 5 (6-hour cap) = 6
    #     -> 15, met
    assert (summary["T1"]["total_hours"], summary["T1"]["status"]) == ("15.0", "met")
    # T2: the Budget 101 course was credited in FY25, so only the summer conference's 6 count
    assert (
        summary["T2"]["total_hours"],
        summary["T2"]["hours_needed"],
        summary["T2"]["status"],
    ) == ("6.0", "6.0", "not_met")
    assert summary["T3"]["started_mid_year"] == "true"
    assert summary["T3"]["cto_academy_deadline"] == "2028-02-01"
    ledger = {row["record_id"]: row for row in read_rows(out / "ledger.csv")}
    assert ledger["r3"]["reason"] == "duplicate"
    assert ledger["r4"]["reason"] == "capped_external"
    assert ledger["r9"]["reason"] == "repeat_course"
    assert "FY26 as of 2026-09-30 (closed year)" in result.stdout
    assert "directors in scope: 3 (met 1, not_met 2)" in result.stdout


def test_fy_can_be_written_fy26(tmp_path):
    result = tdceu(
        "evaluate",
        "--data",
        str(HAND_MADE),
        "--fy",
        "FY26",
        "--as-of",
        "2026-09-30",
        "--out",
        str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert {row["fiscal_year"] for row in read_rows(tmp_path / "summary.csv")} == {"2026"}


def test_an_open_year_reports_pace_statuses(tmp_path):
    result = tdceu(
        "evaluate",
        "--data",
        str(HAND_MADE),
        "--fy",
        "2026",
        "--as-of",
        "2026-07-15",
        "--out",
        str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    statuses = {row["director_id"]: row["status"] for row in read_rows(tmp_path / "summary.csv")}
    # 77 days left; T2 and T3 still need 6 or more hours -> critical
    assert statuses == {"T1": "met", "T2": "critical", "T3": "critical"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--data", "no-such-folder", "--fy", "2026"],
            "data folder 'no-such-folder' does not exist",
        ),
        (["--data", str(HAND_MADE), "--fy", "twenty"], "'twenty' is not a fiscal year"),
        (
            ["--data", str(HAND_MADE), "--fy", "2026", "--as-of", "30/09/2026"],
            "'30/09/2026' is not a date",
        ),
        (
            ["--data", str(HAND_MADE), "--fy", "2026", "--as-of", "2025-01-01"],
            "FY26 starts on 2025-10-01",
        ),
    ],
    ids=["missing folder", "bad year", "bad date", "as-of before the year"],
)
def test_wrong_arguments_give_one_clear_line_and_exit_code_2(tmp_path, args, message):
    result = tdceu("evaluate", *args, "--out", str(tmp_path))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_missing_input_file_is_one_line_and_exit_code_2(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("districts.csv", "directors.csv"):
        (folder / name).write_text((HAND_MADE / name).read_text())
    result = tdceu(
        "evaluate", "--data", str(folder), "--fy", "2026", "--out", str(tmp_path / "out")
    )
    assert result.returncode == 2
    assert "has no records file" in result.stderr
    assert "Traceback" not in result.stderr


def test_rejected_rows_are_written_and_counted(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("districts.csv", "directors.csv"):
        (folder / name).write_text((HAND_MADE / name).read_text())
    lines = (HAND_MADE / "records.csv").read_text().splitlines()
    lines.append("r99,T1,alet-winter-conference,,2026-02-31,2,cyber,,,")
    (folder / "records.csv").write_text("\n".join(lines) + "\n")
    result = tdceu(
        "evaluate",
        "--data",
        str(folder),
        "--fy",
        "2026",
        "--as-of",
        "2026-09-30",
        "--out",
        str(tmp_path / "out"),
    )
    assert result.returncode == 0, result.stderr
    rejects = read_rows(tmp_path / "out" / "rejects.csv")
    assert rejects == [
        {
            "file": "records.csv",
            "line": str(len(lines)),
            "record_id": "r99",
            "reason": "date '2026-02-31' is not a date (write YYYY-MM-DD)",
        }
    ]
    assert "rejected input rows: 1 (see rejects.csv)" in result.stdout


def test_a_year_before_the_requirement_shows_why_nothing_counts(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("districts.csv", "directors.csv"):
        (folder / name).write_text((HAND_MADE / name).read_text())
    (folder / "records.csv").write_text(
        "record_id,director_id,event_id,date,hours,strands\n"
        "r1,T1,alet-summer-conference,2024-06-20,6,roles\n"
    )
    result = tdceu(
        "evaluate", "--data", str(folder), "--fy", "FY24", "--out", str(tmp_path / "out")
    )
    assert result.returncode == 0, result.stderr
    assert "before TD-CEU hours began" in result.stdout
    ledger = read_rows(tmp_path / "out" / "ledger.csv")
    assert [(r["record_id"], r["hours_counted"], r["reason"]) for r in ledger] == [
        ("r1", "0.0", "before_requirement")
    ]


def test_without_data_and_year_it_evaluates_the_shipped_sample_for_the_current_year(tmp_path):
    result = tdceu("evaluate", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    # the data named as the pages name it, no machine path
    assert "data: the shipped sample" in result.stdout and "site-packages" not in result.stdout
    summary = read_rows(tmp_path / "summary.csv")
    assert len(summary) > 100  # about one director per school system (153)
