"""03 at risk: the charts of `tdceu_analysis.figures.at_risk`'s figures."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import polars as pl

from tdceu_analysis.charts.speed import props, tooltips, validated_once
from tdceu_analysis.charts.style import (
    RULE_COLOR,
    TEXT_COLOR,
    WIDTH,
    count_axis,
    cto_scale,
    finish,
    row_bars,
    scope_columns,
    stack_top,
    status_color,
    status_rows,
)
from tdceu_analysis.figures.figure import Title


@validated_once
def cto_clock_bars(
    frame: pl.DataFrame,
    title: Title,
    as_of: Any,
    labels: Mapping[str, str],
    subtitle: str | None = None,
) -> Any:
    """Each new director's CTO Academy window (R10), from role start to deadline.

    `labels`: the CTO Academy words of the policy in force (`vocabulary.cto_labels`).

    `frame`: scope, label, role_start, deadline, cto_status, months_left, months_text, order.
    """
    data = frame.select(
        *scope_columns(title),
        pl.col("label").alias("Director"),
        pl.col("role_start").alias("Started"),
        pl.col("deadline").alias("Deadline"),
        pl.col("cto_status")
        .replace_strict(dict(labels), default=pl.col("cto_status"))
        .alias("CTO Academy"),
        pl.col("months_left").alias("Months left"),
        pl.col("months_text").alias("Left"),
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
        color=alt.Color("CTO Academy:N", scale=cto_scale(labels), title=None),
        tooltip=tooltips(
            "Director:N",
            "CTO Academy:N",
            alt.Tooltip("Started:T", format="%Y-%m-%d"),
            alt.Tooltip("Deadline:T", format="%Y-%m-%d"),
            "Months left:Q",
        ),
    )
    # the words come with the data (figures.at_risk.cto_clocks: the rule's rounding)
    months = base.mark_text(align="left", dx=4, fontSize=10, color=TEXT_COLOR).encode(
        x=alt.X("Deadline:T"), text=alt.Text("Left:N")
    )
    today = (
        alt.Chart(pl.DataFrame({"date": [as_of]}))
        .mark_rule(color=RULE_COLOR, strokeDash=[4, 3])
        .encode(x=alt.X("date:T"))
    )
    chart = props(alt.layer(bars, months, today), width=WIDTH - 200, height=alt.Step(20))
    return finish(chart, title, "cto_academy_clocks", subtitle)


@validated_once
def risk_region_bars(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> Any:
    """Directors behind (at risk, critical or not met) per row, stacked by status.

    `frame`: scope, row, status, directors, hours_needed, order.
    """
    data = frame.select(
        *status_rows(title),
        pl.col("hours_needed").round(2).alias("Hours still needed"),
        pl.col("order"),
    )
    return row_bars(
        data,
        title,
        "behind_by_region",
        subtitle,
        x=alt.X(
            "Directors:Q",
            title="Directors",
            axis=count_axis(),
            scale=alt.Scale(domain=[0, stack_top(frame, "directors")]),
        ),
        color=status_color(frame),
        tooltip=("Row:N", "Status:N", "Directors:Q", "Hours still needed:Q"),
    )
