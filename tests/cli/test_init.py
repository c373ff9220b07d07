"""`tdceu init DIR`: a data folder ready to fill, that evaluate and build accept once filled."""

from __future__ import annotations

import tomllib
from pathlib import Path

import polars as pl
import pytest

from tdceu_analysis import load_folder
from tdceu_analysis.cli import main
from tdceu_analysis.cli.init import WRITTEN
from tdceu_analysis.io.schema import SCHEMAS, column_names, render_fill_table

ROSTER = (
    "director_id,name,district_code,role_start,role_end,cto_academy_completed,email\n"
    "1920,Renee T. Little,D001,2019-07-01,,2021-05-01,rlittle@example.org\n"
    "2779,Shawn W. Goodwin,D002,2025-11-03,,,sgoodwin@example.org\n"
)
RECORDS = (
    "record_id,director_id,event_id,session,date,hours,strands\n"
    "a1,1920,alet-winter-conference,Keynote,2025-12-04,6,roles;cyber\n"
    "a2,2779,alet-talent-course,Cybersecurity Essentials,2026-02-10,2,cyber\n"
)


def fill(folder: Path) -> None:
    (folder / "directors.csv").write_text(ROSTER)
    (folder / "records.csv").write_text(RECORDS)


def test_init_writes_the_templates(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "mydata"
    assert main(["init", str(folder)]) == 0
    assert "tdceu check" in capsys.readouterr().out
    for name in WRITTEN:
        assert (folder / name).is_file(), name
    districts = pl.read_csv(folder / "districts.csv", infer_schema=False)
    assert districts.height == 153
    assert districts["district_code"].n_unique() == 153
    assert set(districts["district_type"]) == {"city", "county", "charter"}
    # the package's own codes and regions are marked as such, on every row
    assert districts["note"].str.contains("package's own, not ALSDE's").all()
    assert pl.read_csv(folder / "directors.csv").columns[:4] == [
        "director_id",
        "name",
        "district_code",
        "role_start",
    ]
    assert pl.read_csv(folder / "directors.csv").height == 0
    assert pl.read_csv(folder / "events.csv").height == 0


@pytest.mark.parametrize(
    ("file", "kind"),
    [
        ("directors.csv", "directors"),
        ("records-manual.csv", "records"),
        ("events.csv", "events"),
        ("sessions.csv", "sessions"),
    ],
)
def test_headers_only_files_have_the_contract_columns(tmp_path: Path, file: str, kind: str):
    folder = tmp_path / "d"
    assert main(["init", str(folder)]) == 0
    assert (folder / file).read_text(encoding="utf-8") == ",".join(column_names(kind)) + "\n"


def test_the_readme_says_what_every_column_takes_from_the_schema(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    assert main(["init", str(folder)]) == 0
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for kind in SCHEMAS:
        assert render_fill_table(kind) in readme, kind
    assert "{{" not in readme  # every placeholder filled
    # records-manual.csv is for what TalentLMS does not know; the import has its own file
    assert "`records-manual.csv` is for the sessions TalentLMS does not know" in readme
    assert "records-talentlms.csv" in readme
    # the rules and the contract: files of the installed package, not of another project
    linked = [line[2:] for line in readme.splitlines() if line.startswith("- /")]
    assert [Path(path).name for path in linked] == ["rules.md", "data-contract.md"]
    assert all(Path(path).is_file() for path in linked)
    assert "shared/" not in readme


def test_a_fresh_folder_reads_with_no_rows_and_no_rejects(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    assert main(["init", str(folder)]) == 0
    data = load_folder(folder)
    assert data.rejects.height == 0
    assert data.files["records"] == ("records-manual.csv",)
    assert (data.records.height, data.sessions.height, data.directors.height) == (0, 0, 0)


def test_policy_template_is_all_comments_and_names_every_parameter(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    assert main(["init", str(folder)]) == 0
    text = (folder / "policy.toml").read_text()
    assert tomllib.loads(text) == {}
    assert "# [[annual_minimum_hours.values]]" in text
    assert "# [[max_hours_per_record.values]]" in text
    # uncommenting one block gives a valid entry of the parameters.toml format
    block = text.split("# [[annual_minimum_hours.values]]\n", 1)[1].split("\n\n", 1)[0]
    entry = tomllib.loads(block.replace("# ", ""))
    assert set(entry) == {"effective_fy", "value", "source"}


def test_filled_folder_is_accepted_by_evaluate(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    assert main(["init", str(folder)]) == 0
    fill(folder)
    data = load_folder(folder)
    assert data.rejects.height == 0
    assert data.directors.height == 2 and data.districts.height == 153
    out = tmp_path / "out"
    assert main(["evaluate", "--data", str(folder), "--fy", "2026", "--out", str(out)]) == 0
    summary = pl.read_csv(out / "summary.csv", infer_schema=False)
    assert sorted(summary["director_id"]) == ["1920", "2779"]
    assert pl.read_csv(out / "rejects.csv").height == 0


def test_init_refuses_a_folder_with_data(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "directors.xlsx").write_bytes(b"not really")
    assert main(["init", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already holds data (directors.xlsx)" in err
    assert sorted(p.name for p in folder.iterdir()) == ["directors.xlsx"]


def test_init_refuses_a_second_run_and_force_keeps_changed_files(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "d"
    assert main(["init", str(folder)]) == 0
    fill(folder)
    (folder / "events.csv").unlink()
    untouched_readme = (folder / "README.md").read_text()
    (folder / "README.md").write_text("edited")
    assert main(["init", str(folder)]) == 2
    capsys.readouterr()
    assert main(["init", str(folder), "--force"]) == 0
    out = capsys.readouterr().out
    # the deleted template comes back; the filled roster and the edited README are kept
    assert "wrote districts.csv, records-manual.csv, events.csv, sessions.csv, policy.toml" in out
    assert "kept (not written by init, or changed since): README.md, directors.csv" in out
    assert (folder / "directors.csv").read_text() == ROSTER
    assert (folder / "README.md").read_text() == "edited" != untouched_readme
    assert (folder / "records.csv").read_text() == RECORDS


def test_init_never_writes_beside_a_file_of_the_same_kind(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "districts.xlsx").write_bytes(b"theirs")
    assert main(["init", str(folder), "--force"]) == 0
    assert not (folder / "districts.csv").exists()
    assert (folder / "districts.xlsx").read_bytes() == b"theirs"


def test_init_on_a_file_is_one_line(tmp_path: Path, capsys) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    assert main(["init", str(target)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


@pytest.mark.slow
def test_filled_folder_builds(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    assert main(["init", str(folder)]) == 0
    fill(folder)
    out = tmp_path / "reports"
    args = ["build", "--data", str(folder), "--fy", "2026", "--as-of", "2026-09-30"]
    assert main([*args, "--out", str(out), "--no-images"]) == 0
    assert (out / "index.html").is_file()
    assert "Renee T. Little" in (out / "04_director_ledger.html").read_text()


def test_help_names_the_shipped_rules_and_contract(capsys) -> None:
    assert main(["--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for name in ("rules.md", "data-contract.md"):
        shipped = next(word for word in text.split() if word.rstrip(".").endswith(name))
        assert Path(shipped.rstrip(".")).is_file(), shipped
    assert "docs/rules.md" in text and "shared/" not in text
