"""The board packet of a build (`tdceu build --pdf`): the pages as print HTML, one PDF.

WeasyPrint runs no JavaScript, so each page is handed over as its print version: the
scripts (vega, DataTables and the page's own) taken out, each chart block replaced by the
picture the build wrote for it (`figures/NN_name/NN_chart.png`, drawn at twice the chart's
size and shown at the size of its SVG, with the chart's takeaway as its alt text). The
pages go into ONE document, each a section with its own id, so a link from the summary
to a detail page in the packet becomes a live link to that page of the PDF (other links
are kept as text: a link's target would be a path of this machine), the page numbers say
"Page N of M", and each page is one bookmark named with its year. The summary comes first,
then the pages in the index's order: by default those a board reads (the summary and pages
01-04 of each year), with `full` the what-if pages (05) too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tdceu_analysis.figures.figure import chart_name
from tdceu_analysis.fiscal import fy_label
from tdceu_analysis.report.html_export import chart_specs
from tdceu_analysis.report.pdf import write_document

PACKET_NAME = "board-packet.pdf"
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)
CHART_DIV = re.compile(r'<div class="tdceu-chart" id="([^"]+)"></div>')
LINK = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
HREF = re.compile(r'\bhref="([^"#]*)(#[^"]*)?"')
STYLE = re.compile(r"<style\b[^>]*>.*?</style>", re.DOTALL | re.IGNORECASE)
BODY = re.compile(r"<body\b[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)
# What a board reads: the summary and each year's pages 01-04. The what-if pages (05) and
# the director statement page (06, one person's) are in the packet with --pdf-full only.
BOARD_PAGE_PREFIXES = ("01_", "02_", "03_", "04_")
# nbconvert's "¶" link beside each heading: on paper it is a stray pilcrow
ANCHOR = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.DOTALL)
SVG_WIDTH = re.compile(r'<svg\b[^>]*?\swidth="([0-9.]+)"')
SVG_HEIGHT = re.compile(r'<svg\b[^>]*?\sheight="([0-9.]+)"')
# The summary's charts print at one scale, the tallest this high (92 pt: the summary fits
# one sheet); each at its own height would print the shortest one larger than the others.
SUMMARY_CHART_HEIGHT_PX = 122
# A start tag and its attributes (quoted or not), to find the elements marked `hidden`.
START_TAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s\"'=<>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>"
)
ATTRIBUTE_NAME = re.compile(r"\s([^\s\"'=<>/]+)(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?")
VOID_ELEMENTS = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr")
)


def _svg_width(svg: Path) -> str | None:
    """The width an SVG of vl-convert declares on its root element, e.g. "420"."""
    found = SVG_WIDTH.search(svg.read_text(encoding="utf-8")[:2000])
    return found.group(1) if found else None


def _svg_height(svg: Path) -> float:
    found = SVG_HEIGHT.search(svg.read_text(encoding="utf-8")[:2000])
    return float(found.group(1)) if found else 0.0


def one_scale(svgs: Sequence[Path], tallest: float = SUMMARY_CHART_HEIGHT_PX) -> float:
    """The scale at which every chart of `svgs` prints, the tallest `tallest` px high."""
    heights = [_svg_height(svg) for svg in svgs]
    return min(1.0, tallest / max(heights)) if heights and max(heights) > 0 else 1.0


def without_hidden(text: str) -> str:
    """`text` less every element marked `hidden` (the scopes a picker does not show: other
    regions' tiles, other directors' ledger rows), with all it holds.

    print.css never prints them (`[hidden] { display: none }`), but WeasyPrint still
    parses and styles them: they were nine tenths of the packet's markup and most of its
    time. The pages' markup is the build's own (well formed), so an element ends at the
    end tag of its name at its own depth."""
    kept: list[str] = []
    position = 0
    for match in START_TAG.finditer(text):
        if match.start() < position:
            continue  # inside an element already dropped
        names = {name.lower() for name in ATTRIBUTE_NAME.findall(match.group(2))}
        if "hidden" not in names:
            continue
        kept.append(text[position : match.start()])
        tag = match.group(1).lower()
        if tag in VOID_ELEMENTS or match.group(0).endswith("/>"):
            position = match.end()
            continue
        same = re.compile(rf"<(/?){re.escape(tag)}(?=[\s/>])[^>]*>", re.IGNORECASE)
        depth, position = 1, match.end()
        while depth:
            found = same.search(text, position)
            if found is None:
                raise RuntimeError(f"tdceu build: a hidden <{tag}> of a page never ends")
            depth += -1 if found.group(1) else 1
            position = found.end()
    kept.append(text[position:])
    return "".join(kept)


def print_version(page: str, svgs: Sequence[Path], scale: float = 1.0) -> str:
    """`page` as WeasyPrint should lay it out: no scripts, nothing hidden, each chart its
    picture (in chart order; `svgs` as the build wrote them, each with its PNG beside it) at
    its SVG's width times `scale`.

    The PNG, not the SVG, goes on paper: vl-convert placed every label with its own fonts'
    widths, and WeasyPrint would lay the SVG's text out again in the machine's fonts, so
    long right-aligned labels (the strand names) ran off the chart's left edge."""
    specs = chart_specs(page)
    if len(specs) != len(svgs):
        raise RuntimeError(
            f"tdceu build: {len(specs)} charts on a page but {len(svgs)} SVG files for them"
        )
    alts = {
        target: spec.get("description") or chart_name(spec) or "chart" for target, spec in specs
    }
    files = {target: svg for (target, _), svg in zip(specs, svgs, strict=True)}

    def image(match: re.Match[str]) -> str:
        target = match.group(1)
        svg = files[target]
        png = svg.with_suffix(".png")
        source = (png if png.exists() else svg).resolve().as_uri()
        width = _svg_width(svg) if png.exists() else None
        sized = f' style="width: {float(width) * scale:g}px"' if width else ""
        return (
            f'<div class="tdceu-chart"><img src="{html.escape(source)}"{sized} '
            f'alt="{html.escape(alts[target])}"></div>'
        )

    text = without_hidden(ANCHOR.sub("", SCRIPT.sub("", page)))
    return CHART_DIV.sub(image, text)


def section_id(path: Path, root: Path) -> str:
    """The packet's id of the page at `path` (under the build's folder `root`)."""
    relative = path.resolve().relative_to(root.resolve()).with_suffix("")
    return "packet-" + re.sub(r"[^A-Za-z0-9_-]+", "-", relative.as_posix())


def live_links(text: str, page: Path, sections: dict[Path, str]) -> str:
    """Each link of `text` (the page at `page`) to a page in the packet points at that
    page's section; every other link is kept as text."""

    def link(match: re.Match[str]) -> str:
        found = HREF.search(match.group(0))
        if found is None or not found.group(1):
            return "<a>"
        target = (page.parent / html.unescape(found.group(1))).resolve()
        return f'<a href="#{sections[target]}">' if target in sections else "<a>"

    return LINK.sub(link, text)


def bookmark(page: Any) -> str:
    """The page's name in the PDF's outline: its year first ("FY26: At risk")."""
    return f"{fy_label(page.fy)}: {page.title}" if page.fy is not None else page.title


def packet_pages(pages: Sequence[Any], full: bool = False) -> list[Any]:
    """The pages of the packet: every page with `full`, else the summary and pages 01-04."""
    return [
        page
        for page in pages
        if full or page.fy is None or page.notebook.stem.startswith(BOARD_PAGE_PREFIXES)
    ]


def packet_document(pages: Sequence[Any], root: Path) -> tuple[str, list[str]]:
    """The packet as one HTML document (each page's body a section, its styles once) and
    the sections' ids in order."""
    sections = {page.html.resolve(): section_id(page.html, root) for page in pages}
    styles: dict[str, None] = {}
    bodies = []
    for page in pages:
        svgs = [path for path in page.images if path.suffix == ".svg"]
        scale = one_scale(svgs) if page.fy is None else 1.0  # the summary: one scale
        text = print_version(page.html.read_text(encoding="utf-8"), svgs, scale)
        head, _, _ = text.partition("<body")
        styles.update(dict.fromkeys(STYLE.findall(head)))
        found = BODY.search(text)
        body = live_links(found.group(1) if found else text, page.html, sections)
        bodies.append(
            f'<section class="tdceu-packet-page tdceu" id="{sections[page.html.resolve()]}">'
            f'<div class="tdceu-bookmark">{html.escape(bookmark(page))}</div>{body}</section>'
        )
    document = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'{"".join(styles)}</head><body class="tdceu">{"".join(bodies)}</body></html>'
    )
    return document, list(sections.values())


def build_packet(
    pages: Sequence[Any], out: Path, paper: str, full: bool = False
) -> tuple[Path, list[int]]:
    """One PDF of the build's `pages` (its `Page`s, the summary first; the what-if pages
    only when `full`) at `out`; the number of printed pages each page took."""
    chosen = packet_pages(pages, full)
    document, sections = packet_document(chosen, out.parent)
    counts = write_document(document, out, sections, paper=paper)
    return out, counts
