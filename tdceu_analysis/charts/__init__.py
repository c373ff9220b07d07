"""Altair charts of the dashboards: a `Figure` (frames and words, see
`tdceu_analysis.figures`) in, a chart out.

One module per page, named after it and mirroring `figures/` (`statewide`, `strands`,
`at_risk`, `director`, `whatif`, `summary`), over `style` (palettes from the vocabulary,
page config, `finish`), `picker` (the vega-lite select box), `speed` (altair's costs worked
around) and `offline` (the renderer of `tdceu build`). `draw` turns any figure of pages
01-04 into its chart; the same chart serves the live notebook, the offline HTML page and the
PNG/SVG files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tdceu_analysis.charts import at_risk, director, statewide, strands
from tdceu_analysis.charts.offline import enable_offline_renderer, offline_html, offline_renderer
from tdceu_analysis.charts.speed import Redrawn, redrawn, validated_once
from tdceu_analysis.charts.style import finish
from tdceu_analysis.figures.figure import PICKER_PREFIX, SCOPE, Figure, Picker, Title, chart_name

# chart name (`Figure.chart`, the PNG/SVG file name) -> the builder that draws it
BUILDERS: dict[str, Callable[..., Any]] = {
    "status_counts": statewide.status_bars,
    "status_by_region": statewide.region_status_bars,
    "hours_distribution": statewide.hours_histogram,
    "alet_external_mix": statewide.category_bars,
    "pending_credits": statewide.pending_bars,
    "year_over_year": statewide.year_status_bars,
    "hours_by_month": statewide.monthly_lines,
    "strands_by_region": strands.strand_heatmap,
    "strands_by_district": strands.strand_heatmap,
    "least_served_strands": strands.strand_rank_bars,
    "strand_views": strands.strand_view_bars,
    "behind_by_region": at_risk.risk_region_bars,
    "cto_academy_clocks": at_risk.cto_clock_bars,
    "cumulative_hours": director.cumulative_lines,
    "director_strands": director.director_strand_bars,
}


def draw(figure: Figure) -> Any:
    """The altair chart of `figure` (built by the builder its `chart` names)."""
    build = BUILDERS[figure.chart]
    extra = dict(figure.extra)
    if build is strands.strand_heatmap:
        extra["name"] = figure.chart
    return build(figure.frame, title=figure.title, subtitle=figure.subtitle, **extra)


def shown(value: Any) -> Any:
    """What a board displays for a figure function's result: a `Figure` drawn as its
    chart, anything else (an HTML piece) as it is."""
    return draw(value) if isinstance(value, Figure) else value


__all__ = [
    "BUILDERS",
    "PICKER_PREFIX",
    "SCOPE",
    "Figure",
    "Picker",
    "Redrawn",
    "Title",
    "chart_name",
    "draw",
    "enable_offline_renderer",
    "finish",
    "offline_html",
    "offline_renderer",
    "redrawn",
    "shown",
    "validated_once",
]
