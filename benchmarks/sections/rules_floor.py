"""The rules floor (issue 22): the least work any reading of the caps (R5) needs.

R5 caps a director's external hours and each line's hours per fiscal year, in date order.
Whatever else a reading does, it must put each director's records in date order, keep a
running sum over the director's year and one over each line's year, and total the year:
that is this query, on the four columns it needs. `evaluate_years` (explain off) and
`load_folder` + `evaluate_years` are measured against it in the same run (section 2).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import polars as pl

from tdceu_analysis.fiscal import fiscal_year_of
from tdceu_analysis.policy import Policy

RULES_FLOOR_NOTE = (
    "director_id, event_id, date, hours sorted by director and date; a running sum of hours "
    "over each director's year and one over each line's (director, event) year; a group-by "
    "(director, year)"
)


def rules_floor_query(records: pl.LazyFrame, policy: Policy) -> pl.LazyFrame:
    """Sorted by director and date, two running sums, a group-by: R5's least work."""
    year = ["director_id", "fiscal_year"]
    return (
        records.select("director_id", "event_id", "date", "hours")
        .with_columns(fiscal_year_of(pl.col("date"), policy).alias("fiscal_year"))
        .sort("director_id", "date")
        .with_columns(
            pl.col("hours").cum_sum().over(year).alias("director_used"),
            pl.col("hours").cum_sum().over([*year, "event_id"]).alias("line_used"),
        )
        .group_by(year)
        .agg(
            pl.col("hours").sum(),
            pl.col("director_used").max(),
            pl.col("line_used").max(),
        )
    )


def cpu_medians(fns: dict[str, Callable[[], Any]], repeats: int) -> dict[str, float]:
    """Median CPU seconds of this process (all its threads) for each function, runs
    interleaved: on a shared machine the work done, which other processes do not inflate
    the way they inflate wall-clock time."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(max(1, repeats)):
        for name, fn in fns.items():
            began = time.process_time()
            fn()
            times[name].append(time.process_time() - began)
    return {name: statistics.median(values) for name, values in times.items()}


def rules_floor_rows(row, section: str, size: str, result: dict[str, Any]) -> list[Any]:
    """The floor and the two ratios the issue sets goals for (`row` is run.py's)."""
    floor, floor_scan = result["rules_floor_s"], result["rules_floor_scan_s"]
    bare, load = result["evaluate_years_bare_s"], result["load_median_s"]
    return [
        row(section, "rules floor, in memory", size, floor, "s", note=RULES_FLOOR_NOTE),
        row(
            section,
            "rules floor from scan_parquet (the records file)",
            size,
            floor_scan,
            "s",
            note="the same query reading only its four columns of records.parquet",
        ),
        row(
            section,
            "ratio evaluate_years (explain off) / rules floor (same frame)",
            size,
            bare / floor,
            "x",
            ("<=", 2),
            note=f"full rules R1-R11 without the per-record sentences: {bare:.3g} s; "
            "medians, interleaved with the floor",
        ),
        row(
            section,
            "ratio load_folder + evaluate_years (explain off) / rules floor from the file",
            size,
            (load + bare) / floor_scan,
            "x",
            ("<=", 3),
            note=f"files to summaries: load_folder {load:.3g} s (median) + evaluate_years",
        ),
        *_cpu_rows(row, section, size, result),
        *breakdown_rows(row, section, size, result),
    ]


def _cpu_rows(row, section: str, size: str, result: dict[str, Any]) -> list[Any]:
    cpu = result.get("cpu")
    if not cpu:
        return []
    floor, floor_scan = cpu["rules_floor"], cpu["rules_floor_scan"]
    bare, load = cpu["evaluate_years_bare"], cpu["load"]
    what = "process CPU time (all threads), medians of interleaved runs"
    return [
        row(
            section,
            "ratio evaluate_years (explain off) / rules floor, CPU time",
            size,
            bare / floor,
            "x",
            ("<=", 2),
            note=f"{what}: {bare:.3g} s / {floor:.3g} s",
        ),
        row(
            section,
            "ratio load_folder + evaluate_years (explain off) / rules floor from the file, "
            "CPU time",
            size,
            (load + bare) / floor_scan,
            "x",
            ("<=", 3),
            note=f"{what}: ({load:.3g} s + {bare:.3g} s) / {floor_scan:.3g} s",
        ),
    ]


# The steps of evaluate_years whose CPU time is reported (tdceu_analysis.evaluate's names)
STEPS = {
    "in_r5_order": "R5 sort of every record (date, then natural record_id order)",
    "join_rows_in_force": "catalogue row in force joined to each record",
    "year_ledger": "the year ledgers (R1-R8: zeroing checks, codes, running sums), all years",
    "year_summary": "the year summaries (R9-R11), all years",
}


def cpu_breakdown(evaluate_years_run: Callable[[], Any], repeats: int) -> dict[str, float]:
    """Median CPU seconds of each of `STEPS` inside `evaluate_years_run()`, and `other`
    (the rest: records and roles, slicing years, R7 credits, concatenation). The
    engine's functions are wrapped for the measurement only; lazy results are collected
    inside their step, as the engine collects them right after."""
    import importlib

    module = importlib.import_module("tdceu_analysis.evaluate")
    originals = {name: getattr(module, name, None) for name in STEPS}
    if any(function is None for function in originals.values()):
        return {}
    spent: dict[str, float] = {}
    waited: dict[str, float] = {}  # wall-clock seconds: CPU / wall = cores kept busy

    def wrapped(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def step(*args: Any, **kwargs: Any) -> Any:
            began, began_wall = time.process_time(), time.perf_counter()
            result = function(*args, **kwargs)
            if isinstance(result, pl.LazyFrame):
                result = result.collect(engine="in-memory").lazy()
            spent[name] = spent.get(name, 0.0) + time.process_time() - began
            waited[name] = waited.get(name, 0.0) + time.perf_counter() - began_wall
            return result

        return step

    names = [*STEPS, "other", "total"]
    runs: dict[str, list[float]] = {name: [] for name in [*names, *(f"{n}_wall" for n in names)]}
    try:
        for name, function in originals.items():
            setattr(module, name, wrapped(name, function))
        for _ in range(max(1, repeats)):
            spent.clear()
            waited.clear()
            began, began_wall = time.process_time(), time.perf_counter()
            evaluate_years_run()
            total, total_wall = time.process_time() - began, time.perf_counter() - began_wall
            for name in STEPS:
                runs[name].append(spent.get(name, 0.0))
                runs[f"{name}_wall"].append(waited.get(name, 0.0))
            runs["other"].append(total - sum(spent.values()))
            runs["other_wall"].append(total_wall - sum(waited.values()))
            runs["total"].append(total)
            runs["total_wall"].append(total_wall)
    finally:
        for name, function in originals.items():
            setattr(module, name, function)
    return {name: statistics.median(values) for name, values in runs.items()}


def breakdown_rows(row, section: str, size: str, result: dict[str, Any]) -> list[Any]:
    """Where evaluate_years' CPU time goes, each step as a multiple of the rules floor."""
    steps, cpu = result.get("cpu_steps"), result.get("cpu")
    if not steps or not cpu:
        return []
    floor = cpu["rules_floor"]
    described = {**STEPS, "other": "the rest: records with roles, year slices, R7 credits, concat"}
    return [
        row(
            section,
            f"evaluate_years CPU: {what}",
            size,
            steps[name] / floor,
            "x floor",
            note=f"{steps[name]:.3g} s of {steps['total']:.3g} s (explain off; rules floor "
            f"{floor:.3g} s CPU){_cores(steps, name)}",
        )
        for name, what in described.items()
    ]


def _cores(steps: dict[str, float], name: str) -> str:
    """'; wall 0.31 s, 1.4 cores busy': how parallel the step ran (CPU / wall-clock)."""
    wall = steps.get(f"{name}_wall")
    if not wall:
        return ""
    return f"; wall {wall:.3g} s, {steps[name] / wall:.2g} cores busy"
