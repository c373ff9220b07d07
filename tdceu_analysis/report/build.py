"""`tdceu build`: run every dashboard notebook and export it as an offline HTML page.

For each `NN_*.ipynb` of the package's `notebooks/` folder:
1. the parameters (data folder, fiscal year, as-of date, build time, `live = False`)
   go into a cell tagged `injected-parameters` right after the cell tagged
   `parameters` (papermill's convention, so any notebook following it can be built);
2. nbclient runs it in a fresh kernel of this Python, with a timeout per cell;
3. nbconvert writes `OUT/NN_name.html` with the project's template (no code, no
   CDN: vega comes inline once per page, a Content-Security-Policy forbids requests);
4. every chart of the page is also written as SVG and PNG under `OUT/figures/NN_name/`.
Then `OUT/index.html` links the pages. Progress goes to stderr (tqdm).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from tqdm import tqdm

from tdceu_analysis import __version__
from tdceu_analysis.charts import chart_name
from tdceu_analysis.cli.common import current_fiscal_year, sample_folder
from tdceu_analysis.errors import UserError
from tdceu_analysis.figures.html import PAGE_CSS, esc
from tdceu_analysis.fiscal import fiscal_year, resolve_as_of
from tdceu_analysis.io.load import load_folder
from tdceu_analysis.policy import load_policy

NOTEBOOK_PATTERN = re.compile(r"^\d\d_[A-Za-z0-9_]+\.ipynb$")
TEMPLATE_NAME = "tdceu"
REMOVED_TAGS = ("notebook-only", "widgets", "parameters", "injected-parameters", "remove-cell")
CELL_TIMEOUT = 300  # seconds a cell may run
STARTUP_TIMEOUT = 120  # seconds for a kernel to start
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
    return Path(str(resources.files("tdceu_analysis").joinpath("notebooks")))


def templates_folder() -> Path:
    return Path(str(resources.files("tdceu_analysis").joinpath("report", "templates")))


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

    return KernelManager(kernel_name="tdceu-python", kernel_spec_manager=ThisPython())


def execute_notebook(notebook: Any, name: str, workdir: Path, timeout: int = CELL_TIMEOUT) -> Any:
    """Run every cell; a failing cell becomes a UserError naming the notebook (the
    kernel's own UserError message when the data or a parameter is the problem)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    client = NotebookClient(
        notebook,
        km=_kernel_manager(),
        timeout=timeout,
        startup_timeout=STARTUP_TIMEOUT,
        resources={"metadata": {"path": str(workdir)}},
        record_timing=False,
    )
    try:
        client.execute(stderr=subprocess.DEVNULL)  # the kernel's own warnings are noise here
    except CellExecutionError as failure:
        if failure.ename == "UserError":
            raise UserError(f"{name}: {failure.evalue}") from None
        raise RuntimeError(
            f"notebook {name} failed: {failure.ename}: {failure.evalue}"
        ) from failure
    except CellTimeoutError:
        raise UserError(f"{name}: a cell ran longer than {timeout} s (see --timeout)") from None
    except DeadKernelError as failure:
        raise RuntimeError(f"notebook {name}: the kernel died ({failure})") from failure
    return notebook


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


def export_html(notebook: Any, title: str, footer: str) -> str:
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
    scripts = [vega_bundle(), page_script()]
    body, _ = exporter.from_notebook_node(
        notebook,
        resources={
            "tdceu": {
                "title": title,
                "css": PAGE_CSS + EXTRA_CSS,
                "vega_js": scripts[0],
                "page_js": scripts[1],
                "csp": content_security_policy(scripts),
                "footer": footer,
                "version": __version__,
            }
        },
    )
    return body


def chart_specs(page: str) -> list[tuple[str, dict[str, Any]]]:
    """(chart id, vega-lite spec) of every chart block of an exported page."""
    found = []
    for attributes, text in SPEC_BLOCK.findall(page):
        target = TARGET.search(attributes)
        found.append((target.group(1) if target else "", json.loads(text)))
    return found


def write_images(specs: list[tuple[str, dict[str, Any]]], folder: Path) -> list[Path]:
    """Each chart as SVG and PNG (vl-convert), named after the chart, for slide decks."""
    import vl_convert

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    seen: dict[str, int] = {}
    for number, (_, spec) in enumerate(specs, start=1):
        name = chart_name(spec) or "chart"
        seen[name] = seen.get(name, 0) + 1
        stem = f"{number:02d}_{name}" + (f"_{seen[name]}" if seen[name] > 1 else "")
        svg = folder / f"{stem}.svg"
        svg.write_text(vl_convert.vegalite_to_svg(spec), encoding="utf-8")
        png = folder / f"{stem}.png"
        png.write_bytes(vl_convert.vegalite_to_png(spec, scale=2))
        written += [svg, png]
    return written


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


def build_page(
    path: Path,
    parameters: BuildParameters,
    out: Path,
    workdir: Path,
    images: bool,
    timeout: int,
    progress: tqdm | None = None,
) -> Page:
    import nbformat

    started = time.perf_counter()
    name = path.stem

    def step(what: str) -> None:
        if progress is not None:
            progress.set_postfix_str(f"{name}: {what}")

    step("running")
    notebook = inject_parameters(nbformat.read(path, as_version=4), parameters.notebook_values())
    execute_notebook(notebook, path.name, workdir, timeout)
    if progress is not None:
        progress.update(1)
    for text in clean_outputs(notebook):
        print(f"tdceu build: {name} printed: {text.strip()[:300]}", file=sys.stderr)
    step("exporting")
    page = export_html(notebook, "", _footer(parameters))
    title, description = page_title(page, path)
    page = page.replace("<title></title>", f"<title>{esc(title)} | TD-CEU</title>", 1)
    html_path = out / f"{name}.html"
    html_path.write_text(page, encoding="utf-8")
    specs = chart_specs(page)
    if progress is not None:
        progress.update(1)
    written: list[Path] = []
    if images:
        step("writing PNG and SVG")
        written = write_images(specs, out / "figures" / name)
    if progress is not None:
        progress.update(1)
    return Page(
        notebook=path,
        html=html_path,
        title=title,
        description=description,
        charts=len(specs),
        images=written,
        seconds=time.perf_counter() - started,
    )


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
    """Build every dashboard into `out` (see the module docstring); `jobs` notebooks run
    at once, each in its own kernel (default: one per CPU, at most 4)."""
    started = time.perf_counter()
    parameters = resolve_parameters(data_dir, fy, as_of, today)
    paths = list(notebooks) if notebooks is not None else discover_notebooks()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    workdir = out.resolve()
    workers = max(1, min(jobs or os.cpu_count() or 1, 4, len(paths)))
    with (
        tqdm(
            total=3 * len(paths),
            desc="tdceu build",
            unit="step",
            file=sys.stderr,
            disable=not progress,
        ) as bar,
        ThreadPoolExecutor(max_workers=workers) as pool,
    ):
        running = [
            pool.submit(build_page, path, parameters, out, workdir, images, timeout, bar)
            for path in paths
        ]
        pages = [future.result() for future in running]
    index = out / "index.html"
    index.write_text(index_page(parameters, pages, out), encoding="utf-8")
    return BuildResult(parameters, pages, index, time.perf_counter() - started)
