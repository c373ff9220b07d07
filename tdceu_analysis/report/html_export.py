"""Exporting an executed notebook as an offline HTML page (nbconvert, the project's template).

No code, no CDN: vega comes inline once per page, and a Content-Security-Policy forbids
every request and every inline script but the page's own (by hash). A page with a table
(03, 04) also carries DataTables as itables ships it (`dt_bundle.js`, the same library
the live notebooks' tables use), inline. The page's markup is the nbconvert template
`templates/tdceu/`, its extra CSS `templates/site/extra.css`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tdceu_analysis import __version__
from tdceu_analysis._paths import templates_folder
from tdceu_analysis.figures.html import PAGE_CSS
from tdceu_analysis.report.parameters import OFFLINE_NOTE
from tdceu_analysis.report.run import STARTUP_TIMEOUT, KernelSession

TEMPLATE_NAME = "tdceu"
REMOVED_TAGS = ("notebook-only", "widgets", "parameters", "injected-parameters", "remove-cell")
# a chart block (its attributes in any order: the exporter may reorder them)
SPEC_BLOCK = re.compile(r'<script([^>]*\bclass="tdceu-spec"[^>]*)>(.*?)</script>', re.DOTALL)
TARGET = re.compile(r'\bdata-target="([^"]+)"')


@cache
def extra_css() -> str:
    """The build's CSS on top of the pages' own (read once)."""
    return (templates_folder() / "site" / "extra.css").read_text(encoding="utf-8")


def page_css() -> str:
    """Every page's style sheet: the tables' and cards' (figures) and the build's."""
    return PAGE_CSS + extra_css()


@cache
def vega_bundle() -> str:
    """vega, vega-lite and vega-embed as one script (no network), from vl-convert."""
    import vl_convert

    return vl_convert.javascript_bundle()


# itables' DataTables bundle is an ES module ending in `export{a as B,...}`; the page
# runs it as an inline module script and hands its default export (DataTable) to page.js.
_MODULE_EXPORTS = re.compile(r"export\s*\{([^{}]*)\}\s*;?\s*(/\*.*?\*/)?\s*$", re.DOTALL)
TABLE_MARK = "data-tdceu-table"  # a table box page.js makes a DataTable (figures/html.py)
# The bundle's style sheet also styles extensions the pages do not use (SearchPanes,
# SearchBuilder, ColumnControl, Scroller, KeyTable, ColReorder, FixedColumns, Responsive,
# RowGroup, the editor): their plain rules stay out of the page (~30 kB of 107).
_UNUSED_STYLE = re.compile(r"\.(?:dtsp|dtsb|dtcc|dts|dtk|dtcr|dtfc|dtr|dtrg|dte)[-_\s.:{,]")
_PLAIN_RULE = re.compile(r"(?<=[}\n])([^{}@]+)\{[^{}]*\}")


def _used_style(css: str) -> str:
    """`css` less the plain rules whose selectors are all an unused extension's."""

    def keep(match: re.Match[str]) -> str:
        selectors = match.group(1).split(",")
        return "" if all(_UNUSED_STYLE.search(s + " ") for s in selectors) else match.group(0)

    return _PLAIN_RULE.sub(keep, css)


@cache
def datatables_bundle() -> tuple[str, str]:
    """(script, style) of DataTables with Buttons (CSV, Excel via JSZip), from the installed
    itables, as an inline module script that sets `window.tdceuDataTable`."""
    from itables.options import dt_bundle

    path = Path(dt_bundle)
    source = path.read_text(encoding="utf-8")
    found = _MODULE_EXPORTS.search(source)
    names = dict(
        reversed(part.strip().split(" as ")) if " as " in part else (part.strip(),) * 2
        for part in (found.group(1).split(",") if found else [])
    )
    if "default" not in names:
        raise RuntimeError(f"tdceu build: {path} does not export DataTable as it used to")
    script = f"{source[: found.start()]}\nwindow.tdceuDataTable = {names['default']};\n"
    return script, _used_style(path.with_suffix(".css").read_text(encoding="utf-8"))


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
    """The inline scripts of a page and the policy that lets only them run (`tables_js`:
    DataTables, on a page with a table, else empty)."""

    vega_js: str
    page_js: str
    csp: str
    tables_js: str = ""
    tables_css: str = ""


@cache
def page_scripts(tables: bool = False) -> PageScripts:
    """Read, bundled and hashed once per process (the vega bundle alone takes a second)."""
    vega_js, page_js = vega_bundle(), page_script()
    if not tables:
        return PageScripts(vega_js, page_js, content_security_policy([vega_js, page_js]))
    tables_js, tables_css = datatables_bundle()
    return PageScripts(
        vega_js,
        page_js,
        content_security_policy([vega_js, tables_js, page_js]),
        tables_js,
        tables_css,
    )


def has_tables(notebook: Any) -> bool:
    """Whether any output of the executed notebook holds a table page.js makes usable."""
    return any(
        TABLE_MARK in str(output.get("data", {}).get("text/html", ""))
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )


# The template gets these markers instead of the scripts, which go in after nbconvert's
# pass over the finished page (BeautifulSoup would parse and re-serialise the 0.9 MB of
# vega on every page, and leaves script text as it is anyway).
VEGA_SLOT = "<script>/* tdceu: vega, vega-lite, vega-embed */</script>"
TABLES_SLOT = "<script>/* tdceu: DataTables */</script>"
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
    page_scripts(tables=True)


def _fill_slot(page: str, slot: str, script: str, kind: str = "") -> str:
    """Put `script` in the page's last `slot` (the template's, after any content); an
    empty `script` leaves no script. `kind`: the script element's type (e.g. "module")."""
    head, found, tail = page.rpartition(slot)
    if not found:
        raise RuntimeError(f"tdceu build: the page template lost its script slot {slot}")
    if not script:
        return head + tail
    opening = f'<script type="{kind}">' if kind else "<script>"
    return f"{head}{opening}{script}</script>{tail}"


# Each HTML output goes into the page after nbconvert's pass too: the exporter parses the
# finished page with BeautifulSoup (html.parser) and writes it out again, which took nine
# tenths of an export, mostly on the outputs (the hidden rows of other scopes). Our
# outputs are the build's own well-formed markup: the pass changed how they were written
# (attribute order, `hidden` as `hidden=""`), never what a browser makes of them.
OUTPUT_SLOT = "<!-- tdceu: output {} -->"
_OUTPUT_SLOTS = re.compile(r"<!-- tdceu: output (\d+) -->")


@contextmanager
def _outputs_aside(notebook: Any) -> Iterator[list[str]]:
    """Each code cell's `text/html` output replaced by a numbered slot while the block runs
    (the outputs, in slot order, are what it yields); the notebook as it was afterwards."""
    outputs: list[str] = []
    replaced = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                text = data["text/html"]
                text = "".join(text) if isinstance(text, list) else text
                replaced.append((data, data["text/html"]))
                data["text/html"] = OUTPUT_SLOT.format(len(outputs))
                outputs.append(text)
    try:
        yield outputs
    finally:
        for data, text in replaced:
            data["text/html"] = text


def _fill_outputs(page: str, outputs: Sequence[str]) -> str:
    """The page with each output slot holding its output again (a slot the template left
    out, e.g. a removed cell's, is simply not there)."""
    return _OUTPUT_SLOTS.sub(lambda found: outputs[int(found.group(1))], page)


def export_html(
    notebook: Any,
    title: str,
    footer: str,
    index_href: str = "index.html",
    running: str = "",
) -> str:
    """The page of an executed notebook: outputs only, both scripts inline, the CSP.
    `index_href`: its link back to the index; `running`: the year, as-of date and data
    line every printed page repeats in its header (print.css)."""
    scripts = page_scripts(tables=has_tables(notebook))
    with _EXPORT_LOCK, _outputs_aside(notebook) as outputs:
        body, _ = page_exporter().from_notebook_node(
            notebook,
            resources={
                "tdceu": {
                    "title": title,
                    "css": page_css() + scripts.tables_css,
                    "vega_slot": VEGA_SLOT,
                    "tables_slot": TABLES_SLOT,
                    "page_slot": PAGE_SLOT,
                    "csp": scripts.csp,
                    "footer": footer,
                    "offline": OFFLINE_NOTE,
                    "version": __version__,
                    "index_href": index_href,
                    "running": running,
                }
            },
        )
    body = _fill_outputs(body, outputs)
    body = _fill_slot(body, PAGE_SLOT, scripts.page_js)
    # a module script runs once the page is parsed, before DOMContentLoaded (page.js waits)
    body = _fill_slot(body, TABLES_SLOT, scripts.tables_js, kind="module")
    return _fill_slot(body, VEGA_SLOT, scripts.vega_js)


def chart_specs(page: str) -> list[tuple[str, dict[str, Any]]]:
    """(chart id, vega-lite spec) of every chart block of an exported page."""
    found = []
    for attributes, text in SPEC_BLOCK.findall(page):
        target = TARGET.search(attributes)
        found.append((target.group(1) if target else "", json.loads(text)))
    return found
