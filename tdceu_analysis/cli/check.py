"""`tdceu check --data DIR [--fy YEAR] [--as-of DATE] [--json]` (or `tdceu check DIR`): what is
wrong, what is odd, grouped by file.

Exit codes: 0 nothing would be rejected, 1 rows would be rejected, 2 the folder
cannot be read (a `UserError`, printed as one line by `tdceu_analysis.cli.main`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import polars as pl

from tdceu_analysis._paths import sample_folder
from tdceu_analysis.checks import CheckReport, check_folder
from tdceu_analysis.cli.common import add_command, add_data_arguments, add_switch, fy_from_args
from tdceu_analysis.errors import UserError
from tdceu_analysis.fiscal import fy_label

# How many rows of an "odd" list are printed before "... and N more" (--json has them all).
SHOWN_ROWS = 10


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(subparsers, "check", run)
    parser.add_argument(
        "folder", type=Path, nargs="?", default=None, help="the data folder (or --data DIR)"
    )
    add_data_arguments(parser, fy_required=False)
    add_switch(parser, "--json", "print the findings as JSON")


def _table(frame: pl.DataFrame, line: str) -> list[str]:
    """Up to SHOWN_ROWS rows formatted by `line` (a format string over the row's columns)."""
    shown = [f"  - {line.format(**row)}" for row in frame.head(SHOWN_ROWS).iter_rows(named=True)]
    if frame.height > SHOWN_ROWS:
        shown.append(f"  ... and {frame.height - SHOWN_ROWS} more (--json lists them all)")
    return shown


def _rows_read(report: CheckReport) -> str:
    """'districts 153, directors 160, records 5120 (records.csv, records-talentlms.csv)'."""
    parts = []
    for kind, rows in report.rows_read.items():
        files = report.files.get(kind, ())
        parts.append(f"{kind} {rows}" + (f" ({', '.join(files)})" if len(files) > 1 else ""))
    return ", ".join(parts)


def _wrong(report: CheckReport) -> list[str]:
    """The rejects, under a heading per file, each kind of reason with its lines."""
    out = [f"WRONG: {report.rejected_rows} row(s) would be rejected (left out of every count):"]
    for (file,), group in report.rejects.group_by("file", maintain_order=True):
        out.append(f"  {file}: {group['rows'].sum()} row(s)")
        for _, reason, rows, lines, example in group.iter_rows():
            out.append(f"    - {rows} row(s): {reason}; line(s) {lines}")
            if rows > 1 or example != reason:
                out.append(f"        e.g. {example}")
    return out


def describe(report: CheckReport) -> str:
    """The findings in words, wrong first (by file), then odd, with what to do."""
    out = [
        f"{report.source}: {fy_label(report.fiscal_year)} as of {report.as_of.isoformat()}; "
        f"rows read: {_rows_read(report)}",
        report.policy,
    ]
    if report.rows_read.get("records", 0) == 0:
        out.append(
            "no records yet: 'tdceu import talentlms EXPORT --data "
            f"{report.source}' writes records-talentlms.csv; type the sessions TalentLMS does "
            "not know (conferences, region meetings) into records-manual.csv"
        )
    out += (
        _wrong(report) if report.rejected_rows else ["nothing wrong: every row would be accepted"]
    )
    unknown = report.unknown_directors
    if unknown.height:
        talent = unknown.filter(pl.col("from_talentlms")).height
        out.append(
            f"{unknown.height} director_id(s) in records match no director"
            + (f" ({talent} from a TalentLMS import)" if talent else "")
            + ": add them to directors.csv, or fix the id (their rows are rejects above):"
        )
        out += _table(unknown, "'{director_id}': {rows} row(s), line(s) {lines}")
    out += [f"NOTE: {sentence}" for sentence in report.approved_lists]
    odd = [
        (
            report.vacancies,
            "vacant district(s) (fine if so; else add the director to directors.csv):",
            "{district_code} {district_name} ({region}): {vacant}",
        ),
        (
            report.no_records,
            "director(s) in the year with no record dated in it:",
            "{director_id} {name} ({district_code})",
        ),
        (
            report.not_approved,
            "event(s) with records this year but no approved row for the year (they count "
            "0 hours; add the year's row to events.csv if the event is on the approved list):",
            "{event_id}: {rows} record(s), {directors} director(s)",
        ),
        (
            report.sessions_not_approved.with_columns(
                # FY27, as fy_label writes it
                pl.format("FY{}", (pl.col("fiscal_year") % 100).cast(pl.String).str.zfill(2)).alias(
                    "year"
                )
            ),
            "session(s) in the calendar whose event has no approved row for their year "
            "(attending one counts 0 hours; add the year's row to events.csv, or drop the "
            "session):",
            "{file} line {line}: {session_id} ({event_id}, {year}) on {date}: {title}",
        ),
        (
            report.after_as_of,
            "record(s) dated after the as-of date (not counted yet; a typo in the date?):",
            "{file} line {line}: {record_id} of {director_id} on {date}",
        ),
    ]
    found_odd = False
    for frame, title, line in odd:
        if frame.height:
            found_odd = True
            out.append(f"ODD: {frame.height} {title}")
            out += _table(frame, line)
    if not found_odd and not unknown.height and not report.approved_lists:
        out.append("nothing odd")
    return "\n".join(out)


def _folder(args: argparse.Namespace) -> Path:
    if args.folder is not None and args.data is not None and args.folder != args.data:
        raise UserError(f"two data folders given ({args.folder} and --data {args.data}): give one")
    return args.data or args.folder or sample_folder()


def run(args: argparse.Namespace) -> int:
    """say what is wrong (rows that would be rejected) and what is odd in a data folder

    Read a data folder exactly as 'evaluate' does (every records file included) and say, for
    a person, what is wrong (rejected rows, under each file's name, by reason) and what is
    only odd (vacant districts, directors with no record this year, records of unknown
    directors or TalentLMS users, events and calendar sessions not approved for their year,
    a year without an approved external list or with only carried-forward rows, records
    dated after the as-of date). Exit code 0: nothing wrong; 1: rows would be rejected; 2:
    the folder cannot be read.
    """
    report = check_folder(_folder(args), fy_from_args(args), args.as_of)
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        print(describe(report))
    return report.exit_code
