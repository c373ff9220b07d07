"""Starting a new fiscal year's approved external list from last year's.

Without an approved row for its year, an external record counts 0 (R4). ALET publishes the
new list some time into the year; until then staff can carry last year's list forward:
`carry_forward` appends one row per line of year N-1's list (the shipped catalogue's and the
folder's own, as `load_folder` merges them) to the folder's `events.csv` with
`fiscal_year = N` and a `note` saying it is carried forward. It only appends: the bytes
already in the file stay as they are (the file is written whole, then renamed onto its
name), and a year that already has rows is refused.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tdceu_analysis.errors import UserError
from tdceu_analysis.fiscal import fy_label
from tdceu_analysis.io import contract as c
from tdceu_analysis.io.load import find_input_file, load_folder
from tdceu_analysis.io.read import read_table
from tdceu_analysis.io.schema import column_names
from tdceu_analysis.io.write import replacing

# The start of the note on every carried-forward row; `tdceu check` looks for it.
CARRIED_FORWARD = "carried forward from"


def carried_forward_note(from_fy: int) -> str:
    return f"{CARRIED_FORWARD} {fy_label(from_fy)} until ALET confirms the list"


def is_carried_forward(note: pl.Expr) -> pl.Expr:
    """True on a row whose note says it was carried forward (any case)."""
    return note.str.strip_chars().str.to_lowercase().str.starts_with(CARRIED_FORWARD)


@dataclass(frozen=True)
class CarriedForward:
    path: Path
    rows: pl.DataFrame  # the rows appended, in the file's columns
    created: bool  # events.csv did not exist and was written with the contract's header


def _external_list(events: pl.DataFrame, fy: int) -> pl.DataFrame:
    return events.filter((pl.col("category") == "external") & (pl.col("fiscal_year") == fy))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def carry_forward(folder: str | Path, from_fy: int, to_fy: int) -> CarriedForward:
    """Append year `from_fy`'s approved external list to `folder/events.csv` as `to_fy`'s."""
    folder = Path(folder)
    data = load_folder(folder)  # the folder must read (its events merged with the shipped)
    if to_fy <= from_fy:
        raise UserError(
            f"--to {to_fy} must be a later fiscal year than --from {from_fy}: a list is carried "
            "forward into a new year"
        )
    source = _external_list(data.events, from_fy)
    if source.height == 0:
        raise UserError(
            f"{fy_label(from_fy)} has no approved external list to carry forward (no external "
            "event has a row for that year in the shipped catalogue or the folder's events file)"
        )
    already = _external_list(data.events, to_fy)
    if already.height:
        raise UserError(
            f"{fy_label(to_fy)} already has {already.height} approved external row(s) "
            f"({', '.join(already['event_id'].head(3))}"
            f"{', ...' if already.height > 3 else ''}): nothing was written; edit events.csv "
            "by hand to add lines"
        )
    existing = find_input_file(folder, "events")
    path = folder / "events.csv"
    if existing is not None and existing.suffix.lower() != ".csv":
        raise UserError(
            f"{existing.name} is not a CSV file: carry-forward appends rows to events.csv; "
            f"save {existing.name} as events.csv (CSV UTF-8) and run it again"
        )
    if existing is not None:
        path = existing
        header = list(read_table(existing).columns)
        if "note" not in header:
            raise UserError(
                f"{existing.name} has no 'note' column, which marks each carried-forward row: "
                "add a column named note to its header line, then run this again"
            )
    else:
        header = list(column_names("events"))
    rows = source.select(
        [
            (
                pl.lit(to_fy, dtype=pl.Int32).alias(name)
                if name == "fiscal_year"
                else pl.lit(carried_forward_note(from_fy)).alias(name)
                if name == "note"
                else pl.col(name)
                if name in source.columns
                else pl.lit(None, dtype=pl.String).alias(name)
            )
            for name in header
        ]
    )
    before = path.read_bytes() if existing is not None else b""
    if before.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UserError(
            f"{path.name} is UTF-16 text: save it as CSV UTF-8 in Excel, then run this again"
        )
    # the file's own line breaks, so that the appended lines look like the others
    text = io.StringIO(newline="")
    line_break = "\r\n" if b"\r\n" in before else "\n"
    writer = csv.writer(text, lineterminator=line_break)
    if existing is None:
        writer.writerow(header)
    for row in rows.iter_rows():
        writer.writerow([_cell(value) for value in row])
    appended = text.getvalue().encode("utf-8")
    # the last line may lack its line break: add one, never touch a byte before it
    glue = b"" if not before or before.endswith((b"\n", b"\r")) else line_break.encode()
    # whole or not at all: the old bytes and the new rows go to a temporary file renamed
    # onto events.csv, so a full disk leaves the file as it was, not half a row longer
    with replacing(path) as temporary:
        temporary.write_bytes(before + glue + appended)
    return CarriedForward(path=path, rows=rows, created=existing is None)


def carried_forward_rows(folder: str | Path) -> pl.DataFrame:
    """(event_id, fiscal_year) of the folder's events rows marked as carried forward."""
    empty = pl.DataFrame(schema={"event_id": pl.String, "fiscal_year": pl.Int32})
    path = find_input_file(Path(folder), "events")
    if path is None:
        return empty
    raw = read_table(path)
    if "note" not in raw.columns or "event_id" not in raw.columns:
        return empty
    schema = raw.schema
    fiscal_year = (
        c.parse_integer("fiscal_year", schema["fiscal_year"])
        if "fiscal_year" in schema
        else pl.lit(None, dtype=pl.Int32)
    )
    return (
        raw.filter(is_carried_forward(c.blank_to_null("note").fill_null("")))
        .select(
            c.text_id("event_id", schema["event_id"]).alias("event_id"),
            fiscal_year.alias("fiscal_year"),
        )
        .drop_nulls()
        .unique(maintain_order=True)
    )
