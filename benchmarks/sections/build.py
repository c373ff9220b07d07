"""3. Dashboard build: `tdceu build` against the floor of executing and exporting empty
notebooks; the board pack; page sizes."""

from __future__ import annotations

import importlib
import importlib.resources
import importlib.util
import os
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sections.common import (
    MIB,
    Row,
    median_seconds,
    row,
    timed,
)

# ---------------------------------------------------------------------------
# 3. Dashboard build
# ---------------------------------------------------------------------------


# the package first, as the notebooks import it (it defers a slow import of altair's)
DASHBOARD_IMPORTS = (
    "import tdceu_analysis.widgets, tdceu_analysis.figures.statewide, altair, polars"
)


def cpu_now() -> float:
    """CPU seconds of this process and of its children that ended (the kernels a build
    starts and shuts down): the work done, which other processes on a shared machine do
    not inflate the way they inflate wall-clock time."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


# CPU seconds of the last `empty_notebook_floor` (kernels included)
FLOOR_CPU: dict[str, float] = {}


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

    start, cpu = time.perf_counter(), cpu_now()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, range(count)))
    FLOOR_CPU["last"] = cpu_now() - cpu
    return time.perf_counter() - start


def board_pack_rows(build, args, tmp: Path, workers: int) -> list[Row]:
    """The board pack (issue 14): every year from one build (the summary and each year's
    pages) against its floor (an empty notebook executed and exported as many times), and
    the PDF packet's time and size."""
    section = "3. Dashboard build"
    if not hasattr(build, "plan_jobs"):
        return []
    out = tmp / "board-pack"
    cpu = cpu_now()
    seconds, result = timed(
        lambda: build.build_reports(out, images=True, progress=False, every_year=True)
    )
    build_cpu = cpu_now() - cpu
    pages = len(result.pages)
    size = f"{pages} pages ({len(result.parameters.years)} years + summary), sample"
    rows = [
        row(section, "tdceu build (every year, with images)", size, seconds, "s", note="one run")
    ]
    # the same build without images: what the chart images (vl-convert) cost, in CPU
    cpu = cpu_now()
    bare_seconds, _ = timed(
        lambda: build.build_reports(
            tmp / "board-pack-bare", images=False, progress=False, every_year=True
        )
    )
    bare_cpu = cpu_now() - cpu
    rows.append(
        row(
            section,
            "tdceu build (every year, no images), CPU time",
            size,
            bare_cpu,
            "s",
            note=f"one run, {bare_seconds:.1f} s wall; the images' share of the build's CPU: "
            f"{build_cpu - bare_cpu:.1f} s of {build_cpu:.1f} s",
        )
    )
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
    floor_cpu = FLOOR_CPU["last"]
    rows.append(
        row(section, "ratio every-year build / floor", size, seconds / floor, "x", ("<=", 1.5))
    )
    rows.append(
        row(
            section,
            "ratio every-year build / floor, CPU time",
            size,
            build_cpu / floor_cpu,
            "x",
            ("<=", 1.5),
            note=f"this process and its kernels: {build_cpu:.1f} s / {floor_cpu:.1f} s",
        )
    )
    try:
        from tdceu_analysis.report.packet import build_packet

        cpu = cpu_now()
        pdf_seconds, (packet, counts) = timed(
            lambda: build_packet(result.pages, out / "board-packet.pdf", "letter")
        )
        pdf_cpu = cpu_now() - cpu
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
    rows.append(
        row(
            section,
            "ratio PDF packet / the every-year build it prints",
            size,
            pdf_seconds / seconds,
            "x",
            ("<=", 1),
            note=f"--pdf adds this share of the HTML build's time; CPU time: "
            f"{pdf_cpu / build_cpu:.2f} x ({pdf_cpu:.1f} s / {build_cpu:.1f} s)",
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
    build_cpu: list[float] = []
    for what, images in runs:
        out = tmp / f"reports-{int(images)}"
        cpu_runs: list[float] = []

        def one_build(out=out, images=images, cpu_runs=cpu_runs) -> None:
            began = cpu_now()
            build.build_reports(out, notebooks=notebooks, images=images, progress=False)
            cpu_runs.append(cpu_now() - began)

        seconds = median_seconds(one_build, builds, warmup=0)
        build_cpu.append(statistics.median(cpu_runs))
        first = first or seconds
        runs_text = "one run" if builds == 1 else f"median of {builds} runs"
        rows.append(row(section, f"tdceu build: {what}", size, seconds, "s", note=runs_text))
        html = html or sorted(out.glob("*.html"))
    floor = empty_notebook_floor(build, len(notebooks), workers, tmp / "empty")
    floor_cpu = FLOOR_CPU["last"]
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
    rows.append(
        row(
            section,
            "ratio build (HTML only) / floor, CPU time",
            size,
            build_cpu[0] / floor_cpu,
            "x",
            ("<=", 1.5),
            note=f"this process and its kernels, medians: {build_cpu[0]:.1f} s / {floor_cpu:.1f} s",
        )
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
