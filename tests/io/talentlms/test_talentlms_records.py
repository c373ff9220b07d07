"""TalentLMS learning-progress export -> records."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tdceu_analysis import load_folder, load_frames
from tdceu_analysis.cli import main
from tdceu_analysis.errors import UserError
from tdceu_analysis.io.talentlms import (
    import_talentlms,
    import_talentlms_file,
    parse_time_spent,
    read_mapping,
)

DATA = Path(__file__).resolve().parents[3] / "tdceu_analysis" / "data"
FIXTURE_CSV = DATA / "talentlms" / "example-export.csv"
FIXTURE_XLSX = DATA / "talentlms" / "example-export.xlsx"

MAPPING = pl.DataFrame(
    {
        "talentlms_course": ["Cyber Basics", "ISTE Live credit", "Webinar"],
        "event_id": ["alet-talent-course", "ext-iste", "alet-talent-course"],
        "session": [None, None, "Monthly webinar"],
        "strands": ["cyber", "Teaching and Learning", "roles"],
        "hours": ["2", "6", None],
    }
)


def mapping() -> pl.DataFrame:
    return read_mapping_frame(MAPPING)


def read_mapping_frame(frame: pl.DataFrame, tmp: Path | None = None) -> pl.DataFrame:
    import tempfile

    folder = Path(tmp or tempfile.mkdtemp())
    path = folder / "mapping.csv"
    frame.write_csv(path)
    return read_mapping(path)


def export(**columns: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame(columns, schema={name: pl.String for name in columns})


def standard_export(headers: dict[str, str] | None = None) -> pl.DataFrame:
    names = {
        "user": "User ID",
        "course": "Course",
        "status": "Status",
        "date": "Completion date",
        "time": "Time",
    } | (headers or {})
    return pl.DataFrame(
        {
            names["user"]: ["101", "101", "102"],
            names["course"]: ["Cyber Basics", "Webinar", "Cyber Basics"],
            names["status"]: ["Completed", "Completed", "In progress"],
            names["date"]: ["2026-10-14", "2026-11-02", None],
            names["time"]: ["2h 5m", "1h 25m", "0h 40m"],
        }
    )


# --- header spellings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header", ["Completion date", "completed_on", "Completed On", "COMPLETION_DATE"]
)
def test_completion_date_spellings(header: str) -> None:
    result = import_talentlms(standard_export({"date": header}), mapping())
    assert result.columns["completed_on"] == header
    assert sorted(result.records["date"]) == ["2026-10-14", "2026-11-02"]


@pytest.mark.parametrize(
    "header", ["Status", "completion_status", "Completion Status", "course-status"]
)
def test_status_spellings(header: str) -> None:
    result = import_talentlms(standard_export({"status": header}), mapping())
    assert result.columns["status"] == header
    assert result.records.height == 2
    assert result.skipped_status == {"In progress": 1}


@pytest.mark.parametrize("header", ["Time", "total_time", "Total Time", "time spent"])
def test_time_spellings(header: str) -> None:
    result = import_talentlms(standard_export({"time": header}), mapping())
    assert result.columns["time"] == header
    # the webinar has no hours in the mapping: 1h 25m spent, down to the quarter hour
    webinar = result.records.filter(pl.col("session") == "Monthly webinar")
    assert webinar["hours"].to_list() == ["1.25"]


@pytest.mark.parametrize("header", ["User ID", "user_id", "Login", "Email", "User"])
def test_user_spellings(header: str) -> None:
    result = import_talentlms(standard_export({"user": header}), mapping())
    assert result.columns["user"] == header
    assert set(result.records["director_id"]) == {"101"}


def test_user_id_is_preferred_over_the_display_name() -> None:
    frame = standard_export().with_columns(pl.lit("Renee T. Little").alias("User"))
    result = import_talentlms(frame, mapping())
    assert result.columns["user"] == "User ID"
    assert set(result.records["director_id"]) == {"101"}
    named = import_talentlms(frame, mapping(), user_column="User")
    assert set(named.records["director_id"]) == {"Renee T. Little"}


def test_missing_column_names_the_spellings() -> None:
    frame = standard_export().drop("Completion date")
    with pytest.raises(UserError, match="completed_on: one of completion date"):
        import_talentlms(frame, mapping(), file="progress.csv")


# --- what is taken ---------------------------------------------------------------------------


def test_only_completed_courses_are_taken() -> None:
    frame = export(
        user=["1", "1", "1", "1", "1", "1"],
        course=["Cyber Basics"] * 6,
        status=["Completed", "completed", "In progress", "Not started", "Not passed", None],
        completed_on=["2026-10-01", "2026-10-02", None, None, "2026-10-03", None],
    )
    result = import_talentlms(frame, mapping())
    assert result.records["date"].to_list() == ["2026-10-01", "2026-10-02"]
    assert result.skipped_status == {
        "(blank)": 1,
        "In progress": 1,
        "Not passed": 1,
        "Not started": 1,
    }


def test_every_unmapped_course_is_reported_and_not_written() -> None:
    frame = export(
        user=["1", "2", "2", "3"],
        course=["Zoom Basics", "Zoom  basics", "Google Tips", "Cyber Basics"],
        status=["Completed", "Completed", "Completed", "In progress"],
        completed_on=["2026-10-01", "2026-10-02", "2026-10-03", None],
    )
    result = import_talentlms(frame, mapping())
    assert result.records.height == 0
    assert result.unmapped.rows() == [("Zoom Basics", 2, 2), ("Google Tips", 1, 1)]
    assert result.unmapped_rows == 3


def test_course_names_match_ignoring_case_and_spaces() -> None:
    frame = export(
        user=["1"], course=["  cyber   BASICS "], status=["Completed"], completed_on=["2026-10-01"]
    )
    result = import_talentlms(frame, mapping())
    assert result.records["event_id"].to_list() == ["alet-talent-course"]
    assert result.records["session"].to_list() == ["cyber   BASICS"]


def test_completed_rows_without_a_usable_date_are_reported() -> None:
    frame = export(
        user=["1", "1"],
        course=["Cyber Basics", "ISTE Live credit"],
        status=["Completed", "Completed"],
        completed_on=[None, "31/31/2026"],
    )
    result = import_talentlms(frame, mapping())
    assert result.records.height == 0
    assert sorted(result.problems["problem"]) == [
        "completed but no completion date",
        "completion date '31/31/2026' is not a date",
    ]


def test_date_spellings() -> None:
    frame = export(
        user=["1", "1", "1"],
        course=["Cyber Basics", "ISTE Live credit", "Webinar"],
        status=["Completed"] * 3,
        completed_on=["2026-10-14 09:12:00", "11/20/2026, 16:40", "12/01/2026"],
        time=["1h", "1h", "1h"],
    )
    result = import_talentlms(frame, mapping())
    assert result.records["date"].to_list() == ["2026-10-14", "2026-11-20", "2026-12-01"]
    day_first = import_talentlms(
        frame.with_columns(pl.lit("01/12/2026").alias("completed_on")),
        mapping(),
        date_format="%d/%m/%Y",
    )
    assert set(day_first.records["date"]) == {"2026-12-01"}


def test_time_spent_formats() -> None:
    texts = ["1h 25m", "2h", "45m", "1h 2m 30s", "01:30:00", "1:15", "90", "", "soon"]
    frame = pl.DataFrame({"t": texts}).with_columns(parse_time_spent("t").round(4).alias("h"))
    assert frame["h"].to_list() == [1.4167, 2.0, 0.75, 1.0417, 1.5, 1.25, 1.5, None, None]


def test_mapping_hours_strands_and_external_flags() -> None:
    frame = export(
        user=["7", "7"],
        course=["ISTE Live credit", "Cyber Basics"],
        status=["Completed", "Completed"],
        completed_on=["2026-07-01", "2026-07-02"],
        time=["0h 20m", "5h"],
    )
    records = import_talentlms(frame, mapping()).records.sort("date")
    assert records.select("event_id", "hours", "strands").rows() == [
        ("ext-iste", "6.0", "Teaching and Learning"),
        ("alet-talent-course", "2.0", "cyber"),
    ]
    assert records["assignment_complete"].to_list() == ["true", None]
    assert records["evidence_uploaded"].to_list() == ["true", None]


def test_record_ids_are_stable_and_distinct() -> None:
    first = import_talentlms(standard_export(), mapping()).records["record_id"]
    again = import_talentlms(standard_export(), mapping()).records["record_id"]
    assert first.to_list() == again.to_list()
    assert first.n_unique() == first.len()
    assert first.str.starts_with("tl-").all()


def test_mapping_must_not_map_a_course_twice(tmp_path: Path) -> None:
    twice = pl.concat([MAPPING, MAPPING.head(1)])
    with pytest.raises(UserError, match="maps the course 'Cyber Basics' twice"):
        read_mapping_frame(twice, tmp_path)


# --- the shipped fixture and mapping -------------------------------------------------------


def test_fixture_csv_and_xlsx_give_the_same_records() -> None:
    from_csv = import_talentlms_file(FIXTURE_CSV)
    from_xlsx = import_talentlms_file(FIXTURE_XLSX)
    assert from_xlsx.columns["completed_on"] == "completed_on"
    assert from_csv.columns["completed_on"] == "Completion date"
    assert from_csv.records.drop("source").equals(from_xlsx.records.drop("source"))
    assert from_csv.records.height == 7
    assert from_csv.unmapped.rows() == [
        ("Google Workspace Admin Tips", 2, 2),
        ("Zoom Basics for Staff", 1, 1),
    ]
    assert from_csv.skipped_status == {"In progress": 2, "Not passed": 1, "Not started": 1}


def test_fixture_records_load_with_the_sample_without_rejects() -> None:
    sample = load_folder(DATA / "sample")
    imported = import_talentlms_file(FIXTURE_CSV).records
    raw = {
        name: pl.read_csv(DATA / "sample" / f"{name}.csv", infer_schema=False)
        for name in ("directors", "districts", "events")
    }
    data = load_frames(records=imported, **raw, policy=None)
    assert data.rejects.height == 0
    assert data.records.height == 7
    assert set(data.records["director_id"]) <= set(sample.directors["director_id"])


def test_every_shipped_mapping_event_is_in_the_catalogue() -> None:
    sample = load_folder(DATA / "sample")
    mapped = set(read_mapping()["event_id"])
    assert mapped <= set(sample.events["event_id"])


# --- the command -----------------------------------------------------------------------------


def test_cli_import_writes_records_and_reports_unmapped(tmp_path: Path, capsys) -> None:
    out = tmp_path / "records.csv"
    assert main(["import", "talentlms", str(FIXTURE_XLSX), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "7 written" in printed
    assert "'Google Workspace Admin Tips': 2 row(s), 2 user(s)" in printed
    assert "'Zoom Basics for Staff': 1 row(s)" in printed
    assert pl.read_csv(out, infer_schema=False).height == 7


def test_cli_import_refuses_a_file_it_did_not_write_force_included(tmp_path: Path, capsys) -> None:
    out = tmp_path / "records.csv"
    out.write_text("keep me")
    for force in ([], ["--force"]):
        assert main(["import", "talentlms", str(FIXTURE_CSV), "--out", str(out), *force]) == 2
        err = capsys.readouterr().err
        assert "was not written by 'tdceu import talentlms'" in err and "--force included" in err
        assert out.read_text() == "keep me"


def test_cli_import_strict_fails_on_unmapped(tmp_path: Path, capsys) -> None:
    out = tmp_path / "records.csv"
    assert main(["import", "talentlms", str(FIXTURE_CSV), "--out", str(out), "--strict"]) == 2
    assert "not in the mapping" in capsys.readouterr().err
    assert not out.exists()


def test_cli_import_missing_export_is_one_line(tmp_path: Path, capsys) -> None:
    code = main(
        ["import", "talentlms", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "r.csv")]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err


# --- issue 12: what a user can get wrong ---------------------------------------------------


def test_a_file_that_is_not_an_export_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("title\nfirst note\nsecond, with a comma\n")
    with pytest.raises(UserError) as problem:
        import_talentlms_file(path)
    message = str(problem.value)
    assert "notes.csv" in message and "line 3" in message
    assert "learning-progress export" in message and "\n" not in message


def test_a_date_format_without_a_day_is_refused() -> None:
    with pytest.raises(UserError, match=r"--date-format '%d/%Y' does not read a whole date"):
        import_talentlms(standard_export(), mapping(), date_format="%d/%Y")


def test_a_date_format_that_reads_no_completion_date_is_refused() -> None:
    # the export's dates are ISO; a day-first format reads none of them
    with pytest.raises(
        UserError, match=r"reads none of the 2 completion dates .*line 2 has '2026-10-14'"
    ):
        import_talentlms(standard_export(), mapping(), date_format="%d/%m/%Y")


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ("abc", "line 2: hours 'abc' is not a number"),
        ("-5", "line 2: hours -5 is out of range (more than 0, at most 24)"),
        ("0", "line 2: hours 0 is out of range"),
    ],
)
def test_mapping_hours_are_checked(tmp_path: Path, hours: str, expected: str) -> None:
    bad = MAPPING.with_columns(pl.Series("hours", [hours, "6", None]))
    with pytest.raises(UserError, match=re_escape(expected)):
        read_mapping_frame(bad, tmp_path)


def test_mapping_events_and_strands_are_checked(tmp_path: Path) -> None:
    unknown_event = MAPPING.with_columns(pl.Series("event_id", ["alet-talent", "ext-iste", "x"]))
    with pytest.raises(
        UserError, match=r"line 2: event_id 'alet-talent' is not in the shipped catalogue \(and 1"
    ):
        read_mapping_frame(unknown_event, tmp_path)
    unknown_strand = MAPPING.with_columns(pl.Series("strands", ["cyber", "security", "roles"]))
    with pytest.raises(UserError, match=r"mapping.csv line 3: unknown strand 'security'"):
        read_mapping_frame(unknown_strand, tmp_path)


def test_the_same_export_row_twice_is_written_once_and_reported() -> None:
    frame = pl.concat([standard_export(), standard_export().head(1)])
    result = import_talentlms(frame, mapping())
    assert result.records.height == 2
    assert result.records["record_id"].n_unique() == 2
    assert result.problems.select("line", "problem").rows() == [
        (5, "the same completion as line 2 (written once)")
    ]


# --- matching users to directors -----------------------------------------------------------

DIRECTORS = pl.DataFrame(
    {
        "director_id": ["101", "d-ann", "d-bob", "d-cy"],
        "email": [None, "ann@example.org", "BOB@example.org", "bob@example.org"],
    }
)


def test_users_match_directors_by_id_login_or_email() -> None:
    frame = export(
        **{
            "User ID": ["101", "5", "6", "7", "8"],
            "Login": ["x", "d-ann", "zed", "bob", "nobody"],
            "Email": [None, None, "Ann@Example.org", "bob@example.org", "no@example.org"],
            "Course": ["Cyber Basics"] * 5,
            "Status": ["Completed"] * 5,
            "Completion date": ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", None],
        }
    )
    result = import_talentlms(frame, mapping(), directors=DIRECTORS)
    # 101 by id, line 3 by login, line 4 by email (case ignored)
    assert result.records.select("director_id", "date").rows() == [
        ("101", "2026-10-01"),
        ("d-ann", "2026-10-02"),
        ("d-ann", "2026-10-03"),
    ]
    # bob's email is on two directors: listed, not guessed; line 6 matches nobody
    assert result.unmatched_users.rows() == [
        ("7 / bob / bob@example.org", 1, "5", "user '7 / bob / bob@example.org' matches "
         "directors d-bob and d-cy"),
        ("8 / nobody / no@example.org", 1, "6", "user '8 / nobody / no@example.org' matches "
         "no director"),
    ]  # fmt: skip
    # every completed row is accounted for once: written, or listed
    assert result.records.height + result.unmatched_users["rows"].sum() == frame.height
    assert result.problems.height == 0


def test_cli_import_with_data_lists_unmatched_users(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "directors.csv").write_text(
        "director_id,name,district_code,role_start,email\n"
        "d-1,Renee T. Little,D001,2020-07-01,rlittle@example.org\n"
        "2779,Shawn W. Goodwin,D002,2020-07-01,\n"
    )
    code = main(["import", "talentlms", str(FIXTURE_CSV), "--data", str(folder)])
    out = folder / "records-talentlms.csv"
    assert code == 0
    printed = capsys.readouterr().out
    assert "user '4051 / lmoody@example.org' matches no director: line(s) 9" in printed
    assert "user '4377 / mshelton@example.org' matches no director: line(s) 12, 13" in printed
    written = pl.read_csv(out, infer_schema=False)
    assert sorted(set(written["director_id"])) == ["2779", "d-1"]
    assert written.height == 4


def test_cli_bad_date_format_is_one_line(tmp_path: Path, capsys) -> None:
    args = ["import", "talentlms", str(FIXTURE_CSV), "--out", str(tmp_path / "r.csv")]
    assert main([*args, "--date-format", "%Q"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--date-format '%Q'" in err
    assert not (tmp_path / "r.csv").exists()


def re_escape(text: str) -> str:
    import re

    return re.escape(text)


def test_a_csv_with_other_columns_asks_whether_it_is_an_export(tmp_path: Path) -> None:
    path = tmp_path / "directors.csv"
    path.write_text("director_id,name\n1,Ann\n")
    with pytest.raises(UserError, match=r"columns found: director_id, name \(is it a TalentLMS"):
        import_talentlms_file(path)
