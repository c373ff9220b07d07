"""Read a data folder (or in-memory frames), check every row against the data
contract, and hand back typed frames plus one reject row per bad input row.

Nothing is dropped silently: for every input file, rows read = rows accepted +
rows rejected, and `_check_counts` raises if that ever fails to hold. This is
the I/O edge of the package; the rules below it only see typed frames.

Files are read by `io/read.py` and their rows checked by `io/validate.py`; this module
puts them together (`load_folder`, `load_frames`) and re-exports both's public names.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from tdceu_analysis.catalog import SHIPPED_CATALOG_NAME, merge_catalog, shipped_catalog_path
from tdceu_analysis.errors import UserError
from tdceu_analysis.fiscal import fiscal_year_of_date
from tdceu_analysis.io import contract as c
from tdceu_analysis.io.order import in_r5_order, remember_in_r5_order
from tdceu_analysis.io.read import (  # noqa: F401  (re-exported: the loader's readers)
    REJECT_SCHEMA,
    SOURCE_LINE,
    Table,
    _first_line,
    _line_offset,
    _normalise_headers,
    find_input_file,
    find_records_files,
    read_input,
    read_table,
)
from tdceu_analysis.io.validate import (  # noqa: F401  (re-exported: the contract's checks)
    EVENT_TYPED_SCHEMA,
    RECORD_TYPED_SCHEMA,
    SESSION_TYPED_SCHEMA,
    empty_sessions,
    record_ids_seen_before,
    validate_directors,
    validate_districts,
    validate_events,
    validate_records,
    validate_sessions,
)
from tdceu_analysis.policy import Policy, load_folder_policy, shipped_policy


@dataclass
class InputData:
    """Typed, validated inputs. `records` holds accepted rows only; `rejects` the rest.

    `sessions` is the year's calendar (optional file; empty frame of SESSION_TYPED_SCHEMA
    when the folder has none): scheduled sessions for plans, never counted as attended.
    """

    directors: pl.DataFrame
    districts: pl.DataFrame
    events: pl.DataFrame
    records: pl.DataFrame
    rejects: pl.DataFrame
    source: str
    row_counts: dict[str, int] = field(default_factory=dict)
    # the shipped policy merged with the folder's policy.toml: what `evaluate` uses
    policy: Policy = field(default_factory=shipped_policy)
    sessions: pl.DataFrame = field(default_factory=empty_sessions)
    # the file names read, by kind: several for records (records.csv, records-talentlms.csv)
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def accepted_counts(self) -> dict[str, int]:
        return {
            "districts": self.districts.height,
            "directors": self.directors.height,
            "records": self.records.height,
        }


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------


def _default_policy(base: Policy | None = None) -> Policy:
    """`base` (default: the shipped policy) in force today, or in its first year."""
    probe = base or shipped_policy()
    return probe.for_year(max(probe.first_fy, fiscal_year_of_date(dt.date.today(), probe)))


def _shipped_events() -> pl.DataFrame:
    """The shipped catalogue, read and validated once per process while its file stays the
    same (every load needs it: ~40 ms, more than half of a small folder's evaluate)."""
    path = shipped_catalog_path()
    stat = path.stat()
    return _validated_catalogue(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=2)  # keyed by the file's state: an edited file is read anew
def _validated_catalogue(path: str, mtime_ns: int, size: int) -> pl.DataFrame:
    frame = read_table(Path(path))
    events, rejects = validate_events(frame, SHIPPED_CATALOG_NAME)
    if rejects.height:  # (an exception is not cached: the next load says it again)
        first = rejects.row(0, named=True)
        raise UserError(f"the shipped catalogue is broken: line {first['line']}: {first['reason']}")
    return events


def load_frames(
    *,
    directors: pl.DataFrame,
    districts: pl.DataFrame,
    records: pl.DataFrame | Mapping[str, pl.DataFrame],
    events: pl.DataFrame | None = None,
    sessions: pl.DataFrame | None = None,
    source: str = "in-memory frames",
    names: Mapping[str, str] | None = None,
    policy: Policy | None = None,
) -> InputData:
    """Validate raw frames exactly like files (`names` gives each a file name for rejects).

    `records` is one frame, or several by file name (a folder's `records.csv`,
    `records-talentlms.csv`, ...): read as one table, a record_id in two of them is a reject.
    """
    policy = policy or _default_policy()
    names = {kind: f"{kind}" for kind in c.INPUT_FILES} | dict(names or {})
    record_parts = (
        [(names["records"], records)]
        if isinstance(records, pl.DataFrame)
        else list(records.items())
    )
    record_parts = [(name, _normalise_headers(frame, name)) for name, frame in record_parts]
    raw = {
        "directors": directors,
        "districts": districts,
        "events": events,
        "sessions": sessions,
    }
    raw = {
        kind: _normalise_headers(frame, names[kind]) if frame is not None else None
        for kind, frame in raw.items()
    }
    districts_t, district_rejects = validate_districts(raw["districts"], names["districts"])
    directors_t, director_rejects = validate_directors(
        raw["directors"],
        names["directors"],
        districts_t.get_column("district_code"),
        districts_t.select("district_code", "district_name"),
    )
    folder_events = None
    event_rejects = pl.DataFrame(schema=REJECT_SCHEMA)
    if raw["events"] is not None:
        folder_events, event_rejects = validate_events(raw["events"], names["events"])
    catalog = merge_catalog(_shipped_events(), folder_events)
    director_ids = directors_t.get_column("director_id")
    event_ids = catalog.get_column("event_id").unique()
    checked = [
        validate_records(frame, name, director_ids, event_ids, policy, earlier)
        for (name, frame), earlier in zip(
            record_parts, record_ids_seen_before(record_parts), strict=True
        )
    ]
    row_counts = {kind: frame.height for kind, frame in raw.items() if frame is not None}
    row_counts["records"] = sum(frame.height for _, frame in record_parts)
    record_files = tuple(name for name, _ in record_parts)
    # the raw records are not needed any more: let them go before the sorted copy is made
    del records, record_parts
    # R5 order (date, then record id read naturally): the order the ledger lists them
    # in, so that its columns are the records' own (no sorted copy of them is held)
    records_t = remember_in_r5_order(
        in_r5_order(
            pl.concat([typed for typed, _ in checked], how="vertical_relaxed")
            .cast(RECORD_TYPED_SCHEMA)
            .rechunk()
        )
    )
    record_rejects = [rejected for _, rejected in checked]
    del checked  # the validated parts, in file order: the sorted frame replaces them
    sessions_t, session_rejects = empty_sessions(), pl.DataFrame(schema=REJECT_SCHEMA)
    if raw["sessions"] is not None:
        sessions_t, session_rejects = validate_sessions(
            raw["sessions"],
            names["sessions"],
            catalog,
            districts_t.get_column("region"),
            policy,
        )
    rejects = pl.concat(
        [
            district_rejects,
            director_rejects,
            event_rejects,
            *record_rejects,
            session_rejects,
        ],
        how="vertical_relaxed",
    ).cast(REJECT_SCHEMA)
    files = {kind: (names[kind],) for kind, frame in raw.items() if frame is not None}
    files["records"] = record_files
    return InputData(
        directors=directors_t,
        districts=districts_t,
        events=catalog,
        records=records_t,
        rejects=rejects,
        source=source,
        row_counts=row_counts,
        policy=policy,
        sessions=sessions_t,
        files=files,
    )


def load_folder(folder: str | Path, policy: Policy | None = None) -> InputData:
    """Read and validate `folder`'s districts, directors, records and (optional) events and
    sessions files, with its policy.toml when there is one (`policy`, when given, is used
    instead). Every records file (`records.<ext>`, `records-<name>.<ext>`) is read."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"data folder '{folder}' does not exist or is not a folder")
    paths: dict[str, list[Path]] = {}
    # the order of the rejects
    for kind in ("districts", "directors", "events", "records", "sessions"):
        found = find_records_files(folder) if kind == "records" else []
        if kind != "records":
            path = find_input_file(folder, kind)
            found = [path] if path is not None else []
        if not found and kind in c.REQUIRED_FILES:
            also = (
                f" or records-NAME.csv; 'tdceu import talentlms EXPORT --data {folder}' writes "
                "records-talentlms.csv"
                if kind == "records"
                else ""
            )
            raise UserError(
                f"{folder} has no {kind} file (expected {kind}.csv, {kind}.xlsx or "
                f"{kind}.parquet{also})"
            )
        if found:
            paths[kind] = found
    tables = {path.name: read_input(path) for found in paths.values() for path in found}
    # what load_frames does not give back; the frames themselves are handed over, not
    # kept here, so that the raw records can be let go once they are validated
    read_rejects = {name: table.rejects for name, table in tables.items()}
    rows_read = {name: table.rows for name, table in tables.items()}
    frames = {name: table.frame for name, table in tables.items()}
    del tables

    def frame_of(kind: str) -> pl.DataFrame | None:
        return frames.pop(paths[kind][0].name) if kind in paths else None

    data = load_frames(
        directors=frame_of("directors"),
        districts=frame_of("districts"),
        records={path.name: frames.pop(path.name) for path in paths["records"]},
        events=frame_of("events"),
        sessions=frame_of("sessions"),
        source=str(folder),
        names={kind: found[0].name for kind, found in paths.items()},
        policy=policy or _default_policy(load_folder_policy(folder)),
    )
    # lines the CSV reader could not take are rejects of their file too
    unread = [rejected for rejected in read_rejects.values() if rejected.height]
    if unread:
        files = list(read_rejects)
        order = pl.col("file").replace_strict(files, range(len(files)), default=len(files))
        data.rejects = (
            pl.concat([data.rejects, *unread], how="vertical_relaxed")
            .cast(REJECT_SCHEMA)
            .sort(order, pl.col("line"), maintain_order=True)
        )
    data.row_counts = {
        kind: sum(rows_read[path.name] for path in found) for kind, found in paths.items()
    }
    return data


def files_read(data: InputData, kind: str = "records") -> str:
    """'records.csv, records-talentlms.csv': the files of `kind` the data was read from."""
    return ", ".join(data.files.get(kind, ()))


def records_files_note(files: Sequence[str]) -> str:
    """' (records.csv, records-talentlms.csv)' for a data line when the records came from
    more than the contract's one `records.<ext>` file; '' when they did not (the usual
    folder's line, and the shipped sample's, stay as short as they were)."""
    single = len(files) == 1 and Path(files[0]).stem.lower() == "records"
    return "" if single or not files else f" ({', '.join(files)})"
