"""A live chart redrawn after a pick (tdceu_analysis.widgets.live, in headless Chromium, no
Jupyter): the chart's own script, driven by a stand-in for the widget's model.

A pick that changes only a chart's rows and words (the same chart for another region)
gives the drawn view new rows and a new title instead of embedding the chart anew; what
a person sees must be the same picture as the new spec drawn from scratch. A pick that
changes more (another year: other statuses in the legend) draws the chart anew."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from shared import AS_OF

pytestmark = pytest.mark.slow

# The page: the chart script imported as anywidget does (a module from a blob URL), and
# `show(id, spec)` to draw a spec in chart `id`: the first call renders the widget, the
# next ones change its model's spec (what a pick does). Each chart's canvas is read back,
# and `plain(spec)` is the picture vega-embed itself draws of a spec.
PAGE_JS = """async (script) => {
  const url = URL.createObjectURL(new Blob([script], { type: "text/javascript" }));
  const widget = (await import(url)).default;
  const charts = {};
  window.show = async (id, spec) => {
    let chart = charts[id];
    if (!chart) {
      const el = document.createElement("div");
      document.body.appendChild(el);
      const model = { spec, handlers: [], get(key) { return this[key]; },
                      on(event, handler) { this.handlers.push(handler); } };
      chart = charts[id] = { el, model };
      widget.render({ model, el });
    } else {
      chart.model.spec = spec;
      chart.model.handlers.forEach((handler) => handler());
    }
  };
  // the same spec drawn by plain vega-embed (the bundle's copy the charts share)
  const key = Object.keys(globalThis).find((name) => name.startsWith("__tdceuVega:"));
  window.plain = async (spec) => {
    const el = document.createElement("div");
    document.body.appendChild(el);
    await globalThis[key].vegaEmbed(el, spec, { mode: "vega-lite", renderer: "canvas" });
    return el.querySelector("canvas").toDataURL();
  };
  window.state = (id) => {
    const el = charts[id].el;
    const canvas = el.querySelector("canvas");
    const view = el.querySelector('[role="graphics-document"]');  // vega's container
    return { drawn: Number(el.dataset.drawn || 0), inPlace: Number(el.dataset.inPlace || 0),
             error: el.dataset.error || null, image: canvas ? canvas.toDataURL() : null,
             label: view ? view.getAttribute("aria-label") : null };
  };
}"""


def chart_specs(region: str | None, fy: int) -> dict[str, dict]:
    """Page 01's charts on the sample for one region and year, as a pick sends them."""
    from tdceu_analysis import charts
    from tdceu_analysis.figures import statewide
    from tdceu_analysis.widgets import Board

    board = Board("redraw", fy=fy, as_of=dt.date.fromisoformat(AS_OF), region=region, live=False)
    board.live = True  # the live figures (no export picker), without switching altair's renderer
    figures = (
        statewide.status_figure,
        statewide.region_status_figure,
        statewide.hours_figure,
        statewide.mix_figure,
        statewide.year_over_year_figure,
        statewide.monthly_figure,
    )
    return {
        figure.__name__: charts.shown(figure(**board.arguments(figure, {}))).to_dict(
            validate=False, context={"pre_transform": False}
        )
        for figure in figures
    }


@pytest.fixture(scope="module")
def page(browser):
    from tdceu_analysis.widgets import live

    context = browser.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    page.route("**/*", lambda route: route.abort())  # nothing from the network
    page.set_content("<html><body></body></html>")
    page.evaluate(PAGE_JS, live.chart_script())
    yield page
    context.close()


def drawn(page, chart_id: str, spec: dict, draws: int) -> dict:
    """Draw `spec` in chart `chart_id`; its state once it has been drawn `draws` times."""
    page.evaluate("([id, spec]) => show(id, spec)", [chart_id, spec])
    page.wait_for_function(
        "([id, n]) => state(id).drawn >= n || state(id).error", arg=[chart_id, draws]
    )
    return page.evaluate("(id) => state(id)", chart_id)


def test_a_chart_redrawn_in_place_looks_as_drawn_anew(page):
    statewide = chart_specs(None, 2027)
    region = chart_specs("Auburn", 2027)
    in_place = []
    for name, spec in statewide.items():
        assert drawn(page, f"picked-{name}", spec, 1)["error"] is None
        picked = drawn(page, f"picked-{name}", region[name], 2)
        anew = drawn(page, f"anew-{name}", region[name], 1)
        assert picked["error"] is None and anew["error"] is None
        assert picked["image"] == anew["image"], f"{name}: the redrawn chart differs"
        plain = page.evaluate("(spec) => plain(spec)", region[name])
        assert anew["image"] == plain, f"{name}: the chart differs from vega-embed's own"
        assert picked["label"] == anew["label"] == region[name]["description"]
        in_place.append(picked["inPlace"])
    # the region pick changes only rows and words of most charts: drawn in place
    assert sum(in_place) >= len(in_place) // 2, in_place


def test_a_chart_whose_shape_changes_is_drawn_anew_and_an_equal_spec_not_at_all(page):
    open_year = chart_specs(None, 2027)["status_figure"]  # met, on track, at risk, ...
    closed_year = chart_specs(None, 2026)["status_figure"]  # met, not met
    assert drawn(page, "year", open_year, 1)["error"] is None
    picked = drawn(page, "year", closed_year, 2)
    anew = drawn(page, "year-anew", closed_year, 1)
    assert picked["inPlace"] == 0  # the legend's statuses changed: embedded anew
    assert picked["image"] == anew["image"]
    # the same spec again (a pick that leaves this chart as it is): no draw
    page.evaluate("([id, spec]) => show(id, spec)", ["year", json.loads(json.dumps(closed_year))])
    page.wait_for_timeout(300)
    assert page.evaluate("(id) => state(id)", "year")["drawn"] == 2
