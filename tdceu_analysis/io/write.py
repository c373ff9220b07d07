"""Writing frames people open in spreadsheets: CSV (UTF-8 with BOM, so Excel reads it
as UTF-8) and XLSX, with formula injection neutralised.

A text cell starting with = + - @ (or a tab or carriage return) would run as a
formula in Excel or LibreOffice; such cells get a leading apostrophe, which
spreadsheets show as plain text. Only text columns are touched: hours stay numbers.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix "'" to every text cell that a spreadsheet would read as a formula."""
    pattern = "^[" + "".join("\\" + ch if ch in "+-" else ch for ch in FORMULA_STARTS) + "]"
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        [
            pl.when(pl.col(name).str.contains(pattern))
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


def write_xlsx(sheets: dict[str, pl.DataFrame], path: str | Path) -> Path:
    """One workbook, a sheet per frame; text cells can never become formulas."""
    import xlsxwriter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # strings_to_formulas=False: xlsxwriter writes every text cell as text, whatever it starts with
    with xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False}
    ) as workbook:
        for sheet_name, frame in sheets.items():
            _printable(frame).write_excel(
                workbook=workbook,
                worksheet=sheet_name[:31],
                autofit=True,
                dtype_formats={pl.Date: "yyyy-mm-dd"},
            )
    return path
