"""--fy as people write it: 2027, FY27, or the school year 2026-27 (read as FY27, and said so)."""

import argparse

import pytest

from tdceu_analysis.cli.common import parse_fy_argument


@pytest.mark.parametrize(
    ("written", "year"),
    [
        ("2027", 2027),
        ("FY27", 2027),
        ("2026-27", 2027),
        ("2026-2027", 2027),
        ("2026/27", 2027),
        ("FY2026-27", 2027),
        ("1999-00", 2000),
    ],
)
def test_a_fiscal_year_as_people_write_it(written, year):
    assert parse_fy_argument(written) == year


def test_a_school_year_says_which_fiscal_year_it_is(capsys):
    parse_fy_argument("2026-27")
    assert "--fy 2026-27 is read as FY27" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("2026-28", "write two years that follow each other, e.g. 2026-27, or FY27"),
        ("2026-25", "e.g. 2026-27, or FY27"),
        ("next year", "write 2026 or FY26"),
    ],
)
def test_a_year_that_is_not_one_says_how_to_write_it(written, words):
    with pytest.raises(argparse.ArgumentTypeError, match=words):
        parse_fy_argument(written)
