"""An XLSX workbook's first sheet as rows of text, numbered as Excel numbers them.

The sheet is read without a header (the header is checked like a CSV file's, by
`io/header.py`), every cell as text, and blank rows kept: a row's number here is the
row number Excel shows, so a reject names a row a person can find. Calamine (fastexcel)
starts a sheet at its first cell with a value; the row that cell is on comes from the
sheet's XML (`first_used_row`).
"""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path, PurePosixPath

import polars as pl

from tdceu_analysis.errors import UserError

_CHUNK = 1 << 16
_SHEET = re.compile(r"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"")
_RELATION = re.compile(r"<Relationship\b[^>]*>")
_ROW = re.compile(r"<(?:\w+:)?row\b([^>]*?)(/?)>")
_ROW_NUMBER = re.compile(r"\br=\"(\d+)\"")
_ROW_END = re.compile(r"</(?:\w+:)?row>")
_VALUE = re.compile(r"<(?:\w+:)?(?:v|is)\b")


def _first_sheet_xml(archive: zipfile.ZipFile) -> str:
    """The zip member holding the workbook's first sheet (its order in workbook.xml)."""
    workbook = archive.read("xl/workbook.xml").decode("utf-8", errors="replace")
    first = _SHEET.search(workbook)
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", errors="replace")
    for relation in _RELATION.findall(rels):
        if first and f'Id="{first.group(1)}"' in relation:
            target = re.search(r'Target="([^"]+)"', relation)
            if target:
                path = target.group(1)
                return path.lstrip("/") if path.startswith("/") else str(PurePosixPath("xl", path))
    return "xl/worksheets/sheet1.xml"


def first_used_row(path: Path) -> int:
    """Excel's number of the first row of the first sheet with a value (1 when unknown)."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(_first_sheet_xml(archive)) as sheet:
            decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
            text, rows = "", 0
            while chunk := sheet.read(_CHUNK):
                text += decoder.decode(chunk)
                done = 0  # where the rows read so far end
                while (start := _ROW.search(text, done)) is not None:
                    if start.group(2):  # <row r="3"/>: no cells
                        end_at = start.end()
                    elif (end := _ROW_END.search(text, start.end())) is not None:
                        end_at = end.end()
                    else:
                        break  # the row goes on in the next chunk
                    number = _ROW_NUMBER.search(start.group(1))
                    rows = int(number.group(1)) if number else rows + 1  # r= is optional
                    if not start.group(2) and _VALUE.search(text, start.end(), end_at):
                        return rows
                    done = end_at
                text = text[done:]
    except (KeyError, OSError, zipfile.BadZipFile, ValueError):
        pass
    return 1


def read_sheet(path: Path) -> tuple[pl.DataFrame, int]:
    """The first sheet's cells as text (columns `column_0`, ...; blank rows kept), and
    Excel's number of its first row."""
    import fastexcel

    try:
        reader = fastexcel.read_excel(str(path))
        sheet = reader.load_sheet(0, header_row=None, dtypes="string")
        frame = sheet.to_polars()
    except OSError as problem:
        raise UserError(f"{path.name} could not be read: {problem.strerror or problem}") from None
    except Exception as problem:  # fastexcel raises its own kinds; all mean "cannot read"
        text = str(problem).strip().splitlines()
        reason = text[0] if text else type(problem).__name__
        raise UserError(
            f"{path.name} could not be read as an Excel workbook ({reason}): open it in Excel "
            "and save it again as .xlsx"
        ) from None
    if frame.height == 0:
        raise UserError(
            f"{path.name}: its first sheet ('{sheet.name}') is empty: put the table on the "
            "first sheet, the header on row 1"
        )
    frame = frame.rename({name: f"column_{i}" for i, name in enumerate(frame.columns)})
    return frame, first_used_row(path)
