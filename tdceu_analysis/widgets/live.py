"""Live notebooks (JupyterLab 4, Notebook 7) with no network: charts, pickers.

Charts: altair's default renderer loads vega from a CDN, and JupyterLab's own vega
extension knows only Vega-Lite 5. Here a chart is an anywidget (`LiveChart`) whose
script is vl-convert-python's bundle of vega, vega-lite and vega-embed (built once per
kernel from the installed package, nothing fetched at run time). A redraw sets the
widget's `spec`, so only the new spec crosses to the browser, never the bundle again.

    from tdceu_analysis.widgets import live
    live.enable()                 # every altair chart displayed from now on is a LiveChart
    slot = live.LiveChart(chart)  # or keep one and redraw it in place:
    slot.show(other_chart)

Pickers: typing in a focused dropdown can fire JupyterLab's command-mode shortcuts
(ipywidgets#3912: `m` turns the cell into Markdown). Lumino stops looking for a
shortcut at an element with the `data-lm-suppress-shortcuts` attribute, so
`guarded(box)` marks the box with it (and stops keydown from bubbling out of it,
for a front end whose lumino predates the attribute). `director_picker` finds a
director by any part of a name or district.

Static fallback: before each chart's widget the slot displays the same chart as a
picture (the SVG vl-convert makes, inline), so a front end or exporter without the
widget (`jupyter nbconvert --execute --to html` offline, a notebook viewer) still shows
it; where the widget draws, its script hides that picture (it would go stale on a pick).

The HTML export (`tdceu build`, `charts.enable_offline_renderer`) does not use this.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from typing import Any

import altair as alt
import anywidget
import ipywidgets as w
import traitlets

RENDERER = "tdceu_live"
GUARD_CLASS = "tdceu-no-shortcuts"

# The chart's script, bundled with vega-embed by vl-convert (no import: the bundle
# provides `vegaEmbed`; VEGA_KEY names this bundle's vega). `data-drawn` counts the draws,
# `data-in-place` those that only gave the view new rows and words, and `data-drawn-at`
# says when the last one ended, so a test can wait for one and time it.
#
# What makes a pick fast here (issue 22, measured in JupyterLab):
# - one copy of vega for every chart of the page: anywidget imports each widget's script
#   anew, so each LiveChart has its own copy of the bundle; drawing every chart with the
#   first copy loaded keeps one set of functions warm (the JIT's work is shared);
# - a new spec that differs from the one drawn only in its rows, its title's words and its
#   description (most picks: the same chart for another scope) is not embedded again: its
#   rows go to the view as a vega changeset, its words as signals, and the view reruns
#   (no vega-lite compile, no vega parse, no new view);
# - a spec equal to the one drawn is not drawn again.
_CHART_SNIPPET = """
const lib = (globalThis[VEGA_KEY] ??= { vegaEmbed });
const TITLE = "tdceu_title";
const SUBTITLE = "tdceu_subtitle";
const DATA = "tdceu_data_";

// A spec as (shape, words, rows): its datasets renamed by their order (a dataset's name is
// a hash of its rows), their rows, the title's text and subtitle and the description apart.
// Two specs of one shape draw the same vega program over other rows and words.
function split(spec) {
  const names = Object.keys(spec.datasets || {});
  const rest = { ...spec };
  delete rest.datasets;
  delete rest.description;
  delete rest.title;
  let text = JSON.stringify(rest);
  names.forEach((name, i) => {
    text = text.split(JSON.stringify(name)).join(JSON.stringify(DATA + i));
  });
  const shape = JSON.parse(text);
  const title = spec.title;
  const titled = title !== undefined && title !== null;
  const props =
    titled && typeof title === "object" && !Array.isArray(title) ? { ...title } : { text: title };
  const words = { text: props.text, subtitle: props.subtitle, description: spec.description };
  delete props.text;
  delete props.subtitle;
  if (titled) shape.title = { ...props, hasSubtitle: words.subtitle !== undefined };
  const rows = names.map((name, i) => [DATA + i, spec.datasets[name]]);
  return { key: JSON.stringify(shape), shape, words, rows, titled };
}

// The spec to embed: the shape with its rows, title and description put back.
function whole(parts) {
  const spec = JSON.parse(JSON.stringify(parts.shape));
  if (parts.titled) {
    delete spec.title.hasSubtitle;
    spec.title.text = parts.words.text;
    if (parts.words.subtitle !== undefined) spec.title.subtitle = parts.words.subtitle;
  }
  if (parts.words.description !== undefined) spec.description = parts.words.description;
  if (parts.rows.length) spec.datasets = Object.fromEntries(parts.rows);
  return spec;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// The compiled vega program with the title's words as signals, and whether the view can
// take new rows and words in place: each dataset plain inline rows (nothing to parse) and
// the title's words passed through as written.
function patched(parts, state) {
  return (vg) => {
    const names = parts.rows.map(([name]) => name);
    const plain = (vg.data || []).filter((d) => names.includes(d.name));
    const rowsAsTheyAre = (d) =>
      !d.url && Object.keys(d.format || {}).every((k) => k === "type" && d.format.type === "json");
    let ok = plain.length === names.length && plain.every(rowsAsTheyAre);
    const title = vg.title;
    if (parts.titled) {
      if (title && typeof title === "object" && same(title.text, parts.words.text)
          && same(title.subtitle, parts.words.subtitle)) {
        vg.signals = [...(vg.signals || []), { name: TITLE, value: title.text }];
        title.text = { signal: TITLE };
        if (parts.words.subtitle !== undefined) {
          vg.signals.push({ name: SUBTITLE, value: title.subtitle });
          title.subtitle = { signal: SUBTITLE };
        }
      } else {
        ok = false;
      }
    }
    if (ok) {  // lay the view out again on each run (vega does it once by default): new
      // rows can need other room for the axis labels, as when drawn anew
      const autosize = typeof vg.autosize === "string" ? { type: vg.autosize } : vg.autosize;
      vg.autosize = { type: "pad", ...autosize, resize: true };
    }
    state.changeable = ok;
    return vg;
  };
}

function render({ model, el }) {
  // the static picture displayed just before this widget (Slot): the live chart replaces it.
  // Looked for again after each draw: Notebook 7 renders the widget before attaching it, so
  // at first `el` has no output area around it. The output's own box is looked for first
  // (JupyterLab, Notebook 7: `.jp-OutputArea-child`; classic: `.output_area`): in Notebook 7
  // the widget also sits in a `.jp-OutputArea-output` panel, whose sibling is the prompt.
  const hideStatic = () => {
    const area = el.closest(".jp-OutputArea-child") || el.closest(".output_area")
      || el.closest(".jp-OutputArea-output");
    const before = area && area.previousElementSibling;
    if (before && before.querySelector(".tdceu-static-chart")) before.style.display = "none";
  };
  hideStatic();
  const target = document.createElement("div");
  target.className = "tdceu-live-chart";
  el.appendChild(target);
  let view = null;
  let drawnSpec = null;  // the JSON of the spec drawn last
  let drawnKey = null;   // its shape
  const state = { changeable: false };  // whether the view drawn can take new rows and words
  let drawn = 0;
  let inPlace = 0;  // of which with new rows and words in the same view
  let pending = Promise.resolve();
  const embed = async (parts) => {
    const result = await lib.vegaEmbed(target, whole(parts), {
      mode: "vega-lite",
      renderer: "canvas",
      actions: { export: true, source: false, compiled: false, editor: false },
      patch: patched(parts, state),
    });
    if (view) view.finalize();
    view = result.view;
  };
  const change = async (parts) => {
    // a changeset per dataset: every row out, the new rows in
    for (const [name, values] of parts.rows) view.data(name, values);
    if (parts.titled) {
      view.signal(TITLE, parts.words.text);
      if (parts.words.subtitle !== undefined) view.signal(SUBTITLE, parts.words.subtitle);
    }
    view.description(parts.words.description ?? null);
    await view.runAsync();
  };
  const draw = () => {
    pending = pending.then(async () => {
      const spec = model.get("spec");
      const text = JSON.stringify(spec);
      if (text === drawnSpec) return;  // (two changes queued: the second is drawn already)
      try {
        const parts = split(spec);
        if (view && state.changeable && parts.key === drawnKey) {
          try {
            await change(parts);
            inPlace += 1;
            el.dataset.inPlace = String(inPlace);
          } catch (error) {  // drawn anew
            await embed(parts);
          }
        } else {
          await embed(parts);
        }
        drawnSpec = text;
        drawnKey = parts.key;
        hideStatic();
        drawn += 1;
        el.dataset.drawn = String(drawn);
        el.dataset.drawnAt = String(performance.now());
        delete el.dataset.error;
      } catch (error) {
        drawnSpec = null;
        state.changeable = false;
        el.dataset.error = String(error);
        target.textContent = "Cannot draw this chart: " + error;
      }
    });
  };
  model.on("change:spec", draw);
  draw();
  return () => { if (view) view.finalize(); };
}
export default { render };
"""

# Marks every guarded box (now and later) with lumino's attribute, and keeps keydown
# inside it: typing in a picker never reaches the notebook's shortcuts.
_GUARD_ESM = """
function mark(root) {
  for (const box of root.querySelectorAll("." + CLASS)) {
    if (box.hasAttribute("data-lm-suppress-shortcuts")) continue;
    box.setAttribute("data-lm-suppress-shortcuts", "true");
    box.addEventListener("keydown", (event) => event.stopPropagation());
  }
}
function render({ el }) {
  el.style.display = "none";
  if (!window.__tdceuShortcutGuard) {
    window.__tdceuShortcutGuard = new MutationObserver(() => mark(document));
    window.__tdceuShortcutGuard.observe(document.body, { childList: true, subtree: true });
  }
  mark(document);
  requestAnimationFrame(() => mark(document));
}
export default { render };
""".replace("CLASS", f'"{GUARD_CLASS}"')


@functools.cache
def chart_script() -> str:
    """The LiveChart script with vega, vega-lite and vega-embed inlined (built once)."""
    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    vl_version = vl_version_for_vl_convert()
    # the key under which the page keeps the first copy of this bundle's vega-embed
    key = json.dumps(f"__tdceuVega:{vl_convert.__version__}:{vl_version}")
    snippet = _CHART_SNIPPET.replace("VEGA_KEY", key)
    return vl_convert.javascript_bundle(snippet, vl_version=vl_version)


def chart_spec(chart: Any) -> dict[str, Any]:
    """The vega-lite spec of an altair chart (or a spec dict as it is), data inlined.

    Not validated again: a chart from `tdceu_analysis.charts` was checked when built."""
    if isinstance(chart, dict):
        return chart
    return chart.to_dict(validate=False, context={"pre_transform": False})


class LiveChart(anywidget.AnyWidget):
    """One chart drawn in the browser from the bundled vega; `show` redraws it in place."""

    spec = traitlets.Dict().tag(sync=True)

    def __init__(self, chart: Any = None, **kwargs: Any) -> None:
        self._esm = chart_script()
        super().__init__(spec=chart_spec(chart) if chart is not None else {}, **kwargs)

    def show(self, chart: Any) -> None:
        """Draw `chart` (an altair chart or a vega-lite spec) in place of the current one."""
        self.spec = chart_spec(chart)

    def __repr__(self) -> str:  # the text/plain a notebook keeps: the same on every run
        title = self.spec.get("title", "")
        if isinstance(title, dict):
            title = title.get("text", "")
        return f"LiveChart({' '.join(title) if isinstance(title, list) else title!s})"


class StaticChart:
    """A chart as a picture (an inline SVG from vl-convert), for a front end without the
    widget; the LiveChart displayed after it hides it where it draws."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def svg(self) -> str:
        import vl_convert
        from altair.utils._importers import vl_version_for_vl_convert

        return str(vl_convert.vegalite_to_svg(self.spec, vl_version=vl_version_for_vl_convert()))

    def _repr_html_(self) -> str:
        import base64
        import html

        description = str(self.spec.get("description") or "chart")
        source = base64.b64encode(self.svg().encode("utf-8")).decode("ascii")
        return (
            f'<div class="tdceu-static-chart"><img alt="{html.escape(description)}" '
            f'src="data:image/svg+xml;base64,{source}"></div>'
        )

    def __repr__(self) -> str:
        return "StaticChart (the picture of the chart below, for a viewer without widgets)"


def is_chart(value: Any) -> bool:
    """Whether `value` is an altair chart (anything else is displayed as it is)."""
    return isinstance(value, alt.TopLevelMixin)


def _printed(shown: Any) -> tuple[type, str] | None:
    """What a displayed piece (an Html piece, a table) shows, as text to compare (None for
    a piece that cannot say)."""
    for attribute in ("fingerprint", "_repr_html_"):
        make = getattr(shown, attribute, None)
        if make is not None:
            return type(shown), str(make())
    return None


class Slot:
    """One output of a live notebook that is redrawn in place.

    A chart is shown as a `LiveChart` and a redraw sends only its new spec; anything
    else (an HTML piece, a table) goes through a display handle. The first chart shown
    is checked against the vega-lite schema in full; a redraw is not checked again (the
    same builder drew it, see `charts.speed.Redrawn`)."""

    def __init__(self, shown: Any) -> None:
        from IPython.display import display

        self.chart: LiveChart | None = None
        self.content: Any = None
        self._content_printed: tuple[type, str] | None = None  # `_printed(content)`, once made
        displayed = self._displayed(shown, validate=True)
        if self.chart is not None:  # the picture first, for a viewer without the widget
            display(StaticChart(self.chart.spec))
        self.handle = display(displayed, display_id=True)

    def _displayed(self, shown: Any, validate: bool = False) -> Any:
        self.content = shown
        self._content_printed = None
        if not is_chart(shown):
            self.chart = None
            return shown
        spec = shown.to_dict(validate=validate, context={"pre_transform": False})
        if self.chart is not None:
            self.chart.show(spec)
            return None
        self.chart = LiveChart(spec)
        return self.chart

    def update(self, shown: Any) -> None:
        """Show `shown` in place of what this slot shows now (an HTML piece or table that
        reads the same is left as it is: nothing to send, nothing for the page to redo)."""
        if not is_chart(shown) and self.chart is None:
            printed = _printed(shown)
            if self._content_printed is None:  # (what is shown is printed once, not per pick)
                self._content_printed = _printed(self.content)
            if printed is not None and printed == self._content_printed:
                return
            self.handle.update(self._displayed(shown))
            self._content_printed = printed
            return
        had_chart = self.chart is not None
        displayed = self._displayed(shown)
        if displayed is not None or not had_chart:
            self.handle.update(displayed)

    def fingerprint(self) -> str:
        """What the slot shows now, as text (the chart's spec, or the HTML)."""
        if self.chart is not None:
            return json.dumps(self.chart.spec, sort_keys=True, default=str)
        fingerprint = getattr(self.content, "fingerprint", None)  # a table: its rows
        if fingerprint is not None:
            return fingerprint()
        html = getattr(self.content, "_repr_html_", None)
        return html() if html is not None else repr(self.content)


def live_renderer(spec: dict[str, Any], **_: Any) -> dict[str, Any]:
    """altair renderer: the chart as a LiveChart widget (no CDN, no network)."""
    return LiveChart(spec)._repr_mimebundle_()


def enable() -> None:
    """Display every altair chart of this kernel as a LiveChart."""
    alt.renderers.register(RENDERER, live_renderer)
    alt.renderers.enable(RENDERER)


class ShortcutGuard(anywidget.AnyWidget):
    """Invisible; marks the guarded boxes in the page (see `guarded`)."""

    _esm = _GUARD_ESM


def guarded(*widgets: w.Widget, **layout: Any) -> w.Box:
    """The widgets in one box where typing never fires a notebook shortcut."""
    box = w.HBox(
        [*widgets, ShortcutGuard()],
        layout=w.Layout(flex_flow="row wrap", **layout),
    )
    box.add_class(GUARD_CLASS)
    return box


class SearchPicker(w.Combobox):
    """A text box of (label, value) choices; typing any part of a label narrows the list.
    `choice` is the picked label's value (None while the text is no full label, so a
    half-typed word changes nothing). It sits in a `guarded` box: typing in it never
    fires a notebook shortcut."""

    choice = traitlets.Unicode(None, allow_none=True)

    def __init__(self, labels: Iterable[tuple[str, str]], **kwargs: Any) -> None:
        kwargs.setdefault("placeholder", "type part of a name")
        super().__init__(ensure_option=False, **kwargs)
        self.set_labels(labels)
        self.observe(self._picked, "value")

    def set_labels(self, labels: Iterable[tuple[str, str]]) -> None:
        """New (label, value) pairs, e.g. after a region pick."""
        self._ids = dict(labels)
        self.options = tuple(self._ids)
        if self.value not in self._ids:
            self.value = ""
            self.choice = None

    def pick(self, value: str | None) -> None:
        """Show `value` as picked (its label in the box)."""
        label = next((lab for lab, i in self._ids.items() if i == value), "")
        self.value = label

    def _picked(self, change: dict[str, Any]) -> None:
        picked = self._ids.get(change["new"])
        if picked is not None or change["new"] == "":
            self.choice = picked


class DirectorPicker(SearchPicker):
    """A text box listing directors as "Name (District)"; typing any part of a name or a
    district narrows the list. `director_id` is the picked director's id (None until a
    full label is picked)."""

    director_id = traitlets.Unicode(None, allow_none=True)

    def __init__(self, labels: Iterable[tuple[str, str]], **kwargs: Any) -> None:
        kwargs.setdefault("placeholder", "type part of a name or district")
        kwargs.setdefault("description", "Director")
        super().__init__(labels, **kwargs)
        traitlets.dlink((self, "choice"), (self, "director_id"))
