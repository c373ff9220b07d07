"""Run every dashboard notebook live (as committed, widgets on) once per session.

Each notebook runs in a fresh kernel; the executed copy (outputs included) is kept
as the reference for nbval, and the kernel stays open long enough to change the
notebook's widgets and record what the figures show afterwards.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from tdceu_analysis.report.run import discover_notebooks

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


def _kernel_manager():
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import KernelManager

    class ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name="test",
                language="python",
            )

    return KernelManager(kernel_name="test-python", kernel_spec_manager=ThisPython())


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


def live_run(path: Path, workdir: Path) -> LiveRun:
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        km=_kernel_manager(),
        timeout=CELL_TIMEOUT,
        startup_timeout=120,
        resources={"metadata": {"path": str(workdir)}},
    )
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
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


@pytest.fixture(scope="session")
def live_runs(tmp_path_factory) -> dict[str, LiveRun]:
    workdir = tmp_path_factory.mktemp("live")
    return {path.name: live_run(path, workdir) for path in discover_notebooks()}
