"""The print version of a page that the PDF packet lays out (report/packet.py)."""

from pathlib import Path
from types import SimpleNamespace

from tdceu_analysis.report.packet import (
    live_links,
    one_scale,
    packet_document,
    packet_pages,
    print_version,
)

SPEC = '{"$schema": "x", "description": "Most directors met FY26", "mark": "bar"}'
PAGE = (
    '<h2 id="Where">Where directors stand<a class="anchor-link" href="#Where">¶</a></h2>'
    '<div class="tdceu-chart" id="chart-1"></div>'
    f'<script class="tdceu-spec" data-target="chart-1" type="application/json">{SPEC}</script>'
    '<p><a href="FY26/03_at_risk.html">At risk</a></p>'
    "<script>vegaEmbed('#chart-1')</script>"
)


def _chart_files(folder: Path, png: bool) -> Path:
    svg = folder / "01_status.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="420" height="90"></svg>')
    if png:
        (folder / "01_status.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return svg


def test_a_chart_prints_as_its_png_at_the_svgs_width_with_its_takeaway_as_alt(tmp_path):
    svg = _chart_files(tmp_path, png=True)
    printed = print_version(PAGE, [svg])
    assert (tmp_path / "01_status.png").resolve().as_uri() in printed
    assert 'style="width: 420px"' in printed
    assert 'alt="Most directors met FY26"' in printed


def test_without_a_png_the_svg_prints(tmp_path):
    svg = _chart_files(tmp_path, png=False)
    printed = print_version(PAGE, [svg])
    assert svg.resolve().as_uri() in printed and "width: " not in printed


def test_scripts_and_heading_pilcrows_are_left_out(tmp_path):
    printed = print_version(PAGE, [_chart_files(tmp_path, png=True)])
    assert "<script" not in printed and "vegaEmbed" not in printed
    assert "¶" not in printed and "Where directors stand</h2>" in printed


def test_a_link_to_a_page_in_the_packet_goes_to_its_section_any_other_is_text(tmp_path):
    summary = tmp_path / "00_summary.html"
    at_risk = tmp_path / "FY26" / "03_at_risk.html"
    sections = {at_risk.resolve(): "packet-FY26-03_at_risk"}
    text = '<a href="FY26/03_at_risk.html">At risk</a> <a href="FY26/05_x.html">What if</a>'
    linked = live_links(text, summary, sections)
    assert linked == '<a href="#packet-FY26-03_at_risk">At risk</a> <a>What if</a>'
    # from a page in FY26/, a link back to the summary resolves the same way
    back = live_links('<a href="../00_summary.html">s</a>', at_risk, {summary.resolve(): "s0"})
    assert back == '<a href="#s0">s</a>'


def _page(folder: Path, name: str, fy: int | None, title: str, body: str) -> SimpleNamespace:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><head><style>p {{}}</style></head><body class='tdceu'>{body}</body>")
    return SimpleNamespace(html=path, images=[], fy=fy, title=title, notebook=Path(name))


def test_the_packet_is_one_document_a_section_a_page_bookmarked_with_its_year(tmp_path):
    pages = [
        _page(tmp_path, "00_summary.html", None, "Board summary", '<a href="FY26/03_a.html">x</a>'),
        _page(tmp_path, "FY26/03_a.html", 2026, "At risk", "<p>list</p>"),
        _page(tmp_path, "FY26/05_policy_what_if.html", 2026, "Policy what-if", "<p>w</p>"),
        _page(tmp_path, "FY26/06_director_statement.html", 2026, "A statement", "<p>s</p>"),
    ]
    chosen = packet_pages(pages)  # the what-if and statement pages only with --pdf-full
    assert [page.title for page in chosen] == ["Board summary", "At risk"]
    assert len(packet_pages(pages, full=True)) == 4
    document, sections = packet_document(chosen, tmp_path)
    assert sections == ["packet-00_summary", "packet-FY26-03_a"]
    assert document.count("<style>p {}</style>") == 1  # the pages' styles once
    assert '<div class="tdceu-bookmark">FY26: At risk</div>' in document
    assert '<a href="#packet-FY26-03_a">x</a>' in document


def test_the_summarys_charts_share_one_scale(tmp_path):
    heights = (111, 144, 157)
    svgs = []
    for i, height in enumerate(heights):
        svg = tmp_path / f"{i}.svg"
        svg.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="{height}">')
        svgs.append(svg)
    scale = one_scale(svgs, tallest=122)
    assert round(157 * scale) == 122 and scale < 1  # the tallest fits, all at one scale
