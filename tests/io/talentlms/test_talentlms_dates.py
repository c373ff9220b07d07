"""Completion dates: the file's order proven by its own lines, or given by the portal's
setting; an ambiguous or contradictory file is refused; none writes a wrong date."""

from __future__ import annotations

import re

import polars as pl
import pytest

from tdceu_analysis.errors import UserError
from tdceu_analysis.io.talentlms import import_talentlms, read_mapping

MAPPING_CSV = (
    "talentlms_course,event_id,session,strands,hours\nCyber Basics,alet-talent-course,,cyber,2\n"
)


@pytest.fixture(scope="module")
def mapping(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    path = tmp_path_factory.mktemp("mapping") / "mapping.csv"
    path.write_text(MAPPING_CSV)
    return read_mapping(path)


def completions(dates: list[str], **extra: list[str | None]) -> pl.DataFrame:
    """One completed row per date, each for another user (line 2, 3, ...)."""
    columns = {
        "user_id": [str(100 + i) for i in range(len(dates))],
        "course_name": ["Cyber Basics"] * len(dates),
        "completion_status": ["Completed"] * len(dates),
        "completed_on": dates,
        **extra,
    }
    return pl.DataFrame(columns, schema={name: pl.String for name in columns})


def dates_by_line(result) -> dict[int, str]:
    """line of the export -> date written."""
    return {
        int(source.rsplit(":", 1)[1]): date
        for source, date in result.records.select("source", "date").iter_rows()
    }


# (case, completion texts, --date-format, expected date per line)
READ = [
    ("day-first proven by 25/12",
     ["25/12/2026, 03:58:50", "05/11/2026, 14:03:11"], None,
     {2: "2026-12-25", 3: "2026-11-05"}),
    ("month-first proven by 12/25",
     ["12/25/2026, 03:58:50", "05/11/2026, 14:03:11"], None,
     {2: "2026-12-25", 3: "2026-05-11"}),
    ("portal setting DDMMYYYY",
     ["05/11/2026, 14:03:11", "03/10/2026, 09:00:00"], "DDMMYYYY",
     {2: "2026-11-05", 3: "2026-10-03"}),
    ("portal setting as TalentLMS shows it",
     ["05/11/2026, 14:03:11", "03/10/2026, 09:00:00"], "DD/MM/YYYY",
     {2: "2026-11-05", 3: "2026-10-03"}),
    ("portal setting MMDDYYYY",
     ["05/11/2026, 14:03:11", "03/10/2026, 09:00:00"], "MMDDYYYY",
     {2: "2026-05-11", 3: "2026-03-10"}),
    ("portal setting YYYYMMDD",
     ["2026/11/05, 14:03:11", "2026/10/03"], "YYYYMMDD",
     {2: "2026-11-05", 3: "2026-10-03"}),
    ("strftime on the whole text, time included",
     ["05/11/2026, 14:03:11"], "%d/%m/%Y, %H:%M:%S",
     {2: "2026-11-05"}),
    ("strftime without the time reads the date before it",
     ["05/11/2026, 14:03:11"], "%d/%m/%Y",
     {2: "2026-11-05"}),
    ("strftime with spaces in the date",
     ["5 Nov 2026", "12 Oct 2026, 09:00"], "%d %b %Y",
     {2: "2026-11-05", 3: "2026-10-12"}),
    ("ISO needs no order", ["2026-11-05 14:03:11", "2026-10-03"], None,
     {2: "2026-11-05", 3: "2026-10-03"}),
    ("the same day and month read either way", ["05/05/2026, 10:00"], None,
     {2: "2026-05-05"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("texts", "date_format", "expected"), [case[1:] for case in READ], ids=[c[0] for c in READ]
)
def test_dates_are_read_in_the_proven_or_given_order(
    mapping: pl.DataFrame, texts: list[str], date_format: str | None, expected: dict[int, str]
) -> None:
    result = import_talentlms(completions(texts), mapping, date_format=date_format)
    assert dates_by_line(result) == expected
    assert result.problems.height == 0


def test_the_report_names_the_lines_that_prove_the_order(mapping: pl.DataFrame) -> None:
    result = import_talentlms(
        completions(["05/11/2026", "25/12/2026", "03/10/2026", "13/10/2026"]), mapping
    )
    assert result.date_note == (
        "dates read day-first (DDMMYYYY): lines 3, 5 ('25/12/2026', '13/10/2026') have a day "
        "above 12 in first place"
    )


# (case, completion texts, --date-format, the one sentence)
REFUSED = [
    ("ambiguous, no setting", ["05/11/2026, 14:03:11", "03/10/2026"], None,
     "2 date(s) of export could be day-first or month-first and no line proves which "
     "(lines 2, 3 ('05/11/2026, 14:03:11', '03/10/2026')): pass --date-format with the "
     "TalentLMS portal's date setting, DDMMYYYY or MMDDYYYY"),
    ("contradictory lines", ["25/12/2026", "05/11/2026", "12/25/2026"], None,
     "the dates of export contradict each other: line 2 ('25/12/2026') can only be "
     "day-first and line 4 ('12/25/2026') only month-first"),
    ("the setting contradicts a line", ["05/11/2026", "12/25/2026"], "DDMMYYYY",
     "--date-format 'DDMMYYYY' reads dates day-first, but line 3 ('12/25/2026') of export "
     "can only be month-first: pass --date-format MMDDYYYY"),
    ("a strftime format contradicts a line", ["05/11/2026", "12/25/2026"], "%d/%m/%Y",
     "--date-format '%d/%m/%Y' reads dates day-first, but line 3"),
    ("a setting that is not one", ["05/11/2026"], "DMY",
     "--date-format 'DMY' does not read a whole date: give the portal's date setting "
     "(DDMMYYYY, MMDDYYYY or YYYYMMDD)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("texts", "date_format", "sentence"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_an_ambiguous_or_contradictory_file_is_refused(
    mapping: pl.DataFrame, texts: list[str], date_format: str | None, sentence: str
) -> None:
    with pytest.raises(UserError, match=re.escape(sentence)) as refused:
        import_talentlms(completions(texts), mapping, date_format=date_format)
    assert "\n" not in str(refused.value)


def test_a_two_digit_year_is_never_guessed(mapping: pl.DataFrame) -> None:
    result = import_talentlms(
        completions(["06/11/2026", "05/11/26"]), mapping, date_format="DDMMYYYY"
    )
    assert dates_by_line(result) == {2: "2026-11-06"}
    assert result.problems.select("line", "problem").rows() == [
        (3, "completion date '05/11/26' is not a date")
    ]


def test_only_dates_that_are_written_need_an_order(mapping: pl.DataFrame) -> None:
    # line 3 is not completed: its ambiguous date is never written, so no setting is asked
    frame = completions(["2026-11-05", "05/11/2026"]).with_columns(
        pl.Series("completion_status", ["Completed", "In progress"])
    )
    assert dates_by_line(import_talentlms(frame, mapping)) == {2: "2026-11-05"}


# --- completed_on_timestamp (Unix seconds) ------------------------------------------------


def test_the_timestamp_is_preferred_and_read_in_alabama_time(mapping: pl.DataFrame) -> None:
    frame = completions(
        ["05/11/2026, 14:03:11", "01/10/2026, 03:30:00", "2026-10-14"],
        # 2026-11-05 14:03:11 UTC; 2026-10-01 03:30 UTC = 30 September, 22:30 in Alabama
        completed_on_timestamp=["1793887391", "1790825400", None],
    )
    result = import_talentlms(frame, mapping)  # the ambiguous texts are not needed
    assert dates_by_line(result) == {2: "2026-11-05", 3: "2026-09-30", 4: "2026-10-14"}
    assert "2 completion date(s) from 'completed_on_timestamp'" in result.date_note


@pytest.mark.parametrize("stamp", ["soon", "1793887391000", "-5"])
def test_a_timestamp_that_is_not_seconds_is_named(mapping: pl.DataFrame, stamp: str) -> None:
    frame = completions([None], completed_on_timestamp=[stamp])  # type: ignore[list-item]
    result = import_talentlms(frame, mapping)
    assert result.records.height == 0
    assert result.problems["problem"].to_list() == [
        f"completed_on_timestamp '{stamp}' is not Unix seconds"
    ]


# --- live sessions: the session's date, not the completion's -----------------------------


def test_the_ilt_session_date_dates_the_record(mapping: pl.DataFrame) -> None:
    frame = completions(
        ["20/11/2026, 10:00:00", "20/11/2026, 10:00:00"],
        **{"Session date": ["06/11/2026", None]},
    )
    result = import_talentlms(frame, mapping)
    # the session's date is read in the order the file proves (20/11: day-first)
    assert dates_by_line(result) == {2: "2026-11-06", 3: "2026-11-20"}
    assert result.session_dated == 1
