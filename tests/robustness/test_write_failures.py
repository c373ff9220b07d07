"""Issue 23: writes that fail half way, in every command that writes: a full disk, a file
name too long, a folder removed while writing.

Each ends with exit code 2 and one `tdceu: error:` line naming the file, no output left
half-written under its own name (no temporary `.partial` file either) and an earlier
output of the same name as it was.

The full disk is a real one when this process may mount a 64 KB tmpfs (root on Linux);
the same cases also run everywhere with the write patched to fail half way (ENOSPC after
half the bytes), as polars and xlsxwriter fail on a full disk.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import polars as pl
import pytest
from bad_input import AS_OF, Run, assert_clean_failure, copy_sample, run_cli

import tdceu_analysis.io.write as write_module

EXPORT = Path(__file__).resolve().parents[2] / "tdceu_analysis/data/talentlms/example-export.csv"
DISK_BYTES = 64 * 1024
LONG = "x" * 300  # longer than any file name may be (255)


def outputs_left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def no_partials(*folders: Path) -> None:
    for folder in folders:
        if folder.exists():
            assert not [p for p in folder.rglob("*") if ".partial" in p.name], outputs_left(folder)


# ---------------------------------------------------------------------------
# A full disk: a real tmpfs, or a write patched to fail half way
# ---------------------------------------------------------------------------


def _mount_tmpfs(folder: Path) -> bool:
    """Mount a 64 KB tmpfs at `folder` (root on Linux); False when that cannot be done (or
    TDCEU_TEST_NO_TMPFS is set, to run the patched cases alone as elsewhere)."""
    if os.environ.get("TDCEU_TEST_NO_TMPFS") or shutil.which("mount") is None:
        return False
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs", str(folder)],
        capture_output=True,
    )
    return done.returncode == 0


def unmount(folder: Path) -> None:
    done = subprocess.run(["umount", str(folder)], capture_output=True, text=True)
    if done.returncode != 0:  # a file still open in it (a reader's handle): detach it now
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, leave: int = 0) -> None:
    """Fill the disk under `folder` but `leave` bytes (4096: one tmpfs page)."""
    free = shutil.disk_usage(folder).free
    with (folder / "filler").open("wb") as handle:
        handle.write(b"\0" * max(free - leave, 0))


def _half_then_full(original: Callable) -> Callable:
    """A polars/xlsxwriter-style writer that writes half its bytes, then finds the disk
    full (polars' message: 'No space left on device (os error 28)', no errno)."""

    def write(frame: pl.DataFrame, target=None, *args, **kwargs):
        buffer = io.BytesIO()
        original(frame, buffer, *args, **kwargs)
        data = buffer.getvalue()[: max(1, len(buffer.getvalue()) // 2)]
        if hasattr(target, "write"):
            target.write(data)
        else:
            Path(target).write_bytes(data)
        raise OSError("No space left on device (os error 28)")

    return write


def _bytes_half_then_full(self: Path, data: bytes) -> int:
    """Path.write_bytes on a disk that fills up half way."""
    with self.open("wb") as handle:
        handle.write(data[: len(data) // 2])
    raise OSError(errno.ENOSPC, "No space left on device", str(self))


@pytest.fixture(params=["tmpfs", "patched"])
def full_disk(request, tmp_path, monkeypatch) -> Iterator[Callable[[], None]]:
    """A folder `tmp_path / 'disk'` and a function that makes its disk full."""
    disk = tmp_path / "disk"
    if request.param == "tmpfs":
        if not _mount_tmpfs(disk):
            pytest.skip("cannot mount a tmpfs here (needs root on Linux): the patched case runs")
        yield lambda leave=0: fill(disk, leave)
        unmount(disk)
        return
    disk.mkdir()

    def full(leave: int = 0) -> None:
        monkeypatch.setattr(pl.DataFrame, "write_csv", _half_then_full(pl.DataFrame.write_csv))
        monkeypatch.setattr(write_module.Path, "write_bytes", _bytes_half_then_full)

    yield full


def assert_disk_full(run: Run, *names: str) -> None:
    """Exit 2, one `tdceu: error:` line (a progress bar may be on stderr too) saying which
    file could not be written because the disk is full."""
    assert run.code == 2, run.err
    assert "Traceback" not in run.err
    errors = [line for line in run.err.splitlines() if line.startswith("tdceu: error:")]
    assert len(errors) == 1, run.err
    assert "could not write" in errors[0] and "disk is full" in errors[0], errors
    assert any(name in errors[0] for name in names), (names, errors)


EARLIER = b"an earlier run's file\n"


def test_evaluate_on_a_full_disk_leaves_the_earlier_run(full_disk, tmp_path, capsys):
    folder = copy_sample(tmp_path)
    out = tmp_path / "disk" / "out"
    out.mkdir()
    for name in ("summary.csv", "ledger.csv", "rejects.csv"):
        (out / name).write_bytes(EARLIER)
    full_disk(leave=4096)  # room for the first file, not the second
    argv = ["evaluate", "--data", str(folder), "--fy", "2026", "--as-of", AS_OF]
    run = run_cli(capsys, *argv, "--out", str(out))
    assert_disk_full(run, "summary.csv", "ledger.csv", "rejects.csv")
    # renamed together: the earlier three as they were, none of this run's
    for name in ("summary.csv", "ledger.csv", "rejects.csv"):
        assert (out / name).read_bytes() == EARLIER
    no_partials(out)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_report_state_on_a_full_disk_writes_nothing(suffix, full_disk, tmp_path, capsys):
    folder = copy_sample(tmp_path)
    target = tmp_path / "disk" / f"state{suffix}"
    full_disk()
    argv = ["report", "state", "--data", str(folder), "--fy", "2026", "--as-of", AS_OF]
    run = run_cli(capsys, *argv, "--provisional", "--out", str(target))
    assert_disk_full(run, "state")
    assert [n for n in outputs_left(tmp_path / "disk") if n.startswith("state")] == []
    no_partials(tmp_path / "disk")


def test_report_at_risk_on_a_full_disk_writes_nothing(full_disk, tmp_path, capsys):
    folder = copy_sample(tmp_path)
    target = tmp_path / "disk" / "risk.xlsx"
    full_disk()
    argv = ["report", "at-risk", "--data", str(folder), "--fy", "2026", "--as-of", "2026-06-30"]
    run = run_cli(capsys, *argv, "--out", str(target))
    assert_disk_full(run, "risk.xlsx")
    assert not target.exists()
    no_partials(tmp_path / "disk")


def test_synth_sample_on_a_full_disk_writes_no_file(full_disk, tmp_path, capsys):
    out = tmp_path / "disk" / "sample"
    full_disk()
    run = run_cli(capsys, "synth", "--sample", "--out", str(out))
    assert_disk_full(run, "districts.csv", "directors.csv", "records.csv")
    assert [n for n in outputs_left(out) if n.endswith(".csv")] == []
    no_partials(out)


def test_import_talentlms_on_a_full_disk_writes_no_file(full_disk, tmp_path, capsys):
    target = tmp_path / "disk" / "records-talentlms.csv"
    full_disk()
    run = run_cli(capsys, "import", "talentlms", str(EXPORT), "--out", str(target))
    assert_disk_full(run, "records-talentlms.csv")
    assert not target.exists()
    no_partials(tmp_path / "disk")


def test_synth_scale_on_a_full_disk_leaves_no_records_file(tmp_path, capsys):
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk):
        pytest.skip("cannot mount a tmpfs here (needs root on Linux)")
    try:
        run = run_cli(capsys, "synth", "--directors", "2000", "--years", "2", "--out", str(disk))
        assert_disk_full(run, ".parquet")
        assert "records.parquet" not in outputs_left(disk)
        no_partials(disk)
    finally:
        unmount(disk)


# ---------------------------------------------------------------------------
# A name too long
# ---------------------------------------------------------------------------

NAME_CASES = [
    ("evaluate", lambda t, f: ["evaluate", "--data", str(f), "--fy", "2026",
                               "--out", str(t / LONG)]),
    ("report state", lambda t, f: ["report", "state", "--data", str(f), "--fy", "2026",
                                   "--provisional", "--out", str(t / f"{LONG}.csv")]),
    ("report at-risk", lambda t, f: ["report", "at-risk", "--data", str(f), "--fy", "2026",
                                     "--out", str(t / f"{LONG}.xlsx")]),
    ("synth", lambda t, f: ["synth", "--sample", "--out", str(t / LONG / "sample")]),
    ("build", lambda t, f: ["build", "--data", str(f), "--fy", "2026", "--out", str(t / LONG)]),
    ("import talentlms", lambda t, f: ["import", "talentlms", str(EXPORT), "--out",
                                       str(t / f"{LONG}.csv")]),
]  # fmt: skip


@pytest.mark.parametrize("case", NAME_CASES, ids=lambda case: case[0])
def test_a_name_too_long_is_one_line(case, tmp_path, capsys):
    _, argv = case
    run = run_cli(capsys, *argv(tmp_path, copy_sample(tmp_path)))
    assert_clean_failure(run, "too long")
    assert "xxxxxxxxxx" in run.err  # it names the name
    assert [n for n in outputs_left(tmp_path) if n.startswith("xxx")] == []


def test_a_sibling_name_too_long_writes_none_of_the_files(tmp_path, capsys):
    """`state<250 x>.csv` fits, its sibling `...-not-met.csv` does not: neither is written
    (the names are checked before anything is)."""
    folder = copy_sample(tmp_path)
    target = tmp_path / ("y" * 250 + ".csv")
    argv = ["report", "state", "--data", str(folder), "--fy", "2026", "--provisional"]
    run = run_cli(capsys, *argv, "--out", str(target))
    assert_clean_failure(run, "-not-met.csv", "too long")
    assert not target.exists()
    no_partials(tmp_path)


# ---------------------------------------------------------------------------
# The output folder removed while writing
# ---------------------------------------------------------------------------


def test_evaluate_with_its_folder_removed_while_writing(tmp_path, capsys, monkeypatch):
    folder = copy_sample(tmp_path)
    out = tmp_path / "out"
    original = write_module._write_csv_file
    written: list[Path] = []

    def write_then_remove(frame, path, bom):
        original(frame, path, bom)
        written.append(path)
        if len(written) == 2:  # someone removes the folder between two files
            shutil.rmtree(out)

    monkeypatch.setattr(write_module, "_write_csv_file", write_then_remove)
    argv = ["evaluate", "--data", str(folder), "--fy", "2026", "--as-of", AS_OF]
    run = run_cli(capsys, *argv, "--out", str(out))
    assert_clean_failure(run, "could not write", "folder is gone")
    assert "rejects.csv" in run.err
    assert not out.exists()


def test_report_xlsx_with_its_folder_removed_while_writing(tmp_path, capsys, monkeypatch):
    folder = copy_sample(tmp_path)
    target = tmp_path / "reports" / "risk.xlsx"
    real = Path.write_bytes

    def write_then_remove(self: Path, data: bytes) -> int:
        written = real(self, data)
        if self.name.endswith(".partial"):  # the workbook is written; its folder goes
            shutil.rmtree(self.parent)
        return written

    monkeypatch.setattr(write_module.Path, "write_bytes", write_then_remove)
    argv = ["report", "at-risk", "--data", str(folder), "--fy", "2026", "--as-of", "2026-06-30"]
    run = run_cli(capsys, *argv, "--out", str(target))
    assert_clean_failure(run, "risk.xlsx", "folder is gone")
    assert not target.parent.exists()


# ---------------------------------------------------------------------------
# One real build that fails: the disk fills up under its pages
# ---------------------------------------------------------------------------


@pytest.mark.slow
def test_a_build_on_a_full_disk_leaves_no_index(tmp_path, capsys, monkeypatch):
    """A real `tdceu build` (no images) whose pages do not fit: one `tdceu: error:` line
    naming a page, no index.html (an earlier build's is removed first), nothing partial."""
    disk = tmp_path / "disk"
    mounted = _mount_tmpfs(disk)
    if not mounted:  # the same failure, patched: every page write finds the disk full
        disk.mkdir(exist_ok=True)

        def full(path, text):
            with write_module.replacing(path) as partial:
                partial.write_text(text[:100], encoding="utf-8")
                raise OSError("No space left on device (os error 28)")

        monkeypatch.setattr("tdceu_analysis.report.build.write_text", full)
    try:
        (disk / "index.html").write_text("<html>an earlier build</html>", encoding="utf-8")
        folder = copy_sample(tmp_path)
        argv = ["build", "--data", str(folder), "--fy", "2026", "--as-of", AS_OF, "--no-images"]
        run = run_cli(capsys, *argv, "--out", str(disk))
        assert run.code == 2, run.err
        errors = [line for line in run.err.splitlines() if line.startswith("tdceu: error:")]
        assert len(errors) == 1, run.err
        assert "disk is full" in errors[0] and ".html" in errors[0], errors
        assert "Traceback" not in run.err
        assert not (disk / "index.html").exists()
        no_partials(disk)
    finally:
        if mounted:
            unmount(disk)


def test_chart_images_on_a_full_disk_are_one_error_naming_the_file(tmp_path):
    """The build's SVG/PNG copies are written by a converter process: a full disk there is
    the same one line (a UserError naming the image), and no partial image is left."""
    from tdceu_analysis.errors import UserError
    from tdceu_analysis.report.images import ChartConverter

    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk):
        pytest.skip("cannot mount a tmpfs here (needs root on Linux)")
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": [{"a": 1}]},
        "mark": "bar",
        "encoding": {"x": {"field": "a", "type": "quantitative"}},
    }
    try:
        (disk / "figures").mkdir()
        fill(disk)
        with ChartConverter() as converter, pytest.raises(UserError) as refused:
            converter.write([("chart", spec)], disk / "figures")
        assert "disk is full" in str(refused.value) and ".svg" in str(refused.value)
        assert outputs_left(disk / "figures") == []
    finally:
        unmount(disk)
