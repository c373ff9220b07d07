"""tdceu_analysis.widgets.live on the kernel side: the chart script is built from the installed
bundle (no URL in it), a redraw sends only the new spec, pickers are guarded."""

import altair as alt
import pytest

pytest.importorskip("anywidget")

from tdceu_analysis.widgets import live


def bars(values):
    return alt.Chart(alt.Data(values=values)).mark_bar().encode(x="a:Q")


def test_chart_script_is_self_contained():
    script = live.chart_script()
    assert "export{__default as default}" in script  # an ES module, as anywidget wants
    assert "cdn.jsdelivr" not in script and "esm.sh" not in script
    assert len(script) > 500_000  # vega, vega-lite and vega-embed are inlined


def test_a_redraw_changes_only_the_spec():
    chart = live.LiveChart(bars([{"a": 1}]))
    sent = []
    chart.observe(lambda change: sent.append(change["name"]), names=None)
    chart.show(bars([{"a": 2}]))
    assert sent == ["spec"]
    assert chart.spec["data"]["values"] == [{"a": 2}]


def test_enable_displays_charts_as_widgets():
    previous = alt.renderers.active
    try:
        live.enable()
        bundle = bars([{"a": 1}])._repr_mimebundle_()
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        assert "application/vnd.jupyter.widget-view+json" in data
    finally:
        alt.renderers.enable(previous)


def test_guarded_box_carries_the_class_and_the_guard():
    import ipywidgets as w

    box = live.guarded(w.Dropdown(options=["a", "b"]))
    assert live.GUARD_CLASS in box._dom_classes
    assert isinstance(box.children[-1], live.ShortcutGuard)


def test_director_picker_maps_labels_to_ids_and_follows_new_labels():
    picker = live.DirectorPicker([("Ann Lee (Mobile County)", "d1"), ("Bo Wu (Troy City)", "d2")])
    picker.value = "Bo Wu (Troy City)"
    assert picker.director_id == "d2"
    picker.value = "Bo"  # still typing: the pick stays
    assert picker.director_id == "d2"
    picker.set_labels([("Ann Lee (Mobile County)", "d1")])
    assert picker.director_id is None and picker.value == ""
    picker.pick("d1")
    assert picker.value == "Ann Lee (Mobile County)" and picker.director_id == "d1"


def test_the_district_picker_is_searchable_and_a_half_typed_word_changes_nothing():
    import datetime as dt

    from tdceu_analysis.widgets import Board

    board = Board("t", fy=2027, as_of=dt.date(2026, 11, 28))
    board.controls()
    picker = board.pickers["district"]
    assert isinstance(picker, live.SearchPicker) and picker in board.pickers.values()
    labels = list(picker.options)
    assert labels[0] == "All districts" and len(labels) > 20
    name, code = labels[1].rsplit(" (", 1)
    picker.value = labels[1]  # a full label: that district
    assert board.district == code.rstrip(")")
    picker.value = name[:3]  # still typing: the district stays
    assert board.district == code.rstrip(")")
    picker.value = "All districts"
    assert board.district is None
    # a region pick narrows the districts offered
    board.pickers["region"].value = board.pickers["region"].options[1][1]
    assert 1 < len(board.pickers["district"].options) < len(labels)
