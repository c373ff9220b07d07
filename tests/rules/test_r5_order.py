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
    # one prefix (the quick keys): leading zeros, and the bare prefix with no number
    (
        "one prefix, leading zeros, bare prefix",
        lambda i: f"rec{i % 900:0{1 + i % 4}d}" if i % 11 else "rec",
    ),
    ("digits only", lambda i: f"{(i * 37) % 5000:0{1 + i % 3}d}"),
    ("the first id's prefix opens longer prefixes", lambda i: f"r{i}" if i % 4 else f"rx{i % 77}"),
    (
        "one prefix, a number too long for 64 bits",
        lambda i: f"r{i}" if i % 9 else f"r{i}{'0' * 20}",
    ),
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


def test_the_one_prefix_keys_are_the_general_keys() -> None:
    """Ids of one prefix get the quick keys; they are exactly the general path's."""
    from tdceu_analysis.rules.ledger import _one_prefix_keys, _prefix_keys

    rows = 30_000
    records = pl.DataFrame(
        {
            "record_id": [
                f"T-{i * 7 % 4001:0{1 + i % 5}d}" if i % 13 else "T-" for i in range(rows)
            ],
            "date": [dt.date(2026, 1, 1) + dt.timedelta(days=i % 400) for i in range(rows)],
        }
    )
    quick = _one_prefix_keys(records)
    assert quick is not None
    assert quick.equals(_prefix_keys(records).select(quick.columns))
    mixed = records.with_columns(pl.col("record_id").str.replace("T-1", "U-1"))
    assert _one_prefix_keys(mixed) is None  # two prefixes: the general keys
