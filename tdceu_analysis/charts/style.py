"""The look every chart shares: palettes (from `tdceu_analysis.vocabulary`), sizes, the
page config, titles, and `finish` (title, picker, style and a name for PNG/SVG files).

- one status palette and one CTO Academy palette, the vocabulary's (Okabe-Ito hues plus
  Tol's wine, safe for the common colour-vision deficiencies); one palette for ALET /
  external / pending hours;
- months in fiscal order, from the policy's first month (`fiscal_months`).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import polars as pl

from tdceu_analysis.charts.picker import picker_params, title_params
from tdceu_analysis.charts.speed import props, tooltips
from tdceu_analysis.figures.figure import SCOPE, Picker, Title
from tdceu_analysis.fiscal import parse_fiscal_year
from tdceu_analysis.vocabulary import (
    BLACK,
    BLUE,
    CTO_COLORS,
    CTO_ORDER,
    GREEN,
    GREY,
    PINK,
    SKY,
    STATUS_COLORS,
    STATUS_LABELS,
    STATUS_ORDER,
    status_label,
)

CATEGORY_ORDER = ("ALET", "External", "Pending")
CATEGORY_COLORS = {"ALET": GREEN, "External": PINK, "Pending": GREY}

# One colour per fiscal year on every page and in every chart that colours by year (01's
# monthly lines, the summary's met share): FY25 sky, FY26 blue, FY27 black, FY28 grey, then
# round again. Keyed by the year itself, not by its place among the years a chart shows, so
# FY26 keeps its colour whether the page is FY26's or FY27's.
YEAR_COLORS = (GREY, SKY, BLUE, BLACK)  # by fy % 4: 2024 grey, 2025 sky, 2026 blue, 2027 black


def year_color(year: int | str) -> str:
    """The colour of fiscal year `year` (2026, "FY26", or a label it begins, "FY27 to
    2026-11-28" as the open year's line says), the same on every page."""
    return YEAR_COLORS[parse_fiscal_year(str(year).split()[0]) % len(YEAR_COLORS)]


def year_scale(years: Sequence[str]) -> alt.Scale:
    """A colour scale of fiscal-year labels ("FY26"), each in its `year_color`."""
    return alt.Scale(domain=list(years), range=[year_color(year) for year in years])


# an axis label longer than 16 characters on two lines, cut at the last space before the 18th
TWO_LINES = (
    "length(datum.label) > 16 ? "
    "[substring(datum.label, 0, lastindexof(substring(datum.label, 0, 18), ' ')), "
    "substring(datum.label, lastindexof(substring(datum.label, 0, 18), ' ') + 1)] "
    ": datum.label"
)
# the ink of a chart: text, secondary text, reference rules and lines
TEXT_COLOR = "#222222"
MUTED_COLOR = "#666666"
RULE_COLOR = TEXT_COLOR
LINE_COLOR = "#888888"  # a reference line drawn beside coloured ones (a pace, a link)
DARK_COLOR = "#444444"  # the second of two neutral series (a what-if's scenario)
WIDTH = 620
TITLE_LIMIT = 900  # pixels: a longer title ends with an ellipsis instead of widening the page


def count_axis() -> alt.Axis:
    """An axis of director counts: whole numbers only, also for a scope of one director.
    Vega does not always honour `tickMinStep` (a layered histogram of 2 directors got ticks
    at 0, 0.5, 1, ... labelled "0 1 1 2 2"), so a tick between whole numbers has no label."""
    return alt.Axis(tickMinStep=1, format="d", labelExpr="datum.value % 1 ? '' : datum.label")


def fiscal_months(first_month: int) -> tuple[str, ...]:
    """Month abbreviations in fiscal order, from the fiscal year's first month (R1)."""
    names = calendar.month_abbr[1:]
    return tuple(names[(first_month - 1 + i) % len(names)] for i in range(len(names)))


def _scale(order: Sequence[str], labels: Mapping[str, str], colors: Mapping[str, str]) -> alt.Scale:
    return alt.Scale(domain=[labels[k] for k in order], range=[colors[k] for k in order])


def status_scale(statuses: Sequence[str] = STATUS_ORDER) -> alt.Scale:
    """The one status palette, for the statuses a chart shows (in `STATUS_ORDER`)."""
    shown = [s for s in STATUS_ORDER if s in statuses]
    return _scale(shown, STATUS_LABELS, STATUS_COLORS)


def cto_scale(labels: Mapping[str, str]) -> alt.Scale:
    """The CTO Academy palette; `labels` from `vocabulary.cto_labels(policy)`."""
    return _scale(CTO_ORDER, labels, CTO_COLORS)


def category_scale() -> alt.Scale:
    return alt.Scale(
        domain=list(CATEGORY_ORDER), range=[CATEGORY_COLORS[c] for c in CATEGORY_ORDER]
    )


def statuses_in(frame: pl.DataFrame, column: str = "status") -> list[str]:
    present = set(frame.get_column(column).unique().to_list()) if frame.height else set()
    return [s for s in STATUS_ORDER if s in present] or list(STATUS_ORDER)


def scope_columns(title: Title) -> list[str]:
    """The `scope` column when a picker filters on it; a single scope needs none."""
    return [SCOPE] if isinstance(title, Picker) else []


# the page style of every chart (one object: altair checks a schema object as it is made)
PAGE_CONFIG = alt.Config(
    title=alt.TitleConfig(fontSize=16, subtitleFontSize=12, subtitleColor=MUTED_COLOR, offset=8),
    axis=alt.AxisConfig(labelFontSize=11, titleFontSize=12, labelLimit=260),
    legend=alt.LegendConfig(
        labelFontSize=11, titleFontSize=12, orient="bottom", columns=0, labelLimit=360
    ),
    view=alt.ViewConfig(stroke=None),
)


def description(title: Title, subtitle: str | Sequence[str] | None = None) -> str:
    """The chart's text alternative: its takeaway title (the picked scope's, with a picker)
    and its subtitle, as one sentence or two. Vega gives it to the SVG as its aria-label."""
    head = title.titles.get(title.value, title.value) if isinstance(title, Picker) else title
    tail = [subtitle] if isinstance(subtitle, str) else list(subtitle or [])
    parts = [str(part).strip() for part in (head, *tail) if part and str(part).strip()]
    return " ".join(part if part.endswith((".", "!", "?")) else f"{part}." for part in parts)


def finish(
    chart: Any,
    title: Title,
    name: str,
    subtitle: str | Sequence[str] | None = None,
) -> Any:
    """Title, picker, page style, a name (`usermeta.tdceu.name`, used for PNG/SVG files) and
    a text alternative (`description`: the takeaway title and subtitle; WCAG 1.1.1).

    `chart` is changed in place: pass the chart a builder has just made (see `props`).
    """
    if isinstance(title, Picker):
        chart = picker_params(chart, title)
    meta: dict[str, Any] = {"name": name}
    if isinstance(title, Picker):  # the page's script names the chart after the picked scope
        meta["picker"] = title.name
        meta["subtitle"] = description("", subtitle)
    return props(
        chart,
        title=title_params(title, subtitle, TITLE_LIMIT),
        description=description(title, subtitle) or name.replace("_", " "),
        usermeta={"tdceu": meta},
        config=PAGE_CONFIG,
    )


def stack_top(frame: pl.DataFrame, value: str) -> float:
    """The longest stacked bar (at least 1), so an empty chart still has an axis."""
    if frame.height == 0:
        return 1.0
    keys = [c for c in (SCOPE, "row") if c in frame.columns]
    longest = frame.group_by(keys).agg(pl.col(value).sum()).get_column(value).max()
    return max(float(longest or 0.0), 1.0)


def rows_y(sort_field: str = "order") -> alt.Y:
    """Rows (regions, districts or directors) in the frame's `order` within each scope."""
    return alt.Y("Row:N", sort=alt.EncodingSortField(sort_field, op="min"), title=None)


def bar_labels(text: alt.Text, dx: int = 4, **mark: Any) -> alt.Chart:
    """A layer of words at the end of each bar (data and position from the parent chart,
    see `speed.layered`)."""
    return alt.Chart().mark_text(align="left", dx=dx, color=TEXT_COLOR, **mark).encode(text=text)


def row_bars(
    data: pl.DataFrame,
    title: Title,
    name: str,
    subtitle: str | None,
    *,
    x: alt.X,
    color: alt.Color,
    tooltip: Sequence[str | alt.Tooltip],
    y: alt.Y | None = None,
    order: str | None = None,
    step: int = 22,
) -> Any:
    """Horizontal bars, one per row (`rows_y` unless `y` is given), stacked by `color` in
    the `order` field's order: the shape of every "by region" chart of pages 01 and 03."""
    encoding: dict[str, Any] = {
        "y": y if y is not None else rows_y(),
        "x": x,
        "color": color,
        "tooltip": tooltips(*tooltip),
    }
    if order is not None:
        encoding["order"] = alt.Order(order)
    chart = props(
        alt.Chart(data).mark_bar().encode(**encoding), width=WIDTH - 140, height=alt.Step(step)
    )
    return finish(chart, title, name, subtitle)


def status_rows(title: Title, row: str = "row") -> list[Any]:
    """The first columns of a chart of directors by status per row (a region, a year):
    the picker's scope, Row (or `row` capitalised), Status in words, Directors."""
    return [
        *scope_columns(title),
        pl.col(row).alias(row.capitalize()),
        status_label().alias("Status"),
        pl.col("directors").alias("Directors"),
    ]


def status_color(frame: pl.DataFrame) -> alt.Color:
    """Bars coloured by status, the legend listing the statuses `frame` has."""
    return alt.Color("Status:N", scale=status_scale(statuses_in(frame)), title=None)
