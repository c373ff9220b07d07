"""The footer and running line say the years a page covers: every year on an every-year
build's summary and index, one year on that year's pages and in a --fy build."""

from __future__ import annotations

from pathlib import Path

from shared import AS_OF_DATE as AS_OF

from tdceu_analysis import __version__
from tdceu_analysis.report.index import index_page
from tdceu_analysis.report.parameters import BuildParameters, footer


def _every_year() -> BuildParameters:
    # as resolve_parameters settles an every-year build: fy is the as-of date's year
    return BuildParameters(
        None, 2027, AS_OF, "2026-11-28 12:00 UTC", None, "", False, (2025, 2026, 2027)
    )


def test_the_summarys_footer_names_every_year_it_covers():
    text = footer(_every_year())
    assert "FY25, FY26, FY27 as of 2026-11-28; data: the shipped sample;" in text
    assert text.startswith(f"tdceu-analysis {__version__}. FY25, FY26, FY27 as of ")


def test_one_years_pages_keep_their_year():
    year = _every_year().for_year(2026)
    assert "FY26 as of 2026-11-28;" in footer(year)
    assert "FY25" not in footer(year) and "FY27" not in footer(year)
    assert year.running == "FY26 · as of 2026-11-28 · data: the shipped sample"


def test_a_one_year_build_says_its_year():
    one = BuildParameters(None, 2026, AS_OF, "2026-11-28 12:00 UTC", 2026)
    assert "tdceu-analysis" in footer(one) and " FY26 as of 2026-11-28;" in footer(one)
    assert one.running == "FY26 · as of 2026-11-28 · data: the shipped sample"


def test_the_index_footer_and_running_line_name_every_year(tmp_path: Path):
    page = index_page(_every_year(), [], tmp_path, order=(2026, 2027, 2025))
    assert "FY25, FY26, FY27 as of 2026-11-28; data: the shipped sample" in page
    assert "FY25, FY26, FY27 · as of 2026-11-28" in page
    assert f"{__version__}. FY27 as of" not in page
