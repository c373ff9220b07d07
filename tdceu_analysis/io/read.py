"""Reading the input files of a data folder: which file holds each input, its text
(UTF-8 with or without BOM, UTF-16 with a BOM), CSV read line by line where the fast
reader cannot take a line, XLSX and Parquet; headers normalised.

A line the CSV reader cannot take is a reject of its own line (`Table.rejects`), never
a dropped row. Validation against the data contract is `load.py`'s.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tdceu_analysis.errors import UserError
from tdceu_analysis.io import contract as c

REJECT_SCHEMA = {"file": pl.String, "line": pl.Int64, "record_id": pl.String, "reason": pl.String}

# ---------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------


def find_input_file(folder: Path, stem: str) -> Path | None:
    """`folder/stem.csv|xlsx|parquet`, any case; None when absent, an error when ambiguous."""
    matches = [
        path
        for path in sorted(folder.iterdir())
        if path.is_file() and path.stem.lower() == stem and path.suffix.lower() in c.FILE_SUFFIXES
    ]
    if len(matches) > 1:
        names = ", ".join(path.name for path in matches)
        raise UserError(f"{folder} has more than one '{stem}' file ({names}): keep one")
    return matches[0] if matches else None


def find_records_files(folder: Path) -> list[Path]:
    """`records.<ext>` first, then every `records-<name>.<ext>` by name: read as one table.

    Two files of one name (`records-a.csv` and `records-a.xlsx`) are an error, as for the
    other inputs: which one is meant?
    """
    found = [
        path
        for path in sorted(folder.iterdir(), key=lambda path: path.name.lower())
        if path.is_file()
        and path.suffix.lower() in c.FILE_SUFFIXES
        and (path.stem.lower() == "records" or path.stem.lower().startswith("records-"))
    ]
    stems = [path.stem.lower() for path in found]
    twice = sorted({stem for stem in stems if stems.count(stem) > 1})
    if twice:
        names = ", ".join(path.name for path in found if path.stem.lower() in twice)
        raise UserError(f"{folder} has more than one '{twice[0]}' file ({names}): keep one")
    return sorted(found, key=lambda path: path.stem.lower() != "records")


# A row the CSV reader itself could not take (a stray comma, an unbalanced quote) is
# rejected on its own line; this column carries each kept row's line in the file.
SOURCE_LINE = "_source_line"


@dataclass
class Table:
    """A file's rows (text headers in lower case) and the lines its reader rejected."""

    frame: pl.DataFrame
    rejects: pl.DataFrame  # REJECT_SCHEMA

    @property
    def rows(self) -> int:
        return self.frame.height + self.rejects.height


def read_table(path: Path) -> pl.DataFrame:
    """A CSV, XLSX or Parquet file's rows with lower-case headers (lines a CSV reader could
    not take are left out: `read_input` returns them as rejects)."""
    return read_input(path).frame.drop(SOURCE_LINE, strict=False)


def read_input(path: Path) -> Table:
    """Read a CSV (UTF-8 with or without BOM, or UTF-16 with BOM), XLSX or Parquet file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    try:
        if suffix == ".xlsx":
            frame = pl.read_excel(path, infer_schema_length=0)
        elif suffix == ".parquet":
            frame = pl.read_parquet(path)
        else:
            raise UserError(f"{path.name}: unsupported file type (use .csv, .xlsx or .parquet)")
    except UserError:
        raise
    except OSError as problem:
        raise UserError(f"{path.name} could not be read: {problem.strerror or problem}") from None
    except Exception as problem:  # polars/fastexcel raise many kinds; all mean "cannot read"
        raise UserError(f"{path.name} could not be read: {_first_line(problem)}") from None
    _check_cell_types(frame, path.name)
    # one contiguous chunk: polars 2.1 can panic on windows over multi-chunk frames
    return Table(_normalise_headers(frame.rechunk(), path.name), pl.DataFrame(schema=REJECT_SCHEMA))


def _first_line(problem: Exception) -> str:
    text = str(problem).strip()
    return text.splitlines()[0] if text else type(problem).__name__


def _check_cell_types(frame: pl.DataFrame, file: str) -> None:
    """Parquet can hold lists, structs and bytes: the contract's columns are plain values."""
    for name, dtype in frame.schema.items():
        if dtype.is_nested() or dtype in (pl.Binary, pl.Object):
            raise UserError(
                f"{file} column '{name}' holds {dtype} values, not plain text, numbers or dates "
                "(write strands as text such as 'cyber; ethics')"
            )


def _decode(path: Path) -> str:
    """The file's text: UTF-8 (a BOM is dropped) or UTF-16 with its BOM (Excel's
    'Unicode text'); anything else names the first line that is not UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as problem:
        raise UserError(f"{path.name} could not be read: {problem.strerror or problem}") from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, how = "utf-16", "UTF-16"
    else:
        encoding, how = "utf-8-sig", "UTF-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as problem:
        line = raw[: problem.start].count(b"\n") + 1
        raise UserError(
            f"{path.name} could not be read: it is not {how} text (line {line}; "
            "in Excel, save it as 'CSV UTF-8')"
        ) from None
    first = text.split("\n", 1)[0]
    if "\x00" in first:
        raise UserError(
            f"{path.name} line 1 holds NUL characters: it is not CSV text (UTF-16 without a "
            "byte-order mark?); in Excel, save it as 'CSV UTF-8'"
        )
    return text


def _read_csv(path: Path) -> Table:
    text = _decode(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    if reader.line_num > 1:  # a quote in the header swallowed the lines under it
        raise UserError(
            f'{path.name} line 1: the header has a quote (") that never closes: remove it'
        )
    _check_header(header, path.name)
    try:
        frame = pl.read_csv(text.encode("utf-8"), infer_schema=False)
    except pl.exceptions.PolarsError:
        # a stray comma or an unbalanced quote: read line by line, reject those lines only
        return _read_csv_carefully(text, path.name)
    return Table(_normalise_headers(frame.rechunk(), path.name), pl.DataFrame(schema=REJECT_SCHEMA))


def _check_header(header: list[str], file: str) -> None:
    """Every column named once (a CSV reader would rename the second copy and ignore it)."""
    names = [name.lstrip("\ufeff").strip().lower() for name in header]
    if not any(names):
        raise UserError(f"{file} line 1 is not a header: write the column names on line 1")
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        if name and name in seen:
            raise UserError(
                f"{file} line 1 names the column '{name}' twice (again in column {position}): "
                "keep one"
            )
        seen.add(name)


def _read_csv_carefully(text: str, file: str) -> Table:
    """Each record on its own: one with more values than the header, or whose quote never
    closes on its line, is rejected with its line number; the others are kept as read."""
    lines = io.StringIO(text, newline="").readlines()  # \n, \r\n or \r, as csv reads them
    header = next(csv.reader(lines[:1]))
    width = len(header)
    kept: list[list[str | None]] = []
    kept_lines: list[int] = []
    rejects: list[tuple[int, str]] = []
    index = 1
    while index < len(lines):
        reader = csv.reader(lines[index:], strict=True)
        try:
            row = next(reader)
            used = reader.line_num
        except csv.Error:
            row, used = None, len(lines) - index
        line = index + 1
        if row is not None and len(row) <= width:
            kept.append([*row, *([None] * (width - len(row)))] if row else [None] * width)
            kept_lines.append(line)
            index += used
        elif row is None or (used > 1 and '"' in lines[index]):
            # the quote opened on this line swallows the next ones: reject this line only
            rejects.append((line, 'a quote (") opens on this line and never closes: remove it'))
            index += 1
        else:
            rejects.append(
                (
                    line,
                    f"{len(row)} values: more values than the header has columns ({width}); "
                    "a stray comma? put a value with commas in double quotes",
                )
            )
            index += used
    frame = pl.DataFrame(kept, schema=dict.fromkeys(header, pl.String), orient="row")
    frame = frame.with_columns(pl.Series(SOURCE_LINE, kept_lines, dtype=pl.Int64))
    reject_frame = pl.DataFrame(
        {
            "file": [file] * len(rejects),
            "line": [line for line, _ in rejects],
            "record_id": [None] * len(rejects),
            "reason": [reason for _, reason in rejects],
        },
        schema=REJECT_SCHEMA,
    )
    return Table(_normalise_headers(frame, file), reject_frame)


def _normalise_headers(frame: pl.DataFrame, file: str) -> pl.DataFrame:
    names = [
        name if name == SOURCE_LINE else name.lstrip("\ufeff").strip().lower()
        for name in frame.columns
    ]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise UserError(f"{file} has the column '{name}' twice")
        seen.add(name)
    return frame.rename(dict(zip(frame.columns, names, strict=True)))


def _line_offset(file: str) -> int:
    """Line of the first data row: 2 below a header line; Parquet/in-memory rows count from 1."""
    return 2 if file.lower().endswith((".csv", ".xlsx")) else 1
