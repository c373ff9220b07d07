"""tdceu_analysis.tables: alignment and widths from the frame; and, in the nbconvert HTML
export of a tiny notebook opened in chromium with the network blocked, the table searches
and a download holds the rows shown with a formula cell neutralised."""

import csv
import io
from pathlib import Path

import polars as pl
import pytest

from tdceu_analysis.figures.html import TABLE_WORDS
from tdceu_analysis.tables import Table, frame_options

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots" / "tables"

FRAME = pl.DataFrame(
    {
        "name": ["=cmd|' /C calc'!A0", "Ann Lee", "Bo Wu", "Cy Diaz"],
        "event": ["ALET Fall Conference: a long event name kept whole", "x", "y", "z"],
        "hours": [3.5, 12.0, 0.5, 7.25],
    }
)


def test_numbers_right_text_left_in_the_pages_words():
    options = frame_options(FRAME, 25)
    assert {"targets": [2], "className": "dt-right"} in options["columnDefs"]
    assert {"targets": [0, 1], "className": "dt-left"} in options["columnDefs"]
    assert options["language"] == TABLE_WORDS  # the exported pages' tables say the same
    assert options["paging"] and options["pageLength"] == 25


def test_the_library_rides_with_the_first_table_only():
    first = Table(FRAME, library=True).html()
    later = Table(FRAME, library=False).html()
    assert "injectModule" in first and "injectModule" not in later
    for html in (first, later):  # nothing loaded from the network (links in text are fine)
        assert 'src="http' not in html and "import('http" not in html


@pytest.mark.slow
def test_exported_table_searches_and_downloads_offline(tmp_path, browser):
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    FRAME.write_parquet(tmp_path / "frame.parquet")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "import polars as pl\nfrom tdceu_analysis.tables import Table\n"
            f"Table(pl.read_parquet({str(tmp_path / 'frame.parquet')!r}), name='people')"
        )
    ]
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    # the basic template: no require.js or MathJax from a CDN, only what the cells output
    html, _ = HTMLExporter(template_name="basic").from_notebook_node(notebook)
    page_path = tmp_path / "table.html"
    page_path.write_text(html, encoding="utf-8")

    blocked = []
    # the session's browser (tests/conftest.py): one Playwright per process
    context = browser.new_context(accept_downloads=True)
    try:

        def route(r):
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.goto(page_path.as_uri())
        page.wait_for_selector("table.dataTable tbody tr")

        def first_column():
            return page.locator("table.dataTable tbody tr td:first-child").all_text_contents()

        assert first_column() == ["=cmd|' /C calc'!A0", "Ann Lee", "Bo Wu", "Cy Diaz"]
        page.locator(".dt-search input").fill("calc")
        page.wait_for_function(
            "() => document.querySelectorAll('table.dataTable tbody tr').length === 1"
        )
        assert first_column() == ["=cmd|' /C calc'!A0"]
        with page.expect_download() as download:
            page.get_by_role("button", name="Download CSV").click()
        assert download.value.suggested_filename == "people.csv"
        rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
        with page.expect_download() as xlsx:
            page.get_by_role("button", name="Download XLSX").click()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "exported-table.png"), full_page=True)
        xlsx_path = tmp_path / "people.xlsx"
        xlsx.value.save_as(xlsx_path)
    finally:
        context.close()

    assert blocked == []
    assert rows == [
        ["name", "event", "hours"],
        ["'=cmd|' /C calc'!A0", "ALET Fall Conference: a long event name kept whole", "3.5"],
    ]
    import openpyxl

    sheet = openpyxl.load_workbook(xlsx_path).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][0] == "'=cmd|' /C calc'!A0"  # text, never a formula
    assert len(values) == 2
