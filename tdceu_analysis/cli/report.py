"""`tdceu report state` and `tdceu report at-risk`: files people hand on (CSV or XLSX)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tdceu_analysis.cli.common import (
    add_data_arguments,
    check_output_file,
    evaluation_from_args,
    writing,
)
from tdceu_analysis.report.spreadsheet_export import (
    Export,
    at_risk_export,
    export_format,
    state_report,
    write_export,
)


def _add_output_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        help="file to write: .xlsx (one workbook) or .csv (UTF-8 for Excel; "
        "a second sheet goes to a sibling file)",
    )
    parser.add_argument(
        "--redact",
        action="store_true",
        help="replace names with director ids (for anything leaving ALET)",
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write the state report or the at-risk list (CSV or XLSX)",
        description="Files people hand on. Formula-like text is neutralised; "
        "--redact replaces names with director ids.",
    )
    reports = parser.add_subparsers(
        dest="report", metavar="REPORT", parser_class=type(parser), required=True
    )

    state = reports.add_parser(
        "state",
        help="directors who met the yearly hours requirement (for ALSDE) and those who did not",
        description="The year-end list for ALSDE's PowerSchool Learning course: directors who "
        "met the requirement with district and hours (ALET / external / total), and a second "
        "sheet (CSV: FILE-not-met.csv) with those who did not and the hours still needed. "
        "An open year is refused unless --provisional, and the file then says so.",
    )
    add_data_arguments(state, fy_required=True)
    _add_output_arguments(state)
    state.add_argument(
        "--provisional",
        action="store_true",
        help="allow a year that is still open; the file is marked PROVISIONAL",
    )
    state.set_defaults(func=run_state)

    at_risk = reports.add_parser(
        "at-risk",
        help="directors who have not met the year yet, most urgent first (for staff calls)",
        description="Status, hours needed, days left, ALET hours still needed, external budget "
        "left, pending credits (assignment / evidence), CTO Academy deadline, district and "
        "region, sorted by urgency. Default year: the current one.",
    )
    add_data_arguments(at_risk, fy_required=False)
    _add_output_arguments(at_risk)
    at_risk.set_defaults(func=run_at_risk)


def _report_written(export: Export, paths: list[Path]) -> None:
    print(export.heading[0])
    for line in export.heading[1:]:
        print(f"  {line}")
    print(f"wrote {', '.join(str(path) for path in paths)}")


def run_state(args: argparse.Namespace) -> int:
    export_format(args.out)  # refuse a bad file name before the work
    check_output_file(args.out)
    evaluation = evaluation_from_args(args)
    export = state_report(evaluation, provisional=args.provisional, redact=args.redact)
    with writing(args.out):
        paths = write_export(export, args.out)
    _report_written(export, paths)
    met, not_met = (export.sheet(name).height for name in ("Met", "Not met"))
    print(f"met: {met}, not met: {not_met}")
    return 0


def run_at_risk(args: argparse.Namespace) -> int:
    export_format(args.out)
    check_output_file(args.out)
    evaluation = evaluation_from_args(args)
    export = at_risk_export(evaluation, redact=args.redact)
    with writing(args.out):
        paths = write_export(export, args.out)
    _report_written(export, paths)
    return 0
