"""A live chart's static fallback: `jupyter nbconvert --execute --to html` (what a Jupyter
user tries first, with no widget manager offline) shows the chart's picture."""

import subprocess
import sys
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots" / "widgets"

CELL = """
import altair as alt
import polars as pl
from tdceu_analysis.widgets.live import Slot
frame = pl.DataFrame({"Region": ["North", "South"], "Directors": [3, 5]})
Slot(alt.Chart(frame).mark_bar().encode(y="Region:N", x="Directors:Q")
     .properties(title="South has the most directors", description="South has the most"))
"""


@pytest.mark.slow
def test_nbconvert_execute_to_html_shows_the_chart_offline(tmp_path, browser):
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(CELL)]
    path = tmp_path / "chart.ipynb"
    nbformat.write(notebook, path)
    subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--execute", "--to", "html", str(path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    page_path = tmp_path / "chart.html"
    assert 'class="tdceu-static-chart"' in page_path.read_text(encoding="utf-8")
    # the session's browser (tests/conftest.py): one Playwright per process
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        local = ("file:", "data:")  # the widget manager from unpkg stays out: offline
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(local) else route.abort()
            ),
        )
        page.goto(page_path.as_uri())
        picture = page.locator(".tdceu-static-chart img")
        picture.wait_for(state="visible")
        assert picture.get_attribute("alt") == "South has the most"
        width = picture.evaluate("img => img.complete ? img.naturalWidth : 0")
        assert width > 100  # drawn: the SVG decoded, a chart's width
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "nbconvert-static-chart.png"))
    finally:
        context.close()
