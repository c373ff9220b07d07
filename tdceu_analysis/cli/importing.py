"""`tdceu import talentlms EXPORT --data DIR`: TalentLMS completions as records, in a file
of the import's own (`DIR/records-talentlms.csv`), which keeps every completion imported
before."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import polars as pl

from tdceu_analysis.cli.common import add_command, add_switch
from tdceu_analysis.errors import UserError
from tdceu_analysis.fiscal import fiscal_year_of_date, fy_label
from tdceu_analysis.io.talentlms import (
    MergedHistory,
    TalentImport,
    import_talentlms_file,
    marker_path,
    merge_history,
    previous_import,
    write_own_file,
)
from tdceu_analysis.policy import Policy, load_folder_policy, shipped_policy

# the import's own file in a data folder (read with the folder's other records files;
# `run_talentlms`'s docstring, the command's help, names it too)
DEFAULT_RECORDS_FILE = "records-talentlms.csv"
# how many kept completions the report names before 'and N more'
_SHOWN_KEPT = 5


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="turn an export from another system into a records file",
        description="Turn an export from another system into a records file of the data contract.",
    )
    sources = parser.add_subparsers(dest="source", metavar="SOURCE", parser_class=type(parser))
    talent = add_command(sources, "talentlms", run_talentlms)
    talent.add_argument("export", type=Path, help="the export, .csv or .xlsx")
    talent.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"records file to write (.csv); default with --data: DIR/{DEFAULT_RECORDS_FILE}",
    )
    talent.add_argument(
        "--mapping",
        type=Path,
        default=None,
        help="course mapping (talentlms_course, event_id, session, strands, hours); "
        "default: the shipped data/talentlms/course-mapping.csv",
    )
    talent.add_argument(
        "--data",
        type=Path,
        default=None,
        help="data folder whose directors.csv the users are matched to (by TalentLMS user id, "
        "login or email: the director_id or email column); the records go to "
        f"DIR/{DEFAULT_RECORDS_FILE}. Without it, the user id is the director_id",
    )
    talent.add_argument("--sheet", default=None, help="XLSX sheet name (default: the first)")
    talent.add_argument(
        "--user-column",
        dest="user_column",
        default=None,
        help="export column holding the director_id (default: User ID, login, email or user)",
    )
    talent.add_argument(
        "--date-format",
        dest="date_format",
        default=None,
        help="the TalentLMS portal's date setting: DDMMYYYY, MMDDYYYY or YYYYMMDD (or "
        "DD/MM/YYYY, ...), or a strftime format for the whole date text, e.g. "
        "'%%d/%%m/%%Y, %%H:%%M:%%S'. Needed when no date of the export proves the order "
        "(a day above 12)",
    )
    add_switch(
        talent,
        "--force",
        "add this export's completions to a file the import wrote before (every earlier "
        "completion is kept); never lets it overwrite a file it did not write",
    )
    strict_help = "fail (exit 2, nothing written) if a completed course is not in the mapping"
    add_switch(talent, "--strict", strict_help)
    parser.set_defaults(func=lambda args: _no_source(parser))


def _no_source(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _dates_written(records: pl.DataFrame, policy: Policy) -> str:
    """'dates written: 2026-10-02 (FY27) to 2026-11-20 (FY27)': a shifted year shows."""
    dates = records["date"].drop_nulls()
    if dates.is_empty():
        return ""
    first, last = (dt.date.fromisoformat(day) for day in (dates.min(), dates.max()))
    label = {day: fy_label(fiscal_year_of_date(day, policy)) for day in (first, last)}
    return f"dates written: {first} ({label[first]}) to {last} ({label[last]})"


def report(
    result: TalentImport,
    out: Path,
    history: MergedHistory | None = None,
    policy: Policy | None = None,
) -> str:
    """What a person reads after an import."""
    completed = result.rows_read - sum(result.skipped_status.values())
    lines = []
    if result.header_skipped:
        lines.append(
            f"the header is line {result.header_skipped + 1}: skipped the "
            f"{result.header_skipped} line(s) above it (a report's title and date)"
        )
    used = ", ".join(f"{name} '{column}'" for name, column in result.columns.items())
    lines.append(f"columns used: {used}")
    lines.append(
        f"read {result.rows_read} rows: {completed} completed, "
        f"{result.records.height} written to {out}"
    )
    if result.date_note:
        lines.append(result.date_note)
    if result.session_dated:
        lines.append(
            f"{result.session_dated} record(s) dated by the live session's date "
            f"('{result.columns['session_date']}'), not the completion date"
        )
    written = _dates_written(result.records, policy or shipped_policy())
    if written:
        lines.append(written)
    if history is not None and history.before:
        lines.append(
            f"{out.name} held {history.before} completion(s) from earlier imports: "
            f"{history.added} new added, {history.refreshed} refreshed from this export, "
            f"{history.records.height} in all"
        )
        if history.kept_missing.height:
            lines.append(
                f"{history.kept_missing.height} completion(s) in {out.name} are no longer in "
                "this export; kept (TalentLMS forgets a completion when a course is reset):"
            )
            shown = history.kept_missing.head(_SHOWN_KEPT)
            for director, session, day in shown.select("director_id", "session", "date").rows():
                lines.append(f"  - {director}: '{session}' on {day}")
            if history.kept_missing.height > _SHOWN_KEPT:
                lines.append(f"  - and {history.kept_missing.height - _SHOWN_KEPT} more")
    if result.skipped_status:
        skipped = ", ".join(f"{n} {status}" for status, n in result.skipped_status.items())
        lines.append(f"not completed (skipped): {skipped}")
    if result.unknown_status:
        unknown = ", ".join(f"'{status}' ({n})" for status, n in result.unknown_status.items())
        lines.append(
            f"status word(s) not in the list, not taken as completed: {unknown}; if one means "
            "completed, add it to the package's data/talentlms/status-words.csv"
        )
    if result.no_fixed_hours.height:
        lines.append(
            f"{result.no_fixed_hours.height} mapped course(s) have no fixed hours, so the time "
            "spent counts (down to the quarter hour); a live session needs its hours in the "
            "mapping:"
        )
        for course, rows in result.no_fixed_hours.iter_rows():
            lines.append(f"  - '{course}': {rows} row(s)")
    if result.unmapped.height:
        lines.append(
            f"{result.unmapped.height} course(s) not in the mapping "
            f"({result.unmapped_rows} completed rows, not written):"
        )
        for course, rows, users in result.unmapped.iter_rows():
            lines.append(f"  - '{course}': {rows} row(s), {users} user(s)")
        lines.append("  add them to the mapping file (talentlms_course, event_id, ...) to import")
    if result.unmatched_users.height:
        lines.append(
            f"{result.unmatched_users.height} user(s) not matched to one director "
            f"({int(result.unmatched_users['rows'].sum())} row(s), not written):"
        )
        for _user, _rows, where, problem in result.unmatched_users.iter_rows():
            lines.append(f"  - {problem}: line(s) {where}")
        lines.append(
            "  add the user's TalentLMS id or email to directors.csv (director_id or email), "
            "then import again with --force"
        )
    if result.problems.height:
        lines.append(f"{result.problems.height} completed row(s) could not be used:")
        for line, course, _user, problem in result.problems.iter_rows():
            lines.append(f"  - line {line} ('{course}'): {problem}")
    return "\n".join(lines)


def _target(args: argparse.Namespace) -> Path:
    if args.out is not None:
        target = args.out
    elif args.data is not None:
        target = args.data / DEFAULT_RECORDS_FILE
    else:
        raise UserError(
            f"say where to write: --data DIR (writes DIR/{DEFAULT_RECORDS_FILE} and matches "
            "users to DIR's directors) or --out FILE.csv"
        )
    if target.suffix.lower() != ".csv":
        raise UserError(f"--out must be a .csv file, not '{target.name}'")
    return target


def run_talentlms(args: argparse.Namespace) -> int:
    """a TalentLMS (ALET Talent) learning-progress export, CSV or XLSX

    Read a TalentLMS learning-progress export (one row per user and course: user, course,
    completion status, completion date, time) and write the completed courses the mapping
    knows as records, in a file of the import's own (DIR/records-talentlms.csv with --data).
    A re-import keeps every completion imported before and adds the new ones; a file the
    import did not write is never overwritten. Every course the mapping does not know is
    reported.
    """
    target = _target(args)
    # before reading the export: a file the import did not write is never touched
    previous = previous_import(target)
    if previous is not None and not args.force:
        raise UserError(
            f"{target} holds {previous.height} completion(s) from an earlier import: add "
            "--force to add this export's new ones (every earlier completion is kept)"
        )
    result = import_talentlms_file(
        args.export,
        args.mapping,
        sheet=args.sheet,
        date_format=args.date_format,
        user_column=args.user_column,
        data_folder=args.data,
    )
    policy = load_folder_policy(args.data) if args.data is not None else shipped_policy()
    if args.strict and result.unmapped.height:
        print(report(result, target, policy=policy), file=sys.stderr)
        raise UserError(
            f"{result.unmapped.height} course(s) are not in the mapping (--strict): nothing written"
        )
    history = merge_history(previous, result.records)
    # records files are also opened in spreadsheets: course titles must not run as formulas
    write_own_file(history.records, target, args.export.name)
    print(report(result, target, history, policy))
    print(f"(the import's record of what it wrote: {marker_path(target)})")
    return 0
