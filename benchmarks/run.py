"""Benchmarks (issue #5): the engine at state size and at scale, and the dashboard build.

One command, from the repository folder, after `pip install -e ".[test]"`:

    python benchmarks/run.py                      # full run -> benchmarks/results.md, .csv
    python benchmarks/run.py --smoke --out /tmp/b # tiny run that exercises every section (CI)

Sections (each row of the table says what was timed, on what, and the goal):
1. state: the shipped sample (all years): load, one `evaluate` per fiscal year, and a
   widget-style recompute (filter to a region or district and rebuild a dashboard's figures).
2. scale: generated data of 1 M and 10 M records (Parquet), each size in its own
   subprocess so that its peak memory (the child's own high-water mark, VmHWM) does not
   bleed into the next: records per second, peak memory, and, in the same run on the same
   data, the ratio to the floor (a plain polars group_by(director, fiscal_year) sum of
   hours) and, on 100 k records, to the plain-Python reading of the rules in
   tests/reference/plain_rules.py.
3. build: `tdceu_analysis.report.build` against the floor of executing and exporting an
   empty notebook the same number of times; the size of each HTML file.

Every timing is the median of `--repeats` runs after one warm-up, unless the row says
otherwise. Results are merged into the output CSV by `--label`: rows of other labels
(e.g. `before`, measured on an earlier commit) are kept, so the table shows before and
after side by side.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import gc
import importlib
import importlib.resources
import importlib.util
import inspect
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if importlib.util.find_spec("tdceu_analysis") is None:  # run from a clone without install
    sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from tdceu_analysis import evaluate, evaluate_years, load_folder, load_frames  # noqa: E402

# Rules without the per-record sentences, where the engine measured has the switch (an
# older engine, measured for the 'before' column, writes them always).
BARE = {"explain": False} if "explain" in inspect.signature(evaluate_years).parameters else {}
from tdceu_analysis.fiscal import fiscal_year, fiscal_year_of  # noqa: E402
from tdceu_analysis.policy import load_policy  # noqa: E402

PLAIN_RULES_FILE = ROOT / "tests" / "reference" / "plain_rules.py"
DEFAULT_OUT = ROOT / "benchmarks"
FIRST_FY = 2025
MIB = 1024 * 1024

# ---------------------------------------------------------------------------
# Result rows and the table files
# ---------------------------------------------------------------------------


@dataclass
class Row:
    section: str
    metric: str
    size: str
    value: float | None
    unit: str
    goal: str = ""
    met: str = ""
    note: str = ""
    label: str = ""
    commit: str = ""
    date: str = ""
    machine: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.section, self.metric, self.size)


CSV_FIELDS = [f.name for f in fields(Row)]


def judged(value: float | None, goal: tuple[str, float] | None) -> str:
    """'yes'/'no' for a goal like ('<', 50) or ('>=', 50); '' without one."""
    if goal is None or value is None:
        return ""
    op, limit = goal
    ok = {"<": value < limit, "<=": value <= limit, ">=": value >= limit, ">": value > limit}[op]
    return "yes" if ok else "no"


def goal_text(goal: tuple[str, float] | None, unit: str) -> str:
    if goal is None:
        return ""
    op, limit = goal
    return f"{op} {limit:g} {unit}".strip()


def row(
    section: str,
    metric: str,
    size: str,
    value: float | None,
    unit: str,
    goal: tuple[str, float] | None = None,
    note: str = "",
) -> Row:
    return Row(section, metric, size, value, unit, goal_text(goal, unit), judged(value, goal), note)


def fmt_value(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "records/s":
        return f"{value:,.0f}"
    if unit in ("MiB", "KiB"):
        return f"{value:,.1f}" if value >= 10 else f"{value:.2f}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def read_rows(path: Path) -> list[Row]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        rows = []
        for raw in csv.DictReader(handle):
            value = raw.get("value") or ""
            raw["value"] = float(value) if value not in ("", "None") else None
            rows.append(Row(**{name: raw.get(name, "") for name in CSV_FIELDS}))
        return rows


def write_csv_rows(path: Path, rows: list[Row]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for item in rows:
            writer.writerow({**asdict(item), "value": "" if item.value is None else item.value})


def label_order(labels: Iterable[str]) -> list[str]:
    preferred = ["before", "after"]
    unique = list(dict.fromkeys(labels))
    return [x for x in preferred if x in unique] + [x for x in unique if x not in preferred]


def markdown(rows: list[Row], latest: str) -> str:
    labels = label_order(r.label for r in rows)
    by_label = {label: [r for r in rows if r.label == label] for label in labels}
    lines = ["# Benchmarks", ""]
    lines.append(
        "Written by `python benchmarks/run.py` (see the README's Benchmarks section). "
        "Times are medians of repeated runs after a warm-up unless a note says otherwise."
    )
    lines.append("")
    lines.append("| run | commit | date | machine |")
    lines.append("|---|---|---|---|")
    for label in labels:
        first = by_label[label][0]
        lines.append(f"| {label} | `{first.commit}` | {first.date} | {first.machine} |")
    lines.append("")
    keys = list(dict.fromkeys(r.key for label in reversed(labels) for r in by_label[label]))
    # keep the order of the newest run, then rows only older runs have
    newest = [r.key for r in by_label.get(latest, [])]
    keys = list(dict.fromkeys([*newest, *keys]))
    lookup = {(r.label, r.key): r for r in rows}
    for section in dict.fromkeys(k[0] for k in keys):
        lines.append(f"## {section}")
        lines.append("")
        header = ["metric", "size", "goal", *labels, f"met ({latest})", "note"]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        for key in (k for k in keys if k[0] == section):
            cells = []
            unit, goal, met, note = "", "", "", ""
            for label in labels:
                item = lookup.get((label, key))
                cells.append(fmt_value(item.value, item.unit) + f" {item.unit}" if item else "")
                if item:
                    unit, goal = item.unit, item.goal or goal
            current = lookup.get((latest, key))
            if current:
                met, note = current.met, current.note
            else:
                older = [lookup[(label, key)] for label in labels if (label, key) in lookup]
                note = older[-1].note if older else ""
            del unit
            lines.append("| " + " | ".join([key[1], key[2], goal, *cells, met, note]) + " |")
        lines.append("")
    return "\n".join(lines)


def machine_text() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    cores = os.cpu_count()
    return (
        f"{cpu}, {cores} cores, {memory}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, polars {pl.__version__}"
    )


def load_text(load: tuple[float, float, float] | None = None) -> str:
    """The 1-minute load average (other work on the machine makes timings noisy)."""
    return f"{(load or os.getloadavg())[0]:.1f}"


def git_commit() -> str:
    """The commit, with "-dirty" if the tree differs from it (this script's own results
    files aside: a run rewrites them)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        commit = git("rev-parse", "--short=10", "HEAD")
        changed = git(
            "status",
            "--porcelain",
            "--",
            ".",
            ":(exclude)benchmarks/results.md",
            ":(exclude)benchmarks/results.csv",
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit}-dirty" if changed else commit


# ---------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def median_seconds(fn: Callable[[], Any], repeats: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    return statistics.median(timed(fn)[0] for _ in range(max(1, repeats)))


def paired_medians(
    fns: dict[str, Callable[[], Any]], repeats: int, warmup: int = 1
) -> dict[str, float]:
    """Median seconds of each function, their runs interleaved (same machine state)."""
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(max(1, repeats)):
        for name, fn in fns.items():
            times[name].append(timed(fn)[0])
    return {name: statistics.median(values) for name, values in times.items()}


def own_peak_mib() -> float:
    """This process's peak resident memory in MiB since it started its program.

    Linux: VmHWM of /proc/self/status (the high-water mark of this program's memory).
    ru_maxrss is not used on Linux: a child's counts the parent's resident memory at
    fork (the copy it started from), so a big parent would bleed into every child.
    """
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MIB if sys.platform == "darwin" else peak / 1024


def run_worker(args: list[str]) -> tuple[dict[str, Any], float]:
    """Run `run.py --worker ...` in a child process (one per size, so that sizes do not
    share memory); its JSON result and its own peak memory in MiB (`own_peak_mib`)."""
    with tempfile.TemporaryDirectory() as tmp:
        result_file = Path(tmp) / "result.json"
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            *args,
            "--result",
            str(result_file),
        ]
        done = subprocess.run(command, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"benchmark worker failed ({done.returncode}): {' '.join(args)}")
        result = json.loads(result_file.read_text())
        return result, result["peak_mib"]


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


def shipped_sample_folder(tmp: Path) -> tuple[Path, str]:
    """The shipped statewide sample; generated with its own generator if not shipped yet."""
    folder = Path(str(importlib.resources.files("tdceu_analysis").joinpath("data", "sample")))
    if folder.is_dir() and any(p.stem.lower() == "records" for p in folder.iterdir()):
        return folder, "shipped sample (tdceu_analysis/data/sample)"
    from tdceu_analysis.synth.sample import write_sample

    out = tmp / "sample"
    write_sample(out)
    return out, "sample written by tdceu_analysis.synth.sample.write_sample (default seed)"


SCALE_YEARS = 10  # FY25-FY34: "years of history"


def scale_folder(cache: Path, records: int) -> tuple[Path, dict[str, Any]]:
    """Parquet data of about `records` records from the package's scale generator.

    `tdceu_analysis.synth.scale` takes a number of directors; a small calibration run
    gives records per director for the chosen years, and the size is scaled from it.
    Folders are kept in `cache` (see --cache) and reused when they exist.
    """
    from tdceu_analysis.synth.scale import ScaleConfig, write_scale

    folder = cache / f"scale-{records}"
    info_file = folder / "info.json"
    if info_file.exists():
        return folder, json.loads(info_file.read_text())
    probe = write_scale(
        cache / "calibration", ScaleConfig(directors=1000, years=SCALE_YEARS), progress=False
    )
    directors = max(10, round(records * 1000 / probe.records))
    config = ScaleConfig(directors=directors, years=SCALE_YEARS)
    seconds, result = timed(lambda: write_scale(folder, config, progress=False))
    info = {
        "records": result.records,
        "directors": directors,
        "years": SCALE_YEARS,
        "generator": f"tdceu_analysis.synth.scale.write_scale(directors={directors:,}, "
        f"years={SCALE_YEARS})",
        "seconds": seconds,
    }
    info_file.write_text(json.dumps(info))
    return folder, info


def record_years(data) -> list[int]:
    policy = load_policy(FIRST_FY)
    years = (
        data.records.select(fiscal_year_of(pl.col("date"), policy).unique().sort())
        .to_series()
        .to_list()
    )
    return [y for y in years if y >= FIRST_FY]


def year_end(fy: int) -> dt.date:
    return fiscal_year(fy, load_policy(fy)).end


def size_label(records: int) -> str:
    if records >= 1_000_000 and records % 1_000_000 == 0:
        return f"{records // 1_000_000} M records"
    if records >= 1000 and records % 1000 == 0:
        return f"{records // 1000} k records"
    return f"{records:,} records"


# ---------------------------------------------------------------------------
# 1. State size
# ---------------------------------------------------------------------------


def page_figures() -> dict[str, list[Callable[..., Any]]]:
    """The figure functions each dashboard notebook (01-04) shows with
    `board.show(module.function)`, read from the notebooks' py:percent twins."""
    folder = Path(str(importlib.resources.files("tdceu_analysis").joinpath("notebooks")))
    pages: dict[str, list[Callable[..., Any]]] = {}
    for path in sorted(folder.glob("0[1-4]_*.py")):
        found = []
        for module, name in re.findall(r"board\.show\((\w+)\.(\w+)\)", path.read_text("utf-8")):
            try:
                found.append(
                    getattr(importlib.import_module(f"tdceu_analysis.figures.{module}"), name)
                )
            except (ImportError, AttributeError):
                continue
        if found:
            pages[path.stem] = found
    return pages


def displayed(figure: Any) -> Any:
    """What a live notebook sends to the browser for a figure, as Jupyter asks for it: an
    altair chart's (or a redrawn chart's) display data, an HTML piece's markup. With the
    live charts (tdceu_analysis.widgets.live), a chart's redraw sends its spec as JSON."""
    chart = getattr(figure, "chart", figure)  # charts.Redrawn wraps the chart
    if hasattr(chart, "to_dict") and importlib.util.find_spec("tdceu_analysis.widgets.live"):
        return json.dumps(chart.to_dict(validate=False, context={"pre_transform": False}))
    if hasattr(figure, "_repr_mimebundle_"):
        return figure._repr_mimebundle_()
    if hasattr(figure, "_repr_html_"):
        return figure._repr_html_()
    return figure


@contextlib.contextmanager
def altair_validation_off():
    """Diagnostic only: altair without its JSON-schema validation, to show its share."""
    try:
        from altair.utils import schemapi
    except ImportError:
        yield
        return
    saved = schemapi.validate_jsonschema
    schemapi.validate_jsonschema = lambda *args, **kwargs: None
    try:
        yield
    finally:
        schemapi.validate_jsonschema = saved


def fallback_figures(evaluation, region: str | None) -> list[pl.DataFrame]:
    """Figure-like frames for one region, for a tree without tdceu_analysis.widgets."""
    from tdceu_analysis.rules.strands import strand_hours

    summary = evaluation.summary
    if region is not None:
        summary = summary.filter(pl.col("region") == region)
    ids = summary.get_column("director_id")
    ledger = evaluation.ledger.filter(pl.col("director_id").is_in(ids.implode()))
    return pl.collect_all(
        [
            summary.lazy().group_by("status").agg(pl.len(), pl.col("total_hours").mean()),
            strand_hours(ledger).group_by("strand").agg(pl.col("hours").sum()),
            summary.lazy()
            .filter(pl.col("status").is_in(["at_risk", "critical", "not_met"]))
            .sort("hours_needed", descending=True),
        ]
    )


def widget_rows(
    section: str, size: str, data, fy: int, as_of: dt.date, repeats: int, smoke: bool
) -> list[Row]:
    """Widget-style recomputes with the notebooks' own Board and figure functions."""
    try:
        from tdceu_analysis.widgets import Board
    except ImportError:
        evaluation = evaluate(data, fy, as_of)
        regions = evaluation.summary.get_column("region").unique().to_list()
        seconds = median_seconds(
            lambda: [fallback_figures(evaluation, r) for r in regions], repeats
        ) / max(1, len(regions))
        return [
            row(
                section,
                "widget recompute: region pick (fallback figures)",
                size,
                seconds * 1000,
                "ms",
                ("<", 50),
                note="tdceu_analysis.widgets not available: status counts, strands, at-risk",
            )
        ]
    board = Board("benchmark", data=data, fy=fy, as_of=as_of, live=True)
    regions = [None, *sorted(board.evaluation.summary.get_column("region").drop_nulls().unique())]
    directors = board.evaluation.summary.get_column("director_id").sort().to_list()
    directors = directors[:: max(1, len(directors) // 12)][:12]
    if smoke:
        regions, directors = regions[:2], directors[:2]
    # what a pick sends (Board.redraw: a chart checked when the page was first shown)
    redraw = getattr(board, "redraw", board.render)
    rows = []
    for page, figures in page_figures().items():
        director_page = any("director_id" in inspect.signature(f).parameters for f in figures)
        picks = directors if director_page else regions

        def recompute(figures=figures, picks=picks, director_page=director_page) -> None:
            for pick in picks:
                if director_page:
                    board.region = board.district = None
                    board.director_id = pick
                else:
                    board.region, board.district = pick, None
                for figure in figures:
                    displayed(redraw(figure))

        seconds = median_seconds(recompute, repeats) / len(picks)
        with altair_validation_off():
            unchecked = median_seconds(recompute, 1 if smoke else repeats) / len(picks)
        what = "director" if director_page else "region"
        rows.append(
            row(
                section,
                f"widget recompute: {what} pick, page {page[:2]}",
                size,
                seconds * 1000,
                "ms",
                ("<", 50),
                note=f"{page}: {len(figures)} figures rebuilt and turned into the display data a "
                f"pick sends (Board.redraw), mean over {len(picks)} picks; "
                f"{unchecked * 1000:.0f} ms with altair's JSON-schema validation off (diagnostic)",
            )
        )
    board.region = board.district = None
    first = next(iter(page_figures().values()), [])

    def year_pick() -> None:
        board._evaluations.clear()
        board._years.clear()
        for figure in first:
            displayed(redraw(figure))

    seconds = median_seconds(year_pick, repeats)
    rows.append(
        row(
            section,
            "widget recompute: fiscal-year pick, page 01 (evaluate + figures)",
            size,
            seconds * 1000,
            "ms",
            ("<", 50),
            note="evaluate and evaluate_years of the picked year, then every figure of the page",
        )
    )
    return rows


def state_section(args, tmp: Path) -> list[Row]:
    section = "1. Engine at state size"
    folder, source = shipped_sample_folder(tmp)
    repeats = args.repeats_small
    rows: list[Row] = []
    load_s = median_seconds(lambda: load_folder(folder), repeats)
    data = load_folder(folder)
    size = size_label(data.records.height)
    rows.append(
        row(section, "load_folder (read + validate, CSV)", size, load_s * 1000, "ms", note=source)
    )
    last_day = data.records.get_column("date").max()
    years = record_years(data)
    for fy in years:
        as_of = min(year_end(fy), last_day)
        seconds = median_seconds(lambda fy=fy, as_of=as_of: evaluate(data, fy, as_of), repeats)
        rows.append(
            row(
                section,
                f"evaluate FY{fy % 100:02d} (as of {as_of.isoformat()})",
                size,
                seconds * 1000,
                "ms",
                ("<", 50),
                note="one evaluate: earlier years for R7 credits + this year's ledger and summary",
            )
        )
    all_years_s = median_seconds(lambda: evaluate_years(data, years, as_of=last_day), repeats)
    rows.append(
        row(
            section,
            f"evaluate_years (FY{years[0] % 100:02d}-FY{years[-1] % 100:02d})",
            size,
            all_years_s * 1000,
            "ms",
        )
    )
    fy = years[-1]
    widget_repeats = 1 if args.smoke else 5
    rows += widget_rows(
        section, size, data, fy, min(year_end(fy), last_day), widget_repeats, args.smoke
    )
    return rows


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
    times = paired_medians(
        {
            "floor": lambda: floor_query(records.lazy()).collect(),
            "evaluate_years": lambda: evaluate_years(data, years, as_of=as_of),
            "evaluate_years_bare": lambda: evaluate_years(data, years, as_of=as_of, **BARE),
            "evaluate_last": lambda: evaluate(data, last, as_of),
        },
        repeats,
        warmup=0,
    )
    scan = sorted(folder.glob("records.*"))[0]
    floor_scan = median_seconds(
        lambda: floor_query(
            pl.scan_parquet(scan) if scan.suffix == ".parquet" else pl.scan_csv(scan)
        ).collect(),
        repeats,
        warmup=0,
    )
    return {
        "records": records.height,
        "rejects": data.rejects.height,
        "directors": data.directors.height,
        "years": years,
        "load_s": load_s,
        "floor_scan_s": floor_scan,
        **{f"{name}_s": value for name, value in times.items()},
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


def scale_section(args, cache: Path) -> list[Row]:
    section = "2. Engine at scale"
    rows: list[Row] = []
    for records in args.sizes:
        folder, info = scale_folder(cache, records)
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
                note="the worker's own peak resident memory (VmHWM; Python and polars included)",
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
        ]
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


# ---------------------------------------------------------------------------
# 3. Dashboard build
# ---------------------------------------------------------------------------


# the package first, as the notebooks import it (it defers a slow import of altair's)
DASHBOARD_IMPORTS = (
    "import tdceu_analysis.widgets, tdceu_analysis.figures.statewide, altair, polars"
)


def empty_notebook_floor(build, count: int, workers: int, out: Path, code: str = "") -> float:
    """Execute and export an empty notebook `count` times, `workers` at once: the build's
    own kernel and exporter (`execute_notebook`, `export_html`) on a notebook with one
    cell holding `code` (nothing, for the floor)."""
    import nbformat

    out.mkdir(parents=True, exist_ok=True)

    def one(index: int) -> None:
        notebook = nbformat.v4.new_notebook()
        notebook.cells.append(nbformat.v4.new_code_cell(code))
        build.execute_notebook(notebook, f"empty-{index}.ipynb", out)
        html = build.export_html(notebook, "empty", "")
        (out / f"empty-{index}.html").write_text(html, encoding="utf-8")

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, range(count)))
    return time.perf_counter() - start


def board_pack_rows(build, args, tmp: Path, workers: int) -> list[Row]:
    """The board pack (issue 14): every year from one build (the summary and each year's
    pages) against its floor (an empty notebook executed and exported as many times), and
    the PDF packet's time and size."""
    section = "3. Dashboard build"
    if not hasattr(build, "plan_jobs"):
        return []
    out = tmp / "board-pack"
    seconds, result = timed(
        lambda: build.build_reports(out, images=True, progress=False, every_year=True)
    )
    pages = len(result.pages)
    size = f"{pages} pages ({len(result.parameters.years)} years + summary), sample"
    rows = [
        row(section, "tdceu build (every year, with images)", size, seconds, "s", note="one run")
    ]
    floor = empty_notebook_floor(build, pages, workers, tmp / "board-pack-empty")
    rows.append(
        row(
            section,
            f"floor: execute + export an empty notebook x {pages}",
            size,
            floor,
            "s",
            note=f"each in a kernel of its own, {workers} at once; one run",
        )
    )
    rows.append(row(section, "ratio every-year build / floor", size, seconds / floor, "x"))
    try:
        from tdceu_analysis.report.packet import build_packet

        pdf_seconds, (packet, counts) = timed(
            lambda: build_packet(result.pages, out / "board-packet.pdf", "letter")
        )
    except Exception as problem:  # (no WeasyPrint: say so in the row)
        return [*rows, row(section, "PDF packet", size, None, "s", note=f"not measured: {problem}")]
    rows.append(
        row(
            section,
            "PDF packet (WeasyPrint, Letter)",
            size,
            pdf_seconds,
            "s",
            note=f"{sum(counts)} pages; the summary {counts[0]}",
        )
    )
    rows.append(row(section, "size of board-packet.pdf", "", packet.stat().st_size / MIB, "MiB"))
    rows.append(
        row(section, "printed pages of the summary (Letter)", "", counts[0], "pages", ("<=", 1))
    )
    return rows


def build_section(args, tmp: Path) -> list[Row]:
    section = "3. Dashboard build"
    try:
        build = importlib.import_module("tdceu_analysis.report.build")
    except ImportError:
        build = None
    if build is None or not hasattr(build, "build_reports"):
        return [
            row(
                section,
                "build all HTML dashboards",
                "",
                None,
                "s",
                note="not measured: build not available (tdceu_analysis.report.build)",
            )
        ]
    notebooks = build.discover_notebooks()
    if args.smoke:
        notebooks = notebooks[:1]
    # the floor's notebooks each get a kernel of their own, as many at once as there are
    # cores (the strictest floor: the build itself runs them in one shared kernel)
    workers = max(1, min(os.cpu_count() or 1, 4, len(notebooks)))
    builds = 1 if args.smoke else 3
    size = f"{len(notebooks)} notebooks, sample"
    runs = [("HTML only (--no-images)", False)] + (
        [] if args.smoke else [("with PNG/SVG images (default)", True)]
    )
    rows = []
    html: list[Path] = []
    first = 0.0
    for what, images in runs:
        out = tmp / f"reports-{int(images)}"
        seconds = median_seconds(
            lambda out=out, images=images: build.build_reports(
                out, notebooks=notebooks, images=images, progress=False
            ),
            builds,
            warmup=0,
        )
        first = first or seconds
        runs_text = "one run" if builds == 1 else f"median of {builds} runs"
        rows.append(row(section, f"tdceu build: {what}", size, seconds, "s", note=runs_text))
        html = html or sorted(out.glob("*.html"))
    floor = empty_notebook_floor(build, len(notebooks), workers, tmp / "empty")
    rows.append(
        row(
            section,
            f"floor: execute + export an empty notebook x {len(notebooks)}",
            size,
            floor,
            "s",
            note=f"each in a kernel of its own, {workers} at once; one run",
        )
    )
    one_by_one = empty_notebook_floor(build, len(notebooks), 1, tmp / "one-by-one")
    rows.append(
        row(
            section,
            "reference: the floor's notebooks one after another",
            size,
            one_by_one,
            "s",
            note="each in a kernel of its own; one run",
        )
    )
    with_imports = empty_notebook_floor(
        build, len(notebooks), workers, tmp / "imports", DASHBOARD_IMPORTS
    )
    rows.append(
        row(
            section,
            "reference: the floor, its one cell importing the dashboards' modules",
            size,
            with_imports,
            "s",
            note=f"`{DASHBOARD_IMPORTS}`; {workers} at once; one run",
        )
    )
    rows.append(
        row(section, "ratio build (HTML only) / floor", size, first / floor, "x", ("<=", 1.5))
    )
    if len(runs) > 1:
        rows.append(
            row(
                section,
                "ratio build (with images) / floor",
                size,
                float(rows[1].value) / floor,
                "x",
            )
        )
    rows += board_pack_rows(build, args, tmp, workers)
    for path in html:
        rows.append(
            row(
                section,
                f"size of {path.name}",
                "",
                path.stat().st_size / MIB,
                "MiB",
                ("<", 3),
                note="scripts included (vega inline)",
            )
        )
    return rows


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# 4. Live notebooks (issue 13): a pick, kernel side and in the browser
# ---------------------------------------------------------------------------

LIVE_NOTEBOOKS = ROOT / "tdceu_analysis" / "notebooks"
LAB_RESULTS = ROOT / "test-artifacts" / "jupyterlab"


def notebook_shell(path: Path) -> dict[str, Any]:
    """Run a notebook's code cells (as committed: live) in an IPython shell of this
    process, its displays thrown away; the namespace (with its `board`) comes back."""
    import jupytext
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        for cell in jupytext.read(path).cells:
            if cell.cell_type == "code":
                result = shell.run_cell(cell.source, silent=True)
                if not result.success:
                    raise RuntimeError(f"{path.name}: {result.error_in_exec!r}")
    return shell.user_ns


def other_value(picker: Any) -> list[Any]:
    """Values a picker can be set to (a searchable picker's labels; a dropdown's values)."""
    values = [o if isinstance(o, str) else o[1] for o in picker.options]
    return [v for v in values if v not in ("", picker.value)]


def kernel_pick_rows(section: str, repeats: int, smoke: bool) -> list[Row]:
    """Each picker of each notebook set as a person would, timed until every figure of the
    page was rebuilt and its new spec or HTML handed to the widget (the kernel's part)."""
    rows = []
    for path in sorted(LIVE_NOTEBOOKS.glob("0[1-5]_*.py")):
        namespace = notebook_shell(path)
        board = namespace["board"]
        thread = getattr(board, "prefetching", None)
        if thread is not None:
            thread.join()  # an analyst picks a year seconds after Run All: it is prefetched
        for name, picker in list(board.pickers.items()):
            values = other_value(picker)[: 2 if smoke else 6]
            if not values:
                continue
            start = picker.value
            times = []
            with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
                for _ in range(repeats):
                    for value in [*values, start]:
                        began = time.perf_counter()
                        picker.value = value
                        times.append(time.perf_counter() - began)
            times.sort()
            median = times[len(times) // 2]
            rows.append(
                row(
                    section,
                    f"kernel: {name} pick, page {path.stem[:2]}",
                    "5,779 records",
                    median * 1000,
                    "ms",
                    ("<", 50),
                    note=f"{path.stem}: {len(board._shown)} figures redrawn (charts as new specs "
                    f"of their LiveChart); median of {len(times)} picks"
                    + ("; years prefetched after Run All" if name == "fy" else ""),
                )
            )
    return rows


def browser_pick_rows(section: str, smoke: bool) -> list[Row]:
    """The JupyterLab test (Playwright, Debian's chromium, no network): Run All, then each
    pick timed from the pick to the end of the last chart it redrew; ratio to the demo
    notebook's pick (two small charts: the floor of a pick's round trip)."""
    if smoke:
        return [row(section, "browser picks", "5 notebooks", None, "ms", note="not in --smoke")]
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(ROOT / "tests" / "notebooks" / "test_jupyterlab.py")],
        cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False,
    )  # fmt: skip
    found = {p.stem: json.loads(p.read_text()) for p in sorted(LAB_RESULTS.glob("*.json"))}
    demo = found.pop("jupyterlab_demo", {}).get("picks_ms", {})
    floor = sorted(demo.values())[len(demo) // 2] if demo else None
    rows = []
    for stem, measured in found.items():
        for label, ms in measured.get("picks_ms", {}).items():
            redrawn = measured.get("picks_redrawn", {}).get(label, 0)
            rows.append(
                row(
                    section,
                    f"browser: {label.lower()} pick, page {stem[:2]}",
                    "5,779 records",
                    ms,
                    "ms",
                    ("<", 300),
                    note=f"{stem}: pick to the last of {redrawn} charts redrawn (JupyterLab, "
                    f"headless chromium); charts drawn after Run All: "
                    f"{measured.get('charts_drawn')} of {measured.get('chart_outputs')}",
                )
            )
            if floor:
                rows.append(
                    row(
                        section,
                        f"ratio browser {label.lower()} pick / floor, page {stem[:2]}",
                        "5,779 records",
                        ms / floor,
                        "x",
                        note=f"floor: the demo notebook's pick (two small charts), {floor:.0f} ms",
                    )
                )
    return rows


def live_section(args, tmp: Path) -> list[Row]:
    section = "4. Live notebooks"
    repeats = 1 if args.smoke else 3
    return kernel_pick_rows(section, repeats, args.smoke) + browser_pick_rows(section, args.smoke)


def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    factor = 1
    if text.endswith("m"):
        factor, text = 1_000_000, text[:-1]
    elif text.endswith("k"):
        factor, text = 1000, text[:-1]
    return int(float(text) * factor)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmarks of the TD-CEU engine and the dashboard build (issue #5)."
    )
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes: proves every section runs"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for results.md/.csv")
    parser.add_argument(
        "--sizes", default=None, help="scale sizes in records, comma-separated (default 1M,10M)"
    )
    parser.add_argument("--plain-records", default=None, help="records for the plain-Python ratio")
    parser.add_argument("--repeats", type=int, default=None, help="timed runs per scale figure")
    parser.add_argument(
        "--sections",
        default="state,scale,build,live",
        help="comma-separated: state, scale, build, live",
    )
    parser.add_argument("--label", default="after", help="column of this run in the table")
    parser.add_argument(
        "--commit", default=None, help="what to record as the engine's commit (default: git)"
    )
    parser.add_argument(
        "--cache", type=Path, default=None, help="keep generated scale data here between runs"
    )
    # internal: the child processes of the scale section
    parser.add_argument("--worker", choices=["scale", "floor", "plain"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    smoke = args.smoke
    args.sizes = [parse_size(s) for s in (args.sizes or ("20k" if smoke else "1M,10M")).split(",")]
    args.plain_records = parse_size(args.plain_records or ("3k" if smoke else "100k"))
    args.repeats = args.repeats or (1 if smoke else 3)
    args.repeats_small = 3 if smoke else 15
    args.sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    return args


def run_as_worker(args: argparse.Namespace) -> int:
    if args.worker == "scale":
        result = worker_scale(args.data, args.repeats)
    elif args.worker == "floor":
        result = worker_floor(args.data)
    else:
        result = worker_plain(args.data, args.repeats)
    result["peak_mib"] = own_peak_mib()
    args.result.write_text(json.dumps(result))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return run_as_worker(args)
    started = time.perf_counter()
    started_load = os.getloadavg()
    stamp = {
        "label": args.label,
        "commit": args.commit or git_commit(),
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "machine": machine_text(),
    }
    print(f"benchmarks: {stamp['machine']}; commit {stamp['commit']}", flush=True)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="tdceu-bench-") as tmp_name:
        tmp = Path(tmp_name)
        cache = args.cache or tmp / "data"
        cache.mkdir(parents=True, exist_ok=True)
        sections = {
            "state": state_section,
            "scale": scale_section,
            "build": build_section,
            "live": live_section,
        }
        for name in args.sections:
            print(f"benchmarks: section {name} ...", flush=True)
            began = time.perf_counter()
            part = sections[name](args, cache if name == "scale" else tmp)
            for item in part:
                print(
                    f"  {item.metric} [{item.size}]: {fmt_value(item.value, item.unit)} "
                    f"{item.unit} {item.goal} {item.met}",
                    flush=True,
                )
            rows += part
            print(
                f"benchmarks: section {name} took {time.perf_counter() - began:.1f} s", flush=True
            )
    stamp["machine"] += f"; load average {load_text(started_load)} at start, {load_text()} at end"
    for item in rows:
        for key, value in stamp.items():
            setattr(item, key, value)
    args.out.mkdir(parents=True, exist_ok=True)
    csv_path = args.out / "results.csv"
    # this run replaces its label's rows of the sections it measured; other rows stay
    measured = {item.section for item in rows}
    kept = [r for r in read_rows(csv_path) if not (r.label == args.label and r.section in measured)]
    merged = kept + rows
    write_csv_rows(csv_path, merged)
    (args.out / "results.md").write_text(markdown(merged, args.label) + "\n", encoding="utf-8")
    print(f"benchmarks: wrote {csv_path} and results.md in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
