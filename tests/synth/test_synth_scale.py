"""The scale generator: valid data, deterministic, column-wise, chunked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from tdceu_analysis import evaluate, load_folder
from tdceu_analysis.synth.scale import ScaleConfig, splitmix64, uniform, write_scale

FILES = ("districts.parquet", "directors.parquet", "events.parquet", "records.parquet")


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("scale")
    write_scale(out, ScaleConfig(directors=3000, years=4, chunk_directors=700), progress=False)
    return out


def test_splitmix64_matches_the_reference_values() -> None:
    # splitmix64's output function, computed by hand in Python for these inputs
    mask = (1 << 64) - 1

    def reference(x: int) -> int:
        z = (x * 0x9E3779B97F4A7C15) & mask
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        return z ^ (z >> 31)

    keys = [0, 1, 2, 12345678901, (1 << 63) + 5]
    got = pl.DataFrame({"k": keys}, schema={"k": pl.UInt64}).select(splitmix64(pl.col("k")))
    assert got.to_series().to_list() == [reference(k) for k in keys]


def test_uniforms_are_uniform_and_seeded() -> None:
    keys = pl.int_range(0, 200_000, dtype=pl.UInt64)
    u = pl.select(uniform(keys, 0, 1).alias("u")).to_series()
    assert u.min() >= 0.0 and u.max() < 1.0
    assert abs(u.mean() - 0.5) < 0.01
    assert abs((u < 0.1).mean() - 0.1) < 0.01
    other = pl.select(uniform(keys, 0, 2).alias("u")).to_series()
    assert (u != other).mean() > 0.99


def test_writes_a_valid_data_folder(small: Path) -> None:
    for name in FILES:
        assert (small / name).is_file(), name
    data = load_folder(small)
    assert data.rejects.height == 0
    assert data.directors.height == 3000
    assert data.records.height == data.row_counts["records"]
    # about records_per_year (20) a typical director-year: 3000 directors, 4 years
    assert 150_000 < data.records.height < 300_000


def test_one_director_per_system_at_a_time(small: Path) -> None:
    directors = pl.read_parquet(small / "directors.parquet").sort("district_code", "role_start")
    previous_end = pl.col("role_end").shift(1).over("district_code")
    overlaps = directors.filter(previous_end.is_not_null() & (pl.col("role_start") <= previous_end))
    assert overlaps.height == 0
    open_roles = directors.filter(pl.col("role_end").is_null()).group_by("district_code").len()
    assert (open_roles["len"] == 1).all()


def test_records_inside_the_role_and_hours_in_range(small: Path) -> None:
    records = pl.read_parquet(small / "records.parquet")
    directors = pl.read_parquet(small / "directors.parquet")
    joined = records.join(directors, on="director_id", how="left")
    assert joined["role_start"].null_count() == 0
    outside = joined.filter(
        (pl.col("date") < pl.col("role_start"))
        | (pl.col("date") > pl.col("role_end").fill_null(dt.date(2100, 1, 1)))
    )
    assert outside.height == 0
    assert records["date"].min() >= dt.date(2024, 10, 1)
    assert records["date"].max() <= dt.date(2028, 9, 30)
    assert records["hours"].min() > 0 and records["hours"].max() <= 7
    assert records["record_id"].n_unique() == records.height


def test_statuses_have_a_tail(small: Path) -> None:
    result = evaluate(load_folder(small), fy=2026, as_of=dt.date(2026, 9, 30))
    met = (result.summary["status"] == "met").mean()
    assert 0.7 < met < 0.97


def test_same_seed_same_bytes_whatever_the_chunk_size(small: Path, tmp_path: Path) -> None:
    write_scale(
        tmp_path, ScaleConfig(directors=3000, years=4, chunk_directors=3000), progress=False
    )
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (small / name).read_bytes(), name


def test_another_seed_gives_other_records(small: Path, tmp_path: Path) -> None:
    write_scale(tmp_path, ScaleConfig(directors=3000, years=4, seed=9), progress=False)
    assert (tmp_path / "records.parquet").read_bytes() != (small / "records.parquet").read_bytes()


def test_bad_sizes_are_user_errors(tmp_path: Path) -> None:
    from tdceu_analysis.errors import UserError

    with pytest.raises(UserError, match="--directors"):
        write_scale(tmp_path, ScaleConfig(directors=0), progress=False)
    with pytest.raises(UserError, match="--years"):
        write_scale(tmp_path, ScaleConfig(years=0), progress=False)
