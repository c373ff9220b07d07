"""Escaping and the small HTML pieces."""

import html

import polars as pl
import pytest

from tdceu_analysis.figures.html import (
    Follow,
    escaped,
    html_table,
    number_text,
    page_header,
    status_badge_cell,
)

NASTY = [
    "<img src=x onerror=alert(1)>",
    "\"quoted\" & 'single'",
    "</script><script>alert(1)</script>",
    "plain",
    "",
]


@pytest.mark.parametrize("text", NASTY)
def test_escaped_expression_matches_html_escape(text):
    frame = pl.DataFrame({"t": [text]})
    assert frame.select(escaped(pl.col("t"))).item() == html.escape(text)


def test_numbers_read_as_people_write_them():
    frame = pl.DataFrame({"x": [12.0, 4.5, 2.25, 1 / 3, None]})
    assert frame.select(number_text(pl.col("x")))["x"].to_list() == [
        "12",
        "4.5",
        "2.25",
        "0.33",
        "",
    ]


def test_table_escapes_cells_and_headings():
    frame = pl.DataFrame({"name": [NASTY[0]], "status": ["at_risk"], "hours": [3.5]})
    table = str(
        html_table(
            frame,
            {"name": "Name <b>", "status": "Status", "hours": "Hours"},
            cells={"status": status_badge_cell()},
            numeric=["hours"],
        )
    )
    assert "<img" not in table and "Name &lt;b&gt;" in table
    assert "At risk</span>" in table and '<td class="num">3.5</td>' in table


def test_rows_following_a_picker_start_hidden_unless_chosen():
    frame = pl.DataFrame({"region": ["North", 'So"uth']})
    table = str(
        html_table(
            frame,
            {"region": "Region"},
            follow=Follow("pick_region", "North", also="All regions"),
            scope=pl.col("region"),
        )
    )
    assert 'data-tdceu-scope="North">' in table
    assert 'data-tdceu-scope="So&quot;uth" hidden>' in table


def test_page_header_escapes_every_fact():
    header = str(page_header("T", "lead", [("Data folder", "/tmp/<x>")]))
    assert "/tmp/&lt;x&gt;" in header and "<x>" not in header


def test_empty_table_says_so():
    assert "Nobody" in str(html_table(pl.DataFrame({"a": []}), {"a": "A"}))
