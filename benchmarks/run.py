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

The sections live in benchmarks/sections/ (state.py, scale.py, build.py, live.py), over
sections/common.py (rows, the ratio tables, timing, data folders); this file parses the
arguments, runs the sections asked for and merges the results.

Every timing is the median of `--repeats` runs after one warm-up, unless the row says
otherwise. Results are merged into the output CSV by `--label`: rows of other labels
(e.g. `before`, measured on an earlier commit) are kept, so the table shows before and
after side by side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from sections.build import build_section
from sections.common import (
    DEFAULT_OUT,
    Row,
    fmt_value,
    git_commit,
    load_text,
    machine_text,
    markdown,
    own_peak_mib,
    read_rows,
    write_csv_rows,
)
from sections.live import live_section
from sections.scale import (
    scale_section,
    worker_floor,
    worker_peak,
    worker_plain,
    worker_scale,
    worker_synth,
)
from sections.state import state_section


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
    parser.add_argument(
        "--worker", choices=["scale", "floor", "peak", "plain", "synth"], help=argparse.SUPPRESS
    )
    parser.add_argument("--directors", type=int, help=argparse.SUPPRESS)
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
    elif args.worker == "synth":
        result = worker_synth(args.data, args.directors)
    elif args.worker == "floor":
        result = worker_floor(args.data)
    elif args.worker == "peak":
        result = worker_peak(args.data)
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
