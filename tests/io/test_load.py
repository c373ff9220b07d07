"""Loading a data folder: every contract violation comes back as a reject row that names
the file, the line and a reason a person can act on; rows read = accepted + rejected."""

import csv
import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from tdceu_analysis import load_folder
from tdceu_analysis.errors import UserError

DISTRICTS = [
    {
        "district_code": "D01",
        "district_name": "Autauga County",
        "district_type": "county",
        "region": "Region 3",
    },
    {
        "district_code": "D02",
        "district_name": "Alabaster City",
        "district_type": "city",
        "region": "Region 4",
    },
]
DIRECTORS = [
    {
        "director_id": "T1",
        "name": "Ada Example",
        "district_code": "D01",
        "role_start": "2019-07-01",
        "role_end": "",
        "cto_academy_completed": "",
    },
    {
        "director_id": "T2",
        "name": "Ben Sample",
        "district_code": "D02",
        "role_start": "2025-01-15",
        "role_end": "",
        "cto_academy_completed": "2026-03-01",
    },
]
GOOD_RECORD = {
    "record_id": "r1",
    "director_id": "T1",
    "event_id": "alet-winter-conference",
    "session": "Keynote",
    "date": "2026-02-10",
    "hours": "2",
    "strands": "cyber",
    "delivery": "",
    "assignment_complete": "",
    "evidence_uploaded": "",
}


def write_csv(path: Path, rows: list[dict], bom: bool = False) -> None:
    with path.open("w", newline="", encoding="utf-8-sig" if bom else "utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def make_folder(tmp_path: Path, records: list[dict], **files: list[dict]) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(parents=True)
    write_csv(folder / "districts.csv", files.get("districts", DISTRICTS))
    write_csv(folder / "directors.csv", files.get("directors", DIRECTORS))
    write_csv(folder / "records.csv", records)
    if "events" in files:
        write_csv(folder / "events.csv", files["events"])
    return folder


def record(**changes: str) -> dict:
    return GOOD_RECORD | changes


# (a sentence, the bad row's changes, words the reason must contain)
BAD_RECORDS = [
    ("a record without a record_id", {"record_id": ""}, "missing record_id"),
    ("a record without a date", {"date": ""}, "missing date"),
    ("a record without hours", {"hours": ""}, "missing hours"),
    (
        "a record for an unknown director",
        {"director_id": "T9"},
        "director_id 'T9' is not in directors",
    ),
    (
        "a record for an unknown event",
        {"event_id": "made-up"},
        "event_id 'made-up' is not in the event catalogue",
    ),
    ("a date that does not exist", {"date": "2026-13-01"}, "date '2026-13-01' is not a date"),
    ("a date written the American way", {"date": "02/10/2026"}, "date '02/10/2026' is not a date"),
    ("hours that are not a number", {"hours": "two"}, "hours 'two' is not a number"),
    ("zero hours", {"hours": "0"}, "hours 0.0 is out of range"),
    ("negative hours", {"hours": "-1"}, "hours -1.0 is out of range"),
    ("more than 24 hours", {"hours": "24.5"}, "hours 24.5 is out of range"),
    ("an unknown strand name", {"strands": "cyber;security"}, "unknown strand 'security'"),
    (
        "a yes/no value that is neither",
        {"assignment_complete": "maybe"},
        "assignment_complete 'maybe' is not true/false",
    ),
    (
        "a delivery that is neither in person nor online",
        {"delivery": "hybrid"},
        "delivery 'hybrid' is not one of in_person, online",
    ),
]


@pytest.mark.parametrize(
    ("sentence", "changes", "reason"), BAD_RECORDS, ids=[c[0] for c in BAD_RECORDS]
)
def test_a_bad_record_is_rejected_with_file_line_and_reason(tmp_path, sentence, changes, reason):
    records = [
        record(record_id="r1"),
        record(
            record_id="r2",
            session="Other",
            **{k: v for k, v in changes.items() if k != "record_id"},
        ),
    ]
    if "record_id" in changes:
        records[1]["record_id"] = changes["record_id"]
    data = load_folder(make_folder(tmp_path, records))
    assert data.rejects.height == 1, data.rejects
    reject = data.rejects.row(0, named=True)
    assert reject["file"] == "records.csv"
    assert reject["line"] == 3  # header on line 1, the good row on line 2
    assert reason in reject["reason"]
    assert data.records.get_column("record_id").to_list() == ["r1"]
    assert data.row_counts["records"] == data.records.height + data.rejects.height


def test_a_record_id_used_twice_rejects_the_second_row_and_names_the_first_line(tmp_path):
    data = load_folder(make_folder(tmp_path, [record(), record(session="Again")]))
    assert data.rejects.select("line", "record_id", "reason").rows() == [
        (3, "r1", "record_id 'r1' is used again (first on line 2)")
    ]


def test_a_row_with_several_problems_names_all_of_them(tmp_path):
    data = load_folder(make_folder(tmp_path, [record(date="soon", hours="99", strands="magic")]))
    reason = data.rejects.item(0, "reason")
    assert "date 'soon' is not a date" in reason
    assert "hours 99.0 is out of range" in reason
    assert "unknown strand 'magic'" in reason


def test_headers_match_in_any_case_and_a_byte_order_mark_is_ignored(tmp_path):
    folder = make_folder(tmp_path, [record()])
    rows = [{key.upper(): value for key, value in record().items()}]
    write_csv(folder / "records.csv", rows, bom=True)
    data = load_folder(folder)
    assert data.rejects.height == 0
    assert data.records.item(0, "hours") == 2.0


@pytest.mark.parametrize(
    ("written", "meaning"),
    [
        ("true", True),
        ("FALSE", False),
        ("Yes", True),
        ("no", False),
        ("1", True),
        ("0", False),
        ("Y", True),
        ("n", False),
        ("", False),
    ],
)
def test_every_boolean_spelling_is_read(tmp_path, written, meaning):
    data = load_folder(make_folder(tmp_path, [record(assignment_complete=written)]))
    assert data.records.item(0, "assignment_complete") is meaning


def test_strands_may_be_codes_or_published_names_in_any_case(tmp_path):
    strands = "Roles and Responsibilities; CYBER ;ethics, laws, and policies"
    data = load_folder(make_folder(tmp_path, [record(strands=strands)]))
    assert data.records.item(0, "strands").to_list() == ["roles", "cyber", "ethics"]


def test_blank_strands_are_accepted_and_left_to_the_rules(tmp_path):
    data = load_folder(make_folder(tmp_path, [record(strands="")]))
    assert data.rejects.height == 0
    assert data.records.item(0, "strands").to_list() == []


def test_xlsx_and_parquet_read_like_csv(tmp_path):
    folder = make_folder(tmp_path, [record()])
    frame = pl.DataFrame([record(record_id="r1"), record(record_id="r2", session="B")])
    frame.with_columns(pl.col("date").str.to_date(), pl.col("hours").cast(pl.Float64)).write_excel(
        folder / "records.xlsx"
    )
    (folder / "records.csv").unlink()
    from_xlsx = load_folder(folder)
    assert from_xlsx.rejects.height == 0
    assert from_xlsx.records.get_column("date").to_list() == [dt.date(2026, 2, 10)] * 2
    (folder / "records.xlsx").unlink()
    frame.with_columns(pl.col("date").str.to_date()).write_parquet(folder / "records.parquet")
    from_parquet = load_folder(folder)
    assert from_parquet.records.select("record_id", "date", "hours").equals(
        from_xlsx.records.select("record_id", "date", "hours")
    )


def test_a_missing_required_column_is_one_clear_error(tmp_path):
    rows = [{k: v for k, v in record().items() if k != "hours"}]
    with pytest.raises(UserError, match=r"records\.csv has no column 'hours'"):
        load_folder(make_folder(tmp_path, rows))


def test_a_missing_file_is_one_clear_error(tmp_path):
    folder = make_folder(tmp_path, [record()])
    (folder / "directors.csv").unlink()
    with pytest.raises(UserError, match="has no directors file"):
        load_folder(folder)


def test_bad_directors_and_districts_are_rejected_and_their_records_follow(tmp_path):
    districts = [
        *DISTRICTS,
        {"district_code": "D03", "district_name": "X", "district_type": "parish", "region": "R"},
    ]
    directors = [
        *DIRECTORS,
        {
            "director_id": "T3",
            "name": "C",
            "district_code": "D99",
            "role_start": "2020-01-01",
            "role_end": "",
            "cto_academy_completed": "",
        },
        {
            "director_id": "T4",
            "name": "D",
            "district_code": "D01",
            "role_start": "2024-01-01",
            "role_end": "2023-01-01",
            "cto_academy_completed": "",
        },
    ]
    records = [record(), record(record_id="r2", director_id="T3")]
    data = load_folder(make_folder(tmp_path, records, districts=districts, directors=directors))
    reasons = {
        (row["file"], row["record_id"]): row["reason"] for row in data.rejects.iter_rows(named=True)
    }
    assert "district_type 'parish' is not one of" in reasons[("districts.csv", "D03")]
    assert "district_code 'D99' is not in districts" in reasons[("directors.csv", "T3")]
    assert "role_end 2023-01-01 is before role_start 2024-01-01" in reasons[("directors.csv", "T4")]
    assert "director_id 'T3' is not in directors" in reasons[("records.csv", "r2")]
    for kind, accepted in data.accepted_counts().items():
        rejected = data.rejects.filter(pl.col("file") == f"{kind}.csv").height
        assert data.row_counts[kind] == accepted + rejected, kind


def test_a_folder_events_file_adds_and_replaces_catalogue_rows(tmp_path):
    events = [
        {
            "event_id": "ext-iste",
            "name": "ISTE",
            "category": "external",
            "kind": "external_event",
            "fiscal_year": "2026",
            "max_hours_per_session": "",
            "max_hours_per_year": "4",
            "repeatable": "yes",
            "requires_assignment": "yes",
            "requires_evidence": "no",
            "delivery": "in_person",
        },
        {
            "event_id": "ext-iste",
            "name": "ISTE",
            "category": "external",
            "kind": "external_event",
            "fiscal_year": "FY27",
            "max_hours_per_session": "",
            "max_hours_per_year": "6",
            "repeatable": "yes",
            "requires_assignment": "yes",
            "requires_evidence": "yes",
            "delivery": "in_person",
        },
        {
            "event_id": "ext-bad",
            "name": "Bad",
            "category": "external",
            "kind": "external_event",
            "fiscal_year": "",
            "max_hours_per_session": "",
            "max_hours_per_year": "",
            "repeatable": "",
            "requires_assignment": "",
            "requires_evidence": "",
            "delivery": "in_person",
        },
    ]
    data = load_folder(make_folder(tmp_path, [record()], events=events))
    iste = data.events.filter(pl.col("event_id") == "ext-iste").sort("fiscal_year")
    assert iste.select("fiscal_year", "max_hours_per_year").rows() == [(2026, 4.0), (2027, 6.0)]
    assert data.rejects.select("file", "line", "record_id").rows() == [("events.csv", 4, "ext-bad")]
    assert "missing fiscal_year" in data.rejects.item(0, "reason")


def test_a_file_that_is_not_utf8_is_one_clear_error(tmp_path):
    folder = make_folder(tmp_path, [record()])
    (folder / "directors.csv").write_bytes(
        b"director_id,name,district_code,role_start\nT1,Jos\xe9 P\xe9rez,D01,2019-07-01\n"
    )
    with pytest.raises(UserError, match=r"directors\.csv could not be read: it is not UTF-8"):
        load_folder(folder)


def test_a_line_with_too_many_values_is_rejected_alone(tmp_path):
    # issue 12: one malformed line rejects that line (named), not the whole file
    folder = make_folder(tmp_path, [record()])
    text = (
        folder / "records.csv"
    ).read_text() + "r2,T1,alet-winter-conference,,2026-02-10,2,cyber,,,,extra\n"
    (folder / "records.csv").write_text(text)
    data = load_folder(folder)
    assert data.records.get_column("record_id").to_list() == ["r1"]
    (reject,) = data.rejects.filter(pl.col("file") == "records.csv").iter_rows(named=True)
    assert reject["line"] == 3
    assert "more values than the header" in reject["reason"]
    assert data.row_counts["records"] == 2


def test_the_shipped_catalogue_is_read_once_and_anew_when_its_file_changes(tmp_path, monkeypatch):
    # every load needs the shipped catalogue; it is read and checked once per process
    # while its file is unchanged, and a broken one is refused on every load, not once
    from tdceu_analysis.io import load

    shipped = tmp_path / "events.csv"
    shipped.write_bytes(load.shipped_catalog_path().read_bytes())
    monkeypatch.setattr(load, "shipped_catalog_path", lambda: shipped)
    first = load._shipped_events()
    assert load._shipped_events() is first  # the same file: the same table, not read again

    lines = shipped.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = lines[1].replace("alet,conference", "alet,banquet", 1)
    assert broken != lines[1]
    shipped.write_text(lines[0] + broken + "".join(lines[2:]), encoding="utf-8")
    for _ in range(2):  # said on each load (a failure is not remembered as a table)
        with pytest.raises(UserError, match=r"the shipped catalogue is broken: line 2"):
            load._shipped_events()

    shipped.write_text("".join(lines), encoding="utf-8")
    assert load._shipped_events().equals(first)  # mended: read anew, the same table
