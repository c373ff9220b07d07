"""1. State size: the shipped sample: load, evaluate per year, a widget's recompute per pick."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import importlib.resources
import importlib.util
import inspect
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from sections.common import (
    Row,
    evaluate_years,
    median_seconds,
    record_years,
    row,
    shipped_sample_folder,
    size_label,
    year_end,
)
from tdceu_analysis import evaluate, load_folder

# ---------------------------------------------------------------------------
# 1. State size
# ---------------------------------------------------------------------------


def page_figures() -> dict[str, list[Callable[..., Any]]]:
    """The figure functions each dashboard notebook (01-04) shows with
    `board.show(module.function)`, read from the notebooks' py:percent twins."""
    folder = Path(str(importlib.resources.files("tdceu_analysis").joinpath("notebooks")))
    pages: dict[str, list[Callable[..., Any]]] = {}
    for path in sorted(folder.glob("0[1-4]_*.py")):
        found = []
        for module, name in re.findall(r"board\.show\((\w+)\.(\w+)\)", path.read_text("utf-8")):
            try:
                found.append(
                    getattr(importlib.import_module(f"tdceu_analysis.figures.{module}"), name)
                )
            except (ImportError, AttributeError):
                continue
        if found:
            pages[path.stem] = found
    return pages


def displayed(figure: Any) -> Any:
    """What a live notebook sends to the browser for a figure, as Jupyter asks for it: an
    altair chart's (or a redrawn chart's) display data, an HTML piece's markup. With the
    live charts (tdceu_analysis.widgets.live), a chart's redraw sends its spec as JSON."""
    chart = getattr(figure, "chart", figure)  # charts.Redrawn wraps the chart
    if hasattr(chart, "to_dict") and importlib.util.find_spec("tdceu_analysis.widgets.live"):
        return json.dumps(chart.to_dict(validate=False, context={"pre_transform": False}))
    if hasattr(figure, "_repr_mimebundle_"):
        return figure._repr_mimebundle_()
    if hasattr(figure, "_repr_html_"):
        return figure._repr_html_()
    return figure


@contextlib.contextmanager
def altair_validation_off():
    """Diagnostic only: altair without its JSON-schema validation, to show its share."""
    try:
        from altair.utils import schemapi
    except ImportError:
        yield
        return
    saved = schemapi.validate_jsonschema
    schemapi.validate_jsonschema = lambda *args, **kwargs: None
    try:
        yield
    finally:
        schemapi.validate_jsonschema = saved


def fallback_figures(evaluation, region: str | None) -> list[pl.DataFrame]:
    """Figure-like frames for one region, for a tree without tdceu_analysis.widgets."""
    from tdceu_analysis.rules.strands import strand_hours

    summary = evaluation.summary
    if region is not None:
        summary = summary.filter(pl.col("region") == region)
    ids = summary.get_column("director_id")
    ledger = evaluation.ledger.filter(pl.col("director_id").is_in(ids.implode()))
    return pl.collect_all(
        [
            summary.lazy().group_by("status").agg(pl.len(), pl.col("total_hours").mean()),
            strand_hours(ledger).group_by("strand").agg(pl.col("hours").sum()),
            summary.lazy()
            .filter(pl.col("status").is_in(["at_risk", "critical", "not_met"]))
            .sort("hours_needed", descending=True),
        ]
    )


def widget_rows(
    section: str, size: str, data, fy: int, as_of: dt.date, repeats: int, smoke: bool
) -> list[Row]:
    """Widget-style recomputes with the notebooks' own Board and figure functions."""
    try:
        from tdceu_analysis.widgets import Board
    except ImportError:
        evaluation = evaluate(data, fy, as_of)
        regions = evaluation.summary.get_column("region").unique().to_list()
        seconds = median_seconds(
            lambda: [fallback_figures(evaluation, r) for r in regions], repeats
        ) / max(1, len(regions))
        return [
            row(
                section,
                "widget recompute: region pick (fallback figures)",
                size,
                seconds * 1000,
                "ms",
                ("<", 50),
                note="tdceu_analysis.widgets not available: status counts, strands, at-risk",
            )
        ]
    board = Board("benchmark", data=data, fy=fy, as_of=as_of, live=True)
    regions = [None, *sorted(board.evaluation.summary.get_column("region").drop_nulls().unique())]
    directors = board.evaluation.summary.get_column("director_id").sort().to_list()
    directors = directors[:: max(1, len(directors) // 12)][:12]
    if smoke:
        regions, directors = regions[:2], directors[:2]
    # what a pick sends (Board.redraw: a chart checked when the page was first shown)
    redraw = getattr(board, "redraw", board.render)
    rows = []
    for page, figures in page_figures().items():
        director_page = any("director_id" in inspect.signature(f).parameters for f in figures)
        picks = directors if director_page else regions

        def recompute(figures=figures, picks=picks, director_page=director_page) -> None:
            for pick in picks:
                if director_page:
                    board.region = board.district = None
                    board.director_id = pick
                else:
                    board.region, board.district = pick, None
                for figure in figures:
                    displayed(redraw(figure))

        seconds = median_seconds(recompute, repeats) / len(picks)
        with altair_validation_off():
            unchecked = median_seconds(recompute, 1 if smoke else repeats) / len(picks)
        what = "director" if director_page else "region"
        rows.append(
            row(
                section,
                f"widget recompute: {what} pick, page {page[:2]}",
                size,
                seconds * 1000,
                "ms",
                ("<", 50),
                note=f"{page}: {len(figures)} figures rebuilt and turned into the display data a "
                f"pick sends (Board.redraw), mean over {len(picks)} picks; "
                f"{unchecked * 1000:.0f} ms with altair's JSON-schema validation off (diagnostic)",
            )
        )
    board.region = board.district = None
    first = next(iter(page_figures().values()), [])

    def year_pick() -> None:
        board._evaluations.clear()
        board._years.clear()
        for figure in first:
            displayed(redraw(figure))

    seconds = median_seconds(year_pick, repeats)
    rows.append(
        row(
            section,
            "widget recompute: fiscal-year pick, page 01 (evaluate + figures)",
            size,
            seconds * 1000,
            "ms",
            ("<", 50),
            note="evaluate and evaluate_years of the picked year, then every figure of the page",
        )
    )
    return rows


def state_section(args, tmp: Path) -> list[Row]:
    section = "1. Engine at state size"
    folder, source = shipped_sample_folder(tmp)
    repeats = args.repeats_small
    rows: list[Row] = []
    load_s = median_seconds(lambda: load_folder(folder), repeats)
    data = load_folder(folder)
    size = size_label(data.records.height)
    rows.append(
        row(section, "load_folder (read + validate, CSV)", size, load_s * 1000, "ms", note=source)
    )
    last_day = data.records.get_column("date").max()
    years = record_years(data)
    for fy in years:
        as_of = min(year_end(fy), last_day)
        seconds = median_seconds(lambda fy=fy, as_of=as_of: evaluate(data, fy, as_of), repeats)
        rows.append(
            row(
                section,
                f"evaluate FY{fy % 100:02d} (as of {as_of.isoformat()})",
                size,
                seconds * 1000,
                "ms",
                ("<", 50),
                note="one evaluate: earlier years for R7 credits + this year's ledger and summary",
            )
        )
    all_years_s = median_seconds(lambda: evaluate_years(data, years, as_of=last_day), repeats)
    rows.append(
        row(
            section,
            f"evaluate_years (FY{years[0] % 100:02d}-FY{years[-1] % 100:02d})",
            size,
            all_years_s * 1000,
            "ms",
        )
    )
    fy = years[-1]
    widget_repeats = 1 if args.smoke else 5
    rows += widget_rows(
        section, size, data, fy, min(year_end(fy), last_day), widget_repeats, args.smoke
    )
    return rows
