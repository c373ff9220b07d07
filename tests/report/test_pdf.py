"""The board packet PDF: pages in order, numbered, each with its year line, nothing fetched."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")

from tdceu_analysis.errors import UserError  # noqa: E402
from tdceu_analysis.report import pdf  # noqa: E402

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" role="img" '
    'aria-label="Met: 120 of 151 directors">'
    '<rect x="10" y="10" width="240" height="40" fill="#0072B2"/>'
    '<text x="12" y="90" font-size="14">met 120</text></svg>'
)


def _page(title: str, running: str, body: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        "<body class='tdceu'><nav class='tdceu-nav'>NAVIGATION LINKS</nav>"
        f"<div class='tdceu tdceu-header'><h1>{title}</h1>"
        f"<p class='tdceu-running'>{running}</p></div>"
        "<select><option>PICKER OPTION</option></select>"
        f"<div class='tdceu-chart'>{SVG}</div>{body}</body></html>"
    )


SUMMARY = _page("Board summary", "FY26 closed · as of 2026-11-28 · data: the shipped sample")
# a long page: a table of 120 rows runs over several printed pages
ROWS = "".join(f"<tr><td>District {i}</td><td>{i}</td></tr>" for i in range(120))
DETAIL = _page(
    "Statewide compliance",
    "FY27 · as of 2026-11-28 · data: the shipped sample",
    f"<table><thead><tr><th>District</th><th>Hours</th></tr></thead><tbody>{ROWS}</tbody></table>",
)


def _texts(path):
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def test_packet_holds_the_summary_then_the_pages_numbered_with_each_pages_header(tmp_path):
    detail_file = tmp_path / "01_statewide.html"
    detail_file.write_text(DETAIL, encoding="utf-8")
    out = pdf.write_packet([SUMMARY, detail_file], tmp_path / "packet" / "board.pdf")
    assert out == tmp_path / "packet" / "board.pdf"
    texts = _texts(out)
    assert len(texts) >= 3  # one summary page, the detail page runs over at least two
    assert "Board summary" in texts[0]
    assert "Statewide compliance" in texts[1]
    # numbers run on through the packet, one per page, in the footer
    for number, text in enumerate(texts, start=1):
        assert f"Page {number}" in text
    # every page's header carries its year, as-of date and data
    assert "FY26 closed · as of 2026-11-28 · data: the shipped sample" in texts[0]
    for text in texts[1:]:
        assert "FY27 · as of 2026-11-28 · data: the shipped sample" in text
    assert "District 119" in texts[-1]
    # screen controls do not print; the inline SVG's text does
    joined = "\n".join(texts)
    assert "NAVIGATION LINKS" not in joined and "PICKER OPTION" not in joined
    assert "met 120" in texts[0]


def test_a4_and_letter_sizes(tmp_path):
    letter = pypdf.PdfReader(pdf.write_packet([SUMMARY], tmp_path / "l.pdf")).pages[0]
    a4 = pypdf.PdfReader(pdf.write_packet([SUMMARY], tmp_path / "a.pdf", paper="a4")).pages[0]
    # points: Letter 8.5 x 11 in = 612 x 792; A4 210 x 297 mm = 595.3 x 841.9
    assert (round(float(letter.mediabox.width)), round(float(letter.mediabox.height))) == (612, 792)
    assert (round(float(a4.mediabox.width)), round(float(a4.mediabox.height))) == (595, 842)
    with pytest.raises(UserError, match="paper must be one of letter, a4"):
        pdf.write_packet([SUMMARY], tmp_path / "x.pdf", paper="legal")


def test_header_argument_is_the_running_line_when_pages_have_none(tmp_path):
    page = "<html><body><p>plain page</p></body></html>"
    texts = _texts(pdf.write_packet([page, page], tmp_path / "h.pdf", header="FY25 · data: x"))
    assert len(texts) == 2
    assert all("FY25 · data: x" in text for text in texts)


def test_nothing_is_fetched_from_the_network(tmp_path):
    page = _page("Remote", "FY26", '<img src="https://example.com/tracker.png">')
    with pytest.raises(UserError, match=r"loads nothing from the network.*https://example.com"):
        pdf.write_packet([SUMMARY, page], tmp_path / "n.pdf")
    assert not (tmp_path / "n.pdf").exists()


def test_a_local_image_next_to_the_page_is_drawn(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "chart.svg").write_text(SVG, encoding="utf-8")
    page_file = tmp_path / "page.html"
    page_file.write_text(_page("Local", "FY26", '<img src="figures/chart.svg" alt="c">'), "utf-8")
    reader = pypdf.PdfReader(pdf.write_packet([page_file], tmp_path / "i.pdf"))
    assert len(reader.pages) == 1


def test_missing_page_and_empty_packet_are_one_line_errors(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        pdf.write_packet([tmp_path / "nope.html"], tmp_path / "m.pdf")
    with pytest.raises(UserError, match="at least one page"):
        pdf.write_packet([], tmp_path / "m.pdf")


def test_missing_renderer_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint -> ImportError
    with pytest.raises(UserError) as raised:
        pdf.write_packet([SUMMARY], tmp_path / "r.pdf")
    message = str(raised.value)
    assert message.startswith("--pdf needs WeasyPrint") and "install with pip install" in message
    assert "\n" not in message


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_first_page_renders_to_png(tmp_path, request):
    out = pdf.write_packet([SUMMARY], tmp_path / "s.pdf")
    artifacts = request.config.rootpath / "test-artifacts" / "pdf"
    artifacts.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(out),
            str(artifacts / "packet-first-page"),
        ],
        check=True,
    )
    png = artifacts / "packet-first-page.png"
    assert png.stat().st_size > 1000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
