"""A `Picker` in vega-lite: a parameter bound to a select box that filters the rows of
one `scope` (a region, a district, a director) and switches the title to that scope's
takeaway, so the exported page stays interactive without a kernel. Charts that share a
picker name follow each other on a page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import polars as pl

from tdceu_analysis.figures.figure import SCOPE, Picker, Title


def title_params(title: Title, subtitle: str | Sequence[str] | None, limit: int) -> alt.TitleParams:
    text: Any
    if isinstance(title, Picker):
        text = alt.ExprRef(expr=f"{title.name}_titles[{title.name}]")
    else:
        text = title
    extra = {} if subtitle is None else {"subtitle": subtitle}
    return alt.TitleParams(text=text, anchor="start", limit=limit, **extra)


def _has_scope(data: Any) -> bool:
    return isinstance(data, pl.DataFrame) and SCOPE in data.columns


def filtered(chart: Any, transform: dict[str, Any], inherited: bool = False) -> Any:
    """`chart` with `transform` first in every layer whose data has a `scope` column.
    Changes `chart` in place (see `speed.props`)."""
    own = chart.data if chart.data is not alt.Undefined else None
    scoped = _has_scope(own) if own is not None else inherited
    if isinstance(chart, alt.LayerChart) and not (own is not None and scoped):
        chart.layer = [filtered(layer, transform, scoped) for layer in chart.layer]
    elif scoped:
        existing = [] if chart.transform is alt.Undefined else list(chart.transform)
        chart.transform = [transform, *existing]
    return chart


def picker_params(chart: Any, picker: Picker) -> Any:
    """`chart` filtered by `picker`'s scope, with its select box and titles as params."""
    chart = filtered(chart, {"filter": f"datum.{SCOPE} == {picker.name}"})
    picked = alt.param(
        name=picker.name,
        value=picker.value,
        bind=alt.binding_select(
            options=list(picker.options),
            labels=list(picker.labels or picker.options),
            name=f"{picker.label} ",
        ),
    )
    titles = alt.param(name=f"{picker.name}_titles", value=dict(picker.titles))
    # the top-level params `add_params` would give; it copies a layered chart deeply
    existing = [] if chart.params is alt.Undefined else list(chart.params)
    chart.params = [*existing, picked.param, titles.param]
    return chart
