"""The statewide sample: its guarantees, checked on the shipped folder and a regeneration."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from tdceu_analysis import evaluate, load_folder
from tdceu_analysis.rules.strands import strand_hours
from tdceu_analysis.synth.sample import (
    BROKEN_ROWS,
    DEFAULT_TODAY,
    SAMPLE_FILES,
    SampleConfig,
    generate_sample,
    reference_systems,
    write_sample,
)

SHIPPED = Path(__file__).resolve().parents[2] / "tdceu_analysis" / "data" / "sample"


@pytest.fixture(scope="module")
def sample():
    return generate_sample()


@pytest.fixture(scope="module")
def shipped():
    return load_folder(SHIPPED)


@pytest.fixture(scope="module")
def years(shipped):
    """Each fiscal year evaluated as the sample's today sees it."""
    return {
        fy: evaluate(shipped, fy=fy, as_of=min(dt.date(fy, 9, 30), DEFAULT_TODAY))
        for fy in (2025, 2026, 2027)
    }


def _dates(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    return frame.with_columns(pl.col(c).str.to_date(strict=False) for c in columns)


# --- same seed, same bytes -------------------------------------------------------------


def test_shipped_sample_is_what_the_generator_writes(tmp_path: Path) -> None:
    write_sample(tmp_path)
    for name in SAMPLE_FILES:
        assert (tmp_path / name).read_bytes() == (SHIPPED / name).read_bytes(), name


def test_another_seed_gives_other_directors() -> None:
    other = generate_sample(SampleConfig(seed=7))
    assert other.directors["name"].to_list() != generate_sample().directors["name"].to_list()


def test_sample_stays_small() -> None:
    total = sum((SHIPPED / name).stat().st_size for name in SAMPLE_FILES)
    assert total < 5_000_000


# --- systems and directors ---------------------------------------------------------------


def test_all_153_systems_with_type_region_and_package_code(sample) -> None:
    districts = sample.districts
    assert districts.height == 153
    reference = reference_systems()  # ALSDE's 2024-25 list with the package's additions
    assert sorted(districts["district_name"]) == sorted(reference["district_name"])
    joined = districts.join(reference, on="district_name")
    assert (joined["district_type"] == joined["district_type_right"]).all()
    assert (joined["enrollment_2025"] == joined["enrollment_2025_right"]).all()
    assert districts.filter(pl.col("district_name") == "Mobile County")["region"].item() == (
        "South Alabama"
    )
    assert districts["district_type"].value_counts().sort("district_type").rows() == [
        ("charter", 14),
        ("city", 72),
        ("county", 67),
    ]
    assert districts["region"].n_unique() == 11
    assert districts["district_code"].str.contains(r"^D\d{3}$").all()
    assert (districts["code_note"] == "package code, not ALSDE's").all()


def test_reference_says_which_regions_are_made_up() -> None:
    bases = set(reference_systems()["region_basis"])
    assert any(basis.startswith("made up") for basis in bases)
    assert any(basis.startswith("published") for basis in bases)


def test_one_director_per_system_at_a_time(sample) -> None:
    directors = _dates(sample.directors, "role_start", "role_end")
    for (code,), chain in directors.sort("role_start").group_by("district_code"):
        starts, ends = chain["role_start"].to_list(), chain["role_end"].to_list()
        assert all(end is not None for end in ends[:-1]), code
        for end, next_start in zip(ends[:-1], starts[1:], strict=True):
            assert end < next_start, code  # the previous one left before the next started


def test_turnover_is_about_ten_percent_a_year(sample) -> None:
    ends = _dates(sample.directors, "role_end")["role_end"].drop_nulls()
    for first, last in (
        (dt.date(2024, 10, 1), dt.date(2025, 9, 30)),
        (dt.date(2025, 10, 1), dt.date(2026, 9, 30)),
    ):
        left = ends.filter((ends >= first) & (ends <= last)).len()
        assert 0.08 <= left / 153 <= 0.12


def test_new_directors_vacancies_and_mid_year_changes(sample) -> None:
    directors = _dates(sample.directors, "role_start", "role_end")
    new = directors.filter(pl.col("role_start") > dt.date(2024, 10, 1))
    assert new.height >= 15  # live CTO Academy clocks
    assert new["cto_academy_completed"].null_count() >= 5  # ... most still running
    serving_today = directors.filter(pl.col("role_end").is_null())
    assert 1 <= 153 - serving_today.height <= 8  # a few vacancies today
    mid_year = directors.filter(
        pl.col("role_end").is_between(dt.date(2024, 10, 2), dt.date(2026, 9, 29))
    )
    assert mid_year.height >= 10


def test_names_are_made_up_not_repeated(sample) -> None:
    names = sample.directors["name"]
    assert names.n_unique() == names.len()
    assert names.str.contains(r"^[A-Z][a-z]+ [A-Z]\. [A-Z][A-Za-z]+$").all()


# --- records ------------------------------------------------------------------------------


def _good_records(sample) -> pl.DataFrame:
    broken = set(sample.broken_lines)
    return (
        sample.records.with_row_index("line", offset=2)
        .filter(~pl.col("line").is_in(sorted(broken)))
        .with_columns(pl.col("date").str.to_date(), pl.col("hours").cast(pl.Float64))
    )


def test_every_record_inside_its_event_dates(sample) -> None:
    records = _good_records(sample)
    calendar = _dates(sample.calendar, "date_from", "date_to")
    matched = records.join(calendar, on=["event_id", "session"], how="left", nulls_equal=True)
    inside = matched.with_columns(
        pl.col("date").is_between(pl.col("date_from"), pl.col("date_to")).fill_null(False)
    )
    per_record = inside.group_by("record_id").agg(pl.col("date").any().alias("ok"))
    outside = per_record.filter(~pl.col("ok"))
    assert outside.height == 0, outside.head()
    assert records["date"].max() <= DEFAULT_TODAY


def test_every_record_inside_the_directors_time_in_the_role(sample) -> None:
    records = _good_records(sample)
    directors = _dates(sample.directors, "role_start", "role_end")
    joined = records.join(directors, on="director_id", how="left")
    assert joined["role_start"].null_count() == 0
    outside = joined.filter(
        (pl.col("date") < pl.col("role_start"))
        | (pl.col("date") > pl.col("role_end").fill_null(DEFAULT_TODAY))
    )
    assert outside.height == 0, outside.head()


# the most hours one record can plausibly claim, by event kind
PLAUSIBLE_HOURS = {
    "conference": 1.5,  # one session
    "region_meeting": 3.0,
    "cyber_camp": 3.0,  # one half-day block
    "cto_academy": 3.0,  # one module
    "online_course": 2.0,
    "schoology_module": 1.5,
    "external_event": 5.0,  # one day of an external conference, or one course
}


def test_claimed_hours_plausible_for_the_event_kind(sample, shipped) -> None:
    records = _good_records(sample)
    kinds = shipped.events.select("event_id", "kind").unique()
    joined = records.join(kinds, on="event_id", how="left")
    assert joined["kind"].null_count() == 0
    limits = pl.col("kind").replace_strict(PLAUSIBLE_HOURS, return_dtype=pl.Float64)
    too_many = joined.filter((pl.col("hours") <= 0) | (pl.col("hours") > limits))
    assert too_many.height == 0, too_many.head()


def test_the_broken_rows_and_only_they_are_rejected(sample, shipped) -> None:
    rejects = shipped.rejects
    assert set(rejects["file"]) == {"records.csv"}
    assert sorted(rejects["line"]) == sorted(sample.broken_lines)
    for line, reason in rejects.select("line", "reason").iter_rows():
        assert sample.broken_lines[line].problem in reason, (line, reason)
    named = {row.record_id for row in BROKEN_ROWS if row.record_id}
    assert {"r900001", "r900003", "r900008", "r000100"} <= named
    assert set(rejects["record_id"].drop_nulls()) == named
    assert rejects["record_id"].null_count() == 1  # the row without a record_id


def test_exact_duplicates_are_ledger_duplicates_not_rejects(sample, years) -> None:
    ledgers = pl.concat([evaluation.ledger for evaluation in years.values()], how="diagonal")
    duplicates = ledgers.filter(pl.col("reason") == "duplicate")
    assert sorted(duplicates["record_id"]) == sorted(sample.duplicate_ids)
    assert len(sample.duplicate_ids) == 5


# --- the statewide picture -----------------------------------------------------------------


def test_closed_years_look_like_a_real_state(years) -> None:
    for fy in (2025, 2026):
        summary = years[fy].summary
        met = (summary["status"] == "met").mean()
        assert 0.72 <= met <= 0.88, (fy, met)
        short = summary.filter(pl.col("status") == "not_met")
        assert short.filter(pl.col("alet_hours") < 6).height >= 5  # short on ALET hours
        assert short.filter(pl.col("alet_hours") >= 6).height >= 3  # short on total hours
        assert summary.filter(pl.col("started_mid_year")).height >= 5


def test_open_year_has_a_spread_of_statuses(years) -> None:
    statuses = set(years[2027].summary["status"])
    assert {"met", "on_track", "at_risk"} <= statuses


def test_alet_external_mix_and_pending_credits(years) -> None:
    for fy in (2025, 2026):
        ledger = years[fy].ledger
        counted = ledger.filter(pl.col("hours_counted") > 0)
        external = counted.filter(pl.col("category") == "external")["hours_counted"].sum()
        share = external / counted["hours_counted"].sum()
        assert 0.1 <= share <= 0.3, (fy, share)
        reasons = set(ledger["reason"])
        assert {"assignment_incomplete", "evidence_missing", "capped_line"} <= reasons
        assert {"capped_external", "no_strand"} <= reasons
    all_reasons = set().union(*(set(e.ledger["reason"]) for e in years.values()))
    assert {"repeat_course", "not_approved", "capped_session"} <= all_reasons


def test_strands_have_shape_and_some_are_under_served_in_some_regions(years) -> None:
    evaluation = years[2026]
    hours = strand_hours(evaluation.ledger).collect()
    statewide = hours.group_by("strand").agg(pl.col("hours").sum())
    statewide = statewide.with_columns(pl.col("hours") / pl.col("hours").sum())
    shares = dict(statewide.iter_rows())
    assert set(shares) == {"roles", "teaching", "planning", "ethics", "cyber", "data"}
    assert all(share >= 0.04 for share in shares.values())
    assert max(shares, key=shares.get) == "cyber"
    regions = evaluation.summary.select("director_id", "region")
    by_region = (
        hours.join(regions, on="director_id")
        .group_by("region", "strand")
        .agg(pl.col("hours").sum())
        .with_columns(pl.col("hours") / pl.col("hours").sum().over("region"))
    )
    under = by_region.filter(
        pl.col("hours") < 0.5 * pl.col("strand").replace_strict(shares, return_dtype=pl.Float64)
    )
    assert under["region"].n_unique() >= 2
