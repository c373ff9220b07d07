"""The charts of a page as SVG and PNG files (vl-convert, in a process of its own), for
slide decks: `OUT/figures/NN_name/NN_chart.svg` and `.png`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tdceu_analysis.figures.figure import chart_name
from tdceu_analysis.io.write import write_error

# Two converter processes on two cores or more: one draws each chart's SVG (vega), the
# other turns each SVG into its PNG (resvg), chart by chart as the SVGs come, so a page's
# images take about the time of its SVGs. Drawing is most of an image build's work (an
# every-year build's ~150 charts take longer than its kernel takes to run every page).
# Every SVG is drawn in one process, in page order: vega numbers a legend's gradient
# (`gradient_N`) by how many it drew before in that process, so the files stay the same.
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


# A converter process: one JSON line in per image, one out. "svg": draw `spec` as SVG
# into `target`; "png": the SVG file `source` as PNG into `target`; "both" (one process
# does all): the SVG, then its PNG into `png`.
# vl-convert holds the GIL while it draws (0.1-0.3 s a chart), which would stall the threads
# that drive the kernels; in processes of their own they also get the other core.
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

def png_of(svg):
    # the PNG from the SVG: what vegalite_to_png does, without running vega again
    if svg not in rasters:
        rasters[svg] = vl_convert.svg_to_png(svg.decode("utf-8"), scale=2)
    return rasters[svg]

mode = sys.argv[1]
drawn = {}  # spec -> svg: a chart drawn once per build (a year's pages repeat some)
rasters = {}  # svg -> png
for line in sys.stdin:
    job = json.loads(line)
    target = job["target"]
    try:
        if mode == "png":
            with open(job["source"], "rb") as file:
                write(target, png_of(file.read()))
        else:
            key = json.dumps(job["spec"], sort_keys=True)
            if key not in drawn:
                drawn[key] = vl_convert.vegalite_to_svg(job["spec"]).encode("utf-8")
            write(target, drawn[key])
            if mode == "both":
                target = job["png"]
                write(target, png_of(drawn[key]))
        print(json.dumps({"done": target}), flush=True)
    except OSError as problem:
        print(json.dumps({"failed": target, "errno": problem.errno,
                          "why": problem.strerror or str(problem)}), flush=True)
    except Exception as problem:
        print(json.dumps({"failed": target, "why": f"{type(problem).__name__}: {problem}"}),
              flush=True)
"""


class ChartConverter:
    """Processes that write charts as SVG and PNG (vl-convert), started on first use: one
    drawing SVGs and one making PNGs of them (`processes` 2), or one doing both."""

    def __init__(self, processes: int = CONVERTERS) -> None:
        self.split = processes >= 2
        self.processes: dict[str, subprocess.Popen[str]] = {}

    def __enter__(self) -> ChartConverter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        processes, self.processes = list(self.processes.values()), {}
        for process in processes:
            process.stdin.close()  # type: ignore[union-attr]  # (its loop ends)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _process(self, mode: str) -> subprocess.Popen[str]:
        if mode not in self.processes:
            self.processes[mode] = subprocess.Popen(
                [sys.executable, "-c", CONVERTER, mode],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
        return self.processes[mode]

    @staticmethod
    def _send(process: subprocess.Popen[str], job: dict[str, Any]) -> None:
        process.stdin.write(json.dumps(job) + "\n")  # type: ignore[union-attr]
        process.stdin.flush()  # type: ignore[union-attr]

    def _answer(self, process: subprocess.Popen[str]) -> dict[str, Any]:
        line = process.stdout.readline()  # type: ignore[union-attr]
        if not line:
            self.close()
            raise RuntimeError("tdceu build: a chart image converter stopped")
        return json.loads(line)

    def write(self, specs: Sequence[tuple[str, dict[str, Any]]], folder: Path) -> list[Path]:
        """Each chart as `folder/NN_name.svg` and `.png`; the files, in chart order."""
        folder.mkdir(parents=True, exist_ok=True)
        if not specs:
            return []
        drawer = self._process("svg" if self.split else "both")
        written = []
        for stem, (_, spec) in zip(image_stems(specs), specs, strict=True):
            svg, png = folder / f"{stem}.svg", folder / f"{stem}.png"
            self._send(drawer, {"spec": spec, "target": str(svg), "png": str(png)})
            written += [svg, png]
        answers = []
        rasters = 0
        # (every answer is read: the next page's stay in step)
        for svg in written[::2]:
            answer = self._answer(drawer)
            answers.append(answer)
            if self.split and "done" in answer:  # its PNG while the next SVG is drawn
                self._send(self._process("png"), {"source": str(svg), "target": answer_png(svg)})
                rasters += 1
        answers += [self._answer(self.processes["png"]) for _ in range(rasters)]
        failed = []
        unwritten: OSError | None = None  # a full disk, a folder removed: one line
        for answer in answers:
            if "errno" in answer and unwritten is None:
                unwritten = OSError(answer["errno"], answer["why"], answer["failed"])
            elif "failed" in answer:
                failed.append(f"{answer['failed']}: {answer['why']}")
        if unwritten is not None:
            raise write_error(Path(unwritten.filename), unwritten)
        if failed:
            raise RuntimeError(f"tdceu build: a chart image failed: {'; '.join(failed)}")
        return written


def answer_png(svg: Path) -> str:
    """The PNG beside an SVG (same stem)."""
    return str(svg.with_suffix(".png"))
