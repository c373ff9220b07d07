"""Writing frames people open in spreadsheets: CSV (UTF-8 with BOM, so Excel reads it
as UTF-8) and XLSX, with formula injection neutralised.

A text cell starting with = + - @ (or a tab or carriage return) would run as a
formula in Excel or LibreOffice. In CSV such cells get a leading apostrophe,
which spreadsheets show as plain text. In XLSX every text cell is written as a
text cell (never a formula), and the dangerous ones also get Excel's hidden
quote prefix, so editing the cell later does not turn it into a formula either.
Only text columns are touched: hours stay numbers.

Every file is written whole or not at all: it is written to a temporary file in the same
folder and renamed onto its name when complete (`replacing`), so a full disk, a name too
long or a folder removed while writing leaves no half-written file that looks complete
(and an older file of that name as it was). The failure is one `UserError` naming the file.
"""

from __future__ import annotations

import errno
import io
import os
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

import polars as pl

from tdceu_analysis.errors import UserError, error_number, file_error, os_error_in

# The one formula guard: every writer (CSV, XLSX here; the tables' downloads in the
# browser) neutralises text starting with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_REGEX_ESCAPES = {"-": "\\-", "\t": "\\t", "\r": "\\r"}
# The same test as a regular expression source, valid in polars (Rust) and in JavaScript
# (`new RegExp(FORMULA_PATTERN)`), so the browser's downloads use this very guard.
FORMULA_PATTERN = "^[" + "".join(_REGEX_ESCAPES.get(ch, ch) for ch in FORMULA_STARTS) + "]"
# Excel's limits on a sheet name: 31 characters, none of []:*?/\
_SHEET_NAME_BAD = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))
NAME_MAX = 255  # the longest file name most file systems take (bytes)
_PARTIAL = ".partial"  # a temporary file's name ends so: it never looks like an output


def write_error(path: Path, problem: OSError) -> UserError:
    """One line naming the file that could not be written and what to do."""
    return UserError(f"{file_error(path, problem)}; nothing half-written was left")


def _remove(path: Path) -> None:
    with suppress(OSError):  # its folder is gone, or the disk refuses: nothing more to clean
        path.unlink(missing_ok=True)


def _partial_name(path: Path) -> Path:
    """A short hidden name beside `path` (short: `path`'s own name may be too long)."""
    return path.parent / f".tdceu-{secrets.token_hex(6)}{_PARTIAL}"


@contextmanager
def replacing_together(paths: Sequence[str | Path]) -> Iterator[list[Path]]:
    """Temporary paths for `paths` (same folders); when the block ends without an error
    they are renamed onto `paths`, else removed, and an OSError becomes a `UserError`
    naming the file. Files written together (a run's summary, ledger and rejects) are all
    renamed at the end, so a failure half way leaves none of them half-written."""
    targets = [Path(path) for path in paths]
    temporaries = [_partial_name(path) for path in targets]
    current = targets[0] if targets else Path()  # (an error that names no file: the first)
    try:
        for target in targets:
            # a name the file system refuses is refused before anything is written (else a
            # second file's rename would fail after the first's)
            if len(os.fsencode(target.name)) > NAME_MAX:
                raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG), str(target))
            target.parent.mkdir(parents=True, exist_ok=True)
        yield temporaries
        for temporary, target in zip(temporaries, targets, strict=True):
            current = target
            os.replace(temporary, target)
    except OSError as problem:
        for temporary in temporaries:
            _remove(temporary)
        # name the file a person knows, not its temporary
        named = {str(t): target for t, target in zip(temporaries, targets, strict=True)}
        named |= {str(target): target for target in targets}
        current = named.get(str(problem.filename), current)
        raise write_error(current, problem) from None
    except BaseException as problem:
        for temporary in temporaries:
            _remove(temporary)
        inner = os_error_in(problem)  # polars wraps a full disk in its own errors
        if inner is not None:
            raise write_error(current, inner) from None
        raise


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A temporary path beside `path`, renamed onto it when the block ends without an error
    and removed otherwise (see `replacing_together`)."""
    with replacing_together([path]) as (temporary,):
        yield temporary


def write_text(path: str | Path, text: str) -> Path:
    """`text` as UTF-8 at `path`, whole or not at all."""
    path = Path(path)
    with replacing(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return path


def write_file(path: str | Path, write: Callable[[Path], object]) -> Path:
    """`write(temporary_path)` then the rename: for writers that take a path (a PDF)."""
    path = Path(path)
    with replacing(path) as temporary:
        write(temporary)
    return path


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


def csv_bytes(frame: pl.DataFrame, *, bom: bool = False) -> bytes:
    """The bytes `write_csv` writes, for a writer that renames several files together."""
    out = io.BytesIO()
    if bom:
        out.write("\ufeff".encode())
    neutralise_formulas(_printable(frame)).write_csv(out, date_format="%Y-%m-%d")
    return out.getvalue()


def _write_csv_file(frame: pl.DataFrame, path: Path, bom: bool) -> None:
    safe = neutralise_formulas(_printable(frame))
    with path.open("wb") as handle:
        if bom:
            handle.write("\ufeff".encode())
        safe.write_csv(handle, date_format="%Y-%m-%d")


def write_csv(frame: pl.DataFrame, path: str | Path, *, bom: bool = False) -> Path:
    """CSV for people and programs: ISO dates, true/false, formulas neutralised; written
    whole or not at all.

    `bom=True` adds a UTF-8 byte-order mark so Excel opens accented names correctly.
    """
    path = Path(path)
    with replacing(path) as temporary:
        _write_csv_file(frame, temporary, bom)
    return path


def write_csvs(frames: Mapping[Path, pl.DataFrame], *, bom: bool = False) -> list[Path]:
    """Several CSV files (as `write_csv`), renamed into place together once all are written:
    a failure leaves none of them half-written (an older set stays as it was)."""
    paths = list(frames)
    with replacing_together(paths) as temporaries:
        for path, temporary, frame in zip(paths, temporaries, frames.values(), strict=True):
            try:
                _write_csv_file(frame, temporary, bom)
            except OSError as problem:  # (polars' error names no file: say which one)
                raise OSError(error_number(problem), str(problem), str(path)) from None
    return paths


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
    path = Path(path)
    # built in memory, then written as one file: xlsxwriter writing to a full disk itself
    # would leave its zip file open (its error printed again when Python exits)
    workbook = io.BytesIO()
    _write_workbook(sheets, workbook, titles or {})
    with replacing(path) as temporary:
        temporary.write_bytes(workbook.getvalue())
    return path


def _write_workbook(
    sheets: Mapping[str, pl.DataFrame], target: io.BytesIO, titles: Mapping[str, Sequence[str]]
) -> None:
    import xlsxwriter

    # strings_to_formulas=False: xlsxwriter writes every text cell as text, whatever it starts with
    options = {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
    with xlsxwriter.Workbook(target, options) as workbook:
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
