"""The board pack (issue 14): `tdceu build --pdf` on the shipped sample gives every year from
one index, a one-page summary and a PDF packet; `tdceu build --redact` holds no director's
name and no machine path in any file. Both are the session's builds (tests/conftest.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from redaction import director_names, pdf_page_texts, report, scan_build

from tdceu_analysis._paths import sample_folder
from tdceu_analysis.report.packet import PACKET_NAME

pytestmark = pytest.mark.slow

YEARS = ("FY25", "FY26", "FY27")
PAGES = (
    "01_statewide_compliance",
    "02_strand_coverage",
    "03_at_risk",
    "04_director_ledger",
    "05_policy_what_if",
    "06_director_statement",
)


def test_one_build_gives_every_year_and_the_index_leads_with_closed_and_current(every_year_build):
    out, result = every_year_build
    for year in YEARS:
        for name in PAGES:
            page = out / year / f"{name}.html"
            assert page.is_file(), page
            text = page.read_text(encoding="utf-8")
            assert "../index.html" in text  # back to the one index
        statewide = (out / year / "01_statewide_compliance.html").read_text(encoding="utf-8")
        start = {"FY25": "2024-10-01 to 2025-09-30", "FY26": "2025-10-01 to 2026-09-30"}
        if year in start:
            assert f"{year}: {start[year]}" in statewide
    index = (out / "index.html").read_text(encoding="utf-8")
    headings = [index.index(f'<h2 id="{year}">') for year in ("FY26", "FY27", "FY25")]
    assert headings == sorted(headings)  # last closed, current, then older
    assert index.index("00_summary.html") < headings[0]
    assert "FY26: 2025-10-01 to 2026-09-30 (closed): the last closed year" in index
    assert "FY27: 2026-10-01 to 2027-09-30 (open on 2026-11-28): the current year" in index
    assert "FY25, FY26, FY27 as of 2026-11-28" in result.stdout
    assert "/57" in result.stderr  # the progress bar counts every page of every year


def test_the_summary_says_each_takeaway_and_links_every_years_pages(every_year_build):
    out, _ = every_year_build
    text = (out / "00_summary.html").read_text(encoding="utf-8")
    assert "In FY26 (closed), " in text and "The share of directors who met " in text
    assert "In FY27 as of 2026-11-28, " in text and "least-served strands in FY26" in text
    assert "CTO Academy" in text
    for year in YEARS:
        for name in PAGES:
            assert f'href="{year}/{name}.html"' in text
    assert len(list((out / "figures" / "00_summary").glob("*.svg"))) == 4


def test_every_page_stays_under_three_megabytes_and_names_no_machine_path(every_year_build):
    out, _ = every_year_build
    pages = list(out.rglob("*.html"))
    assert len(pages) == 1 + 1 + len(YEARS) * len(PAGES)
    for page in pages:
        assert page.stat().st_size < 3_000_000, page
    findings = scan_build(out, sample_folder() / "directors.csv", kinds=("path",))
    assert findings == [], report(findings)


def _pdf(path: Path):
    from pypdf import PdfReader

    return PdfReader(path)


def test_the_packet_is_the_summary_on_one_page_then_every_page_numbered(every_year_build):
    out, result = every_year_build
    reader = _pdf(out / PACKET_NAME)
    texts = pdf_page_texts(out / PACKET_NAME)  # (also read by the scan: extracted once)
    assert "Board summary" in texts[0] and f"Page 1 of {len(texts)}" in texts[0]
    assert "Statewide compliance" in texts[1]  # the summary took exactly one page
    assert "FY26 · as of 2026-11-28 · data: the shipped sample" in texts[1]  # running header
    assert f"Page {len(texts)}" in texts[-1]
    # by default what a board reads: the summary and pages 01-04 of each year, no what-if
    assert not any("Policy what-if" in text for text in texts)
    for title in ("Statewide compliance", "Strand coverage", "One director's year"):
        assert sum(title in text for text in texts) >= len(YEARS), title
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (612, 792)  # Letter
    assert f"({len(texts)} pages" in result.stdout


def test_the_first_pdf_page_renders(every_year_build, tmp_path):
    out, _ = every_year_build
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(out / PACKET_NAME), "p"],
        cwd=tmp_path,
        check=True,
        timeout=120,
    )
    image = next(tmp_path.glob("p*.png"))
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "board-packet-page-1.png").write_bytes(image.read_bytes())
    assert image.stat().st_size > 20_000  # a page with charts, not a blank one


def test_the_redacted_build_holds_no_name_and_no_path_anywhere(redacted_build):
    out, _ = redacted_build
    # the pages that list directors are left out: 03 (at risk, CTO clocks), 04 and 06
    assert not list(out.rglob("04_director_ledger.html"))
    assert not list(out.rglob("06_director_statement.html"))
    assert not list(out.rglob("03_at_risk.html"))
    assert (out / PACKET_NAME).is_file()
    directors = sample_folder() / "directors.csv"
    assert len(director_names(directors)) > 100
    findings = scan_build(out, directors)
    assert findings == [], report(findings)
    page = (out / "FY27" / "01_statewide_compliance.html").read_text("utf-8")
    assert "Public build: state and region figures only" in page


def test_the_redacted_packets_summary_is_one_a4_page(redacted_build):
    out, _ = redacted_build
    reader = _pdf(out / PACKET_NAME)
    texts = pdf_page_texts(out / PACKET_NAME)  # (also read by the scan: extracted once)
    assert "Board summary" in texts[0] and "Board summary" not in texts[1]
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4
