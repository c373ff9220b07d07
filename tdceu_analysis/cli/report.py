"""write the state report or the at-risk list (CSV or XLSX)

Files people hand on. Formula-like text is neutralised; --redact replaces names with
director ids.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tdceu_analysis.cli.common import (
    add_command,
    add_command_group,
    add_data_arguments,
    add_out_argument,
    add_switch,
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
    add_out_argument(
        parser,
        "file to write: .xlsx (one workbook) or .csv (UTF-8 for Excel; a second sheet goes to "
        "a sibling file)",
    )
    add_switch(parser, "--redact", "replace names with director ids (for anything leaving ALET)")


def register(subparsers: argparse._SubParsersAction) -> None:
    reports = add_command_group(subparsers, "report", __doc__, "REPORT")
    state = add_command(reports, "state", run_state)
    add_data_arguments(state, fy_required=True)
    _add_output_arguments(state)
    add_switch(
        state, "--provisional", "allow a year that is still open; the file is marked PROVISIONAL"
    )
    at_risk = add_command(reports, "at-risk", run_at_risk)
    add_data_arguments(at_risk, fy_required=False)
    _add_output_arguments(at_risk)


def _report_written(export: Export, paths: list[Path]) -> None:
    print(export.heading[0])
    for line in export.heading[1:]:
        print(f"  {line}")
    print(f"wrote {', '.join(str(path) for path in paths)}")


def run_state(args: argparse.Namespace) -> int:
    """directors who met the yearly hours requirement (for ALSDE) and those who did not

    The year-end list for ALSDE's PowerSchool Learning course: directors who met the
    requirement with district and hours (ALET / external / total), and a second sheet (CSV:
    FILE-not-met.csv) with those who did not and the hours still needed. An open year is
    refused unless --provisional, and the file then says so.
    """
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
    """directors who have not met the year yet, most urgent first (for staff calls)

    Status, hours needed, days left, ALET hours still needed, external budget left, pending
    credits (assignment / evidence), CTO Academy deadline, district and region, sorted by
    urgency. Default year: the current one.
    """
    export_format(args.out)
    check_output_file(args.out)
    evaluation = evaluation_from_args(args)
    export = at_risk_export(evaluation, redact=args.redact)
    with writing(args.out):
        paths = write_export(export, args.out)
    _report_written(export, paths)
    return 0
