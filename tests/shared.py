"""What many test areas share, importable from any test (`from shared import AS_OF`):
tests/conftest.py puts this folder on the path. The fixtures built on it are in
tests/conftest.py; tests/README.md lists both."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
# The day the shipped sample is evaluated and built on: FY26 closed, FY27 two months in.
AS_OF = "2026-11-28"
AS_OF_DATE = dt.date.fromisoformat(AS_OF)
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
# The names `xss_sample` gives directors: markup a page must escape, a formula a download
# must neutralise.
XSS = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://example.invalid","Formula Name")'


def run_build(out: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    """`tdceu build --as-of AS_OF --out OUT ARGS` in a process of its own (as a person runs
    it); fails the test with the end of stderr when the build fails."""
    command = [sys.executable, "-m", "tdceu_analysis.cli", "build", "--as-of", AS_OF]
    result = subprocess.run(
        [*command, "--out", str(out), *args], capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result
