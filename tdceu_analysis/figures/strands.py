"""02 strand coverage (R6): counted hours per director in each CTO Academy strand.

Strand hours follow rules.md R6: in the `equal_split` view an hour aligned to k
strands adds 1/k hour to each (strand totals add up to counted hours); in the
`full` view it adds the whole hour to each. The page's default is the policy's
`strand_coverage_view`.
"""

from __future__ import annotations

import polars as pl

from tdceu_analysis.evaluate import Evaluation
from tdceu_analysis.figures.figure import SCOPE, Figure
from tdceu_analysis.figures.html import Html, escaped, html_table, number_text
from tdceu_analysis.figures.scope import (
    ALL_REGIONS,
    ROW,
    PageScope,
    Scoped,
    pct,
    per_evaluation,
    scope_name,
    scoped,
    titles_from,
)
from tdceu_analysis.figures.statewide import year_phrase
from tdceu_analysis.rules.strands import STRAND_VIEWS, strand_hours
from tdceu_analysis.vocabulary import count_text, hours_text

VIEW_LABELS = {
    "equal_split": "Equal split: an hour on several strands is shared equally among them",
    "full": "Full count: the whole hour to each strand",
}


def strand_names(evaluation: Evaluation) -> pl.DataFrame:
    """strand (code), strand_name, strand_index in the published order."""
    names = evaluation.policy.strands
    return per_evaluation(
        evaluation,
        "strand_names",
        lambda: pl.DataFrame(
            {"strand": list(names), "strand_name": list(names.values())}
        ).with_row_index("strand_index"),
    )


def default_view(evaluation: Evaluation) -> str:
    return str(evaluation.policy.value("strand_coverage_view"))


def strand_matrix(
    ledger: pl.DataFrame, frame: pl.DataFrame, names: pl.DataFrame, view: str
) -> pl.DataFrame:
    """Counted strand hours per director for each (scope, row) and strand, zeros included:
    scope, row, strand, strand_name, strand_index, hours, directors, hours_per_director.

    `frame` is a scoped summary (one row per director and scope)."""
    directors = frame.group_by(SCOPE, ROW).agg(pl.len().cast(pl.Int64).alias("directors"))
    hours = (
        strand_hours(ledger, view)
        .collect()
        .join(frame.select(SCOPE, ROW, "director_id"), on="director_id")
        .group_by(SCOPE, ROW, "strand")
        # split hours (1/3 h, ...) summed in another order differ in the last bit, which
        # can tip a rounded label (1.025 -> 1.02 or 1.03): drop that noise
        .agg(pl.col("hours").sum().round(9))
    )
    return (
        directors.join(names, how="cross")
        .join(hours, on=[SCOPE, ROW, "strand"], how="left")
        .with_columns(pl.col("hours").fill_null(0.0))
        .with_columns((pl.col("hours") / pl.col("directors")).alias("hours_per_director"))
        .sort(SCOPE, ROW, "strand_index")
    )


def scope_strands(
    ledger: pl.DataFrame, frame: pl.DataFrame, names: pl.DataFrame, view: str
) -> pl.DataFrame:
    """Strand hours per director for each scope as a whole, ranked (1 = least served):
    scope, strand, strand_name, strand_index, hours, directors, hours_per_director, rank."""
    whole = frame.with_columns(pl.col(SCOPE).alias(ROW))
    return (
        strand_matrix(ledger, whole, names, view)
        .drop(ROW)
        .with_columns(
            pl.struct("hours_per_director", "strand_index")
            .rank("ordinal")
            .over(SCOPE)
            .cast(pl.Int64)
            .alias("rank")
        )
        .sort(SCOPE, "rank")
    )


def _least_most_titles(ranked: pl.DataFrame) -> dict[str, str]:
    per_scope = ranked.group_by(SCOPE).agg(
        pl.col("strand_name").sort_by("rank").first().alias("least"),
        pl.col("hours_per_director").sort_by("rank").first().alias("least_hours"),
        pl.col("strand_name").sort_by("rank").last().alias("most"),
        pl.col("hours_per_director").sort_by("rank").last().alias("most_hours"),
    )
    return titles_from(
        per_scope,
        pl.format(
            "{}: {} is the least-served strand, {} h per director (most: {} h)",
            scope_name(pl.col(SCOPE)),
            "least",
            hours_text(pl.col("least_hours")),
            hours_text(pl.col("most_hours")),
        ),
    )


def page_lead(evaluation: Evaluation) -> str:
    """The strand page's one-line summary; the number of strands from the policy (R6)."""
    return (
        f"Which of the {len(evaluation.policy.strands)} CTO Academy strands directors' counted "
        "hours cover, where the gaps are, and how the way multi-strand hours are counted "
        "changes the picture."
    )


def _view_note(view: str) -> str:
    return "equal split of multi-strand hours" if view == "equal_split" else "full count"


def region_heatmap_figure(page: PageScope, view: str | None = None) -> Figure:
    """Regions x strands, always statewide: a region or district pick is shown by the
    district heatmap (its districts, or its directors), so the page never draws the same
    grid twice; the subtitle names the region picked."""
    evaluation = page.evaluation
    view = view or default_view(evaluation)
    names = strand_names(evaluation)

    def build(chosen: Scoped) -> tuple[pl.DataFrame, dict[str, str]]:
        matrix = strand_matrix(evaluation.ledger, chosen.frame, names, view)
        return matrix, _least_most_titles(
            scope_strands(evaluation.ledger, chosen.frame, names, view)
        )

    picked = page.region if page.region not in (None, ALL_REGIONS) else None
    if page.district is not None:
        summary = evaluation.summary.filter(pl.col("district_code") == page.district)
        picked = summary.get_column("region").first() if summary.height else picked
    statewide = PageScope(evaluation)  # every pick shows the same grid
    return statewide.figure(
        "strands_by_region",
        build,
        f"Counted hours per director, {year_phrase(evaluation)}, {_view_note(view)}"
        + (f"; {picked} is one row here, its districts are in the next chart" if picked else ""),
        {"row": ROW},
        name=f"region_heatmap_{view}",
    )


def district_heatmap_figure(page: PageScope, view: str | None = None) -> Figure:
    """Districts x strands, one region at a time (a select box in the exported page)."""
    evaluation = page.evaluation
    view = view or default_view(evaluation)
    names = strand_names(evaluation)
    row = "director" if page.district is not None else "district"
    return page.figure(
        "strands_by_district",
        lambda chosen: _district_heatmap_tables(evaluation, chosen, names, view, row),
        f"Counted hours per director by district, {year_phrase(evaluation)}, {_view_note(view)}",
        {"row": ROW},
        name=f"district_heatmap_{view}",
        include_all=False,
    )


def _district_heatmap_tables(
    evaluation: Evaluation, chosen: Scoped, names: pl.DataFrame, view: str, row: str
) -> tuple[pl.DataFrame, dict[str, str]]:
    """`row`: what a row of the grid is, "district" (a region's) or "director" (a district's)."""
    matrix = strand_matrix(evaluation.ledger, chosen.frame, names, view)
    ranked = scope_strands(evaluation.ledger, chosen.frame, names, view)
    gaps = (
        matrix.filter(pl.col("hours") == 0)
        .group_by(SCOPE)
        .agg(pl.len().alias("gaps"))
        .join(ranked.select(SCOPE).unique(), on=SCOPE, how="right")
        .with_columns(pl.col("gaps").fill_null(0))
        .join(
            matrix.group_by(SCOPE).agg(pl.col(ROW).n_unique().alias("rows")), on=SCOPE, how="left"
        )
    )
    titles = titles_from(
        gaps,
        pl.when(pl.col("gaps") == 0)
        .then(
            pl.format("{}: every {} has counted hours in every strand", pl.col(SCOPE), pl.lit(row))
        )
        .otherwise(
            pl.format(
                "{}: {} empty {} (a {} with no counted hours in a strand{}), of {}",
                pl.col(SCOPE),
                "gaps",
                pl.when(pl.col("gaps") == 1).then(pl.lit("square")).otherwise(pl.lit("squares")),
                pl.lit(row),
                pl.lit("" if evaluation.closed else " yet"),
                pl.format(
                    "{} × {} strands",
                    count_text(pl.col("rows"), row, f"{row}s"),
                    pl.lit(names.height),
                ),
            )
        ),
    )
    return matrix, titles


def least_served_table(evaluation: Evaluation, view: str | None = None, shown: int = 3) -> Html:
    """Each region's least-served strands, ranked, statewide first (the same for every
    pick, so built once per evaluation)."""
    view = view or default_view(evaluation)
    return per_evaluation(
        evaluation,
        ("least_served_table", view, shown),
        lambda: _least_served_table(evaluation, view, shown),
    )


def _least_served_table(evaluation: Evaluation, view: str, shown: int) -> Html:
    names = strand_names(evaluation)
    chosen = scoped(evaluation.summary, picker=True)
    ranked = scope_strands(evaluation.ledger, chosen.frame, names, view).filter(
        pl.col("rank") <= shown
    )
    cell = pl.format(
        "{} ({} h)", escaped(pl.col("strand_name")), number_text(pl.col("hours_per_director"))
    )
    wide = (
        ranked.with_columns(cell.alias("cell"), pl.format("rank_{}", "rank").alias("key"))
        .pivot("key", index=SCOPE, values="cell")
        .with_columns(scope_name(pl.col(SCOPE)).alias("Region"))
        .with_columns((pl.col(SCOPE) != "All regions").alias("_regional"))
        .sort("_regional", "Region")
    )
    columns = {"Region": "Region"} | {
        f"rank_{r}": (
            "Least served" if r == 1 else f"{r}{'nd' if r == 2 else 'rd' if r == 3 else 'th'} least"
        )
        for r in range(1, shown + 1)
    }
    cells = {f"rank_{r}": pl.col(f"rank_{r}") for r in range(1, shown + 1)}
    return html_table(
        wide,
        columns,
        cells=cells,
        caption=f"Counted hours per director in each strand, {year_phrase(evaluation)}, "
        f"{_view_note(view)}",
    )


def least_served_figure(page: PageScope, view: str | None = None) -> Figure:
    evaluation = page.evaluation
    view = view or default_view(evaluation)
    names = strand_names(evaluation)

    def build(chosen: Scoped) -> tuple[pl.DataFrame, dict[str, str]]:
        ranked = scope_strands(evaluation.ledger, chosen.frame, names, view)
        return ranked, _least_most_titles(ranked)

    return page.figure(
        "least_served_strands",
        build,
        f"Strands ranked from least to most served, {year_phrase(evaluation)}, {_view_note(view)}",
        name=f"least_served_{view}",
    )


def _strand_views_tables(
    evaluation: Evaluation, chosen: Scoped, names: pl.DataFrame
) -> tuple[pl.DataFrame, dict[str, str]]:
    views = pl.concat(
        [
            scope_strands(evaluation.ledger, chosen.frame, names, view).with_columns(
                pl.lit(VIEW_LABELS[view]).alias("view"), pl.lit(view).alias("view_code")
            )
            for view in STRAND_VIEWS
        ]
    )
    totals = (
        views.group_by(SCOPE, "view_code")
        .agg(pl.col("hours").sum(), pl.col("strand_name").sort_by("rank").first().alias("least"))
        .pivot("view_code", index=SCOPE, values=["hours", "least"])
    )
    titles = titles_from(
        totals,
        pl.format(
            "{}: full counting adds {}% to strand hours; {}",
            scope_name(pl.col(SCOPE)),
            pct(pl.col("hours_full") - pl.col("hours_equal_split"), pl.col("hours_equal_split")),
            pl.when(pl.col("least_full") == pl.col("least_equal_split"))
            .then(pl.format("{} stays least served", "least_equal_split"))
            .otherwise(
                pl.format("least served becomes {} (was {})", "least_full", "least_equal_split")
            ),
        ),
    )
    return views.sort(SCOPE, "strand_index", "view_code", descending=[False, False, True]), titles


def strand_views_figure(page: PageScope) -> Figure:
    """The R6 equal-split and full-count views side by side."""
    evaluation = page.evaluation
    names = strand_names(evaluation)
    return page.figure(
        "strand_views",
        lambda chosen: _strand_views_tables(evaluation, chosen, names),
        f"Counted hours per director, {year_phrase(evaluation)}",
    )
