"""Is the first line of a CSV file (the first row of a sheet) the header? The same checks
for CSV and XLSX: a title or note above the header (what report exports carry), columns
separated by semicolons or tabs, a file on one line, a column named twice, a first line
that is data.

Each refusal is one short sentence saying what the file looks like and what to do,
never the list of everything on the line.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tdceu_analysis.errors import UserError
from tdceu_analysis.io import contract as c

# How far down a title, a note or blank lines may push the header before we stop looking.
HEADER_SCAN_LINES = 30
_SNIPPET = 40  # characters of a line quoted in a message
_SEPARATORS = {";": "semicolons (;)", "\t": "tabs", "|": "bars (|)"}


def kind_of(file: str) -> str | None:
    """Which input a file holds, from its name: `records.csv` and `records-spring.xlsx` are
    records; None for a file that is none of the data contract's inputs."""
    stem = Path(file).stem.lower()
    for kind in c.INPUT_FILES:
        if stem == kind or stem.startswith((f"{kind}-", f"{kind}_")):
            return kind
    return None


def column_name(name: str | None) -> str:
    """A header cell as the loader names the column: no BOM, trimmed, lower case."""
    return (name or "").lstrip("\ufeff").strip().lower()


def _snippet(cells: Sequence[str | None]) -> str:
    text = " ".join(", ".join(cell.strip() for cell in cells if cell and cell.strip()).split())
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 3] + "..."


def _required(kind: str) -> set[str]:
    return {col.name for col in c.INPUT_FILES[kind] if col.must_exist}


def check_header(
    rows: Sequence[tuple[int, Sequence[str | None]]],
    file: str,
    *,
    unit: str = "line",
    one_line: bool = False,
) -> None:
    """Refuse a file whose first line (`rows[0]`) is not its header.

    `rows`: (line or row number, cells) of the file's first lines, as read; `unit` is
    "line" (CSV) or "row" (XLSX); `one_line`: the file has no line break at all."""
    if not rows:
        raise UserError(f"{file} is empty: it needs a header {unit} naming the columns")
    first_line, first = rows[0]
    names = [column_name(cell) for cell in first]
    kind = kind_of(file)
    required = _required(kind) if kind else set()
    if required and not required <= set(names):
        _header_elsewhere(rows, file, unit, required)
        _other_separator(names, file, required)
    if one_line and len(set(filter(None, names))) < len([n for n in names if n]):
        raise UserError(
            f"{file} has no usable line breaks: its {len(names)} values are all on one line; "
            "save it again as CSV UTF-8, one row a line"
        )
    if not any(names):
        raise UserError(
            f"{file} {unit} {first_line} is blank: write the column names on {unit} {first_line}"
        )
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        if name and name in seen:
            raise UserError(
                f"{file} {unit} {first_line} names the column '{name}' twice "
                f"(again in column {position}): keep one"
            )
        seen.add(name)
    if required and not required & set(names):
        shown = sorted(required, key=[col.name for col in c.INPUT_FILES[kind]].index)
        listed = ", ".join(shown[:6]) + (", ..." if len(shown) > 6 else "")
        where = " of the first sheet" if unit == "row" else ""  # (a workbook's table)
        raise UserError(
            f"{file} {unit} {first_line}{where} is not a {kind} header (it reads "
            f"'{_snippet(first)}'): write the column names on {unit} {first_line} ({listed})"
        )


def _header_elsewhere(
    rows: Sequence[tuple[int, Sequence[str | None]]], file: str, unit: str, required: set[str]
) -> None:
    """A title or note above the header: say where the header seems to be."""
    for line, cells in rows[1:HEADER_SCAN_LINES]:
        if required <= {column_name(cell) for cell in cells}:
            first_line, first = rows[0]
            above = _snippet(first)
            reads = f"reads '{above}'" if above else "is blank"
            raise UserError(
                f"{file}: the header is not on {unit} {first_line}; it seems to be on {unit} "
                f"{line} ({unit} {first_line} {reads}). Delete the {unit}s above it."
            )


def _other_separator(names: list[str], file: str, required: set[str]) -> None:
    """Columns separated by something else than commas (Excel's CSV in some countries)."""
    text = ",".join(names)
    for separator, words in _SEPARATORS.items():
        parts = {part.strip() for part in text.split(separator)}
        if separator in text and len(required & parts) >= 2:
            raise UserError(
                f"{file} separates its columns with {words}, not commas: in Excel, save it as "
                "'CSV UTF-8 (Comma delimited)'"
            )
