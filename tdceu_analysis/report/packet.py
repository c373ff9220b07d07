"""The board packet of a build (`tdceu build --pdf`): every page as print HTML, one PDF.

WeasyPrint runs no JavaScript, so each page is handed over as its print version: the
scripts (vega and the page's own) taken out, each chart block replaced by the picture the
build wrote for it (`figures/NN_name/NN_chart.png`, drawn at twice the chart's size and
shown at the size of its SVG, with the chart's takeaway as its alt text), and links kept
as text (a packet is read on paper, and a link's target would
be a path of this machine). The summary comes first, then the pages in the index's order.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tdceu_analysis.charts import chart_name
from tdceu_analysis.report.html_export import chart_specs
from tdceu_analysis.report.pdf import write_packet

PACKET_NAME = "board-packet.pdf"
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)
CHART_DIV = re.compile(r'<div class="tdceu-chart" id="([^"]+)"></div>')
LINK = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
# nbconvert's "¶" link beside each heading: on paper it is a stray pilcrow
ANCHOR = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.DOTALL)
SVG_WIDTH = re.compile(r'<svg\b[^>]*?\swidth="([0-9.]+)"')


def _svg_width(svg: Path) -> str | None:
    """The width an SVG of vl-convert declares on its root element, e.g. "420"."""
    found = SVG_WIDTH.search(svg.read_text(encoding="utf-8")[:2000])
    return found.group(1) if found else None


def print_version(page: str, svgs: Sequence[Path]) -> str:
    """`page` as WeasyPrint should lay it out: no scripts, each chart its picture (in chart
    order; `svgs` as the build wrote them, each with its PNG beside it), links as plain text.

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
        sized = f' style="width: {width}px"' if width else ""
        return (
            f'<div class="tdceu-chart"><img src="{html.escape(source)}"{sized} '
            f'alt="{html.escape(alts[target])}"></div>'
        )

    text = ANCHOR.sub("", SCRIPT.sub("", page))
    text = CHART_DIV.sub(image, text)
    return LINK.sub("<a>", text)


def build_packet(pages: Sequence[Any], out: Path, paper: str) -> tuple[Path, list[int]]:
    """One PDF of the build's `pages` (its `Page`s, the summary first) at `out`; the
    number of printed pages each page took."""
    sources = []
    for page in pages:
        svgs = [path for path in page.images if path.suffix == ".svg"]
        sources.append(print_version(page.html.read_text(encoding="utf-8"), svgs))
    counts: list[int] = []
    write_packet(sources, out, paper=paper, counts=counts)
    return out, counts
