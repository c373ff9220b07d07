"""04 one director's year: the charts of `tdceu_analysis.figures.director`'s figures."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from tdceu_analysis.charts.speed import layered, tooltips, validated_once
from tdceu_analysis.charts.style import (
    RULE_COLOR,
    TEXT_COLOR,
    WIDTH,
    ZEROED_COLOR,
    finish,
    scope_columns,
)
from tdceu_analysis.figures.figure import Title


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
    bars = alt.Chart().mark_bar(color="#0072B2").encode(tooltip=tooltips("Strand:N", "Hours:Q"))
    text = (
        alt.Chart()
        .mark_text(align="left", dx=4, color=TEXT_COLOR)
        .encode(text=alt.Text("Hours:Q", format=".2f"))
    )
    chart = layered(data, shared, bars, text, width=WIDTH - 220, height=alt.Step(28))
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
        *scope_columns(title),
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
    rows = layered(
        data,
        {
            "y": alt.Y("row:O", axis=None),
            "color": alt.ColorValue(
                **alt.condition(alt.datum.counts, alt.value(TEXT_COLOR), alt.value(ZEROED_COLOR))
            ),
            "tooltip": tooltips("Date:N", "Event:N", "Claimed:Q", "Counted:Q", "Explanation:N"),
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
