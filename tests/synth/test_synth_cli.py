"""`tdceu synth` on the command line."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tdceu_analysis.cli import main

SHIPPED = Path(__file__).resolve().parents[2] / "tdceu_analysis" / "data" / "sample"


def test_synth_sample_writes_the_shipped_files(tmp_path: Path, capsys) -> None:
    assert main(["synth", "--sample", "--out", str(tmp_path)]) == 0
    assert "153 systems" in capsys.readouterr().out
    assert (tmp_path / "records.csv").read_bytes() == (SHIPPED / "records.csv").read_bytes()


def test_synth_sample_with_another_today_stops_there(tmp_path: Path) -> None:
    assert main(["synth", "--sample", "--today", "2026-03-31", "--out", str(tmp_path)]) == 0
    records = pl.read_csv(tmp_path / "records.csv", infer_schema=False)
    dates = records["date"].str.to_date(strict=False).drop_nulls()
    assert str(dates.max()) <= "2026-03-31"


def test_synth_scale_writes_parquet(tmp_path: Path, capsys) -> None:
    code = main(["synth", "--directors", "500", "--years", "2", "--out", str(tmp_path)])
    assert code == 0
    assert "records of 500 directors" in capsys.readouterr().out
    assert pl.read_parquet(tmp_path / "directors.parquet").height == 500


def test_synth_out_must_be_a_folder(tmp_path: Path, capsys) -> None:
    target = tmp_path / "file.csv"
    target.write_text("x")
    assert main(["synth", "--sample", "--out", str(target)]) == 2
    assert "is a file" in capsys.readouterr().err


@pytest.mark.parametrize("bad", [["--directors", "0"], ["--years", "0"]])
def test_synth_bad_sizes_exit_2(tmp_path: Path, bad: list[str], capsys) -> None:
    assert main(["synth", *bad, "--out", str(tmp_path)]) == 2
    assert "tdceu: error:" in capsys.readouterr().err
