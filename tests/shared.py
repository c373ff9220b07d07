"""What many test areas share, importable from any test (`from shared import AS_OF`):
tests/conftest.py puts this folder on the path. The fixtures built on it are in
tests/conftest.py; tests/README.md lists both."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import warnings
from contextlib import redirect_stderr, redirect_stdout
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


def tdceu(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`tdceu ARGS` run by the command line's `main` in this process, answered as a process
    would be (exit code, stdout, stderr): a Python start and the imports cost ~2 s of CPU a
    call. Keep a subprocess (`tdceu_process`) where the process itself is under test."""
    from tdceu_analysis.cli import main

    out, err, here = io.StringIO(), io.StringIO(), Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err), warnings.catch_warnings():
            # warnings on stderr, each every time, as a fresh `python` shows them
            warnings.resetwarnings()
            for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning):
                warnings.simplefilter("ignore", category)
            warnings.simplefilter("ignore", ResourceWarning)
            warnings.showwarning = _warning_to_stderr
            code = main(list(args))
    finally:
        os.chdir(here)
    return subprocess.CompletedProcess(["tdceu", *args], code, out.getvalue(), err.getvalue())


def _warning_to_stderr(message, category, filename, lineno, file=None, line=None) -> None:
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def tdceu_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m tdceu_analysis.cli ARGS` in a process of its own, as a person runs it."""
    command = [sys.executable, "-m", "tdceu_analysis.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120)
