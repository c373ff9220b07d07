"""`tdceu check DIR`: what is wrong (exit 1), what is only odd (exit 0), unreadable (exit 2)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from shared import AS_OF

from tdceu_analysis._paths import sample_folder
from tdceu_analysis.checks import check_folder
from tdceu_analysis.cli import main


def sample_check(fy: int = 2027):
    return check_folder(sample_folder(), fy, dt.date.fromisoformat(AS_OF))


def test_the_sample_names_its_ten_broken_rows() -> None:
    report = sample_check(2026)
    assert report.rejected_rows == 10
    assert report.exit_code == 1
    # grouped by file and kind of reason: the two bad dates are one group, with both lines
    dates = report.rejects.filter(pl.col("reason").str.starts_with("date '…' is not a date"))
    assert dates.select("file", "rows").rows() == [("records.csv", 2)]
    assert dates["example"][0] == "date '2026-13-01' is not a date (write YYYY-MM-DD)"
    assert report.rejects["rows"].sum() == 10
    assert report.rejects.height == 8
    # the record of the unknown director 99999 is named by its director
    assert report.unknown_directors.select("director_id", "rows").rows() == [("99999", 1)]


def test_the_sample_names_its_vacancies() -> None:
    vacancies = sample_check(2027).vacancies
    # three systems had no director at all in FY27 so far; two lost theirs before the as-of day
    assert vacancies.filter(pl.col("vacant") == "no director all year")[
        "district_name"
    ].to_list() == ["Demopolis City", "Florence City", "Madison County"]
    assert vacancies.filter(pl.col("vacant") == f"no director on {AS_OF}").height == 2


def test_the_sample_names_its_odd_events_and_directors() -> None:
    report = sample_check(2026)
    assert report.not_approved["event_id"].to_list() == [
        "ext-al-cyber-tabletop",
        "ext-al-data-summit",
    ]
    assert report.no_records["director_id"].to_list() == ["3180"]
    assert report.after_as_of.height == 0


def clean_folder(tmp_path: Path) -> Path:
    """The sample without its broken rows: nothing wrong."""
    folder = tmp_path / "clean"
    shutil.copytree(sample_folder(), folder)
    records = pl.read_csv(folder / "records.csv", infer_schema=False)
    broken = [f"r90000{n}" for n in range(1, 9)]
    line_of_blank = records.with_row_index().filter(pl.col("record_id").is_null())["index"]
    kept = (
        records.with_row_index()
        .filter(
            ~pl.col("record_id").is_in(broken)
            & ~pl.col("index").is_in(line_of_blank.implode())
            & ~(pl.col("record_id").is_duplicated() & ~pl.col("record_id").is_first_distinct())
        )
        .drop("index")
    )
    kept.write_csv(folder / "records.csv")
    return folder


def test_exit_0_when_nothing_is_wrong(tmp_path: Path, capsys) -> None:
    folder = clean_folder(tmp_path)
    assert main(["check", str(folder), "--fy", "2026", "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert "nothing wrong: every row would be accepted" in out
    assert "ODD: 4 vacant district(s)" in out


def test_exit_1_when_rows_would_be_rejected(capsys) -> None:
    assert main(["check", str(sample_folder()), "--fy", "2026", "--as-of", AS_OF]) == 1
    out = capsys.readouterr().out
    assert "WRONG: 10 row(s) would be rejected" in out
    assert "  records.csv: 10 row(s)\n" in out
    assert "    - 2 row(s): date '…' is not a date (write YYYY-MM-DD); line(s) 2247, 2984" in out
    assert "'99999': 1 row(s)" in out


def test_exit_2_when_the_folder_cannot_be_read(tmp_path: Path, capsys) -> None:
    assert main(["check", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err
    folder = tmp_path / "broken"
    shutil.copytree(sample_folder(), folder)
    (folder / "districts.csv").write_text("code,name\nD1,x\n")
    assert main(["check", str(folder), "--fy", "2026"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "district_code" in err


def test_exit_2_names_the_import_when_records_are_missing(tmp_path: Path, capsys) -> None:
    assert main(["init", str(tmp_path / "d")]) == 0
    for typed in (tmp_path / "d").glob("records*"):
        typed.unlink()
    capsys.readouterr()
    assert main(["check", str(tmp_path / "d"), "--fy", "2026"]) == 2
    assert "tdceu import talentlms" in capsys.readouterr().err


def test_a_new_folder_says_no_records_yet_and_where_they_go(tmp_path: Path, capsys) -> None:
    assert main(["init", str(tmp_path / "d")]) == 0
    capsys.readouterr()
    assert main(["check", "--data", str(tmp_path / "d"), "--fy", "2026"]) == 0
    out = capsys.readouterr().out
    assert "no records yet: 'tdceu import talentlms EXPORT --data" in out
    assert "records-manual.csv" in out


def test_json_for_a_machine(capsys) -> None:
    assert main(["check", str(sample_folder()), "--fy", "2027", "--as-of", AS_OF, "--json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert found["exit_code"] == 1 and found["rejected_rows"] == 10
    assert found["fiscal_year"] == 2027 and found["as_of"] == AS_OF
    assert len(found["vacancies"]) == 5
    assert {"district_code", "district_name", "region", "vacant"} <= set(found["vacancies"][0])
    assert found["rows_read"]["districts"] == 153
    assert found["files"]["records"] == ["records.csv"]
    assert found["approved_lists"] == []  # the sample's FY27 has its (invented) list
    assert "sessions_not_approved" in found


def test_records_after_the_as_of_date_and_talentlms_users(tmp_path: Path) -> None:
    folder = clean_folder(tmp_path)
    extra = pl.DataFrame(
        {
            "record_id": ["tl-000000000001", "late-1"],
            "director_id": ["55555", "1920"],
            "event_id": ["alet-talent-course", "alet-talent-course"],
            "date": ["2026-03-01", "2026-08-15"],
            "hours": ["1", "1"],
            "strands": ["cyber", "cyber"],
        }
    )
    records = pl.read_csv(folder / "records.csv", infer_schema=False)
    pl.concat([records, extra], how="diagonal").write_csv(folder / "records.csv")
    report = check_folder(folder, 2026, dt.date(2026, 6, 30))
    assert report.unknown_directors.select("director_id", "rows", "from_talentlms").rows() == [
        ("55555", 1, True)
    ]
    late = report.after_as_of.filter(pl.col("record_id") == "late-1")
    assert late["date"].to_list() == [dt.date(2026, 8, 15)]
    assert report.exit_code == 1  # the unknown director's row is a reject


@pytest.mark.parametrize("fy", ["FY26", "2026"])
def test_fy_spellings(fy: str, capsys) -> None:
    assert main(["check", str(sample_folder()), "--fy", fy, "--as-of", AS_OF]) == 1
    assert "FY26 as of 2026-09-30" in capsys.readouterr().out


def test_check_reads_the_folder_policy_as_evaluate_does(tmp_path: Path, capsys) -> None:
    """A folder's policy.toml that lowers the largest hours a record may carry to 3: check
    rejects the records above it (as evaluate would) and says the value is the folder's."""
    folder = clean_folder(tmp_path)
    assert check_folder(folder, 2026, dt.date.fromisoformat(AS_OF)).rejected_rows == 0
    (folder / "policy.toml").write_text(
        "[[max_hours_per_record.values]]\n"
        "effective_fy = 2025\n"
        "value = 3.0\n"
        'source = "(test) at most 3 hours a record"\n',
        encoding="utf-8",
    )
    records = pl.read_csv(folder / "records.csv", infer_schema=False)
    over_three = records.filter(pl.col("hours").cast(pl.Float64) > 3).height
    assert over_three > 0
    report = check_folder(folder, 2026, dt.date.fromisoformat(AS_OF))
    assert report.rejected_rows == over_three
    assert report.rejects["example"].str.contains("at most 3").all()
    assert "max_hours_per_record = 3 from FY25" in report.policy
    assert main(["check", str(folder), "--fy", "2026", "--as-of", AS_OF]) == 1
    out = capsys.readouterr().out
    assert "from the folder's policy.toml: max_hours_per_record = 3 from FY25" in out


def test_check_takes_data_like_every_command_or_the_folder_alone(capsys) -> None:
    """`--data DIR` and the positional folder give the same findings; two folders are refused."""
    given = ["--fy", "2026", "--as-of", AS_OF]
    assert main(["check", "--data", str(sample_folder()), *given]) == 1
    with_option = capsys.readouterr().out
    assert main(["check", str(sample_folder()), *given]) == 1
    assert capsys.readouterr().out == with_option
    assert main(["check", "elsewhere", "--data", str(sample_folder()), *given]) == 2
    assert "two data folders given" in capsys.readouterr().err


def test_findings_are_grouped_by_file(tmp_path: Path, capsys) -> None:
    """Rejects of each records file come under that file's name, each with its own lines."""
    folder = clean_folder(tmp_path)
    typed = pl.DataFrame(
        {
            "record_id": ["fc-1", "fc-2", "r000100"],
            "director_id": ["1920", "1920", "1920"],
            "event_id": ["alet-fall-conference"] * 3,
            "date": ["2026-09-14", "2026-09-31", "2026-09-14"],
            "hours": ["1", "1", "1"],
            "strands": ["cyber", "cyber", "data"],
        }
    )
    typed.write_excel(folder / "records-fall-conference.xlsx")
    pl.DataFrame(
        {
            "record_id": ["tl-1"],
            "director_id": ["1920"],
            "event_id": ["alet-talent-course"],
            "date": ["2026-03-01"],
            "hours": ["40"],
            "strands": ["cyber"],
        }
    ).write_csv(folder / "records-talentlms.csv")
    assert main(["check", "--data", str(folder), "--fy", "2026", "--as-of", AS_OF]) == 1
    out = capsys.readouterr().out
    assert "records 5783 (records.csv, records-fall-conference.xlsx, records-talentlms.csv)" in out
    wrong = out[out.index("WRONG: 3 row(s)") : out.index("ODD")]
    assert wrong.splitlines()[1:] == [
        "  records-fall-conference.xlsx: 2 row(s)",
        "    - 1 row(s): date '…' is not a date (write YYYY-MM-DD); line(s) 3",
        "        e.g. date '2026-09-31' is not a date (write YYYY-MM-DD)",
        "    - 1 row(s): record_id '…' is also in records.csv line … (a record id is unique "
        "over all records files: keep one); line(s) 4",
        "        e.g. record_id 'r000100' is also in records.csv line 101 (a record id is "
        "unique over all records files: keep one)",
        "  records-talentlms.csv: 1 row(s)",
        "    - 1 row(s): hours … is out of range (more than 0, at most 24); line(s) 2",
        "        e.g. hours 40.0 is out of range (more than 0, at most 24)",
    ]


def test_a_district_name_in_district_code_gets_its_code(tmp_path: Path) -> None:
    folder = clean_folder(tmp_path)
    directors = pl.read_csv(folder / "directors.csv", infer_schema=False)
    districts = pl.read_csv(folder / "districts.csv", infer_schema=False)
    hoover = districts.filter(pl.col("district_name") == "Hoover City")["district_code"][0]
    named = directors.with_columns(
        pl.when(pl.col("district_code") == hoover)
        .then(pl.lit("hoover city"))
        .otherwise(pl.col("district_code"))
        .alias("district_code")
    )
    named.write_csv(folder / "directors.csv")
    report = check_folder(folder, 2026, dt.date.fromisoformat(AS_OF))
    directors_wrong = report.rejects.filter(pl.col("file") == "directors.csv")
    assert directors_wrong["example"].to_list() == [
        f"district_code 'hoover city' is a district's name, not its code: write {hoover}"
    ]


def write_sessions(folder: Path, rows: list[tuple[str, str, str]]) -> None:
    """(session_id, event_id, date) rows of a small calendar."""
    pl.DataFrame(
        {
            "session_id": [row[0] for row in rows],
            "event_id": [row[1] for row in rows],
            "title": [f"session {row[0]}" for row in rows],
            "date": [row[2] for row in rows],
            "hours": ["2"] * len(rows),
            "strands": ["cyber"] * len(rows),
        }
    ).write_csv(folder / "sessions.csv")


def test_sessions_of_events_not_approved_for_their_year_are_listed(tmp_path: Path, capsys):
    folder = clean_folder(tmp_path)
    write_sessions(
        folder,
        [
            ("s1", "alet-winter-conference", "2027-02-10"),  # an ALET event: every year
            ("s2", "ext-aetc", "2027-06-10"),  # on the sample's FY27 list
            ("s3", "ext-al-data-summit", "2027-05-01"),  # an FY25-only line
        ],
    )
    report = check_folder(folder, 2027, dt.date.fromisoformat(AS_OF))
    assert report.sessions_not_approved.select("line", "session_id", "fiscal_year").rows() == [
        (4, "s3", 2027)
    ]
    assert main(["check", "--data", str(folder), "--fy", "2027", "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert "ODD: 1 session(s) in the calendar whose event has no approved row" in out
    assert "sessions.csv line 4: s3 (ext-al-data-summit, FY27) on 2027-05-01" in out


def external_rows_of(folder: Path, fy: int) -> None:
    """Take `fy`'s approved external list out of the folder's events file."""
    events = pl.read_csv(folder / "events.csv", infer_schema=False)
    events.filter(pl.col("fiscal_year") != str(fy)).write_csv(folder / "events.csv")


def test_a_year_without_an_approved_list_is_said_once_in_words(tmp_path: Path, capsys):
    folder = clean_folder(tmp_path)
    external_rows_of(folder, 2027)
    assert main(["check", "--data", str(folder), "--fy", "2027", "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    notes = [line for line in out.splitlines() if line.startswith("NOTE:")]
    assert len(notes) == 1
    assert notes[0].startswith("NOTE: FY27 has ")
    assert (
        "record(s) but no approved external list: every external event counts 0 hours" in (notes[0])
    )
    assert f"tdceu events carry-forward --data {folder} --from 2026 --to 2027" in notes[0]
    # a year with its list says nothing of it
    assert main(["check", "--data", str(folder), "--fy", "2026", "--as-of", AS_OF]) == 0
    assert "NOTE:" not in capsys.readouterr().out


def test_a_list_of_carried_forward_rows_only_is_said_once(tmp_path: Path, capsys):
    folder = clean_folder(tmp_path)
    external_rows_of(folder, 2027)
    events = pl.read_csv(folder / "events.csv", infer_schema=False)
    events.with_columns(pl.lit(None, pl.String).alias("note")).write_csv(folder / "events.csv")
    assert (
        main(["events", "carry-forward", "--data", str(folder), "--from", "FY26", "--to", "FY27"])
        == 0
    )
    capsys.readouterr()
    assert main(["check", "--data", str(folder), "--fy", "2027", "--as-of", AS_OF]) == 0
    notes = [line for line in capsys.readouterr().out.splitlines() if line.startswith("NOTE:")]
    assert notes == [
        "NOTE: FY27's approved external list is only rows carried forward from an earlier year "
        "(20 row(s) noted 'carried forward' in events.csv): they count as approved until ALET "
        "confirms the FY27 list; then correct those rows and clear their note"
    ]


def test_an_unknown_director_in_two_records_files_names_both(tmp_path: Path) -> None:
    folder = clean_folder(tmp_path)
    row = {
        "director_id": "55555",
        "event_id": "alet-talent-course",
        "date": "2026-03-01",
        "hours": "1",
        "strands": "cyber",
    }
    pl.DataFrame([row | {"record_id": "m-1"}]).write_csv(folder / "records-manual.csv")
    pl.DataFrame([row | {"record_id": "tl-9"}, row | {"record_id": "tl-8"}]).write_csv(
        folder / "records-talentlms.csv"
    )
    report = check_folder(folder, 2026, dt.date.fromisoformat(AS_OF))
    assert report.unknown_directors.rows() == [
        ("55555", 3, "records-manual.csv 2; records-talentlms.csv 2, 3", True)
    ]
