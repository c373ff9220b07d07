"""Fixtures every test area may use (tests/README.md lists them).

The expensive ones are built once per test session and shared: one headless Chromium, and
one `tdceu build` of each flavour (every year with the PDF packet, redacted, one year with
images). A test that needs a build takes the fixture instead of running its own.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import polars as pl
import pytest
from shared import AS_OF, CHROMIUM, FORMULA, XSS, run_build
from small_state import CLOSED, OPEN, small_state


@pytest.fixture(scope="session")
def sample() -> Path:
    """The shipped sample folder (read-only: copy it before changing a file)."""
    from tdceu_analysis._paths import sample_folder

    return sample_folder()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium (Debian's) for every browser test; each test opens its own
    context. Skips when Chromium or Playwright is missing (CI installs both)."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install chromium): browser tests skipped")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield chromium
        chromium.close()


# The small state (tests/small_state.py): figures and charts tests read it, evaluated once.


@pytest.fixture(scope="session")
def state():
    """The small state of tests/small_state.py, loaded."""
    return small_state()


@pytest.fixture(scope="session")
def closed_year(state):
    from tdceu_analysis import evaluate

    return evaluate(state, 2026, CLOSED)


@pytest.fixture(scope="session")
def open_year(state):
    from tdceu_analysis import evaluate

    return evaluate(state, 2027, OPEN)


@pytest.fixture(scope="session")
def years(state):
    from tdceu_analysis import evaluate_years

    return evaluate_years(state, as_of=OPEN)


@pytest.fixture(scope="session")
def closed_years(state):
    from tdceu_analysis import evaluate_years

    return evaluate_years(state, as_of=CLOSED)


Build = tuple[Path, CompletedProcess[str]]

# Under pytest-xdist (`.ci/run` runs `pytest -n 2 --dist loadfile`: a file's tests on one
# worker) a session fixture runs once per worker; `_once` makes a build once for all
# workers: the first to need it builds it, another waits for it and reads the same folder.


def _once(tmp_path_factory, name: str, make) -> Build:
    """`make(out)` (a completed run) once per test session, across xdist workers."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by the workers of this session
    out, done = root / name, root / f"{name}.json"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            out.mkdir(exist_ok=True)
            try:
                run = make(out)
            except BaseException as problem:  # a failed build, a timeout: said once, not redone
                done.write_text(json.dumps({"failed": f"{type(problem).__name__}: {problem}"}))
                raise
            done.write_text(json.dumps([run.args, run.returncode, run.stdout, run.stderr]))
    made = json.loads(done.read_text())
    if isinstance(made, dict):  # each later test fails at once instead of building again
        pytest.fail(f"the shared {name} failed earlier in this session: {made['failed']}"[:3000])
    args, code, stdout, stderr = made
    return out, CompletedProcess(args, code, stdout, stderr)


# The longest files run first, in this order, so that under two workers the builds and
# notebook runs start at once and overlap: one worker builds every year (axe) while the
# other runs the notebooks, then the one-year build, ... (see tests/README.md). A file that
# needs a build the other worker may still be making comes late enough not to wait for it:
# `redacted_build` is made by test_board_pack.py; test_board_pages.py, which needs it too,
# comes after three medium files.
FIRST = (
    "tests/report/test_accessibility.py",  # every_year_build
    "tests/notebooks/test_notebooks.py",  # live_runs
    "tests/report/test_build_pages.py",  # one_year_build
    "tests/notebooks/test_jupyterlab.py",  # lab
    "tests/report/test_board_pack.py",  # every_year_build (made by then), redacted_build
    "tests/report/test_folder_policy_build.py",  # every_year_build, a build of its own
    "tests/whatif/test_notebook.py",  # a kernel
    "tests/rules/test_properties.py",  # hypothesis
    "tests/report/test_board_pages.py",  # every_year_build, redacted_build (made by then)
    "tests/robustness/test_bad_input_classes.py",
    "tests/widgets/test_static_fallback.py",  # nbconvert
    "tests/robustness/test_fuzz_csv.py",  # hypothesis
)


def pytest_configure(config) -> None:
    # pytest-xdist's --dist loadfile hands out files by their number of tests, most first
    # (its --loadscope-reorder), which would leave the builds, in files of few tests, to
    # the end, one worker waiting for the other's build: hand them out in FIRST's order.
    if getattr(config.option, "loadscopereorder", None):
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config, items) -> None:
    def place(item) -> int:
        path = item.nodeid.split("::")[0]
        return FIRST.index(path) if path in FIRST else len(FIRST)

    items.sort(key=place)  # stable: the rest keep their order


@pytest.fixture(scope="session")
def every_year_build(tmp_path_factory) -> Build:
    """`tdceu build --as-of AS_OF --pdf` on the shipped sample: every year (FY25-FY27) from
    one index, the summary, chart images and the PDF packet. (out folder, the run)"""
    return _once(tmp_path_factory, "every-year-build", lambda out: run_build(out, "--pdf"))


@pytest.fixture(scope="session")
def redacted_build(tmp_path_factory) -> Build:
    """`tdceu build --as-of AS_OF --redact --pdf --paper a4` on the shipped sample."""
    return _once(
        tmp_path_factory,
        "redacted-build",
        lambda out: run_build(out, "--redact", "--pdf", "--paper", "a4"),
    )


@pytest.fixture(scope="session")
def xss_sample(sample, tmp_path_factory) -> Path:
    """A copy of the sample where two directors are named `XSS`: the most urgent one (page
    04 shows them first) and one on a CTO Academy clock (a tooltip shows them); a third
    director behind the pace is named like a spreadsheet formula (`FORMULA`)."""

    return _once(tmp_path_factory, "xss-sample", lambda out: _write_xss_sample(sample, out))[0]


def _write_xss_sample(sample: Path, folder: Path) -> CompletedProcess[str]:
    from tdceu_analysis import evaluate, load_folder
    from tdceu_analysis.figures.at_risk import at_risk_table
    from tdceu_analysis.figures.director import default_director

    for path in sample.iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    evaluation = evaluate(load_folder(folder), 2027, dt.date.fromisoformat(AS_OF))
    first = default_director(evaluation)
    listed = at_risk_table(evaluation)
    clocked = (
        listed.filter(
            pl.col("cto_academy_status") != "not_required", pl.col("director_id") != first
        )
        .get_column("director_id")
        .first()
    )
    formula = (
        listed.filter(
            pl.col("status").is_in(["at_risk", "critical"]),
            ~pl.col("director_id").is_in([first, clocked]),
        )
        .get_column("director_id")
        .first()
    )
    directors = pl.read_csv(folder / "directors.csv", infer_schema=False)
    directors = directors.with_columns(
        pl.when(pl.col("director_id").is_in([first, clocked]))
        .then(pl.lit(XSS))
        .when(pl.col("director_id") == formula)
        .then(pl.lit(FORMULA))
        .otherwise(pl.col("name"))
        .alias("name")
    )
    directors.write_csv(folder / "directors.csv")
    return CompletedProcess([], 0, "", "")


@pytest.fixture(scope="session")
def one_year_build(xss_sample, tmp_path_factory) -> Build:
    """`tdceu build --data XSS_SAMPLE --fy 2027 --as-of AS_OF` with chart images: one year's
    pages, as the browser tests open them."""
    return _once(
        tmp_path_factory,
        "one-year-build",
        lambda out: run_build(out, "--data", str(xss_sample), "--fy", "2027"),
    )
