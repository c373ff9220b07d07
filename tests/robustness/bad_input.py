"""Shared by the bad-input tests (`from bad_input import ...`: a module, not a conftest,
so that it never clashes with another folder's conftest.py): a small data folder, a run of the
command line in this process (an unexpected exception fails the test with its traceback),
and the invariants every run must keep."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tdceu_analysis.cli import main
from tdceu_analysis.fiscal import fiscal_year_of_date
from tdceu_analysis.io.load import InputData, load_folder
from tdceu_analysis.policy import load_policy

HAND_MADE = Path(__file__).resolve().parents[2] / "examples" / "hand-made"
FY = 2026
AS_OF = "2026-09-30"
EVENTS_HEADER = (
    "event_id,name,category,kind,fiscal_year,max_hours_per_session,max_hours_per_year,"
    "repeatable,requires_assignment,requires_evidence,delivery"
)
EVENT_ROW = "ext-local,Local Day,external,external_event,2026,,3,true,false,false,in_person"


@dataclass
class Run:
    code: int
    out: str
    err: str


def copy_sample(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(HAND_MADE, folder)
    # a director who left before the year: her record counts for no one (not_in_role)
    with (folder / "directors.csv").open("a", encoding="utf-8") as handle:
        handle.write("T4,Dee Former,D02,2018-01-01,2025-06-30,\n")
    with (folder / "records.csv").open("a", encoding="utf-8") as handle:
        handle.write("r14,T4,alet-summer-conference,,2026-06-20,3,roles,,,\n")
    return folder


def run_cli(capsys, *argv: str) -> Run:
    try:
        code = main(list(argv))
    except SystemExit as stop:  # argparse refuses an argument this way (code 2)
        code = stop.code if isinstance(stop.code, int) else 2
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def assert_clean_failure(run: Run, *needles: str) -> None:
    """Exit 2, one line on stderr naming what is wrong, no traceback."""
    assert run.code == 2, (run.code, run.err)
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith("tdceu: error:"), run.err
    assert "Traceback" not in run.err
    for needle in needles:
        assert needle.lower() in lines[0].lower(), (needle, lines[0])


def person_rows(path: Path) -> int:
    """Rows of an input file as a person counts them: lines under the header (CSV), rows
    under the header row in Excel's numbering (XLSX, read by openpyxl, not the package's
    reader), rows (Parquet)."""
    if path.suffix == ".csv":
        raw = path.read_bytes()
        text = raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else raw.decode()
        return len(text.splitlines()) - 1
    if path.suffix == ".parquet":
        return pl.read_parquet(path).height
    import openpyxl

    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    used = [
        number
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        if any(cell not in (None, "") for cell in row)
    ]
    return used[-1] - used[0] if used else 0


def files_of(folder: Path, kind: str) -> list[Path]:
    """The folder's files of one input: `records.*` and `records-<name>.*` for records."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file()
        and path.suffix.lower() in (".csv", ".xlsx", ".parquet")
        and (path.stem.lower() == kind or path.stem.lower().startswith(f"{kind}-"))
    )


def record_rows(folder: Path) -> int:
    """Rows of every records file as a person counts them (`person_rows`)."""
    return sum(person_rows(path) for path in files_of(folder, "records"))


def loaded(folder: Path) -> InputData:
    """`load_folder(folder)` as the checks below read it."""
    return load_folder(folder)


def assert_rows_kept(
    folder: Path,
    kinds: tuple[str, ...] = ("directors", "sessions"),
    spans: dict[str, int] | None = None,
    data: InputData | None = None,
) -> None:
    """For each input (but records, which `assert_conserved` checks against the ledger):
    rows in its files = rows accepted + rows rejected, every reject naming a line.
    `spans`: lines that quoted values add to a kind's files (a row over two lines).
    `data`: the folder as `loaded` read it, when the caller has it already."""
    data = data or loaded(folder)
    accepted = {"directors": data.directors.height, "sessions": data.sessions.height}
    for kind in kinds:
        files = files_of(folder, kind)
        if not files:
            continue
        names = [path.name for path in files]
        rejected = data.rejects.filter(pl.col("file").is_in(names))
        rows = sum(person_rows(path) for path in files) - (spans or {}).get(kind, 0)
        assert rows == accepted[kind] + rejected.height, (kind, rows, accepted[kind], rejected)
        assert rejected.get_column("line").null_count() == 0


def assert_conserved(
    folder: Path, out: Path, expected_rows: int | None = None, data: InputData | None = None
) -> None:
    """input record rows = ledger rows + rejected record rows + rows of other years, the
    ledger's counted hours add up to each summary row's total_hours, and every reject
    names its file and line. `data`: the folder as `loaded` read it, when the caller has
    it already."""
    ledger = pl.read_csv(out / "ledger.csv", infer_schema=False)
    rejects = pl.read_csv(out / "rejects.csv", infer_schema=False)
    summary = pl.read_csv(out / "summary.csv", infer_schema=False)
    data = data or loaded(folder)
    policy = load_policy(FY)
    as_of = dt.date.fromisoformat(AS_OF)
    other = sum(
        fiscal_year_of_date(day, policy) != FY or day > as_of
        for day in data.records.get_column("date").to_list()
    )
    records_file = data.rejects.filter(pl.col("file").str.to_lowercase().str.starts_with("records"))
    rows = record_rows(folder) if expected_rows is None else expected_rows
    assert rows == ledger.height + records_file.height + other, (
        rows,
        ledger.height,
        records_file.height,
        other,
    )
    assert rejects.height == data.rejects.height
    assert (rejects.get_column("line").cast(pl.Int64) >= 1).all()
    assert rejects.get_column("file").null_count() == 0
    counted = (
        ledger.with_columns(pl.col("hours_counted").cast(pl.Float64))
        .group_by("director_id")
        .agg(pl.col("hours_counted").sum())
    )
    totals = dict(counted.iter_rows())
    for director_id, total in summary.select("director_id", "total_hours").iter_rows():
        assert abs(totals.get(director_id, 0.0) - float(total)) < 1e-6, director_id
    in_summary = set(summary.get_column("director_id").to_list())
    for row in ledger.filter(~pl.col("director_id").is_in(list(in_summary))).iter_rows(named=True):
        assert row["reason"] == "not_in_role" and float(row["hours_counted"]) == 0, row


SESSION_ROWS = [
    ["s1", "alet-winter-conference", "Winter: incident", "2026-02-10", "09:00", "1.5", "cyber"],
    ["s2", "alet-winter-conference", "Winter: budgets", "2026-02-10", "10:30", "1", "planning"],
    ["s3", "alet-summer-conference", "Summer: data", "2026-06-20", "09:00", "2", "data"],
    ["s4", "alet-summer-conference", "Summer: ethics", "2026-06-21", "13:00", "1.5", "ethics"],
]  # (region and delivery blank)


def session_grid() -> list[list[str]]:
    """A small calendar (`sessions`), header first, every row accepted."""
    from tdceu_analysis.io.schema import column_names

    return [list(column_names("sessions")), *[[*row, "", ""] for row in SESSION_ROWS]]


def csv_text(rows: list[list[str]]) -> str:
    handle = io.StringIO()
    csv.writer(handle, lineterminator="\n").writerows(rows)
    return handle.getvalue()
