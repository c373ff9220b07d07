"""The README's "Your own data" walkthrough, command for command, on a copy of the
TalentLMS example and a small roster: init, import, check, build.

The commands are read from the README's code block, so the README cannot drift
from what works.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import polars as pl
import pytest

from tdceu_analysis._paths import talentlms_folder
from tdceu_analysis.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"

# The four users of the example export: two by TalentLMS id, one by email only (their
# director_id is the state's staff id), one by email whose id is not in the export.
ROSTER = (
    "director_id,name,district_code,role_start,role_end,cto_academy_completed,email\n"
    "1920,Renee T. Little,D001,2018-07-01,,2020-05-01,\n"
    "2779,Shawn W. Goodwin,D002,2019-07-01,,2021-05-01,\n"
    "AL-77001,Leslie W. Moody,D003,2026-08-01,,,lmoody@example.org\n"
    "AL-77002,Michelle B. Shelton,D004,2017-07-01,,2019-05-01,MShelton@example.org\n"
)


def readme_commands() -> list[list[str]]:
    """The `tdceu ...` lines of the code block under '## Your own data'."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Your own data", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, "the README's 'Your own data' section has no bash block"
    commands = []
    for line in block.group(1).splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("tdceu "):
            commands.append(shlex.split(line)[1:])
    return commands


def test_the_readme_shows_the_four_commands() -> None:
    assert [command[0] for command in readme_commands()] == ["init", "import", "check", "build"]


def run_step(command: list[str], capsys) -> tuple[int, str]:
    code = main(command)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.slow
def test_walkthrough_from_an_empty_folder_to_the_board_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(talentlms_folder() / "example-export.csv", tmp_path / "progress.csv")
    init, importing, check, build = readme_commands()

    code, out = run_step(init, capsys)
    assert code == 0, out
    folder = tmp_path / init[1]
    assert (folder / "districts.csv").is_file()
    (folder / "directors.csv").write_text(ROSTER)  # "now fill directors.csv"

    code, out = run_step(importing, capsys)
    assert code == 0, out
    records = pl.read_csv(folder / "records-talentlms.csv", infer_schema=False)
    # 7 completed and mapped rows of the example, every user matched to one director
    assert records.height == 7
    assert set(records["director_id"]) == {"1920", "2779", "AL-77001", "AL-77002"}
    assert "not matched" not in out
    assert "'Google Workspace Admin Tips': 2 row(s), 2 user(s)" in out

    code, out = run_step(check, capsys)
    assert code == 0, out
    assert "nothing wrong" in out
    assert "ODD: 149 vacant district(s)" in out  # a roster of four leaves the rest vacant

    code, out = run_step([*build, "--no-images"], capsys)
    assert code == 0, out
    reports = tmp_path / build[build.index("--out") + 1]
    assert (reports / "index.html").is_file()
    ledger_page = (reports / "04_director_ledger.html").read_text(encoding="utf-8")
    assert "Michelle B. Shelton" in ledger_page
