"""Ways around altair's costs, each measured (benchmarks/results.md): a chart built with
altair's per-object checks off and checked once as a whole, properties set in place,
layers sharing their encoding, tooltip channels as objects, and a redraw after a widget
pick displayed without a second check of the whole spec."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

import altair as alt
from altair.utils.schemapi import debug_mode

P = ParamSpec("P")
R = TypeVar("R")


def props(chart: Any, **properties: Any) -> Any:
    """`chart` with top-level properties set in place, like `chart.properties(...)` but
    cheaper; call it on a chart the builder has just made and nothing else holds.
    Why: altair's `properties`, `add_params` and even a shallow `copy` of a layered chart
    rebuild it (`LayerChart.__init__` deep-copies every layer two or three times), and
    `configure_*` deep-copies the whole chart: milliseconds per chart, while `to_dict`
    validates the finished spec anyway."""
    for key, value in properties.items():
        setattr(chart, key, value)
    return chart


def layered(
    data: Any, shared: Mapping[str, Any], *layers: Any, **properties: Any
) -> alt.LayerChart:
    """`layers` drawn from `data`, with the encoding channels they share (`shared`) given
    once, to the parent. Why: vega-lite hands a layer's data, transforms and encoding down
    to each of its layers, so the chart draws the same; said once, the spec is smaller and
    altair builds, copies and validates it in a fraction of the time."""
    return alt.LayerChart(
        data=data, layer=list(layers), encoding=alt.FacetedEncoding(**shared), **properties
    )


def validated_once(build: Callable[P, R]) -> Callable[P, R]:
    """A chart builder whose altair objects are checked once, with the finished spec.
    Why: in its debug mode (on by default) altair validates every schema object (a scale,
    an axis, a mark, a title) against the vega-lite schema as it is made, for clearer
    tracebacks, and `to_dict` validates the whole spec again before it is displayed; for
    a widget pick that first pass cost about a fifth of the time. The spec a notebook or
    page first displays is still validated in full (so is every builder's, in
    tests/charts); a redraw after a pick is not checked again (see `Redrawn`)."""

    @functools.wraps(build)
    def builder(*args: P.args, **kwargs: P.kwargs) -> R:
        with debug_mode(False):
            return build(*args, **kwargs)

    return builder


def tooltips(*fields: str | alt.Tooltip) -> list[alt.Tooltip]:
    """Tooltip channels as objects. Why: altair turns a plain "field:type" string (or a
    dict such as `alt.value(...)`) into a channel with a schema lookup costing a few
    milliseconds each time, while a channel object (`alt.Tooltip`, `alt.X`, `alt.Text`,
    `alt.XValue`, ...) costs nothing. Every `encode` here passes channel objects."""
    return [field if isinstance(field, alt.Tooltip) else alt.Tooltip(field) for field in fields]


@dataclass(frozen=True, repr=False)
class Redrawn:
    """A chart redrawn after a widget pick, displayed without altair's check of the whole
    spec against the vega-lite schema.

    Why: the check is about half of a pick's time (benchmarks/results.md), and it has
    nothing new to find: the same builder drew the same figure, only for another scope,
    when the page was first shown, and that spec was checked in full (so is every
    builder's, in tests/charts)."""

    chart: alt.TopLevelMixin

    def _repr_mimebundle_(self, *args: Any, **kwargs: Any) -> Any:
        try:  # as altair's own `_repr_mimebundle_`, which shows an error rather than raise
            spec = self.chart.to_dict(validate=False, context={"pre_transform": False})
        except Exception:
            from altair.utils import display_traceback

            display_traceback(in_ipython=True)
            return {}
        renderer = alt.renderers.get()
        return renderer(spec) if renderer else None

    def __repr__(self) -> str:  # the text/plain a notebook keeps, as for the chart itself
        return repr(self.chart)


def redrawn(shown: Any) -> Any:
    """What a widget pick displays: an altair chart as `Redrawn`, anything else as it is."""
    return Redrawn(shown) if isinstance(shown, alt.TopLevelMixin) else shown
