"""The board summary (`tdceu build`'s 00_summary page): `figures.summary.BoardSummary`'s
frames as small charts, its takeaway sentences beside them, and the page's pieces.

One printed page: a header, four tiles (behind, critical, CTO Academy clocks overdue
and due soon: each a number and its word, never a colour alone), four charts two by
two (the closed year's result, the met share over the years, the open year's pace, the
least-served strands), each captioned by its takeaway sentence, and the links to every
year's pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import polars as pl

from tdceu_analysis.charts.offline import offline_renderer
from tdceu_analysis.charts.speed import layered, tooltips, validated_once
from tdceu_analysis.charts.statewide import count_and_share_label, status_count_chart
from tdceu_analysis.charts.style import TEXT_COLOR, finish, year_scale
from tdceu_analysis.evaluate import YearsEvaluation
from tdceu_analysis.figures.html import Html, esc, page_header
from tdceu_analysis.figures.summary import BoardSummary
from tdceu_analysis.fiscal import fy_label
from tdceu_analysis.vocabulary import (
    CTO_COLORS,
    PINK,
    STATUS_COLORS,
    counted,
    noun,
    status_label,
)

SMALL_WIDTH = 300  # pixels: two charts side by side on a printed page
OPEN_OPACITY = 0.55  # the open year's met-share bar: its year's colour, paler


@validated_once
def status_share_bars(frame: pl.DataFrame, title: str, name: str) -> Any:
    """Directors per status with count and share as labels. `frame`: status, directors, share."""
    data = frame.select(
        status_label().alias("Status"),
        pl.col("directors").alias("Directors"),
        count_and_share_label(),
    )
    top = max(int(frame.get_column("directors").max() or 0), 1)
    # room right of the longest bar for its label
    x = alt.X("Directors:Q", title="Directors", scale=alt.Scale(domain=[0, round(top * 1.35)]))
    statuses = frame.get_column("status").to_list()
    chart = status_count_chart(data, statuses, x, width=SMALL_WIDTH - 88, step=22)
    return finish(chart, title, name)


@validated_once
def trend_bars(frame: pl.DataFrame, title: str) -> Any:
    """Share of directors who met, per fiscal year; the open year's bar is "so far".
    `frame`: BoardSummary.trend."""
    data = frame.select(
        pl.col("year").alias("Year"),
        (pl.col("share_met") * 100).round(0).alias("Met %"),
        pl.col("met").alias("Met"),
        pl.col("directors").alias("Directors"),
        pl.when(pl.col("closed"))
        .then(pl.lit("closed"))
        .otherwise(pl.lit("open (so far)"))
        .alias("Year state"),
        pl.format(
            "{}%{}",
            (pl.col("share_met") * 100).round(0).cast(pl.Int64),
            pl.when(pl.col("closed")).then(pl.lit("")).otherwise(pl.lit(" so far")),
        ).alias("label"),
    )
    years = data.get_column("Year").to_list()
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            # each year in its colour of every page (01's monthly lines); the open year
            # paler, and its label says "so far": colour is not alone
            color=alt.Color("Year:N", scale=year_scale(years), legend=None),
            opacity=alt.Opacity(
                "Year state:N",
                scale=alt.Scale(domain=["closed", "open (so far)"], range=[1.0, OPEN_OPACITY]),
                legend=None,
            ),
            tooltip=tooltips("Year:N", "Met:Q", "Directors:Q", "Met %:Q", "Year state:N"),
        )
    )
    text = alt.Chart().mark_text(dy=-6, color=TEXT_COLOR).encode(text=alt.Text("label:N"))
    chart = layered(
        data,
        {
            "x": alt.X("Year:N", title=None, axis=alt.Axis(labelAngle=0)),
            "y": alt.Y("Met %:Q", title="Met (%)", scale=alt.Scale(domain=[0, 110])),
        },
        bars,
        text,
        width=SMALL_WIDTH - 60,
        height=92,
    )
    return finish(chart, title, "met_trend")


@validated_once
def least_served_bars(frame: pl.DataFrame, title: str) -> Any:
    """Counted hours per director in scope of every strand, least first (the sentence
    names the least served), each strand's name whole. `frame`: BoardSummary.least_served."""
    data = frame.select(
        pl.col("strand_name").alias("Strand"),
        pl.col("hours_per_director").round(2).alias("Hours per director"),
        pl.col("rank"),
        pl.col("hours_per_director").round(2).cast(pl.String).alias("label"),
    )
    order = data.get_column("Strand").to_list()
    bars = (
        alt.Chart()
        .mark_bar(color=PINK)
        .encode(tooltip=tooltips("Strand:N", "Hours per director:Q"))
    )
    text = (
        alt.Chart().mark_text(align="left", dx=4, color=TEXT_COLOR).encode(text=alt.Text("label:N"))
    )
    top = float(data.get_column("Hours per director").max() or 0.0)
    chart = layered(
        data,
        {
            "y": alt.Y("Strand:N", sort=order, title=None, axis=alt.Axis(labelLimit=0)),
            "x": alt.X(
                "Hours per director:Q",
                title="Hours per director",
                scale=alt.Scale(domain=[0, max(top * 1.3, 1.0)]),
            ),
        },
        bars,
        text,
        width=SMALL_WIDTH - 190,
        height=alt.Step(18),
    )
    return finish(chart, title, "least_served")


def summary_charts(summary: BoardSummary) -> list[tuple[str, Any]]:
    """(takeaway sentence, chart) of each charted figure, in page order."""
    said = summary.sentences
    found: list[tuple[str, Any]] = []
    if summary.closed_result.height:
        title = f"{fy_label(summary.closed_year or 0)} (closed): who met"
        found.append(
            (
                said["closed_result"],
                status_share_bars(summary.closed_result, title, "closed_result"),
            )
        )
    if summary.trend.height:
        found.append((said["trend"], trend_bars(summary.trend, "Directors who met, by year")))
    if summary.pace.height:
        title = f"{fy_label(summary.open_year or 0)} (open): the pace"
        found.append(
            (
                f"{said['pace']} {said['behind']}",
                status_share_bars(summary.pace, title, "open_pace"),
            )
        )
    if summary.least_served.height:
        title = f"Least-served strands, {fy_label(summary.strands_year or 0)}"
        found.append((said["least_served"], least_served_bars(summary.least_served, title)))
    return found


def summary_tiles(summary: BoardSummary) -> Html:
    """Behind, critical, CTO Academy clocks overdue and due soon: each a number, a word and
    a short note (the colour bar repeats the word; it never carries it alone)."""
    behind = summary.behind.row(0, named=True) if summary.behind.height else None
    clocks = summary.cto_clocks
    overdue = clocks.filter(pl.col("status") == "overdue").height if clocks.height else 0
    due_soon = clocks.height - overdue
    open_label = fy_label(summary.open_year) if summary.open_year else "no open year"
    tiles = [
        (
            "Behind the pace",
            str(behind["behind"]) if behind else "-",
            f"of {counted(behind['directors'], 'director')}, {open_label}"
            if behind
            else open_label,
            STATUS_COLORS["at_risk"],
        ),
        (
            "Critical",
            str(behind["critical"]) if behind else "-",
            f"{open_label}: most hours still needed, least time left" if behind else open_label,
            STATUS_COLORS["critical"],
        ),
        (
            "CTO Academy overdue",
            str(overdue),
            f"{noun(overdue, 'clock past its', 'clocks past their')} deadline on {summary.as_of}",
            CTO_COLORS["overdue"],
        ),
        (
            "CTO Academy due soon",
            str(due_soon),
            f"{noun(due_soon, 'clock nearing its', 'clocks nearing their')} deadline",
            CTO_COLORS["due_soon"],
        ),
    ]
    parts = [
        f'<div class="tdceu-tile" style="border-left-color:{color}">'
        f'<div class="tdceu-value">{esc(value)}</div><div class="tdceu-label">{esc(label)}</div>'
        f"<p>{esc(note)}</p></div>"
        for label, value, note, color in tiles
    ]
    markup = (
        f'<div class="tdceu tdceu-summary-tiles">{"".join(parts)}</div>'
        f'<p class="tdceu tdceu-takeaway">{esc(summary.sentences["cto_clocks"])}</p>'
    )
    text = "; ".join(f"{label}: {value}" for label, value, _, _ in tiles)
    return Html(markup, text)


def summary_header(
    summary: BoardSummary, years: YearsEvaluation, facts: Sequence[tuple[str, str]], title: str
) -> Html:
    """The page's title, lead and facts: the closed and the open year with their dates (R1),
    then the board's other facts (as-of date, data, build, version)."""
    stated = []
    for fy, state in ((summary.closed_year, "closed"), (summary.open_year, "open")):
        if fy is not None:
            year = years.year(fy).fiscal_year
            stated.append(
                (f"{state.capitalize()} year", f"{year.label}: {year.start} to {year.end}")
            )
    kept = [(k, v) for k, v in facts if k not in ("Fiscal year", "Data")]
    lead = "The closed year's result and trend, the open year's pace, and what needs the board."
    return page_header(title, lead, [*stated, *kept])


def summary_links(pages: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> Html:
    """The detail pages, a row per year: [(year label, [(page label, href)])]."""
    if not pages:
        return Html("", "")
    rows = "".join(
        f'<tr><th scope="row">{esc(year)}</th><td>'
        + " &middot; ".join(f'<a href="{esc(href)}">{esc(label)}</a>' for label, href in links)
        + "</td></tr>"
        for year, links in pages
    )
    markup = (
        '<div class="tdceu"><table class="tdceu-summary-links"><caption>The detail pages'
        f"</caption><tbody>{rows}</tbody></table></div>"
    )
    return Html(markup, "links to the detail pages")


def summary_grid(charted: Sequence[tuple[str, Any]]) -> Html:
    """The charts two by two, each a figure captioned by its takeaway (offline pages: the
    charts are the build's chart blocks, drawn by the page's script)."""
    figures = "".join(
        f'<figure class="tdceu-card">{offline_renderer(chart.to_dict())["text/html"]}'
        f"<figcaption>{esc(sentence)}</figcaption></figure>"
        for sentence, chart in charted
    )
    return Html(
        f'<div class="tdceu tdceu-summary-grid">{figures}</div>',
        " ".join(sentence for sentence, _ in charted),
    )


def summary_page(
    summary: BoardSummary,
    years: YearsEvaluation,
    facts: Sequence[tuple[str, str]],
    pages: Sequence[tuple[str, Sequence[tuple[str, str]]]] = (),
    live: bool = False,
    title: str = "Board summary",
) -> list[Any]:
    """What the summary notebook displays, in order. Offline (`tdceu build`) the charts go
    in one grid; live (JupyterLab) each chart is shown, then its takeaway."""
    charted = summary_charts(summary)
    head = [summary_header(summary, years, facts, title), summary_tiles(summary)]
    if not live:
        return [*head, summary_grid(charted), summary_links(pages)]
    shown: list[Any] = list(head)
    for sentence, chart in charted:
        shown += [chart, Html(f'<p class="tdceu-takeaway">{esc(sentence)}</p>', sentence)]
    return [*shown, summary_links(pages)]


__all__ = [
    "least_served_bars",
    "status_share_bars",
    "summary_charts",
    "summary_grid",
    "summary_header",
    "summary_links",
    "summary_page",
    "summary_tiles",
    "trend_bars",
]
