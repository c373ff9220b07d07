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
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tqdm import tqdm

from tdceu_analysis import __version__
from tdceu_analysis._paths import notebooks_folder as package_notebooks_folder
from tdceu_analysis._paths import sample_folder, templates_folder
from tdceu_analysis.charts import chart_name
from tdceu_analysis.errors import UserError
from tdceu_analysis.figures.html import PAGE_CSS, esc
from tdceu_analysis.fiscal import current_fiscal_year, fiscal_year, resolve_as_of
from tdceu_analysis.io.load import load_folder
from tdceu_analysis.policy import load_policy

NOTEBOOK_PATTERN = re.compile(r"^\d\d_[A-Za-z0-9_]+\.ipynb$")
TEMPLATE_NAME = "tdceu"
REMOVED_TAGS = ("notebook-only", "widgets", "parameters", "injected-parameters", "remove-cell")
CELL_TIMEOUT = 300  # seconds a cell may run
STARTUP_TIMEOUT = 120  # seconds for a kernel to start
DEFAULT_KERNELS = 1  # one kernel: imports once, and the other core exports pages meanwhile
CONVERTERS = 1  # processes drawing chart images (more only fight the kernel for 2 cores)
# a chart block (its attributes in any order: the exporter may reorder them)
SPEC_BLOCK = re.compile(r'<script([^>]*\bclass="tdceu-spec"[^>]*)>(.*?)</script>', re.DOTALL)
TARGET = re.compile(r'\bdata-target="([^"]+)"')

EXTRA_CSS = """
body.tdceu { margin: 0; background: #fff; }
.tdceu-nav { font-size: 13px; padding: 8px 24px; background: #f3f6f9;
  border-bottom: 1px solid #dde3ea; }
.tdceu-nav a { color: #0b5c99; text-decoration: none; }
.tdceu-page { max-width: 1000px; margin: 0 auto; padding: 16px 24px 32px 24px; }
.tdceu-footer { max-width: 1000px; margin: 0 auto; padding: 12px 24px 24px 24px; font-size: 12px;
  color: #666; border-top: 1px solid #ddd; }
.jp-Cell { margin: 0 0 14px 0; }
.jp-MarkdownCell h2 { font-size: 19px; margin: 26px 0 6px 0; padding-top: 8px;
  border-top: 1px solid #e5e5e5; }
.jp-MarkdownCell p { margin: 4px 0; }
.jp-OutputArea-output pre { white-space: pre-wrap; font-size: 12px; }
.tdceu-chart { margin: 4px 0 8px 0; }
.vega-embed .vega-bindings { font-size: 13px; margin: 4px 0 0 0; }
.vega-embed .vega-bindings select { font-size: 13px; padding: 2px 4px; max-width: 420px; }
.tdceu-index ul { list-style: none; padding: 0; }
.tdceu-index li { border: 1px solid #ddd; border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
.tdceu-index li a.tdceu-page-link { font-size: 18px; font-weight: 600; color: #0b5c99; }
.tdceu-index .tdceu-files { font-size: 12px; color: #555; }
.tdceu-index .tdceu-files a { color: #555; }
[hidden] { display: none !important; }
a.anchor-link { display: none; }
"""


# ---------------------------------------------------------------------------
# Finding the notebooks and the template
# ---------------------------------------------------------------------------


def notebooks_folder() -> Path:
    """The installed package's notebooks (they ship in the wheel)."""
    return package_notebooks_folder()


def discover_notebooks(folder: Path | None = None) -> list[Path]:
    """Every `NN_name.ipynb` of the folder, in name order."""
    folder = folder or notebooks_folder()
    if not folder.is_dir():
        raise UserError(f"no notebooks folder at {folder}: is the package installed whole?")
    found = sorted(p for p in folder.iterdir() if NOTEBOOK_PATTERN.match(p.name))
    if not found:
        raise UserError(f"no NN_name.ipynb notebook in {folder}")
    return found


@cache
def vega_bundle() -> str:
    """vega, vega-lite and vega-embed as one script (no network), from vl-convert."""
    import vl_convert

    return vl_convert.javascript_bundle()


def page_script() -> str:
    return (templates_folder() / TEMPLATE_NAME / "page.js").read_text(encoding="utf-8")


def _script_hash(code: str) -> str:
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(scripts: Sequence[str]) -> str:
    """No request of any kind; only the page's own inline scripts (by hash) run.
    vega compiles its expressions with Function(), hence 'unsafe-eval'."""
    hashes = " ".join(_script_hash(code) for code in scripts)
    script_src = f"{hashes} 'unsafe-eval'" if scripts else "'none'"
    return (
        "default-src 'none'; "
        f"script-src {script_src}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "connect-src 'none'; form-action 'none'; base-uri 'none'"
    )


# ---------------------------------------------------------------------------
# Parameters and execution
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildParameters:
    """What every page is built with (and says on its face)."""

    data_dir: Path | None
    fy: int
    as_of: dt.date
    built_at: str
    fy_given: int | None = None  # --fy as given: a notebook may default otherwise (05)

    def notebook_values(self) -> dict[str, Any]:
        """The notebooks' parameters. The as-of date is settled once for every page;
        the year goes as given, so each page defaults the same way it does in JupyterLab
        (the year of the as-of date, or the last closed one for the what-if page)."""
        return {
            "data_dir": str(self.data_dir) if self.data_dir is not None else None,
            "fy": self.fy_given,
            "as_of": self.as_of.isoformat(),
            "live": False,
            "built_at": self.built_at,
        }

    @property
    def data_label(self) -> str:
        if self.data_dir is None:
            return f"{sample_folder()} (the shipped sample)"
        return str(self.data_dir)


def resolve_parameters(
    data_dir: str | Path | None,
    fy: int | None,
    as_of: dt.date | None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> BuildParameters:
    """Check the data folder and settle the year and as-of date once, for every page."""
    folder = Path(data_dir).resolve() if data_dir is not None else None
    if folder is not None and not folder.is_dir():
        raise UserError(f"data folder {data_dir} does not exist (or is not a folder)")
    load_folder(folder or sample_folder())  # a broken folder fails here, not in a kernel
    year = fy if fy is not None else current_fiscal_year(as_of or today)
    settled = resolve_as_of(fiscal_year(year, load_policy(year)), as_of, today)
    moment = now or dt.datetime.now(dt.UTC)
    return BuildParameters(folder, year, settled, moment.strftime("%Y-%m-%d %H:%M UTC"), fy)


def inject_parameters(notebook: Any, values: dict[str, Any]) -> Any:
    """A copy with `values` assigned in a cell after the one tagged `parameters`."""
    import nbformat

    copy = nbformat.from_dict(json.loads(json.dumps(notebook)))
    source = "# Parameters injected by tdceu build\n" + "\n".join(
        f"{name} = {value!r}" for name, value in values.items()
    )
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    tagged = [i for i, c in enumerate(copy.cells) if "parameters" in c.metadata.get("tags", [])]
    copy.cells.insert(tagged[0] + 1 if tagged else 0, cell)
    return copy


def _kernel_manager() -> Any:
    """A kernel of this very Python (the one with this package installed), whatever
    kernelspecs the machine has."""
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import KernelManager

    class ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name=f"Python ({sys.executable})",
                language="python",
            )

    # an asyncio client, as nbclient expects: with a blocking one its wait for output
    # blocks the event loop, and a cell over the timeout is never stopped
    return KernelManager(
        kernel_name="tdceu-python",
        kernel_spec_manager=ThisPython(),
        client_class="jupyter_client.asynchronous.AsyncKernelClient",
    )


# Runs once in each new kernel: a private module whose `fresh_namespace()` gives the next
# notebook what a new kernel would (modules stay imported: that is the point of sharing).
KERNEL_SETUP = """
def _tdceu_setup():
    import gc, os, sys, types, warnings

    cwd, path, environ = os.getcwd(), list(sys.path), dict(os.environ)
    filters = list(warnings.filters)

    def fresh_namespace():
        get_ipython().reset(new_session=True)  # every variable, In/Out, the history
        os.chdir(cwd)
        sys.path[:] = path
        if dict(os.environ) != environ:
            os.environ.clear()
            os.environ.update(environ)
        warnings.filters[:] = filters
        getattr(warnings, "_filters_mutated", lambda: None)()  # (forget cached decisions)
        gc.freeze()  # what is left is alive (modules, caches): later collections skip it

    module = types.ModuleType("_tdceu_build")
    module.fresh_namespace = fresh_namespace
    sys.modules["_tdceu_build"] = module

_tdceu_setup()
del _tdceu_setup
"""
FRESH_NAMESPACE = "__import__('_tdceu_build').fresh_namespace()"


class KernelSession:
    """One kernel that runs notebooks one after another, each in a fresh user namespace.

    Use as a context manager: the kernel starts on entry and is shut down on exit. A
    notebook that times out or kills the kernel gets the next notebook a new kernel."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = Path(workdir)
        self.manager: Any = None
        self.client: Any = None
        self.used = False  # a notebook ran since the kernel started
        self.busy = threading.Event()  # set once a cell went to the kernel (or it failed)

    def __enter__(self) -> KernelSession:
        if self.client is None:
            self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def launch(self) -> None:
        """Start the kernel's process and return at once: it boots while we do other work."""
        self.manager = _kernel_manager()
        self.manager.start_kernel(
            cwd=str(self.workdir),
            stderr=subprocess.DEVNULL,  # the kernel's own warnings are noise here
            extra_arguments=["--HistoryManager.hist_file=:memory:"],
        )

    def start(self) -> None:
        """Launch the kernel (unless `launch` did) and wait until it is ready."""
        from jupyter_core.utils import run_sync  # (this thread's event loop, as nbclient's)

        if self.manager is None:
            self.launch()
        try:
            self.client = self.manager.client()
            self.client.start_channels()
            run_sync(self.client.wait_for_ready)(timeout=STARTUP_TIMEOUT)
            self.client.allow_stdin = False
            self._run_quietly(KERNEL_SETUP)
        except BaseException:
            self.close()
            raise
        self.used = False

    def close(self) -> None:
        """Stop the kernel (nothing in it needs saving, so no graceful wait)."""
        if self.client is not None:
            self.client.stop_channels()
            self.client = None
        manager, self.manager = self.manager, None
        if manager is not None and manager.has_kernel:
            manager.shutdown_kernel(now=True)

    def _run_quietly(self, code: str) -> None:
        """Run `code` without output or history; fail if it raises."""
        from jupyter_core.utils import run_sync

        async def reply_to(msg_id: str) -> dict[str, Any]:
            while True:
                reply = await self.client.get_shell_msg(timeout=STARTUP_TIMEOUT)
                if reply["parent_header"].get("msg_id") == msg_id:
                    return reply

        msg_id = self.client.execute(code, silent=True, store_history=False)
        content = run_sync(reply_to)(msg_id)["content"]
        if content["status"] != "ok":
            raise RuntimeError(
                f"tdceu build: could not prepare the kernel: {content.get('ename')}: "
                f"{content.get('evalue')}"
            )

    def fresh_namespace(self) -> None:
        """Forget the last notebook: its variables and In/Out go; the working directory,
        sys.path, environment variables and warning filters go back to how the kernel
        started. Imported modules stay (with any state a notebook gave them)."""
        if self.used:
            self._run_quietly(FRESH_NAMESPACE)
            self.used = False

    def run(self, notebook: Any, name: str, timeout: int = CELL_TIMEOUT) -> Any:
        """Run every cell of `notebook` in a fresh namespace (see `execute_notebook`)."""
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

        if self.client is None:
            self.start()
        self.fresh_namespace()
        self.used = True
        runner = NotebookClient(
            notebook,
            km=self.manager,
            timeout=timeout,
            startup_timeout=STARTUP_TIMEOUT,
            resources={"metadata": {"path": str(self.workdir)}},
            record_timing=False,
            on_cell_complete=lambda **_: self.busy.set(),  # (called once a cell is sent)
        )
        runner.kc = self.client  # this kernel, already started and set up
        try:
            runner.execute()
        except CellExecutionError as failure:
            if failure.ename == "UserError":
                raise UserError(f"{name}: {failure.evalue}") from None
            raise RuntimeError(
                f"notebook {name} failed: {failure.ename}: {failure.evalue}"
            ) from failure
        except CellTimeoutError:
            self.close()  # the cell may still be running: the next notebook gets a new kernel
            raise UserError(f"{name}: a cell ran longer than {timeout} s (see --timeout)") from None
        except DeadKernelError as failure:
            self.close()
            raise RuntimeError(f"notebook {name}: the kernel died ({failure})") from failure
        return notebook


def execute_notebook(
    notebook: Any,
    name: str,
    workdir: Path,
    timeout: int = CELL_TIMEOUT,
    kernel: KernelSession | None = None,
) -> Any:
    """Run every cell; a failing cell becomes a UserError naming the notebook (the
    kernel's own UserError message when the data or a parameter is the problem).
    In `kernel` when given (fresh namespace, same imports), else in a kernel of its own
    that is shut down afterwards."""
    if kernel is not None:
        return kernel.run(notebook, name, timeout)
    with KernelSession(workdir) as own:
        return own.run(notebook, name, timeout)


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------


def clean_outputs(notebook: Any) -> list[str]:
    """Drop text streams (warnings, prints) from the page; return them for the log."""
    dropped = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                dropped.append(output.get("text", ""))
            else:
                kept.append(output)
        cell.outputs = kept
    return dropped


HEADER_TITLE = re.compile(r'class="tdceu tdceu-header"><h1>(.*?)</h1>', re.DOTALL)
HEADER_LEAD = re.compile(r'<p class="tdceu-lead">(.*?)</p>', re.DOTALL)


def page_title(page: str, path: Path) -> tuple[str, str]:
    """(title, one-line summary) as the page's header states them (`Board.header`); the
    file name when the page has no such header."""
    title = HEADER_TITLE.search(page)
    lead = HEADER_LEAD.search(page)
    if title is None:
        return path.stem[3:].replace("_", " ").capitalize(), ""
    return html.unescape(title.group(1)), html.unescape(lead.group(1)) if lead else ""


@dataclass(frozen=True)
class PageScripts:
    """The two inline scripts of every page and the policy that lets only them run."""

    vega_js: str
    page_js: str
    csp: str


@cache
def page_scripts() -> PageScripts:
    """Read, bundled and hashed once per process (the vega bundle alone takes a second)."""
    vega_js, page_js = vega_bundle(), page_script()
    return PageScripts(vega_js, page_js, content_security_policy([vega_js, page_js]))


# The template gets these markers instead of the scripts, which go in after nbconvert's
# pass over the finished page (BeautifulSoup would parse and re-serialise the 0.9 MB of
# vega on every page, and leaves script text as it is anyway).
VEGA_SLOT = "<script>/* tdceu: vega, vega-lite, vega-embed */</script>"
PAGE_SLOT = "<script>/* tdceu: page script */</script>"
_EXPORT_LOCK = threading.Lock()  # the exporter sets filters per call: one page at a time


@cache
def page_exporter() -> Any:
    """The configured HTML exporter, made once: its Jinja templates compile once."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(templates_folder())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=set(REMOVED_TAGS), enabled=True), enabled=True
    )
    return exporter


def prepare_export(kernels: Sequence[KernelSession] = ()) -> None:
    """Do the export's one-off work now, while `kernels` boot and import. The vega bundle
    waits until each of them has a cell to run: vl-convert holds the GIL for its second
    or so, which would stall the threads that talk to the kernels."""
    page_exporter()
    for kernel in kernels:
        kernel.busy.wait(STARTUP_TIMEOUT)
    page_scripts()


def _fill_slot(page: str, slot: str, script: str) -> str:
    """Put `script` in the page's last `slot` (the template's, after any content)."""
    head, found, tail = page.rpartition(slot)
    if not found:
        raise RuntimeError(f"tdceu build: the page template lost its script slot {slot}")
    return f"{head}<script>{script}</script>{tail}"


def export_html(notebook: Any, title: str, footer: str) -> str:
    """The page of an executed notebook: outputs only, both scripts inline, the CSP."""
    scripts = page_scripts()
    with _EXPORT_LOCK:
        body, _ = page_exporter().from_notebook_node(
            notebook,
            resources={
                "tdceu": {
                    "title": title,
                    "css": PAGE_CSS + EXTRA_CSS,
                    "vega_slot": VEGA_SLOT,
                    "page_slot": PAGE_SLOT,
                    "csp": scripts.csp,
                    "footer": footer,
                    "version": __version__,
                }
            },
        )
    body = _fill_slot(body, PAGE_SLOT, scripts.page_js)
    return _fill_slot(body, VEGA_SLOT, scripts.vega_js)


def chart_specs(page: str) -> list[tuple[str, dict[str, Any]]]:
    """(chart id, vega-lite spec) of every chart block of an exported page."""
    found = []
    for attributes, text in SPEC_BLOCK.findall(page):
        target = TARGET.search(attributes)
        found.append((target.group(1) if target else "", json.loads(text)))
    return found


def image_stems(specs: Sequence[tuple[str, dict[str, Any]]]) -> list[str]:
    """`NN_name` of each chart (its name from `finish`, numbered on the page)."""
    stems = []
    seen: dict[str, int] = {}
    for number, (_, spec) in enumerate(specs, start=1):
        name = chart_name(spec) or "chart"
        seen[name] = seen.get(name, 0) + 1
        stems.append(f"{number:02d}_{name}" + (f"_{seen[name]}" if seen[name] > 1 else ""))
    return stems


# The converter process: one JSON line in per chart (spec, svg path, png path), one out.
# vl-convert holds the GIL while it draws (0.1-0.3 s a chart), which would stall the threads
# that drive the kernels; in a process of its own it also gets the other core.
CONVERTER = """
import json, sys
import vl_convert

for line in sys.stdin:
    job = json.loads(line)
    try:
        svg = vl_convert.vegalite_to_svg(job["spec"])
        with open(job["svg"], "w", encoding="utf-8") as file:
            file.write(svg)
        # the PNG from the SVG: what vegalite_to_png does, without running vega again
        with open(job["png"], "wb") as file:
            file.write(vl_convert.svg_to_png(svg, scale=2))
        print(json.dumps({"done": job["svg"]}), flush=True)
    except Exception as problem:
        print(json.dumps({"failed": job["svg"], "why": f"{type(problem).__name__}: {problem}"}),
              flush=True)
"""


class ChartConverter:
    """Processes that write charts as SVG and PNG (vl-convert), started on first use; a
    page's charts are shared out between them."""

    def __init__(self, processes: int = CONVERTERS) -> None:
        self.count = max(1, processes)
        self.processes: list[subprocess.Popen[str]] = []

    def __enter__(self) -> ChartConverter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        processes, self.processes = self.processes, []
        for process in processes:
            process.stdin.close()  # type: ignore[union-attr]  # (its loop ends)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def write(self, specs: Sequence[tuple[str, dict[str, Any]]], folder: Path) -> list[Path]:
        """Each chart as `folder/NN_name.svg` and `.png`; the files, in chart order."""
        while len(self.processes) < min(self.count, len(specs)):
            self.processes.append(
                subprocess.Popen(
                    [sys.executable, "-c", CONVERTER],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                    encoding="utf-8",
                )
            )
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        sent = [0] * len(self.processes)
        for number, (stem, (_, spec)) in enumerate(zip(image_stems(specs), specs, strict=True)):
            svg, png = folder / f"{stem}.svg", folder / f"{stem}.png"
            job = {"spec": spec, "svg": str(svg), "png": str(png)}
            which = number % len(self.processes)
            self.processes[which].stdin.write(json.dumps(job) + "\n")  # type: ignore[union-attr]
            self.processes[which].stdin.flush()  # type: ignore[union-attr]
            sent[which] += 1
            written += [svg, png]
        failed = []
        for process, count in zip(self.processes, sent, strict=True):
            for _ in range(count):  # (every answer is read: the next page's stay in step)
                line = process.stdout.readline()  # type: ignore[union-attr]
                if not line:
                    self.close()
                    raise RuntimeError("tdceu build: a chart image converter stopped")
                answer = json.loads(line)
                if "failed" in answer:
                    failed.append(f"{answer['failed']}: {answer['why']}")
        if failed:
            raise RuntimeError(f"tdceu build: a chart image failed: {'; '.join(failed)}")
        return written


def write_images(specs: list[tuple[str, dict[str, Any]]], folder: Path) -> list[Path]:
    """Each chart as SVG and PNG (vl-convert), named after the chart, for slide decks."""
    with ChartConverter() as converter:
        return converter.write(specs, folder)


# ---------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------


@dataclass
class Page:
    notebook: Path
    html: Path
    title: str
    description: str
    charts: int
    images: list[Path] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class BuildResult:
    parameters: BuildParameters
    pages: list[Page]
    index: Path
    seconds: float


def _footer(parameters: BuildParameters) -> str:
    return (
        f"tdceu-analysis {__version__}. FY{parameters.fy % 100:02d} as of "
        f"{parameters.as_of}; data: {parameters.data_label}; built {parameters.built_at}. "
        "Open offline: this page loads nothing from the network."
    )


class Progress:
    """The build's progress bar (stderr): three steps a page (run, export, images)."""

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
) -> Any:
    """The notebook at `path`, parameters injected, executed (in `kernel` when given)."""
    import nbformat

    if progress is not None:
        progress.doing(path.stem, "running")
    notebook = inject_parameters(nbformat.read(path, as_version=4), parameters.notebook_values())
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
) -> Page:
    """Write the executed notebook's page (and with a `converter`, its charts as SVG and
    PNG)."""
    started = time.perf_counter()
    name = path.stem
    for text in clean_outputs(notebook):
        print(f"tdceu build: {name} printed: {text.strip()[:300]}", file=sys.stderr)
    if progress is not None:
        progress.doing(name, "exporting")
    page = export_html(notebook, "", _footer(parameters))
    title, description = page_title(page, path)
    page = page.replace("<title></title>", f"<title>{esc(title)} | TD-CEU</title>", 1)
    html_path = out / f"{name}.html"
    html_path.write_text(page, encoding="utf-8")
    specs = chart_specs(page)
    if progress is not None:
        progress.done()
    written: list[Path] = []
    if converter is not None:
        if progress is not None:
            progress.doing(name, "writing PNG and SVG")
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
    )


def build_page(
    path: Path,
    parameters: BuildParameters,
    out: Path,
    workdir: Path,
    images: bool,
    timeout: int,
    kernel: KernelSession | None = None,
) -> Page:
    """One page on its own: run (in `kernel`, or a kernel of its own), export, images."""
    started = time.perf_counter()
    notebook = run_page(path, parameters, workdir, timeout, kernel)
    with ChartConverter() as converter:
        page = finish_page(path, notebook, parameters, out, converter if images else None)
    page.seconds = time.perf_counter() - started
    return page


def index_page(parameters: BuildParameters, pages: list[Page], out: Path) -> str:
    """The page that links the dashboards, with the facts they share."""
    items = []
    for page in pages:
        files = ""
        if page.images:
            folder = page.images[0].parent.relative_to(out).as_posix()
            files = (
                f" &middot; {len(page.images) // 2} charts as SVG and PNG in "
                f'<a href="{esc(folder)}/">{esc(folder)}/</a>'
            )
        items.append(
            f'<li><a class="tdceu-page-link" href="{esc(page.html.name)}">{esc(page.title)}</a>'
            f"<p>{esc(page.description)}</p>"
            f'<div class="tdceu-files">{esc(page.html.name)}{files}</div></li>'
        )
    facts = [
        ("Fiscal year", f"FY{parameters.fy % 100:02d}"),
        ("As of", parameters.as_of.isoformat()),
        ("Data folder", parameters.data_label),
        ("Built", parameters.built_at),
        ("Package", f"tdceu-analysis {__version__}"),
    ]
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts)
    csp = content_security_policy([])
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        "<title>TD-CEU dashboards</title>"
        f"<style>{PAGE_CSS}{EXTRA_CSS}</style></head>"
        '<body class="tdceu"><main class="tdceu-page tdceu-index">'
        '<div class="tdceu-header"><h1>TD-CEU dashboards</h1>'
        '<p class="tdceu-lead">ALET technology directors\' continuing-education requirement: '
        "compliance, strands, who is at risk, and one director's year.</p>"
        f'<dl class="tdceu-facts">{rows}</dl></div>'
        f"<ul>{''.join(items)}</ul></main>"
        f'<footer class="tdceu-footer">{esc(_footer(parameters))}</footer></body></html>'
    )


@contextmanager
def _setting(event: threading.Event) -> Iterator[None]:
    """Set `event` on the way out, whatever happened (so nobody waits for it forever)."""
    try:
        yield
    finally:
        event.set()


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
) -> BuildResult:
    """Build every dashboard into `out` (see the module docstring).

    `jobs` kernels run at once (default 1), each taking the next notebook in name order
    when it is free; every notebook gets a fresh namespace. One thread exports the pages
    (and has a converter process write the images) while the kernels run the next
    notebooks. A failing notebook
    does not stop the others: their pages are written, then the first failure is raised
    (a UserError naming the notebook) and no index is written."""
    started = time.perf_counter()
    parameters = resolve_parameters(data_dir, fy, as_of, today)
    paths = list(notebooks) if notebooks is not None else discover_notebooks()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    workdir = out.resolve()
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
                path = paths[index]
                try:
                    notebook = run_page(path, parameters, workdir, timeout, kernel, bar)
                except Exception as failure:  # reported once every page is done
                    failures[index] = failure
                    bar.done(3)
                    continue
                finished[index] = exporter.submit(
                    finish_page, path, notebook, parameters, out, converter, bar
                )

    sessions = [KernelSession(workdir) for _ in range(kernels)]
    converter = ChartConverter() if images else None
    try:
        with (
            ThreadPoolExecutor(1, thread_name_prefix="tdceu-export") as exporter,
            ThreadPoolExecutor(kernels, thread_name_prefix="tdceu-kernel") as runners,
        ):
            for session in sessions:
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
        _raise_first(failures, paths)
    index_path = out / "index.html"
    index_path.write_text(index_page(parameters, pages, out), encoding="utf-8")
    return BuildResult(parameters, pages, index_path, time.perf_counter() - started)
