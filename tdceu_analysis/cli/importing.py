"""`tdceu import talentlms EXPORT --out records.csv`: TalentLMS completions as records."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tdceu_analysis.errors import UserError
from tdceu_analysis.io.talentlms import TalentImport, import_talentlms_file
from tdceu_analysis.io.write import write_csv


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="turn an export from another system into a records file",
        description="Turn an export from another system into a records file of the data contract.",
    )
    sources = parser.add_subparsers(dest="source", metavar="SOURCE", parser_class=type(parser))
    talent = sources.add_parser(
        "talentlms",
        help="a TalentLMS (ALET Talent) learning-progress export, CSV or XLSX",
        description="Read a TalentLMS learning-progress export (one row per user and course: "
        "user, course, status, completion date, time) and write the completed courses the "
        "mapping knows as records. Every course the mapping does not know is reported.",
    )
    talent.add_argument("export", type=Path, help="the export, .csv or .xlsx")
    talent.add_argument("--out", required=True, type=Path, help="records file to write (.csv)")
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
        "login or email: the director_id or email column); default: the user id is the "
        "director_id",
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
        help="strftime format of completion dates, e.g. %%d/%%m/%%Y "
        "(default: YYYY-MM-DD or US MM/DD/YYYY)",
    )
    talent.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    talent.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 2, nothing written) if a completed course is not in the mapping",
    )
    talent.set_defaults(func=run_talentlms)
    parser.set_defaults(func=lambda args: _no_source(parser))


def _no_source(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def report(result: TalentImport, out: Path) -> str:
    """What a person reads after an import."""
    completed = result.rows_read - sum(result.skipped_status.values())
    lines = [
        f"read {result.rows_read} rows: {completed} completed, "
        f"{result.records.height} written to {out}",
    ]
    if result.skipped_status:
        skipped = ", ".join(f"{n} {status}" for status, n in result.skipped_status.items())
        lines.append(f"not completed (skipped): {skipped}")
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
            "then import again"
        )
    if result.problems.height:
        lines.append(f"{result.problems.height} completed row(s) could not be used:")
        for line, course, _user, problem in result.problems.iter_rows():
            lines.append(f"  - line {line} ('{course}'): {problem}")
    return "\n".join(lines)


def run_talentlms(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() != ".csv":
        raise UserError(f"--out must be a .csv file, not '{args.out.name}'")
    if args.out.exists() and not args.force:
        raise UserError(f"{args.out} exists: choose another --out or add --force to overwrite")
    result = import_talentlms_file(
        args.export,
        args.mapping,
        sheet=args.sheet,
        date_format=args.date_format,
        user_column=args.user_column,
        data_folder=args.data,
    )
    if args.strict and result.unmapped.height:
        print(report(result, args.out), file=sys.stderr)
        raise UserError(
            f"{result.unmapped.height} course(s) are not in the mapping (--strict): nothing written"
        )
    # records.csv is also opened in spreadsheets: course titles must not run as formulas
    write_csv(result.records, args.out)
    print(report(result, args.out))
    return 0
