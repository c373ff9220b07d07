"""What many test areas share, importable from any test (`from shared import AS_OF`):
tests/conftest.py puts this folder on the path. The fixtures built on it are in
tests/conftest.py; tests/README.md lists both."""

from __future__ import annotations

import datetime as dt
import io
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
# The day the shipped sample is evaluated and built on: FY26 closed, FY27 two months in.
AS_OF = "2026-11-28"
AS_OF_DATE = dt.date.fromisoformat(AS_OF)
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

# Per chart of a Board notebook in JupyterLab or Notebook 7 (both notebooks are `.jp-Notebook`):
# its static picture (for a viewer without widgets, hidden where the live chart draws) and its
# live chart (tdceu_analysis.widgets.live.Slot): how many of each, shown and drawn.
CHARTS_SHOWN_JS = """() => {
  const shown = (node) => !!node && node.getClientRects().length > 0
    && getComputedStyle(node).visibility !== 'hidden';
  const pictures = [...document.querySelectorAll('.jp-Notebook .tdceu-static-chart')];
  const live = [...document.querySelectorAll('.jp-Notebook .tdceu-live-chart')];
  return {
    pictures: pictures.length,
    picturesShown: pictures.filter(shown).length,
    live: live.length,
    liveDrawn: live.filter((c) => shown(c.querySelector('canvas'))).length,
  };
}"""
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def jupyter_server(module: str, base: Path, root: Path, *options: str) -> Iterator[tuple[str, str]]:
    """`python -m MODULE` (jupyterlab, or notebook for Notebook 7) serving `root` on
    127.0.0.1 only: a free port, a token, its config, runtime, settings and workspaces
    under `base` (settings from `base / "settings"`); (url, token) once it answers, and
    the server stopped after. `options` are the app's own (`--LabApp....`)."""
    import pytest

    env = os.environ | {
        "JUPYTER_CONFIG_DIR": str(base / "config"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(base / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
    }
    port, token = free_port(), secrets.token_hex(16)
    log_path = base / f"{module}.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", module, "--no-browser"),
                *("--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}"),
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root}",
                *options,
                "--allow-root",  # CI runs as root
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    pytest.fail(f"{module} did not start:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.2)  # polling the server's status until it answers
        try:
            yield url, token
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
