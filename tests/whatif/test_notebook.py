"""Notebook 05: paired with its py:percent file, saved without outputs (run twice and
compared as nbval compares in tests/notebooks/test_notebooks.py), and runs for the HTML
export (live = False) on a hand-made folder."""

from pathlib import Path

import jupytext
import nbformat
import polars as pl
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
    at = [i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", [])]
    assert len(at) == 1
    for line in ("data_dir = None", "fy = None", "as_of = None", "scenario = None", "base = None"):
        assert line in code[at[0]].source
    # the next cell makes the board of them and of what `tdceu build` injects between
    # the two (live = False, built_at, redact: tests/widgets/test_notebook_parameters.py)
    board = 'board = WhatIfBoard.from_parameters("Policy what-if", globals())'
    assert board in code[at[0] + 1].source


# Running it twice: tests/notebooks/test_notebooks.py runs every NN_ notebook, 05 included,
# live (no error output) and then again in another kernel, compared as nbval compares
# (strict: the same outputs again), which covers the `--nbval-lax` run this file had.


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
    assert "What if: External events count up to 8 hours a year" in html  # its description
    # every scenario is in the export, each in a block the page's select shows: the picked
    # one is the block not hidden
    who = html.split("Who changes status")[1].split("By region")[0]
    picked = who.split('data-tdceu-scope="external-cap-8">')[1].split('data-tdceu-scope="')[0]
    assert "Cap Only" in picked and "Exactly Twelve" in picked  # the two newly met (README)
    assert "Too Little Alet" not in picked
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert not any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)


# -- 05's board: the pickers' side in the kernel -------------------------------------


@pytest.fixture(scope="module")
def what_if_board():
    from tdceu_analysis.widgets import WhatIfBoard

    return WhatIfBoard("Policy what-if", fy=2026, as_of="2026-11-28", live=False)


def test_the_comparison_has_one_row_per_shipped_scenario(what_if_board):
    from tdceu_analysis.whatif.scenario import shipped_scenarios

    table = what_if_board.comparison()
    assert table.get_column("scenario").to_list() == list(shipped_scenarios())
    for column in ("newly_met", "no_longer_met", "ledger_rows", "hours_moved"):
        assert column in table.columns
    # the one picked by default changes most: no other scenario moves more directors
    moved = table.select(
        "scenario", (pl.col("newly_met") + pl.col("no_longer_met") + pl.col("other_changes"))
    ).rows()
    most = max(n for _, n in moved)
    assert dict(moved)[what_if_board.scenario] == most > 0


def test_a_region_pick_narrows_the_result_to_its_directors(what_if_board):
    whole = what_if_board.result
    region = whole.directors.get_column("region").drop_nulls().sort().first()
    what_if_board.region = region
    try:
        part = what_if_board.result
    finally:
        what_if_board.region = None
    assert set(part.directors.get_column("region").to_list()) == {region}
    assert part.directors.height == whole.directors.filter(pl.col("region") == region).height
    assert set(part.ledger_changes.get_column("region").to_list()) <= {region}
    assert part.policy_changes.equals(whole.policy_changes)


def test_reasons_read_as_words_not_codes(what_if_board):
    from tdceu_analysis.policy import shipped_policy
    from tdceu_analysis.vocabulary import reason_labels

    reason_codes = set(reason_labels(shipped_policy()))

    what_if_board.scenario = "external-cap-8"
    changes = what_if_board.result.ledger_changes
    shown = set(changes.get_column("reason_baseline").drop_nulls().to_list()) | set(
        changes.get_column("reason_scenario").drop_nulls().to_list()
    )
    assert changes.height > 0 and shown
    assert not shown & reason_codes  # no raw code such as capped_external


def test_a_scenario_file_is_picked_by_its_path_and_a_bad_one_is_one_clear_line(
    what_if_board, tmp_path
):
    from tdceu_analysis._paths import scenarios_folder
    from tdceu_analysis.errors import UserError

    path = tmp_path / "mine.toml"
    path.write_text((scenarios_folder() / "external-cap-8.toml").read_text())
    name = what_if_board._named(str(path))
    mine, shipped = what_if_board.run(name), what_if_board.run("external-cap-8")
    assert mine.directions.equals(shipped.directions)  # the same file, the same effect
    with pytest.raises(UserError, match="no scenario"):
        what_if_board._named(str(tmp_path / "missing.toml"))


def test_the_comparison_of_a_region_counts_its_directors_only(what_if_board):
    from tdceu_analysis.widgets import regional

    name = "strict-in-person"
    whole = what_if_board.run(name)
    changed = whole.changed.group_by("region").len().sort("len", descending=True)
    region = changed.get_column("region").first()
    what_if_board.region = region
    try:
        row = what_if_board.comparison().filter(pl.col("scenario") == name).row(0, named=True)
    finally:
        what_if_board.region = None
    by_hand = regional(whole, region)
    ways = dict(by_hand.directions.iter_rows())
    assert row["newly_met"] == ways["newly_met"]
    assert row["no_longer_met"] == ways["no_longer_met"] > 0
    assert row["ledger_rows"] == by_hand.ledger_changes.height
    state = what_if_board.comparison().filter(pl.col("scenario") == name).row(0, named=True)
    assert state["no_longer_met"] == dict(whole.directions.iter_rows())["no_longer_met"]
