"""Issue 11's "Done when": a copy of the sample with a policy.toml of a 15-hour minimum and an
8-hour external cap from FY26 (the shipped example-policy.toml), built for FY26. Statuses
follow it; no page states the published 12-hour minimum or 6-hour external cap (visible
text and the charts' embedded titles and data); every page names the folder's values.

The same build of the plain sample is the control: there the published numbers do show,
so the scan below can fail.
"""

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from shared import AS_OF

from tdceu_analysis import evaluate, load_folder
from tdceu_analysis._paths import policy_file, sample_folder
from tdceu_analysis.cli import main

pytestmark = pytest.mark.slow

# The published policy's numbers as a page would state them.
PUBLISHED = ("12 hours", "12-hour", "6 ALET", "6 external", "6-hour external")
# Where those words are a person's or a group's own hours, not the policy (a median, hours
# still needed or counted), or the ALET minimum, which the example policy keeps at 6.
DATA_NOT_POLICY = (
    r"counted 12 hours or more",
    r"needing 12 hours in all",
    r"Still needed</dt><dd>12 hours",
    r"12 hours short",
    r"\(6 ALET, ",
    r"[\d.]+ ALET, 6 external, ",
    r"; 6 external hours wait",
    r"including at least 6 ALET hours",
    # a director's statement and plan (pages 03, 04, 06): their own hours
    r"No plan: 12 hours still needed",
    r"12 hours counted \(",
    r"12 hours more needed",
    r"[\d.]+ ALET, 6 external\)",
)


def build(data: Path, out: Path) -> dict[str, str]:
    args = ["build", "--fy", "2026", "--as-of", AS_OF, "--no-images", "--out", str(out)]
    assert main([*args, "--data", str(data)]) == 0
    return {page.name: page.read_text(encoding="utf-8") for page in sorted(out.glob("*.html"))}


def published_numbers(page: str) -> list[str]:
    """Every phrase of PUBLISHED on `page` outside the DATA_NOT_POLICY contexts."""
    for allowed in DATA_NOT_POLICY:
        page = re.sub(allowed, "", page)
    # a whole number: "24.12 hours" is not "12 hours"
    return [phrase for phrase in PUBLISHED if re.search(r"(?<![\d.])" + re.escape(phrase), page)]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("folder-policy") / "data"
    shutil.copytree(sample_folder(), copy)
    shutil.copy(policy_file().with_name("example-policy.toml"), copy / "policy.toml")
    return copy


@pytest.fixture(scope="module")
def pages(folder, tmp_path_factory) -> dict[str, str]:
    return build(folder, tmp_path_factory.mktemp("folder-policy-out"))


@pytest.fixture(scope="module")
def shipped_pages(every_year_build) -> dict[str, str]:
    """FY26's pages of the session's every-year build of the shipped sample, and its index."""
    out, _ = every_year_build
    shipped = {
        page.name: page.read_text(encoding="utf-8") for page in (out / "FY26").glob("*.html")
    }
    return shipped | {"index.html": (out / "index.html").read_text(encoding="utf-8")}


def met_tile(page: str) -> int:
    found = re.search(r'tdceu-value">(\d+) \(\d+%\)</div><div class="tdceu-label">Met<', page)
    assert found, "page 01 has a Met tile"
    return int(found.group(1))


def test_statuses_follow_the_folder_policy(folder, pages, shipped_pages):
    as_of = dt.date.fromisoformat(AS_OF)
    under_folder = evaluate(load_folder(folder), 2026, as_of).summary
    met = under_folder.filter(under_folder["status"] == "met").height
    page = pages["01_statewide_compliance.html"]
    assert met_tile(page) == met
    assert met_tile(shipped_pages["01_statewide_compliance.html"]) > met  # 15 h is harder
    assert "Met = 15 counted hours including at least 6 ALET hours." in page
    assert "at most 8 external hours count" in page


def test_no_page_states_the_published_minimum_or_cap(pages, shipped_pages):
    assert len(pages) == 7  # six dashboards (01-06) and the index
    assert {name: published_numbers(page) for name, page in pages.items()} == {
        name: [] for name in pages
    }
    # the control: under the published policy the scan finds them
    assert "12-hour" in published_numbers(shipped_pages["01_statewide_compliance.html"])


def test_every_page_names_the_folder_values(pages, shipped_pages):
    for name, page in pages.items():
        assert "annual_minimum_hours = 15 from FY26" in page, name
        assert "external_maximum_hours = 8 from FY26" in page, name
        assert re.search(r"from the folder(&#x27;|&#39;|')s policy\.toml", page), name
    assert not any("from the folder" in page for page in shipped_pages.values())
