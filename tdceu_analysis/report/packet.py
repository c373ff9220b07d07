"""The board packet of a build (`tdceu build --pdf`): every page as print HTML, one PDF.

WeasyPrint runs no JavaScript, so each page is handed over as its print version: the
scripts (vega and the page's own) taken out, each chart block replaced by the SVG the
build wrote for it (`figures/NN_name/NN_chart.svg`, named by the chart's takeaway as its
alt text), and links kept as text (a packet is read on paper, and a link's target would
be a path of this machine). The summary comes first, then the pages in the index's order.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tdceu_analysis.charts import chart_name
from tdceu_analysis.report.export import chart_specs
from tdceu_analysis.report.pdf import write_packet

PACKET_NAME = "board-packet.pdf"
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)
CHART_DIV = re.compile(r'<div class="tdceu-chart" id="([^"]+)"></div>')
LINK = re.compile(r"<a\b[^>]*>", re.IGNORECASE)


def print_version(page: str, svgs: Sequence[Path]) -> str:
    """`page` as WeasyPrint should lay it out: no scripts, each chart its SVG file (in chart
    order; `svgs` as the build wrote them), links as plain text."""
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
        source = files[target].resolve().as_uri()
        return (
            f'<div class="tdceu-chart"><img src="{html.escape(source)}" '
            f'alt="{html.escape(alts[target])}"></div>'
        )

    text = SCRIPT.sub("", page)
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
