"""R5's order at scale: `in_r5_order` sorts frames over 20,000 rows by whole-number keys;
they must give exactly the order of the text keys (`natural_record_order`)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from tdceu_analysis.rules.ledger import in_r5_order, natural_record_order

# (what the ids look like, a maker of the i-th id)
ID_SHAPES = [
    ("plain prefix and number", lambda i: f"r{i}"),
    ("several prefixes, leading zeros", lambda i: f"{'abc'[i % 3]}-{i % 997:04d}"),
    ("no digits at all on some", lambda i: f"r{i}" if i % 5 else f"note{'x' * (i % 7)}"),
    ("non-ASCII prefixes", lambda i: f"é{i % 50}" if i % 2 else f"e{i % 50}"),
    ("non-ASCII digits at the end", lambda i: f"r{i % 40}" if i % 3 else f"r\u0663{i % 9}\u0661"),
]


@pytest.mark.parametrize(("shape", "make"), ID_SHAPES, ids=[s for s, _ in ID_SHAPES])
def test_large_frames_sort_as_the_text_keys_do(shape: str, make) -> None:
    rows = 20_500  # over the size where the whole-number keys are used
    start = dt.date(2026, 1, 1)
    records = pl.DataFrame(
        {
            "record_id": [make(i) for i in range(rows)],
            "date": [start + dt.timedelta(days=(i * 7919) % 23) for i in range(rows)],
        }
    )
    expected = records.sort(["date", *natural_record_order()])
    assert in_r5_order(records).equals(expected)
