"""Every chart of the dashboards, checked through its vega-lite spec."""

import json
import re

import altair as alt
import polars as pl
import pytest
import vl_convert
from altair.utils.schemapi import debug_mode
from small_state import FIGURES as FIGURE_DATA
from small_state import years_page

from tdceu_analysis import charts, vocabulary
from tdceu_analysis.charts import draw, offline
from tdceu_analysis.figures import statewide


# each figure function's `Figure`, drawn as its chart
def _drawn(build):
    return lambda e, y, p: draw(build(e, y, p))


FIGURES = {name: _drawn(build) for name, build in FIGURE_DATA.items()}
PICKERLESS = {"strands_by_region"}  # the statewide heatmap always shows every region


def spec_of(name, evaluation, years, picker):
    return FIGURES[name](evaluation, years, picker).to_dict()


def title_texts(spec):
    """The titles a reader can see: the one title, or every picker option's."""
    text = spec["title"]["text"]
    if isinstance(text, str):
        return [text]
    titles = next(p["value"] for p in spec["params"] if p["name"].endswith("_titles"))
    return list(titles.values())


def datasets(spec):
    return {name: pl.DataFrame(rows) for name, rows in spec.get("datasets", {}).items()}


@pytest.mark.parametrize("name", sorted(FIGURES))
@pytest.mark.parametrize("picker", [False, True])
def test_chart_is_named_titled_with_a_takeaway_and_renders(name, picker, closed_year, years):
    spec = spec_of(name, closed_year, years, picker)
    assert charts.chart_name(spec) == name
    for text in title_texts(spec):
        # a takeaway says who and something countable, not just what the chart is
        assert ":" in text and re.search(r"\d|no |none|all ", text), text
    svg = vl_convert.vegalite_to_svg(spec)
    assert svg.startswith("<svg") and "role-mark" in svg


@pytest.mark.parametrize("name", sorted(set(FIGURES) - PICKERLESS))
def test_picker_is_a_bound_select_filtering_first(name, closed_year, years):
    spec = spec_of(name, closed_year, years, True)
    pick = next(p for p in spec["params"] if "bind" in p)
    assert pick["name"].startswith(charts.PICKER_PREFIX)
    assert pick["bind"]["input"] == "select"
    assert pick["value"] in pick["bind"]["options"]
    titles = next(p["value"] for p in spec["params"] if p["name"] == pick["name"] + "_titles")
    assert set(titles) == set(pick["bind"]["options"])
    # every layer with scoped rows filters them before any other transform
    filters = re.findall(r'"transform": \[\{"filter": "datum\.scope == (\w+)"', json.dumps(spec))
    assert filters and set(filters) == {pick["name"]}


def test_region_picker_offers_the_state_then_each_region(closed_year, years):
    spec = spec_of("status_counts", closed_year, years, True)
    pick = next(p for p in spec["params"] if "bind" in p)
    assert pick["bind"]["options"] == ["All regions", "North", "South"]
    assert pick["bind"]["name"] == "Region "


@pytest.mark.parametrize("name", sorted(FIGURES))
@pytest.mark.parametrize("picker", [False, True])
def test_charts_get_only_the_columns_they_use_and_few_rows(name, picker, closed_year, years):
    spec = spec_of(name, closed_year, years, picker)
    used = json.dumps({k: v for k, v in spec.items() if k != "datasets"})
    for frame in datasets(spec).values():
        assert frame.height <= 5000
        for column in frame.columns:
            assert f'"{column}"' in used or f"datum.{column}" in used, (name, column)


def test_one_status_palette_everywhere(closed_year, open_year, years):
    seen = {}
    for evaluation in (closed_year, open_year):
        for name in ("status_counts", "status_by_region", "hours_distribution", "year_over_year"):
            spec = spec_of(name, evaluation, years, False)
            for scale in re.findall(
                r'"scale": (\{"domain": \[[^\]]*\], "range": \[[^\]]*\]\})', json.dumps(spec)
            ):
                scale = json.loads(scale)
                for label, color in zip(scale["domain"], scale["range"], strict=True):
                    if label in vocabulary.STATUS_LABELS.values():
                        seen.setdefault(label, set()).add(color)
    assert set(seen) >= {"Met", "Not met", "On track", "At risk"}
    for label, colors in seen.items():
        code = next(c for c, text in vocabulary.STATUS_LABELS.items() if text == label)
        assert colors == {vocabulary.STATUS_COLORS[code]}, label


def test_a_year_keeps_its_colour_whatever_years_a_chart_shows():
    """FY26 is the same colour on FY26's page (FY25-FY26) and on FY27's (FY25-FY27)."""
    from tdceu_analysis.charts.style import year_color, year_scale

    for years in (["FY25", "FY26"], ["FY25", "FY26", "FY27"], ["FY26"]):
        scale = year_scale(years).to_dict()
        assert dict(zip(scale["domain"], scale["range"], strict=True)) == {
            year: year_color(year) for year in years
        }
    assert year_color("FY26") == year_color(2026) != year_color(2027) != year_color(2025)


def _srgb_to_linear(channel):
    channel /= 255
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _lab(rgb):
    r, g, b = (_srgb_to_linear(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


# Machado, Oliveira and Fernandes (2009), severity 1.0, applied to linear RGB
CVD = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}


def _simulate(hex_color, matrix):
    rgb = [int(hex_color[i : i + 2], 16) for i in (1, 3, 5)]
    linear = [_srgb_to_linear(c) for c in rgb]
    mixed = [
        max(0.0, min(1.0, sum(m * c for m, c in zip(row, linear, strict=True)))) for row in matrix
    ]
    back = [(12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055) * 255 for c in mixed]
    return _lab(back)


@pytest.mark.parametrize("deficiency", sorted(CVD))
@pytest.mark.parametrize("palette", ["status", "cto"])
def test_palette_stays_distinguishable_with_colour_blindness(deficiency, palette):
    colors = vocabulary.STATUS_COLORS if palette == "status" else vocabulary.CTO_COLORS
    simulated = {k: _simulate(v, CVD[deficiency]) for k, v in colors.items()}
    names = sorted(simulated)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            distance = (
                sum((p - q) ** 2 for p, q in zip(simulated[a], simulated[b], strict=True)) ** 0.5
            )
            assert distance > 12, (deficiency, a, b, round(distance, 1))


def test_months_sort_in_fiscal_order(years):
    spec = draw(statewide.monthly_figure(years_page(years))).to_dict()
    layer = spec["layer"][0]
    assert layer["encoding"]["x"]["sort"] == [
        "Oct",
        "Nov",
        "Dec",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
    ]


def test_offline_block_cannot_be_closed_by_data():
    chart = alt.Chart(pl.DataFrame({"n": ["</script><img src=x onerror=alert(1)>"]})).mark_text()
    block = charts.offline_html(chart.encode(text="n:N").to_dict(), "c1")
    assert block.count("</script>") == 1 and "<img" not in block
    payload = re.search(r'class="tdceu-spec"[^>]*>(.*)</script>', block).group(1)
    assert json.loads(payload)["datasets"]  # still the same spec once parsed


def test_offline_renderer_numbers_charts_in_order():
    offline._chart_counter["next"] = 1
    first = charts.offline_renderer({"mark": "bar"})["text/html"]
    second = charts.offline_renderer({"mark": "bar"})["text/html"]
    assert 'id="tdceu-chart-1"' in first and 'id="tdceu-chart-2"' in second


def test_a_picker_value_must_be_an_option():
    with pytest.raises(ValueError, match="not one of its options"):
        charts.Picker(name="pick_region", label="Region", options=("A",), value="B")


def test_a_layered_pickers_params_are_those_altair_would_add():
    frame = pl.DataFrame({"scope": ["a", "b"], "n": [1, 2]})
    base = alt.Chart(frame).encode(x=alt.X("n:Q"))
    picker = charts.Picker("pick_x", "X", ("a", "b"), "b", {"a": "A: 1", "b": "B: 2"})
    ours = charts.finish(alt.layer(base.mark_bar(), base.mark_text()), picker, "t").to_dict()
    altairs = alt.layer(base.mark_bar(), base.mark_text()).add_params(
        alt.param(
            name="pick_x",
            value="b",
            bind=alt.binding_select(options=["a", "b"], labels=["a", "b"], name="X "),
        ),
        alt.param(name="pick_x_titles", value={"a": "A: 1", "b": "B: 2"}),
    )
    assert ours["params"] == altairs.to_dict()["params"]
    assert ours["transform"][0] == {"filter": "datum.scope == pick_x"}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_a_redrawn_chart_shows_exactly_what_the_chart_shows(name, closed_year, years):
    chart = FIGURES[name](closed_year, years, False)
    with alt.renderers.enable("json"):  # the spec itself, as a mime bundle
        assert charts.Redrawn(chart)._repr_mimebundle_() == chart._repr_mimebundle_()
    assert repr(charts.Redrawn(chart)) == repr(chart)  # the text a notebook keeps


def test_a_redraw_skips_altairs_second_check_of_the_spec():
    # a mark size must be a number: altair's display refuses it, a redraw passes it on
    with debug_mode(False):
        chart = alt.Chart(pl.DataFrame({"n": [1]})).mark_bar(size="big").encode(x="n:Q")
    with alt.renderers.enable("json"):
        assert chart._repr_mimebundle_() == {}  # (altair prints the error instead)
        bundle, _ = charts.Redrawn(chart)._repr_mimebundle_()  # (data, metadata)
    assert bundle["application/json"]["mark"] == {"type": "bar", "size": "big"}


def test_only_charts_are_redrawn_unchecked():
    chart = alt.Chart(pl.DataFrame({"n": [1]})).mark_bar()
    assert isinstance(charts.redrawn(chart), charts.Redrawn)
    piece = object()
    assert charts.redrawn(piece) is piece
