"""04 one director's year: the charts of `tdceu_analysis.figures.director`'s figures."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from tdceu_analysis.charts.speed import layered, tooltips, validated_once
from tdceu_analysis.charts.style import (
    LINE_COLOR,
    RULE_COLOR,
    WIDTH,
    bar_labels,
    finish,
    scope_columns,
)
from tdceu_analysis.figures.figure import Title
from tdceu_analysis.vocabulary import BLUE, GREEN


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
        *scope_columns(title),
        pl.col("date").alias("Date"),
        pl.col("hours").round(2).alias("Counted hours"),
        pl.col("alet_hours").round(2).alias("ALET hours"),
    )
    pace_rows = pace.select(
        *scope_columns(title),
        pl.col("date").alias("Date"),
        pl.col("pace").round(2).alias("Pace to the minimum"),
    )
    # wide rows (a date's counted and ALET hours in one row), folded into lines by vega:
    # a page with every director's year embeds half the rows of a long table
    both = pl.concat([data, pace_rows], how="diagonal_relaxed")
    lines_domain = ["Counted hours", "ALET hours", "Pace to the minimum"]
    color = alt.Color(
        "Line:N",
        scale=alt.Scale(domain=lines_domain, range=[BLUE, GREEN, LINE_COLOR]),
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
    lines = layered(
        both,
        {
            "x": alt.X("Date:T", title=None, axis=alt.Axis(format="%b %Y")),
            "y": alt.Y("Hours:Q", title="Hours (cumulative)"),
            "color": color,
            "tooltip": tooltips(alt.Tooltip("Date:T", format="%Y-%m-%d"), "Line:N", "Hours:Q"),
        },
        alet,
        counted,
        pace_line,
        transform=[
            alt.FoldTransform(fold=lines_domain, **{"as": ["Line", "Hours"]}),
            alt.FilterTransform(filter="isValid(datum.Hours)"),
        ],
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
        *scope_columns(title),
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
    bars = alt.Chart().mark_bar(color=BLUE).encode(tooltip=tooltips("Strand:N", "Hours:Q"))
    text = bar_labels(alt.Text("Hours:Q", format=".2f"))
    chart = layered(data, shared, bars, text, width=WIDTH - 220, height=alt.Step(28))
    return finish(chart, title, "director_strands", subtitle)
