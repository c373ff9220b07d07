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


def test_the_footer_on_paper_says_nothing_about_the_network():
    # the offline note is the templates' .tdceu-offline span, shown on screen only
    assert "network" not in footer(_every_year())
    page = index_page(_every_year(), [], Path("reports"), [], None)
    assert '<span class="tdceu-offline">Open offline: this page loads nothing' in page


def test_a_year_with_no_record_up_to_it_stops_the_build_before_any_page(tmp_path):
    import shutil
    import subprocess
    import sys

    import polars as pl
    import pytest

    from tdceu_analysis._paths import sample_folder
    from tdceu_analysis.errors import UserError
    from tdceu_analysis.report.parameters import resolve_parameters

    folder = tmp_path / "from-fy26"
    shutil.copytree(sample_folder(), folder)
    records = pl.read_csv(folder / "records.csv", infer_schema=False)
    records.filter(pl.col("date") >= "2025-10-01").write_csv(folder / "records.csv")
    said = (
        "from-fy26 has no record dated on or before 2025-09-30, so the pages of FY25 would "
        "have nothing to show; its first record is dated 2025-10-01, in FY26"
    )
    with pytest.raises(UserError, match=said):
        resolve_parameters(folder, 2025, None)
    out = tmp_path / "reports"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tdceu_analysis.cli",
            "build",
            "--data",
            str(folder),
            "--fy",
            "FY25",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1  # one sentence
    assert said in result.stderr and "ipynb" not in result.stderr
    assert not out.exists()  # nothing written
