"""axe-core on every page of the session's every-year build of the sample (tests/conftest.py),
in headless Chromium, offline.

axe-core comes from the axe-playwright-python package (its axe.min.js ships in the
wheel; nothing is fetched at run time) and runs in Debian's /usr/bin/chromium with
every request that is not a local file aborted. The WCAG 2.1 A and AA rules run
(the tags below); a violation is reported as rule id, page and element.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

pytestmark = pytest.mark.slow

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
GENERIC_CHART_NAMES = {"", "vega visualization"}
# each chart's accessible name: its own label, its labelled-by text, its SVG's or image's
CHART_NAMES = """charts => charts.map(c => {
  const byId = id => (document.getElementById(id) || {}).textContent || "";
  const named = c.querySelector("[aria-label], [aria-labelledby], img[alt]");
  const label = e => e && (e.getAttribute("aria-label")
    || (e.getAttribute("aria-labelledby") || "").split(" ").map(byId).join(" ").trim()
    || e.getAttribute("alt"));
  return label(c) || label(named) || "";
})"""


@pytest.fixture(scope="module")
def axe():
    module = pytest.importorskip("axe_playwright_python.sync_playwright")
    return module.Axe()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def reachable_pages(index: Path) -> list[Path]:
    """The index and every local HTML page reachable from it by links, in link order."""
    seen: list[Path] = []
    todo = [index.resolve()]
    while todo:
        page = todo.pop(0)
        if page in seen or not page.is_file():
            continue
        seen.append(page)
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            url = urlparse(href)
            if url.scheme or url.netloc or not url.path.endswith(".html"):
                continue
            todo.append((page.parent / unquote(url.path)).resolve())
    return seen


def _offline(route) -> None:
    if route.request.url.startswith(("file:", "data:")):
        route.continue_()
    else:
        route.abort()


def open_offline(browser, path: Path):
    """A page opened with every non-local request aborted, its charts drawn."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.route("**/*", _offline)
    page.goto(path.as_uri())
    if page.locator(".tdceu-spec").count():
        page.wait_for_selector("body[data-tdceu-ready], body[data-tdceu-failed]", timeout=30000)
    return context, page


def violations(axe, page, name: str) -> list[str]:
    """'rule id | page | element target' for every WCAG 2.1 A/AA violation axe finds."""
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    result = axe.run(page, options=options).response
    return [
        f"{v['id']} | {name} | {' '.join(map(str, node['target']))}"
        for v in result["violations"]
        for node in v["nodes"]
    ]


@pytest.fixture(scope="module")
def built(every_year_build) -> Path:
    """The session's every-year build (every page of every year, the summary, the index)."""
    return every_year_build[0]


@pytest.fixture(scope="module")
def audit(built, browser, axe):
    """Per page reachable from the index: its axe violations and its charts' accessible names."""
    found = {}
    for path in reachable_pages(built / "index.html"):
        context, page = open_offline(browser, path)
        try:
            names = page.eval_on_selector_all(".tdceu-chart", CHART_NAMES)
            name = path.relative_to(built).as_posix()
            found[name] = (violations(axe, page, name), names)
        finally:
            context.close()
    return found


def test_the_harness_finds_a_planted_violation_and_passes_a_clean_page(tmp_path, browser, axe):
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>',
        encoding="utf-8",
    )
    good = tmp_path / "good.html"
    good.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>'
        '<h1>Fine</h1><img alt="a dot" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        "</main></body></html>",
        encoding="utf-8",
    )
    for path, expected in ((bad, ["image-alt | bad.html | img"]), (good, [])):
        context, page = open_offline(browser, path)
        try:
            assert violations(axe, page, path.name) == expected
        finally:
            context.close()


def test_every_page_is_reached_from_the_index(audit, built):
    built_pages = {p.relative_to(built).as_posix() for p in built.rglob("*.html")}
    assert set(audit) == built_pages
    assert len(built_pages) >= 6  # the index and the five pages
    for year in ("FY25", "FY26", "FY27"):  # every year of the sample, from one index
        assert {f"{year}/0{n}" for n in range(1, 6)} <= {p[:7] for p in built_pages}, year
    assert "00_summary.html" in built_pages


def test_axe_finds_no_wcag_21_aa_violation_on_any_page(audit):
    found = [line for _, (lines, _) in sorted(audit.items()) for line in lines]
    assert found == [], "\n".join(found)


def test_every_chart_has_a_name_that_is_not_generic(audit):
    generic = {
        name: [label for label in labels if label.strip().lower() in GENERIC_CHART_NAMES]
        for name, (_, labels) in audit.items()
    }
    assert sum(len(labels) for _, labels in audit.values()) > 0
    assert {name: labels for name, labels in generic.items() if labels} == {}
