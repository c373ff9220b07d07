"""Altair chart builders for the dashboards: frames in, charts out.

Every builder takes a small, already aggregated frame (see `tdceu_analysis.figures`)
and a title that states the chart's takeaway, and returns an altair chart. The
same chart serves the live notebook, the offline HTML page and the PNG/SVG files.

Conventions kept here so that every page looks alike:
- one status palette (`STATUS_COLORS`, Okabe-Ito hues plus Tol's wine, safe for
  the common colour-vision deficiencies), one CTO Academy palette, one palette for
  ALET / external / pending hours;
- months in fiscal order, October to September (`FISCAL_MONTHS`);
- a chart can carry a `Picker`: a vega-lite parameter bound to a select box that
  filters the rows of one `scope` (a region, a district, a director) and switches
  the title to that scope's takeaway, so the exported page stays interactive
  without a kernel. Charts that share a picker name follow each other on a page.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

import altair as alt
import polars as pl
from altair.utils.schemapi import debug_mode

# ---------------------------------------------------------------------------
# Palettes and orders
# ---------------------------------------------------------------------------

STATUS_ORDER = ("met", "on_track", "at_risk", "critical", "not_met")
STATUS_LABELS = {
    "met": "Met",
    "on_track": "On track",
    "at_risk": "At risk",
    "critical": "Critical",
    "not_met": "Not met",
}
# Okabe-Ito blue, sky blue, orange, vermillion; Tol's wine for a closed year's "not met".
STATUS_COLORS = {
    "met": "#0072B2",
    "on_track": "#56B4E9",
    "at_risk": "#E69F00",
    "critical": "#D55E00",
    "not_met": "#882255",
}

CTO_ORDER = ("overdue", "due_soon", "in_window", "completed", "not_required")
CTO_LABELS = {
    "overdue": "Overdue",
    "due_soon": "Due within 6 months",
    "in_window": "In its 24-month window",
    "completed": "Completed",
    "not_required": "Not required",
}
CTO_COLORS = {
    "overdue": "#D55E00",
    "due_soon": "#E69F00",
    "in_window": "#56B4E9",
    "completed": "#0072B2",
    "not_required": "#BBBBBB",
}

CATEGORY_ORDER = ("ALET", "External", "Pending")
CATEGORY_COLORS = {"ALET": "#009E73", "External": "#CC79A7", "Pending": "#BBBBBB"}

FISCAL_MONTHS = ("Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep")
# fiscal years in a line chart: dark for the latest, lighter for older ones
YEAR_COLORS = ("#BBBBBB", "#56B4E9", "#0072B2", "#000000")

# an axis label longer than 16 characters on two lines, cut at the last space before the 18th
TWO_LINES = (
    "length(datum.label) > 16 ? "
    "[substring(datum.label, 0, lastindexof(substring(datum.label, 0, 18), ' ')), "
    "substring(datum.label, lastindexof(substring(datum.label, 0, 18), ' ') + 1)] "
    ": datum.label"
)
TEXT_COLOR = "#222222"
MUTED_COLOR = "#666666"
RULE_COLOR = "#222222"
WIDTH = 620
TITLE_LIMIT = 900  # pixels: a longer title ends with an ellipsis instead of widening the page

SCOPE = "scope"
PICKER_PREFIX = "pick_"

P = ParamSpec("P")
R = TypeVar("R")


def status_label(column: str = "status") -> pl.Expr:
    """Status code -> the words a board reads ("on_track" -> "On track")."""
    return pl.col(column).replace_strict(STATUS_LABELS, default=pl.col(column))


def cto_label(column: str = "cto_academy_status") -> pl.Expr:
    return pl.col(column).replace_strict(CTO_LABELS, default=pl.col(column))


def _scale(order: Sequence[str], labels: Mapping[str, str], colors: Mapping[str, str]) -> alt.Scale:
    return alt.Scale(domain=[labels[k] for k in order], range=[colors[k] for k in order])


def status_scale(statuses: Sequence[str] = STATUS_ORDER) -> alt.Scale:
    """The one status palette, for the statuses a chart shows (in `STATUS_ORDER`)."""
    shown = [s for s in STATUS_ORDER if s in statuses]
    return _scale(shown, STATUS_LABELS, STATUS_COLORS)


def cto_scale() -> alt.Scale:
    return _scale(CTO_ORDER, CTO_LABELS, CTO_COLORS)


def category_scale() -> alt.Scale:
    return alt.Scale(
        domain=list(CATEGORY_ORDER), range=[CATEGORY_COLORS[c] for c in CATEGORY_ORDER]
    )


def _statuses_in(frame: pl.DataFrame, column: str = "status") -> list[str]:
    present = set(frame.get_column(column).unique().to_list()) if frame.height else set()
    return [s for s in STATUS_ORDER if s in present] or list(STATUS_ORDER)


# ---------------------------------------------------------------------------
# Pickers, titles, finishing
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Picker:
    """A select box in the exported page: pick one `scope` value, see its rows and title.

    `name` is the vega-lite parameter (charts of one page with the same name follow
    each other); `titles` holds the takeaway title of every option.
    """

    name: str
    label: str
    options: tuple[str, ...]
    value: str
    titles: Mapping[str, str] = field(default_factory=dict)
    labels: tuple[str, ...] | None = None  # what the select box shows, when not the options

    def __post_init__(self) -> None:
        if not self.name.startswith(PICKER_PREFIX):
            raise ValueError(f"picker names start with {PICKER_PREFIX!r}: {self.name!r}")
        if self.value not in self.options:
            raise ValueError(f"picker value {self.value!r} is not one of its options")


Title = str | Picker


def _title_params(title: Title, subtitle: str | Sequence[str] | None) -> alt.TitleParams:
    text: Any
    if isinstance(title, Picker):
        text = alt.ExprRef(expr=f"{title.name}_titles[{title.name}]")
    else:
        text = title
    extra = {} if subtitle is None else {"subtitle": subtitle}
    return alt.TitleParams(text=text, anchor="start", limit=TITLE_LIMIT, **extra)


def _has_scope(data: Any) -> bool:
    return isinstance(data, pl.DataFrame) and SCOPE in data.columns


def _filtered(chart: Any, transform: dict[str, Any], inherited: bool = False) -> Any:
    """`chart` with `transform` first in every layer whose data has a `scope` column.
    Changes `chart` in place (see `_props`)."""
    own = chart.data if chart.data is not alt.Undefined else None
    scoped = _has_scope(own) if own is not None else inherited
    if isinstance(chart, alt.LayerChart) and not (own is not None and scoped):
        chart.layer = [_filtered(layer, transform, scoped) for layer in chart.layer]
    elif scoped:
        existing = [] if chart.transform is alt.Undefined else list(chart.transform)
        chart.transform = [transform, *existing]
    return chart


# the page style of every chart (one object: altair checks a schema object as it is made)
PAGE_CONFIG = alt.Config(
    title=alt.TitleConfig(fontSize=16, subtitleFontSize=12, subtitleColor=MUTED_COLOR, offset=8),
    axis=alt.AxisConfig(labelFontSize=11, titleFontSize=12, labelLimit=260),
    legend=alt.LegendConfig(
        labelFontSize=11, titleFontSize=12, orient="bottom", columns=0, labelLimit=360
    ),
    view=alt.ViewConfig(stroke=None),
)


def finish(
    chart: Any,
    title: Title,
    name: str,
    subtitle: str | Sequence[str] | None = None,
) -> Any:
    """Title, picker, page style and a name (`usermeta.tdceu.name`, used for PNG/SVG files).

    `chart` is changed in place: pass the chart a builder has just made (see `_props`).
    """
    if isinstance(title, Picker):
        chart = _filtered(chart, {"filter": f"datum.{SCOPE} == {title.name}"})
        picked = alt.param(
            name=title.name,
            value=title.value,
            bind=alt.binding_select(
                options=list(title.options),
                labels=list(title.labels or title.options),
                name=f"{title.label} ",
            ),
        )
        titles = alt.param(name=f"{title.name}_titles", value=dict(title.titles))
        # the top-level params `add_params` would give; it copies a layered chart deeply
        existing = [] if chart.params is alt.Undefined else list(chart.params)
        chart.params = [*existing, picked.param, titles.param]
    return _props(
        chart,
        title=_title_params(title, subtitle),
        usermeta={"tdceu": {"name": name}},
        config=PAGE_CONFIG,
    )


def _props(chart: Any, **properties: Any) -> Any:
    """`chart` with top-level properties set in place, like `chart.properties(...)` but
    cheaper; call it on a chart the builder has just made and nothing else holds.
    Why: altair's `properties`, `add_params` and even a shallow `copy` of a layered chart
    rebuild it (`LayerChart.__init__` deep-copies every layer two or three times), and
    `configure_*` deep-copies the whole chart: milliseconds per chart, while `to_dict`
    validates the finished spec anyway."""
    for key, value in properties.items():
        setattr(chart, key, value)
    return chart


def _layered(
    data: Any, shared: Mapping[str, Any], *layers: Any, **properties: Any
) -> alt.LayerChart:
    """`layers` drawn from `data`, with the encoding channels they share (`shared`) given
    once, to the parent. Why: vega-lite hands a layer's data, transforms and encoding down
    to each of its layers, so the chart draws the same; said once, the spec is smaller and
    altair builds, copies and validates it in a fraction of the time."""
    return alt.LayerChart(
        data=data, layer=list(layers), encoding=alt.FacetedEncoding(**shared), **properties
    )


def validated_once(build: Callable[P, R]) -> Callable[P, R]:
    """A chart builder whose altair objects are checked once, with the finished spec.
    Why: in its debug mode (on by default) altair validates every schema object (a scale,
    an axis, a mark, a title) against the vega-lite schema as it is made, for clearer
    tracebacks, and `to_dict` validates the whole spec again before it is displayed; for
    a widget pick that first pass cost about a fifth of the time. The spec a notebook or
    page first displays is still validated in full (so is every builder's, in
    tests/charts); a redraw after a pick is not checked again (see `Redrawn`)."""

    @functools.wraps(build)
    def builder(*args: P.args, **kwargs: P.kwargs) -> R:
        with debug_mode(False):
            return build(*args, **kwargs)

    return builder


def _tooltips(*fields: str | alt.Tooltip) -> list[alt.Tooltip]:
    """Tooltip channels as objects. Why: altair turns a plain "field:type" string (or a
    dict such as `alt.value(...)`) into a channel with a schema lookup costing a few
    milliseconds each time, while a channel object (`alt.Tooltip`, `alt.X`, `alt.Text`,
    `alt.XValue`, ...) costs nothing. Every `encode` here passes channel objects."""
    return [field if isinstance(field, alt.Tooltip) else alt.Tooltip(field) for field in fields]


def _scope(title: Title) -> list[str]:
    """The `scope` column when a picker filters on it; a single scope needs none."""
    return [SCOPE] if isinstance(title, Picker) else []


def chart_name(spec: Mapping[str, Any]) -> str | None:
    """The name `finish` gave a chart, read back from its vega-lite spec."""
    meta = spec.get("usermeta") or {}
    tdceu = meta.get("tdceu") if isinstance(meta, Mapping) else None
    return tdceu.get("name") if isinstance(tdceu, Mapping) else None


# ---------------------------------------------------------------------------
# Statewide compliance
# ---------------------------------------------------------------------------


@validated_once
def status_bars(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> alt.Chart:
    """Directors per status. `frame`: scope, status, directors, share."""
    statuses = _statuses_in(frame)
    data = frame.select(
        *_scope(title),
        status_label().alias("Status"),
        pl.col("directors").alias("Directors"),
        pl.format("{} ({}%)", "directors", (pl.col("share") * 100).round(0).cast(pl.Int64)).alias(
            "label"
        ),
    )
    labels = [STATUS_LABELS[s] for s in statuses]
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            color=alt.Color("Status:N", scale=status_scale(statuses), legend=None),
            tooltip=_tooltips("Status:N", "Directors:Q"),
        )
    )
    text = (
        alt.Chart().mark_text(align="left", dx=4, color=TEXT_COLOR).encode(text=alt.Text("label:N"))
    )
    chart = _layered(
        data,
        {
            "y": alt.Y("Status:N", sort=labels, title=None),
            "x": alt.X("Directors:Q", title="Directors"),
        },
        bars,
        text,
        width=WIDTH - 120,
        height=alt.Step(34),
    )
    return finish(chart, title, "status_counts", subtitle)


def _stack_top(frame: pl.DataFrame, value: str) -> float:
    """The longest stacked bar (at least 1), so an empty chart still has an axis."""
    if frame.height == 0:
        return 1.0
    keys = [c for c in (SCOPE, "row") if c in frame.columns]
    longest = frame.group_by(keys).agg(pl.col(value).sum()).get_column(value).max()
    return max(float(longest or 0.0), 1.0)


def _rows_y(sort_field: str = "order") -> alt.Y:
    """Rows (regions, districts or directors) in the frame's `order` within each scope."""
    return alt.Y("Row:N", sort=alt.EncodingSortField(sort_field, op="min"), title=None)


@validated_once
def region_status_bars(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> Any:
    """Share of each row's directors by status, rows with the largest share behind first.

    `frame`: scope, row, status, directors, share, order.
    """
    statuses = _statuses_in(frame)
    data = frame.select(
        *_scope(title),
        pl.col("row").alias("Row"),
        status_label().alias("Status"),
        pl.col("directors").alias("Directors"),
        pl.col("share").alias("Share"),
        pl.col("order"),
        pl.col("status")
        .replace_strict({s: i for i, s in enumerate(STATUS_ORDER)}, default=9)
        .alias("stack"),
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=_rows_y(),
            x=alt.X("Share:Q", stack="normalize", axis=alt.Axis(format="%"), title="Directors"),
            color=alt.Color("Status:N", scale=status_scale(statuses), title=None),
            order=alt.Order("stack:Q"),
            tooltip=_tooltips(
                "Row:N", "Status:N", "Directors:Q", alt.Tooltip("Share:Q", format=".0%")
            ),
        )
    )
    chart = _props(chart, width=WIDTH - 140, height=alt.Step(22))
    return finish(chart, title, "status_by_region", subtitle)


@validated_once
def hours_histogram(
    frame: pl.DataFrame,
    title: Title,
    required_hours: float,
    subtitle: str | None = None,
) -> Any:
    """Directors by counted hours (1-hour bins), stacked by status, against the 12-hour line.

    `frame`: scope, hours_bin (bin start; the last bin holds everything above), status,
    directors.
    """
    statuses = _statuses_in(frame)
    data = frame.select(
        *_scope(title),
        pl.col("hours_bin").alias("Hours"),
        (pl.col("hours_bin") + 1).alias("Hours_end"),
        status_label().alias("Status"),
        pl.col("directors").alias("Directors"),
    )
    bars = (
        alt.Chart(data)
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X(
                "Hours:Q",
                title="Counted hours this year",
                scale=alt.Scale(domain=[0, 25], nice=False),
                axis=alt.Axis(values=list(range(0, 26, 2))),
            ),
            x2=alt.X2("Hours_end:Q"),
            y=alt.Y("sum(Directors):Q", title="Directors"),
            color=alt.Color("Status:N", scale=status_scale(statuses), title=None),
            tooltip=_tooltips("Hours:Q", "Status:N", "Directors:Q"),
        )
    )
    rule = (
        alt.Chart(pl.DataFrame({"x": [required_hours], "label": [f"{required_hours:g} hours"]}))
        .mark_rule(color=RULE_COLOR, strokeDash=[6, 3], strokeWidth=2)
        .encode(x=alt.X("x:Q"))
    )
    rule_text = rule.mark_text(align="left", dx=5, dy=-6, baseline="top", color=RULE_COLOR).encode(
        text=alt.Text("label:N"), y=alt.YValue(0)
    )
    chart = _props(alt.layer(bars, rule, rule_text), width=WIDTH, height=220)
    return finish(chart, title, "hours_distribution", subtitle)


@validated_once
def category_bars(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> Any:
    """Counted ALET and external hours and pending hours per director of each row.

    `frame`: scope, row, category ('ALET', 'External', 'Pending'), hours_per_director,
    hours, order.
    """
    data = frame.select(
        *_scope(title),
        pl.col("row").alias("Row"),
        pl.col("category").alias("Hours"),
        pl.col("hours_per_director").round(2).alias("Per director"),
        pl.col("hours").round(2).alias("Total hours"),
        pl.col("order"),
        pl.col("category")
        .replace_strict({c: i for i, c in enumerate(CATEGORY_ORDER)}, default=9)
        .alias("stack"),
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=_rows_y(),
            x=alt.X("Per director:Q", title="Hours per director"),
            color=alt.Color("Hours:N", scale=category_scale(), title=None),
            order=alt.Order("stack:Q"),
            tooltip=_tooltips("Row:N", "Hours:N", "Per director:Q", "Total hours:Q"),
        )
    )
    chart = _props(chart, width=WIDTH - 140, height=alt.Step(22))
    return finish(chart, title, "alet_external_mix", subtitle)


@validated_once
def pending_bars(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> Any:
    """Claimed hours waiting on an assignment or on evidence, by row.

    `frame`: scope, row, waiting_on, hours, directors, order.
    """
    data = frame.select(
        *_scope(title),
        pl.col("row").alias("Row"),
        pl.col("waiting_on").alias("Waiting on"),
        pl.col("hours").round(2).alias("Hours"),
        pl.col("directors").alias("Directors"),
        pl.col("order"),
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=_rows_y(),
            x=alt.X(
                "Hours:Q",
                title="Pending hours (claimed, not yet counted)",
                scale=alt.Scale(domain=[0, _stack_top(frame, "hours")]),
            ),
            color=alt.Color(
                "Waiting on:N",
                scale=alt.Scale(
                    domain=["ALET Talent assignment", "Evidence of attendance"],
                    range=["#CC79A7", "#999999"],
                ),
                title=None,
            ),
            tooltip=_tooltips("Row:N", "Waiting on:N", "Hours:Q", "Directors:Q"),
        )
    )
    chart = _props(chart, width=WIDTH - 140, height=alt.Step(22))
    return finish(chart, title, "pending_credits", subtitle)


@validated_once
def year_status_bars(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> Any:
    """Share of directors by status in each fiscal year.

    `frame`: scope, year (label), status, directors, share.
    """
    statuses = _statuses_in(frame)
    data = frame.select(
        *_scope(title),
        pl.col("year").alias("Year"),
        status_label().alias("Status"),
        pl.col("directors").alias("Directors"),
        pl.col("share").alias("Share"),
        pl.col("status")
        .replace_strict({s: i for i, s in enumerate(STATUS_ORDER)}, default=9)
        .alias("order"),
    )
    years = data.get_column("Year").unique(maintain_order=True).to_list()
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("Year:N", sort=years, title=None),
            x=alt.X("Share:Q", stack="normalize", axis=alt.Axis(format="%"), title="Directors"),
            color=alt.Color("Status:N", scale=status_scale(statuses), title=None),
            order=alt.Order("order:Q"),
            tooltip=_tooltips(
                "Year:N", "Status:N", "Directors:Q", alt.Tooltip("Share:Q", format=".0%")
            ),
        )
    )
    chart = _props(chart, width=WIDTH - 140, height=alt.Step(36))
    return finish(chart, title, "year_over_year", subtitle)


@validated_once
def monthly_lines(
    frame: pl.DataFrame, title: Title, required_hours: float, subtitle: str | None = None
) -> Any:
    """Counted hours per director, cumulative by fiscal month (Oct..Sep), a line per year.

    `frame`: scope, year (label), month (Oct..Sep), hours_per_director.
    """
    data = frame.select(
        *_scope(title),
        pl.col("year").alias("Year"),
        pl.col("month").alias("Month"),
        pl.col("hours_per_director").round(2).alias("Hours per director"),
    )
    years = sorted(data.get_column("Year").unique().to_list())
    colors = list(YEAR_COLORS[-len(years) :]) if len(years) <= len(YEAR_COLORS) else None
    lines = (
        alt.Chart(data)
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X("Month:O", sort=list(FISCAL_MONTHS), title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("Hours per director:Q", title="Counted hours per director (cumulative)"),
            color=alt.Color(
                "Year:N",
                scale=alt.Scale(domain=years, range=colors) if colors else alt.Undefined,
                title=None,
            ),
            tooltip=_tooltips("Year:N", "Month:O", "Hours per director:Q"),
        )
    )
    rule = (
        alt.Chart(pl.DataFrame({"y": [required_hours]}))
        .mark_rule(color=RULE_COLOR, strokeDash=[6, 3])
        .encode(y=alt.Y("y:Q"))
    )
    chart = _props(alt.layer(lines, rule), width=WIDTH, height=240)
    return finish(chart, title, "hours_by_month", subtitle)


# ---------------------------------------------------------------------------
# Strands
# ---------------------------------------------------------------------------


@validated_once
def strand_heatmap(
    frame: pl.DataFrame,
    row: str,
    title: Title,
    name: str,
    subtitle: str | None = None,
) -> Any:
    """Counted hours per director by `row` (region or district) x strand, values on the cells.

    `frame`: [scope,] <row>, strand_name, hours_per_director, directors; rows keep the
    frame's order, strands the order of the frame's first appearance.
    """
    columns = _scope(title) if SCOPE in frame.columns else []
    data = frame.select(
        *columns,
        pl.col(row).alias("Row"),
        pl.col("strand_name").alias("Strand"),
        pl.col("hours_per_director").round(2).alias("Hours per director"),
        pl.col("directors").alias("Directors"),
    )
    rows = data.get_column("Row").unique(maintain_order=True).to_list()
    strands = data.get_column("Strand").unique(maintain_order=True).to_list()
    top = data.get_column("Hours per director").max() if data.height else 0.0
    high = float(top or 0.0) * 0.6
    shared = dict(
        x=alt.X(
            "Strand:N",
            sort=strands,
            title=None,
            axis=alt.Axis(
                orient="top",
                labelAngle=0,
                labelExpr=TWO_LINES,
                labelFontSize=10,
                labelBaseline="bottom",
                labelLineHeight=12,
                labelPadding=16,  # two-line labels grow downwards: lift them above the cells
            ),
        ),
        y=alt.Y("Row:N", sort=rows if not columns else alt.Undefined, title=None),
    )
    cells = (
        alt.Chart()
        .mark_rect(stroke="white")
        .encode(
            color=alt.Color(
                "Hours per director:Q",
                scale=alt.Scale(scheme="blues", domainMin=0),
                title="Hours per director",
            ),
            tooltip=_tooltips("Row:N", "Strand:N", "Hours per director:Q", "Directors:Q"),
        )
    )
    text = (
        alt.Chart()
        .mark_text(fontSize=11)
        .encode(
            text=alt.Text("Hours per director:Q", format=".1f"),
            color=alt.ColorValue(
                **alt.condition(
                    alt.datum["Hours per director"] > high,
                    alt.value("white"),
                    alt.value(TEXT_COLOR),
                )
            ),
        )
    )
    chart = _layered(data, shared, cells, text, width=WIDTH - 60, height=alt.Step(24))
    return finish(chart, title, name, subtitle)


@validated_once
def strand_rank_bars(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> Any:
    """A scope's strands ranked from least to most served, least-served highlighted.

    `frame`: scope, strand_name, hours_per_director, rank (1 = least served).
    """
    data = frame.select(
        *_scope(title),
        pl.col("strand_name").alias("Strand"),
        pl.col("hours_per_director").round(2).alias("Hours per director"),
        pl.col("rank").alias("Rank"),
        pl.when(pl.col("rank") == 1)
        .then(pl.lit("Least served"))
        .otherwise(pl.lit("Other strands"))
        .alias("Served"),
    )
    shared = dict(
        y=alt.Y(
            "Strand:N", sort=alt.EncodingSortField("Rank", op="min", order="ascending"), title=None
        ),
        x=alt.X("Hours per director:Q", title="Counted hours per director"),
    )
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            color=alt.Color(
                "Served:N",
                scale=alt.Scale(
                    domain=["Least served", "Other strands"], range=["#D55E00", "#999999"]
                ),
                title=None,
            ),
            tooltip=_tooltips("Strand:N", "Rank:Q", "Hours per director:Q"),
        )
    )
    text = (
        alt.Chart()
        .mark_text(align="left", dx=4, color=TEXT_COLOR)
        .encode(text=alt.Text("Hours per director:Q", format=".2f"))
    )
    chart = _layered(data, shared, bars, text, width=WIDTH - 220, height=alt.Step(28))
    return finish(chart, title, "least_served_strands", subtitle)


@validated_once
def strand_view_bars(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> Any:
    """Strand hours per director under the two R6 views, side by side.

    `frame`: scope, strand_name, view (label), hours_per_director.
    """
    data = frame.select(
        *_scope(title),
        pl.col("strand_name").alias("Strand"),
        pl.col("view").alias("View"),
        pl.col("hours_per_director").round(2).alias("Hours per director"),
    )
    views = data.get_column("View").unique(maintain_order=True).to_list()
    strands = data.get_column("Strand").unique(maintain_order=True).to_list()
    shared = dict(
        y=alt.Y("Strand:N", sort=strands, title=None),
        yOffset=alt.YOffset("View:N", sort=views),
        x=alt.X("Hours per director:Q", title="Hours per director"),
    )
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            color=alt.Color(
                "View:N", scale=alt.Scale(domain=views, range=["#0072B2", "#E69F00"]), title=None
            ),
            tooltip=_tooltips("Strand:N", "View:N", "Hours per director:Q"),
        )
    )
    text = (
        alt.Chart()
        .mark_text(align="left", dx=3, fontSize=10, color=TEXT_COLOR)
        .encode(text=alt.Text("Hours per director:Q", format=".2f"))
    )
    chart = _layered(
        data,
        shared,
        bars,
        text,
        width=WIDTH - 240,
        height=alt.Step(16, **{"for": "position"}),
    )
    return finish(chart, title, "strand_views", subtitle)


# ---------------------------------------------------------------------------
# At risk
# ---------------------------------------------------------------------------


@validated_once
def cto_clock_bars(
    frame: pl.DataFrame,
    title: Title,
    as_of: Any,
    subtitle: str | None = None,
) -> Any:
    """Each new director's 24-month CTO Academy window, from role start to deadline.

    `frame`: scope, label, role_start, deadline, cto_status, months_left, order.
    """
    data = frame.select(
        *_scope(title),
        pl.col("label").alias("Director"),
        pl.col("role_start").alias("Started"),
        pl.col("deadline").alias("Deadline"),
        cto_label("cto_status").alias("CTO Academy"),
        pl.col("months_left").alias("Months left"),
        pl.col("order"),
    )
    base = alt.Chart(data).encode(
        y=alt.Y(
            "Director:N",
            sort=alt.EncodingSortField("order", op="min", order="ascending"),
            title=None,
        )
    )
    bars = base.mark_bar(height=14).encode(
        x=alt.X("Started:T", title=None, axis=alt.Axis(format="%b %Y")),
        x2=alt.X2("Deadline:T"),
        color=alt.Color("CTO Academy:N", scale=cto_scale(), title=None),
        tooltip=_tooltips(
            "Director:N",
            "CTO Academy:N",
            alt.Tooltip("Started:T", format="%Y-%m-%d"),
            alt.Tooltip("Deadline:T", format="%Y-%m-%d"),
            "Months left:Q",
        ),
    )
    labels = base.mark_text(align="left", dx=4, fontSize=10, color=TEXT_COLOR).encode(
        x=alt.X("Deadline:T"), text=alt.Text("months_text:N")
    )
    labels = labels.transform_calculate(
        months_text="datum['CTO Academy'] == 'Completed' ? 'done' : "
        "(datum['Months left'] < 0 ? 'overdue' : datum['Months left'] + ' mo left')"
    )
    today = (
        alt.Chart(pl.DataFrame({"date": [as_of]}))
        .mark_rule(color=RULE_COLOR, strokeDash=[4, 3])
        .encode(x=alt.X("date:T"))
    )
    chart = _props(alt.layer(bars, labels, today), width=WIDTH - 200, height=alt.Step(20))
    return finish(chart, title, "cto_academy_clocks", subtitle)


@validated_once
def risk_region_bars(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> Any:
    """Directors behind (at risk, critical or not met) per row, stacked by status.

    `frame`: scope, row, status, directors, hours_needed, order.
    """
    statuses = _statuses_in(frame)
    data = frame.select(
        *_scope(title),
        pl.col("row").alias("Row"),
        status_label().alias("Status"),
        pl.col("directors").alias("Directors"),
        pl.col("hours_needed").round(2).alias("Hours still needed"),
        pl.col("order"),
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=_rows_y(),
            x=alt.X(
                "Directors:Q",
                title="Directors",
                axis=alt.Axis(tickMinStep=1),
                scale=alt.Scale(domain=[0, _stack_top(frame, "directors")]),
            ),
            color=alt.Color("Status:N", scale=status_scale(statuses), title=None),
            tooltip=_tooltips("Row:N", "Status:N", "Directors:Q", "Hours still needed:Q"),
        )
    )
    chart = _props(chart, width=WIDTH - 140, height=alt.Step(22))
    return finish(chart, title, "behind_by_region", subtitle)


@validated_once
def cumulative_lines(
    frame: pl.DataFrame,
    pace: pl.DataFrame,
    title: Title,
    as_of: Any,
    subtitle: str | None = None,
) -> Any:
    """Counted hours over the year (a step line) against the straight-line pace.

    `frame`: scope, date, hours (cumulative counted), alet_hours (cumulative ALET);
    `pace`: scope, date, pace (required hours at that date, 0 at the start).
    """
    data = frame.select(
        *_scope(title),
        pl.col("date").alias("Date"),
        pl.col("hours").round(2).alias("Counted hours"),
        pl.col("alet_hours").round(2).alias("ALET hours"),
    )
    long = data.unpivot(
        index=[*_scope(title), "Date"],
        on=["Counted hours", "ALET hours"],
        variable_name="Line",
        value_name="Hours",
    )
    pace_long = pace.select(
        *_scope(title),
        pl.col("date").alias("Date"),
        pl.lit("Pace to the minimum").alias("Line"),
        pl.col("pace").round(2).alias("Hours"),
    )
    both = pl.concat([long, pace_long])
    lines_domain = ["Counted hours", "ALET hours", "Pace to the minimum"]
    color = alt.Color(
        "Line:N",
        scale=alt.Scale(domain=lines_domain, range=["#0072B2", "#009E73", "#888888"]),
        title=None,
    )
    # ALET hours under counted hours: where the two are equal the counted line shows
    alet = (
        alt.Chart()
        .transform_filter(alt.datum.Line == "ALET hours")
        .mark_line(interpolate="step-after", strokeWidth=4, opacity=0.6)
    )
    counted = (
        alt.Chart()
        .transform_filter(alt.datum.Line == "Counted hours")
        .mark_line(interpolate="step-after", strokeWidth=2.5)
    )
    pace_line = (
        alt.Chart()
        .transform_filter(alt.datum.Line == "Pace to the minimum")
        .mark_line(strokeDash=[6, 4], strokeWidth=2)
    )
    lines = _layered(
        both,
        {
            "x": alt.X("Date:T", title=None, axis=alt.Axis(format="%b %Y")),
            "y": alt.Y("Hours:Q", title="Hours (cumulative)"),
            "color": color,
            "tooltip": _tooltips(alt.Tooltip("Date:T", format="%Y-%m-%d"), "Line:N", "Hours:Q"),
        },
        alet,
        counted,
        pace_line,
    )
    today = (
        alt.Chart(pl.DataFrame({"date": [as_of]}))
        .mark_rule(color=RULE_COLOR, strokeDash=[2, 2])
        .encode(x=alt.X("date:T"))
    )
    chart = alt.layer(lines, today, width=WIDTH, height=260)
    return finish(chart, title, "cumulative_hours", subtitle)


@validated_once
def director_strand_bars(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> Any:
    """One director's counted hours per strand, every strand shown (gaps show as 0).

    `frame`: scope, strand_name, hours.
    """
    data = frame.select(
        *_scope(title),
        pl.col("strand_name").alias("Strand"),
        pl.col("hours").round(2).alias("Hours"),
    )
    strands = data.get_column("Strand").unique(maintain_order=True).to_list()
    top = max(float(data.get_column("Hours").max() or 0.0), 1.0)
    shared = dict(
        y=alt.Y("Strand:N", sort=strands, title=None),
        x=alt.X(
            "Hours:Q",
            title="Counted hours (shared equally among a record's strands)",
            scale=alt.Scale(domain=[0, top]),
        ),
    )
    bars = alt.Chart().mark_bar(color="#0072B2").encode(tooltip=_tooltips("Strand:N", "Hours:Q"))
    text = (
        alt.Chart()
        .mark_text(align="left", dx=4, color=TEXT_COLOR)
        .encode(text=alt.Text("Hours:Q", format=".2f"))
    )
    chart = _layered(data, shared, bars, text, width=WIDTH - 220, height=alt.Step(28))
    return finish(chart, title, "director_strands", subtitle)


LEDGER_COLUMNS = (
    ("Date", 0, 80),
    ("Event", 82, 300),
    ("Claimed", 410, 50),
    ("Counted", 468, 50),
    ("Reason", 528, 340),
)


@validated_once
def ledger_table(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> Any:
    """Every record of a director's year as a table drawn with text marks, so it can
    follow a picker in the exported page.

    `frame`: scope, date (text), event, claimed, counted, reason (short text),
    explanation (a sentence, in the tooltip), counts (bool).
    """
    data = frame.select(
        *_scope(title),
        pl.col("date").alias("Date"),
        pl.col("event").alias("Event"),
        pl.col("claimed").round(2).alias("Claimed"),
        pl.col("counted").round(2).alias("Counted"),
        pl.col("reason").alias("Reason"),
        pl.col("explanation").alias("Explanation"),
        pl.col("counts"),
    )
    layers = []
    for column, x, limit in LEDGER_COLUMNS:
        numeric = column in ("Claimed", "Counted")
        layers.append(
            alt.Chart()
            .mark_text(
                align="right" if numeric else "left",
                baseline="middle",
                fontSize=11,
                limit=limit,
                ellipsis="…",
            )
            .encode(
                x=alt.XValue(x + limit if numeric else x),
                text=alt.Text(f"{column}:Q", format=".2f") if numeric else alt.Text(f"{column}:N"),
            )
        )
    # a text layer per column; the row number, row colour and tooltip are the rows' own
    rows = _layered(
        data,
        {
            "y": alt.Y("row:O", axis=None),
            "color": alt.ColorValue(
                **alt.condition(alt.datum.counts, alt.value(TEXT_COLOR), alt.value("#A05A00"))
            ),
            "tooltip": _tooltips("Date:N", "Event:N", "Claimed:Q", "Counted:Q", "Explanation:N"),
        },
        *layers,
        transform=[
            alt.WindowTransform(
                window=[alt.WindowFieldDef(op="row_number", **{"as": "row"})],
                sort=[alt.SortField("Date")],
            )
        ],
    )
    header = alt.Chart(
        pl.DataFrame(
            {
                "label": [c[0] for c in LEDGER_COLUMNS],
                "x": [
                    c[1] + (c[2] if c[0] in ("Claimed", "Counted") else 0) for c in LEDGER_COLUMNS
                ],
                "align": [
                    "right" if c[0] in ("Claimed", "Counted") else "left" for c in LEDGER_COLUMNS
                ],
            }
        )
    )
    header_layers = [
        header.transform_filter(alt.datum.align == align)
        .mark_text(align=align, fontWeight="bold", fontSize=11, baseline="bottom", dy=-4)
        .encode(x=alt.X("x:Q", scale=None, axis=None), y=alt.YValue(0), text=alt.Text("label:N"))
        for align in ("left", "right")
    ]
    table = alt.layer(rows, *header_layers, width=870, height=alt.Step(20))
    return finish(table, title, "ledger", subtitle)


# ---------------------------------------------------------------------------
# Embedding in an offline page
# ---------------------------------------------------------------------------

_chart_counter = {"next": 1}


def spec_json(spec: Mapping[str, Any]) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' can close it."""
    text = json.dumps(spec, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def offline_html(spec: Mapping[str, Any], chart_id: str) -> str:
    """A chart for a page that loads vega itself (see report/templates/tdceu): an empty
    div and the spec as a JSON data block, which the page's script renders."""
    return (
        f'<div class="tdceu-chart" id="{html.escape(chart_id)}"></div>'
        f'<script type="application/json" class="tdceu-spec" '
        f'data-target="{html.escape(chart_id)}">{spec_json(spec)}</script>'
    )


def offline_renderer(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    """altair renderer for `tdceu build`: no CDN, ids numbered in order (stable runs)."""
    number = _chart_counter["next"]
    _chart_counter["next"] += 1
    return {"text/html": offline_html(spec, f"tdceu-chart-{number}")}


def enable_offline_renderer() -> None:
    """Make altair charts display as `offline_html` blocks in this kernel."""
    alt.renderers.register("tdceu_offline", offline_renderer)
    alt.renderers.enable("tdceu_offline")


@dataclass(frozen=True, repr=False)
class Redrawn:
    """A chart redrawn after a widget pick, displayed without altair's check of the whole
    spec against the vega-lite schema.

    Why: the check is about half of a pick's time (benchmarks/results.md), and it has
    nothing new to find: the same builder drew the same figure, only for another scope,
    when the page was first shown, and that spec was checked in full (so is every
    builder's, in tests/charts)."""

    chart: alt.TopLevelMixin

    def _repr_mimebundle_(self, *args: Any, **kwargs: Any) -> Any:
        try:  # as altair's own `_repr_mimebundle_`, which shows an error rather than raise
            spec = self.chart.to_dict(validate=False, context={"pre_transform": False})
        except Exception:
            from altair.utils import display_traceback

            display_traceback(in_ipython=True)
            return {}
        renderer = alt.renderers.get()
        return renderer(spec) if renderer else None

    def __repr__(self) -> str:  # the text/plain a notebook keeps, as for the chart itself
        return repr(self.chart)


def redrawn(shown: Any) -> Any:
    """What a widget pick displays: an altair chart as `Redrawn`, anything else as it is."""
    return Redrawn(shown) if isinstance(shown, alt.TopLevelMixin) else shown
