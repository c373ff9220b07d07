"""Writing frames people open in spreadsheets: CSV (UTF-8 with BOM, so Excel reads it
as UTF-8) and XLSX, with formula injection neutralised.

A text cell starting with = + - @ (or a tab or carriage return) would run as a
formula in Excel or LibreOffice. In CSV such cells get a leading apostrophe,
which spreadsheets show as plain text. In XLSX every text cell is written as a
text cell (never a formula), and the dangerous ones also get Excel's hidden
quote prefix, so editing the cell later does not turn it into a formula either.
Only text columns are touched: hours stay numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl

# The one formula guard: every writer (CSV, XLSX here; the tables' downloads in the
# browser) neutralises text starting with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_REGEX_ESCAPES = {"-": "\\-", "\t": "\\t", "\r": "\\r"}
# The same test as a regular expression source, valid in polars (Rust) and in JavaScript
# (`new RegExp(FORMULA_PATTERN)`), so the browser's downloads use this very guard.
FORMULA_PATTERN = "^[" + "".join(_REGEX_ESCAPES.get(ch, ch) for ch in FORMULA_STARTS) + "]"
# Excel's limits on a sheet name: 31 characters, none of []:*?/\
_SHEET_NAME_BAD = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix "'" to every text cell that a spreadsheet would read as a formula."""
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        [
            pl.when(pl.col(name).str.contains(FORMULA_PATTERN))
            .then(pl.lit("'") + pl.col(name))
            .otherwise(pl.col(name))
            .alias(name)
            for name in text_columns
        ]
    )


def _printable(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists (strands) as ';'-joined text; everything else as it is."""
    return frame.with_columns(
        [
            pl.col(name).list.join(";").alias(name)
            for name, dtype in frame.schema.items()
            if isinstance(dtype, pl.List)
        ]
    )


def write_csv(frame: pl.DataFrame, path: str | Path, *, bom: bool = False) -> Path:
    """CSV for people and programs: ISO dates, true/false, formulas neutralised.

    `bom=True` adds a UTF-8 byte-order mark so Excel opens accented names correctly.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    safe = neutralise_formulas(_printable(frame))
    with path.open("wb") as handle:
        if bom:
            handle.write("\ufeff".encode())
        safe.write_csv(handle, date_format="%Y-%m-%d")
    return path


def sheet_name(name: str) -> str:
    """A name Excel accepts for a sheet."""
    return name.translate(_SHEET_NAME_BAD)[:31] or "Sheet"


def _formula_like_cells(frame: pl.DataFrame) -> list[tuple[int, int, str]]:
    """(row, column, text) of every text cell a spreadsheet would read as a formula."""
    cells: list[tuple[int, int, str]] = []
    for column, (name, dtype) in enumerate(frame.schema.items()):
        if dtype != pl.String:
            continue
        hits = (
            frame.select(pl.col(name))
            .with_row_index("row")
            .filter(pl.col(name).str.contains(FORMULA_PATTERN))
        )
        cells.extend((row, column, text) for row, text in hits.iter_rows())
    return cells


def write_xlsx(
    sheets: Mapping[str, pl.DataFrame],
    path: str | Path,
    *,
    titles: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """One workbook, a sheet per frame; text cells can never become formulas.

    `titles` puts lines of text (bold first line) above a sheet's table, e.g. what the
    sheet is, the fiscal year and the as-of date, so the file says so on its face.
    """
    import xlsxwriter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    titles = titles or {}
    # strings_to_formulas=False: xlsxwriter writes every text cell as text, whatever it starts with
    with xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False}
    ) as workbook:
        bold = workbook.add_format({"bold": True, "font_size": 12})
        quoted = workbook.add_format({"quote_prefix": True})
        for name, frame in sheets.items():
            printable = _printable(frame)
            worksheet = workbook.add_worksheet(sheet_name(name))
            lines = list(titles.get(name, ()))
            top = len(lines) + 1 if lines else 0
            printable.write_excel(
                workbook=workbook,
                worksheet=worksheet,
                position=(top, 0),
                autofit=True,
                dtype_formats={pl.Date: "yyyy-mm-dd"},
                freeze_panes=(top + 1, 0),
            )
            for row, column, text in _formula_like_cells(printable):
                worksheet.write_string(top + 1 + row, column, text, quoted)
            # titles after the table, so autofit sizes the columns by the table alone
            for row, line in enumerate(lines):
                worksheet.write_string(row, 0, line, bold if row == 0 else None)
    return path
