"""Notebook 05: paired with its py:percent file, saved without outputs, runs under nbval,
and runs for the HTML export (live = False) on a hand-made folder."""

import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "tdceu_analysis" / "notebooks" / "05_policy_what_if.ipynb"
PAIRED = NOTEBOOK.with_suffix(".py")
CAP_FOLDER = Path(__file__).resolve().parent / "cap-folder"


def test_the_notebook_and_its_py_percent_pair_hold_the_same_cells():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    paired = jupytext.read(PAIRED)
    assert [(c.cell_type, c.source) for c in notebook.cells] == [
        (c.cell_type, c.source) for c in paired.cells
    ]


def test_the_notebook_is_saved_without_outputs_and_with_a_parameters_cell():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    parameters = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    for line in ("data_dir = None", "fy = None", "as_of = None", "live = True"):
        assert line in parameters[0].source


@pytest.mark.slow
def test_the_notebook_runs_under_nbval(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", str(NOTEBOOK), "-q",
         "-p", "no:cacheprovider", "--rootdir", str(tmp_path)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.slow
def test_the_export_run_shows_who_the_scenario_brings_over_the_line():
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    at = next(i for i, c in enumerate(notebook.cells) if "parameters" in c.metadata.get("tags", []))
    injected = (
        f"data_dir = {str(CAP_FOLDER)!r}\nfy = 2026\nas_of = '2026-09-30'\n"
        "scenario = 'external-cap-8'\nbase = 'alet-minimum-4'\nlive = False\n"
        "built_at = '2026-11-28 12:00 UTC'\n"
    )
    notebook.cells.insert(at + 1, nbformat.v4.new_code_cell(injected))
    NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    html, _ = HTMLExporter().from_notebook_node(notebook)
    assert "What if: external-cap-8" in html
    assert "Cap Only" in html and "Exactly Twelve" in html  # the two newly met (README table)
    assert "Too Little Alet" not in html.split("Who changes status")[1].split("By region")[0]
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert not any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
