"""What every section shares: the result rows and their tables (CSV, markdown with the
ratio columns), the machine and commit stamp, timing, child processes, and data folders."""

from __future__ import annotations

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
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RUN_PY = ROOT / "benchmarks" / "run.py"
if importlib.util.find_spec("tdceu_analysis") is None:  # run from a clone without install
    sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from tdceu_analysis import evaluate_years  # noqa: E402

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


def run_worker(args: list[str], env: dict[str, str] | None = None) -> tuple[dict[str, Any], float]:
    """Run `run.py --worker ...` in a child process (one per size, so that sizes do not
    share memory), with `env` added to the environment; its JSON result and its own peak
    memory in MiB (`own_peak_mib`)."""
    with tempfile.TemporaryDirectory() as tmp:
        result_file = Path(tmp) / "result.json"
        command = [
            sys.executable,
            str(RUN_PY),
            *args,
            "--result",
            str(result_file),
        ]
        done = subprocess.run(command, check=False, env={**os.environ, **(env or {})})
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
    # in a child of its own with one polars thread: its peak memory is the generator's
    # (one chunk in flight), not how far the streaming threads ran ahead on a busy machine
    result, peak = run_worker(
        ["--worker", "synth", "--data", str(folder), "--directors", str(directors)],
        env={"POLARS_MAX_THREADS": "1"},
    )
    info = {
        "records": result["records"],
        "directors": directors,
        "years": SCALE_YEARS,
        "generator": f"tdceu_analysis.synth.scale.write_scale(directors={directors:,}, "
        f"years={SCALE_YEARS})",
        "seconds": result["seconds"],
        "peak_mib": peak,
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
