"""Running every dashboard notebook live (as committed, widgets on), twice.

The notebooks run one after another in one kernel, each in a fresh namespace, as
`tdceu build` runs them (`report.run.KernelSession`: the imports, ~2.5 s of CPU a
kernel, are paid once). After each notebook its widgets are changed and what the
figures show afterwards recorded. The executed copy (outputs included) is the reference
that a second run must give again, compared as nbval compares: in another kernel
process (its own hash seed), the notebooks in the same order (a kernel's first itables
table carries the itables library, so a notebook's outputs depend on what ran before it
in its kernel). JupyterLab's tests (test_jupyterlab.py) run each in a kernel of its own.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from tdceu_analysis.report.run import KernelSession

HERE = Path(__file__).resolve().parent
SANITIZE = HERE / "sanitize.cfg"
CELL_TIMEOUT = 300


def sanitizers() -> list[tuple[re.Pattern, str]]:
    """The regex/replace pairs of sanitize.cfg (the same ones nbval applies)."""
    pairs, regex = [], None
    for line in SANITIZE.read_text().splitlines():
        if line.startswith("regex:"):
            regex = re.compile(line.split(":", 1)[1].strip())
        elif line.startswith("replace:") and regex is not None:
            pairs.append((regex, line.split(":", 1)[1].strip()))
            regex = None
    return pairs


def sanitized(outputs: list) -> str:
    text = json.dumps(outputs, sort_keys=True)
    for regex, replace in sanitizers():
        text = regex.sub(replace, text)
    return text


@dataclass
class LiveRun:
    path: Path
    reference: Path  # the executed copy, outputs included
    pickers: list[str]
    # for each widget change: {"picker", "value", "takes", "before", "after"}
    changes: list[dict] = field(default_factory=list)


def _run(client, notebook, source: str) -> str:
    cell = nbformat.v4.new_code_cell(source)
    notebook.cells.append(cell)
    client.execute_cell(cell, len(notebook.cells) - 1)
    return "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")


PROBE = """
import inspect as _i, json as _j
_o = lambda w: [o if isinstance(o, str) else o[1] for o in w.options]
print(_j.dumps({
    "board": type(board).__name__,
    "pickers": {k: _o(w) for k, w in board.pickers.items()},
    "values": {k: w.value for k, w in board.pickers.items()},
    "takes": [sorted(set(_i.signature(f).parameters) & {"page", "evaluation", "years",
              "region", "district", "director_id"}) for f, _, _ in board._shown],
}))
"""

# what each figure of the board shows now: a live chart's spec (a pick redraws it in place,
# the cell's output stays the same widget), or the HTML / table rows
SHOWN = """
print(_j.dumps([slot.fingerprint() for _, _, slot in board._shown]))
"""


def _figure_outputs(client, notebook) -> list[str]:
    return [sanitized(shown) for shown in json.loads(_run(client, notebook, SHOWN))]


def _client(kernel: KernelSession, notebook):
    """A cell runner on the session's kernel (already started, namespace as left)."""
    from nbclient import NotebookClient

    client = NotebookClient(notebook, km=kernel.manager, timeout=CELL_TIMEOUT)
    client.kc = kernel.client
    return client


def live_run(kernel: KernelSession, path: Path, workdir: Path) -> LiveRun:
    notebook = nbformat.read(path, as_version=4)
    kernel.run(notebook, path.name, CELL_TIMEOUT)  # in a fresh namespace; fails on an error
    client = _client(kernel, notebook)
    reference = workdir / path.name
    nbformat.write(copy.deepcopy(notebook), reference)
    probe = json.loads(_run(client, notebook, PROBE))
    run = LiveRun(path, reference, sorted(probe["pickers"]))
    # 05's figures all take the what-if `result`, which the region, year and scenario
    # change in part only (its picks are checked in tests/whatif/test_notebook.py)
    figure_pickers = () if probe["board"] == "WhatIfBoard" else ("region", "director", "fy")
    for name in figure_pickers:
        if name not in probe["pickers"]:
            continue
        probe = json.loads(_run(client, notebook, PROBE))  # options follow earlier picks
        options, current = probe["pickers"][name], probe["values"][name]
        value = next(v for v in reversed(options) if v != current and v != "")
        before = _figure_outputs(client, notebook)
        _run(client, notebook, f"board.pickers[{name!r}].value = {value!r}")
        after = _figure_outputs(client, notebook)
        run.changes.append(
            {
                "picker": name,
                "value": value,
                "takes": probe["takes"],
                "before": before,
                "after": after,
            }
        )
    return run


# What nbval leaves out of a comparison (nbval.plugin.IPyNbFile.skip_compare): an output's
# metadata, a traceback, the execution count, and a widget's view (its model id is random).
SKIP_COMPARE = {
    "metadata",
    "traceback",
    "prompt_number",
    "output_type",
    "name",
    "execution_count",
    "application/vnd.jupyter.widget-view+json",
    "image/png",
    "image/jpeg",
}


def compared(outputs: list) -> dict[str, list]:
    """A cell's outputs as nbval compares them: streams of one name joined, each output's
    fields (a display's data by MIME type) in a list per field, sanitized."""
    from nbval.plugin import coalesce_streams, transform_streams_for_comparison

    fields: dict[str, list] = {}
    nodes = [nbformat.from_dict(copy.deepcopy(o)) for o in outputs]
    for output in transform_streams_for_comparison(coalesce_streams(nodes)):
        for key, value in output.items():
            if key in SKIP_COMPARE:
                continue
            items = value.items() if key == "data" else [(key, value)]
            for field_name, item in items:
                if field_name not in SKIP_COMPARE:
                    fields.setdefault(field_name, []).append(sanitized(item))
    return fields


def rerun_differences(kernel: KernelSession, run: LiveRun) -> list[str]:
    """Run the notebook again (fresh namespace) and say each code cell whose outputs differ
    from the reference's, as nbval would (an error in a cell fails the run)."""
    notebook = nbformat.read(run.path, as_version=4)
    kernel.run(notebook, run.path.name, CELL_TIMEOUT)
    reference = nbformat.read(run.reference, as_version=4)
    differences = []
    cells = zip(reference.cells, notebook.cells, strict=True)
    for index, (ref, new) in enumerate(cells):
        if ref.cell_type == "code" and compared(ref.outputs) != compared(new.outputs):
            differences.append(
                f"cell {index}: {compared(ref.outputs)!s:.1500} != {compared(new.outputs)!s:.1500}"
            )
    return differences
