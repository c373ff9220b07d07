"""The import's own file: it never overwrites a file it did not write (--force included),
nor one a person changed; a re-import keeps every completion imported before."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from tdceu_analysis.cli import main
from tdceu_analysis.io.talentlms import marker_path

COURSE = "Incident Response Planning"  # in the shipped mapping, 2 hours
HEADER = "User ID,Course,Completion status,Completion date\n"


def export(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows))
    return path


def run(args: list[str], capsys) -> tuple[int, str]:
    code = main(["import", "talentlms", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def written(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def test_a_course_reset_between_two_exports_keeps_history(tmp_path: Path, capsys) -> None:
    out = tmp_path / "records-talentlms.csv"
    first = export(
        tmp_path / "october.csv",
        f"101,{COURSE},Completed,2026-10-02",
        f"102,{COURSE},Completed,2026-10-03",
        f"103,{COURSE},Completed,2026-10-04",
    )
    assert run([str(first), "--out", str(out)], capsys)[0] == 0
    before = written(out)
    # the course was reset for 102 and 103 (their completions are gone from TalentLMS);
    # 104 completed it since, and 101 is still there
    second = export(
        tmp_path / "november.csv",
        f"104,{COURSE},Completed,2026-11-09",
        f"101,{COURSE},Completed,2026-10-02",
        f"102,{COURSE},In progress,",
    )
    code, out_text = run([str(second), "--out", str(out), "--force"], capsys)
    assert code == 0, out_text
    after = written(out)
    # every earlier completion kept, in its place and with its id; the new one after them
    assert (
        after.head(3)
        .select("record_id", "director_id", "date")
        .equals(before.select("record_id", "director_id", "date"))
    )
    assert after.select("director_id", "date").rows() == [
        ("101", "2026-10-02"),
        ("102", "2026-10-03"),
        ("103", "2026-10-04"),
        ("104", "2026-11-09"),
    ]
    assert after["record_id"].n_unique() == 4
    assert "held 3 completion(s) from earlier imports: 1 new added, 0 refreshed" in out_text
    assert "2 completion(s) in records-talentlms.csv are no longer in this export; kept" in out_text
    assert f"  - 102: '{COURSE}' on 2026-10-03\n  - 103: '{COURSE}' on 2026-10-04" in out_text


def test_the_same_export_again_changes_nothing(tmp_path: Path, capsys) -> None:
    out = tmp_path / "records-talentlms.csv"
    source = export(tmp_path / "e.csv", f"101,{COURSE},Completed,2026-10-02")
    assert run([str(source), "--out", str(out)], capsys)[0] == 0
    first = out.read_bytes()
    assert run([str(source), "--out", str(out), "--force"], capsys)[0] == 0
    assert out.read_bytes() == first


def test_a_re_import_needs_force(tmp_path: Path, capsys) -> None:
    out = tmp_path / "records-talentlms.csv"
    source = export(tmp_path / "e.csv", f"101,{COURSE},Completed,2026-10-02")
    assert run([str(source), "--out", str(out)], capsys)[0] == 0
    code, text = run([str(source), "--out", str(out)], capsys)
    assert code == 2
    assert "holds 1 completion(s) from an earlier import: add --force" in text


def test_the_marker_says_who_wrote_the_file(tmp_path: Path, capsys) -> None:
    import hashlib

    out = tmp_path / "records-talentlms.csv"
    source = export(tmp_path / "e.csv", f"101,{COURSE},Completed,2026-10-02")
    assert run([str(source), "--out", str(out)], capsys)[0] == 0
    marker = marker_path(out)
    assert marker == tmp_path / ".tdceu" / "records-talentlms.csv.import.json"
    said = json.loads(marker.read_text())
    assert said["tool"] == "tdceu import talentlms"
    assert said["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert said["version"] and said["export"] == "e.csv"
    # nothing the import keeps beside its file looks like a records file to a reader
    assert sorted(path.name for path in tmp_path.glob("records*")) == ["records-talentlms.csv"]


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_an_edited_import_file_is_refused(tmp_path: Path, capsys, force: list[str]) -> None:
    out = tmp_path / "records-talentlms.csv"
    source = export(tmp_path / "e.csv", f"101,{COURSE},Completed,2026-10-02")
    assert run([str(source), "--out", str(out)], capsys)[0] == 0
    # a person typed a row into the import's file
    with out.open("a", encoding="utf-8") as handle:
        handle.write("typed-1,101,alet-region-meeting,,2026-10-20,2,roles,,,,\n")
    edited = out.read_bytes()
    code, text = run([str(source), "--out", str(out), *force], capsys)
    assert code == 2
    assert "was changed after the import wrote it" in text and "--force included" in text
    assert "move the rows you typed into records-manual.csv" in text
    assert "records-talentlms.csv.as-written back over records-talentlms.csv" in text
    assert text.count("\n") == 1
    assert out.read_bytes() == edited


@pytest.mark.parametrize("name", ["records.csv", "records-manual.csv", "records-talentlms.csv"])
def test_a_typed_file_is_never_overwritten(tmp_path: Path, capsys, name: str) -> None:
    target = tmp_path / name
    target.write_text("record_id,director_id,event_id,date,hours,strands\nr1,101,x,2026-10-01,2,\n")
    typed = target.read_bytes()
    source = export(tmp_path / "e.csv", f"101,{COURSE},Completed,2026-10-02")
    for force in ([], ["--force"]):
        code, text = run([str(source), "--out", str(target), *force], capsys)
        assert code == 2
        assert f"{name} was not written by 'tdceu import talentlms'" in text
        assert target.read_bytes() == typed
    assert not marker_path(target).exists()


def test_a_typed_records_talentlms_in_a_data_folder_is_refused(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "directors.csv").write_text(
        "director_id,name,district_code,role_start\n101,A,D001,2020-07-01\n"
    )
    typed = folder / "records-talentlms.csv"
    typed.write_text("record_id,director_id\nmine,101\n")
    source = export(tmp_path / "e.csv", f"101,{COURSE},Completed,2026-10-02")
    code, text = run([str(source), "--data", str(folder), "--force"], capsys)
    assert code == 2 and "records-talentlms.csv was not written by" in text
    assert typed.read_text() == "record_id,director_id\nmine,101\n"


def test_without_data_or_out_the_import_asks_where_to_write(tmp_path: Path, capsys) -> None:
    source = export(tmp_path / "e.csv", f"101,{COURSE},Completed,2026-10-02")
    code, text = run([str(source)], capsys)
    assert code == 2
    assert "say where to write: --data DIR (writes DIR/records-talentlms.csv" in text


def test_a_mapping_fix_refreshes_a_completion_under_the_same_id(tmp_path: Path, capsys) -> None:
    out = tmp_path / "records-talentlms.csv"
    mapping = tmp_path / "mapping.csv"
    source = export(tmp_path / "e.csv", f"101,{COURSE},Completed,2026-10-02")
    mapping.write_text(
        f"talentlms_course,event_id,strands,hours\n{COURSE},alet-talent-course,cyber,2\n"
    )
    assert run([str(source), "--out", str(out), "--mapping", str(mapping)], capsys)[0] == 0
    before = written(out)
    # the course's hours and strands corrected in the mapping
    mapping.write_text(
        f"talentlms_course,event_id,strands,hours\n{COURSE},alet-talent-course,cyber;planning,3\n"
    )
    code, text = run([str(source), "--out", str(out), "--mapping", str(mapping), "--force"], capsys)
    assert code == 0, text
    after = written(out)
    assert after["record_id"].to_list() == before["record_id"].to_list()
    assert after.select("hours", "strands").rows() == [("3.0", "cyber;planning")]
    assert "0 new added, 1 refreshed from this export, 1 in all" in text


def test_a_formula_like_course_name_round_trips(tmp_path: Path, capsys) -> None:
    out = tmp_path / "records-talentlms.csv"
    mapping = tmp_path / "mapping.csv"
    mapping.write_text(
        "talentlms_course,event_id,strands,hours\n@Home Learning,alet-talent-course,teaching,1\n"
    )
    source = export(tmp_path / "e.csv", "101,@Home Learning,Completed,2026-10-02")
    args = [str(source), "--out", str(out), "--mapping", str(mapping)]
    assert run(args, capsys)[0] == 0
    first = out.read_bytes()
    assert b"'@Home Learning" in first  # a spreadsheet shows it as text
    code, text = run([*args, "--force"], capsys)
    assert code == 0 and "0 refreshed" in text
    assert out.read_bytes() == first


@pytest.mark.parametrize(
    ("sentence", "renames_done"),
    [
        ("stopped after the copy in .tdceu/ was renamed", 1),
        ("stopped after the records file was renamed, before the marker", 2),
    ],
)
def test_an_import_stopped_between_its_renames_is_still_known_as_its_own(
    tmp_path: Path, capsys, monkeypatch, sentence: str, renames_done: int
) -> None:
    import os

    out = tmp_path / "records-talentlms.csv"
    first = export(tmp_path / "a.csv", f"101,{COURSE},Completed,2026-10-02")
    assert run([str(first), "--out", str(out)], capsys)[0] == 0
    second = export(
        tmp_path / "b.csv",
        f"101,{COURSE},Completed,2026-10-02",
        f"102,{COURSE},Completed,2026-10-05",
    )
    real_replace = os.replace
    calls = []

    def power_cut(source, target):  # the machine stops after `renames_done` final renames
        if not Path(target).name.startswith(".tdceu-"):  # (not a temporary's own write)
            calls.append(target)
            if len(calls) > renames_done:
                raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", power_cut)
    assert main(["import", "talentlms", str(second), "--out", str(out), "--force"]) != 0
    monkeypatch.undo()
    assert len(calls) == renames_done + 1, sentence
    capsys.readouterr()
    # the next import reads the file as the import's own and ends with both completions
    code, text = run([str(second), "--out", str(out), "--force"], capsys)
    assert code == 0, (sentence, text)
    assert written(out)["director_id"].to_list() == ["101", "102"], sentence
    # and a file a person changed is still refused
    out.write_text(out.read_text() + "999,typed,row\n")
    code, text = run([str(second), "--out", str(out), "--force"], capsys)
    assert code == 2 and "was changed after the import wrote it" in text, sentence


def test_a_first_import_stopped_before_its_marker_is_still_its_own(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    import os

    out = tmp_path / "records-talentlms.csv"
    source = export(tmp_path / "a.csv", f"101,{COURSE},Completed,2026-10-02")
    real_replace = os.replace

    def power_cut(source_path, target):  # the marker's rename never happens
        if str(target).endswith(".import.json"):
            raise KeyboardInterrupt
        real_replace(source_path, target)

    monkeypatch.setattr(os, "replace", power_cut)
    assert main(["import", "talentlms", str(source), "--out", str(out)]) != 0
    monkeypatch.undo()
    capsys.readouterr()
    assert out.exists() and not marker_path(out).exists()
    code, text = run([str(source), "--out", str(out), "--force"], capsys)
    assert code == 0, text
    assert marker_path(out).exists()
