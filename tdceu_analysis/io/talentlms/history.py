"""The import's own file: written only where the import wrote before, and kept as history.

How the import knows a file is its own: beside every file it writes, in the data
folder's `.tdceu/` folder, it keeps `<file>.import.json` (the tool, its version, the
export read and a sha256 of the bytes written) and `<file>.as-written` (a copy of
those bytes). A target with no such record, or whose bytes no longer match it (a
person typed or changed rows), is refused, `--force` included: typed rows are never
overwritten. `.tdceu/` is a hidden folder and its names end in .json / .as-written,
so no reader ever takes them for a records file (`records-*.csv|xlsx|parquet`).

Re-imports keep history: TalentLMS forgets a completion when a course is reset, so
an export may hold fewer completions than the last one. The new file holds every
completion imported before (in its place, refreshed from the export when the export
still has it) and the export's new ones after them; the ones the export no longer
has are kept and counted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import polars as pl

from tdceu_analysis.errors import UserError, os_error_in
from tdceu_analysis.io.write import FORMULA_PATTERN, csv_bytes, replacing_together, write_error

TOOL = "tdceu import talentlms"
MARKER_FOLDER = ".tdceu"
# where typed rows belong (README, `init`): named in the refusals
TYPED_RECORDS_FILE = "records-manual.csv"


def marker_path(target: Path) -> Path:
    """`DIR/.tdceu/<name>.import.json`: the record that the import wrote `DIR/<name>`."""
    return target.parent / MARKER_FOLDER / f"{target.name}.import.json"


def written_copy_path(target: Path) -> Path:
    """`DIR/.tdceu/<name>.as-written`: the bytes the import last wrote."""
    return target.parent / MARKER_FOLDER / f"{target.name}.as-written"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _version() -> str:
    try:
        return metadata.version("tdceu-analysis")
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        return "unknown"


def previous_import(target: Path) -> pl.DataFrame | None:
    """What the import wrote to `target` before (None if there is no such file).

    A UserError if `target` exists and was not written by the import, or was changed
    after: it may hold rows a person typed, and those are never overwritten.
    """
    if not target.exists():
        return None
    marker = marker_path(target)
    where = f"{MARKER_FOLDER}/{marker.name}"
    try:
        written = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        written = None
    if not isinstance(written, dict) or written.get("tool") != TOOL:
        written = None
    if written is None and not _as_written(target, None):
        raise UserError(
            f"{target} was not written by '{TOOL}' (there is no {where} in its folder), so it may "
            "hold rows a person typed and is never overwritten, --force included: import into "
            "a file of the import's own (records-talentlms.csv, the default with --data) and "
            f"keep typed rows in {TYPED_RECORDS_FILE} or another records-<name> file"
        )
    if written is not None and not _as_written(target, written.get("sha256")):
        raise UserError(
            f"{target} was changed after the import wrote it (its bytes no longer match the "
            f"sha256 in {where}), so it is not overwritten, --force included: move the rows "
            f"you typed into {TYPED_RECORDS_FILE}, copy {MARKER_FOLDER}/"
            f"{written_copy_path(target).name} back over {target.name}, and import again"
        )
    return _as_imported(pl.read_csv(target, infer_schema=False, encoding="utf8-lossy"))


def _as_written(target: Path, sha256: object) -> bool:
    """True if `target` holds the bytes the import wrote: the marker's sha256, or the copy
    in `.tdceu/` (an import stopped between its renames: copy and file new, marker old)."""
    data = target.read_bytes()
    if _sha256(data) == sha256:
        return True
    copy = written_copy_path(target)
    return copy.exists() and copy.read_bytes() == data


def _as_imported(frame: pl.DataFrame) -> pl.DataFrame:
    """The values as the import had them before the writer's "'" made formula-like cells
    safe (it adds the "'" again when writing: the bytes stay the same)."""
    frame = frame.rename({name: name.lstrip("\ufeff") for name in frame.columns})
    neutralised = "^'" + FORMULA_PATTERN.removeprefix("^")
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(neutralised))
        .then(pl.col(name).str.slice(1))
        .otherwise(pl.col(name))
        .alias(name)
        for name in frame.columns
    )


@dataclass(frozen=True)
class MergedHistory:
    """The file to write and what changed against the last import."""

    records: pl.DataFrame
    before: int  # completions in the file before
    added: int  # new completions from this export
    refreshed: int  # completions in both whose values changed (e.g. the mapping's hours)
    kept_missing: pl.DataFrame  # completions of the file this export no longer has: kept


def merge_history(previous: pl.DataFrame | None, current: pl.DataFrame) -> MergedHistory:
    """Every completion of `previous` (refreshed from `current` where it has the same
    record_id) in its place, then `current`'s new ones: nothing imported before is lost."""
    columns = current.columns
    if previous is None or previous.height == 0:
        empty = current.clear()
        return MergedHistory(current, 0, current.height, 0, empty)
    previous = previous.select(
        pl.col(name) if name in previous.columns else pl.lit(None, pl.String).alias(name)
        for name in columns
    )
    compared = [name for name in columns if name not in ("record_id", "source")]
    fresh = current.rename({name: f"{name}__new" for name in columns if name != "record_id"})
    joined = (
        previous.with_row_index("order")
        .join(fresh, on="record_id", how="left")
        .sort("order")  # the file's order, whatever the join does
    )
    in_export = pl.col("source__new").is_not_null()
    changed = pl.any_horizontal(
        pl.col(name).ne_missing(pl.col(f"{name}__new")) for name in compared
    )
    kept = joined.select(
        "record_id",
        *(
            pl.when(in_export).then(pl.col(f"{name}__new")).otherwise(pl.col(name)).alias(name)
            for name in columns
            if name != "record_id"
        ),
    ).select(columns)
    refreshed = joined.filter(in_export & changed).height
    missing = joined.filter(~in_export).select(columns)
    new = (
        current.with_row_index("order")
        .join(previous.select("record_id"), on="record_id", how="anti")
        .sort("order")
        .drop("order")
    )
    return MergedHistory(pl.concat([kept, new]), previous.height, new.height, refreshed, missing)


def write_own_file(records: pl.DataFrame, target: Path, export_name: str) -> None:
    """`target` (CSV, formula-safe) and its record in `.tdceu/`: tool, version, sha256.

    All three are written whole to temporaries first, then renamed copy, file, marker: an
    import stopped at any point leaves a file the next import still knows as its own
    (`_as_written`) and never a marker naming bytes that were not written.
    """
    copy, marker = written_copy_path(target), marker_path(target)
    with replacing_together([copy, target, marker]) as (copy_tmp, target_tmp, marker_tmp):
        try:
            data = csv_bytes(records, bom=True)  # Excel reads accented names right
            target_tmp.write_bytes(data)
            copy_tmp.write_bytes(data)
        except Exception as problem:  # the copy is part of the file: name the one asked for
            inner = os_error_in(problem)  # (polars wraps a full disk in its own errors)
            if inner is None:
                raise
            raise write_error(target, inner) from None
        marker_tmp.write_text(
            json.dumps(
                {
                    "tool": TOOL,
                    "version": _version(),
                    "file": target.name,
                    "sha256": _sha256(data),
                    "rows": records.height,
                    "export": export_name,
                    "written_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "note": f"written by {TOOL}; a file whose bytes no longer match is not "
                    "overwritten (see the README, 'Importing TalentLMS')",
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
