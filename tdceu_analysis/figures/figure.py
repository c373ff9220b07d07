"""What a figure function returns for a chart: its frames, title and words, no drawing.

A `Figure` names the chart that draws it (`chart`: also the name of its PNG/SVG file)
and carries everything that chart shows: the frame, the takeaway title (or a `Picker`
holding every scope's title), the subtitle, and any further frames and numbers
(`extra`, e.g. the policy's minimum the chart draws a line at). `tdceu_analysis.charts`
turns it into an altair chart (`charts.draw`); the board does so when it shows one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

SCOPE = "scope"
PICKER_PREFIX = "pick_"


def chart_name(spec: Mapping[str, Any]) -> str | None:
    """The name `charts.finish` gave a chart (`usermeta.tdceu.name`), read back from its
    vega-lite spec. (Here, not in `charts`, so the build's process names PNG/SVG files
    without importing altair.)"""
    meta = spec.get("usermeta") or {}
    tdceu = meta.get("tdceu") if isinstance(meta, Mapping) else None
    return tdceu.get("name") if isinstance(tdceu, Mapping) else None


@dataclass(frozen=True)
class Picker:
    """A select box in the exported page: pick one `scope` value, see its rows and title.

    `name` is the vega-lite parameter (charts of one page with the same name follow
    each other); `titles` holds the takeaway title of every option.
    """

    name: str
    label: str
    options: tuple[str, ...]
    value: str
    titles: Mapping[str, str] = field(default_factory=dict)
    labels: tuple[str, ...] | None = None  # what the select box shows, when not the options

    def __post_init__(self) -> None:
        if not self.name.startswith(PICKER_PREFIX):
            raise ValueError(f"picker names start with {PICKER_PREFIX!r}: {self.name!r}")
        if self.value not in self.options:
            raise ValueError(f"picker value {self.value!r} is not one of its options")


Title = str | Picker


@dataclass(frozen=True)
class Figure:
    """One chart's content: `chart` (which chart draws it), `frame`, `title`, `subtitle`,
    and `extra` keyword arguments of that chart (more frames, the policy's numbers)."""

    chart: str
    frame: pl.DataFrame
    title: Title
    subtitle: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
