"""The sessions file (the year's calendar): read and checked like the other inputs; each
bad row is a reject naming the file, the line and the reason; the accepted rows are a
typed frame (`InputData.sessions`) with the delivery resolved and the fiscal year."""

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from tdceu_analysis import load_folder
from tdceu_analysis.io.load import SESSION_TYPED_SCHEMA
from tests.io.test_load import GOOD_RECORD, make_folder, write_csv

GOOD_SESSION = {
    "session_id": "s1",
    "event_id": "alet-winter-conference",
    "title": "Winter Conference: incident response",
    "date": "2027-02-10",
    "start_time": "09:00",
    "hours": "1.5",
    "strands": "cyber; data",
    "region": "",
    "delivery": "",
}


def session(**changes: str) -> dict:
    return GOOD_SESSION | changes


def folder_with_sessions(tmp_path: Path, sessions: list[dict]) -> Path:
    folder = make_folder(tmp_path, [GOOD_RECORD])
    write_csv(folder / "sessions.csv", sessions)
    return folder


@pytest.mark.parametrize(
    ("sentence", "changes", "reason"),
    [
        ("a session needs a title", {"title": ""}, "missing title"),
        ("a session needs a date", {"date": ""}, "missing date"),
        ("a session needs hours", {"hours": ""}, "missing hours"),
        ("a session needs a strand", {"strands": ""}, "missing strands"),
        (
            "its event must be in the catalogue",
            {"event_id": "alet-moon-camp"},
            "event_id 'alet-moon-camp' is not in the event catalogue",
        ),
        (
            "its date must be a real date",
            {"date": "2027-02-30"},
            "date '2027-02-30' is not a date (write YYYY-MM-DD)",
        ),
        (
            "its start time must be a time of day",
            {"start_time": "25:00"},
            "start_time '25:00' is not a time of day (write HH:MM, e.g. 09:00)",
        ),
        ("no session earns 0 hours", {"hours": "0"}, "hours 0.0 is out of range"),
        (
            "no session earns more than the policy's maximum",
            {"hours": "25"},
            "hours 25.0 is out of range (more than 0, at most 24)",
        ),
        ("hours are a number", {"hours": "two"}, "hours 'two' is not a number of hours"),
        ("strands are the policy's", {"strands": "cyberz"}, "unknown strand 'cyberz'"),
        (
            "its region is one of the districts' regions",
            {"region": "Mars"},
            "region 'Mars' is not a region of districts (Region 3, Region 4)",
        ),
        (
            "delivery is in_person or online",
            {"delivery": "by owl"},
            "delivery 'by owl' is not one of in_person, online",
        ),
    ],
)
def test_a_bad_session_is_a_reject_with_file_line_and_reason(tmp_path, sentence, changes, reason):
    folder = folder_with_sessions(tmp_path, [GOOD_SESSION, session(session_id="s2", **changes)])
    data = load_folder(folder)
    rejects = data.rejects.filter(pl.col("file") == "sessions.csv")
    assert rejects.height == 1, sentence
    row = rejects.row(0, named=True)
    assert (row["line"], row["record_id"]) == (3, "s2"), sentence
    assert reason in row["reason"], (sentence, row["reason"])
    assert data.sessions.get_column("session_id").to_list() == ["s1"], sentence
    assert data.row_counts["sessions"] == 2


def test_a_session_id_used_twice_rejects_the_second_and_names_the_first_line(tmp_path):
    folder = folder_with_sessions(tmp_path, [GOOD_SESSION, session(title="again")])
    rejects = load_folder(folder).rejects.filter(pl.col("file") == "sessions.csv")
    assert rejects.select("line", "reason").rows() == [
        (3, "session_id 's1' is used again (first on line 2)")
    ]


def test_accepted_sessions_are_typed_with_delivery_and_fiscal_year(tmp_path):
    folder = folder_with_sessions(
        tmp_path,
        [
            GOOD_SESSION,
            # a region in another case is written as districts spell it; 9:30 is 09:30
            session(session_id="s2", start_time="9:30", region="region 4", delivery="Online"),
            # an approved external line of FY26: its catalogue row says in_person
            session(session_id="s3", event_id="ext-aetc", date="2026-06-10", start_time=""),
        ],
    )
    sessions = load_folder(folder).sessions
    assert dict(sessions.schema) == SESSION_TYPED_SCHEMA
    assert sessions.select(
        "session_id", "date", "start_time", "hours", "strands", "region", "delivery", "fiscal_year"
    ).rows() == [
        ("s1", dt.date(2027, 2, 10), "09:00", 1.5, ["cyber", "data"], None, "in_person", 2027),
        ("s2", dt.date(2027, 2, 10), "09:30", 1.5, ["cyber", "data"], "Region 4", "online", 2027),
        ("s3", dt.date(2026, 6, 10), None, 1.5, ["cyber", "data"], None, "in_person", 2026),
    ]


def test_a_folder_without_sessions_has_an_empty_typed_frame(tmp_path):
    data = load_folder(make_folder(tmp_path, [GOOD_RECORD]))
    assert data.sessions.height == 0
    assert dict(data.sessions.schema) == SESSION_TYPED_SCHEMA
    assert "sessions" not in data.row_counts


def test_sessions_are_never_records(tmp_path):
    """A calendar row is something a director could attend, not something attended."""
    folder = folder_with_sessions(tmp_path, [GOOD_SESSION, session(session_id="s2")])
    data = load_folder(folder)
    assert data.records.get_column("record_id").to_list() == ["r1"]


def test_evaluate_is_the_same_with_a_sessions_file(tmp_path):
    from tdceu_analysis import evaluate

    plain = make_folder(tmp_path / "plain", [GOOD_RECORD, GOOD_RECORD | {"record_id": "r2"}])
    with_calendar = make_folder(
        tmp_path / "calendar", [GOOD_RECORD, GOOD_RECORD | {"record_id": "r2"}]
    )
    write_csv(with_calendar / "sessions.csv", [GOOD_SESSION, session(session_id="s2")])
    as_of = dt.date(2026, 9, 30)
    before = evaluate(load_folder(plain), fy=2026, as_of=as_of)
    after = evaluate(load_folder(with_calendar), fy=2026, as_of=as_of)
    assert before.ledger.equals(after.ledger)
    assert before.summary.equals(after.summary)
    assert before.rejects.equals(after.rejects)
