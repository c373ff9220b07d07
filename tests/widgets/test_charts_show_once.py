"""The live charts in Jupyter Notebook 7 (`jupyter notebook`), driven by Playwright and
Debian's chromium: each chart shows once.

A live chart's slot displays the chart's static picture first (for a viewer without
widgets) and the widget after it; where the widget draws, its script hides the picture.
Notebook 7 renders a widget before attaching it to the page, so a script that looked for
the picture only when rendered left it above the live chart: every chart showed twice.
(In Notebook 7 the widget also sits in an output panel of its own, whose sibling is the
prompt, not the picture.) Here a dashboard notebook is Run All in a real Notebook 7 (free
port, a token, temp config and runtime dirs, nothing off the local server), and after
every chart is drawn each figure shows exactly one visible chart: its live canvas, the
picture hidden. In JupyterLab the same is checked for every shipped notebook by
tests/notebooks/test_jupyterlab.py (`check_shown_once`), which runs them there anyway."""

from __future__ import annotations

import json
import shutil

import pytest
from shared import CHARTS_SHOWN_JS, SCREENSHOTS, jupyter_server

pytestmark = pytest.mark.slow

NOTEBOOK = "01_statewide_compliance.ipynb"
CHARTS = 7  # its live charts


# (front end, its server module, its app's class for `expose_app_in_browser`, its URL path)
FRONT_ENDS = {
    "notebook7": ("notebook", "JupyterNotebookApp", "notebooks"),
}


@pytest.fixture(scope="module", params=list(FRONT_ENDS))
def notebook_server(request, tmp_path_factory):
    """`jupyter notebook` (Notebook 7) serving a copy of a shipped dashboard notebook:
    (front end, url of the notebook's page, token)."""
    module, app, path = FRONT_ENDS[request.param]
    if module == "notebook":
        pytest.importorskip("notebook", minversion="7")
    from tdceu_analysis._paths import notebooks_folder

    base = tmp_path_factory.mktemp("notebook7")
    root = base / "notebooks"
    root.mkdir()
    shutil.copy(notebooks_folder() / NOTEBOOK, root / NOTEBOOK)
    with jupyter_server(module, base, root, f"--{app}.expose_app_in_browser=True") as (url, token):
        yield request.param, f"{url}/{path}/{NOTEBOOK}?token={token}", url


# Per chart output of the page: its static picture (shown or not) and its live chart, and
# the outputs that say a cell or a chart failed.
CHARTS_JS = f"""() => ({{
  ...({CHARTS_SHOWN_JS})(),
  errors: [...document.querySelectorAll('.jp-OutputArea-output')]
    .map((o) => o.textContent)
    .filter((t) => /Traceback|Error displaying widget|Cannot draw this chart/.test(t)),
}})"""

KERNEL_IDLE_JS = """() => {
  const panel = window.jupyterapp && jupyterapp.shell.currentWidget;
  return !!panel && panel.sessionContext?.session?.kernel?.status === 'idle';
}"""

RUN_ALL_DONE_JS = """() => {
  const panel = jupyterapp.shell.currentWidget;
  const cells = panel.content.widgets.map((c) => c.model).filter((c) => c.type === 'code');
  return panel.sessionContext.session.kernel.status === 'idle'
    && cells.every((c) => c.executionState !== 'running')
    && cells.every((c) => c.executionCount !== null || c.sharedModel.getSource().trim() === '');
}"""


def test_every_chart_shows_once(notebook_server, browser):
    front_end, address, url = notebook_server
    blocked: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 1000})

    def route(request_route) -> None:
        if request_route.request.url.startswith(url + "/"):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    try:
        page = context.new_page()
        page.goto(address)
        page.wait_for_function(KERNEL_IDLE_JS, timeout=120_000)
        if front_end == "notebook7":
            assert "/notebooks/" in page.url and "/lab" not in page.url  # not Lab
        page.evaluate("() => jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(RUN_ALL_DONE_JS, timeout=300_000, polling=200)
        # every chart's widget rendered and drawn (it hides its picture when it draws)
        page.wait_for_function(
            f"() => {{ const c = ({CHARTS_JS})(); return c.pictures === {CHARTS}"
            " && c.live === c.pictures && c.liveDrawn === c.live; }",
            timeout=60_000,
            polling=100,
        )
        charts = page.evaluate(CHARTS_JS)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{front_end}-charts-once.png"))
    finally:
        context.close()
    assert blocked == [], f"requests off the local server: {blocked[:5]}"
    assert charts["errors"] == [], charts["errors"]
    assert charts["live"] == CHARTS, json.dumps(charts)  # page 01's charts, each drawn
    assert charts["liveDrawn"] == charts["live"]
    # one picture per chart was displayed (for a viewer without widgets) and none shows
    assert charts["pictures"] == charts["live"]
    assert charts["picturesShown"] == 0, json.dumps(charts)
