"""What a file really is, from its first bytes: a data folder's `records.csv` may be a
zipped export, an Excel workbook, a web page saved as .csv, JSON, a PDF.

`not_a_table(path)` returns one sentence saying what the file looks like and what to do,
or None when the file's bytes fit its name (CSV text, an XLSX workbook, Parquet). It
reads at most a few kilobytes (and a zip's list of names): it never parses the file.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

from tdceu_analysis.errors import UserError

HEAD_BYTES = 4096

# Leading bytes of the kinds of file people put where a table belongs.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),  # an empty zip archive
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"),  # .xls, .doc, an encrypted .xlsx
    (b"PAR1", "parquet"),
    (b"%PDF", "pdf"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!", "rar"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
)

# What each kind is called in a message.
_WHAT = {
    "xlsx": "an Excel workbook",
    "ods": "an OpenDocument spreadsheet",
    "docx": "a Word document",
    "zip": "a zip archive (a zipped export?)",
    "broken-zip": "a damaged zip archive or workbook (cut short?)",
    "ole2": "an old Excel workbook (.xls) or a password-protected file",
    "parquet": "a Parquet file",
    "pdf": "a PDF document",
    "gzip": "a gzip-compressed file",
    "7z": "a 7-Zip archive",
    "rar": "a RAR archive",
    "image": "a picture",
    "json": "JSON text",
    "html": "an HTML page (a web page saved under this name?)",
    "xml-sheet": "an Excel 2003 XML spreadsheet",
    "xml": "XML text",
    "csv": "CSV text",
    "text": "text",
    "empty": "empty (0 bytes)",
}

# The kinds each file name expects.
_EXPECTED = {".csv": {"csv", "text"}, ".xlsx": {"xlsx"}, ".parquet": {"parquet"}}
_FORMAT = {".csv": "CSV text", ".xlsx": "an Excel workbook", ".parquet": "a Parquet file"}
# A kind that is a table under another name: rename the file.
_SUFFIX_OF = {"xlsx": ".xlsx", "parquet": ".parquet", "csv": ".csv"}


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "broken-zip"
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        return "ods"
    if "word/document.xml" in names:
        return "docx"
    return "zip"


def _text_head(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8", errors="replace")
    return text.lstrip("\ufeff \t\r\n")


def _text_kind(head: bytes) -> str:
    text = _text_head(head)
    low = text[:400].lower()
    if low.startswith("{") or (low.startswith("[") and low[1:].lstrip()[:1] in ("{", "[", '"')):
        return "json"
    if low.startswith(("<!doctype html", "<html", "<table", "<head", "<body", "<meta", "<div")):
        return "html"
    if low.startswith("<?xml") or low.startswith("<"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in low:
            return "xml-sheet"
        return "html" if "<html" in low or "<table" in low else "xml"
    first = text.split("\n", 1)[0]
    return "csv" if "," in first else "text"


def file_kind(path: Path) -> str:
    """One of the keys of `_WHAT`: what the file's first bytes say it is."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as problem:
        raise UserError(f"{path.name} could not be read: {problem.strerror or problem}") from None
    if not head:
        return "empty"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return _zip_kind(path) if kind == "zip" else kind
    return _text_kind(head)


def not_a_table(path: Path) -> str | None:
    """A sentence saying what `path` is when its bytes do not fit its name, else None."""
    suffix = path.suffix.lower()
    expected = _EXPECTED.get(suffix)
    if expected is None:
        return None
    kind = file_kind(path)
    if kind in expected:
        return None
    name, stem = path.name, path.stem
    if kind == "empty" and suffix == ".csv":
        return f"{name} is empty: it needs a header line naming the columns, then one row a line"
    what = f"{name} is {_WHAT[kind]}, not {_FORMAT[suffix]}"
    if kind in _SUFFIX_OF and kind not in expected:
        return f"{what}: rename it {stem}{_SUFFIX_OF[kind]}"
    if kind == "text" and suffix != ".csv":
        return f"{what}: save the data as .csv, .xlsx or .parquet"
    if kind == "broken-zip":
        return f"{what}: download or save it again"
    if kind == "zip":
        return f"{what}: unzip it and use the file it holds"
    if kind == "ole2":
        return f"{what}: open it in Excel and save it as .xlsx without a password, or CSV UTF-8"
    if kind in ("ods", "xml-sheet", "html"):
        return f"{what}: open it in Excel and save it as .xlsx or CSV UTF-8"
    return f"{what}: export the data as CSV or XLSX"
