"""Charts in an offline page (`tdceu build`): no CDN, ids numbered in order (stable runs)."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

import altair as alt

_chart_counter = {"next": 1}


def spec_json(spec: Mapping[str, Any]) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' can close it."""
    text = json.dumps(spec, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def offline_html(spec: Mapping[str, Any], chart_id: str) -> str:
    """A chart for a page that loads vega itself (see report/templates/tdceu): an empty
    div and the spec as a JSON data block, which the page's script renders."""
    return (
        f'<div class="tdceu-chart" id="{html.escape(chart_id)}"></div>'
        f'<script type="application/json" class="tdceu-spec" '
        f'data-target="{html.escape(chart_id)}">{spec_json(spec)}</script>'
    )


def offline_renderer(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    """altair renderer for `tdceu build`: no CDN, ids numbered in order (stable runs)."""
    number = _chart_counter["next"]
    _chart_counter["next"] += 1
    return {"text/html": offline_html(spec, f"tdceu-chart-{number}")}


def enable_offline_renderer() -> None:
    """Make altair charts display as `offline_html` blocks in this kernel."""
    alt.renderers.register("tdceu_offline", offline_renderer)
    alt.renderers.enable("tdceu_offline")
