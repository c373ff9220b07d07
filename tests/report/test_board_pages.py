"""The board pack's pages read as a board member reads them (issue 21), in chromium at
1280 px with the network blocked, and its PDF packet read with pypdf: on the one
every-year build of the session (tests/conftest.py `every_year_build`, as of 2026-11-28:
FY25 and FY26 closed, FY27 open) and the public build (`redacted_build`)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest
from redaction import pdf_page_texts
from shared import AS_OF

from tdceu_analysis._paths import sample_folder
from tdceu_analysis.evaluate import evaluate
from tdceu_analysis.io.load import load_folder
from tdceu_analysis.report.packet import PACKET_NAME

pytestmark = pytest.mark.slow

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots" / "board"
WIDTH = 1280
YEARS = ("FY25", "FY26", "FY27")
PAGES = (
    "01_statewide_compliance",
    "02_strand_coverage",
    "03_at_risk",
    "04_director_ledger",
    "05_policy_what_if",
)


@pytest.fixture(scope="module")
def evaluations():
    data = load_folder(sample_folder())
    as_of = dt.date.fromisoformat(AS_OF)
    return {fy: evaluate(data, fy, as_of) for fy in (2025, 2026, 2027)}


def _load(context, out: Path, name: str):
    """Page `name` of the build in `context`, the network blocked (its own record of the
    requests it made and the errors it threw); once its charts and tables are ready."""
    requests: list[str] = []

    def route(route):
        requests.append(route.request.url)
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            route.abort()

    page = context.new_page()
    page.route("**/*", route)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((out / name).as_uri())
    page.wait_for_selector("body[data-tdceu-ready]", timeout=60_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-tdceu-table]')]"
        ".every(box => box.hasAttribute('data-tdceu-ready'))"
    )
    page.errors = errors  # type: ignore[attr-defined]
    page.requests = requests  # type: ignore[attr-defined]
    return page


def _context(browser, downloads: bool = False):
    return browser.new_context(viewport={"width": WIDTH, "height": 900}, accept_downloads=downloads)


@pytest.fixture()
def open_page(browser, every_year_build):
    """Open a page of the pack at 1280 x 900, the network blocked; wait for its charts
    and tables: a fresh page of the test's own, for a test that clicks, picks or types.
    Every page opened is closed after the test."""
    out, _ = every_year_build
    contexts = []

    def opened(name: str, downloads: bool = False):
        context = _context(browser, downloads)
        contexts.append(context)
        return _load(context, out, name)

    yield opened
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def read_page(browser, every_year_build):
    """A page of the pack as `open_page` opens it (in a context of its own), loaded once
    for this module and shared by the tests that only read it: each chromium load of a
    page of charts costs seconds of CPU. A test that takes it must leave the page as it
    found it: no pick, no typing; a table of numbers it opens it closes again."""
    out, _ = every_year_build
    contexts = []
    pages: dict[str, object] = {}

    def opened(name: str):
        if name not in pages:
            context = _context(browser)
            contexts.append(context)
            pages[name] = _load(context, out, name)
        return pages[name]

    yield opened
    for context in contexts:
        context.close()


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _text(page) -> str:
    return page.inner_text("body")


def _heads(page) -> list[str]:
    return page.locator("[data-tdceu-table] thead th").evaluate_all(
        "ths => ths.map(th => th.textContent.trim())"
    )


# ---------------------------------------------------------------------------
# Tables at 1280 px: the reason is read without scrolling sideways
# ---------------------------------------------------------------------------

WHY_VISIBLE = """(box) => {
  const wrap = box.querySelector('.tdceu-table-wrap');
  const heads = [...box.querySelectorAll('thead th')];
  const right = Math.max(...heads.map(th => th.getBoundingClientRect().right));
  const rows = [...box.querySelectorAll('tbody tr')].map(tr => {
    const cells = [...tr.cells].map(td => {
      const range = document.createRange(); range.selectNodeContents(td);
      return range.getBoundingClientRect().height;
    });
    return tr.getBoundingClientRect().height - Math.max(...cells);
  });
  return {scroll: wrap.scrollWidth - wrap.clientWidth, right: right,
          viewport: window.innerWidth, gap: Math.max(...rows)};
}"""


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("FY27/03_at_risk.html", ("CTO Academy", "Why")),
        ("FY26/03_at_risk.html", ("Why",)),
        ("FY26/04_director_ledger.html", ("Reason", "Why")),
    ],
)
def test_the_reason_shows_at_1280_px_without_sideways_scrolling(read_page, name, columns):
    page = read_page(name)
    heads = _heads(page)
    assert all(column in heads for column in columns), heads
    seen = page.locator("[data-tdceu-table]").evaluate(WHY_VISIBLE)
    assert seen["scroll"] <= 1 and seen["right"] <= seen["viewport"], seen
    assert seen["gap"] < 14, seen  # a row is as tall as its text, no tall empty band
    _shot(page, name.replace("/", "-").removesuffix(".html"))


# ---------------------------------------------------------------------------
# Pickers: every director in every year; tiles follow the region
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_page_04_offers_every_director_in_scope(read_page, evaluations, year):
    page = read_page(f"{year}/04_director_ledger.html")
    options = page.locator(".vega-bindings select").first.locator("option")
    in_scope = evaluations[2000 + int(year[2:])].summary.height
    assert options.count() == in_scope > 100


def test_page_01s_tiles_follow_the_region_pick(open_page, evaluations):
    page = open_page("FY26/01_statewide_compliance.html")
    tiles = page.locator(".tdceu-tiles:visible")
    assert (
        tiles.count() == 1
        and "Statewide, FY26" in page.locator(".tdceu-caption:visible").first.inner_text()
    )
    region = page.locator(".vega-bindings select").first
    choice = region.locator("option").all_text_contents()[3]
    region.select_option(label=choice)
    caption = page.locator(".tdceu-tiles:visible + .tdceu-caption")
    expect_text(caption, f"{choice}, FY26")
    summary = evaluations[2026].summary.filter(pl.col("region") == choice)
    first = page.locator(".tdceu-tiles:visible .tdceu-tile").first
    assert first.locator(".tdceu-value").inner_text() == str(summary.height)
    met = summary.filter(pl.col("status") == "met").height
    assert (
        page.locator(".tdceu-tiles:visible .tdceu-tile").nth(1).inner_text().startswith(f"{met} (")
    )


def expect_attribute(locator, name: str, value: str) -> None:
    from playwright.sync_api import expect

    expect(locator).to_have_attribute(name, value)


def expect_text(locator, text: str) -> None:
    from playwright.sync_api import expect

    expect(locator).to_have_text(re.compile(re.escape(text)))


# ---------------------------------------------------------------------------
# Words: closed years speak as closed, no rule numbers or codes anywhere
# ---------------------------------------------------------------------------

OPEN_WORDS = ("so far", "would then meet", "no counted hour yet", "At risk", "not yet met")


@pytest.mark.parametrize("year", ("FY25", "FY26"))
def test_a_closed_years_pages_say_what_happened(read_page, year):
    for name in (
        "01_statewide_compliance",
        "02_strand_coverage",
        "03_at_risk",
        "04_director_ledger",
    ):
        page = read_page(f"{year}/{name}.html")
        text = _text(page)
        for words in OPEN_WORDS:
            assert words not in text, (name, words)
    page = read_page(f"{year}/03_at_risk.html")
    assert page.locator("h1").inner_text() == "Who did not meet"
    assert page.locator("[data-tdceu-table] input[type=checkbox]").count() == 0  # no switch
    statuses = page.locator("[data-tdceu-table] tbody tr td:nth-child(4)").all_inner_texts()
    assert statuses and all(status.startswith("Not met") for status in statuses)
    assert "with why" in _text(page)


JARGON = (
    "rules.md",
    "Rule R",
    "true -> false",
    "-> false",
    "see tdceu evaluate",
    "district-strand cells",
    "adds 1/k",
    "strict-in-person",
    "alet-minimum-4",
    "T00:00:00",
)


def test_no_page_says_a_word_a_board_member_does_not_know(read_page):
    names = ["00_summary.html", *(f"FY26/{name}.html" for name in PAGES)]
    for name in names:
        page = read_page(name)
        opened = []
        for box in page.locator("details.tdceu-numbers").all():  # every chart's numbers too
            if box.is_visible():  # (page 05: the scenarios not picked are hidden blocks)
                box.locator("summary").click()
                opened.append(box)
        # what a reader sees, and the text of the blocks another pick would show
        hidden_too = (
            "() => { const c = document.body.cloneNode(true);"
            " c.querySelectorAll('script, style').forEach(e => e.remove());"
            " return c.textContent; }"
        )
        text = _text(page) + page.evaluate(hidden_too)
        for words in JARGON:
            assert words not in text, (name, words)
        heads = page.locator("details.tdceu-numbers th").all_inner_texts()
        assert opened and heads  # the tables of numbers were filled and read
        for box in opened:  # the shared page as it was: every table of numbers closed
            box.locator("summary").click()
        assert not {"order", "stack", "label", "rank", "Hours_end", "Row", "scope"} & set(heads)


def test_the_what_if_page_names_scenarios_by_their_title(read_page):
    page = read_page("FY26/05_policy_what_if.html")
    text = _text(page)
    assert "What if: " in text
    assert "Only in-person hours count" in text  # strict-in-person.toml's description


def test_the_what_if_page_switches_scenarios_offline(open_page, every_year_build):
    """Every shipped scenario is on the page: the select offers each by its file's title,
    and picking another shows that scenario's title, policy change and counts."""
    from tdceu_analysis.figures.whatif import scenario_title
    from tdceu_analysis.whatif.scenario import load_scenario, shipped_scenarios

    page = open_page("FY26/05_policy_what_if.html")
    select = page.locator("select[data-tdceu-select]")
    titles = {
        name: scenario_title(load_scenario(path).description, name)
        for name, path in shipped_scenarios().items()
    }
    assert sorted(select.locator("option").all_inner_texts()) == sorted(titles.values())
    shown_first = select.evaluate("s => s.options[s.selectedIndex].text")
    card = page.locator(".tdceu-scenario:visible").first
    assert f"What if: {shown_first}" in card.inner_text()

    select.select_option(label=titles["external-cap-8"])
    text = _text(page)
    assert "What if: External events count up to 8 hours a year" in text
    assert f"What if: {shown_first}" not in text
    assert "6 hours → 8 hours" in text  # the cap this scenario changes, in words
    # the charts of the scenario picked are drawn and named by their takeaway
    charts = page.locator(".tdceu-scenario:visible .tdceu-chart svg")
    assert charts.count() == 4
    assert all(charts.nth(i).get_attribute("aria-label") for i in range(4))
    hidden = page.locator('.tdceu-scenario[data-tdceu-scope="strict-in-person"]')
    assert hidden.count() and all(not hidden.nth(i).is_visible() for i in range(hidden.count()))
    assert page.errors == []  # type: ignore[attr-defined]
    assert {url.split(":")[0] for url in page.requests} <= {"file", "data", "blob"}  # type: ignore[attr-defined]
    _shot(page, "FY26-05-external-cap-8")
    out, _ = every_year_build
    assert (out / "FY26" / "05_policy_what_if.html").stat().st_size < 3_000_000


# ---------------------------------------------------------------------------
# Who left during the year; CTO Academy labels agree with their title
# ---------------------------------------------------------------------------


def test_who_left_says_so_and_comes_after_those_who_can_act(open_page):
    page = open_page("FY27/03_at_risk.html")
    page.locator("[data-tdceu-table] input[type=checkbox]").check()  # everyone not yet met
    statuses = page.locator("[data-tdceu-table] tbody tr td:nth-child(4)").all_inner_texts()
    left = [
        i for i, status in enumerate(statuses) if re.search(r", left \d{4}-\d{2}-\d{2}", status)
    ]
    assert left, statuses
    assert left == list(range(len(statuses) - len(left), len(statuses)))  # last, together
    column = _heads(page).index("CTO Academy") + 1
    cto = page.locator(f"[data-tdceu-table] tbody tr td:nth-child({column})").all_inner_texts()
    assert all(cto[i] == "no clock (left the role)" for i in left)


def test_cto_academy_labels_agree_with_the_title(read_page):
    for name in ("FY27/03_at_risk.html", "FY26/03_at_risk.html"):
        page = read_page(name)
        chart = page.locator(".tdceu-chart").nth(1)
        title = chart.locator(".role-title-text").first.text_content()
        due = int(re.search(r"and (\d+) due within (\d+) months", title).group(1))
        months = int(re.search(r"due within (\d+) months", title).group(1))
        labels = chart.locator(".mark-text text").evaluate_all(
            "texts => texts.map(t => t.textContent)"
        )
        left = [int(m.group(1)) for label in labels if (m := re.match(r"(\d+) mo left", label))]
        assert left and sum(n <= months for n in left) == due, (title, labels)


# ---------------------------------------------------------------------------
# DataTables: sort from anywhere in the heading, CSV of what is shown, offline
# ---------------------------------------------------------------------------


def test_a_table_sorts_from_its_whole_heading_and_downloads_what_is_shown(open_page, tmp_path):
    page = open_page("FY27/03_at_risk.html", downloads=True)
    box = page.locator("[data-tdceu-table]")
    heads = _heads(page)
    hours = heads.index("Hours needed")
    cell = box.locator("thead th").nth(hours)
    size = cell.bounding_box()
    corner = {"x": 3, "y": size["height"] - 3}  # the cell's corner, not its word
    cell.click(position=corner)
    expect_attribute(cell, "aria-sort", "ascending")
    cell.click(position=corner)
    expect_attribute(cell, "aria-sort", "descending")
    rows = box.locator("tbody tr")
    needed = [
        float(t) for t in rows.evaluate_all(f"rs => rs.map(r => r.cells[{hours}].textContent)")
    ]
    assert needed == sorted(needed, reverse=True)
    region = rows.first.locator("td").nth(2).inner_text()
    box.get_by_label("Search").fill(region)
    shown = rows.count()
    with page.expect_download() as info:
        box.get_by_role("button", name="Download CSV").click()
    path = tmp_path / "shown.csv"
    info.value.save_as(path)
    assert info.value.suggested_filename == "at-risk-FY27.csv"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as io.write's files
    lines = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert lines[0] == heads and len(lines) == shown + 1
    assert all(region in line for line in lines[1:])
    with page.expect_download() as info:
        box.get_by_role("button", name="Download XLSX").click()
    assert info.value.suggested_filename == "at-risk-FY27.xlsx"
    assert page.errors == []  # type: ignore[attr-defined]
    assert {url.split(":")[0] for url in page.requests} <= {"file", "data", "blob"}  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------
# The PDF packet
# ---------------------------------------------------------------------------


def _outline(reader, items=None, depth=0):
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            yield from _outline(reader, item, depth + 1)
        else:
            yield depth, item.title, reader.get_destination_page_number(item)


def test_the_packets_links_bookmarks_and_page_numbers(every_year_build):
    from pypdf import PdfReader

    out, _ = every_year_build
    reader = PdfReader(out / PACKET_NAME)
    pages = len(reader.pages)
    # the summary's links to the detail pages are live: each goes to its page's first page
    links = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    targets = [str(link.get("/Dest")) for link in links if link.get("/Subtype") == "/Link"]
    assert len(targets) == len(YEARS) * 4, targets  # pages 01-04 of each year
    named = reader.named_destinations
    for target in targets:
        assert target in named and reader.get_destination_page_number(named[target]) > 0
    # one bookmark a page, named with its year; no table row is a bookmark
    top = [(title, number) for depth, title, number in _outline(reader) if depth == 0]
    assert top[0] == ("Board summary", 0)
    assert all(re.match(r"FY\d\d: ", title) for title, _ in top[1:]), top
    assert len(top) == 1 + len(YEARS) * 4
    names = set(load_folder(sample_folder()).directors.get_column("name"))
    assert not {title for _, title, _ in _outline(reader)} & names
    texts = pdf_page_texts(out / PACKET_NAME)  # (extracted once per process, see redaction)
    assert all(f"Page {i + 1} of {pages}" in text for i, text in enumerate(texts))
    assert not any("loads nothing from the network" in text for text in texts)


# ---------------------------------------------------------------------------
# The public build
# ---------------------------------------------------------------------------


def test_a_public_build_shows_no_district_and_no_one_director(redacted_build):
    out, _ = redacted_build
    districts = load_folder(sample_folder()).districts
    names = [n for n in districts.get_column("district_name").to_list() if len(n) > 6]
    pages = sorted(out.rglob("*.html"))
    assert pages and not [p for p in pages if p.stem.startswith(("03_", "04_"))]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        found = [name for name in names if name in text]
        assert found == [], (page.name, found[:5])
        assert not re.search(r"Director \d+", text), page  # no pseudonymous row either
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "state and region figures only" in index


# ---------------------------------------------------------------------------
# One colour per fiscal year on every page
# ---------------------------------------------------------------------------


def year_colors(spec) -> list[tuple[str, str]]:
    """(year label, colour) of every colour scale on a "Year" field in `spec`."""
    found = []
    if isinstance(spec, dict):
        color = spec.get("color")
        if isinstance(color, dict) and color.get("field") == "Year" and "scale" in color:
            scale = color["scale"]
            found += list(zip(scale["domain"], scale["range"], strict=True))
        for value in spec.values():
            found += year_colors(value)
    elif isinstance(spec, list):
        for value in spec:
            found += year_colors(value)
    return found


def test_a_year_has_one_colour_on_every_page(every_year_build):
    """Every chart of the build that colours by year (01's monthly lines in each year, the
    summary's met share) gives a year the same colour."""
    from tdceu_analysis.report.html_export import chart_specs

    out, _ = every_year_build
    seen: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(out.glob("**/*.html")):
        for _, spec in chart_specs(path.read_text(encoding="utf-8")):
            for year, color in year_colors(spec):
                year = year.split()[0]  # the open year's line: "FY27 to 2026-11-28"
                seen.setdefault(year, set()).add((color, str(path.relative_to(out))))
    assert set(seen) == set(YEARS)
    pages = {page for places in seen.values() for _, page in places}
    assert (
        "00_summary.html" in pages and {f"{y}/01_statewide_compliance.html" for y in YEARS} <= pages
    )
    for year, places in seen.items():
        assert len({color for color, _ in places}) == 1, (year, sorted(places))
    assert len({next(iter(places))[0] for places in seen.values()}) == len(YEARS)
