"""`tdceu events carry-forward`: a new year's approved external list started from last
year's, appended to events.csv, each row noted; the bytes already there never change."""

import csv
import io
from pathlib import Path

import polars as pl
import pytest

from tdceu_analysis import evaluate, load_folder
from tdceu_analysis.cli import main
from tdceu_analysis.errors import UserError
from tdceu_analysis.io.carry_forward import carried_forward_rows, carry_forward
from tests.io.test_load import GOOD_RECORD, make_folder, record

# a line of the folder's own, approved for FY26 (the shipped catalogue has the other 20)
OWN_LINE = {
    "event_id": "ext-own-summit",
    "name": "Our own summit",
    "category": "external",
    "kind": "external_event",
    "fiscal_year": "2026",
    "max_hours_per_session": "",
    "max_hours_per_year": "3",
    "repeatable": "true",
    "requires_assignment": "false",
    "requires_evidence": "false",
    "delivery": "in_person",
    "source": "our board, 2025-09-01",
    "note": "",
}


def folder_with_events(tmp_path: Path, text: str) -> Path:
    folder = make_folder(tmp_path, [GOOD_RECORD])
    (folder / "events.csv").write_bytes(text.encode("utf-8"))
    return folder


def events_text(*, crlf: bool = False, last_break: bool = True, also_fy27: bool = False) -> str:
    rows = [OWN_LINE, *([OWN_LINE | {"fiscal_year": "2027"}] if also_fy27 else [])]
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n" if crlf else "\n").writerows(
        [list(OWN_LINE), *(list(row.values()) for row in rows)]
    )
    return text.getvalue() if last_break else text.getvalue().rstrip("\r\n")


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("a plain CSV", events_text()),
        ("Windows line breaks", events_text(crlf=True)),
        ("no line break after the last row", events_text(last_break=False)),
        ("a byte-order mark", "\ufeff" + events_text()),
    ],
)
def test_rows_are_appended_and_the_file_before_them_is_byte_identical(tmp_path, sentence, text):
    folder = folder_with_events(tmp_path, text)
    before = (folder / "events.csv").read_bytes()
    done = carry_forward(folder, 2026, 2027)
    after = (folder / "events.csv").read_bytes()
    assert after.startswith(before), sentence
    assert done.rows.height == 21, sentence  # the shipped 20 lines and the folder's own
    data = load_folder(folder)
    assert data.rejects.height == 0, sentence
    fy27 = data.events.filter(pl.col("fiscal_year") == 2027)
    assert fy27.height == 21
    assert set(fy27["event_id"]) == set(
        data.events.filter(pl.col("fiscal_year") == 2026)["event_id"]
    )
    own = fy27.filter(pl.col("event_id") == "ext-own-summit").row(0, named=True)
    assert (own["max_hours_per_year"], own["source"]) == (3.0, "our board, 2025-09-01")
    assert len(carried_forward_rows(folder)) == 21
    # the new lines look like the old ones (one kind of line break)
    added = after[len(before) :]
    assert (b"\r\n" in added) == ("\r\n" in text), sentence


def test_a_carried_list_makes_last_years_external_records_count(tmp_path):
    folder = make_folder(
        tmp_path,
        [
            record(
                record_id="x1",
                event_id="ext-aetc",
                date="2026-11-02",
                hours="2",
                assignment_complete="yes",
                evidence_uploaded="yes",
            )
        ],
    )
    before = evaluate(load_folder(folder), fy=2027).ledger.row(0, named=True)
    assert (before["reason"], before["hours_counted"]) == ("not_approved", 0.0)
    assert (
        main(["events", "carry-forward", "--data", str(folder), "--from", "2026", "--to", "2027"])
        == 0
    )
    created = (folder / "events.csv").read_text(encoding="utf-8").splitlines()
    assert created[0].split(",")[-1] == "note"
    assert all(
        line.endswith("carried forward from FY26 until ALET confirms the list")
        for line in created[1:]
    )
    after = evaluate(load_folder(folder), fy=2027).ledger.row(0, named=True)
    assert after["hours_counted"] == 2.0


@pytest.mark.parametrize(
    ("sentence", "args", "message"),
    [
        ("a year that has a list", ["--from", "2026", "--to", "2027"], "FY27 already has 1 "),
        ("a year with no list to copy", ["--from", "2030", "--to", "2031"], "FY30 has no approved"),
        ("backwards", ["--from", "2027", "--to", "2026"], "must be a later fiscal year"),
    ],
)
def test_refusals_write_nothing(tmp_path, capsys, sentence, args, message):
    folder = folder_with_events(tmp_path, events_text(also_fy27=True))
    before = (folder / "events.csv").read_bytes()
    assert main(["events", "carry-forward", "--data", str(folder), *args]) == 2, sentence
    assert message in capsys.readouterr().err, sentence
    assert (folder / "events.csv").read_bytes() == before


def test_a_second_run_is_refused_and_changes_nothing(tmp_path):
    folder = folder_with_events(tmp_path, events_text())
    carry_forward(folder, 2026, 2027)
    once = (folder / "events.csv").read_bytes()
    with pytest.raises(UserError, match="FY27 already has 21 approved external row"):
        carry_forward(folder, 2026, 2027)
    assert (folder / "events.csv").read_bytes() == once


def test_an_events_file_without_a_note_column_is_refused_with_what_to_do(tmp_path):
    header = ",".join(name for name in OWN_LINE if name != "note")
    row = ",".join(value for name, value in OWN_LINE.items() if name != "note")
    folder = folder_with_events(tmp_path, f"{header}\n{row}\n")
    with pytest.raises(UserError, match=r"has no 'note' column.*add a column named note"):
        carry_forward(folder, 2026, 2027)


def test_a_write_that_fails_leaves_events_csv_as_it_was(tmp_path, monkeypatch, capsys):
    # a full disk while writing: the file keeps its old bytes, not half a row more
    folder = folder_with_events(tmp_path, events_text())
    before = (folder / "events.csv").read_bytes()

    def full_disk(self, data):
        raise OSError(28, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    args = ["events", "carry-forward", "--data", str(folder), "--from", "2026", "--to", "2027"]
    assert main(args) == 2
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert "events.csv" in err and "nothing half-written was left" in err
    assert (folder / "events.csv").read_bytes() == before
    assert sorted(path.name for path in folder.iterdir() if "partial" in path.name) == []
