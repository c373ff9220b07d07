"""The notebooks as a person uses them in JupyterLab: they run, the widgets drive every
figure, and a second run gives the same outputs (nbval)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

SANITIZE = Path(__file__).resolve().parent / "sanitize.cfg"

pytestmark = pytest.mark.slow

# a figure taking `page` (figures.scope.PageScope) follows every picker
FOLLOWERS = {
    "region": {"region", "page"},
    "director": {"director_id", "page"},
    "fy": {"evaluation", "years", "page"},
}


def test_every_notebook_runs_live_without_errors(live_runs):
    for name, run in live_runs.items():
        outputs = [
            output
            for cell in json.loads(run.reference.read_text())["cells"]
            for output in cell.get("outputs", [])
        ]
        assert not [o for o in outputs if o["output_type"] == "error"], name
        assert not [o for o in outputs if o.get("name") == "stderr"], name
        assert any("text/html" in o.get("data", {}) for o in outputs), name


def test_widgets_pick_year_region_district(live_runs):
    for name in ("01_statewide_compliance.ipynb", "02_strand_coverage.ipynb", "03_at_risk.ipynb"):
        assert live_runs[name].pickers == ["district", "fy", "region"], name
    for name in ("04_director_ledger.ipynb", "06_director_statement.ipynb"):
        assert live_runs[name].pickers == ["director", "district", "fy", "region"], name


def test_changing_a_widget_redraws_every_figure_that_depends_on_it(live_runs):
    checked = 0
    for name, run in live_runs.items():
        for change in run.changes:
            changed = sum(a != b for a, b in zip(change["before"], change["after"], strict=True))
            expected = sum(bool(FOLLOWERS[change["picker"]] & set(t)) for t in change["takes"])
            if change["picker"] in ("fy", "region", "district"):
                expected += 1  # the page header names the year and counts the scope picked
            assert expected > 0, (name, change["picker"])
            assert changed == expected, (name, change["picker"], change["value"])
            checked += 1
    assert checked >= 9


def test_nbval_reruns_give_the_same_outputs(live_runs, tmp_path):
    paths = [str(run.reference) for run in live_runs.values()]
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "--nbval", "--nbval-sanitize-with", str(SANITIZE)),
            *("--nbval-cell-timeout", "300", "-p", "no:cacheprovider", "-q", *paths),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert " passed" in result.stdout
