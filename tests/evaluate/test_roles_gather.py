"""`evaluate._with_roles` gathers each record's role dates by the director's position: it
must give exactly the left join on director_id it replaces, unknown and missing ids too."""

from __future__ import annotations

import datetime as dt
import importlib

import polars as pl
import pytest

evaluate_module = importlib.import_module("tdceu_analysis.evaluate")

ROLES = {"director_id": pl.String, "role_start": pl.Date, "role_end": pl.Date}
DIRECTORS = {
    "unique ids": [
        ("d1", dt.date(2020, 1, 1), None),
        ("d2", dt.date(2024, 8, 1), dt.date(2026, 5, 31)),
    ],
    "no directors": [],
    "a repeated id (not validated: joined)": [
        ("d1", dt.date(2020, 1, 1), None),
        ("d1", dt.date(2021, 1, 1), None),
    ],
}


@pytest.mark.parametrize("case", list(DIRECTORS))
def test_role_dates_are_the_left_join(case: str) -> None:
    directors = pl.DataFrame(DIRECTORS[case], schema=ROLES, orient="row")
    records = pl.DataFrame(
        {"record_id": ["r1", "r2", "r3", "r4"], "director_id": ["d2", "d1", "nobody", None]}
    )
    expected = records.join(directors, on="director_id", how="left", maintain_order="left")
    got = evaluate_module._with_roles(records.lazy(), directors).collect()
    assert got.equals(expected)
