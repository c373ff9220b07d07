"""`tdceu build` pieces: discovery, parameters, the page's policy (no kernel); then, marked
slow, the shared kernel (fresh namespaces, timeouts, failures) and the page export."""

import base64
import datetime as dt
import hashlib
import os
import re
import subprocess
import sys

import nbformat
import pytest
from shared import tdceu

from tdceu_analysis._paths import sample_folder
from tdceu_analysis.errors import UserError
from tdceu_analysis.report import build, html_export, parameters, run
from tdceu_analysis.report.index import index_page


def test_discovery_takes_every_numbered_notebook_in_order(tmp_path):
    for name in ["05_policy_what_if.ipynb", "01_a.ipynb", "notes.ipynb", "1_x.ipynb", "02_b.py"]:
        (tmp_path / name).write_text("{}")
    assert [p.name for p in run.discover_notebooks(tmp_path)] == [
        "01_a.ipynb",
        "05_policy_what_if.ipynb",
    ]


def test_the_shipped_notebooks_are_found_with_the_package():
    names = [p.name for p in run.discover_notebooks()]
    assert names[:4] == [
        "01_statewide_compliance.ipynb",
        "02_strand_coverage.ipynb",
        "03_at_risk.ipynb",
        "04_director_ledger.ipynb",
    ]


def test_shipped_notebooks_have_a_parameters_cell_and_no_outputs():
    for path in run.discover_notebooks():
        notebook = nbformat.read(path, as_version=4)
        tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        # a person sets the data folder, the year and the as-of date there; the board is
        # made from them (and from what `tdceu build` injects after the cell) right below
        for name in ("data_dir = None", "fy = None", "as_of = None"):
            assert name in tagged[0].source, (path.name, name)
        after = notebook.cells[notebook.cells.index(tagged[0]) + 1]
        assert "Board.from_parameters(" in after.source, path.name
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
    injected = run.inject_parameters(notebook, {"fy": 2026, "data_dir": "/d'x", "live": False})
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
    policy = html_export.content_security_policy(["a()", "b()"])
    digest = base64.b64encode(hashlib.sha256(b"a()").digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert policy.startswith("default-src 'none'")
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "script-src 'none'" in html_export.content_security_policy([])


def test_chart_blocks_are_found_whatever_the_attribute_order():
    page = (
        '<script type="application/json" data-target="c2" class="tdceu-spec">{"a":1}</script>'
        '<script class="tdceu-spec" data-target="c3" type="application/json">{"b":2}</script>'
        "<script>var x = 1;</script>"
    )
    assert html_export.chart_specs(page) == [("c2", {"a": 1}), ("c3", {"b": 2})]


def test_parameters_settle_the_year_and_the_as_of_date(tmp_path):
    sample = sample_folder()
    settled = parameters.resolve_parameters(sample, None, None, today=dt.date(2026, 11, 28))
    assert (settled.fy, settled.as_of, settled.fy_given) == (2027, dt.date(2026, 11, 28), None)
    closed = parameters.resolve_parameters(sample, 2026, None, today=dt.date(2026, 11, 28))
    assert (closed.fy, closed.as_of) == (2026, dt.date(2026, 9, 30))
    values = closed.notebook_values()
    assert values["live"] is False and values["as_of"] == "2026-09-30" and values["fy"] == 2026


def test_a_missing_data_folder_fails_before_any_kernel(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        parameters.resolve_parameters(tmp_path / "nowhere", None, None)


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
    result = tdceu("build", "--help")  # in this process: the help is argparse's text
    assert result.returncode == 0
    for option in ("--data", "--fy", "--as-of", "--out", "--timeout"):
        assert option in result.stdout


# ---------------------------------------------------------------------------
# The shared kernel and the export (these start a kernel or nbconvert: slow)
# ---------------------------------------------------------------------------


def tiny_notebook(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def outputs_text(notebook):
    return "".join(
        o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
        for cell in notebook.cells
        for o in cell.get("outputs", [])
    )


@pytest.mark.slow
def test_notebooks_sharing_a_kernel_see_nothing_of_each_other(tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    first = tiny_notebook(
        f"import json, os, sys, warnings\nsecret = 42\nos.chdir({str(other)!r})",
        "sys.path.insert(0, 'leaked-path')\nos.environ['TDCEU_LEAK'] = '1'\n"
        "warnings.simplefilter('ignore')\nsecret",
    )
    second = tiny_notebook(
        "import os, sys, warnings\n"
        "print('secret' in dir(), 'json' in dir(), 'json' in sys.modules)\n"
        "print(os.getcwd(), 'leaked-path' in sys.path, 'TDCEU_LEAK' in os.environ)\n"
        "print(len(In), ('ignore', None, Warning, None, 0) in warnings.filters)",
    )
    with run.KernelSession(tmp_path) as kernel:
        run.execute_notebook(first, "first.ipynb", tmp_path, kernel=kernel)
        run.execute_notebook(second, "second.ipynb", tmp_path, kernel=kernel)
    assert "42" in outputs_text(first)
    # not a variable, a cwd, a path, an env var, a warning filter or a history line
    # of the first; its modules stay imported (that is what sharing is for)
    assert outputs_text(second).split() == (
        f"False False True {tmp_path} False False 2 False".split()
    )


@pytest.mark.slow
def test_a_kernel_of_its_own_is_shut_down_afterwards(tmp_path):
    with run.KernelSession(tmp_path) as kernel:
        pid = kernel.manager.provisioner.pid
        run.execute_notebook(tiny_notebook("x = 1"), "a.ipynb", tmp_path, kernel=kernel)
    assert kernel.manager is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    notebook = run.execute_notebook(tiny_notebook("print(6 * 7)"), "b.ipynb", tmp_path)
    assert "42" in outputs_text(notebook)


@pytest.mark.slow
def test_a_cell_over_the_timeout_gets_the_next_notebook_a_new_kernel(tmp_path):
    with run.KernelSession(tmp_path) as kernel:
        stuck = tiny_notebook("slow = 1", "import time; time.sleep(60)")
        with pytest.raises(UserError, match=r"stuck\.ipynb: a cell ran longer than 2 s"):
            run.execute_notebook(stuck, "stuck.ipynb", tmp_path, timeout=2, kernel=kernel)
        after = tiny_notebook("print('slow' in dir())")
        run.execute_notebook(after, "after.ipynb", tmp_path, timeout=30, kernel=kernel)
    assert outputs_text(after).strip() == "False"


def write_notebook(folder, name, *sources):
    nbformat.write(tiny_notebook(*sources), folder / name)
    return folder / name


@pytest.mark.slow
def test_a_failing_notebook_is_named_and_the_others_are_built_without_leaks(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    paths = [
        write_notebook(notebooks, "01_defines.ipynb", "secret = 'from 01'\nprint('one')"),
        write_notebook(notebooks, "02_fails.ipynb", "raise ValueError('broken on purpose')"),
        write_notebook(
            notebooks,
            "03_after.ipynb",
            "from IPython.display import HTML\nHTML(f'<p>secret seen: {\"secret\" in dir()}</p>')",
        ),
    ]
    out = tmp_path / "out"
    with pytest.raises(RuntimeError, match=r"02_fails\.ipynb failed: ValueError: broken on"):
        build.build_reports(out, notebooks=paths, images=False, progress=False)
    assert sorted(p.name for p in out.glob("*.html")) == ["01_defines.html", "03_after.html"]
    assert "secret seen: False" in (out / "03_after.html").read_text(encoding="utf-8")
    assert not (out / "index.html").exists()


@pytest.mark.slow
def test_a_users_error_in_a_notebook_is_one_line_with_its_name(tmp_path):
    path = write_notebook(
        tmp_path,
        "01_bad.ipynb",
        "from tdceu_analysis.errors import UserError\nraise UserError('no such region: X')",
    )
    with pytest.raises(UserError, match=r"^01_bad\.ipynb: no such region: X$"):
        build.build_reports(tmp_path / "out", notebooks=[path], images=False, progress=False)


@pytest.mark.slow
def test_the_page_carries_both_scripts_once_at_the_end_and_the_policy_allows_them(tmp_path):
    notebook = nbformat.v4.new_notebook(
        cells=[
            # a page whose content holds the template's marker gets no script there
            nbformat.v4.new_markdown_cell("Text " + html_export.PAGE_SLOT),
            nbformat.v4.new_code_cell(
                "x",
                outputs=[
                    nbformat.v4.new_output(
                        "display_data", data={"text/html": "<p>" + html_export.VEGA_SLOT + "</p>"}
                    )
                ],
            ),
        ]
    )
    page = html_export.export_html(notebook, "T", "footer")
    scripts = html_export.page_scripts()
    assert page.count(scripts.vega_js) == 1 and page.count(scripts.page_js) == 1
    assert page.index(scripts.vega_js) < page.index(scripts.page_js)
    end = re.escape(f"<script>{scripts.page_js}</script>") + r"\s*</body>\s*</html>\s*$"
    assert re.search(end, page)
    assert (
        html_export.PAGE_SLOT in page and html_export.VEGA_SLOT in page
    )  # the content's, untouched
    assert page.index(html_export.VEGA_SLOT) < page.index(scripts.vega_js)
    for code in (scripts.vega_js, scripts.page_js):
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in page
    assert "<title>T</title>" in page and "footer" in page
    # the exporter is made once and reused: a second page is the same
    assert html_export.export_html(notebook, "T", "footer") == page


def test_the_index_links_every_page_and_escapes_what_the_pages_say(tmp_path):
    settled = parameters.resolve_parameters(
        None, 2026, dt.date(2026, 9, 30), now=dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)
    )
    figures = tmp_path / "figures" / "01_a"
    pages = [
        build.Page(
            notebook=tmp_path / "01_a.ipynb",
            html=tmp_path / "01_a.html",
            title="Compliance <now>",
            description="Who met it & who did not",
            charts=1,
            images=[figures / "01_x.svg", figures / "01_x.png"],
        ),
        build.Page(tmp_path / "02_b.ipynb", tmp_path / "02_b.html", "Strands", "", 0),
    ]
    page = index_page(settled, pages, tmp_path)
    assert '<a class="tdceu-page-link" href="01_a.html">Compliance &lt;now&gt;</a>' in page
    assert "<p>Who met it &amp; who did not</p>" in page
    assert '1 charts as SVG and PNG in <a href="figures/01_a/">figures/01_a/</a>' in page
    assert page.count('class="tdceu-page-link"') == 2 and page.count("charts as SVG") == 1
    assert "<dt>Fiscal year</dt><dd>FY26</dd>" in page
    assert "<dt>Built</dt><dd>2026-11-28 09:30 UTC</dd>" in page
    assert "content=\"default-src 'none'; script-src 'none';" in page  # no script at all
    assert html_export.extra_css() in page and "<script" not in page
    assert parameters.footer(settled) in page


def test_the_pages_css_is_the_figures_css_and_the_builds_template():
    css = html_export.page_css()
    assert css.endswith(html_export.extra_css())
    assert ".tdceu-nav" in html_export.extra_css() and ".tdceu-index" in html_export.extra_css()
