"""The reader's and writer's edge helpers, table-driven: what a file's first bytes say it
is (`io/sniff`), which input a file name holds and where a typographic quote split a
value (`io/header`, `io/read`), Excel's row numbers (`io/xlsx`), and writes that are
whole or nothing (`io/write`, `errors`)."""

from __future__ import annotations

import errno
import gzip
import io
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import xlsxwriter
from openpyxl.styles import Font

from tdceu_analysis.errors import UserError, error_number, os_error_in
from tdceu_analysis.io.header import kind_of
from tdceu_analysis.io.read import _split_by_quotes
from tdceu_analysis.io.sniff import file_kind, not_a_table
from tdceu_analysis.io.write import replacing, write_csv, write_csvs
from tdceu_analysis.io.xlsx import first_used_row


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"record_id,director_id\nr1,T1\n", "csv"),
        (b"\xef\xbb\xbfrecord_id,hours\n", "csv"),
        (b"just words\n", "text"),
        (b"", "empty"),
        (b'[{"a": 1}]', "json"),
        (b'  {"a": 1}', "json"),
        (b"<!DOCTYPE html><html></html>", "html"),
        (b"<table><tr><td>1</td></tr></table>", "html"),
        (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
         "xml-sheet"),
        (b"<?xml version='1.0'?><root/>", "xml"),
        (_zip("xl/workbook.xml", "[Content_Types].xml"), "xlsx"),
        (_zip("mimetype", "content.xml"), "ods"),
        (_zip("word/document.xml"), "docx"),
        (_zip("export.csv"), "zip"),
        (b"PK\x03\x04 cut short", "broken-zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "ole2"),
        (b"PAR1\x15\x04", "parquet"),
        (b"%PDF-1.7", "pdf"),
        (gzip.compress(b"a,b\n", mtime=0), "gzip"),  # mtime=0: one test id on every worker
        (b"\x89PNG\r\n\x1a\n", "image"),
    ],
)  # fmt: skip
def test_a_file_is_what_its_first_bytes_say(data, kind, tmp_path):
    path = tmp_path / "records.csv"
    path.write_bytes(data)
    assert file_kind(path) == kind


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("records.csv", b"a,b\n", None),
        ("records.csv", _zip("xl/workbook.xml"), "rename it records.xlsx"),
        ("records.xlsx", b"record_id,hours\nr1,2\n", "rename it records.csv"),
        ("records.parquet", b"record_id,hours\n", "rename it records.csv"),
        ("records.xlsx", _zip("xl/workbook.xml"), None),
        ("records.parquet", b"PAR1....", None),
        ("sessions.csv", b"", "is empty"),
        ("records.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "without a password"),
    ],
)
def test_not_a_table_says_what_to_do(name, data, words, tmp_path):
    path = tmp_path / name
    path.write_bytes(data)
    message = not_a_table(path)
    if words is None:
        assert message is None
    else:
        assert message is not None and message.startswith(name) and words in message


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("records.csv", "records"),
        ("Records.XLSX", "records"),
        ("records-spring.xlsx", "records"),
        ("records_2026.parquet", "records"),
        ("sessions.csv", "sessions"),
        ("directors.csv", "directors"),
        ("recordsx.csv", None),
        ("notes.csv", None),
    ],
)
def test_which_input_a_file_name_holds(name, kind):
    assert kind_of(name) == kind


@pytest.mark.parametrize(
    ("row", "split"),
    [
        (["r1", "\u201cKeynote", " part 1\u201d", "2026-06-21"], "\u201cKeynote, part 1\u201d"),
        (["r1", "\u201eKeynote", " part 1\u201c"], "\u201eKeynote, part 1\u201c"),
        (["r1", "\u00abA", " B\u00bb"], "\u00abA, B\u00bb"),
        (["r1", "'A", " B'"], "'A, B'"),
        (["r1", "\u201cKeynote\u201d", "2026-06-21"], None),  # opened and closed in one value
        (["r1", "'=SUM(A1)", "2"], None),  # a neutralised formula, nothing closes it
        (["r1", "Pat O\u2019Brien", "2"], None),  # an apostrophe inside a name
        (["r1", "plain", "values"], None),
    ],
)
def test_a_value_split_by_typographic_quotes_is_found(row, split):
    assert _split_by_quotes(row) == split


def test_excel_row_numbers_start_where_the_sheet_has_its_first_value(tmp_path):
    styled = tmp_path / "styled.xlsx"  # row 1 formatted but empty, the table from row 3
    book = openpyxl.Workbook()
    book.active["A1"].font = Font(bold=True)
    book.active["B3"] = "record_id"
    book.active["B4"] = "r1"
    book.save(styled)
    assert first_used_row(styled) == 3
    titled = tmp_path / "titled.xlsx"
    with xlsxwriter.Workbook(str(titled)) as workbook:
        workbook.add_worksheet().write_string(0, 3, "Report")
    assert first_used_row(titled) == 1
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    assert first_used_row(broken) == 1  # unknown: the reader's own error says why


def test_a_write_that_fails_leaves_the_earlier_file_and_no_partial(tmp_path):
    path = tmp_path / "summary.csv"
    path.write_text("earlier\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"could not write .*summary\.csv: the disk is full"):  # noqa: SIM117
        with replacing(path) as partial:
            partial.write_text("half", encoding="utf-8")
            raise OSError(errno.ENOSPC, "No space left on device")
    assert path.read_text(encoding="utf-8") == "earlier\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.csv"]


def test_files_written_together_appear_together(tmp_path, monkeypatch):
    frame = pl.DataFrame({"a": ["x"]})
    paths = [tmp_path / "one.csv", tmp_path / "two.csv"]
    write_csvs(dict.fromkeys(paths, frame))
    assert all(path.read_text(encoding="utf-8") == "a\nx\n" for path in paths)
    long = tmp_path / ("y" * 256 + ".csv")
    with pytest.raises(UserError, match="too long"):
        write_csvs({tmp_path / "three.csv": frame, long: frame})
    assert not (tmp_path / "three.csv").exists()  # refused before either was written


def test_a_folder_removed_while_writing_is_one_line(tmp_path):
    folder = tmp_path / "out"
    with pytest.raises(UserError, match="its folder is gone"):  # noqa: SIM117
        with replacing(folder / "ledger.csv") as partial:
            partial.write_text("rows", encoding="utf-8")
            for child in folder.iterdir():
                child.unlink()
            folder.rmdir()
    assert not folder.exists()


@pytest.mark.parametrize(
    ("problem", "number"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), errno.ENOSPC),
        (OSError("No space left on device (os error 28)"), errno.ENOSPC),  # polars' own
        (OSError("something else"), None),
    ],
)
def test_the_error_number_is_found_also_in_polars_words(problem, number):
    assert error_number(problem) == number


def test_an_os_error_inside_another_error_is_found():
    wrapped = pl.exceptions.ComputeError(
        "parquet: File out of specification: underlying IO error: No space left on device "
        "(os error 28)"
    )
    inner = os_error_in(wrapped)
    assert inner is not None and inner.errno == errno.ENOSPC
    assert os_error_in(ValueError("no")) is None


def test_write_csv_still_neutralises_formulas(tmp_path):
    path = write_csv(pl.DataFrame({"session": ["=1+1", "ok"]}), tmp_path / "x.csv")
    assert path.read_text(encoding="utf-8") == "session\n'=1+1\nok\n"
    assert not [p for p in Path(tmp_path).iterdir() if ".partial" in p.name]
