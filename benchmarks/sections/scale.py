"""2. Scale: generated data of 1 M and 10 M records, each size in a child process; the
ratios to the floor (a plain polars group_by) and to the plain-Python rules."""

from __future__ import annotations

import importlib
import importlib.resources
import importlib.util
import sys
from pathlib import Path
from typing import Any

import polars as pl

from sections.common import (
    BARE,
    FIRST_FY,
    MIB,
    PLAIN_RULES_FILE,
    SCALE_YEARS,
    Row,
    evaluate_years,
    fiscal_year_of,
    load_policy,
    median_seconds,
    own_peak_mib,
    paired_medians,
    record_years,
    row,
    run_worker,
    scale_folder,
    size_label,
    timed,
    year_end,
)
from sections.rules_floor import (
    cpu_breakdown,
    cpu_medians,
    rules_floor_query,
    rules_floor_rows,
)
from tdceu_analysis import evaluate, load_folder, load_frames

# ---------------------------------------------------------------------------
# 2. Scale
# ---------------------------------------------------------------------------


def floor_query(records: pl.LazyFrame) -> pl.LazyFrame:
    policy = load_policy(FIRST_FY)
    return records.group_by(
        "director_id", fiscal_year_of(pl.col("date"), policy).alias("fiscal_year")
    ).agg(pl.col("hours").sum())


def worker_scale(folder: Path, repeats: int) -> dict[str, Any]:
    """Load + evaluate at scale, and the floor on the same frame (medians, interleaved)."""
    load_s, data = timed(lambda: load_folder(folder))
    years = record_years(data)
    last = years[-1]
    as_of = year_end(last)
    records = data.records
    policy = load_policy(FIRST_FY)
    scan = sorted(folder.glob("records.*"))[0]

    def scan_records() -> pl.LazyFrame:
        return pl.scan_parquet(scan) if scan.suffix == ".parquet" else pl.scan_csv(scan)

    # the floors in memory take the records in the file's order: load_folder keeps them in
    # R5 order (date first), which would change what the floor's sort by director costs
    as_read = scan_records().collect()

    times = paired_medians(
        {
            "floor": lambda: floor_query(as_read.lazy()).collect(),
            "rules_floor": lambda: rules_floor_query(as_read.lazy(), policy).collect(),
            "rules_floor_scan": lambda: rules_floor_query(scan_records(), policy).collect(),
            "load_median": lambda: load_folder(folder),
            "evaluate_years": lambda: evaluate_years(data, years, as_of=as_of),
            "evaluate_years_bare": lambda: evaluate_years(data, years, as_of=as_of, **BARE),
            "evaluate_last": lambda: evaluate(data, last, as_of),
        },
        repeats,
        warmup=0,
    )
    floor_scan = median_seconds(lambda: floor_query(scan_records()).collect(), repeats, warmup=0)
    cpu = cpu_medians(
        {
            "rules_floor": lambda: rules_floor_query(as_read.lazy(), policy).collect(),
            "rules_floor_scan": lambda: rules_floor_query(scan_records(), policy).collect(),
            "load": lambda: load_folder(folder),
            "evaluate_years_bare": lambda: evaluate_years(data, years, as_of=as_of, **BARE),
        },
        repeats,
    )
    return {
        "records": records.height,
        "rejects": data.rejects.height,
        "directors": data.directors.height,
        "years": years,
        "load_s": load_s,
        "floor_scan_s": floor_scan,
        "cpu": cpu,
        "cpu_steps": cpu_breakdown(
            lambda: evaluate_years(data, years, as_of=as_of, **BARE), repeats
        ),
        **{f"{name}_s": value for name, value in times.items()},
    }


def worker_peak(folder: Path) -> dict[str, Any]:
    """Only files to summaries, once (load_folder + evaluate_years, explain off): its own
    peak memory, without the timing runs' extra copies."""
    seconds, data = timed(lambda: load_folder(folder))
    loaded_peak = own_peak_mib()
    years = record_years(data)
    evaluated, result = timed(
        lambda: evaluate_years(data, years, as_of=year_end(years[-1]), **BARE)
    )
    return {
        "seconds": seconds + evaluated,
        "load_peak_mib": loaded_peak,
        "kept_mib": (data.records.estimated_size() + result.ledger.estimated_size()) / MIB,
        "records_mib": data.records.estimated_size() / MIB,
        "ledger_mib": result.ledger.estimated_size() / MIB,
    }


def worker_floor(folder: Path) -> dict[str, Any]:
    """Only the floor, read straight from the file: its own peak memory."""
    scan = sorted(folder.glob("records.*"))[0]
    seconds, result = timed(lambda: floor_query(pl.scan_parquet(scan)).collect())
    return {"floor_scan_s": seconds, "groups": result.height}


def load_plain_rules():
    spec = importlib.util.spec_from_file_location("plain_rules", PLAIN_RULES_FILE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["plain_rules"] = module
    spec.loader.exec_module(module)
    return module


def worker_plain(folder: Path, repeats: int) -> dict[str, Any]:
    """The plain-Python reading vs the engine, both from the same rows as text.

    The Parquet files are turned into all-text rows first (as a CSV file would hold
    them): lists of dicts for the plain reading, string frames for `load_frames`.
    """
    plain = load_plain_rules()
    raw = {
        name: pl.read_parquet(folder / f"{name}.parquet").with_columns(pl.all().cast(pl.String))
        for name in ("districts", "directors", "records", "events")
    }
    rows = {
        name: [{k: (v or "") for k, v in r.items()} for r in frame.to_dicts()]
        for name, frame in raw.items()
    }
    policy = load_policy(FIRST_FY)
    fy = max(
        y
        for y in raw["records"]
        .select(fiscal_year_of(pl.col("date").str.to_date(), policy).unique())
        .to_series()
        .to_list()
    )
    as_of = year_end(fy)

    def engine_run():
        data = load_frames(
            directors=raw["directors"],
            districts=raw["districts"],
            records=raw["records"],
            events=raw["events"],
        )
        return evaluate(data, fy, as_of)

    def engine_bare_run():
        data = load_frames(
            directors=raw["directors"],
            districts=raw["districts"],
            records=raw["records"],
            events=raw["events"],
        )
        return evaluate(data, fy, as_of, **BARE)

    def plain_run():
        return plain.evaluate(
            rows["directors"], rows["districts"], rows["records"], fy, as_of, events=rows["events"]
        )

    engine_s = median_seconds(engine_run, repeats)
    engine_bare_s = median_seconds(engine_bare_run, repeats)
    plain_s, expected = timed(plain_run)  # one run: it takes seconds
    actual = engine_run()
    want = {r["record_id"]: (round(r["hours_counted"], 4), r["reason"]) for r in expected.ledger}
    got = {
        r["record_id"]: (round(r["hours_counted"], 4), r["reason"])
        for r in actual.ledger.select("record_id", "hours_counted", "reason").to_dicts()
    }
    return {
        "records": raw["records"].height,
        "fy": fy,
        "engine_s": engine_s,
        "engine_bare_s": engine_bare_s,
        "plain_s": plain_s,
        "agree": want == got,
        "differences": sum(1 for k in want.keys() | got.keys() if want.get(k) != got.get(k)),
    }


def worker_synth(folder: Path, directors: int) -> dict[str, Any]:
    """Generate a scale folder (in a child process: see `scale_folder`)."""
    from tdceu_analysis.synth.scale import ScaleConfig, write_scale

    config = ScaleConfig(directors=directors, years=SCALE_YEARS)
    seconds, result = timed(lambda: write_scale(folder, config, progress=False))
    return {"records": result.records, "seconds": seconds}


# at this size and above only the peak memory row is measured (the timings take minutes)
MEMORY_ONLY_FROM = 10_000_000


def files_peak_row(section: str, folder: Path, records: int) -> Row:
    """Peak memory of files to summaries in a process of its own (`worker_peak`)."""
    result, peak = run_worker(["--worker", "peak", "--data", str(folder)])
    return row(
        section,
        "peak memory: load_folder + evaluate_years (explain off), own process",
        size_label(records),
        peak,
        "MiB",
        ("<=", 3 * 1024) if records >= MEMORY_ONLY_FROM else None,
        note=f"one run ({result['seconds']:.1f} s), nothing else in the process; "
        f"{result['load_peak_mib']:,.0f} MiB at the end of load_folder; the records and the "
        f"ledger returned hold {result['kept_mib']:,.0f} MiB (polars' estimate)"
        f"{_held(result, records)}",
    )


def _held(result: dict[str, Any], records: int) -> str:
    """What the 3 GiB goal is spent on: the frames the call returns. load_folder keeps
    the records in R5 order, so the ledger's records columns (record_id, director_id,
    event_id, date, hours, session, strands, file, line) are the records' own; polars'
    estimate of each frame counts them in both, and counts a text value as fewer than
    the 16 bytes a row it holds (VmHWM is the measure)."""
    if "ledger_mib" not in result or records < MEMORY_ONLY_FROM:  # the goal's size only
        return ""
    return (
        f": the records {result['records_mib']:,.0f} MiB and the ledger "
        f"{result['ledger_mib']:,.0f} MiB, whose records columns are the records' own "
        "(counted in both)"
    )


def scale_section(args, cache: Path) -> list[Row]:
    section = "2. Engine at scale"
    rows: list[Row] = []
    for records in args.sizes:
        folder, info = scale_folder(cache, records)
        if records >= MEMORY_ONLY_FROM:
            rows.append(files_peak_row(section, folder, records))
            continue
        result, peak = run_worker(
            ["--worker", "scale", "--data", str(folder), "--repeats", str(args.repeats)]
        )
        size = size_label(records)
        n = result["records"]
        gen = info.get("generator", "")
        years = result["years"]
        span = f"FY{years[0] % 100:02d}-FY{years[-1] % 100:02d}"
        engine = result["evaluate_years_s"]
        rows += [
            row(
                section,
                "load_folder (Parquet: read + validate)",
                size,
                result["load_s"],
                "s",
                note=f"{n:,} records, {result['directors']:,} people, {span}; {gen}; one run",
            ),
            row(
                section,
                "tdceu synth: generate and write the records (Parquet)",
                size,
                info.get("seconds"),
                "s",
                goal=("<", 60),
                note="when the folder was made (a reused --cache folder keeps that first time)",
            ),
            row(
                section,
                "tdceu synth: peak memory (one polars thread)",
                size,
                info.get("peak_mib"),
                "MiB",
                goal=("<", 900),
                note="the generator's own process: one chunk of directors in flight (all "
                "records at once would need well over 1 GB); when the folder was made",
            ),
            row(section, f"evaluate_years ({span}, full rules)", size, engine, "s"),
            row(
                section,
                f"evaluate FY{years[-1] % 100:02d} (all earlier years for R7)",
                size,
                result["evaluate_last_s"],
                "s",
            ),
            row(
                section,
                "records per second (evaluate_years, in memory)",
                size,
                n / engine,
                "records/s",
            ),
            row(
                section,
                "records per second (load_folder + evaluate_years)",
                size,
                n / (engine + result["load_s"]),
                "records/s",
            ),
            row(
                section,
                "peak memory (load_folder + evaluate, own process)",
                size,
                peak,
                "MiB",
                note="the timing worker's own peak resident memory (VmHWM; Python and polars "
                "included)",
            ),
            row(
                section,
                "floor: group_by(director, fiscal_year).sum(hours), in memory",
                size,
                result["floor_s"],
                "s",
            ),
            row(
                section,
                "ratio evaluate_years / floor (same frame)",
                size,
                engine / result["floor_s"],
                "x",
                ("<=", 10),
            ),
            row(
                section,
                "ratio evaluate_years without explanation sentences / floor (same frame)",
                size,
                result["evaluate_years_bare_s"] / result["floor_s"],
                "x",
                note=f"explain=False, as `tdceu evaluate` runs (it writes the contract's "
                f"columns only): {result['evaluate_years_bare_s']:.3g} s",
            ),
            row(
                section,
                "ratio load_folder + evaluate_years / floor from scan_parquet",
                size,
                (engine + result["load_s"]) / result["floor_scan_s"],
                "x",
                note="end to end: files to summaries vs files to sums",
            ),
            *rules_floor_rows(row, section, size, result),
        ]
        rows.append(files_peak_row(section, folder, records))
        floor_result, floor_peak = run_worker(["--worker", "floor", "--data", str(folder)])
        rows.append(
            row(
                section,
                "peak memory of the floor (scan_parquet + group_by, own process)",
                size,
                floor_peak,
                "MiB",
                note=f"{floor_result['floor_scan_s']:.2f} s",
            )
        )
    folder, info = scale_folder(cache, args.plain_records)
    result, _ = run_worker(
        ["--worker", "plain", "--data", str(folder), "--repeats", str(args.repeats)]
    )
    size = size_label(args.plain_records)
    agree = "results agree" if result["agree"] else f"{result['differences']} ledger rows differ"
    rows += [
        row(
            section,
            "plain-Python reading (tests/reference/plain_rules.py), one run",
            size,
            result["plain_s"],
            "s",
            note=f"FY{result['fy'] % 100:02d} from string rows",
        ),
        row(
            section,
            "engine: load_frames + evaluate from the same rows",
            size,
            result["engine_s"],
            "s",
            note="with a sentence per record (the dashboards' ledger)",
        ),
        row(
            section,
            "engine: the same without explanation sentences",
            size,
            result["engine_bare_s"],
            "s",
            note="explain=False: hours, reasons and statuses, what the plain reading gives",
        ),
        row(
            section,
            "speed-up of the engine over the plain reading",
            size,
            result["plain_s"] / result["engine_bare_s"],
            "x",
            (">=", 50),
            note=f"like for like (no sentences); {agree}; "
            f"{result['plain_s'] / result['engine_s']:.1f} x with sentences",
        ),
    ]
    return rows
