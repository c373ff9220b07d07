"""The what-if page's pieces: chart titles state the takeaway, tables escape names."""

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from tdceu_analysis import load_folder, load_frames
from tdceu_analysis.charts import whatif as charts
from tdceu_analysis.figures import whatif
from tdceu_analysis.whatif import run_what_if

CAP_FOLDER = Path(__file__).resolve().parent / "cap-folder"
YEAR_END = dt.date(2026, 9, 30)


@pytest.fixture(scope="module")
def cap_8_on_alet_4():
    data = load_folder(CAP_FOLDER)
    return run_what_if(
        data, "external-cap-8", 2026, YEAR_END, base={"policy": {"alet_minimum_hours": 4}}
    )


def title(chart) -> str:
    return chart.to_dict()["title"]["text"]


def test_chart_titles_state_what_changed(cap_8_on_alet_4):
    result = cap_8_on_alet_4
    assert title(charts.status_chart(result)) == (
        "FY26: 3 directors would meet the year under the scenario, 1 under the published policy"
    )
    assert title(charts.direction_chart(result)) == (
        "2 directors change status: 2 newly met, 0 no longer met"
    )
    # North: A1 newly met (0 -> 1 of 4); South: A2 (1 -> 2 of 5); ties go to the first region
    assert title(charts.region_chart(result)) == (
        "Largest change in North: +1 directors meeting the year (0 -> 1 of 4)"
    )
    assert title(charts.strand_chart(result)).startswith("Counted hours change most in")


def test_charts_carry_the_names_the_build_uses_for_files(cap_8_on_alet_4):
    names = [
        chart.to_dict()["usermeta"]["tdceu"]["name"]
        for chart in (
            charts.status_chart(cap_8_on_alet_4),
            charts.direction_chart(cap_8_on_alet_4),
            charts.region_chart(cap_8_on_alet_4),
            charts.strand_chart(cap_8_on_alet_4),
        )
    ]
    assert names == ["whatif_status", "whatif_directions", "whatif_regions", "whatif_strands"]


def test_who_changed_lists_names_escaped():
    directors = pl.DataFrame(
        {
            "director_id": ["H1"],
            "name": ["<img src=x onerror=alert(1)>"],
            "district_code": ["D01"],
            "role_start": ["2018-07-01"],
        }
    )
    districts = pl.DataFrame(
        {
            "district_code": ["D01"],
            "district_name": ["North County"],
            "district_type": ["county"],
            "region": ["North"],
        }
    )
    records = pl.DataFrame(
        {
            "record_id": ["r1", "r2"],
            "director_id": ["H1", "H1"],
            "event_id": ["alet-summer-conference", "ext-iste"],
            "date": ["2026-06-20", "2026-06-29"],
            "hours": ["6", "5"],
            "strands": ["roles", "cyber"],
            "assignment_complete": ["", "yes"],
            "evidence_uploaded": ["", "yes"],
        }
    )
    data = load_frames(directors=directors, districts=districts, records=records)
    # 6 ALET + 5 external = 11: an 11-hour minimum brings H1 over the line
    result = run_what_if(data, {"policy": {"annual_minimum_hours": 11}}, 2026, YEAR_END)
    assert result.changed.get_column("director_id").to_list() == ["H1"]
    markup = str(whatif.changed_table(result))
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert "<img" not in markup
