"""The report tests' shared builds, made once per session: the board pack (`tdceu build
--pdf`, every year of the shipped sample) and the public build (`--redact --pdf --paper
a4`), read by test_board_pack.py (files, PDF) and test_board_pages.py (in chromium);
one browser for the session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

AS_OF = "2026-11-28"
YEARS = ("FY25", "FY26", "FY27")
PAGES = (
    "01_statewide_compliance",
    "02_strand_coverage",
    "03_at_risk",
    "04_director_ledger",
    "05_policy_what_if",
)
CHROMIUM = Path("/usr/bin/chromium")


def build(out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tdceu_analysis.cli", "build", "--as-of", AS_OF]
    result = subprocess.run(
        [*command, "--out", str(out), *extra], capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="session")
def pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("pack")
    return out, build(out, "--pdf")


@pytest.fixture(scope="session")
def redacted(tmp_path_factory):
    out = tmp_path_factory.mktemp("redacted")
    return out, build(out, "--redact", "--pdf", "--paper", "a4")


@pytest.fixture(scope="session")
def chromium():
    """One headless chromium for the session (skipped where there is none)."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install chromium): browser test skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield browser
        browser.close()
