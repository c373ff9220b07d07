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
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tdceu_analysis.errors import UserError
from tdceu_analysis.io import contract as c
from tdceu_analysis.io.header import HEADER_SCAN_LINES, check_header, column_name
from tdceu_analysis.io.sniff import not_a_table
from tdceu_analysis.io.xlsx import read_sheet

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
    """Read a CSV (UTF-8 with or without BOM, or UTF-16 with BOM), XLSX or Parquet file.

    A file that is not a table at all (a zip, JSON, a web page, a PDF) or whose first line
    is not its header is refused with one sentence saying what it looks like."""
    suffix = path.suffix.lower()
    if suffix not in c.FILE_SUFFIXES:
        raise UserError(f"{path.name}: unsupported file type (use .csv, .xlsx or .parquet)")
    looks_like = not_a_table(path)
    if looks_like:
        raise UserError(looks_like)
    if suffix == ".csv":
        return _read_csv(path)
    if suffix == ".xlsx":
        return _read_xlsx(path)
    try:
        frame = pl.read_parquet(path)
    except OSError as problem:
        raise UserError(f"{path.name} could not be read: {problem.strerror or problem}") from None
    except Exception as problem:  # polars raises many kinds; all mean "cannot read"
        twice = re.search(r"column with name '([^']*)' has more than one", str(problem))
        if twice:  # as a CSV or XLSX header naming a column twice
            raise UserError(
                f"{path.name} names the column '{twice.group(1)}' twice: keep one"
            ) from None
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


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------

# A value may be long (a pasted description): the csv module's 128 KB limit would stop
# the reader on it; polars has none.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
_LINE_END = re.compile(r"[\r\n]")
# An old Mac line end (a CR not followed by LF): polars would read the file as one line.
_BARE_CR = re.compile(r"\r(?!\n)")
_CURLY_OPENING = "\u201c\u201e\u00ab\u2018\u201a\u201d"  # “ „ « ‘ ‚ ”
_CURLY_CLOSING = "\u201d\u201c\u00bb\u2019\u2018"  # ” “ » ’ ‘


def _may_split_by_quotes(text: str) -> bool:
    """A value opened by a typographic or single quote with a comma after it on its line:
    the comma may split the value (checked row by row by `_split_by_quotes`). Quote
    characters are rare, so each is looked at where `str.find` finds it: a regex over
    every comma of a large file would take seconds."""
    for quote in _CURLY_OPENING + "'":
        at = text.find(quote)
        while at != -1:
            back = at - 1
            while back >= 0 and text[back] in " \t":
                back -= 1
            if back < 0 or text[back] in ",\n\r":  # the quote opens a value
                line_end = text.find("\n", at)
                if text.find(",", at, line_end if line_end != -1 else len(text)) != -1:
                    return True
            at = text.find(quote, at + 1)
    return False


# One line with its end (LF, CRLF or a bare CR), found lazily: the header checks read the
# first lines only, and copying a large file's text for them would cost more than reading it.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def _first_records(text: str, file: str) -> list[tuple[int, list[str]]]:
    """(line, values) of the file's first records, for the header checks."""
    lines = (match.group() for match in _LINE.finditer(text) if match.group())
    reader = csv.reader(lines)
    records: list[tuple[int, list[str]]] = []
    line = 1
    for row in reader:
        if not records and reader.line_num > 1:  # a quote in the header swallowed lines
            raise UserError(
                f'{file} line 1: the header has a quote (") that never closes: remove it'
            )
        records.append((line, row))
        line = reader.line_num + 1
        if len(records) >= HEADER_SCAN_LINES:
            break
    return records


def _physical_lines(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def _read_csv(path: Path) -> Table:
    text = _decode(path)
    file = path.name
    first = _first_records(text, file)
    check_header(first, file, one_line=not _LINE_END.search(text.rstrip("\r\n")))
    header = first[0][1]
    if _BARE_CR.search(text) or _may_split_by_quotes(text):
        return _read_csv_carefully(text, file, header)
    try:
        frame = pl.read_csv(text.encode("utf-8"), infer_schema=False)
    except pl.exceptions.PolarsError:
        # a stray comma or an unbalanced quote: read line by line, reject those lines only
        return _read_csv_carefully(text, file, header)
    if frame.height + 1 != _physical_lines(text):
        # a quoted value spans lines: count each row's line one by one
        return _read_csv_carefully(text, file, header)
    frame = frame.rename(dict(zip(frame.columns, _positions(len(frame.columns)), strict=True)))
    frame = frame.with_row_index(SOURCE_LINE, offset=2).with_columns(
        pl.col(SOURCE_LINE).cast(pl.Int64)
    )
    return _named(frame, header, _no_rejects(), file, "line")


def _positions(width: int) -> list[str]:
    return [f"column_{i}" for i in range(width)]


def _split_by_quotes(row: list[str]) -> str | None:
    """The text of a value that typographic (or single) quotes were meant to hold together
    but a comma split: “Keynote, part 1” read as two values. None when there is none."""
    for start, value in enumerate(row):
        opened = value.strip()[:1]
        if not opened or opened not in _CURLY_OPENING + "'":
            continue
        closing = "'" if opened == "'" else _CURLY_CLOSING
        if len(value.strip()) > 1 and value.strip()[-1] in closing:
            continue  # opened and closed in the one value
        for end in range(start + 1, len(row)):
            if row[end].strip()[-1:] in closing and row[end].strip()[-1:]:
                return ",".join(row[start : end + 1])
    return None


def _quote_reason(split: str) -> str:
    shown = split if len(split) <= 40 else split[:37] + "..."
    return (
        f"the value {shown} is in typographic or single quotes and its comma splits the "
        'line into more values: write it in straight double quotes (")'
    )


def _read_csv_carefully(text: str, file: str, header: list[str]) -> Table:
    """Each record on its own: one with more values than the header, whose quote never
    closes on its line, or split by a comma inside typographic quotes is rejected with its
    line number; the others are kept as read. Lines may end in LF, CRLF or a bare CR."""
    lines = io.StringIO(text, newline="").readlines()  # \n, \r\n or \r, as csv reads them
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
        if row is None or (used > 1 and '"' in lines[index] and len(row) > width):
            # the quote opened on this line swallows the next ones: reject this line only
            rejects.append((line, 'a quote (") opens on this line and never closes: remove it'))
            index += 1
            continue
        split = _split_by_quotes(row)
        if split is not None:
            rejects.append((line, _quote_reason(split)))
        elif len(row) <= width:
            kept.append([*row, *([None] * (width - len(row)))] if row else [None] * width)
            kept_lines.append(line)
        else:
            rejects.append(
                (
                    line,
                    f"{len(row)} values: more values than the header has columns ({width}); "
                    "a stray comma? put a value with commas in double quotes",
                )
            )
        index += used
    frame = pl.DataFrame(kept, schema=dict.fromkeys(_positions(width), pl.String), orient="row")
    frame = frame.with_columns(pl.Series(SOURCE_LINE, kept_lines, dtype=pl.Int64))
    return _named(frame, header, _reject_frame(file, rejects), file, "line")


# ---------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------


def _read_xlsx(path: Path) -> Table:
    """The first sheet, its header checked as a CSV file's; rows numbered as in Excel."""
    frame, first_row = read_sheet(path)
    file = path.name
    first = [
        (first_row + offset, list(values))
        for offset, values in enumerate(frame.head(HEADER_SCAN_LINES).iter_rows())
    ]
    check_header(first, file, unit="row")
    body = frame.slice(1).with_row_index(SOURCE_LINE, offset=first_row + 1)
    body = body.with_columns(pl.col(SOURCE_LINE).cast(pl.Int64))
    return _named(body, first[0][1], _no_rejects(), file, "row")


# ---------------------------------------------------------------------------
# Shared: name the columns after the header
# ---------------------------------------------------------------------------


def _no_rejects() -> pl.DataFrame:
    return pl.DataFrame(schema=REJECT_SCHEMA)


def _reject_frame(file: str, rejects: list[tuple[int, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "file": [file] * len(rejects),
            "line": [line for line, _ in rejects],
            "record_id": [None] * len(rejects),
            "reason": [reason for _, reason in rejects],
        },
        schema=REJECT_SCHEMA,
    )


def _named(
    frame: pl.DataFrame, header: list[str | None], rejects: pl.DataFrame, file: str, unit: str
) -> Table:
    """`frame`'s positional columns (`column_0`, ...) named after `header`. A value under a
    column with no name (right of the header's last name, or under a blank header cell)
    would be read by nobody: its row is rejected, never silently absorbed."""
    names = [column_name(cell) for cell in header]
    unnamed = [f"column_{i}" for i, name in enumerate(names) if not name]
    if unnamed:
        stray = pl.any_horizontal(c.blank_to_null(name).is_not_null() for name in unnamed)
        hits = frame.filter(stray)
        if hits.height:
            reason = (
                f"a value in a column with no name on {unit} 1: name the column or delete the value"
            )
            rejects = pl.concat(
                [
                    rejects,
                    hits.select(
                        pl.lit(file).alias("file"),
                        pl.col(SOURCE_LINE).alias("line"),
                        pl.lit(None, pl.String).alias("record_id"),
                        pl.lit(reason).alias("reason"),
                    ),
                ]
            ).sort("line")
            frame = frame.filter(~stray)
        frame = frame.drop(unnamed)
    rename = {f"column_{i}": name for i, name in enumerate(names) if name}
    return Table(_normalise_headers(frame.rename(rename).rechunk(), file), rejects)


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
