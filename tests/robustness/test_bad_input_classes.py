"""Issue 23: bad input by class, the way people's files really look, in each format and
each input file (a records file, a second `records-<name>` file, `sessions`, `directors`).

Classes (the format they apply to):
- title: a title or note above the header (CSV, XLSX; Parquet has no lines above its
  columns) -> exit 2, one sentence saying where the header seems to be.
- not_a_table: JSON, an HTML page, a zip, a PDF, a workbook under another name, an empty
  file (CSV, XLSX, Parquet) -> exit 2, one sentence saying what the file is.
- line_ends: bare CR, mixed line ends, a value spanning lines, no usable line break (CSV;
  a line break inside an XLSX cell or a Parquet value) -> read as written, rows numbered
  right, or exit 2 saying the file has no usable line breaks.
- almost_csv: typographic or single quotes around a value with a comma, a value under a
  column with no name (CSV; XLSX and Parquet keep a cell whole) -> a reject of that line,
  never a row read with its values shifted.
- header_twice: a column named twice, also as 'Hours' and 'hours ' (CSV, XLSX, Parquet)
  -> exit 2 naming the column.

Every case runs `tdceu evaluate`: exit 2 is one line naming the file (and line or row);
exit 0 keeps every row (input rows = ledger + rejected + other years for records, rows =
accepted + rejected for the other files). `test_each_class_through_every_command` runs one
case of each class and format through `check`, `report state`, `report at-risk`, the
build's loading step and `import talentlms --data`.
"""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from bad_input import (
    AS_OF,
    assert_clean_failure,
    assert_conserved,
    assert_rows_kept,
    copy_sample,
    loaded,
    record_rows,
    run_cli,
    session_grid,
)

from tdceu_analysis.errors import UserError
from tdceu_analysis.report.parameters import resolve_parameters

Grid = list[list[str]]
# what a case writes in place of the file: rows of cells (in the case's format), CSV text
# (written as UTF-8, its line ends as they are) or raw bytes
Content = Grid | str | bytes

KINDS = ("records", "records-spring", "sessions", "directors")
TEXT_COLUMN = {"records": 3, "records-spring": 3, "sessions": 2, "directors": 1}  # free text


def read_grid(path: Path) -> Grid:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle)]


def target(folder: Path, kind: str) -> Grid:
    """Set up the folder's `kind` file (records-spring: the last four records moved to a
    second records file; sessions: a small calendar) and return its rows, header first."""
    records = read_grid(folder / "records.csv")
    if kind == "records-spring":
        write_grid(folder / "records.csv", records[:-4], "csv")
        grid = [records[0], *records[-4:]]
    elif kind == "sessions":
        grid = session_grid()
    else:
        grid = read_grid(folder / f"{kind}.csv")
    (folder / f"{kind}.csv").unlink(missing_ok=True)
    return grid


def write_grid(path: Path, grid: Grid, fmt: str) -> None:
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(grid)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    elif fmt == "xlsx":
        with xlsxwriter.Workbook(str(path)) as workbook:
            sheet = workbook.add_worksheet()
            for r, row in enumerate(grid):
                for column, value in enumerate(row):
                    if value != "":
                        sheet.write_string(r, column, value)
    else:  # pyarrow: it writes a column name twice when asked to, as other tools may
        import pyarrow as pa
        import pyarrow.parquet as pq

        header, *rows = grid
        padded = [[*row, *[""] * (len(header) - len(row))][: len(header)] for row in rows]
        columns = [pa.array([row[i] for row in padded], pa.string()) for i in range(len(header))]
        pq.write_table(pa.Table.from_arrays(columns, names=header), path)


# ---------------------------------------------------------------------------
# What a case expects
# ---------------------------------------------------------------------------


@dataclass
class Case:
    cls: str
    name: str
    kind: str
    fmt: str
    make: Callable[[Grid], Content]
    fails: tuple[str, ...] | None = None  # exit 2 naming these words (and the file)
    rejects: str | None = None  # a reject of the file whose reason holds these words
    line: Callable[[Grid], int] | None = None  # ... on this line (from the clean rows)
    same_as_plain: bool = False  # read exactly as the plain file
    spans: int = 0  # lines a quoted value adds (a person counts lines, the reader rows)

    @property
    def id(self) -> str:
        return f"{self.cls}-{self.fmt}-{self.kind}-{self.name}"

    @property
    def file(self) -> str:
        return f"{self.kind}.{self.fmt}"


def text(grid: Grid, end: str = "\n") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=end).writerows(grid)
    return buffer.getvalue()


def with_text(grid: Grid, value: str, kind: str, row: int = 1) -> Grid:
    """The grid with one free-text cell replaced (a session's name, a title)."""
    changed = [list(r) for r in grid]
    changed[row][TEXT_COLUMN[kind]] = value
    return changed


def last_line(grid: Grid) -> int:
    return len(grid)


def second_line(grid: Grid) -> int:
    return 2


def bad_row(grid: Grid, kind: str) -> list[str]:
    """A row the contract rejects (a date that is not a date), of the file's width."""
    row = list(grid[1])
    row[0] = f"{row[0]}-bad"
    date = grid[0].index("role_start" if kind == "directors" else "date")
    row[date] = "2026-02-30"
    return row


def zipped(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def workbook_bytes(grid: Grid) -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as workbook:
        sheet = workbook.add_worksheet()
        for r, row in enumerate(grid):
            sheet.write_row(r, 0, row)
    return buffer.getvalue()


def parquet_bytes(grid: Grid) -> bytes:
    buffer = io.BytesIO()
    pl.DataFrame(grid[1:], schema=grid[0], orient="row").write_parquet(buffer)
    return buffer.getvalue()


def empty_workbook(grid: Grid) -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as workbook:
        workbook.add_worksheet("Empty")
        workbook.add_worksheet("Data").write_row(0, 0, grid[0])
    return buffer.getvalue()


JSON = b'[{"record_id": "r1", "director_id": "T1", "hours": 2}]\n'
HTML = b"<!DOCTYPE html>\n<html><body><table><tr><td>record_id</td></tr></table></body></html>"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def cases() -> list[Case]:
    out: list[Case] = []
    for kind in KINDS:
        # --- a title or note above the header
        for fmt, unit in (("csv", "line"), ("xlsx", "row")):
            out.append(
                Case(
                    "title",
                    "report-title",
                    kind,
                    fmt,
                    lambda g: [["Learning progress report"], ["Exported 2026-10-01"], [], *g],
                    fails=(f"{unit} 4", "header", "delete"),
                )
            )
        out.append(
            Case(
                "title",
                "note-with-commas",
                kind,
                "csv",
                lambda g: [["Report: progress", "Branch: ALET", "Generated 2026-10-01"], *g],
                fails=("line 2", "header"),
            )
        )
        # --- a column named twice, as written or after trimming and lower case
        for fmt in ("csv", "xlsx", "parquet"):
            out.append(
                Case(
                    "header_twice",
                    "same-name",
                    kind,
                    fmt,
                    lambda g: [[*g[0][:-1], g[0][1]], *g[1:]],
                    fails=("twice",),
                )
            )
        for fmt in ("csv", "xlsx"):
            out.append(
                Case(
                    "header_twice",
                    "case-and-spaces",
                    kind,
                    fmt,
                    lambda g: [[*g[0][:-1], f" {g[0][1].upper()} "], *g[1:]],
                    fails=("twice",),
                )
            )
        out.append(
            Case(
                "header_twice",
                "case",
                kind,
                "parquet",
                lambda g: [[*g[0][:-1], g[0][1].upper()], *g[1:]],
                fails=("twice",),
            )
        )
        # --- files that are not a table at all
        impostors = {
            "csv": [
                ("json", lambda g: JSON, ("JSON",)),
                ("html", lambda g: HTML, ("HTML",)),
                ("zip", lambda g: zipped("export.csv", text(g).encode()), ("zip", "unzip")),
            ],
            "xlsx": [
                ("csv-text", lambda g: text(g).encode(), ("CSV text", "rename")),
                ("html", lambda g: HTML, ("HTML", "not an Excel workbook")),
                ("old-xls", lambda g: OLE2, ("old Excel", "password")),
            ],
            "parquet": [
                ("csv-text", lambda g: text(g).encode(), ("CSV text", "rename")),
                ("json", lambda g: JSON, ("JSON", "not a Parquet file")),
                ("zip", lambda g: zipped("x.parquet", parquet_bytes(g)), ("zip",)),
            ],
        }
        if kind == "records":  # every impostor once, in the main records file
            impostors["csv"] += [
                ("workbook", workbook_bytes, ("Excel workbook", ".xlsx")),
                ("parquet", parquet_bytes, ("Parquet file", ".parquet")),
                ("pdf", lambda g: PDF, ("PDF",)),
                ("gzip", lambda g: gzip.compress(text(g).encode()), ("gzip",)),
                ("empty", lambda g: b"", ("empty",)),
            ]
            impostors["xlsx"] += [
                ("json", lambda g: JSON, ("JSON",)),
                ("zip", lambda g: zipped("a.csv", text(g).encode()), ("zip", "unzip")),
                ("parquet", parquet_bytes, ("Parquet file", ".parquet")),
                ("first-sheet-empty", empty_workbook, ("first sheet", "empty")),
                ("cut-short", lambda g: workbook_bytes(g)[:300], ("damaged", "again")),
                ("empty", lambda g: b"", ("empty",)),
            ]
            impostors["parquet"] += [
                ("workbook", workbook_bytes, ("Excel workbook", ".xlsx")),
                ("cut-short", lambda g: parquet_bytes(g)[:40], ("could not be read",)),
                ("html", lambda g: HTML, ("HTML",)),
            ]
        for fmt, makers in impostors.items():
            for name, make, words in makers:
                out.append(Case("not_a_table", name, kind, fmt, make, fails=words))
        # --- line ends
        out += [
            Case("line_ends", "bare-cr", kind, "csv", lambda g: text(g, "\r"), same_as_plain=True),
            Case(
                "line_ends",
                "mixed",
                kind,
                "csv",
                lambda g: "".join(
                    text([row], ("\r\n", "\r", "\n")[i % 3]) for i, row in enumerate(g)
                ),
                same_as_plain=True,
            ),
            Case(
                "line_ends",
                "bare-cr-and-a-bad-row",
                kind,
                "csv",
                lambda g, kind=kind: text([*g, bad_row(g, kind)], "\r"),
                rejects="not a date",
                line=lambda g: len(g) + 1,
            ),
            Case(
                "line_ends",
                "value-over-two-lines-then-a-bad-row",
                kind,
                "csv",
                lambda g, kind=kind: text(
                    [*with_text(g, "Part one\nPart two", kind), bad_row(g, kind)], "\r\n"
                ),
                rejects="not a date",
                line=lambda g: len(g) + 2,  # the header, the rows, one line more
                spans=1,
            ),
            Case(
                "line_ends",
                "line-separators-only",
                kind,
                "csv",
                lambda g: text(g, "\u2028"),
                fails=("no usable line breaks",),
            ),
            Case(
                "line_ends",
                "next-line-only",
                kind,
                "csv",
                lambda g: text(g, "\x85"),
                fails=("no usable line breaks",),
            ),
            Case(
                "line_ends",
                "break-in-a-cell-then-a-bad-row",
                kind,
                "xlsx",
                lambda g, kind=kind: [
                    *with_text(g, "Part one\r\nPart two", kind),
                    bad_row(g, kind),
                ],
                rejects="not a date",
                line=lambda g: len(g) + 1,
            ),
            Case(
                "line_ends",
                "break-in-a-value",
                kind,
                "parquet",
                lambda g, kind=kind: with_text(g, "Part one\rPart two", kind),
            ),
        ]
        # --- almost CSV: quotes a CSV reader does not know, a value under no column
        for name, value in (
            ("typographic", "\u201cKeynote, part 1\u201d"),
            ("german", "\u201eKeynote, part 1\u201c"),
            ("guillemets", "\u00abKeynote, part 1\u00bb"),
            ("single", "'Keynote, part 1'"),
        ):
            out.append(
                Case(
                    "almost_csv",
                    name,
                    kind,
                    "csv",
                    lambda g, value=value, kind=kind: text(with_text(g, value, kind)).replace(
                        f'"{value}"', value
                    ),
                    rejects="quotes",
                    line=second_line,
                )
            )
        out += [
            Case(
                "almost_csv",
                "typographic-short-row",  # the split row has no more values than the header
                kind,
                "csv",
                lambda g, kind=kind: (
                    text(g)
                    + ",".join(
                        with_text(g, "\u201cKeynote, part 1\u201d", kind)[1][: len(g[0]) - 1]
                    )
                    + "\n"
                ),
                rejects="typographic",
                line=lambda g: len(g) + 1,
            ),
            Case(
                "almost_csv",
                "typographic-without-comma",
                kind,
                "csv",
                lambda g, kind=kind: with_text(g, "\u201cKeynote\u201d", kind),
            ),
            Case(
                "almost_csv",
                "a-value-more-than-the-header",
                kind,
                "csv",
                lambda g: [*g, [*g[1], "stray"]],
                rejects="more values",
                line=lambda g: len(g) + 1,
            ),
            Case(
                "almost_csv",
                "value-under-no-column",
                kind,
                "csv",
                lambda g: [[*g[0], ""], *g[1:], [*g[1], "stray"]],
                rejects="no name",
                line=lambda g: len(g) + 1,
            ),
            Case(
                "almost_csv",
                "value-under-no-column",
                kind,
                "xlsx",
                lambda g: [*g, [*g[1], "stray"]],
                rejects="no name",
                line=lambda g: len(g) + 1,
            ),
            Case(
                "almost_csv",
                "typographic-in-a-cell",
                kind,
                "xlsx",
                lambda g, kind=kind: with_text(g, "\u201cKeynote, part 1\u201d", kind),
            ),
            Case(
                "almost_csv",
                "typographic-in-a-value",
                kind,
                "parquet",
                lambda g, kind=kind: with_text(g, "\u201cKeynote, part 1\u201d", kind),
            ),
        ]
    # an XLSX whose table starts lower down, rows above it empty: Excel's row numbers
    for kind in ("records", "sessions"):
        out.append(
            Case(
                "title",
                "blank-rows-above",
                kind,
                "xlsx",
                lambda g, kind=kind: [[], [], *g, bad_row(g, kind)],
                rejects="not a date",
                line=lambda g: len(g) + 3,
            )
        )
    return out


CASES = cases()


def prepare(case: Case, folder: Path) -> Path:
    grid = target(folder, case.kind)
    content = case.make(grid)
    path = folder / case.file
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        write_grid(path, content, case.fmt)
    case.line_number = case.line(grid) if case.line else None  # type: ignore[attr-defined]
    return path


def plain(case: Case, tmp_path: Path) -> Path:
    """The same folder with the case's file written cleanly, in its format."""
    folder = copy_sample(tmp_path / "plain")
    write_grid(folder / f"{case.kind}.csv", target(folder, case.kind), "csv")
    return folder


def evaluate(capsys, folder: Path, out: Path):
    argv = ["evaluate", "--data", str(folder), "--fy", "2026", "--as-of", AS_OF]
    return run_cli(capsys, *argv, "--out", str(out))


def check_outcome(case: Case, folder: Path, run, out: Path, tmp_path: Path, capsys) -> None:
    if case.fails is not None:
        assert_clean_failure(run, case.file, *case.fails)
        return
    assert run.code == 0, run.err
    records = case.kind.startswith("records")
    data = loaded(folder)  # read once for both checks (the folder does not change between)
    assert_conserved(folder, out, record_rows(folder) - case.spans if records else None, data)
    assert_rows_kept(folder, spans={case.kind: case.spans}, data=data)
    rejects = pl.read_csv(out / "rejects.csv", infer_schema=False).filter(
        pl.col("file") == case.file
    )
    if case.rejects is not None:
        hits = rejects.filter(pl.col("reason").str.contains(case.rejects, literal=True))
        assert hits.height == 1, rejects.to_dicts()
        assert int(hits.get_column("line")[0]) == case.line_number, rejects.to_dicts()
        assert "Traceback" not in run.err
    else:
        assert rejects.height == 0, rejects.to_dicts()
    if case.same_as_plain:
        clean = plain(case, tmp_path)
        clean_run = evaluate(capsys, clean, tmp_path / "plain-out")
        assert clean_run.code == 0, clean_run.err
        for name in ("ledger.csv", "summary.csv"):
            assert (out / name).read_bytes() == (tmp_path / "plain-out" / name).read_bytes()
        assert loaded(folder).sessions.height == loaded(clean).sessions.height


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_a_bad_file_of_each_class_is_rejected_or_explained(case, tmp_path, capsys):
    folder = copy_sample(tmp_path)
    prepare(case, folder)
    out = tmp_path / "out"
    run = evaluate(capsys, folder, out)
    check_outcome(case, folder, run, out, tmp_path, capsys)


# ---------------------------------------------------------------------------
# Every command that reads a file
# ---------------------------------------------------------------------------


def representatives() -> list[Case]:
    """One case of each class and format (records, and sessions for the refusals)."""
    chosen: dict[tuple[str, str, str, bool], Case] = {}
    for case in CASES:
        key = (case.cls, case.fmt, case.kind, case.fails is None)
        if case.kind in ("records", "sessions", "directors"):
            chosen.setdefault(key, case)
    return [
        case
        for case in chosen.values()
        if case.kind == "records"
        or (case.fails is not None and case.fmt == "csv" and case.cls in ("title", "line_ends"))
    ]


EXPORT = Path(__file__).resolve().parents[2] / "tdceu_analysis/data/talentlms/example-export.csv"
COMMANDS = {
    "check": lambda f, t: ["check", str(f), "--fy", "2026", "--as-of", AS_OF],
    "report state": lambda f, t: [
        "report", "state", "--data", str(f), "--fy", "2026", "--as-of", AS_OF,
        "--provisional", "--out", str(t / "state.xlsx"),
    ],
    "report at-risk": lambda f, t: [
        "report", "at-risk", "--data", str(f), "--fy", "2026", "--as-of", "2026-06-30",
        "--out", str(t / "risk.csv"),
    ],
    "import talentlms": lambda f, t: [
        "import", "talentlms", str(EXPORT), "--data", str(f), "--out", str(t / "talent.csv"),
    ],
}  # fmt: skip


# import talentlms --data reads the folder's directors (and events) only
RUNS = [
    (case, command)
    for case in representatives()
    for command in [*COMMANDS, "build (loading)"]
    if command != "import talentlms" or case.kind == "directors"
]


@pytest.mark.parametrize(
    ("case", "command"), RUNS, ids=[f"{command}-{case.id}" for case, command in RUNS]
)
def test_each_class_through_every_command(case, command, tmp_path, capsys):
    folder = copy_sample(tmp_path)
    prepare(case, folder)
    if command == "build (loading)":
        # the step `tdceu build` takes before any notebook runs: a bad folder stops here
        if case.fails is not None:
            with pytest.raises(UserError) as refused:
                resolve_parameters(folder, 2026, None)
            message = " ".join(str(refused.value).split())
            for needle in (case.file, *case.fails):
                assert needle.lower() in message.lower(), message
        else:
            parameters = resolve_parameters(folder, 2026, None)
            assert parameters.fy == 2026
        return
    run = run_cli(capsys, *COMMANDS[command](folder, tmp_path))
    if case.fails is not None:
        assert_clean_failure(run, case.file, *case.fails)
        return
    assert "Traceback" not in run.err
    if command == "check":
        # 1: rows would be rejected (named by file and line); 0: nothing wrong
        assert run.code == (1 if case.rejects else 0), (run.out, run.err)
        if case.rejects:
            assert case.file in run.out and str(case.line_number) in run.out, run.out
    else:
        assert run.code == 0, run.err


# ---------------------------------------------------------------------------
# import talentlms: the export file itself (its generic parts: what the file is, its line
# ends, a title above its header); the export's own columns are tests/io/talentlms's
# ---------------------------------------------------------------------------

EXPORT_CASES = [
    # (name, suffix, bytes from the example export's text, words of the error or None)
    ("json", ".csv", lambda t: JSON, ("JSON",)),
    ("html", ".csv", lambda t: HTML, ("HTML",)),
    ("zip", ".csv", lambda t: zipped("export.csv", t.encode()), ("zip", "unzip")),
    ("workbook", ".csv", lambda t: workbook_bytes(read_grid_text(t)), ("Excel workbook", ".xlsx")),
    ("pdf", ".csv", lambda t: PDF, ("PDF",)),
    ("empty", ".csv", lambda t: b"", ("empty",)),
    ("csv-text", ".xlsx", lambda t: t.encode(), ("CSV text", "rename")),
    ("html", ".xlsx", lambda t: HTML, ("HTML", "not an Excel workbook")),
    ("old-xls", ".xlsx", lambda t: OLE2, ("old Excel",)),
    ("bare-cr", ".csv", lambda t: t.replace("\n", "\r").encode(), None),
    ("mixed-line-ends", ".csv", lambda t: t.replace("\n", "\r\n", 3).encode(), None),
    ("title-above", ".csv", lambda t: ("Learning progress report\n\n" + t).encode(), None),
    ("title-above", ".xlsx", lambda t: workbook_bytes([["Report"], [], *read_grid_text(t)]), None),
]


def read_grid_text(text: str) -> Grid:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("case", EXPORT_CASES, ids=lambda case: f"{case[0]}{case[1]}")
def test_import_talentlms_says_what_the_export_is_or_reads_it(case, tmp_path, capsys):
    _name, suffix, make, words = case
    export = tmp_path / f"progress{suffix}"
    export.write_bytes(make(EXPORT.read_text(encoding="utf-8")))
    out = tmp_path / "data" / "records-talentlms.csv"
    run = run_cli(capsys, "import", "talentlms", str(export), "--out", str(out))
    if words is not None:
        assert_clean_failure(run, export.name, *words)
        assert not out.exists()
        return
    assert run.code == 0, run.err
    plain_out = tmp_path / "plain" / "records-talentlms.csv"
    assert run_cli(capsys, "import", "talentlms", str(EXPORT), "--out", str(plain_out)).code == 0
    # the same records, each naming its export (a different file name here)
    written = pl.read_csv(out, infer_schema=False).drop("source")
    expected = pl.read_csv(plain_out, infer_schema=False).drop("source")
    assert written.height > 0
    assert written.equals(expected), (written, expected)
