"""The what-if page: altair charts and HTML tables of a `tdceu_analysis.whatif.WhatIf`.

They follow `tdceu_analysis.charts.style` and the vocabulary: status words and colours, `finish`
(title stating the takeaway, page style, a name for PNG/SVG files). Baseline
and scenario are told apart by two neutral greys, so that colour keeps meaning
status everywhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import altair as alt
import polars as pl

from tdceu_analysis import __version__
from tdceu_analysis.charts.speed import tooltips
from tdceu_analysis.charts.style import TEXT_COLOR, WIDTH, finish
from tdceu_analysis.figures.html import (
    Html,
    esc,
    html_table,
    kpi_tiles,
    page_header,
    status_badge_cell,
)
from tdceu_analysis.vocabulary import (
    STATUS_COLORS,
    STATUS_LABELS,
    STATUS_ORDER,
    counted,
    status_label,
)
from tdceu_analysis.whatif import WhatIf, load_scenario, shipped_scenarios

SIDE_LABELS = {"baseline": "Published policy", "scenario": "Scenario"}
SIDE_COLORS = {"baseline": "#BBBBBB", "scenario": "#444444"}

DIRECTION_LABELS = {
    "newly_met": "Newly met",
    "no_longer_met": "No longer met",
    "improved": "Better status, not met",
    "worsened": "Worse status",
    "entered_scope": "Now in scope",
    "left_scope": "Now out of scope",
}
DIRECTION_COLORS = {
    "newly_met": STATUS_COLORS["met"],
    "no_longer_met": STATUS_COLORS["not_met"],
    "improved": STATUS_COLORS["on_track"],
    "worsened": STATUS_COLORS["at_risk"],
    "entered_scope": "#999999",
    "left_scope": "#999999",
}


def _side_scale() -> alt.Scale:
    return alt.Scale(
        domain=[SIDE_LABELS[s] for s in SIDE_LABELS], range=[SIDE_COLORS[s] for s in SIDE_LABELS]
    )


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
    chart = alt.layer(bars, text).properties(
        width=WIDTH - 200, height=alt.Step(22, **{"for": "position"})
    )
    return finish(chart, title, "whatif_status", subtitle)


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
    chart = alt.layer(bars, text).properties(width=WIDTH - 220, height=alt.Step(26))
    return finish(chart, title, "whatif_directions", subtitle)


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
        .mark_rule(color="#888888", strokeWidth=2)
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
    chart = alt.layer(line, dots).properties(width=WIDTH - 160, height=alt.Step(24))
    return finish(chart, title, "whatif_regions", subtitle)


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
            scale=alt.Scale(domain=["More", "Fewer"], range=["#0072B2", "#D55E00"]),
            legend=None,
        ),
        tooltip=tooltips("Strand:N", "Published policy:Q", "Scenario:Q", "Change in hours:Q"),
    )
    zero = alt.Chart(pl.DataFrame({"x": [0.0]})).mark_rule(color=TEXT_COLOR).encode(x=alt.X("x:Q"))
    chart = alt.layer(bars, zero).properties(width=WIDTH - 240, height=alt.Step(26))
    return finish(chart, title, "whatif_strands", subtitle)


# ---------------------------------------------------------------------------
# The what-if page: header, tiles, tables and charts with takeaway titles
# ---------------------------------------------------------------------------


def _signed(value: float) -> str:
    return f"{value:+g}"


def _directions(result: WhatIf) -> dict[str, int]:
    return dict(result.directions.iter_rows())


def scenario_facts(result: WhatIf) -> list[tuple[str, str]]:
    """What the scenario changes, as (label, text) pairs."""
    scenario = result.scenario
    policy = "; ".join(
        f"{row['parameter']} {row['baseline']} -> {row['scenario']}"
        for row in result.policy_changes.iter_rows(named=True)
    )
    catalogue = "; ".join(
        f"{row['event_id']} "
        + (f"FY{row['fiscal_year'] % 100:02d} " if row["fiscal_year"] is not None else "")
        + row["change"]
        + (f" ({row['detail']})" if row["detail"] else "")
        for row in result.catalog_changes.iter_rows(named=True)
    )
    attendance = "; ".join(
        f"{entry.event_id} in {entry.region or 'every region'}: {entry.hours:g} hours, "
        f"{entry.attendance_rate:.0%} of directors ({entry.attendees}), "
        f"on {entry.date.isoformat() if entry.date else 'the as-of date'}"
        for entry in scenario.attendance
    )
    return [
        ("What it assumes", scenario.description or "(no description)"),
        ("Policy values changed", policy or "none"),
        ("Catalogue rows changed", catalogue or "none"),
        ("Assumed attendance", attendance or "none"),
        ("Compared on", f"{result.baseline.fiscal_year.label} as of {result.baseline.as_of}"),
    ]


def scenario_card(result: WhatIf) -> Html:
    """A card saying what the scenario changes (the page header says year, date, data)."""
    facts = scenario_facts(result)
    rows = "".join(f"<dt>{esc(label)}</dt><dd>{esc(text)}</dd>" for label, text in facts)
    markup = (
        f'<div class="tdceu tdceu-card"><h2>What if: {esc(result.scenario.name)}</h2>'
        f'<dl class="tdceu-facts">{rows}</dl></div>'
    )
    return Html(markup, "\n".join(f"{label}: {text}" for label, text in facts))


def scenario_header(result: WhatIf, data_folder: str | None = None) -> Html:
    """A page header for a what-if shown on its own: the scenario and the facts of the data."""
    base = result.baseline
    facts = [
        ("Fiscal year", f"{base.fiscal_year.label} ({'closed' if base.closed else 'open'})"),
        ("As of", base.as_of.isoformat()),
        ("Data folder", data_folder or base.source),
        *scenario_facts(result)[1:4],
        ("Built", f"{dt.date.today().isoformat()}, tdceu-analysis {__version__}"),
    ]
    lead = result.scenario.description or result.describe()
    return page_header(f"What if: {result.scenario.name}", lead, facts)


def change_tiles(result: WhatIf) -> Html:
    """Headline numbers: directors met on each side and status changes each way."""
    counts = dict(
        (row["status"], (row["baseline"], row["scenario"]))
        for row in result.status_counts.iter_rows(named=True)
    )
    met_before, met_after = counts.get("met", (0, 0))
    ways = _directions(result)
    tiles: list[tuple[str, str, str | None]] = [
        ("Directors", str(result.directors.height), None),
        ("Met, published policy", str(met_before), "met"),
        ("Met, scenario", str(met_after), "met"),
        ("Newly met", str(ways["newly_met"]), "on_track"),
        ("No longer met", str(ways["no_longer_met"]), "not_met"),
        ("Other status changes", str(ways["improved"] + ways["worsened"]), None),
        ("Ledger rows changed", str(result.ledger_changes.height), None),
    ]
    return kpi_tiles(tiles, caption=result.describe())


def policy_table(result: WhatIf) -> Html:
    return html_table(
        result.policy_changes,
        {"parameter": "Parameter", "rule": "Rule", "unit": "Unit", "baseline": "Published",
         "scenario": "Scenario"},
        empty="The scenario changes no policy value.",
    )  # fmt: skip


def catalog_table(result: WhatIf) -> Html:
    return html_table(
        result.catalog_changes,
        {"event_id": "Event", "fiscal_year": "FY", "name": "Name", "change": "Change",
         "detail": "What changed"},
        empty="The scenario leaves the event catalogue as it is.",
    )  # fmt: skip


def status_table(result: WhatIf) -> Html:
    return html_table(
        result.status_counts,
        {"status": "Status", "baseline": "Published policy", "scenario": "Scenario",
         "change": "Change"},
        cells={"status": status_badge_cell("status")},
        numeric=("baseline", "scenario", "change"),
    )  # fmt: skip


def transition_table(result: WhatIf) -> Html:
    """From-to counts: one row per status under the published policy, one column per status
    under the scenario."""
    moves = result.transitions
    statuses = [s for s in STATUS_ORDER if s in set(moves["from_status"]) | set(moves["to_status"])]
    grid = (
        moves.pivot(
            on="to_status", index="from_status", values="directors", aggregate_function="sum"
        )
        .with_columns(pl.col(pl.Int64).fill_null(0))
        .sort(pl.col("from_status").replace_strict({s: i for i, s in enumerate(STATUS_ORDER)}))
    )
    for status in statuses:
        if status not in grid.columns:
            grid = grid.with_columns(pl.lit(0, dtype=pl.Int64).alias(status))
    columns = {"from_status": "Published policy \u2193 / scenario \u2192"} | {
        s: STATUS_LABELS[s] for s in statuses
    }
    return html_table(
        grid,
        columns,
        cells={"from_status": status_badge_cell("from_status")},
        numeric=statuses,
        caption="Directors by status under the published policy (rows) and the scenario "
        "(columns); off the diagonal, status changed.",
    )


def changed_table(result: WhatIf) -> Html:
    """Who changed status (names for staff; escaped)."""
    frame = result.changed.with_columns(
        pl.col("direction").replace_strict(DIRECTION_LABELS, default=pl.col("direction"))
    )
    return html_table(
        frame,
        {"direction": "Change", "name": "Director", "district_name": "District",
         "region": "Region", "status_baseline": "Published", "status_scenario": "Scenario",
         "total_hours_baseline": "Hours (published)", "total_hours_scenario": "Hours (scenario)",
         "hours_needed_scenario": "Still needed"},
        cells={"status_baseline": status_badge_cell("status_baseline"),
               "status_scenario": status_badge_cell("status_scenario")},
        numeric=("total_hours_baseline", "total_hours_scenario", "hours_needed_scenario"),
        empty="No director changes status under this scenario.",
    )  # fmt: skip


def region_table(result: WhatIf) -> Html:
    return html_table(
        result.by_region,
        {"region": "Region", "directors": "Directors", "met_baseline": "Met (published)",
         "met_scenario": "Met (scenario)", "newly_met": "Newly met",
         "no_longer_met": "No longer met", "improved": "Better", "worsened": "Worse",
         "hours_change": "Change in hours"},
        numeric=("directors", "met_baseline", "met_scenario", "newly_met", "no_longer_met",
                 "improved", "worsened", "hours_change"),
    )  # fmt: skip


def strand_table(result: WhatIf) -> Html:
    return html_table(
        result.strands,
        {"strand_name": "Strand", "hours_baseline": "Hours (published)",
         "hours_scenario": "Hours (scenario)", "hours_change": "Change"},
        numeric=("hours_baseline", "hours_scenario", "hours_change"),
    )  # fmt: skip


def ledger_table(result: WhatIf, limit: int = 200) -> Html:
    """Ledger rows whose reason or counted hours changed (the first `limit`)."""
    rows = result.ledger_changes
    shown = rows.head(limit)
    caption = (
        f"{rows.height} ledger rows changed; the first {limit} are shown."
        if rows.height > limit
        else f"{counted(rows.height, 'ledger row', 'ledger rows')} changed."
    )
    return html_table(
        shown,
        {"name": "Director", "event_name": "Event", "date": "Date",
         "hours_claimed": "Claimed", "hours_counted_baseline": "Counted (published)",
         "hours_counted_scenario": "Counted (scenario)", "reason_baseline": "Reason (published)",
         "reason_scenario": "Reason (scenario)", "explanation": "Why, under the scenario"},
        numeric=("hours_claimed", "hours_counted_baseline", "hours_counted_scenario"),
        caption=caption,
        empty="No ledger row changes under this scenario.",
    )  # fmt: skip


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
    ways = _directions(result)
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
            f"Largest change in {top['region']}: {_signed(top['change'])} directors meeting "
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
            f"({_signed(top['hours_change'])} hours)"
        )
    return strand_change_bars(result.strands, title)


def shipped_scenario_table() -> Html:
    """The example scenarios shipped in data/scenarios/, by name, with what each assumes."""
    rows = [
        {"scenario": name, "description": load_scenario(path).description}
        for name, path in shipped_scenarios().items()
    ]
    frame = pl.DataFrame(rows, schema={"scenario": pl.String, "description": pl.String})
    return html_table(
        frame,
        {"scenario": "Scenario", "description": "What it assumes"},
        caption="Shipped in tdceu_analysis/data/scenarios/; set `scenario` to a name, "
        "a .toml file of your own, or a dict.",
    )
