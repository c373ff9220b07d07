"""The notebooks in a real JupyterLab, driven by Playwright and Debian's chromium.

One `jupyter lab` on 127.0.0.1 (free port, a token, temp config/runtime/settings dirs,
a temp copy of the notebooks) serves every notebook, and one browser page loads
JupyterLab once and opens the notebooks one after another, as a person does: each in a
kernel of its own, closed (its kernel shut down) before the next is opened, and what a
notebook's outputs leave in the page (the pickers' shortcut guard, the charts' and
itables' libraries) forgotten, so each notebook brings its own. The browser may only talk
to that server: any other request is blocked and recorded, and a test fails if one was
tried. Each notebook is opened and Run All; then the checks a person would make: every
chart output drawn, and shown once (its static picture hidden), no error or stderr
output, each picker once, typing letters into a picker leaves the cells as they were.
Screenshots (the viewport) go to test-artifacts/screenshots/jupyterlab/, and what was
measured to test-artifacts/jupyterlab/<notebook>.json.

Each shipped notebook is then picked as an analyst would (year, region, district or
director, scenario), each pick timed until the last chart it redrew was drawn, and its
table downloaded (the rows shown). The demo notebook (jupyterlab_demo.py) checks the
live pieces on their own.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import jupyterlab_demo  # tests/notebooks is on sys.path (rootdir import mode)
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from shared import CHARTS_SHOWN_JS, jupyter_server

from tdceu_analysis._paths import notebooks_folder

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots" / "jupyterlab"
MEASURED = ROOT / "test-artifacts" / "jupyterlab"
DEMO = "jupyterlab_demo.ipynb"
SHIPPED = sorted(p.name for p in notebooks_folder().glob("[0-9][0-9]_*.ipynb"))
RUN_ALL_TIMEOUT_MS = 300_000
DRAW_TIMEOUT_MS = 60_000
PICK_BUDGET_MS = 300  # issue 13: every figure changed in the browser within this after a pick

SETTINGS = {
    # every cell in the DOM, so a test sees every output (no virtual scrolling)
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # no news or update check from the page
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


@dataclass
class Lab:
    url: str
    token: str
    root: Path


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "notebooks"
    root.mkdir()
    for name in SHIPPED:
        shutil.copy(notebooks_folder() / name, root / name)
    jupyterlab_demo.write(root / DEMO)
    settings = base / "settings"
    for name, values in SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    lab_options = ("--LabApp.expose_app_in_browser=True", "--LabApp.news_url=")
    with jupyter_server(
        "jupyterlab", base, root, *lab_options, "--LabApp.extension_manager=readonly"
    ) as (url, token):
        yield Lab(url, token, root)


# -- what the page shows (evaluated in the browser) -------------------------------

CHARTS_JS = """() => {
  const containers = [...document.querySelectorAll(
    '.jp-Notebook [id^="altair-viz-"], .jp-Notebook .tdceu-live-chart, '
    + '.jp-Notebook .jp-RenderedVegaCommon5')];
  const drawn = containers.filter(c => c.querySelector('svg, canvas'));
  const failed = containers.filter(c => /Error|Cannot draw/.test(c.textContent));
  return {outputs: containers.length, drawn: drawn.length, failed: failed.length};
}"""

ONCE_JS = CHARTS_SHOWN_JS  # per chart of a Board notebook: its picture and its live chart

NOTEBOOK_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.widgets.map(c => c.model);
  const errors = [];
  for (const cell of cells) {
    if (cell.type !== 'code') continue;
    for (const output of cell.outputs.toJSON()) {
      if (output.output_type === 'error') errors.push(output.ename + ': ' + output.evalue);
      if (output.output_type === 'stream' && output.name === 'stderr') {
        errors.push('stderr: ' + String(output.text).slice(0, 300));
      }
    }
  }
  for (const node of document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')) {
    const text = node.textContent;
    for (const pattern of ['Error loading script', 'Error displaying widget',
                           'Cannot draw this chart', 'Model not found']) {
      if (text.includes(pattern)) errors.push(pattern);
    }
  }
  const pickers = [...document.querySelectorAll(
    '.jp-Notebook .widget-dropdown, .jp-Notebook .widget-text:has(datalist)')]
    .map(p => (p.querySelector('.widget-label') || {}).textContent || '?');
  return {
    cells: cells.map(c => c.type),
    sources: cells.map(c => c.sharedModel.getSource()),
    errors, pickers,
    path: panel.context.path,
    kernel: panel.sessionContext.session?.kernel?.status || 'none',
    running: cells.filter(c => c.type === 'code' && c.executionState === 'running').length,
    unrun: cells.filter(c => c.type === 'code' && c.executionCount === null
                          && c.sharedModel.getSource().trim() !== '').length,
  };
}"""

DRAW_STATE_JS = """() => [...document.querySelectorAll('.jp-Notebook [data-drawn]')]
  .map(el => el.dataset.drawn)"""

DRAWN_AT_JS = """() => [...document.querySelectorAll('.jp-Notebook [data-drawn]')]
  .map(el => [el.dataset.drawn, Number(el.dataset.drawnAt)])"""

QUIET_MS = 1500  # a pick is over when no chart has redrawn for this long
# ... or, once the charts a check needs have redrawn, when the kernel is idle and none has
# redrawn for SETTLED_MS: what the test asserts is then known. benchmarks/run.py sets
# TDCEU_TIME_PICKS=1 to wait the full QUIET_MS, so that a pick's time is to its last redraw.
SETTLED_MS = 300
TIME_PICKS = os.environ.get("TDCEU_TIME_PICKS") == "1"


@dataclass
class Observed:
    notebook: str
    run_all_s: float = 0.0
    chart_outputs: int = 0
    charts_drawn: int = 0
    charts_failed: int = 0
    errors: list[str] = field(default_factory=list)
    pickers: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    cells_before_typing: list[str] = field(default_factory=list)
    cells_after_typing: list[str] = field(default_factory=list)
    sources_changed_by_typing: bool = False
    picks_ms: dict[str, float] = field(default_factory=dict)
    picks_redrawn: dict[str, int] = field(default_factory=dict)  # charts redrawn by a pick
    picks_each_ms: dict[str, list[float]] = field(default_factory=dict)  # each chart's end
    download_rows: dict[str, int] = field(default_factory=dict)
    formula_cells: list[str] = field(default_factory=list)
    once: dict[str, int] = field(default_factory=dict)  # ONCE_JS after Run All


# What a notebook's outputs leave in the page's window: the pickers' shortcut guard (a
# MutationObserver), the charts' vega and itables' library (loaded by the first output
# that needs it). Forgotten before each notebook, so that each brings its own.
FORGET_JS = """() => {
  for (const key of Object.keys(window)) {
    if (!/^(__tdceu|_itables_)/.test(key)) continue;
    if (typeof window[key]?.disconnect === 'function') window[key].disconnect();
    delete window[key];
  }
}"""

# Close every open notebook, its kernel shut down (nothing needs saving: a temp copy).
CLOSE_ALL_JS = """async () => {
  const panels = [...jupyterapp.shell.widgets('main')].filter((w) => w.sessionContext);
  for (const panel of panels) {
    await panel.sessionContext.shutdown();
    panel.dispose();
  }
}"""


class LabPage:
    """One browser page with JupyterLab loaded once; every non-local request blocked and
    recorded. The notebooks are opened in it one at a time (`Session`)."""

    def __init__(self, browser, lab: Lab) -> None:
        self.lab = lab
        self.blocked: list[str] = []
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 1000}, accept_downloads=True
        )
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.goto(f"{lab.url}/lab?token={lab.token}&reset")
        self.page.wait_for_function("() => window.jupyterapp", timeout=120_000)
        # (a notebook opened before the layout is restored can be closed by the restore)
        self.page.evaluate("async () => { await jupyterapp.restored; }")

    def _route(self, route) -> None:
        if route.request.url.startswith(self.lab.url + "/"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def close_notebooks(self) -> None:
        self.page.evaluate(CLOSE_ALL_JS)
        self.page.wait_for_function("() => !document.querySelector('.jp-Notebook')")

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def lab_page(lab, browser):
    page = LabPage(browser, lab)
    assert page.blocked == [], f"JupyterLab asked off the local server: {page.blocked[:5]}"
    yield page
    page.close()


class Session:
    """One notebook opened in the page (the only one open), until `close`."""

    def __init__(self, lab_page: LabPage, name: str) -> None:
        self.lab_page, self.lab, self.name = lab_page, lab_page.lab, name
        self.observed = Observed(name)
        self.page = lab_page.page
        self._blocked_from = len(lab_page.blocked)
        lab_page.close_notebooks()
        self.page.evaluate(FORGET_JS)

    @property
    def blocked(self) -> list[str]:
        return self.lab_page.blocked[self._blocked_from :]

    def state(self) -> dict:
        return self.page.evaluate(NOTEBOOK_JS)

    def open_and_run_all(self) -> None:
        page = self.page
        page.evaluate(
            "async (path) => { const panel = await jupyterapp.commands.execute("
            "'docmanager:open', {path}); jupyterapp.shell.activateById(panel.id); }",
            self.name,
        )
        page.wait_for_function(
            "(path) => { const w = jupyterapp.shell.currentWidget;"
            " return w && w.context?.path === path && w.content?.widgets?.length > 0"
            " && w.sessionContext?.session?.kernel?.status === 'idle'; }",
            arg=self.name,
            timeout=120_000,
        )
        started = time.perf_counter()
        page.evaluate("() => jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(
            f"() => {{ const s = ({NOTEBOOK_JS})(); return s.kernel === 'idle' && s.running === 0"
            " && (s.unrun === 0 || s.errors.length > 0); }",
            timeout=RUN_ALL_TIMEOUT_MS,
            polling=200,
        )
        self.observed.run_all_s = round(time.perf_counter() - started, 2)
        # every chart either drawn or showing why not, and (a Board notebook) each picture's
        # live chart there and drawn: a widget's view can come a moment after its output
        # (on a timeout, counted below: a chart neither drawn nor failed is not drawn)
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(
                f"() => {{ const c = ({CHARTS_JS})(), o = ({ONCE_JS})();"
                " return c.drawn + c.failed >= c.outputs && o.live >= o.pictures"
                " && (o.liveDrawn >= o.live || c.failed > 0); }",
                timeout=DRAW_TIMEOUT_MS,
                polling=100,
            )
        charts = page.evaluate(CHARTS_JS)
        state = self.state()
        assert state["path"] == self.name, state["path"]  # the notebook asked for, alone
        self.observed.chart_outputs = charts["outputs"]
        self.observed.charts_drawn = charts["drawn"]
        self.observed.charts_failed = charts["failed"]
        self.observed.errors = state["errors"]
        self.observed.pickers = state["pickers"]
        self.observed.once = page.evaluate(ONCE_JS)

    def screenshot(self, suffix: str) -> None:
        """The viewport, for a person to look at (JupyterLab scrolls inside its panel: a
        full-page capture shows no more)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{Path(self.name).stem}-{suffix}.png"))

    def type_into_pickers(self) -> None:
        """Focus each picker and type letters that are command-mode shortcuts."""
        before = self.state()
        self.observed.cells_before_typing = before["cells"]
        for selector in (
            ".jp-Notebook .widget-dropdown select",
            ".jp-Notebook .widget-text:has(datalist) input",
        ):
            for element in self.page.query_selector_all(selector):
                element.focus()
                self.page.keyboard.type("mmaabbyyxxddcv", delay=5)
                self.page.keyboard.press("Escape")
        after = self.state()
        self.observed.cells_after_typing = after["cells"]
        self.observed.sources_changed_by_typing = after["sources"] != before["sources"]

    def pick(self, label: str, index: int, follow: int) -> None:
        """Pick option `index` of the dropdown `label`; time until the `follow` live charts
        that follow the pick have redrawn."""
        select = self.page.locator(
            f".jp-Notebook .widget-dropdown:has(.widget-label:text-is('{label}')) select"
        )
        value = select.locator("option").nth(index).get_attribute("value")
        before = self.page.evaluate(DRAW_STATE_JS)
        started = time.perf_counter()
        select.select_option(value=value)
        self.page.wait_for_function(
            f"(before) => {{ const now = ({DRAW_STATE_JS})();"
            " return now.filter((d, i) => d !== before[i]).length >= FOLLOW; }".replace(
                "FOLLOW", str(follow)
            ),
            arg=before,
            timeout=30_000,
            polling="raf",
        )
        self.observed.picks_ms[label] = round((time.perf_counter() - started) * 1000, 1)

    def charts(self) -> int:
        return len(self.page.evaluate(DRAW_STATE_JS))

    def _timed(self, name: str, act, enough: int) -> int:
        """Do `act` (a pick); wait until no chart has redrawn for QUIET_MS (or, unless
        TIME_PICKS, until `enough` charts have redrawn and all is settled: SETTLED_MS);
        record the time from the pick to the end of the last redraw, and how many redrew."""
        before = self.page.evaluate(DRAWN_AT_JS)
        started = self.page.evaluate("() => performance.now()")
        act()
        deadline = time.monotonic() + 60
        seen, quiet_since = None, time.monotonic()

        def redrawn(now) -> list[float]:
            return [at for (d, at), (d0, _) in zip(now, before, strict=False) if d != d0]

        while time.monotonic() < deadline:
            now, kernel = self.page.evaluate(
                f"() => [({DRAWN_AT_JS})(),"
                " jupyterapp.shell.currentWidget.sessionContext.session?.kernel?.status]"
            )
            quiet = time.monotonic() - quiet_since
            settled = (
                not TIME_PICKS
                and kernel == "idle"
                and quiet > SETTLED_MS / 1000
                and len(redrawn(seen)) >= enough
            )
            if now != seen:
                seen, quiet_since = now, time.monotonic()
            elif quiet > QUIET_MS / 1000 or settled:
                break
            time.sleep(0.05)  # polling the page's draw counters
        changed = redrawn(seen)
        self.observed.picks_redrawn[name] = len(changed)
        if changed:
            self.observed.picks_ms[name] = round(max(changed) - started, 1)
            self.observed.picks_each_ms[name] = sorted(round(at - started, 1) for at in changed)
        return len(changed)

    def pick_option(self, label: str, index: int, enough: int = 1) -> int:
        """Pick option `index` of the dropdown `label`; the charts it redrew."""
        select = self.page.locator(
            f".jp-Notebook .widget-dropdown:has(.widget-label:text-is('{label}')) select"
        )
        value = select.locator("option").nth(index).get_attribute("value")
        return self._timed(label, lambda: select.select_option(value=value), enough)

    def pick_text(self, label: str, text: str, enough: int = 1) -> int:
        """Type `text` into the searchable picker `label` (Enter); the charts it redrew."""
        box = self.page.locator(
            f".jp-Notebook .widget-text:has(.widget-label:text-is('{label}')) input"
        )

        def act() -> None:
            box.fill(text)
            box.press("Enter")

        return self._timed(label, act, enough)

    def options(self, label: str) -> list[str]:
        """The options of the searchable picker `label`."""
        return self.page.evaluate(
            "(label) => { const box = [...document.querySelectorAll('.jp-Notebook .widget-text')]"
            ".find(b => (b.querySelector('.widget-label') || {}).textContent === label);"
            " return [...box.querySelectorAll('datalist option')].map(o => o.value); }",
            label,
        )

    def download(self, button: str, search: str = "") -> list[list[str]]:
        """Search the table for `search`, click the download `button`, read the CSV."""
        box = self.page.locator(".jp-Notebook .dt-search input").first
        info = self.page.locator(".jp-Notebook .dt-info").first
        before = info.text_content()
        box.fill(search)
        if search:  # the count the table shows changes once the search has filtered it
            self.page.wait_for_function(
                "([b]) => { const i = document.querySelector('.jp-Notebook .dt-info');"
                " return i && i.textContent !== b; }",
                arg=[before],
            )
        # the tables' own words (figures.html.TABLE_WORDS): "Showing 29 rows"
        shown = int(
            re.search(r"Showing ([\d,]+) rows?", info.text_content()).group(1).replace(",", "")
        )
        with self.page.expect_download() as download:
            self.page.get_by_role("button", name=button).first.click()
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        self.observed.download_rows[search or "(all)"] = len(rows) - 1
        assert len(rows) - 1 == shown, (search, shown, rows[:3])
        return rows

    def check(self) -> None:
        """`check_notebook` on what was observed so far."""
        self.observed.blocked = self.blocked
        check_notebook(self.observed)

    def close(self) -> None:
        self.observed.blocked = self.blocked
        MEASURED.mkdir(parents=True, exist_ok=True)
        (MEASURED / f"{Path(self.name).stem}.json").write_text(
            json.dumps(asdict(self.observed), indent=1)
        )
        self.lab_page.close_notebooks()


def check_notebook(observed: Observed) -> None:
    """What a person checks after Run All (the assertions shared by every notebook)."""
    assert observed.blocked == [], f"requests off the local server: {observed.blocked[:5]}"
    assert observed.errors == [], observed.errors
    assert observed.chart_outputs > 0
    assert observed.charts_drawn == observed.chart_outputs, (
        f"{observed.charts_drawn} of {observed.chart_outputs} charts drawn"
    )
    duplicates = sorted({p for p in observed.pickers if observed.pickers.count(p) > 1})
    assert duplicates == [], f"pickers shown more than once: {observed.pickers}"
    assert observed.cells_after_typing == observed.cells_before_typing
    assert not observed.sources_changed_by_typing


# what each notebook is picked with: (kind, picker label, option index or text)
# (the year first: in one district a chart can read the same in two years, and a slot whose
# content did not change is rightly not redrawn)
PICKS = {
    "01_statewide_compliance.ipynb": [("Fiscal year", 0), ("Region", 2), ("District", 1)],
    "02_strand_coverage.ipynb": [("Fiscal year", 0), ("Region", 3), ("District", 1)],
    "03_at_risk.ipynb": [("Fiscal year", 0), ("Region", 2), ("District", 1)],
    "04_director_ledger.ipynb": [("Region", 2), ("Director", 3), ("Fiscal year", 0)],
    "05_policy_what_if.ipynb": [("Region", 2), ("Scenario", 0), ("Fiscal year", 0)],
    "06_director_statement.ipynb": [("Region", 2), ("Director", 3), ("Fiscal year", 0)],
}
TEXT_PICKERS = {"Director", "District", "Scenario"}


def pick_everything(session: Session) -> None:
    """The notebook's picks, each redrawing at least one chart (a year pick: every one)."""
    charts = session.charts()
    for label, index in PICKS[session.name]:
        # a year pick redraws every chart of 01-04 (05's charts may read alike in two years)
        expected = charts if label == "Fiscal year" and not session.name.startswith("05") else 1
        if label in TEXT_PICKERS:
            options = session.options(label)
            current = session.page.locator(
                f".jp-Notebook .widget-text:has(.widget-label:text-is('{label}')) input"
            ).input_value()
            text = [o for o in options if o != current][index]
            redrawn = session.pick_text(label, text, expected)
        else:
            redrawn = session.pick_option(label, index, expected)
        assert redrawn >= expected, (session.name, label, redrawn, charts)


# a dashboard notebook's live charts, where a change of their number is a finding
LIVE_CHARTS = {"01_statewide_compliance.ipynb": 7}


def check_shown_once(observed: Observed) -> None:
    """Each chart of a Board notebook shows once: its live chart drawn, the static picture
    displayed before it (for a viewer without widgets) hidden."""
    once = observed.once
    assert once["live"] > 0, once
    if observed.notebook in LIVE_CHARTS:
        assert once["live"] == LIVE_CHARTS[observed.notebook], once
    assert once["liveDrawn"] == once["live"], once
    assert once["pictures"] == once["live"], once  # one picture per chart was displayed
    assert once["picturesShown"] == 0, once  # and none shows


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_notebook_runs_and_draws_in_jupyterlab(lab_page, name):
    session = Session(lab_page, name)
    try:
        session.open_and_run_all()
        session.page.locator(".jp-Notebook .jp-Cell").first.scroll_into_view_if_needed()
        session.screenshot("top")
        session.check()
        check_shown_once(session.observed)
        if session.page.locator(".jp-Notebook .dt-search input").count():
            rows = session.download("Download CSV")  # the rows the page opens with
            assert len(rows) > 1
        pick_everything(session)
        session.screenshot("picked")
        session.type_into_pickers()
    finally:
        session.close()
    check_notebook(session.observed)
    # the time of each pick (to the last chart redrawn) is in test-artifacts/jupyterlab/;
    # benchmarks/run.py judges it against the budget (PICK_BUDGET_MS): on a shared,
    # loaded machine it varies too much to fail a test on
    assert set(session.observed.picks_ms) == {label for label, _ in PICKS[name]}


@pytest.fixture(scope="module")
def demo(lab_page):
    session = Session(lab_page, DEMO)
    session.open_and_run_all()
    session.screenshot("run-all")
    yield session
    session.close()


def test_demo_draws_every_chart_offline_with_each_picker_once(demo):
    demo.type_into_pickers()
    demo.check()
    observed = demo.observed
    assert observed.chart_outputs == 3
    assert sorted(observed.pickers) == ["Director", "Fiscal year", "Region"]


def test_demo_picks_redraw_every_live_chart(demo):
    # the status and hours charts follow the picks (the third chart is a fixed one)
    demo.pick("Region", 2, follow=2)
    demo.pick("Fiscal year", 1, follow=2)
    demo.pick("Region", 0, follow=2)
    demo.screenshot("picked")
    assert demo.blocked == []
    # every pick redrew its charts (each has a time); how fast is benchmarks/run.py's to
    # judge against PICK_BUDGET_MS, never a test's (a loaded machine is not a slow program)
    assert set(demo.observed.picks_ms) == {"Region", "Fiscal year"}
    assert all(time_ms > 0 for time_ms in demo.observed.picks_ms.values())


def test_demo_table_downloads_the_rows_shown_with_formulas_neutralised(demo):
    everyone = demo.download("Download CSV")
    found = demo.download("Download CSV", search="HYPERLINK")
    assert everyone[0] == [
        "director_id",
        "name",
        "district_name",
        "region",
        "total_hours",
        "status",
    ]
    assert len(everyone) - 1 > 100  # the state: every director, no down-sampling
    assert len(found) == 2 and found[1][1] == "'=HYPERLINK(1)"
    demo.observed.formula_cells = [found[1][1]]
    demo.screenshot("searched")
