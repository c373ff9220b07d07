"""05 policy what-if: the altair charts of a `tdceu_analysis.whatif.WhatIf` (its card, tiles
and tables are in `tdceu_analysis.figures.whatif`).

They follow `tdceu_analysis.charts.style` and the vocabulary: status words and colours, `finish`
(title stating the takeaway, page style, a name for PNG/SVG files). Baseline
and scenario are told apart by two neutral greys, so that colour keeps meaning
status everywhere.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from tdceu_analysis.charts.speed import props, tooltips, validated_once
from tdceu_analysis.charts.style import DARK_COLOR, LINE_COLOR, TEXT_COLOR, WIDTH, finish
from tdceu_analysis.figures.whatif import DIRECTION_LABELS, directions, signed
from tdceu_analysis.vocabulary import (
    BLUE,
    GREY,
    NEUTRAL,
    STATUS_COLORS,
    STATUS_LABELS,
    STATUS_ORDER,
    VERMILLION,
    counted,
    status_label,
)
from tdceu_analysis.whatif import WhatIf

SIDE_LABELS = {"baseline": "Published policy", "scenario": "Scenario"}
SIDE_COLORS = {"baseline": GREY, "scenario": DARK_COLOR}
DIRECTION_COLORS = {
    "newly_met": STATUS_COLORS["met"],
    "no_longer_met": STATUS_COLORS["not_met"],
    "improved": STATUS_COLORS["on_track"],
    "worsened": STATUS_COLORS["at_risk"],
    "entered_scope": NEUTRAL,
    "left_scope": NEUTRAL,
}


def _side_scale() -> alt.Scale:
    return alt.Scale(
        domain=[SIDE_LABELS[s] for s in SIDE_LABELS], range=[SIDE_COLORS[s] for s in SIDE_LABELS]
    )


@validated_once
def status_comparison_bars(frame: pl.DataFrame, title: str, subtitle: str | None = None) -> Any:
    """Directors per status, published policy and scenario side by side.

    `frame`: `WhatIf.status_counts` (status, baseline, scenario, change).
    """
    long = frame.unpivot(
        index="status", on=["baseline", "scenario"], variable_name="side", value_name="directors"
    ).select(
        status_label().alias("Status"),
        pl.col("side").replace_strict(SIDE_LABELS).alias("Policy"),
        pl.col("directors").alias("Directors"),
    )
    statuses = [STATUS_LABELS[s] for s in STATUS_ORDER if s in frame["status"].to_list()]
    base = alt.Chart(long).encode(
        y=alt.Y("Status:N", sort=statuses, title=None),
        yOffset=alt.YOffset("Policy:N", sort=list(SIDE_LABELS.values())),
        x=alt.X("Directors:Q", title="Directors"),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("Policy:N", scale=_side_scale(), title=None),
        tooltip=tooltips("Status:N", "Policy:N", "Directors:Q"),
    )
    text = base.mark_text(align="left", dx=3, fontSize=10, color=TEXT_COLOR).encode(
        text=alt.Text("Directors:Q")
    )
    chart = props(
        alt.layer(bars, text), width=WIDTH - 200, height=alt.Step(22, **{"for": "position"})
    )
    return finish(chart, title, "whatif_status", subtitle)


@validated_once
def direction_bars(frame: pl.DataFrame, title: str, subtitle: str | None = None) -> Any:
    """How many directors changed status, each way (unchanged left out; a change of scope
    only when it happened).

    `frame`: `WhatIf.directions` (direction, directors).
    """
    main = ("newly_met", "no_longer_met", "improved", "worsened")
    shown = frame.filter(pl.col("direction").is_in(main) | (pl.col("directors") > 0)).filter(
        pl.col("direction") != "unchanged"
    )
    data = shown.select(
        pl.col("direction").replace_strict(DIRECTION_LABELS).alias("Change"),
        pl.col("directors").alias("Directors"),
    )
    order = [DIRECTION_LABELS[d] for d in shown["direction"].to_list()]
    scale = alt.Scale(
        domain=order, range=[DIRECTION_COLORS[d] for d in shown["direction"].to_list()]
    )
    base = alt.Chart(data).encode(
        y=alt.Y("Change:N", sort=order, title=None),
        x=alt.X("Directors:Q", title="Directors", axis=alt.Axis(tickMinStep=1)),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("Change:N", scale=scale, legend=None),
        tooltip=tooltips("Change:N", "Directors:Q"),
    )
    text = base.mark_text(align="left", dx=4, color=TEXT_COLOR).encode(text=alt.Text("Directors:Q"))
    chart = props(alt.layer(bars, text), width=WIDTH - 220, height=alt.Step(26))
    return finish(chart, title, "whatif_directions", subtitle)


@validated_once
def region_met_dumbbell(frame: pl.DataFrame, title: str, subtitle: str | None = None) -> Any:
    """Share of each region's directors who meet the year, before and after, joined by a line.

    `frame`: `WhatIf.by_region` (region, directors, met_baseline, met_scenario, ...).
    """
    data = frame.select(
        pl.col("region").fill_null("(no region)").alias("Region"),
        (pl.col("met_baseline") / pl.col("directors")).alias("baseline"),
        (pl.col("met_scenario") / pl.col("directors")).alias("scenario"),
        pl.col("directors").alias("Directors"),
        (pl.col("met_scenario") - pl.col("met_baseline")).alias("Change"),
    )
    regions = data.sort(["Change", "Region"], descending=[True, False])["Region"].to_list()
    long = data.unpivot(
        index=["Region", "Directors", "Change"],
        on=["baseline", "scenario"],
        variable_name="side",
        value_name="Share met",
    ).with_columns(pl.col("side").replace_strict(SIDE_LABELS).alias("Policy"))
    y = alt.Y("Region:N", sort=regions, title=None)
    line = (
        alt.Chart(data)
        .mark_rule(color=LINE_COLOR, strokeWidth=2)
        .encode(y=y, x=alt.X("baseline:Q"), x2=alt.X2("scenario:Q"))
    )
    dots = (
        alt.Chart(long)
        .mark_circle(size=90, opacity=1)
        .encode(
            y=y,
            x=alt.X("Share met:Q", axis=alt.Axis(format="%"), title="Directors who met the year"),
            color=alt.Color("Policy:N", scale=_side_scale(), title=None),
            tooltip=tooltips(
                "Region:N",
                "Policy:N",
                alt.Tooltip("Share met:Q", format=".0%"),
                "Directors:Q",
                alt.Tooltip("Change:Q", title="Change in directors met"),
            ),
        )
    )
    chart = props(alt.layer(line, dots), width=WIDTH - 160, height=alt.Step(24))
    return finish(chart, title, "whatif_regions", subtitle)


@validated_once
def strand_change_bars(frame: pl.DataFrame, title: str, subtitle: str | None = None) -> Any:
    """Change in counted hours per strand (more to the right, fewer to the left).

    `frame`: `WhatIf.strands` (strand, strand_name, hours_baseline, hours_scenario,
    hours_change).
    """
    data = frame.select(
        pl.col("strand_name").alias("Strand"),
        pl.col("hours_change").alias("Change in hours"),
        pl.col("hours_baseline").alias("Published policy"),
        pl.col("hours_scenario").alias("Scenario"),
        pl.when(pl.col("hours_change") < 0)
        .then(pl.lit("Fewer"))
        .otherwise(pl.lit("More"))
        .alias("Direction"),
    )
    strands = data["Strand"].to_list()
    base = alt.Chart(data).encode(
        y=alt.Y("Strand:N", sort=strands, title=None),
        x=alt.X("Change in hours:Q", title="Change in counted hours (all directors)"),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "Direction:N",
            scale=alt.Scale(domain=["More", "Fewer"], range=[BLUE, VERMILLION]),
            legend=None,
        ),
        tooltip=tooltips("Strand:N", "Published policy:Q", "Scenario:Q", "Change in hours:Q"),
    )
    zero = alt.Chart(pl.DataFrame({"x": [0.0]})).mark_rule(color=TEXT_COLOR).encode(x=alt.X("x:Q"))
    chart = props(alt.layer(bars, zero), width=WIDTH - 240, height=alt.Step(26))
    return finish(chart, title, "whatif_strands", subtitle)


# ---------------------------------------------------------------------------
# The charts with takeaway titles
# ---------------------------------------------------------------------------


def status_chart(result: WhatIf) -> Any:
    counts = dict(
        (row["status"], (row["baseline"], row["scenario"]))
        for row in result.status_counts.iter_rows(named=True)
    )
    before, after = counts.get("met", (0, 0))
    label = result.baseline.fiscal_year.label
    if before == after:
        title = f"{label}: {before} directors meet the year either way"
    else:
        title = (
            f"{label}: {after} directors would meet the year under the scenario, "
            f"{before} under the published policy"
        )
    return status_comparison_bars(result.status_counts, title)


def direction_chart(result: WhatIf) -> Any:
    ways = directions(result)
    moved = sum(n for d, n in ways.items() if d != "unchanged")
    if moved == 0:
        title = "No director changes status under this scenario"
    else:
        title = (
            f"{counted(moved, 'director changes', 'directors change')} status: "
            f"{ways['newly_met']} newly met, {ways['no_longer_met']} no longer met"
        )
    return direction_bars(result.directions, title)


def region_chart(result: WhatIf) -> Any:
    regions = result.by_region.with_columns(
        (pl.col("met_scenario") - pl.col("met_baseline")).alias("change")
    ).sort(pl.col("change").abs(), "region", descending=[True, False])
    top = regions.row(0, named=True) if regions.height else None
    if top is None or top["change"] == 0:
        title = "No region changes how many of its directors meet the year"
    else:
        title = (
            f"Largest change in {top['region']}: {signed(top['change'])} directors meeting "
            f"the year ({top['met_baseline']} -> {top['met_scenario']} of {top['directors']})"
        )
    return region_met_dumbbell(result.by_region, title)


def strand_chart(result: WhatIf) -> Any:
    strands = result.strands.sort(pl.col("hours_change").abs(), descending=True)
    top = strands.row(0, named=True) if strands.height else None
    if top is None or top["hours_change"] == 0:
        title = "Counted hours per strand do not change"
    else:
        title = (
            f"Counted hours change most in {top['strand_name']} "
            f"({signed(top['hours_change'])} hours)"
        )
    return strand_change_bars(result.strands, title)
