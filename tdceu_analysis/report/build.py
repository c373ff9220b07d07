"""`tdceu build`: run every dashboard notebook and export it as an offline HTML page.

For each `NN_*.ipynb` of the package's `notebooks/` folder:
1. the parameters (data folder, fiscal year, as-of date, build time, `live = False`)
   go into a cell tagged `injected-parameters` right after the cell tagged
   `parameters` (papermill's convention, so any notebook following it can be built);
2. nbclient runs it, with a timeout per cell, in a kernel of this Python. The notebooks
   share one kernel, one after another (starting a kernel and importing altair, polars
   and the package costs more than running most pages); before each notebook the kernel
   forgets what the last one defined (`KernelSession.fresh_namespace`);
3. nbconvert writes `OUT/NN_name.html` with the project's template (no code, no
   CDN: vega comes inline once per page, a Content-Security-Policy forbids requests);
4. every chart of the page is also written as SVG and PNG under `OUT/figures/NN_name/`.
Pages are exported while the kernel runs the next notebook. Then `OUT/index.html`
links the pages. Progress goes to stderr (tqdm).

This module runs the build; each step is a module of its own: `parameters` (settled
once), `run` (notebooks and the shared kernel), `html_export` (the HTML page), `images`
(SVG and PNG) and `index` (the index page); import their names from them.
"""

from __future__ import annotations

import datetime as dt
import queue
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from tdceu_analysis.figures.html import esc
from tdceu_analysis.fiscal import fy_label
from tdceu_analysis.io.write import write_text
from tdceu_analysis.report.html_export import (
    chart_specs,
    clean_outputs,
    export_html,
    page_title,
    prepare_export,
)
from tdceu_analysis.report.images import ChartConverter
from tdceu_analysis.report.index import index_page
from tdceu_analysis.report.packet import PACKET_NAME, build_packet
from tdceu_analysis.report.parameters import BuildParameters, footer, resolve_parameters
from tdceu_analysis.report.run import (
    CELL_TIMEOUT,
    KernelSession,
    discover_notebooks,
    execute_notebook,
    inject_parameters,
    summary_notebook,
)

SUMMARY_STEM = "00_summary"  # the summary's page: first in the index, the packet, the folder
DEFAULT_KERNELS = 1  # one kernel: imports once, and the other core exports pages meanwhile


@dataclass
class Page:
    notebook: Path
    html: Path
    title: str
    description: str
    charts: int
    images: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    fy: int | None = None  # the year of an every-year build's page (None: the summary)


@dataclass(frozen=True)
class Job:
    """One page to build: a notebook, the parameters it runs with, where it goes."""

    notebook: Path
    parameters: BuildParameters
    out: Path  # the folder of its HTML page (its charts go in `out/figures/`)
    index_href: str = "index.html"  # the page's link back to the index
    extra: tuple[tuple[str, Any], ...] = ()  # further notebook parameters (the summary's links)

    @property
    def fy(self) -> int | None:
        return self.parameters.fy_given if self.parameters.years else None


PEOPLE_TAG = "lists-directors"  # a parameters cell so tagged: the page lists directors


def names_a_director(path: Path) -> bool:
    """A page about one director (its parameters pick one: `director_id = ...`) or a list
    of directors (its parameters cell is tagged `lists-directors`): left out of a redacted
    build, whose pages may go on a public agenda (state and region figures only)."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    return any(
        "parameters" in cell.metadata.get("tags", [])
        and (
            PEOPLE_TAG in cell.metadata.get("tags", [])
            or any(line.startswith("director_id") for line in cell.source.splitlines())
        )
        for cell in notebook.cells
    )


def year_order(parameters: BuildParameters) -> list[int]:
    """An every-year build's years as the index lists them: the last closed year and the
    current one first, then the older years, newest first."""
    from tdceu_analysis.fiscal import fiscal_year
    from tdceu_analysis.policy import load_policy

    years = sorted(parameters.years)
    closed = [y for y in years if parameters.as_of >= fiscal_year(y, load_policy(y)).end]
    leading = [y for y in (max(closed, default=None), max(years, default=None)) if y is not None]
    leading = list(dict.fromkeys(leading))
    return leading + sorted((y for y in years if y not in leading), reverse=True)


def plan_jobs(
    parameters: BuildParameters, paths: Sequence[Path], out: Path, summary: Path | None
) -> list[Job]:
    """Every page of the build, in the order they run: with `parameters.years` the summary
    (at `out`), then each year's pages (in `out/FYnn/`); else `paths` for the one year."""
    kept = [p for p in paths if not (parameters.redact and names_a_director(p))]
    if not parameters.years:
        return [Job(path, parameters, out) for path in kept]
    pages: list[Job] = []
    for fy in year_order(parameters):
        folder = out / fy_label(fy)
        pages += [Job(p, parameters.for_year(fy), folder, "../index.html") for p in kept]
    jobs = []
    if summary is not None:
        links = [
            (fy_label(fy), [(page_label(p), f"{fy_label(fy)}/{p.stem}.html") for p in kept])
            for fy in year_order(parameters)
        ]
        jobs.append(Job(summary, parameters, out, extra=(("pages", links),)))
    return jobs + pages


def page_label(path: Path) -> str:
    """A page's short name from its file: 01_statewide_compliance -> Statewide compliance."""
    return path.stem[3:].replace("_", " ").capitalize()


@dataclass
class BuildResult:
    parameters: BuildParameters
    pages: list[Page]
    index: Path
    seconds: float
    packet: Path | None = None  # the PDF board packet (--pdf)
    packet_pages: int = 0
    printed: list[int] = field(default_factory=list)  # printed pages of each page, in order


class Progress:
    """The build's progress bar (stderr): three steps a page (run, export, images), every
    page of every year."""

    def __init__(self, pages: int, show: bool) -> None:
        self.bar = tqdm(
            total=3 * pages, desc="tdceu build", unit="step", file=sys.stderr, disable=not show
        )
        self.lock = threading.Lock()  # kernel threads and the export thread report

    def doing(self, name: str, what: str) -> None:
        with self.lock:
            self.bar.set_postfix_str(f"{name}: {what}")

    def done(self, steps: int = 1) -> None:
        with self.lock:
            self.bar.update(steps)

    def close(self) -> None:
        self.bar.close()


def run_page(
    path: Path,
    parameters: BuildParameters,
    workdir: Path,
    timeout: int,
    kernel: KernelSession | None = None,
    progress: Progress | None = None,
    extra: Sequence[tuple[str, Any]] = (),
    label: str | None = None,
) -> Any:
    """The notebook at `path`, parameters (and `extra` ones) injected, executed (in `kernel`
    when given)."""
    import nbformat

    if progress is not None:
        progress.doing(label or path.stem, "running")
    values = parameters.notebook_values() | dict(extra)
    notebook = inject_parameters(nbformat.read(path, as_version=4), values)
    execute_notebook(notebook, path.name, workdir, timeout, kernel=kernel)
    if progress is not None:
        progress.done()
    return notebook


def finish_page(
    path: Path,
    notebook: Any,
    parameters: BuildParameters,
    out: Path,
    converter: ChartConverter | None,
    progress: Progress | None = None,
    index_href: str = "index.html",
    stem: str | None = None,
) -> Page:
    """Write the executed notebook's page as `out/<stem>.html` (and with a `converter`, its
    charts as SVG and PNG)."""
    started = time.perf_counter()
    name = stem or path.stem
    label = name if out.name != f"FY{parameters.fy % 100:02d}" else f"{out.name}/{name}"
    for text in clean_outputs(notebook):
        print(f"tdceu build: {label} printed: {text.strip()[:300]}", file=sys.stderr)
    if progress is not None:
        progress.doing(label, "exporting")
    out.mkdir(parents=True, exist_ok=True)
    page = export_html(
        notebook, "", footer(parameters), index_href=index_href, running=parameters.running
    )
    title, description = page_title(page, path)
    page = page.replace("<title></title>", f"<title>{esc(title)} | TD-CEU</title>", 1)
    html_path = out / f"{name}.html"
    write_text(html_path, page)  # whole or not at all
    specs = chart_specs(page)
    if progress is not None:
        progress.done()
    written: list[Path] = []
    if converter is not None:
        if progress is not None:
            progress.doing(label, "writing PNG and SVG")
        written = converter.write(specs, out / "figures" / name)
    if progress is not None:
        progress.done()
    return Page(
        notebook=path,
        html=html_path,
        title=title,
        description=description,
        charts=len(specs),
        images=written,
        seconds=time.perf_counter() - started,
        fy=parameters.fy_given if parameters.years else None,
    )


@contextmanager
def _setting(event: threading.Event) -> Iterator[None]:
    """Set `event` on the way out, whatever happened (so nobody waits for it forever)."""
    try:
        yield
    finally:
        event.set()


def _job_path(job: Job) -> Path:
    """The notebook's path as a failure names it (with its year in an every-year build)."""
    return Path(fy_label(job.fy)) / job.notebook.name if job.fy is not None else job.notebook


def _raise_first(failures: dict[int, BaseException], paths: Sequence[Path]) -> None:
    """The first failing notebook's error; the others' go to stderr first."""
    first, *others = sorted(failures)
    for index in others:
        print(f"tdceu build: {paths[index].name} failed too: {failures[index]}", file=sys.stderr)
    raise failures[first]


def build_reports(
    out: str | Path = "reports",
    data_dir: str | Path | None = None,
    fy: int | None = None,
    as_of: dt.date | None = None,
    notebooks: Sequence[Path] | None = None,
    images: bool = True,
    timeout: int = CELL_TIMEOUT,
    progress: bool = True,
    today: dt.date | None = None,
    jobs: int | None = None,
    every_year: bool = False,
    redact: bool = False,
    pdf: str | None = None,
    pdf_full: bool = False,
) -> BuildResult:
    """Build every dashboard into `out` (see the module docstring).

    `jobs` kernels run at once (default 1), each taking the next notebook in name order
    when it is free; every notebook gets a fresh namespace. One thread exports the pages
    (and has a converter process write the images) while the kernels run the next
    notebooks. A failing notebook
    does not stop the others: their pages are written, then the first failure is raised
    (a UserError naming the notebook) and no index is written.

    `every_year` (without `fy`): the summary page `out/00_summary.html`, then every fiscal
    year with records, each year's pages in `out/FYnn/`, one index leading with the last
    closed year and the current one. `redact`: a public build (the data redacted before any
    page is built from it, `widgets.board.redact_data`; the pages listing directors left
    out). `pdf`: the paper of the PDF packet to write (None: no packet); `pdf_full`: the
    what-if pages in it too."""
    started = time.perf_counter()
    out = Path(out)
    workdir = out.resolve()
    # the first kernel boots while this process reads and checks the data folder
    first = KernelSession(workdir)
    first.launch()
    try:
        return _build(
            first,
            out,
            workdir,
            started,
            data_dir,
            fy,
            as_of,
            notebooks,
            images,
            timeout,
            progress,
            today,
            jobs,
            every_year,
            redact,
            pdf,
            pdf_full,
        )
    finally:
        first.close()  # (already closed unless something went wrong)


def _build(
    first: KernelSession,
    out: Path,
    workdir: Path,
    started: float,
    data_dir: str | Path | None,
    fy: int | None,
    as_of: dt.date | None,
    notebooks: Sequence[Path] | None,
    images: bool,
    timeout: int,
    progress: bool,
    today: dt.date | None,
    jobs: int | None,
    every_year: bool,
    redact: bool,
    pdf: str | None,
    pdf_full: bool,
) -> BuildResult:
    """`build_reports` once its first kernel is booting."""
    parameters = resolve_parameters(
        data_dir, fy, as_of, today, redact=redact, every_year=every_year and fy is None
    )
    found = list(notebooks) if notebooks is not None else discover_notebooks()
    out.mkdir(parents=True, exist_ok=True)
    # the index is written last: an index left from an earlier build would make a build
    # that fails (or is stopped) half way look complete
    for stale in (out / "index.html", out / PACKET_NAME if pdf is not None else None):
        if stale is not None:
            stale.unlink(missing_ok=True)
    summary = summary_notebook() if notebooks is None else None
    plan = plan_jobs(parameters, found, out, summary)
    paths = [job.notebook for job in plan]
    kernels = max(1, min(jobs or DEFAULT_KERNELS, len(paths)))
    waiting: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(paths)):
        waiting.put(index)
    stop = threading.Event()  # set when the build is abandoned (Ctrl-C, a bug)
    failures: dict[int, BaseException] = {}
    finished: dict[int, Future[Page]] = {}
    bar = Progress(len(paths), progress)

    def run_notebooks(kernel: KernelSession, exporter: ThreadPoolExecutor) -> None:
        """One kernel's share: the next waiting notebook until there is none."""
        with kernel, _setting(kernel.busy):
            while not stop.is_set():
                try:
                    index = waiting.get_nowait()
                except queue.Empty:
                    return
                job = plan[index]
                label = (
                    f"{fy_label(job.fy)}/{job.notebook.stem}"
                    if job.fy is not None
                    else job.notebook.stem
                )
                try:
                    notebook = run_page(
                        job.notebook,
                        job.parameters,
                        workdir,
                        timeout,
                        kernel,
                        bar,
                        extra=job.extra,
                        label=label,
                    )
                except Exception as failure:  # reported once every page is done
                    failures[index] = failure
                    bar.done(3)
                    continue
                finished[index] = exporter.submit(
                    finish_page,
                    job.notebook,
                    notebook,
                    job.parameters,
                    job.out,
                    converter,
                    bar,
                    job.index_href,
                    SUMMARY_STEM if job.notebook == summary else None,
                )

    sessions = [first, *(KernelSession(workdir) for _ in range(kernels - 1))]
    converter = ChartConverter() if images else None
    try:
        with (
            ThreadPoolExecutor(1, thread_name_prefix="tdceu-export") as exporter,
            ThreadPoolExecutor(kernels, thread_name_prefix="tdceu-kernel") as runners,
        ):
            for session in sessions[1:]:
                session.launch()  # the kernels boot while this process gets the exporter ready
            import nbclient  # noqa: F401 - now, not in a thread racing the exporter's imports

            started_kernels = [runners.submit(run_notebooks, k, exporter) for k in sessions]
            exporter.submit(prepare_export, sessions)
            try:
                for running in started_kernels:
                    running.result()
            except BaseException:
                stop.set()  # the other kernels take no new notebook
                raise
            # (leaving the `with` waits for the last pages to be written)
    finally:
        for session in sessions:
            session.close()  # (already closed unless something went wrong)
        if converter is not None:
            converter.close()
        bar.close()
    pages: list[Page] = []
    for index in sorted(finished):
        try:
            pages.append(finished[index].result())
        except Exception as failure:
            failures[index] = failure
    if failures:
        _raise_first(failures, [_job_path(job) for job in plan])
    index_path = out / "index.html"
    order = year_order(parameters) if parameters.years else []
    packet, printed = None, []
    if pdf is not None:
        if progress:
            print("tdceu build: writing the PDF packet", file=sys.stderr)
        packet, printed = build_packet(pages, out / PACKET_NAME, pdf, full=pdf_full)
    write_text(
        index_path, index_page(parameters, pages, out, order, packet.name if packet else None)
    )
    return BuildResult(
        parameters,
        pages,
        index_path,
        time.perf_counter() - started,
        packet,
        sum(printed),
        printed,
    )
