"""The redaction scanner finds a planted name and path in every kind of file a build writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from redaction import Finding, machine_paths, readable_text, report, scan_build

NAMES = ["Dean F. Marshall", "Ana O'Brien", "José Núñez"]


@pytest.fixture
def directors(tmp_path):
    path = tmp_path / "data" / "directors.csv"
    path.parent.mkdir()
    pl.DataFrame(
        {
            "director_id": ["1", "2", "3"],
            "name": NAMES,
            "district_code": ["D1", "D2", "D3"],
            "role_start": ["2020-01-01"] * 3,
        }
    ).write_csv(path)
    return path


def _clean_build(folder: Path) -> None:
    folder.mkdir()
    (folder / "index.html").write_text(
        "<html><body><p>Director 1 (Alpha City): 12 hours, met. Data: the shipped sample"
        "</p></body></html>",
        encoding="utf-8",
    )
    (folder / "figures").mkdir()
    (folder / "figures" / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><text>Region UNA</text></svg>', "utf-8"
    )


def test_a_clean_build_has_no_finding(tmp_path, directors):
    _clean_build(tmp_path / "out")
    assert scan_build(tmp_path / "out", directors, directors.parent) == []


def test_names_are_found_in_text_html_escaped_and_json_escaped(tmp_path, directors):
    out = tmp_path / "out"
    _clean_build(out)
    (out / "01.html").write_text("<td>Ana O&#x27;Brien</td>", encoding="utf-8")
    (out / "02.html").write_text('{"name": "Jos\\u00e9 N\\u00fa\\u00f1ez"}', encoding="utf-8")
    (out / "at-risk.csv").write_text("id,name\n1,dean f.  marshall\n", encoding="utf-8")
    (out / "deanery.txt").write_text("Dean F. Marshallton is not a director", encoding="utf-8")
    assert scan_build(out, directors) == [
        Finding("01.html", "name", "Ana O'Brien"),
        Finding("02.html", "name", "José Núñez"),
        Finding("at-risk.csv", "name", "Dean F. Marshall"),
    ]


def test_paths_of_this_machine_are_found(tmp_path, directors):
    out = tmp_path / "out"
    _clean_build(out)
    data = directors.parent
    (out / "03.html").write_text(f"<dd>{data.absolute()} (your data)</dd>", encoding="utf-8")
    (out / "04.html").write_text(f"<dd>{Path.home()}/reports</dd>", encoding="utf-8")
    findings = scan_build(out, directors, data)
    assert {f.file for f in findings} == {"03.html", "04.html"}
    assert Finding("03.html", "path", str(data.absolute())) in findings
    assert all(f.kind == "path" for f in findings)
    assert "03.html: path" in report(findings)
    assert "/work/" in machine_paths() and "/tmp/" in machine_paths()


def test_png_metadata_pdf_text_and_xlsx_cells_are_read(tmp_path, directors):
    from PIL import Image, PngImagePlugin

    out = tmp_path / "out"
    _clean_build(out)
    info = PngImagePlugin.PngInfo()
    info.add_text("Title", "Hours of Dean F. Marshall")
    Image.new("RGB", (4, 4), "white").save(out / "figures" / "chart.png", pnginfo=info)
    compressed = PngImagePlugin.PngInfo()  # zTXt, and iTXt compressed
    compressed.add_text("Author", "made in /tmp/build", zip=True)
    compressed.add_itxt("Comment", "for Dean F. Marshall", lang="en", zip=True)
    Image.new("RGB", (4, 4), "white").save(out / "figures" / "zipped.png", pnginfo=compressed)
    Image.new("RGB", (4, 4), "white").save(out / "figures" / "plain.png")
    pl.DataFrame({"name": ["José Núñez"], "as_of": [dt.date(2026, 11, 28)]}).write_excel(
        out / "at-risk.xlsx"
    )
    weasyprint = pytest.importorskip("weasyprint")
    weasyprint.HTML(string="<p>Ana O'Brien needs 4 hours</p>").write_pdf(out / "packet.pdf")
    assert "Ana O'Brien" in readable_text(out / "packet.pdf")
    assert scan_build(out, directors) == [
        Finding("at-risk.xlsx", "name", "José Núñez"),
        Finding("figures/chart.png", "name", "Dean F. Marshall"),
        Finding("figures/zipped.png", "name", "Dean F. Marshall"),
        Finding("figures/zipped.png", "path", "/tmp/"),
        Finding("packet.pdf", "name", "Ana O'Brien"),
    ]


def test_an_unknown_file_kind_is_read_as_bytes(tmp_path, directors):
    out = tmp_path / "out"
    _clean_build(out)
    (out / "data.bin").write_bytes(b"\x00\x01/tmp/build\x00")
    assert scan_build(out, directors) == [Finding("data.bin", "path", "/tmp/")]
