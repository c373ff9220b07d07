"""01 statewide compliance: the charts of `tdceu_analysis.figures.statewide`'s figures."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from tdceu_analysis.charts.speed import layered, props, tooltips, validated_once
from tdceu_analysis.charts.style import (
    CATEGORY_ORDER,
    RULE_COLOR,
    WIDTH,
    bar_labels,
    category_scale,
    count_axis,
    finish,
    row_bars,
    scope_columns,
    stack_top,
    status_color,
    status_rows,
    status_scale,
    statuses_in,
    year_scale,
)
from tdceu_analysis.figures.figure import Title
from tdceu_analysis.vocabulary import NEUTRAL, PINK, STATUS_LABELS, STATUS_ORDER, rank, status_label


def status_count_chart(
    data: pl.DataFrame, statuses: list[str], x: alt.X, width: int, step: int
) -> Any:
    """Horizontal bars of directors per status, each labelled with its `label` column; the
    bars and labels of page 01's status chart and the board summary's two status charts.
    `data`: Status (words), Directors, label (and any scope columns)."""
    labels = [STATUS_LABELS[s] for s in statuses]
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            color=alt.Color("Status:N", scale=status_scale(statuses), legend=None),
            tooltip=tooltips("Status:N", "Directors:Q"),
        )
    )
    text = bar_labels(alt.Text("label:N"))
    return layered(
        data,
        {"y": alt.Y("Status:N", sort=labels, title=None), "x": x},
        bars,
        text,
        width=width,
        height=alt.Step(step),
    )


def share_x() -> alt.X:
    """Each bar's directors as shares of its row, 0-100%."""
    return alt.X("Share:Q", stack="normalize", axis=alt.Axis(format="%"), title="Directors")


def count_and_share_label() -> pl.Expr:
    """ "135 (82%)": a status bar's label from its `directors` and `share` columns."""
    return pl.format(
        "{} ({}%)", "directors", (pl.col("share") * 100).round(0).cast(pl.Int64)
    ).alias("label")


@validated_once
def status_bars(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> alt.Chart:
    """Directors per status. `frame`: scope, status, directors, share."""
    data = frame.select(
        *scope_columns(title),
        status_label().alias("Status"),
        pl.col("directors").alias("Directors"),
        count_and_share_label(),
    )
    x = alt.X("Directors:Q", title="Directors", axis=count_axis())
    chart = status_count_chart(data, statuses_in(frame), x, width=WIDTH - 120, step=34)
    return finish(chart, title, "status_counts", subtitle)


@validated_once
def region_status_bars(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> Any:
    """Share of each row's directors by status, rows with the largest share behind first.

    `frame`: scope, row, status, directors, share, order.
    """
    data = frame.select(
        *status_rows(title),
        pl.col("share").alias("Share"),
        pl.col("order"),
        rank("status", STATUS_ORDER).alias("stack"),
    )
    return row_bars(
        data,
        title,
        "status_by_region",
        subtitle,
        x=share_x(),
        color=status_color(frame),
        order="stack:Q",
        tooltip=("Row:N", "Status:N", "Directors:Q", alt.Tooltip("Share:Q", format=".0%")),
    )


@validated_once
def hours_histogram(
    frame: pl.DataFrame,
    title: Title,
    required_hours: float,
    subtitle: str | None = None,
    top: int | None = None,
) -> Any:
    """Directors by counted hours (1-hour bins), stacked by status, against the minimum's
    line at `required_hours`; the axis runs to `top`, the last bin (which holds everything
    above; default: twice the minimum).

    `frame`: scope, hours_bin (bin start; the last bin holds everything above), status,
    directors.
    """
    statuses = statuses_in(frame)
    last = int(top if top is not None else 2 * required_hours)
    data = frame.select(
        *scope_columns(title),
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
                scale=alt.Scale(domain=[0, last + 1], nice=False),
                axis=alt.Axis(values=list(range(0, last + 2, 2))),
            ),
            x2=alt.X2("Hours_end:Q"),
            y=alt.Y("sum(Directors):Q", title="Directors", axis=count_axis()),
            color=alt.Color("Status:N", scale=status_scale(statuses), title=None),
            tooltip=tooltips("Hours:Q", "Status:N", "Directors:Q"),
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
    chart = props(alt.layer(bars, rule, rule_text), width=WIDTH, height=220)
    return finish(chart, title, "hours_distribution", subtitle)


@validated_once
def category_bars(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> Any:
    """Counted ALET and external hours and pending hours per director of each row.

    `frame`: scope, row, category ('ALET', 'External', 'Pending'), hours_per_director,
    hours, order.
    """
    data = frame.select(
        *scope_columns(title),
        pl.col("row").alias("Row"),
        pl.col("category").alias("Hours"),
        pl.col("hours_per_director").round(2).alias("Per director"),
        pl.col("hours").round(2).alias("Total hours"),
        pl.col("order"),
        rank("category", CATEGORY_ORDER).alias("stack"),
    )
    return row_bars(
        data,
        title,
        "alet_external_mix",
        subtitle,
        x=alt.X("Per director:Q", title="Hours per director"),
        color=alt.Color("Hours:N", scale=category_scale(), title=None),
        order="stack:Q",
        tooltip=("Row:N", "Hours:N", "Per director:Q", "Total hours:Q"),
    )


@validated_once
def pending_bars(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> Any:
    """Claimed hours waiting on an assignment or on evidence, by row.

    `frame`: scope, row, waiting_on, hours, directors, order.
    """
    data = frame.select(
        *scope_columns(title),
        pl.col("row").alias("Row"),
        pl.col("waiting_on").alias("Waiting on"),
        pl.col("hours").round(2).alias("Hours"),
        pl.col("directors").alias("Directors"),
        pl.col("order"),
    )
    return row_bars(
        data,
        title,
        "pending_credits",
        subtitle,
        x=alt.X(
            "Hours:Q",
            title="Pending hours (claimed, not yet counted)",
            scale=alt.Scale(domain=[0, stack_top(frame, "hours")]),
        ),
        color=alt.Color(
            "Waiting on:N",
            scale=alt.Scale(
                domain=["ALET Talent assignment", "Evidence of attendance"],
                range=[PINK, NEUTRAL],
            ),
            title=None,
        ),
        tooltip=("Row:N", "Waiting on:N", "Hours:Q", "Directors:Q"),
    )


@validated_once
def year_status_bars(frame: pl.DataFrame, title: Title, subtitle: str | None = None) -> Any:
    """Share of directors by status in each fiscal year.

    `frame`: scope, year (label), status, directors, share.
    """
    data = frame.select(
        *status_rows(title, "year"),
        pl.col("share").alias("Share"),
        rank("status", STATUS_ORDER).alias("order"),
    )
    years = data.get_column("Year").unique(maintain_order=True).to_list()
    return row_bars(
        data,
        title,
        "year_over_year",
        subtitle,
        y=alt.Y("Year:N", sort=years, title=None),
        x=share_x(),
        color=status_color(frame),
        order="order:Q",
        tooltip=("Year:N", "Status:N", "Directors:Q", alt.Tooltip("Share:Q", format=".0%")),
        step=36,
    )


@validated_once
def monthly_lines(
    frame: pl.DataFrame,
    title: Title,
    required_hours: float,
    subtitle: str | None = None,
    months: tuple[str, ...] = (),
) -> Any:
    """Counted hours per director, cumulative by fiscal month (`months`, in fiscal order),
    a line per year, and the minimum's line at `required_hours`.

    `frame`: scope, year (label), month (Oct..Sep), hours_per_director.
    """
    data = frame.select(
        *scope_columns(title),
        pl.col("year").alias("Year"),
        pl.col("month").alias("Month"),
        pl.col("hours_per_director").round(2).alias("Hours per director"),
    )
    years = sorted(data.get_column("Year").unique().to_list())
    lines = (
        alt.Chart(data)
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X("Month:O", sort=list(months), title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("Hours per director:Q", title="Counted hours per director (cumulative)"),
            color=alt.Color(
                "Year:N",
                scale=year_scale(years),  # a year's colour is the same on every page
                title=None,
            ),
            tooltip=tooltips("Year:N", "Month:O", "Hours per director:Q"),
        )
    )
    rule = (
        alt.Chart(pl.DataFrame({"y": [required_hours]}))
        .mark_rule(color=RULE_COLOR, strokeDash=[6, 3])
        .encode(y=alt.Y("y:Q"))
    )
    chart = props(alt.layer(lines, rule), width=WIDTH, height=240)
    return finish(chart, title, "hours_by_month", subtitle)
