"""Issue 19's walkthrough: a data folder holding typed records (records.csv and
records-fall-conference.xlsx) and the import's own records-talentlms.csv, imported twice
with --force (the second time after adding a director). Every typed row is byte-identical
after, and every row of every file is evaluated."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl

from tdceu_analysis._paths import sample_folder, talentlms_folder
from tdceu_analysis.cli import main

ROSTER = (
    "director_id,name,district_code,role_start,role_end,cto_academy_completed,email\n"
    "1920,Renee T. Little,D001,2018-07-01,,2020-05-01,\n"
    "2779,Shawn W. Goodwin,D002,2019-07-01,,2021-05-01,\n"
    "AL-77001,Leslie W. Moody,D003,2026-08-01,,,lmoody@example.org\n"
)
# the director the first import could not match (their two completions wait)
ADDED = "AL-77002,Michelle B. Shelton,D004,2017-07-01,,2019-05-01,MShelton@example.org\n"

TYPED_CSV = (
    "record_id,director_id,event_id,session,date,hours,strands,delivery,"
    "assignment_complete,evidence_uploaded\n"
    "wc-1,1920,alet-winter-conference,Winter: incident response,2026-12-02,3,cyber,,,\n"
    "wc-2,2779,alet-winter-conference,Winter: incident response,2026-12-02,3,cyber,,,\n"
    "rm-1,1920,alet-region-meeting,Region 1 fall meeting,2026-10-20,2,roles,,,\n"
    "rm-2,AL-77001,alet-region-meeting,Region 3 fall meeting,2026-10-21,2,roles,,,\n"
)
TYPED_XLSX = pl.DataFrame(
    {
        "record_id": ["fc-1", "fc-2"],
        "director_id": ["2779", "AL-77002"],
        "event_id": ["alet-fall-conference", "alet-fall-conference"],
        "session": ["Fall: E-Rate update", "Fall: data governance"],
        "date": ["2026-11-05", "2026-11-05"],
        "hours": ["2", "2"],
        "strands": ["planning", "data"],
    }
)


def test_typed_rows_survive_two_imports_and_every_row_is_evaluated(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "mydata"
    folder.mkdir()
    shutil.copy(sample_folder() / "districts.csv", folder / "districts.csv")
    (folder / "directors.csv").write_text(ROSTER)
    (folder / "records.csv").write_text(TYPED_CSV)
    TYPED_XLSX.write_excel(folder / "records-fall-conference.xlsx")
    typed = {
        name: (folder / name).read_bytes()
        for name in ("records.csv", "records-fall-conference.xlsx")
    }
    export = talentlms_folder() / "example-export.csv"
    command = ["import", "talentlms", str(export), "--data", str(folder), "--force"]

    assert main(command) == 0
    first = capsys.readouterr().out
    assert "user '4377 / mshelton@example.org' matches no director" in first
    with (folder / "directors.csv").open("a") as handle:
        handle.write(ADDED)
    assert main(command) == 0
    second = capsys.readouterr().out
    assert "held 5 completion(s) from earlier imports: 2 new added" in second

    # the typed files, byte for byte
    for name, data in typed.items():
        assert (folder / name).read_bytes() == data, name
    imported = pl.read_csv(folder / "records-talentlms.csv", infer_schema=False)
    assert imported.height == 7

    # every row of the three files is evaluated: in the ledger, none rejected
    out = tmp_path / "out"
    assert main(["evaluate", "--data", str(folder), "--fy", "2027", "--out", str(out)]) == 0
    capsys.readouterr()
    ledger = pl.read_csv(out / "ledger.csv", infer_schema=False)
    rejects = pl.read_csv(out / "rejects.csv", infer_schema=False)
    assert rejects.height == 0, rejects
    expected = {
        *pl.read_csv(folder / "records.csv", infer_schema=False)["record_id"],
        *TYPED_XLSX["record_id"],
        *imported["record_id"],
    }
    assert len(expected) == 4 + 2 + 7
    assert set(ledger["record_id"]) == expected
