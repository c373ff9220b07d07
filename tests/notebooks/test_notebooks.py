"""The notebooks as a person uses them in JupyterLab: they run, the widgets drive every
figure, and a second run gives the same outputs (as nbval compares them)."""

import json

import pytest
from notebook_runs import rerun_differences  # tests/notebooks is on sys.path (rootdir)

from tdceu_analysis.report.run import KernelSession

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


def test_a_second_run_gives_the_same_outputs(live_runs, tmp_path):
    # in another kernel process (another hash seed), the notebooks in the same order
    differences = {}
    with KernelSession(tmp_path) as kernel:
        for name, run in live_runs.items():
            differences[name] = rerun_differences(kernel, run)
    assert len(differences) == 6
    assert not any(differences.values()), {n: d for n, d in differences.items() if d}
