"""02 strand coverage: the charts of `tdceu_analysis.figures.strands`'s figures."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from tdceu_analysis.charts.speed import layered, tooltips, validated_once
from tdceu_analysis.charts.style import (
    TEXT_COLOR,
    TWO_LINES,
    WIDTH,
    bar_labels,
    finish,
    scope_columns,
)
from tdceu_analysis.figures.figure import SCOPE, Title
from tdceu_analysis.vocabulary import BLUE, NEUTRAL, ORANGE, VERMILLION


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
    columns = scope_columns(title) if SCOPE in frame.columns else []
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
            tooltip=tooltips("Row:N", "Strand:N", "Hours per director:Q", "Directors:Q"),
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
    chart = layered(data, shared, cells, text, width=WIDTH - 60, height=alt.Step(24))
    return finish(chart, title, name, subtitle)


@validated_once
def strand_rank_bars(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> Any:
    """A scope's strands ranked from least to most served, least-served highlighted.

    `frame`: scope, strand_name, hours_per_director, rank (1 = least served).
    """
    data = frame.select(
        *scope_columns(title),
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
                    domain=["Least served", "Other strands"], range=[VERMILLION, NEUTRAL]
                ),
                title=None,
            ),
            tooltip=tooltips("Strand:N", "Rank:Q", "Hours per director:Q"),
        )
    )
    text = bar_labels(alt.Text("Hours per director:Q", format=".2f"))
    chart = layered(data, shared, bars, text, width=WIDTH - 220, height=alt.Step(28))
    return finish(chart, title, "least_served_strands", subtitle)


@validated_once
def strand_view_bars(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> Any:
    """Strand hours per director under the two R6 views, side by side.

    `frame`: scope, strand_name, view (label), hours_per_director.
    """
    data = frame.select(
        *scope_columns(title),
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
                "View:N", scale=alt.Scale(domain=views, range=[BLUE, ORANGE]), title=None
            ),
            tooltip=tooltips("Strand:N", "View:N", "Hours per director:Q"),
        )
    )
    text = bar_labels(alt.Text("Hours per director:Q", format=".2f"), dx=3, fontSize=10)
    chart = layered(
        data,
        shared,
        bars,
        text,
        width=WIDTH - 240,
        height=alt.Step(16, **{"for": "position"}),
    )
    return finish(chart, title, "strand_views", subtitle)
