"""`tdceu build` pieces that need no kernel: discovery, parameters, the page's policy."""

import base64
import datetime as dt
import hashlib
import subprocess
import sys

import nbformat
import pytest

from tdceu_analysis.errors import UserError
from tdceu_analysis.report import build


def test_discovery_takes_every_numbered_notebook_in_order(tmp_path):
    for name in ["05_policy_what_if.ipynb", "01_a.ipynb", "notes.ipynb", "1_x.ipynb", "02_b.py"]:
        (tmp_path / name).write_text("{}")
    assert [p.name for p in build.discover_notebooks(tmp_path)] == [
        "01_a.ipynb",
        "05_policy_what_if.ipynb",
    ]


def test_the_shipped_notebooks_are_found_with_the_package():
    names = [p.name for p in build.discover_notebooks()]
    assert names[:4] == [
        "01_statewide_compliance.ipynb",
        "02_strand_coverage.ipynb",
        "03_at_risk.ipynb",
        "04_director_ledger.ipynb",
    ]


def test_shipped_notebooks_have_a_parameters_cell_and_no_outputs():
    for path in build.discover_notebooks():
        notebook = nbformat.read(path, as_version=4)
        tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        assert "live = True" in tagged[0].source, path.name
        code = [c for c in notebook.cells if c.cell_type == "code"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), path


def test_parameters_go_right_after_the_parameters_cell():
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("import x"),
            nbformat.v4.new_code_cell("fy = None", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell("board = 1"),
        ]
    )
    injected = build.inject_parameters(notebook, {"fy": 2026, "data_dir": "/d'x", "live": False})
    assert [c.source.splitlines()[0] for c in injected.cells] == [
        "import x",
        "fy = None",
        "# Parameters injected by tdceu build",
        "board = 1",
    ]
    assert injected.cells[2].metadata["tags"] == ["injected-parameters"]
    namespace = {}
    exec(injected.cells[2].source, namespace)  # the values survive quoting
    assert (namespace["fy"], namespace["data_dir"], namespace["live"]) == (2026, "/d'x", False)
    assert len(notebook.cells) == 3  # the original is untouched


def test_policy_allows_only_the_pages_own_scripts():
    policy = build.content_security_policy(["a()", "b()"])
    digest = base64.b64encode(hashlib.sha256(b"a()").digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert policy.startswith("default-src 'none'")
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "script-src 'none'" in build.content_security_policy([])


def test_chart_blocks_are_found_whatever_the_attribute_order():
    page = (
        '<script type="application/json" data-target="c2" class="tdceu-spec">{"a":1}</script>'
        '<script class="tdceu-spec" data-target="c3" type="application/json">{"b":2}</script>'
        "<script>var x = 1;</script>"
    )
    assert build.chart_specs(page) == [("c2", {"a": 1}), ("c3", {"b": 2})]


def test_parameters_settle_the_year_and_the_as_of_date(tmp_path):
    sample = build.sample_folder()
    settled = build.resolve_parameters(sample, None, None, today=dt.date(2026, 11, 28))
    assert (settled.fy, settled.as_of, settled.fy_given) == (2027, dt.date(2026, 11, 28), None)
    closed = build.resolve_parameters(sample, 2026, None, today=dt.date(2026, 11, 28))
    assert (closed.fy, closed.as_of) == (2026, dt.date(2026, 9, 30))
    values = closed.notebook_values()
    assert values["live"] is False and values["as_of"] == "2026-09-30" and values["fy"] == 2026


def test_a_missing_data_folder_fails_before_any_kernel(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        build.resolve_parameters(tmp_path / "nowhere", None, None)


def test_cli_says_what_is_wrong_in_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tdceu_analysis.cli", "build", "--data", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().startswith("tdceu: error: data folder")
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_help_lists_build():
    result = subprocess.run(
        [sys.executable, "-m", "tdceu_analysis.cli", "build", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    for option in ("--data", "--fy", "--as-of", "--out", "--timeout"):
        assert option in result.stdout
