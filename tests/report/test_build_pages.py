"""`tdceu build` on the shipped sample, end to end, and every page in headless Chromium.

The data is `xss_sample` (tests/conftest.py): a copy of the shipped sample where two
directors are renamed `<img src=x onerror=alert(1)>`: the most urgent one (the director
page shows them) and one on a CTO Academy clock (a tooltip shows them); a third director
behind the pace is named like a spreadsheet formula (the downloads must neutralise it).
The pages are the session's `one_year_build`; screenshots go to test-artifacts/screenshots/.
"""

import csv
import datetime as dt
import io
import re
from html import unescape
from pathlib import Path

import pytest
from shared import AS_OF, FORMULA, SCREENSHOTS, XSS

from tdceu_analysis import __version__

pytestmark = pytest.mark.slow


def pages(out):
    return sorted(p for p in out.glob("[0-9][0-9]_*.html"))


def test_build_writes_a_page_per_notebook_and_an_index(one_year_build):
    out, result = one_year_build
    names = [p.name for p in pages(out)]
    assert names[:4] == [
        "01_statewide_compliance.html",
        "02_strand_coverage.html",
        "03_at_risk.html",
        "04_director_ledger.html",
    ]
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in names:
        assert f'href="{name}"' in index
    assert "tdceu build" in result.stderr  # the progress bar went to stderr
    assert "built in" in result.stdout


def test_every_chart_is_also_a_png_and_an_svg(one_year_build):
    out, _ = one_year_build
    for page in pages(out):
        charts = page.read_text(encoding="utf-8").count('class="tdceu-spec"')
        folder = out / "figures" / page.stem
        assert charts > 0 and len(list(folder.glob("*.svg"))) == charts, page.name
        for png in folder.glob("*.png"):
            assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        for svg in folder.glob("*.svg"):
            assert svg.read_text(encoding="utf-8").startswith("<svg")


def test_pages_say_year_date_folder_build_time_and_version_and_show_no_code(
    one_year_build, xss_sample
):
    out, _ = one_year_build
    for page in [*pages(out), out / "index.html"]:
        text = page.read_text(encoding="utf-8")
        assert "FY27" in text and AS_OF in text, page.name
        # the data folder by its own name: no machine path on a page (issue 14)
        assert xss_sample.name in text and str(xss_sample) not in text, page.name
        assert re.search(r"Built.{0,40}\d{4}-\d\d-\d\d \d\d:\d\d UTC", text, re.S), page.name
        assert f"tdceu-analysis {__version__}" in text, page.name
        for code in ("board.show", "import ", "Board(", "jp-InputArea-editor", "In&nbsp;["):
            assert code not in text, (page.name, code)


def test_pages_load_nothing_from_the_network(one_year_build):
    out, _ = one_year_build
    for page in [*pages(out), out / "index.html"]:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"']?(https?:)?//", text)
        # (outside the inline scripts: jQuery's own source mentions "<link" as text)
        markup = re.sub(r"<script\b[^>]*>.*?</script>", "", text, flags=re.DOTALL)
        assert "<link" not in markup and "require.js" not in text.lower()
        assert "mathjax" not in markup.lower()
        # (nbconvert re-serialises the page, so the attributes may come in any order)
        policy = re.search(r'<meta[^>]*http-equiv="Content-Security-Policy"[^>]*>', text)
        assert policy and "content=\"default-src 'none';" in unescape(policy.group(0)), page.name


def test_names_from_data_are_escaped_everywhere(one_year_build):
    out, _ = one_year_build
    for page in pages(out):
        text = page.read_text(encoding="utf-8")
        assert XSS not in text, page.name
    assert "&lt;img src=x onerror=alert(1)&gt;" in (out / "04_director_ledger.html").read_text()
    assert "&lt;img src=x onerror=alert(1)&gt;" in (out / "03_at_risk.html").read_text()


def test_pages_stay_small(one_year_build):
    out, _ = one_year_build
    for page in pages(out):
        # about 0.9 MB of it is vega itself, once per page
        assert page.stat().st_size < 2_500_000, (page.name, page.stat().st_size)


# ---------------------------------------------------------------------------
# In the browser, offline
# ---------------------------------------------------------------------------


class Visit:
    """One page opened offline: console messages, requests, dialogs recorded."""

    def __init__(self, browser, path, charts=True):
        self.context = browser.new_context(viewport={"width": 1100, "height": 900})
        self.page = self.context.new_page()
        self.console, self.requests, self.dialogs, self.errors = [], [], [], []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        if charts:
            ready = "body[data-tdceu-ready], body[data-tdceu-failed]"
            self.page.wait_for_selector(ready, timeout=30000)

    def _route(self, route):
        self.requests.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    def chart_svg(self, index):
        return self.page.locator(".tdceu-chart").nth(index).locator("svg.marks").inner_html()

    def close(self):
        self.context.close()


def expect(target):
    """Playwright's expect, which waits for its condition (playwright is optional, as above)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


# A chart counts as redrawn when its svg differs from what it was (indexes of .tdceu-chart).
CHARTS_CHANGED = """([before, wanted]) => {
    const charts = [...document.querySelectorAll(".tdceu-chart")];
    const changed = before.filter((svg, i) => {
        const marks = charts[i] && charts[i].querySelector("svg.marks");
        return marks && marks.innerHTML !== svg;
    });
    return changed.length >= wanted;
}"""


@pytest.fixture(scope="module")
def visits(one_year_build, browser):
    out, _ = one_year_build
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    opened = {}
    for path in [*pages(out), out / "index.html"]:
        visit = Visit(browser, path, charts=path.name != "index.html")
        visit.page.screenshot(path=str(SCREENSHOTS / f"{path.stem}.png"), full_page=True)
        opened[path.name] = visit
    yield opened
    for visit in opened.values():
        visit.close()


def test_the_index_links_every_page_and_loads_nothing(visits, one_year_build):
    out, _ = one_year_build
    visit = visits["index.html"]
    links = visit.page.locator("a.tdceu-page-link")
    assert links.count() == len(pages(out))
    assert visit.console == [] and visit.errors == []
    assert {url.split(":")[0] for url in visit.requests} == {"file"}


def test_every_chart_renders_offline_without_errors(visits, one_year_build):
    out, _ = one_year_build
    for name, visit in visits.items():
        if name == "index.html":
            continue
        blocks = (out / name).read_text(encoding="utf-8").count('class="tdceu-spec"')
        page = visit.page
        assert page.get_attribute("body", "data-tdceu-failed") is None, name
        assert page.get_attribute("body", "data-tdceu-ready") == str(blocks), name
        assert page.locator(".tdceu-chart svg.marks").count() == blocks, name
        assert page.locator(".tdceu-chart .mark-rect, .tdceu-chart .mark-line").count() > 0
        assert [m for m in visit.console if m[0] in ("error", "warning")] == [], name
        assert visit.errors == [] and visit.dialogs == [], name
        assert {url.split(":")[0] for url in visit.requests} == {"file"}, name


def test_changing_the_region_changes_every_chart_that_follows_it(visits):
    visit = visits["01_statewide_compliance.html"]
    page = visit.page
    selects = page.locator(".tdceu-chart .vega-bindings select")
    assert selects.count() >= 5
    before = [visit.chart_svg(i) for i in range(page.locator(".tdceu-chart").count())]
    options = selects.first.locator("option").all_text_contents()
    assert options[0] == "All regions" and len(options) > 5
    selects.first.select_option(label=options[1])
    page.wait_for_function(CHARTS_CHANGED, arg=[before, selects.count()])
    expect(page.locator(".tdceu-chart").first.locator(".role-title-text").first).to_have_text(
        re.compile("^" + re.escape(options[1]) + ":")
    )
    after = [visit.chart_svg(i) for i in range(len(before))]
    assert after[0] != before[0]  # the chart whose box was changed
    # every other chart with a region box follows, and its box says the same
    for i in range(selects.count()):
        assert selects.nth(i).input_value() == options[1]
    assert sum(a != b for a, b in zip(before, after, strict=True)) == selects.count()
    title = page.locator(".tdceu-chart").first.locator(".role-title-text").first.text_content()
    assert title.startswith(options[1] + ":")


def test_the_at_risk_list_follows_the_region_box(visits):
    page = visits["03_at_risk.html"].page
    switch = page.locator(".tdceu-table-switch")
    switch.check()  # everyone not yet met: every row of the region box's scope
    rows = page.locator("tr[data-tdceu-scope]")
    total = rows.count()
    assert total > 10 and page.locator("tr[data-tdceu-scope]:visible").count() == total
    region = page.locator(".vega-bindings select").first
    choice = region.locator("option").all_text_contents()[2]
    region.select_option(label=choice)
    in_region = page.locator(f'tr[data-tdceu-scope="{choice}"]').count()
    expect(page.locator("tr[data-tdceu-scope]:visible")).to_have_count(in_region)
    shown = page.locator("tr[data-tdceu-scope]:visible")
    assert 0 < shown.count() < total
    assert set(shown.evaluate_all("rows => rows.map(r => r.dataset.tdceuScope)")) == {choice}
    region.select_option(label="All regions")
    expect(page.locator("tr[data-tdceu-scope]:visible")).to_have_count(total)
    assert page.locator("tr[data-tdceu-scope]:visible").count() == total
    switch.uncheck()


def test_a_name_made_of_html_shows_as_text(visits):
    for name in ("03_at_risk.html", "04_director_ledger.html"):
        page = visits[name].page
        assert XSS in page.inner_text("main"), name
        assert page.locator('img[src="x"]').count() == 0
        assert visits[name].dialogs == []
    director = visits["04_director_ledger.html"].page
    options = director.locator(".vega-bindings select").first.locator("option").all_text_contents()
    assert any(XSS in option for option in options)


def test_tooltips_escape_names(visits):
    visit = visits["03_at_risk.html"]
    page = visit.page
    clocks = page.locator(".tdceu-chart").nth(1)
    bars = clocks.locator(".mark-rect path")
    # the bar whose data row is the director with an HTML name (vega keeps each mark's
    # scenegraph item, and so its row, on the svg element as __data__)
    index = bars.evaluate_all(
        """(paths, name) => paths.findIndex((p) => Object.values((p.__data__ || {}).datum || {})
            .some((value) => typeof value === "string" && value.includes(name)))""",
        XSS,
    )
    assert index >= 0, "no bar of the chart is the director with an HTML name"
    bars.nth(index).hover(force=True)
    tooltip = page.locator("#vg-tooltip-element")
    expect(tooltip).to_contain_text(XSS)  # waits for vega-tooltip to show this bar's row
    found = XSS in (tooltip.inner_text() or "")
    assert "&lt;img" in tooltip.inner_html()
    assert found, "no tooltip showed the director with an HTML name"
    assert page.locator('img[src="x"]').count() == 0 and visit.dialogs == []


def test_picking_a_director_changes_the_card_and_every_chart(visits):
    visit = visits["04_director_ledger.html"]
    page = visit.page
    charts = page.locator(".tdceu-chart").count()  # the ledger is a table now
    assert charts == 2
    before = [visit.chart_svg(i) for i in range(charts)]
    card = page.locator(".tdceu-card:visible h2").inner_text()
    select = page.locator(".vega-bindings select").first
    values = select.locator("option").evaluate_all("o => o.map(x => x.value)")
    box = page.locator("[data-tdceu-table]")
    with_records = set(box.evaluate(EVERY_SCOPE))
    other = next(v for v in values if v != select.input_value() and v in with_records)
    select.select_option(value=other)
    page.wait_for_function(CHARTS_CHANGED, arg=[before, charts])
    expect(page.locator(".tdceu-card:visible h2")).not_to_have_text(card)
    assert all(visit.chart_svg(i) != before[i] for i in range(charts))
    # the ledger table shows the picked director's records only
    ledger = page.locator("[data-tdceu-table] tbody tr:visible")
    scopes = ledger.evaluate_all("rows => rows.map(r => r.dataset.tdceuScope)")
    assert scopes and set(scopes) == {other}
    assert page.locator(".tdceu-card:visible").count() == 1
    assert page.locator(".tdceu-card:visible h2").inner_text() != card


# ---------------------------------------------------------------------------
# The usable tables of 03 and 04: sort, search, switch, download what is shown
# ---------------------------------------------------------------------------

# every row of a DataTable's box (it keeps the rows not shown out of the page)
EVERY_SCOPE = "box => box.tdceuRows.map(r => r.dataset.tdceuScope)"

SHOWN_ROWS = """(box) => [...box.querySelectorAll("tbody tr")]
    .filter((tr) => !tr.hidden && !tr.hasAttribute("data-tdceu-off"))
    .map((tr) => [...tr.cells].map((td) => td.textContent.trim()))"""


def shown(box):
    """The rows the reader sees in a usable table (cell texts, in the order shown)."""
    visible = box.locator("tbody tr:visible").count()
    rows = box.evaluate(SHOWN_ROWS)
    assert len(rows) == visible  # what the script calls shown is what is on screen
    return rows


def headings(box):
    return box.locator("thead th").evaluate_all("ths => ths.map(th => th.textContent.trim())")


def neutralised(text):
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def downloads(page, box):
    """(CSV rows, XLSX rows) downloaded from `box`, each with its heading row first."""
    files = {}
    for kind in ("CSV", "XLSX"):
        with page.expect_download() as info:
            box.get_by_role("button", name=f"Download {kind}").click()
        files[kind] = (info.value.suggested_filename, Path(info.value.path()))
    name, path = files["CSV"]
    assert name.endswith(".csv")
    text = path.read_text(encoding="utf-8-sig")
    csv_rows = list(csv.reader(text.splitlines()))
    openpyxl = pytest.importorskip("openpyxl")
    name, path = files["XLSX"]
    assert name.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active
    xlsx_rows = [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    return csv_rows, xlsx_rows


def _cell(value) -> str:
    """An XLSX cell as the page shows it (DataTables writes a YYYY-MM-DD text as a date)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return str(value)


def expected(box):
    return [headings(box)] + [[neutralised(cell) for cell in row] for row in shown(box)]


@pytest.fixture()
def fresh(browser, one_year_build):
    out, _ = one_year_build
    opened = []

    def open_page(name):
        visit = Visit(browser, out / name)
        opened.append(visit)
        return visit

    yield open_page
    for visit in opened:
        visit.close()


def test_the_at_risk_list_sorts_searches_switches_and_downloads_what_is_shown(fresh):
    visit = fresh("03_at_risk.html")
    page = visit.page
    box = page.locator("[data-tdceu-table]")
    assert box.count() == 1
    heads = headings(box)
    assert heads[:4] == ["Director", "District", "Region", "Status"]
    behind = shown(box)
    assert len(behind) > 10
    # (someone who left the role reads "At risk, left 2026-10-24")
    assert {row[3].split(", left ")[0] for row in behind} <= {"At risk", "Critical"}
    assert any(row[0] == FORMULA for row in behind)  # shown as it is, on the page
    # numbers right, text left
    cells = box.locator("tbody tr:visible").first.locator("td")
    hours = heads.index("Hours needed")
    assert cells.nth(hours).evaluate("td => getComputedStyle(td).textAlign") == "right"
    assert cells.nth(0).evaluate("td => getComputedStyle(td).textAlign") in ("left", "start")
    # the switch: everyone not yet met
    switch = box.get_by_label("Show everyone not yet met")
    switch.check()
    everyone = shown(box)
    assert len(everyone) > len(behind)
    assert {row[3] for row in everyone} - {"At risk", "Critical"}
    switch.uncheck()
    assert shown(box) == behind
    # sort by hours needed, most first
    sort = box.locator("thead th").nth(hours)  # DataTables: the whole heading sorts
    sort.click()
    expect(sort).to_have_attribute("aria-sort", "ascending")
    sort.click()
    expect(sort).to_have_attribute("aria-sort", "descending")
    assert box.locator("thead th").nth(hours).get_attribute("aria-sort") == "descending"
    needed = [float(row[hours]) for row in shown(box)]
    assert needed == sorted(needed, reverse=True) and needed[0] > needed[-1]
    # search a region: only its rows stay
    region = behind[0][2]
    box.get_by_label("Search").fill(region)
    found = shown(box)
    assert 0 < len(found) < len(behind)
    assert all(any(region.lower() in cell.lower() for cell in row) for row in found)
    box.get_by_label("Search").fill("")
    csv_rows, xlsx_rows = downloads(page, box)
    want = expected(box)
    assert csv_rows == want and xlsx_rows == want
    planted = [row for row in csv_rows if FORMULA in row[0]]
    assert [row[0] for row in planted] == ["'" + FORMULA]
    assert [row[0] for row in xlsx_rows if FORMULA in row[0]] == ["'" + FORMULA]
    # a search narrows the download too
    box.get_by_label("Search").fill(region)
    csv_rows, xlsx_rows = downloads(page, box)
    assert len(csv_rows) == len(found) + 1 and csv_rows == xlsx_rows == expected(box)
    assert visit.errors == [] and visit.dialogs == []
    assert {url.split(":")[0] for url in visit.requests} <= {"file", "blob"}


def test_the_ledger_is_a_table_that_sorts_searches_and_downloads(fresh):
    visit = fresh("04_director_ledger.html")
    page = visit.page
    box = page.locator("[data-tdceu-table]")
    heads = headings(box)
    assert heads == [
        "Date",
        "Event",
        "Category",
        "Delivery",
        "Strands",
        "Hours claimed",
        "Hours counted",
        "Reason",
        "Why",
    ]
    # the director with the most records, picked in the page's director box
    scopes = box.evaluate(EVERY_SCOPE)
    most = max(set(scopes), key=scopes.count)
    page.locator(".vega-bindings select").first.select_option(value=most)
    expect(box.locator("tbody tr:visible")).to_have_count(scopes.count(most))
    rows = shown(box)
    assert len(rows) > 1 and all(row[-1] for row in rows)  # every row says why
    assert not any("…" in row[1] for row in rows)  # full event names
    dates = [row[0] for row in rows]
    assert dates == sorted(dates)  # date order first
    box.locator("thead th").nth(0).click()
    expect(box.locator("thead th").nth(0)).to_have_attribute("aria-sort", "ascending")
    box.locator("thead th").nth(0).click()
    expect(box.locator("thead th").nth(0)).to_have_attribute("aria-sort", "descending")
    assert [row[0] for row in shown(box)] == sorted(dates, reverse=True)
    counted = heads.index("Hours counted")
    box.locator("thead th").nth(counted).click()
    # (read the rows once the table says it is sorted: the click's redraw may come later)
    expect(box.locator("thead th").nth(counted)).to_have_attribute("aria-sort", "ascending")
    values = [float(row[counted]) for row in shown(box)]
    assert values == sorted(values)
    event = rows[0][1]
    box.get_by_label("Search").fill(event)
    found = shown(box)
    assert found and all(row[1] == event or event in " ".join(row) for row in found)
    csv_rows, xlsx_rows = downloads(page, box)
    assert csv_rows == xlsx_rows == expected(box) and len(csv_rows) == len(found) + 1
    box.get_by_label("Search").fill("")
    csv_rows, xlsx_rows = downloads(page, box)
    assert csv_rows == xlsx_rows == expected(box) and len(csv_rows) == len(rows) + 1
    assert visit.errors == [] and visit.dialogs == []
