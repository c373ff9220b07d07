"""Export files shaped like TalentLMS's API (its field names, day-first dates with a time,
Unix timestamps) and like a report downloaded from the portal (title and date lines above
the header, a user 'Status' beside the course's 'Completion status', '&amp;' in course
names): each imports to the right records or stops with one clear sentence."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from tdceu_analysis.cli import main
from tdceu_analysis.errors import UserError
from tdceu_analysis.io.talentlms import import_talentlms_file

MAPPING = (
    "talentlms_course,event_id,session,strands,hours\n"
    "Cyber Basics,alet-talent-course,,cyber,2\n"
    "Q&A for New Directors,alet-talent-course,,roles,1.5\n"
    "Webinar,alet-talent-course,Monthly webinar,roles,\n"
)

# As TalentLMS's API names a course's users (and client libraries flatten them to CSV):
# completed_on day-first on a DDMMYYYY portal, completed_on_timestamp in Unix seconds.
API_EXPORT = (
    "user_id,login,email,course_id,course_name,role,completion_status,completion_percentage,"
    "completed_on,completed_on_timestamp,total_time\n"
    "101,jsmith,jsmith@example.org,7,Cyber Basics,learner,Completed,100,"
    '"25/11/2026, 03:58:50",1795579130,3m 17s\n'
    "102,akim,akim@example.org,7,Cyber Basics,learner,incomplete,40,,,1h 2m\n"
    "103,blee,blee@example.org,8,Q&amp;A for New Directors,learner,completed,100,"
    '"05/11/2026, 14:03:11",,55m\n'
)

# As a report downloaded from the portal: title and date lines above the header, the
# user's account Status beside the course's Completion status, full names in 'User'.
REPORT_DOWNLOAD = """\
Learning progress report
"Generated on 07/12/2026, 09:15:02"

User,Email,Course,Status,Completion status,Completion date,Time
Jane Smith,jsmith@example.org,Cyber Basics,Active,Completed,"12/11/2026, 10:00:00",2h
Ann Kim,akim@example.org,Q&amp;A for New Directors,Active,Passed,"11/30/2026, 16:40:00",1h 30m
Bo Lee,blee@example.org,Cyber Basics,Inactive,In progress,,0h 20m
Cy Ray,cray@example.org,Webinar,Active,Completed (100%),"11/02/2026, 08:00:00",1h 20m
Di Fox,dfox@example.org,Cyber Basics,Active,Finalizado,"11/03/2026, 08:00:00",1h
"""

DIRECTORS = (
    "director_id,name,district_code,role_start,email\n"
    "d-101,Jane Smith,D001,2020-07-01,jsmith@example.org\n"
    "d-102,Ann Kim,D002,2020-07-01,akim@example.org\n"
    "d-103,Bo Lee,D003,2020-07-01,blee@example.org\n"
    "d-104,Cy Ray,D004,2020-07-01,cray@example.org\n"
)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "mapping.csv").write_text(MAPPING)
    (tmp_path / "api.csv").write_text(API_EXPORT)
    (tmp_path / "report.csv").write_text(REPORT_DOWNLOAD)
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "directors.csv").write_text(DIRECTORS)
    return tmp_path


def rows(records: pl.DataFrame) -> list[tuple[str, str, str, str]]:
    return sorted(records.select("director_id", "session", "date", "hours").rows())


def test_an_api_shaped_export(files: Path) -> None:
    result = import_talentlms_file(files / "api.csv", files / "mapping.csv")
    assert result.columns["status"] == "completion_status"
    assert result.columns["completed_timestamp"] == "completed_on_timestamp"
    # line 2 by its timestamp (25 Nov 2026, 03:58:50 UTC), line 4 day-first: 25/11 proves it
    assert rows(result.records) == [
        ("101", "Cyber Basics", "2026-11-24", "2.0"),
        ("103", "Q&A for New Directors", "2026-11-05", "1.5"),
    ]
    assert "dates read day-first (DDMMYYYY): line 2 ('25/11/2026, 03:58:50')" in result.date_note
    assert result.skipped_status == {"incomplete": 1}
    assert result.unknown_status == {}


def test_a_report_download(files: Path) -> None:
    result = import_talentlms_file(
        files / "report.csv", files / "mapping.csv", data_folder=files / "data"
    )
    assert result.header_skipped == 3
    # the course's completion status, not the user's account Status
    assert result.columns["status"] == "Completion status"
    assert rows(result.records) == [
        ("d-101", "Cyber Basics", "2026-12-11", "2.0"),
        ("d-102", "Q&A for New Directors", "2026-11-30", "1.5"),
        ("d-104", "Monthly webinar", "2026-11-02", "1.25"),
    ]
    # 'Finalizado' is not a word of the list: listed, not counted; lines count the title
    assert result.unknown_status == {"Finalizado": 1}
    assert result.skipped_status == {"Finalizado": 1, "In progress": 1}
    assert result.no_fixed_hours.rows() == [("Webinar", 1)]


def test_the_cli_says_what_it_skipped_and_which_dates_it_wrote(files: Path, capsys) -> None:
    args = ["import", "talentlms", str(files / "report.csv"), "--data", str(files / "data")]
    assert main([*args, "--mapping", str(files / "mapping.csv")]) == 0
    out = capsys.readouterr().out
    assert "the header is line 4: skipped the 3 line(s) above it" in out
    assert "dates read month-first (MMDDYYYY): line 6 ('11/30/2026, 16:40:00')" in out
    assert "dates written: 2026-11-02 (FY27) to 2026-12-11 (FY27)" in out
    assert "status word(s) not in the list, not taken as completed: 'Finalizado' (1)" in out
    assert "'Webinar': 1 row(s)" in out and "a live session needs its hours" in out
    written = pl.read_csv(files / "data" / "records-talentlms.csv", infer_schema=False)
    assert written.height == 3


def test_a_user_status_alone_is_an_error_listing_the_statuses(tmp_path: Path) -> None:
    path = tmp_path / "users.csv"
    path.write_text(
        "User ID,Course,Status,Completion date\n"
        "1,Cyber Basics,Active,2026-11-02\n2,Cyber Basics,Active,\n3,Cyber Basics,Inactive,\n"
    )
    with pytest.raises(UserError) as refused:
        import_talentlms_file(path)
    assert str(refused.value).startswith(
        "none of the 3 rows of users.csv is a completed course (column 'Status': Active 2, "
        "Inactive 1): export the course completion status"
    )


@pytest.mark.parametrize(
    ("status", "completed"),
    [
        ("Completed", True),
        ("completed", True),
        ("Passed", True),
        ("Completed (100%)", True),
        ("complete", True),
        ("completado", True),
        ("terminé(e)", True),
        ("abgeschlossen", True),
        ("Not passed", False),
        ("incomplete", False),
        ("Completed (80%)", False),
    ],
)
def test_the_completion_words(tmp_path: Path, status: str, completed: bool) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "User ID,Course,Completion status,Completion date\n"
        f"1,Incident Response Planning,{status},2026-11-02\n"
        "2,Incident Response Planning,Completed,2026-11-03\n"
    )
    result = import_talentlms_file(path)
    assert (result.records.height == 2) is completed


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("Notes\nfirst\nsecond\n", "none of the first 3 lines names TalentLMS export columns"),
        (
            "Progress\nsome,thing\nx,Course\n",
            "line 3 names one export column, is the header there?",
        ),
    ],
)
def test_no_header_found_is_one_sentence(tmp_path: Path, text: str, sentence: str) -> None:
    path = tmp_path / "export.csv"
    path.write_text(text)
    with pytest.raises(UserError, match=re.escape(sentence)) as refused:
        import_talentlms_file(path)
    assert "\n" not in str(refused.value)


def test_full_names_never_become_director_ids(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "User,Course,Completion status,Completion date\n"
        "Jane Smith,Incident Response Planning,Completed,2026-11-02\n"
    )
    with pytest.raises(UserError, match=re.escape(
        "the user column 'User' of export.csv holds full names (line 2: 'Jane Smith'), not user "
        "ids: pass --data DIR")):  # fmt: skip
        import_talentlms_file(path)
    # said explicitly, the names are the ids
    named = import_talentlms_file(path, user_column="User")
    assert named.records["director_id"].to_list() == ["Jane Smith"]


def test_an_xlsx_report_download_with_title_rows(files: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Learning progress report"])
    sheet.append(["Generated on 07/12/2026"])
    sheet.append(["User ID", "Course", "Completion status", "Completion date", "Time"])
    sheet.append(["101", "Q&amp;A for New Directors", "Completed", "2026-11-05", "1h"])
    book.save(files / "report.xlsx")
    result = import_talentlms_file(files / "report.xlsx", files / "mapping.csv")
    assert result.header_skipped == 2
    assert rows(result.records) == [("101", "Q&A for New Directors", "2026-11-05", "1.5")]
    assert result.records["source"].to_list() == ["talentlms:report.xlsx:4"]
