"""4. Live notebooks (issue 13): a pick, kernel side and in the browser."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sections.common import (
    ROOT,
    Row,
    row,
)

# ---------------------------------------------------------------------------
# 4. Live notebooks (issue 13): a pick, kernel side and in the browser
# ---------------------------------------------------------------------------

LIVE_NOTEBOOKS = ROOT / "tdceu_analysis" / "notebooks"
LAB_RESULTS = ROOT / "test-artifacts" / "jupyterlab"


def notebook_shell(path: Path) -> dict[str, Any]:
    """Run a notebook's code cells (as committed: live) in an IPython shell of this
    process, its displays thrown away; the namespace (with its `board`) comes back."""
    import jupytext
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        for cell in jupytext.read(path).cells:
            if cell.cell_type == "code":
                result = shell.run_cell(cell.source, silent=True)
                if not result.success:
                    raise RuntimeError(f"{path.name}: {result.error_in_exec!r}")
    return shell.user_ns


def other_value(picker: Any) -> list[Any]:
    """Values a picker can be set to (a searchable picker's labels; a dropdown's values)."""
    values = [o if isinstance(o, str) else o[1] for o in picker.options]
    return [v for v in values if v not in ("", picker.value)]


def kernel_pick_rows(section: str, repeats: int, smoke: bool) -> list[Row]:
    """Each picker of each notebook set as a person would, timed until every figure of the
    page was rebuilt and its new spec or HTML handed to the widget (the kernel's part)."""
    rows = []
    for path in sorted(LIVE_NOTEBOOKS.glob("0[1-5]_*.py")):
        namespace = notebook_shell(path)
        board = namespace["board"]
        thread = getattr(board, "prefetching", None)
        if thread is not None:
            thread.join()  # an analyst picks a year seconds after Run All: it is prefetched
        for name, picker in list(board.pickers.items()):
            values = other_value(picker)[: 2 if smoke else 6]
            if not values:
                continue
            start = picker.value
            times = []
            with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
                for _ in range(repeats):
                    for value in [*values, start]:
                        began = time.perf_counter()
                        picker.value = value
                        times.append(time.perf_counter() - began)
            times.sort()
            median = times[len(times) // 2]
            rows.append(
                row(
                    section,
                    f"kernel: {name} pick, page {path.stem[:2]}",
                    "5,779 records",
                    median * 1000,
                    "ms",
                    ("<", 50),
                    note=f"{path.stem}: {len(board._shown)} figures redrawn (charts as new specs "
                    f"of their LiveChart); median of {len(times)} picks"
                    + ("; years prefetched after Run All" if name == "fy" else ""),
                )
            )
    return rows


def browser_pick_rows(section: str, smoke: bool) -> list[Row]:
    """The JupyterLab test (Playwright, Debian's chromium, no network): Run All, then each
    pick timed from the pick to the end of the last chart it redrew; ratio to the demo
    notebook's pick (two small charts: the floor of a pick's round trip)."""
    if smoke:
        return [row(section, "browser picks", "5 notebooks", None, "ms", note="not in --smoke")]
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(ROOT / "tests" / "notebooks" / "test_jupyterlab.py")],
        cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False,
        env={**os.environ, "TDCEU_TIME_PICKS": "1"},  # each pick timed to its last redraw
    )  # fmt: skip
    found = {p.stem: json.loads(p.read_text()) for p in sorted(LAB_RESULTS.glob("*.json"))}
    demo = found.pop("jupyterlab_demo", {}).get("picks_ms", {})
    floor = sorted(demo.values())[len(demo) // 2] if demo else None
    rows = []
    for stem, measured in found.items():
        for label, ms in measured.get("picks_ms", {}).items():
            redrawn = measured.get("picks_redrawn", {}).get(label, 0)
            rows.append(
                row(
                    section,
                    f"browser: {label.lower()} pick, page {stem[:2]}",
                    "5,779 records",
                    ms,
                    "ms",
                    ("<", 300),
                    note=f"{stem}: pick to the last of {redrawn} charts redrawn (JupyterLab, "
                    f"headless chromium); charts drawn after Run All: "
                    f"{measured.get('charts_drawn')} of {measured.get('chart_outputs')}",
                )
            )
            if floor:
                rows.append(
                    row(
                        section,
                        f"ratio browser {label.lower()} pick / floor, page {stem[:2]}",
                        "5,779 records",
                        ms / floor,
                        "x",
                        note=f"floor: the demo notebook's pick (two small charts), {floor:.0f} ms",
                    )
                )
    return rows


def live_section(args, tmp: Path) -> list[Row]:
    section = "4. Live notebooks"
    repeats = 1 if args.smoke else 3
    return kernel_pick_rows(section, repeats, args.smoke) + browser_pick_rows(section, args.smoke)
