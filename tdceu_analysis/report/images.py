"""The charts of a page as SVG and PNG files (vl-convert, in a process of its own), for
slide decks: `OUT/figures/NN_name/NN_chart.svg` and `.png`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tdceu_analysis.figures.figure import chart_name
from tdceu_analysis.io.write import write_error

# processes drawing chart images: two on two cores or more. Drawing is most of an image
# build's work (an every-year build's ~150 charts take longer than its kernel takes to run
# every page): while the kernel runs they share the cores with it, once it is done the
# charts left are drawn on both.
CONVERTERS = 2 if (os.cpu_count() or 1) >= 2 else 1


def image_stems(specs: Sequence[tuple[str, dict[str, Any]]]) -> list[str]:
    """`NN_name` of each chart (its name from `finish`, numbered on the page)."""
    stems = []
    seen: dict[str, int] = {}
    for number, (_, spec) in enumerate(specs, start=1):
        name = chart_name(spec) or "chart"
        seen[name] = seen.get(name, 0) + 1
        stems.append(f"{number:02d}_{name}" + (f"_{seen[name]}" if seen[name] > 1 else ""))
    return stems


# The converter process: one JSON line in per chart (spec, svg path, png path), one out.
# vl-convert holds the GIL while it draws (0.1-0.3 s a chart), which would stall the threads
# that drive the kernels; in a process of its own it also gets the other core.
CONVERTER = """
import json, os, secrets, sys
import vl_convert

def write(path, data):
    # whole or not at all: a temporary file beside it, renamed when complete
    folder = os.path.dirname(path)
    partial = os.path.join(folder, ".tdceu-" + secrets.token_hex(6) + ".partial")
    try:
        with open(partial, "wb") as file:
            file.write(data)
        os.replace(partial, path)
    except OSError:
        try:
            os.unlink(partial)
        except OSError:
            pass
        raise

drawn = {}  # spec -> (svg, png): a chart drawn once per build (a year's pages repeat some)
for line in sys.stdin:
    job = json.loads(line)
    target = job["svg"]
    try:
        key = json.dumps(job["spec"], sort_keys=True)
        if key not in drawn:
            svg = vl_convert.vegalite_to_svg(job["spec"]).encode("utf-8")
            # the PNG from the SVG: what vegalite_to_png does, without running vega again
            drawn[key] = svg, vl_convert.svg_to_png(svg.decode("utf-8"), scale=2)
        svg, png = drawn[key]
        write(target, svg)
        target = job["png"]
        write(target, png)
        print(json.dumps({"done": job["svg"]}), flush=True)
    except OSError as problem:
        print(json.dumps({"failed": target, "errno": problem.errno,
                          "why": problem.strerror or str(problem)}), flush=True)
    except Exception as problem:
        print(json.dumps({"failed": target, "why": f"{type(problem).__name__}: {problem}"}),
              flush=True)
"""


class ChartConverter:
    """Processes that write charts as SVG and PNG (vl-convert), started on first use; a
    page's charts are shared out between them."""

    def __init__(self, processes: int = CONVERTERS) -> None:
        self.count = max(1, processes)
        self.processes: list[subprocess.Popen[str]] = []

    def __enter__(self) -> ChartConverter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        processes, self.processes = self.processes, []
        for process in processes:
            process.stdin.close()  # type: ignore[union-attr]  # (its loop ends)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def write(self, specs: Sequence[tuple[str, dict[str, Any]]], folder: Path) -> list[Path]:
        """Each chart as `folder/NN_name.svg` and `.png`; the files, in chart order."""
        while len(self.processes) < min(self.count, len(specs)):
            self.processes.append(
                subprocess.Popen(
                    [sys.executable, "-c", CONVERTER],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                    encoding="utf-8",
                )
            )
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        sent = [0] * len(self.processes)
        for stem, (_, spec) in zip(image_stems(specs), specs, strict=True):
            svg, png = folder / f"{stem}.svg", folder / f"{stem}.png"
            line = json.dumps({"spec": spec, "svg": str(svg), "png": str(png)}) + "\n"
            # the same spec always goes to the same process, which draws it once per build
            which = zlib.crc32(json.dumps(spec).encode("utf-8")) % len(self.processes)
            self.processes[which].stdin.write(line)  # type: ignore[union-attr]
            self.processes[which].stdin.flush()  # type: ignore[union-attr]
            sent[which] += 1
            written += [svg, png]
        failed = []
        unwritten: OSError | None = None  # a full disk, a folder removed: one line
        for process, count in zip(self.processes, sent, strict=True):
            for _ in range(count):  # (every answer is read: the next page's stay in step)
                line = process.stdout.readline()  # type: ignore[union-attr]
                if not line:
                    self.close()
                    raise RuntimeError("tdceu build: a chart image converter stopped")
                answer = json.loads(line)
                if "errno" in answer and unwritten is None:
                    unwritten = OSError(answer["errno"], answer["why"], answer["failed"])
                elif "failed" in answer:
                    failed.append(f"{answer['failed']}: {answer['why']}")
        if unwritten is not None:
            raise write_error(Path(unwritten.filename), unwritten)
        if failed:
            raise RuntimeError(f"tdceu build: a chart image failed: {'; '.join(failed)}")
        return written
