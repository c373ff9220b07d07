"""Several records files in one folder (`records.<ext>` and `records-<name>.<ext>`) are read
as one table: each reject names its own file and line, a record_id in two files is one
reject naming both, and input rows over all files = ledger + rejects + other years."""

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from tdceu_analysis import evaluate, load_folder
from tdceu_analysis.errors import UserError
from tdceu_analysis.io.load import files_read
from tests.io.test_load import GOOD_RECORD, make_folder, record, write_csv


def typed_rows(rows: list[dict]) -> pl.DataFrame:
    """Rows as a spreadsheet or Parquet file holds them: dates as dates, hours as numbers."""
    return pl.DataFrame(rows, schema=dict.fromkeys(GOOD_RECORD, pl.String)).with_columns(
        pl.col("date").str.to_date(), pl.col("hours").cast(pl.Float64)
    )


def write_records(path: Path, rows: list[dict]) -> None:
    if path.suffix == ".csv":
        write_csv(path, rows)
    elif path.suffix == ".xlsx":
        typed_rows(rows).write_excel(path)
    else:
        typed_rows(rows).write_parquet(path)


@pytest.mark.parametrize(
    ("sentence", "files", "expected_files"),
    [
        (
            "a typed spreadsheet beside the main file",
            {"records.csv": ["r1"], "records-fall-conference.xlsx": ["f1", "f2"]},
            ["records.csv", "records-fall-conference.xlsx"],
        ),
        (
            "CSV, XLSX and Parquet side by side; records.* is read first",
            {
                "records-talentlms.csv": ["tl-1"],
                "records.parquet": ["r1", "r2"],
                "records-region-meetings.xlsx": ["m1"],
            },
            ["records.parquet", "records-region-meetings.xlsx", "records-talentlms.csv"],
        ),
        (
            "no records.* at all: only named files",
            {"records-manual.csv": ["m1"], "records-talentlms.csv": ["tl-1"]},
            ["records-manual.csv", "records-talentlms.csv"],
        ),
    ],
)
def test_every_records_file_is_read_as_one_table(tmp_path, sentence, files, expected_files):
    folder = make_folder(tmp_path, [GOOD_RECORD])
    (folder / "records.csv").unlink()
    for name, ids in files.items():
        write_records(folder / name, [record(record_id=i, session=i) for i in ids])
    data = load_folder(folder)
    assert data.rejects.height == 0, sentence
    assert sorted(data.records.get_column("record_id").to_list()) == sorted(
        i for ids in files.values() for i in ids
    ), sentence
    assert list(data.files["records"]) == expected_files, sentence
    assert files_read(data) == ", ".join(expected_files)
    assert data.row_counts["records"] == sum(len(ids) for ids in files.values())
    # each accepted row knows its file and line
    where = dict(zip(data.records["record_id"], data.records["file"], strict=True))
    assert where == {i: name for name, ids in files.items() for i in ids}, sentence


def test_each_reject_names_its_own_file_and_line(tmp_path):
    folder = make_folder(tmp_path, [GOOD_RECORD, record(record_id="r2", hours="30")])
    write_records(
        folder / "records-fall-conference.xlsx",
        [record(record_id="f1"), record(record_id="f2"), record(record_id="f3", strands="x")],
    )
    write_records(folder / "records-extra.parquet", [record(record_id="p1", director_id="T9")])
    rejects = load_folder(folder).rejects.select("file", "line", "record_id").rows()
    assert rejects == [
        ("records.csv", 3, "r2"),
        ("records-extra.parquet", 1, "p1"),
        ("records-fall-conference.xlsx", 4, "f3"),
    ]


def test_a_record_id_in_two_files_is_one_reject_naming_both(tmp_path):
    folder = make_folder(tmp_path, [GOOD_RECORD, record(record_id="r2")])
    write_records(
        folder / "records-fall-conference.xlsx",
        [record(record_id="f1"), record(record_id="r2", session="typed again")],
    )
    data = load_folder(folder)
    assert data.rejects.select("file", "line", "record_id", "reason").rows() == [
        (
            "records-fall-conference.xlsx",
            3,
            "r2",
            "record_id 'r2' is also in records.csv line 3 (a record id is unique over all "
            "records files: keep one)",
        )
    ]
    assert sorted(data.records["record_id"]) == ["f1", "r1", "r2"]
    kept = data.records.filter(pl.col("record_id") == "r2").row(0, named=True)
    assert (kept["file"], kept["line"]) == ("records.csv", 3)


def test_two_files_of_one_name_are_an_error(tmp_path):
    folder = make_folder(tmp_path, [GOOD_RECORD])
    write_records(folder / "records-a.csv", [record(record_id="a1")])
    write_records(folder / "records-a.xlsx", [record(record_id="a2")])
    with pytest.raises(UserError, match=r"more than one 'records-a' file"):
        load_folder(folder)


def test_a_folder_without_any_records_file_is_one_clear_error(tmp_path):
    folder = make_folder(tmp_path, [GOOD_RECORD])
    (folder / "records.csv").unlink()
    with pytest.raises(UserError, match=r"has no records file .*records-NAME\.csv"):
        load_folder(folder)


def test_input_rows_over_all_files_are_ledger_plus_rejects_plus_other_years(tmp_path):
    folder = make_folder(
        tmp_path,
        [
            GOOD_RECORD,
            record(record_id="r2", date="2025-02-10"),  # FY25
            record(record_id="r3", hours="-1"),  # reject
        ],
    )
    write_records(
        folder / "records-talentlms.csv",
        [record(record_id="tl-1"), record(record_id="r1"), record(record_id="tl-2")],
    )
    write_records(
        folder / "records-fall-conference.xlsx",
        [record(record_id="f1", date="2026-09-01"), record(record_id="f2", date="2026-10-02")],
    )
    data = load_folder(folder)
    result = evaluate(data, fy=2026, as_of=dt.date(2026, 9, 30))
    record_rejects = result.rejects.filter(pl.col("file").str.starts_with("records"))
    fy26 = data.records.filter(
        pl.col("date").is_between(dt.date(2025, 10, 1), dt.date(2026, 9, 30))
    )
    other_years = data.records.height - fy26.height
    assert data.row_counts["records"] == 8
    assert (result.ledger.height, record_rejects.height, other_years) == (4, 2, 2)
    assert data.row_counts["records"] == result.ledger.height + record_rejects.height + (
        other_years
    )


def test_done_when_three_records_files_are_evaluated_row_by_row(tmp_path, capsys):
    """records.csv, records-talentlms.csv (a plain CSV of the contract, as the import writes
    it) and a typed records-fall-conference.xlsx: every row of the three is in the ledger,
    and the outputs' data lines name the three files."""
    from tdceu_analysis.cli import main
    from tdceu_analysis.report.parameters import resolve_parameters

    folder = make_folder(
        tmp_path,
        [record(record_id="r1", session="Keynote"), record(record_id="r2", session="Budgets")],
    )
    write_records(
        folder / "records-talentlms.csv",
        [
            record(record_id="tl-1", event_id="alet-talent-course", session="Cyber 101"),
            record(record_id="tl-2", event_id="alet-talent-course", session="Data 101"),
        ],
    )
    write_records(
        folder / "records-fall-conference.xlsx",
        [
            record(record_id="fc-1", event_id="alet-fall-conference", date="2026-09-15"),
            record(
                record_id="fc-2",
                event_id="alet-fall-conference",
                date="2026-09-15",
                director_id="T2",
                session="Track B",
            ),
        ],
    )
    out = tmp_path / "out"
    assert main(["evaluate", "--data", str(folder), "--fy", "2026", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    files = "records.csv, records-fall-conference.xlsx, records-talentlms.csv"
    assert f"records read from {files}" in printed
    ledger = pl.read_csv(out / "ledger.csv", infer_schema=False)
    assert sorted(ledger["record_id"]) == ["fc-1", "fc-2", "r1", "r2", "tl-1", "tl-2"]
    assert pl.read_csv(out / "rejects.csv").height == 0
    # the state report's About sheet and every page's data line name the files too
    report = tmp_path / "state.csv"
    assert (
        main(["report", "state", "--data", str(folder), "--fy", "2026", "--out", str(report)]) == 0
    )
    about = (tmp_path / "state-about.csv").read_text(encoding="utf-8-sig")
    assert f"({files})" in about
    parameters = resolve_parameters(folder, 2026, dt.date(2026, 9, 30))
    assert parameters.data_label == f"data ({files})"
    # the folder of one records.csv keeps its short line
    assert (
        resolve_parameters(make_folder(tmp_path / "one", [GOOD_RECORD]), 2026, None).data_label
        == "data"
    )
