"""The print version of a page that the PDF packet lays out (report/packet.py)."""

from pathlib import Path

from tdceu_analysis.report.packet import print_version

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


def test_scripts_heading_pilcrows_and_link_targets_are_left_out(tmp_path):
    printed = print_version(PAGE, [_chart_files(tmp_path, png=True)])
    assert "<script" not in printed and "vegaEmbed" not in printed
    assert "¶" not in printed and "Where directors stand</h2>" in printed
    assert "03_at_risk.html" not in printed and "<a>At risk</a>" in printed
