"""The one spreadsheet-formula guard (`io/write.py`): its pattern is exactly its list of
first characters, so the CSV/XLSX writers and the browser's downloads neutralise the same."""

import polars as pl
import pytest

from tdceu_analysis.io.write import FORMULA_PATTERN, FORMULA_STARTS, neutralise_formulas


@pytest.mark.parametrize(
    ("text", "runs_as_formula"),
    [
        ('=HYPERLINK("x")', True),
        ("+1", True),
        ("-1+2", True),
        ("@SUM(A1)", True),
        ("\tindented", True),
        ("\rreturn", True),
        ("a=b", False),
        ("Renee T. Little", False),
        (" =spaced", False),
        ("", False),
    ],
)
def test_the_pattern_is_the_list_of_first_characters(text, runs_as_formula):
    matched = pl.Series([text]).str.contains(FORMULA_PATTERN).item()
    assert matched == runs_as_formula == text.startswith(FORMULA_STARTS)
    written = neutralise_formulas(pl.DataFrame({"cell": [text]}))["cell"].item()
    assert written == ("'" + text if runs_as_formula else text)


def test_the_pattern_is_plain_text_javascript_can_compile():
    """No raw tab or carriage return inside: it is written into a page's script as is."""
    assert "\t" not in FORMULA_PATTERN and "\r" not in FORMULA_PATTERN
    assert FORMULA_PATTERN == "^[=+\\-@\\t\\r]"
