"""Issues 12 and 23: mangled input (other encodings, stray quotes and delimiters, NULs,
huge fields, line ends; XLSX cells and layout; the `sessions` file) never crashes the
loader, never loses a row and never bends the ledger and summary.

Example counts are small by default (the suite's time budget); TDCEU_FUZZ_EXAMPLES sets
the CSV tests' count, TDCEU_FUZZ_XLSX_EXAMPLES the workbook and sessions tests'."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
from bad_input import (
    AS_OF,
    assert_clean_failure,
    assert_conserved,
    copy_sample,
    loaded,
    run_cli,
    session_grid,
)
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252")
NOISE = st.sampled_from(
    ['"', ",", ";", "\t", "\x00", "\r", "\n", "'", "=", "nan", "-5", "\ufeff", "\u201c", "\u201d"]
)
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@st.composite
def mangled_records(draw) -> tuple[str, list[tuple[int, int, str]], bool]:
    """(encoding, insertions as (line, column, text), a huge field or not)."""
    encoding = draw(st.sampled_from(ENCODINGS))
    insertions = draw(
        st.lists(
            st.tuples(
                st.integers(0, 15),
                st.integers(0, 80),
                st.one_of(NOISE, TEXT),
            ),
            max_size=6,
        )
    )
    return encoding, insertions, draw(st.booleans())


def mangle(path: Path, encoding: str, insertions, huge: bool) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for line, column, text in insertions:
        index = line % len(lines)
        at = column % (len(lines[index]) + 1)
        lines[index] = lines[index][:at] + text + lines[index][at:]
    if huge:
        lines.append("r99,T1,alet-summer-conference," + "x" * 200_000 + ",2026-06-21,1,roles,,,\n")
    path.write_bytes("".join(lines).encode(encoding, errors="replace"))


@settings(
    max_examples=int(os.environ.get("TDCEU_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=mangled_records())
def test_mangled_records_csv_keeps_every_row_or_says_why(case, tmp_path_factory, capsys):
    tmp_path = tmp_path_factory.mktemp("fuzz")
    folder = copy_sample(tmp_path)
    encoding, insertions, huge = case
    mangle(folder / "records.csv", encoding, insertions, huge)
    out = tmp_path / "out"
    run = run_cli(
        capsys,
        "evaluate",
        "--data",
        str(folder),
        "--fy",
        "2026",
        "--as-of",
        AS_OF,
        "--out",
        str(out),
    )
    if run.code == 2:
        assert_clean_failure(run, "records.csv")
        return
    assert run.code == 0, run.err
    rejects = pl.read_csv(out / "rejects.csv", infer_schema=False)
    assert rejects.get_column("line").null_count() == 0
    # rows: what the loader read, checked against the ledger, rejects and other years;
    # a quote may legally join lines into one value, so the count is the reader's
    data = loaded(folder)
    assert_conserved(folder, out, data.row_counts["records"], data)


# ---------------------------------------------------------------------------
# The sessions file: the same mangling, its rows kept or said why
# ---------------------------------------------------------------------------

SMALL = int(os.environ.get("TDCEU_FUZZ_XLSX_EXAMPLES", "12"))
SETTINGS = settings(
    max_examples=SMALL,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def evaluate(capsys, folder: Path, out: Path):
    argv = ["evaluate", "--data", str(folder), "--fy", "2026", "--as-of", AS_OF]
    return run_cli(capsys, *argv, "--out", str(out))


@SETTINGS
@given(case=mangled_records())
def test_mangled_sessions_csv_keeps_every_row_or_says_why(case, tmp_path_factory, capsys):
    tmp_path = tmp_path_factory.mktemp("fuzz-sessions")
    folder = copy_sample(tmp_path)
    path = folder / "sessions.csv"
    path.write_text("".join(",".join(row) + "\n" for row in session_grid()), encoding="utf-8")
    encoding, insertions, huge = case
    mangle(path, encoding, insertions, huge)
    run = evaluate(capsys, folder, tmp_path / "out")
    event(f"exit {run.code}: {run.err.split(':')[2][:40] if run.code == 2 else 'read'}")
    if run.code == 2:
        assert_clean_failure(run, "sessions.csv")
        return
    assert run.code == 0, run.err
    data = loaded(folder)
    rejected = data.rejects.filter(pl.col("file") == "sessions.csv")
    assert rejected.get_column("line").null_count() == 0
    assert data.row_counts["sessions"] == data.sessions.height + rejected.height
    assert_conserved(folder, tmp_path / "out", data=data)  # the records are untouched by it


# ---------------------------------------------------------------------------
# XLSX: cells, layout and bytes mangled
# ---------------------------------------------------------------------------

CELL_NOISE = st.one_of(
    st.sampled_from(["", " ", "=1+1", "\n", "\r\n", "nan", "-5", "1e999", "\u201cA, B\u201d",
                     "2026-02-30", "record_id", "hours", "Hours "]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8),
)  # fmt: skip


@st.composite
def mangled_workbook(draw):
    """(rows above the table, columns left of it, cell changes as (row, column, text),
    extra rows, bytes cut off the file's end or None)."""
    return (
        draw(st.integers(0, 2)),
        draw(st.integers(0, 2)),
        draw(st.lists(st.tuples(st.integers(0, 16), st.integers(0, 11), CELL_NOISE), max_size=6)),
        draw(st.integers(0, 2)),
        draw(st.one_of(st.none(), st.integers(1, 4000))),
    )


def write_workbook(path: Path, grid: list[list[str]], case) -> None:
    import xlsxwriter

    above, left, changes, extra, _cut = case
    rows = [list(row) for row in grid] + [[] for _ in range(extra)]
    for row, column, text in changes:
        index = row % len(rows)
        cells = rows[index]
        cells.extend([""] * (column + 1 - len(cells)))
        cells[column] = text
    with xlsxwriter.Workbook(str(path), {"strings_to_formulas": False}) as workbook:
        sheet = workbook.add_worksheet()
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells):
                if value != "":
                    sheet.write_string(above + r, left + c, value)


@SETTINGS
@given(case=mangled_workbook())
def test_mangled_records_xlsx_keeps_every_row_or_says_why(case, tmp_path_factory, capsys):
    tmp_path = tmp_path_factory.mktemp("fuzz-xlsx")
    folder = copy_sample(tmp_path)
    source = folder / "records.csv"
    grid = [line.split(",") for line in source.read_text(encoding="utf-8").splitlines()]
    source.unlink()
    path = folder / "records.xlsx"
    write_workbook(path, grid, case)
    cut = case[-1]
    if cut is not None:  # a download cut short
        data = path.read_bytes()
        path.write_bytes(data[: max(0, len(data) - cut)])
    run = evaluate(capsys, folder, tmp_path / "out")
    event(f"exit {run.code}: {run.err.split(':')[2][:40] if run.code == 2 else 'read'}")
    if run.code == 2:
        assert_clean_failure(run, "records.xlsx")
        return
    assert run.code == 0, run.err
    rejects = pl.read_csv(tmp_path / "out" / "rejects.csv", infer_schema=False)
    assert rejects.get_column("line").null_count() == 0
    # rows counted by openpyxl (not the package's reader), in Excel's numbering
    assert_conserved(folder, tmp_path / "out")
